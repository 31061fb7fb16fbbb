//! `svcmatch index build|info`.

use super::{Session, print_json};
use crate::cli::IndexCommand;
use crate::config::Config;
use crate::exit;
use crate::index::SearchIndex;
use crate::text::sanitize;
use anyhow::Result;
use std::io::Write;
use std::time::Instant;

pub fn run(config: &Config, command: IndexCommand) -> Result<u8> {
    let session = Session::load(config)?;
    let Some(base) = &config.index_base else {
        anyhow::bail!("no index directory: pass --index-dir or set SVCMATCH_INDEX_DIR");
    };
    match command {
        IndexCommand::Build => {
            let started = Instant::now();
            let dir = SearchIndex::rebuild(&session.kb, base)?;
            let status = SearchIndex::status(&session.kb, base);
            if config.json {
                print_json(&status)?;
            } else {
                writeln!(
                    std::io::stdout(),
                    "built {} ({} entries, {} passages) in {} ms",
                    sanitize(&dir.display().to_string()),
                    status.entries,
                    status.passages,
                    started.elapsed().as_millis()
                )?;
            }
        }
        IndexCommand::Info => {
            let status = SearchIndex::status(&session.kb, base);
            if config.json {
                print_json(&status)?;
            } else {
                writeln!(
                    std::io::stdout(),
                    "location:    {}",
                    sanitize(&status.location)
                )?;
                writeln!(std::io::stdout(), "entries:     {}", session.kb.len())?;
                writeln!(std::io::stdout(), "passages:    {}", status.passages)?;
                writeln!(std::io::stdout(), "fingerprint: {}", status.fingerprint)?;
                writeln!(std::io::stdout(), "format:      v{}", status.format)?;
                writeln!(
                    std::io::stdout(),
                    "state:       {}",
                    if status.fresh {
                        "fresh"
                    } else {
                        "stale (rebuilt on next query)"
                    }
                )?;
            }
        }
    }
    Ok(exit::ANSWERED)
}
