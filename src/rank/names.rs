//! The entries a question names, by name or alias ("Amazon S3 already stores the logs …"), for
//! the priors of `super::score`.

use super::Ranker;
use crate::knowledge::KnowledgeBase;
use crate::name_words::first_two_words;
use std::borrow::Cow;

/// Names and aliases as word sequences (`name_words::push_joined_names`): lower-cased words joined
/// by single spaces, one after the other in `text`, with `(entry, start, end)` of each and their
/// positions sorted by first and second word (`name_words::name_order`). For the embedded
/// entries all three come from `build.rs`, borrowed: a start builds nothing.
pub(super) struct NameTable {
    text: Cow<'static, str>,
    names: Cow<'static, [(u32, u32, u32)]>,
    order: Cow<'static, [u32]>,
    /// Where the names of each first word are in `order` (`name_words::first_word_index`).
    firsts: Cow<'static, [(u32, u32, u32, u32)]>,
    /// A hash table over `firsts` (`name_words::first_word_slots`).
    slots: Cow<'static, [u32]>,
}

impl NameTable {
    fn joined(&self, name: u32) -> &str {
        let (_, start, end) = self.names[name as usize];
        &self.text[start as usize..end as usize]
    }

    /// The positions in `order` of the names whose first word is `first`.
    fn starting(&self, first: &str) -> &[u32] {
        let mask = self.slots.len() - 1;
        let mut slot = crate::name_words::word_hash(first) as usize & mask;
        loop {
            let Some(at) = self.slots[slot].checked_sub(1) else {
                return &[];
            };
            let (start, len, from, to) = self.firsts[at as usize];
            if &self.text[start as usize..(start + len) as usize] == first {
                return &self.order[from as usize..to as usize];
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Of `starting` (the names of one first word, by second word), those whose second word is
    /// `second`.
    fn with_second<'s>(&self, starting: &'s [u32], second: &str) -> &'s [u32] {
        let key = |n: &u32| first_two_words(self.joined(*n)).1;
        let from = starting.partition_point(|n| key(n) < second);
        let to = from + starting[from..].partition_point(|n| key(n) == second);
        &starting[from..to]
    }

    /// The names that may start at a word `first` followed by `second`, as `(entry, joined
    /// words)`, in the order they were found: the one-word names and those whose second word
    /// is `second` (no other can match there).
    fn candidates<'t>(
        &'t self,
        first: &str,
        second: Option<&str>,
    ) -> impl Iterator<Item = (usize, &'t str)> + 't {
        let starting = self.starting(first);
        let one_word = self.with_second(starting, "");
        let longer = second.map_or(&[][..], |s| self.with_second(starting, s));
        let (mut a, mut b) = (one_word.iter().peekable(), longer.iter().peekable());
        std::iter::from_fn(move || {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x < y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => None,
            }?;
            Some((self.names[*next as usize].0 as usize, self.joined(*next)))
        })
    }
}

/// Whether the joined words of a name are the first words of `words`.
fn starts(joined: &str, words: &[&str]) -> bool {
    let mut words = words.iter();
    joined.split(' ').all(|a| words.next() == Some(&a))
}

impl Ranker<'_> {
    /// Entries whose name or alias the text contains. One-word names must match in their own
    /// case ("Config", "IAM"), so that ordinary words ("config", "backup") are not taken as names.
    pub(super) fn named_entries(&self, text: &str) -> Vec<usize> {
        self.named_entries_and_lowercase(text, false)
    }

    /// `named_entries` of the text, then those of the text lower-cased that it does not hold
    /// (one-word names written in lower case, "memcached"), found in one pass over the words:
    /// for ASCII text, what `named_entries(text)` followed by `named_entries(&text.to_lowercase())`
    /// finds.
    pub(super) fn named_entries_either_case(&self, text: &str) -> Vec<usize> {
        self.named_entries_and_lowercase(text, true)
    }

    fn named_entries_and_lowercase(&self, text: &str, lowercase_too: bool) -> Vec<usize> {
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
        let written_as = |entry: usize, word: &str| {
            self.written_names(entry).iter().any(|n| {
                n.trim() == word
                    || n.strip_suffix(word)
                        .is_some_and(|before| before.ends_with(' '))
            })
        };
        let mut out = Vec::new();
        let mut in_lowercase = Vec::new();
        for (at, w) in words.iter().enumerate() {
            for (entry, joined) in self.names.candidates(w, words.get(at + 1).copied()) {
                if !starts(joined, &words[at..]) || out.contains(&entry) {
                    continue;
                }
                let multiword = joined.contains(' ');
                if multiword || original.get(at).is_some_and(|o| written_as(entry, o)) {
                    out.push(entry);
                } else if lowercase_too && !in_lowercase.contains(&entry) && written_as(entry, w) {
                    in_lowercase.push(entry);
                }
            }
        }
        for entry in in_lowercase {
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        out
    }
}

/// The name table of a knowledge base: borrowed from `build.rs` when it holds only the embedded
/// entries (`KnowledgeBase::prebuilt_names`), computed for the others (the user's notes add
/// entries; `--data` replaces them).
pub(super) fn name_table(kb: &KnowledgeBase) -> NameTable {
    let prebuilt = kb.prebuilt_names().unwrap_or_default();
    if prebuilt.entries == kb.len() && !prebuilt.order.is_empty() {
        return NameTable {
            text: Cow::Borrowed(prebuilt.text),
            names: Cow::Borrowed(prebuilt.names),
            order: Cow::Borrowed(prebuilt.order),
            firsts: Cow::Borrowed(prebuilt.firsts),
            slots: Cow::Borrowed(prebuilt.slots),
        };
    }
    let mut text = String::with_capacity(prebuilt.text.len().max(kb.len() * 150));
    text.push_str(prebuilt.text);
    let mut names: Vec<(u32, u32, u32)> = prebuilt.names.to_vec();
    for (i, e) in kb.entries.iter().enumerate().skip(prebuilt.entries) {
        crate::name_words::push_joined_names(i, e, &mut text, &mut names);
    }
    let (order, firsts, slots) = crate::name_words::lookup_tables(&text, &names);
    NameTable {
        text: Cow::Owned(text),
        names: Cow::Owned(names),
        order: Cow::Owned(order),
        firsts: Cow::Owned(firsts),
        slots: Cow::Owned(slots),
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

    /// The table borrowed from `build.rs` and one computed at start (the same entries read from
    /// `data/`) find the same names in the same order.
    #[test]
    fn the_borrowed_and_the_computed_tables_find_the_same_names() {
        let (kb, index) = crate::rank::test_world();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let read = KnowledgeBase::load(&DataSource::Dir(dir)).unwrap();
        assert!(read.prebuilt_names().is_none());
        let borrowed = crate::rank::Ranker::new(&kb, &index);
        let computed = crate::rank::Ranker::new(&read, &index);
        assert!(matches!(borrowed.names.text, std::borrow::Cow::Borrowed(_)));
        assert!(matches!(computed.names.text, std::borrow::Cow::Owned(_)));
        let mut texts: Vec<String> = vec![
            "Our logs already go to Amazon S3 and AWS CloudTrail; which service alerts on them?"
                .into(),
            "Use Config rules, not config files, with AWS Config and IAM Access Analyzer".into(),
            "aws amazon AWS Amazon".into(),
        ];
        texts.extend(
            kb.entries
                .iter()
                .map(|e| format!("Use {} with {}", e.name, e.id)),
        );
        for text in &texts {
            let found = borrowed.named_entries(text);
            assert_eq!(found, computed.named_entries(text), "{text}");
        }
        let found = borrowed.named_entries(&texts[0]);
        let ids: Vec<&str> = found.iter().map(|&i| kb.entries[i].id.as_ref()).collect();
        assert_eq!(ids, ["s3", "cloudtrail"]);
    }

    /// One pass over the words finds what the two passes (the text, then the text lower-cased)
    /// found, in the same order.
    #[test]
    fn names_in_either_case_are_those_of_the_two_passes() {
        let (kb, index) = crate::rank::test_world();
        let ranker = crate::rank::Ranker::new(&kb, &index);
        let mut texts: Vec<String> = vec![
            "Repost the Whitepapers and runbooks, then use AWS Config with config files".into(),
            "GEOFENCING with Blockchain and IAM, iam, Iam; Amazon S3 or amazon s3".into(),
            String::new(),
        ];
        for (n, e) in kb.entries.iter().enumerate() {
            let other = &kb.entries[(n * 7919) % kb.len()];
            texts.push(format!("{} and {}", e.name.to_uppercase(), other.id));
            for alias in e.aliases.iter().take(2) {
                let capitalised: String = alias
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                    .collect();
                texts.push(format!("Use {capitalised} beside {}", other.name));
            }
        }
        let mut from_lowercase = 0;
        for text in &texts {
            let mut expected = ranker.named_entries(text);
            let first = expected.len();
            for e in ranker.named_entries(&text.to_lowercase()) {
                if !expected.contains(&e) {
                    expected.push(e);
                }
            }
            from_lowercase += expected.len() - first;
            assert_eq!(ranker.named_entries_either_case(text), expected, "{text}");
        }
        assert!(
            from_lowercase > 0,
            "some names are found only in lower case"
        );
    }

    /// The names `build.rs` computed for the embedded entries are the ones a start would compute.
    #[test]
    fn prebuilt_names_are_the_computed_names() {
        let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
        let prebuilt = kb
            .prebuilt_names()
            .expect("the embedded entries are prebuilt");
        assert_eq!(prebuilt.entries, kb.len());
        let (mut computed, mut expected) = (String::new(), Vec::new());
        for (i, e) in kb.entries.iter().enumerate() {
            push_joined_names(i, e, &mut computed, &mut expected);
        }
        assert_eq!(prebuilt.text, computed);
        assert_eq!(prebuilt.names, expected.as_slice());
        let (order, firsts, slots) = crate::name_words::lookup_tables(&computed, &expected);
        assert_eq!(prebuilt.order, order.as_slice());
        assert_eq!(prebuilt.firsts, firsts.as_slice());
        assert_eq!(prebuilt.slots, slots.as_slice());
    }
}
