//! Every name of every entry, prepared once per knowledge base, so that resolving an option costs
//! a few lookups and a few candidate comparisons instead of a pass over some 3,200 names (the
//! `rank` fuzz target managed 14 inputs a second with the pass).

use super::{content_words, names_of, normalize, similarity_above, similarity_bound, words};
use crate::knowledge::KnowledgeBase;
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::OnceLock;

/// The names of a knowledge base's entries, arranged for each way `resolve` looks a name up.
/// Each lookup gives what a pass over `names_of` of every entry gave, in the same order. Each
/// table is built on its first use: a one-off `show "Amazon S3"` needs only the first (building
/// them all costs some 7 ms, several passes' worth).
#[derive(Clone)]
pub struct NameIndex {
    /// How many entries the index was built from (a stale index is a bug).
    pub(crate) entry_count: usize,
    /// Every name of every entry as written (`names_of`), with its entry, in knowledge-base order.
    written: Vec<(usize, String)>,
    /// Normalised name → the first entry with that name (`exact`).
    by_key: OnceLock<FxHashMap<String, usize>>,
    /// Names by their content words (`singular_exact`, `member_named`).
    by_content_words: OnceLock<ContentWords>,
    /// First word → the (entry, words) of the names that start with it (`mentioned`): a
    /// sentence tries only the names whose first word it holds.
    by_first_word: OnceLock<NamesByFirstWord>,
    /// Every distinct non-empty normalised name, shortest first (near misses).
    spellings: OnceLock<Vec<Spelling>>,
}

/// First word → the (entry, words) of each name that starts with it.
type NamesByFirstWord = FxHashMap<String, Vec<(usize, Vec<String>)>>;

/// The names' content words (singular, without filler).
#[derive(Clone)]
struct ContentWords {
    /// A name's content words → the first entry with that name.
    first_entry: FxHashMap<Vec<String>, usize>,
    /// The content words of each name, by entry.
    by_entry: Vec<Vec<Vec<String>>>,
}

/// A normalised name, with what rules it in or out as a near miss before any comparison.
#[derive(Clone)]
struct Spelling {
    key: String,
    chars: usize,
    letters: LetterCounts,
    /// The entries with this name, in knowledge-base order.
    entries: Vec<usize>,
}

/// How often each character occurs, with the rarer characters sharing buckets: the counts two
/// strings share are then never fewer than the characters they share. (A count stops at
/// `u16::MAX`, far above the longest option compared, `MAX_NAME_BYTES`.)
#[derive(Clone)]
struct LetterCounts([u16; BUCKETS]);

/// a–z, 0–9, and 12 buckets for everything else.
const BUCKETS: usize = 48;

impl LetterCounts {
    fn of(text: &str) -> LetterCounts {
        let mut counts = [0u16; BUCKETS];
        for c in text.chars() {
            let bucket = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + (c as usize - '0' as usize),
                _ => 36 + c as usize % (BUCKETS - 36),
            };
            counts[bucket] = counts[bucket].saturating_add(1);
        }
        LetterCounts(counts)
    }

    /// At least how many characters the two strings have in common (as multisets).
    fn shared(&self, other: &LetterCounts) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(&a, &b)| usize::from(a.min(b)))
            .sum()
    }
}

/// `similarity_above` skips the edit distance when it cannot beat its floor; a floor this much
/// below ours keeps it computed for every name that reaches ours by it.
const FLOOR_MARGIN: f64 = 1e-6;

/// Room for rounding in the bounds below: a candidate too many costs one comparison, one too few
/// changes an answer.
const SLACK: f64 = 1e-9;

/// Which of the two measures `similarity_above` takes the higher of can reach `floor` for two
/// names of `la` and `lb` characters with at most `shared` characters in common and `prefix`
/// (at most 4) equal first characters.
///
/// Jaro–Winkler is Jaro plus 0.1 × prefix × (1 − Jaro) at most, and Jaro is at most
/// (m/la + m/lb + 1) / 3 with m matched characters, m ≤ shared. The edit distance is at least
/// the longer length less `shared` (each edit fixes one character at most), so the normalised
/// edit similarity is at most shared / longer.
///
/// Why not trigrams: Jaro forgives swapped neighbours, so "abcd" + "fehgjilk" is 0.9 similar to
/// "abcd" + "efghijkl" while sharing no trigram past the prefix; a trigram cut-off would drop
/// such names, a character count cannot.
fn reach(shared: usize, la: usize, lb: usize, prefix: usize, floor: f64) -> Reach {
    let (m, la, lb) = (shared as f64, la as f64, lb as f64);
    let bonus = 0.1 * prefix as f64;
    let jaro_needed = (floor + 0.08 - bonus) / (1.0 - bonus);
    let jaro_possible = (m / la + m / lb + 1.0) / 3.0;
    Reach {
        jaro_winkler: jaro_possible + SLACK >= jaro_needed,
        edit: m / la.max(lb) + SLACK >= floor,
    }
}

/// Which similarities can reach the floor, and so are worth computing.
struct Reach {
    jaro_winkler: bool,
    edit: bool,
}

/// How many of the first four characters two strings share, as Winkler counts them.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .take(4)
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .count()
}

impl NameIndex {
    pub fn new(kb: &KnowledgeBase) -> NameIndex {
        let written = kb
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| names_of(e).into_iter().map(move |n| (i, n)))
            .collect();
        NameIndex {
            entry_count: kb.len(),
            written,
            by_key: OnceLock::new(),
            by_content_words: OnceLock::new(),
            by_first_word: OnceLock::new(),
            spellings: OnceLock::new(),
        }
    }

    fn by_key(&self) -> &FxHashMap<String, usize> {
        self.by_key.get_or_init(|| {
            let mut by_key = FxHashMap::default();
            for (i, name) in &self.written {
                by_key.entry(normalize(name)).or_insert(*i);
            }
            by_key
        })
    }

    fn by_content_words(&self) -> &ContentWords {
        self.by_content_words.get_or_init(|| {
            let mut table = ContentWords {
                first_entry: FxHashMap::default(),
                by_entry: vec![Vec::new(); self.entry_count],
            };
            for (i, name) in &self.written {
                let content = content_words(name);
                table.first_entry.entry(content.clone()).or_insert(*i);
                table.by_entry[*i].push(content);
            }
            table
        })
    }

    fn by_first_word(&self) -> &NamesByFirstWord {
        self.by_first_word.get_or_init(|| {
            let mut by_first_word = NamesByFirstWord::default();
            for (i, name) in &self.written {
                let name_words = words(name);
                // `mentioned` passes over one-letter names: "A" and "S" are words of sentences.
                let Some(first) = name_words.first() else {
                    continue;
                };
                if name_words.len() == 1 && first.len() < 2 {
                    continue;
                }
                let names = by_first_word.entry(first.clone()).or_default();
                // The same name twice (as written and without its vendor) is found once: this
                // entry's names are the last in the list.
                let listed = names
                    .iter()
                    .rev()
                    .take_while(|(e, _)| e == i)
                    .any(|(_, w)| *w == name_words);
                if !listed {
                    names.push((*i, name_words));
                }
            }
            by_first_word
        })
    }

    fn spellings(&self) -> &[Spelling] {
        self.spellings.get_or_init(|| {
            let mut spelling_of: FxHashMap<String, usize> = FxHashMap::default();
            let mut spellings: Vec<Spelling> = Vec::new();
            for (i, name) in &self.written {
                let key = normalize(name);
                if key.is_empty() {
                    continue;
                }
                let at = *spelling_of.entry(key.clone()).or_insert_with(|| {
                    spellings.push(Spelling {
                        chars: key.chars().count(),
                        letters: LetterCounts::of(&key),
                        key,
                        entries: Vec::new(),
                    });
                    spellings.len() - 1
                });
                if spellings[at].entries.last() != Some(i) {
                    spellings[at].entries.push(*i);
                }
            }
            spellings.sort_by_key(|s| s.chars);
            spellings
        })
    }

    /// The first entry one of whose names normalises to `key`.
    pub fn entry_with_key(&self, key: &str) -> Option<usize> {
        self.by_key().get(key).copied()
    }

    /// The first entry one of whose names has exactly these content words.
    pub fn entry_with_content_words(&self, wanted: &[String]) -> Option<usize> {
        self.by_content_words().first_entry.get(wanted).copied()
    }

    /// The content words of each of the entry's names.
    pub fn content_words_of(&self, entry: usize) -> &[Vec<String>] {
        &self.by_content_words().by_entry[entry]
    }

    /// (start, end, entry) of every name that stands in `text` (its words), in no set order.
    pub fn names_in(&self, text: &[String]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for (start, word) in text.iter().enumerate() {
            for (entry, name) in self.by_first_word().get(word).into_iter().flatten() {
                let end = start + name.len();
                if text.get(start..end) == Some(name.as_slice()) {
                    found.push((start, end, *entry));
                }
            }
        }
        found
    }

    /// Every entry with a name at least `floor` similar to `wanted` (normalised), with its
    /// highest similarity, most similar first and then in knowledge-base order. Only names of a
    /// fitting length with enough characters in common are compared.
    pub fn similar(&self, wanted: &str, floor: f64) -> Vec<(usize, f64)> {
        let la = wanted.chars().count();
        if la == 0 {
            return Vec::new();
        }
        let letters = LetterCounts::of(wanted);
        let reachable = |lb: usize| similarity_bound(la, lb) + SLACK >= floor;
        // The bound grows with the shorter length up to `la` and falls after it.
        let spellings = self.spellings();
        let start = spellings.partition_point(|s| s.chars < la && !reachable(s.chars));
        let end = spellings.partition_point(|s| s.chars <= la || reachable(s.chars));
        let mut best: Vec<(usize, f64)> = Vec::new();
        for s in &spellings[start..end.max(start)] {
            let shared = letters.shared(&s.letters);
            // Cheap first: the bound with the most a prefix can add, then with the prefix itself.
            let loose = reach(shared, la, s.chars, 4, floor);
            if !loose.jaro_winkler && !loose.edit {
                continue;
            }
            let can = reach(shared, la, s.chars, common_prefix(wanted, &s.key), floor);
            // A measure that cannot reach the floor is left out: the name's similarity then
            // comes out lower only where it is below the floor anyway, and the name counts for
            // nothing. Above the floor it is `similarity_above`'s, to the bit.
            let sim = match (can.jaro_winkler, can.edit) {
                (false, false) => continue,
                (true, false) => strsim::jaro_winkler(wanted, &s.key) - 0.08,
                (false, true) => strsim::normalized_damerau_levenshtein(wanted, &s.key),
                (true, true) => similarity_above(wanted, &s.key, floor - FLOOR_MARGIN),
            };
            if sim < floor {
                continue;
            }
            for &entry in &s.entries {
                match best.iter_mut().find(|(e, _)| *e == entry) {
                    Some((_, best)) => *best = best.max(sim),
                    None => best.push((entry, sim)),
                }
            }
        }
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best
    }

    /// Every entry with its highest similarity to `wanted` (normalised), as `similar` with no
    /// floor but comparing every name: for suggestions when nothing is close.
    pub fn similarities(&self, wanted: &str) -> Vec<(usize, f64)> {
        let mut best = vec![0.0; self.entry_count];
        for s in self.spellings() {
            for &entry in &s.entries {
                best[entry] = similarity_above(wanted, &s.key, best[entry]).max(best[entry]);
            }
        }
        let mut best: Vec<(usize, f64)> = best.into_iter().enumerate().collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best
    }
}

impl fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NameIndex")
            .field("entries", &self.entry_count)
            .field("names", &self.written.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether `reach` lets the pair through at `floor` for every measure that reaches it.
    fn passes(a: &str, b: &str, floor: f64) -> bool {
        let shared = LetterCounts::of(a).shared(&LetterCounts::of(b));
        let (la, lb) = (a.chars().count(), b.chars().count());
        let can = reach(shared, la, lb, common_prefix(a, b), floor);
        (strsim::jaro_winkler(a, b) - 0.08 < floor || can.jaro_winkler)
            && (strsim::normalized_damerau_levenshtein(a, b) < floor || can.edit)
    }

    #[test]
    fn neighbours_swapped_throughout_are_near_and_pass() {
        // No trigram in common past the prefix, yet near by Jaro–Winkler.
        let (a, b) = ("abcdefghijkl", "abcdfehgjilk");
        assert!(similarity_above(a, b, 0.0) >= 0.8);
        assert!(passes(a, b, 0.8));
        let shared = LetterCounts::of("inspector").shared(&LetterCounts::of("guardduty"));
        let can = reach(shared, 9, 9, 0, 0.8);
        assert!(!can.jaro_winkler && !can.edit, "nothing to compare");
    }

    proptest! {
        /// `similar` compares only the names this lets through, so it must let through every
        /// name that is similar enough.
        #[test]
        fn every_similar_enough_pair_passes(
            a in "[a-e]{1,14}|[a-z0-9é]{1,30}",
            b in "[a-e]{1,14}|[a-z0-9é]{1,30}",
            floor in 0.5f64..1.0,
        ) {
            if similarity_above(&a, &b, 0.0) >= floor {
                prop_assert!(passes(&a, &b, floor));
            }
        }

        /// The same with `b` a near copy of `a`, where similar pairs are common.
        #[test]
        fn every_similar_enough_near_copy_passes(
            a in "[a-z]{2,24}",
            edits in proptest::collection::vec((0u8..4, any::<usize>(), proptest::char::range('a', 'z')), 0..4),
        ) {
            let mut b: Vec<char> = a.chars().collect();
            for (kind, at, c) in edits {
                if b.len() < 2 {
                    break;
                }
                let at = at % (b.len() - 1);
                match kind {
                    0 => { b.remove(at); }
                    1 => b.insert(at, c),
                    2 => b.swap(at, at + 1),
                    _ => b[at] = c,
                }
            }
            let b: String = b.into_iter().collect();
            for floor in [0.7, 0.8, 0.85, 0.9] {
                if similarity_above(&a, &b, 0.0) >= floor {
                    prop_assert!(passes(&a, &b, floor), "{a} {b} {floor}");
                }
            }
        }
    }
}
