//! `svcmatch stats`: what the progress file says — accuracy per domain and per entry (weakest
//! first) and what is due for review. Reads only; a damaged file is reported, not moved.

use super::{Session, print_json};
use crate::config::Config;
use crate::exit;
use crate::knowledge::KnowledgeBase;
use crate::progress::{self, EntryProgress, Progress, rfc3339, share, weakest_first};
use crate::quiz_output::{DomainStats, EntryStats, StatsReport};
use anyhow::Result;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

pub fn run(config: &Config, progress_flag: Option<&Path>) -> Result<u8> {
    let path = progress::resolve_path(progress_flag)?;
    let record = Progress::read(&path)?.unwrap_or_default();
    let session = Session::load(config)?;
    let report = report(&session.kb, &record, &path, progress::now());
    if config.json {
        print_json(&report)?;
    } else {
        let mut out = io::stdout().lock();
        crate::quiz_output::stats(&mut out, &report)?;
        out.flush()?;
    }
    Ok(exit::ANSWERED)
}

/// The stats of a progress record; entries no longer in the knowledge base are listed by id
/// under the domain "unknown".
pub fn report(kb: &KnowledgeBase, record: &Progress, path: &Path, now: i64) -> StatsReport {
    let mut entries: Vec<(&str, &EntryProgress)> = record
        .entries
        .iter()
        .map(|(id, p)| (id.as_str(), p))
        .collect();
    entries.sort_by(weakest_first);
    let domain_of = |id: &str| {
        kb.get(id)
            .map_or_else(|| "unknown".to_string(), |e| e.domain.to_string())
    };
    let mut by_domain: BTreeMap<String, (usize, u32, u32)> = BTreeMap::new();
    for (id, p) in &entries {
        let d = by_domain.entry(domain_of(id)).or_default();
        d.0 += 1;
        d.1 = d.1.saturating_add(p.right);
        d.2 = d.2.saturating_add(p.wrong);
    }
    // Saturating: the counters come from a file anyone can edit.
    let right = entries
        .iter()
        .fold(0u32, |sum, (_, p)| sum.saturating_add(p.right));
    let answers = entries
        .iter()
        .fold(0u32, |sum, (_, p)| sum.saturating_add(p.answers()));
    let next_due = record.next_due(now);
    StatsReport {
        progress: path.display().to_string(),
        now,
        answers,
        right,
        accuracy: share(right, answers),
        by_domain: by_domain
            .into_iter()
            .map(|(domain, (n, right, wrong))| DomainStats {
                domain,
                entries: n,
                right,
                wrong,
                accuracy: share(right, right.saturating_add(wrong)),
            })
            .collect(),
        due_now: entries.iter().filter(|(_, p)| p.is_due(now)).count(),
        entries: entries
            .iter()
            .map(|(id, p)| EntryStats {
                id: id.to_string(),
                name: kb
                    .get(id)
                    .map_or_else(|| id.to_string(), |e| e.name.to_string()),
                domain: domain_of(id),
                right: p.right,
                wrong: p.wrong,
                accuracy: p.accuracy(),
                leitner_box: p.leitner_box,
                last_seen: p.last_seen,
                due: p.due,
                due_utc: rfc3339(p.due),
                due_now: p.is_due(now),
            })
            .collect(),
        next_due,
        next_due_utc: next_due.map(rfc3339),
    }
}
