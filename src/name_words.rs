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

/// Appends to `text` the names of entry `entry` (`e`) that a question may write (every one of
/// `for_each_name` but the id) as lower-cased words joined by single spaces, each once, and
/// pushes `(entry, start, end)` of each in `text` to `names`, in order.
pub fn push_joined_names(
    entry: usize,
    e: &Entry,
    text: &mut String,
    names: &mut Vec<(u32, u32, u32)>,
) {
    let own = names.len();
    // The first of `for_each_name` is the id, which a question does not write.
    let mut first = true;
    for_each_name(e, |name| {
        if std::mem::take(&mut first) {
            return;
        }
        let start = text.len();
        push_joined_name_words(name, text);
        let joined = &text[start..];
        let held = |&(_, s, e): &(u32, u32, u32)| text[s as usize..e as usize] == *joined;
        if joined.is_empty() || names[own..].iter().any(held) {
            text.truncate(start);
        } else {
            names.push((entry as u32, start as u32, text.len() as u32));
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

/// A distinct first word of the names: `(start, len, from, to)`, see [`first_word_index`].
pub type FirstWord = (u32, u32, u32, u32);

/// For each distinct first word of the names, in order: `(start, len, from, to)`, where
/// `text[start..start + len]` is the word and `order[from..to]` the names that start with it. A
/// question's word is then looked up among the distinct words ([`first_word_slots`]), most of
/// which a question never uses.
pub fn first_word_index(text: &str, names: &[(u32, u32, u32)], order: &[u32]) -> Vec<FirstWord> {
    let mut out: Vec<FirstWord> = Vec::new();
    for (at, &n) in order.iter().enumerate() {
        let (_, start, end) = names[n as usize];
        let joined = &text[start as usize..end as usize];
        let first = first_two_words(joined).0;
        let at = at as u32;
        match out.last_mut() {
            Some(last) if &text[last.0 as usize..(last.0 + last.1) as usize] == first => {
                last.3 = at + 1;
            }
            _ => out.push((start, first.len() as u32, at, at + 1)),
        }
    }
    out
}

/// FNV-1a of a word: the hash of [`first_word_slots`], the same at build time and at run time.
pub fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An open-addressing table over `firsts` (from [`first_word_index`]): a power of two of slots,
/// at least twice as many as words, each 0 (empty) or 1 + the position in `firsts` of the word
/// whose [`word_hash`] lands there first (linear probing). A word of a question is found with
/// one hash and about one comparison.
pub fn first_word_slots(text: &str, firsts: &[FirstWord]) -> Vec<u32> {
    let size = (firsts.len() * 2).next_power_of_two().max(16);
    let mut slots = vec![0u32; size];
    for (at, &(start, len, _, _)) in firsts.iter().enumerate() {
        let word = &text[start as usize..(start + len) as usize];
        let mut slot = word_hash(word) as usize & (size - 1);
        while slots[slot] != 0 {
            slot = (slot + 1) & (size - 1);
        }
        slots[slot] = at as u32 + 1;
    }
    slots
}

/// The look-up tables over joined names (`(entry, start, end)` in `text`): their order
/// ([`name_order`]), where each first word's names are in it ([`first_word_index`]) and the hash
/// table over those words ([`first_word_slots`]). `build.rs` writes them for the embedded
/// entries; the ranker computes them for any others.
pub fn lookup_tables(
    text: &str,
    names: &[(u32, u32, u32)],
) -> (Vec<u32>, Vec<FirstWord>, Vec<u32>) {
    let order = name_order(text, names);
    let firsts = first_word_index(text, names, &order);
    let slots = first_word_slots(text, &firsts);
    (order, firsts, slots)
}
