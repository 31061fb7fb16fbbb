//! A markdown notes file with arbitrary contents: the parser must never panic and keep its
//! promises (line numbers in range, parents before children, depth and line length capped, no
//! control characters left in the text). What parses is attached to a small knowledge base and
//! every entry's card is printed: the headings and lines of the notes become entry names and
//! quotes, and must reach the output neutralised. (Indexing per input would cost 0.5 s under
//! AddressSanitizer; `kb_loader` covers indexing and ranking arbitrary entry text.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use svcmatch::knowledge::{KnowledgeBase, parse_entries};
use svcmatch::notes::{self, MAX_DEPTH, MAX_TEXT_CHARS, attach::FuzzyBudget};

/// The test fixture's knowledge base (five entries): small, so a copy per input is cheap.
fn fixture() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        let mut entries = Vec::new();
        for (name, text) in [
            (
                "billing.json",
                include_str!("../../tests/fixtures/kb/kb/billing.json"),
            ),
            (
                "security.json",
                include_str!("../../tests/fixtures/kb/kb/security.json"),
            ),
        ] {
            entries.extend(parse_entries(name, text).expect("the fixture parses"));
        }
        KnowledgeBase::from_entries(entries).expect("the fixture checks")
    })
}

fuzz_target!(|data: &[u8]| {
    // Notes files that are not UTF-8 are refused before parsing; read the bytes lossily so that
    // random input still reaches the parser.
    let text = String::from_utf8_lossy(data);
    let doc = notes::parse("fuzz.md", &text);
    let last = text.lines().count().max(1);
    for s in &doc.sections {
        assert!(s.line >= 1 && s.line <= last);
        assert!(!s.heading.chars().any(svcmatch::text::is_unsafe));
        for (i, l) in s.lines.iter().enumerate() {
            assert!(l.line >= s.line && l.line <= last);
            assert!(l.parent.is_none_or(|p| p < i));
            assert!(l.depth < MAX_DEPTH);
            assert!(!l.text.is_empty());
            assert!(l.text.chars().count() <= MAX_TEXT_CHARS + 1);
            assert!(!l.text.chars().any(svcmatch::text::is_unsafe));
        }
        if let Some(p) = s.parent {
            assert!(doc.sections[p].level < s.level);
        }
    }

    let mut kb = fixture().clone();
    let mut budget = FuzzyBudget::default();
    let report = notes::apply(&mut kb, std::path::Path::new("fuzz.md"), &text, &mut budget);
    assert!(report.quotes() <= text.lines().count());
    let mut out = Vec::new();
    for i in 0..kb.len() {
        svcmatch::output::card(&mut out, &kb, i).expect("printing into memory works");
    }
    assert!(
        !out.contains(&0x1b),
        "an escape character reached the output"
    );
});
