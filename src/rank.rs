//! Ranking: from a free-text scenario to scored, explained entries.
//!
//! The steps, each plain data in and out: the question is split into words; words that say
//! nothing about the need (stop words) are dropped; words the knowledge base has never seen are
//! corrected to their nearest known words; synonyms and abbreviations add their equivalents;
//! every term is weighted (the user's own words count most); the index scores entries and their
//! passages; confidence and explanations are computed for the top of the list.

use crate::index::{PassageSource, Scores, SearchIndex, WeightedTerm};
use crate::knowledge::KnowledgeBase;
use crate::model::{Entry, NoteQuote};
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

/// A term's weight when it is the user's own word.
const OWN_WORD: f32 = 1.0;
/// Weight of a word added because it means the same as a phrase of the question.
const SYNONYM: f32 = 0.5;
/// Weight of a correction at edit distance 1 and 2 of a word the knowledge base does not know.
const TYPO_1: f32 = 0.7;
const TYPO_2: f32 = 0.5;
/// How much an entry's best passage adds to its whole-entry score. A question whose words fall
/// together in one use case is stronger evidence than the same words spread over the entry.
const PASSAGE_WEIGHT: f32 = 1.0;
/// Confidence is a softmax over the top scores, with a temperature proportional to the top score
/// (so that it does not depend on how long the question is). Calibrated with `svcmatch eval`.
const TEMPERATURE: f32 = 0.12;
/// How many candidates share the confidence mass (so at least this many are ranked in order).
const SOFTMAX_POOL: usize = 10;
/// Below this confidence the first answer is reported as "no confident match".
pub const CONFIDENT: f32 = 0.25;
/// Scenarios longer than this (in bytes) are cut; the cut is reported.
pub const MAX_QUERY_BYTES: usize = 4096;

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
}

/// A query word found in an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedTerm {
    pub word: String,
    pub stem: String,
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
    pub top: usize,
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

/// A synonym phrase, as stems.
type Phrase = Vec<String>;

/// Ranks scenarios against a knowledge base through its index.
pub struct Ranker<'a> {
    pub kb: &'a KnowledgeBase,
    pub index: &'a SearchIndex,
    stop_words: FxHashSet<String>,
    synonyms: Vec<Vec<Phrase>>,
    /// The groups of `synonyms` that have a phrase starting with each stem.
    synonym_starts: FxHashMap<String, Vec<usize>>,
    /// The stems of each entry's text, tokenised on first need: a single question needs only
    /// those of the few entries it shows.
    entry_stems: Vec<OnceLock<FxHashSet<String>>>,
    /// What the index says about each word seen so far (see [`WordFacts`]); a batch asks about
    /// the same words again and again.
    word_facts: RwLock<FxHashMap<String, Arc<WordFacts>>>,
    /// Parallel to the index's vocabulary: each word's length in characters, `None` for a stop
    /// word (never offered as a correction).
    spelling: OnceLock<Vec<Option<usize>>>,
}

/// At most this many words are remembered in `Ranker::word_facts`, so that memory stays bounded
/// on endless input; later words are looked up every time.
const WORD_FACTS_LIMIT: usize = 50_000;

/// What the index says about one word.
struct WordFacts {
    /// The word itself occurs in the knowledge base.
    known_word: bool,
    /// The word or its stem occurs in the knowledge base.
    known: bool,
    /// The nearest known words and their stems, computed when first needed.
    corrections: OnceLock<Vec<Correction>>,
}

struct Correction {
    word: String,
    stem: String,
    distance: usize,
}

impl<'a> Ranker<'a> {
    pub fn new(kb: &'a KnowledgeBase, index: &'a SearchIndex) -> Ranker<'a> {
        let stop_words: FxHashSet<String> =
            kb.stop_words.iter().map(|w| w.to_lowercase()).collect();
        let synonyms: Vec<Vec<Phrase>> = kb
            .synonyms
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|phrase| index.tokens(phrase).into_iter().map(|t| t.stem).collect())
                    .filter(|p: &Phrase| !p.is_empty())
                    .collect()
            })
            .collect();
        Ranker {
            kb,
            index,
            stop_words,
            synonym_starts: synonym_starts(&synonyms),
            synonyms,
            entry_stems: (0..kb.len()).map(|_| OnceLock::new()).collect(),
            word_facts: RwLock::new(FxHashMap::default()),
            spelling: OnceLock::new(),
        }
    }

    /// Splits, cleans, corrects and expands a scenario into weighted terms.
    pub fn analyze(&self, scenario: &str) -> AnalyzedQuery {
        let mut query = AnalyzedQuery::default();
        let text = if scenario.len() > MAX_QUERY_BYTES {
            query.truncated = true;
            let mut cut = MAX_QUERY_BYTES;
            while !scenario.is_char_boundary(cut) {
                cut -= 1;
            }
            &scenario[..cut]
        } else {
            scenario
        };
        let tokens = self.index.tokens(text);
        let mut bag: FxHashMap<String, QueryTerm> = FxHashMap::default();
        let mut add = |term: QueryTerm| {
            bag.entry(term.stem.clone())
                .and_modify(|t| {
                    if term.weight > t.weight {
                        *t = term.clone();
                    }
                })
                .or_insert(term);
        };

        // Two words that the knowledge base writes as one: "guard duty" → "guardduty".
        let mut joined_away = FxHashSet::default();
        for pair in tokens.windows(2) {
            if self.stop_words.contains(&pair[0].raw)
                || self.word_facts(&pair[0].raw, &pair[0].stem).known_word
            {
                continue;
            }
            let joined = format!("{}{}", pair[0].raw, pair[1].raw);
            if self.index.knows_word(&joined) {
                let stem = self.index.stem(&joined);
                query.interpretations.push(Interpretation {
                    from: format!("{} {}", pair[0].raw, pair[1].raw),
                    to: joined.clone(),
                    origin: Origin::Joined,
                });
                joined_away.insert(pair[0].range.start);
                joined_away.insert(pair[1].range.start);
                add(QueryTerm {
                    word: joined,
                    stem,
                    weight: OWN_WORD,
                    origin: Origin::Joined,
                });
            }
        }

        for t in &tokens {
            if joined_away.contains(&t.range.start) {
                continue;
            }
            if self.stop_words.contains(&t.raw) || t.raw.chars().all(|c| c.is_ascii_digit()) {
                query.ignored.push(t.raw.clone());
                continue;
            }
            let facts = self.word_facts(&t.raw, &t.stem);
            if facts.known {
                add(QueryTerm {
                    word: t.raw.clone(),
                    stem: t.stem.clone(),
                    weight: OWN_WORD,
                    origin: Origin::Own,
                });
                continue;
            }
            let corrections = facts.corrections.get_or_init(|| self.corrections(&t.raw));
            if corrections.is_empty() {
                // Unknown and nothing close: it cannot match, but keep it so that the caller
                // can tell "nothing matched" from "nothing to match".
                add(QueryTerm {
                    word: t.raw.clone(),
                    stem: t.stem.clone(),
                    weight: OWN_WORD,
                    origin: Origin::Own,
                });
            }
            for c in corrections {
                query.interpretations.push(Interpretation {
                    from: t.raw.clone(),
                    to: c.word.clone(),
                    origin: Origin::Typo,
                });
                add(QueryTerm {
                    stem: c.stem.clone(),
                    word: c.word.clone(),
                    weight: if c.distance <= 1 { TYPO_1 } else { TYPO_2 },
                    origin: Origin::Typo,
                });
            }
        }

        // Synonyms: a phrase of a group found in the question brings in the group's other phrases.
        let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        // Only a group with a phrase starting with one of the question's stems can match.
        let mut candidates: Vec<usize> = stems
            .iter()
            .filter_map(|s| self.synonym_starts.get(*s))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for group in candidates.iter().map(|&g| &self.synonyms[g]) {
            let Some(found) = group.iter().find(|p| contains_phrase(&stems, p)) else {
                continue;
            };
            for phrase in group.iter().filter(|p| *p != found) {
                for stem in phrase {
                    if self.stop_words.contains(stem.as_str()) {
                        continue;
                    }
                    add(QueryTerm {
                        word: found.join(" "),
                        stem: stem.clone(),
                        weight: SYNONYM,
                        origin: Origin::Synonym,
                    });
                }
            }
        }

        let mut terms: Vec<QueryTerm> = bag.into_values().collect();
        terms.sort_by(|a, b| a.stem.cmp(&b.stem));
        query.terms = terms;
        query
    }

    /// What the index says about a word (lower-cased, as tokenised) with stem `stem`.
    fn word_facts(&self, raw: &str, stem: &str) -> Arc<WordFacts> {
        if let Some(facts) = self
            .word_facts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(raw)
        {
            return Arc::clone(facts);
        }
        let known_word = self.index.knows_word(raw);
        let facts = Arc::new(WordFacts {
            known_word,
            known: known_word || self.index.knows_stem(stem),
            corrections: OnceLock::new(),
        });
        let mut cache = self
            .word_facts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if cache.len() < WORD_FACTS_LIMIT {
            cache.insert(raw.to_string(), Arc::clone(&facts));
        }
        facts
    }

    /// The nearest known words to an unknown word: distance 1 for short words, 2 for long ones.
    /// Of several at the same distance, the first three in vocabulary order.
    fn corrections(&self, raw: &str) -> Vec<Correction> {
        let len = raw.chars().count();
        if len < 4 || raw.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let max = if len <= 5 { 1 } else { 2 };
        let mut best: Vec<(&str, usize)> = Vec::new();
        let mut best_distance = max + 1;
        let letters = LetterCounts::of(raw);
        let vocabulary = self.index.vocabulary();
        let spelling = self.spelling.get_or_init(|| {
            vocabulary
                .iter()
                .map(|w| (!self.stop_words.contains(w)).then(|| w.chars().count()))
                .collect()
        });
        for (word, word_len) in vocabulary.iter().zip(spelling) {
            let Some(word_len) = word_len else { continue };
            if word_len.abs_diff(len) > max {
                continue;
            }
            // A word further than the best so far cannot change the result; the letter count
            // bound rules out most of the vocabulary without computing the distance.
            if letters
                .as_ref()
                .is_some_and(|l| l.bag_distance_exceeds(word, best_distance))
            {
                continue;
            }
            let d = strsim::damerau_levenshtein(raw, word);
            if d < best_distance {
                best_distance = d;
                best.clear();
            }
            if d == best_distance && d <= max {
                best.push((word, d));
            }
        }
        best.truncate(3);
        best.into_iter()
            .map(|(word, distance)| Correction {
                word: word.to_string(),
                stem: self.index.stem(word),
                distance,
            })
            .collect()
    }

    /// Ranks every entry for a scenario and keeps the top `opts.top`.
    pub fn ask(&self, scenario: &str, opts: &RankOptions) -> Result<Answer> {
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        let ranked = self.order(&scores, None, opts.top.max(SOFTMAX_POOL));
        Ok(self.answer(query, &scores, ranked, opts, &[]))
    }

    /// Ranks only the given options of a multiple-choice question. Each option is resolved to an
    /// entry like `show` does; options that name no entry are listed after, by their overlap
    /// with the question.
    pub fn ask_choices(
        &self,
        scenario: &str,
        choices: &[String],
        opts: &RankOptions,
    ) -> Result<Answer> {
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        let mut allowed: Vec<(usize, String)> = Vec::new();
        let mut unknown = Vec::new();
        for choice in choices {
            match crate::resolve::resolve_choice(self.kb, choice) {
                Some(i) if !allowed.iter().any(|(e, _)| *e == i) => {
                    allowed.push((i, choice.clone()))
                }
                Some(_) => {}
                None => unknown.push(choice.clone()),
            }
        }
        let ranked = self.order(&scores, Some(&allowed), usize::MAX);
        let mut answer = self.answer(query, &scores, ranked, opts, &allowed);
        let question_stems: HashSet<&str> =
            answer.query.terms.iter().map(|t| t.stem.as_str()).collect();
        answer.unknown_choices = unknown
            .into_iter()
            .map(|choice| {
                let own: HashSet<String> = self
                    .index
                    .tokens(&choice)
                    .into_iter()
                    .map(|t| t.stem)
                    .collect();
                let shared = question_stems.iter().filter(|s| own.contains(**s)).count();
                UnknownChoice {
                    choice,
                    overlap: shared as f32 / question_stems.len().max(1) as f32,
                }
            })
            .collect();
        answer
            .unknown_choices
            .sort_by(|a, b| b.overlap.total_cmp(&a.overlap));
        Ok(answer)
    }

    fn scores(&self, query: &AnalyzedQuery) -> Result<Scores> {
        let terms: Vec<WeightedTerm> = query
            .terms
            .iter()
            .map(|t| WeightedTerm {
                stem: t.stem.clone(),
                weight: t.weight,
            })
            .collect();
        self.index.score(&terms)
    }

    /// Entries by combined score, best first; ties broken by knowledge-base order so that the
    /// ranking is deterministic. Only the first `keep` are returned (and sorted).
    fn order(
        &self,
        scores: &Scores,
        allowed: Option<&[(usize, String)]>,
        keep: usize,
    ) -> Vec<(usize, f32)> {
        let combined = |i: usize| {
            scores.entry[i] + PASSAGE_WEIGHT * scores.best_passage[i].map_or(0.0, |(_, s)| s)
        };
        let mut ranked: Vec<(usize, f32)> = match allowed {
            Some(list) => list.iter().map(|(i, _)| (*i, combined(*i))).collect(),
            None => (0..scores.entry.len())
                .map(|i| (i, combined(i)))
                .filter(|(_, s)| *s > 0.0)
                .collect(),
        };
        let best_first =
            |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        // The order is total (ties go by entry), so selecting then sorting the first `keep` gives
        // exactly the head of a full sort, without sorting the whole knowledge base.
        if keep < ranked.len() {
            ranked.select_nth_unstable_by(keep, best_first);
            ranked.truncate(keep);
        }
        ranked.sort_by(best_first);
        ranked
    }

    fn answer(
        &self,
        query: AnalyzedQuery,
        scores: &Scores,
        ranked: Vec<(usize, f32)>,
        opts: &RankOptions,
        choices: &[(usize, String)],
    ) -> Answer {
        let confidences = confidences(&ranked);
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
        for m in &mut matches {
            m.matched_terms = self.matched_terms(m.entry, &query);
            if opts.explain {
                m.explanation = self.explain(m.entry, scores, &query);
            }
        }
        let confident = matches
            .first()
            .is_some_and(|m| m.score > 0.0 && m.confidence >= CONFIDENT);
        let contrast = match (matches.first(), matches.get(1)) {
            (Some(a), Some(b)) if opts.explain && b.score > 0.0 && b.score >= 0.7 * a.score => {
                let (ea, eb) = (&self.kb.entries[a.entry], &self.kb.entries[b.entry]);
                self.kb
                    .contrast(&ea.id, &eb.id)
                    .map(|t| (a.entry, b.entry, t.to_string()))
            }
            _ => None,
        };
        Answer {
            query,
            matches,
            unknown_choices: Vec::new(),
            contrast,
            confident,
        }
    }

    /// The query's terms that occur in an entry's text, in query order.
    fn matched_terms(&self, entry: usize, query: &AnalyzedQuery) -> Vec<MatchedTerm> {
        let stems = self.entry_stems(entry);
        query
            .terms
            .iter()
            .filter(|t| stems.contains(&t.stem))
            .map(|t| MatchedTerm {
                word: t.word.clone(),
                stem: t.stem.clone(),
                origin: t.origin,
            })
            .collect()
    }

    fn entry_stems(&self, entry: usize) -> &FxHashSet<String> {
        self.entry_stems[entry].get_or_init(|| {
            let e = &self.kb.entries[entry];
            let mut set = FxHashSet::default();
            for text in entry_texts(e).chain(self.kb.notes[entry].iter().map(|q| q.text.as_str())) {
                set.extend(self.index.tokens(text).into_iter().map(|t| t.stem));
            }
            set
        })
    }

    fn explain(&self, entry: usize, scores: &Scores, query: &AnalyzedQuery) -> Option<Explanation> {
        let stems: Vec<String> = query.terms.iter().map(|t| t.stem.clone()).collect();
        let (passage, source, highlights) = match scores.best_passage[entry] {
            Some((ord, _)) => {
                let p = &self.index.passages()[ord];
                (
                    p.text.clone(),
                    p.source,
                    self.index.highlight_passage(ord, &stems),
                )
            }
            None => {
                let summary = &self.kb.entries[entry].summary;
                (
                    summary.clone(),
                    PassageSource::Summary,
                    self.index.highlight(summary, &stems),
                )
            }
        };
        let note = self.best_note(entry, &stems);
        Some(Explanation {
            passage,
            source,
            highlights,
            note,
        })
    }

    /// The user's note for this entry that shares the most terms with the question.
    fn best_note(&self, entry: usize, stems: &[String]) -> Option<NoteQuote> {
        let wanted: HashSet<&str> = stems.iter().map(String::as_str).collect();
        self.kb.notes[entry]
            .iter()
            .map(|q| {
                let shared = self
                    .index
                    .tokens(&q.text)
                    .into_iter()
                    .filter(|t| wanted.contains(t.stem.as_str()))
                    .map(|t| t.stem)
                    .collect::<HashSet<_>>()
                    .len();
                (shared, q)
            })
            .filter(|(shared, _)| *shared > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.line.cmp(&a.1.line)))
            .map(|(_, q)| q.clone())
    }
}

/// All the text of an entry that the index reads.
pub fn entry_texts(e: &Entry) -> impl Iterator<Item = &str> {
    [e.name.as_str(), e.summary.as_str(), e.description.as_str()]
        .into_iter()
        .chain(e.aliases.iter().map(String::as_str))
        .chain(e.use_cases.iter().map(String::as_str))
        .chain(e.keywords.iter().map(String::as_str))
}

/// How many times each ASCII byte occurs in a word (words are at most 40 bytes: the tokenizer
/// drops longer ones).
struct LetterCounts {
    counts: [u8; 128],
    len: usize,
}

impl LetterCounts {
    /// `None` for a word with a non-ASCII letter (no bound is used then).
    fn of(word: &str) -> Option<LetterCounts> {
        let mut counts = [0u8; 128];
        for b in word.bytes() {
            let slot = counts.get_mut(usize::from(b))?;
            *slot = slot.checked_add(1)?;
        }
        Some(LetterCounts {
            counts,
            len: word.len(),
        })
    }

    /// Whether the bag distance to `other` is more than `bound`, stopping as soon as it is.
    ///
    /// The bag distance is the larger of the letters one word has and the other lacks, counted
    /// with multiplicity. Each insertion, deletion, substitution or transposition changes it by
    /// at most one, so it never exceeds the Damerau-Levenshtein distance. No bound (`false`)
    /// when `other` is not ASCII.
    fn bag_distance_exceeds(&self, other: &str, bound: usize) -> bool {
        let mut counts = self.counts;
        let mut extra = 0;
        for b in other.bytes() {
            let Some(slot) = counts.get_mut(usize::from(b)) else {
                return false;
            };
            if *slot > 0 {
                *slot -= 1;
            } else {
                extra += 1;
                if extra > bound {
                    return true;
                }
            }
        }
        self.len - (other.len() - extra) > bound
    }

    /// The bag distance itself, to test `bag_distance_exceeds` against.
    #[cfg(test)]
    fn bag_distance(&self, other: &str) -> usize {
        let mut counts = self.counts;
        let mut shared = 0;
        for b in other.bytes() {
            let Some(slot) = counts.get_mut(usize::from(b)) else {
                return 0;
            };
            if *slot > 0 {
                *slot -= 1;
                shared += 1;
            }
        }
        (self.len - shared).max(other.len() - shared)
    }
}

fn synonym_starts(groups: &[Vec<Phrase>]) -> FxHashMap<String, Vec<usize>> {
    let mut starts: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (g, group) in groups.iter().enumerate() {
        for first in group.iter().filter_map(|phrase| phrase.first()) {
            let list = starts.entry(first.clone()).or_default();
            if list.last() != Some(&g) {
                list.push(g);
            }
        }
    }
    starts
}

fn contains_phrase(stems: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && stems
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| *a == b))
}

/// Softmax over the best scores, with a temperature relative to the top score.
fn confidences(ranked: &[(usize, f32)]) -> Vec<f32> {
    let Some(&(_, top)) = ranked.first() else {
        return Vec::new();
    };
    if top <= 0.0 {
        return vec![0.0; ranked.len()];
    }
    let temperature = TEMPERATURE * top;
    let weights: Vec<f32> = ranked
        .iter()
        .map(|(_, s)| ((s - top) / temperature).exp())
        .collect();
    let total: f32 = weights.iter().take(SOFTMAX_POOL).sum();
    weights.iter().map(|w| w / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The pruning in `corrections` is sound only if the bag distance never exceeds the
        /// edit distance.
        #[test]
        fn bag_distance_is_a_lower_bound(a in "[a-e]{0,12}", b in "[a-e]{0,12}") {
            let letters = LetterCounts::of(&a).unwrap();
            let bound = letters.bag_distance(&b);
            prop_assert!(bound <= strsim::damerau_levenshtein(&a, &b));
            for limit in 0..4 {
                prop_assert_eq!(letters.bag_distance_exceeds(&b, limit), bound > limit);
            }
        }
    }

    #[test]
    fn bag_distance_counts_letters_with_multiplicity() {
        let l = LetterCounts::of("guardduty").unwrap();
        assert_eq!(l.bag_distance("guardduty"), 0);
        assert_eq!(l.bag_distance("gaurdduty"), 0);
        assert_eq!(l.bag_distance("guardduy"), 1);
        assert_eq!(l.bag_distance("guardxxxx"), 4);
    }
}
