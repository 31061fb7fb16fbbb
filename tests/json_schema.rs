//! Pins the JSON output schema: these types mirror the documented schema with
//! `deny_unknown_fields`, so an added, renamed or removed field fails here first.

mod common;
use common::TestEnv;
use common::schema::{Explanation, MatchedTerm, Note};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Ask {
    query: String,
    confident: bool,
    truncated: bool,
    interpretations: Vec<Interpretation>,
    matches: Vec<Match>,
    #[serde(default)]
    unknown_choices: Vec<UnknownChoice>,
    contrast: Option<Contrast>,
    /// Only with `--pick` (or "Choose TWO" in the question).
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
struct Interpretation {
    from: String,
    to: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Match {
    id: String,
    name: String,
    kind: String,
    domain: String,
    score: f64,
    confidence: f64,
    matched_terms: Vec<MatchedTerm>,
    explanation: Option<Explanation>,
    #[serde(default)]
    choice: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UnknownChoice {
    choice: String,
    overlap: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Contrast {
    first: String,
    second: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct List {
    count: usize,
    entries: Vec<ListEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ListEntry {
    id: String,
    name: String,
    kind: String,
    domain: String,
    category: String,
    summary: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Card {
    id: String,
    name: String,
    aliases: Vec<String>,
    kind: String,
    category: String,
    domain: String,
    part_of: Option<String>,
    summary: String,
    description: String,
    use_cases: Vec<String>,
    keywords: Vec<String>,
    related: Vec<String>,
    contrasts: Vec<CardContrast>,
    note: Option<String>,
    user_notes: Vec<Note>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CardContrast {
    with: String,
    text: String,
}

#[test]
fn ask_json_schema() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["ask", "suspicous stolen credentials api calls", "--json"]);
    let ask: Ask =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.context()));
    assert!(!ask.matches.is_empty());
    assert!(
        !ask.interpretations.is_empty(),
        "the typo should be reported"
    );
    let m = &ask.matches[0];
    assert!((0.0..=1.0).contains(&m.confidence));
    let x = m.explanation.as_ref().expect("ask explains");
    for [start, end] in &x.highlights {
        assert!(start < end && *end <= x.passage.len());
    }
}

#[test]
fn ask_with_choices_json_schema() {
    let env = TestEnv::new();
    let run = env.run_fixture(&[
        "ask",
        "who changed the firewall rule",
        "--choices",
        "Example AuditLog",
        "Use ThreatWatch.",
        "Call a plumber",
        "--json",
    ]);
    let ask: Ask =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.context()));
    let choices: Vec<_> = ask
        .matches
        .iter()
        .map(|m| m.choice.clone().unwrap())
        .collect();
    assert_eq!(choices.len(), 2, "{}", run.context());
    assert_eq!(ask.matches[0].id, "auditlog");
    assert!(choices.contains(&"Use ThreatWatch.".to_string()));
    assert_eq!(ask.unknown_choices.len(), 1);
    assert_eq!(ask.unknown_choices[0].choice, "Call a plumber");
    assert!(ask.pick.is_none(), "no pick unless asked");

    let run = env.run_fixture(&[
        "ask",
        "who changed the firewall rule",
        "--choices",
        "Example AuditLog",
        "Example ThreatWatch",
        "Example KeyVault",
        "--pick",
        "2",
        "--json",
    ]);
    let ask: Ask =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.context()));
    let pick = ask.pick.expect("a pick");
    assert_eq!((pick.n, pick.chosen.len()), (2, 2));
    assert_eq!(pick.chosen[0], ask.matches[0].id);
}

#[test]
fn list_and_show_json_schema() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["list", "--json"]);
    let list: List =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.context()));
    assert_eq!(list.count, list.entries.len());
    let run = env.run_fixture(&["show", "keyvault", "--json"]);
    let card: Card =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.context()));
    assert_eq!(card.id, "keyvault");
    assert_eq!(card.use_cases.len(), 3);
}
