//! Printing what `svcmatch notes …` did: for people (aligned rows, user text sanitized) and for
//! programs (serialize-only JSON types, kept apart from the attaching types).

use super::attach::{AttachReport, How, Piece, Row, Target};
use super::warning_text;
use crate::knowledge::KnowledgeBase;
use crate::text::sanitize;
use colored::Colorize;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Rows wider than this are cut in the human listing (JSON carries the whole text).
const SHOWN_CHARS: usize = 44;

/// A file that `notes add` handled.
#[derive(Debug, Clone)]
pub struct AddedFile {
    pub path: PathBuf,
    /// It was registered before this command.
    pub already: bool,
    pub report: AttachReport,
}

/// The state of one registered file, for `notes list`.
#[derive(Debug, Clone)]
pub struct ListedFile {
    pub path: PathBuf,
    pub outcome: Result<AttachReport, String>,
}

#[derive(Debug, Serialize)]
pub struct AddJson {
    pub registry: String,
    pub files: Vec<FileJson>,
}

#[derive(Debug, Serialize)]
pub struct FileJson {
    pub path: String,
    pub file: String,
    pub already_registered: bool,
    pub quotes: usize,
    pub rows: Vec<RowJson>,
    pub warnings: Vec<WarningJson>,
}

#[derive(Debug, Serialize)]
pub struct RowJson {
    pub line: usize,
    /// `topic`, `section`, `use_case`, `item` or `preamble`.
    pub kind: &'static str,
    pub level: usize,
    pub text: String,
    /// `attached`, `new_entry`, `added_to_note`, `no_text` or `skipped`.
    pub result: &'static str,
    pub id: Option<String>,
    /// `name`, `context`, `mentioned`, `similar` or `parent` (for `attached`).
    pub how: Option<&'static str>,
    pub similarity: Option<f64>,
    pub reason: Option<String>,
    pub quotes: usize,
}

#[derive(Debug, Serialize)]
pub struct WarningJson {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct ListJson {
    pub registry: Option<String>,
    pub files: Vec<ListedJson>,
}

#[derive(Debug, Serialize)]
pub struct ListedJson {
    pub path: String,
    pub ok: bool,
    pub error: Option<String>,
    pub attached: usize,
    pub new_entries: usize,
    pub quotes: usize,
}

#[derive(Debug, Serialize)]
pub struct RemoveJson {
    pub registry: String,
    pub removed: String,
}

fn piece_str(p: Piece) -> &'static str {
    match p {
        Piece::Preamble => "preamble",
        Piece::Topic => "topic",
        Piece::Section => "section",
        Piece::UseCase => "use_case",
        Piece::Item => "item",
    }
}

fn how_str(h: How) -> &'static str {
    match h {
        How::Name => "name",
        How::Context => "context",
        How::Mentioned => "mentioned",
        How::Similar(_) => "similar",
        How::Parent => "parent",
    }
}

pub fn row_json(kb: &KnowledgeBase, row: &Row) -> RowJson {
    let id = |e: usize| Some(kb.entries[e].id.to_string());
    let (result, id, how, similarity, reason) = match &row.target {
        Target::Entry { entry, how } => (
            "attached",
            id(*entry),
            Some(how_str(*how)),
            match how {
                How::Similar(s) => Some((s * 1000.0).round() / 1000.0),
                _ => None,
            },
            None,
        ),
        Target::NewEntry { entry } => ("new_entry", id(*entry), None, None, None),
        Target::AddedToNote { entry } => ("added_to_note", id(*entry), None, None, None),
        Target::NoText => ("no_text", None, None, None, None),
        Target::Skipped { reason } => ("skipped", None, None, None, Some(reason.clone())),
    };
    RowJson {
        line: row.line,
        kind: piece_str(row.piece),
        level: row.level,
        text: row.text.clone(),
        result,
        id,
        how,
        similarity,
        reason,
        quotes: row.quotes,
    }
}

pub fn file_json(kb: &KnowledgeBase, path: &Path, already: bool, r: &AttachReport) -> FileJson {
    FileJson {
        path: path.display().to_string(),
        file: r.file.clone(),
        already_registered: already,
        quotes: r.quotes(),
        rows: r.rows.iter().map(|row| row_json(kb, row)).collect(),
        warnings: r
            .warnings
            .iter()
            .map(|w| WarningJson {
                line: w.line,
                message: w.message.clone(),
            })
            .collect(),
    }
}

pub fn add_json(kb: &KnowledgeBase, registry: &Path, files: &[AddedFile]) -> AddJson {
    AddJson {
        registry: registry.display().to_string(),
        files: files
            .iter()
            .map(|f| file_json(kb, &f.path, f.already, &f.report))
            .collect(),
    }
}

pub fn list_json(registry: Option<&Path>, files: &[ListedFile]) -> ListJson {
    ListJson {
        registry: registry.map(|p| p.display().to_string()),
        files: files
            .iter()
            .map(|f| match &f.outcome {
                Ok(r) => ListedJson {
                    path: f.path.display().to_string(),
                    ok: true,
                    error: None,
                    attached: r.attached(),
                    new_entries: r.new_entries(),
                    quotes: r.quotes(),
                },
                Err(e) => ListedJson {
                    path: f.path.display().to_string(),
                    ok: false,
                    error: Some(e.clone()),
                    attached: 0,
                    new_entries: 0,
                    quotes: 0,
                },
            })
            .collect(),
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `  - WAF (Firewall)` / `## Guard Duty`, indented by level.
fn row_label(row: &Row) -> String {
    let text = sanitize(&row.text);
    let text = shorten(&text);
    match row.piece {
        Piece::Preamble => "(before the first heading)".to_string(),
        Piece::Item => format!("{}- {text}", "  ".repeat(row.level.saturating_sub(1))),
        _ => format!(
            "{}{} {text}",
            "  ".repeat(row.level.saturating_sub(1)),
            "#".repeat(row.level)
        ),
    }
}

fn row_target(kb: &KnowledgeBase, row: &Row) -> String {
    let lines = |n: usize| match n {
        0 => String::new(),
        1 => ", 1 line".to_string(),
        n => format!(", {n} lines"),
    };
    match &row.target {
        Target::Entry { entry, how } => {
            let e = &kb.entries[*entry];
            let why = match how {
                How::Name => "by name".to_string(),
                How::Context => "named under the section above".to_string(),
                How::Mentioned => "named in the heading".to_string(),
                How::Similar(s) => format!("similar spelling, {s:.2}"),
                How::Parent => "part of the section above".to_string(),
            };
            format!("{}  ({why}{})", e.id.bold(), lines(row.quotes))
        }
        Target::NewEntry { entry } => {
            let e = &kb.entries[*entry];
            format!(
                "{} {}  ({}{})",
                "new note entry".yellow(),
                e.id.bold(),
                e.domain,
                lines(row.quotes)
            )
        }
        Target::AddedToNote { entry } => format!(
            "note entry {}  (added{})",
            kb.entries[*entry].id.bold(),
            lines(row.quotes)
        ),
        Target::NoText => "no text of its own".dimmed().to_string(),
        Target::Skipped { reason } => format!("{} ({reason})", "skipped".red()),
    }
}

/// One file's rows: `line N  heading  → where it went`.
pub fn file_report(
    w: &mut dyn Write,
    kb: &KnowledgeBase,
    path: &Path,
    already: bool,
    r: &AttachReport,
) -> io::Result<()> {
    let state = if already {
        " (already registered; read again)"
    } else {
        ""
    };
    writeln!(
        w,
        "{}{}",
        sanitize(&path.display().to_string()).bold(),
        state.dimmed()
    )?;
    let labels: Vec<String> = r.rows.iter().map(row_label).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (row, label) in r.rows.iter().zip(&labels) {
        let pad = width - label.chars().count();
        writeln!(
            w,
            "  {} {}{}  → {}",
            format!("{:>4}", row.line).dimmed(),
            label,
            " ".repeat(pad),
            row_target(kb, row)
        )?;
    }
    writeln!(
        w,
        "  {}",
        format!(
            "{} lines quoted: {} attached to entries, {} new note entries",
            r.quotes(),
            r.attached(),
            r.new_entries()
        )
        .dimmed()
    )?;
    for warning in &r.warnings {
        writeln!(
            w,
            "  {} {}",
            "warning:".yellow(),
            sanitize(&warning_text(&r.file, warning))
        )?;
    }
    Ok(())
}

/// `notes add`: every file's rows, then where the registry is.
pub fn added(
    w: &mut dyn Write,
    kb: &KnowledgeBase,
    registry: &Path,
    files: &[AddedFile],
) -> io::Result<()> {
    for f in files {
        file_report(w, kb, &f.path, f.already, &f.report)?;
    }
    let new = files.iter().filter(|f| !f.already).count();
    writeln!(
        w,
        "registered {new} new file{} in {} ({} in all); every run now uses them",
        if new == 1 { "" } else { "s" },
        sanitize(&registry.display().to_string()),
        files.len()
    )?;
    Ok(())
}

/// `notes list`.
pub fn listed(w: &mut dyn Write, registry: Option<&Path>, files: &[ListedFile]) -> io::Result<()> {
    if files.is_empty() {
        writeln!(
            w,
            "no notes registered (add some with: svcmatch notes add FILE)"
        )?;
    }
    for f in files {
        let path = sanitize(&f.path.display().to_string()).into_owned();
        match &f.outcome {
            Ok(r) => writeln!(
                w,
                "{}  {}",
                path.bold(),
                format!(
                    "({} lines: {} attached to entries, {} new note entries)",
                    r.quotes(),
                    r.attached(),
                    r.new_entries()
                )
                .dimmed()
            )?,
            Err(e) => writeln!(w, "{}  {}", path.bold(), format!("({})", sanitize(e)).red())?,
        }
    }
    if let Some(r) = registry {
        writeln!(
            w,
            "{}",
            format!("registry: {}", sanitize(&r.display().to_string())).dimmed()
        )?;
    }
    Ok(())
}
