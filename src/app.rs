//! The binary's top level: parse, run, map errors to `svcmatch: error: …` and exit codes.

use crate::cli::{Cli, Command};
use crate::cmd;
use crate::config::Config;
use clap::Parser;
use std::io;
use std::process::ExitCode;

/// Exit statuses, as in ripgrep: 0 answered, 1 nothing matched, 2 error.
pub mod exit {
    pub const ANSWERED: u8 = 0;
    pub const NO_MATCH: u8 = 1;
    pub const ERROR: u8 = 2;
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    pub const INTERRUPTED: u8 = 130;
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.kind() == clap::error::ErrorKind::InvalidUtf8 => {
            eprintln!("svcmatch: error: {}", invalid_argument_message());
            return ExitCode::from(exit::ERROR);
        }
        // Clap quotes the offending argument, and on a terminal it writes it raw: an argument
        // holding an escape sequence would reach the screen. Printed plain and sanitised instead.
        Err(err) if err.use_stderr() => {
            for line in err.to_string().lines() {
                eprintln!("{}", crate::output::sanitize(line));
            }
            return ExitCode::from(exit::ERROR);
        }
        Err(err) => err.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::ANSWERED),
        Err(err) => {
            eprintln!("svcmatch: error: {}", one_line(&err));
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Runs the parsed command line; returns the exit status.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let config = Config::from_flags(&cli.global);
    colored::control::set_override(config.color);
    match cli.command {
        None => {
            if cli.scenario.is_empty() {
                anyhow::bail!(
                    "no scenario given (try: svcmatch \"detect suspicious API calls\", or svcmatch --help)"
                );
            }
            cmd::ask::run(&config, &cli.scenario.join(" "), &cli.ask)
        }
        Some(Command::Ask { scenario, flags }) => {
            cmd::ask::run(&config, &scenario.join(" "), &flags)
        }
        Some(Command::Show { name }) => cmd::show::run(&config, &name.join(" ")),
        Some(Command::List { domain, kind }) => cmd::list::run(&config, domain, kind),
        Some(Command::Index(sub)) => cmd::index::run(&config, sub),
        Some(Command::Eval {
            file,
            misses,
            tuning,
        }) => cmd::eval::run(&config, &file, misses, tuning.as_deref()),
        Some(Command::Notes(sub)) => cmd::notes::run(&config, sub),
        Some(Command::Quiz(flags)) => cmd::quiz::run(&config, &flags),
        Some(Command::Stats { progress }) => cmd::stats::run(&config, progress.as_deref()),
        Some(Command::Batch {
            file,
            format,
            top,
            explain,
        }) => cmd::batch::run(
            &config,
            file.as_deref(),
            &cmd::batch::BatchOptions {
                format: cmd::batch::format(format),
                top,
                explain,
            },
        ),
        Some(Command::Completions { shell }) => cmd::shell::completions(shell),
        Some(Command::Man) => cmd::shell::man(),
    }
}

/// Which argument is not UTF-8, shown with the bad bytes replaced (clap only says "one or more").
fn invalid_argument_message() -> String {
    let bad = std::env::args_os()
        .enumerate()
        .skip(1)
        .find(|(_, a)| a.to_str().is_none());
    match bad {
        Some((n, arg)) => format!(
            "argument {n} is not valid UTF-8: \"{}\" (svcmatch reads text arguments as UTF-8)",
            crate::output::sanitize(&arg.to_string_lossy())
        ),
        None => "an argument is not valid UTF-8".to_string(),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let io_kind = e
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            // JSON is written through serde_json, which wraps the I/O error in its own.
            .or_else(|| {
                e.downcast_ref::<serde_json::Error>()
                    .and_then(|j| j.io_error_kind())
            });
        io_kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, without repeating a cause already in the message.
fn one_line(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    crate::output::sanitize(&out.replace('\n', " ")).into_owned()
}
