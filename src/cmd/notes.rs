//! `svcmatch notes add|list|remove`: the registry of the user's notes files.

use super::{Session, print_json};
use crate::cli::NotesCommand;
use crate::config::Config;
use crate::exit;
use crate::knowledge::KnowledgeBase;
use crate::notes::registry::{self, Registry};
use crate::notes::report::{self, AddedFile, ListedFile, RemoveJson};
use crate::notes::{apply, load_for_run, read_notes_file};
use anyhow::{Result, anyhow, bail};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn run(config: &Config, command: NotesCommand) -> Result<u8> {
    match command {
        NotesCommand::Add { files } => add(config, &files),
        NotesCommand::List => list(config),
        NotesCommand::Remove { file } => remove(config, &file),
    }
}

fn registry_dir(config: &Config) -> Result<&Path> {
    config.config_dir.as_deref().ok_or_else(|| {
        anyhow!("no configuration directory to keep the notes registry in: set SVCMATCH_CONFIG_DIR")
    })
}

fn add(config: &Config, files: &[PathBuf]) -> Result<u8> {
    let dir = registry_dir(config)?;
    // Every file is read and checked before anything is written: nothing half-registered.
    let mut ready: Vec<(PathBuf, String)> = Vec::new();
    let mut problems = Vec::new();
    for given in files {
        match registry::absolute(given).and_then(|p| read_notes_file(&p).map(|t| (p, t))) {
            Ok((path, text)) => {
                if !ready.iter().any(|(p, _)| *p == path) {
                    ready.push((path, text));
                }
            }
            Err(e) => problems.push(format!("{e:#}")),
        }
    }
    if !problems.is_empty() {
        bail!("{} (nothing was registered)", problems.join("; "));
    }
    // Opened before the session so that a damaged registry stops us instead of being overwritten.
    let mut registry = Registry::open(dir)?;
    let mut session = Session::load(config)?;
    let mut added = Vec::new();
    for (path, text) in ready {
        let already = registry.contains(&path);
        let earlier = session
            .notes
            .get(&path)
            .and_then(|f| f.outcome.as_ref().ok())
            .cloned();
        let report = match earlier {
            Some(r) => r,
            None => apply(&mut session.kb, &path, &text, &mut session.notes.budget),
        };
        registry.add(path.clone());
        added.push(AddedFile {
            path,
            already,
            report,
        });
    }
    registry.save()?;
    if config.json {
        print_json(&report::add_json(&session.kb, &registry.path, &added))?;
    } else {
        let mut out = io::stdout().lock();
        report::added(&mut out, &session.kb, &registry.path, &added)?;
        out.flush()?;
    }
    Ok(exit::ANSWERED)
}

fn list(config: &Config) -> Result<u8> {
    let dir = registry_dir(config)?;
    let registry = Registry::open(dir)?;
    // Loaded quietly: a missing file shows in the listing itself, no need to warn twice.
    let mut kb = KnowledgeBase::load(&config.data)?;
    let only_registered = Config {
        notes: Vec::new(),
        ..config.clone()
    };
    let loaded = load_for_run(&mut kb, &only_registered)?;
    let files: Vec<ListedFile> = registry
        .files
        .iter()
        .map(|path| ListedFile {
            path: path.clone(),
            outcome: loaded
                .get(path)
                .map_or_else(|| Err("not read".to_string()), |f| f.outcome.clone()),
        })
        .collect();
    if config.json {
        print_json(&report::list_json(Some(&registry.path), &files))?;
    } else {
        let mut out = io::stdout().lock();
        report::listed(&mut out, Some(&registry.path), &files)?;
        out.flush()?;
    }
    Ok(exit::ANSWERED)
}

fn remove(config: &Config, file: &Path) -> Result<u8> {
    let dir = registry_dir(config)?;
    let mut registry = Registry::open(dir)?;
    let target = registered_as(&registry, file)?;
    registry.remove(&target);
    registry.save()?;
    if config.json {
        print_json(&RemoveJson {
            registry: registry.path.display().to_string(),
            removed: target.display().to_string(),
        })?;
    } else {
        writeln!(
            std::io::stdout(),
            "removed {} from the notes registry; its notes leave the index on the next run",
            crate::text::sanitize(&target.display().to_string())
        )?;
    }
    Ok(exit::ANSWERED)
}

/// The registered path `file` means: the same absolute path, the path as typed, or a bare file
/// name that only one registered file has (handy when the file has moved away).
fn registered_as(registry: &Registry, file: &Path) -> Result<PathBuf> {
    if registry.contains(file) {
        return Ok(file.to_path_buf());
    }
    let absolute = registry::absolute(file)?;
    if registry.contains(&absolute) {
        return Ok(absolute);
    }
    if file.components().count() == 1 {
        let same_name: Vec<&PathBuf> = registry
            .files
            .iter()
            .filter(|p| p.file_name() == file.file_name())
            .collect();
        if let [only] = same_name.as_slice() {
            return Ok((*only).clone());
        }
    }
    let known = if registry.files.is_empty() {
        "no files are registered".to_string()
    } else {
        format!(
            "registered: {}",
            registry
                .files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    bail!("{}: not a registered notes file ({known})", file.display())
}
