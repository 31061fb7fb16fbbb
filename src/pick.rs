//! Questions with several right answers ("Choose TWO."): the N best options of a ranked
//! multiple choice, with confidences that treat them as a set.
//!
//! The ranker gives each option a confidence that sums to 1 over the options, as if exactly one
//! were right. For N answers those confidences are read as the weights of drawing N options one
//! after another without putting any back (the Plackett–Luce model): the confidence of an option
//! becomes the chance that it is among the N drawn, and the confidence of the set the chance that
//! exactly these N are drawn. Both are in [0, 1]; the options' add up to N.
//!
//! This module only reads a ranked [`Answer`]; the ranking itself is `rank`'s.

use crate::rank::{Answer, CONFIDENT, Match};
use serde::{Deserialize, Deserializer};

/// At most this many answers are picked; exam questions ask for two or three.
pub const MAX_PICK: usize = 5;
/// Options beyond this many (by confidence) weigh nothing worth enumerating: the ranker's
/// confidence is shared among its first ten.
const WEIGHED: usize = 10;
/// Added to every weight, so that an option with confidence 0 can still be drawn once the
/// likely ones are taken.
const SMOOTHING: f64 = 1e-6;

/// The N best options of one question.
#[derive(Debug, Clone)]
pub struct Picked {
    pub n: usize,
    /// The chance that the chosen options are exactly the right set.
    pub set_confidence: f32,
    /// Whether the set is a confident answer (as `rank::CONFIDENT` for one answer).
    pub confident: bool,
}

/// The number a question asks for: "Choose TWO.", "(Select 3)", "pick three" → 2, 3, 3.
pub fn pick_from_text(question: &str) -> Option<usize> {
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).find_map(|w| {
        if !matches!(w[0].as_str(), "choose" | "select" | "pick") {
            return None;
        }
        let n = match w[1].as_str() {
            "two" | "2" => 2,
            "three" | "3" => 3,
            "four" | "4" => 4,
            "five" | "5" => 5,
            _ => return None,
        };
        Some(n)
    })
}

/// Checks a requested number of answers against the number of options.
pub fn check(n: usize, options: usize) -> anyhow::Result<()> {
    if n == 0 || n > MAX_PICK {
        anyhow::bail!("pick must be between 1 and {MAX_PICK}, not {n}");
    }
    if n >= options {
        anyhow::bail!("pick {n} needs more than {n} options; the question has {options}");
    }
    Ok(())
}

/// Reorders `answer.matches` (every option, as `Ranker::ask_choices` ranks them) so that the N
/// picked come first, each with the chance that it is among the right N as its confidence, and
/// the rest after, likewise. `answer.confident` then says whether the set is confident.
pub fn pick(answer: &mut Answer, n: usize) -> Picked {
    let weights: Vec<f64> = answer
        .matches
        .iter()
        .map(|m| f64::from(m.confidence.max(0.0)) + SMOOTHING)
        .collect();
    let total: f64 = weights.iter().sum();
    let weights: Vec<f64> = weights.iter().map(|w| w / total).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
    let considered: Vec<usize> = order.iter().copied().take(WEIGHED.max(n)).collect();
    let n = n.min(considered.len());

    let mut marginal = vec![0.0f64; weights.len()];
    let mut sets: Vec<(Vec<usize>, f64)> = Vec::new();
    draws(
        &weights,
        &considered,
        n,
        &mut Vec::new(),
        1.0,
        1.0,
        &mut |drawn, p| {
            for &i in drawn {
                marginal[i] += p;
            }
            let mut set = drawn.to_vec();
            set.sort_unstable();
            match sets.iter_mut().find(|(s, _)| *s == set) {
                Some((_, q)) => *q += p,
                None => sets.push((set, p)),
            }
        },
    );
    // The N with the largest chance of being right; their set's own chance follows.
    let mut by_marginal: Vec<usize> = (0..weights.len()).collect();
    by_marginal.sort_by(|&a, &b| marginal[b].total_cmp(&marginal[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = by_marginal[..n].to_vec();
    chosen.sort_unstable();
    let set_confidence = sets
        .iter()
        .find(|(s, _)| *s == chosen)
        .map_or(0.0, |(_, p)| *p) as f32;

    let mut matches: Vec<Match> = Vec::with_capacity(answer.matches.len());
    for &i in &by_marginal {
        let mut m = answer.matches[i].clone();
        m.confidence = (marginal[i] as f32).clamp(0.0, 1.0);
        matches.push(m);
    }
    answer.matches = matches;
    let confident =
        answer.matches[..n].iter().all(|m| m.score > 0.0) && set_confidence >= CONFIDENT;
    answer.confident = confident;
    Picked {
        n,
        set_confidence,
        confident,
    }
}

/// Every ordered draw of `left` more options among `pool` (not yet in `drawn`), calling `each`
/// with the options drawn and the chance of that order.
fn draws(
    weights: &[f64],
    pool: &[usize],
    left: usize,
    drawn: &mut Vec<usize>,
    chance: f64,
    remaining: f64,
    each: &mut dyn FnMut(&[usize], f64),
) {
    if left == 0 {
        each(drawn, chance);
        return;
    }
    for &i in pool {
        if drawn.contains(&i) {
            continue;
        }
        let p = weights[i] / remaining;
        drawn.push(i);
        draws(
            weights,
            pool,
            left - 1,
            drawn,
            chance * p,
            (remaining - weights[i]).max(f64::MIN_POSITIVE),
            each,
        );
        drawn.pop();
    }
}

/// The `answer` of a labelled question: one name, or a list of names for a question with
/// several right answers.
pub fn one_or_more<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMore {
        One(String),
        More(Vec<String>),
    }
    match OneOrMore::deserialize(d)? {
        OneOrMore::One(a) => Ok(vec![a]),
        OneOrMore::More(list) if list.is_empty() => {
            Err(serde::de::Error::custom("field `answer`: an empty list"))
        }
        OneOrMore::More(list) => Ok(list),
    }
}

/// How far down a ranking (a list of entries, best first) a set of right answers is all found,
/// counted as if the set were one answer: 1 when the set is the first N, 2 when one more
/// place is needed, and so on; `None` when an answer is not ranked at all.
pub fn set_rank(ranking: &[usize], right: &[usize]) -> Option<usize> {
    let last = right
        .iter()
        .map(|r| ranking.iter().position(|x| x == r))
        .collect::<Option<Vec<usize>>>()?
        .into_iter()
        .max()?;
    Some(last + 2 - right.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::Answer;

    fn answer(confidences: &[f32]) -> Answer {
        Answer {
            matches: confidences
                .iter()
                .enumerate()
                .map(|(i, &c)| Match {
                    entry: i,
                    score: 10.0 * c + 1.0,
                    confidence: c,
                    matched_terms: Vec::new(),
                    explanation: None,
                    choice: None,
                })
                .collect(),
            ..Answer::default()
        }
    }

    #[test]
    fn reads_the_number_asked_for() {
        assert_eq!(
            pick_from_text("Which services are serverless? (Choose TWO.)"),
            Some(2)
        );
        assert_eq!(pick_from_text("Select three of the following"), Some(3));
        assert_eq!(pick_from_text("Choose 2"), Some(2));
        assert_eq!(pick_from_text("Which service should I choose?"), None);
        assert_eq!(pick_from_text("choose wisely"), None);
    }

    #[test]
    fn a_strong_first_and_a_clear_second_make_a_confident_pair() {
        // The example: one option takes nearly all the single-answer mass.
        let mut a = answer(&[0.10, 0.89, 0.005, 0.005]);
        let p = pick(&mut a, 2);
        let chosen: Vec<usize> = a.matches[..2].iter().map(|m| m.entry).collect();
        assert_eq!(chosen, [1, 0]);
        assert!(a.matches[1].confidence > 0.85, "{:?}", a.matches[1]);
        assert!(p.set_confidence > 0.85 && p.set_confidence <= 1.0, "{p:?}");
        assert!(p.confident);
        let sum: f32 = a.matches.iter().map(|m| m.confidence).sum();
        assert!((sum - 2.0).abs() < 1e-3, "marginals add up to N: {sum}");
    }

    #[test]
    fn three_alike_options_for_two_answers_are_not_confident() {
        let mut a = answer(&[0.33, 0.33, 0.33, 0.01]);
        let p = pick(&mut a, 2);
        assert!(p.set_confidence < 0.4, "{p:?}");
        assert!(a.matches[3].confidence < 0.1);
    }

    #[test]
    fn the_set_rank_counts_the_set_as_one_answer() {
        assert_eq!(set_rank(&[4, 2, 9, 1], &[2, 4]), Some(1));
        assert_eq!(set_rank(&[4, 9, 2, 1], &[2, 4]), Some(2));
        assert_eq!(set_rank(&[4, 9, 2, 1], &[2]), Some(3));
        assert_eq!(set_rank(&[4, 9], &[2, 4]), None);
    }

    #[test]
    fn pick_is_checked_against_the_options() {
        assert!(check(2, 4).is_ok());
        assert!(check(4, 4).is_err());
        assert!(check(0, 4).is_err());
    }
}
