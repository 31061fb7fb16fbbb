//! `svcmatch eval FILE`: ranking quality on labelled questions, through exactly the path `ask` uses.

use super::{Session, print_json};
use crate::config::Config;
use crate::exit;
use crate::knowledge::KnowledgeBase;
use crate::rank::{RankOptions, Ranker, Tuning};
use crate::resolve::resolve;
use crate::text::sanitize;
use anyhow::{Context, Result, anyhow, bail};
use colored::Colorize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// One labelled question (the format `eval` reads and `quiz --bank` practises from).
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    #[serde(default)]
    pub id: Option<String>,
    pub question: String,
    /// One name, or a list for a question with several right answers ("Choose TWO").
    #[serde(deserialize_with = "crate::pick::one_or_more")]
    pub answer: Vec<String>,
    /// How many options answer together; the length of `answer` when absent.
    #[serde(default)]
    pub pick: Option<usize>,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub domain: Option<String>,
    /// The current official name of what `answer` names, when the file has one (real exam
    /// questions print old names and bare words such as "Reliability"; this is the label).
    #[serde(default)]
    pub answer_canonical: Option<String>,
}

/// Which half of a labelled file to evaluate: tuning reads misses on one half only, and the
/// figures that count come from the other half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Tune,
    Check,
}

impl Split {
    /// A stable split by a hash of the question's id (FNV-1a, 64 bits), the question text when it
    /// has none: the same question always falls in the same half, whatever the file's order.
    pub fn holds(self, q: &Labelled) -> bool {
        let key = q.id.as_deref().unwrap_or(&q.question);
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in key.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash.is_multiple_of(2) == (self == Split::Tune)
    }
}

/// Reads a JSON Lines file of labelled questions; errors name the file and line.
pub fn read_labelled(path: &Path) -> Result<Vec<(usize, Labelled)>> {
    let bytes = crate::limits::read_file_limited(path, crate::limits::MAX_INPUT_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        anyhow!("{}:{line}: not valid UTF-8", path.display())
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let q: Labelled = serde_json::from_str(line).map_err(|e| {
            anyhow!(
                "{}:{}: {}",
                path.display(),
                n + 1,
                strip_position(&e.to_string())
            )
        })?;
        if q.question.trim().is_empty() {
            bail!("{}:{}: field `question` is empty", path.display(), n + 1);
        }
        out.push((n + 1, q));
    }
    Ok(out)
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub questions: usize,
    pub top1: usize,
    pub top3: usize,
    pub reciprocal_rank_sum: f64,
    pub with_choices: usize,
    pub choices_correct: usize,
}

impl Tally {
    fn add(&mut self, rank: Option<usize>, choice_correct: Option<bool>) {
        self.questions += 1;
        if let Some(r) = rank {
            self.top1 += usize::from(r == 1);
            self.top3 += usize::from(r <= 3);
            self.reciprocal_rank_sum += 1.0 / r as f64;
        }
        if let Some(c) = choice_correct {
            self.with_choices += 1;
            self.choices_correct += usize::from(c);
        }
    }

    fn figures(&self) -> Figures {
        let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        Figures {
            questions: self.questions,
            top1: share(self.top1, self.questions),
            top3: share(self.top3, self.questions),
            mrr: if self.questions == 0 {
                0.0
            } else {
                self.reciprocal_rank_sum / self.questions as f64
            },
            with_choices: self.with_choices,
            among_choices: share(self.choices_correct, self.with_choices),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub questions: usize,
    pub top1: f64,
    pub top3: f64,
    pub mrr: f64,
    pub with_choices: usize,
    pub among_choices: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub line: usize,
    pub id: Option<String>,
    pub question: String,
    pub expected: String,
    /// `None` when the expected answer is not in the knowledge base.
    pub expected_id: Option<String>,
    pub first: Option<String>,
    pub rank: Option<usize>,
    pub choice_first: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub confidence_from: f64,
    pub confidence_to: f64,
    pub questions: usize,
    pub correct: usize,
    pub share_correct: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub overall: Figures,
    pub by_domain: BTreeMap<String, Figures>,
    /// By the kind of the expected entry (service, feature, concept, pillar); answers that are
    /// not in the knowledge base count under "not in KB".
    pub by_kind: BTreeMap<String, Figures>,
    /// Questions whose expected answer names no entry.
    pub not_in_knowledge_base: usize,
    pub calibration: Vec<Bucket>,
    pub misses: Vec<Miss>,
}

/// Evaluates every labelled question; shared by the command and the regression tests.
pub fn evaluate(
    kb: &KnowledgeBase,
    ranker: &Ranker,
    file: &str,
    questions: &[(usize, Labelled)],
) -> Result<Report> {
    let all = RankOptions {
        top: kb.len(),
        explain: false,
    };
    let mut overall = Tally::default();
    let mut by_domain: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut not_in_knowledge_base = 0;
    let mut buckets = vec![(0usize, 0usize); 10];
    let mut misses = Vec::new();
    for (line, q) in questions {
        // A question with several answers is right only when the whole set is (see `pick`).
        // A single answer's `answer_canonical`, when the file has one, is the label.
        let canonical = match (q.answer.len(), q.answer_canonical.as_deref()) {
            (1, Some(c)) => resolve(kb, c).entry(),
            _ => None,
        };
        let expected_all: Vec<Option<usize>> = q
            .answer
            .iter()
            .map(|a| canonical.or_else(|| resolve(kb, a).entry()))
            .collect();
        let expected = expected_all[0];
        let expected_set: Option<Vec<usize>> = expected_all.iter().copied().collect();
        let n = q.pick.unwrap_or(q.answer.len());
        let answer = ranker.ask(&q.question, &all)?;
        let ranking: Vec<usize> = answer.matches.iter().map(|m| m.entry).collect();
        let rank = expected_set
            .as_ref()
            .and_then(|set| crate::pick::set_rank(&ranking, set));
        let first = answer.matches.first();
        if let Some(m) = first {
            let b = ((m.confidence * 10.0) as usize).min(9);
            buckets[b].0 += 1;
            buckets[b].1 += usize::from(rank == Some(1));
        }
        let names = |entries: &[usize]| -> String {
            let names: Vec<&str> = entries
                .iter()
                .map(|&i| kb.entries[i].name.as_ref())
                .collect();
            names.join(" + ")
        };
        let (choice_correct, choice_first) = if q.choices.is_empty() {
            (None, None)
        } else {
            let mut a = ranker
                .ask_choices(&q.question, &q.choices, &all)
                .with_context(|| format!("{file}:{line}"))?;
            if n > 1 {
                crate::pick::check(n, q.choices.len()).with_context(|| format!("{file}:{line}"))?;
                crate::pick::pick(&mut a, n);
            }
            let mut top: Vec<usize> = a.matches.iter().take(n).map(|m| m.entry).collect();
            let shown = names(&top);
            top.sort_unstable();
            let mut want = expected_set.clone();
            if let Some(w) = &mut want {
                w.sort_unstable();
            }
            // The keyed options themselves, picked as written, are right too: an option the
            // knowledge base holds no entry for ("Data architecture") can still be judged by
            // the passage that holds its words.
            let plain = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
            let mut picked: Vec<String> = a
                .matches
                .iter()
                .take(n)
                .filter_map(|m| m.choice.as_deref().map(plain))
                .collect();
            picked.sort_unstable();
            let mut keyed: Vec<String> = q.answer.iter().map(|s| plain(s)).collect();
            keyed.sort_unstable();
            (
                Some(want.is_some_and(|w| w == top) || picked == keyed),
                (!top.is_empty()).then_some(shown),
            )
        };
        overall.add(rank, choice_correct);
        let domain = q
            .domain
            .clone()
            .or_else(|| expected.map(|e| kb.entries[e].domain.to_string()))
            .unwrap_or_else(|| "unknown".into());
        by_domain
            .entry(domain)
            .or_default()
            .add(rank, choice_correct);
        let kind = match expected {
            Some(e) => kb.entries[e].kind.to_string(),
            None => {
                not_in_knowledge_base += 1;
                "not in KB".to_string()
            }
        };
        by_kind.entry(kind).or_default().add(rank, choice_correct);
        if rank != Some(1) || choice_correct == Some(false) {
            misses.push(Miss {
                line: *line,
                id: q.id.clone(),
                question: q.question.clone(),
                expected: q.answer.join(" + "),
                expected_id: expected_set.as_ref().map(|set| {
                    let ids: Vec<&str> = set.iter().map(|&e| kb.entries[e].id.as_ref()).collect();
                    ids.join(" + ")
                }),
                first: (!ranking.is_empty()).then(|| names(&ranking[..n.min(ranking.len())])),
                rank,
                choice_first,
            });
        }
    }
    Ok(Report {
        file: file.to_string(),
        overall: overall.figures(),
        by_domain: by_domain
            .into_iter()
            .map(|(d, t)| (d, t.figures()))
            .collect(),
        by_kind: by_kind.into_iter().map(|(k, t)| (k, t.figures())).collect(),
        not_in_knowledge_base,
        calibration: buckets
            .into_iter()
            .enumerate()
            .map(|(i, (n, c))| Bucket {
                confidence_from: i as f64 / 10.0,
                confidence_to: (i + 1) as f64 / 10.0,
                questions: n,
                correct: c,
                share_correct: if n == 0 { 0.0 } else { c as f64 / n as f64 },
            })
            .collect(),
        misses,
    })
}

pub fn run(
    config: &Config,
    file: &Path,
    split: Option<Split>,
    list_misses: bool,
    tuning: Option<&str>,
) -> Result<u8> {
    let mut questions = read_labelled(file)?;
    if let Some(split) = split {
        questions.retain(|(_, q)| split.holds(q));
    }
    if questions.is_empty() {
        bail!("{}: no questions", file.display());
    }
    let session = Session::load(config)?;
    let index = session.open_index(config)?;
    let tuning: Tuning = match tuning {
        Some(json) => serde_json::from_str(json).context("--tuning: not a valid tuning")?,
        None => Tuning::default(),
    };
    let ranker = Ranker::with_tuning(&session.kb, &index, tuning);
    let report = evaluate(
        &session.kb,
        &ranker,
        &file.display().to_string(),
        &questions,
    )?;
    if config.json {
        print_json(&report)?;
        return Ok(exit::ANSWERED);
    }
    let mut out = std::io::stdout().lock();
    print_report(&mut out, &report, list_misses)?;
    out.flush()?;
    Ok(exit::ANSWERED)
}

fn pct(x: f64) -> String {
    format!("{:5.1} %", x * 100.0)
}

fn print_report(out: &mut impl Write, r: &Report, list_misses: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        format!("Evaluation of {}", sanitize(&r.file)).bold()
    )?;
    writeln!(
        out,
        "{:<12} {:>9} {:>8} {:>8} {:>7} {:>14}",
        "", "questions", "top-1", "top-3", "MRR", "among choices"
    )?;
    let row = |out: &mut dyn Write, name: &str, f: &Figures| {
        writeln!(
            out,
            "{:<12} {:>9} {:>8} {:>8} {:>7.3} {:>8} ({:>3})",
            name,
            f.questions,
            pct(f.top1),
            pct(f.top3),
            f.mrr,
            pct(f.among_choices),
            f.with_choices
        )
    };
    row(out, "overall", &r.overall)?;
    for (d, f) in &r.by_domain {
        row(out, &sanitize(d), f)?;
    }
    writeln!(out, "by the kind of the answer")?;
    for (k, f) in &r.by_kind {
        row(out, &format!("  {}", sanitize(k)), f)?;
    }
    writeln!(
        out,
        "{} of {} answers are not in the knowledge base",
        r.not_in_knowledge_base, r.overall.questions
    )?;
    writeln!(
        out,
        "\n{}",
        "Calibration (confidence of the first answer → share correct)".bold()
    )?;
    for b in r.calibration.iter().filter(|b| b.questions > 0) {
        writeln!(
            out,
            "  {:.1}–{:.1}  {:>4} questions  {}",
            b.confidence_from,
            b.confidence_to,
            b.questions,
            pct(b.share_correct)
        )?;
    }
    writeln!(out, "\n{} misses", r.misses.len())?;
    if list_misses {
        for m in &r.misses {
            let rank = m.rank.map_or("—".to_string(), |r| r.to_string());
            let expected = match &m.expected_id {
                Some(_) => sanitize(&m.expected).into_owned(),
                None => format!("{} (not in the knowledge base)", sanitize(&m.expected)),
            };
            writeln!(
                out,
                "  line {:>4}: expected {} (rank {}), first {}{}\n      {}",
                m.line,
                expected.green(),
                rank,
                m.first.as_deref().unwrap_or("nothing").red(),
                m.choice_first
                    .as_ref()
                    .map(|c| format!(", among choices {c}"))
                    .unwrap_or_default(),
                sanitize(&m.question).dimmed()
            )?;
        }
    }
    Ok(())
}
