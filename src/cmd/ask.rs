//! `svcmatch ask SCENARIO` (and the bare `svcmatch SCENARIO`).

use super::{Session, print_json};
use crate::cli::AskFlags;
use crate::config::Config;
use crate::exit;
use crate::index::SearchIndex;
use crate::rank::{RankOptions, Ranker};
use anyhow::{Result, bail};
use std::io::{self, Write};

pub fn run(config: &Config, scenario: &str, flags: &AskFlags) -> Result<u8> {
    if flags.top == 0 {
        bail!("--top must be at least 1");
    }
    // Leaked on purpose: the process ends right after the answer, and freeing the knowledge base
    // and the index piece by piece was a tenth of a single question's time.
    let session: &'static Session = Box::leak(Box::new(Session::load(config)?));
    let index: &'static SearchIndex = Box::leak(Box::new(session.open_index(config)?));
    let ranker = Ranker::new(&session.kb, index);
    let opts = RankOptions {
        top: flags.top,
        explain: true,
    };
    let answer = if flags.choices.is_empty() {
        ranker.ask(scenario, &opts)?
    } else {
        ranker.ask_choices(scenario, &flags.choices, &opts)?
    };
    let nothing_to_match = answer.query.terms.is_empty();
    let status = if answer.confident {
        exit::ANSWERED
    } else {
        exit::NO_MATCH
    };
    if config.json {
        print_json(&crate::json::ask_json(&session.kb, scenario, &answer))?;
        return Ok(status);
    }
    if nothing_to_match {
        eprintln!(
            "svcmatch: nothing to match: the scenario has no words that describe a need (only common words like \"which\", \"service\", \"company\")"
        );
        return Ok(exit::NO_MATCH);
    }
    if answer.matches.is_empty() && answer.unknown_choices.is_empty() {
        eprintln!("svcmatch: no entry matches this scenario");
        return Ok(exit::NO_MATCH);
    }
    let mut out = io::stdout().lock();
    crate::output::answer(&mut out, &session.kb, &answer)?;
    out.flush()?;
    Ok(status)
}
