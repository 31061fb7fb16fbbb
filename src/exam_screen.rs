//! The mock exam on a terminal, as the real exam runs: a countdown redrawn every second,
//! answers that can be changed, questions flagged and revisited, a review screen before
//! submitting, and no right or wrong until the end (the caller prints the result).
//!
//! Keys, shown on the screen too: a letter answers (again to change), n/→/Enter next,
//! p/← previous, f flags, r reviews; on the review screen a number and Enter goes to that
//! question, u/g go to the next unanswered/flagged one, s submits (y confirms). Ctrl-C stops.
//!
//! Only used when standard input and output are both a terminal; otherwise the exam keeps its
//! plain prompts, which scripts and tests drive.

use crate::knowledge::KnowledgeBase;
use crate::quiz::{Ending, Question, letter};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::Stylize;
use crossterm::{cursor, execute, queue, terminal};
use std::io::{self, Write};
use std::time::{Duration, Instant};

/// What the exam ends with: the options chosen for each question (none when unanswered; several
/// for a question with several answers) and how it ended.
#[derive(Debug, Clone)]
pub struct Finished {
    pub answers: Vec<Vec<usize>>,
    pub flagged: Vec<bool>,
    pub ending: Ending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Question(usize),
    Review,
    Confirm,
}

/// Puts the terminal back however the exam ends (an error or a panic included).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// Runs the exam until it is submitted, the time is up, or Ctrl-C.
pub fn run(kb: &KnowledgeBase, questions: &[Question], deadline: Instant) -> io::Result<Finished> {
    terminal::enable_raw_mode()?;
    let _restore = Restore;
    let mut out = io::stdout();
    execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
    let mut state = State {
        answers: vec![Vec::new(); questions.len()],
        flagged: vec![false; questions.len()],
        view: View::Question(0),
        typed: String::new(),
    };
    let ending = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break Ending::TimeUp;
        }
        draw(&mut out, kb, questions, &state, left)?;
        // Wake at the next whole second, so the countdown moves second by second.
        let tick = Duration::from_millis(u64::from(left.subsec_millis()) + 1).min(left);
        if !event::poll(tick)? {
            continue;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        if let Some(ending) = state.key(key, questions) {
            break ending;
        }
    };
    Ok(Finished {
        answers: state.answers,
        flagged: state.flagged,
        ending,
    })
}

struct State {
    answers: Vec<Vec<usize>>,
    flagged: Vec<bool>,
    view: View,
    /// Digits typed on the review screen.
    typed: String,
}

impl State {
    /// Applies one key; returns how the exam ends when it does.
    fn key(&mut self, key: KeyEvent, questions: &[Question]) -> Option<Ending> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Ending::Interrupted);
        }
        let last = questions.len().saturating_sub(1);
        match self.view {
            View::Question(i) => match key.code {
                KeyCode::Char(c) if c.is_ascii_alphabetic() && "nprf".contains(c) => match c {
                    'n' => self.view = next(i, last),
                    'p' => self.view = View::Question(i.saturating_sub(1)),
                    'f' => self.flagged[i] = !self.flagged[i],
                    _ => self.view = View::Review,
                },
                KeyCode::Char(c) if c.is_ascii_alphabetic() => {
                    let option = usize::from(c.to_ascii_uppercase() as u8 - b'A');
                    let q = &questions[i];
                    let chosen = &mut self.answers[i];
                    if option < q.options.len() {
                        if q.also_correct.is_empty() {
                            *chosen = vec![option];
                        } else if let Some(at) = chosen.iter().position(|&o| o == option) {
                            // Several answers: a letter picks an option, again drops it.
                            chosen.remove(at);
                        } else {
                            chosen.push(option);
                            chosen.sort_unstable();
                        }
                    }
                }
                KeyCode::Right | KeyCode::Enter => self.view = next(i, last),
                KeyCode::Left => self.view = View::Question(i.saturating_sub(1)),
                KeyCode::Esc => self.view = View::Review,
                _ => {}
            },
            View::Review => match key.code {
                KeyCode::Char(d) if d.is_ascii_digit() && self.typed.len() < 4 => {
                    self.typed.push(d)
                }
                KeyCode::Backspace => {
                    self.typed.pop();
                }
                KeyCode::Enter => {
                    if let Ok(n) = self.typed.parse::<usize>()
                        && (1..=questions.len()).contains(&n)
                    {
                        self.view = View::Question(n - 1);
                    }
                    self.typed.clear();
                }
                KeyCode::Char('u') => {
                    if let Some(i) = self.answers.iter().position(Vec::is_empty) {
                        self.view = View::Question(i);
                    }
                }
                KeyCode::Char('g') => {
                    if let Some(i) = self.flagged.iter().position(|f| *f) {
                        self.view = View::Question(i);
                    }
                }
                KeyCode::Char('s') => self.view = View::Confirm,
                KeyCode::Char('p') | KeyCode::Left | KeyCode::Esc => {
                    self.view = View::Question(last);
                }
                _ => {}
            },
            View::Confirm => match key.code {
                KeyCode::Char('y') => return Some(Ending::Completed),
                _ => self.view = View::Review,
            },
        }
        None
    }
}

fn next(i: usize, last: usize) -> View {
    if i >= last {
        View::Review
    } else {
        View::Question(i + 1)
    }
}

fn clock(left: Duration) -> String {
    let s = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Lines of `text` wrapped at `width`, first after `first`, the rest under `rest`.
fn lines(first: &str, rest: &str, text: &str, width: usize) -> Vec<String> {
    crate::output::wrapped(first, rest, text, Some(width))
        .lines()
        .map(str::to_string)
        .collect()
}

fn draw(
    out: &mut impl Write,
    kb: &KnowledgeBase,
    questions: &[Question],
    state: &State,
    left: Duration,
) -> io::Result<()> {
    let (cols, _) = terminal::size().unwrap_or((80, 24));
    let width = usize::from(cols).max(30);
    let answered = state.answers.iter().filter(|a| !a.is_empty()).count();
    let flagged = state.flagged.iter().filter(|f| **f).count();
    let mut body: Vec<String> = Vec::new();
    let title = match state.view {
        View::Question(i) => format!("Mock exam · Question {} of {}", i + 1, questions.len()),
        View::Review | View::Confirm => "Mock exam · Review before submitting".to_string(),
    };
    body.push(format!(
        "{}   {}",
        title.bold(),
        format!("Time left {}", clock(left)).cyan().bold()
    ));
    body.push(format!(
        "Answered {answered} of {} · flagged {flagged}",
        questions.len()
    ));
    body.push(String::new());
    match state.view {
        View::Question(i) => {
            let q = &questions[i];
            if let Some(d) = q.domain {
                body.push(d.title().dark_grey().to_string());
            }
            if state.flagged[i] {
                body.push("⚑ Flagged for review".yellow().to_string());
            }
            body.extend(lines("", "", &crate::text::sanitize(&q.prompt), width));
            let several = !q.also_correct.is_empty();
            if several {
                body.push(
                    format!(
                        "Choose {}: a letter picks an option, again drops it{}.",
                        q.right_options().len(),
                        // f flags the question; Shift+F still answers F.
                        if q.options.len() > 5 {
                            " (F: Shift+F)"
                        } else {
                            ""
                        }
                    )
                    .dark_grey()
                    .to_string(),
                );
            }
            body.push(String::new());
            for (o, option) in q.options.iter().enumerate() {
                let chosen = state.answers[i].contains(&o);
                let mark = match (several, chosen) {
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                    (false, true) => "(•)",
                    (false, false) => "( )",
                };
                let first = format!("  {mark} {}) ", letter(o));
                let text = crate::text::sanitize(&option.text).into_owned();
                for l in lines(&first, "         ", &text, width) {
                    body.push(if chosen { l.bold().to_string() } else { l });
                }
            }
            body.push(String::new());
            let last = letter(q.options.len().saturating_sub(1)).to_ascii_lowercase();
            body.push(
                format!(
                    "a–{last} answer (again to change) · n/→ next · p/← previous · f flag · r review · Ctrl-C stop"
                )
                .dark_grey()
                .to_string(),
            );
        }
        View::Review | View::Confirm => {
            let mut row = String::new();
            for (i, a) in state.answers.iter().enumerate() {
                let answer: String = if a.is_empty() {
                    "–".to_string()
                } else {
                    a.iter().map(|&o| letter(o)).collect()
                };
                let flag = if state.flagged[i] { "⚑" } else { " " };
                let cell = format!("{:>3} {answer}{flag}  ", i + 1);
                if row.chars().count() + cell.chars().count() > width {
                    body.push(std::mem::take(&mut row));
                }
                row.push_str(&cell);
            }
            body.push(row);
            body.push(String::new());
            let unanswered = questions.len() - answered;
            if state.view == View::Confirm {
                body.push(
                    format!(
                        "Submit the exam? {unanswered} unanswered questions count as wrong. y submits, any other key goes back."
                    )
                    .yellow()
                    .bold()
                    .to_string(),
                );
            } else {
                body.push(format!("Go to question: {}_", state.typed));
                body.push(
                    "number + Enter go to it · u next unanswered · g next flagged · p back · s submit · Ctrl-C stop"
                        .dark_grey()
                        .to_string(),
                );
            }
        }
    }
    let _ = kb;
    queue!(
        out,
        cursor::MoveTo(0, 0),
        terminal::Clear(terminal::ClearType::All)
    )?;
    for l in body {
        // Raw mode: a line feed does not return the carriage.
        write!(out, "{l}\r\n")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Origin, QuizOption};

    fn questions(n: usize) -> Vec<Question> {
        (0..n)
            .map(|i| Question {
                prompt: format!("q{i}"),
                options: ["w", "x", "y", "z"]
                    .iter()
                    .map(|t| QuizOption {
                        text: t.to_string(),
                        entry: None,
                    })
                    .collect(),
                correct: 1,
                also_correct: Vec::new(),
                entry: None,
                domain: None,
                origin: Origin::Bank { line: i, id: None },
            })
            .collect()
    }

    fn press(state: &mut State, qs: &[Question], code: KeyCode) -> Option<Ending> {
        state.key(KeyEvent::new(code, KeyModifiers::NONE), qs)
    }

    #[test]
    fn answer_change_flag_revisit_review_and_submit() {
        let qs = questions(3);
        let mut s = State {
            answers: vec![Vec::new(); 3],
            flagged: vec![false; 3],
            view: View::Question(0),
            typed: String::new(),
        };
        press(&mut s, &qs, KeyCode::Char('a'));
        press(&mut s, &qs, KeyCode::Char('c'));
        assert_eq!(s.answers[0], [2], "an answer can be changed");
        press(&mut s, &qs, KeyCode::Char('e'));
        assert_eq!(s.answers[0], [2], "no option E");
        press(&mut s, &qs, KeyCode::Char('f'));
        assert!(s.flagged[0]);
        press(&mut s, &qs, KeyCode::Right);
        press(&mut s, &qs, KeyCode::Char('n'));
        press(&mut s, &qs, KeyCode::Char('n'));
        assert_eq!(
            s.view,
            View::Review,
            "past the last question comes the review"
        );
        press(&mut s, &qs, KeyCode::Char('g'));
        assert_eq!(s.view, View::Question(0), "to the flagged one");
        press(&mut s, &qs, KeyCode::Char('r'));
        press(&mut s, &qs, KeyCode::Char('2'));
        press(&mut s, &qs, KeyCode::Enter);
        assert_eq!(s.view, View::Question(1));
        press(&mut s, &qs, KeyCode::Char('B'));
        press(&mut s, &qs, KeyCode::Esc);
        press(&mut s, &qs, KeyCode::Char('u'));
        assert_eq!(s.view, View::Question(2), "to the unanswered one");
        press(&mut s, &qs, KeyCode::Char('r'));
        press(&mut s, &qs, KeyCode::Char('s'));
        assert_eq!(
            press(&mut s, &qs, KeyCode::Char('x')),
            None,
            "only y submits"
        );
        assert_eq!(s.view, View::Review);
        press(&mut s, &qs, KeyCode::Char('s'));
        assert_eq!(
            press(&mut s, &qs, KeyCode::Char('y')),
            Some(Ending::Completed)
        );
        assert_eq!(s.answers, [vec![2], vec![1], vec![]]);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(s.key(ctrl_c, &qs), Some(Ending::Interrupted));
    }

    #[test]
    fn a_question_with_two_answers_takes_a_set_of_letters() {
        let mut qs = questions(2);
        qs[0].also_correct = vec![3];
        let mut s = State {
            answers: vec![Vec::new(); 2],
            flagged: vec![false; 2],
            view: View::Question(0),
            typed: String::new(),
        };
        press(&mut s, &qs, KeyCode::Char('d'));
        press(&mut s, &qs, KeyCode::Char('a'));
        press(&mut s, &qs, KeyCode::Char('b'));
        assert_eq!(s.answers[0], [0, 1, 3]);
        press(&mut s, &qs, KeyCode::Char('a'));
        assert_eq!(s.answers[0], [1, 3], "again drops it");
        press(&mut s, &qs, KeyCode::Right);
        press(&mut s, &qs, KeyCode::Char('a'));
        press(&mut s, &qs, KeyCode::Char('c'));
        assert_eq!(s.answers[1], [2], "one answer: a letter replaces");
    }

    #[test]
    fn the_clock_rounds_up_to_the_second() {
        assert_eq!(clock(Duration::from_millis(119_500)), "02:00");
        assert_eq!(clock(Duration::from_secs(61)), "01:01");
    }
}
