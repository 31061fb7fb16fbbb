//! The tantivy index: its schema, building it on disk (atomically) or in memory, opening it, and
//! scoring weighted terms against it. This module and `collect` are the only ones that import
//! tantivy; everything they return is plain data.
//!
//! Two indexes are kept side by side: one document per entry (`entries/`), and one document per
//! passage — a use case, the summary, a description sentence or a note of the user's — (`passages/`).
//! They are separate because BM25 averages field lengths over every document of an index: mixing
//! short passages with whole entries would distort the length normalisation of both.

use crate::knowledge::KnowledgeBase;
use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::HashSet;
use std::fs;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, TantivyDocument, Term,
};

/// Bump whenever the schema, the analyzers or what goes into a document change: an index on disk
/// with another version is rebuilt, never read.
pub const FORMAT_VERSION: u32 = 1;

const STEMMED: &str = "svc_en_stem";
const PLAIN: &str = "svc_plain";
const META_FILE: &str = "svcmatch-index.json";

/// The scored fields of an entry document, in the order `score` takes their boosts.
pub const ENTRY_FIELDS: [EntryField; 7] = [
    EntryField::Name,
    EntryField::Aliases,
    EntryField::Keywords,
    EntryField::Summary,
    EntryField::UseCases,
    EntryField::Notes,
    EntryField::Description,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryField {
    Name,
    Aliases,
    Summary,
    Description,
    UseCases,
    Keywords,
    Notes,
}

impl EntryField {
    fn schema_name(self) -> &'static str {
        match self {
            EntryField::Name => "name",
            EntryField::Aliases => "aliases",
            EntryField::Summary => "summary",
            EntryField::Description => "description",
            EntryField::UseCases => "use_cases",
            EntryField::Keywords => "keywords",
            EntryField::Notes => "notes",
        }
    }
}

/// Where a passage comes from in its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "source", content = "index")]
pub enum PassageSource {
    Summary,
    UseCase(usize),
    Description(usize),
    /// The n-th note quote attached to the entry.
    Note(usize),
}

/// One short piece of an entry's text, scored on its own so that a question whose words all fall
/// in one use case beats one whose words are scattered over a long description.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub entry: usize,
    pub source: PassageSource,
    pub text: String,
}

/// A term of a query (already analysed) and how much it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTerm {
    pub stem: String,
    pub weight: f32,
}

/// A word of some text, lower-cased and folded (`raw`), with its stem and byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub raw: String,
    pub stem: String,
    pub range: Range<usize>,
}

/// Per-entry scores for one query.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// BM25 of the entry document, by entry index.
    pub entry: Vec<f32>,
    /// The best-scoring passage of each entry and its score, by entry index.
    pub best_passage: Vec<Option<(usize, f32)>>,
}

/// Where the index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Disk(PathBuf),
    Memory,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    format: u32,
    fingerprint: String,
    entries: usize,
    passages: usize,
}

/// What `index info` reports.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStatus {
    pub location: String,
    pub fingerprint: String,
    pub entries: usize,
    pub passages: usize,
    pub fresh: bool,
    pub format: u32,
}

struct Fields {
    entry_text: Vec<(EntryField, Field)>,
    spell: Field,
    passage: Field,
}

/// An opened index, ready to score queries. Shareable between threads.
pub struct SearchIndex {
    entries_reader: IndexReader,
    passages_reader: IndexReader,
    entries_index: Index,
    passages_index: Index,
    fields: Fields,
    passages: Vec<Passage>,
    num_entries: usize,
    stemmer: TextAnalyzer,
    plain: TextAnalyzer,
    vocabulary: OnceLock<Vec<String>>,
    pub location: Location,
    pub fingerprint: String,
}

fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn text_options(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

fn entries_schema() -> Schema {
    let mut b = Schema::builder();
    for f in ENTRY_FIELDS {
        b.add_text_field(f.schema_name(), text_options(STEMMED, false));
    }
    b.add_text_field("spell", text_options(PLAIN, false));
    b.add_u64_field("entry", FAST | STORED);
    b.build()
}

fn passages_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("passage", text_options(STEMMED, true) | STORED);
    b.add_u64_field("passage_ord", FAST);
    b.build()
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed_analyzer());
    index.tokenizers().register(PLAIN, plain_analyzer());
}

/// Every passage of the knowledge base, in the order they are indexed.
pub fn passages(kb: &KnowledgeBase) -> Vec<Passage> {
    let mut out = Vec::new();
    for (i, e) in kb.entries.iter().enumerate() {
        out.push(Passage {
            entry: i,
            source: PassageSource::Summary,
            text: e.summary.clone(),
        });
        for (n, u) in e.use_cases.iter().enumerate() {
            out.push(Passage {
                entry: i,
                source: PassageSource::UseCase(n),
                text: u.clone(),
            });
        }
        for (n, s) in sentences(&e.description).into_iter().enumerate() {
            out.push(Passage {
                entry: i,
                source: PassageSource::Description(n),
                text: s,
            });
        }
        for (n, q) in kb.notes[i].iter().enumerate() {
            out.push(Passage {
                entry: i,
                source: PassageSource::Note(n),
                text: q.text.clone(),
            });
        }
    }
    out
}

/// Splits a description into sentences at ". " (good enough for our own prose, which we write).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let end_of_sentence = matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|b| *b == b' ')
            && bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase());
        if end_of_sentence {
            out.push(text[start..=i].trim().to_string());
            start = i + 2;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn index_status_dir(base: &Path, fingerprint: &str) -> PathBuf {
    base.join(format!("v{FORMAT_VERSION}-{}", &fingerprint[..16]))
}

impl SearchIndex {
    /// Opens the index for `kb` under `base`, building it first when it is missing, stale or
    /// damaged. Falls back to an in-memory index when `base` cannot be written. Notices for the
    /// user (rebuilt, fell back) are returned, not printed.
    pub fn open_or_build(kb: &KnowledgeBase, base: &Path) -> Result<(SearchIndex, Vec<String>)> {
        let fingerprint = kb.fingerprint();
        let dir = index_status_dir(base, &fingerprint);
        let mut notices = Vec::new();
        clear_leftovers(base);
        // Another svcmatch may build, replace or discard the same index between our steps; a few
        // rounds let us settle on whatever valid index ends up in place.
        for _ in 0..OPEN_ATTEMPTS {
            if fs::symlink_metadata(&dir).is_ok() {
                match Self::open_checked(kb, &dir, &fingerprint) {
                    Ok(index) => return Ok((index, notices)),
                    Err(e) => {
                        if notices.is_empty() {
                            notices.push(format!(
                                "the index at {} is damaged or unreadable ({}); rebuilding it",
                                dir.display(),
                                brief(&format!("{e:#}"))
                            ));
                        }
                        discard(base, &dir);
                    }
                }
            }
            match Self::build_on_disk(kb, base, &dir) {
                Ok(()) => {
                    remove_other_versions(base, &dir);
                    if let Ok(index) = Self::open_checked(kb, &dir, &fingerprint) {
                        return Ok((index, notices));
                    }
                }
                Err(e) => {
                    notices.push(format!(
                        "cannot write the index under {} ({e:#}); using an in-memory index",
                        base.display()
                    ));
                    return Ok((Self::build_in_memory(kb)?, notices));
                }
            }
        }
        notices.push(format!(
            "the index at {} kept changing while it was opened (another svcmatch building it?); using an in-memory index",
            dir.display()
        ));
        Ok((Self::build_in_memory(kb)?, notices))
    }

    /// Builds the index in memory only (nothing is written).
    pub fn build_in_memory(kb: &KnowledgeBase) -> Result<SearchIndex> {
        let entries_index = Index::create_in_ram(entries_schema());
        let passages_index = Index::create_in_ram(passages_schema());
        fill(kb, &entries_index, &passages_index)?;
        Self::from_indexes(kb, entries_index, passages_index, Location::Memory)
    }

    /// Builds the index for `kb` under `base` (replacing any current one), and returns its directory.
    pub fn rebuild(kb: &KnowledgeBase, base: &Path) -> Result<PathBuf> {
        let dir = index_status_dir(base, &kb.fingerprint());
        if fs::symlink_metadata(&dir).is_ok() {
            discard(base, &dir);
            if fs::symlink_metadata(&dir).is_ok() {
                bail!("{}: cannot remove the old index", dir.display());
            }
        }
        Self::build_on_disk(kb, base, &dir)?;
        remove_other_versions(base, &dir);
        Ok(dir)
    }

    /// What is on disk under `base` for `kb`, without building anything.
    pub fn status(kb: &KnowledgeBase, base: &Path) -> IndexStatus {
        let fingerprint = kb.fingerprint();
        let dir = index_status_dir(base, &fingerprint);
        let meta = read_meta(&dir).ok();
        let fresh = meta
            .as_ref()
            .is_some_and(|m| m.fingerprint == fingerprint && m.format == FORMAT_VERSION);
        IndexStatus {
            location: dir.display().to_string(),
            fingerprint,
            entries: meta.as_ref().map_or(0, |m| m.entries),
            passages: meta.as_ref().map_or(0, |m| m.passages),
            fresh,
            format: FORMAT_VERSION,
        }
    }

    fn build_on_disk(kb: &KnowledgeBase, base: &Path, dir: &Path) -> Result<()> {
        fs::create_dir_all(base)
            .with_context(|| format!("{}: cannot create the index directory", base.display()))?;
        // Build next to the final place, then rename: a crash leaves only a temporary directory,
        // never a half-built index under the final name.
        let tmp = tempfile::Builder::new()
            .prefix(BUILDING_PREFIX)
            .tempdir_in(base)
            .with_context(|| format!("{}: cannot create a temporary directory", base.display()))?;
        let entries_dir = tmp.path().join("entries");
        let passages_dir = tmp.path().join("passages");
        fs::create_dir(&entries_dir)?;
        fs::create_dir(&passages_dir)?;
        let entries_index = Index::create_in_dir(&entries_dir, entries_schema())?;
        let passages_index = Index::create_in_dir(&passages_dir, passages_schema())?;
        let passages = fill(kb, &entries_index, &passages_index)?;
        let meta = Meta {
            format: FORMAT_VERSION,
            fingerprint: kb.fingerprint(),
            entries: kb.len(),
            passages,
        };
        fs::write(
            tmp.path().join(META_FILE),
            serde_json::to_vec_pretty(&meta)?,
        )?;
        let built = tmp.keep();
        match fs::rename(&built, dir) {
            Ok(()) => Ok(()),
            // Another process put its index in place first: theirs is as good as ours (and if it
            // is not, opening it says so and the caller rebuilds).
            Err(_) if fs::symlink_metadata(dir).is_ok() => {
                let _ = fs::remove_dir_all(&built);
                Ok(())
            }
            Err(e) => {
                let _ = fs::remove_dir_all(&built);
                Err(anyhow!(
                    "{}: cannot move the new index into place: {e}",
                    dir.display()
                ))
            }
        }
    }

    /// Opens the index in `dir` and checks it, turning any panic of tantivy on damaged files into
    /// an error.
    fn open_checked(kb: &KnowledgeBase, dir: &Path, fingerprint: &str) -> Result<SearchIndex> {
        catching_panics(|| {
            let index = Self::open_dir(kb, dir, fingerprint)?;
            index.verify()?;
            Ok(index)
        })
    }

    fn open_dir(kb: &KnowledgeBase, dir: &Path, fingerprint: &str) -> Result<SearchIndex> {
        if !dir.is_dir() {
            bail!("not a directory");
        }
        let meta = read_meta(dir)?;
        if meta.format != FORMAT_VERSION {
            bail!(
                "index format {} (this svcmatch reads {FORMAT_VERSION})",
                meta.format
            );
        }
        if meta.fingerprint != fingerprint || meta.entries != kb.len() {
            bail!("the index was built from other data");
        }
        let entries_index = Index::open_in_dir(dir.join("entries"))?;
        let passages_index = Index::open_in_dir(dir.join("passages"))?;
        if entries_index.schema() != entries_schema()
            || passages_index.schema() != passages_schema()
        {
            bail!("unexpected schema");
        }
        // Every file of every segment, against the checksum tantivy wrote in its footer: catches
        // a zeroed, truncated or overwritten file before a query reads it.
        for (name, i) in [("entries", &entries_index), ("passages", &passages_index)] {
            let damaged = i.validate_checksum()?;
            if let Some(file) = damaged.iter().next() {
                bail!("{name}/{}: checksum mismatch", file.display());
            }
        }
        let index = Self::from_indexes(
            kb,
            entries_index,
            passages_index,
            Location::Disk(dir.to_path_buf()),
        )?;
        let (entries, passages) = index.doc_counts();
        if entries as usize != kb.len() || passages as usize != index.passages.len() {
            bail!(
                "holds {entries} entries and {passages} passages, expected {} and {}",
                kb.len(),
                index.passages.len()
            );
        }
        Ok(index)
    }

    /// A probe of an opened index: the stored text of the first and last passage is the text we
    /// would index now, and a word of the first passage finds that passage and its entry.
    fn verify(&self) -> Result<()> {
        let (Some(first), Some(last)) = (self.passages.first(), self.passages.last()) else {
            return Ok(());
        };
        for (ord, p) in [(0, first), (self.passages.len() - 1, last)] {
            match self.stored_passage(ord) {
                Some(text) if text == p.text => {}
                Some(_) => bail!("passage {ord} holds other text than expected"),
                None => bail!("passage {ord} cannot be read back"),
            }
        }
        if let Some(word) = self.tokens(&first.text).into_iter().next() {
            let probe = [WeightedTerm {
                stem: word.stem,
                weight: 1.0,
            }];
            let scores = self.score(&probe, &[1.0; 7])?;
            let found_entry = scores.entry.get(first.entry).is_some_and(|s| *s > 0.0);
            let found_passage = scores
                .best_passage
                .get(first.entry)
                .is_some_and(Option::is_some);
            if !found_entry || !found_passage {
                bail!(
                    "a probe query for {:?} does not find its own entry",
                    word.raw
                );
            }
        }
        Ok(())
    }

    fn from_indexes(
        kb: &KnowledgeBase,
        entries_index: Index,
        passages_index: Index,
        location: Location,
    ) -> Result<SearchIndex> {
        register_tokenizers(&entries_index);
        register_tokenizers(&passages_index);
        let es = entries_index.schema();
        let ps = passages_index.schema();
        let field = |s: &Schema, name: &str| s.get_field(name).map_err(|e| anyhow!("{e}"));
        let fields = Fields {
            entry_text: ENTRY_FIELDS
                .iter()
                .map(|f| Ok((*f, field(&es, f.schema_name())?)))
                .collect::<Result<_>>()?,
            spell: field(&es, "spell")?,
            passage: field(&ps, "passage")?,
        };
        let reader = |i: &Index| -> Result<IndexReader> {
            Ok(i.reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()?)
        };
        Ok(SearchIndex {
            entries_reader: reader(&entries_index)?,
            passages_reader: reader(&passages_index)?,
            entries_index,
            passages_index,
            fields,
            passages: passages(kb),
            num_entries: kb.len(),
            stemmer: stemmed_analyzer(),
            plain: plain_analyzer(),
            vocabulary: OnceLock::new(),
            location,
            fingerprint: kb.fingerprint(),
        })
    }

    fn doc_counts(&self) -> (u64, u64) {
        (
            self.entries_reader.searcher().num_docs(),
            self.passages_reader.searcher().num_docs(),
        )
    }

    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    /// Splits text into words with their stems and byte ranges, as the index sees them.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut plain = self.plain.clone();
        let mut stemmer = self.stemmer.clone();
        let mut out = Vec::new();
        let mut stream = plain.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let mut stems = stemmer.token_stream(&t.text);
            let stem = if stems.advance() {
                stems.token().text.clone()
            } else {
                t.text.clone()
            };
            out.push(Token {
                raw: t.text.clone(),
                stem,
                range: t.offset_from..t.offset_to,
            });
        }
        out
    }

    /// The stem of one word.
    pub fn stem(&self, word: &str) -> String {
        let mut stemmer = self.stemmer.clone();
        let mut stream = stemmer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_lowercase()
        }
    }

    /// Whether a (lower-cased) word occurs anywhere in the knowledge base's text.
    pub fn knows_word(&self, raw: &str) -> bool {
        let searcher = self.entries_reader.searcher();
        let term = Term::from_field_text(self.fields.spell, raw);
        searcher.doc_freq(&term).is_ok_and(|n| n > 0)
    }

    /// Whether a stem occurs in any scored field.
    pub fn knows_stem(&self, stem: &str) -> bool {
        let searcher = self.entries_reader.searcher();
        self.fields.entry_text.iter().any(|(_, f)| {
            searcher
                .doc_freq(&Term::from_field_text(*f, stem))
                .is_ok_and(|n| n > 0)
        })
    }

    /// In how many entries a stem occurs (the most of any one field: fields of one entry overlap).
    pub fn entry_frequency(&self, stem: &str) -> u64 {
        let searcher = self.entries_reader.searcher();
        self.fields
            .entry_text
            .iter()
            .filter_map(|(_, f)| searcher.doc_freq(&Term::from_field_text(*f, stem)).ok())
            .max()
            .unwrap_or(0)
    }

    pub fn num_entries(&self) -> usize {
        self.num_entries
    }

    /// Every distinct word of the knowledge base, read once from the index on first use.
    pub fn vocabulary(&self) -> &[String] {
        self.vocabulary.get_or_init(|| {
            let mut words = Vec::new();
            let searcher = self.entries_reader.searcher();
            for segment in searcher.segment_readers() {
                let Ok(inverted) = segment.inverted_index(self.fields.spell) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(w) = std::str::from_utf8(stream.key()) {
                        words.push(w.to_string());
                    }
                }
            }
            words.sort();
            words.dedup();
            words
        })
    }

    /// Scores every entry and finds each entry's best passage for the weighted terms.
    /// `field_boosts` weighs a hit in each of `ENTRY_FIELDS`, in that order.
    pub fn score(&self, terms: &[WeightedTerm], field_boosts: &[f32; 7]) -> Result<Scores> {
        let mut scores = Scores {
            entry: vec![0.0; self.num_entries],
            best_passage: vec![None; self.num_entries],
        };
        if terms.is_empty() {
            return Ok(scores);
        }
        let mut entry_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut passage_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms {
            for ((_, field), boost) in self.fields.entry_text.iter().zip(field_boosts) {
                if *boost > 0.0 {
                    entry_clauses
                        .push((Occur::Should, term_query(*field, &t.stem, boost * t.weight)));
                }
            }
            passage_clauses.push((
                Occur::Should,
                term_query(self.fields.passage, &t.stem, t.weight),
            ));
        }
        let entry_hits = self
            .entries_reader
            .searcher()
            .search(&BooleanQuery::new(entry_clauses), &CollectAll::new("entry"))?;
        for (ord, score) in entry_hits {
            if let Some(s) = scores.entry.get_mut(ord as usize) {
                *s = score;
            }
        }
        let passage_hits = self.passages_reader.searcher().search(
            &BooleanQuery::new(passage_clauses),
            &CollectAll::new("passage_ord"),
        )?;
        for (ord, score) in passage_hits {
            let Some(p) = self.passages.get(ord as usize) else {
                continue;
            };
            let best = &mut scores.best_passage[p.entry];
            if best.is_none_or(|(_, s)| score > s) {
                *best = Some((ord as usize, score));
            }
        }
        Ok(scores)
    }

    /// Byte ranges of `text` that tantivy's snippet generator highlights for `stems`.
    pub fn highlight(&self, text: &str, stems: &[String]) -> Vec<Range<usize>> {
        if stems.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let searcher = self.passages_reader.searcher();
        let clauses: Vec<(Occur, Box<dyn Query>)> = stems
            .iter()
            .map(|s| (Occur::Should, term_query(self.fields.passage, s, 1.0)))
            .collect();
        let query = BooleanQuery::new(clauses);
        let Ok(mut generator) = SnippetGenerator::create(&searcher, &query, self.fields.passage)
        else {
            return Vec::new();
        };
        generator.set_max_num_chars(text.len() + 1);
        let snippet = generator.snippet(text);
        let offset = snippet.fragment_range().start;
        snippet
            .highlighted()
            .iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect()
    }

    /// Reads the stored passage text of a passage document (used to verify an index on open).
    /// `passage_ord` is a fast field, not an indexed one, so the document is found by its column.
    pub fn stored_passage(&self, ord: usize) -> Option<String> {
        let searcher = self.passages_reader.searcher();
        for (n, segment) in searcher.segment_readers().iter().enumerate() {
            let column = segment.fast_fields().u64("passage_ord").ok()?;
            let Some(doc) = (0..segment.max_doc()).find(|d| column.first(*d) == Some(ord as u64))
            else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(DocAddress::new(n as u32, doc)).ok()?;
            return doc
                .get_first(self.fields.passage)
                .and_then(|v| v.as_str().map(str::to_string));
        }
        None
    }

    pub fn entries_index(&self) -> &Index {
        &self.entries_index
    }

    pub fn passages_index(&self) -> &Index {
        &self.passages_index
    }
}

fn term_query(field: Field, stem: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, stem),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn read_meta(dir: &Path) -> Result<Meta> {
    let path = dir.join(META_FILE);
    let bytes = fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{}: not valid", path.display()))
}

/// Removes indexes built from other data or by other versions; best effort, since another
/// process may be using or removing them at the same time.
fn remove_other_versions(base: &Path, keep: &Path) {
    let Ok(listing) = fs::read_dir(base) else {
        return;
    };
    for entry in listing.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path != keep && name.starts_with('v') && path.join(META_FILE).exists() {
            discard(base, &path);
        }
    }
}

/// Moves an index (or whatever stands in its place) out of the way, then deletes it. The rename
/// is atomic, so another process sees either the whole index or none, never a half-deleted one.
/// Best effort: another process may have discarded it first.
fn discard(base: &Path, path: &Path) {
    let aside = base.join(format!(
        "{STALE_PREFIX}{}-{}",
        std::process::id(),
        DISCARDED.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let target = if fs::rename(path, &aside).is_ok() {
        aside
    } else {
        path.to_path_buf()
    };
    match fs::symlink_metadata(&target) {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(&target);
        }
        Ok(_) => {
            let _ = fs::remove_file(&target);
        }
        Err(_) => {}
    }
}

static DISCARDED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
const STALE_PREFIX: &str = ".stale-";
const BUILDING_PREFIX: &str = ".building-";
/// A build directory this old was left by a process that died while building.
const ABANDONED_BUILD: std::time::Duration = std::time::Duration::from_secs(3600);
const OPEN_ATTEMPTS: usize = 3;

/// Deletes what crashed or interrupted runs left behind: discarded indexes and abandoned builds.
fn clear_leftovers(base: &Path) {
    let Ok(listing) = fs::read_dir(base) else {
        return;
    };
    for entry in listing.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let abandoned = || {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > ABANDONED_BUILD)
        };
        if name.starts_with(STALE_PREFIX) || (name.starts_with(BUILDING_PREFIX) && abandoned()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The start of a long error message: tantivy's messages about damaged files repeat themselves
/// and quote file contents.
fn brief(reason: &str) -> String {
    const MAX_CHARS: usize = 160;
    match reason.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &reason[..cut]),
        None => reason.to_string(),
    }
}

/// Runs `f`, turning a panic inside it into an error. Tantivy trusts its own files and may panic
/// on damaged ones; such a panic means "rebuild", so its message goes into the error instead of
/// being printed by the panic hook.
fn catching_panics<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|q| q.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(anyhow!("reading it failed: {message}"))
    })
}

/// Writes every entry and passage of `kb` into the two indexes; returns the passage count.
fn fill(kb: &KnowledgeBase, entries_index: &Index, passages_index: &Index) -> Result<usize> {
    register_tokenizers(entries_index);
    register_tokenizers(passages_index);
    let es = entries_index.schema();
    let ps = passages_index.schema();
    let f = |s: &Schema, n: &str| s.get_field(n).map_err(|e| anyhow!("{e}"));
    // One thread: the knowledge base is small, and a single segment makes every query cheaper.
    let mut writer: IndexWriter = entries_index.writer_with_num_threads(1, 15_000_000)?;
    for (i, e) in kb.entries.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(f(&es, "name")?, &e.name);
        for a in &e.aliases {
            doc.add_text(f(&es, "aliases")?, a);
        }
        doc.add_text(f(&es, "summary")?, &e.summary);
        doc.add_text(f(&es, "description")?, &e.description);
        for u in &e.use_cases {
            doc.add_text(f(&es, "use_cases")?, u);
        }
        for k in &e.keywords {
            doc.add_text(f(&es, "keywords")?, k);
        }
        for q in &kb.notes[i] {
            doc.add_text(f(&es, "notes")?, &q.text);
        }
        let spell = f(&es, "spell")?;
        for text in [&e.name, &e.summary, &e.description]
            .into_iter()
            .chain(&e.aliases)
            .chain(&e.use_cases)
            .chain(&e.keywords)
            .chain(kb.notes[i].iter().map(|q| &q.text))
        {
            doc.add_text(spell, text);
        }
        doc.add_u64(f(&es, "entry")?, i as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let all = passages(kb);
    let mut writer: IndexWriter = passages_index.writer_with_num_threads(1, 15_000_000)?;
    let passage = f(&ps, "passage")?;
    let ord = f(&ps, "passage_ord")?;
    for (n, p) in all.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(passage, &p.text);
        doc.add_u64(ord, n as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(all.len())
}

/// Collects `(fast-field value, score)` for every matching document: the knowledge base is small
/// enough that keeping all hits is cheaper than a top-k heap.
struct CollectAll {
    field: &'static str,
}

impl CollectAll {
    fn new(field: &'static str) -> CollectAll {
        CollectAll { field }
    }
}

struct CollectAllSegment {
    column: Column<u64>,
    hits: Vec<(u64, Score)>,
}

impl Collector for CollectAll {
    type Fruit = Vec<(u64, Score)>;
    type Child = CollectAllSegment;

    fn for_segment(&self, _id: u32, segment: &SegmentReader) -> tantivy::Result<CollectAllSegment> {
        Ok(CollectAllSegment {
            column: segment.fast_fields().u64(self.field)?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u64, Score)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for CollectAllSegment {
    type Fruit = Vec<(u64, Score)>;

    fn collect(&mut self, doc: u32, score: Score) {
        if let Some(v) = self.column.first(doc) {
            self.hits.push((v, score));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

/// The stems that occur in a piece of text (for "matched words").
pub fn stems_of(index: &SearchIndex, text: &str) -> HashSet<String> {
    index.tokens(text).into_iter().map(|t| t.stem).collect()
}
