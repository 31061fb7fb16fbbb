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
