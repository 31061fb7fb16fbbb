//! Turns parsed arguments into a `Config`: paths resolved, colour decided, limits checked.
//! Nothing past this point sees the clap structs.

use crate::cli::{ColorChoice, GlobalFlags};
use crate::knowledge::DataSource;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub const INDEX_DIR_ENV: &str = "SVCMATCH_INDEX_DIR";
pub const DATA_ENV: &str = "SVCMATCH_DATA";
pub const CONFIG_DIR_ENV: &str = "SVCMATCH_CONFIG_DIR";

/// Everything a command needs to know about its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub color: bool,
    pub json: bool,
    pub data: DataSource,
    /// Where the index is kept; `None` means in memory only.
    pub index_base: Option<PathBuf>,
    /// Where the user's settings live (the notes registry); `None` when there is no home.
    pub config_dir: Option<PathBuf>,
    /// Notes files for this run only (`--notes`).
    pub notes: Vec<PathBuf>,
}

impl Config {
    pub fn from_flags(flags: &GlobalFlags) -> Config {
        let color = match flags.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        let data = flags
            .data
            .clone()
            .or_else(|| env_path(DATA_ENV))
            .map_or(DataSource::Embedded, DataSource::Dir);
        let index_base = flags
            .index_dir
            .clone()
            .or_else(|| env_path(INDEX_DIR_ENV))
            .or_else(default_index_base);
        let config_dir = env_path(CONFIG_DIR_ENV).or_else(|| {
            directories::ProjectDirs::from("", "", "svcmatch").map(|d| d.config_dir().to_path_buf())
        });
        Config {
            color,
            json: flags.json,
            data,
            index_base,
            config_dir,
            notes: flags.notes.clone(),
        }
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `index/` in the checkout when the binary runs from the checkout's `target/`; otherwise the
/// user's cache directory.
fn default_index_base() -> Option<PathBuf> {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().ok()?;
    if exe.starts_with(checkout.join("target")) && checkout.join("Cargo.toml").is_file() {
        return Some(checkout.join("index"));
    }
    directories::ProjectDirs::from("", "", "svcmatch").map(|d| d.cache_dir().join("index"))
}
