//! Resolving what a person calls an entry ("gaurd duty", "AWS KMS", "Enable MFA on the root user")
//! to the entry itself: by id, name or alias first, then by string similarity.

use crate::knowledge::KnowledgeBase;
use crate::model::Entry;

mod name_index;
pub use crate::name_words::{for_each_name, strip_vendor};
pub(crate) use name_index::NameIndex;

/// The knowledge base's names, indexed on first use.
fn names(kb: &KnowledgeBase) -> &NameIndex {
    let index = kb.names.get_or_init(|| NameIndex::new(kb));
    debug_assert_eq!(index.entry_count, kb.len(), "the name index is stale");
    index
}

/// Similarity at or above which a near miss is taken as the entry meant.
const NEAR: f64 = 0.8;
/// Two candidates this close to each other are ambiguous.
const AMBIGUOUS_GAP: f64 = 0.02;

/// Longer names and options are cut to this many bytes before they are compared: no entry's name
/// is nearly this long, and comparing costs time in proportion to the length.
pub const MAX_NAME_BYTES: usize = 512;

fn bounded(text: &str) -> &str {
    crate::limits::cut(text, MAX_NAME_BYTES)
}

/// The outcome of resolving a name.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The name is the entry's id, name or an alias (ignoring case, spaces and punctuation).
    Exact(usize),
    /// Not exact, but close enough to one entry.
    Near(usize, f64),
    /// Close to several entries, none clearly the one meant.
    Ambiguous(Vec<usize>),
    /// Nothing close; the best suggestions, most similar first.
    Unknown(Vec<usize>),
}

impl Resolution {
    /// The entry, when the name resolved to one.
    pub fn entry(&self) -> Option<usize> {
        match self {
            Resolution::Exact(i) | Resolution::Near(i, _) => Some(*i),
            _ => None,
        }
    }
}

/// Lower-case letters and digits only: "Amazon S3 Glacier" → "amazons3glacier".
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of a text, lower-cased, split at anything that is not a letter or digit.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every way an entry can be named, as written.
pub fn names_of(e: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    for_each_name(e, |n| out.push(n.to_string()));
    out
}

/// Resolves a name: exact first, then the most similar name.
pub fn resolve(kb: &KnowledgeBase, query: &str) -> Resolution {
    let query = bounded(query);
    if let Some(i) = exact(kb, query) {
        return Resolution::Exact(i);
    }
    let wanted = normalize(strip_vendor(query));
    if wanted.is_empty() {
        return Resolution::Unknown(Vec::new());
    }
    near(kb, &wanted).unwrap_or_else(|| {
        // Nothing is close: only the suggestions need every name compared.
        let best = names(kb).similarities(&wanted);
        Resolution::Unknown(best.iter().take(3).map(|(i, _)| *i).collect())
    })
}

/// The entry that `wanted` (normalised) misspells, or the entries it is about as close to;
/// `None` when no name is `NEAR`.
fn near(kb: &KnowledgeBase, wanted: &str) -> Option<Resolution> {
    let similar = names(kb).similar(wanted, NEAR);
    let ((i, s), rest) = similar.split_first()?;
    let close: Vec<usize> = rest
        .iter()
        .take_while(|(_, t)| s - t <= AMBIGUOUS_GAP)
        .map(|(j, _)| *j)
        .collect();
    Some(if close.is_empty() {
        Resolution::Near(*i, *s)
    } else {
        Resolution::Ambiguous(std::iter::once(*i).chain(close).collect())
    })
}

/// The similarity of two names, or a value no higher than `floor` when it cannot exceed `floor`:
/// the edit distance (the costly part) is skipped when the lengths alone keep it from mattering.
fn similarity_above(a: &str, b: &str, floor: f64) -> f64 {
    if b.is_empty() {
        return 0.0;
    }
    let jaro = strsim::jaro_winkler(a, b) - 0.08;
    let (la, lb) = (a.chars().count(), b.chars().count());
    // The normalised edit distance is at most this: the length difference costs that many edits.
    let edit_bound = 1.0 - la.abs_diff(lb) as f64 / la.max(lb) as f64;
    if edit_bound <= floor.max(jaro) {
        return jaro;
    }
    strsim::normalized_damerau_levenshtein(a, b).max(jaro)
}

/// The entry whose id, name or alias is exactly `query` (ignoring case, spaces, punctuation
/// and an "AWS"/"Amazon" prefix).
pub fn exact(kb: &KnowledgeBase, query: &str) -> Option<usize> {
    let query = bounded(query);
    let wanted = normalize(query);
    let bare = normalize(strip_vendor(query));
    if wanted.is_empty() {
        return None;
    }
    let index = names(kb);
    [wanted, bare]
        .iter()
        .filter_map(|key| index.entry_with_key(key))
        .min()
}

/// Resolves an exam option, which may be a bare name ("Amazon Inspector"), a name with its
/// abbreviation ("AWS Key Management Service (AWS KMS)") or a sentence that names the entry
/// ("Contact the AWS Abuse team."). Returns `None` when the option names no entry.
pub fn resolve_choice(kb: &KnowledgeBase, option: &str) -> Option<usize> {
    resolve_choice_among(kb, option, &[])
}

/// Like [`resolve_choice`], for a question that asks for one of `preferred` (the members of the
/// answer type it names): a bare word such as "Business" under "Which support plan …" is the
/// member whose name holds that word (AWS Business Support), not whatever else says "Business".
pub fn resolve_choice_among(
    kb: &KnowledgeBase,
    option: &str,
    preferred: &[usize],
) -> Option<usize> {
    resolve_choice_how(kb, option, preferred).map(|(i, _)| i)
}

/// How an option came to name its entry, weakest first: when two options name one entry, the
/// one that names it more plainly keeps it ("AWS IoT Core" over "AWS IoT Gateway").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Naming {
    /// Close in spelling to a name.
    Near,
    /// A name stands inside a sentence.
    Mentioned,
    /// The abbreviation in parentheses is a name ("… (RI)").
    Abbreviation,
    /// The option's word stems hold every stem of a name and are mostly that name ("Loosely
    /// couple components" → Loose coupling); found by the ranker, which owns the stemmer.
    Stems,
    /// A member of the asked type holds every word, or a name matches up to plurals.
    Words,
    /// The option, or its part before a parenthesis, is a name.
    Exact,
}

/// [`resolve_choice_among`] with how the option named the entry.
pub fn resolve_choice_how(
    kb: &KnowledgeBase,
    option: &str,
    preferred: &[usize],
) -> Option<(usize, Naming)> {
    let trimmed = bounded(option.trim())
        .trim()
        .trim_end_matches(['.', '!', '?']);
    // The whole option and the name before its parenthesis first; the abbreviation inside
    // ("Convertible reserved instance (RI)") only after them, as it is often a family's.
    let (before, inside) = match trimmed.split_once('(') {
        Some((before, inside)) => (
            Some(before.trim()),
            Some(inside.trim_end_matches(')').trim()),
        ),
        None => (None, None),
    };
    let main: Vec<&str> = std::iter::once(trimmed).chain(before).collect();
    if let Some(i) = main.iter().find_map(|f| exact(kb, f)) {
        return Some((i, Naming::Exact));
    }
    if let Some(i) = main
        .iter()
        .find_map(|f| member_named(kb, f, preferred).or_else(|| singular_exact(kb, f)))
    {
        return Some((i, Naming::Words));
    }
    if let Some(i) = inside.and_then(|f| exact(kb, f)) {
        return Some((i, Naming::Abbreviation));
    }
    if let Some(i) = mentioned(kb, trimmed) {
        return Some((i, Naming::Mentioned));
    }
    // `exact` failed above. An option much longer than any name (fuzzing found a few hundred
    // bytes that took seconds) is compared with no name: `similar` keeps to names whose length
    // lets them be close.
    match near(kb, &normalize(strip_vendor(trimmed))) {
        Some(Resolution::Near(i, s)) if s >= CHOICE_NEAR => Some((i, Naming::Near)),
        _ => None,
    }
}

/// Words that say nothing about which entry an option names.
const FILLER: &[&str] = &[
    "aws", "amazon", "the", "a", "an", "of", "for", "use", "using",
];

/// A word without a plural "s": "groups" → "group", "zones" → "zone"; "access", "status" and
/// short words stay as they are.
fn singular(word: &str) -> &str {
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// The option's words, singular, without filler.
fn content_words(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .map(|w| singular(w).to_string())
        .collect()
}

/// The member of `preferred` whose name or alias holds every word of the option, the one with
/// the fewest other words first ("Enterprise" → Enterprise Support, not Enterprise On-Ramp).
fn member_named(kb: &KnowledgeBase, option: &str, preferred: &[usize]) -> Option<usize> {
    let wanted = content_words(option);
    if wanted.is_empty() || preferred.is_empty() {
        return None;
    }
    let index = names(kb);
    preferred
        .iter()
        .filter_map(|&i| {
            index
                .content_words_of(i)
                .iter()
                .filter(|have| wanted.iter().all(|w| have.contains(w)))
                .map(|have| have.len() - wanted.len().min(have.len()))
                .min()
                .map(|extra| (extra, i))
        })
        .min()
        .map(|(_, i)| i)
}

/// The entry whose name is the option up to plurals and filler words: "Security group" and
/// "Security groups", "Edge location" and "Edge locations".
fn singular_exact(kb: &KnowledgeBase, option: &str) -> Option<usize> {
    let wanted = content_words(option);
    if wanted.is_empty() {
        return None;
    }
    names(kb).entry_with_content_words(&wanted)
}

/// Whether the option turns one of the entry's names around, a trap of the exam's: the same
/// words in another order ("Trade variable expense for fixed expense" against the benefit
/// "Trade fixed expense for variable expense"), a word swapped for its opposite ("Decreased
/// speed and agility"), or the name without the word that gives it its sense ("Guessing
/// capacity" against "Stop guessing capacity"). Such an option names nothing.
pub fn contradicts_name(e: &Entry, option: &str) -> bool {
    let wanted = content_words(option);
    if wanted.is_empty() {
        return false;
    }
    let names: Vec<Vec<String>> = names_of(e).iter().map(|n| content_words(n)).collect();
    if names.contains(&wanted) {
        return false;
    }
    let mut sorted_wanted = wanted.clone();
    sorted_wanted.sort();
    let holds = |w: &str| wanted.iter().any(|x| same_word(x, w));
    // "Does not require long-term contracts" keeps the sense of "No long-term contracts" in
    // other words: a negation of its own counts as the sense word.
    let negates = wanted
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()) || SENSE_WORDS.iter().any(|s| same_word(w, s)));
    names.iter().any(|have| {
        let mut sorted = have.clone();
        sorted.sort();
        let reordered = wanted.len() >= 3 && sorted == sorted_wanted;
        // A name turned around keeps most of its other words ("Decreased speed and agility");
        // an option that shares one opposite word with a long name ("… to reduce …" against
        // a name with "increase") says something else, not the contrary.
        let opposite = OPPOSITES.iter().any(|(a, b)| {
            let has = |w: &str| have.iter().any(|x| same_word(x, w));
            let flipped = (has(a) && holds(b) && !holds(a)) || (has(b) && holds(a) && !holds(b));
            flipped && {
                let others = have.iter().filter(|x| !same_word(x, a) && !same_word(x, b));
                let (count, kept) =
                    others.fold((0, 0), |(n, k), x| (n + 1, k + usize::from(holds(x))));
                2 * kept >= count
            }
        });
        let rest: Vec<&String> = have
            .iter()
            .filter(|w| !SENSE_WORDS.iter().any(|s| same_word(w, s)))
            .collect();
        let sense_dropped =
            rest.len() >= 2 && rest.len() < have.len() && rest.iter().all(|w| holds(w)) && !negates;
        reordered || opposite || sense_dropped
    })
}

/// Words whose opposite turns a name into its contrary.
const OPPOSITES: &[(&str, &str)] = &[
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("more", "less"),
    ("more", "fewer"),
    ("high", "low"),
    ("fast", "slow"),
    ("variable", "fixed"),
];

/// Words that give a name its sense: without them the rest says the opposite ("Stop guessing
/// capacity" → "Guessing capacity").
const SENSE_WORDS: &[&str] = &["stop", "no", "without", "avoid", "eliminate", "never"];

/// Words that negate what follows, as `words` splits them ("doesn't" → "doesn", "t").
const NEGATIONS: &[&str] = &["not", "no", "nor", "never", "t", "without", "cannot"];

/// The same word up to an ending: "decreased" and "decrease", "higher" and "high".
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || (short.len() >= 4 && long.starts_with(short) && long.len() - short.len() <= 3)
}

/// How similar an option must be to a name to count as that name misspelt.
const CHOICE_NEAR: f64 = 0.85;

/// The most `similarity_above` can give for two names of `la` and `lb` characters, whatever
/// their letters. Jaro is at most (m/la + m/lb + 1) / 3 with m matches, m ≤ the shorter length;
/// Winkler adds at most 0.4 × (1 − Jaro); the normalised edit distance is at most
/// shorter / longer.
fn similarity_bound(la: usize, lb: usize) -> f64 {
    let (shorter, longer) = (la.min(lb) as f64, la.max(lb) as f64);
    if longer == 0.0 {
        return 1.0;
    }
    let share = shorter / longer;
    let jaro = (share + 2.0) / 3.0;
    let jaro_winkler = jaro + 0.4 * (1.0 - jaro);
    (jaro_winkler - 0.08).max(share)
}

/// The part of `whole` that an option naming `whole` also names: "Amazon DynamoDB using its
/// global tables" is DynamoDB global tables, "Amazon CloudWatch alarm" the alarms, when those parts have
/// entries. Every content word of one of the part's names must be in the option; of several
/// parts, the one with the longest such name, then the one named first ("Access keys for each
/// IAM user" is the access keys).
pub fn part_named_with(kb: &KnowledgeBase, whole: usize, option: &str) -> Option<usize> {
    let have = content_words(bounded(option));
    let first_at = |name: &[String]| {
        name.iter()
            .filter_map(|w| have.iter().position(|h| h == w))
            .min()
            .unwrap_or(usize::MAX)
    };
    kb.parts_of(whole)
        .filter_map(|part| {
            names_held(&kb.entries[part], &have)
                .map(|name| (name.len(), std::cmp::Reverse(first_at(&name))))
                .max()
                .map(|key| (key, part))
        })
        .max_by_key(|&(key, part)| (key, std::cmp::Reverse(part)))
        .map(|(_, part)| part)
}

/// The names of an entry (as content words) every word of which is in `have`.
fn names_held<'h>(e: &Entry, have: &'h [String]) -> impl Iterator<Item = Vec<String>> + 'h {
    names_of(e)
        .into_iter()
        .map(|n| content_words(&n))
        .filter(|name| !name.is_empty() && name.iter().all(|w| have.contains(w)))
}

/// Whether the option also names the whole that `part` is part of: "Amazon DynamoDB behind a
/// DynamoDB Accelerator (DAX) cache" names DynamoDB as well as DAX.
pub fn names_whole_of(kb: &KnowledgeBase, part: usize, option: &str) -> Option<usize> {
    let whole = kb.parents[part]?;
    let have = content_words(bounded(option));
    names_held(&kb.entries[whole], &have).next().map(|_| whole)
}

/// The entry named inside a sentence. Where two names overlap ("Amazon S3" and "S3 bucket
/// policies" in "Use Amazon S3 bucket policies") the longer wins; of the names left, the earliest
/// ("Enable MFA on the root user" → MFA).
pub fn mentioned(kb: &KnowledgeBase, sentence: &str) -> Option<usize> {
    let text = words(bounded(sentence));
    // (start, end, entry) of every name found; what follows does not depend on their order.
    let found = names(kb).names_in(&text);
    let overlaps = |a: &(usize, usize, usize), b: &(usize, usize, usize)| a.0 < b.1 && b.0 < a.1;
    let longest: Vec<&(usize, usize, usize)> = found
        .iter()
        .filter(|a| {
            !found
                .iter()
                .any(|b| overlaps(a, b) && (b.1 - b.0) > (a.1 - a.0))
        })
        .collect();
    choose_mention(&longest)
}

/// Of the names found in a sentence (start, end, entry), longest where they overlapped, the one
/// it names. Two names back to back make one compound name whose last part is the head: "AWS
/// Identity and Access Management Access Analyzer" is Access Analyzer. Otherwise the earliest
/// ("Enable MFA on the root user" → MFA), except a one-word name that opens the sentence when
/// another name follows: there it is usually a verb ("Connect with AWS Direct Connect").
fn choose_mention(longest: &[&(usize, usize, usize)]) -> Option<usize> {
    let heads: Vec<&(usize, usize, usize)> = longest
        .iter()
        .copied()
        .filter(|a| !longest.iter().any(|b| b.0 == a.1))
        .collect();
    let opens_as_verb =
        |a: &&(usize, usize, usize)| a.0 == 0 && a.1 == 1 && heads.iter().any(|b| b.0 >= a.1);
    heads
        .iter()
        .filter(|a| !opens_as_verb(a))
        .min_by_key(|(start, end, entry)| (*start, usize::MAX - end, *entry))
        .map(|(_, _, entry)| *entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn embedded() -> &'static KnowledgeBase {
        static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
        KB.get_or_init(|| {
            KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).expect("embedded data")
        })
    }

    /// Every name of every entry, as written, each once.
    fn all_names(kb: &KnowledgeBase) -> Vec<String> {
        let mut names: Vec<String> = kb.entries.iter().flat_map(names_of).collect();
        names.sort();
        names.dedup();
        names
    }

    /// The indexed resolution answers `option` as the pass over every name did.
    fn assert_resolves_as_brute_force(kb: &KnowledgeBase, option: &str, preferred: &[usize]) {
        assert_eq!(
            resolve_choice_how(kb, option, preferred),
            brute_force::resolve_choice_how(kb, option, preferred),
            "resolve_choice_how({option:?})"
        );
        assert_eq!(
            resolve(kb, option),
            brute_force::resolve(kb, option),
            "resolve({option:?})"
        );
        assert_eq!(
            exact(kb, option),
            brute_force::exact(kb, option),
            "exact({option:?})"
        );
        assert_eq!(
            mentioned(kb, option),
            brute_force::mentioned(kb, option),
            "mentioned({option:?})"
        );
    }

    #[test]
    fn an_option_naming_a_service_with_its_part_is_the_part() {
        let kb = embedded();
        let id = |i: usize| kb.entries[i].id.as_ref();
        let at = |id: &str| kb.index_of(id).unwrap();
        let part = |whole: &str, option: &str| part_named_with(kb, at(whole), option).map(id);
        assert_eq!(
            part("dynamodb", "Amazon DynamoDB using its global tables"),
            Some("dynamodb-global-tables")
        );
        assert_eq!(
            part("iam", "Access keys for each IAM user"),
            Some("access-keys")
        );
        assert_eq!(part("dynamodb", "Amazon DynamoDB"), None);
        assert_eq!(part("dynamodb", "Amazon DynamoDB with a cache"), None);
        let whole = |part: &str, option: &str| names_whole_of(kb, at(part), option).map(id);
        assert_eq!(
            whole(
                "dynamodb-accelerator",
                "Amazon DynamoDB behind a DynamoDB Accelerator (DAX) cache"
            ),
            Some("dynamodb")
        );
        assert_eq!(whole("dynamodb-accelerator", "DAX"), None);
        assert_eq!(whole("dynamodb", "Amazon DynamoDB"), None, "no whole");
    }

    #[test]
    fn every_name_resolves_as_by_brute_force() {
        let kb = embedded();
        let types = &kb.answer_types;
        for (n, name) in all_names(kb).iter().enumerate() {
            let preferred = match n % 3 {
                0 => &[][..],
                _ => &types[n % types.len()].members[..],
            };
            assert_resolves_as_brute_force(kb, name, preferred);
        }
    }

    #[test]
    fn odd_options_resolve_as_by_brute_force() {
        let kb = embedded();
        for option in [
            "",
            " ",
            "AWS",
            "Amazon !!",
            "(",
            "()",
            "a",
            "s3",
            "Amazn Inspectr",
            "gaurd duty",
            "Security groups.",
            "Enable MFA on the root user",
            "Use Amazon S3 bucket policies",
            "AWS Identity and Access Management Access Analyzer",
            "Convertible reserved instance (RI)",
            "Ünïcödé Ämazon ǅ ß İ",
            &"tnoraeihsdlu ".repeat(38),
            &"abcd".repeat(200),
        ] {
            assert_resolves_as_brute_force(kb, option, &[]);
        }
    }

    /// A name with a character dropped, doubled, swapped with the next or replaced.
    fn misspelt(name: &str, edits: &[(u8, usize, char)]) -> String {
        let mut chars: Vec<char> = name.chars().collect();
        for &(kind, at, c) in edits {
            if chars.len() < 2 {
                break;
            }
            let at = at % (chars.len() - 1);
            match kind % 4 {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(at, chars[at]),
                2 => chars.swap(at, at + 1),
                _ => chars[at] = c,
            }
        }
        chars.into_iter().collect()
    }

    /// Words that stand between names in an option's sentence.
    const FILLER_WORDS: &[&str] = &[
        "use",
        "the",
        "a",
        "enable",
        "on",
        "root",
        "user",
        "Amazon",
        "AWS",
        "for",
        "and",
        "instances",
        "with",
        "bucket",
        "policies",
        "service",
        "to",
        "of",
        "S",
        "A",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(160))]

        #[test]
        fn misspelt_names_resolve_as_by_brute_force(
            pick in any::<usize>(),
            edits in proptest::collection::vec((any::<u8>(), any::<usize>(), proptest::char::range('a', 'z')), 1..=2),
            typed in any::<usize>(),
        ) {
            let kb = embedded();
            let names = all_names(kb);
            let name = misspelt(&names[pick % names.len()], &edits);
            let types = &kb.answer_types;
            let preferred = match typed % 3 {
                0 => &[][..],
                _ => &types[typed % types.len()].members[..],
            };
            assert_resolves_as_brute_force(kb, &name, preferred);
        }

        #[test]
        fn sentences_resolve_as_by_brute_force(
            pieces in proptest::collection::vec((any::<bool>(), any::<usize>()), 1..8),
            stop in any::<bool>(),
        ) {
            let kb = embedded();
            let names = all_names(kb);
            let mut sentence = pieces
                .iter()
                .map(|&(is_name, n)| {
                    if is_name {
                        names[n % names.len()].as_str()
                    } else {
                        FILLER_WORDS[n % FILLER_WORDS.len()]
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            if stop {
                sentence.push('.');
            }
            assert_resolves_as_brute_force(kb, &sentence, &[]);
        }

        #[test]
        fn random_text_resolves_as_by_brute_force(text in "[a-z0-9 ]{0,200}|\\PC{0,60}") {
            assert_resolves_as_brute_force(embedded(), &text, &[]);
        }
    }

    proptest! {
        /// `resolve_choice` skips options by this bound, so it must never be below the
        /// similarity itself.
        #[test]
        fn similarity_never_exceeds_its_length_bound(a in "[a-f]{1,40}", b in "[a-f]{1,40}") {
            let (la, lb) = (a.chars().count(), b.chars().count());
            prop_assert!(similarity_above(&a, &b, 0.0) <= similarity_bound(la, lb) + 1e-9);
        }
    }

    #[test]
    fn a_long_option_is_refused_quickly_and_a_name_still_resolves() {
        let kb = KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).unwrap();
        let long = "tnoraeihsdlu ".repeat(38);
        assert_eq!(resolve_choice(&kb, &long), None);
        assert!(resolve_choice(&kb, "Amazon GuardDuty").is_some());
        assert!(resolve_choice(&kb, "Amazn GuardDuty").is_some());
    }

    #[test]
    fn a_bare_word_option_is_the_member_of_the_asked_type_it_names() {
        let kb = KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).unwrap();
        let id = |i: Option<usize>| i.map(|i| kb.entries[i].id.clone());
        let plans = &kb
            .answer_types
            .iter()
            .find(|t| t.name == "support plan")
            .unwrap()
            .members;
        assert_eq!(
            id(resolve_choice_among(&kb, "Business", plans)).as_deref(),
            Some("business-support")
        );
        assert_eq!(
            id(resolve_choice_among(&kb, "Enterprise", plans)).as_deref(),
            Some("enterprise-support")
        );
        assert_eq!(
            id(resolve_choice_among(&kb, "Basic", plans)).as_deref(),
            Some("basic-support")
        );
        // Without the type, "Basic" names nothing in particular.
        assert_ne!(
            id(resolve_choice(&kb, "Basic")).as_deref(),
            Some("business-support")
        );
    }

    #[test]
    fn plural_and_singular_names_resolve_alike() {
        let kb = KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).unwrap();
        let id = |s: &str| resolve_choice(&kb, s).map(|i| kb.entries[i].id.clone());
        assert_eq!(id("Security group").as_deref(), Some("security-groups"));
        assert_eq!(id("Edge location").as_deref(), Some("edge-locations"));
        assert_eq!(id("Network ACL").as_deref(), Some("network-acls"));
        // The name before the parenthesis wins over a family's abbreviation inside it.
        assert_eq!(
            id("Convertible reserved instance (RI)").as_deref(),
            Some("convertible-reserved-instances")
        );
    }

    #[test]
    fn a_name_turned_around_names_nothing() {
        let kb = KnowledgeBase::load(&crate::knowledge::DataSource::Embedded).unwrap();
        let entry = |id: &str| kb.entries.iter().find(|e| e.id == id).unwrap();
        let benefit = entry("variable-expense");
        assert!(contradicts_name(
            benefit,
            "Trade variable expense for fixed expense"
        ));
        assert!(!contradicts_name(
            benefit,
            "Trade fixed expense for variable expense"
        ));
        let agility = entry("speed-and-agility");
        assert!(contradicts_name(agility, "Decreased speed and agility"));
        assert!(!contradicts_name(agility, "Increased speed and agility"));
        // One opposite word shared with a long name is no turning around of it.
        let horizontal = entry("scale-horizontally");
        assert!(contradicts_name(
            horizontal,
            "Scale horizontally to reduce aggregate workload availability"
        ));
        assert!(!contradicts_name(
            horizontal,
            "Replace one large resource with many small ones to reduce the impact of a failure"
        ));
        let guessing = entry("stop-guessing-capacity");
        assert!(contradicts_name(guessing, "Guessing capacity"));
        assert!(!contradicts_name(guessing, "Stop guessing capacity"));
        // The sense word said another way keeps the sense.
        let payg = entry("pay-as-you-go");
        assert!(contradicts_name(payg, "Long-term contracts"));
        assert!(!contradicts_name(
            payg,
            "It does not require long-term contracts"
        ));
        // Another order that one of the entry's own names uses is no trap.
        let anomalies = entry("cost-anomaly-detection");
        assert!(!contradicts_name(anomalies, "AWS Cost Anomaly Detection"));
    }

    /// The resolution as it was before `NameIndex`: a pass over every name of every entry. The
    /// indexed resolution must answer as it does.
    mod brute_force {
        use super::super::{
            AMBIGUOUS_GAP, CHOICE_NEAR, NEAR, Naming, Resolution, bounded, content_words, names_of,
            normalize, similarity_above, similarity_bound, strip_vendor, words,
        };
        use crate::knowledge::KnowledgeBase;

        pub(super) fn resolve(kb: &KnowledgeBase, query: &str) -> Resolution {
            let query = bounded(query);
            if let Some(i) = exact(kb, query) {
                return Resolution::Exact(i);
            }
            let wanted = normalize(strip_vendor(query));
            if wanted.is_empty() {
                return Resolution::Unknown(Vec::new());
            }
            let mut best: Vec<(usize, f64)> = kb
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let sim = names_of(e).iter().fold(0.0, |best, n| {
                        similarity_above(&wanted, &normalize(n), best).max(best)
                    });
                    (i, sim)
                })
                .collect();
            best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            match best.as_slice() {
                [(i, s), rest @ ..] if *s >= NEAR => {
                    let close: Vec<usize> = rest
                        .iter()
                        .take_while(|(_, t)| *t >= NEAR && s - t <= AMBIGUOUS_GAP)
                        .map(|(j, _)| *j)
                        .collect();
                    if close.is_empty() {
                        Resolution::Near(*i, *s)
                    } else {
                        Resolution::Ambiguous(std::iter::once(*i).chain(close).collect())
                    }
                }
                _ => Resolution::Unknown(best.iter().take(3).map(|(i, _)| *i).collect()),
            }
        }

        pub(super) fn exact(kb: &KnowledgeBase, query: &str) -> Option<usize> {
            let query = bounded(query);
            let wanted = normalize(query);
            let bare = normalize(strip_vendor(query));
            if wanted.is_empty() {
                return None;
            }
            kb.entries.iter().position(|e| {
                names_of(e).iter().any(|n| {
                    let n = normalize(n);
                    n == wanted || n == bare
                })
            })
        }

        pub(super) fn resolve_choice_how(
            kb: &KnowledgeBase,
            option: &str,
            preferred: &[usize],
        ) -> Option<(usize, Naming)> {
            let trimmed = bounded(option.trim())
                .trim()
                .trim_end_matches(['.', '!', '?']);
            // The whole option and the name before its parenthesis first; the abbreviation inside
            // ("Convertible reserved instance (RI)") only after them, as it is often a family's.
            let (before, inside) = match trimmed.split_once('(') {
                Some((before, inside)) => (
                    Some(before.trim()),
                    Some(inside.trim_end_matches(')').trim()),
                ),
                None => (None, None),
            };
            let main: Vec<&str> = std::iter::once(trimmed).chain(before).collect();
            if let Some(i) = main.iter().find_map(|f| exact(kb, f)) {
                return Some((i, Naming::Exact));
            }
            if let Some(i) = main
                .iter()
                .find_map(|f| member_named(kb, f, preferred).or_else(|| singular_exact(kb, f)))
            {
                return Some((i, Naming::Words));
            }
            if let Some(i) = inside.and_then(|f| exact(kb, f)) {
                return Some((i, Naming::Abbreviation));
            }
            if let Some(i) = mentioned(kb, trimmed) {
                return Some((i, Naming::Mentioned));
            }
            // An option whose length alone keeps it below the bar for every name (one much longer than
            // any name) cannot be a misspelt name; comparing it with every name costs seconds for a few
            // hundred bytes (found by fuzzing). A usual option passes this at its first name.
            let wanted = normalize(strip_vendor(trimmed)).chars().count();
            let could_be_near =
                kb.entries.iter().flat_map(names_of).any(|n| {
                    similarity_bound(wanted, normalize(&n).chars().count()) >= CHOICE_NEAR
                });
            if !could_be_near {
                return None;
            }
            match resolve(kb, trimmed) {
                Resolution::Near(i, s) if s >= CHOICE_NEAR => Some((i, Naming::Near)),
                _ => None,
            }
        }

        fn member_named(kb: &KnowledgeBase, option: &str, preferred: &[usize]) -> Option<usize> {
            let wanted = content_words(option);
            if wanted.is_empty() || preferred.is_empty() {
                return None;
            }
            preferred
                .iter()
                .filter_map(|&i| {
                    names_of(&kb.entries[i])
                        .iter()
                        .map(|n| content_words(n))
                        .filter(|have| wanted.iter().all(|w| have.contains(w)))
                        .map(|have| have.len() - wanted.len().min(have.len()))
                        .min()
                        .map(|extra| (extra, i))
                })
                .min()
                .map(|(_, i)| i)
        }

        fn singular_exact(kb: &KnowledgeBase, option: &str) -> Option<usize> {
            let wanted = content_words(option);
            if wanted.is_empty() {
                return None;
            }
            kb.entries
                .iter()
                .position(|e| names_of(e).iter().any(|n| content_words(n) == wanted))
        }

        pub(super) fn mentioned(kb: &KnowledgeBase, sentence: &str) -> Option<usize> {
            let text = words(bounded(sentence));
            // (start, end, entry) of every name found.
            let mut found: Vec<(usize, usize, usize)> = Vec::new();
            for (i, e) in kb.entries.iter().enumerate() {
                for name in names_of(e) {
                    let name_words = words(&name);
                    if name_words.is_empty() || (name_words.len() == 1 && name_words[0].len() < 2) {
                        continue;
                    }
                    for start in 0..text.len().saturating_sub(name_words.len() - 1) {
                        if text[start..start + name_words.len()] == name_words[..] {
                            found.push((start, start + name_words.len(), i));
                        }
                    }
                }
            }
            let overlaps =
                |a: &(usize, usize, usize), b: &(usize, usize, usize)| a.0 < b.1 && b.0 < a.1;
            let longest: Vec<&(usize, usize, usize)> = found
                .iter()
                .filter(|a| {
                    !found
                        .iter()
                        .any(|b| overlaps(a, b) && (b.1 - b.0) > (a.1 - a.0))
                })
                .collect();
            super::super::choose_mention(&longest)
        }
    }
}
