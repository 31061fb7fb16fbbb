//! The command line, as clap sees it. Nothing else lives here: arguments become a `Config` in
//! `config.rs` before any work is done.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

// Example lines are kept under 64 columns (long ones continue on the next line, as a shell
// reads them): clap wraps help at the terminal's width, and a break inside a quoted example
// would make it wrong to copy. `cli::tests` checks this.
const AFTER_HELP: &str = "Examples:
  svcmatch \"detect suspicious API calls\"
  svcmatch ask \"protect my website from DDoS attacks\" --top 5
  svcmatch ask \"Which service stores API keys?\" \\
      --choices \"AWS KMS\" \"AWS Secrets Manager\"
  svcmatch show \"gaurd duty\"
  svcmatch list --domain security";

/// Which AWS service fits this need? Ranks AWS services, features and concepts against a
/// free-text scenario and explains why each fits.
#[derive(Debug, Parser)]
#[command(name = "svcmatch", version, about, after_help = AFTER_HELP)]
#[command(subcommand_negates_reqs = true)]
pub struct Cli {
    /// The scenario to answer (same as `svcmatch ask SCENARIO`).
    #[arg(value_name = "SCENARIO")]
    pub scenario: Vec<String>,

    #[command(flatten)]
    pub ask: AskFlags,

    #[command(flatten)]
    pub global: GlobalFlags,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalFlags {
    /// When to colour the output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long = "color", value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Print JSON instead of text.
    #[arg(long = "json", global = true)]
    pub json: bool,

    /// Where to keep the search index [env: SVCMATCH_INDEX_DIR].
    #[arg(long = "index-dir", value_name = "DIR", global = true)]
    pub index_dir: Option<PathBuf>,

    /// Use the knowledge base in DIR (with kb/*.json) instead of the built-in one [env: SVCMATCH_DATA].
    #[arg(long = "data", value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,

    /// Also use these markdown notes, for this run only (repeatable; see `svcmatch notes add`).
    #[arg(long = "notes", value_name = "FILE", global = true, action = clap::ArgAction::Append)]
    pub notes: Vec<PathBuf>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct AskFlags {
    /// How many matches to show.
    #[arg(short = 'n', long = "top", value_name = "N", default_value_t = 3)]
    pub top: usize,

    /// Rank only these options of a multiple-choice question.
    #[arg(long = "choices", value_name = "OPTION", num_args = 1..)]
    pub choices: Vec<String>,

    /// Pick the N best options as one answer ("Choose TWO"); "Choose TWO/THREE" in the question
    /// sets it too.
    #[arg(long = "pick", value_name = "N", requires = "choices")]
    pub pick: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the entries that fit a scenario.
    #[command(after_help = "Examples:
  svcmatch ask \"rotate database passwords automatically\"
  svcmatch ask \"download a SOC 2 report\" --json
  svcmatch ask \"Block SQL injection. Which service?\" \\
      --choices \"AWS WAF\" \"AWS Shield\" \"Amazon Macie\"
  svcmatch ask \"Which are serverless? (Choose TWO.)\" \\
      --choices \"AWS Lambda\" \"AWS Fargate\" \"Amazon EC2\"")]
    Ask {
        /// The scenario, in free text.
        #[arg(value_name = "SCENARIO", required = true)]
        scenario: Vec<String>,
        #[command(flatten)]
        flags: AskFlags,
    },

    /// Print the whole card of one entry, by id, name, alias or a near miss.
    #[command(after_help = "Examples:
  svcmatch show guardduty
  svcmatch show \"gaurd duty\"
  svcmatch show \"AWS Key Management Service (AWS KMS)\" --json")]
    Show {
        /// The entry's id, name or alias.
        #[arg(value_name = "NAME", required = true)]
        name: Vec<String>,
    },

    /// List the entries, grouped by exam domain and category.
    #[command(after_help = "Examples:
  svcmatch list
  svcmatch list --domain security --kind service")]
    List {
        /// Only this exam domain.
        #[arg(long = "domain", value_enum)]
        domain: Option<DomainArg>,
        /// Only this kind of entry.
        #[arg(long = "kind", value_enum)]
        kind: Option<KindArg>,
    },

    /// Build or inspect the search index.
    #[command(subcommand)]
    Index(IndexCommand),

    /// Use your own markdown study notes: quoted in explanations, shown by `show`.
    #[command(subcommand)]
    Notes(NotesCommand),

    /// Measure ranking quality on labelled questions (JSON Lines).
    #[command(after_help = "Example:
  svcmatch eval tests/data/regression.jsonl")]
    Eval {
        /// A JSON Lines file: {"question": ..., "answer": ..., "choices": [...], "domain": ...}.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only one half of the file, split by a stable hash of each question's id: tune on one
        /// half, report the other.
        #[arg(long = "split", value_enum, value_name = "HALF")]
        split: Option<SplitArg>,
        /// List every miss, not only the count.
        #[arg(long = "misses")]
        misses: bool,
        /// Ranking knobs as JSON (see rank::Tuning), for tuning experiments.
        #[arg(long = "tuning", value_name = "JSON", hide = true)]
        tuning: Option<String>,
    },

    /// Practise exam-style questions; every answer is saved to your progress.
    #[command(after_help = "Examples:
  svcmatch quiz
  svcmatch quiz --count 5 --domain security --seed 7
  svcmatch quiz --review
  svcmatch quiz --exam
  svcmatch quiz --bank my-questions.jsonl
  svcmatch quiz --export anki svcmatch-deck.txt
  printf 'a\\nb\\n' | svcmatch quiz --count 2 --format json

Answer with a letter (A-D) or a name (a typo is forgiven). When standard input is not a
terminal, answers are read one per line; end of input ends the quiz with its summary.
Progress: $SVCMATCH_DATA_DIR/progress.json, else the user's data directory.")]
    Quiz(QuizFlags),

    /// Show practice progress: accuracy per domain and per entry, and what is due.
    #[command(after_help = "Examples:
  svcmatch stats
  svcmatch stats --json")]
    Stats {
        /// The progress file [default: progress.json in $SVCMATCH_DATA_DIR or the user's data directory].
        #[arg(long = "progress", value_name = "FILE")]
        progress: Option<PathBuf>,
    },
    /// Answer many scenarios, one per line, as JSON Lines, CSV or TSV, in input order.
    #[command(after_help = "Each line is a scenario in plain text, or a JSON object:
  {\"id\": \"q1\", \"question\": \"...\", \"choices\": [\"...\"]}
(\"pick\": N, or \"Choose TWO\" in the question, picks N options as one answer.)
Other fields of a JSON line are passed through under `input`. Blank lines are skipped. A line
that cannot be read gives a record with `error` set, and the run goes on. A summary goes to
stderr; the exit status is 2 when any line was an error, 0 otherwise.

Examples:
  svcmatch batch questions.txt > answers.jsonl
  printf 'rotate db passwords\\n' | svcmatch batch --format csv
  svcmatch batch exam.jsonl --top 1 --explain")]
    Batch {
        /// One scenario per line; standard input when absent or `-`.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Output format: JSON Lines, CSV or TSV (with a header row).
        #[arg(long = "format", value_enum, default_value_t = BatchFormat::Jsonl)]
        format: BatchFormat,
        /// How many matches per line.
        #[arg(short = 'n', long = "top", value_name = "N", default_value_t = 3)]
        top: usize,
        /// Include matched words and the passage that explains each match (slower).
        #[arg(long = "explain")]
        explain: bool,
    },

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Examples:
  svcmatch completions bash > svcmatch.bash
  svcmatch completions zsh > ~/.zfunc/_svcmatch
  svcmatch completions fish > svcmatch.fish")]
    Completions {
        /// The shell to complete for.
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff) on standard output.
    #[command(after_help = "Examples:
  svcmatch man > ~/.local/share/man/man1/svcmatch.1
  svcmatch man | man -l -")]
    Man,
}

#[derive(Debug, Args, Clone)]
pub struct QuizFlags {
    /// How many questions [default: 10; 65 with --exam; every entry with --export].
    #[arg(long = "count", value_name = "N")]
    pub count: Option<usize>,

    /// Only questions from this exam domain.
    #[arg(long = "domain", value_enum)]
    pub domain: Option<DomainArg>,

    /// Seed of the random choices: the same seed gives the same questions and options.
    #[arg(long = "seed", value_name = "S")]
    pub seed: Option<u64>,

    /// Practise from a question bank (JSON Lines, as `eval` reads: question, answer, choices, domain).
    #[arg(long = "bank", value_name = "FILE", conflicts_with_all = ["review", "exam"])]
    pub bank: Option<PathBuf>,

    /// Mock exam: 65 questions in proportion to the exam's domain weights, 90 minutes, pass mark 70 %.
    #[arg(long = "exam", conflicts_with_all = ["domain", "review"])]
    pub exam: bool,

    /// Ask the entries due for review first, weakest first.
    #[arg(long = "review")]
    pub review: bool,

    /// The progress file [default: progress.json in $SVCMATCH_DATA_DIR or the user's data directory].
    #[arg(long = "progress", value_name = "FILE")]
    pub progress: Option<PathBuf>,

    /// Output format: text, or json (one JSON object per line).
    #[arg(long = "format", value_enum, default_value_t = QuizFormat::Text)]
    pub format: QuizFormat,

    /// Length of the exam clock in seconds [default: 5400]. Mainly for tests and short drills.
    #[arg(long = "time-limit", value_name = "SECONDS", requires = "exam")]
    pub time_limit: Option<u64>,

    /// Write the questions to FILE as a deck instead of asking them (anki: Anki's text import).
    #[arg(long = "export", value_enum, requires = "deck", conflicts_with_all = ["review", "exam"])]
    pub export: Option<ExportFormat>,

    /// The file `--export` writes (replaced whole; never left half-written).
    #[arg(value_name = "FILE", requires = "export")]
    pub deck: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Anki,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuizFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Jsonl,
    Csv,
    Tsv,
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// (Re)build the index now.
    Build,
    /// Show where the index is, what it holds and whether it is fresh.
    Info,
}

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Register markdown notes files: every later run uses them. Prints what was attached where.
    #[command(after_help = "Examples:
  svcmatch notes add ~/study/security-notes.md
  svcmatch notes add week1.md week2.md --json")]
    Add {
        /// Markdown files (at most 5 MB each).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// List the registered notes files and what each contributes.
    List,
    /// Forget a registered notes file (the file itself is not touched).
    Remove {
        /// The file, as registered (a path, or its file name when that is unique).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DomainArg {
    Concepts,
    Security,
    Technology,
    Billing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Service,
    Feature,
    Concept,
    Pillar,
    Note,
}

/// A half of a labelled file (`eval --split`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitArg {
    /// The half whose misses may be read while tuning.
    Tune,
    /// The half whose figures are reported.
    Check,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command's help, at a narrow terminal: no example line is broken, so no quoted
    /// argument is split over two lines.
    #[test]
    fn help_examples_are_never_wrapped() {
        let mut root = Cli::command().term_width(64);
        root.build();
        let mut commands = vec![root.clone()];
        commands.extend(root.get_subcommands().cloned());
        for mut cmd in commands {
            let name = cmd.get_name().to_string();
            let source = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let help = cmd.render_help().to_string();
            for line in source.lines().filter(|l| l.starts_with("  ")) {
                assert!(
                    help.lines().any(|h| h == line),
                    "{name}: example {line:?} is wrapped in:\n{help}"
                );
                assert_eq!(line.matches('"').count() % 2, 0, "{name}: {line:?}");
            }
        }
    }

    #[test]
    fn pick_needs_choices() {
        let cli = Cli::try_parse_from([
            "svcmatch",
            "ask",
            "q",
            "--choices",
            "A",
            "B",
            "C",
            "--pick",
            "2",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Ask { flags, .. }) => assert_eq!(flags.pick, Some(2)),
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["svcmatch", "ask", "q", "--pick", "2"]).is_err());
    }

    #[test]
    fn bare_scenario_is_an_ask() {
        let cli = Cli::try_parse_from(["svcmatch", "detect suspicious API calls"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.scenario, vec!["detect suspicious API calls"]);
    }

    #[test]
    fn choices_take_several_values() {
        let cli = Cli::try_parse_from([
            "svcmatch",
            "ask",
            "q",
            "--choices",
            "AWS WAF",
            "AWS Shield",
            "-n",
            "2",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Ask { flags, .. }) => {
                assert_eq!(flags.choices, vec!["AWS WAF", "AWS Shield"]);
                assert_eq!(flags.top, 2);
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn notes_flag_repeats_and_notes_subcommand_parses() {
        let cli =
            Cli::try_parse_from(["svcmatch", "--notes", "a.md", "q", "--notes", "b.md"]).unwrap();
        assert_eq!(
            cli.global.notes,
            vec![PathBuf::from("a.md"), PathBuf::from("b.md")]
        );
        let cli = Cli::try_parse_from(["svcmatch", "notes", "add", "a.md", "b.md"]).unwrap();
        match cli.command {
            Some(Command::Notes(NotesCommand::Add { files })) => assert_eq!(files.len(), 2),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn quiz_flags_parse_and_conflict() {
        let cli = Cli::try_parse_from([
            "svcmatch", "quiz", "--count", "3", "--seed", "7", "--format", "json",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Quiz(f)) => {
                assert_eq!((f.count, f.seed), (Some(3), Some(7)));
                assert_eq!(f.format, QuizFormat::Json);
            }
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["svcmatch", "quiz", "--exam", "--review"]).is_err());
        assert!(Cli::try_parse_from(["svcmatch", "quiz", "--time-limit", "5"]).is_err());
    }

    #[test]
    fn batch_reads_stdin_by_default() {
        let cli = Cli::try_parse_from(["svcmatch", "batch", "--format", "tsv", "-n", "1"]).unwrap();
        match cli.command {
            Some(Command::Batch {
                file,
                format,
                top,
                explain,
            }) => {
                assert_eq!(file, None);
                assert_eq!(format, BatchFormat::Tsv);
                assert_eq!(top, 1);
                assert!(!explain);
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn global_flags_after_subcommand() {
        let cli = Cli::try_parse_from(["svcmatch", "list", "--json", "--color", "never"]).unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.color, ColorChoice::Never);
    }
}
