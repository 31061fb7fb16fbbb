//! The command line, as clap sees it. Nothing else lives here: arguments become a `Config` in
//! `config.rs` before any work is done.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "Examples:
  svcmatch \"detect suspicious API calls\"
  svcmatch ask \"protect my website from DDoS attacks\" --top 5
  svcmatch ask \"Which service stores API keys?\" --choices \"AWS KMS\" \"AWS Secrets Manager\"
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
}

#[derive(Debug, Args, Clone, Default)]
pub struct AskFlags {
    /// How many matches to show.
    #[arg(short = 'n', long = "top", value_name = "N", default_value_t = 3)]
    pub top: usize,

    /// Rank only these options of a multiple-choice question.
    #[arg(long = "choices", value_name = "OPTION", num_args = 1..)]
    pub choices: Vec<String>,
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
  svcmatch ask \"A company needs to block SQL injection. Which service?\" --choices \"AWS WAF\" \"AWS Shield\" \"Amazon Macie\"")]
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

    /// Measure ranking quality on labelled questions (JSON Lines).
    #[command(after_help = "Example:
  svcmatch eval tests/data/regression.jsonl")]
    Eval {
        /// A JSON Lines file: {\"question\": ..., \"answer\": ..., \"choices\": [...], \"domain\": ...}.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// List every miss, not only the count.
        #[arg(long = "misses")]
        misses: bool,
    },

    /// Answer many scenarios, one per line, as JSON Lines, CSV or TSV, in input order.
    #[command(after_help = "Each line is a scenario in plain text, or a JSON object:
  {\"id\": \"q1\", \"question\": \"...\", \"choices\": [\"...\", \"...\"]}
Other fields of a JSON line are passed through under `input`. Blank lines are skipped. A line
that cannot be read gives a record with `error` set, and the run goes on. A summary goes to
stderr; the exit status is 2 when any line was an error, 0 otherwise.

Examples:
  svcmatch batch questions.txt > answers.jsonl
  printf 'rotate database passwords\nblock SQL injection\n' | svcmatch batch --format csv
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
  svcmatch completions bash > ~/.local/share/bash-completion/completions/svcmatch
  svcmatch completions zsh > ~/.zfunc/_svcmatch
  svcmatch completions fish > ~/.config/fish/completions/svcmatch.fish")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
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
