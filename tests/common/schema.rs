//! The JSON of one match as `ask --json` and `batch --explain` print it, pinned with
//! `deny_unknown_fields`: a field added or renamed in either output fails the tests that read it.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchedTerm {
    pub word: String,
    pub stem: String,
    pub found: String,
    pub via: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub summary: String,
    pub passage: String,
    pub source: String,
    pub highlights: Vec<[usize; 2]>,
    pub note: Option<Note>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub file: String,
    pub line: usize,
    pub text: String,
}
