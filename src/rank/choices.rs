//! Multiple choice: ranking only the options of a question.

use super::{Answer, MAX_QUERY_BYTES, RankOptions, Ranker, UnknownChoice};
use anyhow::Result;
use std::collections::HashSet;

impl Ranker<'_> {
    /// Ranks only the given options of a multiple-choice question. Each option is resolved to an
    /// entry like `show` does; options that name no entry are listed after, by their overlap
    /// with the question.
    pub fn ask_choices(
        &self,
        scenario: &str,
        choices: &[String],
        opts: &RankOptions,
    ) -> Result<Answer> {
        let max = crate::limits::MAX_CHOICES;
        if choices.len() > max {
            anyhow::bail!(
                "{} options; a question may have at most {max}",
                choices.len()
            );
        }
        let query = self.analyze(scenario);
        let scores = self.scores(&query)?;
        let mut allowed: Vec<(usize, String)> = Vec::new();
        let mut unknown = Vec::new();
        for choice in choices {
            match crate::resolve::resolve_choice(self.kb, choice) {
                Some(i) if !allowed.iter().any(|(e, _)| *e == i) => {
                    allowed.push((i, choice.clone()))
                }
                Some(_) => {}
                None => unknown.push(choice.clone()),
            }
        }
        let ranked = self.order(&query, &scores, Some(&allowed), allowed.len());
        let mut answer = self.answer(query, &scores, ranked, opts, &allowed);
        let question_stems: HashSet<&str> =
            answer.query.terms.iter().map(|t| t.stem.as_str()).collect();
        answer.unknown_choices = unknown
            .into_iter()
            .map(|choice| {
                let own: HashSet<String> = self
                    .index
                    .tokens(crate::limits::cut(&choice, MAX_QUERY_BYTES))
                    .into_iter()
                    .map(|t| t.stem)
                    .collect();
                let shared = question_stems.iter().filter(|s| own.contains(**s)).count();
                UnknownChoice {
                    choice,
                    overlap: shared as f32 / question_stems.len().max(1) as f32,
                }
            })
            .collect();
        answer
            .unknown_choices
            .sort_by(|a, b| b.overlap.total_cmp(&a.overlap));
        Ok(answer)
    }
}
