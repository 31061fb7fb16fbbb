//! Scoring and priors: the index's scores of entries and passages, weighed by how much of the
//! question each entry covers, services lifted by their parts, then the question-type and
//! named-entry priors; the best kept in a deterministic order.

use super::tuning::COVERAGE_POOL;
use super::{AnalyzedQuery, Origin, QueryTerm, Ranker};
use crate::index::{EntrySet, Scores, WeightedTerm};
use crate::model::Kind;
use anyhow::Result;

impl Ranker<'_> {
    /// How rare a stem is among entries: ln(1 + N / (entries holding it + 1)). Coverage, option
    /// evidence, contrast sides and confidence all weigh words by it.
    pub(super) fn idf(&self, stem: &str) -> f32 {
        let n = self.index.num_entries().max(1) as f32;
        (1.0 + n / (self.index.entry_frequency(stem) as f32 + 1.0)).ln()
    }

    /// The IDF of a stem no entry holds: the largest there is.
    pub(super) fn max_idf(&self) -> f32 {
        (1.0 + self.index.num_entries().max(1) as f32).ln()
    }

    pub(super) fn scores(&self, query: &AnalyzedQuery) -> Result<Scores> {
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
    pub(super) fn order(
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
                    // A service named with its parts is still often the answer ("connect to
                    // an Amazon EC2 server …"); a concept family is not.
                    if kind != Kind::Service && self.kb.parents.contains(&Some(i)) {
                        s *= t.named_family;
                    }
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
        let own: Vec<(EntrySet, f32)> = query
            .terms
            .iter()
            .filter(|q| q.origin != Origin::Synonym)
            .map(|q| {
                (
                    self.index.entries_with(&q.stem),
                    q.weight * self.idf(&q.stem),
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
}

#[cfg(test)]
mod tests {
    use super::super::test_world as world;
    use super::*;
    use std::collections::HashSet;

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
}
