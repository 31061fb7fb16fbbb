//! Loading and checking the knowledge base: the embedded default or a directory given by the user.
//!
//! A knowledge-base directory holds `kb/*.json` (each a JSON array of entries), and optionally
//! `synonyms.json`, `stopwords.json` and `answer-types.json`; the embedded default is the crate's own `data/`.

use crate::model::{Contrast, Domain, Entry, Kind, NoteQuote, Text};
use crate::resolve::NameIndex;
use anyhow::{Context, Result, anyhow, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));
}

/// An embedded entry as `build.rs` writes it: the fields of [`Entry`], borrowed from the binary.
pub(crate) struct RawEntry {
    id: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    category: &'static str,
    domain: Domain,
    part_of: Option<&'static str>,
    summary: &'static str,
    description: &'static str,
    use_cases: &'static [&'static str],
    keywords: &'static [&'static str],
    related: &'static [&'static str],
    contrasts: &'static [(&'static str, &'static str)],
    note: Option<&'static str>,
}

impl RawEntry {
    fn to_entry(&self) -> Entry {
        let strings = |v: &'static [&'static str]| v.iter().map(|&s| Text::Borrowed(s)).collect();
        Entry {
            id: self.id.into(),
            name: self.name.into(),
            aliases: strings(self.aliases),
            kind: self.kind,
            category: self.category.into(),
            domain: self.domain,
            part_of: self.part_of.map(Into::into),
            summary: self.summary.into(),
            description: self.description.into(),
            use_cases: strings(self.use_cases),
            keywords: strings(self.keywords),
            related: strings(self.related),
            contrasts: self
                .contrasts
                .iter()
                .map(|(with, text)| Contrast {
                    with: Text::Borrowed(with),
                    text: Text::Borrowed(text),
                })
                .collect(),
            note: self.note.map(Into::into),
        }
    }
}

/// The embedded entries, from `build.rs`'s literals when it could read every file: no JSON to
/// parse at start-up. They were read with the same model; `check_entry` runs on them in debug
/// builds and in the test that compares them with the JSON (`prebuilt_entries_are_the_json`).
fn prebuilt_entries() -> Option<Result<Vec<Entry>>> {
    let raw = embedded::PREBUILT?;
    let entries: Vec<Entry> = raw.iter().map(RawEntry::to_entry).collect();
    if cfg!(debug_assertions) {
        for e in &entries {
            if let Err(err) = check_entry(e) {
                return Some(Err(anyhow!("embedded entry {:?}: {err}", e.id)));
            }
        }
    }
    Some(Ok(entries))
}

/// The joined names of the embedded entries (`name_words::push_joined_names`), as `build.rs`
/// computed them, for the ranker's name table.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PrebuiltNames {
    /// Every joined name, one after the other.
    pub text: &'static str,
    /// `(entry, start, end)` of each name in `text`, in order.
    pub names: &'static [(u32, u32, u32)],
    /// The positions of `names` by first word, second word and position
    /// (`name_words::name_order`).
    pub order: &'static [u32],
    /// `(start, len, from, to)` of each distinct first word (`name_words::first_word_index`).
    pub firsts: &'static [(u32, u32, u32, u32)],
    /// The hash table over `firsts` (`name_words::first_word_slots`).
    pub slots: &'static [u32],
    /// How many entries they cover (all the embedded ones).
    pub entries: usize,
}

/// The stems of the embedded synonym phrases and answer-type cues, as `build.rs` computed them
/// (`stem_word`), by group and by type, phrase by phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PrebuiltStems {
    pub synonyms: &'static [&'static [&'static [&'static str]]],
    pub cues: &'static [&'static [&'static [&'static str]]],
}

/// Where the knowledge base comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The copy of `data/` compiled into the binary.
    Embedded,
    /// A directory with the same layout as `data/`.
    Dir(PathBuf),
}

/// Groups of phrases that mean the same thing, expanded at query time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    #[serde(rename = "_comment", default, skip_serializing)]
    _comment: Option<String>,
    pub groups: Vec<Vec<String>>,
}

/// What a question can ask for (`answer-types.json`): a support plan, an S3 storage class, a
/// pillar … named by cues, with the entries that answer it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerTypesFile {
    #[serde(rename = "_comment", default)]
    _comment: Option<String>,
    types: Vec<AnswerTypeSpec>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerTypeSpec {
    name: String,
    cues: Vec<String>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
}

/// One answer type with its members resolved to entry indexes.
#[derive(Debug, Clone, Default)]
pub struct AnswerType {
    pub name: String,
    /// Phrases that name the type in a question, as written (the ranker stems them).
    pub cues: Vec<String>,
    /// The entries of this type, in knowledge-base order.
    pub members: Vec<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StopWords {
    #[serde(rename = "_comment", default)]
    _comment: Option<String>,
    words: Vec<String>,
}

/// The loaded knowledge base: entries, query vocabulary, and the user's notes attached to entries.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub entries: Vec<Entry>,
    pub synonyms: Synonyms,
    pub stop_words: Vec<String>,
    /// What questions can ask for, and the entries that answer each.
    pub answer_types: Vec<AnswerType>,
    /// The user's note passages, by entry index (parallel to `entries`).
    pub notes: Vec<Vec<NoteQuote>>,
    /// Each entry's index by id. FxHash: the ids are our own, and hashing each `related` and
    /// `contrasts` id with SipHash was a visible part of loading.
    by_id: FxHashMap<Text, usize>,
    /// The index of each entry's parent (`part_of`), parallel to `entries`.
    pub parents: Vec<Option<usize>>,
    /// Hash of everything the index is built from; a change means the index is stale.
    fingerprint_input: Vec<u8>,
    /// The entries' names arranged for `resolve`, built on first use; adding an entry drops it.
    pub(crate) names: OnceLock<NameIndex>,
    /// How many of the first entries are the embedded ones `build.rs` wrote (all of them, or
    /// none): what it computed from them holds for these.
    prebuilt: usize,
}

impl KnowledgeBase {
    /// Loads the knowledge base from `source`, checking every entry.
    pub fn load(source: &DataSource) -> Result<KnowledgeBase> {
        let prebuilt = match source {
            DataSource::Embedded => prebuilt_entries().transpose()?,
            DataSource::Dir(_) => None,
        };
        let prebuilt_len = prebuilt.as_ref().map_or(0, Vec::len);
        let files = match source {
            DataSource::Embedded => embedded_files(prebuilt.is_none()),
            DataSource::Dir(dir) => dir_files(dir)?,
        };
        let entries = match prebuilt {
            Some(entries) => entries,
            None => {
                // Parsing is most of a single question's start-up: the files are parsed in
                // parallel, and joined in their own order.
                let parsed: Vec<Result<Vec<Entry>>> = files
                    .kb
                    .par_iter()
                    .map(|(name, text)| parse_entries(name, text))
                    .collect();
                let mut entries = Vec::new();
                for file in parsed {
                    entries.extend(file?);
                }
                entries
            }
        };
        let synonyms = match &files.synonyms {
            Some((name, text)) => parse_json::<Synonyms>(name, text)?,
            None => Synonyms::default(),
        };
        let stop_words = match &files.stop_words {
            Some((name, text)) => parse_json::<StopWords>(name, text)?.words,
            None => {
                let (name, text) = embedded::STOPWORDS;
                parse_json::<StopWords>(name, text)?.words
            }
        };
        let mut kb = KnowledgeBase::from_entries(entries)?;
        kb.prebuilt = prebuilt_len;
        kb.synonyms = synonyms;
        kb.stop_words = stop_words;
        if let Some((name, text)) = &files.answer_types {
            kb.answer_types = kb.resolve_answer_types(name, parse_json(name, text)?)?;
        }
        kb.fingerprint_input = match source {
            // Computed by build.rs: hashing the data at every start costs more than answering.
            DataSource::Embedded => embedded::FINGERPRINT.to_vec(),
            DataSource::Dir(_) => digest(&files),
        };
        Ok(kb)
    }

    /// Checks that every member and category of every answer type exists, and resolves them.
    fn resolve_answer_types(&self, file: &str, spec: AnswerTypesFile) -> Result<Vec<AnswerType>> {
        let mut out = Vec::with_capacity(spec.types.len());
        for (n, t) in spec.types.into_iter().enumerate() {
            let at = || format!("{file}: type {} ({:?})", n + 1, t.name);
            if t.cues.iter().all(|c| c.trim().is_empty()) {
                bail!("{}: field `cues` has no cue", at());
            }
            let mut members = Vec::new();
            for id in &t.members {
                match self.by_id.get(id.as_str()) {
                    Some(&i) => members.push(i),
                    None => bail!("{}: field `members` names unknown id {id:?}", at()),
                }
            }
            for category in &t.categories {
                let before = members.len();
                members.extend(
                    (0..self.entries.len()).filter(|&i| &self.entries[i].category == category),
                );
                if members.len() == before {
                    bail!(
                        "{}: field `categories`: no entry has category {category:?}",
                        at()
                    );
                }
            }
            members.sort_unstable();
            members.dedup();
            out.push(AnswerType {
                name: t.name,
                cues: t.cues,
                members,
            });
        }
        Ok(out)
    }

    /// Builds a knowledge base from entries already in memory, checking them.
    pub fn from_entries(entries: Vec<Entry>) -> Result<KnowledgeBase> {
        let mut by_id = FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            if by_id.insert(e.id.clone(), i).is_some() {
                bail!("entry {:?}: the id is used twice", e.id);
            }
        }
        let mut parents = Vec::with_capacity(entries.len());
        for e in &entries {
            parents.push(match &e.part_of {
                None => None,
                Some(p) if p == &e.id => {
                    bail!("entry {:?}: field `part_of` names the entry itself", e.id)
                }
                Some(p) => match by_id.get(p) {
                    Some(&i) => Some(i),
                    None => bail!("entry {:?}: field `part_of` names unknown id {p:?}", e.id),
                },
            });
        }
        for (i, e) in entries.iter().enumerate() {
            // A chain of parents must end: a cycle would make "the service this is part of"
            // meaningless.
            let mut at = parents[i];
            for _ in 0..entries.len() {
                match at {
                    Some(p) if p == i => bail!("entry {:?}: field `part_of` makes a cycle", e.id),
                    Some(p) => at = parents[p],
                    None => break,
                }
            }
        }
        for e in &entries {
            for r in &e.related {
                if !by_id.contains_key(r) {
                    bail!("entry {:?}: field `related` names unknown id {r:?}", e.id);
                }
            }
            for c in &e.contrasts {
                if !by_id.contains_key(&c.with) {
                    bail!(
                        "entry {:?}: field `contrasts` names unknown id {:?}",
                        e.id,
                        c.with
                    );
                }
                if c.with == e.id {
                    bail!(
                        "entry {:?}: field `contrasts` contrasts the entry with itself",
                        e.id
                    );
                }
            }
        }
        let notes = vec![Vec::new(); entries.len()];
        Ok(KnowledgeBase {
            entries,
            notes,
            by_id,
            parents,
            ..KnowledgeBase::default()
        })
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries that are part of `whole` (`part_of`), in knowledge-base order.
    pub fn parts_of(&self, whole: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(move |&i| self.parents[i] == Some(whole))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The joined names of the embedded entries as `build.rs` computed them, when this
    /// knowledge base starts with those entries.
    pub(crate) fn prebuilt_names(&self) -> Option<PrebuiltNames> {
        embedded::PREBUILT_NAMES.filter(|_| self.prebuilt > 0)
    }

    /// The stems of the embedded synonyms and answer-type cues as `build.rs` computed them, when
    /// this knowledge base uses the embedded ones.
    pub(crate) fn prebuilt_stems(&self) -> Option<PrebuiltStems> {
        embedded::PREBUILT_STEMS.filter(|_| self.prebuilt > 0)
    }

    /// Adds an entry made from the user's notes (kind `note`).
    pub fn push_note_entry(&mut self, entry: Entry, quotes: Vec<NoteQuote>) {
        self.by_id.insert(entry.id.clone(), self.entries.len());
        self.parents.push(None);
        self.entries.push(entry);
        self.notes.push(quotes);
        self.names = OnceLock::new();
    }

    /// Attaches a passage of the user's notes to an existing entry.
    pub fn attach_note(&mut self, entry: usize, quote: NoteQuote) {
        self.notes[entry].push(quote);
    }

    /// Mixes more input (the user's notes) into the fingerprint.
    pub fn add_to_fingerprint(&mut self, bytes: &[u8]) {
        let mut hasher = Sha256::new();
        hasher.update(&self.fingerprint_input);
        hasher.update(bytes);
        self.fingerprint_input = hasher.finalize().to_vec();
    }

    /// A hex digest of the data the index is built from.
    pub fn fingerprint(&self) -> String {
        self.fingerprint_input
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The contrast between two entries, from either side.
    pub fn contrast(&self, a: &str, b: &str) -> Option<&str> {
        self.get(a)
            .and_then(|e| e.contrast_with(b))
            .or_else(|| self.get(b).and_then(|e| e.contrast_with(a)))
            .map(|c| c.text.as_ref())
    }
}

/// Hash of everything the index is built from: each knowledge-base file's name and contents, then
/// the synonyms (build.rs computes the same for the embedded data).
fn digest(files: &SourceFiles) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for (name, text) in &files.kb {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    if let Some((_, text)) = &files.synonyms {
        hasher.update(text.as_bytes());
    }
    hasher.finalize().to_vec()
}

struct SourceFiles {
    kb: Vec<(String, String)>,
    synonyms: Option<(String, String)>,
    stop_words: Option<(String, String)>,
    answer_types: Option<(String, String)>,
}

/// The embedded files; the knowledge-base files only `with_kb` (not needed when the entries are
/// prebuilt: the fingerprint of the embedded data is computed by build.rs).
fn embedded_files(with_kb: bool) -> SourceFiles {
    SourceFiles {
        kb: if with_kb {
            embedded::KB_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect()
        } else {
            Vec::new()
        },
        synonyms: Some((
            embedded::SYNONYMS.0.to_string(),
            embedded::SYNONYMS.1.to_string(),
        )),
        stop_words: Some((
            embedded::STOPWORDS.0.to_string(),
            embedded::STOPWORDS.1.to_string(),
        )),
        answer_types: Some((
            embedded::ANSWER_TYPES.0.to_string(),
            embedded::ANSWER_TYPES.1.to_string(),
        )),
    }
}

fn dir_files(dir: &Path) -> Result<SourceFiles> {
    let kb_dir = dir.join("kb");
    let listing = fs::read_dir(&kb_dir).with_context(|| {
        format!(
            "{}: cannot read the knowledge-base directory",
            kb_dir.display()
        )
    })?;
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!(
            "{}: no .json files in the knowledge-base directory",
            kb_dir.display()
        );
    }
    let mut kb = Vec::with_capacity(paths.len());
    for p in paths {
        kb.push((p.display().to_string(), read_text(&p)?));
    }
    let optional = |name: &str| -> Result<Option<(String, String)>> {
        let p = dir.join(name);
        if p.exists() {
            Ok(Some((p.display().to_string(), read_text(&p)?)))
        } else {
            Ok(None)
        }
    };
    Ok(SourceFiles {
        kb,
        synonyms: optional("synonyms.json")?,
        stop_words: optional("stopwords.json")?,
        answer_types: optional("answer-types.json")?,
    })
}

/// A file's text, without the byte-order mark some Windows editors put first (JSON forbids it).
fn read_text(path: &Path) -> Result<String> {
    let bytes = crate::limits::read_file_limited(path, crate::limits::MAX_INPUT_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{}: not valid UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        anyhow!(
            "{name}:{}: field `{}`: {}",
            inner.line(),
            e.path(),
            strip_position(&inner.to_string())
        )
    })
}

/// Parses one knowledge-base file, naming the file, the record and the field of any error.
/// `name` only labels messages: this reads no file, so it can be fuzzed.
pub fn parse_entries(name: &str, text: &str) -> Result<Vec<Entry>> {
    // A well-formed file (the usual case) parses straight into entries; only a file with an
    // error goes the slower way that names the record and the field.
    if let Ok(entries) = serde_json::from_str::<Vec<Entry>>(text) {
        for (n, entry) in entries.iter().enumerate() {
            check_entry(entry)
                .map_err(|e| anyhow!("{name}: entry {} (id {:?}): {e}", n + 1, entry.id))?;
        }
        return Ok(entries);
    }
    let records: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        anyhow!(
            "{name}:{}: not a JSON array of entries: {}",
            e.line(),
            strip_position(&e.to_string())
        )
    })?;
    let mut entries = Vec::with_capacity(records.len());
    for (n, record) in records.into_iter().enumerate() {
        let label = match record.get("id").and_then(|v| v.as_str()) {
            Some(id) => format!("{name}: entry {} (id {id:?})", n + 1),
            None => format!("{name}: entry {}", n + 1),
        };
        let entry: Entry = serde_path_to_error::deserialize(record).map_err(|e| {
            let path = e.path().to_string();
            let msg = strip_position(&e.into_inner().to_string());
            if path == "." {
                anyhow!("{label}: {msg}")
            } else {
                anyhow!("{label}: field `{path}`: {msg}")
            }
        })?;
        check_entry(&entry).map_err(|e| anyhow!("{label}: {e}"))?;
        entries.push(entry);
    }
    Ok(entries)
}

fn check_entry(e: &Entry) -> Result<()> {
    let slug_ok = !e.id.is_empty()
        && e.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        bail!(
            "field `id`: {:?} is not a slug (lowercase letters, digits, '-')",
            e.id
        );
    }
    for (field, value) in [
        ("name", &e.name),
        ("category", &e.category),
        ("summary", &e.summary),
        ("description", &e.description),
    ] {
        if value.trim().is_empty() {
            bail!("field `{field}`: must not be empty");
        }
    }
    if e.kind == Kind::Note {
        bail!("field `kind`: `note` is reserved for entries made from the user's notes");
    }
    let min_use_cases = if e.kind == Kind::Service { 3 } else { 1 };
    if e.use_cases.len() < min_use_cases {
        bail!(
            "field `use_cases`: a {} needs at least {min_use_cases} use cases, found {}",
            e.kind,
            e.use_cases.len()
        );
    }
    for (field, list) in [
        ("aliases", &e.aliases),
        ("use_cases", &e.use_cases),
        ("keywords", &e.keywords),
    ] {
        if let Some(i) = list.iter().position(|s| s.trim().is_empty()) {
            bail!("field `{field}[{i}]`: must not be empty");
        }
    }
    check_printable(e)
}

/// Entry text is printed as it is, so it must hold no control characters (an escape sequence in a
/// knowledge base given with `--data` could rewrite the screen) and no bidirectional overrides.
/// Line breaks and tabs are allowed.
fn check_printable(e: &Entry) -> Result<()> {
    // Labels are only written out for the text at fault: this runs on every entry at every start.
    let unsafe_char = |text: &str| {
        // Every unsafe character is an ASCII control, DEL, or starts with the byte 0xC2 (C1
        // controls) or 0xE2 (bidirectional controls); a text with none of these bytes (nearly
        // all) is safe, and checking bytes is much faster than decoding characters.
        let suspect =
            |b: u8| (b < b' ' && b != b'\n' && b != b'\t') || matches!(b, 0x7f | 0xc2 | 0xe2);
        // Without an early exit, so that the compiler checks many bytes per instruction.
        if !text
            .as_bytes()
            .chunks(64)
            .any(|chunk| chunk.iter().fold(false, |found, &b| found | suspect(b)))
        {
            return None;
        }
        text.chars()
            .find(|c| !matches!(c, '\n' | '\t') && crate::text::is_unsafe(*c))
    };
    let fail = |field: String, c: char| {
        anyhow!(
            "field `{field}`: holds the control character {}, which cannot be printed safely",
            c.escape_unicode()
        )
    };
    for (field, text) in [
        ("name", &e.name),
        ("category", &e.category),
        ("summary", &e.summary),
        ("description", &e.description),
    ]
    .into_iter()
    .chain(e.note.iter().map(|note| ("note", note)))
    {
        if let Some(c) = unsafe_char(text) {
            return Err(fail(field.to_string(), c));
        }
    }
    for (field, list) in [
        ("aliases", &e.aliases),
        ("use_cases", &e.use_cases),
        ("keywords", &e.keywords),
        ("related", &e.related),
    ] {
        for (i, text) in list.iter().enumerate() {
            if let Some(c) = unsafe_char(text) {
                return Err(fail(format!("{field}[{i}]"), c));
            }
        }
    }
    for (i, contrast) in e.contrasts.iter().enumerate() {
        if let Some(c) = unsafe_char(&contrast.text) {
            return Err(fail(format!("contrasts[{i}].text"), c));
        }
    }
    Ok(())
}

/// serde_json appends " at line L column C"; we report the line ourselves.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_time_fingerprint_is_the_digest_of_the_embedded_data() {
        assert_eq!(
            digest(&embedded_files(true)),
            embedded::FINGERPRINT.to_vec()
        );
    }

    /// The entries a release binary starts with (build.rs's literals, unchecked) are exactly what
    /// parsing and checking the embedded JSON gives.
    #[test]
    fn prebuilt_entries_are_the_json() {
        let prebuilt: Vec<Entry> = embedded::PREBUILT
            .expect("build.rs read every knowledge-base file")
            .iter()
            .map(RawEntry::to_entry)
            .collect();
        let mut parsed = Vec::new();
        for (name, text) in embedded::KB_FILES {
            parsed.extend(parse_entries(name, text).unwrap());
        }
        assert!(parsed.len() > 400);
        assert_eq!(prebuilt, parsed);
        let loaded = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        assert_eq!(loaded.entries, parsed);
    }

    #[test]
    fn a_broken_entry_is_named_by_file_entry_and_field() {
        let text = r#"[{"id": "ok", "name": "Ok", "kind": "concept", "category": "c", "domain": "billing",
            "summary": "s", "description": "d", "use_cases": ["u"]},
           {"id": "bad", "name": "Bad", "kind": "concept", "category": "c", "domain": "billing",
            "summary": "s", "description": "d", "use_cases": "not a list"}]"#;
        let err = parse_entries("kb/x.json", text).unwrap_err().to_string();
        assert!(err.contains("kb/x.json: entry 2 (id \"bad\")"), "{err}");
        assert!(err.contains("use_cases"), "{err}");
    }
}
