//! Printing batch records: JSON Lines (one object per line), CSV or TSV (a header, then one row
//! per record). The JSON shapes are serialize-only and pinned by `tests/batch.rs`.

use super::input::Fields;
use super::{Outcome, Record, Summary};
use crate::json::{self, MatchJson, UnknownChoiceJson};
use crate::knowledge::KnowledgeBase;
use crate::rank::Match;
use serde::Serialize;
use serde_json::value::RawValue;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Tsv,
}

/// One output record of `batch --format jsonl`.
#[derive(Debug, Serialize)]
pub struct RecordJson<'a> {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a RawValue>,
    pub query: Option<&'a str>,
    /// `answered`, `no_match` or `error`.
    pub status: &'static str,
    pub truncated: bool,
    pub matches: Vec<BatchMatchJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_choices: Vec<UnknownChoiceJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'a Fields>,
    pub error: Option<&'a str>,
    /// Only for a question with several answers, as in `ask --json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pick: Option<json::PickJson<'a>>,
}

/// A match: brief by default (cheap to compute and to read), as in `ask --json` with `--explain`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BatchMatchJson<'a> {
    Brief(BriefMatchJson<'a>),
    Explained(MatchJson<'a>),
}

#[derive(Debug, Serialize)]
pub struct BriefMatchJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub score: f32,
    pub confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

fn brief_match<'a>(kb: &'a KnowledgeBase, m: &Match) -> BriefMatchJson<'a> {
    let e = &kb.entries[m.entry];
    BriefMatchJson {
        id: &e.id,
        name: &e.name,
        score: json::round(m.score),
        confidence: json::round(m.confidence),
        choice: m.choice.clone(),
    }
}

pub fn record_json<'a>(kb: &'a KnowledgeBase, record: &'a Record, explain: bool) -> RecordJson<'a> {
    let (matches, unknown_choices) = match record.outcome.answer() {
        Some(answer) => (
            answer
                .matches
                .iter()
                .map(|m| {
                    if explain {
                        BatchMatchJson::Explained(json::match_json(kb, m))
                    } else {
                        BatchMatchJson::Brief(brief_match(kb, m))
                    }
                })
                .collect(),
            answer
                .unknown_choices
                .iter()
                .map(|u| UnknownChoiceJson {
                    choice: u.choice.clone(),
                    overlap: json::round(u.overlap),
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    RecordJson {
        line: record.line,
        id: record.id.as_deref(),
        query: record.query.as_deref(),
        status: record.outcome.status(),
        truncated: record.truncated,
        matches,
        unknown_choices,
        input: (!record.extra.is_empty()).then_some(&record.extra),
        error: match &record.outcome {
            Outcome::Error(message) => Some(message),
            _ => None,
        },
        pick: match (&record.picked, record.outcome.answer()) {
            (Some(p), Some(answer)) => Some(json::pick_json(kb, answer, p)),
            _ => None,
        },
    }
}

/// Writes records in one format. Pieces of output can be rendered apart (in parallel) and joined:
/// only the first piece calls `write_header`.
pub struct RecordWriter<W: Write> {
    sink: Sink<W>,
    top: usize,
    explain: bool,
}

enum Sink<W: Write> {
    Jsonl(W),
    // Boxed: the csv writer carries its own buffer, far larger than a plain writer.
    Delimited(Box<csv::Writer<W>>),
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: Format, top: usize, explain: bool) -> RecordWriter<W> {
        let sink = match format {
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv | Format::Tsv => {
                let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
                let w = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(out);
                Sink::Delimited(Box::new(w))
            }
        };
        RecordWriter { sink, top, explain }
    }

    /// The CSV/TSV header row; nothing for JSON Lines.
    pub fn write_header(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(_) => Ok(()),
            Sink::Delimited(w) => w
                .write_record(header(self.top, self.explain))
                .map_err(csv_io),
        }
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        match self.sink {
            Sink::Jsonl(out) => Ok(out),
            Sink::Delimited(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }

    pub fn write(&mut self, kb: &KnowledgeBase, record: &Record) -> io::Result<()> {
        let json = record_json(kb, record, self.explain);
        match &mut self.sink {
            Sink::Jsonl(out) => {
                json::write(&mut *out, &json, false)?;
                out.write_all(b"\n")
            }
            Sink::Delimited(w) => w
                .write_record(row(&json, self.top, self.explain))
                .map_err(csv_io),
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(out) => out.flush(),
            Sink::Delimited(w) => w.flush(),
        }
    }
}

/// The CSV/TSV columns: the record, then `top` groups of match columns, then the rest.
pub fn header(top: usize, explain: bool) -> Vec<String> {
    let mut columns: Vec<String> = ["line", "id", "status", "query", "truncated"]
        .map(String::from)
        .into();
    for k in 1..=top {
        for field in ["id", "name", "score", "confidence", "choice"] {
            columns.push(format!("match{k}_{field}"));
        }
        if explain {
            columns.push(format!("match{k}_matched"));
            columns.push(format!("match{k}_passage"));
        }
    }
    columns.extend(["unknown_choices", "input", "error"].map(String::from));
    columns
}

/// One row; structured values (a non-string id, pass-through fields, unknown choices) are
/// written as compact JSON in their cell.
fn row(json: &RecordJson, top: usize, explain: bool) -> Vec<String> {
    let mut cells = vec![
        json.line.to_string(),
        json.id.map(cell_text).unwrap_or_default(),
        json.status.to_string(),
        json.query.unwrap_or_default().to_string(),
        json.truncated.to_string(),
    ];
    for k in 0..top {
        let m = json.matches.get(k);
        let (id, name, score, confidence, choice) = match m {
            Some(BatchMatchJson::Brief(b)) => (b.id, b.name, b.score, b.confidence, &b.choice),
            Some(BatchMatchJson::Explained(x)) => (x.id, x.name, x.score, x.confidence, &x.choice),
            None => ("", "", f32::NAN, f32::NAN, &None),
        };
        let number = |x: f32| {
            if x.is_nan() {
                String::new()
            } else {
                x.to_string()
            }
        };
        cells.extend([
            id.to_string(),
            name.to_string(),
            number(score),
            number(confidence),
            choice.clone().unwrap_or_default(),
        ]);
        if explain {
            let (matched, passage) = match m {
                Some(BatchMatchJson::Explained(x)) => (
                    x.matched_terms
                        .iter()
                        .map(|t| t.word.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    x.explanation
                        .as_ref()
                        .map(|e| e.passage.clone())
                        .unwrap_or_default(),
                ),
                _ => (String::new(), String::new()),
            };
            cells.extend([matched, passage]);
        }
    }
    cells.push(if json.unknown_choices.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = json
            .unknown_choices
            .iter()
            .map(|u| u.choice.as_str())
            .collect();
        serde_json::to_string(&names).unwrap_or_default()
    });
    cells.push(
        json.input
            .map(|m| serde_json::to_string(m).unwrap_or_default())
            .unwrap_or_default(),
    );
    cells.push(json.error.unwrap_or_default().to_string());
    cells
}

/// A JSON value in a cell: a string as its text, anything else as written.
fn cell_text(raw: &RawValue) -> String {
    serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_string())
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The end-of-run summary, for stderr.
pub fn summary(w: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    write!(
        w,
        "svcmatch: batch: {} read: {} answered, {} no match, {}, {} blank",
        plural(s.lines, "line", "lines"),
        s.answered,
        s.no_match,
        plural(s.errors, "error", "errors"),
        s.blank,
    )?;
    if s.truncated > 0 {
        write!(w, ", {} truncated", s.truncated)?;
    }
    writeln!(w)
}
