//! `svcmatch completions SHELL` and `svcmatch man`: generated from the clap definition, so they
//! never drift from the real flags.

use crate::cli::Cli;
use crate::exit;
use anyhow::Result;
use clap::CommandFactory;
use std::io::{self, Write};

pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "svcmatch", &mut out);
    out.flush()?;
    Ok(exit::ANSWERED)
}

pub fn man() -> Result<u8> {
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(exit::ANSWERED)
}
