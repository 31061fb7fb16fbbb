//! The knowledge base is checked like code: it loads, it covers every exam domain, and no two
//! entries claim the same need without a contrast that separates them.

use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::model::{Domain, Kind};
use svcmatch::rank::{RankOptions, Ranker, Tuning};

fn embedded() -> KnowledgeBase {
    KnowledgeBase::load(&DataSource::Embedded).expect("the embedded knowledge base loads")
}

#[test]
fn every_domain_is_covered_and_services_have_use_cases() {
    let kb = embedded();
    for domain in Domain::ALL {
        let n = kb.entries.iter().filter(|e| e.domain == domain).count();
        assert!(n >= 20, "only {n} entries in {domain}");
    }
    for e in kb.entries.iter().filter(|e| e.kind == Kind::Service) {
        assert!(
            e.use_cases.len() >= 3,
            "{} has {} use cases",
            e.id,
            e.use_cases.len()
        );
        assert!(
            !e.contrasts.is_empty() || e.note.is_some(),
            "{} has no contrast",
            e.id
        );
    }
}

#[test]
fn aliases_do_not_name_two_entries() {
    let kb = embedded();
    let mut seen = std::collections::HashMap::new();
    for e in &kb.entries {
        for a in std::iter::once(&e.name).chain(&e.aliases) {
            let key = svcmatch::resolve::normalize(a);
            if let Some(other) = seen.insert(key.clone(), e.id.to_string()) {
                assert_eq!(other, e.id, "{a:?} names both {other} and {}", e.id);
            }
        }
    }
}

/// Each use case, asked as a question, should find its own entry; when another entry wins, the
/// two must be linked (a contrast, `related`, or one part of the other) so that the reader is
/// told what separates them.
#[test]
fn no_two_entries_claim_a_need_without_a_contrast() {
    let kb = embedded();
    let index = SearchIndex::build_in_memory(&kb).unwrap();
    // The check is about the text, so the ranking runs without the question-type and name
    // priors (which read exam phrasing that use cases do not have).
    let neutral = Tuning {
        other_kind: 1.0,
        feature_for_service: 1.0,
        named_in_question: 1.0,
        named_in_short_query: 1.0,
        child_share: 0.0,
        ..Tuning::default()
    };
    let ranker = Ranker::with_tuning(&kb, &index, neutral);
    let opts = RankOptions {
        top: 1,
        explain: false,
    };
    let linked = |a: usize, b: usize| {
        let (ea, eb) = (&kb.entries[a], &kb.entries[b]);
        kb.contrast(&ea.id, &eb.id).is_some()
            || ea.related.contains(&eb.id)
            || eb.related.contains(&ea.id)
            || kb.parents[a] == Some(b)
            || kb.parents[b] == Some(a)
            || (kb.parents[a].is_some() && kb.parents[a] == kb.parents[b])
    };
    let mut total = 0;
    let mut own_first = 0;
    let mut unexplained = Vec::new();
    for (i, e) in kb.entries.iter().enumerate() {
        for u in &e.use_cases {
            total += 1;
            let answer = ranker.ask(u, &opts).unwrap();
            let Some(first) = answer.matches.first().map(|m| m.entry) else {
                continue;
            };
            if first == i {
                own_first += 1;
            } else if !linked(i, first) {
                unexplained.push(format!("{} → {}: {u}", e.id, kb.entries[first].id));
            }
        }
    }
    eprintln!(
        "{own_first} of {total} use cases rank their own entry first; {} go to an unlinked entry",
        unexplained.len()
    );
    assert!(
        unexplained.is_empty(),
        "use cases won by an entry with no contrast, relation or part-of link:\n{}",
        unexplained.join("\n")
    );
}

/// A use case, keyword or summary that denies another entry's defining trait ("… rather than
/// Kubernetes") puts that trait's words in the wrong entry: they score for the entry that denies
/// them. The contrast belongs in `contrasts`, where it separates the two without scoring.
#[test]
fn no_use_case_names_another_entry_to_deny_it() {
    let kb = embedded();
    let denials: [&[&str]; 5] = [
        &["rather", "than"],
        &["instead", "of"],
        &["unlike"],
        &["as", "opposed", "to"],
        &["not"],
    ];
    // What a denial governs: its next few words ("not comfortable with the command line").
    const GOVERNED_WORDS: usize = 5;
    let mut found = Vec::new();
    for (i, e) in kb.entries.iter().enumerate() {
        let texts = e
            .use_cases
            .iter()
            .chain(&e.keywords)
            .chain(std::iter::once(&e.summary));
        for text in texts {
            let words = svcmatch::resolve::words(text);
            for denial in denials {
                for at in 0..words.len() {
                    let here = &words[at..];
                    if here.len() < denial.len() || here.iter().zip(denial).any(|(w, d)| w != d) {
                        continue;
                    }
                    let from = at + denial.len();
                    let tail = words[from..(from + GOVERNED_WORDS).min(words.len())].join(" ");
                    if let Some(other) = svcmatch::resolve::mentioned(&kb, &tail)
                        && other != i
                    {
                        found.push(format!(
                            "{}: {text:?} denies {}",
                            e.id, kb.entries[other].id
                        ));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "texts that name another entry to deny it:\n{}",
        found.join("\n")
    );
}
