//! Resolving exam options to entries on the built-in knowledge base: `cargo bench --bench
//! resolve`. Three kinds of option, as `ask --choices` meets them: exact names, names with one
//! or two slips of the keyboard, and random text (what the `rank` fuzz target feeds it). The
//! last groups time the whole `ask --choices` path with four such options, and with as many
//! random options as a question may have (the `rank` fuzz target's worst case), and the one-off
//! cost of indexing the names on first use.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::limits::MAX_CHOICES;
use svcmatch::rank::{RankOptions, Ranker};
use svcmatch::resolve::resolve_choice;

/// How many options of each kind one iteration resolves.
const OPTIONS: usize = 64;

/// A small deterministic generator, so that every run times the same options.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Entry names spread over the knowledge base.
fn exact_names(kb: &KnowledgeBase) -> Vec<String> {
    let step = (kb.len() / OPTIONS).max(1);
    kb.entries
        .iter()
        .step_by(step)
        .take(OPTIONS)
        .map(|e| e.name.to_string())
        .collect()
}

/// Names with one or two characters dropped, doubled or swapped: "Amazn Inspectr".
fn near_misses(kb: &KnowledgeBase, rng: &mut Rng) -> Vec<String> {
    exact_names(kb)
        .into_iter()
        .map(|name| {
            let mut chars: Vec<char> = name.chars().collect();
            for _ in 0..1 + rng.below(2) {
                let at = rng.below(chars.len().max(2) - 1);
                match rng.below(3) {
                    0 => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, chars[at]),
                    _ => chars.swap(at, at + 1),
                }
            }
            chars.into_iter().collect()
        })
        .collect()
}

/// Random letters, digits and spaces, 20 to 200 characters long.
fn random_text(rng: &mut Rng) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789     ";
    (0..OPTIONS)
        .map(|_| {
            (0..20 + rng.below(181))
                .map(|_| ALPHABET[rng.below(ALPHABET.len())] as char)
                .collect()
        })
        .collect()
}

fn resolve_options(c: &mut Criterion) {
    let kb = KnowledgeBase::load(&DataSource::Embedded).expect("embedded knowledge base");
    // A copy whose names are not indexed yet.
    let unindexed = kb.clone();
    let mut rng = Rng(0x5eed_cafe_f00d);
    let kinds = [
        ("exact names", exact_names(&kb)),
        ("near misses", near_misses(&kb, &mut rng)),
        ("random text", random_text(&mut rng)),
    ];
    // Build whatever is built lazily, so that the figures are per option.
    let _ = resolve_choice(&kb, "Amazon Inspector");
    let mut group = c.benchmark_group("resolve_choice");
    group.sample_size(10);
    for (kind, options) in &kinds {
        group.throughput(Throughput::Elements(options.len() as u64));
        group.bench_function(*kind, |b| {
            b.iter(|| {
                for o in options {
                    black_box(resolve_choice(&kb, black_box(o)));
                }
            })
        });
    }
    group.finish();

    let index = SearchIndex::build_in_memory(&kb).expect("in-memory index");
    let ranker = Ranker::new(&kb, &index);
    let opts = RankOptions::default();
    let scenario = "A company wants to find software vulnerabilities in its EC2 instances";
    let question_sets: Vec<Vec<String>> = (0..OPTIONS / 4)
        .map(|i| {
            vec![
                kinds[0].1[i].clone(),
                kinds[1].1[i].clone(),
                kinds[2].1[i].clone(),
                "Amazon Inspector".to_string(),
            ]
        })
        .collect();
    let mut group = c.benchmark_group("ask_choices");
    group.sample_size(10);
    group.throughput(Throughput::Elements(question_sets.len() as u64));
    group.bench_function("4 options: exact, near, random, exact", |b| {
        b.iter(|| {
            for choices in &question_sets {
                black_box(ranker.ask_choices(scenario, choices, &opts).expect("rank"));
            }
        })
    });
    let random_sets: Vec<Vec<String>> = (0..4)
        .map(|_| {
            random_text(&mut rng)
                .into_iter()
                .take(MAX_CHOICES)
                .collect()
        })
        .collect();
    group.throughput(Throughput::Elements(random_sets.len() as u64));
    group.bench_function("26 random options", |b| {
        b.iter(|| {
            for choices in &random_sets {
                black_box(ranker.ask_choices(scenario, choices, &opts).expect("rank"));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("first use");
    group.sample_size(10);
    // What the copy costs by itself, to subtract from the next figure.
    group.bench_function("copy the knowledge base", |b| {
        b.iter_batched(|| unindexed.clone(), drop, BatchSize::LargeInput)
    });
    group.bench_function("index the names and resolve one option", |b| {
        b.iter_batched(
            || unindexed.clone(),
            |kb| black_box(resolve_choice(&kb, "Amazon Inspector")),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, resolve_options);
criterion_main!(benches);
