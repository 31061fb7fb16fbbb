//! The list of the user's registered notes files, kept as `notes.json` in the config directory.
//! Paths are stored absolute, so that every run finds the files from any working directory.
//! The file is written atomically: a temporary file in the same directory, renamed over it.

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const REGISTRY_FILE: &str = "notes.json";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    version: u32,
    files: Vec<PathBuf>,
}

/// The registered notes files, in the order they were added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    pub path: PathBuf,
    pub files: Vec<PathBuf>,
}

impl Registry {
    /// Reads the registry in `dir`; a missing file is an empty registry.
    pub fn open(dir: &Path) -> Result<Registry> {
        let path = dir.join(REGISTRY_FILE);
        let files = match fs::read(&path) {
            Ok(bytes) => {
                let stored: Stored = serde_json::from_slice(&bytes).map_err(|e| {
                    anyhow!(
                        "{}: not a valid notes registry ({e}); fix or delete it",
                        path.display()
                    )
                })?;
                if stored.version != VERSION {
                    return Err(anyhow!(
                        "{}: notes registry version {} (this svcmatch reads {VERSION})",
                        path.display(),
                        stored.version
                    ));
                }
                stored.files
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(anyhow!("{}: cannot read: {e}", path.display())),
        };
        Ok(Registry { path, files })
    }

    pub fn contains(&self, file: &Path) -> bool {
        self.files.iter().any(|f| f == file)
    }

    /// Adds a file (already absolute); returns false when it was registered before.
    pub fn add(&mut self, file: PathBuf) -> bool {
        if self.contains(&file) {
            return false;
        }
        self.files.push(file);
        true
    }

    /// Removes a file; returns false when it was not registered.
    pub fn remove(&mut self, file: &Path) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f != file);
        self.files.len() != before
    }

    /// Writes the registry atomically (a crash leaves the old file or the new one, never half).
    /// When writing fails, the old file is untouched and the error says so.
    pub fn save(&self) -> Result<()> {
        self.write_atomically().with_context(|| {
            format!(
                "{} keeps its previous contents; nothing was registered or removed",
                self.path.display()
            )
        })
    }

    fn write_atomically(&self) -> Result<()> {
        let dir = self
            .path
            .parent()
            .ok_or_else(|| anyhow!("{}: no parent directory", self.path.display()))?;
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
        let stored = Stored {
            version: VERSION,
            files: self.files.clone(),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
        serde_json::to_writer_pretty(&mut tmp, &stored)?;
        writeln!(tmp)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path)
            .map_err(|e| anyhow!("{}: cannot write: {}", self.path.display(), e.error))?;
        Ok(())
    }
}

/// The absolute form of a path given by the user, with symbolic links resolved when it exists.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    if let Ok(canonical) = fs::canonicalize(path) {
        return Ok(canonical);
    }
    std::path::absolute(path).with_context(|| format!("{}: cannot make absolute", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_atomic_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Registry::open(dir.path()).unwrap();
        assert!(r.files.is_empty());
        assert!(r.add(PathBuf::from("/a/notes.md")));
        assert!(!r.add(PathBuf::from("/a/notes.md")));
        assert!(r.add(PathBuf::from("/b/more.md")));
        r.save().unwrap();
        let again = Registry::open(dir.path()).unwrap();
        assert_eq!(again.files, r.files);
        let mut again = again;
        assert!(again.remove(Path::new("/a/notes.md")));
        assert!(!again.remove(Path::new("/a/notes.md")));
        again.save().unwrap();
        assert_eq!(
            Registry::open(dir.path()).unwrap().files,
            vec![PathBuf::from("/b/more.md")]
        );
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }

    #[test]
    fn a_corrupt_registry_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(REGISTRY_FILE), "{not json").unwrap();
        let err = Registry::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("notes.json"), "{err}");
    }
}
