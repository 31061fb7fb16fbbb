//! `svcmatch quiz`: a practice session. Plans the questions, asks them one at a time, reads the
//! answers (from the terminal, or one per line from a pipe), saves every answer to the progress
//! file at once, and ends with the score.

use super::Session;
use crate::cli::{DomainArg, QuizFlags, QuizFormat};
use crate::config::Config;
use crate::exit;
use crate::limits::MAX_ANSWER_LINE_BYTES;
use crate::model::Domain;
use crate::progress::{self, Opened, Progress};
use crate::quiz::{self, Ending, Outcome, Question, Reading};
use crate::quiz_output::{HumanPrinter, JsonPrinter, QuizPrinter, Start};
use crate::rank::Ranker;
use crate::text::sanitize;
use anyhow::{Context, Result, bail};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::io::{self, BufRead, IsTerminal, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub fn run(config: &Config, flags: &QuizFlags) -> Result<u8> {
    let count = flags.count.unwrap_or(if flags.exam {
        quiz::EXAM_QUESTIONS
    } else if flags.export.is_some() {
        usize::MAX
    } else {
        quiz::DEFAULT_COUNT
    });
    if count == 0 {
        bail!("--count must be at least 1");
    }
    let bank = match &flags.bank {
        Some(path) => {
            let bank = super::eval::read_labelled(path)?;
            if bank.is_empty() {
                bail!("{}: no questions", path.display());
            }
            Some(bank)
        }
        None => None,
    };
    let progress_path = progress::resolve_path(flags.progress.as_deref())?;
    let (mut record, opened) = Progress::open(&progress_path)?;
    if let Opened::MovedAside { to, reason } = &opened {
        eprintln!(
            "svcmatch: the progress file {} was unusable ({}); moved it to {} and started a new one",
            sanitize(&progress_path.display().to_string()),
            sanitize(reason),
            sanitize(&to.display().to_string())
        );
    }

    let session = Session::load(config)?;
    let kb = &session.kb;
    let index = session.open_index(config)?;
    let ranker = Ranker::new(kb, &index);
    let seed = flags.seed.unwrap_or_else(time_seed);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let domain = flags.domain.map(domain_of);
    let now = progress::now();

    let mut due = None;
    let (mode, plan): (&str, Vec<Question>) = if let Some(bank) = &bank {
        let (questions, warnings) =
            quiz::bank_questions(kb, &ranker, bank, domain, count, &mut rng)?;
        for w in warnings {
            let bank = flags.bank.as_deref().unwrap_or(std::path::Path::new(""));
            eprintln!(
                "svcmatch: {}: {}",
                sanitize(&bank.display().to_string()),
                sanitize(&w)
            );
        }
        ("bank", questions)
    } else if flags.exam {
        ("exam", quiz::exam_questions(kb, &ranker, count, &mut rng)?)
    } else if flags.review {
        let (entries, n) = quiz::pick_review(kb, &record, now, domain, usize::MAX, &mut rng);
        let questions = quiz::questions_for(kb, &ranker, &entries, count, &mut rng)?;
        let due_entries = &entries[..n];
        due = Some(
            questions
                .iter()
                .filter(|q| q.entry.is_some_and(|e| due_entries.contains(&e)))
                .count(),
        );
        ("review", questions)
    } else {
        let entries = quiz::pick(kb, domain, usize::MAX, &mut rng);
        (
            "practice",
            quiz::questions_for(kb, &ranker, &entries, count, &mut rng)?,
        )
    };
    if plan.is_empty() {
        eprintln!("svcmatch: no questions to ask (nothing in the knowledge base fits the options)");
        return Ok(exit::NO_MATCH);
    }
    if let Some(path) = &flags.deck {
        write_deck(path, kb, &plan)?;
        eprintln!(
            "svcmatch: wrote {} notes to {} (Anki: File → Import; fields Front, Back, Tags)",
            plan.len(),
            sanitize(&path.display().to_string())
        );
        return Ok(exit::ANSWERED);
    }
    if plan.len() < count && !flags.exam {
        eprintln!(
            "svcmatch: only {} questions available (asked for {count})",
            plan.len()
        );
    }

    let time_limit = flags
        .exam
        .then(|| Duration::from_secs(flags.time_limit.unwrap_or(quiz::EXAM_SECONDS)));
    let json = config.json || flags.format == QuizFormat::Json;
    let stdin_is_terminal = io::stdin().is_terminal();
    let mut printer: Box<dyn QuizPrinter> = if json {
        Box::new(JsonPrinter::new(io::stdout(), kb, flags.exam))
    } else {
        let mut printer = HumanPrinter::new(io::stdout(), kb, !stdin_is_terminal);
        printer.width = crate::output::terminal_width();
        printer.hold_feedback = flags.exam;
        Box::new(printer)
    };
    printer.start(&Start {
        mode,
        seed,
        planned: plan.len(),
        time_limit,
        progress: &progress_path,
        due,
        replay: replay_command(flags, seed),
    })?;

    let planned_domains: Vec<Option<Domain>> = plan.iter().map(|q| q.domain).collect();
    let deadline = time_limit.map(|limit| Instant::now() + limit);
    if flags.exam && !json && stdin_is_terminal && io::stdout().is_terminal() {
        return exam_on_screen(
            kb,
            &plan,
            &planned_domains,
            deadline,
            &mut record,
            &progress_path,
            printer,
        );
    }
    let answers = spawn_line_reader();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(plan.len());
    let mut ending = Ending::Completed;
    'questions: for (n, q) in plan.iter().enumerate() {
        let number = n + 1;
        let time_left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if time_left == Some(Duration::ZERO) {
            ending = Ending::TimeUp;
            break;
        }
        printer.question(number, planned_domains.len(), q, time_left)?;
        let outcome = loop {
            let line = match next_line(&answers, deadline) {
                Next::Line(line) => line,
                Next::EndOfInput => {
                    ending = Ending::EndOfInput;
                    break 'questions;
                }
                Next::TimeUp => {
                    ending = Ending::TimeUp;
                    break 'questions;
                }
                Next::Interrupted => {
                    ending = Ending::Interrupted;
                    break 'questions;
                }
            };
            printer.echo(&line)?;
            match quiz::read_answer(kb, q, &line) {
                Reading::Chosen { option, via } => break Outcome::new(number, q, option, via),
                Reading::ChosenSet(options) => break Outcome::new_set(number, q, options),
                other => printer.retry(number, &line, &other)?,
            }
        };
        if let Some(entry) = q.entry {
            let chosen = q.options[outcome.chosen]
                .entry
                .map(|e| kb.entries[e].id.as_ref());
            record
                .update(&progress_path, |p| {
                    p.record(
                        &kb.entries[entry].id,
                        outcome.correct,
                        chosen,
                        mode,
                        progress::now(),
                    )
                })
                .context("the answer could not be saved")?;
        }
        printer.result(q, &outcome)?;
        outcomes.push(outcome);
    }
    if flags.exam {
        let mut chosen = vec![Vec::new(); plan.len()];
        for o in &outcomes {
            chosen[o.number - 1] = o.all_chosen();
        }
        printer.review(&plan, &chosen)?;
    }
    let summary = quiz::summarize(&planned_domains, &plan, &outcomes, ending, flags.exam);
    printer.summary(&summary)?;
    Ok(if ending == Ending::Interrupted {
        exit::INTERRUPTED
    } else {
        exit::ANSWERED
    })
}

/// Writes the deck whole to a temporary file beside `path`, then renames it over `path`: a
/// failure or a kill leaves the old file (or none), never half a deck.
fn write_deck(
    path: &std::path::Path,
    kb: &crate::knowledge::KnowledgeBase,
    plan: &[Question],
) -> Result<()> {
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("{shown}: cannot write the deck"))?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        crate::anki::write_deck(&mut w, kb, plan)
            .and_then(|()| std::io::Write::flush(&mut w))
            .with_context(|| format!("{shown}: cannot write the deck"))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{shown}: cannot write the deck"))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("{shown}: cannot write the deck"))?;
    Ok(())
}

/// The exam on its own screen (a terminal on both sides): answers can be changed, questions
/// flagged and revisited, a review screen comes before submitting, and a countdown runs. Answers
/// are saved when the exam is submitted (or the time is up, or it is interrupted).
fn exam_on_screen(
    kb: &crate::knowledge::KnowledgeBase,
    plan: &[Question],
    planned_domains: &[Option<Domain>],
    deadline: Option<Instant>,
    record: &mut Progress,
    progress_path: &std::path::Path,
    mut printer: Box<dyn QuizPrinter + '_>,
) -> Result<u8> {
    let deadline =
        deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(quiz::EXAM_SECONDS));
    let done = crate::exam_screen::run(kb, plan, deadline).context("the exam screen failed")?;
    let mut outcomes = Vec::new();
    let mut answered: Vec<(String, bool, Option<String>)> = Vec::new();
    for (i, chosen) in done.answers.iter().enumerate() {
        let q = &plan[i];
        let outcome = match chosen.as_slice() {
            [] => continue,
            [option] if q.also_correct.is_empty() => {
                Outcome::new(i + 1, q, *option, quiz::Via::Letter)
            }
            set => Outcome::new_set(i + 1, q, set.to_vec()),
        };
        if let Some(entry) = q.entry {
            let picked = q.options[outcome.chosen]
                .entry
                .map(|e| kb.entries[e].id.to_string());
            answered.push((kb.entries[entry].id.to_string(), outcome.correct, picked));
        }
        outcomes.push(outcome);
    }
    if !outcomes.is_empty() {
        let at = progress::now();
        record
            .update(progress_path, |p| {
                for (entry, correct, picked) in &answered {
                    p.record(entry, *correct, picked.as_deref(), "exam", at);
                }
            })
            .context("the answers could not be saved")?;
    }
    printer.review(plan, &done.answers)?;
    let summary = quiz::summarize(planned_domains, plan, &outcomes, done.ending, true);
    printer.summary(&summary)?;
    Ok(if done.ending == Ending::Interrupted {
        exit::INTERRUPTED
    } else {
        exit::ANSWERED
    })
}

fn domain_of(d: DomainArg) -> Domain {
    match d {
        DomainArg::Concepts => Domain::Concepts,
        DomainArg::Security => Domain::Security,
        DomainArg::Technology => Domain::Technology,
        DomainArg::Billing => Domain::Billing,
    }
}

/// A short seed from the clock, printed so that the session can be replayed.
fn time_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    ((nanos ^ u128::from(std::process::id())) % 1_000_000) as u64
}

fn replay_command(flags: &QuizFlags, seed: u64) -> String {
    let mut cmd = String::from("svcmatch quiz");
    if let Some(bank) = &flags.bank {
        cmd.push_str(&format!(" --bank {}", bank.display()));
    }
    if flags.exam {
        cmd.push_str(" --exam");
    }
    if flags.review {
        cmd.push_str(" --review");
    }
    if let Some(n) = flags.count {
        cmd.push_str(&format!(" --count {n}"));
    }
    if let Some(d) = flags.domain {
        cmd.push_str(&format!(" --domain {}", domain_of(d)));
    }
    cmd.push_str(&format!(" --seed {seed}"));
    cmd
}

enum Next {
    Line(String),
    EndOfInput,
    TimeUp,
    Interrupted,
}

/// What the session waits for: a line, the end of input, or Ctrl-C.
enum Input {
    Line(String),
    End,
    Interrupt,
}

/// Reads standard input on its own thread, so that the exam clock can end a question while the
/// person is still thinking. Lines that are not UTF-8 are read lossily rather than ending the quiz;
/// a line longer than `MAX_ANSWER_LINE_BYTES` is cut there and the rest of it dropped.
///
/// Ctrl-C arrives on the same channel, so that it ends the session like end of input does: with
/// the summary of what was answered (every answer is already saved) instead of a bare `^C`.
fn spawn_line_reader() -> Receiver<Input> {
    let (tx, rx) = mpsc::channel();
    let interrupt = tx.clone();
    // Fails only when a handler is already set, which one quiz per process never does; Ctrl-C
    // would then stop the process as before, with every answer still saved.
    let _ = ctrlc::set_handler(move || {
        let _ = interrupt.send(Input::Interrupt);
    });
    std::thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        while let Ok(Some(line)) = read_bounded_line(&mut stdin, MAX_ANSWER_LINE_BYTES) {
            if tx.send(Input::Line(line)).is_err() {
                return;
            }
        }
        let _ = tx.send(Input::End);
    });
    rx
}

/// The next line (without its line ending), at most `limit` bytes of it; `None` at end of input.
pub fn read_bounded_line(input: &mut impl BufRead, limit: usize) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = input.take(limit as u64).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if !buf.ends_with(b"\n") && buf.len() == limit {
        skip_line(input)?;
    }
    let line = String::from_utf8_lossy(&buf)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    Ok(Some(line))
}

/// Reads up to and including the next line break, keeping nothing.
fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match available.iter().position(|b| *b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = available.len();
                input.consume(n);
            }
        }
    }
}

fn next_line(answers: &Receiver<Input>, deadline: Option<Instant>) -> Next {
    let input = match deadline {
        None => answers.recv().unwrap_or(Input::End),
        Some(d) => match answers.recv_timeout(d.saturating_duration_since(Instant::now())) {
            Ok(input) => input,
            Err(RecvTimeoutError::Timeout) => return Next::TimeUp,
            Err(RecvTimeoutError::Disconnected) => Input::End,
        },
    };
    match input {
        Input::Line(line) => Next::Line(line),
        Input::End => Next::EndOfInput,
        Input::Interrupt => Next::Interrupted,
    }
}
