//! Ranking: from a free-text scenario to scored, explained entries.
//!
//! The steps, each plain data in and out, each in its own file:
//! - `query`: the question is split into words; words that say nothing about the need (stop
//!   words) are dropped, and so are words of a negated clause; synonyms and abbreviations add
//!   their equivalents; every term is weighted (the user's own words count most); the kinds of
//!   entry the question asks for are noted. `typos` corrects words the knowledge base has never
//!   seen to their nearest known words; `names` finds the entries the question names.
//! - `score`: the index scores entries and their passages; coverage, parts and the
//!   question-type prior adjust the scores; the best are kept in order.
//! - `choices`: the same, among the options of a multiple-choice question.
//! - `confidence` and `explain`: for the top of the list, how sure the ranking is, which
//!   words matched, the passage and note that show why, the contrast with a close runner-up.
//! - `tuning`: every knob of the above, in one place.
//!
//! This file holds the [`Ranker`] and the plain data it returns.

mod answer_type;
mod choices;
mod confidence;
mod explain;
mod names;
mod query;
mod score;
mod tuning;
mod typos;

pub use tuning::{CONFIDENT, Tuning};

use names::{NameTable, name_table};
use query::{Phrase, WordFacts, synonym_stems, synonyms_by_first};
use tuning::SOFTMAX_POOL;
use typos::SpellingTable;

use crate::index::{EntrySet, Passage, PassageSource, Scores, SearchIndex};
use crate::knowledge::KnowledgeBase;
use crate::model::{Kind, NoteQuote};
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock, RwLock};

/// Scenarios longer than this (in bytes) are cut; the cut is reported.
pub const MAX_QUERY_BYTES: usize = 4096;
/// At most this many unknown words of one scenario are corrected as typos.
pub const MAX_TYPO_WORDS: usize = 32;

/// How a term of the query came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Own,
    Synonym,
    Typo,
    Joined,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Own => "query",
            Origin::Synonym => "synonym",
            Origin::Typo => "typo",
            Origin::Joined => "joined",
        }
    }
}

/// One term of the analysed query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The word as the user wrote it (lower-cased), or the phrase that brought it in.
    pub word: String,
    pub stem: String,
    pub weight: f32,
    pub origin: Origin,
}

/// "interpreted 'gaurdduty' as 'guardduty'".
#[derive(Debug, Clone, PartialEq)]
pub struct Interpretation {
    pub from: String,
    pub to: String,
    pub origin: Origin,
}

/// The question after analysis.
#[derive(Debug, Clone, Default)]
pub struct AnalyzedQuery {
    pub terms: Vec<QueryTerm>,
    pub interpretations: Vec<Interpretation>,
    /// Words that were dropped as carrying no meaning.
    pub ignored: Vec<String>,
    /// Set when the scenario was cut to `MAX_QUERY_BYTES`.
    pub truncated: bool,
    /// The kinds of entry the question asks for ("Which service …"), if it says.
    pub asked_kinds: Vec<Kind>,
    /// Entries the question names (by name or alias), by index.
    pub named: Vec<usize>,
    /// The answer types the question asks for (indexes into `KnowledgeBase::answer_types`).
    pub asked_types: Vec<usize>,
    /// The members of those types, in knowledge-base order: the entries the question asks for.
    pub asked_members: Vec<usize>,
    /// Concepts whose parts are among `asked_members` ("Advantages of cloud computing" when the
    /// question asks for a benefit): the family, which is never the one answer asked for.
    pub asked_families: Vec<usize>,
    /// Terms in a negated clause ("does not …", "rather than …"), left out of the ranking.
    pub negated: Vec<QueryTerm>,
    /// An exception question ("Which of the following is NOT …"): among options, the one that
    /// fits least is the answer.
    pub exception: bool,
}

impl AnalyzedQuery {
    /// How many terms are the user's own words (not synonyms, corrections or joins): how long
    /// the question is, for the priors that depend on it (`Tuning::long_question`,
    /// `Tuning::name_lookup`).
    pub fn own_term_count(&self) -> usize {
        self.terms
            .iter()
            .filter(|t| t.origin == Origin::Own)
            .count()
    }
}

/// A query word found in an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedTerm {
    pub word: String,
    pub stem: String,
    /// The word as the entry writes it ("calls" in the question, "call" in the entry).
    pub found: String,
    pub origin: Origin,
}

/// Why an entry fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The passage that matched best, and where it comes from.
    pub passage: String,
    pub source: PassageSource,
    /// Byte ranges of `passage` to highlight.
    pub highlights: Vec<Range<usize>>,
    /// The user's own note that supports the match, best first.
    pub note: Option<NoteQuote>,
}

/// One ranked entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entry: usize,
    pub score: f32,
    pub confidence: f32,
    pub matched_terms: Vec<MatchedTerm>,
    pub explanation: Option<Explanation>,
    /// In multiple choice: the option text this match came from.
    pub choice: Option<String>,
}

/// An option of a multiple-choice question that names no entry.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownChoice {
    pub choice: String,
    /// Share of the question's terms that occur in the option's own text.
    pub overlap: f32,
}

/// What `ask` answers.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub query: AnalyzedQuery,
    pub matches: Vec<Match>,
    pub unknown_choices: Vec<UnknownChoice>,
    /// The contrast between the first two matches, when they are close.
    pub contrast: Option<(usize, usize, String)>,
    pub confident: bool,
}

/// Options of one ranking.
#[derive(Debug, Clone)]
pub struct RankOptions {
    /// How many matches to keep.
    pub top: usize,
    /// Whether each match lists the question's words it holds and the passage that fits best
    /// (`Match::matched_terms`, `Match::explanation`), and the answer the contrast between the
    /// first two; without it those stay empty.
    pub explain: bool,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            top: 3,
            explain: true,
        }
    }
}

/// Ranks scenarios against a knowledge base through its index.
pub struct Ranker<'a> {
    pub kb: &'a KnowledgeBase,
    pub index: &'a SearchIndex,
    tuning: Tuning,
    /// Names and aliases as word sequences, by their first word, to find entries a question names.
    names: NameTable,
    /// Each entry's kind, by index (read for every scored entry of every question).
    kinds: Vec<Kind>,
    /// `(part, service)` for every entry that is part of a service, in knowledge-base order.
    service_parts: Vec<(usize, usize)>,
    /// Every name of each entry as written (`resolve::names_of`), for the case check of
    /// one-word names; computed on first use, since a question needs a few entries' names.
    written_names: Vec<OnceLock<Vec<&'a str>>>,
    stop_words: FxHashSet<String>,
    synonyms: Vec<Vec<Phrase>>,
    /// The synonym groups by the first stems of their phrases (`query::synonyms_by_first`).
    synonyms_by_first: FxHashMap<String, Vec<usize>>,
    /// The cues of the answer types, stemmed.
    answer_cues: answer_type::Cues,
    /// Each passage's stems outside negated clauses, and the passages holding each stem: what
    /// options are judged by. Built on the first multiple-choice question.
    passage_stems: OnceLock<choices::PassageStems>,
    /// For each answer type, the entries outside it whose name is one of its cues ("EC2
    /// instance types" for "Which EC2 instance type …"): computed on the first question that
    /// names a type (`query::cue_families`).
    cue_families: OnceLock<Vec<Vec<usize>>>,
    /// Each entry's passages (`index::entry_passages`), computed on first use: splitting every
    /// description into sentences was a good part of a single question's start-up, and a
    /// question shows the passages of a few entries.
    passages: Vec<OnceLock<Vec<Passage>>>,
    /// Each entry's stems, computed on first use: only the entries shown need them.
    entry_stems: Vec<OnceLock<FxHashMap<String, String>>>,
    /// Whether each entry's matched words were asked for before: the first time, its text is
    /// read only as far as the question's words (`matched_terms`); from the second on (a batch),
    /// its stems are computed and kept.
    matched_before: Vec<AtomicBool>,
    /// The vocabulary as typo correction reads it, built on the first unknown word.
    spelling: OnceLock<SpellingTable>,
    /// What the index says about each word seen so far (see [`WordFacts`]); a batch asks about
    /// the same words again and again.
    word_facts: RwLock<FxHashMap<String, Arc<WordFacts>>>,
}

/// `(part, whole)` for every entry that is part of a service or of a feature (the routing
/// policies of Route 53, the kinds of Savings Plans), deepest parts first, so that a part's score
/// reaches the service through the feature it belongs to. A concept's parts (the six advantages
/// of cloud computing, the 7 Rs) are answers themselves and lift nothing.
fn service_parts(kb: &KnowledgeBase) -> Vec<(usize, usize)> {
    let depth = |mut at: usize| {
        let mut depth = 0;
        while let Some(parent) = kb.parents[at] {
            depth += 1;
            at = parent;
        }
        depth
    };
    let mut parts: Vec<(usize, usize)> = kb
        .parents
        .iter()
        .enumerate()
        .filter_map(|(child, parent)| Some((child, (*parent)?)))
        .filter(|&(_, parent)| matches!(kb.entries[parent].kind, Kind::Service | Kind::Feature))
        .collect();
    parts.sort_by_key(|&(child, _)| std::cmp::Reverse(depth(child)));
    parts
}

impl<'a> Ranker<'a> {
    pub fn new(kb: &'a KnowledgeBase, index: &'a SearchIndex) -> Ranker<'a> {
        Ranker::with_tuning(kb, index, Tuning::default())
    }

    pub fn with_tuning(
        kb: &'a KnowledgeBase,
        index: &'a SearchIndex,
        tuning: Tuning,
    ) -> Ranker<'a> {
        let stop_words: FxHashSet<String> =
            kb.stop_words.iter().map(|w| w.to_lowercase()).collect();
        // Built one after the other: side by side (`rayon::join`) they finished no sooner, since
        // a single question then paid for starting rayon's threads.
        let synonyms = synonym_stems(kb, index);
        let names = name_table(kb);
        let answer_cues = match kb.prebuilt_stems() {
            Some(prebuilt) => answer_type::Cues::from_stems(prebuilt.cues),
            None => {
                answer_type::Cues::new(kb.answer_types.iter().map(|t| t.cues.as_slice()), |cue| {
                    index.tokens(cue).into_iter().map(|t| t.stem).collect()
                })
            }
        };
        Ranker {
            kb,
            index,
            tuning,
            kinds: kb.entries.iter().map(|e| e.kind).collect(),
            service_parts: service_parts(kb),
            answer_cues,
            passage_stems: OnceLock::new(),
            cue_families: OnceLock::new(),
            names,
            written_names: (0..kb.len()).map(|_| OnceLock::new()).collect(),
            stop_words,
            synonyms_by_first: synonyms_by_first(&synonyms),
            synonyms,
            passages: (0..kb.len()).map(|_| OnceLock::new()).collect(),
            entry_stems: (0..kb.len()).map(|_| OnceLock::new()).collect(),
            matched_before: (0..kb.len()).map(|_| AtomicBool::new(false)).collect(),
            spelling: OnceLock::new(),
            word_facts: RwLock::new(FxHashMap::default()),
        }
    }

    /// Every name of an entry as written (`resolve::names_of`), borrowed from the entry.
    fn written_names(&self, entry: usize) -> &[&'a str] {
        self.written_names[entry].get_or_init(|| {
            let mut names = Vec::new();
            crate::resolve::for_each_name(&self.kb.entries[entry], |n| names.push(n));
            names
        })
    }

    /// Passage `ord` of the index.
    fn passage(&self, ord: usize) -> &Passage {
        let entry = self.index.passage_entry(ord);
        let passages =
            self.passages[entry].get_or_init(|| crate::index::entry_passages(self.kb, entry));
        &passages[ord - self.index.entry_passage_ords(entry).start]
    }

    /// Ranks every entry for a scenario and keeps the top `opts.top`.
    pub fn ask(&self, scenario: &str, opts: &RankOptions) -> Result<Answer> {
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        // Confidence is shared among the first `SOFTMAX_POOL`: nothing below them is needed.
        let pool = opts.top.max(SOFTMAX_POOL);
        let ranked = self.order(&query, &scores, None, pool);
        let softmax = confidence::confidences(&ranked, self.tuning.temperature);
        // The softmax says how far the first answer stands above the others; how much evidence
        // there is at all is another matter: "make my app better" matches a few common words
        // somewhere, and its best answer must not look sure.
        let own_words = self.own_words(&query);
        let long = query.own_term_count() >= self.tuning.long_question;
        let mut rated: Vec<((usize, f32), f32)> = ranked
            .into_iter()
            .zip(softmax)
            .map(|((entry, score), c)| {
                // An entry a long question names ("Our logs already go to Amazon S3. Which
                // service …") holds the words of its name because the question mentions it,
                // mostly as context: those words are no evidence that it fits.
                let evidence = if long && query.named.contains(&entry) {
                    let name_words = self.name_stems(entry);
                    informative_except(entry, &own_words, &name_words)
                } else {
                    informative(entry, &own_words)
                };
                let strength = confidence::evidence_strength(evidence, self.tuning.evidence_scale);
                ((entry, score), c * strength)
            })
            .collect();
        // The list is in the order of the confidence it shows: an entry that matched the
        // question's rare words ahead of one that matched its common words more often. (On the
        // tune half of the real practice questions: top-1 64.5 → 64.1 %, top-3 80.5 → 81.3 %,
        // MRR 0.735 → 0.736; dev top-1 95.8 → 96.2 %.) Only the first `SOFTMAX_POOL` are
        // reordered, so that the head of the list is the same whatever `--top` asks for.
        let head = rated.len().min(SOFTMAX_POOL);
        rated[..head].sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.0.cmp(&b.0.0)));
        rated.truncate(opts.top);
        let (ranked, confidences): (Vec<(usize, f32)>, Vec<f32>) = rated.into_iter().unzip();
        let mut answer = self.answer(query, &scores, ranked, confidences, opts, &[]);
        answer.confident = confidence::is_confident(&answer.matches);
        Ok(answer)
    }

    /// The question's own words (not the synonyms it did not write), each with the entries that
    /// hold it and its IDF as a share of the rarest possible, for [`informative`]. Which entries
    /// hold a word is read from the index, which agrees with each entry's own stems (the test
    /// `entries_holding_a_stem_agree_with_entry_text`): computing those stems for every entry of
    /// the softmax pool was most of answering a single question.
    fn own_words(&self, query: &AnalyzedQuery) -> Vec<OwnWord> {
        query
            .terms
            .iter()
            .filter(|t| t.origin != Origin::Synonym)
            .map(|t| OwnWord {
                stem: t.stem.clone(),
                holding: self.index.entries_with(&t.stem),
                share: self.idf(&t.stem) / self.max_idf(),
            })
            .collect()
    }

    /// The stems of an entry's name and aliases.
    fn name_stems(&self, entry: usize) -> Vec<String> {
        let e = &self.kb.entries[entry];
        let mut stems: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .flat_map(|n| self.index.tokens(n))
            .map(|t| t.stem)
            .collect();
        stems.sort_unstable();
        stems.dedup();
        stems
    }

    fn answer(
        &self,
        query: AnalyzedQuery,
        scores: &Scores,
        ranked: Vec<(usize, f32)>,
        confidences: Vec<f32>,
        opts: &RankOptions,
        choices: &[(usize, String)],
    ) -> Answer {
        let mut matches: Vec<Match> = ranked
            .iter()
            .zip(&confidences)
            .take(opts.top)
            .map(|(&(entry, score), &confidence)| Match {
                entry,
                score,
                confidence,
                matched_terms: Vec::new(),
                explanation: None,
                choice: choices
                    .iter()
                    .find(|(e, _)| *e == entry)
                    .map(|(_, c)| c.clone()),
            })
            .collect();
        // Without explanations (batch records, eval, quiz distractors) nobody reads the matched
        // words either: listing them was a tenth of a brief batch line's time.
        if opts.explain {
            for m in &mut matches {
                m.matched_terms = self.matched_terms(m.entry, &query);
                m.explanation = self.explain(m.entry, scores, &query);
            }
        }
        let confident = confidence::is_confident(&matches);
        let contrast = self.contrast(&matches, opts.explain);
        Answer {
            query,
            matches,
            unknown_choices: Vec::new(),
            contrast,
            confident,
        }
    }
}

/// How informative the question's words that an entry holds are: each word's IDF as a share of
/// the rarest possible, summed ("suspicious" counts, "make" little). `own_words` is
/// `Ranker::own_words` of the question.
fn informative(entry: usize, own_words: &[OwnWord]) -> f32 {
    informative_except(entry, own_words, &[])
}

/// `informative`, without the words in `except` (sorted stems).
fn informative_except(entry: usize, own_words: &[OwnWord], except: &[String]) -> f32 {
    own_words
        .iter()
        .filter(|w| w.holding.contains(entry) && except.binary_search(&w.stem).is_err())
        .map(|w| w.share)
        .sum()
}

/// A word the question itself holds, for [`informative`].
struct OwnWord {
    stem: String,
    /// The entries that hold it.
    holding: EntrySet,
    /// Its IDF as a share of the rarest possible.
    share: f32,
}

/// The embedded knowledge base and its index in memory, for the unit tests of every stage.
#[cfg(test)]
fn test_world() -> (KnowledgeBase, SearchIndex) {
    let kb = KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).unwrap();
    let index = SearchIndex::build_in_memory(&kb).unwrap();
    (kb, index)
}

#[cfg(test)]
mod tests {
    use super::test_world as world;
    use super::*;

    /// Without `explain`, matches list neither their words nor a passage; the ranking and the
    /// confidences are the same either way.
    #[test]
    fn a_brief_answer_ranks_alike_and_lists_no_words() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let question = "detect suspicious API calls in my account";
        let ask = |explain| {
            ranker
                .ask(question, &RankOptions { top: 5, explain })
                .unwrap()
        };
        let (full, brief) = (ask(true), ask(false));
        let key = |a: &Answer| -> Vec<(usize, u32, u32)> {
            a.matches
                .iter()
                .map(|m| (m.entry, m.score.to_bits(), m.confidence.to_bits()))
                .collect()
        };
        assert_eq!(key(&full), key(&brief));
        assert!(full.matches[0].explanation.is_some());
        assert!(!full.matches[0].matched_terms.is_empty());
        assert!(
            brief
                .matches
                .iter()
                .all(|m| m.matched_terms.is_empty() && m.explanation.is_none())
        );
    }

    /// The evidence of an entry named in a long question leaves out the words of its own name,
    /// and only those.
    #[test]
    fn a_named_entry_is_not_evidence_for_itself() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let entry = kb.index_of("cloudtrail").unwrap();
        let query = ranker.analyze(
            "Every account of ours already sends AWS CloudTrail trails to one bucket, and auditors now want them kept for seven years at the lowest price",
        );
        assert!(query.named.contains(&entry));
        let words = ranker.own_words(&query);
        let name = ranker.name_stems(entry);
        assert!(name.iter().any(|s| s == "cloudtrail"), "{name:?}");
        let all = informative(entry, &words);
        let without = informative_except(entry, &words, &name);
        let of_name: f32 = words
            .iter()
            .filter(|w| w.holding.contains(entry) && name.contains(&w.stem))
            .map(|w| w.share)
            .sum();
        assert!(of_name > 0.0);
        assert!(
            (all - of_name - without).abs() < 1e-5,
            "{all} {of_name} {without}"
        );
    }

    /// Keeping only the head of the ranking changes nothing in it: scores, confidences, order.
    #[test]
    fn the_top_n_is_the_head_of_the_whole_ranking() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let all = RankOptions {
            top: kb.len(),
            explain: false,
        };
        let mut compared = 0;
        for e in kb.entries.iter().step_by(5) {
            for scenario in e.use_cases.iter().take(2) {
                let whole = ranker.ask(scenario, &all).unwrap().matches;
                for top in [1, 3, 10, 25] {
                    let head = ranker
                        .ask(
                            scenario,
                            &RankOptions {
                                top,
                                explain: false,
                            },
                        )
                        .unwrap()
                        .matches;
                    assert_eq!(
                        head.as_slice(),
                        &whole[..top.min(whole.len())],
                        "{scenario}"
                    );
                }
                compared += 1;
            }
        }
        assert!(compared > 50);
    }
}
