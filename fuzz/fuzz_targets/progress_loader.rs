//! A progress file with arbitrary contents: parsing must return an error or a record, never
//! panic; a record that parses must survive a save/parse round trip unchanged, and `stats` must
//! report and print it.
#![no_main]

#[path = "world.rs"]
mod world;

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use svcmatch::progress::Progress;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("progress.json");
    let Ok(mut record) = Progress::parse(data, path) else {
        return;
    };
    let text = serde_json::to_vec_pretty(&record).expect("a record serializes");
    let again = Progress::parse(&text, path).expect("a saved record parses");
    assert_eq!(again, record);

    let w = world::world();
    for now in [0, 1_700_000_000, i64::MIN, i64::MAX] {
        let _ = record.due(now);
        let _ = record.next_due(now);
        let report = svcmatch::cmd::stats::report(w.kb, &record, path, now);
        let mut out = Vec::new();
        svcmatch::quiz_output::stats(&mut out, &report).expect("printing into memory works");
        assert!(
            !out.contains(&0x1b),
            "an escape character reached the output"
        );
        let _ = serde_json::to_string(&report).expect("the report serializes");
    }
    if let Some(id) = record.entries.keys().next().cloned() {
        record.record(&id, true, Some(&id), "practice", 1_700_000_000);
        record.record(&id, false, None, "practice", 1_700_000_000);
    }
});
