//! Every knob of the ranking in one place.

use serde::{Deserialize, Serialize};

/// The knobs of the ranking, with the values we settled on by measuring (`svcmatch eval`).
/// Kept in one struct so that an experiment can change them without recompiling (`eval --tuning`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tuning {
    /// Weight of a word added because it means the same as a phrase of the question; the
    /// user's own words weigh 1.
    pub synonym: f32,
    /// Weight of a correction at edit distance 1 and 2 of a word the knowledge base does not know.
    pub typo_1: f32,
    pub typo_2: f32,
    /// How much an entry's best passage adds to its whole-entry score. A question whose words
    /// fall together in one use case is stronger evidence than the same words spread out.
    pub passage_weight: f32,
    /// How much a hit counts in each field, in the order of `index::ENTRY_FIELDS`: name,
    /// aliases, keywords, summary, use cases, the user's notes, description. Names and aliases
    /// are short and nearly decisive; keywords are chosen to be distinctive; the summary is one
    /// curated line; descriptions are long and mention neighbours ("unlike CloudTrail, …"), so
    /// their words are the weakest evidence.
    pub field_boosts: [f32; 7],
    /// Confidence is a softmax over the top scores with this temperature, relative to the top
    /// score (so that it does not depend on how long the question is).
    pub temperature: f32,
    /// When the question says what it asks for ("Which service …", "Which pillar …"), entries
    /// of other kinds are multiplied by this.
    pub other_kind: f32,
    /// When the question asks for a service, features are multiplied by this (a feature is
    /// part of a service; the exam's "which service" means the service).
    pub feature_for_service: f32,
    /// In a question of at least `long_question` terms, an entry named in the question is
    /// context ("Amazon S3 already stores the logs …"), rarely the answer: multiplied by this.
    pub named_in_question: f32,
    pub long_question: usize,
    /// In a query of at most `name_lookup` terms, an entry named by the user is what they are
    /// asking about ("guardduty findings"): multiplied by this. (Longer short queries name
    /// services as context as often as exam questions do: "scan EC2 instances for CVEs".)
    pub named_in_short_query: f32,
    pub name_lookup: usize,
    /// Exponent of the share of the question an entry covers (0 turns it off).
    pub coverage: f32,
    /// A service scores at least this share of its best-scoring part ("S3 static website
    /// hosting" fits → "Amazon S3" fits too), before the question-type prior.
    pub child_share: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            synonym: 0.5,
            typo_1: 0.7,
            typo_2: 0.5,
            passage_weight: 2.0,
            field_boosts: [2.0, 2.0, 2.0, 1.5, 1.5, 1.0, 0.6],
            temperature: 0.12,
            other_kind: 0.7,
            feature_for_service: 0.7,
            named_in_question: 0.7,
            long_question: 8,
            named_in_short_query: 1.5,
            name_lookup: 3,
            child_share: 0.7,
            coverage: 0.5,
        }
    }
}

/// The contrast between the first two is shown when the second scores at least this share of
/// the first: then the difference between them is what the reader needs.
pub(super) const CLOSE_RUNNER_UP: f32 = 0.5;
/// How many of the best candidates are weighed by how much of the question they cover.
pub(super) const COVERAGE_POOL: usize = 40;
/// How many candidates share the confidence mass.
pub(super) const SOFTMAX_POOL: usize = 10;
/// Below this confidence the first answer is reported as "no confident match".
pub const CONFIDENT: f32 = 0.25;
