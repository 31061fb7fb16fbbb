//! Every `$ svcmatch …` example in the README really runs: each is executed from the checkout
//! (with a temporary index and user directories) and must exit as documented — 0 unless the
//! line ends with a `# exit N` comment — and print something.

mod common;
use common::TestEnv;
use std::path::Path;

/// Splits a command line like a POSIX shell would for the simple cases the README uses:
/// words, "double" and 'single' quotes. Returns `None` for pipes and redirections.
fn shell_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '|' | '<' | '>' | ';' | '&' => return None,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

fn readme_examples() -> Vec<(String, Vec<String>, i32)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut out = Vec::new();
    for line in readme.lines() {
        let Some(command) = line.trim().strip_prefix("$ svcmatch ") else {
            continue;
        };
        let (command, expected) = match command.split_once("# exit ") {
            Some((c, code)) => (c, code.trim().parse().expect("exit code after '# exit'")),
            None => (command.split(" # ").next().unwrap(), 0),
        };
        if let Some(words) = shell_words(command) {
            out.push((line.trim().to_string(), words, expected));
        }
    }
    out
}

#[test]
fn the_readme_has_examples() {
    assert!(readme_examples().len() >= 8);
}

#[test]
fn every_readme_example_runs_as_documented() {
    let env = TestEnv::new();
    let mut failures = Vec::new();
    for (line, args, expected) in readme_examples() {
        let mut cmd = env.cmd();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(&args);
        let run = common::Run::from(cmd.output().expect("run svcmatch"));
        let printed = !run.stdout.trim().is_empty() || !run.stderr.trim().is_empty();
        if run.code != expected || !printed || run.stderr.contains("panicked") {
            failures.push(format!("{line}\n{}", run.context()));
        }
    }
    assert!(
        failures.is_empty(),
        "README examples that failed:\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn shell_words_splits_quotes() {
    assert_eq!(
        shell_words(r#"ask "a b" 'c d' e"#).unwrap(),
        vec!["ask", "a b", "c d", "e"]
    );
    assert!(shell_words("batch | head").is_none());
}
