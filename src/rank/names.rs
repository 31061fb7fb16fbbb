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

/// Names and aliases by their first word.
pub(super) fn name_table(kb: &KnowledgeBase) -> NameTable {
    // Sized for the embedded knowledge base (about ten names and 150 bytes of them per entry),
    // so that neither grows while it is built.
    let mut table = NameTable {
        by_first: FxHashMap::with_capacity_and_hasher(kb.len() * 4, Default::default()),
        text: String::with_capacity(kb.len() * 160),
    };
    // One entry's names in `table.text`, to drop the ones it repeats; reused from entry to entry.
    let mut own: Vec<(usize, usize)> = Vec::new();
    for (i, e) in kb.entries.iter().enumerate() {
        own.clear();
        // The first of `names_of` is the id, which a question does not write.
        let mut first = true;
        let text = &mut table.text;
        crate::resolve::for_each_name(e, |name| {
            if std::mem::take(&mut first) {
                return;
            }
            let start = text.len();
            push_joined_name_words(name, text);
            let joined = &text[start..];
            if joined.is_empty() || own.iter().any(|&(s, e)| text[s..e] == *joined) {
                text.truncate(start);
            } else {
                own.push((start, text.len()));
            }
        });
        for &(start, end) in &own {
            let joined = &table.text[start..end];
            let mut split = joined.split(' ');
            let first = split.next().unwrap_or_default();
            let second = split.next();
            let name = NameWords {
                entry: i,
                start: start as u32,
                end: end as u32,
                words: joined.split(' ').count(),
            };
            match table.by_first.get_mut(first) {
                Some(starting) => starting.push(name, second),
                None => {
                    let mut starting = NamesStarting::default();
                    starting.push(name, second);
                    table.by_first.insert(first.to_string(), starting);
                }
            }
        }
    }
    table
}

/// `name_words` joined by single spaces, appended to `out`.
fn push_joined_name_words(text: &str, out: &mut String) {
    let start = out.len();
    if text.is_ascii() {
        // Byte by byte: on ASCII, `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`, and
        // this runs for every name of every entry at start-up.
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

/// Lower-cased words, split at anything that is not a letter or digit.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
