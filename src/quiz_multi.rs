//! Generated questions with several answers ("Choose TWO."), made from entries that share a need.
//!
//! Entries share a need when the knowledge base gives them the same term of art (`keywords`:
//! "NoSQL", "single sign-on", "deployment model") and nothing else has it: two or three current
//! entries of one category, exam domain and kind of thing, none a part, sibling or namesake of
//! another, and each ranked among the first [`TERM_TOP`] when the ranker is asked the term alone
//! (so the term is central to every one of them, not an aside). The question asks which entries
//! the term describes; the distractors are entries the ranker scores under half of the lower
//! answer for the term, none a relative of an answer (see [`quiz::distractors_among`]) and none
//! that uses the term itself. Nothing here names a pair: every group comes from the data.

use crate::index::SearchIndex;
use crate::knowledge::KnowledgeBase;
use crate::model::{Entry, Kind};
use crate::quiz::{self, Origin, Question, QuizOption};
use crate::rank::{RankOptions, Ranker};
use anyhow::Result;
use rand::seq::SliceRandom;
use std::collections::HashSet;

/// Share of a generated session's questions that have several answers; the exam has about
/// 10–15 % multiple-response questions.
pub const SHARE: f64 = 0.12;
/// Three answers at most ("Choose THREE."); a term more entries share is too common to ask.
pub const MAX_ANSWERS: usize = 3;
/// Every answer ranks among this many first when the term alone is asked.
pub const TERM_TOP: usize = 5;
/// Words of a `note` that say an entry is no longer a current answer (retired, closed to new
/// customers) or is outside the exam: such an entry is never one of several right answers.
const UNAVAILABLE: [&str; 7] = [
    "retired",
    "discontinued",
    "end of support",
    "end of life",
    "no longer",
    "closed to new",
    "out of scope",
];

/// A term of art that several entries share, and those entries.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedNeed {
    /// The entry asked about first, then the others, in knowledge-base order.
    pub answers: Vec<usize>,
    /// The term as the first answer writes it.
    pub term: String,
}

/// Whether an entry can be a right answer today.
pub fn current(e: &Entry) -> bool {
    e.note.as_deref().is_none_or(|n| {
        let n = n.to_lowercase();
        !UNAVAILABLE.iter().any(|w| n.contains(w))
    })
}

/// Whether `b` may be an answer beside `a`: same category, domain and kind of thing, both current,
/// and not so close (part, sibling, namesake) that one stands for the other.
pub fn may_share(kb: &KnowledgeBase, index: &SearchIndex, a: usize, b: usize) -> bool {
    let (ea, eb) = (&kb.entries[a], &kb.entries[b]);
    let same_kind = match quiz::kind_group(ea.kind) {
        0 => quiz::kind_group(eb.kind) == 0,
        _ => ea.kind == eb.kind,
    };
    a != b
        && ea.kind != Kind::Note
        && same_kind
        && ea.category == eb.category
        && ea.domain == eb.domain
        && current(ea)
        && current(eb)
        && !quiz::related_closely(kb, index, a, b)
}

/// The entries that list `term` among their keywords.
pub fn holders(kb: &KnowledgeBase, term: &str) -> Vec<usize> {
    let wanted = term.to_lowercase();
    (0..kb.len())
        .filter(|&i| {
            kb.entries[i]
                .keywords
                .iter()
                .any(|k| k.to_lowercase() == wanted)
        })
        .collect()
}

/// Whether `text` says `term` (as a run of word stems).
fn says(index: &SearchIndex, text: &str, term: &[String]) -> bool {
    let stems: Vec<String> = index.tokens(text).into_iter().map(|t| t.stem).collect();
    !term.is_empty() && stems.windows(term.len()).any(|w| w == term)
}

/// The entries that use `term` anywhere a need is stated (keywords, use cases, summary) or are
/// named by it ("SMS" is also a former service's short name): none of them may be offered as a
/// wrong option.
pub fn users_of(kb: &KnowledgeBase, index: &SearchIndex, term: &str) -> Vec<usize> {
    let stems: Vec<String> = index.tokens(term).into_iter().map(|t| t.stem).collect();
    (0..kb.len())
        .filter(|&i| {
            let e = &kb.entries[i];
            e.keywords
                .iter()
                .chain(&e.use_cases)
                .chain(std::iter::once(&e.summary))
                .any(|t| says(index, t, &stems))
                || !quiz::mentions(index, e, term).is_empty()
        })
        .collect()
}

/// Every shared need of `entry` (see the module's documentation), in the order of its keywords.
pub fn shared_needs(kb: &KnowledgeBase, ranker: &Ranker, entry: usize) -> Result<Vec<SharedNeed>> {
    let index = ranker.index;
    let e = &kb.entries[entry];
    if e.kind == Kind::Note || !current(e) {
        return Ok(Vec::new());
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for term in &e.keywords {
        if !seen.insert(term.to_lowercase()) {
            continue;
        }
        let mut answers = holders(kb, term);
        if answers.len() < 2 || answers.len() > MAX_ANSWERS {
            continue;
        }
        answers.retain(|&a| a != entry);
        answers.insert(0, entry);
        let all_pairs_share = answers
            .iter()
            .enumerate()
            .all(|(i, &a)| answers[i + 1..].iter().all(|&b| may_share(kb, index, a, b)));
        if !all_pairs_share {
            continue;
        }
        let ranked = ranker.ask(
            term,
            &RankOptions {
                top: TERM_TOP,
                explain: false,
            },
        )?;
        let central = answers
            .iter()
            .all(|a| ranked.matches.iter().any(|m| m.entry == *a));
        if central {
            out.push(SharedNeed {
                answers,
                term: term.to_string(),
            });
        }
    }
    Ok(out)
}

/// The question of a shared need: "Which AWS services does the term "NoSQL" apply to? (Choose
/// TWO.)"
pub fn phrase(kind: Kind, term: &str, n: usize) -> String {
    let asked = match kind {
        Kind::Service => "AWS services",
        Kind::Feature => "AWS services or features",
        Kind::Concept => "concepts",
        Kind::Pillar => "pillars of the AWS Well-Architected Framework",
        Kind::Note => "topics",
    };
    format!(
        "Which {asked} does the term \"{}\" apply to? (Choose {}.)",
        term.trim(),
        quiz::choose_word(n)
    )
}

/// The kind the question asks for: a feature among the answers makes it "services or features".
fn asked_kind(kb: &KnowledgeBase, answers: &[usize]) -> Kind {
    let kinds: Vec<Kind> = answers.iter().map(|&a| kb.entries[a].kind).collect();
    if kinds.contains(&Kind::Feature) {
        Kind::Feature
    } else {
        kinds.first().copied().unwrap_or(Kind::Service)
    }
}

/// The question for one shared need, or `None` when it cannot be asked fairly: fewer than three
/// distractors are clearly apart, or the stem names an answer or uses a word of an answer's name
/// that no other option has.
pub fn question_from<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    need: &SharedNeed,
    rng: &mut R,
) -> Result<Option<Question>> {
    let Some(&first) = need.answers.first() else {
        return Ok(None);
    };
    let index = ranker.index;
    let prompt = phrase(
        asked_kind(kb, &need.answers),
        &need.term,
        need.answers.len(),
    );
    let excluded = users_of(kb, index, &need.term);
    let others = quiz::distractors_among(kb, ranker, &need.answers, &excluded, &need.term, rng)?;
    if others.len() < quiz::OPTION_COUNT - 1 {
        return Ok(None);
    }
    let mut entries = need.answers.clone();
    entries.extend(others);
    for &a in &need.answers {
        let rest: Vec<usize> = entries.iter().copied().filter(|&o| o != a).collect();
        if !quiz::giveaways(index, &kb.entries[a], &prompt).is_empty()
            || !quiz::telltale_words(kb, index, a, &rest, &prompt).is_empty()
        {
            return Ok(None);
        }
    }
    entries.shuffle(rng);
    let lead_at = entries.iter().position(|&i| i == first).unwrap_or(0);
    let also: Vec<usize> = (0..entries.len())
        .filter(|&i| i != lead_at && need.answers.contains(&entries[i]))
        .collect();
    Ok(Some(Question {
        prompt,
        options: entries
            .into_iter()
            .map(|i| QuizOption {
                text: kb.entries[i].name.to_string(),
                entry: Some(i),
            })
            .collect(),
        correct: lead_at,
        also_correct: also,
        entry: Some(first),
        domain: Some(kb.entries[first].domain),
        origin: Origin::Term {
            term: need.term.clone(),
        },
    }))
}

/// A question with several answers led by `entry`, from one of its shared needs at random (the
/// others are tried when one cannot be asked), none of whose answers is in `taken`; `None` when
/// there is none. The random source is used only when the entry has a shared need.
pub fn question_for<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    entry: usize,
    taken: &HashSet<usize>,
    rng: &mut R,
) -> Result<Option<Question>> {
    let mut needs: Vec<SharedNeed> = shared_needs(kb, ranker, entry)?
        .into_iter()
        .filter(|n| n.answers.iter().all(|a| !taken.contains(a)))
        .collect();
    if needs.is_empty() {
        return Ok(None);
    }
    needs.shuffle(rng);
    for need in &needs {
        if let Some(q) = question_from(kb, ranker, need, rng)? {
            return Ok(Some(q));
        }
    }
    Ok(None)
}

/// The entries a question answers: every right option's entry.
pub fn answer_entries(q: &Question) -> Vec<usize> {
    q.right_options()
        .iter()
        .filter_map(|&i| q.options[i].entry)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::DataSource;
    use rand::SeedableRng;

    #[test]
    #[ignore = "prints every question with several answers, for reading"]
    fn list_shared_needs() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let index = SearchIndex::build_in_memory(&kb).unwrap();
        let ranker = Ranker::new(&kb, &index);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (mut needs, mut asked) = (0, 0);
        for e in quiz::askable(&kb, None) {
            for need in shared_needs(&kb, &ranker, e).unwrap() {
                if need.answers[0] != e || need.answers[1..].iter().any(|&a| a < e) {
                    continue;
                }
                needs += 1;
                let Some(q) = question_from(&kb, &ranker, &need, &mut rng).unwrap() else {
                    println!("-- {:?} {}", need.answers, need.term);
                    continue;
                };
                asked += 1;
                let opts: Vec<String> = q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{}{}", if q.is_right(i) { "*" } else { "" }, o.text))
                    .collect();
                println!("{}\n    {}", q.prompt, opts.join(" | "));
            }
        }
        println!("{needs} shared needs, {asked} asked");
    }
}
