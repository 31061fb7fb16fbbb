//! The single-query ranking path on the built-in knowledge base with an in-memory index:
//! `cargo bench --bench rank`. Batch throughput is measured by `benches/batch.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::rank::{RankOptions, Ranker};

const SCENARIOS: [&str; 6] = [
    "detect suspicious API calls in my account",
    "A company needs to block SQL injection attempts against its web application",
    "rotate database credentials automatically without changing application code",
    "which service gives a dashboard of estimated monthly charges and forecasts",
    "store objects durably and serve them to users around the world with low latency",
    "gaurd duty findings for compromised ec2 instances",
];

fn rank(c: &mut Criterion) {
    let kb = KnowledgeBase::load(&DataSource::Embedded).expect("embedded knowledge base");
    let index = SearchIndex::build_in_memory(&kb).expect("in-memory index");
    let ranker = Ranker::new(&kb, &index);
    let brief = RankOptions {
        top: 3,
        explain: false,
    };
    let explained = RankOptions {
        top: 3,
        explain: true,
    };
    // Warm the lazily built tables so that the figures are per query, not per process.
    for s in SCENARIOS {
        ranker.ask(s, &explained).expect("rank");
    }
    let mut n = 0;
    c.bench_function("ask top 3", |b| {
        b.iter(|| {
            n = (n + 1) % SCENARIOS.len();
            black_box(ranker.ask(black_box(SCENARIOS[n]), &brief).expect("rank"))
        })
    });
    c.bench_function("ask top 3 explained", |b| {
        b.iter(|| {
            n = (n + 1) % SCENARIOS.len();
            black_box(
                ranker
                    .ask(black_box(SCENARIOS[n]), &explained)
                    .expect("rank"),
            )
        })
    });
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("load embedded knowledge base", |b| {
        b.iter(|| black_box(KnowledgeBase::load(&DataSource::Embedded).expect("load")))
    });
    group.finish();
}

criterion_group!(benches, rank, startup);
criterion_main!(benches);
