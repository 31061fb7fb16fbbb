//! `svcmatch batch [FILE]`: answers one scenario per line, in parallel, printed in input order.
//!
//! The input is read in chunks of at most `CHUNK_LINES` lines and `CHUNK_BYTES` bytes; each chunk
//! is ranked on all cores and printed before the next is read, so memory stays flat however long
//! the input is.

use super::Session;
use crate::batch::input::{LineReader, RawLine};
use crate::batch::output::{self, Format, RecordWriter};
use crate::batch::{Summary, answer_line};
use crate::config::Config;
use crate::exit;
use crate::knowledge::KnowledgeBase;
use crate::rank::{RankOptions, Ranker};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::Path;

/// Large enough that the threads rarely wait on one another, small enough to keep memory flat.
const CHUNK_LINES: usize = 4096;
const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Lines per parallel task: enough to amortise scheduling, few enough to balance the cores.
const PIECE_LINES: usize = 16;

pub struct BatchOptions {
    pub format: Format,
    pub top: usize,
    pub explain: bool,
}

pub fn run(config: &Config, file: Option<&Path>, opts: &BatchOptions) -> Result<u8> {
    if opts.top == 0 {
        bail!("--top must be at least 1");
    }
    let from_file = file.filter(|p| *p != Path::new("-"));
    let (input, input_len): (Box<dyn BufRead>, Option<u64>) = match from_file {
        Some(path) => {
            let f = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
            let len = f.metadata().ok().map(|m| m.len());
            (Box::new(BufReader::with_capacity(256 * 1024, f)), len)
        }
        None => (Box::new(io::stdin().lock()), None),
    };
    let label = from_file.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());

    let session = Session::load(config)?;
    let index = session.open_index(config)?;
    let ranker = Ranker::new(&session.kb, &index);
    let rank_opts = RankOptions {
        top: opts.top,
        explain: opts.explain,
    };

    let progress = progress_bar(input_len.filter(|_| io::stderr().is_terminal()));
    let mut reader = LineReader::new(input);
    let mut out = BufWriter::with_capacity(256 * 1024, io::stdout().lock());
    RecordWriter::new(&mut out, opts.format, opts.top, opts.explain).write_header()?;
    let mut summary = Summary::default();
    loop {
        let chunk = read_chunk(&mut reader).with_context(|| format!("{label}: cannot read"))?;
        if chunk.is_empty() {
            break;
        }
        // Ranking and rendering both run in parallel, a piece of the chunk per task; the pieces
        // come back in input order and are written as they are.
        let pieces: Vec<io::Result<(Vec<u8>, Summary)>> = chunk
            .par_chunks(PIECE_LINES)
            .map(|lines| render_piece(&ranker, &session.kb, lines, &rank_opts, opts.format))
            .collect();
        for piece in pieces {
            let (bytes, counts) = piece?;
            out.write_all(&bytes)?;
            summary.add(&counts);
        }
        if let Some(bar) = &progress {
            bar.set_position(reader.bytes_consumed());
        }
    }
    out.flush()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    output::summary(&mut io::stderr().lock(), &summary)?;
    Ok(if summary.errors > 0 {
        exit::ERROR
    } else {
        exit::ANSWERED
    })
}

/// Ranks and renders a few consecutive lines.
fn render_piece(
    ranker: &Ranker,
    kb: &KnowledgeBase,
    lines: &[RawLine],
    rank_opts: &RankOptions,
    format: Format,
) -> io::Result<(Vec<u8>, Summary)> {
    let mut counts = Summary::default();
    let mut writer = RecordWriter::new(Vec::new(), format, rank_opts.top, rank_opts.explain);
    for raw in lines {
        counts.lines += 1;
        match answer_line(ranker, raw, rank_opts) {
            Some(record) => {
                counts.count(&record);
                writer.write(kb, &record)?;
            }
            None => counts.blank += 1,
        }
    }
    Ok((writer.into_inner()?, counts))
}

fn read_chunk<R: BufRead>(reader: &mut LineReader<R>) -> io::Result<Vec<RawLine>> {
    let mut chunk = Vec::with_capacity(CHUNK_LINES);
    let mut bytes = 0;
    while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
        match reader.next_line()? {
            Some(line) => {
                bytes += line.bytes.len();
                chunk.push(line);
            }
            None => break,
        }
    }
    Ok(chunk)
}

/// A byte-based progress bar on stderr, only for a file read while stderr is a terminal.
fn progress_bar(file_len: Option<u64>) -> Option<ProgressBar> {
    let len = file_len?;
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}

pub fn format(arg: crate::cli::BatchFormat) -> Format {
    match arg {
        crate::cli::BatchFormat::Jsonl => Format::Jsonl,
        crate::cli::BatchFormat::Csv => Format::Csv,
        crate::cli::BatchFormat::Tsv => Format::Tsv,
    }
}
