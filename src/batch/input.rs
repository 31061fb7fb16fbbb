//! Reading batch input: lines with bounded memory, and what each line asks.
//!
//! Kept free of ranking and printing so that the parser can be tested (and fuzzed) on its own:
//! every byte sequence gives a [`Line`], never a panic.

use serde_json::{Map, Value};
use std::io::{self, BufRead};

/// Lines longer than this are cut (plain text) or refused (JSON). Ranking reads at most
/// `rank::MAX_QUERY_BYTES` of a scenario anyway; the margin leaves room for JSON with choices and
/// pass-through fields. The cap bounds the memory one line can take, however long it is.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One line as read: its bytes without the line ending, cut to `MAX_LINE_BYTES`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawLine {
    /// 1-based line number in the input.
    pub number: usize,
    pub bytes: Vec<u8>,
    /// Set when the line was longer than `MAX_LINE_BYTES` and the rest was skipped.
    pub overlong: bool,
}

/// Reads lines of any length while holding at most `MAX_LINE_BYTES` of each in memory.
pub struct LineReader<R> {
    inner: R,
    number: usize,
    bytes_consumed: u64,
    limit: usize,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R) -> LineReader<R> {
        Self::with_limit(inner, MAX_LINE_BYTES)
    }

    pub fn with_limit(inner: R, limit: usize) -> LineReader<R> {
        LineReader {
            inner,
            number: 0,
            bytes_consumed: 0,
            limit,
        }
    }

    /// Input bytes consumed so far (for a progress bar).
    pub fn bytes_consumed(&self) -> u64 {
        self.bytes_consumed
    }

    /// The next line, or `None` at the end of the input. The line ending (`\n` or `\r\n`) and, on
    /// the first line, a UTF-8 byte-order mark are removed.
    pub fn next_line(&mut self) -> io::Result<Option<RawLine>> {
        let mut bytes = Vec::new();
        let mut overlong = false;
        let mut saw_anything = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            saw_anything = true;
            let (content, used, ended) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], i + 1, true),
                None => (available, available.len(), false),
            };
            let room = self.limit.saturating_sub(bytes.len());
            if content.len() > room {
                overlong = true;
            }
            bytes.extend_from_slice(&content[..content.len().min(room)]);
            self.inner.consume(used);
            self.bytes_consumed += used as u64;
            if ended {
                break;
            }
        }
        if !saw_anything {
            return Ok(None);
        }
        self.number += 1;
        // A cut line keeps its (cut) content as is: its ending was never stored.
        if !overlong && bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if self.number == 1 && bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
        }
        Ok(Some(RawLine {
            number: self.number,
            bytes,
            overlong,
        }))
    }
}

/// What one input line asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// Empty or only whitespace: skipped, counted.
    Blank,
    Question(Question),
    /// The line cannot be asked; `id` is kept when a JSON line had one, so the record can be
    /// joined back to its source.
    Invalid {
        id: Option<Value>,
        message: String,
    },
}

/// A question read from one line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Question {
    pub id: Option<Value>,
    pub text: String,
    pub choices: Vec<String>,
    /// Every other field of a JSON line, passed through untouched.
    pub extra: Map<String, Value>,
    /// The line was longer than `MAX_LINE_BYTES` and was cut.
    pub truncated: bool,
}

/// Parses one line: plain text is the scenario; a line starting with `{` is a JSON object with
/// `question`, and optionally `id` and `choices`.
pub fn parse_line(raw: &RawLine) -> Line {
    let text = match std::str::from_utf8(&raw.bytes) {
        Ok(t) => t,
        // A cut can split a character; what comes before the cut is still good.
        Err(e) if raw.overlong && e.error_len().is_none() => {
            std::str::from_utf8(&raw.bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(e) => {
            return Line::Invalid {
                id: None,
                message: format!("not valid UTF-8 (byte {})", e.valid_up_to() + 1),
            };
        }
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return if raw.overlong {
            Line::Invalid {
                id: None,
                message: format!("longer than {MAX_LINE_BYTES} bytes and blank up to there"),
            }
        } else {
            Line::Blank
        };
    }
    if trimmed.starts_with('{') {
        if raw.overlong {
            return Line::Invalid {
                id: None,
                message: format!(
                    "a JSON line must fit in {MAX_LINE_BYTES} bytes; this one is longer"
                ),
            };
        }
        return parse_json_line(trimmed);
    }
    Line::Question(Question {
        text: trimmed.to_string(),
        truncated: raw.overlong,
        ..Question::default()
    })
}

fn parse_json_line(text: &str) -> Line {
    let mut object: Map<String, Value> = match serde_json::from_str(text) {
        Ok(o) => o,
        Err(e) => {
            return Line::Invalid {
                id: None,
                message: format!("not valid JSON: {e}"),
            };
        }
    };
    let id = object.remove("id");
    let invalid = |message: String| Line::Invalid {
        id: id.clone(),
        message,
    };
    let question = match object.remove("question") {
        Some(Value::String(q)) if !q.trim().is_empty() => q.trim().to_string(),
        Some(Value::String(_)) => return invalid("field `question`: is empty".into()),
        Some(other) => {
            return invalid(format!(
                "field `question`: expected a string, found {}",
                kind_of(&other)
            ));
        }
        None => return invalid("field `question`: missing".into()),
    };
    let choices = match object.remove("choices") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut choices = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::String(c) if !c.trim().is_empty() => choices.push(c),
                    Value::String(_) => {
                        return invalid(format!("field `choices[{i}]`: is empty"));
                    }
                    other => {
                        return invalid(format!(
                            "field `choices[{i}]`: expected a string, found {}",
                            kind_of(&other)
                        ));
                    }
                }
            }
            choices
        }
        Some(other) => {
            return invalid(format!(
                "field `choices`: expected an array of strings, found {}",
                kind_of(&other)
            ));
        }
    };
    Line::Question(Question {
        id,
        text: question,
        choices,
        extra: object,
        truncated: false,
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
