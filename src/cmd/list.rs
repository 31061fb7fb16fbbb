//! `svcmatch list`: every entry, grouped by exam domain and category.

use super::{Session, print_json};
use crate::cli::{DomainArg, KindArg};
use crate::config::Config;
use crate::exit;
use crate::model::{Domain, Entry, Kind};
use anyhow::Result;
use std::io::{self, Write};

pub fn run(config: &Config, domain: Option<DomainArg>, kind: Option<KindArg>) -> Result<u8> {
    let session = Session::load(config)?;
    let domain = domain.map(|d| match d {
        DomainArg::Concepts => Domain::Concepts,
        DomainArg::Security => Domain::Security,
        DomainArg::Technology => Domain::Technology,
        DomainArg::Billing => Domain::Billing,
    });
    let kind = kind.map(|k| match k {
        KindArg::Service => Kind::Service,
        KindArg::Feature => Kind::Feature,
        KindArg::Concept => Kind::Concept,
        KindArg::Pillar => Kind::Pillar,
        KindArg::Note => Kind::Note,
    });
    let mut entries: Vec<&Entry> = session
        .kb
        .entries
        .iter()
        .filter(|e| domain.is_none_or(|d| e.domain == d))
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    entries.sort_by(|a, b| {
        (a.domain, &a.category, a.name.to_lowercase()).cmp(&(
            b.domain,
            &b.category,
            b.name.to_lowercase(),
        ))
    });
    if config.json {
        print_json(&crate::json::list_json(&entries))?;
    } else {
        let mut out = io::stdout().lock();
        crate::output::list(&mut out, &entries)?;
        out.flush()?;
    }
    Ok(if entries.is_empty() {
        exit::NO_MATCH
    } else {
        exit::ANSWERED
    })
}
