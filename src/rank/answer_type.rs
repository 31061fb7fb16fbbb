//! What a question asks for, read from its wording: "Which AWS Support plan …" asks for a support
//! plan, "Which S3 storage class …" for a storage class. The types and their cues are data
//! (`data/answer-types.json`); this module finds the cues in a question's words.

/// The cues of every answer type, as stemmed phrases, in the order of `KnowledgeBase::answer_types`.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    by_type: Vec<Vec<Vec<String>>>,
}

/// How many words after "which" or "what" a cue may stand: "Which AWS Cloud Adoption Framework
/// (AWS CAF) perspective" puts seven words between them.
const WINDOW: usize = 8;

impl Cues {
    /// `stem_phrase` turns a cue as written into the stems the index gives its words.
    pub fn new<'a>(
        types: impl IntoIterator<Item = &'a [String]>,
        stem_phrase: impl Fn(&str) -> Vec<String>,
    ) -> Cues {
        Cues {
            by_type: types
                .into_iter()
                .map(|cues| {
                    cues.iter()
                        .map(|c| stem_phrase(c))
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .collect(),
        }
    }

    /// The cues already stemmed, type by type (`build.rs` stems the embedded ones).
    pub fn from_stems(types: &[&[&[&str]]]) -> Cues {
        Cues {
            by_type: types
                .iter()
                .map(|cues| super::query::owned_phrases(cues))
                .collect(),
        }
    }

    /// The cues of type `t`, stemmed.
    pub fn of_type(&self, t: usize) -> &[Vec<String>] {
        self.by_type.get(t).map_or(&[], Vec::as_slice)
    }

    /// The types a question asks for, one per "which"/"what": the cue nearest after the question
    /// word, the longest cue where two start at the same word. `words` are the question's words
    /// as written (lower case) and `stems` their stems, position by position.
    ///
    /// The stems of the cues found come with them: the words that say what kind of answer is
    /// wanted ("advantage", "storage class") rather than which one.
    pub fn asked_with_cues(&self, words: &[&str], stems: &[&str]) -> (Vec<usize>, Vec<String>) {
        let mut found = Vec::new();
        let mut cue_stems: Vec<String> = Vec::new();
        for (at, word) in words.iter().enumerate() {
            if !matches!(*word, "which" | "what") {
                continue;
            }
            let end = (at + 1 + WINDOW).min(stems.len());
            let best = (at + 1..end).find_map(|start| {
                self.by_type
                    .iter()
                    .enumerate()
                    .flat_map(|(t, cues)| cues.iter().map(move |c| (t, c)))
                    .filter(|(_, cue)| {
                        stems.len() >= start + cue.len()
                            && cue.iter().zip(&stems[start..]).all(|(c, s)| c == s)
                    })
                    .max_by_key(|(t, cue)| (cue.len(), std::cmp::Reverse(*t)))
            });
            if let Some((t, cue)) = best {
                for stem in cue {
                    if !cue_stems.contains(stem) {
                        cue_stems.push(stem.clone());
                    }
                }
                if !found.contains(&t) {
                    found.push(t);
                }
            }
        }
        (found, cue_stems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues() -> Cues {
        let types = [
            vec!["support plan".to_string(), "plan".to_string()],
            vec!["storage class".to_string()],
            vec!["perspective".to_string()],
        ];
        Cues::new(types.iter().map(Vec::as_slice), |c| {
            c.split(' ')
                .map(|w| w.trim_end_matches('s').to_string())
                .collect()
        })
    }

    fn asked(question: &str) -> Vec<usize> {
        let words: Vec<&str> = question.split(' ').collect();
        let stems: Vec<String> = words
            .iter()
            .map(|w| w.trim_end_matches('s').to_string())
            .collect();
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        cues().asked_with_cues(&words, &stems).0
    }

    #[test]
    fn the_cue_after_the_question_word_names_the_type() {
        assert_eq!(asked("which aws support plans offer a tam"), vec![0]);
        assert_eq!(
            asked("a company wants cheap archives which s3 storage class fits"),
            vec![1]
        );
        assert_eq!(
            asked("which aws cloud adoption framework aws caf perspective helps"),
            vec![2]
        );
    }

    #[test]
    fn a_cue_far_from_any_question_word_or_without_one_asks_nothing() {
        assert!(asked("my support plan and my storage class").is_empty());
        assert!(
            asked("which is the cheapest option for one two three four five six seven eight plan")
                .is_empty()
        );
    }
}
