//! Typo correction: the nearest known words to a word the knowledge base has never seen.

use super::Ranker;

/// The vocabulary's words that may be offered as corrections (stop words never are), grouped by
/// length in characters, each with its `letter_set`. Vocabulary order is kept within a length.
#[derive(Default)]
pub(super) struct SpellingTable {
    /// `by_length[n]`: (index in the vocabulary, letter set) of the words of `n` characters.
    by_length: Vec<Vec<(usize, u64)>>,
}

impl Ranker<'_> {
    /// The nearest known words to an unknown word: distance 1 for short words, 2 for long ones.
    /// Of several at the same distance, the first three in vocabulary order.
    pub(super) fn corrections(&self, raw: &str) -> Vec<(String, usize)> {
        if !may_be_typo(raw) {
            return Vec::new();
        }
        let len = raw.chars().count();
        let max = if len <= 7 { 1 } else { 2 };
        let letters = letter_set(raw);
        let vocabulary = self.index.vocabulary();
        let table = self.spelling.get_or_init(|| {
            let mut table = SpellingTable::default();
            for (i, word) in vocabulary.iter().enumerate() {
                if self.stop_words.contains(word) {
                    continue;
                }
                let n = word.chars().count();
                if table.by_length.len() <= n {
                    table.by_length.resize_with(n + 1, Vec::new);
                }
                table.by_length[n].push((i, letter_set(word)));
            }
            table
        });
        // Only words within `max` of the length can be within `max` edits. Every word at the
        // smallest distance is found whatever order the lengths are tried in; ties are then put
        // back in vocabulary order.
        let mut best: Vec<(usize, usize)> = Vec::new();
        let mut best_distance = max + 1;
        let lengths = len.saturating_sub(max)..=len + max;
        for (i, word_letters) in lengths.filter_map(|n| table.by_length.get(n)).flatten() {
            // Each edit changes at most two letters of the set, so this skips words that cannot
            // be within `max` edits before paying for the distance (most of the vocabulary).
            if (letters ^ word_letters).count_ones() as usize > 2 * max {
                continue;
            }
            let d = strsim::damerau_levenshtein(raw, &vocabulary[*i]);
            if d < best_distance {
                best_distance = d;
                best.clear();
            }
            if d == best_distance && d <= max {
                best.push((*i, d));
            }
        }
        best.sort_unstable();
        best.truncate(3);
        best.into_iter()
            .map(|(i, d)| (vocabulary[i].clone(), d))
            .collect()
    }
}

/// The characters of a word as a set of 64 bits (characters that share a bit only make two
/// words look closer, so the set gives a lower bound of their edit distance).
fn letter_set(word: &str) -> u64 {
    word.chars()
        .fold(0, |set, c| set | 1 << (u32::from(c) % 64))
}

/// Whether an unknown word is looked up as a typo. Words under five letters are nearly always
/// real words the knowledge base happens not to use ("bank" is not a typo of "back"); words with
/// digits are codes.
pub(super) fn may_be_typo(raw: &str) -> bool {
    raw.chars().count() >= 5 && !raw.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::super::test_world as world;
    use super::*;

    /// The first way `corrections` was written: every vocabulary word, in order.
    fn corrections_by_scan(ranker: &Ranker, raw: &str) -> Vec<(String, usize)> {
        let len = raw.chars().count();
        if len < 5 || raw.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let max = if len <= 7 { 1 } else { 2 };
        let mut best: Vec<(String, usize)> = Vec::new();
        let mut best_distance = max + 1;
        for word in ranker.index.vocabulary() {
            if word.chars().count().abs_diff(len) > max || ranker.stop_words.contains(word) {
                continue;
            }
            let d = strsim::damerau_levenshtein(raw, word);
            if d < best_distance {
                best_distance = d;
                best.clear();
            }
            if d == best_distance && d <= max {
                best.push((word.clone(), d));
            }
        }
        best.truncate(3);
        best
    }

    #[test]
    fn corrections_equal_a_full_scan() {
        let (kb, index) = world();
        let ranker = Ranker::new(&kb, &index);
        let mut words: Vec<String> = ["gaurdduty", "cloudtrial", "encrpytion", "xyzzyq", "naïveté"]
            .map(String::from)
            .into();
        // Typos of vocabulary words: a swap, a deletion, a doubled letter, a changed letter.
        for w in index.vocabulary().iter().step_by(37) {
            let b = w.as_bytes();
            if b.len() < 5 || !w.is_ascii() {
                continue;
            }
            let mut swapped = b.to_vec();
            swapped.swap(1, 2);
            let mut changed = b.to_vec();
            changed[3] = b'q';
            for typo in [
                swapped,
                b[1..].to_vec(),
                [&b[..2], &b[1..]].concat(),
                changed,
            ] {
                words.push(String::from_utf8(typo).unwrap());
            }
        }
        let mut corrected = 0;
        for w in &words {
            let fast = ranker.corrections(w);
            assert_eq!(fast, corrections_by_scan(&ranker, w), "{w}");
            corrected += usize::from(!fast.is_empty());
        }
        assert!(corrected > 100, "only {corrected} words had corrections");
    }
}
