//! `svcmatch eval` on the fixture knowledge base: the figures, the misses, and bad input.

mod common;
use common::TestEnv;
use std::fs;

const QUESTIONS: &str = r#"{"id": "q1", "question": "flag suspicious API calls made with stolen credentials", "answer": "Example ThreatWatch", "domain": "security"}
{"id": "q2", "question": "find out which user deleted a bucket yesterday", "answer": "auditlog", "choices": ["Example AuditLog", "Example ThreatWatch", "Example KeyVault", "Example SpendAlert"]}

{"id": "q3", "question": "email me when the bill is forecast to exceed the limit", "answer": "Example SpendAlert", "domain": "billing"}
{"id": "q4", "question": "encrypt a disk volume", "answer": "Amazon Nonexistent", "domain": "security"}
"#;

#[test]
fn eval_reports_accuracy_per_domain_and_every_miss() {
    let env = TestEnv::new();
    let file = env.path().join("q.jsonl");
    fs::write(&file, QUESTIONS).unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let v = run.json();
    let overall = &v["overall"];
    assert_eq!(overall["questions"], 4, "{}", run.context());
    // q4's answer is not in the knowledge base, so it is a miss; the other three are right.
    assert_eq!(overall["top1"], 0.75);
    assert_eq!(overall["with_choices"], 1);
    assert_eq!(overall["among_choices"], 1.0);
    assert_eq!(v["by_domain"]["billing"]["top1"], 1.0);
    assert_eq!(v["by_domain"]["security"]["questions"], 3);
    let misses = v["misses"].as_array().unwrap();
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0]["id"], "q4");
    assert!(misses[0]["expected_id"].is_null());
    assert_eq!(misses[0]["line"], 5);

    let human = env.run_fixture(&["eval", file.to_str().unwrap(), "--misses"]);
    human.expect_code(0);
    assert!(
        human.stdout.contains("not in the knowledge base"),
        "{}",
        human.context()
    );
    assert!(human.stdout.contains("top-1"), "{}", human.context());
    assert!(human.stdout.contains("Calibration"), "{}", human.context());
}

#[test]
fn a_bad_line_is_named_with_file_and_line() {
    let env = TestEnv::new();
    let file = env.path().join("bad.jsonl");
    fs::write(
        &file,
        "{\"question\": \"a\", \"answer\": \"b\"}\n{\"question\": \"no answer\"}\n",
    )
    .unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap()]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.jsonl:2"), "{}", run.context());
    assert!(run.stderr.contains("answer"), "{}", run.context());
}

/// A question with several answers is right only when the whole set is; single answers in the
/// same file read as before.
#[test]
fn a_multi_answer_question_is_right_only_when_the_set_is() {
    let env = TestEnv::new();
    let file = env.path().join("multi.jsonl");
    let choices =
        r#"["Example AuditLog", "Example ThreatWatch", "Example KeyVault", "Example SpendAlert"]"#;
    fs::write(
        &file,
        format!(
            r#"{{"id": "right", "question": "find out which user deleted a bucket and flag suspicious API calls made with stolen credentials (Choose TWO.)", "answer": ["auditlog", "threatwatch"], "choices": {choices}}}
{{"id": "wrong", "question": "find out which user deleted a bucket and flag suspicious API calls made with stolen credentials", "answer": ["auditlog", "spendalert"], "pick": 2, "choices": {choices}}}
{{"id": "single", "question": "find out which user deleted a bucket yesterday", "answer": "auditlog", "choices": {choices}}}
"#
        ),
    )
    .unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["overall"]["with_choices"], 3, "{}", run.context());
    // Two of three sets are right among the choices: the pair, and the single answer.
    assert!((v["overall"]["among_choices"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let misses = v["misses"].as_array().unwrap();
    let wrong = misses
        .iter()
        .find(|m| m["id"] == "wrong")
        .expect("the wrong set is a miss");
    assert_eq!(wrong["expected"], "auditlog + spendalert");
    let mut picked: Vec<&str> = wrong["choice_first"]
        .as_str()
        .unwrap()
        .split(" + ")
        .collect();
    picked.sort_unstable();
    assert_eq!(picked, ["Example AuditLog", "Example ThreatWatch"]);
    assert!(misses.iter().all(|m| m["id"] != "right"), "{misses:?}");

    // The same pair through `ask` and `batch`: two picked, with a set confidence.
    let ask = env.run_fixture(&[
        "ask",
        "find out which user deleted a bucket and flag suspicious API calls made with stolen credentials (Choose TWO.)",
        "--choices",
        "Example AuditLog",
        "Example ThreatWatch",
        "Example KeyVault",
        "--json",
    ]);
    let a = ask.json();
    assert_eq!(a["pick"]["n"], 2, "{}", ask.context());
    let mut chosen: Vec<&str> = a["pick"]["chosen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    chosen.sort_unstable();
    assert_eq!(chosen, ["auditlog", "threatwatch"]);
    let set = a["pick"]["set_confidence"].as_f64().unwrap();
    assert!(set > 0.0 && set <= 1.0);
    let text = env.run_fixture(&[
        "ask",
        "deleted a bucket",
        "--choices",
        "Example AuditLog",
        "Example KeyVault",
        "--pick",
        "2",
    ]);
    text.expect_code(2);
    assert!(
        text.stderr.contains("pick 2 needs more than 2 options"),
        "{}",
        text.context()
    );
}
