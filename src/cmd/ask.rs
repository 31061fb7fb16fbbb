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
    // Leaked on purpose: the process ends right after the answer, and freeing the knowledge base,
    // the index and the ranker's tables piece by piece was a tenth of a single question's time.
    let session: &'static Session = Box::leak(Box::new(Session::load(config)?));
    let index: &'static SearchIndex = Box::leak(Box::new(session.open_index(config)?));
    let ranker: &'static Ranker = Box::leak(Box::new(Ranker::new(&session.kb, index)));
    // "Choose TWO" in the question asks for two, unless --pick says otherwise.
    let pick = if flags.choices.is_empty() {
        None
    } else {
        flags.pick.or_else(|| crate::pick::pick_from_text(scenario))
    };
    if let Some(n) = pick {
        crate::pick::check(n, flags.choices.len())?;
    }
    let pick = pick.filter(|&n| n > 1);
    let opts = RankOptions {
        // A pick weighs every option.
        top: if pick.is_some() {
            flags.choices.len()
        } else {
            flags.top
        },
        explain: true,
    };
    let mut answer = if flags.choices.is_empty() {
        ranker.ask(scenario, &opts)?
    } else {
        ranker.ask_choices(scenario, &flags.choices, &opts)?
    };
    let picked = pick.map(|n| {
        let picked = crate::pick::pick(&mut answer, n);
        answer.matches.truncate(flags.top.max(picked.n));
        picked
    });
    let nothing_to_match = answer.query.terms.is_empty();
    let status = if answer.confident {
        exit::ANSWERED
    } else {
        exit::NO_MATCH
    };
    if config.json {
        let mut json = crate::json::ask_json(&session.kb, scenario, &answer);
        json.pick = picked
            .as_ref()
            .map(|p| crate::json::pick_json(&session.kb, &answer, p));
        print_json(&json)?;
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
    if let Some(p) = &picked {
        crate::output::pick_header(&mut out, &session.kb, &answer, p)?;
    }
    crate::output::answer_wrapped(
        &mut out,
        &session.kb,
        &answer,
        crate::output::terminal_width(),
    )?;
    out.flush()?;
    Ok(status)
}
