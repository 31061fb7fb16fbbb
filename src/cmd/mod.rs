//! One module per subcommand. Each loads what it needs through [`Session`], computes plain data,
//! and hands it to `output` or `json` to print.

pub mod ask;
pub mod batch;
pub mod eval;
pub mod index;
pub mod list;
pub mod notes;
pub mod quiz;
pub mod shell;
pub mod show;
pub mod stats;

use crate::config::Config;
use crate::index::SearchIndex;
use crate::knowledge::KnowledgeBase;
use anyhow::Result;
use serde::Serialize;
use std::io::{self, Write};

/// The knowledge base of this run, with the user's notes attached.
pub struct Session {
    pub kb: KnowledgeBase,
    /// The notes files of this run (registered and `--notes`) and what became of them.
    pub notes: crate::notes::RunNotes,
}

impl Session {
    /// Loads the knowledge base and attaches the user's notes. Warnings go to stderr.
    pub fn load(config: &Config) -> Result<Session> {
        let mut kb = KnowledgeBase::load(&config.data)?;
        let notes = crate::notes::load_for_run(&mut kb, config)?;
        for w in &notes.warnings {
            eprintln!("svcmatch: warning: {}", crate::text::sanitize(w));
        }
        Ok(Session { kb, notes })
    }

    /// Opens (building when needed) the index for this knowledge base. Notices go to stderr.
    pub fn open_index(&self, config: &Config) -> Result<SearchIndex> {
        match &config.index_base {
            Some(base) => {
                let (index, notices) = SearchIndex::open_or_build(&self.kb, base)?;
                for n in notices {
                    eprintln!("svcmatch: {}", crate::text::sanitize(&n));
                }
                Ok(index)
            }
            None => SearchIndex::build_in_memory(&self.kb),
        }
    }
}

/// Writes one value as pretty JSON and a newline to stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    crate::json::write(&mut out, value, true)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
