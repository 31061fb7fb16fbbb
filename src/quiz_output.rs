//! Printing for `quiz` and `stats`: for people, and as JSON (one line per event of a quiz, so a
//! script can read the session as it happens). The quiz logic hands plain data to a
//! [`QuizPrinter`]; nothing in `quiz.rs` writes.

use crate::knowledge::KnowledgeBase;
use crate::model::Domain;
use crate::progress::relative;
use crate::quiz::{
    Difference, Origin, Outcome, Question, Reading, Summary, WhyNot, difference, letter, why_not,
};
use crate::text::sanitize;
use colored::Colorize;
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

/// What is known when a session starts.
#[derive(Debug, Clone)]
pub struct Start<'a> {
    /// practice, review, exam or bank.
    pub mode: &'a str,
    pub seed: u64,
    pub planned: usize,
    pub time_limit: Option<Duration>,
    pub progress: &'a Path,
    /// In a review: how many of the questions are due entries.
    pub due: Option<usize>,
    /// The command that replays this session.
    pub replay: String,
}

/// Receives a quiz session as it happens.
pub trait QuizPrinter {
    fn start(&mut self, start: &Start) -> io::Result<()>;
    fn question(
        &mut self,
        number: usize,
        of: usize,
        q: &Question,
        time_left: Option<Duration>,
    ) -> io::Result<()>;
    /// A line read from a standard input that is not a terminal (the terminal echoes by itself).
    fn echo(&mut self, input: &str) -> io::Result<()>;
    fn retry(&mut self, number: usize, input: &str, reading: &Reading) -> io::Result<()>;
    fn result(&mut self, q: &Question, outcome: &Outcome) -> io::Result<()>;
    /// After an exam: every question missed or left unanswered, explained (`chosen` parallel to
    /// `asked`: the options chosen, none when unanswered). Feedback held back during the exam
    /// comes here.
    fn review(&mut self, _asked: &[Question], _chosen: &[Vec<usize>]) -> io::Result<()> {
        Ok(())
    }
    fn summary(&mut self, summary: &Summary) -> io::Result<()>;
}

fn domain_label(d: Option<Domain>) -> &'static str {
    d.map_or("unknown", Domain::as_str)
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// For people, on a terminal or in a transcript.
pub struct HumanPrinter<'a, W: Write> {
    pub w: W,
    pub kb: &'a KnowledgeBase,
    /// Print each answer read, when standard input is not a terminal.
    pub echo: bool,
    prompt_open: bool,
    /// Where answers are saved, from `start`.
    progress: Option<String>,
    /// The terminal's width, to wrap at; `None` writes each paragraph on one line.
    pub width: Option<usize>,
    /// An exam: no right or wrong until the end (`review`).
    pub hold_feedback: bool,
}

impl<'a, W: Write> HumanPrinter<'a, W> {
    pub fn new(w: W, kb: &'a KnowledgeBase, echo: bool) -> Self {
        HumanPrinter {
            w,
            kb,
            echo,
            prompt_open: false,
            progress: None,
            width: None,
            hold_feedback: false,
        }
    }

    /// Writes `text` after `first`, wrapped under `rest`, and a newline.
    fn para(&mut self, first: &str, rest: &str, text: &str) -> io::Result<()> {
        writeln!(
            self.w,
            "{}",
            crate::output::wrapped(first, rest, text, self.width)
        )
    }

    fn prompt(&mut self) -> io::Result<()> {
        write!(self.w, "{} ", "Your answer:".bold())?;
        self.prompt_open = true;
        self.w.flush()
    }

    /// Ends a prompt left open by end of input or the clock.
    fn close_prompt(&mut self) -> io::Result<()> {
        if self.prompt_open {
            writeln!(self.w)?;
            self.prompt_open = false;
        }
        Ok(())
    }

    fn name_of(&self, q: &Question, option: usize) -> String {
        sanitize(&q.options[option].text).into_owned()
    }

    /// "A) Amazon DynamoDB + C) Amazon Keyspaces".
    fn lettered(&self, q: &Question, options: &[usize]) -> String {
        options
            .iter()
            .map(|&o| format!("{}) {}", letter(o), self.name_of(q, o)))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The summary of every right answer that is an entry, one paragraph each.
    fn explain_answers(&mut self, q: &Question) -> io::Result<()> {
        let mut entries: Vec<usize> = q
            .right_options()
            .iter()
            .filter_map(|&i| q.options[i].entry)
            .collect();
        if entries.is_empty() {
            entries.extend(q.entry);
        }
        for e in entries {
            let e = &self.kb.entries[e];
            let first = format!("  {} ", format!("{}:", e.short_name()).dimmed());
            self.para(&first, "    ", &e.summary)?;
        }
        Ok(())
    }

    /// The option's entry without its vendor prefix, or the option as written.
    fn short_of(&self, q: &Question, option: usize) -> String {
        match q.options[option].entry {
            Some(e) => self.kb.entries[e].short_name().to_string(),
            None => self.name_of(q, option),
        }
    }
}

/// "Stores secrets …" → "stores secrets …", but "AWS KMS …" stays as it is.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(text[a.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

impl<W: Write> QuizPrinter for HumanPrinter<'_, W> {
    fn start(&mut self, s: &Start) -> io::Result<()> {
        self.progress = Some(s.progress.display().to_string());
        let title = match s.mode {
            "exam" => "Mock exam",
            "review" => "Review quiz",
            "bank" => "Question bank quiz",
            _ => "Practice quiz",
        };
        let mut head = format!("{title}, {} questions", s.planned);
        if let Some(limit) = s.time_limit {
            let secs = limit.as_secs();
            if secs > 0 && secs % 60 == 0 {
                head.push_str(&format!(", {} minutes", secs / 60));
            } else {
                head.push_str(&format!(", {secs} seconds"));
            }
        }
        writeln!(self.w, "{}", head.bold())?;
        if let Some(due) = s.due {
            writeln!(
                self.w,
                "{}",
                match due {
                    0 => "Nothing is due for review; practising new entries.".to_string(),
                    1 => "1 entry is due for review; it comes first.".to_string(),
                    n => format!("{n} entries are due for review, weakest first."),
                }
            )?;
        }
        writeln!(
            self.w,
            "{}",
            format!("Seed {} (replay: {})", s.seed, sanitize(&s.replay)).dimmed()
        )?;
        writeln!(
            self.w,
            "{}",
            "Answer with a letter or a name. End with Ctrl-D; every answer is saved as you go."
                .dimmed()
        )?;
        Ok(())
    }

    fn question(
        &mut self,
        number: usize,
        of: usize,
        q: &Question,
        time_left: Option<Duration>,
    ) -> io::Result<()> {
        writeln!(self.w)?;
        let mut head = format!("Question {number} of {of}");
        if let Some(d) = q.domain {
            head.push_str(&format!(" · {}", d.title()));
        }
        write!(self.w, "{}", head.bold())?;
        if let Some(left) = time_left {
            write!(
                self.w,
                "  {}",
                format!("[time left {}]", clock(left)).cyan()
            )?;
        }
        writeln!(self.w)?;
        self.para("", "", &sanitize(&q.prompt))?;
        if !q.also_correct.is_empty() {
            let n = 1 + q.also_correct.len();
            writeln!(
                self.w,
                "{}",
                format!("(Choose {n}: answer with {n} letters, as in \"a c\".)").dimmed()
            )?;
        }
        for i in 0..q.options.len() {
            let name = self.name_of(q, i);
            self.para(&format!("  {}) ", letter(i)), "     ", &name)?;
        }
        self.prompt()
    }

    fn echo(&mut self, input: &str) -> io::Result<()> {
        if self.echo {
            writeln!(self.w, "{}", sanitize(input.trim()))?;
            self.prompt_open = false;
        }
        Ok(())
    }

    fn retry(&mut self, _number: usize, input: &str, reading: &Reading) -> io::Result<()> {
        self.close_prompt()?;
        let input = sanitize(input.trim());
        let why = match reading {
            Reading::Empty => "Please answer with a letter or a name.".to_string(),
            Reading::NoSuchLetter(c) => format!("There is no option {c}."),
            Reading::NotAnOption(e) => {
                format!("{} is not one of the options.", self.kb.entries[*e].name)
            }
            Reading::Ambiguous(candidates) => format!(
                "\"{input}\" could be {}; which one?",
                crate::output::suggestions(self.kb, candidates)
            ),
            Reading::Unknown => format!("\"{input}\" names none of the options."),
            Reading::WrongCount { wanted } => {
                format!("Choose {wanted} options: their letters, as in \"a c\".")
            }
            Reading::Chosen { .. } | Reading::ChosenSet(_) => String::new(),
        };
        writeln!(self.w, "{}", why.yellow())?;
        self.prompt()
    }

    fn result(&mut self, q: &Question, outcome: &Outcome) -> io::Result<()> {
        self.close_prompt()?;
        if self.hold_feedback {
            let letters: String = outcome.all_chosen().iter().map(|&i| letter(i)).collect();
            writeln!(self.w, "{}", format!("Recorded: {letters}").dimmed())?;
            return self.w.flush();
        }
        let right = q
            .right_options()
            .iter()
            .map(|&i| self.name_of(q, i))
            .collect::<Vec<_>>()
            .join(" + ");
        if outcome.correct {
            let forgiven = if outcome.via == crate::quiz::Via::Typo {
                format!(" {}", "(read as a typo)".dimmed())
            } else {
                String::new()
            };
            writeln!(
                self.w,
                "{} {}{forgiven}",
                "✓ Right:".green().bold(),
                right.bold()
            )?;
        } else {
            let chosen = outcome
                .all_chosen()
                .iter()
                .map(|&i| self.name_of(q, i))
                .collect::<Vec<_>>()
                .join(" + ");
            let letters: String = q.right_options().iter().map(|&i| letter(i)).collect();
            writeln!(
                self.w,
                "{} you chose {chosen}; the answer is {}) {}",
                "✗ Wrong:".red().bold(),
                letters,
                right.bold()
            )?;
        }
        // The stem is on the screen already: what follows adds to it — what the answer is, and
        // what separates each other option from it.
        self.explain_answers(q)?;
        let others = why_not(self.kb, q);
        if !others.is_empty() {
            writeln!(self.w, "  {}", "Why not the others:".dimmed())?;
        }
        for (i, why) in others {
            let mut label = format!("{}) {}", letter(i), self.short_of(q, i));
            if outcome.all_chosen().contains(&i) {
                label.push_str(" (your choice)");
            }
            let text = match why {
                WhyNot::Contrast(text) => text,
                WhyNot::Summary(summary) => format!("in short, {}", lower_first(&summary)),
                WhyNot::Unknown => "not an entry of the knowledge base.".to_string(),
            };
            self.para(
                &format!("    {} ", format!("{label}:").bold()),
                "      ",
                &text,
            )?;
        }
        self.w.flush()
    }

    fn review(&mut self, asked: &[Question], chosen: &[Vec<usize>]) -> io::Result<()> {
        self.close_prompt()?;
        let set_of = |i: usize| {
            let mut set = chosen.get(i).cloned().unwrap_or_default();
            set.sort_unstable();
            set
        };
        let missed: Vec<usize> = (0..asked.len())
            .filter(|&i| set_of(i) != asked[i].right_options())
            .collect();
        if missed.is_empty() {
            return Ok(());
        }
        writeln!(self.w)?;
        writeln!(self.w, "{}", "Review of the questions missed".bold())?;
        for i in missed {
            let q = &asked[i];
            writeln!(self.w)?;
            let head = format!("Question {} · ", i + 1);
            self.para(&head.bold().to_string(), "", &sanitize(&q.prompt))?;
            let yours = match set_of(i).as_slice() {
                [] => "not answered".to_string(),
                set => self.lettered(q, set),
            };
            writeln!(self.w, "  {} {yours}", "✗ You:".red().bold())?;
            let right = self.lettered(q, &q.right_options());
            writeln!(self.w, "  {} {}", "✓ Answer:".green().bold(), right.bold())?;
            self.explain_answers(q)?;
            for (o, why) in why_not(self.kb, q) {
                let text = match why {
                    WhyNot::Contrast(text) => text,
                    WhyNot::Summary(summary) => format!("in short, {}", lower_first(&summary)),
                    WhyNot::Unknown => "not an entry of the knowledge base.".to_string(),
                };
                let label = format!("{}) {}:", letter(o), self.short_of(q, o));
                self.para(&format!("    {} ", label.bold()), "      ", &text)?;
            }
        }
        self.w.flush()
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        self.close_prompt()?;
        writeln!(self.w)?;
        match s.ending {
            crate::quiz::Ending::TimeUp => writeln!(
                self.w,
                "{}",
                format!(
                    "Time is up: {} of {} questions answered; the rest count as wrong.",
                    s.answered, s.planned
                )
                .yellow()
            )?,
            crate::quiz::Ending::Interrupted => {
                let rest = if s.exam.is_some() && s.answered < s.planned {
                    "; the rest count as wrong"
                } else {
                    ""
                };
                writeln!(
                    self.w,
                    "{}",
                    format!(
                        "Interrupted: {} saved; {} of {} questions answered{rest}.",
                        answers(s.saved),
                        s.answered,
                        s.planned
                    )
                    .yellow()
                )?
            }
            crate::quiz::Ending::EndOfInput if s.answered < s.planned => {
                let rest = if s.exam.is_some() {
                    "; the rest count as wrong"
                } else {
                    ""
                };
                writeln!(
                    self.w,
                    "{}",
                    format!(
                        "Stopped after {} of {} questions{rest}.",
                        s.answered, s.planned
                    )
                    .dimmed()
                )?
            }
            _ => {}
        }
        writeln!(
            self.w,
            "{} {} of {} ({})",
            "Score:".bold(),
            s.correct,
            s.out_of,
            percent(s.score)
        )?;
        if let Some(v) = &s.exam {
            let verdict = if v.passed {
                "PASS".green().bold()
            } else {
                "FAIL".red().bold()
            };
            writeln!(
                self.w,
                "{} {verdict} (pass mark {})",
                "Result:".bold(),
                percent(v.pass_mark)
            )?;
            writeln!(
                self.w,
                "{} {} of 1000 (estimate; the exam reports 100–1000 and passes at 700)",
                "Scaled score:".bold(),
                crate::quiz::scaled(s.score)
            )?;
        }
        if !s.by_domain.is_empty() {
            writeln!(self.w, "{}", "By domain:".bold())?;
            for d in &s.by_domain {
                let title = d.domain.map_or("Unknown", Domain::title);
                let share = if d.total == 0 {
                    0.0
                } else {
                    d.correct as f64 / d.total as f64
                };
                let scaled = if s.exam.is_some() {
                    format!("  scaled {}", crate::quiz::scaled(share))
                } else {
                    String::new()
                };
                writeln!(
                    self.w,
                    "  {title:<32} {:>3} of {:<3} {:>5}{scaled}",
                    d.correct,
                    d.total,
                    percent(share)
                )?;
            }
        }
        if !s.missed.is_empty() {
            writeln!(self.w, "{}", "Missed:".bold())?;
            for m in &s.missed {
                match m.entry.map(|i| &self.kb.entries[i]) {
                    Some(e) => writeln!(
                        self.w,
                        "  {} {}",
                        e.name,
                        format!("(svcmatch show {})", e.id).dimmed()
                    )?,
                    None => writeln!(self.w, "  {}", sanitize(&m.answer))?,
                }
            }
        }
        if let Some(path) = &self.progress
            && s.answered > 0
        {
            // The command is kept whole: wrapped, it could not be copied.
            let text = format!(
                "Progress saved to {}; missed entries come back first with:",
                sanitize(path)
            );
            let text = crate::output::wrapped("", "", &text, self.width);
            writeln!(self.w, "{}", text.dimmed())?;
            writeln!(self.w, "{}", "  svcmatch quiz --review".dimmed())?;
        }
        self.w.flush()
    }
}

fn answers(n: usize) -> String {
    if n == 1 {
        "1 answer".into()
    } else {
        format!("{n} answers")
    }
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

/// One JSON object per line, for scripts.
pub struct JsonPrinter<'a, W: Write> {
    pub w: W,
    pub kb: &'a KnowledgeBase,
    /// An exam: `result` lines are held back and written, in order, just before the summary, so
    /// that nothing says right or wrong while the exam runs.
    pub hold_results: bool,
    held: Vec<u8>,
}

impl<'a, W: Write> JsonPrinter<'a, W> {
    pub fn new(w: W, kb: &'a KnowledgeBase, hold_results: bool) -> Self {
        JsonPrinter {
            w,
            kb,
            hold_results,
            held: Vec::new(),
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum QuizEvent<'a> {
    Start {
        mode: &'a str,
        seed: u64,
        questions: usize,
        time_limit_seconds: Option<u64>,
        progress: String,
        due: Option<usize>,
    },
    Question {
        number: usize,
        of: usize,
        domain: &'static str,
        prompt: &'a str,
        options: Vec<OptionJson<'a>>,
        time_left_seconds: Option<u64>,
    },
    Retry {
        number: usize,
        input: &'a str,
        reason: &'static str,
        candidates: Vec<&'a str>,
    },
    Result {
        number: usize,
        correct: bool,
        chosen: OptionJson<'a>,
        via: &'static str,
        answer: AnswerJson<'a>,
        contrast: Option<ContrastJson<'a>>,
        /// Every option that is not the answer, with why not.
        others: Vec<OtherJson<'a>>,
        /// A question with several answers: the other right options, and the other options
        /// chosen.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        answer_also: Vec<OptionJson<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        chosen_also: Vec<OptionJson<'a>>,
    },
    Summary {
        ended: &'static str,
        planned: usize,
        answered: usize,
        saved: usize,
        correct: usize,
        out_of: usize,
        score: f64,
        by_domain: Vec<DomainScoreJson>,
        missed: Vec<MissedJson<'a>>,
        exam: Option<ExamJson>,
    },
}

#[derive(Serialize)]
struct OptionJson<'a> {
    letter: String,
    text: &'a str,
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    letter: String,
    text: &'a str,
    id: Option<&'a str>,
    summary: Option<&'a str>,
    use_case: Option<&'a str>,
}

#[derive(Serialize)]
struct ContrastJson<'a> {
    chosen: &'a str,
    right: &'a str,
    /// The knowledge base's contrast; `None` when it has none (compare the summaries).
    text: Option<String>,
    chosen_summary: &'a str,
}

#[derive(Serialize)]
struct OtherJson<'a> {
    letter: String,
    text: &'a str,
    id: Option<&'a str>,
    /// `contrast` (the knowledge base's sentence that separates it from the answer), `summary`
    /// (what it is, where no contrast is written) or `unknown` (it names no entry).
    why_source: &'static str,
    why: Option<String>,
}

#[derive(Serialize)]
struct DomainScoreJson {
    domain: &'static str,
    correct: usize,
    total: usize,
}

#[derive(Serialize)]
struct MissedJson<'a> {
    number: usize,
    id: Option<&'a str>,
    answer: &'a str,
}

#[derive(Serialize)]
struct ExamJson {
    pass_mark: f64,
    passed: bool,
}

impl<'a, W: Write> JsonPrinter<'a, W> {
    fn emit(&mut self, event: &QuizEvent) -> io::Result<()> {
        crate::json::write(&mut self.w, event, false)?;
        writeln!(self.w)?;
        self.w.flush()
    }

    fn option(&self, q: &'a Question, i: usize) -> OptionJson<'a> {
        OptionJson {
            letter: letter(i).to_string(),
            text: &q.options[i].text,
            id: q.options[i].entry.map(|e| self.kb.entries[e].id.as_ref()),
        }
    }
}

impl<'a, W: Write> QuizPrinter for JsonPrinter<'a, W> {
    fn start(&mut self, s: &Start) -> io::Result<()> {
        self.emit(&QuizEvent::Start {
            mode: s.mode,
            seed: s.seed,
            questions: s.planned,
            time_limit_seconds: s.time_limit.map(|d| d.as_secs()),
            progress: s.progress.display().to_string(),
            due: s.due,
        })
    }

    fn question(
        &mut self,
        number: usize,
        of: usize,
        q: &Question,
        time_left: Option<Duration>,
    ) -> io::Result<()> {
        let options = (0..q.options.len())
            .map(|i| OptionJson {
                letter: letter(i).to_string(),
                text: &q.options[i].text,
                id: q.options[i].entry.map(|e| self.kb.entries[e].id.as_ref()),
            })
            .collect();
        self.emit(&QuizEvent::Question {
            number,
            of,
            domain: domain_label(q.domain),
            prompt: &q.prompt,
            options,
            time_left_seconds: time_left.map(|d| d.as_secs()),
        })
    }

    fn echo(&mut self, _input: &str) -> io::Result<()> {
        Ok(())
    }

    fn retry(&mut self, number: usize, input: &str, reading: &Reading) -> io::Result<()> {
        let (reason, candidates) = match reading {
            Reading::Empty => ("empty", Vec::new()),
            Reading::NoSuchLetter(_) => ("no_such_letter", Vec::new()),
            Reading::NotAnOption(e) => ("not_an_option", vec![self.kb.entries[*e].id.as_ref()]),
            Reading::Ambiguous(c) => (
                "ambiguous",
                c.iter().map(|&e| self.kb.entries[e].id.as_ref()).collect(),
            ),
            Reading::WrongCount { .. } => ("wrong_count", Vec::new()),
            Reading::Unknown | Reading::Chosen { .. } | Reading::ChosenSet(_) => {
                ("unknown", Vec::new())
            }
        };
        self.emit(&QuizEvent::Retry {
            number,
            input,
            reason,
            candidates,
        })
    }

    fn result(&mut self, q: &Question, outcome: &Outcome) -> io::Result<()> {
        let kb = self.kb;
        let right_entry = q.entry.map(|e| &kb.entries[e]);
        let contrast = difference(kb, q, outcome).and_then(|d| {
            let chosen = &kb.entries[q.options[outcome.chosen].entry?];
            let right = right_entry?;
            Some(ContrastJson {
                chosen: &chosen.id,
                right: &right.id,
                text: match d {
                    Difference::Contrast(t) => Some(t),
                    Difference::Summaries { .. } => None,
                },
                chosen_summary: &chosen.summary,
            })
        });
        let event = QuizEvent::Result {
            number: outcome.number,
            correct: outcome.correct,
            chosen: self.option(q, outcome.chosen),
            via: outcome.via.as_str(),
            answer: AnswerJson {
                letter: letter(q.correct).to_string(),
                text: &q.options[q.correct].text,
                id: right_entry.map(|e| e.id.as_ref()),
                summary: right_entry.map(|e| e.summary.as_ref()),
                use_case: match &q.origin {
                    Origin::UseCase { text, .. } => Some(text),
                    Origin::Bank { .. } | Origin::Term { .. } => None,
                },
            },
            contrast,
            others: why_not(kb, q)
                .into_iter()
                .map(|(i, why)| {
                    let (why_source, why) = match why {
                        WhyNot::Contrast(t) => ("contrast", Some(t)),
                        WhyNot::Summary(t) => ("summary", Some(t)),
                        WhyNot::Unknown => ("unknown", None),
                    };
                    OtherJson {
                        letter: letter(i).to_string(),
                        text: &q.options[i].text,
                        id: q.options[i].entry.map(|e| kb.entries[e].id.as_ref()),
                        why_source,
                        why,
                    }
                })
                .collect(),
            answer_also: q.also_correct.iter().map(|&i| self.option(q, i)).collect(),
            chosen_also: outcome
                .also_chosen
                .iter()
                .map(|&i| self.option(q, i))
                .collect(),
        };
        if self.hold_results {
            crate::json::write(&mut self.held, &event, false)?;
            return writeln!(self.held);
        }
        self.emit(&event)
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        let kb = self.kb;
        let held = std::mem::take(&mut self.held);
        self.w.write_all(&held)?;
        self.emit(&QuizEvent::Summary {
            ended: s.ending.as_str(),
            planned: s.planned,
            answered: s.answered,
            saved: s.saved,
            correct: s.correct,
            out_of: s.out_of,
            score: s.score,
            by_domain: s
                .by_domain
                .iter()
                .map(|d| DomainScoreJson {
                    domain: domain_label(d.domain),
                    correct: d.correct,
                    total: d.total,
                })
                .collect(),
            missed: s
                .missed
                .iter()
                .map(|m| MissedJson {
                    number: m.number,
                    id: m.entry.map(|e| kb.entries[e].id.as_ref()),
                    answer: &m.answer,
                })
                .collect(),
            exam: s.exam.as_ref().map(|v| ExamJson {
                pass_mark: v.pass_mark,
                passed: v.passed,
            }),
        })
    }
}

/// `svcmatch stats`, as data (and as its JSON).
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    pub progress: String,
    pub now: i64,
    pub answers: u32,
    pub right: u32,
    pub accuracy: f64,
    pub by_domain: Vec<DomainStats>,
    /// Weakest first.
    pub entries: Vec<EntryStats>,
    pub due_now: usize,
    pub next_due: Option<i64>,
    pub next_due_utc: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainStats {
    pub domain: String,
    pub entries: usize,
    pub right: u32,
    pub wrong: u32,
    pub accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryStats {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub right: u32,
    pub wrong: u32,
    pub accuracy: f64,
    #[serde(rename = "box")]
    pub leitner_box: u8,
    pub last_seen: i64,
    pub due: i64,
    pub due_utc: String,
    pub due_now: bool,
}

/// `stats` for people.
pub fn stats(w: &mut dyn Write, r: &StatsReport) -> io::Result<()> {
    writeln!(w, "{} {}", "Progress:".bold(), sanitize(&r.progress))?;
    if r.answers == 0 {
        writeln!(w, "No answers yet. Start with: svcmatch quiz")?;
        return Ok(());
    }
    writeln!(
        w,
        "{} answers over {} entries, {} right ({})",
        r.answers,
        r.entries.len(),
        r.right,
        percent(r.accuracy)
    )?;
    writeln!(w, "\n{}", "Accuracy by domain".bold())?;
    for d in &r.by_domain {
        writeln!(
            w,
            "  {:<12} {:>4} right {:>4} wrong  {:>5}  {}",
            d.domain,
            d.right,
            d.wrong,
            percent(d.accuracy),
            format!("({})", entries(d.entries)).dimmed()
        )?;
    }
    writeln!(w, "\n{}", "Entries, weakest first".bold())?;
    let width = r
        .entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    for e in &r.entries {
        let due = if e.due_now {
            "due now".yellow().to_string()
        } else {
            format!("due {}", relative(e.due, r.now))
        };
        writeln!(
            w,
            "  {:<width$}  box {}  {:>3} right {:>3} wrong  {:>5}  {}",
            sanitize(&e.name),
            e.leitner_box,
            e.right,
            e.wrong,
            percent(e.accuracy),
            due
        )?;
    }
    writeln!(w)?;
    if r.due_now > 0 {
        writeln!(
            w,
            "{} {} (practise with `svcmatch quiz --review`)",
            "Due now:".bold(),
            entries(r.due_now)
        )?;
    } else {
        writeln!(w, "{} nothing", "Due now:".bold())?;
    }
    if let (Some(at), Some(utc)) = (r.next_due, &r.next_due_utc) {
        writeln!(w, "Next due {} ({utc})", relative(at, r.now))?;
    }
    Ok(())
}
