//! Embeds the default knowledge base (`data/`) in the binary, so that `svcmatch` answers from any
//! directory without a set-up step. Every `data/kb/*.json` file is picked up, so adding a file
//! needs no code change.

use sha2::{Digest, Sha256};
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
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_data.rs");
    fs::write(dest, out).expect("write embedded_data.rs");
}
