//! Shared test harness: runs the real binary in a temporary directory, with a small fixture
//! knowledge base, and with every environment variable svcmatch reads removed.
#![allow(dead_code)]

pub mod schema;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_svcmatch");

pub fn fixture_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb")
}

/// A temporary home for one test: the index and any user files live under it.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// A command for the binary with a clean environment: index under the temp dir, HOME and
    /// XDG dirs inside it, colour off.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(self.path());
        for var in [
            "SVCMATCH_INDEX_DIR",
            "SVCMATCH_DATA",
            "SVCMATCH_CONFIG_DIR",
            "SVCMATCH_DATA_DIR",
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_CACHE_HOME",
        ] {
            c.env_remove(var);
        }
        c.env("HOME", self.path().join("home"));
        c.env("XDG_CONFIG_HOME", self.path().join("home/.config"));
        c.env("XDG_DATA_HOME", self.path().join("home/.local/share"));
        c.env("XDG_CACHE_HOME", self.path().join("home/.cache"));
        c.env("SVCMATCH_INDEX_DIR", self.index_dir());
        c
    }

    /// Runs with the fixture knowledge base.
    pub fn run_fixture(&self, args: &[&str]) -> Run {
        let mut c = self.cmd();
        c.arg("--data").arg(fixture_kb()).args(args);
        Run::from(c.output().expect("run svcmatch"))
    }

    /// Runs with the built-in knowledge base.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut c = self.cmd();
        c.args(args);
        Run::from(c.output().expect("run svcmatch"))
    }

    /// Runs with `input` on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut c = self.cmd();
        c.args(args);
        run_with_stdin(c, input)
    }
}

/// Runs a prepared command with `input` on its standard input.
pub fn run_with_stdin(mut c: Command, input: &[u8]) -> Run {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn svcmatch");
    // Written from another thread, so that a child filling its stdout pipe cannot deadlock
    // against us; a child that exits before reading everything (e.g. on bad arguments) closes
    // its stdin, which is not a test failure.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let run = Run::from(child.wait_with_output().expect("wait svcmatch"));
    writer.join().expect("stdin writer");
    run
}

/// The outcome of one run, printed in full when an assertion fails.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn context(&self) -> String {
        format!(
            "exit {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "{}", self.context());
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{}", self.context()))
    }
}
