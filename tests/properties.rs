//! Properties of the ranking path that must hold for any input, checked on generated strings
//! (proptest) against the built-in knowledge base, through the library (no process per case).

use proptest::prelude::*;
use std::sync::OnceLock;
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::rank::{RankOptions, Ranker};
use svcmatch::resolve::{resolve, resolve_choice};

struct World {
    kb: &'static KnowledgeBase,
    ranker: Ranker<'static>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let kb: &'static KnowledgeBase = Box::leak(Box::new(
            KnowledgeBase::load(&DataSource::Embedded).unwrap(),
        ));
        let index: &'static SearchIndex =
            Box::leak(Box::new(SearchIndex::build_in_memory(kb).unwrap()));
        World {
            kb,
            ranker: Ranker::new(kb, index),
        }
    })
}

/// Scenarios: any Unicode, and text made of words the knowledge base knows mixed with noise, so
/// that both the "nothing matches" and the "many things match" paths are exercised.
fn scenario() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,200}",
        prop::collection::vec(
            prop_oneof![
                Just("detect".to_string()),
                Just("suspicious".to_string()),
                Just("API".to_string()),
                Just("calls".to_string()),
                Just("not".to_string()),
                Just("Which service".to_string()),
                Just("gaurdduty".to_string()),
                Just("S3".to_string()),
                Just("encrypt".to_string()),
                Just("\u{1b}[2J".to_string()),
                Just("\u{0}".to_string()),
                "[a-z]{1,12}",
                "\\PC{1,6}",
            ],
            0..30,
        )
        .prop_map(|words| words.join(" ")),
    ]
}

/// Options of a multiple-choice question: names as people write them, and noise.
fn option() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("AWS WAF".to_string()),
        Just("Amazon GuardDuty".to_string()),
        Just("gaurd duty".to_string()),
        Just("Contact the AWS Abuse team.".to_string()),
        "\\PC{0,40}",
        any::<String>(),
    ]
}

/// Each case ranks (and resolves names) in a debug build; 32 cases per property keep the whole
/// file to a few seconds while still covering every branch of the strategies.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 32,
        ..ProptestConfig::default()
    }
}

/// A progress file as anyone could edit it: any counters, any times, ids that may name no entry.
fn progress_json() -> impl Strategy<Value = String> {
    let entry = (
        any::<u32>(),
        any::<u32>(),
        any::<i64>(),
        1u8..=5,
        any::<i64>(),
    );
    (
        prop::collection::btree_map("[a-z-]{1,12}|guardduty|iam", entry, 0..6),
        prop::collection::vec((any::<i64>(), "[a-z]{1,8}", any::<bool>()), 0..4),
    )
        .prop_map(|(entries, history)| {
            let entries: serde_json::Map<String, serde_json::Value> = entries
                .into_iter()
                .map(|(id, (right, wrong, last_seen, leitner_box, due))| {
                    (
                        id,
                        serde_json::json!({"right": right, "wrong": wrong, "last_seen": last_seen,
                            "box": leitner_box, "due": due}),
                    )
                })
                .collect();
            let history: Vec<serde_json::Value> = history
                .into_iter()
                .map(|(at, entry, correct)| {
                    serde_json::json!({"at": at, "entry": entry, "correct": correct, "mode": "practice"})
                })
                .collect();
            serde_json::json!({"version": 1, "entries": entries, "history": history}).to_string()
        })
}

proptest! {
    #![proptest_config(config())]

    /// Debug builds check arithmetic overflow, which the release-built fuzzers do not: extreme
    /// counters and times must be reported, printed and updated without overflowing.
    #[test]
    fn any_progress_file_parses_reports_and_records(text in progress_json(), now in any::<i64>()) {
        let w = world();
        let path = std::path::Path::new("progress.json");
        let mut record = svcmatch::progress::Progress::parse(text.as_bytes(), path).unwrap();
        for now in [now, i64::MIN, i64::MAX, 0] {
            let report = svcmatch::cmd::stats::report(w.kb, &record, path, now);
            prop_assert!(report.accuracy <= 1.0);
            let mut out = Vec::new();
            svcmatch::quiz_output::stats(&mut out, &report).unwrap();
            let _ = record.due(now);
            let _ = record.next_due(now);
        }
        let ids: Vec<String> = record.entries.keys().cloned().collect();
        for id in ids {
            record.record(&id, true, None, "practice", now);
            record.record(&id, false, None, "practice", now);
        }
        let saved = serde_json::to_vec(&record).unwrap();
        prop_assert_eq!(svcmatch::progress::Progress::parse(&saved, path).unwrap(), record);
    }

    #[test]
    fn any_scenario_answers_with_at_most_top_matches(text in scenario(), top in 1usize..12) {
        let w = world();
        let opts = RankOptions { top, explain: true };
        let answer = w.ranker.ask(&text, &opts).expect("ranking never fails");
        prop_assert!(answer.matches.len() <= top);
        for m in &answer.matches {
            prop_assert!(m.entry < w.kb.len());
            prop_assert!(m.score.is_finite());
            prop_assert!((0.0..=1.0).contains(&m.confidence));
        }
    }

    #[test]
    fn ranking_is_deterministic(text in scenario()) {
        let w = world();
        let opts = RankOptions { top: 10, explain: true };
        let first = w.ranker.ask(&text, &opts).unwrap();
        let second = w.ranker.ask(&text, &opts).unwrap();
        let key = |a: &svcmatch::rank::Answer| -> Vec<(String, u32)> {
            a.matches
                .iter()
                .map(|m| (w.kb.entries[m.entry].id.to_string(), m.score.to_bits()))
                .collect()
        };
        prop_assert_eq!(key(&first), key(&second));
        prop_assert_eq!(first.confident, second.confident);
    }

    #[test]
    fn ask_json_always_parses(text in scenario(), choices in prop::collection::vec(option(), 0..4)) {
        let w = world();
        let opts = RankOptions::default();
        let answer = if choices.is_empty() {
            w.ranker.ask(&text, &opts)
        } else {
            w.ranker.ask_choices(&text, &choices, &opts)
        }
        .unwrap();
        let json = serde_json::to_string(&svcmatch::json::ask_json(w.kb, &text, &answer)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
        prop_assert_eq!(value["query"].as_str(), Some(text.as_str()));
        prop_assert!(value["matches"].as_array().is_some_and(|m| m.len() <= opts.top));
    }

    #[test]
    fn resolve_never_panics(name in option()) {
        let w = world();
        let _ = resolve(w.kb, &name);
        let _ = resolve_choice(w.kb, &name);
    }

    #[test]
    fn human_output_never_carries_control_characters(text in scenario(), choices in prop::collection::vec(option(), 0..4)) {
        let w = world();
        let answer = w.ranker.ask_choices(&text, &choices, &RankOptions::default()).unwrap();
        let mut out = Vec::new();
        colored::control::set_override(false);
        svcmatch::output::answer(&mut out, w.kb, &answer).unwrap();
        let out = String::from_utf8(out).unwrap();
        prop_assert!(
            !out.chars().any(|c| svcmatch::text::is_unsafe(c) && c != '\n'),
            "{:?}",
            out
        );
    }
}
