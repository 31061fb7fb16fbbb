//! Explanations: the words of the question an entry holds, the passage and the user's note that
//! show why it fits, and the contrast with a close runner-up.

use super::tuning::CLOSE_RUNNER_UP;
use super::{AnalyzedQuery, Explanation, Match, MatchedTerm, Ranker};
use crate::index::{PassageSource, Scores};
use crate::model::NoteQuote;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::atomic::Ordering;

impl Ranker<'_> {
    /// The query's terms that occur in an entry's text, in query order.
    pub(super) fn matched_terms(&self, entry: usize, query: &AnalyzedQuery) -> Vec<MatchedTerm> {
        let first_time = !self.matched_before[entry].swap(true, Ordering::Relaxed);
        let first_words;
        let stems = if first_time && self.entry_stems[entry].get().is_none() {
            first_words = self.first_words(entry, query);
            &first_words
        } else {
            self.entry_stems(entry)
        };
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

    /// Of an entry's stems (`entry_stems`), those of the question's terms, with the first word
    /// that produced each: the entry's text is read only until every term the entry holds (as the
    /// index says, which agrees with `entry_stems`) has been found, which for a single question
    /// is a fraction of stemming the whole text of each match.
    fn first_words(&self, entry: usize, query: &AnalyzedQuery) -> FxHashMap<String, String> {
        let mut missing: Vec<&str> = query
            .terms
            .iter()
            .map(|t| t.stem.as_str())
            .filter(|stem| self.index.entries_with(stem).contains(entry))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let mut found = FxHashMap::default();
        for text in self.indexed_texts(entry) {
            if missing.is_empty() {
                break;
            }
            for t in self.index.tokens(&text) {
                if let Some(at) = missing.iter().position(|m| *m == t.stem) {
                    missing.swap_remove(at);
                    found.insert(t.stem, t.raw);
                }
            }
        }
        found
    }

    /// An entry's stems, with the first word that produced each (for display).
    pub(super) fn entry_stems(&self, entry: usize) -> &FxHashMap<String, String> {
        self.entry_stems[entry].get_or_init(|| {
            let mut stems = FxHashMap::default();
            for text in self.indexed_texts(entry) {
                for t in self.index.tokens(&text) {
                    stems.entry(t.stem).or_insert(t.raw);
                }
            }
            stems
        })
    }

    /// The texts of an entry as the index holds them, in order: names whole, and of the other
    /// texts only what they affirm (the words of a negated clause are not the entry's).
    fn indexed_texts(&self, entry: usize) -> impl Iterator<Item = String> + '_ {
        let e = &self.kb.entries[entry];
        let names = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|t| t.to_string());
        let others = [e.summary.as_ref(), e.description.as_ref()]
            .into_iter()
            .chain(e.use_cases.iter().map(|t| t.as_ref()))
            .chain(e.keywords.iter().map(|t| t.as_ref()))
            .chain(self.kb.notes[entry].iter().map(|q| q.text.as_str()))
            .map(crate::negation::affirmed);
        names.chain(others)
    }

    pub(super) fn explain(
        &self,
        entry: usize,
        scores: &Scores,
        query: &AnalyzedQuery,
    ) -> Option<Explanation> {
        let stems: Vec<String> = query.terms.iter().map(|t| t.stem.clone()).collect();
        let (passage, source, highlights) = match scores.best_passage[entry] {
            Some((ord, _)) => {
                let p = self.passage(ord);
                (
                    p.text.clone(),
                    p.source,
                    self.index.highlight_passage(ord, &p.text, &stems),
                )
            }
            None => {
                let summary = &self.kb.entries[entry].summary;
                let highlights = self.index.highlight(summary, &stems);
                (summary.to_string(), PassageSource::Summary, highlights)
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

    /// The contrast between the first two matches, when the second is close enough that the
    /// difference between them is what the reader needs.
    pub(super) fn contrast(
        &self,
        matches: &[Match],
        explain: bool,
    ) -> Option<(usize, usize, String)> {
        match (matches.first(), matches.get(1)) {
            (Some(a), Some(b))
                if explain && b.score > 0.0 && b.score >= CLOSE_RUNNER_UP * a.score =>
            {
                let (ea, eb) = (&self.kb.entries[a.entry], &self.kb.entries[b.entry]);
                self.kb
                    .contrast(&ea.id, &eb.id)
                    .map(|t| (a.entry, b.entry, t.to_string()))
            }
            _ => None,
        }
    }
}
