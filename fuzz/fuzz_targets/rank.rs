//! The ranking path with arbitrary bytes as the scenario: `ask` and `ask --choices` (which
//! resolves every option as `show` resolves names) must return, never panic, and keep their
//! promises: at most `top` matches, confidences in [0, 1], JSON that parses, no raw escape
//! character in the human output.
#![no_main]

#[path = "world.rs"]
mod world;

use libfuzzer_sys::fuzz_target;
use svcmatch::limits::MAX_CHOICES;
use svcmatch::rank::RankOptions;

fuzz_target!(|data: &[u8]| {
    let w = world::world();
    // The first byte picks the options; the rest is the text: the scenario, then one choice a line.
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut lines = text.split('\n');
    let scenario = lines.next().unwrap_or_default();
    let mut choices: Vec<String> = lines.map(str::to_string).collect();
    if choices.len() > MAX_CHOICES {
        let refused = w
            .ranker
            .ask_choices(scenario, &choices, &RankOptions::default());
        assert!(
            refused.is_err(),
            "more than {MAX_CHOICES} options are refused"
        );
        choices.truncate(MAX_CHOICES);
    }
    let opts = RankOptions {
        top: 1 + usize::from(knobs & 0x0f),
        explain: knobs & 0x10 == 0,
    };
    let answer = if knobs & 0x20 == 0 || choices.is_empty() {
        w.ranker.ask(&text, &opts)
    } else {
        w.ranker.ask_choices(scenario, &choices, &opts)
    }
    .expect("ranking never fails");
    assert!(answer.matches.len() <= opts.top);
    for m in &answer.matches {
        assert!(m.entry < w.kb.len());
        assert!(m.score.is_finite());
        assert!((0.0..=1.0).contains(&m.confidence), "{}", m.confidence);
    }
    let json = serde_json::to_string(&svcmatch::json::ask_json(w.kb, &text, &answer))
        .expect("the answer serializes");
    let _: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    let mut human = Vec::new();
    svcmatch::output::answer(&mut human, w.kb, &answer).expect("printing into memory works");
    assert!(
        !human.contains(&0x1b),
        "an escape character reached the output"
    );
});
