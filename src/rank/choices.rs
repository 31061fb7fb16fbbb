//! Multiple choice: ranking only the options of a question.
//!
//! An option is resolved to the entry it names (as a member of the asked type first), or judged
//! by the passage of the knowledge base that holds its words together with the question's.

use super::query::negated_tokens;
use super::tuning::{CLOSE_RUNNER_UP, CONFIDENT};
use super::{AnalyzedQuery, Answer, MAX_QUERY_BYTES, RankOptions, Ranker, UnknownChoice};
use crate::resolve::Naming;
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

impl Ranker<'_> {
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
        let mut judged: Vec<JudgedOption> = choices
            .iter()
            .map(|choice| self.judge_option(&query, choice))
            .collect();
        // Options that name one entry ("DynamoDB using global tables", "DynamoDB behind DAX";
        // "Latency routing", "Simple routing") differ only in their other words: which of them
        // keeps the entry is decided by where the entry's text puts those words with the
        // question's.
        for n in 0..judged.len() {
            let Some(e) = judged[n].named else { continue };
            let rivals: Vec<&str> = judged
                .iter()
                .enumerate()
                .filter(|&(m, j)| m != n && j.named == Some(e))
                .flat_map(|(_, j)| j.stems.iter().map(String::as_str))
                .collect();
            if !rivals.is_empty() {
                judged[n].evidence =
                    self.distinguishing_evidence(&query, &judged[n].stems, &rivals, e);
            }
        }
        // Each entry stands for one option: the plainest naming first, then by evidence.
        let mut order: Vec<usize> = (0..judged.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&judged[a], &judged[b]);
            y.naming
                .cmp(&x.naming)
                .then(y.evidence.total_cmp(&x.evidence))
                .then(a.cmp(&b))
        });
        let mut allowed: Vec<(usize, String)> = Vec::new();
        let mut evidence: FxHashMap<usize, f32> = FxHashMap::default();
        let mut wholes: FxHashMap<usize, usize> = FxHashMap::default();
        let mut unknown = Vec::new();
        for n in order {
            let j = &judged[n];
            let free = |e: &usize| !allowed.iter().any(|(taken, _)| taken == e);
            // An option that names an entry another option already holds ("APN Consulting
            // Partner" beside "APN Technology Partner") stands for nothing else: falling back to
            // the entry its words happen to share a passage with would let an unrelated entry win.
            let stands_for = match j.named {
                Some(e) => Some(e).filter(free),
                None => j.evidence_entry.filter(free),
            };
            match stands_for {
                Some(e) => {
                    allowed.push((e, choices[n].clone()));
                    evidence.insert(e, j.evidence);
                    if let Some(whole) = j.with_whole.filter(|_| j.named == Some(e)) {
                        wholes.insert(e, whole);
                    }
                }
                None => unknown.push(choices[n].clone()),
            }
        }
        // Options keep the order they were given in among equals.
        allowed.sort_by_key(|(_, c)| choices.iter().position(|x| x == c));
        let mut fit = self.order(&query, &scores, Some(&allowed), allowed.len());
        // An option that names a service with one of its parts fits as both do: the service's
        // fit to the question, and the part's for what sets it apart from the service's other
        // parts.
        if !wholes.is_empty() {
            for (e, s) in &mut fit {
                if let Some(&whole) = wholes.get(e) {
                    let alone = [(whole, String::new())];
                    *s += self
                        .order(&query, &scores, Some(&alone), 1)
                        .first()
                        .map_or(0.0, |&(_, w)| w);
                }
            }
            fit.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
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
        self.weigh_contrast(&query, &mut ranked);
        if query.exception {
            fits_least_first(&mut ranked);
        }
        let confidences = super::confidence::confidences(&ranked, self.tuning.temperature);
        let mut answer = self.answer(query, &scores, ranked, confidences, opts, &allowed);
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

    /// When the two best options are close and the knowledge base has a contrast between them
    /// ("KMS is shared and managed; CloudHSM gives you dedicated hardware"), each side of the
    /// contrast is matched against the question and the side that fits adds to its option.
    fn weigh_contrast(&self, query: &AnalyzedQuery, ranked: &mut [(usize, f32)]) {
        let weight = self.tuning.contrast_side;
        let [(a, score_a), (b, score_b), ..] = *ranked else {
            return;
        };
        if weight <= 0.0 || score_b < CLOSE_RUNNER_UP * score_a {
            return;
        }
        let Some((side_a, side_b)) = self.contrast_sides(a, b) else {
            return;
        };
        let (fit_a, fit_b) = (
            self.side_fit(query, side_a, a, b),
            self.side_fit(query, side_b, a, b),
        );
        if fit_a + fit_b <= 0.0 {
            return;
        }
        ranked[0].1 += weight * fit_a / (fit_a + fit_b);
        ranked[1].1 += weight * fit_b / (fit_a + fit_b);
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    }

    /// The contrast between two entries split into what it says of each: "A does this; B does
    /// that" → ("A does this", "B does that"), whichever entry wrote it.
    fn contrast_sides(&self, a: usize, b: usize) -> Option<(&str, &str)> {
        let (ea, eb) = (&self.kb.entries[a], &self.kb.entries[b]);
        let (text, a_first) = match ea.contrast_with(&eb.id) {
            Some(c) => (c.text.as_ref(), true),
            None => (eb.contrast_with(&ea.id)?.text.as_ref(), false),
        };
        let (first, second) = text.split_once("; ")?;
        Some(if a_first {
            (first, second)
        } else {
            (second, first)
        })
    }

    /// The IDF-weighted share of the question's terms found in one side of a contrast, leaving
    /// out the two entries' own names (each side names its entry) and negated words.
    fn side_fit(&self, query: &AnalyzedQuery, side: &str, a: usize, b: usize) -> f32 {
        let table = self.passage_stems.get_or_init(|| PassageStems::build(self));
        let names: FxHashSet<&str> = [a, b]
            .iter()
            .flat_map(|&e| &table.name_stems[e])
            .flatten()
            .map(String::as_str)
            .collect();
        let tokens = self.index.tokens(side);
        let negated = negated_tokens(side, &tokens);
        let stems: FxHashSet<String> = tokens
            .into_iter()
            .zip(negated)
            .filter(|(t, negated)| !negated && !names.contains(t.stem.as_str()))
            .map(|(t, _)| t.stem)
            .collect();
        query
            .terms
            .iter()
            .filter(|t| stems.contains(&t.stem))
            .map(|t| t.weight * self.idf(&t.stem))
            .sum()
    }

    /// What an option names, and how strongly the knowledge base puts its words together with
    /// the question's.
    fn judge_option(&self, query: &AnalyzedQuery, option: &str) -> JudgedOption {
        let text = crate::limits::cut(option, MAX_QUERY_BYTES);
        let tokens = self.index.tokens(text);
        let naming = crate::resolve::resolve_choice_how(self.kb, option, &query.asked_members)
            .or_else(|| self.named_by_stems(&tokens))
            // A service named with one of its parts ("DynamoDB using its global tables") is the part.
            .map(|(e, how)| match how {
                Naming::Mentioned => (
                    crate::resolve::part_named_with(self.kb, e, option).unwrap_or(e),
                    how,
                ),
                _ => (e, how),
            });
        // Only an option that is more than the part's own name claims its whole too: "S3
        // Standard-IA" is a storage class, "Amazon DynamoDB behind DAX" is DynamoDB used with DAX.
        let with_whole = naming
            .filter(|(_, how)| matches!(how, Naming::Mentioned | Naming::Abbreviation))
            .and_then(|(e, _)| crate::resolve::names_whole_of(self.kb, e, option));
        if naming
            .is_some_and(|(e, _)| crate::resolve::contradicts_name(&self.kb.entries[e], option))
        {
            // A name turned around says the opposite of the entry: no entry stands for it.
            return JudgedOption {
                named: None,
                naming: None,
                with_whole: None,
                stems: Vec::new(),
                evidence: 0.0,
                evidence_entry: None,
            };
        }
        let named = naming.map(|(i, _)| i);
        let negated = negated_tokens(text, &tokens);
        let mut option_stems: Vec<String> = Vec::new();
        let mut unknown_words = 0;
        for (t, negated) in tokens.iter().zip(negated) {
            if negated || self.stop_words.contains(&t.raw) {
                continue;
            }
            if !self.knows_stem(&t.raw, &t.stem) {
                unknown_words += 1;
                continue;
            }
            if !option_stems.contains(&t.stem) {
                option_stems.push(t.stem.clone());
            }
        }
        let (evidence, evidence_entry) =
            self.option_evidence(query, &option_stems, unknown_words, named);
        JudgedOption {
            named,
            naming: naming.map(|(_, how)| how),
            with_whole,
            stems: option_stems,
            evidence,
            evidence_entry,
        }
    }

    /// How well the words of an option beyond its entry's name fit the question: the best
    /// passage of the entry (or of its parts) holding those words, weighed by the question's
    /// words it also holds. A passage that also holds the words of the `rivals` (the other
    /// options naming the entry) lists them all ("simple, weighted, latency, failover") and
    /// separates none.
    fn distinguishing_evidence(
        &self,
        query: &AnalyzedQuery,
        stems: &[String],
        rivals: &[&str],
        entry: usize,
    ) -> f32 {
        let table = self.passage_stems.get_or_init(|| PassageStems::build(self));
        let name = table.name_stems[entry].first();
        let beyond_name = |s: &str| name.is_none_or(|n| !n.contains(s));
        let own: Vec<(&str, f32)> = stems
            .iter()
            .filter(|s| beyond_name(s))
            .map(|s| (s.as_str(), self.idf(s)))
            .collect();
        let rival_only: Vec<&str> = rivals
            .iter()
            .copied()
            .filter(|s| beyond_name(s) && !stems.iter().any(|o| o == s))
            .collect();
        let total: f32 = own.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let question = self.question_weights(query, stems);
        std::iter::once(entry)
            .chain(self.kb.parts_of(entry))
            .flat_map(|e| &table.by_entry[e])
            .filter(|&&p| !rival_only.iter().any(|s| table.stems[p].contains(*s)))
            .map(|&p| {
                let passage = &table.stems[p];
                passage_fit(held_share(&own, passage, total), passage, &question)
            })
            .fold(0.0, f32::max)
    }

    /// The question's words other than the option's own, each weighed by its weight times its
    /// IDF: what a passage that holds the option's words must also hold.
    fn question_weights<'q>(
        &self,
        query: &'q AnalyzedQuery,
        option_stems: &[String],
    ) -> FxHashMap<&'q str, f32> {
        query
            .terms
            .iter()
            .filter(|t| !option_stems.contains(&t.stem))
            .map(|t| (t.stem.as_str(), t.weight * self.idf(&t.stem)))
            .collect()
    }

    /// The entry one of whose names' stems the option holds, when they make up at least half of
    /// the option's own stems; of several, the longest name.
    fn named_by_stems(&self, tokens: &[crate::index::Token]) -> Option<(usize, Naming)> {
        let table = self.passage_stems.get_or_init(|| PassageStems::build(self));
        let own: FxHashSet<&str> = tokens
            .iter()
            .filter(|t| !self.stop_words.contains(&t.raw))
            .map(|t| t.stem.as_str())
            .collect();
        // A name whose stems the option holds is listed under one of the option's stems.
        own.iter()
            .filter_map(|stem| table.names_by_stem.get(*stem))
            .flatten()
            .map(|&(e, n)| (e, &table.name_stems[e][n]))
            .filter(|(_, name)| {
                2 * name.len() >= own.len() && name.iter().all(|s| own.contains(s.as_str()))
            })
            .max_by_key(|(e, name)| (name.len(), std::cmp::Reverse(*e)))
            .map(|(e, _)| (e, Naming::Stems))
    }

    /// The best passage holding the option's words together with the question's: the
    /// IDF-weighted share of the option's words it holds, times the weight of the question's
    /// other words it holds, damped for long passages. With `named`, the entry's own passages
    /// hold the option (its name need not be written in them).
    fn option_evidence(
        &self,
        query: &AnalyzedQuery,
        option_stems: &[String],
        unknown_words: usize,
        named: Option<usize>,
    ) -> (f32, Option<usize>) {
        // An option that names nothing stands for an entry only when one passage of it holds
        // nearly all of the option's words: a distractor that shares a word or two with the
        // right answer's text must not take its place.
        let strict = named.is_none();
        let table = self.passage_stems.get_or_init(|| PassageStems::build(self));
        let option: Vec<(&str, f32)> = option_stems
            .iter()
            .map(|s| (s.as_str(), self.idf(s)))
            .collect();
        // A word the knowledge base has never seen ("NaaS") is the rarest word there is: no
        // passage holds it, so an option made of it is not what any passage describes.
        let option_total: f32 =
            option.iter().map(|(_, w)| w).sum::<f32>() + unknown_words as f32 * self.max_idf();
        let question = self.question_weights(query, option_stems);
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
            let entry = self.index.passage_entry(p);
            let held: f32 = if Some(entry) == named {
                1.0
            } else if option_total > 0.0 {
                held_share(&option, stems, option_total)
            } else {
                0.0
            };
            if strict && held < UNNAMED_OPTION_HELD {
                continue;
            }
            let value = passage_fit(held, stems, &question);
            if value > best.0 {
                best = (value, Some(entry));
            }
        }
        best
    }
}

/// The share of `total` (the IDF weights of some words) that the words a passage holds make up.
fn held_share(words: &[(&str, f32)], passage: &FxHashSet<String>, total: f32) -> f32 {
    words
        .iter()
        .filter(|(s, _)| passage.contains(*s))
        .map(|(_, w)| w)
        .sum::<f32>()
        / total
}

/// How well a passage that holds `held` of an option's words fits the question: times the
/// weight of the question's words it holds, damped for long passages.
fn passage_fit(held: f32, passage: &FxHashSet<String>, question: &FxHashMap<&str, f32>) -> f32 {
    let asked: f32 = passage
        .iter()
        .filter_map(|s| question.get(s.as_str()))
        .sum();
    held * asked / (1.0 + passage.len() as f32 / PASSAGE_WORDS).sqrt()
}

/// Reorders an exception question's options ("Which is NOT …") so that the option that fits the
/// question least comes first: each option scores by how far it falls below the best fit. The
/// options that fit all fall near zero together, so confidence stays modest unless one option
/// stands far below the rest.
fn fits_least_first(ranked: &mut [(usize, f32)]) {
    let best = ranked.iter().map(|(_, s)| *s).fold(0.0f32, f32::max);
    for (_, s) in ranked.iter_mut() {
        *s = best - *s;
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// An option of a multiple-choice question as judged: the entry it names, and the passage
/// evidence for it.
struct JudgedOption {
    named: Option<usize>,
    naming: Option<crate::resolve::Naming>,
    /// The service an option names along with `named`, one of its parts ("Amazon DynamoDB using
    /// its global tables"): the option claims both.
    with_whole: Option<usize>,
    /// The option's own stems, stop words and negated words left out.
    stems: Vec<String>,
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
pub(super) struct PassageStems {
    stems: Vec<FxHashSet<String>>,
    /// Each entry's names and aliases as sets of stems, stop words left out.
    name_stems: Vec<Vec<FxHashSet<String>>>,
    /// (entry, name) of each non-empty name of `name_stems`, under one of its stems (any one:
    /// an option that holds the name holds them all), so that an option tries only the names
    /// listed under its own stems instead of all 3,000.
    names_by_stem: FxHashMap<String, Vec<(usize, usize)>>,
    by_stem: FxHashMap<String, Vec<usize>>,
    by_entry: Vec<Vec<usize>>,
}

impl PassageStems {
    fn build(ranker: &Ranker) -> PassageStems {
        let passages = crate::index::passages(ranker.kb);
        let mut table = PassageStems {
            stems: Vec::with_capacity(passages.len()),
            by_stem: FxHashMap::default(),
            by_entry: vec![Vec::new(); ranker.kb.len()],
            name_stems: ranker
                .kb
                .entries
                .iter()
                .map(|e| {
                    crate::resolve::names_of(e)
                        .iter()
                        .map(|n| {
                            ranker
                                .index
                                .tokens(n)
                                .into_iter()
                                .filter(|t| !ranker.stop_words.contains(&t.raw))
                                .map(|t| t.stem)
                                .collect()
                        })
                        .collect()
                })
                .collect(),
            names_by_stem: FxHashMap::default(),
        };
        for (e, names) in table.name_stems.iter().enumerate() {
            for (n, name) in names.iter().enumerate() {
                if let Some(stem) = name.iter().next() {
                    table
                        .names_by_stem
                        .entry(stem.clone())
                        .or_default()
                        .push((e, n));
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::super::test_world as world;
    use super::*;

    fn ids(kb: &crate::knowledge::KnowledgeBase, answer: &Answer) -> Vec<String> {
        answer
            .matches
            .iter()
            .map(|m| kb.entries[m.entry].id.to_string())
            .collect()
    }

    /// `named_by_stems` as it was: every name of every entry tried.
    fn named_by_stems_brute_force(
        ranker: &Ranker,
        tokens: &[crate::index::Token],
    ) -> Option<usize> {
        let table = ranker
            .passage_stems
            .get_or_init(|| PassageStems::build(ranker));
        let own: FxHashSet<&str> = tokens
            .iter()
            .filter(|t| !ranker.stop_words.contains(&t.raw))
            .map(|t| t.stem.as_str())
            .collect();
        table
            .name_stems
            .iter()
            .enumerate()
            .flat_map(|(e, names)| names.iter().map(move |n| (e, n)))
            .filter(|(_, name)| {
                !name.is_empty()
                    && 2 * name.len() >= own.len()
                    && name.iter().all(|s| own.contains(s.as_str()))
            })
            .max_by_key(|(e, name)| (name.len(), std::cmp::Reverse(*e)))
            .map(|(e, _)| e)
    }

    #[test]
    fn names_found_by_stems_are_those_every_name_tried_finds() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let names: Vec<String> = kb
            .entries
            .iter()
            .flat_map(crate::resolve::names_of)
            .collect();
        let mut found = 0;
        for (n, name) in names.iter().enumerate() {
            let other = &names[(n * 7919) % names.len()];
            for option in [
                name.clone(),
                format!("Use {name} to loosely couple components"),
                format!("{name} and {other}"),
                format!("{other} with {name}s for the root user"),
            ] {
                let tokens = ranker.index.tokens(&option);
                let indexed = ranker.named_by_stems(&tokens).map(|(e, _)| e);
                assert_eq!(
                    indexed,
                    named_by_stems_brute_force(&ranker, &tokens),
                    "{option:?}"
                );
                found += usize::from(indexed.is_some());
            }
        }
        assert!(found > names.len(), "the options name entries ({found})");
    }

    #[test]
    fn bare_words_are_read_as_members_of_the_asked_type() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let options: Vec<String> = ["Basic", "Developer", "Business", "Enterprise"]
            .map(String::from)
            .to_vec();
        let answer = ranker
            .ask_choices(
                "Which support plan is the cheapest with a technical account manager?",
                &options,
                &RankOptions {
                    top: 4,
                    explain: false,
                },
            )
            .unwrap();
        assert!(answer.unknown_choices.is_empty());
        let mut got = ids(&kb, &answer);
        got.sort();
        assert_eq!(
            got,
            [
                "basic-support",
                "business-support",
                "developer-support",
                "enterprise-support"
            ]
        );
    }

    #[test]
    fn an_option_that_names_nothing_stands_for_the_entry_that_holds_its_words() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let options: Vec<String> = [
            "Tag each resource with its department",
            "Open one shared account for everyone",
        ]
        .map(String::from)
        .to_vec();
        let answer = ranker
            .ask_choices(
                "How can costs be split by department on the bill?",
                &options,
                &RankOptions::default(),
            )
            .unwrap();
        // The first option is judged by a billing entry that holds "tag" and "department" with
        // the question's "cost"; the second holds no such passage.
        let first = answer.matches.first().expect("an option is judged");
        assert_eq!(first.choice.as_deref(), Some(options[0].as_str()));
        assert_eq!(
            kb.entries[first.entry].domain,
            crate::model::Domain::Billing
        );
    }

    #[test]
    fn an_exception_question_puts_the_option_that_fits_least_first() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let options: Vec<String> = ["Amazon RDS", "Amazon Aurora", "Amazon DynamoDB"]
            .map(String::from)
            .to_vec();
        let ask = |q: &str| {
            let answer = ranker
                .ask_choices(q, &options, &RankOptions::default())
                .unwrap();
            ids(&kb, &answer)[0].clone()
        };
        assert_eq!(
            ask("Which of the following is NOT a relational database service?"),
            "dynamodb"
        );
        assert_ne!(ask("Which is a relational database service?"), "dynamodb");
    }

    #[test]
    fn options_naming_one_entry_are_told_apart_by_their_other_words() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let routing: Vec<String> = [
            "Failover routing",
            "Weighted routing",
            "Latency-based routing",
            "Simple routing",
        ]
        .map(String::from)
        .to_vec();
        let picked = |q: &str, options: &[String]| {
            let answer = ranker
                .ask_choices(q, options, &RankOptions::default())
                .unwrap();
            answer.matches[0].choice.clone().unwrap()
        };
        for (question, option) in [
            (
                "Send 10 percent of users to the new release and the rest to the old one",
                "Weighted routing",
            ),
            (
                "Move users to a standby site in another Region when the primary is unhealthy",
                "Failover routing",
            ),
            (
                "Send each user to the Region that answers them fastest",
                "Latency-based routing",
            ),
        ] {
            assert_eq!(picked(question, &routing), option, "{question}");
        }
        let dynamodb: Vec<String> = [
            "Amazon DynamoDB using its global tables",
            "Amazon DynamoDB behind a DynamoDB Accelerator (DAX) cache",
            "Amazon RDS",
            "Amazon ElastiCache",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            picked(
                "Microsecond reads from our DynamoDB table through an in-memory cache",
                &dynamodb
            ),
            "Amazon DynamoDB behind a DynamoDB Accelerator (DAX) cache"
        );
        // Each names DynamoDB with one of its parts: the part decides.
        assert_eq!(
            picked(
                "Repeated reads of a key-value table must come back in microseconds",
                &dynamodb
            ),
            "Amazon DynamoDB behind a DynamoDB Accelerator (DAX) cache"
        );
        assert_eq!(
            picked(
                "Players on two continents write their profiles to the same key-value table with low latency",
                &dynamodb
            ),
            "Amazon DynamoDB using its global tables"
        );
    }

    #[test]
    fn an_option_naming_an_entry_another_option_holds_stands_for_nothing_else() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let options: Vec<String> = [
            "AWS Config",
            "AWS Config rules recording API calls made in the account",
            "Amazon Inspector",
        ]
        .map(String::from)
        .to_vec();
        let answer = ranker
            .ask_choices(
                "Which service records who made an API call in the account?",
                &options,
                &RankOptions::default(),
            )
            .unwrap();
        // The second option's words share a passage with CloudTrail, but it names AWS Config,
        // which the first option holds: it is not judged as CloudTrail.
        assert!(!ids(&kb, &answer).contains(&"cloudtrail".to_string()));
        assert_eq!(answer.unknown_choices.len(), 1);
        assert_eq!(answer.unknown_choices[0].choice, options[1]);
    }

    #[test]
    fn options_that_cannot_be_judged_lower_the_confidence() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let question = "Which service blocks SQL injection against a web application?";
        let named: Vec<String> = ["AWS WAF"].map(String::from).to_vec();
        let mixed: Vec<String> = [
            "AWS WAF",
            "qzxv wrplk",
            "mmnb ttrq",
            "kkjh ffdsa",
            "pplo vvcx",
        ]
        .map(String::from)
        .to_vec();
        let alone = ranker
            .ask_choices(question, &named, &RankOptions::default())
            .unwrap();
        let among = ranker
            .ask_choices(question, &mixed, &RankOptions::default())
            .unwrap();
        assert_eq!(among.unknown_choices.len(), 4);
        let (a, b) = (alone.matches[0].confidence, among.matches[0].confidence);
        assert!(
            b < a / 2.0,
            "{a} alone, {b} with three options nobody can judge"
        );
        assert!(!among.confident);
    }
}
