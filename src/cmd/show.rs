//! `svcmatch show NAME`: one entry's whole card.

use super::{Session, print_json};
use crate::config::Config;
use crate::exit;
use crate::resolve::{Resolution, resolve};
use anyhow::{Result, bail};
use std::io::{self, Write};

pub fn run(config: &Config, name: &str) -> Result<u8> {
    let session = Session::load(config)?;
    let kb = &session.kb;
    let index = match resolve(kb, name) {
        Resolution::Exact(i) => i,
        Resolution::Near(i, _) => {
            if !config.json {
                eprintln!(
                    "svcmatch: no entry is called \"{}\"; showing the closest, {}",
                    crate::text::sanitize(name),
                    kb.entries[i].name
                );
            }
            i
        }
        Resolution::Ambiguous(candidates) | Resolution::Unknown(candidates) => {
            if candidates.is_empty() {
                bail!("no entry is called {:?}", name);
            }
            eprintln!(
                "svcmatch: error: no entry is called \"{}\"; did you mean {}?",
                crate::text::sanitize(name),
                crate::output::suggestions(kb, &candidates)
            );
            return Ok(exit::ERROR);
        }
    };
    if config.json {
        print_json(&crate::json::card_json(
            &kb.entries[index],
            &kb.notes[index],
        ))?;
    } else {
        let mut out = io::stdout().lock();
        crate::output::card(&mut out, kb, index)?;
        out.flush()?;
    }
    Ok(exit::ANSWERED)
}
