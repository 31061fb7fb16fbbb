//! The names of an entry as a question writes them: plain text functions that depend on nothing
//! but the data model, so that `build.rs` includes this file too and computes the names of the
//! embedded entries once, at build time, exactly as a start of the binary would.

use crate::model::Entry;

/// The name without an "AWS " or "Amazon " prefix.
pub fn strip_vendor(s: &str) -> &str {
    let t = s.trim();
    for prefix in ["AWS ", "Amazon ", "aws ", "amazon "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest;
        }
    }
    t
}

/// Calls `f` with every way an entry can be named, as written (`resolve::names_of`), borrowed:
/// the id, the name, the name without its vendor, the parts of "Name (Abbreviation)", and each
/// alias with and without its vendor; blank ones left out.
pub fn for_each_name<'e>(e: &'e Entry, mut f: impl FnMut(&'e str)) {
    let mut name = |s: &'e str| {
        if !s.trim().is_empty() {
            f(s);
        }
    };
    name(&e.id);
    name(&e.name);
    name(e.short_name());
    if let Some((before, inside)) = e.name.split_once('(') {
        name(before.trim());
        name(strip_vendor(before));
        let inside = inside.trim_end_matches(')').trim();
        name(inside);
        name(strip_vendor(inside));
    }
    for a in &e.aliases {
        name(a);
        name(strip_vendor(a));
    }
}

/// Appends to `text` the names of an entry that a question may write (every one of
/// `for_each_name` but the id) as lower-cased words joined by single spaces, each once, and
/// pushes their ranges in `text` to `ranges`, in order.
pub fn push_joined_names(e: &Entry, text: &mut String, ranges: &mut Vec<(usize, usize)>) {
    let own = ranges.len();
    // The first of `for_each_name` is the id, which a question does not write.
    let mut first = true;
    for_each_name(e, |name| {
        if std::mem::take(&mut first) {
            return;
        }
        let start = text.len();
        push_joined_name_words(name, text);
        let joined = &text[start..];
        if joined.is_empty() || ranges[own..].iter().any(|&(s, e)| text[s..e] == *joined) {
            text.truncate(start);
        } else {
            ranges.push((start, text.len()));
        }
    });
}

/// The words of `text` (runs of letters and digits), lower-cased and joined by single spaces,
/// appended to `out`.
fn push_joined_name_words(text: &str, out: &mut String) {
    let start = out.len();
    if text.is_ascii() {
        // Byte by byte: on ASCII, `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`.
        let mut gap = false;
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && out.len() > start {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return;
    }
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
}

/// The first two words of a joined name (the second empty for a one-word name).
pub fn first_two_words(joined: &str) -> (&str, &str) {
    let (first, rest) = joined.split_once(' ').unwrap_or((joined, ""));
    (
        first,
        rest.split_once(' ').map_or(rest, |(second, _)| second),
    )
}

/// The positions of `names` (`(entry, start, end)` in `text`) sorted by their first word, then
/// their second word (empty for one-word names), then position: the names a question's word
/// may start are one range of it, and those followed by a given second word another.
pub fn name_order(text: &str, names: &[(u32, u32, u32)]) -> Vec<u32> {
    let words = |i: u32| {
        let (_, start, end) = names[i as usize];
        first_two_words(&text[start as usize..end as usize])
    };
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|&a, &b| words(a).cmp(&words(b)).then(a.cmp(&b)));
    order
}
