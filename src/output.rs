//! Human output. Everything printed for people goes through here, into any `impl Write`, so
//! tests can render into a buffer. Colour is decided once (`colored::control::set_override`).
//!
//! Text that comes from the user (a scenario, notes, a question bank) is passed through
//! `text::sanitize` so that control characters and escape sequences never reach the terminal raw.

use crate::index::PassageSource;
use crate::knowledge::KnowledgeBase;
use crate::model::{Domain, Entry, Kind};
use crate::rank::{Answer, Match, Origin};
use crate::text::sanitize;
use colored::Colorize;
use std::io::{self, Write};
use std::ops::Range;

/// The width to wrap text for people at: the terminal's, when standard output is one. Text for
/// a pipe or a file is not wrapped (a program or a pager does that better).
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    Some(textwrap::termwidth())
}

/// `text` after `first` on the first line, wrapped at `width` with later lines indented by
/// `rest` (colour codes in `first` take no room). Without a width, one line. No newline at the
/// end.
pub fn wrapped(first: &str, rest: &str, text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return format!("{first}{text}");
    };
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false);
    textwrap::fill(text, options)
}

fn bar(confidence: f32) -> String {
    let filled = (confidence.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// `text` with `ranges` in bold yellow.
fn highlighted(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&sanitize(&text[at..r.start]));
        out.push_str(&sanitize(&text[r.clone()]).yellow().bold().to_string());
        at = r.end;
    }
    out.push_str(&sanitize(&text[at..]));
    out
}

fn source_label(source: PassageSource) -> &'static str {
    match source {
        PassageSource::UseCase(_) => "use case",
        PassageSource::Summary => "summary",
        PassageSource::Description(_) => "description",
        PassageSource::Note(_) => "your notes",
    }
}

fn matched_words(m: &Match) -> String {
    m.matched_terms
        .iter()
        .map(|t| {
            let word = sanitize(&t.word);
            match t.origin {
                Origin::Own | Origin::Joined if t.word == t.found => word.into_owned(),
                Origin::Own | Origin::Joined => format!("{word}→{}", t.found),
                Origin::Typo => format!("{} (typo)", t.found),
                Origin::Synonym => format!("{} (≈ {word})", t.found),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line above a picked answer: the set and its confidence.
pub fn pick_header(
    w: &mut dyn Write,
    kb: &KnowledgeBase,
    answer: &Answer,
    picked: &crate::pick::Picked,
) -> io::Result<()> {
    let names: Vec<&str> = answer
        .matches
        .iter()
        .take(picked.n)
        .map(|m| kb.entries[m.entry].name.as_ref())
        .collect();
    writeln!(
        w,
        "{} {}  {}",
        format!("Choose {}:", picked.n).bold(),
        names.join(" + ").bold().green(),
        format!("(set confidence {:.2})", picked.set_confidence).dimmed()
    )
}

/// The answer to `ask`, on one line per item.
pub fn answer(w: &mut dyn Write, kb: &KnowledgeBase, answer: &Answer) -> io::Result<()> {
    answer_wrapped(w, kb, answer, None)
}

/// The answer to `ask`, its long lines wrapped at `width` under their item.
pub fn answer_wrapped(
    w: &mut dyn Write,
    kb: &KnowledgeBase,
    answer: &Answer,
    wrap_at: Option<usize>,
) -> io::Result<()> {
    let para = |first: &str, text: &str| wrapped(first, "   ", text, wrap_at);
    for i in &answer.query.interpretations {
        let line = format!(
            "interpreted '{}' as '{}'",
            sanitize(&i.from),
            sanitize(&i.to)
        );
        writeln!(w, "{}", line.dimmed())?;
    }
    if answer.query.truncated {
        writeln!(
            w,
            "{}",
            format!(
                "the scenario was cut to its first {} bytes",
                crate::rank::MAX_QUERY_BYTES
            )
            .dimmed()
        )?;
    }
    if answer.query.exception && answer.matches.iter().any(|m| m.choice.is_some()) {
        writeln!(
            w,
            "{}",
            "An exception question (\"NOT\"): the option that fits the question least comes first."
                .dimmed()
        )?;
    }
    if !answer.confident && !answer.matches.is_empty() {
        writeln!(
            w,
            "{}",
            "No confident match. The closest candidates:".yellow()
        )?;
    }
    let width = answer
        .matches
        .iter()
        .map(|m| kb.entries[m.entry].name.chars().count())
        .max()
        .unwrap_or(0);
    for (rank, m) in answer.matches.iter().enumerate() {
        let e = &kb.entries[m.entry];
        let name = format!("{:width$}", e.name);
        writeln!(
            w,
            "{}. {}  {} {:.2}  {}",
            rank + 1,
            if rank == 0 {
                name.bold().green()
            } else {
                name.bold()
            },
            bar(m.confidence).cyan(),
            m.confidence,
            format!("{} · {}", e.domain, e.kind).dimmed()
        )?;
        if let Some(choice) = &m.choice {
            let first = format!("   {} ", "option:".dimmed());
            writeln!(w, "{}", para(&first, &sanitize(choice)))?;
        }
        writeln!(w, "{}", para("   ", &e.summary))?;
        if let Some(x) = &m.explanation {
            let words = matched_words(m);
            let matched = if words.is_empty() {
                String::new()
            } else {
                format!("  {}", format!("(matched: {words})").dimmed())
            };
            // When the best passage is the quoted note itself, say it once, with its place.
            let note_is_passage = matches!(x.source, PassageSource::Note(_))
                && x.note.as_ref().is_some_and(|n| n.text == x.passage);
            if let Some(note) = &x.note {
                let (text, after) = if note_is_passage {
                    (highlighted(&x.passage, &x.highlights), matched.as_str())
                } else {
                    (sanitize(note.text.trim()).into_owned(), "")
                };
                let first = format!(
                    "   {} ",
                    format!("from your notes ({}:{}):", sanitize(&note.file), note.line).magenta()
                );
                writeln!(w, "{}", para(&first, &format!("\"{text}\"{after}")))?;
            }
            if !note_is_passage {
                let first = format!(
                    "   {} ",
                    format!("Fits because ({}):", source_label(x.source)).dimmed()
                );
                let text = format!("\"{}\"{}", highlighted(&x.passage, &x.highlights), matched);
                writeln!(w, "{}", para(&first, &text))?;
            }
        }
        if let Some(note) = &e.note {
            writeln!(w, "{}", para(&format!("   {} ", "note:".yellow()), note))?;
        }
    }
    if let Some((a, b, text)) = &answer.contrast {
        let (a, b) = (&kb.entries[*a], &kb.entries[*b]);
        let first = format!(
            "{} ",
            format!("{} vs {}:", a.short_name(), b.short_name()).bold()
        );
        writeln!(w, "\n{}", wrapped(&first, "", text, wrap_at))?;
    }
    for u in &answer.unknown_choices {
        writeln!(
            w,
            "?. {}  {}",
            sanitize(&u.choice),
            "(names no entry in the knowledge base)".dimmed()
        )?;
    }
    Ok(())
}

/// The whole card of one entry (`show`).
pub fn card(w: &mut dyn Write, kb: &KnowledgeBase, index: usize) -> io::Result<()> {
    let e = &kb.entries[index];
    writeln!(
        w,
        "{}  {}",
        e.name.bold().green(),
        format!("({})", e.id).dimmed()
    )?;
    writeln!(
        w,
        "{}",
        format!("{} · {} · {}", e.domain.title(), e.category, e.kind).dimmed()
    )?;
    if !e.aliases.is_empty() {
        writeln!(w, "{} {}", "Also called:".dimmed(), e.aliases.join(", "))?;
    }
    if let Some(parent) = e.part_of.as_deref().and_then(|p| kb.get(p)) {
        writeln!(w, "{} {}", "Part of:".dimmed(), parent.name)?;
    }
    if let Some(note) = &e.note {
        writeln!(w, "{} {}", "Note:".yellow().bold(), note)?;
    }
    writeln!(w, "\n{}\n", e.summary.bold())?;
    writeln!(w, "{}", e.description)?;
    // Entries made from the user's notes may have no list to take use cases from.
    if !e.use_cases.is_empty() {
        writeln!(w, "\n{}", "Use cases".bold())?;
        for u in &e.use_cases {
            writeln!(w, "  • {}", sanitize(u))?;
        }
    }
    if !e.contrasts.is_empty() {
        writeln!(w, "\n{}", "Not to be confused with".bold())?;
        for c in &e.contrasts {
            let other = kb.get(&c.with).map_or(c.with.as_ref(), |o| o.name.as_ref());
            writeln!(w, "  • {}: {}", other.bold(), c.text)?;
        }
    }
    if !e.related.is_empty() {
        let names: Vec<&str> = e
            .related
            .iter()
            .map(|r| kb.get(r).map_or(r.as_ref(), |o| o.name.as_ref()))
            .collect();
        writeln!(w, "\n{} {}", "Related:".bold(), names.join(", "))?;
    }
    if !e.keywords.is_empty() {
        writeln!(
            w,
            "{} {}",
            "Keywords:".dimmed(),
            e.keywords.join(", ").dimmed()
        )?;
    }
    let notes = &kb.notes[index];
    if !notes.is_empty() {
        writeln!(w, "\n{}", "Your notes".bold().magenta())?;
        for q in notes {
            writeln!(
                w,
                "  {} {}",
                format!("{}:{}", sanitize(&q.file), q.line).dimmed(),
                sanitize(&q.text)
            )?;
        }
    }
    Ok(())
}

/// "did you mean …" for a name that resolved to nothing.
pub fn suggestions(kb: &KnowledgeBase, candidates: &[usize]) -> String {
    candidates
        .iter()
        .map(|&i| format!("{} ({})", kb.entries[i].name, kb.entries[i].id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `list`: entries grouped by domain, then category, with counts.
pub fn list(w: &mut dyn Write, entries: &[&Entry]) -> io::Result<()> {
    for domain in Domain::ALL {
        let in_domain: Vec<&&Entry> = entries.iter().filter(|e| e.domain == domain).collect();
        if in_domain.is_empty() {
            continue;
        }
        writeln!(
            w,
            "{} {}",
            domain.title().bold().underline(),
            format!("({} entries)", in_domain.len()).dimmed()
        )?;
        let mut categories: Vec<&str> = in_domain.iter().map(|e| e.category.as_ref()).collect();
        categories.sort_unstable();
        categories.dedup();
        for category in categories {
            let group: Vec<&&&Entry> = in_domain
                .iter()
                .filter(|e| e.category == category)
                .collect();
            writeln!(
                w,
                "  {} {}",
                category.bold(),
                format!("({})", group.len()).dimmed()
            )?;
            for e in group {
                let kind = if e.kind == Kind::Service {
                    String::new()
                } else {
                    format!(" [{}]", e.kind)
                };
                writeln!(w, "    {:<44} {}{}", e.name, e.id.dimmed(), kind.dimmed())?;
            }
        }
        writeln!(w)?;
    }
    writeln!(w, "{}", format!("{} entries", entries.len()).dimmed())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_indents_under_the_item() {
        let text = "Seven ways to migrate apps: retire, retain, rehost, relocate, repurchase, replatform, refactor.";
        let out = wrapped("  ✓ Answer: ", "    ", text, Some(40));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2, "{out}");
        assert!(lines[0].starts_with("  ✓ Answer: Seven"));
        for l in &lines[1..] {
            assert!(l.starts_with("    ") && !l.starts_with("     "), "{l:?}");
        }
        assert!(lines.iter().all(|l| textwrap::core::display_width(l) <= 40));
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(words[2..], text.split_whitespace().collect::<Vec<_>>()[..]);
        // Colour codes in the first part take no room.
        let coloured = wrapped("\u{1b}[1mA:\u{1b}[0m ", "", "aaaa bbbb", Some(20));
        assert_eq!(coloured.lines().count(), 1);
        // Without a width (a pipe), one line.
        assert_eq!(wrapped("x ", "  ", text, None), format!("x {text}"));
    }
}
