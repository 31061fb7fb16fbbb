//! `svcmatch batch`: many scenarios, one per line, answered in input order.
//!
//! [`input`] turns lines into questions, [`answer_line`] ranks one line into a plain [`Record`],
//! and [`output`] prints records as JSON Lines, CSV or TSV. The command (`cmd/batch.rs`) reads the
//! input in chunks and ranks each chunk in parallel.

pub mod input;
pub mod output;

use crate::rank::{Answer, MAX_QUERY_BYTES, RankOptions, Ranker};
use input::{Fields, Line, RawLine};
use serde_json::value::RawValue;

/// The answer to one input line.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line number in the input.
    pub line: usize,
    /// The `id` of a JSON line, exactly as written.
    pub id: Option<Box<RawValue>>,
    /// The scenario as asked; `None` when the line held none that could be read.
    pub query: Option<String>,
    /// Fields of a JSON line other than `id`, `question` and `choices`.
    pub extra: Fields,
    /// The line or the scenario was cut to fit the limits.
    pub truncated: bool,
    pub outcome: Outcome,
    /// For a question with several answers (`pick`, or "Choose TWO" in the question).
    pub picked: Option<crate::pick::Picked>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// A confident first match.
    Answered(Answer),
    /// Nothing matched, or nothing matched confidently; the closest candidates are kept.
    NoMatch(Answer),
    Error(String),
}

impl Outcome {
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Answered(_) => "answered",
            Outcome::NoMatch(_) => "no_match",
            Outcome::Error(_) => "error",
        }
    }

    pub fn answer(&self) -> Option<&Answer> {
        match self {
            Outcome::Answered(a) | Outcome::NoMatch(a) => Some(a),
            Outcome::Error(_) => None,
        }
    }
}

/// Parses and ranks one line; `None` for a blank line.
pub fn answer_line(ranker: &Ranker, raw: &RawLine, opts: &RankOptions) -> Option<Record> {
    let question = match input::parse_line(raw) {
        Line::Blank => return None,
        Line::Invalid { id, message } => {
            return Some(Record {
                line: raw.number,
                id,
                query: None,
                extra: Fields::default(),
                truncated: raw.overlong,
                outcome: Outcome::Error(message),
                picked: None,
            });
        }
        Line::Question(q) => q,
    };
    let pick = if question.choices.is_empty() {
        None
    } else {
        question
            .pick
            .or_else(|| crate::pick::pick_from_text(&question.text))
    };
    let mut picked = None;
    let ranked = match pick {
        None => {
            if question.choices.is_empty() {
                ranker.ask(&question.text, opts)
            } else {
                ranker.ask_choices(&question.text, &question.choices, opts)
            }
        }
        Some(n) => crate::pick::check(n, question.choices.len()).and_then(|()| {
            let all = RankOptions {
                top: question.choices.len(),
                explain: opts.explain,
            };
            let mut answer = ranker.ask_choices(&question.text, &question.choices, &all)?;
            if n > 1 {
                let p = crate::pick::pick(&mut answer, n);
                answer.matches.truncate(opts.top.max(p.n));
                picked = Some(p);
            } else {
                answer.matches.truncate(opts.top);
            }
            Ok(answer)
        }),
    };
    let (truncated, outcome) = match ranked {
        Ok(answer) => (
            question.truncated || answer.query.truncated,
            if answer.confident {
                Outcome::Answered(answer)
            } else {
                Outcome::NoMatch(answer)
            },
        ),
        Err(e) => (question.truncated, Outcome::Error(format!("{e:#}"))),
    };
    Some(Record {
        line: raw.number,
        id: question.id,
        query: Some(as_ranked(question.text)),
        extra: question.extra,
        truncated,
        outcome,
        picked,
    })
}

/// The scenario as far as ranking reads it (`MAX_QUERY_BYTES`), so that a huge line is not
/// echoed whole.
fn as_ranked(mut text: String) -> String {
    if text.len() > MAX_QUERY_BYTES {
        let mut cut = MAX_QUERY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Counts for the summary printed at the end of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: usize,
    pub answered: usize,
    pub no_match: usize,
    pub errors: usize,
    pub blank: usize,
    pub truncated: usize,
}

impl Summary {
    pub fn add(&mut self, other: &Summary) {
        self.lines += other.lines;
        self.answered += other.answered;
        self.no_match += other.no_match;
        self.errors += other.errors;
        self.blank += other.blank;
        self.truncated += other.truncated;
    }

    pub fn count(&mut self, record: &Record) {
        match record.outcome {
            Outcome::Answered(_) => self.answered += 1,
            Outcome::NoMatch(_) => self.no_match += 1,
            Outcome::Error(_) => self.errors += 1,
        }
        if record.truncated {
            self.truncated += 1;
        }
    }
}
