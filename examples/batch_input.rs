//! Writes a deterministic batch input for `benches/batch.sh`: the built-in knowledge base's use
//! cases, with filler words mixed in, an occasional typo, and one line in ten as a JSON object.
//!
//! `cargo run --release --example batch_input -- LINES > input.txt`

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, BufWriter, Write};
use svcmatch::knowledge::{DataSource, KnowledgeBase};

/// Words people add that say nothing about the need; some are stop words, some are unknown to
/// the knowledge base (and so go through typo correction).
const NOISE: [&str; 16] = [
    "please",
    "we",
    "our",
    "team",
    "quickly",
    "really",
    "currently",
    "company",
    "needs",
    "which",
    "service",
    "should",
    "use",
    "urgent",
    "today",
    "somehow",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lines: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 100_000,
    };
    let kb = KnowledgeBase::load(&DataSource::Embedded)?;
    let use_cases: Vec<&str> = kb
        .entries
        .iter()
        .flat_map(|e| e.use_cases.iter().map(|u| u.as_ref()))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(20_240_601);
    let mut out = BufWriter::new(io::stdout().lock());
    for n in 0..lines {
        let mut words: Vec<String> = use_cases[rng.random_range(0..use_cases.len())]
            .split_whitespace()
            .map(str::to_string)
            .collect();
        for _ in 0..rng.random_range(1..=3) {
            let at = rng.random_range(0..=words.len());
            words.insert(at, NOISE[rng.random_range(0..NOISE.len())].to_string());
        }
        if rng.random_range(0..10) == 0 {
            // Swap two letters of one longer word.
            let i = rng.random_range(0..words.len());
            let w: Vec<char> = words[i].chars().collect();
            if w.len() >= 5 {
                let j = rng.random_range(1..w.len() - 1);
                let mut w = w;
                w.swap(j, j + 1);
                words[i] = w.into_iter().collect();
            }
        }
        let text = words.join(" ");
        if n % 10 == 9 {
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": format!("q{}", n + 1), "question": text})
            )?;
        } else {
            writeln!(out, "{text}")?;
        }
    }
    out.flush()?;
    Ok(())
}
