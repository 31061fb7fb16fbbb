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

use crate::stem_word::{americanize, kept_apart};
use std::borrow::Cow;
use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A tantivy token filter: Snowball English, except for `stem_word::KEPT_APART`.
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
    use crate::stem_word::{BRITISH, KEPT_APART};
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
