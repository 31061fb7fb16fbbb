//! The user's own study notes: a parser for the markdown people write while studying, matching
//! its sections to knowledge-base entries ([`attach`]), reading files safely ([`read_notes_file`])
//! and the list of registered files ([`registry`]).
//!
//! The style read here is loose markdown: `#` topics, `##`/`###` sections, "Use case"
//! subsections, bullets (`-`, `*`, `+`, `1.`) nested by spaces or tabs, paragraphs, `e.g.` lines,
//! `__bold__`/`**bold**`. Each line of the notes is a thought of its own, so every line is kept
//! apart with its line number: that is what an explanation quotes.
//!
//! [`parse`] is a pure function of the text, so it can be fuzzed; its work is linear in the input
//! and bounded in depth and line length whatever the input.

pub mod attach;
pub mod registry;
pub mod report;

use crate::config::Config;
use crate::knowledge::KnowledgeBase;
use anyhow::{Result, anyhow, bail};
use attach::{AttachReport, FuzzyBudget};
use registry::Registry;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Notes files larger than this are refused: study notes are a few pages, and a file of many
/// megabytes is almost surely not one (a log, a dump, an export).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// Deeper bullets are kept at this depth, so deeply nested input costs no more than flat input.
pub const MAX_DEPTH: usize = 16;
/// A line longer than this (in characters) is cut; a quote is a line, not a page.
pub const MAX_TEXT_CHARS: usize = 1000;
/// A tab indents as far as this many spaces.
const TAB_WIDTH: usize = 4;

/// What a line of notes is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Plain text outside a list, or a wrapped continuation inside one.
    Paragraph,
    /// A list item.
    Bullet,
    /// An "e.g." line: examples of what the line above describes.
    Example,
}

/// One line of text of a section, cleaned of markup, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    /// 1-based line number in the file.
    pub line: usize,
    pub kind: LineKind,
    pub text: String,
    /// The list item this line is nested under (an index into the section's `lines`).
    pub parent: Option<usize>,
    /// How many list items enclose this line (0 for top-level items and paragraphs).
    pub depth: usize,
}

/// What a heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Text before the first heading.
    Preamble,
    /// A `#` heading: a subject that groups sections.
    Topic,
    /// A `##` or deeper heading.
    Section,
    /// A "Use case" subsection: it belongs to the section above it.
    UseCase,
}

/// A heading and the lines under it (up to the next heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading text, cleaned of markup (empty for the preamble).
    pub heading: String,
    /// 1 for `#`, 2 for `##`, …; 0 for the preamble.
    pub level: usize,
    /// 1-based line of the heading (of the first text line for the preamble).
    pub line: usize,
    pub kind: SectionKind,
    /// The enclosing section (an index into `NotesDoc::sections`).
    pub parent: Option<usize>,
    pub lines: Vec<NoteLine>,
    /// Whether any section is nested under this one.
    pub has_subsections: bool,
}

impl Section {
    /// Indices of the lines nested under `lines[item]` (its whole subtree, in order).
    pub fn subtree(&self, item: usize) -> std::ops::Range<usize> {
        let depth = self.lines[item].depth;
        let end = self.lines[item + 1..]
            .iter()
            .position(|l| l.depth <= depth)
            .map_or(self.lines.len(), |p| item + 1 + p);
        item + 1..end
    }

    /// Indices of the list items that are not nested under another item.
    pub fn top_items(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == LineKind::Bullet && l.parent.is_none())
            .map(|(i, _)| i)
    }

    /// A heading with nothing under it: no text and no subsections.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && !self.has_subsections
    }
}

/// Something odd in the notes, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    pub line: usize,
    pub message: String,
}

/// A parsed notes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesDoc {
    /// The name quotes carry (the file name, as the user knows it).
    pub file: String,
    pub sections: Vec<Section>,
    pub warnings: Vec<ParseWarning>,
}

/// Parses notes. Never fails: anything that is not a heading, a list item or a rule is text.
pub fn parse(file: &str, text: &str) -> NotesDoc {
    let mut doc = NotesDoc {
        file: file.to_string(),
        sections: Vec::new(),
        warnings: Vec::new(),
    };
    // Open headings, innermost last: (level, section index).
    let mut headings: Vec<(usize, usize)> = Vec::new();
    // Open list items of the current section, innermost last: (indent column, line index).
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut in_fence = false;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);

    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let (indent, rest) = split_indent(raw);
        let rest = rest.trim_end();

        if is_fence(rest) {
            in_fence = !in_fence;
            continue;
        }
        if rest.is_empty() {
            continue;
        }
        if !in_fence {
            if let Some((level, heading)) = heading(rest) {
                items.clear();
                while headings.last().is_some_and(|(l, _)| *l >= level) {
                    headings.pop();
                }
                let parent = headings.last().map(|(_, s)| *s);
                if let Some(p) = parent {
                    doc.sections[p].has_subsections = true;
                }
                let heading = clean(heading);
                let kind = if is_use_case(&heading) {
                    SectionKind::UseCase
                } else if level == 1 {
                    SectionKind::Topic
                } else {
                    SectionKind::Section
                };
                headings.push((level, doc.sections.len()));
                doc.sections.push(Section {
                    heading,
                    level,
                    line: line_no,
                    kind,
                    parent,
                    lines: Vec::new(),
                    has_subsections: false,
                });
                continue;
            }
            if is_rule(rest) || is_html_comment(rest) {
                continue;
            }
        }

        if doc.sections.is_empty() {
            doc.sections.push(Section {
                heading: String::new(),
                level: 0,
                line: line_no,
                kind: SectionKind::Preamble,
                parent: None,
                lines: Vec::new(),
                has_subsections: false,
            });
        }
        let section = doc.sections.last_mut().expect("a section was just ensured");

        let bullet = if in_fence { None } else { bullet_text(rest) };
        let (kind, body) = match bullet {
            Some(body) => (LineKind::Bullet, body),
            None => (LineKind::Paragraph, rest),
        };
        let body = body.strip_prefix("> ").unwrap_or(body);
        let cleaned = if in_fence {
            cut(&crate::text::sanitize(body.trim()))
        } else {
            clean(body)
        };
        if cleaned.is_empty() {
            continue;
        }
        let kind = if kind != LineKind::Bullet && is_example(&cleaned) {
            LineKind::Example
        } else {
            kind
        };

        // Nesting: a line belongs to the innermost open item indented less than it. An
        // unindented paragraph ends the list.
        if kind != LineKind::Bullet && indent == 0 {
            items.clear();
        }
        while items.last().is_some_and(|(col, _)| *col >= indent) {
            items.pop();
        }
        if kind == LineKind::Bullet && items.len() >= MAX_DEPTH - 1 {
            // Too deep: the item sits beside the deepest one instead of under it.
            items.pop();
        }
        let parent = items.last().map(|(_, i)| *i);
        let depth = items.len();
        let index = section.lines.len();
        section.lines.push(NoteLine {
            line: line_no,
            kind,
            text: cleaned,
            parent,
            depth,
        });
        if kind == LineKind::Bullet {
            items.push((indent, index));
        }
    }

    for s in &doc.sections {
        if s.kind != SectionKind::Preamble && s.is_empty() {
            doc.warnings.push(ParseWarning {
                line: s.line,
                message: format!("heading {:?} has nothing under it; skipped", s.heading),
            });
        }
    }
    doc
}

/// The indentation width (tabs count as `TAB_WIDTH`) and the rest of the line.
fn split_indent(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += TAB_WIDTH - width % TAB_WIDTH,
            _ => return (width, &line[i..]),
        }
    }
    (width, "")
}

/// `## Title ##` → (2, "Title"). A `#` must be followed by a space (or end the line), as in
/// CommonMark, so that "#hashtag" and "#1 tip" stay text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim_end();
    Some((level, title))
}

/// The text of a list item: `- x`, `* x`, `+ x`, `1. x`, `1) x`, with a `[ ]` box removed.
fn bullet_text(line: &str) -> Option<&str> {
    let after = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let body = after.trim_start();
    let body = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| body.strip_prefix(b))
        .unwrap_or(body);
    Some(body)
}

fn is_fence(line: &str) -> bool {
    line.starts_with("```") || line.starts_with("~~~")
}

/// `---`, `***`, `___`, `- - -`: a thematic break, not text.
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

fn is_html_comment(line: &str) -> bool {
    line.starts_with("<!--") && line.ends_with("-->")
}

/// "Use case", "Use cases", "Use-case:", "Usecase 2", "Example use cases".
fn is_use_case(heading: &str) -> bool {
    let n = crate::resolve::normalize(heading);
    let n = n.strip_prefix("example").unwrap_or(&n);
    n.strip_prefix("usecase").is_some_and(|rest| {
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.chars().all(|c| c.is_ascii_digit())
    })
}

/// "e.g. Lambda", "e.g Lambda", "eg: Lambda", "E.g., …".
fn is_example(text: &str) -> bool {
    let lower: String = text.chars().take(5).flat_map(char::to_lowercase).collect();
    ["e.g", "eg.", "eg:", "eg "]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Removes markup a reader does not see (bold, code ticks, link targets) and cuts long lines.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("**").or_else(|| rest.strip_prefix("__")) {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('`') {
            rest = r;
        } else if let Some((label, after)) = link(rest) {
            out.push_str(label);
            rest = after;
        } else {
            let c = rest.chars().next().expect("rest is not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Notes text reaches the terminal through names and summaries of note entries too, so
    // control characters are made visible here once, not only where quotes are printed.
    let visible = crate::text::sanitize(&out);
    cut(&visible.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `[label](target)` or `![label](target)` at the start of `text` → (label, text after it).
fn link(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('!').unwrap_or(text);
    let inner = text.strip_prefix('[')?;
    let close = inner.find("](")?;
    let label = &inner[..close];
    if label.contains('[') {
        return None;
    }
    let after = &inner[close + 2..];
    let end = after.find(')')?;
    Some((label, &after[end + 1..]))
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Reads a notes file, refusing what cannot be notes: a directory, a file over
/// [`MAX_FILE_BYTES`], binary data, text that is not UTF-8, an empty file. Errors name the file.
pub fn read_notes_file(path: &Path) -> Result<String> {
    let shown = path.display();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("{shown}: no such notes file"),
        _ => anyhow!("{shown}: cannot read: {e}"),
    })?;
    if meta.is_dir() {
        bail!("{shown}: is a directory, not a notes file (give the markdown file itself)");
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "{shown}: {} bytes is more than the {} MB limit for a notes file",
            meta.len(),
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "{shown}: more than the {} MB limit for a notes file",
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        bail!(
            "{shown}:{}: a NUL byte: this looks like a binary file, not markdown notes",
            line_of(&bytes, at)
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow!(
            "{shown}:{}: not valid UTF-8 (byte {at}); save the notes as UTF-8",
            line_of(e.as_bytes(), at)
        )
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        bail!("{shown}: the notes file is empty");
    }
    Ok(text)
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// Bump when the way notes are parsed or attached changes: the index holds their text, so it
/// must be rebuilt even though no file changed.
const NOTES_FORMAT: u32 = 1;

/// The name quotes carry: the file name, as the user knows it.
pub fn label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Parses a notes file's text and attaches it to `kb`, mixing its content hash into the
/// fingerprint so that the index is rebuilt when the file changes.
pub fn apply(
    kb: &mut KnowledgeBase,
    path: &Path,
    text: &str,
    budget: &mut FuzzyBudget,
) -> AttachReport {
    let name = label(path);
    let digest = Sha256::digest(text.as_bytes());
    kb.add_to_fingerprint(format!("notes v{NOTES_FORMAT}\0{name}\0").as_bytes());
    kb.add_to_fingerprint(&digest);
    let doc = parse(&name, text);
    attach::attach(kb, &doc, budget)
}

/// A notes file of this run and what became of it.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Registered (every run), or given with `--notes` (this run only).
    pub registered: bool,
    /// What attaching did, or why the file could not be used.
    pub outcome: std::result::Result<AttachReport, String>,
}

/// The notes of this run: registered files and `--notes` files, attached to the knowledge base.
#[derive(Debug, Default)]
pub struct RunNotes {
    pub files: Vec<LoadedFile>,
    /// One-line warnings for the user (a registered file that has disappeared, …).
    pub warnings: Vec<String>,
    pub registry: Option<PathBuf>,
    pub budget: FuzzyBudget,
}

impl RunNotes {
    pub fn get(&self, path: &Path) -> Option<&LoadedFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Loads the registered notes and the `--notes` files of this run into `kb`.
///
/// A registered file that has disappeared or become unreadable is a warning: the notes were
/// fine when registered, and the rest of the run should not fail for them. A `--notes` file
/// that cannot be read is an error: the user asked for it just now.
pub fn load_for_run(kb: &mut KnowledgeBase, config: &Config) -> Result<RunNotes> {
    let mut run = RunNotes::default();
    if let Some(dir) = &config.config_dir {
        match Registry::open(dir) {
            Ok(registry) => {
                run.registry = Some(registry.path.clone());
                for path in registry.files {
                    let outcome = match read_notes_file(&path) {
                        Ok(text) => Ok(apply(kb, &path, &text, &mut run.budget)),
                        Err(e) => {
                            let why = if path.exists() {
                                format!("{e:#}")
                            } else {
                                format!("{}: no longer exists", path.display())
                            };
                            run.warnings.push(format!(
                                "registered notes file {why}; skipping it (to forget it: svcmatch notes remove {:?})",
                                path.display().to_string()
                            ));
                            Err(why)
                        }
                    };
                    run.files.push(LoadedFile {
                        path,
                        registered: true,
                        outcome,
                    });
                }
            }
            Err(e) => run
                .warnings
                .push(format!("{e:#}; no registered notes used")),
        }
    }
    for given in &config.notes {
        let path = registry::absolute(given)?;
        if run.get(&path).is_some() {
            continue;
        }
        let text = read_notes_file(&path)?;
        let report = apply(kb, &path, &text, &mut run.budget);
        for w in &report.warnings {
            run.warnings.push(warning_text(&report.file, w));
        }
        run.files.push(LoadedFile {
            path,
            registered: false,
            outcome: Ok(report),
        });
    }
    Ok(run)
}

/// "notes.md:12: heading "X" has nothing under it; skipped".
pub fn warning_text(file: &str, w: &ParseWarning) -> String {
    if w.line == 0 {
        format!("{file}: {}", w.message)
    } else {
        format!("{file}:{}: {}", w.line, w.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Storage topics
Things to remember for the exam

 - S3 (buckets of objects)
 - EBS - disks for one instance
    - gets snapshots
    e.g. gp3 volumes

## Glacier (cold archive)
Cheap storage for data you rarely read
__Retrieval__ takes minutes to hours

### Use case
Keep old invoices for ten years.

## Empty heading
## Next
\t* tab bullet
\t\t+ nested by tabs
1. numbered
";

    #[test]
    fn headings_make_sections_with_parents_and_kinds() {
        let doc = parse("s.md", SAMPLE);
        let heads: Vec<(&str, usize, SectionKind, Option<usize>)> = doc
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.line, s.kind, s.parent))
            .collect();
        assert_eq!(
            heads,
            vec![
                ("Storage topics", 1, SectionKind::Topic, None),
                ("Glacier (cold archive)", 9, SectionKind::Section, Some(0)),
                ("Use case", 13, SectionKind::UseCase, Some(1)),
                ("Empty heading", 16, SectionKind::Section, Some(0)),
                ("Next", 17, SectionKind::Section, Some(0)),
            ]
        );
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].line, 16);
        assert!(doc.warnings[0].message.contains("Empty heading"));
    }

    #[test]
    fn bullets_nest_by_indentation_and_keep_line_numbers() {
        let doc = parse("s.md", SAMPLE);
        let topic = &doc.sections[0];
        let lines: Vec<(usize, LineKind, &str, Option<usize>, usize)> = topic
            .lines
            .iter()
            .map(|l| (l.line, l.kind, l.text.as_str(), l.parent, l.depth))
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    2,
                    LineKind::Paragraph,
                    "Things to remember for the exam",
                    None,
                    0
                ),
                (4, LineKind::Bullet, "S3 (buckets of objects)", None, 0),
                (5, LineKind::Bullet, "EBS - disks for one instance", None, 0),
                (6, LineKind::Bullet, "gets snapshots", Some(2), 1),
                (7, LineKind::Example, "e.g. gp3 volumes", Some(2), 1),
            ]
        );
        assert_eq!(topic.top_items().collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(topic.subtree(2), 3..5);
        assert_eq!(topic.subtree(1), 2..2);
        let next = &doc.sections[4];
        assert_eq!(next.lines[1].parent, Some(0), "tabs nest");
        assert_eq!(
            next.lines[2].parent, None,
            "an unindented item is top level"
        );
    }

    #[test]
    fn bold_is_stripped() {
        let doc = parse("s.md", SAMPLE);
        assert_eq!(
            doc.sections[1].lines[1].text,
            "Retrieval takes minutes to hours"
        );
        assert_eq!(
            clean("**KMS** and `aws kms` [docs](http://x)"),
            "KMS and aws kms docs"
        );
        assert_eq!(clean("red\u{1b}[31m text"), "red\\u{1b}[31m text");
    }

    #[test]
    fn use_case_headings_are_recognised() {
        for h in [
            "Use case",
            "Use cases",
            "Use-case:",
            "usecase 2",
            "Example use cases",
        ] {
            assert!(is_use_case(h), "{h}");
        }
        for h in ["Use of cases", "Cases", "Useful"] {
            assert!(!is_use_case(h), "{h}");
        }
    }

    #[test]
    fn hashtags_rules_and_fences_are_not_headings() {
        let doc = parse(
            "s.md",
            "# T\n#hashtag text\n---\n```\n# not a heading\n- not a bullet\n```\n",
        );
        assert_eq!(doc.sections.len(), 1);
        let texts: Vec<&str> = doc.sections[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            texts,
            vec!["#hashtag text", "# not a heading", "- not a bullet"]
        );
    }

    #[test]
    fn text_before_any_heading_is_a_preamble() {
        let doc = parse(
            "s.md",
            "\u{feff}loose line\n- Macie (finds PII)\n# Later\nx\n",
        );
        assert_eq!(doc.sections[0].kind, SectionKind::Preamble);
        assert_eq!(doc.sections[0].line, 1);
        assert_eq!(doc.sections[0].lines[0].text, "loose line");
    }

    #[test]
    fn deep_nesting_is_capped() {
        let text: String = (0..200)
            .map(|d| format!("{}- level {d}\n", " ".repeat(d)))
            .collect();
        let doc = parse("deep.md", &format!("# Deep\n{text}"));
        let max = doc.sections[0].lines.iter().map(|l| l.depth).max().unwrap();
        assert!(max < MAX_DEPTH, "depth {max}");
        assert_eq!(doc.sections[0].lines.len(), 200);
    }

    #[test]
    fn long_lines_are_cut() {
        let doc = parse("long.md", &format!("# L\n{}\n", "word ".repeat(5000)));
        let text = &doc.sections[0].lines[0].text;
        assert!(text.chars().count() <= MAX_TEXT_CHARS + 1);
        assert!(text.ends_with('…'));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics_and_keeps_lines_in_range(text in "(?s).{0,400}") {
            let doc = parse("fuzz.md", &text);
            let last = text.lines().count();
            for s in &doc.sections {
                proptest::prop_assert!(s.line >= 1 && s.line <= last.max(1));
                for (i, l) in s.lines.iter().enumerate() {
                    proptest::prop_assert!(l.line >= s.line && l.line <= last);
                    proptest::prop_assert!(l.parent.is_none_or(|p| p < i));
                    proptest::prop_assert!(l.depth < MAX_DEPTH);
                    proptest::prop_assert!(!l.text.is_empty());
                }
                if let Some(p) = s.parent {
                    proptest::prop_assert!(doc.sections[p].level < s.level);
                }
            }
        }

        #[test]
        fn markdown_shaped_input_parses(lines in proptest::collection::vec(
            "(#{1,4} |[ \t]{0,8}[-*+] |[ \t]{0,6}e\\.g\\. |)[A-Za-z_*()\\- ]{0,30}", 0..60)) {
            let text = lines.join("\n");
            let doc = parse("fuzz.md", &text);
            for s in &doc.sections {
                for i in s.top_items() {
                    let range = s.subtree(i);
                    proptest::prop_assert!(range.start == i + 1 && range.end <= s.lines.len());
                }
            }
        }
    }
}
