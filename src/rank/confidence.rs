//! Confidence: how much of the top of the ranking the first match holds, and whether that is
//! enough to call it the answer.

use super::Match;
use super::tuning::{CONFIDENT, SOFTMAX_POOL};

/// Softmax over the best scores, with a temperature relative to the top score.
pub(super) fn confidences(ranked: &[(usize, f32)], temperature: f32) -> Vec<f32> {
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

/// How much matched words are evidence at all, in [0, 1): 1 − e^(−informative / scale), where
/// `informative` sums the matched words' IDF as shares of the largest IDF.
pub(super) fn evidence_strength(informative: f32, scale: f32) -> f32 {
    if informative <= 0.0 || scale <= 0.0 {
        return 0.0;
    }
    1.0 - (-informative / scale).exp()
}

/// Whether the first match is reported as the answer rather than "no confident match".
pub(super) fn is_confident(matches: &[Match]) -> bool {
    matches
        .first()
        .is_some_and(|m| m.score > 0.0 && m.confidence >= CONFIDENT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_weak_score_is_weak_evidence_and_a_strong_one_nearly_certain() {
        // Two common words matched against four rare ones.
        let weak = super::evidence_strength(0.4, 1.0);
        let strong = super::evidence_strength(2.5, 1.0);
        assert!(weak < 0.35, "{weak}");
        assert!(strong > 0.9, "{strong}");
        assert_eq!(super::evidence_strength(0.0, 1.0), 0.0);
    }

    use super::*;

    #[test]
    fn confidence_is_shared_by_the_pool() {
        let ranked: Vec<(usize, f32)> = (0..SOFTMAX_POOL + 5)
            .map(|i| (i, 10.0 - i as f32 * 0.5))
            .collect();
        let c = confidences(&ranked, 0.12);
        assert_eq!(c.len(), ranked.len());
        let pool: f32 = c.iter().take(SOFTMAX_POOL).sum();
        assert!((pool - 1.0).abs() < 1e-5, "{pool}");
        assert!(c.windows(2).all(|w| w[0] > w[1]), "{c:?}");
    }

    #[test]
    fn nothing_scored_means_no_confidence() {
        assert!(confidences(&[], 0.12).is_empty());
        assert_eq!(confidences(&[(0, 0.0), (1, 0.0)], 0.12), vec![0.0, 0.0]);
    }
}
