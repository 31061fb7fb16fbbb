//! End-to-end tests of the core commands on the fixture knowledge base.

mod common;
use common::TestEnv;
use std::fs;

#[test]
fn ask_ranks_the_fitting_entry_first_and_explains_it() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["flag suspicious API calls"]);
    run.expect_code(0);
    let first = run
        .stdout
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or("");
    assert!(first.contains("Example ThreatWatch"), "{}", run.context());
    assert!(run.stdout.contains("Fits because"), "{}", run.context());
    assert!(run.stdout.contains("matched:"), "{}", run.context());
}

#[test]
fn ask_json_carries_matches_and_explanations() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["ask", "who deleted the bucket yesterday", "--json"]);
    run.expect_code(0);
    let v = run.json();
    let first = &v["matches"][0];
    assert_eq!(first["id"], "auditlog", "{}", run.context());
    assert!(first["confidence"].as_f64().unwrap() > 0.0);
    assert!(!first["matched_terms"].as_array().unwrap().is_empty());
    let passage = first["explanation"]["passage"].as_str().unwrap();
    assert!(passage.contains("deleted"), "{passage}");
    assert!(
        !first["explanation"]["highlights"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn top_limits_the_number_of_matches() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["ask", "api calls history audit", "-n", "1", "--json"]);
    assert_eq!(
        run.json()["matches"].as_array().unwrap().len(),
        1,
        "{}",
        run.context()
    );
}

#[test]
fn close_runners_up_get_the_contrast() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["ask", "api calls audit suspicious", "--json"]);
    let v = run.json();
    let contrast = &v["contrast"];
    assert!(contrast.is_object(), "{}", run.context());
    assert!(contrast["text"].as_str().unwrap().contains("records"));
}

#[test]
fn a_typo_is_interpreted_and_said() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["suspicous stolen credentials"]);
    assert!(
        run.stdout
            .contains("interpreted 'suspicous' as 'suspicious'"),
        "{}",
        run.context()
    );
    let first = run
        .stdout
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or("");
    assert!(first.contains("ThreatWatch"), "{}", run.context());
}

#[test]
fn synonyms_expand_abbreviations() {
    let env = TestEnv::new();
    // "kms" is only a keyword of KeyVault; "key management" reaches it through the synonym group.
    let run = env.run_fixture(&["ask", "key management", "--json"]);
    let v = run.json();
    assert_eq!(v["matches"][0]["id"], "keyvault", "{}", run.context());
}

#[test]
fn only_stop_words_is_no_match_with_a_clear_message() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["which of the following should a company use"]);
    run.expect_code(1);
    assert!(run.stderr.contains("nothing to match"), "{}", run.context());
}

#[test]
fn free_text_never_fails_on_query_syntax() {
    let env = TestEnv::new();
    for q in [
        "\"unbalanced quote",
        "title:foo AND (bar OR NOT baz)",
        "+must -not api*",
        "🔐 encrypt 鍵 volume",
        "a:b:c::: [[[ ]]] {}",
    ] {
        let run = env.run_fixture(&["ask", q]);
        assert_ne!(run.code, 2, "query {q:?}\n{}", run.context());
        assert!(!run.stderr.contains("panicked"), "{}", run.context());
    }
}

#[test]
fn show_resolves_exact_and_near_names() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["show", "auditlog"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Example AuditLog"));
    assert!(run.stdout.contains("Use cases"));
    let near = env.run_fixture(&["show", "threat wach"]);
    near.expect_code(0);
    assert!(
        near.stdout.contains("Example ThreatWatch"),
        "{}",
        near.context()
    );
    assert!(near.stderr.contains("closest"), "{}", near.context());
}

#[test]
fn show_far_miss_suggests_and_exits_2() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["show", "zzzzqqqq"]);
    run.expect_code(2);
    assert!(run.stderr.contains("did you mean"), "{}", run.context());
}

#[test]
fn list_filters_by_domain_and_kind() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["list", "--domain", "billing", "--json"]);
    run.expect_code(0);
    let v = run.json();
    let ids: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // Sorted by category ("Cost tools" before "Pricing"), then name.
    assert_eq!(ids, vec!["spendalert", "pay-as-you-go"]);
    let concepts = env
        .run_fixture(&["list", "--kind", "concept", "--json"])
        .json();
    assert_eq!(concepts["count"], 1);
    let human = env.run_fixture(&["list"]);
    assert!(
        human.stdout.contains("Security and Compliance"),
        "{}",
        human.context()
    );
    assert!(human.stdout.contains("5 entries"), "{}", human.context());
}

#[test]
fn malformed_data_names_file_entry_and_field() {
    let env = TestEnv::new();
    let data = env.path().join("data");
    fs::create_dir_all(data.join("kb")).unwrap();
    fs::write(
        data.join("kb/bad.json"),
        r#"[{"id": "x", "name": "X", "kind": "service", "category": "c", "domain": "security",
            "summary": "s", "description": "d", "use_cases": ["a", "b", "c"], "keywords": [42]}]"#,
    )
    .unwrap();
    let run = env.run(&["--data", data.to_str().unwrap(), "list"]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.json"), "{}", run.context());
    assert!(run.stderr.contains("entry 1"), "{}", run.context());
    assert!(run.stderr.contains("keywords"), "{}", run.context());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());

    fs::write(
        data.join("kb/bad.json"),
        r#"[{"id": "x", "colour": "red"}]"#,
    )
    .unwrap();
    let run = env.run(&["--data", data.to_str().unwrap(), "list"]);
    run.expect_code(2);
    assert!(run.stderr.contains("colour"), "{}", run.context());
}

#[test]
fn index_is_built_on_first_use_and_reported_fresh() {
    let env = TestEnv::new();
    env.run_fixture(&["api calls"]).expect_code(0);
    assert!(env.index_dir().is_dir());
    let info = env.run_fixture(&["index", "info", "--json"]);
    info.expect_code(0);
    let v = info.json();
    assert_eq!(v["fresh"], true, "{}", info.context());
    assert_eq!(v["entries"], 5);
}

#[test]
fn changed_data_makes_the_index_stale_then_rebuilds() {
    let env = TestEnv::new();
    let data = env.path().join("data");
    fs::create_dir_all(data.join("kb")).unwrap();
    let src = common::fixture_kb().join("kb/security.json");
    fs::copy(&src, data.join("kb/security.json")).unwrap();
    let d = data.to_str().unwrap();
    env.run(&["--data", d, "index", "build"]).expect_code(0);
    let text = fs::read_to_string(&src)
        .unwrap()
        .replace("crypto mining", "cryptocurrency mining");
    fs::write(data.join("kb/security.json"), text).unwrap();
    let info = env.run(&["--data", d, "index", "info", "--json"]).json();
    assert_eq!(info["fresh"], false);
    let run = env.run(&["--data", d, "ask", "cryptocurrency", "--json"]);
    assert_eq!(
        run.json()["matches"][0]["id"],
        "threatwatch",
        "{}",
        run.context()
    );
    let info = env.run(&["--data", d, "index", "info", "--json"]).json();
    assert_eq!(info["fresh"], true);
}

#[test]
fn unwritable_index_location_falls_back_to_memory() {
    let env = TestEnv::new();
    // A file where the index directory should be: nothing can be created under it.
    let blocker = env.path().join("blocked");
    fs::write(&blocker, "not a directory").unwrap();
    let run = env.run_fixture(&[
        "--index-dir",
        blocker.join("index").to_str().unwrap(),
        "api calls",
    ]);
    run.expect_code(0);
    assert!(run.stderr.contains("in-memory"), "{}", run.context());
    assert!(run.stdout.contains("1. "), "{}", run.context());
}

#[test]
fn no_color_when_not_a_terminal_and_color_when_forced() {
    let env = TestEnv::new();
    let plain = env.run_fixture(&["api calls"]);
    assert!(!plain.stdout.contains('\u{1b}'), "{}", plain.context());
    let forced = env.run_fixture(&["--color", "always", "api calls"]);
    assert!(forced.stdout.contains('\u{1b}'), "{}", forced.context());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::Stdio;
    let env = TestEnv::new();
    let fixture = common::fixture_kb();
    let kb = fixture.to_str().unwrap();
    let regression = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/regression.jsonl");
    // Every command that prints more than a line or two.
    for args in [
        vec!["--data", kb, "list"],
        vec!["--data", kb, "api calls"],
        vec!["--data", kb, "index", "info"],
        vec!["eval", regression, "--misses"],
    ] {
        let mut c = env.cmd();
        c.args(&args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        drop(child.stdout.take()); // closed before anything is read
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn control_characters_in_the_scenario_are_not_echoed_raw() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["suspicous\u{1b}]0;pwned\u{7} api calls"]);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.context());
    assert!(!run.stdout.contains('\u{7}'), "{}", run.context());
}
