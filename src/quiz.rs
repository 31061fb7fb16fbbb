//! Practice questions: made from the knowledge base's use cases (or read from a question bank),
//! answered, and scored. Everything here is plain data; `quiz_output` prints it and
//! `cmd::quiz` runs the session.
//!
//! A generated question turns one use case of an entry into an exam-style scenario. Its
//! distractors are the entries the ranker itself scores closest for that scenario, from the same
//! exam domain and kind where possible, so that they are plausible rather than random.

use crate::cmd::eval::Labelled;
use crate::index::SearchIndex;
use crate::knowledge::KnowledgeBase;
use crate::model::{Domain, Entry, Kind, Text};
use crate::progress::Progress;
use crate::quiz_multi;
use crate::rank::{RankOptions, Ranker};
use crate::resolve::{Resolution, names_of, normalize, resolve, resolve_choice};
use anyhow::Result;
use rand::RngExt;
use rand::seq::SliceRandom;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// Options of a generated question: the answer and three distractors.
pub const OPTION_COUNT: usize = 4;
/// How many ranked entries distractors are chosen from.
pub(crate) const CANDIDATE_POOL: usize = 40;
/// The mock exam, as the CLF-C02 exam: 65 questions in 90 minutes, 70 % to pass.
pub const EXAM_QUESTIONS: usize = 65;
pub const EXAM_SECONDS: u64 = 90 * 60;
pub const PASS_MARK: f64 = 0.70;
pub const DEFAULT_COUNT: usize = 10;
/// Letters name the options; a bank question may have more than four.
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Who the scenario is about; varied so that questions do not all read alike.
pub(crate) const LEADS: [&str; 4] = [
    "A team needs to",
    "A company wants to",
    "A developer has to",
    "A startup needs to",
];

/// First words of use cases that are already questions ("which service …").
const QUESTION_WORDS: [&str; 13] = [
    "which", "what", "who", "whom", "where", "when", "why", "how", "is", "are", "can", "should",
    "does",
];
/// First words of use cases that are situations rather than tasks ("a beginner wants …").
const SITUATION_WORDS: [&str; 9] = [
    "a", "an", "the", "if", "my", "our", "after", "before", "during",
];

/// Words that, second in a use case, show it is a statement ("application must keep running
/// …"), not a task.
const FINITE_VERBS: [&str; 15] = [
    "must", "should", "is", "are", "was", "were", "needs", "wants", "has", "can", "cannot", "will",
    "want", "need", "have",
];

/// One option as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizOption {
    pub text: String,
    /// The entry the option names; `None` for a bank option that names no entry.
    pub entry: Option<usize>,
}

/// Where a question came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A use case of the answer; `masked` when the use case named the answer and the name was
    /// replaced ("this service").
    UseCase { text: String, masked: bool },
    /// A line of a question bank.
    Bank { line: usize, id: Option<String> },
    /// A term of art that every answer of a question with several answers lists among its
    /// keywords (see `quiz_multi`).
    Term { term: String },
}

/// One question, ready to ask.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub prompt: String,
    pub options: Vec<QuizOption>,
    /// Index into `options` of the right answer (the first, when there are several).
    pub correct: usize,
    /// The other right options of a question with several answers ("Choose TWO"); empty
    /// otherwise.
    pub also_correct: Vec<usize>,
    /// The entry that answers it; `None` for a bank answer that is not in the knowledge base.
    pub entry: Option<usize>,
    pub domain: Option<Domain>,
    pub origin: Origin,
}

impl Question {
    pub fn is_right(&self, option: usize) -> bool {
        option == self.correct || self.also_correct.contains(&option)
    }

    /// Every right option, in the order shown.
    pub fn right_options(&self) -> Vec<usize> {
        let mut all = vec![self.correct];
        all.extend(&self.also_correct);
        all.sort_unstable();
        all
    }
}

/// The letter of option `i`: 0 → 'A'.
pub fn letter(i: usize) -> char {
    LETTERS.get(i).map_or('?', |&b| b as char)
}

/// Entries a question can be made about: not the user's own note topics, in `domain` if given.
pub fn askable(kb: &KnowledgeBase, domain: Option<Domain>) -> Vec<usize> {
    (0..kb.len())
        .filter(|&i| {
            let e = &kb.entries[i];
            e.kind != Kind::Note && !e.use_cases.is_empty() && domain.is_none_or(|d| e.domain == d)
        })
        .collect()
}

/// `count` different entries, at random.
pub fn pick<R: rand::Rng>(
    kb: &KnowledgeBase,
    domain: Option<Domain>,
    count: usize,
    rng: &mut R,
) -> Vec<usize> {
    let mut pool = askable(kb, domain);
    pool.shuffle(rng);
    pool.truncate(count);
    pool
}

/// How many of `total` exam questions each domain gets: proportional to the exam's weights,
/// rounded by largest remainder so that the counts add up to `total`.
pub fn exam_quota(total: usize) -> Vec<(Domain, usize)> {
    let weight_sum: usize = Domain::ALL.iter().map(|d| d.exam_weight() as usize).sum();
    let mut quota: Vec<(Domain, usize, usize)> = Domain::ALL
        .iter()
        .map(|&d| {
            let exact = total * d.exam_weight() as usize;
            (d, exact / weight_sum, exact % weight_sum)
        })
        .collect();
    let given: usize = quota.iter().map(|q| q.1).sum();
    let mut by_remainder: Vec<usize> = (0..quota.len()).collect();
    by_remainder.sort_by(|&a, &b| quota[b].2.cmp(&quota[a].2).then(a.cmp(&b)));
    for &i in by_remainder.iter().take(total - given) {
        quota[i].1 += 1;
    }
    quota.into_iter().map(|(d, n, _)| (d, n)).collect()
}

/// A mock exam's questions: each domain's quota drawn at random, then all shuffled together.
pub fn exam_questions<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    total: usize,
    rng: &mut R,
) -> Result<Vec<Question>> {
    let mut out = Vec::with_capacity(total);
    for (domain, n) in exam_quota(total) {
        let pool = pick(kb, Some(domain), usize::MAX, rng);
        out.extend(questions_for(kb, ranker, &pool, n, rng)?);
    }
    out.shuffle(rng);
    Ok(out)
}

/// A review session: the entries due at `now`, weakest first; then, to make up `count`, entries
/// never practised, then any others. Returns the entries and how many of them were due.
pub fn pick_review<R: rand::Rng>(
    kb: &KnowledgeBase,
    progress: &Progress,
    now: i64,
    domain: Option<Domain>,
    count: usize,
    rng: &mut R,
) -> (Vec<usize>, usize) {
    let allowed: HashSet<usize> = askable(kb, domain).into_iter().collect();
    let mut out: Vec<usize> = progress
        .due(now)
        .into_iter()
        .filter_map(|(id, _)| kb.index_of(id))
        .filter(|i| allowed.contains(i))
        .take(count)
        .collect();
    let due = out.len();
    let mut rest: Vec<usize> = pick(kb, domain, usize::MAX, rng)
        .into_iter()
        .filter(|i| !out.contains(i))
        .collect();
    // Stable: keeps the random order within "never seen" and "seen".
    rest.sort_by_key(|&i| progress.entries.contains_key(kb.entries[i].id.as_ref()));
    out.extend(rest.into_iter().take(count - due));
    (out, due)
}

/// Every way the entry is named, as sequences of stems ("AWS Shield Advanced" → [shield, advanc]).
fn name_stems(index: &SearchIndex, e: &Entry) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = names_of(e)
        .iter()
        .map(|n| {
            index
                .tokens(&n.replace('-', " "))
                .into_iter()
                // By the word as written: the stemmer makes "aws" "aw".
                .filter(|t| t.raw != "aws" && t.raw != "amazon")
                .map(|t| t.stem)
                .collect::<Vec<_>>()
        })
        // A one-letter name would be found in every sentence.
        .filter(|s: &Vec<String>| !(s.is_empty() || s.len() == 1 && s[0].chars().count() < 2))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Byte ranges of `text` where the entry is named, merged and in order.
pub fn mentions(index: &SearchIndex, e: &Entry, text: &str) -> Vec<Range<usize>> {
    let tokens = index.tokens(text);
    let mut found: Vec<Range<usize>> = Vec::new();
    for name in name_stems(index, e) {
        for start in 0..tokens.len() {
            let window = tokens.get(start..start + name.len());
            if window.is_some_and(|w| w.iter().zip(&name).all(|(t, n)| &t.stem == n)) {
                // "Amazon GuardDuty": the vendor goes with the name.
                let first = match start.checked_sub(1).map(|p| tokens[p].raw.as_str()) {
                    Some("aws" | "amazon") => start - 1,
                    _ => start,
                };
                found.push(tokens[first].range.start..tokens[start + name.len() - 1].range.end);
            }
        }
    }
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in found {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The mentions that give the answer away. For a concept or pillar, any mention. For a service
/// or feature, only a mention written as a name ("Kafka", "AWS Backup", "S3"): "backups" in
/// lower case is the thing the service does, and the exam says it just as plainly.
pub fn giveaways(index: &SearchIndex, e: &Entry, text: &str) -> Vec<Range<usize>> {
    let mut found = mentions(index, e, text);
    if matches!(e.kind, Kind::Service | Kind::Feature) {
        found.retain(|r| {
            text[r.clone()]
                .chars()
                .any(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    }
    found
}

/// How awkward masking a use case would read: a name inside a compound ("Kafka-compatible")
/// leaves "this service-compatible".
fn masking_awkwardness(text: &str, found: &[Range<usize>]) -> usize {
    found
        .iter()
        .map(|r| {
            let joined =
                text[..r.start].ends_with(['-', '/']) || text[r.end..].starts_with(['-', '/']);
            1 + 10 * usize::from(joined)
        })
        .sum()
}

/// The use case with every mention that gives the entry away replaced by "this service" (or
/// feature, …).
pub fn mask(index: &SearchIndex, e: &Entry, text: &str) -> String {
    let stand_in = match e.kind {
        Kind::Service => "this service",
        Kind::Feature => "this feature",
        Kind::Concept => "this concept",
        Kind::Pillar => "this pillar",
        Kind::Note => "this topic",
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in giveaways(index, e, text) {
        out.push_str(without_article(&text[at..r.start]));
        out.push_str(stand_in);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The text before a masked name without the article that led into it: "the AWS Discussion
/// Forums that …" becomes "this concept that …", not "the this concept that …".
fn without_article(before: &str) -> &str {
    for article in ["the ", "a ", "an "] {
        let Some(cut) = before.len().checked_sub(article.len()) else {
            continue;
        };
        // `get` is `None` when `cut` falls inside a letter of several bytes: no article there.
        let (Some(head), Some(tail)) = (before.get(..cut), before.get(cut..)) else {
            continue;
        };
        if (head.is_empty() || head.ends_with(' ')) && tail.eq_ignore_ascii_case(article) {
            return head;
        }
    }
    before
}

/// The question to ask after the scenario, by kind of answer.
fn ask_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Service => "Which AWS service fits?",
        Kind::Feature => "Which AWS service or feature fits?",
        Kind::Concept => "Which concept does this describe?",
        Kind::Pillar => "Which pillar of the AWS Well-Architected Framework does this describe?",
        Kind::Note => "Which topic fits?",
    }
}

/// A use case in the first person ("a key I control", "our servers") retold about the team in
/// the lead.
fn third_person(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    let mut previous_was_i = false;
    for w in words {
        let (core, tail) = w.split_at(w.trim_end_matches([',', '.', ';', ':', ')']).len());
        let replaced = match core {
            "I" => Some("they"),
            "I'm" => Some("they're"),
            "my" => Some("their"),
            "me" => Some("them"),
            "mine" => Some("theirs"),
            "myself" => Some("themselves"),
            "we" => Some("they"),
            "We" => Some("They"),
            "we're" => Some("they're"),
            "our" => Some("their"),
            "Our" => Some("Their"),
            "us" => Some("them"),
            "ours" => Some("theirs"),
            "ourselves" => Some("themselves"),
            "am" if previous_was_i => Some("are"),
            "was" if previous_was_i => Some("were"),
            _ => None,
        };
        previous_was_i = core == "I";
        match replaced {
            Some(r) => out.push(format!("{r}{tail}")),
            None => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Which AWS service is …?": the question for a use case that is a description rather than a
/// task or a situation ("a pool of technical account managers instead of a designated one").
fn which_is(kind: Kind) -> &'static str {
    match kind {
        Kind::Service => "Which AWS service is",
        Kind::Feature => "Which AWS service or feature is",
        Kind::Concept => "Which concept is",
        Kind::Pillar => "Which pillar of the AWS Well-Architected Framework is",
        Kind::Note => "Which topic is",
    }
}

/// Words that, before any verb, show that a use case starting with "a"/"the" is a noun phrase
/// ("a file system that grows …", "a pool of …"), not a sentence.
const NOUN_PHRASE_LINKS: [&str; 10] = [
    "that", "which", "whose", "where", "who", "whom", "of", "for", "with", "to",
];

/// Whether a use case that starts with an article or a possessive is a sentence with its own verb
/// ("a startup wants …", "the primary database is overloaded …") rather than a noun phrase. A
/// heuristic over the words before the first linking word: a finite verb of `FINITE_VERBS`, or a
/// lower-case word in -s that follows the subject ("a launch fails", "the CISO builds").
pub fn is_clause(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    for (i, w) in words.iter().enumerate().skip(1) {
        let lower = w.to_lowercase();
        if NOUN_PHRASE_LINKS.contains(&lower.as_str()) {
            return false;
        }
        if FINITE_VERBS.contains(&lower.as_str()) {
            return true;
        }
        let plain = w.chars().all(|c| c.is_ascii_lowercase());
        if i >= 2 && plain && w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            return true;
        }
    }
    false
}

/// Whether a text opens with a subject and its verb ("developers only want …", "users need
/// …"): a sentence. A verb further in belongs to a clause inside a description ("30-minute
/// response when a system is down").
fn subject_then_verb(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .take(4)
        .map(|w| w.to_lowercase())
        .collect();
    words
        .iter()
        .skip(1)
        .take_while(|w| !NOUN_PHRASE_LINKS.contains(&w.as_str()))
        .any(|w| FINITE_VERBS.contains(&w.as_str()))
}

/// The exam-style wording of a scenario: "A team needs to <use case>. Which AWS service fits?"
/// A use case that is already a question is asked as it is; a situation is stated, then asked; a
/// description is asked about ("Which AWS service is <description>?").
pub fn phrase(kind: Kind, scenario: &str, lead: &str) -> String {
    let scenario = scenario.trim().trim_end_matches(['.', '?', '!']);
    let first = scenario
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let told = third_person(scenario);
    if QUESTION_WORDS.contains(&first.as_str()) {
        return format!("{}?", capitalized(scenario));
    }
    // "An instance is attacking my servers, who do I contact" is a question already.
    if QUESTION_WORDS
        .iter()
        .any(|w| scenario.contains(&format!(", {w} ")))
    {
        return format!("{}?", capitalized(&told));
    }
    let verb_second = scenario
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| FINITE_VERBS.contains(&w.to_lowercase().as_str()));
    if SITUATION_WORDS.contains(&first.as_str()) || verb_second {
        let may_be_description = ["a", "an", "the", "my", "our"].contains(&first.as_str());
        if verb_second || !may_be_description || is_clause(scenario) {
            format!("{}. {}", capitalized(&told), ask_for(kind))
        } else {
            format!("{} {told}?", which_is(kind))
        }
    } else if looks_like_verb(scenario.split_whitespace().next().unwrap_or_default()) {
        format!("{lead} {told}. {}", ask_for(kind))
    } else if subject_then_verb(scenario) {
        // "developers only want to focus on code …" is a situation, not a description.
        format!("{}. {}", capitalized(&told), ask_for(kind))
    } else {
        format!("{} {told}?", which_provides(kind))
    }
}

/// "Which AWS service provides …?": the question for a use case that starts with a noun or an
/// adjective ("disaster recovery with low RPO …", "low-cost hosting for …").
fn which_provides(kind: Kind) -> &'static str {
    match kind {
        Kind::Service => "Which AWS service provides",
        Kind::Feature => "Which AWS service or feature provides",
        Kind::Concept => "Which concept describes",
        Kind::Pillar => "Which pillar of the AWS Well-Architected Framework describes",
        Kind::Note => "Which topic describes",
    }
}

/// The plural forms of [`ask_for`], [`which_is`] and [`which_provides`], for a question with
/// several answers.
fn several_forms(kind: Kind) -> [(&'static str, &'static str); 3] {
    let (ask, is, provides) = match kind {
        Kind::Service => (
            "Which AWS services fit?",
            "Which AWS services are each",
            "Which AWS services provide",
        ),
        Kind::Feature => (
            "Which AWS services or features fit?",
            "Which AWS services or features are each",
            "Which AWS services or features provide",
        ),
        Kind::Concept => (
            "Which concepts does this describe?",
            "Which concepts are each",
            "Which concepts describe",
        ),
        Kind::Pillar => (
            "Which pillars of the AWS Well-Architected Framework does this describe?",
            "Which pillars of the AWS Well-Architected Framework are each",
            "Which pillars of the AWS Well-Architected Framework describe",
        ),
        Kind::Note => (
            "Which topics fit?",
            "Which topics are each",
            "Which topics describe",
        ),
    };
    [
        (ask_for(kind), ask),
        (which_is(kind), is),
        (which_provides(kind), provides),
    ]
}

/// "TWO", "THREE": how the exam writes the number of answers to choose.
pub fn choose_word(n: usize) -> String {
    match n {
        2 => "TWO".into(),
        3 => "THREE".into(),
        4 => "FOUR".into(),
        n => n.to_string(),
    }
}

/// The exam-style wording of a scenario with `n` answers: as [`phrase`], with the question in the
/// plural and "(Choose TWO.)" after it. `None` for a use case that is a question already (it asks
/// for one answer).
pub fn phrase_several(kind: Kind, scenario: &str, lead: &str, n: usize) -> Option<String> {
    let one = phrase(kind, scenario, lead);
    let choose = choose_word(n);
    several_forms(kind)
        .into_iter()
        .find_map(|(single, plural)| {
            if let Some(stated) = one.strip_suffix(single) {
                Some(format!("{stated}{plural} (Choose {choose}.)"))
            } else {
                one.strip_prefix(single)
                    .map(|asked| format!("{plural}{asked} (Choose {choose}.)"))
            }
        })
}

/// Endings of nouns and adjectives that a task ("needs to <verb> …") does not start with.
const NOT_VERB_ENDINGS: [&str; 12] = [
    "ing", "ed", "al", "ic", "ous", "ful", "less", "tion", "sion", "ity", "ery", "ory",
];

/// Verbs with one of those endings.
const VERBS_ALIKE: [&str; 6] = ["bring", "need", "feed", "speed", "embed", "reveal"];

/// First words of our use cases that are nouns or adjectives without a telltale ending.
const NOT_VERBS: [&str; 100] = [
    "about",
    "ai",
    "all",
    "architecture",
    "assistant",
    "basic",
    "benefit",
    "billing",
    "business",
    "capacity",
    "cheap",
    "cheaper",
    "cheapest",
    "cloud",
    "code",
    "cold",
    "columnar",
    "common",
    "concept",
    "cost",
    "critical",
    "data",
    "database",
    "deep",
    "default",
    "disaster",
    "domain",
    "each",
    "enterprise",
    "even",
    "event",
    "fast",
    "fastest",
    "first",
    "flexible",
    "for",
    "framework",
    "free",
    "full",
    "general",
    "highest",
    "hybrid",
    "identity",
    "infrastructure",
    "intelligent",
    "interactive",
    "interface",
    "key",
    "known",
    "largest",
    "least",
    "lowest",
    "machine",
    "model",
    "more",
    "most",
    "near",
    "new",
    "no",
    "official",
    "one",
    "only",
    "opposite",
    "paid",
    "persistent",
    "physical",
    "primary",
    "private",
    "proactive",
    "public",
    "quickest",
    "recovery",
    "remote",
    "reseller",
    "root",
    "same",
    "serverless",
    "service",
    "simple",
    "simplest",
    "single",
    "site",
    "smallest",
    "someone",
    "spot",
    "startup",
    "strategy",
    "template",
    "temporary",
    "term",
    "two",
    "user",
    "very",
    "virtual",
    "visual",
    "we",
    "with",
    "workforce",
    "workload",
    "zero",
];

/// Whether a use case's first word reads as the verb of a task, so that "A team needs to <use
/// case>" is a sentence. A heuristic: no digits, capitals or hyphens, no plural, no ending of a
/// noun or adjective, and not one of the nouns and adjectives our use cases start with.
pub fn looks_like_verb(first: &str) -> bool {
    let word = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase());
    let plural = word.ends_with('s') && !word.ends_with("ss");
    plain
        && !plural
        && (VERBS_ALIKE.contains(&word) || !NOT_VERB_ENDINGS.iter().any(|e| word.ends_with(e)))
        && !NOT_VERBS.contains(&word)
}

/// 0 for services and features, 1 for concepts and pillars: an option of the other group would
/// be ruled out at a glance.
pub(crate) fn kind_group(kind: Kind) -> u8 {
    match kind {
        Kind::Service | Kind::Feature => 0,
        Kind::Concept | Kind::Pillar => 1,
        Kind::Note => 2,
    }
}

/// How a distractor candidate sorts, lowest first: not sharing a telltale word of the answer's
/// name, other domain, other kind group, not ranked, other kind, then its place (ranker order,
/// then shuffled).
type Preference = (bool, bool, bool, bool, bool, usize);

/// A part or a relative of the answer scores below this share of the answer's score for the
/// scenario, or it is not offered: above it, the scenario does not separate the two.
pub(crate) const SEPARATED: f32 = 0.5;

/// Words of names that say nothing about which entry is meant.
const GENERIC_NAME_WORDS: [&str; 4] = ["aws", "amazon", "service", "services"];

/// The forms a word is compared by: its stem, the word as written, and the word without a plain
/// ending (the stemmer keeps "vpcs" whole, and makes "browsing" "brows" but "browser" "browser").
fn forms(t: &crate::index::Token) -> [String; 3] {
    let raw = &t.raw;
    let bare = ["ing", "ers", "er", "ed", "es", "s"]
        .iter()
        .find_map(|e| raw.strip_suffix(e).filter(|b| b.chars().count() >= 3))
        .unwrap_or(raw);
    [t.stem.clone(), raw.clone(), bare.to_string()]
}

/// The words of an entry's name that could give it away when a question uses them, each as its
/// forms: "AWS Elastic Disaster Recovery" → elastic, disaster, recovery.
pub fn name_words(index: &SearchIndex, e: &Entry) -> Vec<(String, [String; 3])> {
    index
        .tokens(&e.name.replace('-', " "))
        .into_iter()
        .filter(|t| t.raw.chars().count() >= 3 && !GENERIC_NAME_WORDS.contains(&t.raw.as_str()))
        .map(|t| (t.raw.clone(), forms(&t)))
        .collect()
}

/// Words of the answer's name (`right`) that `text` uses and no other option's name has: a
/// reader matching words, not knowledge, would find the answer.
pub fn telltale_words(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    right: usize,
    others: &[usize],
    text: &str,
) -> Vec<String> {
    let said: HashSet<String> = index.tokens(text).iter().flat_map(forms).collect();
    let shared: HashSet<String> = others
        .iter()
        .flat_map(|&o| name_words(index, &kb.entries[o]))
        .flat_map(|(_, f)| f)
        .collect();
    let mut out: Vec<String> = name_words(index, &kb.entries[right])
        .into_iter()
        .filter(|(_, f)| {
            f.iter().any(|x| said.contains(x)) && !f.iter().any(|x| shared.contains(x))
        })
        .map(|(raw, _)| raw)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether `a` is `b` or one of the entries `b` is part of.
fn is_ancestor(kb: &KnowledgeBase, a: usize, b: usize) -> bool {
    let mut at = Some(b);
    for _ in 0..kb.len() {
        match at {
            Some(x) if x == a => return true,
            Some(x) => at = kb.parents[x],
            None => return false,
        }
    }
    false
}

/// Stems of the main name, without the vendor.
fn main_name_stems(index: &SearchIndex, e: &Entry) -> Vec<String> {
    index
        .tokens(&e.name.replace('-', " "))
        .into_iter()
        .filter(|t| t.raw != "aws" && t.raw != "amazon")
        .map(|t| t.stem)
        .collect()
}

fn contains_run(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// Entries so close to each other that one may fit wherever the other does: parts of one
/// another, parts of the same whole, or one named inside the other ("AWS Shield" and "AWS Shield
/// Advanced", "Amazon EC2" and "EC2 instance store").
pub fn related_closely(kb: &KnowledgeBase, index: &SearchIndex, a: usize, b: usize) -> bool {
    if is_ancestor(kb, a, b) || is_ancestor(kb, b, a) {
        return true;
    }
    if kb.parents[a].is_some() && kb.parents[a] == kb.parents[b] {
        return true;
    }
    let (na, nb) = (
        main_name_stems(index, &kb.entries[a]),
        main_name_stems(index, &kb.entries[b]),
    );
    contains_run(&na, &nb) || contains_run(&nb, &na)
}

/// Three (or fewer, in a tiny knowledge base) distractors for `right` in `scenario`: never the
/// right entry, never twice the same, never an entry that lists the same use case, never a whole
/// the answer is part of (it fits too), and a part, sibling or namesake of the answer only when
/// the ranker separates it clearly from the answer for this scenario. Preferred in this order:
/// sharing a word of the answer's name that the scenario uses (so that the word does not give the
/// answer away), same domain, same kind group, scored by the ranker (best first), same kind; the
/// rest of the knowledge base, shuffled, fills in when the ranker finds too few.
pub fn distractors<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    right: usize,
    scenario: &str,
    rng: &mut R,
) -> Result<Vec<usize>> {
    distractors_among(kb, ranker, &[right], &[], scenario, rng)
}

/// Three distractors for a question whose right options are `rights` (the first leads: its
/// domain and kind are preferred). With one right option, as [`distractors`] says. With several,
/// stricter, since a third option that also fits would make the set wrong: no part, sibling or
/// namesake of any answer at all, and only entries the ranker scores under half of the lowest
/// answer for the scenario. Entries in `excluded` are never offered either.
pub fn distractors_among<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    rights: &[usize],
    excluded: &[usize],
    scenario: &str,
    rng: &mut R,
) -> Result<Vec<usize>> {
    let Some(&right) = rights.first() else {
        return Ok(Vec::new());
    };
    let answer = ranker.ask(
        scenario,
        &RankOptions {
            top: CANDIDATE_POOL,
            explain: false,
        },
    )?;
    let ranked: Vec<usize> = answer.matches.iter().map(|m| m.entry).collect();
    let score_of = |i: usize| {
        answer
            .matches
            .iter()
            .find(|m| m.entry == i)
            .map_or(0.0, |m| m.score)
    };
    let right_score = score_of(right);
    let lowest_right = rights
        .iter()
        .map(|&r| score_of(r))
        .fold(f32::INFINITY, f32::min);
    let mut rest: Vec<usize> = (0..kb.len()).filter(|i| !ranked.contains(i)).collect();
    rest.shuffle(rng);
    let target = &kb.entries[right];
    let same_text = normalize(scenario);
    let telltale_forms: HashSet<String> = rights
        .iter()
        .flat_map(|&r| {
            let telltale = telltale_words(kb, ranker.index, r, &[], scenario);
            name_words(ranker.index, &kb.entries[r])
                .into_iter()
                .filter(move |(raw, _)| telltale.contains(raw))
                .flat_map(|(_, f)| f)
        })
        .collect();
    let eligible = |i: usize| {
        let e = &kb.entries[i];
        if rights.contains(&i)
            || excluded.contains(&i)
            || e.kind == Kind::Note
            || e.use_cases.iter().any(|u| normalize(u) == same_text)
            || rights.iter().any(|&r| is_ancestor(kb, i, r))
        {
            return false;
        }
        if rights.len() > 1 {
            return !rights
                .iter()
                .any(|&r| related_closely(kb, ranker.index, i, r))
                && score_of(i) < SEPARATED * lowest_right;
        }
        !related_closely(kb, ranker.index, i, right)
            || (right_score > 0.0 && score_of(i) < SEPARATED * right_score)
    };
    let mut pool: Vec<(usize, Preference)> = ranked
        .iter()
        .map(|&i| (i, true))
        .chain(rest.iter().map(|&i| (i, false)))
        .enumerate()
        .filter(|(_, (i, _))| eligible(*i))
        .map(|(order, (i, was_ranked))| {
            let e = &kb.entries[i];
            let shares_telltale = !telltale_forms.is_empty()
                && name_words(ranker.index, e)
                    .iter()
                    .any(|(_, f)| f.iter().any(|x| telltale_forms.contains(x)));
            let key = (
                !shares_telltale,
                e.domain != target.domain,
                kind_group(e.kind) != kind_group(target.kind),
                !was_ranked,
                e.kind != target.kind,
                order,
            );
            (i, key)
        })
        .collect();
    pool.sort_by_key(|(_, key)| *key);
    let mut out: Vec<usize> = Vec::with_capacity(OPTION_COUNT - 1);
    for (i, _) in pool {
        if !out.contains(&i) {
            out.push(i);
        }
        if out.len() == OPTION_COUNT - 1 {
            break;
        }
    }
    Ok(out)
}

/// The texts a question about `entry` can be made from, each with whether the name was masked:
/// the use cases that do not name it, or, when all do, the ones that read best masked.
pub fn scenarios_of(index: &SearchIndex, e: &Entry) -> Vec<(String, bool)> {
    let found: Vec<(&Text, Vec<Range<usize>>)> = e
        .use_cases
        .iter()
        .map(|u| (u, giveaways(index, e, u)))
        .collect();
    let clean: Vec<(String, bool)> = found
        .iter()
        .filter(|(_, g)| g.is_empty())
        .map(|(u, _)| (u.to_string(), false))
        .collect();
    if !clean.is_empty() {
        return clean;
    }
    let least = found
        .iter()
        .map(|(u, g)| masking_awkwardness(u, g))
        .min()
        .unwrap_or(0);
    found
        .iter()
        .filter(|(u, g)| masking_awkwardness(u, g) == least)
        .map(|(u, _)| (mask(index, e, u), true))
        .collect()
}

/// The question about `entry` made from one scenario (see [`scenarios_of`]), or `None` when it
/// would give the answer away: a word of the answer's name that no other option shares.
pub fn question_from<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    entry: usize,
    scenario: &str,
    masked: bool,
    rng: &mut R,
) -> Result<Option<Question>> {
    let e = &kb.entries[entry];
    let lead = LEADS[rng.random_range(0..LEADS.len() as u32) as usize];
    let prompt = phrase(e.kind, scenario, lead);
    let others = distractors(kb, ranker, entry, scenario, rng)?;
    if !telltale_words(kb, ranker.index, entry, &others, &prompt).is_empty() {
        return Ok(None);
    }
    let mut entries = vec![entry];
    entries.extend(others);
    entries.shuffle(rng);
    let correct = entries.iter().position(|&i| i == entry).unwrap_or(0);
    Ok(Some(Question {
        prompt,
        options: entries
            .into_iter()
            .map(|i| QuizOption {
                text: kb.entries[i].name.to_string(),
                entry: Some(i),
            })
            .collect(),
        correct,
        also_correct: Vec::new(),
        entry: Some(entry),
        domain: Some(e.domain),
        origin: Origin::UseCase {
            text: scenario.to_string(),
            masked,
        },
    }))
}

/// A question about `entry`, from one of its scenarios at random (the others are tried when one
/// would give the answer away); `None` when every scenario would.
pub fn question_for<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    entry: usize,
    rng: &mut R,
) -> Result<Option<Question>> {
    let mut scenarios = scenarios_of(ranker.index, &kb.entries[entry]);
    scenarios.shuffle(rng);
    for (scenario, masked) in scenarios {
        if let Some(q) = question_from(kb, ranker, entry, &scenario, masked, rng)? {
            return Ok(Some(q));
        }
    }
    Ok(None)
}

/// Questions about the first `count` entries of `entries` that can be asked, in that order. About
/// one in eight ([`quiz_multi::SHARE`]) has several answers: from the middle of each eighth on, the
/// next drawn entry that shares a need with others is asked together with them ("Choose TWO."),
/// and those others are not asked again. A session too short for one such question draws exactly as it
/// would without them.
pub fn questions_for<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    entries: &[usize],
    count: usize,
    rng: &mut R,
) -> Result<Vec<Question>> {
    let several = (count as f64 * quiz_multi::SHARE).round();
    let mut made_several = 0.0;
    let mut taken: HashSet<usize> = HashSet::new();
    let mut out = Vec::with_capacity(count.min(entries.len()));
    // Entries that lead no question with several answers: not tried again.
    let mut single_only: HashSet<usize> = HashSet::new();
    for (at, &e) in entries.iter().enumerate() {
        if out.len() == count {
            break;
        }
        if taken.contains(&e) {
            continue;
        }
        // Spread out: the k-th question with several answers is due halfway through its share.
        let due = made_several < several
            && (made_several + 0.5) * count as f64 <= several * (out.len() + 1) as f64;
        if due {
            // Led by this entry or, when it shares no need, by the next entry in the drawn order
            // that does: only some entries share a need, and waiting for one to come up by
            // itself left a domain's share unmet in about one exam in four.
            let mut made = None;
            for &leader in &entries[at..] {
                if taken.contains(&leader) || single_only.contains(&leader) {
                    continue;
                }
                match quiz_multi::question_for(kb, ranker, leader, &taken, rng)? {
                    Some(q) => {
                        made = Some(q);
                        break;
                    }
                    None => {
                        single_only.insert(leader);
                    }
                }
            }
            if let Some(q) = made {
                taken.extend(quiz_multi::answer_entries(&q));
                out.push(q);
                made_several += 1.0;
                if taken.contains(&e) || out.len() == count {
                    continue;
                }
            }
        }
        if let Some(q) = question_for(kb, ranker, e, rng)? {
            taken.insert(e);
            out.push(q);
        }
    }
    Ok(out)
}

/// A domain as a bank writes it: "security", "Security and Compliance", "domain 2".
pub fn parse_domain(text: &str) -> Option<Domain> {
    let n = normalize(text);
    Domain::ALL.into_iter().find(|d| {
        n == d.as_str()
            || n == normalize(d.title())
            || n.strip_prefix("domain").is_some_and(|rest| {
                rest == (Domain::ALL.iter().position(|x| x == d).unwrap_or(9) + 1).to_string()
            })
    })
}

/// Questions from a bank (the format `eval` reads), in random order, at most `count`, in
/// `domain` if given. Options come from each question's `choices` (shuffled), or are generated
/// like a knowledge-base question's when it has none. A question that cannot be asked is left
/// out with a warning naming its line.
pub fn bank_questions<R: rand::Rng>(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    bank: &[(usize, Labelled)],
    domain: Option<Domain>,
    count: usize,
    rng: &mut R,
) -> Result<(Vec<Question>, Vec<String>)> {
    let mut order: Vec<&(usize, Labelled)> = bank.iter().collect();
    order.shuffle(rng);
    let mut questions = Vec::new();
    let mut warnings = Vec::new();
    for (line, q) in order {
        if questions.len() == count {
            break;
        }
        let several = q.answer.len() > 1;
        if several && (q.choices.is_empty() || q.pick.is_some_and(|n| n != q.answer.len())) {
            warnings.push(format!(
                "line {line}: {} answers need `choices` (and no other `pick`); left out",
                q.answer.len()
            ));
            continue;
        }
        let answer_text = &q.answer[0];
        // The progress file is kept per entry: a question with several answers counts for the
        // first.
        let answer_entry = resolve(kb, answer_text).entry();
        let question_domain = q
            .domain
            .as_deref()
            .and_then(parse_domain)
            .or_else(|| answer_entry.map(|i| kb.entries[i].domain));
        if domain.is_some() && question_domain != domain {
            continue;
        }
        let origin = Origin::Bank {
            line: *line,
            id: q.id.clone(),
        };
        if q.choices.is_empty() {
            let Some(entry) = answer_entry else {
                warnings.push(format!(
                    "line {line}: the answer {:?} names no entry and there are no choices; left out",
                    answer_text
                ));
                continue;
            };
            let mut entries = vec![entry];
            entries.extend(distractors(kb, ranker, entry, &q.question, rng)?);
            entries.shuffle(rng);
            questions.push(Question {
                prompt: q.question.clone(),
                correct: entries.iter().position(|&i| i == entry).unwrap_or(0),
                options: entries
                    .into_iter()
                    .map(|i| QuizOption {
                        text: kb.entries[i].name.to_string(),
                        entry: Some(i),
                    })
                    .collect(),
                also_correct: Vec::new(),
                entry: Some(entry),
                domain: question_domain,
                origin,
            });
            continue;
        }
        if q.choices.len() > LETTERS.len() {
            warnings.push(format!(
                "line {line}: {} choices, more than {} letters; left out",
                q.choices.len(),
                LETTERS.len()
            ));
            continue;
        }
        let mut options: Vec<QuizOption> = q
            .choices
            .iter()
            .map(|c| QuizOption {
                text: c.clone(),
                entry: resolve_choice(kb, c),
            })
            .collect();
        options.shuffle(rng);
        let find = |answer: &str| {
            let wanted = normalize(answer);
            let entry = resolve(kb, answer).entry();
            options
                .iter()
                .position(|o| normalize(&o.text) == wanted)
                .or_else(|| entry.and_then(|a| options.iter().position(|o| o.entry == Some(a))))
        };
        let mut right = Vec::with_capacity(q.answer.len());
        for answer in &q.answer {
            match find(answer) {
                Some(i) if !right.contains(&i) => right.push(i),
                _ => break,
            }
        }
        if right.len() < q.answer.len() {
            warnings.push(format!(
                "line {line}: the answer {:?} is not among the choices; left out",
                q.answer.join(" + ")
            ));
            continue;
        }
        let correct = right[0];
        questions.push(Question {
            prompt: q.question.clone(),
            entry: answer_entry.or(options[correct].entry),
            options,
            correct,
            also_correct: right[1..].to_vec(),
            domain: question_domain,
            origin,
        });
    }
    Ok((questions, warnings))
}

/// How an answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Letter,
    Name,
    /// A near miss of an option's name, forgiven.
    Typo,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Letter => "letter",
            Via::Name => "name",
            Via::Typo => "typo",
        }
    }
}

/// What a line typed in answer to a question means.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    Chosen {
        option: usize,
        via: Via,
    },
    /// The letters of a question with several answers.
    ChosenSet(Vec<usize>),
    /// A question with several answers answered with another number of letters.
    WrongCount {
        wanted: usize,
    },
    Empty,
    /// A single letter past the last option.
    NoSuchLetter(char),
    /// Names an entry that is not among the options.
    NotAnOption(usize),
    /// Close to several entries.
    Ambiguous(Vec<usize>),
    /// Names nothing known.
    Unknown,
}

/// Reads an answer: a letter (any case, "b)" too), an option's text, or a name resolved like
/// `show` resolves it; a near miss counts only when it is one of the options.
pub fn read_answer(kb: &KnowledgeBase, q: &Question, input: &str) -> Reading {
    let text = input.trim();
    if text.is_empty() {
        return Reading::Empty;
    }
    if !q.also_correct.is_empty() {
        return read_letters(q, text);
    }
    let bare = text.trim_end_matches([')', '.', ':']).trim();
    let mut chars = bare.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphabetic()
    {
        let upper = c.to_ascii_uppercase();
        let i = usize::from(upper as u8 - b'A');
        return if i < q.options.len() {
            Reading::Chosen {
                option: i,
                via: Via::Letter,
            }
        } else {
            Reading::NoSuchLetter(upper)
        };
    }
    let wanted = normalize(text);
    if let Some(i) = q.options.iter().position(|o| normalize(&o.text) == wanted) {
        return Reading::Chosen {
            option: i,
            via: Via::Name,
        };
    }
    let option_of = |entry: usize| q.options.iter().position(|o| o.entry == Some(entry));
    match resolve(kb, text) {
        Resolution::Exact(e) => {
            option_of(e).map_or(Reading::NotAnOption(e), |option| Reading::Chosen {
                option,
                via: Via::Name,
            })
        }
        Resolution::Near(e, _) => {
            option_of(e).map_or(Reading::NotAnOption(e), |option| Reading::Chosen {
                option,
                via: Via::Typo,
            })
        }
        Resolution::Ambiguous(candidates) => Reading::Ambiguous(candidates),
        Resolution::Unknown(_) => Reading::Unknown,
    }
}

/// The answer to a question with several answers: letters, as "a c", "a,c" or "ac".
fn read_letters(q: &Question, text: &str) -> Reading {
    let wanted = 1 + q.also_correct.len();
    let letters: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !",;+/&)".contains(*c))
        .collect();
    if !letters.iter().all(char::is_ascii_alphabetic) {
        return Reading::WrongCount { wanted };
    }
    let mut chosen: Vec<usize> = Vec::with_capacity(letters.len());
    for c in letters {
        let upper = c.to_ascii_uppercase();
        let i = usize::from(upper as u8 - b'A');
        if i >= q.options.len() {
            return Reading::NoSuchLetter(upper);
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    if chosen.len() != wanted {
        return Reading::WrongCount { wanted };
    }
    chosen.sort_unstable();
    Reading::ChosenSet(chosen)
}

/// One answered question.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// 1-based position in the session.
    pub number: usize,
    /// The option chosen (the first, for a question with several answers).
    pub chosen: usize,
    /// The other options chosen, for a question with several answers.
    pub also_chosen: Vec<usize>,
    pub via: Via,
    pub correct: bool,
}

impl Outcome {
    pub fn new(number: usize, q: &Question, chosen: usize, via: Via) -> Outcome {
        Outcome {
            number,
            chosen,
            also_chosen: Vec::new(),
            via,
            correct: q.right_options() == [chosen],
        }
    }

    /// Right only when the set is exactly the right options.
    pub fn new_set(number: usize, q: &Question, mut chosen: Vec<usize>) -> Outcome {
        chosen.sort_unstable();
        Outcome {
            number,
            correct: chosen == q.right_options(),
            chosen: chosen.first().copied().unwrap_or(0),
            also_chosen: chosen.get(1..).map(<[usize]>::to_vec).unwrap_or_default(),
            via: Via::Letter,
        }
    }

    /// Every option chosen.
    pub fn all_chosen(&self) -> Vec<usize> {
        let mut all = vec![self.chosen];
        all.extend(&self.also_chosen);
        all
    }
}

/// What separates a wrong choice from the right answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// The knowledge base's own contrast between the two.
    Contrast(String),
    /// No contrast is written down: the two summaries side by side.
    Summaries { chosen: usize, right: usize },
}

pub fn difference(kb: &KnowledgeBase, q: &Question, outcome: &Outcome) -> Option<Difference> {
    if outcome.correct {
        return None;
    }
    let chosen = q.options.get(outcome.chosen)?.entry?;
    let right = q.entry?;
    Some(
        match kb.contrast(&kb.entries[chosen].id, &kb.entries[right].id) {
            Some(text) => Difference::Contrast(text.to_string()),
            None => Difference::Summaries { chosen, right },
        },
    )
}

/// Why an option is not the answer.
#[derive(Debug, Clone, PartialEq)]
pub enum WhyNot {
    /// The knowledge base's contrast between the option and the right answer: the sentence that
    /// separates them.
    Contrast(String),
    /// No contrast is written down: what the option is, so that the reader can tell the two apart.
    Summary(String),
    /// A bank option that names no entry of the knowledge base.
    Unknown,
}

/// One line for every option that is not the answer, in the order shown. With several answers,
/// the contrast is with the first right option that has one.
pub fn why_not(kb: &KnowledgeBase, q: &Question) -> Vec<(usize, WhyNot)> {
    let rights: Vec<&str> = q
        .right_options()
        .iter()
        .filter_map(|&i| q.options[i].entry)
        .chain(q.entry)
        .map(|e| kb.entries[e].id.as_ref())
        .collect();
    (0..q.options.len())
        .filter(|&i| !q.is_right(i))
        .map(|i| {
            let why = match q.options[i].entry {
                None => WhyNot::Unknown,
                Some(e) => {
                    let option = &kb.entries[e];
                    match rights.iter().find_map(|r| kb.contrast(&option.id, r)) {
                        Some(text) => WhyNot::Contrast(text.to_string()),
                        None => WhyNot::Summary(option.summary.to_string()),
                    }
                }
            };
            (i, why)
        })
        .collect()
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Completed,
    /// Standard input closed before every question was answered.
    EndOfInput,
    TimeUp,
    /// Ctrl-C: the answers given so far are kept and scored.
    Interrupted,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Completed => "completed",
            Ending::EndOfInput => "end_of_input",
            Ending::TimeUp => "time_up",
            Ending::Interrupted => "interrupted",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainScore {
    pub domain: Option<Domain>,
    pub correct: usize,
    pub total: usize,
}

/// A question answered wrongly.
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    pub number: usize,
    pub entry: Option<usize>,
    /// The right option's text.
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExamVerdict {
    pub pass_mark: f64,
    pub passed: bool,
}

/// The end-of-session report.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub planned: usize,
    pub answered: usize,
    /// How many answers went into the progress file (bank answers that name no entry do not).
    pub saved: usize,
    pub correct: usize,
    /// What the score is out of: the answered questions, or in an exam every planned question
    /// (an unanswered exam question counts as wrong).
    pub out_of: usize,
    pub score: f64,
    pub by_domain: Vec<DomainScore>,
    pub missed: Vec<Missed>,
    pub ending: Ending,
    pub exam: Option<ExamVerdict>,
}

/// The exam's scaled score, 100 to 1000 with 700 to pass, as the CLF-C02 reports it. AWS does
/// not publish its scaling; this is the straight line through (0 %, 100) and (100 %, 1000), which
/// puts the 70 % pass mark at 730 — an estimate, labelled as one.
pub fn scaled(share: f64) -> u32 {
    (100.0 + 900.0 * share.clamp(0.0, 1.0)).round() as u32
}

/// Scores a session. `planned` holds every planned question's domain, `asked` the questions
/// asked so far (parallel to the start of `planned`), `outcomes` the answers given.
pub fn summarize(
    planned: &[Option<Domain>],
    asked: &[Question],
    outcomes: &[Outcome],
    ending: Ending,
    exam: bool,
) -> Summary {
    let correct = outcomes.iter().filter(|o| o.correct).count();
    let out_of = if exam { planned.len() } else { outcomes.len() };
    let mut by_domain: BTreeMap<Option<Domain>, (usize, usize)> = BTreeMap::new();
    for o in outcomes {
        let d = by_domain.entry(planned[o.number - 1]).or_default();
        d.0 += usize::from(o.correct);
        d.1 += 1;
    }
    if exam {
        // In the exam's own screen questions may be answered in any order.
        let answered: HashSet<usize> = outcomes.iter().map(|o| o.number).collect();
        for (i, d) in planned.iter().enumerate() {
            if !answered.contains(&(i + 1)) {
                by_domain.entry(*d).or_default().1 += 1;
            }
        }
    }
    let missed = outcomes
        .iter()
        .filter(|o| !o.correct)
        .map(|o| {
            let q = &asked[o.number - 1];
            Missed {
                number: o.number,
                entry: q.entry,
                answer: q
                    .right_options()
                    .iter()
                    .map(|&i| q.options[i].text.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            }
        })
        .collect();
    let score = if out_of == 0 {
        0.0
    } else {
        correct as f64 / out_of as f64
    };
    Summary {
        planned: planned.len(),
        answered: outcomes.len(),
        saved: outcomes
            .iter()
            .filter(|o| asked[o.number - 1].entry.is_some())
            .count(),
        correct,
        out_of,
        score,
        by_domain: by_domain
            .into_iter()
            .map(|(domain, (correct, total))| DomainScore {
                domain,
                correct,
                total,
            })
            .collect(),
        missed,
        ending,
        exam: exam.then_some(ExamVerdict {
            pass_mark: PASS_MARK,
            passed: score >= PASS_MARK,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::DataSource;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::sync::OnceLock;

    fn builtin() -> &'static (KnowledgeBase, SearchIndex) {
        static KB: OnceLock<(KnowledgeBase, SearchIndex)> = OnceLock::new();
        KB.get_or_init(|| {
            let kb = KnowledgeBase::load(&DataSource::Embedded).unwrap();
            let index = SearchIndex::build_in_memory(&kb).unwrap();
            (kb, index)
        })
    }

    fn check(kb: &KnowledgeBase, q: &Question) {
        let entries: Vec<usize> = q.options.iter().filter_map(|o| o.entry).collect();
        assert_eq!(q.options.len(), OPTION_COUNT, "{q:?}");
        assert_eq!(entries.len(), OPTION_COUNT);
        let right = q.entry.unwrap();
        assert_eq!(q.options[q.correct].entry, Some(right));
        assert_eq!(
            entries.iter().filter(|&&e| e == right).count(),
            1,
            "the right answer appears once"
        );
        let distinct: HashSet<usize> = entries.iter().copied().collect();
        assert_eq!(distinct.len(), entries.len(), "an option repeats: {q:?}");
        assert!(entries.iter().all(|&e| kb.entries[e].kind != Kind::Note));
    }

    /// Every entry of the built-in knowledge base, asked with one seed: the options are four
    /// different entries, the right one exactly once, and the prompt does not name the answer.
    /// Returns how many distractors share the answer's domain and kind group, of how many.
    fn check_every_entry(seed: u64) -> (usize, usize) {
        let (kb, index) = builtin();
        let ranker = Ranker::new(kb, index);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut alike, mut total) = (0, 0);
        for entry in askable(kb, None) {
            let Some(q) = question_for(kb, &ranker, entry, &mut rng).unwrap() else {
                continue;
            };
            check(kb, &q);
            let e = &kb.entries[entry];
            assert!(
                giveaways(index, e, &q.prompt).is_empty(),
                "{} is named in {:?}",
                e.id,
                q.prompt
            );
            for o in q.options.iter().filter(|o| o.entry != Some(entry)) {
                let d = &kb.entries[o.entry.unwrap()];
                total += 1;
                alike +=
                    usize::from(d.domain == e.domain && kind_group(d.kind) == kind_group(e.kind));
            }
        }
        (alike, total)
    }

    // Two seeds in two tests, so that they run side by side.
    #[test]
    fn distractors_are_sound_for_every_entry_seed_0() {
        let (alike, total) = check_every_entry(0);
        // Every domain has enough entries of each group for three distractors, except the few
        // service entries filed under cloud concepts. Measured with the catalogue of issue 13:
        // 1,369 of 1,446 (94.7 %) on seed 1.
        assert!(alike * 100 >= total * 93, "{alike} of {total}");
    }

    #[test]
    fn distractors_are_sound_for_every_entry_seed_1() {
        let (alike, total) = check_every_entry(1);
        assert!(alike * 100 >= total * 93, "{alike} of {total}");
    }

    #[test]
    fn the_same_seed_gives_the_same_questions() {
        let (kb, index) = builtin();
        let ranker = Ranker::new(kb, index);
        let session = |seed: u64| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let entries = pick(kb, None, usize::MAX, &mut rng);
            questions_for(kb, &ranker, &entries, 5, &mut rng).unwrap()
        };
        assert_eq!(session(42), session(42));
        assert_ne!(session(42), session(43));
    }

    /// A mock exam mixes in questions with several answers at about the exam's share, each
    /// asking for as many letters as it has answers.
    #[test]
    fn a_seeded_exam_has_some_questions_with_several_answers() {
        let (kb, index) = builtin();
        let ranker = Ranker::new(kb, index);
        for seed in [7, 8] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let exam = exam_questions(kb, &ranker, EXAM_QUESTIONS, &mut rng).unwrap();
            assert_eq!(exam.len(), EXAM_QUESTIONS);
            let several: Vec<&Question> =
                exam.iter().filter(|q| !q.also_correct.is_empty()).collect();
            eprintln!("seed {seed}: {} of {}", several.len(), exam.len());
            // One in eight of each domain's quota: 2 + 2 + 3 + 1 when every domain has a group.
            assert!((4..=10).contains(&several.len()), "{}", several.len());
            for q in several {
                let n = q.right_options().len();
                assert!(q.prompt.ends_with(&format!("(Choose {}.)", choose_word(n))));
                assert_eq!(q.options.len(), n + OPTION_COUNT - 1);
            }
            let mut answers: Vec<usize> = exam
                .iter()
                .flat_map(crate::quiz_multi::answer_entries)
                .collect();
            let all = answers.len();
            answers.sort_unstable();
            answers.dedup();
            assert_eq!(answers.len(), all, "an entry answers two questions");
        }
    }

    #[test]
    fn masking_replaces_the_name() {
        let (kb, index) = builtin();
        let e = kb.get("guardduty").unwrap();
        let masked = mask(index, e, "turn on Amazon GuardDuty in every account");
        assert_eq!(masked, "turn on this service in every account");
        // The article before the name goes with it.
        let masked = mask(
            index,
            e,
            "the Amazon GuardDuty detector of a member account",
        );
        assert_eq!(masked, "this service detector of a member account");
        let masked = mask(
            index,
            e,
            "send an Amazon GuardDuty finding to a chat channel",
        );
        assert_eq!(masked, "send this service finding to a chat channel");
        // A letter of several bytes just before the name is no article, and no place to cut.
        let masked = mask(index, e, "turn on ü Amazon GuardDuty");
        assert_eq!(masked, "turn on ü this service");
    }

    #[test]
    fn phrasing_by_form_and_kind() {
        assert_eq!(
            phrase(
                Kind::Service,
                "encrypt a disk with a key I control",
                "A team needs to"
            ),
            "A team needs to encrypt a disk with a key they control. Which AWS service fits?"
        );
        assert_eq!(
            phrase(
                Kind::Concept,
                "which benefit removes the risk of idle resources",
                "x"
            ),
            "Which benefit removes the risk of idle resources?"
        );
        assert_eq!(
            phrase(Kind::Pillar, "a beginner wants my runbooks rehearsed.", "x"),
            "A beginner wants their runbooks rehearsed. Which pillar of the AWS Well-Architected Framework does this describe?"
        );
    }

    #[test]
    fn a_statement_is_not_made_a_task() {
        assert_eq!(
            phrase(
                Kind::Concept,
                "application must keep running if a zone fails",
                "A team needs to"
            ),
            "Application must keep running if a zone fails. Which concept does this describe?"
        );
        // A plural subject and its verb make a sentence too; a verb deep in a relative clause
        // does not.
        assert_eq!(
            phrase(
                Kind::Concept,
                "developers only want to write code while the platform runs it",
                "A team needs to"
            ),
            "Developers only want to write code while the platform runs it. Which concept does this describe?"
        );
        assert!(
            phrase(
                Kind::Feature,
                "one-hour response when a production system is impaired",
                "A team needs to"
            )
            .starts_with("Which ")
        );
    }

    #[test]
    fn lower_case_service_words_are_not_giveaways_but_names_are() {
        let (kb, index) = builtin();
        let backup = kb.get("backup").unwrap();
        assert!(giveaways(index, backup, "copy backups to another Region").is_empty());
        assert!(!giveaways(index, backup, "turn on AWS Backup for the account").is_empty());
    }

    #[test]
    fn exam_quota_follows_the_weights() {
        let quota = exam_quota(EXAM_QUESTIONS);
        let total: usize = quota.iter().map(|q| q.1).sum();
        assert_eq!(total, EXAM_QUESTIONS);
        assert_eq!(
            quota,
            vec![
                (Domain::Concepts, 16),
                (Domain::Security, 19),
                (Domain::Technology, 22),
                (Domain::Billing, 8)
            ]
        );
        assert_eq!(exam_quota(1).iter().map(|q| q.1).sum::<usize>(), 1);
    }

    #[test]
    fn answers_by_letter_name_and_typo() {
        let (kb, index) = builtin();
        let ranker = Ranker::new(kb, index);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let entry = kb.index_of("guardduty").unwrap();
        let q = question_for(kb, &ranker, entry, &mut rng).unwrap().unwrap();
        let at = q.correct;
        let l = letter(at);
        assert_eq!(
            read_answer(kb, &q, &l.to_ascii_lowercase().to_string()),
            Reading::Chosen {
                option: at,
                via: Via::Letter
            }
        );
        assert_eq!(
            read_answer(kb, &q, &format!(" {l}) ")),
            Reading::Chosen {
                option: at,
                via: Via::Letter
            }
        );
        assert_eq!(
            read_answer(kb, &q, "guardduty"),
            Reading::Chosen {
                option: at,
                via: Via::Name
            }
        );
        assert_eq!(
            read_answer(kb, &q, "gaurd duty"),
            Reading::Chosen {
                option: at,
                via: Via::Typo
            }
        );
        assert_eq!(read_answer(kb, &q, "e"), Reading::NoSuchLetter('E'));
        assert_eq!(read_answer(kb, &q, "  "), Reading::Empty);
        assert_eq!(read_answer(kb, &q, "qqqqzzzz"), Reading::Unknown);
        let not_offered = (0..kb.len())
            .find(|i| {
                q.options.iter().all(|o| o.entry != Some(*i))
                    && kb.entries[*i].kind == Kind::Service
            })
            .unwrap();
        assert_eq!(
            read_answer(kb, &q, &kb.entries[not_offered].id),
            Reading::NotAnOption(not_offered)
        );
    }

    #[test]
    fn summary_counts_unanswered_exam_questions_as_wrong() {
        let q = Question {
            prompt: "p".into(),
            options: vec![
                QuizOption {
                    text: "x".into(),
                    entry: None,
                },
                QuizOption {
                    text: "y".into(),
                    entry: None,
                },
            ],
            correct: 0,
            also_correct: Vec::new(),
            entry: None,
            domain: Some(Domain::Billing),
            origin: Origin::Bank { line: 1, id: None },
        };
        let planned = [Some(Domain::Billing), Some(Domain::Security)];
        let outcomes = [Outcome::new(1, &q, 0, Via::Letter)];
        let exam = summarize(
            &planned,
            std::slice::from_ref(&q),
            &outcomes,
            Ending::TimeUp,
            true,
        );
        assert_eq!((exam.correct, exam.out_of), (1, 2));
        assert_eq!(exam.score, 0.5);
        assert_eq!(exam.exam.as_ref().map(|v| v.passed), Some(false));
        assert_eq!(exam.by_domain.len(), 2);
        let practice = summarize(&planned, &[q], &outcomes, Ending::EndOfInput, false);
        assert_eq!((practice.correct, practice.out_of), (1, 1));
        assert!(practice.exam.is_none());
    }
}
