//! Matching parsed notes to the entries they describe, and attaching their lines as quotes.
//!
//! A section goes to the entry its heading names: among the entries of the section above first
//! ("Security" under the Well-Architected heading is the pillar, not a service), then by id, name
//! or alias, then by a name inside the heading, then by a near spelling ("Guard Duty",
//! "Well Architectured Framework"). A list item that names a service ("WAF (Firewall)",
//! "IAM - management service …") takes its nested lines to that service. "Use case" subsections
//! and unmatched subsections belong to the section above. A section that matches nothing becomes
//! an entry of its own, kind `note`, so the user's own topics are searchable.

use super::{LineKind, NoteLine, NotesDoc, ParseWarning, Section, SectionKind};
use crate::knowledge::KnowledgeBase;
use crate::model::{Domain, Entry, Kind, NoteQuote, Text};
use crate::resolve;
use std::collections::{BTreeMap, HashMap};

/// Edit similarity (1 − edits / length) a heading needs to one of an entry's names. Unlike
/// `resolve::resolve`, no Jaro-Winkler: it rewards a shared prefix, which is right for a name
/// typed in a query but too loose for a heading ("Data Encryption" is not "data at rest
/// encryption").
const HEADING_NEAR: f64 = 0.75;
/// The same for a list item: stricter, because a list item is more often an ordinary phrase than
/// a name.
const ITEM_NEAR: f64 = 0.85;
/// A heading or item longer than this is a sentence, not a name.
const MAX_NAME_CHARS: usize = 80;
const MAX_ITEM_NAME_WORDS: usize = 5;
const MAX_HEADING_WORDS: usize = 8;
/// Similarity searches (each compares with every name of every entry) allowed per run; beyond
/// it only exact names are matched, so a huge notes file costs linear time.
pub const FUZZY_BUDGET: usize = 1000;
/// Two entries this close in similarity are ambiguous: neither is taken.
const AMBIGUOUS_GAP: f64 = 0.02;
/// Words that qualify a name within a family: "Security pillar", "CAF security perspective".
const FAMILY_WORDS: [&str; 6] = ["pillar", "perspective", "caf", "aws", "amazon", "the"];
/// The category of entries made from notes.
pub const NOTE_CATEGORY: &str = "Your notes";

/// How a heading or item found its entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// It is the entry's id, name or an alias.
    Name,
    /// It names one of the entries of the section it sits under.
    Context,
    /// The heading names the entry among other words ("Secrets Manager rotation").
    Mentioned,
    /// A near spelling of one of the entry's names, with its similarity.
    Similar(f64),
    /// A "Use case" or unmatched subsection: it belongs to the section above.
    Parent,
}

/// What became of a heading or item.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Its lines were attached to an existing entry.
    Entry {
        entry: usize,
        how: How,
    },
    /// It became a new entry of kind `note`.
    NewEntry {
        entry: usize,
    },
    /// Its lines were added to a note entry made earlier (the same heading seen before).
    AddedToNote {
        entry: usize,
    },
    /// A topic whose text all went to its sections and items.
    NoText,
    Skipped {
        reason: String,
    },
}

/// What kind of piece of the notes a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Preamble,
    Topic,
    Section,
    UseCase,
    /// A list item that names a service.
    Item,
}

/// One heading or item and where its lines went.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub piece: Piece,
    /// Heading level (0 for the preamble); items carry their section's level + 1.
    pub level: usize,
    pub text: String,
    pub target: Target,
    /// Lines attached as quotes.
    pub quotes: usize,
}

/// What attaching one notes file did.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachReport {
    pub file: String,
    pub rows: Vec<Row>,
    pub warnings: Vec<ParseWarning>,
}

impl AttachReport {
    pub fn quotes(&self) -> usize {
        self.rows.iter().map(|r| r.quotes).sum()
    }

    /// Rows whose lines went to an existing entry.
    pub fn attached(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.target, Target::Entry { .. }))
            .count()
    }

    /// Rows that made a new note entry.
    pub fn new_entries(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.target, Target::NewEntry { .. }))
            .count()
    }
}

/// Limits the similarity searches of one run (see [`FUZZY_BUDGET`]).
#[derive(Debug)]
pub struct FuzzyBudget {
    left: usize,
    pub exhausted: bool,
}

impl Default for FuzzyBudget {
    fn default() -> Self {
        FuzzyBudget {
            left: FUZZY_BUDGET,
            exhausted: false,
        }
    }
}

impl FuzzyBudget {
    fn take(&mut self) -> bool {
        if self.left == 0 {
            self.exhausted = true;
            return false;
        }
        self.left -= 1;
        true
    }
}

/// Where a section's own lines go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dest {
    Nowhere,
    Entry(usize),
    /// The note entry that section `owner` makes (possibly this section itself).
    Note(usize),
}

/// A line on its way to an entry.
struct Pending {
    kind: LineKind,
    use_case: bool,
    quote: NoteQuote,
}

/// Attaches the notes of `doc` to `kb`: quotes on existing entries, new entries of kind `note`.
pub fn attach(kb: &mut KnowledgeBase, doc: &NotesDoc, budget: &mut FuzzyBudget) -> AttachReport {
    let names = NameTable::new(kb);
    let sections = &doc.sections;
    let mut dest = vec![Dest::Nowhere; sections.len()];
    let mut rows: Vec<Row> = Vec::new();
    let mut to_entries: Vec<(usize, NoteQuote)> = Vec::new();
    let mut to_notes: BTreeMap<usize, Vec<Pending>> = BTreeMap::new();
    // Entries that items and sections of each note-making section went to, for its `related`.
    let mut related: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut note_rows: Vec<(usize, usize)> = Vec::new(); // (row, owner section)
    // Domains of the entries each top-level topic's pieces went to: a note entry takes the
    // domain most of its neighbours have.
    let mut votes: HashMap<usize, BTreeMap<Domain, usize>> = HashMap::new();
    let mut warnings = doc.warnings.clone();

    for (s, section) in sections.iter().enumerate() {
        let parent_dest = section.parent.map_or(Dest::Nowhere, |p| dest[p]);
        let parent_entry = match parent_dest {
            Dest::Entry(e) => Some(e),
            _ => None,
        };
        let piece = match section.kind {
            SectionKind::Preamble => Piece::Preamble,
            SectionKind::Topic => Piece::Topic,
            SectionKind::Section => Piece::Section,
            SectionKind::UseCase => Piece::UseCase,
        };
        let (d, how) = if section.kind != SectionKind::Preamble && section.is_empty() {
            (Dest::Nowhere, None)
        } else {
            match section.kind {
                SectionKind::Preamble => (Dest::Nowhere, None),
                SectionKind::UseCase => (parent_dest, Some(How::Parent)),
                _ if section.heading.is_empty() => (parent_dest, Some(How::Parent)),
                SectionKind::Topic | SectionKind::Section => {
                    let found = if section.kind == SectionKind::Topic
                        && names.exact(&section.heading).is_none()
                        && domain_named(&section.heading).is_some()
                    {
                        // "Security and Compliance" is an exam domain, not a service.
                        None
                    } else {
                        resolve_heading(kb, &names, &section.heading, parent_entry, budget)
                    };
                    match found {
                        Some((e, how)) => (Dest::Entry(e), Some(how)),
                        None => match parent_dest {
                            Dest::Entry(e) => (Dest::Entry(e), Some(How::Parent)),
                            Dest::Note(owner)
                                if sections[section.parent.unwrap_or(s)].kind
                                    != SectionKind::Topic =>
                            {
                                (Dest::Note(owner), Some(How::Parent))
                            }
                            _ => (Dest::Note(s), None),
                        },
                    }
                }
            }
        };
        dest[s] = d;

        // List items that name another entry take their nested lines with them.
        let mut taken = vec![false; section.lines.len()];
        let mut item_rows = Vec::new();
        if section.kind != SectionKind::UseCase && !section.is_empty() {
            let own = match d {
                Dest::Entry(e) => Some(e),
                _ => None,
            };
            for i in section.top_items() {
                let Some((e, item_how)) =
                    resolve_item(kb, &names, &section.lines[i].text, own, budget)
                else {
                    continue;
                };
                if Some(e) == own {
                    continue;
                }
                let subtree = section.subtree(i);
                let bare_name = !subtree.is_empty() && is_bare_name(&section.lines[i].text);
                let mut count = 0;
                for j in std::iter::once(i).chain(subtree) {
                    taken[j] = true;
                    if j == i && bare_name {
                        continue;
                    }
                    to_entries.push((e, quote(doc, &section.lines[j])));
                    count += 1;
                }
                if let Dest::Note(owner) = d {
                    related.entry(owner).or_default().push(e);
                }
                *votes
                    .entry(top_ancestor(sections, s))
                    .or_default()
                    .entry(kb.entries[e].domain)
                    .or_default() += 1;
                item_rows.push(Row {
                    line: section.lines[i].line,
                    piece: Piece::Item,
                    level: section.level + 1,
                    text: section.lines[i].text.clone(),
                    target: Target::Entry {
                        entry: e,
                        how: item_how,
                    },
                    quotes: count,
                });
            }
        }

        let rest: Vec<&NoteLine> = section
            .lines
            .iter()
            .zip(&taken)
            .filter(|(_, t)| !**t)
            .map(|(l, _)| l)
            .collect();
        let target = if section.kind != SectionKind::Preamble && section.is_empty() {
            Target::Skipped {
                reason: "nothing under the heading".to_string(),
            }
        } else {
            match d {
                Dest::Entry(e) => {
                    for l in &rest {
                        to_entries.push((e, quote(doc, l)));
                    }
                    *votes
                        .entry(top_ancestor(sections, s))
                        .or_default()
                        .entry(kb.entries[e].domain)
                        .or_default() += 1;
                    if let Some(Dest::Note(owner)) = section.parent.map(|p| dest[p]) {
                        related.entry(owner).or_default().push(e);
                    }
                    Target::Entry {
                        entry: e,
                        how: how.unwrap_or(How::Name),
                    }
                }
                Dest::Note(owner) => {
                    let pending = to_notes.entry(owner).or_default();
                    for l in &rest {
                        pending.push(Pending {
                            kind: l.kind,
                            use_case: section.kind == SectionKind::UseCase,
                            quote: quote(doc, l),
                        });
                    }
                    note_rows.push((rows.len(), owner));
                    // Filled in once the note entry exists.
                    Target::NoText
                }
                Dest::Nowhere if rest.is_empty() => Target::NoText,
                Dest::Nowhere => {
                    let reason = if section.kind == SectionKind::Preamble {
                        "text before the first heading belongs to no topic; give it a heading"
                    } else {
                        "no section above it to belong to"
                    };
                    warnings.push(ParseWarning {
                        line: section.line,
                        message: format!("{reason}; {} lines not used", rest.len()),
                    });
                    Target::Skipped {
                        reason: reason.to_string(),
                    }
                }
            }
        };
        let own_quotes = match (&target, d) {
            (Target::Entry { .. }, _) | (_, Dest::Note(_)) => rest.len(),
            _ => 0,
        };
        if section.kind != SectionKind::Preamble || !rest.is_empty() {
            rows.push(Row {
                line: section.line,
                piece,
                level: section.level,
                text: section.heading.clone(),
                target,
                quotes: own_quotes,
            });
        }
        rows.extend(item_rows);
    }

    for (e, q) in to_entries {
        kb.attach_note(e, q);
    }
    let mut made: HashMap<usize, (usize, bool)> = HashMap::new(); // owner → (entry, new)
    for (owner, pending) in &to_notes {
        if pending.is_empty() {
            continue;
        }
        let domain = note_domain(kb, sections, *owner, &names, &votes, pending, budget);
        let rel = related.get(owner).cloned().unwrap_or_default();
        let entry = add_note_entry(kb, &sections[*owner], domain, pending, &rel);
        made.insert(*owner, entry);
    }
    let mut first_row_of_owner: HashMap<usize, usize> = HashMap::new();
    for (row, owner) in note_rows {
        rows[row].target = match made.get(&owner) {
            None => Target::NoText,
            Some(&(entry, new)) => {
                let first = *first_row_of_owner.entry(owner).or_insert(row) == row;
                if new && first {
                    Target::NewEntry { entry }
                } else {
                    Target::AddedToNote { entry }
                }
            }
        };
    }
    if budget.exhausted
        && !warnings
            .iter()
            .any(|w| w.message.starts_with("too many headings"))
    {
        warnings.push(ParseWarning {
            line: 0,
            message: format!(
                "too many headings and items to compare by spelling (over {FUZZY_BUDGET}); the rest were matched by exact name only"
            ),
        });
    }
    AttachReport {
        file: doc.file.clone(),
        rows,
        warnings,
    }
}

fn quote(doc: &NotesDoc, line: &NoteLine) -> NoteQuote {
    NoteQuote {
        file: doc.file.clone(),
        line: line.line,
        text: line.text.clone(),
    }
}

/// Makes (or extends) the note entry of an unmatched section; returns (entry index, whether new).
fn add_note_entry(
    kb: &mut KnowledgeBase,
    section: &Section,
    domain: Domain,
    pending: &[Pending],
    related: &[usize],
) -> (usize, bool) {
    let quotes: Vec<NoteQuote> = pending.iter().map(|p| p.quote.clone()).collect();
    let base = format!("note-{}", slug(&section.heading, section.line));
    let mut id = base.clone();
    let mut n = 2;
    while let Some(existing) = kb.index_of(&id) {
        if kb.entries[existing].kind == Kind::Note {
            for q in quotes {
                kb.attach_note(existing, q);
            }
            return (existing, false);
        }
        id = format!("{base}-{n}");
        n += 1;
    }
    let first = pending
        .iter()
        .position(|p| p.kind == LineKind::Paragraph && !p.use_case)
        .unwrap_or(0);
    let summary = pending
        .get(first)
        .map_or_else(|| section.heading.clone(), |p| p.quote.text.clone());
    let rest: Vec<&str> = pending
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != first)
        .map(|(_, p)| p.quote.text.as_str())
        .collect();
    // The user's own words; a file name here would make every note entry match its words.
    let description = if rest.is_empty() {
        summary.clone()
    } else {
        rest.join(" ")
    };
    let use_cases: Vec<String> = pending
        .iter()
        .filter(|p| p.use_case || p.kind == LineKind::Bullet)
        .map(|p| p.quote.text.clone())
        .take(20)
        .collect();
    let aliases: Vec<String> = name_parts(&section.heading)
        .into_iter()
        .skip(1)
        .filter(|p| p.chars().count() >= 2)
        .collect();
    let mut related_ids: Vec<String> = Vec::new();
    for &e in related {
        let rid = kb.entries[e].id.to_string();
        if !related_ids.contains(&rid) && related_ids.len() < 12 {
            related_ids.push(rid);
        }
    }
    let texts = |v: Vec<String>| v.into_iter().map(Text::from).collect();
    let entry = Entry {
        id: id.into(),
        name: cut_name(&section.heading).into(),
        aliases: texts(aliases),
        kind: Kind::Note,
        category: NOTE_CATEGORY.into(),
        domain,
        part_of: None,
        summary: summary.into(),
        description: description.into(),
        use_cases: texts(use_cases),
        keywords: Vec::new(),
        related: texts(related_ids),
        contrasts: Vec::new(),
        note: None,
    };
    kb.push_note_entry(entry, quotes);
    (kb.len() - 1, true)
}

fn cut_name(heading: &str) -> String {
    match heading.char_indices().nth(MAX_NAME_CHARS) {
        Some((at, _)) => format!("{}…", &heading[..at]),
        None => heading.to_string(),
    }
}

/// "Data Encryption (at rest)" → "data-encryption-at-rest"; nothing usable → "line-12".
fn slug(heading: &str, line: usize) -> String {
    let words: Vec<String> = resolve::words(heading)
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = String::new();
    for w in words {
        if s.len() + 1 + w.len() > 48 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(&w);
    }
    if s.is_empty() {
        format!("line-{line}")
    } else {
        s
    }
}

/// The domain of a note entry: the exam domain its topic names; else the one most entries of
/// the same topic belong to; else the one of the entries its lines mention; else concepts.
fn note_domain(
    kb: &KnowledgeBase,
    sections: &[Section],
    owner: usize,
    names: &NameTable,
    votes_by_topic: &HashMap<usize, BTreeMap<Domain, usize>>,
    pending: &[Pending],
    budget: &mut FuzzyBudget,
) -> Domain {
    let mut at = Some(owner);
    while let Some(s) = at {
        if sections[s].kind == SectionKind::Topic
            && let Some(d) = domain_named(&sections[s].heading)
        {
            return d;
        }
        at = sections[s].parent;
    }
    let mut votes = votes_by_topic
        .get(&top_ancestor(sections, owner))
        .cloned()
        .unwrap_or_default();
    if votes.is_empty() {
        for p in pending.iter().take(5) {
            if !budget.take() {
                break;
            }
            if let Some(e) = names.mentioned(&p.quote.text, false) {
                *votes.entry(kb.entries[e].domain).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(Domain::Concepts, |(d, _)| d)
}

fn top_ancestor(sections: &[Section], mut s: usize) -> usize {
    while let Some(p) = sections[s].parent {
        s = p;
    }
    s
}

/// The exam domain a topic heading names: "Security and Compliance", "Billing & Pricing",
/// "Domain 3: Cloud Technology and Services".
pub fn domain_named(heading: &str) -> Option<Domain> {
    let n = resolve::normalize(heading);
    let n = n
        .trim_start_matches("domain")
        .trim_start_matches(|c: char| c.is_ascii_digit());
    const PREFIXES: [(&str, Domain); 9] = [
        ("security", Domain::Security),
        ("compliance", Domain::Security),
        ("billing", Domain::Billing),
        ("pricing", Domain::Billing),
        ("cloudconcepts", Domain::Concepts),
        ("concepts", Domain::Concepts),
        ("cloudtechnology", Domain::Technology),
        ("technology", Domain::Technology),
        ("cloudservices", Domain::Technology),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| n.starts_with(p))
        .map(|(_, d)| *d)
}

/// The ways a heading may name its entry: whole, before a parenthesis, inside it, before a
/// dash or colon. "KMS (Key Management Service)" → ["KMS (Key Management Service)", "KMS",
/// "Key Management Service"].
fn name_parts(text: &str) -> Vec<String> {
    let mut parts = vec![text.trim().to_string()];
    if let Some((before, inside)) = text.split_once('(') {
        parts.push(before.trim().to_string());
        let inside = inside.split(')').next().unwrap_or("");
        parts.push(inside.trim().to_string());
    }
    for sep in [" - ", " – ", " — ", ": "] {
        if let Some((before, _)) = text.split_once(sep) {
            parts.push(before.trim().to_string());
        }
    }
    let mut seen = Vec::new();
    parts.retain(|p| {
        let keep = !p.is_empty() && !seen.contains(p);
        seen.push(p.clone());
        keep
    });
    parts
}

/// The name a list item starts with, when it has the shape of one: "WAF (Firewall)" → "WAF",
/// "IAM - management service …" → "IAM", "Shared Responsibility" → itself. The text inside a
/// parenthesis counts too when it is short ("Key Management Service (KMS)").
fn item_names(text: &str) -> Vec<String> {
    let mut head = text;
    let mut inside = None;
    if let Some((before, after)) = text.split_once('(') {
        head = before;
        inside = after.split(')').next();
    } else {
        for sep in [" - ", " – ", " — ", ": "] {
            if let Some((before, _)) = text.split_once(sep) {
                head = before;
                break;
            }
        }
    }
    let is_name = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars().count() <= MAX_NAME_CHARS
            && s.split_whitespace().count() <= MAX_ITEM_NAME_WORDS
    };
    let mut out = Vec::new();
    if is_name(head) {
        out.push(head.trim().trim_end_matches([':', ',', '.']).to_string());
    }
    if let Some(inside) = inside.filter(|s| is_name(s)) {
        out.push(inside.trim().to_string());
    }
    out
}

/// An item that is only a name ("Operational Excellence"), with its content nested under it.
fn is_bare_name(text: &str) -> bool {
    item_names(text).first().is_some_and(|n| n == text.trim())
}

/// Every name of every entry, normalised once (the rules of `resolve::exact`,
/// `resolve::mentioned` and `resolve::resolve`, precomputed): a notes file may have thousands
/// of headings, and `resolve` recomputes every name on every call.
struct NameTable {
    by_name: HashMap<String, usize>,
    names: Vec<Name>,
    /// For each entry, the entries that list it as related.
    named_by: Vec<Vec<usize>>,
}

struct Name {
    /// Letters and digits only, lower case.
    key: String,
    key_chars: usize,
    words: Vec<String>,
    entry: usize,
}

impl NameTable {
    fn new(kb: &KnowledgeBase) -> NameTable {
        let mut by_name = HashMap::new();
        let mut names = Vec::new();
        let mut named_by = vec![Vec::new(); kb.len()];
        for (i, e) in kb.entries.iter().enumerate() {
            for n in resolve::names_of(e) {
                let key = resolve::normalize(&n);
                if key.is_empty() {
                    continue;
                }
                by_name.entry(key.clone()).or_insert(i);
                names.push(Name {
                    key_chars: key.chars().count(),
                    key,
                    words: resolve::words(&n),
                    entry: i,
                });
            }
            for r in &e.related {
                if let Some(j) = kb.index_of(r) {
                    named_by[j].push(i);
                }
            }
        }
        NameTable {
            by_name,
            names,
            named_by,
        }
    }

    /// The entry whose id, name or alias `name` is (ignoring case, punctuation, a vendor prefix).
    fn exact(&self, name: &str) -> Option<usize> {
        let full = resolve::normalize(name);
        let bare = resolve::normalize(resolve::strip_vendor(name));
        [full, bare]
            .iter()
            .filter(|k| !k.is_empty())
            .filter_map(|k| self.by_name.get(k).copied())
            .min()
    }

    /// The entry one of whose names is spelt like `text`, with edit similarity
    /// (1 − edits / length, adjacent swaps counting as one edit) of at least `min`; `None` when
    /// two entries are about as close.
    fn similar(&self, text: &str, min: f64) -> Option<(usize, f64)> {
        let wanted = resolve::normalize(resolve::strip_vendor(text));
        let wanted_chars = wanted.chars().count();
        if wanted_chars < 4 {
            return None;
        }
        let mut best: Option<(usize, f64)> = None;
        let mut runner_up: Option<(usize, f64)> = None;
        for n in &self.names {
            let longest = wanted_chars.max(n.key_chars) as f64;
            // The distance is at least the difference in length: skip names that cannot reach `min`.
            if (wanted_chars.abs_diff(n.key_chars) as f64) > (1.0 - min) * longest {
                continue;
            }
            let sim = 1.0 - strsim::osa_distance(&wanted, &n.key) as f64 / longest;
            if sim < min {
                continue;
            }
            match best {
                Some((e, s)) if e == n.entry => best = Some((e, s.max(sim))),
                Some((_, s)) if sim <= s => {
                    if runner_up.is_none_or(|(_, r)| sim > r) {
                        runner_up = Some((n.entry, sim));
                    }
                }
                _ => {
                    runner_up = best;
                    best = Some((n.entry, sim));
                }
            }
        }
        match (best, runner_up) {
            (Some((_, s)), Some((_, r))) if s - r <= AMBIGUOUS_GAP => None,
            (best, _) => best,
        }
    }

    /// The entry named inside `text`: the earliest mention, the longest name there. With
    /// `cover`, only names that make up at least half of the words count, so that a heading is
    /// not taken for a service because one of its words is a short alias.
    fn mentioned(&self, text: &str, cover: bool) -> Option<usize> {
        let words = resolve::words(text);
        let mut best: Option<(usize, usize, usize)> = None; // (start, length, entry)
        for n in &self.names {
            let len = n.words.len();
            if len == 0 || len > words.len() || (len == 1 && n.words[0].len() < 2) {
                continue;
            }
            if cover && 2 * len < words.len() {
                continue;
            }
            let Some(start) = words.windows(len).position(|w| w == n.words.as_slice()) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((s, l, e)) => {
                    start < s || (start == s && (len > l || (len == l && n.entry < e)))
                }
            };
            if better {
                best = Some((start, len, n.entry));
            }
        }
        best.map(|(_, _, e)| e)
    }

    /// The entries `parent` groups: its `related` entries and those that name it as related
    /// (the pillars of the Well-Architected Framework, the perspectives of the CAF).
    fn family(&self, kb: &KnowledgeBase, parent: usize) -> Vec<usize> {
        let mut out: Vec<usize> = kb.entries[parent]
            .related
            .iter()
            .filter_map(|r| kb.index_of(r))
            .collect();
        for &i in &self.named_by[parent] {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// The member of `parent`'s family that `name` names, exactly or (when `near`) by a close
    /// spelling, ignoring the words that qualify a member ("Security" → "Security pillar").
    fn family_match(
        &self,
        kb: &KnowledgeBase,
        parent: usize,
        name: &str,
        near: bool,
    ) -> Option<usize> {
        let wanted = family_key(name);
        if wanted.is_empty() {
            return None;
        }
        let mut best: Option<(usize, f64)> = None;
        for i in self.family(kb, parent) {
            for n in resolve::names_of(&kb.entries[i]) {
                let key = family_key(&n);
                if key.is_empty() {
                    continue;
                }
                let sim = if key == wanted {
                    1.0
                } else if near {
                    strsim::normalized_damerau_levenshtein(&wanted, &key)
                } else {
                    0.0
                };
                if sim >= HEADING_NEAR && best.is_none_or(|(_, s)| sim > s) {
                    best = Some((i, sim));
                }
            }
        }
        best.map(|(i, _)| i)
    }
}

/// A name without the words that qualify it within its family, normalised.
fn family_key(name: &str) -> String {
    resolve::words(name)
        .into_iter()
        .filter(|w| !FAMILY_WORDS.contains(&w.as_str()))
        .collect::<String>()
}

/// The entry a heading names (see the module documentation for the order of the tries).
fn resolve_heading(
    kb: &KnowledgeBase,
    names: &NameTable,
    heading: &str,
    parent: Option<usize>,
    budget: &mut FuzzyBudget,
) -> Option<(usize, How)> {
    if heading.chars().count() > MAX_NAME_CHARS * 2 {
        return None;
    }
    let parts = name_parts(heading);
    if let Some(p) = parent {
        for part in &parts {
            if let Some(e) = names.family_match(kb, p, part, false) {
                return Some((e, How::Context));
            }
        }
    }
    for part in &parts {
        if let Some(e) = names.exact(part) {
            return Some((e, How::Name));
        }
    }
    if let Some(p) = parent {
        for part in &parts {
            if let Some(e) = names.family_match(kb, p, part, true) {
                return Some((e, How::Context));
            }
        }
    }
    if resolve::words(heading).len() <= MAX_HEADING_WORDS
        && budget.take()
        && let Some(e) = names.mentioned(heading, true)
    {
        return Some((e, How::Mentioned));
    }
    for part in &parts {
        if part.chars().count() > MAX_NAME_CHARS || !budget.take() {
            continue;
        }
        if let Some((e, sim)) = names.similar(part, HEADING_NEAR) {
            return Some((e, How::Similar(sim)));
        }
    }
    None
}

/// The entry a list item names, if the item starts with a name.
fn resolve_item(
    kb: &KnowledgeBase,
    names: &NameTable,
    text: &str,
    section_entry: Option<usize>,
    budget: &mut FuzzyBudget,
) -> Option<(usize, How)> {
    let candidates = item_names(text);
    if candidates.is_empty() {
        return None;
    }
    if let Some(p) = section_entry {
        for c in &candidates {
            if let Some(e) = names.family_match(kb, p, c, false) {
                return Some((e, How::Context));
            }
        }
    }
    for c in &candidates {
        if let Some(e) = names.exact(c) {
            return Some((e, How::Name));
        }
    }
    if let Some(p) = section_entry
        && let Some(e) = names.family_match(kb, p, &candidates[0], true)
    {
        return Some((e, How::Context));
    }
    if budget.take()
        && let Some((e, sim)) = names.similar(&candidates[0], ITEM_NEAR)
    {
        return Some((e, How::Similar(sim)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_parts_split_parentheses_and_dashes() {
        assert_eq!(
            name_parts("KMS (Key Management Service)"),
            vec![
                "KMS (Key Management Service)",
                "KMS",
                "Key Management Service"
            ]
        );
        assert_eq!(name_parts("Config: rules"), vec!["Config: rules", "Config"]);
    }

    #[test]
    fn item_names_take_the_leading_name_only() {
        assert_eq!(item_names("WAF (Firewall)"), vec!["WAF", "Firewall"]);
        assert_eq!(
            item_names("IAM - management service, with reports"),
            vec!["IAM"]
        );
        assert_eq!(
            item_names("Macie (finds personal data such as passport and card numbers in buckets)"),
            vec!["Macie"]
        );
        assert!(item_names("Scale out across many instances so no single one matters").is_empty());
        assert!(is_bare_name("Operational Excellence"));
        assert!(!is_bare_name("WAF (Firewall)"));
    }

    #[test]
    fn domains_are_recognised_in_topic_headings() {
        assert_eq!(
            domain_named("Security and Compliance"),
            Some(Domain::Security)
        );
        assert_eq!(
            domain_named("Domain 3: Cloud Technology and Services"),
            Some(Domain::Technology)
        );
        assert_eq!(domain_named("Billing & Pricing"), Some(Domain::Billing));
        assert_eq!(domain_named("Data Encryption"), None);
    }

    #[test]
    fn slugs_are_ids() {
        assert_eq!(
            slug("Data Encryption (at rest)", 3),
            "data-encryption-at-rest"
        );
        assert_eq!(slug("∑∑∑", 12), "line-12");
        assert!(slug(&"long ".repeat(40), 1).len() <= 48);
    }
}
