//! The user's own notes: what attaches where, quotes with file:line in explanations, the
//! registry (add/list/remove), the index rebuilt when a notes file changes, and bad files.
//!
//! The fixture `tests/fixtures/notes/study-notes.md` is written in the style of real study notes:
//! a topic with services named inline, a misspelt Well-Architected heading with its pillars, typo'd
//! service headings, "Use case" subsections, an empty heading and a topic of the user's own.

mod common;
use common::{Run, TestEnv};
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::notes::attach::{FuzzyBudget, How, Piece, Target, attach};
use svcmatch::notes::parse;

fn fixture_notes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes/study-notes.md")
}

/// Runs with the built-in knowledge base (it has the pillars) and a config dir in the temp dir.
fn run(env: &TestEnv, args: &[&str]) -> Run {
    let mut c = env.cmd();
    c.env("SVCMATCH_CONFIG_DIR", env.path().join("config"));
    c.args(args);
    Run::from(c.output().expect("run svcmatch"))
}

fn copy_fixture(env: &TestEnv) -> PathBuf {
    let path = env.path().join("study-notes.md");
    fs::copy(fixture_notes(), &path).unwrap();
    path
}

/// Where each heading and named item of the fixture went: (line, entry id or "new:<id>").
fn attached_fixture() -> (KnowledgeBase, Vec<(usize, String)>) {
    let mut kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
    let text = fs::read_to_string(fixture_notes()).unwrap();
    let doc = parse("study-notes.md", &text);
    let report = attach(&mut kb, &doc, &mut FuzzyBudget::default());
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let target = match &r.target {
                Target::Entry { entry, .. } => kb.entries[*entry].id.to_string(),
                Target::NewEntry { entry } => format!("new:{}", kb.entries[*entry].id),
                Target::AddedToNote { entry } => format!("added:{}", kb.entries[*entry].id),
                Target::NoText => "no-text".to_string(),
                Target::Skipped { .. } => "skipped".to_string(),
            };
            (r.line, target)
        })
        .collect();
    (kb, rows)
}

#[test]
fn every_heading_and_named_item_goes_to_the_right_entry() {
    let (_, rows) = attached_fixture();
    let expected: Vec<(usize, &str)> = vec![
        (1, "new:note-cloud-technology"),
        (4, "s3"),
        (5, "lambda"),
        (6, "route-53"),
        (11, "well-architected-framework"),
        (12, "operational-excellence-pillar"),
        (16, "security-pillar"),
        (19, "reliability-pillar"),
        (21, "performance-efficiency-pillar"),
        (23, "cost-optimization-pillar"),
        (25, "sustainability-pillar"),
        (28, "cloudtrail"),
        (32, "cloudtrail"),
        (35, "trusted-advisor"),
        (41, "skipped"),
        (43, "new:note-memory-tricks"),
        (47, "added:note-memory-tricks"),
    ];
    let got: Vec<(usize, &str)> = rows.iter().map(|(l, t)| (*l, t.as_str())).collect();
    assert_eq!(got, expected);
}

#[test]
fn quotes_keep_their_lines_and_markup_is_stripped() {
    let (kb, _) = attached_fixture();
    let at = |id: &str| &kb.notes[kb.index_of(id).unwrap()];
    let trail: Vec<(usize, &str)> = at("cloudtrail")
        .iter()
        .map(|q| (q.line, q.text.as_str()))
        .collect();
    assert_eq!(
        trail,
        vec![
            (29, "Keeps a history of every API call in the account"),
            (30, "Answers who did what and when"),
            (
                33,
                "Find out which user terminated the production instance last night."
            ),
        ]
    );
    // A pillar item takes its nested lines and its e.g. line, not its own bare name.
    let ops: Vec<usize> = at("operational-excellence-pillar")
        .iter()
        .map(|q| q.line)
        .collect();
    assert_eq!(ops, vec![13, 14, 15]);
    // Tab-indented bullets stay with their section.
    assert_eq!(at("trusted-advisor").len(), 4);
    assert!(at("trusted-advisor")[0].text.ends_with("best practices"));
    // "Security" under the Well-Architected heading is the pillar, not a security service.
    assert!(at("security-hub").is_empty());
    assert_eq!(at("security-pillar")[0].line, 17);
    assert!(at("s3")[0].text.starts_with("S3 (object storage"));
    assert!(
        kb.notes
            .iter()
            .flatten()
            .all(|q| q.file == "study-notes.md")
    );
}

#[test]
fn an_unmatched_section_becomes_a_note_entry_with_domain_and_use_cases() {
    let (kb, _) = attached_fixture();
    let e = kb.get("note-memory-tricks").expect("note entry");
    assert_eq!(e.kind.as_str(), "note");
    assert_eq!(e.name, "Memory tricks");
    assert_eq!(e.domain.as_str(), "technology", "from its topic heading");
    assert_eq!(e.summary, "Glacier is for data you almost never read");
    assert_eq!(
        e.use_cases,
        vec!["Remembering storage classes the night before the exam."]
    );
    let lines: Vec<usize> = kb.notes[kb.index_of(&e.id).unwrap()]
        .iter()
        .map(|q| q.line)
        .collect();
    assert_eq!(lines, vec![44, 45, 48]);
    // The topic keeps its own text and the item that named nothing; what its items and
    // sections went to is related.
    let topic = kb.get("note-cloud-technology").unwrap();
    assert_eq!(
        topic.related,
        vec![
            "s3",
            "lambda",
            "route-53",
            "well-architected-framework",
            "cloudtrail",
            "trusted-advisor"
        ]
    );
    let lines: Vec<usize> = kb.notes[kb.index_of(&topic.id).unwrap()]
        .iter()
        .map(|q| q.line)
        .collect();
    assert_eq!(lines, vec![2, 7, 8, 9]);
}

#[test]
fn typos_are_matched_by_spelling_and_reported_as_such() {
    let mut kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
    let doc = parse(
        "t.md",
        "## Gaurd Duty\nwatches logs\n## Data Encryption\nkeys and more\n## Secrets Manager rotation\nrotates\n",
    );
    let report = attach(&mut kb, &doc, &mut FuzzyBudget::default());
    let r = &report.rows;
    match r[0].target {
        Target::Entry {
            entry,
            how: How::Similar(s),
        } => {
            assert_eq!(kb.entries[entry].id, "guardduty");
            assert!(s > 0.8, "{s}");
        }
        ref t => panic!("Gaurd Duty went to {t:?}"),
    }
    // A shared prefix is not a name: "Data Encryption" is not "data at rest encryption".
    assert!(matches!(r[1].target, Target::NewEntry { .. }), "{:?}", r[1]);
    assert!(matches!(
        r[2].target,
        Target::Entry {
            how: How::Mentioned,
            ..
        }
    ));
    assert_eq!(r[2].piece, Piece::Section);
}

#[test]
fn huge_input_is_bounded() {
    let mut kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
    let text: String = (0..3000)
        .map(|i| format!("## Made up topic number {i}\n - Item{i}x (thing)\nline\n"))
        .collect();
    let doc = parse("big.md", &text);
    let report = attach(&mut kb, &doc, &mut FuzzyBudget::default());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.starts_with("too many headings")),
        "the similarity budget ran out and said so"
    );
    assert!(kb.len() > 3000);
}

#[test]
fn ask_quotes_the_note_with_file_and_line() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    run(&env, &["notes", "add", notes.to_str().unwrap()]).expect_code(0);
    let r = run(&env, &["ask", "history of every API call", "--json"]);
    r.expect_code(0);
    let first = &r.json()["matches"][0];
    assert_eq!(first["id"], "cloudtrail", "{}", r.context());
    let note = &first["explanation"]["note"];
    assert_eq!(note["file"], "study-notes.md", "{}", r.context());
    assert_eq!(note["line"], 29, "{}", r.context());
    assert_eq!(
        note["text"],
        "Keeps a history of every API call in the account"
    );

    let human = run(&env, &["history of every API call"]);
    assert!(
        human.stdout.contains(
            "from your notes (study-notes.md:29): \"Keeps a history of every API call in the account\""
        ),
        "{}",
        human.context()
    );
}

#[test]
fn show_prints_the_users_notes_under_the_card() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    run(&env, &["notes", "add", notes.to_str().unwrap()]).expect_code(0);
    let r = run(&env, &["show", "trusted advisor"]);
    r.expect_code(0);
    let tail = r.stdout.split("Your notes").nth(1).unwrap_or("");
    assert!(
        tail.contains("study-notes.md:38 security gaps such as open ports"),
        "{}",
        r.context()
    );
    let j = run(&env, &["show", "cloudtrail", "--json"]).json();
    let lines: Vec<u64> = j["user_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![29, 30, 33]);
    let note_entry = run(&env, &["show", "memory tricks"]);
    note_entry.expect_code(0);
    assert!(
        note_entry.stdout.contains("note-memory-tricks"),
        "{}",
        note_entry.context()
    );
    let listed = run(&env, &["list", "--kind", "note", "--json"]).json();
    assert_eq!(listed["count"], 2);
}

#[test]
fn notes_flag_is_for_one_run_only() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let with = run(
        &env,
        &[
            "--notes",
            notes.to_str().unwrap(),
            "ask",
            "who did what and when",
            "--json",
        ],
    );
    with.expect_code(0);
    assert_eq!(with.json()["matches"][0]["explanation"]["note"]["line"], 30);
    // The empty heading is reported on every run that uses the file.
    assert!(
        with.stderr.contains("study-notes.md:41") && with.stderr.contains("Pricing Calculator"),
        "{}",
        with.context()
    );
    let without = run(&env, &["ask", "who did what and when", "--json"]);
    assert!(without.json()["matches"][0]["explanation"]["note"].is_null());
    let listed = run(&env, &["notes", "list", "--json"]).json();
    assert!(listed["files"].as_array().unwrap().is_empty());
    let missing = run(&env, &["--notes", "nope.md", "list"]);
    missing.expect_code(2);
    assert!(missing.stderr.contains("nope.md"), "{}", missing.context());
}

#[test]
fn notes_add_reports_what_went_where() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let r = run(&env, &["notes", "add", notes.to_str().unwrap()]);
    r.expect_code(0);
    let line_of = |needle: &str| {
        r.stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}\n{}", r.context()))
            .to_string()
    };
    assert!(line_of("## Cloud Trial").contains("cloudtrail"));
    assert!(line_of("## Cloud Trial").contains("similar spelling"));
    assert!(line_of("- Security").contains("security-pillar"));
    assert!(line_of("## Memory tricks").contains("new note entry note-memory-tricks"));
    assert!(line_of("## Pricing Calculator").contains("skipped"));
    assert!(
        r.stdout.contains(
            "warning: study-notes.md:41: heading \"Pricing Calculator\" has nothing under it"
        ),
        "{}",
        r.context()
    );
    let j = run(&env, &["notes", "add", notes.to_str().unwrap(), "--json"]).json();
    let file = &j["files"][0];
    assert_eq!(file["already_registered"], true);
    let rows = file["rows"].as_array().unwrap();
    let wa = rows.iter().find(|r| r["line"] == 11).unwrap();
    assert_eq!(wa["id"], "well-architected-framework");
    let trail = rows.iter().find(|r| r["line"] == 28).unwrap();
    assert_eq!(trail["how"], "similar");
    assert!(trail["similarity"].as_f64().unwrap() >= 0.75);
}

#[test]
fn add_list_remove_round_trip() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let other = env.path().join("other.md");
    fs::write(&other, "## Guard Duty\nLooks for odd logins\n").unwrap();
    run(
        &env,
        &[
            "notes",
            "add",
            notes.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    let registry = env.path().join("config/notes.json");
    assert!(
        registry.is_file(),
        "registry written in SVCMATCH_CONFIG_DIR"
    );
    let stored = fs::read_to_string(&registry).unwrap();
    assert!(
        stored.contains(&fs::canonicalize(&notes).unwrap().display().to_string()),
        "absolute paths are stored: {stored}"
    );

    let list = run(&env, &["notes", "list"]);
    list.expect_code(0);
    assert!(list.stdout.contains("study-notes.md"), "{}", list.context());
    assert!(list.stdout.contains("other.md"), "{}", list.context());
    // Registered notes are used from any directory.
    let elsewhere = env.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    let mut c = env.cmd();
    c.current_dir(&elsewhere)
        .env("SVCMATCH_CONFIG_DIR", env.path().join("config"))
        .args(["show", "guardduty", "--json"]);
    let shown = Run::from(c.output().unwrap()).json();
    assert_eq!(shown["user_notes"][0]["text"], "Looks for odd logins");

    run(&env, &["notes", "remove", "other.md"]).expect_code(0);
    let list = run(&env, &["notes", "list", "--json"]).json();
    let paths: Vec<&str> = list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("study-notes.md"));
    let shown = run(&env, &["show", "guardduty", "--json"]).json();
    assert!(shown["user_notes"].as_array().unwrap().is_empty());

    let again = run(&env, &["notes", "remove", "other.md"]);
    again.expect_code(2);
    assert!(
        again.stderr.contains("not a registered notes file"),
        "{}",
        again.context()
    );
    run(&env, &["notes", "remove", notes.to_str().unwrap()]).expect_code(0);
    let empty = run(&env, &["notes", "list"]);
    assert!(
        empty.stdout.contains("no notes registered"),
        "{}",
        empty.context()
    );
}

#[test]
fn the_index_is_rebuilt_when_a_registered_file_changes() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let before = run(&env, &["ask", "marsupial", "--json"]);
    before.expect_code(1);
    run(&env, &["notes", "add", notes.to_str().unwrap()]).expect_code(0);
    run(&env, &["ask", "who did what and when"]).expect_code(0);
    let fresh = |env: &TestEnv| run(env, &["index", "info", "--json"]).json()["fresh"].clone();
    assert_eq!(fresh(&env), true);

    let mut text = fs::read_to_string(&notes).unwrap();
    text = text.replace(
        "Answers who did what and when\n",
        "Answers who did what and when\nA marsupial once deleted my trail\n",
    );
    fs::write(&notes, text).unwrap();
    assert_eq!(
        fresh(&env),
        false,
        "a changed notes file makes the index stale"
    );

    let after = run(&env, &["ask", "marsupial", "--json"]);
    after.expect_code(0);
    let first = &after.json()["matches"][0];
    assert_eq!(first["id"], "cloudtrail", "{}", after.context());
    assert_eq!(first["explanation"]["note"]["line"], 31);
    assert_eq!(fresh(&env), true);
}

#[test]
fn a_registered_file_that_disappeared_is_a_warning() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    run(&env, &["notes", "add", notes.to_str().unwrap()]).expect_code(0);
    fs::remove_file(&notes).unwrap();
    let r = run(&env, &["who did what and when"]);
    r.expect_code(0);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.context());
    assert!(warnings[0].contains("study-notes.md"), "{}", r.context());
    assert!(warnings[0].contains("no longer exists"), "{}", r.context());
    let list = run(&env, &["notes", "list", "--json"]).json();
    assert_eq!(list["files"][0]["ok"], false);
}

/// Each bad file is refused with its name in a one-line error, and nothing is registered, even
/// when good files are given with it.
#[test]
fn bad_files_are_refused_and_nothing_is_half_registered() {
    let env = TestEnv::new();
    let good = copy_fixture(&env);
    let dir = env.path().join("a-directory");
    fs::create_dir_all(&dir).unwrap();
    let binary = env.path().join("picture.md");
    fs::write(&binary, b"# Title\n\x89PNG\x00\x00\x01").unwrap();
    let latin1 = env.path().join("latin1.md");
    fs::write(&latin1, b"# Notes\nok line\ncaf\xe9 line\n").unwrap();
    let empty = env.path().join("empty.md");
    fs::write(&empty, "  \n\n").unwrap();
    let huge = env.path().join("huge.md");
    fs::write(&huge, "- line of notes\n".repeat(400_000)).unwrap();

    let cases: [(&Path, &str); 6] = [
        (&env.path().join("missing.md"), "no such notes file"),
        (&dir, "is a directory"),
        (&binary, "binary"),
        (&latin1, "latin1.md:3: not valid UTF-8"),
        (&empty, "empty"),
        (&huge, "5 MB limit"),
    ];
    for (bad, message) in cases {
        let r = run(
            &env,
            &[
                "notes",
                "add",
                good.to_str().unwrap(),
                bad.to_str().unwrap(),
            ],
        );
        r.expect_code(2);
        let name = bad.file_name().unwrap().to_str().unwrap();
        assert!(r.stderr.contains(name), "{}", r.context());
        assert!(r.stderr.contains(message), "{}", r.context());
        assert!(
            r.stderr.contains("nothing was registered"),
            "{}",
            r.context()
        );
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.context());
        assert!(r.stdout.is_empty(), "{}", r.context());
        assert!(
            !env.path().join("config/notes.json").exists(),
            "nothing registered after {name}"
        );
    }
}

/// The README's "Your own notes" examples, as written there: from the checkout, relative paths.
#[test]
fn readme_notes_examples_run() {
    let env = TestEnv::new();
    let in_checkout = |args: &[&str]| {
        let mut c = env.cmd();
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SVCMATCH_CONFIG_DIR", env.path().join("config"))
            .args(args);
        Run::from(c.output().expect("run svcmatch"))
    };
    let notes = "tests/fixtures/notes/study-notes.md";
    let once = in_checkout(&["--notes", notes, "idle load balancers cost savings check"]);
    once.expect_code(0);
    assert!(
        once.stdout.contains(
            "from your notes (study-notes.md:37): \"cost savings such as idle load balancers\""
        ),
        "{}",
        once.context()
    );
    let add = in_checkout(&["notes", "add", notes]);
    add.expect_code(0);
    for expected in [
        "→ security-pillar",
        "→ cloudtrail  (similar spelling, 0.90",
        "→ new note entry note-memory-tricks",
        "warning: study-notes.md:41: heading \"Pricing Calculator\" has nothing under it",
    ] {
        assert!(
            add.stdout.contains(expected),
            "{expected}\n{}",
            add.context()
        );
    }
    let list = in_checkout(&["notes", "list"]);
    assert!(list.stdout.contains("study-notes.md"), "{}", list.context());
    let show = in_checkout(&["show", "sustainability pillar"]);
    assert!(
        show.stdout
            .contains("study-notes.md:26 Minimise the energy a workload uses"),
        "{}",
        show.context()
    );
    in_checkout(&["notes", "remove", "study-notes.md"]).expect_code(0);
    let list = in_checkout(&["notes", "list"]);
    assert!(
        list.stdout.contains("no notes registered"),
        "{}",
        list.context()
    );
}

/// Pins the JSON of `notes add` and `notes list`, like `tests/json_schema.rs` does for the rest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AddJson {
    registry: String,
    files: Vec<FileJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FileJson {
    path: String,
    file: String,
    already_registered: bool,
    quotes: usize,
    rows: Vec<RowJson>,
    warnings: Vec<WarningJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RowJson {
    line: usize,
    kind: String,
    level: usize,
    text: String,
    result: String,
    id: Option<String>,
    how: Option<String>,
    similarity: Option<f64>,
    reason: Option<String>,
    quotes: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct WarningJson {
    line: usize,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ListJson {
    registry: Option<String>,
    files: Vec<ListedJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ListedJson {
    path: String,
    ok: bool,
    error: Option<String>,
    attached: usize,
    new_entries: usize,
    quotes: usize,
}

#[test]
fn notes_json_schema_is_pinned() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let add = run(&env, &["notes", "add", notes.to_str().unwrap(), "--json"]);
    add.expect_code(0);
    let parsed: AddJson = serde_json::from_str(&add.stdout)
        .unwrap_or_else(|e| panic!("notes add --json: {e}\n{}", add.context()));
    let kinds: Vec<&str> = parsed.files[0]
        .rows
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    for kind in ["topic", "item", "section", "use_case"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let results: Vec<&str> = parsed.files[0]
        .rows
        .iter()
        .map(|r| r.result.as_str())
        .collect();
    for result in ["attached", "new_entry", "added_to_note", "skipped"] {
        assert!(results.contains(&result), "{result} in {results:?}");
    }
    let list = run(&env, &["notes", "list", "--json"]);
    let parsed: ListJson = serde_json::from_str(&list.stdout)
        .unwrap_or_else(|e| panic!("notes list --json: {e}\n{}", list.context()));
    assert_eq!(parsed.files.len(), 1);
    assert_eq!(parsed.files[0].new_entries, 2);
}

#[test]
fn a_second_file_adds_to_the_first_files_note_entry() {
    let env = TestEnv::new();
    let notes = copy_fixture(&env);
    let more = env.path().join("more.md");
    fs::write(
        &more,
        "## Memory tricks\nOne Zone-IA keeps a single copy\n\n## Cloudtrail\nLogs \u{1b}[31mred\n",
    )
    .unwrap();
    let r = run(
        &env,
        &[
            "notes",
            "add",
            notes.to_str().unwrap(),
            more.to_str().unwrap(),
            "--json",
        ],
    );
    r.expect_code(0);
    let j = r.json();
    let second = &j["files"][1]["rows"];
    assert_eq!(second[0]["id"], "note-memory-tricks", "{}", r.context());
    assert_eq!(second[0]["result"], "attached", "{}", r.context());
    let card = run(&env, &["show", "note-memory-tricks", "--json"]).json();
    let files: Vec<&str> = card["user_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        vec![
            "study-notes.md",
            "study-notes.md",
            "study-notes.md",
            "more.md"
        ]
    );
    // A control character in the notes never reaches the terminal raw.
    let shown = run(&env, &["show", "cloudtrail"]);
    assert!(!shown.stdout.contains('\u{1b}'), "{}", shown.context());
    assert!(
        shown.stdout.contains("more.md:5 Logs"),
        "{}",
        shown.context()
    );
}
