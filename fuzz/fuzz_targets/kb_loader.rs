//! A knowledge-base file (`kb/*.json`) with arbitrary contents: parsing and checking must return
//! an error or entries, never panic. Entries that load are indexed in memory and asked a
//! question made from their own text, so what the loader lets through is also rankable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{KnowledgeBase, parse_entries};
use svcmatch::rank::{RankOptions, Ranker};

/// Indexing costs milliseconds; only small knowledge bases are indexed, to keep the run fast.
const MAX_INDEXED_ENTRIES: usize = 8;

fuzz_target!(|data: &[u8]| {
    // The loader refuses files that are not UTF-8 before parsing; fuzz the parser with text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(entries) = parse_entries("kb/fuzz.json", text) else {
        return;
    };
    let Ok(kb) = KnowledgeBase::from_entries(entries) else {
        return;
    };
    if kb.is_empty() || kb.len() > MAX_INDEXED_ENTRIES {
        return;
    }
    let index = SearchIndex::build_in_memory(&kb).expect("a checked knowledge base indexes");
    let ranker = Ranker::new(&kb, &index);
    for e in &kb.entries {
        let question = format!("{} {}", e.use_cases[0], e.name);
        let answer = ranker
            .ask(&question, &RankOptions::default())
            .expect("ranking never fails");
        assert!(answer.matches.len() <= 3);
        let mut human = Vec::new();
        svcmatch::output::answer(&mut human, &kb, &answer).expect("printing into memory works");
        assert!(
            !human.contains(&0x1b),
            "an escape character reached the output"
        );
        let mut card = Vec::new();
        let i = kb.index_of(&e.id).expect("an entry's own id resolves");
        svcmatch::output::card(&mut card, &kb, i).expect("printing into memory works");
        assert!(
            !card.contains(&0x1b),
            "an escape character reached the output"
        );
    }
});
