//! Hostile input, broken files and concurrent runs: one named test per case. svcmatch must never
//! panic, never hang, never write raw control characters to a terminal and never lose the user's
//! progress. Grouped by the prefix of each test's name:
//! - `terminal_*`: user-derived text is neutralised in human output;
//! - `index_*`: a damaged, foreign, contended or unwritable index is rebuilt or replaced;
//! - `limits_*`: oversized, binary or odd input is handled in bounded time and memory;
//! - `progress_*`: the progress file and the notes registry are always the old or the new one;
//! - `fuzz_*`: inputs the fuzzers found, kept as regression tests.

mod common;
use common::{Run, TestEnv, fixture_kb, run_with_stdin};
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::progress::Progress;
use svcmatch::rank::{MAX_QUERY_BYTES, RankOptions, Ranker};

fn quiz_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-kb")
}

/// Text crafted to take over a terminal: a screen clear, a window-title change (OSC 0), a bell,
/// a CSI introduced by its C1 form, and a right-to-left override.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{7}\u{9b}31m\u{202e}evil";

/// Fails when a run wrote any character `text::sanitize` would have neutralised. Colour is off
/// in tests (standard output is not a terminal), so svcmatch itself writes no escape at all.
fn assert_no_raw_controls(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = text
            .chars()
            .find(|c| svcmatch::text::is_unsafe(*c) && *c != '\n')
        {
            panic!(
                "{stream} carries the raw control character {}\n{}",
                c.escape_unicode(),
                run.context()
            );
        }
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.context());
}

/// A quiz on the quiz fixture with its progress file under the test's directory.
fn quiz_command(env: &TestEnv, args: &[&str]) -> Command {
    let mut c = env.cmd();
    c.env("SVCMATCH_DATA_DIR", env.path().join("data"))
        .arg("--data")
        .arg(quiz_kb())
        .arg("quiz")
        .args(args);
    c
}

fn progress_path(env: &TestEnv) -> PathBuf {
    env.path().join("data/progress.json")
}

// ---------------------------------------------------------------------------------------------
// Terminal safety

#[test]
fn terminal_scenario_and_choices_are_neutralised() {
    let env = TestEnv::new();
    let scenario = format!("{HOSTILE} flag suspicious API calls");
    let choice = format!("{HOSTILE} not a known option");
    let run = env.run_fixture(&[
        "ask",
        &scenario,
        "--choices",
        &choice,
        "Example ThreatWatch",
        "Example AuditLog",
    ]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(
        run.stdout.contains("not a known option"),
        "{}",
        run.context()
    );
    assert_no_raw_controls(&run);
}

/// serde_json escapes C0 controls but leaves DEL, C1 controls and bidi overrides raw; our JSON
/// writers escape them too, and the value reads back unchanged.
#[test]
fn terminal_json_output_escapes_c1_controls_and_bidi_overrides() {
    let env = TestEnv::new();
    let scenario = format!("{HOSTILE}\u{7f} flag suspicious API calls");
    let run = env.run_fixture(&["ask", &scenario, "--json"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert_no_raw_controls(&run);
    assert!(run.stdout.contains("\\u009b") && run.stdout.contains("\\u202e"));
    assert_eq!(run.json()["query"], scenario.as_str());
}

#[test]
fn terminal_show_echoes_a_hostile_name_neutralised() {
    let env = TestEnv::new();
    for name in [format!("{HOSTILE}threatwach"), format!("{HOSTILE}zzzzzzzz")] {
        let run = env.run_fixture(&["show", &name]);
        assert_no_raw_controls(&run);
        assert!(run.stderr.contains("\\u{1b}"), "{}", run.context());
    }
}

#[test]
fn terminal_quiz_bank_questions_options_and_answers_are_neutralised() {
    let env = TestEnv::new();
    let bank = env.path().join("bank.jsonl");
    let lines = [
        serde_json::json!({"question": format!("{HOSTILE} Which tool warns before the monthly limit is passed?"),
            "answer": "Example SpendAlert",
            "choices": ["Example SpendAlert", format!("{HOSTILE} option"), "Example CostLens"]}),
        serde_json::json!({"question": "Who deleted the bucket?", "answer": format!("{HOSTILE} missing"),
            "choices": ["Example AuditLog", "Example KeyVault"]}),
        serde_json::json!({"question": format!("{HOSTILE} who deleted it"), "answer": format!("{HOSTILE} nothing")}),
        serde_json::json!({"question": format!("{HOSTILE} Which service records API calls?"), "answer": "auditlog"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&bank, text).unwrap();
    let answers = format!("{HOSTILE}\nzzzz{HOSTILE}\nb\na\nc\n");
    let run = run_with_stdin(
        quiz_command(
            &env,
            &[
                "--bank",
                bank.to_str().unwrap(),
                "--seed",
                "3",
                "--count",
                "4",
            ],
        ),
        answers.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(run.stdout.contains("monthly limit"), "{}", run.context());
    assert!(run.stderr.contains("left out"), "{}", run.context());
    assert_no_raw_controls(&run);
}

#[test]
fn terminal_eval_report_is_neutralised() {
    let env = TestEnv::new();
    let file = env.path().join("questions.jsonl");
    let lines = [
        serde_json::json!({"question": format!("{HOSTILE} flag suspicious API calls"), "answer": format!("{HOSTILE}"), "domain": HOSTILE}),
        serde_json::json!({"question": format!("{HOSTILE} who deleted the bucket"), "answer": "threatwatch",
            "choices": [HOSTILE, "Example ThreatWatch"]}),
    ];
    fs::write(
        &file,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--misses"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(run.stdout.contains("misses"), "{}", run.context());
    assert_no_raw_controls(&run);
}

#[test]
fn terminal_error_messages_quoting_input_are_neutralised() {
    let env = TestEnv::new();
    let missing = env.path().join(format!("{HOSTILE}.jsonl"));
    let runs = [
        // Our own errors quoting a path.
        env.run_fixture(&["eval", missing.to_str().unwrap()]),
        env.run(&["--data", missing.to_str().unwrap(), "x"]),
        // Clap's errors quoting an argument (clap writes them raw on a terminal).
        env.run(&["--color", HOSTILE, "x"]),
        env.run(&["ask", "x", "--top", HOSTILE]),
        env.run(&[&format!("--{HOSTILE}")]),
    ];
    for run in &runs {
        assert_eq!(run.code, 2, "{}", run.context());
        assert_no_raw_controls(run);
    }
}

#[test]
fn terminal_paths_in_human_output_are_neutralised() {
    let env = TestEnv::new();
    let index_dir = env.path().join(format!("idx{HOSTILE}"));
    let index_arg = index_dir.to_str().unwrap();
    for args in [
        vec!["--index-dir", index_arg, "index", "build"],
        vec!["--index-dir", index_arg, "index", "info"],
    ] {
        let run = env.run_fixture(&args);
        assert_eq!(run.code, 0, "{}", run.context());
        assert_no_raw_controls(&run);
    }
    let progress = env.path().join(format!("p{HOSTILE}.json"));
    let run = run_with_stdin(
        quiz_command(
            &env,
            &[
                "--progress",
                progress.to_str().unwrap(),
                "--count",
                "1",
                "--seed",
                "1",
            ],
        ),
        b"a\n",
    );
    assert_eq!(run.code, 0, "{}", run.context());
    assert_no_raw_controls(&run);
    let mut stats = env.cmd();
    stats
        .arg("--data")
        .arg(quiz_kb())
        .args(["stats", "--progress"])
        .arg(&progress);
    let run = Run::from(stats.output().unwrap());
    assert_eq!(run.code, 0, "{}", run.context());
    assert_no_raw_controls(&run);
}

#[test]
fn terminal_knowledge_base_with_control_characters_is_refused() {
    let env = TestEnv::new();
    let data = env.path().join("kb-data");
    fs::create_dir_all(data.join("kb")).unwrap();
    let mut entries: serde_json::Value =
        serde_json::from_slice(&fs::read(fixture_kb().join("kb/security.json")).unwrap()).unwrap();
    entries[1]["summary"] = serde_json::Value::String(format!("Records calls {HOSTILE}"));
    fs::write(data.join("kb/security.json"), entries.to_string()).unwrap();
    let run = env.run(&["--data", data.to_str().unwrap(), "who deleted the bucket"]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("entry 2") && run.stderr.contains("field `summary`"),
        "{}",
        run.context()
    );
    assert_no_raw_controls(&run);
}

#[test]
fn terminal_notes_headings_and_lines_are_neutralised() {
    let env = TestEnv::new();
    let notes = env.path().join(format!("notes{HOSTILE}.md"));
    fs::write(
        &notes,
        format!(
            "# {HOSTILE} Zebra topic\n\n- zebra quokka stripes {HOSTILE}\n  - nested {HOSTILE} quokka\n\n## Example AuditLog {HOSTILE}\n- who deleted the quokka bucket {HOSTILE}\n"
        ),
    )
    .unwrap();
    let notes_arg = notes.to_str().unwrap();
    let config = env.path().join("config");
    let runs = [
        env.run_fixture(&["--notes", notes_arg, "zebra quokka stripes"]),
        env.run_fixture(&["--notes", notes_arg, "show", "auditlog"]),
        env.run_fixture(&["--notes", notes_arg, "list"]),
    ];
    for run in &runs {
        assert_eq!(run.code, 0, "{}", run.context());
        assert_no_raw_controls(run);
    }
    assert!(
        runs[0].stdout.contains("Zebra topic"),
        "{}",
        runs[0].context()
    );
    for args in [vec!["notes", "add", notes_arg], vec!["notes", "list"]] {
        let mut c = env.cmd();
        c.env("SVCMATCH_CONFIG_DIR", &config)
            .arg("--data")
            .arg(fixture_kb())
            .args(&args);
        let run = Run::from(c.output().unwrap());
        assert_eq!(run.code, 0, "{}", run.context());
        assert_no_raw_controls(&run);
    }
}

#[test]
fn terminal_batch_records_and_summary_are_neutralised() {
    let env = TestEnv::new();
    let input = format!(
        "{HOSTILE} flag suspicious API calls\n{{\"question\": \"{}\", \"choices\": [\"{}\"]}}\n{{\"question\": 3, \"{}\": 1}}\n\u{1b}[2J{{ not json\n",
        HOSTILE
            .replace('\u{1b}', "\\u001b")
            .replace('\u{7}', "\\u0007"),
        "\\u001b]0;x\\u0007 option",
        "\\u001b[31m",
    );
    let mut c = env.cmd();
    c.arg("--data").arg(fixture_kb()).arg("batch");
    let run = run_with_stdin(c, input.as_bytes());
    // JSON Lines escape control characters; the summary on stderr quotes nothing.
    assert_no_raw_controls(&run);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.context());
    for line in run.stdout.lines() {
        let _: serde_json::Value = serde_json::from_str(line).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// The index on disk

/// Builds the fixture's index under the env and returns its directory (`v<format>-…`).
fn built_index(env: &TestEnv) -> PathBuf {
    env.run_fixture(&["index", "build"]).expect_code(0);
    let dirs: Vec<PathBuf> = fs::read_dir(env.index_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('v'))
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].clone()
}

/// The files of the one segment of a sub-index (`entries` or `passages`), by extension.
fn segment_file(index: &Path, sub: &str, extension: &str) -> PathBuf {
    fs::read_dir(index.join(sub))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == extension))
        .unwrap_or_else(|| panic!("no .{extension} file in {sub}"))
}

/// Asks the fixture a question whose answer is known; the run must answer it correctly.
fn ask_fixture(env: &TestEnv) -> Run {
    let run = env.run_fixture(&["flag suspicious API calls"]);
    assert_eq!(run.code, 0, "{}", run.context());
    let first = run
        .stdout
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or("");
    assert!(first.contains("Example ThreatWatch"), "{}", run.context());
    assert!(!run.stderr.contains("panicked"), "{}", run.context());
    run
}

/// A damaged index is rebuilt with exactly one line of notice, and the next run is silent.
fn assert_rebuilt_once(env: &TestEnv, damage: &str) {
    let run = ask_fixture(env);
    let notices: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(notices.len(), 1, "{damage}: {}", run.context());
    assert!(
        notices[0].contains("rebuilding it"),
        "{damage}: {}",
        run.context()
    );
    let again = ask_fixture(env);
    assert_eq!(
        again.stderr,
        "",
        "{damage}: not repaired\n{}",
        again.context()
    );
}

#[test]
fn index_segment_file_deleted_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    fs::remove_file(segment_file(&index, "passages", "idx")).unwrap();
    assert_rebuilt_once(&env, "deleted .idx");
}

#[test]
fn index_segment_file_zeroed_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    for (sub, ext) in [("entries", "term"), ("passages", "store")] {
        let file = segment_file(&index, sub, ext);
        let len = fs::metadata(&file).unwrap().len() as usize;
        fs::write(&file, vec![0u8; len]).unwrap();
        assert_rebuilt_once(&env, &format!("zeroed {sub}/.{ext}"));
    }
}

#[test]
fn index_segment_file_truncated_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    let file = segment_file(&index, "entries", "idx");
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    assert_rebuilt_once(&env, "truncated .idx");
}

#[test]
fn index_tantivy_meta_garbage_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    fs::write(index.join("entries/meta.json"), "{ garbage").unwrap();
    assert_rebuilt_once(&env, "meta.json garbage");
}

#[test]
fn index_svcmatch_meta_garbage_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    fs::write(index.join("svcmatch-index.json"), b"\x00\xff not json").unwrap();
    assert_rebuilt_once(&env, "svcmatch-index.json garbage");
}

#[test]
fn index_directory_where_a_file_should_be_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    let store = segment_file(&index, "passages", "store");
    fs::remove_file(&store).unwrap();
    fs::create_dir(&store).unwrap();
    assert_rebuilt_once(&env, "a directory for the .store file");

    let index = built_index(&env);
    fs::remove_file(index.join("svcmatch-index.json")).unwrap();
    fs::create_dir(index.join("svcmatch-index.json")).unwrap();
    assert_rebuilt_once(&env, "a directory for svcmatch-index.json");

    let index = built_index(&env);
    fs::remove_dir_all(&index).unwrap();
    fs::write(&index, "a file where the index directory should be").unwrap();
    assert_rebuilt_once(&env, "a file for the index directory");
}

#[test]
fn index_newer_format_is_rebuilt() {
    let env = TestEnv::new();
    let index = built_index(&env);
    let meta_path = index.join("svcmatch-index.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&fs::read(&meta_path).unwrap()).unwrap();
    meta["format"] = 999.into();
    fs::write(&meta_path, meta.to_string()).unwrap();
    let run = ask_fixture(&env);
    assert!(
        run.stderr.contains("index format 999") && run.stderr.contains("rebuilding"),
        "{}",
        run.context()
    );
    let meta: serde_json::Value = serde_json::from_slice(&fs::read(&meta_path).unwrap()).unwrap();
    assert_eq!(meta["format"], svcmatch::index::FORMAT_VERSION);
}

/// A flipped byte inside a segment file leaves tantivy's framing intact: tantivy would open the
/// index and score with damaged postings. The checksums catch it.
#[test]
fn index_flipped_byte_inside_a_segment_is_rebuilt() {
    let env = TestEnv::new();
    for (sub, ext) in [
        ("entries", "idx"),
        ("passages", "idx"),
        ("passages", "pos"),
        ("entries", "fieldnorm"),
    ] {
        let index = built_index(&env);
        let file = segment_file(&index, sub, ext);
        let mut bytes = fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        fs::write(&file, &bytes).unwrap();
        assert_rebuilt_once(&env, &format!("a flipped byte in {sub}/.{ext}"));
    }
}

/// A whole, valid tantivy index holding other text (copied from another knowledge base's index
/// with the same number of documents) passes every file check; reading back a stored passage
/// shows it is not ours.
#[test]
fn index_holding_other_text_is_rebuilt() {
    let env = TestEnv::new();
    let other = env.path().join("other-kb");
    fs::create_dir_all(other.join("kb")).unwrap();
    for name in ["billing.json", "security.json"] {
        let mut entries: serde_json::Value =
            serde_json::from_slice(&fs::read(fixture_kb().join("kb").join(name)).unwrap()).unwrap();
        if name == "billing.json" {
            entries[0]["summary"] = "A summary with other words in it.".into();
        }
        fs::write(other.join("kb").join(name), entries.to_string()).unwrap();
    }
    let ours = built_index(&env);
    let other_index = env.path().join("other-index");
    let mut build = env.cmd();
    build
        .env("SVCMATCH_INDEX_DIR", &other_index)
        .arg("--data")
        .arg(&other)
        .args(["index", "build"]);
    Run::from(build.output().unwrap()).expect_code(0);
    let theirs = fs::read_dir(&other_index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with('v'))
        .unwrap();
    fs::remove_dir_all(ours.join("passages")).unwrap();
    fs::rename(theirs.join("passages"), ours.join("passages")).unwrap();
    let run = ask_fixture(&env);
    assert!(
        run.stderr.contains("passage 0 holds other text") && run.stderr.contains("rebuilding"),
        "{}",
        run.context()
    );
}

/// Random damage (bytes flipped, zeroed or cut off) in any file of the index: every run still
/// answers correctly, whether or not the damage touched bytes that matter.
#[test]
fn index_random_damage_never_misleads() {
    let env = TestEnv::new();
    let mut rng = XorShift(0x5eed_1dec_0ded);
    for round in 0..9 {
        let index = built_index(&env);
        let files: Vec<PathBuf> = ["entries", "passages"]
            .iter()
            .flat_map(|sub| fs::read_dir(index.join(sub)).unwrap().flatten())
            .map(|e| e.path())
            .filter(|p| fs::metadata(p).is_ok_and(|m| m.len() > 0))
            .collect();
        let file = &files[rng.below(files.len())];
        let mut bytes = fs::read(file).unwrap();
        match round % 3 {
            0 => {
                for _ in 0..4 {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 0x5a;
                }
            }
            1 => {
                let start = rng.below(bytes.len());
                let end = (start + 64).min(bytes.len());
                bytes[start..end].fill(0);
            }
            _ => bytes.truncate(rng.below(bytes.len())),
        }
        fs::write(file, &bytes).unwrap();
        let run = ask_fixture(&env);
        assert!(
            run.stderr.lines().count() <= 1,
            "round {round}, {}: {}",
            file.display(),
            run.context()
        );
    }
}

#[test]
fn index_concurrent_builds_leave_one_valid_index() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut c = env.cmd();
            c.arg("--data")
                .arg(fixture_kb())
                .args(["flag suspicious API calls", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            c.spawn().expect("spawn svcmatch")
        })
        .collect();
    for child in children {
        let run = Run::from(child.wait_with_output().unwrap());
        assert_eq!(run.code, 0, "{}", run.context());
        assert_eq!(run.json()["matches"][0]["id"], "threatwatch");
        assert_eq!(run.stderr, "", "{}", run.context());
    }
    let names: Vec<String> = fs::read_dir(env.index_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.starts_with('v')).count(),
        1,
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with('v')),
        "leftovers: {names:?}"
    );
    let again = ask_fixture(&env);
    assert_eq!(again.stderr, "", "{}", again.context());
}

#[test]
fn index_unwritable_location_falls_back_to_memory() {
    let env = TestEnv::new();
    // A path under a regular file can never be a directory, whoever runs the test.
    let file = env.path().join("a-file");
    fs::write(&file, "").unwrap();
    let under_file = file.join("index");
    let run = env.run_fixture(&[
        "--index-dir",
        under_file.to_str().unwrap(),
        "flag suspicious API calls",
    ]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(
        run.stdout.contains("Example ThreatWatch"),
        "{}",
        run.context()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());
    assert!(
        run.stderr.contains("using an in-memory index"),
        "{}",
        run.context()
    );

    // A read-only directory: only meaningful when permissions bind us (not as root).
    let readonly = env.path().join("readonly");
    fs::create_dir(&readonly).unwrap();
    set_mode(&readonly, 0o555);
    if fs::write(readonly.join("probe"), "").is_ok() {
        eprintln!(
            "index_unwritable_location_falls_back_to_memory: running with privileges that ignore permissions; the read-only directory case is skipped"
        );
    } else {
        let run = env.run_fixture(&[
            "--index-dir",
            readonly.join("index").to_str().unwrap(),
            "flag suspicious API calls",
        ]);
        assert_eq!(run.code, 0, "{}", run.context());
        assert!(
            run.stderr.contains("using an in-memory index"),
            "{}",
            run.context()
        );
    }
    set_mode(&readonly, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Limits

fn fixture_world() -> (KnowledgeBase, SearchIndex) {
    let kb = KnowledgeBase::load(&DataSource::Dir(fixture_kb())).unwrap();
    let index = SearchIndex::build_in_memory(&kb).unwrap();
    (kb, index)
}

#[test]
fn limits_long_scenario_is_cut_with_a_notice() {
    let env = TestEnv::new();
    // Linux caps one argument at 128 KiB; 100 KB is as long as a command line allows.
    let scenario = "flag suspicious API calls ".repeat(4000);
    let run = env.run_fixture(&[&scenario]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(
        run.stdout
            .contains(&format!("cut to its first {MAX_QUERY_BYTES} bytes")),
        "{}",
        run.context()
    );
    let run = env.run_fixture(&["ask", &scenario, "--json"]);
    assert_eq!(run.json()["truncated"], true);
}

#[test]
fn limits_ten_megabyte_scenario_and_name_are_bounded() {
    let (kb, index) = fixture_world();
    let ranker = Ranker::new(&kb, &index);
    let huge = "flag suspicious API calls é ".repeat(10 * 1024 * 1024 / 28);
    let started = Instant::now();
    let answer = ranker.ask(&huge, &RankOptions::default()).unwrap();
    assert!(answer.query.truncated);
    assert_eq!(kb.entries[answer.matches[0].entry].id, "threatwatch");
    let choices = vec![huge.clone(), "Example AuditLog".to_string()];
    let answer = ranker
        .ask_choices(&huge, &choices, &RankOptions::default())
        .unwrap();
    assert!(answer.matches.len() <= 3);
    let _ = svcmatch::resolve::resolve(&kb, &huge);
    // Not a timing assertion: a guard against a hang, far above any real duration.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn limits_ten_megabyte_lines_in_quiz_input_and_eval_files() {
    let env = TestEnv::new();
    let mut input = vec![b'x'; 10 * 1024 * 1024];
    input.extend_from_slice(b"\na\n");
    let run = run_with_stdin(quiz_command(&env, &["--count", "1", "--seed", "2"]), &input);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(run.stdout.contains("Score: "), "{}", run.context());
    assert!(
        run.stdout.len() < 64 * 1024,
        "the long answer was echoed whole"
    );

    let file = env.path().join("long.jsonl");
    let question = format!("flag suspicious API calls {}", "padding ".repeat(1_300_000));
    let line = serde_json::json!({"question": question, "answer": "threatwatch"});
    fs::write(&file, format!("{line}\n")).unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--json"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert_eq!(run.json()["overall"]["top1"], 1.0);
}

#[test]
fn limits_nul_bytes_in_scenario_answers_and_files() {
    let (kb, index) = fixture_world();
    let ranker = Ranker::new(&kb, &index);
    let answer = ranker
        .ask("flag\0suspicious\0API\0calls\0", &RankOptions::default())
        .unwrap();
    assert!(answer.matches.len() <= 3);

    let env = TestEnv::new();
    let run = run_with_stdin(
        quiz_command(&env, &["--count", "1", "--seed", "2"]),
        b"\0\0\0\na\0\na\n",
    );
    assert_eq!(run.code, 0, "{}", run.context());
    assert_no_raw_controls(&run);

    let file = env.path().join("nul.jsonl");
    fs::write(
        &file,
        "{\"question\": \"flag suspicious\\u0000 API calls\", \"answer\": \"threat\\u0000watch\"}\n",
    )
    .unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--misses"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert_no_raw_controls(&run);

    fs::create_dir_all(progress_path(&env).parent().unwrap()).unwrap();
    fs::write(progress_path(&env), b"{\"version\": 1\0}").unwrap();
    let run = run_with_stdin(quiz_command(&env, &["--count", "1", "--seed", "2"]), b"a\n");
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(run.stderr.contains("moved it to"), "{}", run.context());
}

#[test]
fn limits_invalid_utf8_argument_is_a_one_line_error() {
    let env = TestEnv::new();
    for args in [
        vec![&b"flag \xff\xfe suspicious"[..]],
        vec![b"ask", b"\xc3\x28"],
        vec![b"show", b"guard\x80duty"],
        vec![b"--data", b"/tmp/\xff", b"x"],
    ] {
        let mut c = env.cmd();
        c.args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)));
        let run = Run::from(c.output().unwrap());
        assert_eq!(run.code, 2, "{}", run.context());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());
        assert!(
            run.stderr.starts_with("svcmatch: error: "),
            "{}",
            run.context()
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.context());
    }
}

#[test]
fn limits_bom_and_crlf_are_accepted() {
    let env = TestEnv::new();
    // An eval file saved by a Windows editor.
    let file = env.path().join("windows.jsonl");
    fs::write(
        &file,
        "\u{feff}{\"question\": \"flag suspicious API calls\", \"answer\": \"threatwatch\"}\r\n\r\n{\"question\": \"who deleted the bucket\", \"answer\": \"auditlog\"}\r\n",
    )
    .unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap(), "--json"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert_eq!(run.json()["overall"]["questions"], 2);

    // A knowledge-base file with a byte-order mark.
    let data = env.path().join("bom-kb");
    fs::create_dir_all(data.join("kb")).unwrap();
    for name in ["security.json", "billing.json"] {
        let text = fs::read_to_string(fixture_kb().join("kb").join(name)).unwrap();
        fs::write(
            data.join("kb").join(name),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        )
        .unwrap();
    }
    let run = env.run(&[
        "--data",
        data.to_str().unwrap(),
        "flag suspicious API calls",
    ]);
    assert_eq!(run.code, 0, "{}", run.context());

    // A scenario starting with a byte-order mark answers as without it.
    let plain = env.run_fixture(&["ask", "flag suspicious API calls", "--json"]);
    let bom = env.run_fixture(&["ask", "\u{feff}flag suspicious API calls\r\n", "--json"]);
    assert_eq!(plain.json()["matches"], bom.json()["matches"]);

    // Quiz answers with CRLF line endings.
    let run = run_with_stdin(
        quiz_command(&env, &["--count", "2", "--seed", "2", "--json"]),
        b"a\r\nb\r\n",
    );
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(!run.stdout.contains("\"retry\""), "{}", run.context());
}

#[test]
fn limits_deeply_nested_input_is_an_error_not_a_crash() {
    let env = TestEnv::new();
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));

    let data = env.path().join("deep-kb");
    fs::create_dir_all(data.join("kb")).unwrap();
    fs::write(data.join("kb/deep.json"), &deep).unwrap();
    let run = env.run(&["--data", data.to_str().unwrap(), "x"]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("deep.json"), "{}", run.context());

    let file = env.path().join("deep.jsonl");
    fs::write(&file, format!("{deep}\n")).unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("deep.jsonl:1"), "{}", run.context());

    fs::create_dir_all(progress_path(&env).parent().unwrap()).unwrap();
    let nested = format!("{{\"version\": 1, \"x\": {deep}}}");
    fs::write(progress_path(&env), &nested).unwrap();
    let mut stats = env.cmd();
    stats
        .env("SVCMATCH_DATA_DIR", env.path().join("data"))
        .args(["--data"])
        .arg(quiz_kb())
        .arg("stats");
    let run = Run::from(stats.output().unwrap());
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("unusable"), "{}", run.context());
    assert_eq!(fs::read_to_string(progress_path(&env)).unwrap(), nested);
}

#[test]
fn limits_endless_and_special_files_are_refused() {
    let env = TestEnv::new();
    let run = env.run_fixture(&["eval", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("larger than 64 MB"),
        "{}",
        run.context()
    );

    for special in ["/dev/null", "/dev/zero"] {
        let run = run_with_stdin(
            quiz_command(
                &env,
                &["--progress", special, "--count", "1", "--seed", "1"],
            ),
            b"a\n",
        );
        assert_eq!(run.code, 2, "{}", run.context());
        assert!(
            run.stderr.contains("not a regular file"),
            "{}",
            run.context()
        );
    }
    assert!(!fs::metadata("/dev/null").unwrap().is_file());
}

#[test]
fn limits_too_many_options_are_refused() {
    let env = TestEnv::new();
    let options: Vec<String> = (0..27).map(|n| format!("option {n}")).collect();
    let mut args = vec!["ask", "flag suspicious API calls", "--choices"];
    args.extend(options.iter().map(String::as_str));
    let run = env.run_fixture(&args);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("at most 26"), "{}", run.context());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());

    let file = env.path().join("many.jsonl");
    let line = serde_json::json!({"question": "flag suspicious API calls", "answer": "threatwatch", "choices": options});
    fs::write(&file, format!("{line}\n")).unwrap();
    let run = env.run_fixture(&["eval", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("many.jsonl:1") && run.stderr.contains("at most 26"),
        "{}",
        run.context()
    );
}

/// A million lines from a pipe: read one at a time (blank lines cost nothing), every question
/// among them answered, in order.
#[test]
fn limits_batch_of_a_million_lines() {
    let env = TestEnv::new();
    let mut input = Vec::with_capacity(1_100_000);
    for n in 0..1_000_000 {
        if n % 100_000 == 0 {
            input.extend_from_slice(b"flag suspicious API calls\n");
        } else {
            input.extend_from_slice(b"\n");
        }
    }
    let mut c = env.cmd();
    c.arg("--data")
        .arg(fixture_kb())
        .args(["batch", "--top", "1"]);
    let run = run_with_stdin(c, &input);
    assert_eq!(run.code, 0, "{}", run.context());
    assert_eq!(run.stdout.lines().count(), 10, "{}", run.context());
    assert!(
        run.stderr
            .contains("1000000 lines read: 10 answered, 0 no match, 0 errors, 999990 blank"),
        "{}",
        run.context()
    );
}

#[test]
fn limits_batch_nul_bom_crlf_invalid_utf8_and_deep_json_lines() {
    let env = TestEnv::new();
    let mut input = b"\xef\xbb\xbfflag suspicious API calls\r\n".to_vec();
    input.extend_from_slice(b"who deleted\0the bucket\r\n");
    input.extend_from_slice(b"caf\xe9 au lait\n");
    input.extend_from_slice(b"{\"question\": \"x\", \"deep\": ");
    input.extend_from_slice(&b"[".repeat(20_000));
    input.extend_from_slice(&b"]".repeat(20_000));
    input.extend_from_slice(b"}\n");
    let mut c = env.cmd();
    c.arg("--data")
        .arg(fixture_kb())
        .args(["batch", "--top", "1"]);
    let run = run_with_stdin(c, &input);
    assert_eq!(run.code, 2, "{}", run.context());
    let records: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4, "{}", run.context());
    assert_eq!(records[0]["matches"][0]["id"], "threatwatch");
    assert_eq!(records[1]["status"], "answered");
    assert_eq!(records[2]["status"], "error");
    assert!(
        records[2]["error"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    assert_eq!(records[3]["status"], "error");
    assert!(
        records[3]["error"]
            .as_str()
            .unwrap()
            .contains("nested deeper than 128"),
        "{}",
        run.context()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.context());
}

#[test]
fn limits_notes_deeply_nested_long_and_huge() {
    let env = TestEnv::new();
    let deep = env.path().join("deep.md");
    let mut text = String::from("# Deep topic\n");
    for depth in 0..1000 {
        text.push_str(&" ".repeat(depth));
        text.push_str(&format!("- quokka level {depth}\n"));
    }
    text.push_str(&format!("- {}\n", "quokka word ".repeat(20_000)));
    fs::write(&deep, &text).unwrap();
    let run = env.run_fixture(&["--notes", deep.to_str().unwrap(), "quokka level"]);
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(run.stdout.contains("Deep topic"), "{}", run.context());

    let huge = env.path().join("huge.md");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let run = env.run_fixture(&["--notes", huge.to_str().unwrap(), "x"]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("5 MB"), "{}", run.context());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());
}

#[test]
fn limits_answer_lines_are_cut() {
    use svcmatch::cmd::quiz::read_bounded_line;
    let mut input = vec![b'y'; 100_000];
    input.extend_from_slice(b"\r\nb\n\xff\xfe\nlast");
    let mut reader = std::io::Cursor::new(input);
    let first = read_bounded_line(&mut reader, 4096).unwrap().unwrap();
    assert_eq!(first.len(), 4096);
    assert_eq!(
        read_bounded_line(&mut reader, 4096).unwrap().as_deref(),
        Some("b")
    );
    assert_eq!(
        read_bounded_line(&mut reader, 4096).unwrap().as_deref(),
        Some("\u{fffd}\u{fffd}")
    );
    assert_eq!(
        read_bounded_line(&mut reader, 4096).unwrap().as_deref(),
        Some("last")
    );
    assert_eq!(read_bounded_line(&mut reader, 4096).unwrap(), None);
}

// ---------------------------------------------------------------------------------------------
// The progress file

/// A valid progress file with a long answer log, so that every save takes a while to write.
fn big_progress() -> Progress {
    let mut p = Progress::default();
    let ids = [
        "threatwatch",
        "auditlog",
        "keyvault",
        "spendalert",
        "costlens",
    ];
    for n in 0..1500 {
        let id = ids[n % ids.len()];
        p.record(
            id,
            n % 3 != 0,
            Some(id),
            "practice",
            1_700_000_000 + n as i64,
        );
    }
    p
}

#[test]
fn progress_failed_write_keeps_the_previous_file_and_says_so() {
    let env = TestEnv::new();
    // Build the index first: the file-size limit below would stop that too.
    let mut warmup = quiz_command(&env, &["--count", "1", "--seed", "1", "--progress"]);
    warmup.arg(env.path().join("warmup.json"));
    run_with_stdin(warmup, b"a\n").expect_code(0);
    let path = progress_path(&env);
    big_progress().save(&path).unwrap();
    let before = fs::read(&path).unwrap();

    // A file-size limit (as a full disk would) makes the next save fail mid-write.
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"")
        .arg(common::BIN)
        .args(quiz_command(&env, &[]).get_args())
        .args(["--count", "1", "--seed", "1"])
        .env("SVCMATCH_DATA_DIR", env.path().join("data"))
        .env("SVCMATCH_INDEX_DIR", env.index_dir())
        .env("HOME", env.path().join("home"))
        .current_dir(env.path());
    let run = run_with_stdin(c, b"a\n");
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("keeps its previous contents"),
        "{}",
        run.context()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.context());
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the progress file changed"
    );
    let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        // The empty lock file stays by design (see `progress::lock_beside`); no temporary file may.
        .filter(|n| n != "progress.json" && n != "progress.json.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn progress_unwritable_directory_keeps_the_previous_file() {
    let env = TestEnv::new();
    let path = progress_path(&env);
    big_progress().save(&path).unwrap();
    let before = fs::read(&path).unwrap();
    let dir = path.parent().unwrap();
    set_mode(dir, 0o555);
    if fs::write(dir.join("probe"), "").is_ok() {
        let _ = fs::remove_file(dir.join("probe"));
        set_mode(dir, 0o755);
        eprintln!(
            "progress_unwritable_directory_keeps_the_previous_file: running with privileges that ignore permissions; skipped (progress_failed_write_keeps_the_previous_file_and_says_so covers a failing write)"
        );
        return;
    }
    let run = run_with_stdin(quiz_command(&env, &["--count", "1", "--seed", "1"]), b"a\n");
    set_mode(dir, 0o755);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("keeps its previous contents"),
        "{}",
        run.context()
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn progress_path_that_is_a_directory_is_refused_untouched() {
    let env = TestEnv::new();
    let dir = env.path().join("progress-dir");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("keep.txt"), "mine").unwrap();
    let run = run_with_stdin(
        quiz_command(
            &env,
            &[
                "--progress",
                dir.to_str().unwrap(),
                "--count",
                "1",
                "--seed",
                "1",
            ],
        ),
        b"a\n",
    );
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("is a directory"), "{}", run.context());
    assert_eq!(fs::read_to_string(dir.join("keep.txt")).unwrap(), "mine");
}

/// Found while writing the progress fuzz target: counters near `u32::MAX` and times at the ends
/// of `i64` overflowed in `stats` and when an answer was recorded (a panic in debug builds, wrong
/// figures in release ones).
#[test]
fn progress_absurd_counters_and_times_do_not_overflow() {
    let env = TestEnv::new();
    let path = progress_path(&env);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = serde_json::json!({"version": 1, "entries": {
        "threatwatch": {"right": u32::MAX, "wrong": 1, "last_seen": i64::MIN, "box": 5, "due": i64::MAX},
        "auditlog": {"right": u32::MAX, "wrong": u32::MAX, "last_seen": 0, "box": 1, "due": i64::MIN}
    }})
    .to_string();
    fs::write(&path, &text).unwrap();
    for now in ["0", &i64::MAX.to_string(), &i64::MIN.to_string()] {
        let mut stats = env.cmd();
        stats
            .env("SVCMATCH_DATA_DIR", env.path().join("data"))
            .env("SVCMATCH_NOW", now)
            .arg("--data")
            .arg(quiz_kb())
            .arg("stats");
        let run = Run::from(stats.output().unwrap());
        assert_eq!(run.code, 0, "now {now}: {}", run.context());
        assert!(run.stdout.contains("4294967295 right"), "{}", run.context());
    }
    let mut quiz = quiz_command(&env, &["--count", "2", "--seed", "1"]);
    quiz.env("SVCMATCH_NOW", i64::MAX.to_string());
    let run = run_with_stdin(quiz, b"a\nb\n");
    assert_eq!(run.code, 0, "{}", run.context());
    assert!(Progress::read(&path).unwrap().is_some());
}

/// The notes registry is written like the progress file: atomically, and a failed write says so
/// and leaves the old registry.
#[test]
fn progress_notes_registry_failed_write_keeps_the_previous_file() {
    let env = TestEnv::new();
    let config = env.path().join("config");
    let mut files = Vec::new();
    for n in 0..40 {
        let path = env
            .path()
            .join(format!("notes-with-a-rather-long-name-{n:02}.md"));
        fs::write(&path, format!("# Topic {n}\n- quokka line {n}\n")).unwrap();
        files.push(path);
    }
    let notes_cmd = |args: &[&std::ffi::OsStr]| {
        let mut c = env.cmd();
        c.env("SVCMATCH_CONFIG_DIR", &config)
            .arg("--data")
            .arg(fixture_kb())
            .arg("notes")
            .args(args);
        c
    };
    let first: Vec<&std::ffi::OsStr> = std::iter::once(std::ffi::OsStr::new("add"))
        .chain(files[..39].iter().map(|p| p.as_os_str()))
        .collect();
    Run::from(notes_cmd(&first).output().unwrap()).expect_code(0);
    let registry = config.join("notes.json");
    let before = fs::read(&registry).unwrap();
    assert!(before.len() > 2048);

    let mut c = Command::new("sh");
    let add = notes_cmd(&[std::ffi::OsStr::new("add"), files[39].as_os_str()]);
    c.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
        .arg(common::BIN)
        .args(add.get_args())
        .env("SVCMATCH_CONFIG_DIR", &config)
        .env("SVCMATCH_INDEX_DIR", env.index_dir())
        .env("HOME", env.path().join("home"))
        .current_dir(env.path());
    let run = Run::from(c.output().unwrap());
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(
        run.stderr.contains("keeps its previous contents"),
        "{}",
        run.context()
    );
    assert_eq!(fs::read(&registry).unwrap(), before, "the registry changed");
}

/// `notes add` and `notes remove` SIGKILLed at random moments: the registry always parses.
#[test]
fn progress_notes_registry_survives_a_kill_at_any_moment() {
    let env = TestEnv::new();
    let config = env.path().join("config");
    let notes = env.path().join("notes.md");
    fs::write(&notes, "# Quokka topic\n- quokka line\n").unwrap();
    let command = |verb: &str| {
        let mut c = env.cmd();
        c.env("SVCMATCH_CONFIG_DIR", &config)
            .arg("--data")
            .arg(fixture_kb())
            .args(["notes", verb])
            .arg(&notes)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let started = Instant::now();
    assert!(command("add").status().unwrap().success());
    let run_time = started.elapsed();
    let mut rng = XorShift(0x0123_4567_89ab);
    for round in 0..15 {
        let verb = if round % 2 == 0 { "remove" } else { "add" };
        let mut child = command(verb).spawn().unwrap();
        std::thread::sleep(run_time.mul_f64(rng.below(1000) as f64 / 1000.0));
        let _ = child.kill();
        let _ = child.wait();
        let registry = config.join("notes.json");
        if registry.exists() {
            svcmatch::notes::registry::Registry::open(&config)
                .unwrap_or_else(|e| panic!("round {round}: the registry is torn: {e:#}"));
        }
    }
}

/// SIGKILL at random moments of a quiz that saves after every answer: the progress file is always
/// a whole, parseable file (the old one or a new one), never a torn one.
#[test]
fn progress_survives_a_kill_at_any_moment() {
    let env = TestEnv::new();
    let path = progress_path(&env);
    big_progress().save(&path).unwrap();
    let answers = "a\nb\nc\nd\n".repeat(50);
    // One whole session builds the index; a second one measures how long a session lasts (the
    // first, with the build, would be too long and most kills would come after the end).
    run_with_stdin(
        quiz_command(&env, &["--count", "6", "--seed", "1"]),
        answers.as_bytes(),
    )
    .expect_code(0);
    let started = Instant::now();
    run_with_stdin(
        quiz_command(&env, &["--count", "6", "--seed", "1"]),
        answers.as_bytes(),
    )
    .expect_code(0);
    let session = started.elapsed();
    let mut rng = XorShift(0xdead_beef_cafe);
    let mut answered = 0;
    let mut killed = 0;
    for round in 0..30 {
        let mut c = quiz_command(&env, &["--count", "6", "--seed", &round.to_string()]);
        c.stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = c.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(answers.as_bytes());
        let delay = session.mul_f64(rng.below(1000) as f64 / 1000.0);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        // Killed by the signal, not finished before it came.
        killed += usize::from(status.code().is_none());
        drop(stdin);
        let record = Progress::read(&path)
            .unwrap_or_else(|e| panic!("round {round}: the progress file is torn: {e:#}"))
            .expect("the progress file exists");
        answered = answered.max(record.history.len());
    }
    let names: Vec<String> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("corrupt")),
        "a progress file was moved aside: {names:?}"
    );
    assert!(answered > 0);
    // How many kills land before the end depends on the machine's load; a handful is enough for
    // the check above to mean something.
    assert!(
        killed >= 3,
        "only {killed} of 30 runs were killed before they ended"
    );
}

// ---------------------------------------------------------------------------------------------

/// A small deterministic generator: the tests must fail the same way on every run.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}
