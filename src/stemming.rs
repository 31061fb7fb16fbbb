//! English stemming for the index, with the words whose Snowball stem would merge them with
//! unrelated words kept apart.
//!
//! The Snowball English stemmer cuts "certification" and "certificate" to the same `certif`,
//! "relational" and "related" to `relat`, "customer" and "custom" to `custom`, "transition" and
//! "transit" to `transit`, "Detective" (the service) and "detect" to `detect`. Each such merge
//! lets a question about one thing score for the other: compliance certifications found AWS
//! Certificate Manager, every "detect" question found Amazon Detective by its name. The words
//! below get a stem of their own; everything else is stemmed as Snowball does, after British
//! spellings are turned into American ones ("optimised", "data centre").

use std::borrow::Cow;
use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words and the stem each gets instead of Snowball's, sorted by word (binary search). A word
/// belongs here when its Snowball stem is shared with a word of another meaning that questions
/// use; inflections of the same word get the same stem.
const KEPT_APART: &[(&str, &str)] = &[
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
const BRITISH: &[(&str, &str)] = &[
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
const ISE_ENDINGS: &[(&str, &str)] = &[
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
fn americanize(word: &str) -> Option<String> {
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
fn kept_apart(word: &str) -> Option<&'static str> {
    KEPT_APART
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|at| KEPT_APART[at].1)
}

/// A tantivy token filter: Snowball English, except for [`KEPT_APART`].
#[derive(Clone, Copy, Default)]
pub struct EnglishStemmer;

impl TokenFilter for EnglishStemmer {
    type Tokenizer<T: Tokenizer> = EnglishStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishStemmerFilter<T> {
        EnglishStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct EnglishStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for EnglishStemmerFilter<T> {
    type TokenStream<'a> = EnglishStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EnglishStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            buffer: String::new(),
        }
    }
}

pub struct EnglishStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    buffer: String,
}

impl<T: TokenStream> TokenStream for EnglishStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(american) = americanize(&token.text) {
            token.text = american;
        }
        if let Some(stem) = kept_apart(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        match self.stemmer.stem(&token.text) {
            Cow::Owned(stemmed) => token.text = stemmed,
            Cow::Borrowed(stemmed) => {
                self.buffer.clear();
                self.buffer.push_str(stemmed);
                mem::swap(&mut token.text, &mut self.buffer);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn stems(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(EnglishStemmer)
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn the_table_is_sorted_and_its_words_are_lower_case() {
        assert!(KEPT_APART.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            KEPT_APART
                .iter()
                .all(|(w, _)| w.chars().all(|c| c.is_ascii_lowercase()))
        );
    }

    #[test]
    fn words_snowball_merges_get_stems_of_their_own() {
        let s = stems("certifications certificate relational related customers custom");
        assert_ne!(s[0], s[1]);
        assert_ne!(s[2], s[3]);
        assert_ne!(s[4], s[5]);
        assert_eq!(
            stems("Transitions transitioning"),
            ["transition", "transition"]
        );
        assert_ne!(stems("transit"), ["transition"]);
    }

    #[test]
    fn british_spellings_stem_as_their_american_twins() {
        assert_eq!(
            stems("optimised organisation data centre analyse licence behaviour"),
            stems("optimized organization data center analyze license behavior")
        );
        // Short words of the same shape are left alone.
        assert_eq!(stems("rise noise"), ["rise", "nois"]);
        assert!(BRITISH.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn other_words_are_stemmed_as_snowball_does() {
        assert_eq!(
            stems("Running buckets encrypted"),
            ["run", "bucket", "encrypt"]
        );
        assert_eq!(stems("queries customers"), ["queri", "customer"]);
    }
}
