//! Query analysis: from a scenario to weighted terms. Stop words and digits are dropped, words
//! of a negated clause are set aside, split names are joined, unknown words are corrected
//! (`super::typos`), synonyms add their equivalents, and the question's asked kinds and the
//! entries it names (`super::names`) are noted for the priors of `super::score`.

use super::typos::may_be_typo;
use super::{
    AnalyzedQuery, Interpretation, MAX_QUERY_BYTES, MAX_TYPO_WORDS, Origin, QueryTerm, Ranker,
};
use crate::index::SearchIndex;
use crate::knowledge::KnowledgeBase;
use crate::model::Kind;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock, PoisonError};

/// A synonym phrase, as stems.
pub(super) type Phrase = Vec<String>;

/// At most this many words are remembered in `Ranker::word_facts`, so that memory stays bounded
/// on endless input; later words are looked up every time.
const WORD_FACTS_LIMIT: usize = 50_000;

/// What the index says about one word of a question.
pub(super) struct WordFacts {
    /// The word itself occurs in the knowledge base.
    known_word: bool,
    /// Its stem occurs in a scored field, looked up when first needed.
    known_stem: OnceLock<bool>,
    /// The nearest known words, computed when first needed.
    corrections: OnceLock<Vec<(String, usize)>>,
}

impl Ranker<'_> {
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
            if self.stop_words.contains(&pair[0].raw) || self.word_facts(&pair[0].raw).known_word {
                continue;
            }
            let joined = format!("{}{}", pair[0].raw, pair[1].raw);
            if self.word_facts(&joined).known_word {
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

        let mut negated = negated_tokens(text, &tokens);
        // In an exception question the words after "NOT" say what the right options do; the
        // answer is the option that fits them least (see `ask_choices`).
        if let Some(marker) = exception_marker(text, &tokens) {
            query.exception = true;
            for flag in negated[marker + 1..].iter_mut().take_while(|f| **f) {
                *flag = false;
            }
        }
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
                    let term = QueryTerm {
                        word: t.raw.clone(),
                        stem: t.stem.clone(),
                        weight: 1.0,
                        origin: Origin::Own,
                    };
                    // "does not want to manage servers" is how our use cases put it too
                    // ("… without managing servers"): such words may count a little.
                    if self.tuning.negated_weight > 0.0 {
                        add(QueryTerm {
                            weight: self.tuning.negated_weight,
                            ..term.clone()
                        });
                    }
                    query.negated.push(term);
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
        // Only affirmed words do: "must not be interrupted" must not bring in "interruptible".
        // The answer-type cues below are read from the same affirmed stems: a negated word is no
        // cue either.
        let stems: Vec<&str> = tokens
            .iter()
            .zip(&negated)
            .map(|(t, &negated)| if negated { "" } else { t.stem.as_str() })
            .collect();
        // Most groups share no word with the question: only those with a phrase that starts
        // with one of its stems are looked at, in their order.
        let mut groups: Vec<usize> = stems
            .iter()
            .filter_map(|s| self.synonyms_by_first.get(*s))
            .flatten()
            .copied()
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for group in groups.into_iter().map(|g| &self.synonyms[g]) {
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
        // A question whose every word of substance is negated ("we don't want to patch the
        // hosts") states a preference that the knowledge base words positively ("… without
        // patching servers"): with nothing else to go on, its negated words are the need.
        if terms.iter().all(|t| t.origin == Origin::Synonym) {
            for t in &query.negated {
                if !terms.iter().any(|have| have.stem == t.stem) {
                    terms.push(t.clone());
                }
            }
        }
        terms.sort_by(|a, b| a.stem.cmp(&b.stem));
        query.asked_kinds = asked_kinds(&tokens);
        let words: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
        let (asked_types, cue_stems) = self.answer_cues.asked_with_cues(&words, &stems);
        query.asked_types = asked_types;
        // "Which advantage of the cloud …": the cue says what kind of answer is wanted, which
        // the type's members already get (`outside_asked_type`); as a scoring word it would
        // favour whichever member's text happens to say "advantage".
        if self.tuning.cue_word < 1.0 {
            for t in terms.iter_mut().filter(|t| cue_stems.contains(&t.stem)) {
                t.weight *= self.tuning.cue_word;
            }
            terms.retain(|t| t.weight > 0.0);
        }
        query.terms = terms;
        let mut members: Vec<usize> = query
            .asked_types
            .iter()
            .flat_map(|&t| self.kb.answer_types[t].members.iter().copied())
            .collect();
        for whole in self.asked_parts_of(text, &tokens) {
            members.extend(self.kb.parts_of(whole));
        }
        members.sort_unstable();
        members.dedup();
        let mut families: Vec<usize> = members
            .iter()
            .filter_map(|&m| self.kb.parents[m])
            .filter(|&f| self.kinds[f] == Kind::Concept)
            .collect();
        if !query.asked_types.is_empty() {
            let named_by_cue = self.cue_families();
            families.extend(query.asked_types.iter().flat_map(|&t| &named_by_cue[t]));
        }
        families.sort_unstable();
        families.dedup();
        query.asked_families = families;
        query.asked_members = members;
        // Names are looked for in the question as the reader meant it: typos fixed, split names
        // joined ("gaurd duty" → "guardduty").
        // Without corrections, what the reader meant is the text lower-cased: one pass finds the
        // names of both (for ASCII text, whose lower-casing keeps every word where it was).
        if query.interpretations.is_empty() && text.is_ascii() {
            query.named = self.named_entries_either_case(text);
        } else {
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
        }
        query
    }

    /// The entries whose parts the question asks for: "Which Amazon RDS feature …", "Which
    /// IAM capability …" name the whole between the question word and the word for a part.
    fn asked_parts_of(&self, text: &str, tokens: &[crate::index::Token]) -> Vec<usize> {
        let mut wholes = Vec::new();
        for (at, t) in tokens.iter().enumerate() {
            if !matches!(t.raw.as_str(), "which" | "what") {
                continue;
            }
            let Some(part_word) = tokens
                .iter()
                .skip(at + 1)
                .take(PART_WINDOW)
                .position(|w| PART_WORDS.contains(&w.raw.as_str()))
            else {
                continue;
            };
            let span = &text[t.range.end..tokens[at + 1 + part_word].range.start];
            for e in self.named_entries(span) {
                if self.kb.parents.contains(&Some(e)) && !wholes.contains(&e) {
                    wholes.push(e);
                }
            }
        }
        wholes
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
    pub(super) fn knows_stem(&self, raw: &str, stem: &str) -> bool {
        *self
            .word_facts(raw)
            .known_stem
            .get_or_init(|| self.index.knows_stem(stem))
    }
}

fn contains_phrase(stems: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && stems
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| *a == b))
}

/// For each stem that starts a phrase of a synonym group, the groups with such a phrase, in order.
pub(super) fn synonyms_by_first(synonyms: &[Vec<Phrase>]) -> FxHashMap<String, Vec<usize>> {
    let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (g, group) in synonyms.iter().enumerate() {
        for first in group.iter().filter_map(|p| p.first()) {
            let groups = by_first.entry(first.clone()).or_default();
            if groups.last() != Some(&g) {
                groups.push(g);
            }
        }
    }
    by_first
}

/// Phrases `build.rs` stemmed (`PREBUILT_STEMS`), owned, the empty ones left out as
/// [`synonym_stems`] and `answer_type::Cues::new` leave them out.
pub(super) fn owned_phrases(phrases: &[&[&str]]) -> Vec<Phrase> {
    phrases
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// The synonym groups, each phrase as stems.
pub(super) fn synonym_stems(kb: &KnowledgeBase, index: &SearchIndex) -> Vec<Vec<Phrase>> {
    if let Some(prebuilt) = kb.prebuilt_stems() {
        return prebuilt.synonyms.iter().map(|g| owned_phrases(g)).collect();
    }
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

/// What the question asks for, when it says: "Which AWS service …" → services,
/// "Which Well-Architected pillar …" → pillars, "What is this model called" → concepts.
fn asked_kinds(tokens: &[crate::index::Token]) -> Vec<Kind> {
    let mut kinds = Vec::new();
    // "Splitting a monolith into services is an example of:", "… is described as:": the answer
    // names what the scene is, a concept.
    let raw = |i: usize| tokens.get(i).map_or("", |t| t.raw.as_str());
    if (0..tokens.len()).any(|i| {
        matches!(
            (raw(i), raw(i + 1)),
            ("example" | "examples", "of") | ("described" | "known", "as")
        ) || (raw(i), raw(i + 1), raw(i + 2)) == ("referred", "to", "as")
    }) {
        kinds.extend([Kind::Concept, Kind::Pillar]);
    }
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t.raw.as_str(), "which" | "what") {
            continue;
        }
        for (j, next) in tokens.iter().enumerate().skip(i + 1).take(5) {
            // "Which AWS service or feature …", "service/resource": parts answer too.
            let or_part = || {
                let word = |k: usize| tokens.get(k).map(|t| t.raw.as_str());
                let part = |w: Option<&str>| {
                    matches!(
                        w,
                        Some("feature" | "features" | "resource" | "resources" | "component")
                    )
                };
                part(word(j + 1))
                    || (matches!(word(j + 1), Some("or" | "and")) && part(word(j + 2)))
            };
            let found: &[Kind] = match next.raw.as_str() {
                "service" | "services" | "tool" | "tools" | "product" if or_part() => {
                    &[Kind::Service, Kind::Feature]
                }
                "service" | "services" | "tool" | "tools" | "product" => &[Kind::Service],
                "feature" | "features" | "capability" => &[Kind::Feature, Kind::Service],
                // "Which AWS solution / offering / technology …" names a service or one of its
                // parts more often than a concept.
                "solution" | "solutions" | "offering" | "offerings" | "technology" => {
                    &[Kind::Service, Kind::Feature]
                }
                "pillar" | "pillars" => &[Kind::Pillar],
                "principle" | "concept" | "term" | "model" | "strategy" | "benefit"
                | "advantage" | "practice" | "approach" | "characteristic" | "guideline"
                | "recommendation" => &[Kind::Concept, Kind::Pillar],
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

/// Words that ask for a part of a named service ("Which Amazon S3 feature …").
const PART_WORDS: &[&str] = &[
    "feature",
    "features",
    "capability",
    "capabilities",
    "component",
];
/// How far after "which" the word for a part may stand.
const PART_WINDOW: usize = 6;

/// The token that turns a question into an exception question, one whose answer is the option
/// that does *not* fit: "Which of the following is NOT a benefit …", "… all of the following
/// EXCEPT", "Which service is NOT a …". A "not" elsewhere negates a property of the answer
/// ("Which service does NOT detect threats, but …" asks for the service that fits that).
pub(super) fn exception_marker(text: &str, tokens: &[crate::index::Token]) -> Option<usize> {
    let shouting = text.chars().filter(|c| c.is_ascii_lowercase()).count()
        < text.chars().filter(|c| c.is_ascii_uppercase()).count();
    let written = |t: &crate::index::Token| &text[t.range.clone()];
    let raw = |i: usize| tokens.get(i).map_or("", |t| t.raw.as_str());
    (0..tokens.len()).find(|&i| match raw(i) {
        "except" => !shouting && written(&tokens[i]) == "EXCEPT",
        "not" => {
            let following = tokens[..i]
                .iter()
                .rev()
                .take(EXCEPTION_WINDOW)
                .any(|t| matches!(t.raw.as_str(), "following" | "these"));
            let a_thing_it_is_not = !shouting
                && written(&tokens[i]) == "NOT"
                && matches!(raw(i + 1), "a" | "an" | "one" | "true" | "part");
            following || a_thing_it_is_not
        }
        _ => false,
    })
}

/// How far before "not" the "of the following" of an exception question may stand.
const EXCEPTION_WINDOW: usize = 8;

/// Marks the tokens that stand in a negated clause (see [`crate::negation::negated`]).
pub(super) fn negated_tokens(text: &str, tokens: &[crate::index::Token]) -> Vec<bool> {
    let words: Vec<(std::ops::Range<usize>, &str)> = tokens
        .iter()
        .map(|t| (t.range.clone(), t.raw.as_str()))
        .collect();
    crate::negation::negated(text, &words)
}

impl Ranker<'_> {
    /// For each answer type, the entries outside it whose name, vendor prefix aside, is one of
    /// the type's cues: "EC2 instance types" is the cue of "Which EC2 instance type …" (whose
    /// answers are purchase options), so it names what is asked about, not an answer.
    fn cue_families(&self) -> &[Vec<usize>] {
        self.cue_families.get_or_init(|| {
            let vendor = |stems: Vec<String>| -> Vec<String> {
                stems
                    .into_iter()
                    .filter(|s| s != "aws" && s != "amazon")
                    .collect()
            };
            let name_stems: Vec<Vec<Vec<String>>> = (0..self.kb.len())
                .map(|entry| {
                    let names = self.written_names(entry);
                    names
                        .iter()
                        .map(|n| vendor(self.index.tokens(n).into_iter().map(|t| t.stem).collect()))
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .collect();
            self.kb
                .answer_types
                .iter()
                .enumerate()
                .map(|(t, answer_type)| {
                    let cues: Vec<Vec<String>> = self
                        .answer_cues
                        .of_type(t)
                        .iter()
                        .map(|c| vendor(c.clone()))
                        .filter(|c| !c.is_empty())
                        .collect();
                    (0..self.kb.len())
                        .filter(|i| answer_type.members.binary_search(i).is_err())
                        .filter(|&i| name_stems[i].iter().any(|n| cues.contains(n)))
                        .collect()
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_world as world;
    use super::*;

    fn asked_ids(question: &str) -> Vec<String> {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        ranker
            .analyze(question)
            .asked_members
            .iter()
            .map(|&i| kb.entries[i].id.to_string())
            .collect()
    }

    /// The stems `build.rs` computed for the embedded synonyms and answer-type cues are the ones
    /// the index's analyzer gives.
    #[test]
    fn prebuilt_stems_are_the_computed_stems() {
        let (kb, index) = world();
        let prebuilt = kb
            .prebuilt_stems()
            .expect("the embedded stems are prebuilt");
        let stem = |phrase: &str| -> Vec<String> {
            index.tokens(phrase).into_iter().map(|t| t.stem).collect()
        };
        let owned = |lists: &[&[&[&str]]]| -> Vec<Vec<Vec<String>>> {
            lists
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|p| p.iter().map(|s| s.to_string()).collect())
                        .collect()
                })
                .collect()
        };
        let synonyms: Vec<Vec<Vec<String>>> = kb
            .synonyms
            .groups
            .iter()
            .map(|g| g.iter().map(|p| stem(p)).collect())
            .collect();
        assert_eq!(owned(prebuilt.synonyms), synonyms);
        let cues: Vec<Vec<Vec<String>>> = kb
            .answer_types
            .iter()
            .map(|t| t.cues.iter().map(|c| stem(c)).collect())
            .collect();
        assert_eq!(owned(prebuilt.cues), cues);
    }

    #[test]
    fn a_question_of_negated_words_only_is_asked_by_them() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let stems = |q: &str| -> Vec<String> {
            ranker
                .analyze(q)
                .terms
                .iter()
                .filter(|t| t.origin != Origin::Synonym)
                .map(|t| t.word.clone())
                .collect()
        };
        // Nothing but a preference, negated: its words are the need.
        let only = stems("We don't want to patch the hosts that run our containers");
        assert!(only.contains(&"patch".to_string()), "{only:?}");
        // The pieces of "don't" are no words of the need.
        assert!(!only.iter().any(|w| w == "don" || w == "t"), "{only:?}");
        // With a need of its own, a question keeps its negated words out.
        let mixed = stems("Run containers on a schedule but do not patch the hosts");
        assert!(mixed.contains(&"containers".to_string()), "{mixed:?}");
        assert!(!mixed.contains(&"patch".to_string()), "{mixed:?}");
    }

    #[test]
    fn negated_words_bring_in_no_synonyms() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let synonyms_of = |q: &str| -> Vec<String> {
            ranker
                .analyze(q)
                .terms
                .iter()
                .filter(|t| t.origin == Origin::Synonym)
                .map(|t| t.stem.clone())
                .collect()
        };
        let interrupt = index.stem("tolerate");
        // Affirmed, "can be interrupted" brings in the group's "tolerate interruptions".
        let affirmed = synonyms_of("a batch job that can be interrupted at any time");
        assert!(affirmed.contains(&interrupt), "{affirmed:?}");
        // Denied, it brings in nothing of that group.
        let denied = synonyms_of("a batch job that must not be interrupted, run overnight");
        assert!(!denied.contains(&interrupt), "{denied:?}");
    }

    #[test]
    fn only_the_exams_exception_wording_asks_for_the_option_that_does_not_fit() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let exception = |q: &str| ranker.analyze(q).exception;
        assert!(exception(
            "Which of the following is not a benefit of moving to the cloud?"
        ));
        assert!(exception("Which service is NOT a database service?"));
        assert!(exception("All of these help with availability EXCEPT:"));
        // A negated property of the answer is a need like any other.
        assert!(!exception(
            "Which service does NOT detect threats itself but helps analysts investigate findings?"
        ));
        assert!(!exception(
            "Which service does not need servers to be managed?"
        ));
        assert!(!exception("WHICH SERVICE IS NOT A DATABASE?"));
        // The words after the exception stay in the question: they say what the others do.
        let q = ranker.analyze("Which of the following is NOT a way to connect to a VPC?");
        assert!(q.terms.iter().any(|t| t.word == "vpc"), "{:?}", q.terms);
    }

    #[test]
    fn a_named_answer_type_asks_for_its_members() {
        let plans = asked_ids("Which AWS Support plan includes a technical account manager?");
        assert!(
            plans.contains(&"enterprise-support".to_string()),
            "{plans:?}"
        );
        assert!(!plans.contains(&"guardduty".to_string()));
        let classes = asked_ids("Which S3 storage class suits rarely read archives?");
        assert!(
            classes.contains(&"s3-glacier-deep-archive".to_string()),
            "{classes:?}"
        );
        // Cues of several words, stop words among them.
        for question in [
            "Renting virtual machines whose operating system we patch: which type of cloud computing is that?",
            "Which cloud computing type leaves the guest OS to us?",
        ] {
            let models = asked_ids(question);
            assert!(
                models.contains(&"iaas".to_string()),
                "{question}: {models:?}"
            );
            assert!(!models.contains(&"instance-types".to_string()));
        }
        // No question word, no type: "my support plan" is context here.
        assert!(asked_ids("my support plan is too expensive").is_empty());
    }

    #[test]
    fn service_or_feature_asks_for_both_kinds() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let kinds = |q: &str| ranker.analyze(q).asked_kinds;
        assert_eq!(
            kinds("Which AWS service can cache web pages near users?"),
            [Kind::Service]
        );
        for q in [
            "Which AWS service or feature can cache web pages near users?",
            "Which AWS service or resource can cache web pages near users?",
            "Which service/feature can cache web pages near users?",
            "Which AWS solution runs AWS services inside our own building?",
            "Which AWS offering scans instances for software vulnerabilities?",
        ] {
            let k = kinds(q);
            assert!(
                k.contains(&Kind::Service) && k.contains(&Kind::Feature),
                "{q}: {k:?}"
            );
        }
        assert_eq!(
            kinds("Which guideline helps keep one failing component from stopping the rest?"),
            [Kind::Concept, Kind::Pillar]
        );
        for q in [
            "Running one copy of the app in each of three data centers is an example of:",
            "A system that keeps working when a server fails is described as",
        ] {
            assert_eq!(kinds(q), [Kind::Concept, Kind::Pillar], "{q}");
        }
        assert!(kinds("Show me an example S3 bucket policy").is_empty());
    }

    #[test]
    fn asking_for_a_part_of_a_concept_sets_its_family_aside() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let families = |q: &str| -> Vec<String> {
            let query = ranker.analyze(q);
            query
                .asked_families
                .iter()
                .map(|&i| kb.entries[i].id.to_string())
                .collect()
        };
        assert_eq!(
            families("Which advantage of cloud computing lets a team try ideas quickly?"),
            ["cloud-benefits"]
        );
        assert_eq!(
            families("Which migration strategy moves servers unchanged?"),
            ["migration-strategies"]
        );
        // Exam writers say "instance type" for purchase options and for instance families
        // alike: both are members of the type, so the families entry is not set aside, and the
        // question's need decides.
        assert!(
            !families("Which EC2 instance type suits interruptible batch work?")
                .contains(&"instance-types".to_string())
        );
        let first = |q: &str| {
            let answer = ranker
                .ask(q, &super::super::RankOptions::default())
                .unwrap();
            kb.entries[answer.matches[0].entry].id.to_string()
        };
        assert_eq!(
            first("Which EC2 instance type suits interruptible batch work?"),
            "spot-instances"
        );
        assert_eq!(
            first("Which EC2 instance type suits an in-memory cache that needs a lot of RAM?"),
            "instance-types"
        );
        assert_eq!(families("Which support plan includes a TAM?"), ["support"]);
        // A service's parts do not set the service aside.
        assert!(families("Which Amazon RDS feature keeps a standby?").is_empty());
        let first = ranker
            .ask(
                "Which advantage of cloud computing lets a team try ideas quickly?",
                &super::super::RankOptions::default(),
            )
            .unwrap()
            .matches[0]
            .entry;
        assert_ne!(kb.entries[first].id, "cloud-benefits");
    }

    #[test]
    fn a_feature_of_a_named_service_asks_for_its_parts() {
        let parts = asked_ids("Which Amazon RDS feature keeps a standby in another zone?");
        assert!(parts.contains(&"rds-multi-az".to_string()), "{parts:?}");
        assert!(!parts.contains(&"rds".to_string()));
        assert!(!parts.contains(&"ec2".to_string()));
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
}
