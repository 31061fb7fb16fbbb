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
        self.idf_of(self.index.entry_frequency(stem))
    }

    /// `idf` of a stem that `entry_frequency` entries hold.
    fn idf_of(&self, entry_frequency: u64) -> f32 {
        let n = self.index.num_entries().max(1) as f32;
        (1.0 + n / (entry_frequency as f32 + 1.0)).ln()
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
        let own_terms = query.own_term_count();
        let long = own_terms >= t.long_question;
        let mut base: Vec<f32> = (0..scores.entry.len())
            .map(|i| {
                scores.entry[i] + t.passage_weight * scores.best_passage[i].map_or(0.0, |(_, s)| s)
            })
            .collect();
        if t.coverage > 0.0 {
            self.weigh_coverage(query, &mut base, allowed);
        }
        // Only services answer for their parts: a concept's parts (the six advantages of cloud
        // computing, the 7 Rs) are the answers themselves.
        for &(child, parent) in &self.service_parts {
            base[parent] = base[parent].max(t.child_share * base[child]);
        }
        // "Which concept does using AWS Compute Optimizer show?": the concepts the named
        // service is linked with (`related`, either way) are what such a question is about.
        let asks_concept = query
            .asked_kinds
            .iter()
            .any(|k| matches!(k, Kind::Concept | Kind::Pillar));
        let linked = if asks_concept && t.linked_to_named != 1.0 {
            self.linked_to(&query.named)
        } else {
            Vec::new()
        };
        let adjusted = |i: usize| {
            let mut s = base[i];
            let kind = self.kinds[i];
            if linked.binary_search(&i).is_ok() {
                s *= t.linked_to_named;
            }
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
            // "Which advantage of the cloud …" asks for one of the six, not for their list.
            if query.asked_families.binary_search(&i).is_ok() {
                s *= t.asked_family;
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
        let mut keys: Vec<u64> = Vec::with_capacity(base.len());
        match allowed {
            Some(list) => keys.extend(list.iter().map(|(i, _)| rank_key(*i, adjusted(*i)))),
            // An entry scored 0 stays at 0 (or becomes NaN), whatever the factors: only the
            // others are adjusted and compared.
            None => {
                for (i, b) in base.iter().enumerate() {
                    if *b != 0.0 {
                        let s = adjusted(i);
                        if s > 0.0 {
                            keys.push(rank_key(i, s));
                        }
                    }
                }
            }
        }
        best_of(keys, keep)
    }

    /// The entries linked by `related` (either way) to any of `named` that are not services or
    /// features themselves, sorted.
    fn linked_to(&self, named: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for &j in named {
            let Some(entry) = self.kb.entries.get(j) else {
                continue;
            };
            out.extend(entry.related.iter().filter_map(|id| self.kb.index_of(id)));
            out.extend(
                (0..self.kb.len()).filter(|&i| self.kb.entries[i].related.contains(&entry.id)),
            );
        }
        out.retain(|&i| !matches!(self.kinds[i], Kind::Service | Kind::Feature));
        out.sort_unstable();
        out.dedup();
        out
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
                // One look-up for both.
                let holding = self.index.entries_with(&q.stem);
                let weight = q.weight * self.idf_of(holding.entry_frequency());
                (holding, weight)
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        let total: f32 = own.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return;
        }
        let candidates: Vec<usize> = match allowed {
            Some(list) => list.iter().map(|(i, _)| *i).collect(),
            // The best `COVERAGE_POOL`, ties to the earlier entry (the order among them does not
            // matter).
            None => {
                let mut keys: Vec<u64> = Vec::with_capacity(base.len());
                for (i, b) in base.iter().enumerate() {
                    if *b > 0.0 {
                        keys.push(rank_key(i, *b));
                    }
                }
                if COVERAGE_POOL < keys.len() {
                    keys.select_nth_unstable(COVERAGE_POOL);
                    keys.truncate(COVERAGE_POOL);
                }
                keys.into_iter().map(|k| from_rank_key(k).0).collect()
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

/// The best `keep` of `(entry, score)` pairs given as `rank_key`s, best first: by score
/// (`f32::total_cmp`, highest first), ties to the lower entry. What sorting them all and keeping
/// the head gives; the keys' integer order is that order, so selecting and sorting compare
/// integers.
fn best_of(mut keys: Vec<u64>, keep: usize) -> Vec<(usize, f32)> {
    if keep < keys.len() {
        keys.select_nth_unstable(keep);
        keys.truncate(keep);
    }
    keys.sort_unstable();
    keys.into_iter().map(from_rank_key).collect()
}

/// `(entry, score)` as a `u64` for `best_of`: the high half orders as `total_cmp` does, reversed; the low half is the entry.
fn rank_key(entry: usize, score: f32) -> u64 {
    let bits = score.to_bits();
    // `total_cmp`'s own key (a signed integer), shifted to order as unsigned.
    let total = bits ^ ((((bits as i32) >> 31) as u32) >> 1);
    let ascending = total ^ 0x8000_0000;
    let entry = u32::try_from(entry).expect("fewer than 2^32 entries");
    (u64::from(!ascending) << 32) | u64::from(entry)
}

fn from_rank_key(key: u64) -> (usize, f32) {
    let total = !((key >> 32) as u32) ^ 0x8000_0000;
    let bits = total ^ ((((total as i32) >> 31) as u32) >> 1);
    ((key & 0xffff_ffff) as usize, f32::from_bits(bits))
}

#[cfg(test)]
mod tests {
    use super::super::Tuning;
    use super::super::test_world as world;
    use super::*;
    use std::collections::HashSet;

    proptest::proptest! {
        /// `best_of` keeps the head of a full sort, ties and all, and gives the scores back
        /// bit for bit.
        #[test]
        fn best_of_is_the_head_of_a_full_sort(
            scores in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Strategy::prop_map(0u8..6, |s| f32::from(s) * 0.5),
                    proptest::num::f32::ANY,
                    proptest::strategy::Just(-0.0f32),
                    proptest::strategy::Just(0.0f32),
                ],
                0..60,
            ),
            keep in 0usize..70,
        ) {
            let items: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
            let first =
                |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            let mut sorted = items.clone();
            sorted.sort_by(first);
            sorted.truncate(keep);
            let bits = |v: Vec<(usize, f32)>| -> Vec<(usize, u32)> {
                v.into_iter().map(|(i, s)| (i, s.to_bits())).collect()
            };
            proptest::prop_assert_eq!(bits(best_of(items.iter().map(|(i, s)| rank_key(*i, *s)).collect(), keep)), bits(sorted));
        }
    }

    /// A question asking for a concept and naming a service lifts the concepts that service is
    /// linked with by `related`, by `linked_to_named`, and nothing else.
    #[test]
    fn a_named_service_lifts_its_linked_concepts() {
        let (kb, index) = world();
        let question = "Which concept does a team put into practice with Amazon SQS queues?";
        let score_of = |factor: f32, id: &str| {
            let tuning = Tuning {
                linked_to_named: factor,
                ..Tuning::default()
            };
            let ranker = Ranker::with_tuning(&kb, &index, tuning);
            let opts = super::super::RankOptions {
                top: 500,
                explain: false,
            };
            let answer = ranker.ask(question, &opts).unwrap();
            let i = kb.index_of(id).unwrap();
            answer
                .matches
                .iter()
                .find(|m| m.entry == i)
                .map(|m| m.score)
        };
        let ranker = Ranker::new(&kb, &index);
        let sqs = kb.index_of("sqs").unwrap();
        let linked = ranker.linked_to(&[sqs]);
        assert!(linked.contains(&kb.index_of("loose-coupling").unwrap()));
        assert!(
            linked
                .iter()
                .all(|&i| !matches!(ranker.kinds[i], Kind::Service | Kind::Feature))
        );
        let (off, on) = (
            score_of(1.0, "loose-coupling").unwrap(),
            score_of(2.0, "loose-coupling").unwrap(),
        );
        assert!((on / off - 2.0).abs() < 1e-4, "{off} → {on}");
        // An entry not linked to SQS keeps its score.
        let unlinked = score_of(1.0, "economies-of-scale");
        assert_eq!(unlinked, score_of(2.0, "economies-of-scale"));
    }

    /// A part of a feature that is part of a service lifts the service through the feature
    /// (failover routing → the routing policies → Route 53): the deeper pair comes first, so the
    /// feature is lifted before it lifts the service. A concept's parts lift nothing.
    #[test]
    fn a_part_of_a_part_lifts_the_service() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let at = |part: &str, whole: &str| {
            let pair = (kb.index_of(part).unwrap(), kb.index_of(whole).unwrap());
            ranker.service_parts.iter().position(|&p| p == pair)
        };
        let deep = at("route-53-failover-routing", "route-53-routing-policies")
            .expect("a part of a feature lifts the feature");
        let shallow =
            at("route-53-routing-policies", "route-53").expect("the feature lifts the service");
        assert!(deep < shallow);
        assert_eq!(at("variable-expense", "cloud-benefits"), None);
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
}
