//! Ranking: from a free-text scenario to scored, explained entries.
//!
//! The steps, each plain data in and out: the question is split into words; words that say
//! nothing about the need (stop words) are dropped; words the knowledge base has never seen are
//! corrected to their nearest known words; synonyms and abbreviations add their equivalents;
//! every term is weighted (the user's own words count most); the index scores entries and their
//! passages; confidence and explanations are computed for the top of the list.

use crate::index::{EntrySet, PassageSource, Scores, SearchIndex, WeightedTerm};
use crate::knowledge::KnowledgeBase;
use crate::model::{Entry, Kind, NoteQuote};
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

/// The knobs of the ranking, with the values we settled on by measuring (`svcmatch eval`).
/// Kept in one struct so that an experiment can change them without recompiling (`eval --tuning`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tuning {
    /// Weight of a word added because it means the same as a phrase of the question; the
    /// user's own words weigh 1.
    pub synonym: f32,
    /// Weight of a correction at edit distance 1 and 2 of a word the knowledge base does not know.
    pub typo_1: f32,
    pub typo_2: f32,
    /// How much an entry's best passage adds to its whole-entry score. A question whose words
    /// fall together in one use case is stronger evidence than the same words spread out.
    pub passage_weight: f32,
    /// How much a hit counts in each field, in the order of `index::ENTRY_FIELDS`: name,
    /// aliases, keywords, summary, use cases, the user's notes, description. Names and aliases
    /// are short and nearly decisive; keywords are chosen to be distinctive; the summary is one
    /// curated line; descriptions are long and mention neighbours ("unlike CloudTrail, …"), so
    /// their words are the weakest evidence.
    pub field_boosts: [f32; 7],
    /// Confidence is a softmax over the top scores with this temperature, relative to the top
    /// score (so that it does not depend on how long the question is).
    pub temperature: f32,
    /// When the question says what it asks for ("Which service …", "Which pillar …"), entries
    /// of other kinds are multiplied by this.
    pub other_kind: f32,
    /// When the question asks for a service, features are multiplied by this (a feature is
    /// part of a service; the exam's "which service" means the service).
    pub feature_for_service: f32,
    /// In a question of at least `long_question` terms, an entry named in the question is
    /// context ("Amazon S3 already stores the logs …"), rarely the answer: multiplied by this.
    pub named_in_question: f32,
    pub long_question: usize,
    /// In a query of at most `name_lookup` terms, an entry named by the user is what they are
    /// asking about ("guardduty findings"): multiplied by this. (Longer short queries name
    /// services as context as often as exam questions do: "scan EC2 instances for CVEs".)
    pub named_in_short_query: f32,
    pub name_lookup: usize,
    /// Exponent of the share of the question an entry covers (0 turns it off).
    pub coverage: f32,
    /// When the question names the type of its answer ("Which support plan …", "Which S3
    /// storage class …", `data/answer-types.json`), entries of other types are multiplied by this.
    pub outside_asked_type: f32,
    /// A service scores at least this share of its best-scoring part ("S3 static website
    /// hosting" fits → "Amazon S3" fits too), before the question-type prior.
    pub child_share: f32,
    /// Among options, how much the option's own words count beside its entry's score: the
    /// best passage of the knowledge base where the option's words and the question's words
    /// stand together ("tags" with "department" and "cost"), relative to the best option's.
    /// Off: on the exam-dev tune half, 0.3 gave 76.9 % among choices and 1.0 gave 76.1 %, against
    /// 77.7 % without; the evidence still decides which entry an unnamed option stands for.
    pub option_evidence: f32,
    /// Confidence is also multiplied by 1 − e^(−score / evidence_scale): a score well above
    /// this is strong evidence, one well below it is a few common words matched by chance
    /// (a vague "make my app better" scores about 26, a clear need 100 or more). At 80, on the
    /// exam-dev tune half, the first answers given 0.8 or more are right 96 % of the time.
    pub evidence_scale: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            synonym: 0.5,
            typo_1: 0.7,
            typo_2: 0.5,
            passage_weight: 2.0,
            field_boosts: [2.0, 2.0, 2.0, 1.5, 1.5, 1.0, 0.6],
            temperature: 0.12,
            other_kind: 0.7,
            feature_for_service: 0.7,
            named_in_question: 0.7,
            long_question: 8,
            named_in_short_query: 1.5,
            name_lookup: 3,
            child_share: 0.7,
            coverage: 0.5,
            outside_asked_type: 0.5,
            option_evidence: 0.0,
            evidence_scale: 80.0,
        }
    }
}

/// The contrast between the first two is shown when the second scores at least this share of
/// the first: then the difference between them is what the reader needs.
const CLOSE_RUNNER_UP: f32 = 0.5;
/// How many of the best candidates are weighed by how much of the question they cover.
const COVERAGE_POOL: usize = 40;
/// How many candidates share the confidence mass.
const SOFTMAX_POOL: usize = 10;
/// Below this confidence the first answer is reported as "no confident match".
pub const CONFIDENT: f32 = 0.25;
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
    /// Terms in a negated clause ("does not …", "rather than …"), left out of the ranking.
    pub negated: Vec<QueryTerm>,
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
    tuning: Tuning,
    /// Names and aliases as word sequences, by their first word, to find entries a question names.
    names: FxHashMap<String, Vec<NameWords>>,
    /// Every name of each entry as written (`resolve::names_of`), for the case check of
    /// one-word names.
    written_names: Vec<Vec<String>>,
    stop_words: FxHashSet<String>,
    synonyms: Vec<Vec<Phrase>>,
    /// The cues of the answer types, stemmed.
    answer_cues: crate::answer_type::Cues,
    /// Each entry's stems, computed on first use: only the entries shown need them.
    entry_stems: Vec<OnceLock<FxHashMap<String, String>>>,
    /// The vocabulary as typo correction reads it, built on the first unknown word.
    spelling: OnceLock<SpellingTable>,
    /// Each passage's stems outside negated clauses, and the passages holding each stem: what
    /// options are judged by. Built on the first multiple-choice question.
    passage_stems: OnceLock<PassageStems>,
    /// What the index says about each word seen so far (see [`WordFacts`]); a batch asks about
    /// the same words again and again.
    word_facts: RwLock<FxHashMap<String, Arc<WordFacts>>>,
}

/// A name or alias of an entry as `name_words` splits it: lower-cased words, here joined by
/// single spaces (one string instead of one per word: building these is a large part of
/// starting up).
struct NameWords {
    entry: usize,
    joined: String,
    words: usize,
}

impl NameWords {
    /// Whether the name's words are the first words of `words`.
    fn starts(&self, words: &[String]) -> bool {
        words.len() >= self.words && self.joined.split(' ').zip(words).all(|(a, b)| a == b)
    }
}

/// At most this many words are remembered in `Ranker::word_facts`, so that memory stays bounded
/// on endless input; later words are looked up every time.
const WORD_FACTS_LIMIT: usize = 50_000;

/// What the index says about one word of a question.
struct WordFacts {
    /// The word itself occurs in the knowledge base.
    known_word: bool,
    /// Its stem occurs in a scored field, looked up when first needed.
    known_stem: OnceLock<bool>,
    /// The nearest known words, computed when first needed.
    corrections: OnceLock<Vec<(String, usize)>>,
}

/// The vocabulary's words that may be offered as corrections (stop words never are), grouped by
/// length in characters, each with its `letter_set`. Vocabulary order is kept within a length.
#[derive(Default)]
struct SpellingTable {
    /// `by_length[n]`: (index in the vocabulary, letter set) of the words of `n` characters.
    by_length: Vec<Vec<(usize, u64)>>,
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
        // Two independent tables, each a good part of starting up: built side by side.
        let (synonyms, (names, written_names)) =
            rayon::join(|| synonym_stems(kb, index), || name_table(kb));
        let answer_cues = crate::answer_type::Cues::new(
            kb.answer_types.iter().map(|t| t.cues.as_slice()),
            |cue| index.tokens(cue).into_iter().map(|t| t.stem).collect(),
        );
        Ranker {
            kb,
            index,
            tuning,
            answer_cues,
            names,
            written_names,
            stop_words,
            synonyms,
            entry_stems: (0..kb.len()).map(|_| OnceLock::new()).collect(),
            passage_stems: OnceLock::new(),
            spelling: OnceLock::new(),
            word_facts: RwLock::new(FxHashMap::default()),
        }
    }

    /// Splits, cleans, corrects and expands a scenario into weighted terms.
    pub fn analyze(&self, scenario: &str) -> AnalyzedQuery {
        let mut query = AnalyzedQuery::default();
        let text = crate::limits::cut(scenario, MAX_QUERY_BYTES);
        query.truncated = text.len() < scenario.len();
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
        let mut joined_away = HashSet::new();
        for pair in tokens.windows(2) {
            let joined = format!("{}{}", pair[0].raw, pair[1].raw);
            if !self.stop_words.contains(&pair[0].raw)
                && !self.word_facts(&pair[0].raw).known_word
                && self.word_facts(&joined).known_word
            {
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
                    weight: 1.0,
                    origin: Origin::Joined,
                });
            }
        }

        let negated = negated_tokens(text, &tokens);
        let mut typo_candidates = 0;
        for (n, t) in tokens.iter().enumerate() {
            if joined_away.contains(&t.range.start) {
                continue;
            }
            if negated[n] {
                // "does NOT include the response team": these words describe what the answer
                // is not, so they must not count for the entries they match. (Making them count
                // against those entries was measured worse on the dev set: top-1 84.2 → 82.9 %.)
                if !self.stop_words.contains(&t.raw) && self.knows_stem(&t.raw, &t.stem) {
                    query.negated.push(QueryTerm {
                        word: t.raw.clone(),
                        stem: t.stem.clone(),
                        weight: 1.0,
                        origin: Origin::Own,
                    });
                }
                continue;
            }
            if self.stop_words.contains(&t.raw) || t.raw.chars().all(|c| c.is_ascii_digit()) {
                query.ignored.push(t.raw.clone());
                continue;
            }
            let facts = self.word_facts(&t.raw);
            if facts.known_word || self.knows_stem(&t.raw, &t.stem) {
                add(QueryTerm {
                    word: t.raw.clone(),
                    stem: t.stem.clone(),
                    weight: 1.0,
                    origin: Origin::Own,
                });
                continue;
            }
            // Past the first `MAX_TYPO_WORDS` candidates, unknown words are kept as they are: a
            // scenario with that many is not a typo away from anything, and each look-up reads
            // the vocabulary.
            let corrections = if may_be_typo(&t.raw) && typo_candidates < MAX_TYPO_WORDS {
                typo_candidates += 1;
                facts
                    .corrections
                    .get_or_init(|| self.corrections(&t.raw))
                    .clone()
            } else {
                Vec::new()
            };
            if corrections.is_empty() {
                // Unknown and nothing close: it cannot match, but keep it so that the caller
                // can tell "nothing matched" from "nothing to match".
                add(QueryTerm {
                    word: t.raw.clone(),
                    stem: t.stem.clone(),
                    weight: 1.0,
                    origin: Origin::Own,
                });
            }
            for (word, distance) in corrections {
                query.interpretations.push(Interpretation {
                    from: t.raw.clone(),
                    to: word.clone(),
                    origin: Origin::Typo,
                });
                add(QueryTerm {
                    stem: self.index.stem(&word),
                    word,
                    weight: if distance <= 1 {
                        self.tuning.typo_1
                    } else {
                        self.tuning.typo_2
                    },
                    origin: Origin::Typo,
                });
            }
        }

        // Synonyms: a phrase of a group found in the question brings in the group's other phrases.
        let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        let present: FxHashSet<&str> = stems.iter().copied().collect();
        for group in &self.synonyms {
            // Most groups share no word with the question: checking first words is cheaper
            // than looking for every phrase.
            if !group
                .iter()
                .any(|p| p.first().is_some_and(|w| present.contains(w.as_str())))
            {
                continue;
            }
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
                        weight: self.tuning.synonym,
                        origin: Origin::Synonym,
                    });
                }
            }
        }

        let mut terms: Vec<QueryTerm> = bag.into_values().collect();
        terms.sort_by(|a, b| a.stem.cmp(&b.stem));
        query.terms = terms;
        query.asked_kinds = asked_kinds(&tokens);
        let raws: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
        query.asked_types = self.answer_cues.asked(&raws, &stems);
        let mut members: Vec<usize> = query
            .asked_types
            .iter()
            .flat_map(|&t| self.kb.answer_types[t].members.iter().copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        query.asked_members = members;
        // Names are looked for in the question as the reader meant it: typos fixed, split names
        // joined ("gaurd duty" → "guardduty").
        let mut meant = text.to_lowercase();
        for i in &query.interpretations {
            meant = meant.replace(&i.from, &i.to);
        }
        query.named = self.named_entries(text);
        for e in self.named_entries(&meant) {
            if !query.named.contains(&e) {
                query.named.push(e);
            }
        }
        query
    }

    /// Entries whose name or alias the text contains. One-word names must match in their own
    /// case ("Config", "IAM"), so that ordinary words ("config", "backup") are not taken as names.
    fn named_entries(&self, text: &str) -> Vec<usize> {
        let words = name_words(text);
        let original: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut out = Vec::new();
        for (at, w) in words.iter().enumerate() {
            let Some(candidates) = self.names.get(w) else {
                continue;
            };
            for name in candidates {
                let entry = &name.entry;
                if !name.starts(&words[at..]) || out.contains(entry) {
                    continue;
                }
                let case_ok = name.words > 1
                    || original.get(at).is_some_and(|o| {
                        self.written_names[*entry].iter().any(|n| {
                            n.trim() == *o
                                || n.strip_suffix(o)
                                    .is_some_and(|before| before.ends_with(' '))
                        })
                    });
                if case_ok {
                    out.push(*entry);
                }
            }
        }
        out
    }

    /// What the index says about a word, remembered for the next question.
    fn word_facts(&self, raw: &str) -> Arc<WordFacts> {
        if let Some(facts) = self
            .word_facts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(raw)
        {
            return Arc::clone(facts);
        }
        let facts = Arc::new(WordFacts {
            known_word: self.index.knows_word(raw),
            known_stem: OnceLock::new(),
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

    /// Whether the stem of `raw` (which is `stem`) occurs in a scored field.
    fn knows_stem(&self, raw: &str, stem: &str) -> bool {
        *self
            .word_facts(raw)
            .known_stem
            .get_or_init(|| self.index.knows_stem(stem))
    }

    /// The nearest known words to an unknown word: distance 1 for short words, 2 for long ones.
    /// Of several at the same distance, the first three in vocabulary order.
    fn corrections(&self, raw: &str) -> Vec<(String, usize)> {
        if !may_be_typo(raw) {
            return Vec::new();
        }
        let len = raw.chars().count();
        let max = if len <= 7 { 1 } else { 2 };
        let letters = letter_set(raw);
        let vocabulary = self.index.vocabulary();
        let table = self.spelling.get_or_init(|| {
            let mut table = SpellingTable::default();
            for (i, word) in vocabulary.iter().enumerate() {
                if self.stop_words.contains(word) {
                    continue;
                }
                let n = word.chars().count();
                if table.by_length.len() <= n {
                    table.by_length.resize_with(n + 1, Vec::new);
                }
                table.by_length[n].push((i, letter_set(word)));
            }
            table
        });
        // Only words within `max` of the length can be within `max` edits. Every word at the
        // smallest distance is found whatever order the lengths are tried in; ties are then put
        // back in vocabulary order.
        let mut best: Vec<(usize, usize)> = Vec::new();
        let mut best_distance = max + 1;
        let lengths = len.saturating_sub(max)..=len + max;
        for (i, word_letters) in lengths.filter_map(|n| table.by_length.get(n)).flatten() {
            // Each edit changes at most two letters of the set, so this skips words that cannot
            // be within `max` edits before paying for the distance (most of the vocabulary).
            if (letters ^ word_letters).count_ones() as usize > 2 * max {
                continue;
            }
            let d = strsim::damerau_levenshtein(raw, &vocabulary[*i]);
            if d < best_distance {
                best_distance = d;
                best.clear();
            }
            if d == best_distance && d <= max {
                best.push((*i, d));
            }
        }
        best.sort_unstable();
        best.truncate(3);
        best.into_iter()
            .map(|(i, d)| (vocabulary[i].clone(), d))
            .collect()
    }

    /// Ranks every entry for a scenario and keeps the top `opts.top`.
    pub fn ask(&self, scenario: &str, opts: &RankOptions) -> Result<Answer> {
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        // Confidence is shared among the first `SOFTMAX_POOL`: nothing below them is needed.
        let ranked = self.order(&query, &scores, None, opts.top.max(SOFTMAX_POOL));
        let mut answer = self.answer(query, &scores, ranked, opts, &[]);
        // The softmax says how far the first answer stands above the others; how much evidence
        // there is at all is another matter: "make my app better" matches a few common words
        // somewhere, and its best answer must not look sure.
        for m in &mut answer.matches {
            m.confidence *= 1.0 - (-m.score / self.tuning.evidence_scale).exp();
        }
        answer.confident = answer
            .matches
            .first()
            .is_some_and(|m| m.score > 0.0 && m.confidence >= CONFIDENT);
        Ok(answer)
    }

    /// Ranks only the given options of a multiple-choice question. Each option is resolved to an
    /// entry like `show` does (as a member of the asked type first: "Business" under "Which
    /// support plan"); an option that names no entry stands for the entry whose passage holds its
    /// words together with the question's. Options are scored by their entry's fit to the
    /// question and by that passage evidence; options judged by neither are listed after, and
    /// lower the confidence in proportion.
    pub fn ask_choices(
        &self,
        scenario: &str,
        choices: &[String],
        opts: &RankOptions,
    ) -> Result<Answer> {
        let max = crate::limits::MAX_CHOICES;
        if choices.len() > max {
            anyhow::bail!(
                "{} options; a question may have at most {max}",
                choices.len()
            );
        }
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        let judged: Vec<JudgedOption> = choices
            .iter()
            .map(|choice| self.judge_option(&query, choice))
            .collect();
        // Each entry stands for one option: named options first, then by evidence.
        let mut order: Vec<usize> = (0..judged.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&judged[a], &judged[b]);
            y.named
                .is_some()
                .cmp(&x.named.is_some())
                .then(y.evidence.total_cmp(&x.evidence))
                .then(a.cmp(&b))
        });
        let mut allowed: Vec<(usize, String)> = Vec::new();
        let mut evidence: FxHashMap<usize, f32> = FxHashMap::default();
        let mut unknown = Vec::new();
        for n in order {
            let j = &judged[n];
            let free = |e: &usize| !allowed.iter().any(|(taken, _)| taken == e);
            match j.named.filter(free).or(j.evidence_entry.filter(free)) {
                Some(e) => {
                    allowed.push((e, choices[n].clone()));
                    evidence.insert(e, j.evidence);
                }
                None => unknown.push(choices[n].clone()),
            }
        }
        // Options keep the order they were given in among equals.
        allowed.sort_by_key(|(_, c)| choices.iter().position(|x| x == c));
        let fit = self.order(&query, &scores, Some(&allowed), allowed.len());
        let best_fit = fit.iter().map(|(_, s)| *s).fold(0.0f32, f32::max);
        let best_evidence = evidence.values().copied().fold(0.0f32, f32::max);
        let share = |x: f32, best: f32| if best > 0.0 { x / best } else { 0.0 };
        let mut ranked: Vec<(usize, f32)> = fit
            .iter()
            .map(|&(e, s)| {
                let ev = evidence.get(&e).copied().unwrap_or(0.0);
                (
                    e,
                    share(s, best_fit) + self.tuning.option_evidence * share(ev, best_evidence),
                )
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut answer = self.answer(query, &scores, ranked, opts, &allowed);
        // Options that could not be judged keep their share of the doubt.
        let judged_share = allowed.len() as f32 / choices.len().max(1) as f32;
        for m in &mut answer.matches {
            m.confidence *= judged_share;
        }
        answer.confident = answer
            .matches
            .first()
            .is_some_and(|m| m.score > 0.0 && m.confidence >= CONFIDENT);
        let question_stems: HashSet<&str> =
            answer.query.terms.iter().map(|t| t.stem.as_str()).collect();
        answer.unknown_choices = unknown
            .into_iter()
            .map(|choice| {
                let own: HashSet<String> = self
                    .index
                    .tokens(crate::limits::cut(&choice, MAX_QUERY_BYTES))
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

    /// What an option names, and how strongly the knowledge base puts its words together with
    /// the question's.
    fn judge_option(&self, query: &AnalyzedQuery, option: &str) -> JudgedOption {
        let named = crate::resolve::resolve_choice_among(self.kb, option, &query.asked_members);
        let text = crate::limits::cut(option, MAX_QUERY_BYTES);
        let tokens = self.index.tokens(text);
        let negated = negated_tokens(text, &tokens);
        let mut option_stems: Vec<String> = Vec::new();
        for (t, negated) in tokens.iter().zip(negated) {
            if negated || self.stop_words.contains(&t.raw) || !self.knows_stem(&t.raw, &t.stem) {
                continue;
            }
            if !option_stems.contains(&t.stem) {
                option_stems.push(t.stem.clone());
            }
        }
        let (evidence, evidence_entry) = self.option_evidence(query, &option_stems, named);
        JudgedOption {
            named,
            evidence,
            evidence_entry,
        }
    }

    /// The best passage holding the option's words together with the question's: the
    /// IDF-weighted share of the option's words it holds, times the weight of the question's
    /// other words it holds, damped for long passages. With `named`, the entry's own passages
    /// hold the option (its name need not be written in them).
    fn option_evidence(
        &self,
        query: &AnalyzedQuery,
        option_stems: &[String],
        named: Option<usize>,
    ) -> (f32, Option<usize>) {
        // An option that names nothing stands for an entry only when one passage of it holds
        // nearly all of the option's words: a distractor that shares a word or two with the
        // right answer's text must not take its place.
        let strict = named.is_none();
        let table = self.passage_stems.get_or_init(|| PassageStems::build(self));
        let n = self.index.num_entries().max(1) as f32;
        let idf = |stem: &str| (1.0 + n / (self.index.entry_frequency(stem) as f32 + 1.0)).ln();
        let option: Vec<(&str, f32)> = option_stems.iter().map(|s| (s.as_str(), idf(s))).collect();
        let option_total: f32 = option.iter().map(|(_, w)| w).sum();
        let question: FxHashMap<&str, f32> = query
            .terms
            .iter()
            .filter(|t| !option_stems.contains(&t.stem))
            .map(|t| (t.stem.as_str(), t.weight * idf(&t.stem)))
            .collect();
        let mut candidates: FxHashSet<usize> = option
            .iter()
            .filter_map(|(s, _)| table.by_stem.get(*s))
            .flatten()
            .copied()
            .collect();
        if let Some(e) = named {
            candidates.extend(table.by_entry[e].iter().copied());
        }
        let mut best = (0.0f32, None);
        for p in candidates {
            let stems = &table.stems[p];
            let entry = self.index.passages()[p].entry;
            let held: f32 = if Some(entry) == named {
                1.0
            } else if option_total > 0.0 {
                option
                    .iter()
                    .filter(|(s, _)| stems.contains(*s))
                    .map(|(_, w)| w)
                    .sum::<f32>()
                    / option_total
            } else {
                0.0
            };
            if strict && held < UNNAMED_OPTION_HELD {
                continue;
            }
            let asked: f32 = stems.iter().filter_map(|s| question.get(s.as_str())).sum();
            let value = held * asked / (1.0 + stems.len() as f32 / PASSAGE_WORDS).sqrt();
            if value > best.0 {
                best = (value, Some(entry));
            }
        }
        best
    }

    fn scores(&self, query: &AnalyzedQuery) -> Result<Scores> {
        let weighted = |terms: &[QueryTerm]| -> Vec<WeightedTerm> {
            terms
                .iter()
                .map(|t| WeightedTerm {
                    stem: t.stem.clone(),
                    weight: t.weight,
                })
                .collect()
        };
        self.index
            .score(&weighted(&query.terms), &self.tuning.field_boosts)
    }

    /// The best `keep` entries by combined score, best first; ties broken by knowledge-base
    /// order so that the ranking is deterministic.
    fn order(
        &self,
        query: &AnalyzedQuery,
        scores: &Scores,
        allowed: Option<&[(usize, String)]>,
        keep: usize,
    ) -> Vec<(usize, f32)> {
        let t = &self.tuning;
        let own_terms = query
            .terms
            .iter()
            .filter(|q| q.origin == Origin::Own)
            .count();
        let long = own_terms >= t.long_question;
        let mut base: Vec<f32> = (0..scores.entry.len())
            .map(|i| {
                scores.entry[i] + t.passage_weight * scores.best_passage[i].map_or(0.0, |(_, s)| s)
            })
            .collect();
        if t.coverage > 0.0 {
            self.weigh_coverage(query, &mut base, allowed);
        }
        for (child, parent) in self.kb.parents.iter().enumerate() {
            // Only services answer for their parts: a concept's parts (the six advantages of
            // cloud computing, the 7 Rs) are the answers themselves.
            if let Some(p) = *parent
                && self.kb.entries[p].kind == Kind::Service
            {
                base[p] = base[p].max(t.child_share * base[child]);
            }
        }
        let adjusted = |i: usize| {
            let mut s = base[i];
            let kind = self.kb.entries[i].kind;
            if !query.asked_members.is_empty() && query.asked_members.binary_search(&i).is_err() {
                s *= t.outside_asked_type;
            }
            if !query.asked_kinds.is_empty() && !query.asked_kinds.contains(&kind) {
                s *= if kind == Kind::Feature && query.asked_kinds.contains(&Kind::Service) {
                    t.feature_for_service
                } else {
                    t.other_kind
                };
            }
            if query.named.contains(&i) {
                if long {
                    s *= t.named_in_question;
                } else if own_terms <= t.name_lookup {
                    s *= t.named_in_short_query;
                }
            }
            s
        };
        let mut ranked: Vec<(usize, f32)> = match allowed {
            Some(list) => list.iter().map(|(i, _)| (*i, adjusted(*i))).collect(),
            None => (0..base.len())
                .map(|i| (i, adjusted(i)))
                .filter(|(_, s)| *s > 0.0)
                .collect(),
        };
        // The order is total, so selecting the first `keep` and sorting them gives exactly the
        // head of a full sort.
        let best_first =
            |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if keep < ranked.len() {
            ranked.select_nth_unstable_by(keep, best_first);
            ranked.truncate(keep);
        }
        ranked.sort_by(best_first);
        ranked
    }

    /// Multiplies the best candidates' scores by the share of the question they cover: the
    /// IDF-weighted share of the question's own words found anywhere in the entry. An entry that
    /// answers every part of the question ("who" and "deleted" and "bucket") beats one that
    /// matches fewer words more often — BM25 alone favours short entries that repeat one word.
    fn weigh_coverage(
        &self,
        query: &AnalyzedQuery,
        base: &mut [f32],
        allowed: Option<&[(usize, String)]>,
    ) {
        let n = self.index.num_entries().max(1) as f32;
        let own: Vec<(EntrySet, f32)> = query
            .terms
            .iter()
            .filter(|q| q.origin != Origin::Synonym)
            .map(|q| {
                let df = self.index.entry_frequency(&q.stem) as f32;
                (
                    self.index.entries_with(&q.stem),
                    q.weight * (1.0 + n / (df + 1.0)).ln(),
                )
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        let total: f32 = own.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return;
        }
        let candidates: Vec<usize> = match allowed {
            Some(list) => list.iter().map(|(i, _)| *i).collect(),
            None => {
                let mut order: Vec<usize> = (0..base.len()).filter(|&i| base[i] > 0.0).collect();
                // The best `COVERAGE_POOL`, ties to the earlier entry (the order among them
                // does not matter).
                let best_first =
                    |&a: &usize, &b: &usize| base[b].total_cmp(&base[a]).then(a.cmp(&b));
                if COVERAGE_POOL < order.len() {
                    order.select_nth_unstable_by(COVERAGE_POOL, best_first);
                    order.truncate(COVERAGE_POOL);
                }
                order
            }
        };
        let mut weighed = vec![false; base.len()];
        let mut smallest = 1.0f32;
        for &i in &candidates {
            let covered: f32 = own
                .iter()
                .filter(|(holding, _)| holding.contains(i))
                .map(|(_, w)| w)
                .sum();
            let factor = (covered / total).powf(self.tuning.coverage);
            base[i] *= factor;
            weighed[i] = true;
            smallest = smallest.min(factor);
        }
        // Entries outside the pool are not weighed; they get the smallest factor, so that none
        // overtakes a weighed entry only because it was not weighed.
        for (i, s) in base.iter_mut().enumerate() {
            if !weighed[i] {
                *s *= smallest;
            }
        }
    }

    fn answer(
        &self,
        query: AnalyzedQuery,
        scores: &Scores,
        ranked: Vec<(usize, f32)>,
        opts: &RankOptions,
        choices: &[(usize, String)],
    ) -> Answer {
        let confidences = confidences(&ranked, self.tuning.temperature);
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
            (Some(a), Some(b))
                if opts.explain && b.score > 0.0 && b.score >= CLOSE_RUNNER_UP * a.score =>
            {
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
            .filter_map(|t| {
                stems.get(&t.stem).map(|found| MatchedTerm {
                    word: t.word.clone(),
                    stem: t.stem.clone(),
                    found: found.clone(),
                    origin: t.origin,
                })
            })
            .collect()
    }

    /// An entry's stems, with the first word that produced each (for display).
    fn entry_stems(&self, entry: usize) -> &FxHashMap<String, String> {
        self.entry_stems[entry].get_or_init(|| {
            let e = &self.kb.entries[entry];
            let mut stems = FxHashMap::default();
            for text in entry_texts(e).chain(self.kb.notes[entry].iter().map(|q| q.text.as_str())) {
                for t in self.index.tokens(text) {
                    stems.entry(t.stem).or_insert(t.raw);
                }
            }
            stems
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
                let highlights = self.index.highlight(summary, &stems);
                (summary.clone(), PassageSource::Summary, highlights)
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

/// An option of a multiple-choice question as judged: the entry it names, and the passage
/// evidence for it.
struct JudgedOption {
    named: Option<usize>,
    evidence: f32,
    /// The entry of the passage that gave the evidence.
    evidence_entry: Option<usize>,
}

/// The IDF-weighted share of an unnamed option's words that one passage must hold for the option
/// to stand for that passage's entry.
const UNNAMED_OPTION_HELD: f32 = 0.75;

/// The length, in distinct stems, at which a passage's evidence is damped by √2: a long
/// description sentence holds many words by chance.
const PASSAGE_WORDS: f32 = 25.0;

/// Each passage's distinct stems outside negated clauses ("rather than Kubernetes" does not put
/// Kubernetes in the passage), with the passages of each stem and of each entry.
struct PassageStems {
    stems: Vec<FxHashSet<String>>,
    by_stem: FxHashMap<String, Vec<usize>>,
    by_entry: Vec<Vec<usize>>,
}

impl PassageStems {
    fn build(ranker: &Ranker) -> PassageStems {
        let passages = ranker.index.passages();
        let mut table = PassageStems {
            stems: Vec::with_capacity(passages.len()),
            by_stem: FxHashMap::default(),
            by_entry: vec![Vec::new(); ranker.kb.len()],
        };
        for (p, passage) in passages.iter().enumerate() {
            let tokens = ranker.index.tokens(&passage.text);
            let negated = negated_tokens(&passage.text, &tokens);
            let stems: FxHashSet<String> = tokens
                .into_iter()
                .zip(negated)
                .filter(|(t, negated)| !negated && !ranker.stop_words.contains(&t.raw))
                .map(|(t, _)| t.stem)
                .collect();
            for stem in &stems {
                table.by_stem.entry(stem.clone()).or_default().push(p);
            }
            if let Some(list) = table.by_entry.get_mut(passage.entry) {
                list.push(p);
            }
            table.stems.push(stems);
        }
        table
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

fn contains_phrase(stems: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && stems
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| *a == b))
}

/// Softmax over the best scores, with a temperature relative to the top score.
fn confidences(ranked: &[(usize, f32)], temperature: f32) -> Vec<f32> {
    let Some(&(_, top)) = ranked.first() else {
        return Vec::new();
    };
    if top <= 0.0 {
        return vec![0.0; ranked.len()];
    }
    let temperature = temperature * top;
    let weights: Vec<f32> = ranked
        .iter()
        .map(|(_, s)| ((s - top) / temperature).exp())
        .collect();
    let total: f32 = weights.iter().take(SOFTMAX_POOL).sum();
    weights.iter().map(|w| w / total).collect()
}

/// The characters of a word as a set of 64 bits (characters that share a bit only make two
/// words look closer, so the set gives a lower bound of their edit distance).
fn letter_set(word: &str) -> u64 {
    word.chars()
        .fold(0, |set, c| set | 1 << (u32::from(c) % 64))
}

/// The synonym groups, each phrase as stems.
fn synonym_stems(kb: &KnowledgeBase, index: &SearchIndex) -> Vec<Vec<Phrase>> {
    kb.synonyms
        .groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|phrase| index.tokens(phrase).into_iter().map(|t| t.stem).collect())
                .filter(|p: &Phrase| !p.is_empty())
                .collect()
        })
        .collect()
}

/// Names and aliases by their first word, and every name of each entry as written.
fn name_table(kb: &KnowledgeBase) -> (FxHashMap<String, Vec<NameWords>>, Vec<Vec<String>>) {
    let mut names: FxHashMap<String, Vec<NameWords>> = FxHashMap::default();
    let written_names: Vec<Vec<String>> = kb.entries.iter().map(crate::resolve::names_of).collect();
    for (i, written) in written_names.iter().enumerate() {
        let mut joined: Vec<String> = Vec::with_capacity(written.len());
        for name in written.iter().skip(1) {
            let j = joined_name_words(name);
            if !j.is_empty() && !joined.contains(&j) {
                joined.push(j);
            }
        }
        for j in joined {
            let first = j.split(' ').next().unwrap_or_default();
            let name = NameWords {
                entry: i,
                words: j.split(' ').count(),
                joined: j.clone(),
            };
            match names.get_mut(first) {
                Some(list) => list.push(name),
                None => {
                    names.insert(first.to_string(), vec![name]);
                }
            }
        }
    }
    (names, written_names)
}

/// Whether an unknown word is looked up as a typo. Words under five letters are nearly always
/// real words the knowledge base happens not to use ("bank" is not a typo of "back"); words with
/// digits are codes.
fn may_be_typo(raw: &str) -> bool {
    raw.chars().count() >= 5 && !raw.chars().any(|c| c.is_ascii_digit())
}

/// `name_words` joined by single spaces.
fn joined_name_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Lower-cased words, split at anything that is not a letter or digit.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What the question asks for, when it says: "Which AWS service …" → services,
/// "Which Well-Architected pillar …" → pillars, "What is this model called" → concepts.
fn asked_kinds(tokens: &[crate::index::Token]) -> Vec<Kind> {
    let mut kinds = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t.raw.as_str(), "which" | "what") {
            continue;
        }
        for next in tokens.iter().skip(i + 1).take(5) {
            let found: &[Kind] = match next.raw.as_str() {
                "service" | "services" | "tool" | "tools" | "product" => &[Kind::Service],
                "feature" | "features" | "capability" => &[Kind::Feature, Kind::Service],
                "pillar" | "pillars" => &[Kind::Pillar],
                "principle" | "concept" | "term" | "model" | "strategy" | "benefit"
                | "advantage" | "practice" | "approach" | "characteristic" => {
                    &[Kind::Concept, Kind::Pillar]
                }
                _ => &[],
            };
            if !found.is_empty() {
                for k in found {
                    if !kinds.contains(k) {
                        kinds.push(*k);
                    }
                }
                break;
            }
        }
    }
    kinds
}

/// Marks the tokens that stand in a negated clause: from "not", "n't", "never", "rather than",
/// "instead of", "unlike" or "except" to the end of the clause: punctuation, or a word that starts
/// a new clause ("and", "but", "yet", …).
fn negated_tokens(text: &str, tokens: &[crate::index::Token]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut active = false;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let gap = &text[tokens[i - 1].range.end..t.range.start];
            if gap.contains([',', ';', '.', '?', '!', ':', '(', ')']) {
                active = false;
            }
        }
        let previous = i.checked_sub(1).map(|p| tokens[p].raw.as_str());
        let next = tokens.get(i + 1).map(|n| n.raw.as_str());
        match t.raw.as_str() {
            "but" | "and" | "yet" | "so" | "then" | "while" | "whereas" | "although" | "though" => {
                active = false
            }
            "not" | "never" | "unlike" | "except" | "cannot" => {
                active = true;
                continue;
            }
            "t" if matches!(
                previous,
                Some(
                    "doesn" | "don" | "isn" | "aren" | "wasn" | "won" | "can" | "didn" | "shouldn"
                )
            ) =>
            {
                active = true;
                continue;
            }
            "rather" if next == Some("than") => {
                active = true;
                continue;
            }
            "instead" if next == Some("of") => {
                active = true;
                continue;
            }
            _ => {}
        }
        out[i] = active;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{DataSource, KnowledgeBase};

    fn world() -> (KnowledgeBase, SearchIndex) {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let index = SearchIndex::build_in_memory(&kb).unwrap();
        (kb, index)
    }

    /// The first way `corrections` was written: every vocabulary word, in order.
    fn corrections_by_scan(ranker: &Ranker, raw: &str) -> Vec<(String, usize)> {
        let len = raw.chars().count();
        if len < 5 || raw.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let max = if len <= 7 { 1 } else { 2 };
        let mut best: Vec<(String, usize)> = Vec::new();
        let mut best_distance = max + 1;
        for word in ranker.index.vocabulary() {
            if word.chars().count().abs_diff(len) > max || ranker.stop_words.contains(word) {
                continue;
            }
            let d = strsim::damerau_levenshtein(raw, word);
            if d < best_distance {
                best_distance = d;
                best.clear();
            }
            if d == best_distance && d <= max {
                best.push((word.clone(), d));
            }
        }
        best.truncate(3);
        best
    }

    #[test]
    fn corrections_equal_a_full_scan() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let mut words: Vec<String> = ["gaurdduty", "cloudtrial", "encrpytion", "xyzzyq", "naïveté"]
            .map(String::from)
            .into();
        // Typos of vocabulary words: a swap, a deletion, a doubled letter, a changed letter.
        for w in index.vocabulary().iter().step_by(37) {
            let b = w.as_bytes();
            if b.len() < 5 || !w.is_ascii() {
                continue;
            }
            let mut swapped = b.to_vec();
            swapped.swap(1, 2);
            let mut changed = b.to_vec();
            changed[3] = b'q';
            for typo in [
                swapped,
                b[1..].to_vec(),
                [&b[..2], &b[1..]].concat(),
                changed,
            ] {
                words.push(String::from_utf8(typo).unwrap());
            }
        }
        let mut corrected = 0;
        for w in &words {
            let fast = ranker.corrections(w);
            assert_eq!(fast, corrections_by_scan(&ranker, w), "{w}");
            corrected += usize::from(!fast.is_empty());
        }
        assert!(corrected > 100, "only {corrected} words had corrections");
    }

    #[test]
    fn only_the_first_unknown_words_are_corrected() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        // Typos (a doubled letter) of long vocabulary words, each corrected when alone.
        let typos: Vec<String> = index
            .vocabulary()
            .iter()
            .filter(|w| w.len() >= 8 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .step_by(7)
            .map(|w| format!("{}{}", &w[..3], &w[2..]))
            .filter(|t| !ranker.corrections(t).is_empty() && !index.knows_word(t))
            .take(MAX_TYPO_WORDS + 8)
            .collect();
        assert_eq!(typos.len(), MAX_TYPO_WORDS + 8);
        let query = ranker.analyze(&typos.join(" "));
        let corrected: HashSet<&str> = query
            .interpretations
            .iter()
            .filter(|i| i.origin == Origin::Typo)
            .map(|i| i.from.as_str())
            .collect();
        assert_eq!(corrected.len(), MAX_TYPO_WORDS, "{corrected:?}");
        assert!(corrected.contains(typos[0].as_str()));
        assert!(!corrected.contains(typos[MAX_TYPO_WORDS].as_str()));
    }

    /// Coverage reads which entries hold a stem from the index; it must agree with the stems of
    /// each entry's own text, which is what it meant first.
    #[test]
    fn entries_holding_a_stem_agree_with_entry_text() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let mut stems: HashSet<String> = HashSet::new();
        for i in 0..kb.len() {
            for stem in ranker.entry_stems(i).keys() {
                assert!(index.entries_with(stem).contains(i), "{stem} in entry {i}");
                stems.insert(stem.clone());
            }
        }
        for stem in stems.iter().chain([&"qqzzxq".to_string()]) {
            let holding = index.entries_with(stem);
            for j in 0..kb.len() {
                if holding.contains(j) {
                    assert!(
                        ranker.entry_stems(j).contains_key(stem),
                        "{stem} not in {j}"
                    );
                }
            }
        }
        assert!(!index.entries_with("qqzzxq").contains(0));
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
