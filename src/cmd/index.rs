//! `svcmatch index build|info`.

use super::{Session, print_json};
use crate::app::exit;
use crate::cli::IndexCommand;
use crate::config::Config;
use crate::index::SearchIndex;
use crate::output::sanitize;
use anyhow::Result;
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
                println!(
                    "built {} ({} entries, {} passages) in {} ms",
                    sanitize(&dir.display().to_string()),
                    status.entries,
                    status.passages,
                    started.elapsed().as_millis()
                );
            }
        }
        IndexCommand::Info => {
            let status = SearchIndex::status(&session.kb, base);
            if config.json {
                print_json(&status)?;
            } else {
                println!("location:    {}", sanitize(&status.location));
                println!("entries:     {}", session.kb.len());
                println!("passages:    {}", status.passages);
                println!("fingerprint: {}", status.fingerprint);
                println!("format:      v{}", status.format);
                println!(
                    "state:       {}",
                    if status.fresh {
                        "fresh"
                    } else {
                        "stale (rebuilt on next query)"
                    }
                );
            }
        }
    }
    Ok(exit::ANSWERED)
}
