//! Reading batch input: lines with bounded memory, and what each line asks.
//!
//! Kept free of ranking and printing so that the parser can be tested (and fuzzed) on its own:
//! every byte sequence gives a [`Line`], never a panic.

use rustc_hash::FxHashMap;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;
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
#[derive(Debug, Clone)]
pub enum Line {
    /// Empty or only whitespace: skipped, counted.
    Blank,
    Question(Question),
    /// The line cannot be asked; `id` is kept when a JSON line had one, so the record can be
    /// joined back to its source.
    Invalid {
        id: Option<Box<RawValue>>,
        message: String,
    },
}

/// A question read from one line.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// The `id` of a JSON line, exactly as written.
    pub id: Option<Box<RawValue>>,
    pub text: String,
    pub choices: Vec<String>,
    /// `pick`: how many options answer the question together.
    pub pick: Option<usize>,
    /// Every other field of a JSON line, in the order written, values exactly as written.
    pub extra: Fields,
    /// The line was longer than `MAX_LINE_BYTES` and was cut.
    pub truncated: bool,
}

/// The fields of a JSON object in the order written, each value kept as its JSON text. A key
/// written twice keeps its first place and its last value, as a JSON map would.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, Box<RawValue>)>);

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields: Vec<(String, Box<RawValue>)> = Vec::new();
                let mut places: FxHashMap<String, usize> = FxHashMap::default();
                while let Some((key, value)) = map.next_entry::<String, Box<RawValue>>()? {
                    match places.get(&key) {
                        Some(&at) => fields[at].1 = value,
                        None => {
                            places.insert(key.clone(), fields.len());
                            fields.push((key, value));
                        }
                    }
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// How deeply arrays and objects nest in `text` (brackets inside strings do not count).
fn json_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
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

/// JSON nested deeper than this is refused, as serde_json refuses it when it builds values:
/// pass-through fields are kept as written, and a record too deep for the reader's own JSON
/// parser would be useless.
pub const MAX_JSON_DEPTH: usize = 128;

fn parse_json_line(text: &str) -> Line {
    if json_depth(text) > MAX_JSON_DEPTH {
        return Line::Invalid {
            id: None,
            message: format!("JSON nested deeper than {MAX_JSON_DEPTH} levels"),
        };
    }
    let mut fields: Fields = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            // serde_json says "at line 1 column C"; the line is the record's, so keep the column.
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |at| &message[..at]);
            return Line::Invalid {
                id: None,
                message: format!("not valid JSON (column {}): {message}", e.column()),
            };
        }
    };
    let id = fields.remove("id");
    // A number beyond a double's range ("1e400") is valid JSON, but no JSON reader we know of,
    // serde_json included, reads it back: echoed as given (the id, extra fields) it would make
    // an output line that does not parse (found by fuzzing `batch_line`).
    let reads_back = |raw: &RawValue| serde_json::from_str::<Value>(raw.get()).is_ok();
    let unreadable = std::iter::once(("id", id.as_deref()))
        .chain(fields.0.iter().map(|(k, v)| (k.as_str(), Some(&**v))))
        .find(|(_, raw)| raw.is_some_and(|raw| !reads_back(raw)))
        .map(|(key, _)| key.to_string());
    if let Some(key) = unreadable {
        return Line::Invalid {
            id: id.filter(|raw| reads_back(raw)),
            message: format!("field `{key}`: holds a number out of range"),
        };
    }
    let invalid = |message: String| Line::Invalid {
        id: id.clone(),
        message,
    };
    let question = match fields.remove("question").map(|raw| value_of(&raw)) {
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
    let choices = match fields.remove("choices").map(|raw| value_of(&raw)) {
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
    let pick = match fields.remove("pick").map(|raw| value_of(&raw)) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(n) if (1..=crate::pick::MAX_PICK as u64).contains(&n) => Some(n as usize),
            _ => {
                return invalid(format!(
                    "field `pick`: expected a whole number from 1 to {}, found {n}",
                    crate::pick::MAX_PICK
                ));
            }
        },
        Some(other) => {
            return invalid(format!(
                "field `pick`: expected a number, found {}",
                kind_of(&other)
            ));
        }
    };
    Line::Question(Question {
        id,
        text: question,
        choices,
        pick,
        extra: fields,
        truncated: false,
    })
}

/// A raw value that came out of a successful parse, as a `Value` (`Null` for a number out of
/// `Value`'s range, which is no string either).
fn value_of(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_all(input: &[u8], limit: usize) -> Vec<RawLine> {
        let mut reader = LineReader::with_limit(input, limit);
        let mut lines = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            lines.push(line);
        }
        assert_eq!(reader.bytes_consumed(), input.len() as u64);
        lines
    }

    fn question(line: &[u8]) -> Question {
        match parse_line(&RawLine {
            number: 1,
            bytes: line.to_vec(),
            overlong: false,
        }) {
            Line::Question(q) => q,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_number_out_of_range_is_an_error_and_never_echoed() {
        let (id, message) = invalid(br#"{"id": 7999999999999999999e993, "question": "x"}"#);
        assert_eq!(id, None);
        assert!(
            message.contains("`id`") && message.contains("out of range"),
            "{message}"
        );
        let (id, message) = invalid(br#"{"id": 7, "question": "x", "note": [1, -1e400]}"#);
        assert_eq!(id.as_deref(), Some("7"));
        assert!(message.contains("`note`"), "{message}");
        let (_, message) = invalid(br#"{"question": "x", "choices": ["a", 1e999]}"#);
        assert!(message.contains("`choices`"), "{message}");
    }

    fn invalid(line: &[u8]) -> (Option<String>, String) {
        match parse_line(&RawLine {
            number: 1,
            bytes: line.to_vec(),
            overlong: false,
        }) {
            Line::Invalid { id, message } => (id.map(|r| r.get().to_string()), message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn endings_bom_and_a_missing_last_newline() {
        let lines = read_all(b"\xEF\xBB\xBFone\r\ntwo\n\nthree", 100);
        let texts: Vec<&[u8]> = lines.iter().map(|l| l.bytes.as_slice()).collect();
        assert_eq!(texts, [&b"one"[..], b"two", b"", b"three"]);
        assert_eq!(
            lines.iter().map(|l| l.number).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert!(read_all(b"", 100).is_empty());
        assert_eq!(read_all(b"\n", 100).len(), 1);
    }

    #[test]
    fn a_byte_order_mark_after_the_first_line_is_kept() {
        let lines = read_all(b"a\n\xEF\xBB\xBFb\n", 100);
        assert_eq!(lines[1].bytes, b"\xEF\xBB\xBFb");
    }

    #[test]
    fn long_lines_are_cut_and_the_next_line_is_intact() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(b"\nnext\n");
        // A tiny buffer forces the cut to span many reads.
        let reader = io::BufReader::with_capacity(7, input.as_slice());
        let mut reader = LineReader::with_limit(reader, 100);
        let first = reader.next_line().unwrap().unwrap();
        assert_eq!(first.bytes.len(), 100);
        assert!(first.overlong);
        let second = reader.next_line().unwrap().unwrap();
        assert_eq!(
            (second.bytes.as_slice(), second.overlong),
            (&b"next"[..], false)
        );
        assert_eq!(second.number, 2);
        assert!(reader.next_line().unwrap().is_none());
    }

    #[test]
    fn a_cut_through_a_character_keeps_what_is_before_it() {
        let raw = RawLine {
            number: 1,
            bytes: "abc é".as_bytes()[..5].to_vec(),
            overlong: true,
        };
        match parse_line(&raw) {
            Line::Question(q) => {
                assert_eq!(q.text, "abc");
                assert!(q.truncated);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_json_and_invalid_lines() {
        assert_eq!(question(b"  rotate keys  ").text, "rotate keys");
        let q = question(br#"{"id": 7, "question": " who? ", "choices": ["A", "B"], "z": 1, "a": {"k": [1, 2]}}"#);
        assert_eq!(q.id.unwrap().get(), "7");
        assert_eq!(q.text, "who?");
        assert_eq!(q.choices, ["A", "B"]);
        assert_eq!(
            serde_json::to_string(&q.extra).unwrap(),
            r#"{"z":1,"a":{"k": [1, 2]}}"#,
            "other fields keep their order and text"
        );
        assert!(matches!(
            parse_line(&RawLine {
                number: 1,
                bytes: b" \t ".to_vec(),
                overlong: false
            }),
            Line::Blank
        ));
        assert!(
            invalid(b"{\"question\": ")
                .1
                .starts_with("not valid JSON (column")
        );
        assert!(
            invalid(b"bad \xff byte")
                .1
                .contains("not valid UTF-8 (byte 5)")
        );
        assert_eq!(
            invalid(br#"{"id": "x"}"#),
            (Some("\"x\"".into()), "field `question`: missing".into())
        );
        assert!(invalid(br#"{"question": 3}"#).1.contains("found a number"));
        assert!(
            invalid(br#"{"question": "q", "choices": [""]}"#)
                .1
                .contains("`choices[0]`: is empty")
        );
        assert!(
            invalid(br#"{"question": "q", "choices": "A"}"#)
                .1
                .contains("expected an array of strings")
        );
        assert!(
            question(br#"{"question": "q", "choices": null}"#)
                .choices
                .is_empty()
        );
    }

    #[test]
    fn a_key_written_twice_keeps_its_place_and_last_value() {
        let q = question(br#"{"question": "q", "a": 1, "b": 2, "a": 3}"#);
        assert_eq!(serde_json::to_string(&q.extra).unwrap(), r#"{"a":3,"b":2}"#);
    }

    proptest! {
        #[test]
        fn any_bytes_parse_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), overlong: bool) {
            let _ = parse_line(&RawLine { number: 1, bytes, overlong });
        }

        #[test]
        fn any_json_ish_line_parses_without_panic(line in r#"\{("[a-z]{1,3}": ?(1|"x"|\[\]|null|\{\}),? ?){0,4}\}?"#) {
            let _ = parse_line(&RawLine { number: 1, bytes: line.into_bytes(), overlong: false });
        }

        #[test]
        fn lines_read_back_are_the_lines_written(lines in proptest::collection::vec("[a-z ]{0,30}", 0..20)) {
            let input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
            let read: Vec<String> = read_all(input.as_bytes(), 100)
                .into_iter()
                .map(|l| String::from_utf8(l.bytes).unwrap())
                .collect();
            prop_assert_eq!(read, lines);
        }
    }
}
