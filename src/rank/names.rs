//! The entries a question names, by name or alias ("Amazon S3 already stores the logs …"), for
//! the priors of `super::score`.

use super::Ranker;
use crate::knowledge::KnowledgeBase;
use rustc_hash::FxHashMap;

/// A name or alias of an entry as `name_words` splits it: lower-cased words, here joined by
/// single spaces, at `start..end` of [`NameTable::text`] (one string for all of them: building
/// one per name, or one per word, was a large part of starting up).
pub(super) struct NameWords {
    entry: usize,
    start: u32,
    end: u32,
    words: usize,
}

impl NameWords {
    /// Whether the name's words are the first words of `words`; `text` is the table's.
    fn starts(&self, text: &str, words: &[&str]) -> bool {
        words.len() >= self.words
            && text[self.start as usize..self.end as usize]
                .split(' ')
                .zip(words)
                .all(|(a, b)| a == *b)
    }
}

/// Names and aliases as word sequences, by their first word.
#[derive(Default)]
pub(super) struct NameTable {
    by_first: FxHashMap<String, NamesStarting>,
    /// The joined words of every name, one after the other.
    text: String,
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
    /// Adds a name whose second word (if it has more than one) is `second`.
    fn push(&mut self, name: NameWords, second: Option<&str>) {
        let at = self.names.len() as u32;
        match second {
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
            let Some(starting) = self.names.by_first.get(*w) else {
                continue;
            };
            for name in starting.candidates(words.get(at + 1).copied()) {
                let entry = &name.entry;
                if !name.starts(&self.names.text, &words[at..]) || out.contains(entry) {
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

/// Names and aliases by their first word. The joined names of the embedded entries come from
/// `build.rs` (`KnowledgeBase::prebuilt_names`); only the others are computed here.
pub(super) fn name_table(kb: &KnowledgeBase) -> NameTable {
    let prebuilt = kb.prebuilt_names().unwrap_or_default();
    // Sized for the embedded knowledge base (about two first words, five names and 150 bytes of
    // them per entry), so that neither grows while it is built; no larger, since every page of
    // the map is touched as it fills.
    let mut table = NameTable {
        by_first: FxHashMap::with_capacity_and_hasher(kb.len() * 2, Default::default()),
        text: String::with_capacity(prebuilt.text.len().max(kb.len() * 150)),
    };
    table.text.push_str(prebuilt.text);
    for &(entry, start, end) in prebuilt.names {
        table.insert(entry as usize, start as usize, end as usize);
    }
    let mut ranges = Vec::new();
    for (i, e) in kb.entries.iter().enumerate().skip(prebuilt.entries) {
        ranges.clear();
        crate::name_words::push_joined_names(e, &mut table.text, &mut ranges);
        for &(start, end) in &ranges {
            table.insert(i, start, end);
        }
    }
    table
}

impl NameTable {
    /// Files the name at `start..end` of `self.text` under its first word.
    fn insert(&mut self, entry: usize, start: usize, end: usize) {
        let joined = &self.text[start..end];
        // Words are joined by single spaces: a byte scan, not `split(' ')`, which was a good part
        // of building the table.
        let (first, rest) = joined.split_once(' ').unwrap_or((joined, ""));
        let second = (!rest.is_empty()).then(|| rest.split_once(' ').map_or(rest, |(s, _)| s));
        let name = NameWords {
            entry,
            start: start as u32,
            end: end as u32,
            words: 1 + joined.bytes().filter(|&b| b == b' ').count(),
        };
        match self.by_first.get_mut(first) {
            Some(starting) => starting.push(name, second),
            None => {
                let mut starting = NamesStarting::default();
                starting.push(name, second);
                self.by_first.insert(first.to_string(), starting);
            }
        }
    }
}

/// Lower-cased words, split at anything that is not a letter or digit.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::knowledge::{DataSource, KnowledgeBase};
    use crate::name_words::push_joined_names;

    /// The names `build.rs` computed for the embedded entries are the ones a start would compute.
    #[test]
    fn prebuilt_names_are_the_computed_names() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let prebuilt = kb
            .prebuilt_names()
            .expect("the embedded entries are prebuilt");
        assert_eq!(prebuilt.entries, kb.len());
        let (mut computed, mut ranges, mut expected) = (String::new(), Vec::new(), Vec::new());
        for (i, e) in kb.entries.iter().enumerate() {
            ranges.clear();
            push_joined_names(e, &mut computed, &mut ranges);
            expected.extend(ranges.iter().map(|&(s, e)| (i as u32, s as u32, e as u32)));
        }
        assert_eq!(prebuilt.text, computed);
        assert_eq!(prebuilt.names, expected.as_slice());
    }
}
