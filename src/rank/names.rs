//! The entries a question names, by name or alias ("Amazon S3 already stores the logs …"), for
//! the priors of `super::score`.

use super::Ranker;
use crate::knowledge::KnowledgeBase;
use rustc_hash::FxHashMap;

/// A name or alias of an entry as `name_words` splits it: lower-cased words, here joined by
/// single spaces (one string instead of one per word: building these is a large part of
/// starting up).
pub(super) struct NameWords {
    entry: usize,
    joined: String,
    words: usize,
}

impl NameWords {
    /// Whether the name's words are the first words of `words`.
    fn starts(&self, words: &[&str]) -> bool {
        words.len() >= self.words && self.joined.split(' ').zip(words).all(|(a, b)| a == *b)
    }
}

/// The names and aliases that start with one word, in the order they were found, with the
/// positions of the one-word names among them and of the longer ones by their second word: a
/// question's "aws" or "amazon" need not be compared with every name that starts with it.
#[derive(Default)]
pub(super) struct NamesStarting {
    names: Vec<NameWords>,
    one_word: Vec<u32>,
    by_second: FxHashMap<String, Vec<u32>>,
}

impl NamesStarting {
    fn push(&mut self, name: NameWords) {
        let at = self.names.len() as u32;
        match name.joined.split(' ').nth(1) {
            None => self.one_word.push(at),
            Some(second) => match self.by_second.get_mut(second) {
                Some(list) => list.push(at),
                None => {
                    self.by_second.insert(second.to_string(), vec![at]);
                }
            },
        }
        self.names.push(name);
    }

    /// The names that may start at a word followed by `second`, in the order they were found:
    /// the one-word names and those whose second word is `second` (no other can match there).
    fn candidates(&self, second: Option<&str>) -> impl Iterator<Item = &NameWords> {
        let longer: &[u32] = second
            .and_then(|w| self.by_second.get(w))
            .map_or(&[], Vec::as_slice);
        let (mut a, mut b) = (self.one_word.iter().peekable(), longer.iter().peekable());
        std::iter::from_fn(move || {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x < y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => None,
            }?;
            Some(&self.names[*next as usize])
        })
    }
}

impl Ranker<'_> {
    /// Entries whose name or alias the text contains. One-word names must match in their own
    /// case ("Config", "IAM"), so that ordinary words ("config", "backup") are not taken as names.
    pub(super) fn named_entries(&self, text: &str) -> Vec<usize> {
        let original: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // `name_words`, borrowed: ASCII text is lower-cased in one piece (which splits at the same
        // bytes), other text word by word.
        let lowered: String;
        let owned: Vec<String>;
        let words: Vec<&str> = if text.is_ascii() {
            lowered = text.to_ascii_lowercase();
            lowered
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect()
        } else {
            owned = name_words(text);
            owned.iter().map(String::as_str).collect()
        };
        let mut out = Vec::new();
        for (at, w) in words.iter().enumerate() {
            let Some(starting) = self.names.get(*w) else {
                continue;
            };
            for name in starting.candidates(words.get(at + 1).copied()) {
                let entry = &name.entry;
                if !name.starts(&words[at..]) || out.contains(entry) {
                    continue;
                }
                let case_ok = name.words > 1
                    || original.get(at).is_some_and(|o| {
                        self.written_names(*entry).iter().any(|n| {
                            n.trim() == *o
                                || n.strip_suffix(o)
                                    .is_some_and(|before| before.ends_with(' '))
                        })
                    });
                if case_ok {
                    out.push(*entry);
                }
            }
        }
        out
    }
}

/// Names and aliases by their first word.
pub(super) fn name_table(kb: &KnowledgeBase) -> FxHashMap<String, NamesStarting> {
    let mut names: FxHashMap<String, NamesStarting> = FxHashMap::default();
    // One entry's joined names, to drop the ones it repeats; reused from entry to entry.
    let mut joined: Vec<String> = Vec::new();
    for (i, e) in kb.entries.iter().enumerate() {
        joined.clear();
        // The first of `names_of` is the id, which a question does not write.
        let mut first = true;
        crate::resolve::for_each_name(e, |name| {
            if std::mem::take(&mut first) {
                return;
            }
            let j = joined_name_words(name);
            if !j.is_empty() && !joined.contains(&j) {
                joined.push(j);
            }
        });
        for j in joined.drain(..) {
            let first_len = j.find(' ').unwrap_or(j.len());
            let name = NameWords {
                entry: i,
                words: j.split(' ').count(),
                joined: j,
            };
            let first = &name.joined[..first_len];
            match names.get_mut(first) {
                Some(starting) => starting.push(name),
                None => {
                    let first = first.to_string();
                    let mut starting = NamesStarting::default();
                    starting.push(name);
                    names.insert(first, starting);
                }
            }
        }
    }
    names
}

/// `name_words` joined by single spaces.
fn joined_name_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Lower-cased words, split at anything that is not a letter or digit.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
