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
    fn starts(&self, words: &[String]) -> bool {
        words.len() >= self.words && self.joined.split(' ').zip(words).all(|(a, b)| a == b)
    }
}

impl Ranker<'_> {
    /// Entries whose name or alias the text contains. One-word names must match in their own
    /// case ("Config", "IAM"), so that ordinary words ("config", "backup") are not taken as names.
    pub(super) fn named_entries(&self, text: &str) -> Vec<usize> {
        let words = name_words(text);
        let original: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut out = Vec::new();
        for (at, w) in words.iter().enumerate() {
            let Some(candidates) = self.names.get(w) else {
                continue;
            };
            for name in candidates {
                let entry = &name.entry;
                if !name.starts(&words[at..]) || out.contains(entry) {
                    continue;
                }
                let case_ok = name.words > 1
                    || original.get(at).is_some_and(|o| {
                        self.written_names[*entry].iter().any(|n| {
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

/// Names and aliases by their first word, and every name of each entry as written.
pub(super) fn name_table(
    kb: &KnowledgeBase,
) -> (FxHashMap<String, Vec<NameWords>>, Vec<Vec<String>>) {
    let mut names: FxHashMap<String, Vec<NameWords>> = FxHashMap::default();
    let written_names: Vec<Vec<String>> = kb.entries.iter().map(crate::resolve::names_of).collect();
    for (i, written) in written_names.iter().enumerate() {
        let mut joined: Vec<String> = Vec::with_capacity(written.len());
        for name in written.iter().skip(1) {
            let j = joined_name_words(name);
            if !j.is_empty() && !joined.contains(&j) {
                joined.push(j);
            }
        }
        for j in joined {
            let first = j.split(' ').next().unwrap_or_default();
            let name = NameWords {
                entry: i,
                words: j.split(' ').count(),
                joined: j.clone(),
            };
            match names.get_mut(first) {
                Some(list) => list.push(name),
                None => {
                    names.insert(first.to_string(), vec![name]);
                }
            }
        }
    }
    (names, written_names)
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
