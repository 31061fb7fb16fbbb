//! `svcmatch batch`: every record of a mixed fixture, the CSV/TSV quoting, the record schema, and
//! large inputs in order. Runs on the fixture knowledge base.

mod common;
use common::schema::{Explanation, MatchedTerm};
use common::{Run, TestEnv, fixture_kb};
use serde::Deserialize;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn mixed_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch/mixed.txt")
}

fn records(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{}", run.context()))
        })
        .collect()
}

fn batch_stdin(env: &TestEnv, args: &[&str], input: &[u8]) -> Run {
    let kb = fixture_kb();
    let mut full = vec!["--data", kb.to_str().unwrap(), "batch"];
    full.extend_from_slice(args);
    env.run_stdin(&full, input)
}

fn match_ids(record: &Value) -> Vec<&str> {
    record["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect()
}

#[test]
fn mixed_fixture_gives_one_checked_record_per_non_blank_line_in_order() {
    let env = TestEnv::new();
    let fixture = mixed_fixture();
    let run = env.run_fixture(&["batch", fixture.to_str().unwrap()]);
    run.expect_code(2);
    let r = records(&run);
    let lines: Vec<u64> = r.iter().map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [1, 3, 4, 5, 7, 8, 9, 10, 11, 12],
        "{}",
        run.context()
    );

    // 1: the byte-order mark is gone, a plain scenario answered.
    assert_eq!(
        r[0]["query"],
        "flag suspicious API calls made with stolen credentials"
    );
    assert_eq!(r[0]["status"], "answered");
    assert_eq!(match_ids(&r[0])[0], "threatwatch");
    assert!(r[0].get("id").is_none() && r[0].get("input").is_none());
    assert_eq!(r[0]["error"], Value::Null);

    // 3: JSON with an id, choices and fields passed through in their order and spelling.
    assert_eq!(r[1]["id"], "q-7");
    assert_eq!(
        r[1]["query"],
        "who deleted the storage bucket, and \"when\"?"
    );
    assert_eq!(r[1]["status"], "answered");
    assert_eq!(match_ids(&r[1]), ["auditlog", "threatwatch"]);
    assert_eq!(r[1]["matches"][0]["choice"], "Example AuditLog");
    assert_eq!(r[1]["matches"][1]["choice"], "Use ThreatWatch.");
    assert_eq!(r[1]["unknown_choices"][0]["choice"], "Call a plumber");
    let raw_line = run.stdout.lines().nth(1).unwrap();
    assert!(
        raw_line.contains(
            r#""input":{"source":{"sheet": "exam, part 2", "row": 12},"tags":["audit"]}"#
        ),
        "{raw_line}"
    );

    // 4: not JSON; 5: not UTF-8; 7: no question (the id is kept).
    assert_eq!(r[2]["status"], "error");
    assert!(
        r[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("not valid JSON")
    );
    assert_eq!(r[2]["query"], Value::Null);
    assert_eq!(r[2]["matches"], serde_json::json!([]));
    assert_eq!(r[3]["error"], "not valid UTF-8 (byte 16)");
    assert_eq!(r[4]["id"], 42);
    assert_eq!(r[4]["error"], "field `question`: missing");

    // 8: a CRLF line; 9: words that match nothing.
    assert_eq!(
        r[5]["query"],
        "get an email when the monthly bill is forecast to exceed a limit"
    );
    assert_eq!(match_ids(&r[5])[0], "spendalert");
    assert_eq!(r[6]["status"], "no_match");
    assert_eq!(r[6]["matches"], serde_json::json!([]));
    assert_eq!(r[6]["error"], Value::Null);

    // 10: an empty question; 11: choices that are not a list.
    assert_eq!(r[7]["id"], "q-10");
    assert_eq!(r[7]["error"], "field `question`: is empty");
    assert_eq!(r[8]["id"], "q-11");
    assert!(
        r[8]["error"]
            .as_str()
            .unwrap()
            .contains("expected an array of strings")
    );

    // 12: the last line has no newline.
    assert_eq!(match_ids(&r[9])[0], "keyvault");
    for record in &r {
        assert!(record["matches"].as_array().unwrap().len() <= 3);
        assert_eq!(record["truncated"], false);
    }

    assert!(
        run.stderr
            .contains("svcmatch: batch: 12 lines read: 4 answered, 1 no match, 5 errors, 2 blank"),
        "{}",
        run.context()
    );
}

#[test]
fn all_lines_answered_or_unmatched_exit_zero() {
    let env = TestEnv::new();
    let run = batch_stdin(
        &env,
        &[],
        b"rotate encryption keys every year\nzzzz qqqq\n\n",
    );
    run.expect_code(0);
    assert_eq!(records(&run).len(), 2);
    assert!(
        run.stderr
            .contains("3 lines read: 1 answered, 1 no match, 0 errors, 1 blank"),
        "{}",
        run.context()
    );
}

#[test]
fn dash_reads_standard_input() {
    let env = TestEnv::new();
    let run = batch_stdin(&env, &["-"], b"see who changed a firewall rule\n");
    run.expect_code(0);
    assert_eq!(match_ids(&records(&run)[0])[0], "auditlog");
}

/// The CSV reader gets back exactly what went in, commas and quotes included.
#[test]
fn csv_and_tsv_quote_fields_that_need_it() {
    let env = TestEnv::new();
    let fixture = mixed_fixture();
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let run = env.run_fixture(&["batch", fixture.to_str().unwrap(), "--format", format]);
        run.expect_code(2);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(run.stdout.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header[..5], ["line", "id", "status", "query", "truncated"]);
        assert_eq!(header.last().unwrap(), "error");
        assert_eq!(header.len(), 5 + 3 * 5 + 3);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 10, "{}", run.context());
        let row = &rows[1];
        let col = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        assert_eq!(col("line"), "3");
        assert_eq!(col("id"), "q-7");
        assert_eq!(
            col("query"),
            "who deleted the storage bucket, and \"when\"?"
        );
        assert_eq!(col("match1_id"), "auditlog");
        assert_eq!(col("match1_choice"), "Example AuditLog");
        assert_eq!(col("match3_id"), "");
        assert_eq!(col("unknown_choices"), r#"["Call a plumber"]"#);
        assert_eq!(
            col("input"),
            r#"{"source":{"sheet": "exam, part 2", "row": 12},"tags":["audit"]}"#
        );
        let error_row = &rows[2];
        assert_eq!(&error_row[2], "error");
        assert!(error_row[header.len() - 1].starts_with("not valid JSON"));
        assert_eq!(&rows[4][1], "42", "a number id is written as is");
    }
}

#[test]
fn explain_adds_matched_words_and_passages() {
    let env = TestEnv::new();
    let run = batch_stdin(
        &env,
        &["--explain", "--top", "1"],
        b"who deleted the bucket\n",
    );
    run.expect_code(0);
    let m = &records(&run)[0]["matches"][0];
    assert_eq!(m["id"], "auditlog");
    assert_eq!(m["kind"], "service");
    assert_eq!(m["domain"], "security");
    assert!(!m["matched_terms"].as_array().unwrap().is_empty());
    assert!(
        m["explanation"]["passage"]
            .as_str()
            .unwrap()
            .contains("deleted")
    );

    let run = batch_stdin(
        &env,
        &["--explain", "--format", "csv", "-n", "1"],
        b"who deleted the bucket\n",
    );
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let passage = header.iter().position(|h| h == "match1_passage").unwrap();
    assert!(row[passage].contains("deleted"), "{}", run.context());
}

#[test]
fn top_limits_matches_and_zero_is_refused() {
    let env = TestEnv::new();
    let run = batch_stdin(&env, &["--top", "1"], b"api calls audit history\n");
    assert_eq!(records(&run)[0]["matches"].as_array().unwrap().len(), 1);
    let run = batch_stdin(&env, &["--top", "0"], b"x\n");
    run.expect_code(2);
    assert!(run.stderr.contains("--top must be at least 1"));
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["batch", "no-such-file.txt"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .starts_with("svcmatch: error: no-such-file.txt: cannot open"),
        "{}",
        run.context()
    );
    assert!(run.stdout.is_empty());
}

/// A 10 MB line is cut (and said so) without holding it whole, and the lines after it are read.
#[test]
fn overlong_lines_are_cut_or_refused_and_the_run_goes_on() {
    let env = TestEnv::new();
    let mut input = b"rotate encryption keys ".repeat(10 * 1024 * 1024 / 23);
    input.extend_from_slice(b"\n{\"question\": \"");
    input.extend_from_slice(&b"x".repeat(100_000));
    input.extend_from_slice(b"\"}\nsee who changed a firewall rule\n");
    let run = batch_stdin(&env, &[], &input);
    run.expect_code(2);
    let r = records(&run);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0]["truncated"], true);
    assert_eq!(match_ids(&r[0])[0], "keyvault");
    let query = r[0]["query"].as_str().unwrap();
    assert!(query.starts_with("rotate encryption keys") && query.len() <= 4096);
    assert_eq!(r[1]["status"], "error");
    assert_eq!(r[1]["truncated"], true);
    assert!(r[1]["error"].as_str().unwrap().contains("must fit in"));
    assert_eq!(r[2]["truncated"], false);
    assert_eq!(match_ids(&r[2])[0], "auditlog");
    assert!(
        run.stderr
            .contains("3 lines read: 2 answered, 0 no match, 1 error, 0 blank, 2 truncated"),
        "{}",
        run.stderr
    );
}

/// 1,000 mixed lines: one record for each non-blank line, in input order.
#[test]
fn a_thousand_mixed_lines_give_a_record_each_in_order() {
    let env = TestEnv::new();
    let scenarios = [
        "flag suspicious API calls",
        "who deleted the storage bucket",
        "rotate encryption keys every year",
        "warn the finance group before costs overrun",
        "zzzz qqqq",
    ];
    let mut input = Vec::new();
    // (line, id, status) of every record expected.
    let mut expected = Vec::new();
    for n in 1..=1000usize {
        let text = scenarios[n % scenarios.len()];
        let status = if text == "zzzz qqqq" {
            "no_match"
        } else {
            "answered"
        };
        match n % 10 {
            0 => input.extend_from_slice(b"\n"),
            3 => {
                writeln!(input, r#"{{"id": {n}, "question": "{text}", "row": {n}}}"#).unwrap();
                expected.push((n, Some(n), status));
            }
            7 if n % 70 == 7 => {
                input.extend_from_slice(b"{broken\n");
                expected.push((n, None, "error"));
            }
            _ => {
                writeln!(input, "{text}").unwrap();
                expected.push((n, None, status));
            }
        }
    }
    let run = batch_stdin(&env, &[], &input);
    run.expect_code(2);
    let r = records(&run);
    assert_eq!(r.len(), 900);
    for (record, (line, id, status)) in r.iter().zip(&expected) {
        assert_eq!(record["line"].as_u64(), Some(*line as u64));
        assert_eq!(record["id"].as_u64(), id.map(|i| i as u64));
        assert_eq!(record["status"], *status, "line {line}");
        if id.is_some() {
            assert_eq!(record["input"]["row"].as_u64(), Some(*line as u64));
        }
    }
    assert!(
        run.stderr
            .contains("1000 lines read: 685 answered, 200 no match, 15 errors, 100 blank"),
        "{}",
        run.stderr
    );
}

/// More lines than one chunk: order holds across chunk and piece boundaries.
#[test]
fn order_holds_across_chunks() {
    let env = TestEnv::new();
    let input: String = (1..=5000)
        .map(|n| {
            if n % 2 == 0 {
                format!("{{\"id\": {n}, \"question\": \"rotate encryption keys\"}}\n")
            } else {
                format!("{{\"id\": {n}, \"question\": \"flag suspicious API calls\"}}\n")
            }
        })
        .collect();
    let run = batch_stdin(&env, &["--format", "tsv", "-n", "1"], input.as_bytes());
    run.expect_code(0);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 5000);
    for (n, row) in (1..).zip(&rows) {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells[0], n.to_string());
        assert_eq!(cells[1], n.to_string());
        let want = if n % 2 == 0 {
            "keyvault"
        } else {
            "threatwatch"
        };
        assert_eq!(cells[5], want, "line {n}");
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let env = TestEnv::new();
    let kb = fixture_kb();
    let mut child = env
        .cmd()
        .args(["--data", kb.to_str().unwrap(), "batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if stdin.write_all(b"flag suspicious API calls\n").is_err() {
                break;
            }
        }
    });
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping our end of stdout closes the pipe.
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

// The record schema, pinned: an added, renamed or removed field fails here first.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Record {
    line: u64,
    #[serde(default)]
    id: Option<Value>,
    query: Option<String>,
    status: String,
    truncated: bool,
    matches: Vec<BatchMatch>,
    #[serde(default)]
    unknown_choices: Vec<UnknownChoice>,
    #[serde(default)]
    input: Option<serde_json::Map<String, Value>>,
    error: Option<String>,
    #[serde(default)]
    pick: Option<Pick>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Pick {
    n: usize,
    set_confidence: f64,
    chosen: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BatchMatch {
    id: String,
    name: String,
    score: f64,
    confidence: f64,
    #[serde(default)]
    choice: Option<String>,
    // With --explain only.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    matched_terms: Option<Vec<MatchedTerm>>,
    #[serde(default)]
    explanation: Option<Explanation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UnknownChoice {
    choice: String,
    overlap: f64,
}

#[test]
fn record_schema_is_pinned() {
    let env = TestEnv::new();
    let fixture = mixed_fixture();
    for explain in [false, true] {
        let mut args = vec!["batch", fixture.to_str().unwrap()];
        if explain {
            args.push("--explain");
        }
        let run = env.run_fixture(&args);
        let parsed: Vec<Record> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        assert_eq!(parsed.len(), 10);
        let statuses: Vec<&str> = parsed.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(
            statuses,
            [
                "answered", "answered", "error", "error", "error", "answered", "no_match", "error",
                "error", "answered"
            ]
        );
        for r in &parsed {
            assert_eq!(r.error.is_some(), r.status == "error");
            for m in &r.matches {
                assert!((0.0..=1.0).contains(&m.confidence));
                assert_eq!(m.explanation.is_some(), explain);
                assert_eq!(m.kind.is_some(), explain);
                assert_eq!(m.matched_terms.is_some(), explain);
            }
        }
        assert_eq!(parsed[1].unknown_choices.len(), 1);
        assert!(parsed[1].input.is_some());
    }
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", shell]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("svcmatch"),
            "{shell}: {}",
            run.context()
        );
        assert!(run.stdout.contains("batch"), "{shell}: {}", run.context());
    }
    let run = env.run(&["completions", "tcsh"]);
    run.expect_code(2);
    let run = env.run(&["man"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with(".ie") || run.stdout.contains(".TH svcmatch"));
    assert!(run.stdout.contains("batch"));
}

/// The README's `batch` examples, on the built-in knowledge base.
#[test]
fn readme_batch_examples() {
    let env = TestEnv::new();
    let run = env.run_stdin(
        &["batch", "--top", "1"],
        b"rotate database passwords automatically\nblock SQL injection attempts against my website\n",
    );
    run.expect_code(0);
    let r = records(&run);
    assert_eq!(r.len(), 2);
    assert_eq!(match_ids(&r[0]), ["secrets-manager"]);
    assert_eq!(match_ids(&r[1]), ["waf"]);
    assert!(run.stdout.starts_with(
        r#"{"line":1,"query":"rotate database passwords automatically","status":"answered","truncated":false,"matches":[{"id":"secrets-manager","name":"AWS Secrets Manager","score":"#
    ));
    assert_eq!(
        run.stderr,
        "svcmatch: batch: 2 lines read: 2 answered, 0 no match, 0 errors, 0 blank\n"
    );

    let run = env.run_stdin(
        &["batch", "--top", "2"],
        br#"{"id": "q1", "question": "Which service records who made each API call?", "choices": ["AWS CloudTrail", "Amazon GuardDuty", "AWS Config"], "source": "practice exam 2"}
"#,
    );
    run.expect_code(0);
    let r = records(&run);
    assert_eq!(r[0]["id"], "q1");
    assert_eq!(match_ids(&r[0]), ["cloudtrail", "guardduty"]);
    assert_eq!(r[0]["matches"][0]["choice"], "AWS CloudTrail");
    assert!(
        run.stdout
            .contains(r#""input":{"source":"practice exam 2"},"error":null}"#)
    );
}

#[test]
fn a_pick_line_gets_the_set_and_a_bad_pick_is_an_error_record() {
    let env = TestEnv::new();
    let input = br#"{"question": "find out which user deleted a bucket and flag suspicious API calls", "choices": ["Example AuditLog", "Example ThreatWatch", "Example KeyVault"], "pick": 2}
{"question": "q", "choices": ["Example AuditLog", "Example KeyVault"], "pick": "two"}
{"question": "q", "choices": ["Example AuditLog", "Example KeyVault"], "pick": 2}
"#;
    let mut c = env.cmd();
    c.arg("--data")
        .arg(common::fixture_kb())
        .args(["batch", "--top", "1"]);
    let run = common::run_with_stdin(c, input);
    run.expect_code(2);
    let records: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["pick"]["n"], 2, "{}", run.context());
    assert_eq!(
        records[0]["matches"].as_array().unwrap().len(),
        2,
        "a pick shows the whole set"
    );
    assert!(
        records[1]["error"]
            .as_str()
            .unwrap()
            .contains("field `pick`")
    );
    assert!(
        records[2]["error"]
            .as_str()
            .unwrap()
            .contains("needs more than 2 options")
    );
    assert!(records[0].get("pick").is_some() && records[1].get("pick").is_none());
}
