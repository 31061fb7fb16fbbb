//! Embeds the default knowledge base (`data/`) in the binary, so that `svcmatch` answers from any
//! directory without a set-up step. Every `data/kb/*.json` file is picked up, so adding a file
//! needs no code change.

use sha2::{Digest, Sha256};

// The data model itself, so that the entries are read here exactly as `knowledge.rs` reads them.
#[allow(dead_code)]
#[path = "src/model.rs"]
mod model;
// The names of an entry as a question writes them, computed here as a start of the binary would.
#[allow(dead_code)]
#[path = "src/name_words.rs"]
mod name_words;
// The stem of one word, computed here as the index's analyzer computes it.
#[allow(dead_code)]
#[path = "src/stem_word.rs"]
mod stem_word;
use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest).join("data");
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=data/kb");

    let mut kb_files: Vec<_> = fs::read_dir(data.join("kb"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    kb_files.sort();

    let mut out = String::from(
        "/// `(path relative to the crate, contents)` of every embedded knowledge-base file.\n",
    );
    out.push_str("pub const KB_FILES: &[(&str, &str)] = &[\n");
    // The fingerprint `KnowledgeBase::load` would compute (file names and contents, then the
    // synonyms), computed here once instead of at every start.
    let mut fingerprint = Sha256::new();
    for path in &kb_files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&manifest).unwrap().display().to_string();
        fingerprint.update(rel.as_bytes());
        fingerprint.update(fs::read(path).expect("read a knowledge-base file"));
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    if let Ok(synonyms) = fs::read(data.join("synonyms.json")) {
        fingerprint.update(synonyms);
    }
    out.push_str(&format!(
        "/// SHA-256 of the embedded data, as `KnowledgeBase::load` computes it.\npub const FINGERPRINT: [u8; 32] = {:?};\n",
        fingerprint.finalize().as_slice()
    ));
    for name in ["synonyms.json", "stopwords.json", "answer-types.json"] {
        let path = data.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let konst = name
            .trim_end_matches(".json")
            .to_uppercase()
            .replace('-', "_");
        out.push_str(&format!(
            "pub const {konst}: (&str, &str) = (\"data/{name}\", include_str!({:?}));\n",
            path.display().to_string()
        ));
    }
    out.push_str(&prebuilt_entries(&kb_files));
    out.push_str(&prebuilt_stems(&data));
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_data.rs");
    fs::write(dest, out).expect("write embedded_data.rs");
}

/// The entries of every file as Rust literals (`PREBUILT`), so that a start of the binary reads
/// them without parsing JSON. `None` when any file does not parse: the binary then parses the
/// JSON itself and reports the error with its file, entry and field.
fn prebuilt_entries(kb_files: &[std::path::PathBuf]) -> String {
    let mut entries = Vec::new();
    for path in kb_files {
        let parsed = fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<Vec<model::Entry>>(&text).ok());
        match parsed {
            Some(file) => entries.extend(file),
            None => {
                return "pub static PREBUILT: Option<&[super::RawEntry]> = None;\n\
                        pub static PREBUILT_NAMES: Option<super::PrebuiltNames> = None;\n"
                    .into();
            }
        }
    }
    let strs = |v: &[model::Text]| format!("&{v:?}");
    let opt = |v: &Option<model::Text>| match v {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    };
    let mut out = String::from(
        "/// The embedded entries, in file order, as `build.rs` read them from the JSON files.\n\
         pub static PREBUILT: Option<&[super::RawEntry]> = Some(&[\n",
    );
    for e in &entries {
        let contrasts: Vec<String> = e
            .contrasts
            .iter()
            .map(|c| format!("({:?}, {:?})", c.with, c.text))
            .collect();
        out.push_str(&format!(
            "super::RawEntry {{ id: {:?}, name: {:?}, aliases: {}, kind: crate::model::Kind::{:?}, \
             category: {:?}, domain: crate::model::Domain::{:?}, part_of: {}, summary: {:?}, \
             description: {:?}, use_cases: {}, keywords: {}, related: {}, contrasts: &[{}], \
             note: {} }},\n",
            e.id,
            e.name,
            strs(&e.aliases),
            e.kind,
            e.category,
            e.domain,
            opt(&e.part_of),
            e.summary,
            e.description,
            strs(&e.use_cases),
            strs(&e.keywords),
            strs(&e.related),
            contrasts.join(", "),
            opt(&e.note),
        ));
    }
    out.push_str("]);\n");
    out.push_str(&prebuilt_names(&entries));
    out
}

/// The joined names of every entry (`name_words::push_joined_names`) as `PREBUILT_NAMES`: their
/// text, and `(entry, start, end)` of each name in it, so that the ranker's name table need not
/// compute them at every start.
fn prebuilt_names(entries: &[model::Entry]) -> String {
    let mut text = String::new();
    let mut names: Vec<(u32, u32, u32)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        name_words::push_joined_names(i, e, &mut text, &mut names);
    }
    let rows: String = names
        .iter()
        .map(|(i, start, end)| format!("({i}, {start}, {end}), "))
        .collect();
    let (sorted, first_words, slots) = name_words::lookup_tables(&text, &names);
    let slots: String = slots.iter().map(|s| format!("{s}, ")).collect();
    let firsts: String = first_words
        .iter()
        .map(|(start, len, from, to)| format!("({start}, {len}, {from}, {to}), "))
        .collect();
    let order: String = sorted.iter().map(|n| format!("{n}, ")).collect();
    format!(
        "/// The joined names of the embedded entries, `(entry, start, end)` of each, and their\n\
         /// order by first and second word, and where each first word's names are in that order.\n\
         pub static PREBUILT_NAMES: Option<super::PrebuiltNames> = Some(super::PrebuiltNames {{ \
         text: {text:?}, names: &[{rows}], order: &[{order}], firsts: &[{firsts}], slots: &[{slots}], entries: {} }});\n",
        entries.len()
    )
}

/// The stems of every synonym phrase and answer-type cue, as `PREBUILT_STEMS` (`None` when a file
/// cannot be read or holds text that is not ASCII, which `SearchIndex::tokens` splits otherwise):
/// stemming them was a good part of a start.
fn prebuilt_stems(data: &Path) -> String {
    const NONE: &str = "pub static PREBUILT_STEMS: Option<super::PrebuiltStems> = None;\n";
    #[derive(serde::Deserialize)]
    struct Synonyms {
        groups: Vec<Vec<String>>,
    }
    #[derive(serde::Deserialize)]
    struct AnswerType {
        cues: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct AnswerTypes {
        types: Vec<AnswerType>,
    }
    let read = |name: &str| fs::read_to_string(data.join(name)).ok();
    let (Some(synonyms), Some(types)) = (read("synonyms.json"), read("answer-types.json")) else {
        return NONE.into();
    };
    let (Ok(synonyms), Ok(types)) = (
        serde_json::from_str::<Synonyms>(&synonyms),
        serde_json::from_str::<AnswerTypes>(&types),
    ) else {
        return NONE.into();
    };
    let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    // `&[&[…], …]` of the stems of each phrase of each list, or `None` for text not ASCII.
    let lists = |lists: Vec<Vec<String>>| -> Option<String> {
        let mut out = String::from("&[");
        for list in lists {
            out.push_str("&[");
            for phrase in list {
                let words = stem_word::ascii_words(&phrase, stem_word::MAX_TOKEN_BYTES)?;
                let stems: Vec<String> = words
                    .iter()
                    .map(|w| stem_word::stem_word(&stemmer, w))
                    .collect();
                out.push_str(&format!("&{stems:?}, "));
            }
            out.push_str("], ");
        }
        out.push(']');
        Some(out)
    };
    let cues = types.types.into_iter().map(|t| t.cues).collect();
    match (lists(synonyms.groups), lists(cues)) {
        (Some(synonyms), Some(cues)) => format!(
            "/// The stems of each synonym phrase and of each answer-type cue, by group and type.\n\
             pub static PREBUILT_STEMS: Option<super::PrebuiltStems> = \
             Some(super::PrebuiltStems {{ synonyms: {synonyms}, cues: {cues} }});\n"
        ),
        _ => NONE.into(),
    }
}
