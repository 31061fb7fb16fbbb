//! The tantivy index: its schema, building it on disk (atomically) or in memory, opening it, and
//! scoring weighted terms against it. This module and `collect` are the only ones that import
//! tantivy; everything they return is plain data.
//!
//! Two indexes are kept side by side: one document per entry (`entries/`), and one document per
//! passage — a use case, the summary, a description sentence or a note of the user's — (`passages/`).
//! They are separate because BM25 averages field lengths over every document of an index: mixing
//! short passages with whole entries would distort the length normalisation of both.

use crate::knowledge::KnowledgeBase;
use crate::negation::affirmed;
use crate::stemming::EnglishStemmer;
use anyhow::{Context, Result, anyhow, bail};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fs;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once, OnceLock, PoisonError, RwLock};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::Bm25Weight;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TERMINATED,
    TantivyDocument, Term,
};

/// Bump whenever the schema, the analyzers or what goes into a document change: an index on disk
/// with another version is rebuilt, never read.
pub const FORMAT_VERSION: u32 = 6;

const STEMMED: &str = "svc_en_stem";
const PLAIN: &str = "svc_plain";
const META_FILE: &str = "svcmatch-index.json";
/// At most this many word stems (and stem postings) are remembered, so that memory stays bounded
/// on endless input; later words are looked up every time.
const CACHE_LIMIT: usize = 50_000;
use crate::stem_word::MAX_TOKEN_BYTES;

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
    /// The entry of each passage, by passage ordinal (fast field `entry` of the passages): the
    /// passages themselves are not computed at open, since a question shows only a few.
    passage_entries: Vec<u32>,
    /// The ordinal of each entry's first passage, and the passage count after the last entry:
    /// an entry's passages are `first_passages[e]..first_passages[e + 1]`.
    first_passages: Vec<u32>,
    num_entries: usize,
    stemmer: TextAnalyzer,
    plain: TextAnalyzer,
    vocabulary: OnceLock<Vec<String>>,
    /// Per segment, the entry ordinal (fast field `entry`) of each document.
    entry_ords: Vec<Vec<Option<u32>>>,
    /// Whether any entry has text in each of `ENTRY_FIELDS`. A field without any (the notes,
    /// when the user has none) is not asked about: opening its empty term dictionary costs
    /// tantivy a twentieth of a single question's time.
    field_has_text: [bool; 7],
    /// Per segment, the position of each passage document in the order tantivy collects hits
    /// (segment by segment, in document order).
    passage_positions: Vec<Vec<Option<u32>>>,
    /// `(passage ordinal, entry)` at each position: compact, so that finding the best passage
    /// does not walk the passages themselves.
    passage_at_position: Vec<(u32, u32)>,
    /// Postings of the stems asked about so far; see [`StemPostings`].
    postings: RwLock<FxHashMap<String, Arc<StemPostings>>>,
    /// Stems of the words seen so far: stemming is most of the cost of tokenising a question,
    /// and a batch asks about the same words again and again.
    stems: RwLock<FxHashMap<String, String>>,
    /// Each passage's words as `highlight_passage` needs them, stemmed on first need.
    passage_words: Vec<OnceLock<StemmedWords>>,
    pub location: Location,
    pub fingerprint: String,
}

/// Per-thread passage accumulators for `score`, all zero between questions: allocating and
/// zeroing one score per passage for every question cost more than adding up the hits.
#[derive(Default)]
struct PassageScratch {
    scores: Vec<f32>,
    /// One bit per position with a hit.
    hits: Vec<u64>,
}

thread_local! {
    static PASSAGE_SCRATCH: RefCell<PassageScratch> = RefCell::new(PassageScratch::default());
}

/// Where one stem occurs, in every scored field, with the BM25 weight tantivy gives it.
///
/// Scoring reads these instead of running a tantivy `BooleanQuery` per question: building the
/// query's weights and scorers cost more than the scoring itself on an index this small. The sums
/// are the ones tantivy's union scorer computes (each document's clause scores added in clause
/// order, each from tantivy's own `Bm25Weight`), so the scores are the same to the bit; the test
/// `cached_scoring_equals_tantivy_boolean_query` holds this.
struct StemPostings {
    /// Parallel to `Fields::entry_text`.
    entry_fields: Vec<Option<FieldPostings>>,
    passage: Option<FieldPostings>,
    /// In how many entries the stem occurs: the most of any one field (`entry_frequency`).
    entry_doc_freq: u64,
    /// How many passages hold the stem, as tantivy counts them.
    passage_doc_freq: u64,
    /// The entries holding the stem in any field, one bit each.
    entries: Vec<u64>,
}

impl StemPostings {
    fn is_empty(&self) -> bool {
        self.entry_doc_freq == 0 && self.passage_doc_freq == 0
    }
}

struct FieldPostings {
    /// tantivy's weight for the stem in the field.
    weight: Bm25Weight,
    hits: Vec<Hit>,
    /// The weight's own factor (idf × (k1 + 1)) and each hit's term-frequency factor, when
    /// their product reproduces tantivy's score to the bit for every hit (see `tf_factors`).
    /// Scoring then costs a multiplication per hit instead of a division and a `boost_by`.
    factors: Option<(f32, Vec<f32>)>,
}

impl FieldPostings {
    /// Calls `add(target, score)` for every hit, the score as tantivy's
    /// `weight.boost_by(boost).score(..)` computes it.
    #[inline]
    fn for_each_score(&self, boost: f32, mut add: impl FnMut(usize, f32)) {
        match &self.factors {
            Some((unit, factors)) => {
                let boosted = unit * boost;
                for (hit, factor) in self.hits.iter().zip(factors) {
                    add(hit.target as usize, boosted * factor);
                }
            }
            None => {
                let weight = self.weight.boost_by(boost);
                for hit in &self.hits {
                    add(
                        hit.target as usize,
                        weight.score(hit.fieldnorm_id, hit.term_freq),
                    );
                }
            }
        }
    }
}

/// The entries that hold one stem (see `SearchIndex::entries_with`).
pub struct EntrySet(Option<Arc<StemPostings>>);

impl EntrySet {
    /// How many entries hold the stem (`SearchIndex::entry_frequency`).
    pub fn entry_frequency(&self) -> u64 {
        self.0.as_ref().map_or(0, |p| p.entry_doc_freq)
    }

    pub fn contains(&self, entry: usize) -> bool {
        self.0.as_ref().is_some_and(|p| {
            p.entries
                .get(entry / 64)
                .is_some_and(|word| word & (1 << (entry % 64)) != 0)
        })
    }
}

/// One document holding the stem: where its score goes (the entry ordinal, or the passage's
/// position in collection order), its field norm and term frequency.
#[derive(Clone, Copy)]
struct Hit {
    target: u32,
    fieldnorm_id: u8,
    term_freq: u32,
}

fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(EnglishStemmer)
        .build()
}

fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
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
    // The passage's entry, so that opening the index need not split every description into
    // passages to learn it.
    b.add_u64_field("entry", FAST);
    b.build()
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed_analyzer());
    index.tokenizers().register(PLAIN, plain_analyzer());
}

/// Every passage of the knowledge base, in the order they are indexed: entry by entry, each
/// entry's as `entry_passages` lists them.
pub fn passages(kb: &KnowledgeBase) -> Vec<Passage> {
    let mut out = Vec::new();
    for i in 0..kb.len() {
        push_entry_passages(kb, i, &mut out);
    }
    out
}

/// The passages of one entry, in the order they are indexed.
pub fn entry_passages(kb: &KnowledgeBase, entry: usize) -> Vec<Passage> {
    let mut out = Vec::new();
    push_entry_passages(kb, entry, &mut out);
    out
}

fn push_entry_passages(kb: &KnowledgeBase, i: usize, out: &mut Vec<Passage>) {
    let e = &kb.entries[i];
    out.push(Passage {
        entry: i,
        source: PassageSource::Summary,
        text: e.summary.to_string(),
    });
    for (n, u) in e.use_cases.iter().enumerate() {
        out.push(Passage {
            entry: i,
            source: PassageSource::UseCase(n),
            text: u.to_string(),
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
            index.verify(kb)?;
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
        if entries as usize != kb.len() || passages as usize != meta.passages {
            bail!(
                "holds {entries} entries and {passages} passages, expected {} and {}",
                kb.len(),
                meta.passages
            );
        }
        Ok(index)
    }

    /// A probe of an opened index: the first and last entry have as many passages as we would
    /// index now, the stored text of the first and last passage is the text we would index now,
    /// and a word of the first passage finds that passage and its entry.
    fn verify(&self, kb: &KnowledgeBase) -> Result<()> {
        if kb.is_empty() {
            return Ok(());
        }
        let last_entry = kb.len() - 1;
        let (firsts, lasts) = (entry_passages(kb, 0), entry_passages(kb, last_entry));
        for (entry, expected) in [(0, &firsts), (last_entry, &lasts)] {
            let held = self.entry_passage_ords(entry).len();
            if held != expected.len() {
                bail!(
                    "entry {entry} has {held} passages, expected {}",
                    expected.len()
                );
            }
        }
        let (Some(first), Some(last)) = (firsts.first(), lasts.last()) else {
            return Ok(());
        };
        for (ord, p) in [(0, first), (self.num_passages() - 1, last)] {
            match self.stored_passage(ord) {
                Some(text) if text == affirmed(&p.text) => {}
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
        let entries_reader = reader(&entries_index)?;
        let passages_reader = reader(&passages_index)?;
        let entry_ords = doc_ords(&entries_reader.searcher(), "entry")?;
        let passage_ords = doc_ords(&passages_reader.searcher(), "passage_ord")?;
        let passage_docs_entries = doc_ords(&passages_reader.searcher(), "entry")?;
        let num_passages: usize = passage_ords.iter().map(Vec::len).sum();
        let mut passage_entries = vec![u32::MAX; num_passages];
        let mut passage_at_position = Vec::new();
        let passage_positions = passage_ords
            .iter()
            .zip(&passage_docs_entries)
            .map(|(ords, entries)| {
                ords.iter()
                    .zip(entries)
                    .map(|(ord, entry)| {
                        let (ord, entry) = ((*ord)?, (*entry)?);
                        *passage_entries.get_mut(ord as usize)? = entry;
                        passage_at_position.push((ord, entry));
                        u32::try_from(passage_at_position.len() - 1).ok()
                    })
                    .collect()
            })
            .collect();
        let first_passages = first_passages(&passage_entries, kb.len())?;
        Ok(SearchIndex {
            entries_reader,
            passages_reader,
            entries_index,
            passages_index,
            fields,
            passage_words: (0..num_passages).map(|_| OnceLock::new()).collect(),
            passage_entries,
            first_passages,
            num_entries: kb.len(),
            stemmer: stemmed_analyzer(),
            plain: plain_analyzer(),
            vocabulary: OnceLock::new(),
            entry_ords,
            field_has_text: ENTRY_FIELDS.map(|f| field_has_text(kb, f)),
            passage_positions,
            passage_at_position,
            postings: RwLock::new(FxHashMap::default()),
            stems: RwLock::new(FxHashMap::default()),
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

    /// How many passages the index holds.
    pub fn num_passages(&self) -> usize {
        self.passage_entries.len()
    }

    /// The entry of passage `ord`.
    pub fn passage_entry(&self, ord: usize) -> usize {
        self.passage_entries[ord] as usize
    }

    /// The ordinals of an entry's passages, in the order of `entry_passages`.
    pub fn entry_passage_ords(&self, entry: usize) -> Range<usize> {
        self.first_passages[entry] as usize..self.first_passages[entry + 1] as usize
    }

    /// Splits text into words with their stems and byte ranges, as the index sees them.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        // About one word in six bytes of English.
        let mut out = Vec::with_capacity(text.len() / 6 + 1);
        let mut stemmer: Option<TextAnalyzer> = None;
        if text.is_ascii() {
            // What the plain analyzer does to ASCII text, without its per-token machinery:
            // words are the runs of letters and digits (`SimpleTokenizer`), those of
            // `MAX_TOKEN_BYTES` or more are dropped (`RemoveLongFilter`), the rest lower-cased
            // (`LowerCaser`; `AsciiFoldingFilter` leaves ASCII alone). The test
            // `ascii_tokens_equal_the_plain_analyzer` holds this.
            let bytes = text.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                if !bytes[at].is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                let start = at;
                while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                    at += 1;
                }
                if at - start >= MAX_TOKEN_BYTES {
                    continue;
                }
                let raw = text[start..at].to_ascii_lowercase();
                let stem = self.stem_of_token(&raw, &mut stemmer);
                out.push(Token {
                    raw,
                    stem,
                    range: start..at,
                });
            }
            return out;
        }
        let mut plain = self.plain.clone();
        let mut stream = plain.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let stem = self.stem_of_token(&t.text, &mut stemmer);
            out.push(Token {
                raw: t.text.clone(),
                stem,
                range: t.offset_from..t.offset_to,
            });
        }
        out
    }

    /// The stem of a token of the plain analyzer, remembered for the next time.
    fn stem_of_token(&self, raw: &str, stemmer: &mut Option<TextAnalyzer>) -> String {
        self.known_stem(raw).unwrap_or_else(|| {
            let stemmer = stemmer.get_or_insert_with(|| self.stemmer.clone());
            let mut stems = stemmer.token_stream(raw);
            let stem = if stems.advance() {
                stems.token().text.clone()
            } else {
                raw.to_string()
            };
            self.remember_stem(raw, &stem);
            stem
        })
    }

    /// The stem of a word (as the plain analyzer gives it) already seen by `tokens`.
    fn known_stem(&self, raw: &str) -> Option<String> {
        self.stems
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(raw)
            .cloned()
    }

    fn remember_stem(&self, raw: &str, stem: &str) {
        let mut stems = self.stems.write().unwrap_or_else(PoisonError::into_inner);
        if stems.len() < CACHE_LIMIT {
            stems.insert(raw.to_string(), stem.to_string());
        }
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
        self.entry_frequency(stem) > 0
    }

    /// In how many entries a stem occurs (the most of any one field: fields of one entry overlap).
    pub fn entry_frequency(&self, stem: &str) -> u64 {
        self.stem_postings(stem).map_or(0, |p| p.entry_doc_freq)
    }

    /// The entries whose text (any scored field, whatever its boost) holds a stem.
    pub fn entries_with(&self, stem: &str) -> EntrySet {
        EntrySet(self.stem_postings(stem).ok())
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
    ///
    /// The same as a tantivy `BooleanQuery` of one `SHOULD` clause per term and field with a
    /// positive boost, boosted by the field's boost times the term's weight (see [`StemPostings`]).
    pub fn score(&self, terms: &[WeightedTerm], field_boosts: &[f32; 7]) -> Result<Scores> {
        let mut scores = Scores {
            entry: vec![0.0; self.num_entries],
            best_passage: vec![None; self.num_entries],
        };
        if terms.is_empty() {
            return Ok(scores);
        }
        let postings = terms
            .iter()
            .map(|t| self.stem_postings(&t.stem))
            .collect::<Result<Vec<_>>>()?;
        // Clause order matters to the last bit of a float sum: term by term, field by field.
        for (t, p) in terms.iter().zip(&postings) {
            for (field, boost) in p.entry_fields.iter().zip(field_boosts) {
                let Some(field) = field.as_ref().filter(|_| *boost > 0.0) else {
                    continue;
                };
                field.for_each_score(boost * t.weight, |target, score| {
                    if let Some(s) = scores.entry.get_mut(target) {
                        *s += score;
                    }
                });
            }
        }
        PASSAGE_SCRATCH.with_borrow_mut(|scratch| {
            let PassageScratch {
                scores: passage_scores,
                hits: hit_positions,
            } = scratch;
            let positions = self.passage_at_position.len();
            if passage_scores.len() < positions {
                passage_scores.resize(positions, 0.0);
                hit_positions.resize(positions.div_ceil(64), 0);
            }
            for (t, p) in terms.iter().zip(&postings) {
                let Some(field) = &p.passage else { continue };
                field.for_each_score(t.weight, |position, score| {
                    if let Some(s) = passage_scores.get_mut(position) {
                        *s += score;
                        hit_positions[position / 64] |= 1 << (position % 64);
                    }
                });
            }
            // Ties go to the passage tantivy would have returned first: in position order. The
            // scratch is left all zero again for the next question.
            for (word_index, word) in hit_positions.iter_mut().enumerate() {
                let mut bits = std::mem::take(word);
                while bits != 0 {
                    let position = word_index * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let score = std::mem::take(&mut passage_scores[position]);
                    let Some(&(ord, entry)) = self.passage_at_position.get(position) else {
                        continue;
                    };
                    let Some(best) = scores.best_passage.get_mut(entry as usize) else {
                        continue;
                    };
                    if best.is_none_or(|(_, s)| score > s) {
                        *best = Some((ord as usize, score));
                    }
                }
            }
        });
        Ok(scores)
    }

    /// The postings of a stem, read from the index on first use. Stems the index does not hold
    /// are not kept, so that a stream of unknown words cannot grow the table.
    fn stem_postings(&self, stem: &str) -> Result<Arc<StemPostings>> {
        if let Some(p) = self
            .postings
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(stem)
        {
            return Ok(Arc::clone(p));
        }
        let entries = self.entries_reader.searcher();
        let passages = self.passages_reader.searcher();
        let mut entry_fields: Vec<Option<FieldPostings>> = Vec::with_capacity(7);
        let mut entry_doc_freq = 0;
        for ((_, field), has_text) in self.fields.entry_text.iter().zip(self.field_has_text) {
            if !has_text {
                entry_fields.push(None);
                continue;
            }
            entry_fields.push(field_postings(&entries, *field, stem, &self.entry_ords)?);
            entry_doc_freq =
                entry_doc_freq.max(entries.doc_freq(&Term::from_field_text(*field, stem))?);
        }
        let mut holding = vec![0u64; self.num_entries.div_ceil(64)];
        for hit in entry_fields.iter().flatten().flat_map(|f| &f.hits) {
            if let Some(word) = holding.get_mut(hit.target as usize / 64) {
                *word |= 1 << (hit.target % 64);
            }
        }
        let postings = Arc::new(StemPostings {
            entry_fields,
            passage: field_postings(
                &passages,
                self.fields.passage,
                stem,
                &self.passage_positions,
            )?,
            entry_doc_freq,
            passage_doc_freq: passages
                .doc_freq(&Term::from_field_text(self.fields.passage, stem))?,
            entries: holding,
        });
        if !postings.is_empty() {
            let mut cache = self
                .postings
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            if cache.len() < CACHE_LIMIT {
                cache.insert(stem.to_string(), Arc::clone(&postings));
            }
        }
        Ok(postings)
    }

    /// Byte ranges of `text` to highlight for `stems`: every word whose stem is one of `stems`
    /// and occurs in some passage. This is what tantivy's `SnippetGenerator` highlights when the
    /// fragment may be as long as the text (one fragment, every matching word), without building a
    /// generator per call; the test `highlight_equals_snippet_generator` holds this.
    pub fn highlight(&self, text: &str, stems: &[String]) -> Vec<Range<usize>> {
        if stems.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let wanted = self.highlight_terms(stems);
        highlight_words(&self.stemmer, text)
            .into_iter()
            .filter(|(stem, _)| wanted.contains(stem.as_str()))
            .map(|(_, range)| range)
            .collect()
    }

    /// `highlight` of `text`, the text of passage `ord`, whose words are stemmed once and kept.
    pub fn highlight_passage(&self, ord: usize, text: &str, stems: &[String]) -> Vec<Range<usize>> {
        let Some(words) = self.passage_words.get(ord) else {
            return Vec::new();
        };
        if stems.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let wanted = self.highlight_terms(stems);
        words
            .get_or_init(|| highlight_words(&self.stemmer, text))
            .iter()
            .filter(|(stem, _)| wanted.contains(stem.as_str()))
            .map(|(_, range)| range.clone())
            .collect()
    }

    /// The stems that a snippet generator would highlight: those found in some passage.
    fn highlight_terms<'s>(&self, stems: &'s [String]) -> HashSet<&'s str> {
        stems
            .iter()
            .filter(|s| self.stem_postings(s).is_ok_and(|p| p.passage_doc_freq > 0))
            .map(String::as_str)
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

/// Whether any entry of the knowledge base has text in `field`.
fn field_has_text(kb: &KnowledgeBase, field: EntryField) -> bool {
    match field {
        EntryField::Name | EntryField::Summary | EntryField::Description => !kb.entries.is_empty(),
        EntryField::Aliases => kb.entries.iter().any(|e| !e.aliases.is_empty()),
        EntryField::Keywords => kb.entries.iter().any(|e| !e.keywords.is_empty()),
        EntryField::UseCases => kb.entries.iter().any(|e| !e.use_cases.is_empty()),
        EntryField::Notes => kb.notes.iter().any(|n| !n.is_empty()),
    }
}

/// Words of a text, stemmed, with their byte ranges.
type StemmedWords = Vec<(String, Range<usize>)>;

/// The words of `text` as the snippet generator matches them: stemmed, then lower-cased.
fn highlight_words(stemmer: &TextAnalyzer, text: &str) -> StemmedWords {
    let mut stemmer = stemmer.clone();
    let mut stream = stemmer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.text.to_lowercase(), t.offset_from..t.offset_to));
    }
    out
}

/// Where `stem` occurs in `field`, and its BM25 weight as a `TermQuery` would compute it.
/// `targets` gives, per segment and document, where a hit's score goes.
fn field_postings(
    searcher: &Searcher,
    field: Field,
    stem: &str,
    targets: &[Vec<Option<u32>>],
) -> Result<Option<FieldPostings>> {
    let term = Term::from_field_text(field, stem);
    let mut hits = Vec::new();
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(field)?;
        let Some(info) = inverted.get_term_info(&term)? else {
            continue;
        };
        let mut postings =
            inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
        let norms = reader
            .fieldnorms_readers()
            .get_field(field)?
            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        let alive = reader.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            let target = targets
                .get(segment)
                .and_then(|o| o.get(doc as usize))
                .copied()
                .flatten();
            if let Some(target) = target
                && alive.is_none_or(|a| a.is_alive(doc))
            {
                hits.push(Hit {
                    target,
                    fieldnorm_id: norms.fieldnorm_id(doc),
                    term_freq: postings.term_freq(),
                });
            }
            doc = postings.advance();
        }
    }
    if hits.is_empty() {
        return Ok(None);
    }
    // As `Bm25Weight::for_terms` computes it for one term, without the explanation it carries
    // (which `boost_by` would clone at every use).
    let total_num_docs = Bm25StatisticsProvider::total_num_docs(searcher)?;
    let total_num_tokens = Bm25StatisticsProvider::total_num_tokens(searcher, field)?;
    let average_fieldnorm = total_num_tokens as f32 / total_num_docs as f32;
    let weight = Bm25Weight::for_one_term_without_explain(
        searcher.doc_freq(&term)?,
        total_num_docs,
        average_fieldnorm,
    );
    let factors = tf_factors(&weight, average_fieldnorm, &hits);
    Ok(Some(FieldPostings {
        weight,
        hits,
        factors,
    }))
}

/// tantivy's BM25 parameters (private constants of `tantivy::query::bm25`).
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// The two factors of each hit's BM25 score: the weight's own (idf × (k1 + 1)) and the hit's
/// term-frequency factor, computed as tantivy computes them. Kept only if, for every hit, the
/// products with a few boosts are exactly the scores tantivy's `Bm25Weight` gives; otherwise
/// (another tantivy, other parameters) `None`, and scoring asks `Bm25Weight` every time.
fn tf_factors(
    weight: &Bm25Weight,
    average_fieldnorm: f32,
    hits: &[Hit],
) -> Option<(f32, Vec<f32>)> {
    // At field norm 0 the length factor is k1 × (1 - b), negligible next to the largest term
    // frequency: the term-frequency factor is exactly 1 and the score is the weight itself.
    let unit = weight.score(0, u32::MAX);
    let probes = [1.0f32, 0.7, 2.5 * 0.5];
    let boosted: Vec<Bm25Weight> = probes.iter().map(|b| weight.boost_by(*b)).collect();
    let mut factors = Vec::with_capacity(hits.len());
    for hit in hits {
        let fieldnorm = FieldNormReader::id_to_fieldnorm(hit.fieldnorm_id) as f32;
        let norm = BM25_K1 * (1.0 - BM25_B + BM25_B * fieldnorm / average_fieldnorm);
        let term_freq = hit.term_freq as f32;
        let factor = term_freq / (term_freq + norm);
        let exact = probes.iter().zip(&boosted).all(|(b, w)| {
            ((unit * b) * factor).to_bits() == w.score(hit.fieldnorm_id, hit.term_freq).to_bits()
        });
        if !exact {
            return None;
        }
        factors.push(factor);
    }
    Some((unit, factors))
}

/// The first passage of each entry (and the passage count after the last), from the entry of
/// each passage. Passages are indexed entry by entry and every entry has one (its summary):
/// anything else is not an index we built.
fn first_passages(passage_entries: &[u32], num_entries: usize) -> Result<Vec<u32>> {
    let mut firsts = Vec::with_capacity(num_entries + 1);
    for (ord, &entry) in passage_entries.iter().enumerate() {
        if entry as usize == firsts.len() {
            firsts.push(ord as u32);
        } else if entry as usize + 1 != firsts.len() {
            bail!("passage {ord} belongs to entry {entry}, out of order");
        }
    }
    if firsts.len() != num_entries {
        bail!(
            "the passages cover {} entries, expected {num_entries}",
            firsts.len()
        );
    }
    firsts.push(passage_entries.len() as u32);
    Ok(firsts)
}

/// For each segment, the value of the u64 fast field `name` of each document.
fn doc_ords(searcher: &Searcher, name: &str) -> Result<Vec<Vec<Option<u32>>>> {
    searcher
        .segment_readers()
        .iter()
        .map(|reader| {
            let column = reader.fast_fields().u64(name)?;
            Ok((0..reader.max_doc())
                .map(|doc| column.first(doc).and_then(|v| u32::try_from(v).ok()))
                .collect())
        })
        .collect()
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
        // Words in a negated clause ("unlike CloudTrail, …") say what the entry is not: only
        // what a text affirms is indexed.
        doc.add_text(f(&es, "summary")?, affirmed(&e.summary));
        doc.add_text(f(&es, "description")?, affirmed(&e.description));
        for u in &e.use_cases {
            doc.add_text(f(&es, "use_cases")?, affirmed(u));
        }
        for k in &e.keywords {
            doc.add_text(f(&es, "keywords")?, affirmed(k));
        }
        for q in &kb.notes[i] {
            doc.add_text(f(&es, "notes")?, affirmed(&q.text));
        }
        let spell = f(&es, "spell")?;
        for text in e.texts().chain(kb.notes[i].iter().map(|q| q.text.as_str())) {
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
    let entry = f(&ps, "entry")?;
    for (n, p) in all.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(passage, affirmed(&p.text));
        doc.add_u64(ord, n as u64);
        doc.add_u64(entry, p.entry as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(all.len())
}

/// The stems that occur in a piece of text (for "matched words").
pub fn stems_of(index: &SearchIndex, text: &str) -> HashSet<String> {
    index.tokens(text).into_iter().map(|t| t.stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::DataSource;
    use tantivy::Score;
    use tantivy::collector::{Collector, SegmentCollector};
    use tantivy::columnar::Column;
    use tantivy::index::SegmentReader;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
    use tantivy::snippet::SnippetGenerator;

    /// The ranker's field boosts, with one field turned off as `eval --tuning` may.
    const BOOSTS: [f32; 7] = [2.0, 2.0, 2.0, 1.5, 1.5, 0.0, 0.6];

    fn term_query(field: Field, stem: &str, boost: f32) -> Box<dyn Query> {
        let q = TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::WithFreqs,
        );
        Box::new(BoostQuery::new(Box::new(q), boost))
    }

    /// The scoring `score` replaces: one tantivy `BooleanQuery` per index.
    fn score_by_query(index: &SearchIndex, terms: &[WeightedTerm]) -> Scores {
        let mut scores = Scores {
            entry: vec![0.0; index.num_entries],
            best_passage: vec![None; index.num_entries],
        };
        let mut entry_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut passage_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms {
            for ((_, field), boost) in index.fields.entry_text.iter().zip(BOOSTS) {
                if boost > 0.0 {
                    entry_clauses
                        .push((Occur::Should, term_query(*field, &t.stem, boost * t.weight)));
                }
            }
            passage_clauses.push((
                Occur::Should,
                term_query(index.fields.passage, &t.stem, t.weight),
            ));
        }
        let entry_hits = index
            .entries_reader
            .searcher()
            .search(&BooleanQuery::new(entry_clauses), &CollectAll::new("entry"))
            .unwrap();
        for (ord, score) in entry_hits {
            scores.entry[ord as usize] = score;
        }
        let passage_hits = index
            .passages_reader
            .searcher()
            .search(
                &BooleanQuery::new(passage_clauses),
                &CollectAll::new("passage_ord"),
            )
            .unwrap();
        for (ord, score) in passage_hits {
            let best = &mut scores.best_passage[index.passage_entry(ord as usize)];
            if best.is_none_or(|(_, s)| score > s) {
                *best = Some((ord as usize, score));
            }
        }
        scores
    }

    /// The highlighting `highlight` replaces: tantivy's snippet generator.
    fn highlight_by_snippet(
        index: &SearchIndex,
        text: &str,
        stems: &[String],
    ) -> Vec<Range<usize>> {
        let searcher = index.passages_reader.searcher();
        let clauses: Vec<(Occur, Box<dyn Query>)> = stems
            .iter()
            .map(|s| (Occur::Should, term_query(index.fields.passage, s, 1.0)))
            .collect();
        let query = BooleanQuery::new(clauses);
        let mut generator =
            SnippetGenerator::create(&searcher, &query, index.fields.passage).unwrap();
        generator.set_max_num_chars(text.len() + 1);
        let snippet = generator.snippet(text);
        let offset = snippet.fragment_range().start;
        snippet
            .highlighted()
            .iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect()
    }

    /// The ASCII path of `tokens` splits, drops and lower-cases as the plain analyzer does.
    #[test]
    fn ascii_tokens_equal_the_plain_analyzer() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let index = SearchIndex::build_in_memory(&kb).unwrap();
        let long = "x".repeat(MAX_TOKEN_BYTES - 1);
        let longer = "Y".repeat(MAX_TOKEN_BYTES);
        let mut texts: Vec<String> = vec![
            String::new(),
            "  Don't use S3-IA; use EC2's i3.metal (x86_64) @ 99.9%!".into(),
            format!("{long} {longer} {long}Z end"),
            "\tTabs\u{7f}and\u{1}controls MiXeD CaSe 2024 a_b".into(),
        ];
        texts.extend(
            kb.entries
                .iter()
                .step_by(3)
                .flat_map(|e| [&e.summary, &e.description, &e.name].map(|t| t.to_string())),
        );
        let mut compared = 0;
        for text in texts.iter().filter(|t| t.is_ascii()) {
            let mut plain = plain_analyzer();
            let mut stream = plain.token_stream(text);
            let mut expected = Vec::new();
            while stream.advance() {
                let t = stream.token();
                expected.push((t.text.clone(), t.offset_from..t.offset_to));
            }
            let got: Vec<(String, Range<usize>)> = index
                .tokens(text)
                .into_iter()
                .map(|t| {
                    assert_eq!(t.stem, index.stem(&t.raw), "{text}");
                    (t.raw, t.range)
                })
                .collect();
            assert_eq!(got, expected, "{text}");
            compared += 1;
        }
        assert!(compared > 100);
    }

    #[test]
    fn highlight_equals_snippet_generator() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let index = SearchIndex::build_in_memory(&kb).unwrap();
        let queries: Vec<Vec<String>> = kb
            .entries
            .iter()
            .step_by(7)
            .flat_map(|e| e.use_cases.iter().chain([&e.summary]))
            .map(|text| {
                let mut stems: Vec<String> =
                    index.tokens(text).into_iter().map(|t| t.stem).collect();
                stems.push("qqzzxq".into());
                stems
            })
            .collect();
        let mut highlighted = 0;
        for (ord, passage) in passages(&kb).iter().enumerate().step_by(5) {
            for stems in queries.iter().skip(ord % 11).step_by(13) {
                let expected = highlight_by_snippet(&index, &passage.text, stems);
                assert_eq!(index.highlight(&passage.text, stems), expected);
                assert_eq!(index.highlight_passage(ord, &passage.text, stems), expected);
                highlighted += usize::from(!expected.is_empty());
            }
        }
        assert!(
            highlighted > 100,
            "only {highlighted} passages had a highlight"
        );
        assert!(index.highlight("", &queries[0]).is_empty());
        assert!(index.highlight("some text", &[]).is_empty());
    }

    #[test]
    fn cached_scoring_equals_tantivy_boolean_query() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let index = SearchIndex::build_in_memory(&kb).unwrap();
        let weights = [1.0, 0.5, 0.7];
        let mut compared = 0;
        for (n, entry) in kb.entries.iter().enumerate().step_by(3) {
            for (k, text) in entry.use_cases.iter().chain([&entry.name]).enumerate() {
                // Mixed weights and an unknown stem, as real queries have.
                let mut terms: Vec<WeightedTerm> = index
                    .tokens(text)
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| WeightedTerm {
                        stem: t.stem,
                        weight: weights[(i + k + n) % weights.len()],
                    })
                    .collect();
                terms.push(WeightedTerm {
                    stem: "qqzzxq".into(),
                    weight: 1.0,
                });
                let fast = index.score(&terms, &BOOSTS).unwrap();
                let reference = score_by_query(&index, &terms);
                assert_eq!(
                    fast.entry.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
                    reference
                        .entry
                        .iter()
                        .map(|s| s.to_bits())
                        .collect::<Vec<_>>(),
                    "entry scores differ for {text:?}"
                );
                assert_eq!(
                    fast.best_passage
                        .iter()
                        .map(|p| p.map(|(o, s)| (o, s.to_bits())))
                        .collect::<Vec<_>>(),
                    reference
                        .best_passage
                        .iter()
                        .map(|p| p.map(|(o, s)| (o, s.to_bits())))
                        .collect::<Vec<_>>(),
                    "best passages differ for {text:?}"
                );
                compared += 1;
            }
        }
        assert!(compared > 300, "compared only {compared} queries");
        // The fast path (precomputed factors) was the one compared, for every field.
        let cache = index.postings.read().unwrap();
        let lists: Vec<&FieldPostings> = cache
            .values()
            .flat_map(|p| p.entry_fields.iter().flatten().chain(&p.passage))
            .collect();
        assert!(lists.len() > 1000);
        assert!(lists.iter().all(|f| f.factors.is_some()));
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

        fn for_segment(
            &self,
            _id: u32,
            segment: &SegmentReader,
        ) -> tantivy::Result<CollectAllSegment> {
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
}
