//! Practice mode end to end: `quiz` driven through standard input, the progress file it leaves,
//! `stats`, review, question banks and the exam clock. Runs on `tests/fixtures/quiz-kb` (four
//! invented entries per exam domain).

mod common;
use common::{Run, TestEnv};
use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn quiz_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-kb")
}

fn bank() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-bank.jsonl")
}

fn data_dir(env: &TestEnv) -> PathBuf {
    env.path().join("data")
}

fn progress_file(env: &TestEnv) -> PathBuf {
    data_dir(env).join("progress.json")
}

/// The binary on the quiz fixture, with its progress kept under the test's temp dir.
fn command(env: &TestEnv, args: &[&str]) -> Command {
    let mut c = env.cmd();
    c.env("SVCMATCH_DATA_DIR", data_dir(env))
        .arg("--data")
        .arg(quiz_kb())
        .args(args);
    c
}

fn spawn(mut c: Command) -> Child {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn svcmatch")
}

/// Runs with `input` on standard input, which is then closed.
fn run(env: &TestEnv, args: &[&str], input: &str) -> Run {
    let mut child = spawn(command(env, args));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Run::from(child.wait_with_output().expect("wait svcmatch"))
}

/// Every line of stdout as JSON.
fn events(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{}", run.context()))
        })
        .collect()
}

fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

fn read_progress(env: &TestEnv) -> Value {
    let text = fs::read_to_string(progress_file(env)).expect("progress file");
    serde_json::from_str(&text).expect("progress is JSON")
}

/// One answer of the answer key: the question as asked, the right letter, id and option text.
struct Key {
    question: Value,
    letter: String,
    id: String,
    text: String,
}

/// The answer key of a seeded session, learnt by answering "a" to everything with a throw-away
/// progress file.
fn answer_key(env: &TestEnv, seed: &str, count: &str) -> Vec<Key> {
    let probe = env.path().join(format!("probe-{seed}.json"));
    let r = run(
        env,
        &[
            "quiz",
            "--count",
            count,
            "--seed",
            seed,
            "--format",
            "json",
            "--progress",
            probe.to_str().unwrap(),
        ],
        &"a\n".repeat(20),
    );
    r.expect_code(0);
    let ev = events(&r);
    of_type(&ev, "question")
        .into_iter()
        .zip(of_type(&ev, "result"))
        .map(|(q, e)| Key {
            question: q.clone(),
            letter: e["answer"]["letter"].as_str().unwrap().to_string(),
            id: e["answer"]["id"].as_str().unwrap().to_string(),
            text: e["answer"]["text"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn other_letter(right: &str) -> &'static str {
    if right == "A" { "b" } else { "a" }
}

/// A one-letter slip in a name: two letters in the middle swapped.
fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.to_lowercase().chars().collect();
    let mid = chars.len() / 2;
    chars.swap(mid, mid + 1);
    chars.into_iter().collect()
}

#[test]
fn a_seeded_quiz_reads_letters_names_typos_and_asks_again_on_bad_answers() {
    let env = TestEnv::new();
    let key = answer_key(&env, "11", "4");
    assert_eq!(key.len(), 4);
    let offered = |i: usize| -> Vec<&str> {
        key[i].question["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect()
    };
    let not_an_option = [
        "threatwatch",
        "auditlog",
        "keyvault",
        "objectstore",
        "spendalert",
    ]
    .into_iter()
    .find(|id| !offered(3).contains(id))
    .unwrap();

    // 1: the right letter in lower case; 2: a wrong letter; 3: nonsense, an empty line, then a
    // typo of the right name; 4: a letter past D, an entry that is not an option, then the right
    // name in full.
    let input = format!(
        "{}\n{}\nzzzz\n\n{}\nE\n{not_an_option}\n{}\n",
        key[0].letter.to_lowercase(),
        other_letter(&key[1].letter),
        typo(&key[2].text),
        key[3].text
    );
    let r = run(
        &env,
        &["quiz", "--count", "4", "--seed", "11", "--format", "json"],
        &input,
    );
    r.expect_code(0);
    let ev = events(&r);
    let kinds: Vec<&str> = ev.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "start", "question", "result", "question", "result", "question", "retry", "retry",
            "result", "question", "retry", "retry", "result", "summary"
        ],
        "{}",
        r.context()
    );
    assert_eq!(ev[0]["seed"], 11);
    assert_eq!(ev[0]["questions"], 4);
    for (i, question) in of_type(&ev, "question").iter().enumerate() {
        assert_eq!(**question, key[i].question, "same seed, same question {i}");
        assert_eq!(question["options"].as_array().unwrap().len(), 4);
    }

    let results = of_type(&ev, "result");
    assert_eq!(results[0]["correct"], true);
    assert_eq!(results[0]["via"], "letter");
    assert_eq!(results[1]["correct"], false);
    assert_eq!(results[1]["answer"]["id"], key[1].id.as_str());
    assert!(
        results[1]["contrast"]["chosen_summary"].is_string(),
        "a wrong answer is contrasted: {}",
        results[1]
    );
    assert!(results[1]["answer"]["use_case"].is_string());
    assert!(results[1]["answer"]["summary"].is_string());
    // Every option but the answer says why it is not the answer, right or wrong.
    for result in &results {
        let others = result["others"].as_array().unwrap();
        assert_eq!(others.len(), 3, "{result}");
        assert!(
            others
                .iter()
                .all(|o| o["letter"] != result["answer"]["letter"])
        );
        assert!(
            others
                .iter()
                .all(|o| o["why"].as_str().is_some_and(|w| !w.is_empty()))
        );
    }
    let chosen_letter = &results[1]["chosen"]["letter"];
    let chosen_why = results[1]["others"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["letter"] == *chosen_letter)
        .expect("the wrong choice is among the others");
    match results[1]["contrast"]["text"].as_str() {
        Some(text) => assert_eq!(chosen_why["why"], text),
        None => assert_eq!(chosen_why["why"], results[1]["contrast"]["chosen_summary"]),
    }
    assert_eq!(results[2]["correct"], true);
    assert_eq!(results[2]["via"], "typo", "{}", r.context());
    assert_eq!(results[3]["correct"], true);
    assert_eq!(results[3]["via"], "name");

    let retries = of_type(&ev, "retry");
    assert_eq!(retries[0]["reason"], "unknown");
    assert_eq!(retries[1]["reason"], "empty");
    assert_eq!(retries[2]["reason"], "no_such_letter");
    assert_eq!(retries[3]["reason"], "not_an_option");
    assert_eq!(retries[3]["candidates"][0], not_an_option);

    let summary = ev.last().unwrap();
    assert_eq!(summary["ended"], "completed");
    assert_eq!(summary["correct"], 3);
    assert_eq!(summary["out_of"], 4);
    assert_eq!(summary["missed"][0]["id"], key[1].id.as_str());
    let by_domain_total: u64 = summary["by_domain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["total"].as_u64().unwrap())
        .sum();
    assert_eq!(by_domain_total, 4);

    // Every answer is in the progress file: right ones moved to box 2, the wrong one in box 1.
    let p = read_progress(&env);
    assert_eq!(p["version"], 1);
    let entries = p["entries"].as_object().unwrap();
    assert_eq!(entries.len(), 4, "{p}");
    for (i, k) in key.iter().enumerate() {
        let e = &entries[k.id.as_str()];
        if i == 1 {
            assert_eq!(
                (e["right"].as_u64(), e["wrong"].as_u64()),
                (Some(0), Some(1))
            );
            assert_eq!(e["box"], 1);
            assert_eq!(e["due"], e["last_seen"], "a miss is due at once");
        } else {
            assert_eq!(
                (e["right"].as_u64(), e["wrong"].as_u64()),
                (Some(1), Some(0))
            );
            assert_eq!(e["box"], 2);
            assert_eq!(
                e["due"].as_i64().unwrap() - e["last_seen"].as_i64().unwrap(),
                86_400
            );
        }
        assert!(e["due_utc"].as_str().unwrap().ends_with('Z'));
    }
    let history = p["history"].as_array().unwrap();
    assert_eq!(history.len(), 4);
    assert!(history.iter().all(|h| h["mode"] == "practice"));
    assert_eq!(history[1]["correct"], false);
}

#[test]
fn the_human_transcript_shows_verdicts_explanations_and_the_score() {
    let env = TestEnv::new();
    let key = answer_key(&env, "5", "3");
    let input = format!(
        "{}\nnonsense words\n{}\n{}\n",
        key[0].letter,
        other_letter(&key[1].letter),
        key[2].letter
    );
    let r = run(&env, &["quiz", "--count", "3", "--seed", "5"], &input);
    r.expect_code(0);
    let out = &r.stdout;
    let expect = [
        "Practice quiz, 3 questions",
        "Seed 5 (replay: svcmatch quiz --count 3 --seed 5)",
        "Question 1 of 3",
        "  A) ",
        "  D) ",
        &format!("Your answer: {}", key[0].letter),
        "✓ Right: ",
        "\"nonsense words\" names none of the options.",
        "✗ Wrong: you chose ",
        &format!("the answer is {})", key[1].letter),
        "  Why not the others:",
        "Score: 2 of 3 (67 %)",
        "By domain:",
        "Missed:",
        &format!("(svcmatch show {})", key[1].id),
        "Progress saved to ",
    ];
    let mut at = 0;
    for line in expect {
        match out[at..].find(line) {
            Some(i) => at += i + line.len(),
            None => panic!("missing (in order) {line:?}\n{}", r.context()),
        }
    }
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn a_corrupt_progress_file_is_reported_moved_aside_and_replaced() {
    let env = TestEnv::new();
    fs::create_dir_all(data_dir(&env)).unwrap();
    fs::write(progress_file(&env), "{\"version\": 1, \"entries\": [oops").unwrap();

    let stats = command(&env, &["stats"]).output().unwrap();
    assert_eq!(stats.status.code(), Some(2));
    let err = String::from_utf8_lossy(&stats.stderr);
    assert!(err.contains("progress file is unusable"), "{err}");
    assert!(progress_file(&env).exists(), "stats only reads");

    let r = run(
        &env,
        &["quiz", "--count", "1", "--seed", "1", "--format", "json"],
        "a\n",
    );
    r.expect_code(0);
    assert!(
        r.stderr.contains("was unusable") && r.stderr.contains("moved it to"),
        "{}",
        r.context()
    );
    let aside: Vec<PathBuf> = fs::read_dir(data_dir(&env))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("progress.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        fs::read_to_string(&aside[0]).unwrap(),
        "{\"version\": 1, \"entries\": [oops",
        "the corrupt file is kept as it was"
    );
    let p = read_progress(&env);
    assert_eq!(p["history"].as_array().unwrap().len(), 1);
}

#[test]
fn closing_standard_input_mid_quiz_keeps_the_answers_given() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &["quiz", "--count", "5", "--seed", "2", "--format", "json"],
        "a\nb\n",
    );
    r.expect_code(0);
    let ev = events(&r);
    let summary = ev.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["ended"], "end_of_input");
    assert_eq!(summary["answered"], 2);
    assert_eq!(summary["planned"], 5);
    assert_eq!(read_progress(&env)["history"].as_array().unwrap().len(), 2);
}

#[test]
fn a_killed_quiz_keeps_every_answer_saved_so_far() {
    let env = TestEnv::new();
    let mut child = spawn(command(
        &env,
        &["quiz", "--count", "5", "--seed", "2", "--format", "json"],
    ));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\n").unwrap();
    stdin.flush().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The result line is printed after the answer is saved.
    let result = lines
        .by_ref()
        .map(|l| l.unwrap())
        .find(|l| l.contains("\"type\":\"result\""))
        .expect("a result line");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let answered: Value = serde_json::from_str(&result).unwrap();
    let p = read_progress(&env);
    let history = p["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["entry"], answered["answer"]["id"]);
}

#[test]
fn review_asks_the_missed_entries_first_and_stats_show_them_weakest_first() {
    let env = TestEnv::new();
    let key = answer_key(&env, "8", "4");
    let input: String = key
        .iter()
        .enumerate()
        .map(|(i, k)| {
            if i % 2 == 1 {
                format!("{}\n", other_letter(&k.letter))
            } else {
                format!("{}\n", k.letter)
            }
        })
        .collect();
    run(
        &env,
        &["quiz", "--count", "4", "--seed", "8", "--format", "json"],
        &input,
    )
    .expect_code(0);
    let missed: Vec<&str> = vec![key[1].id.as_str(), key[3].id.as_str()];
    let right: Vec<&str> = vec![key[0].id.as_str(), key[2].id.as_str()];

    let r = run(
        &env,
        &[
            "quiz", "--review", "--count", "3", "--seed", "99", "--format", "json",
        ],
        &"a\n".repeat(3),
    );
    r.expect_code(0);
    let ev = events(&r);
    assert_eq!(ev[0]["mode"], "review");
    assert_eq!(ev[0]["due"], 2);
    let asked: Vec<&str> = of_type(&ev, "result")
        .iter()
        .map(|e| e["answer"]["id"].as_str().unwrap())
        .collect();
    let mut first_two = asked[..2].to_vec();
    first_two.sort_unstable();
    let mut expected = missed.clone();
    expected.sort_unstable();
    assert_eq!(first_two, expected, "{}", r.context());
    assert!(
        !right.contains(&asked[2]),
        "an entry answered right is not due yet: {asked:?}"
    );

    // stats: weakest first, and tomorrow the right answers are due too.
    let stats = command(&env, &["stats", "--json"]).output().unwrap();
    assert_eq!(stats.status.code(), Some(0));
    let s: Value = serde_json::from_slice(&stats.stdout).unwrap();
    let entries = s["entries"].as_array().unwrap();
    let first = &entries[0];
    assert_eq!(first["box"], 1, "{s}");
    assert!(first["wrong"].as_u64().unwrap() >= 1);
    assert!(
        entries
            .windows(2)
            .all(|w| w[0]["box"].as_u64() <= w[1]["box"].as_u64()),
        "{s}"
    );
    let domains: u64 = s["by_domain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["right"].as_u64().unwrap() + d["wrong"].as_u64().unwrap())
        .sum();
    assert_eq!(domains, s["answers"].as_u64().unwrap());
    assert_eq!(s["answers"], 7);

    let now = s["now"].as_i64().unwrap();
    let later = command(&env, &["stats", "--json"])
        .env("SVCMATCH_NOW", (now + 2 * 86_400).to_string())
        .output()
        .unwrap();
    let later: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(
        later["due_now"].as_u64().unwrap(),
        entries
            .iter()
            .filter(|e| e["box"].as_u64() <= Some(2))
            .count() as u64
    );

    let human = command(&env, &["stats"]).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    for part in [
        "Accuracy by domain",
        "Entries, weakest first",
        "due now",
        "Due now:",
        "svcmatch quiz --review",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
}

#[test]
fn stats_without_a_progress_file_says_how_to_start() {
    let env = TestEnv::new();
    let out = command(&env, &["stats"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No answers yet"));
}

#[test]
fn progress_flag_overrides_the_data_directory() {
    let env = TestEnv::new();
    let file = env.path().join("elsewhere/mine.json");
    run(
        &env,
        &[
            "quiz",
            "--count",
            "1",
            "--seed",
            "4",
            "--progress",
            file.to_str().unwrap(),
        ],
        "a\n",
    )
    .expect_code(0);
    assert!(file.exists());
    assert!(!progress_file(&env).exists());
    let s = command(
        &env,
        &["stats", "--json", "--progress", file.to_str().unwrap()],
    )
    .output()
    .unwrap();
    let s: Value = serde_json::from_slice(&s.stdout).unwrap();
    assert_eq!(s["answers"], 1);
}

#[test]
fn a_domain_limits_the_questions() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &[
            "quiz", "--count", "10", "--seed", "6", "--domain", "billing", "--format", "json",
        ],
        &"a\n".repeat(10),
    );
    r.expect_code(0);
    let ev = events(&r);
    let questions = of_type(&ev, "question");
    assert_eq!(questions.len(), 4, "only four billing entries");
    assert!(questions.iter().all(|q| q["domain"] == "billing"));
    assert!(r.stderr.contains("only 4 questions available"));
}

#[test]
fn a_bank_supplies_questions_and_choices() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &[
            "quiz",
            "--bank",
            bank().to_str().unwrap(),
            "--seed",
            "1",
            "--format",
            "json",
        ],
        &"a\n".repeat(5),
    );
    r.expect_code(0);
    assert!(
        r.stderr.contains("line 4") && r.stderr.contains("not among the choices"),
        "{}",
        r.context()
    );
    let ev = events(&r);
    assert_eq!(ev[0]["mode"], "bank");
    let questions = of_type(&ev, "question");
    assert_eq!(questions.len(), 3);
    let by_prompt = |start: &str| {
        questions
            .iter()
            .find(|q| q["prompt"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no question {start:?}\n{}", r.context()))
    };
    let spend = by_prompt("Which tool tells the finance group");
    let mut texts: Vec<&str> = spend["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    texts.sort_unstable();
    assert_eq!(
        texts,
        [
            "Example CostLens",
            "Example PriceBook",
            "Example SpendAlert",
            "Pay as you go"
        ]
    );
    let abuse = by_prompt("Who should be contacted");
    let abuse_options = abuse["options"].as_array().unwrap();
    assert_eq!(abuse_options.len(), 3, "three choices, three options");
    assert!(
        abuse_options
            .iter()
            .any(|o| o["text"] == "The abuse team" && o["id"].is_null())
    );
    let generated = by_prompt("A team wants to know who deleted a bucket");
    assert_eq!(generated["options"].as_array().unwrap().len(), 4);

    // The answers named in the bank are scored and recorded (the abuse team is in no entry).
    let results = of_type(&ev, "result");
    assert_eq!(results.len(), 3);
    let p = read_progress(&env);
    let history = p["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{p}");
    assert!(history.iter().all(|h| h["mode"] == "bank"));
}

#[test]
fn an_exam_whose_time_is_up_counts_the_rest_as_wrong() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &[
            "quiz",
            "--exam",
            "--time-limit",
            "0",
            "--seed",
            "1",
            "--format",
            "json",
        ],
        "a\n",
    );
    r.expect_code(0);
    let ev = events(&r);
    assert_eq!(ev[0]["mode"], "exam");
    assert_eq!(ev[0]["time_limit_seconds"], 0);
    // The fixture has 4 entries per domain, fewer than the exam's quota of each.
    assert_eq!(ev[0]["questions"], 16);
    let summary = ev.last().unwrap();
    assert_eq!(summary["ended"], "time_up");
    assert_eq!(summary["answered"], 0);
    assert_eq!(summary["out_of"], 16);
    assert_eq!(summary["exam"]["passed"], false);
    assert_eq!(summary["exam"]["pass_mark"], 0.7);
    assert_eq!(summary["by_domain"].as_array().unwrap().len(), 4);

    let human = run(
        &env,
        &["quiz", "--exam", "--time-limit", "0", "--seed", "1"],
        "",
    );
    assert!(
        human.stdout.contains("Mock exam, 16 questions, 0 seconds"),
        "{}",
        human.context()
    );
    assert!(human.stdout.contains("Time is up"), "{}", human.context());
    assert!(human.stdout.contains("Result: FAIL (pass mark 70 %)"));
}

#[test]
fn the_exam_clock_ends_a_question_still_being_thought_about() {
    let env = TestEnv::new();
    let mut child = spawn(command(
        &env,
        &[
            "quiz",
            "--exam",
            "--time-limit",
            "2",
            "--seed",
            "1",
            "--format",
            "json",
        ],
    ));
    // Standard input stays open and silent: only the clock can end the quiz.
    let stdin = child.stdin.take().unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let r = Run::from(out);
    let ev = events(&r);
    let question = of_type(&ev, "question")[0];
    assert!(question["time_left_seconds"].as_u64().unwrap() <= 2);
    let summary = ev.last().unwrap();
    assert_eq!(summary["ended"], "time_up", "{}", r.context());
    assert_eq!(summary["answered"], 0);
    assert_eq!(summary["score"], 0.0);
}

/// The lines of the README's console block that starts with `command`, without the command,
/// the elisions (…) and the lines `skip` says differ from machine to machine.
fn readme_block(command: &str, skip: &[&str]) -> Vec<String> {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(command)
        .unwrap_or_else(|| panic!("the README has no {command:?}"));
    readme[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| *l != "…" && !skip.iter().any(|s| l.starts_with(s)))
        .map(str::to_string)
        .collect()
}

fn assert_lines_in_order(out: &str, expected: &[String], context: &str) {
    let lines: Vec<&str> = out.lines().collect();
    let mut at = 0;
    for want in expected {
        match lines[at..]
            .iter()
            .position(|l| l.starts_with(want.as_str()))
        {
            Some(i) => at += i + 1,
            None => panic!(
                "README line not in the output (in order): {want:?}\n\
                 If the knowledge base changed, rerun the README's example and paste its output.\n{context}"
            ),
        }
    }
}

/// The README's transcript of `quiz --count 3 --seed 13` and of `stats` after it, on the
/// built-in knowledge base.
#[test]
fn the_readme_practice_transcript_is_what_the_commands_print() {
    let env = TestEnv::new();
    // One fixed clock for every answer, so that entries alike in everything else list by id.
    let now = "1800000000";
    let mut c = env.cmd();
    c.env("SVCMATCH_DATA_DIR", data_dir(&env))
        .env("SVCMATCH_NOW", now)
        .args(["quiz", "--count", "3", "--seed", "13"]);
    let mut child = spawn(c);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a\ncloudtrail\nb\niam user grups\n")
        .unwrap();
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect_code(0);
    let quiz = readme_block(
        "$ printf 'a\\ncloudtrail\\nb\\niam user grups\\n' | svcmatch quiz --count 3 --seed 13",
        &[],
    );
    assert!(quiz.len() > 20);
    let quiz = structural(&quiz);
    assert!(quiz.len() >= 10, "{quiz:?}");
    assert_lines_in_order(&r.stdout, &quiz, &r.context());

    let mut c = env.cmd();
    c.env("SVCMATCH_DATA_DIR", data_dir(&env))
        .env("SVCMATCH_NOW", now)
        .arg("stats");
    let stats = Run::from(c.output().unwrap());
    stats.expect_code(0);
    let expected = readme_block("$ svcmatch stats\n", &["Progress:", "Next due"]);
    assert!(expected.len() > 8);
    let expected = structural(&expected);
    assert_lines_in_order(&stats.stdout, &expected, &stats.context());
}

/// The lines of a README transcript that do not depend on the knowledge base's wording (the
/// flow of the session, the score, the headings), cut before any text that does ("Question 1
/// of 3 · <domain>"). Editing an entry must not break the README check; what the questions
/// and options are is pinned by the seeded tests above.
fn structural(lines: &[String]) -> Vec<String> {
    const FLOW: [&str; 14] = [
        "Practice quiz",
        "Seed ",
        "Answer with",
        "Question ",
        "Your answer:",
        "✓ Right",
        "✗ Wrong",
        "Score:",
        "By domain:",
        "Missed:",
        "3 answers",
        "Accuracy by domain",
        "Entries, weakest first",
        "Due now:",
    ];
    lines
        .iter()
        .filter(|l| FLOW.iter().any(|p| l.starts_with(p)))
        .map(|l| {
            let l = l.split(" · ").next().unwrap_or(l);
            l.split(": ")
                .next()
                .filter(|_| l.starts_with('✓') || l.starts_with('✗'))
                .unwrap_or(l)
                .to_string()
        })
        .collect()
}

/// The JSON lines of `quiz --format json` and the JSON of `stats --json`, pinned: a field added,
/// renamed or removed fails here first (and the README's description must change with it).
mod schema {
    #![allow(dead_code)]
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    #[allow(clippy::large_enum_variant)]
    pub enum Event {
        Start {
            mode: String,
            seed: u64,
            questions: usize,
            time_limit_seconds: Option<u64>,
            progress: String,
            due: Option<usize>,
        },
        Question {
            number: usize,
            of: usize,
            domain: String,
            prompt: String,
            options: Vec<QuizOption>,
            time_left_seconds: Option<u64>,
        },
        Retry {
            number: usize,
            input: String,
            reason: String,
            candidates: Vec<String>,
        },
        Result {
            number: usize,
            correct: bool,
            chosen: QuizOption,
            via: String,
            answer: Answer,
            contrast: Option<Contrast>,
            others: Vec<Other>,
            #[serde(default)]
            answer_also: Vec<QuizOption>,
            #[serde(default)]
            chosen_also: Vec<QuizOption>,
        },
        Summary {
            ended: String,
            planned: usize,
            answered: usize,
            saved: usize,
            correct: usize,
            out_of: usize,
            score: f64,
            by_domain: Vec<DomainScore>,
            missed: Vec<Missed>,
            exam: Option<Exam>,
        },
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct QuizOption {
        letter: String,
        text: String,
        id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Answer {
        letter: String,
        text: String,
        id: Option<String>,
        summary: Option<String>,
        use_case: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Contrast {
        chosen: String,
        right: String,
        text: Option<String>,
        chosen_summary: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Other {
        letter: String,
        text: String,
        id: Option<String>,
        why_source: String,
        why: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct DomainScore {
        domain: String,
        correct: usize,
        total: usize,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Missed {
        number: usize,
        id: Option<String>,
        answer: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Exam {
        pass_mark: f64,
        passed: bool,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Stats {
        progress: String,
        now: i64,
        answers: u32,
        right: u32,
        accuracy: f64,
        by_domain: Vec<DomainStats>,
        entries: Vec<EntryStats>,
        due_now: usize,
        next_due: Option<i64>,
        next_due_utc: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct DomainStats {
        domain: String,
        entries: usize,
        right: u32,
        wrong: u32,
        accuracy: f64,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct EntryStats {
        id: String,
        name: String,
        domain: String,
        right: u32,
        wrong: u32,
        accuracy: f64,
        #[serde(rename = "box")]
        leitner_box: u8,
        last_seen: i64,
        due: i64,
        due_utc: String,
        due_now: bool,
    }
}

#[test]
fn json_output_matches_the_pinned_schema() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &["quiz", "--count", "3", "--seed", "3", "--format", "json"],
        "a\nnot a thing\nb\nc\n",
    );
    r.expect_code(0);
    let mut kinds = Vec::new();
    for line in r.stdout.lines() {
        let event: schema::Event =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}\n{}", r.context()));
        kinds.push(std::mem::discriminant(&event));
    }
    assert_eq!(
        kinds.len(),
        9,
        "start, 3 questions, a retry, 3 results, summary"
    );
    let exam = run(
        &env,
        &["quiz", "--exam", "--time-limit", "0", "--format", "json"],
        "",
    );
    for line in exam.stdout.lines() {
        serde_json::from_str::<schema::Event>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
    let stats = command(&env, &["stats", "--json"]).output().unwrap();
    serde_json::from_slice::<schema::Stats>(&stats.stdout).expect("stats JSON");
}

/// Sends SIGINT, as Ctrl-C on a terminal does.
#[cfg(unix)]
fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_reports_the_answers_saved_and_the_partial_score() {
    let env = TestEnv::new();
    // JSON: the second question is printed only once the first answer is saved.
    let mut child = spawn(command(
        &env,
        &["quiz", "--count", "5", "--seed", "2", "--format", "json"],
    ));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\n").unwrap();
    stdin.flush().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let second_question =
            line.contains("\"type\":\"question\"") && line.contains("\"number\":2");
        seen.push(line);
        if second_question {
            break;
        }
    }
    interrupt(&child);
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{seen:?}\n{rest:?}");
    let summary: Value = serde_json::from_str(rest.last().expect("a summary")).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["ended"], "interrupted");
    assert_eq!(
        (summary["answered"].as_u64(), summary["saved"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(summary["out_of"], 1);
    assert_eq!(read_progress(&env)["history"].as_array().unwrap().len(), 1);

    // For people: the count of answers saved and the score so far.
    let mut child = spawn(command(&env, &["quiz", "--count", "5", "--seed", "2"]));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\nb\n").unwrap();
    stdin.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut headings = 0;
    let mut line = String::new();
    while headings < 3 || !line.starts_with("  D) ") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the quiz ended early"
        );
        headings += usize::from(line.starts_with("Question "));
    }
    interrupt(&child);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(
        rest.contains("Interrupted: 2 answers saved; 2 of 5 questions answered."),
        "{rest}"
    );
    assert!(rest.contains("Score: "), "{rest}");
    assert!(rest.contains(" of 2 ("), "{rest}");
}

#[test]
fn export_writes_an_anki_deck_of_every_entry_and_nothing_on_failure() {
    let env = TestEnv::new();
    let deck = env.path().join("deck.txt");
    let r = Run::from(
        command(
            &env,
            &[
                "quiz",
                "--export",
                "anki",
                deck.to_str().unwrap(),
                "--seed",
                "4",
            ],
        )
        .output()
        .unwrap(),
    );
    r.expect_code(0);
    assert!(r.stderr.contains("wrote 16 notes"), "{}", r.context());
    let text = fs::read_to_string(&deck).unwrap();
    let (header, notes): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with('#'));
    assert!(header.contains(&"#separator:tab") && header.contains(&"#columns:Front\tBack\tTags"));
    assert_eq!(notes.len(), 16, "one note per fixture entry");
    for note in &notes {
        let cols: Vec<&str> = note.split('\t').collect();
        assert_eq!(cols.len(), 3, "{note}");
        assert!(
            cols[0].contains("<br>A) ") && cols[0].contains("<br>D) "),
            "{note}"
        );
        assert!(
            cols[1].starts_with("<b>") && cols[1].matches("<br>Not ").count() == 3,
            "{note}"
        );
        assert!(cols[2].starts_with("svcmatch domain::"), "{note}");
    }
    assert!(
        fs::read_dir(data_dir(&env)).is_err(),
        "exporting records no progress"
    );

    // A bank exports its own questions; an unwritable place leaves no file behind.
    let bank_deck = env.path().join("bank.txt");
    command(
        &env,
        &[
            "quiz",
            "--bank",
            bank().to_str().unwrap(),
            "--export",
            "anki",
            bank_deck.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert!(
        fs::read_to_string(&bank_deck)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count()
            >= 2
    );
    let missing = env.path().join("no-such-dir/deck.txt");
    let r = Run::from(
        command(
            &env,
            &["quiz", "--export", "anki", missing.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("cannot write the deck"),
        "{}",
        r.context()
    );
    assert!(!missing.exists());
}

/// Without a terminal the exam keeps plain prompts, but as in the real exam nothing says right
/// or wrong until the end; then every missed question is explained and the score is scaled.
#[test]
fn a_piped_exam_holds_feedback_until_the_end_and_explains_every_miss() {
    let env = TestEnv::new();
    let r = run(
        &env,
        &["quiz", "--exam", "--count", "4", "--seed", "5"],
        "a\nb\nc\nd\n",
    );
    r.expect_code(0);
    let out = &r.stdout;
    let (during, after) = out
        .split_once("Review of the questions missed")
        .unwrap_or((out.as_str(), ""));
    assert!(
        !during.contains("✓ Right") && !during.contains("✗ Wrong"),
        "{}",
        r.context()
    );
    assert_eq!(during.matches("Recorded: ").count(), 4, "{}", r.context());
    let score: usize = out
        .split("Score: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a score");
    // Every question not right is reviewed, with its answer and why the others are not it.
    assert_eq!(
        after.matches("✗ You: ").count(),
        4 - score,
        "{}",
        r.context()
    );
    assert_eq!(after.matches("✓ Answer: ").count(), 4 - score);
    assert!(out.contains("Scaled score: "), "{}", r.context());
    assert!(out.contains("  scaled "), "per domain");
    assert_eq!(read_progress(&env)["history"].as_array().unwrap().len(), 4);
}

/// A bank question with several answers ("Choose TWO") is asked with letters and is right only
/// when the whole set is.
#[test]
fn a_bank_question_with_two_answers_is_right_only_when_both_are_chosen() {
    let env = TestEnv::new();
    let file = env.path().join("two.jsonl");
    fs::write(
        &file,
        r#"{"question": "Which two keep an eye on the account? (Choose TWO.)", "answer": ["Example ThreatWatch", "Example AuditLog"], "choices": ["Example ThreatWatch", "Example AuditLog", "Example KeyVault", "Example SpendAlert"]}
"#,
    )
    .unwrap();
    let bank_arg = file.to_str().unwrap();
    let letters_of = |question: &Value, ids: &[&str]| -> String {
        question["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| ids.contains(&o["id"].as_str().unwrap()))
            .map(|o| o["letter"].as_str().unwrap().to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Learn the letters, answering one letter only (asked again) and then a wrong pair.
    let probe = run(
        &env,
        &[
            "quiz", "--bank", bank_arg, "--seed", "1", "--format", "json",
        ],
        "a\nc d\n",
    );
    probe.expect_code(0);
    let ev = events(&probe);
    let question = of_type(&ev, "question")[0].clone();
    assert_eq!(of_type(&ev, "retry")[0]["reason"], "wrong_count");
    let wrong = of_type(&ev, "result")[0];
    let right_letters = letters_of(&question, &["threatwatch", "auditlog"]);
    assert_eq!(
        wrong["correct"],
        right_letters == "c d",
        "{}",
        probe.context()
    );
    assert_eq!(wrong["answer_also"].as_array().unwrap().len(), 1);

    let r = run(
        &env,
        &[
            "quiz", "--bank", bank_arg, "--seed", "1", "--format", "json",
        ],
        &format!("{}\n", right_letters.replace(' ', ",")),
    );
    let ev = events(&r);
    let result = of_type(&ev, "result")[0];
    assert_eq!(result["correct"], true, "{}", r.context());
    assert_eq!(result["chosen_also"].as_array().unwrap().len(), 1);
    assert_eq!(
        result["others"].as_array().unwrap().len(),
        2,
        "two options are not right"
    );

    let human = run(
        &env,
        &["quiz", "--bank", bank_arg, "--seed", "1"],
        "a b c\n",
    );
    assert!(
        human.stdout.contains("(Choose 2: answer with 2 letters"),
        "{}",
        human.context()
    );
    assert!(
        human.stdout.contains("Choose 2 options"),
        "{}",
        human.context()
    );
}

/// `--format json` in an exam: questions (and retries) as they come, but no `result` line — no
/// right or wrong — until the exam ends; then every result in order, then the summary.
#[test]
fn a_json_exam_says_nothing_about_right_or_wrong_until_the_end() {
    let env = TestEnv::new();
    let mut child = spawn(command(
        &env,
        &[
            "quiz", "--exam", "--count", "4", "--seed", "5", "--format", "json",
        ],
    ));
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // Answer one question at a time, reading everything printed before the next question.
    let mut during = Vec::new();
    for answer in ["a", "zz", "b", "c", "d"] {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "ended early: {during:?}"
            );
            let event: Value = serde_json::from_str(&line).unwrap();
            let kind = event["type"].as_str().unwrap().to_string();
            during.push(event);
            if kind == "question" || (kind == "retry" && answer == "b") {
                break;
            }
        }
        stdin.write_all(format!("{answer}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(
        during
            .iter()
            .all(|e| e["type"] != "result" && e.get("correct").is_none()),
        "a verdict before the end: {during:?}"
    );
    assert_eq!(of_type(&during, "question").len(), 4, "{during:?}");
    assert_eq!(of_type(&during, "retry").len(), 1, "{during:?}");
    let after: Vec<Value> = rest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = after.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["result", "result", "result", "result", "summary"],
        "{rest}"
    );
    let numbers: Vec<u64> = after[..4]
        .iter()
        .map(|e| e["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(after[4]["exam"]["pass_mark"], 0.7);
}

/// The README's "Choose TWO" transcript, on the built-in knowledge base: the question with two
/// answers, its letters and its feedback, line for line.
#[test]
fn the_readme_multi_answer_transcript_is_what_the_command_prints() {
    let env = TestEnv::new();
    let mut c = env.cmd();
    c.env("SVCMATCH_DATA_DIR", data_dir(&env))
        .args(["quiz", "--count", "5", "--seed", "24"]);
    let mut child = spawn(c);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a\na\na c\na\na\n")
        .unwrap();
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect_code(0);
    let expected = readme_block(
        "$ printf 'a\\na\\na c\\na\\na\\n' | svcmatch quiz --count 5 --seed 24",
        &[],
    );
    assert!(
        expected.iter().any(|l| l.ends_with("(Choose TWO.)")),
        "{expected:?}"
    );
    assert!(expected.len() >= 15, "{expected:?}");
    assert_lines_in_order(&r.stdout, &expected, &r.context());
}
