//! What the fuzz targets share: the embedded knowledge base, its in-memory index and a ranker,
//! built once per process (building them costs far more than one run of a target). Each target
//! uses the parts it needs.
#![allow(dead_code)]

use std::sync::OnceLock;
use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::rank::Ranker;

pub struct World {
    pub kb: &'static KnowledgeBase,
    pub ranker: Ranker<'static>,
}

pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let kb: &'static KnowledgeBase = Box::leak(Box::new(
            KnowledgeBase::load(&DataSource::Embedded).expect("the embedded knowledge base loads"),
        ));
        let index: &'static SearchIndex = Box::leak(Box::new(
            SearchIndex::build_in_memory(kb).expect("the in-memory index builds"),
        ));
        World {
            kb,
            ranker: Ranker::new(kb, index),
        }
    })
}
