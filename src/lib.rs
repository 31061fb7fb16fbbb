//! svcmatch: which AWS service fits this need?
//!
//! The library behind the `svcmatch` binary. The pieces, each in its own module:
//! - [`model`]: what an entry of the knowledge base is;
//! - [`knowledge`]: loading and checking the knowledge base (embedded or from a directory);
//! - [`index`]: the tantivy index (the only module that talks to tantivy);
//! - [`rank`]: from a scenario to ranked, explained entries;
//! - [`resolve`]: from what a person calls an entry to the entry;
//! - [`name_words`]: the names of an entry as a question writes them (`build.rs` shares it);
//! - [`pick`]: questions with several right answers ("Choose TWO"), on top of ranked options;
//! - [`notes`]: the user's own markdown notes, matched to entries and quoted;
//! - [`output`] and [`json`]: printing for people and for programs;
//! - [`quiz`], [`progress`] and [`quiz_output`]: practice questions, the progress file with its
//!   review schedule, and their printing;
//! - [`anki`]: practice questions as a deck Anki imports;
//! - [`exam_screen`]: the mock exam on a terminal (answer, flag, revisit, review, submit);
//! - [`batch`]: many scenarios, one per line, for scripts;
//! - [`cli`], [`config`], [`app`] and [`cmd`]: the command line;
//! - [`exit`]: the exit statuses, shared by `app` and every `cmd`;
//! - [`text`]: text safety (`sanitize`, `is_unsafe`), used by loading and printing alike;
//! - [`limits`]: the bounds on what is read, so that no input exhausts memory or time.
//!
//! Dependencies point down: `app` → `cmd` → `output`/`json`/`batch` → `rank` → `index` →
//! `knowledge` → `model`, with `text`, `exit` and `limits` at the bottom, importing nothing of
//! the crate. (One exception is left: `quiz` reads its bank with `cmd::eval`'s `Labelled`.)

pub mod anki;
pub mod app;
pub mod batch;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod exam_screen;
pub mod exit;
pub mod index;
pub mod json;
pub mod knowledge;
pub mod limits;
pub mod model;
pub mod name_words;
pub mod negation;
pub mod notes;
pub mod output;
pub mod pick;
pub mod progress;
pub mod quiz;
pub mod quiz_multi;
pub mod quiz_output;
pub mod rank;
pub mod resolve;
pub mod stem_word;
pub mod stemming;
pub mod text;
