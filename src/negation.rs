//! Negated clauses: "not", "n't", "never", "rather than", "instead of", "unlike", "except" up to
//! the end of the clause, or up to a condition ("… not lost if the queue is down": the condition
//! is the situation, not what is denied). Their words say what something is not, so they must not count as
//! evidence for it: the ranker leaves them out of questions, and the index out of the knowledge
//! base's texts ("unlike CloudTrail, Config records …" must not make Config a CloudTrail answer).

use std::ops::Range;

/// For each word (its byte range in `text` and its lower-cased form), whether it stands in a
/// negated clause. A clause ends at punctuation or at a word that starts a new one ("and",
/// "but", "while", …).
pub fn negated(text: &str, words: &[(Range<usize>, &str)]) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    let mut active = false;
    for (i, (range, word)) in words.iter().enumerate() {
        if i > 0 {
            let gap = &text[words[i - 1].0.end..range.start];
            if gap.contains([',', ';', '.', '?', '!', ':', '(', ')']) {
                active = false;
            }
        }
        let previous = i.checked_sub(1).map(|p| words[p].1);
        let next = words.get(i + 1).map(|n| n.1);
        match *word {
            "but" | "and" | "yet" | "so" | "then" | "while" | "whereas" | "although" | "though"
            | "if" | "when" | "whenever" | "because" | "unless" | "until" | "after" | "before"
            | "since" => active = false,
            "not" | "never" | "unlike" | "except" | "cannot" => {
                active = true;
                continue;
            }
            "t" if matches!(
                previous,
                Some(
                    "doesn" | "don" | "isn" | "aren" | "wasn" | "won" | "can" | "didn" | "shouldn"
                )
            ) =>
            {
                active = true;
                continue;
            }
            "rather" if next == Some("than") => {
                active = true;
                continue;
            }
            "instead" if next == Some("of") => {
                active = true;
                continue;
            }
            _ => {}
        }
        out[i] = active;
    }
    out
}

/// The text with the words of its negated clauses blanked out (each byte of such a word becomes
/// a space), so that an analyzer sees only what the text affirms.
pub fn affirmed(text: &str) -> String {
    let lowered = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; such text is rare and kept whole.
    if lowered.len() != text.len() {
        return text.to_string();
    }
    let mut words: Vec<(Range<usize>, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in lowered.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                words.push((s..at, &lowered[s..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s..lowered.len(), &lowered[s..]));
    }
    let flags = negated(&lowered, &words);
    if !flags.contains(&true) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for ((range, _), negated) in words.iter().zip(flags) {
        if negated {
            out.push_str(&text[at..range.start]);
            out.extend(std::iter::repeat_n(' ', range.len()));
            at = range.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negated_clause_is_blanked_to_its_end() {
        let cases = [
            (
                "Unlike CloudTrail, Config records changes.",
                "CloudTrail",
                "Config records",
            ),
            (
                "a managed service rather than Kubernetes and cheap",
                "Kubernetes",
                "and cheap",
            ),
            (
                "It doesn't encrypt traffic; use a VPN",
                "encrypt",
                "use a VPN",
            ),
        ];
        for (text, denied, kept) in cases {
            let a = affirmed(text);
            assert_eq!(a.len(), text.len(), "{a:?}");
            assert!(!a.contains(denied) && a.contains(kept), "{a:?}");
        }
        assert_eq!(
            affirmed("runs without managing servers"),
            "runs without managing servers"
        );
        // A condition after the negated word is the situation, not what is denied; a relative
        // clause still describes the denied thing.
        let a = affirmed("orders are not lost if the billing service is down");
        assert!(
            !a.contains("lost") && a.contains("if the billing service is down"),
            "{a:?}"
        );
        let a = affirmed("for customers rather than staff who sign in to the console");
        assert!(!a.contains("staff") && !a.contains("console"), "{a:?}");
    }
}
