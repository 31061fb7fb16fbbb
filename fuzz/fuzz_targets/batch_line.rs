//! `batch` input with arbitrary bytes: the line reader and the line parser must give a line for
//! every input (never a panic), hold at most the line limit of each line, number lines one by
//! one and consume the whole input; the first lines are also ranked and printed as JSON Lines
//! (which must parse) and TSV.
#![no_main]

#[path = "world.rs"]
mod world;

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use svcmatch::batch::answer_line;
use svcmatch::batch::input::{Line, LineReader, parse_line};
use svcmatch::batch::output::{Format, RecordWriter};
use svcmatch::rank::RankOptions;

/// Ranking costs far more than reading; only the first lines of an input are ranked.
const RANKED_LINES: usize = 2;

fuzz_target!(|data: &[u8]| {
    let w = world::world();
    let Some((&knobs, input)) = data.split_first() else {
        return;
    };
    // Small limits reach the cut-line paths with small inputs.
    let limit = 1 + usize::from(knobs) * 8;
    let mut reader = LineReader::with_limit(Cursor::new(input), limit);
    let opts = RankOptions {
        top: 1 + usize::from(knobs % 4),
        explain: knobs & 0x80 != 0,
    };
    let mut number = 0;
    let mut ranked = 0;
    while let Some(raw) = reader.next_line().expect("reading from memory never fails") {
        number += 1;
        assert_eq!(raw.number, number);
        assert!(raw.bytes.len() <= limit);
        assert!(!raw.bytes.contains(&b'\n'));
        match parse_line(&raw) {
            Line::Blank => {}
            Line::Invalid { message, .. } => assert!(!message.is_empty()),
            Line::Question(q) => {
                assert!(!q.text.trim().is_empty());
                assert!(q.choices.iter().all(|c| !c.trim().is_empty()));
            }
        }
        if ranked < RANKED_LINES
            && let Some(record) = answer_line(&w.ranker, &raw, &opts)
        {
            ranked += 1;
            let mut jsonl = RecordWriter::new(Vec::new(), Format::Jsonl, opts.top, opts.explain);
            jsonl
                .write(w.kb, &record)
                .expect("writing into memory works");
            let out = jsonl.into_inner().expect("flushing into memory works");
            let _: serde_json::Value =
                serde_json::from_slice(&out).expect("a JSON Lines record parses");
            let mut tsv = RecordWriter::new(Vec::new(), Format::Tsv, opts.top, opts.explain);
            tsv.write_header().expect("writing into memory works");
            tsv.write(w.kb, &record).expect("writing into memory works");
            tsv.into_inner().expect("flushing into memory works");
        }
    }
    assert_eq!(reader.bytes_consumed(), input.len() as u64);
});
