//! Machine output: serialize-only types, kept apart from the ranking types so that the JSON
//! schema changes only on purpose. `tests/json_schema.rs` pins it with `deny_unknown_fields`.
//!
//! The schema is documented in the README ("JSON output").

use crate::index::PassageSource;
use crate::knowledge::KnowledgeBase;
use crate::model::{Contrast, Entry, NoteQuote, Text};
use crate::rank::{Answer, Match};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AskJson<'a> {
    pub query: &'a str,
    /// False when the first answer is below the confidence threshold.
    pub confident: bool,
    pub truncated: bool,
    pub interpretations: Vec<InterpretationJson>,
    pub matches: Vec<MatchJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_choices: Vec<UnknownChoiceJson>,
    pub contrast: Option<ContrastJson<'a>>,
    /// For a question with several answers: how many, the chance that the set is right, and
    /// the set (the first `n` matches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pick: Option<PickJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PickJson<'a> {
    pub n: usize,
    pub set_confidence: f32,
    pub chosen: Vec<&'a str>,
}

/// The `pick` object of a picked answer (whose first `n` matches are the set).
pub fn pick_json<'a>(
    kb: &'a KnowledgeBase,
    answer: &Answer,
    picked: &crate::pick::Picked,
) -> PickJson<'a> {
    PickJson {
        n: picked.n,
        set_confidence: round(picked.set_confidence),
        chosen: answer
            .matches
            .iter()
            .take(picked.n)
            .map(|m| kb.entries[m.entry].id.as_ref())
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct InterpretationJson {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MatchJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub domain: &'static str,
    pub score: f32,
    pub confidence: f32,
    pub matched_terms: Vec<MatchedTermJson>,
    pub explanation: Option<ExplanationJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MatchedTermJson {
    pub word: String,
    pub stem: String,
    pub found: String,
    pub via: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ExplanationJson<'a> {
    pub summary: &'a str,
    pub passage: String,
    pub source: &'static str,
    pub highlights: Vec<[usize; 2]>,
    pub note: Option<NoteJson>,
}

#[derive(Debug, Serialize)]
pub struct NoteJson {
    pub file: String,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct UnknownChoiceJson {
    pub choice: String,
    pub overlap: f32,
}

#[derive(Debug, Serialize)]
pub struct ContrastJson<'a> {
    pub first: &'a str,
    pub second: &'a str,
    pub text: String,
}

pub fn passage_source(source: PassageSource) -> &'static str {
    match source {
        PassageSource::Summary => "summary",
        PassageSource::UseCase(_) => "use_case",
        PassageSource::Description(_) => "description",
        PassageSource::Note(_) => "note",
    }
}

/// Rounds to 4 decimals, so that output is stable and readable.
pub fn round(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn note(q: &NoteQuote) -> NoteJson {
    NoteJson {
        file: q.file.clone(),
        line: q.line,
        text: q.text.clone(),
    }
}

pub fn match_json<'a>(kb: &'a KnowledgeBase, m: &Match) -> MatchJson<'a> {
    let e = &kb.entries[m.entry];
    MatchJson {
        id: &e.id,
        name: &e.name,
        kind: e.kind.as_str(),
        domain: e.domain.as_str(),
        score: round(m.score),
        confidence: round(m.confidence),
        matched_terms: m
            .matched_terms
            .iter()
            .map(|t| MatchedTermJson {
                word: t.word.clone(),
                stem: t.stem.clone(),
                found: t.found.clone(),
                via: t.origin.as_str(),
            })
            .collect(),
        explanation: m.explanation.as_ref().map(|x| ExplanationJson {
            summary: &e.summary,
            passage: x.passage.clone(),
            source: passage_source(x.source),
            highlights: x.highlights.iter().map(|r| [r.start, r.end]).collect(),
            note: x.note.as_ref().map(note),
        }),
        choice: m.choice.clone(),
    }
}

pub fn ask_json<'a>(kb: &'a KnowledgeBase, query: &'a str, answer: &Answer) -> AskJson<'a> {
    AskJson {
        query,
        confident: answer.confident,
        truncated: answer.query.truncated,
        interpretations: answer
            .query
            .interpretations
            .iter()
            .map(|i| InterpretationJson {
                from: i.from.clone(),
                to: i.to.clone(),
                kind: i.origin.as_str(),
            })
            .collect(),
        matches: answer.matches.iter().map(|m| match_json(kb, m)).collect(),
        unknown_choices: answer
            .unknown_choices
            .iter()
            .map(|u| UnknownChoiceJson {
                choice: u.choice.clone(),
                overlap: round(u.overlap),
            })
            .collect(),
        contrast: answer.contrast.as_ref().map(|(a, b, text)| ContrastJson {
            first: &kb.entries[*a].id,
            second: &kb.entries[*b].id,
            text: text.clone(),
        }),
        pick: None,
    }
}

/// `show --json`: the whole entry, and the user's notes for it.
#[derive(Debug, Serialize)]
pub struct CardJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [Text],
    pub kind: &'static str,
    pub category: &'a str,
    pub domain: &'static str,
    pub part_of: Option<&'a str>,
    pub summary: &'a str,
    pub description: &'a str,
    pub use_cases: &'a [Text],
    pub keywords: &'a [Text],
    pub related: &'a [Text],
    pub contrasts: &'a [Contrast],
    pub note: Option<&'a str>,
    pub user_notes: Vec<NoteJson>,
}

pub fn card_json<'a>(e: &'a Entry, notes: &[NoteQuote]) -> CardJson<'a> {
    CardJson {
        id: &e.id,
        name: &e.name,
        aliases: &e.aliases,
        kind: e.kind.as_str(),
        category: &e.category,
        domain: e.domain.as_str(),
        part_of: e.part_of.as_deref(),
        summary: &e.summary,
        description: &e.description,
        use_cases: &e.use_cases,
        keywords: &e.keywords,
        related: &e.related,
        contrasts: &e.contrasts,
        note: e.note.as_deref(),
        user_notes: notes.iter().map(note).collect(),
    }
}

/// `list --json`.
#[derive(Debug, Serialize)]
pub struct ListJson<'a> {
    pub count: usize,
    pub entries: Vec<ListEntryJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ListEntryJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub domain: &'static str,
    pub category: &'a str,
    pub summary: &'a str,
}

pub fn list_json<'a>(entries: &[&'a Entry]) -> ListJson<'a> {
    ListJson {
        count: entries.len(),
        entries: entries
            .iter()
            .map(|e| ListEntryJson {
                id: &e.id,
                name: &e.name,
                kind: e.kind.as_str(),
                domain: e.domain.as_str(),
                category: &e.category,
                summary: &e.summary,
            })
            .collect(),
    }
}

/// Writes `value` as JSON (pretty or one line) in which the characters `text::sanitize`
/// neutralises are escaped too. serde_json escapes C0 controls, but JSON allows DEL, the C1
/// controls (U+009B is a CSI) and bidirectional overrides raw, and a terminal showing the output
/// may act on them. The escaped text decodes to the same value.
pub fn write<W: std::io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        let formatter = Escaping(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            writer, formatter,
        ))
    } else {
        let formatter = Escaping(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            writer, formatter,
        ))
    }
}

/// A formatter that escapes what `text::is_unsafe` flags and serde_json leaves raw; the layout
/// is the inner formatter's.
struct Escaping<F>(F);

impl<F> Escaping<F> {
    fn escaped<W: ?Sized + std::io::Write>(
        writer: &mut W,
        text: &str,
        mut plain: impl FnMut(&mut W, &str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c >= '\u{7f}' && crate::text::is_unsafe(c) {
                plain(writer, &text[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        plain(writer, &text[start..])
    }
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        Self::escaped(writer, fragment, |w, s| w.write_all(s.as_bytes()))
    }

    /// Raw values (a batch line's pass-through fields) are valid JSON, where these characters can
    /// only stand inside strings: escaping them there keeps the value.
    fn write_raw_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        Self::escaped(writer, fragment, |w, s| w.write_all(s.as_bytes()))
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}
