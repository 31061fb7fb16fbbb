//! The stem of one lower-cased word, as the index's analyzer gives it (`stemming::EnglishStemmer`:
//! British spellings made American, the words Snowball would merge with others kept apart, the
//! rest stemmed by Snowball). Nothing here depends on tantivy, so that `build.rs` includes this
//! file too and stems the embedded synonyms and answer-type cues at build time.

/// Words of this many bytes or more are not indexed (nor looked for).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Words and the stem each gets instead of Snowball's, sorted by word (binary search). A word
/// belongs here when its Snowball stem is shared with a word of another meaning that questions
/// use; inflections of the same word get the same stem.
pub const KEPT_APART: &[(&str, &str)] = &[
    ("authorities", "authority"),
    ("authority", "authority"),
    ("busy", "busy"),
    ("certification", "certification"),
    ("certifications", "certification"),
    ("continent", "continent"),
    ("continents", "continent"),
    ("customer", "customer"),
    ("customers", "customer"),
    ("designate", "designate"),
    ("designated", "designate"),
    ("detective", "detective"),
    ("digital", "digital"),
    ("effective", "effective"),
    ("effectively", "effective"),
    ("effectiveness", "effective"),
    ("executive", "executive"),
    ("executives", "executive"),
    ("experiment", "experiment"),
    ("experimental", "experiment"),
    ("experimentation", "experiment"),
    ("experimenting", "experiment"),
    ("experiments", "experiment"),
    ("generative", "generative"),
    ("identical", "identical"),
    ("importance", "important"),
    ("important", "important"),
    ("integrity", "integrity"),
    ("objective", "objective"),
    ("objectives", "objective"),
    ("original", "original"),
    ("originally", "original"),
    ("personalization", "personalize"),
    ("personalize", "personalize"),
    ("personalized", "personalize"),
    ("production", "production"),
    ("productivity", "productivity"),
    ("relational", "relational"),
    ("restful", "restful"),
    ("severity", "severity"),
    ("stateful", "stateful"),
    ("terminal", "terminal"),
    ("terminals", "terminal"),
    ("transition", "transition"),
    ("transitioned", "transition"),
    ("transitioning", "transition"),
    ("transitions", "transition"),
];

/// British spellings with an American twin, word by word where no rule covers them: questions
/// are mostly written in American English, some of our entries in British.
pub const BRITISH: &[(&str, &str)] = &[
    ("analogue", "analog"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("catalogue", "catalog"),
    ("catalogues", "catalogs"),
    ("centre", "center"),
    ("centres", "centers"),
    ("colour", "color"),
    ("defence", "defense"),
    ("dialogue", "dialog"),
    ("favour", "favor"),
    ("fibre", "fiber"),
    ("labour", "labor"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("metre", "meter"),
    ("neighbour", "neighbor"),
    ("offence", "offense"),
    ("programme", "program"),
    ("programmes", "programs"),
];

/// Endings of the British -ise/-yse family and their American forms ("optimised" →
/// "optimized", "analyse" → "analyze"). The same rewriting applies to questions and to the
/// knowledge base, so a word it rewrites needlessly ("premises") still matches itself; it only
/// ever merges a word with its own spelling variant.
pub const ISE_ENDINGS: &[(&str, &str)] = &[
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("isers", "izers"),
    ("ised", "ized"),
    ("iser", "izer"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("yse", "yze"),
];

/// The American spelling of a lower-cased British word, if it has one.
pub fn americanize(word: &str) -> Option<String> {
    if let Ok(at) = BRITISH.binary_search_by(|(w, _)| (*w).cmp(word)) {
        return Some(BRITISH[at].1.to_string());
    }
    // Short words of this shape are other words ("rise", "noise", "raised").
    if word.len() < 7 {
        return None;
    }
    ISE_ENDINGS.iter().find_map(|(british, american)| {
        word.strip_suffix(british)
            .map(|head| format!("{head}{american}"))
    })
}

/// The stem of a lower-cased word of [`KEPT_APART`].
pub fn kept_apart(word: &str) -> Option<&'static str> {
    KEPT_APART
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|at| KEPT_APART[at].1)
}

/// The stem of a lower-cased word: what `stemming::EnglishStemmer` makes of it.
pub fn stem_word(stemmer: &frostem::Stemmer, word: &str) -> String {
    let american = americanize(word);
    let word = american.as_deref().unwrap_or(word);
    match kept_apart(word) {
        Some(stem) => stem.to_string(),
        None => stemmer.stem(word).into_owned(),
    }
}

/// The words of ASCII text as the index's plain analyzer finds them: runs of letters and digits,
/// lower-cased, those of `max_bytes` or more dropped (`index::SearchIndex::tokens`). `None` for
/// text that is not ASCII.
pub fn ascii_words(text: &str, max_bytes: usize) -> Option<Vec<String>> {
    text.is_ascii().then(|| {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && w.len() < max_bytes)
            .map(str::to_ascii_lowercase)
            .collect()
    })
}
