//! The practice record: every answer the person gave, per entry, and when each entry is due again.
//!
//! Scheduling is a Leitner system: an entry sits in one of five boxes. A wrong answer sends it
//! back to box 1, due at once; a right answer moves it up one box, and the higher the box, the
//! longer until it is asked again (see [`BOX_INTERVAL_DAYS`]).
//!
//! The file is JSON with a `version`. It is written whole, atomically (a temporary file in the
//! same directory, then renamed over the old one), after every answer, so an interrupted session
//! keeps every answer given so far. A file that cannot be read or parsed is never overwritten: it
//! is moved aside to `<name>.corrupt-<timestamp>` and the move is reported.

use crate::limits::MAX_PROGRESS_FILE_BYTES;
use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// An exclusive lock on `<path>.lock`, held until the returned file is dropped. The lock file
/// stays (empty) after the lock is released: removing it would let a third session lock a new
/// file while a second still holds the old one.
fn lock_beside(path: &Path) -> Result<fs::File> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("{}: cannot open the lock file", lock_path.display()))?;
    file.lock()
        .with_context(|| format!("{}: cannot lock", lock_path.display()))?;
    Ok(file)
}

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;
/// Overrides the directory the progress file lives in.
pub const DATA_DIR_ENV: &str = "SVCMATCH_DATA_DIR";
/// Overrides the current time (unix seconds), so that tests can look at tomorrow's schedule.
pub const NOW_ENV: &str = "SVCMATCH_NOW";
pub const FILE_NAME: &str = "progress.json";
/// Days until an entry in box 1, 2, … 5 is due again after an answer.
pub const BOX_INTERVAL_DAYS: [i64; 5] = [0, 1, 3, 7, 14];
pub const TOP_BOX: u8 = 5;
/// The answer log is capped so that the file stays small after years of practice; the per-entry
/// counters keep the full tally.
const HISTORY_LIMIT: usize = 5000;
const DAY: i64 = 24 * 60 * 60;

/// The whole progress file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// By entry id.
    #[serde(default)]
    pub entries: BTreeMap<String, EntryProgress>,
    /// The most recent answers, oldest first.
    #[serde(default)]
    pub history: Vec<AnswerRecord>,
}

/// What is known about one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryProgress {
    pub right: u32,
    pub wrong: u32,
    /// Unix seconds.
    pub last_seen: i64,
    /// `last_seen` for people reading the file (RFC 3339, UTC); `last_seen` is authoritative.
    #[serde(default)]
    pub last_seen_utc: String,
    /// Leitner box, 1 to 5.
    #[serde(rename = "box")]
    pub leitner_box: u8,
    /// Unix seconds from which the entry is due for review.
    pub due: i64,
    #[serde(default)]
    pub due_utc: String,
}

impl EntryProgress {
    /// The counters come from a file anyone can edit: saturating, so that absurd values are
    /// shown as they are instead of overflowing.
    pub fn answers(&self) -> u32 {
        self.right.saturating_add(self.wrong)
    }

    pub fn accuracy(&self) -> f64 {
        share(self.right, self.answers())
    }

    pub fn is_due(&self, now: i64) -> bool {
        self.due <= now
    }
}

/// One answer, as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub at: i64,
    pub entry: String,
    pub correct: bool,
    /// The id of the entry chosen, when it names one.
    #[serde(default)]
    pub chosen: Option<String>,
    /// practice, review, exam or bank.
    pub mode: String,
}

/// How opening the progress file went.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// No file yet; one is written with the first answer.
    New,
    Existing,
    /// The file could not be read or parsed; it was moved to `to` and a new one is started.
    MovedAside {
        to: PathBuf,
        reason: String,
    },
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: VERSION,
            entries: BTreeMap::new(),
            history: Vec::new(),
        }
    }
}

/// Why a file is not a usable progress file.
enum Unusable {
    /// Damaged or not a progress file: safe to move aside.
    Corrupt(String),
    /// A file a later svcmatch wrote, or an I/O failure: leave it alone and stop.
    Fatal(anyhow::Error),
}

impl Progress {
    /// Opens the progress file for a quiz: a missing file starts a new record, a corrupt one is
    /// moved aside (never overwritten).
    pub fn open(path: &Path) -> Result<(Progress, Opened)> {
        match Self::parse_file(path) {
            Ok(Some(p)) => Ok((p, Opened::Existing)),
            Ok(None) => Ok((Progress::default(), Opened::New)),
            Err(Unusable::Fatal(e)) => Err(e),
            Err(Unusable::Corrupt(reason)) => {
                let to = move_aside(path, now())?;
                Ok((Progress::default(), Opened::MovedAside { to, reason }))
            }
        }
    }

    /// Reads the progress file without changing anything (for `stats`). `None` when there is none.
    pub fn read(path: &Path) -> Result<Option<Progress>> {
        match Self::parse_file(path) {
            Ok(p) => Ok(p),
            Err(Unusable::Fatal(e)) => Err(e),
            Err(Unusable::Corrupt(reason)) => Err(anyhow!(
                "{}: the progress file is unusable ({reason}); the next `svcmatch quiz` moves it aside and starts a new one",
                path.display()
            )),
        }
    }

    fn parse_file(path: &Path) -> Result<Option<Progress>, Unusable> {
        let cannot_read = |e: io::Error| {
            Unusable::Fatal(
                anyhow!(e).context(format!("{}: cannot read the progress file", path.display())),
            )
        };
        let file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(cannot_read(e)),
        };
        let meta = file.metadata().map_err(cannot_read)?;
        if meta.is_dir() {
            return Err(Unusable::Fatal(anyhow!(
                "{}: the progress file is a directory",
                path.display()
            )));
        }
        // A device or a pipe (`--progress /dev/null`) would be replaced by a regular file on the
        // first save, or read forever (`/dev/zero`).
        if !meta.is_file() {
            return Err(Unusable::Fatal(anyhow!(
                "{}: the progress file is not a regular file",
                path.display()
            )));
        }
        let mut bytes = Vec::new();
        file.take(MAX_PROGRESS_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        if bytes.len() as u64 > MAX_PROGRESS_FILE_BYTES {
            return Err(Unusable::Corrupt(format!(
                "larger than {} MB",
                MAX_PROGRESS_FILE_BYTES / (1024 * 1024)
            )));
        }
        Self::parse_bytes(&bytes, path).map(Some)
    }

    /// Parses the contents of a progress file (`path` only names it in messages). Pure, so that
    /// it can be fuzzed; the file handling is in `open` and `read`.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Progress> {
        Self::parse_bytes(bytes, path).map_err(|e| match e {
            Unusable::Fatal(e) => e,
            Unusable::Corrupt(reason) => anyhow!("{}: {reason}", path.display()),
        })
    }

    fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Progress, Unusable> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| Unusable::Corrupt(format!("line {}: {}", e.line(), strip_position(&e))))?;
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        match version {
            Some(v) if v > u64::from(VERSION) => {
                return Err(Unusable::Fatal(anyhow!(
                    "{}: the progress file has version {v}, written by a newer svcmatch (this one reads version {VERSION}); it is left as it is",
                    path.display()
                )));
            }
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => return Err(Unusable::Corrupt(format!("unknown version {v}"))),
            None => return Err(Unusable::Corrupt("no `version` field".into())),
        }
        let progress: Progress = serde_path_to_error::deserialize(value)
            .map_err(|e| Unusable::Corrupt(format!("field `{}`: {}", e.path(), e.inner())))?;
        if let Some((id, e)) = progress
            .entries
            .iter()
            .find(|(_, e)| !(1..=TOP_BOX).contains(&e.leitner_box))
        {
            return Err(Unusable::Corrupt(format!(
                "entry {id:?}: box {} is not between 1 and {TOP_BOX}",
                e.leitner_box
            )));
        }
        Ok(progress)
    }

    /// Records one answer and reschedules the entry.
    pub fn record(
        &mut self,
        entry: &str,
        correct: bool,
        chosen: Option<&str>,
        mode: &str,
        at: i64,
    ) {
        let p = self
            .entries
            .entry(entry.to_string())
            .or_insert(EntryProgress {
                right: 0,
                wrong: 0,
                last_seen: at,
                last_seen_utc: String::new(),
                leitner_box: 1,
                due: at,
                due_utc: String::new(),
            });
        if correct {
            p.right = p.right.saturating_add(1);
            p.leitner_box = (p.leitner_box + 1).min(TOP_BOX);
        } else {
            p.wrong = p.wrong.saturating_add(1);
            p.leitner_box = 1;
        }
        p.last_seen = at;
        p.last_seen_utc = rfc3339(at);
        p.due = at.saturating_add(BOX_INTERVAL_DAYS[usize::from(p.leitner_box - 1)] * DAY);
        p.due_utc = rfc3339(p.due);
        self.history.push(AnswerRecord {
            at,
            entry: entry.to_string(),
            correct,
            chosen: chosen.map(str::to_string),
            mode: mode.to_string(),
        });
        if self.history.len() > HISTORY_LIMIT {
            let excess = self.history.len() - HISTORY_LIMIT;
            self.history.drain(..excess);
        }
    }

    /// Changes the progress file under an exclusive lock (`<file>.lock` beside it): the file is
    /// read again, `change` is applied to what it holds, and it is written back atomically. Two
    /// sessions answering at once therefore both keep every answer; the last to save does not
    /// overwrite the other's. `self` becomes what was written. A file that has become unreadable
    /// since it was opened is moved aside, as `open` does, and started afresh.
    pub fn update(&mut self, path: &Path, change: impl FnOnce(&mut Progress)) -> Result<()> {
        let _lock = lock_beside(path).with_context(|| {
            format!(
                "{} keeps its previous contents (answers saved before are in it)",
                path.display()
            )
        })?;
        let (current, _) = Progress::open(path)?;
        *self = current;
        change(self);
        self.save(path)
    }

    /// Writes the whole file atomically: a temporary file in the same directory, renamed over
    /// the target, so a crash leaves either the old file or the new one. When writing fails, the
    /// old file is untouched and the error says so.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.write_atomically(path).with_context(|| {
            format!(
                "{} keeps its previous contents (answers saved before are in it)",
                path.display()
            )
        })
    }

    fn write_atomically(&self, path: &Path) -> Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if let Ok(meta) = fs::metadata(path)
            && !meta.is_file()
        {
            bail!("{}: not a regular file; it is not replaced", path.display());
        }
        fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
        let prefix = temp_prefix(path);
        remove_abandoned_temp_files(&dir, &prefix);
        let mut tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(&dir)
            .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
        let mut text = serde_json::to_vec_pretty(self).context("cannot serialize the progress")?;
        text.push(b'\n');
        tmp.write_all(&text)
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("{}: cannot write", tmp.path().display()))?;
        tmp.persist(path)
            .map_err(|e| anyhow!(e.error))
            .with_context(|| format!("{}: cannot replace the progress file", path.display()))?;
        Ok(())
    }

    /// The entries due at `now`, weakest first.
    pub fn due(&self, now: i64) -> Vec<(&str, &EntryProgress)> {
        let mut due: Vec<(&str, &EntryProgress)> = self
            .entries
            .iter()
            .filter(|(_, p)| p.is_due(now))
            .map(|(id, p)| (id.as_str(), p))
            .collect();
        due.sort_by(weakest_first);
        due
    }

    /// When the next entry that is not yet due becomes due.
    pub fn next_due(&self, now: i64) -> Option<i64> {
        self.entries
            .values()
            .map(|p| p.due)
            .filter(|&d| d > now)
            .min()
    }
}

/// Lowest box first, then most wrong, then lowest accuracy, then longest unseen; ties by id.
pub fn weakest_first(a: &(&str, &EntryProgress), b: &(&str, &EntryProgress)) -> std::cmp::Ordering {
    let (ida, pa) = a;
    let (idb, pb) = b;
    pa.leitner_box
        .cmp(&pb.leitner_box)
        .then(pb.wrong.cmp(&pa.wrong))
        .then(pa.accuracy().total_cmp(&pb.accuracy()))
        .then(pa.last_seen.cmp(&pb.last_seen))
        .then(ida.cmp(idb))
}

pub fn share(n: u32, d: u32) -> f64 {
    if d == 0 {
        0.0
    } else {
        f64::from(n) / f64::from(d)
    }
}

/// Where the progress file is: `--progress FILE`, else `$SVCMATCH_DATA_DIR/progress.json`,
/// else the user's data directory (`~/.local/share/svcmatch/progress.json` on Linux).
pub fn resolve_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir).join(FILE_NAME));
    }
    directories::ProjectDirs::from("", "", "svcmatch")
        .map(|d| d.data_dir().join(FILE_NAME))
        .ok_or_else(|| {
            anyhow!("cannot find a data directory for the progress file (no home directory); give one with --progress FILE or {DATA_DIR_ENV}")
        })
}

/// Unix seconds now, or `SVCMATCH_NOW` when set.
pub fn now() -> i64 {
    if let Some(n) = std::env::var(NOW_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return n;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Temporary files of a save are `.<name>.saving-XXXXXX` beside the file, so that one left by a
/// killed process can be recognised and removed.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| FILE_NAME.into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.saving-")
}

/// Removes temporary files of saves that never finished (the process was killed mid-write). Only
/// old ones: a younger one may belong to another svcmatch saving right now.
fn remove_abandoned_temp_files(dir: &Path, prefix: &str) {
    const ABANDONED: std::time::Duration = std::time::Duration::from_secs(600);
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED);
        if old && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `<name>.corrupt-<timestamp>` beside the file, never over an existing one.
fn move_aside(path: &Path, at: i64) -> Result<PathBuf> {
    let name = path
        .file_name()
        .map_or_else(|| FILE_NAME.into(), |n| n.to_string_lossy().into_owned());
    let stamp = compact_timestamp(at);
    let mut n = 0;
    let target = loop {
        let candidate = if n == 0 {
            path.with_file_name(format!("{name}.corrupt-{stamp}"))
        } else {
            path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"))
        };
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
        if n > 1000 {
            bail!(
                "{}: cannot find a free name to move the corrupt progress file to",
                path.display()
            );
        }
    };
    fs::rename(path, &target).with_context(|| {
        format!(
            "{}: the progress file is corrupt and could not be moved aside to {}; it was left as it is",
            path.display(),
            target.display()
        )
    })?;
    Ok(target)
}

fn strip_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// Year, month, day, hour, minute, second (UTC) of unix seconds.
fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(DAY);
    let rem = secs.rem_euclid(DAY);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// `2024-05-01T12:00:00Z`.
pub fn rfc3339(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `20240501T120000Z`, safe in a file name.
fn compact_timestamp(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// "now", "in 3 hours", "in 2 days", "5 days ago" (rounded to the nearest unit).
pub fn relative(at: i64, now: i64) -> String {
    let diff = at.saturating_sub(now);
    let span = diff.saturating_abs();
    let rounded = |unit: i64| span.saturating_add(unit / 2) / unit;
    let amount = if span < 60 {
        return "now".into();
    } else if rounded(60) < 60 {
        plural(rounded(60), "minute")
    } else if rounded(3600) < 24 {
        plural(rounded(3600), "hour")
    } else {
        plural(rounded(DAY), "day")
    };
    if diff > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_of_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(compact_timestamp(1_700_000_000), "20231114T221320Z");
    }

    #[test]
    fn leitner_moves_up_on_right_and_back_to_one_on_wrong() {
        let mut p = Progress::default();
        let t = 1_000_000;
        p.record("x", true, Some("x"), "practice", t);
        assert_eq!(p.entries["x"].leitner_box, 2);
        assert_eq!(p.entries["x"].due, t + DAY);
        p.record("x", true, Some("x"), "practice", t);
        assert_eq!(p.entries["x"].leitner_box, 3);
        assert_eq!(p.entries["x"].due, t + 3 * DAY);
        for _ in 0..5 {
            p.record("x", true, None, "practice", t);
        }
        assert_eq!(p.entries["x"].leitner_box, TOP_BOX);
        p.record("x", false, Some("y"), "practice", t);
        let x = &p.entries["x"];
        assert_eq!((x.leitner_box, x.due, x.right, x.wrong), (1, t, 7, 1));
        assert_eq!(p.history.len(), 8);
    }

    #[test]
    fn due_is_weakest_first() {
        let mut p = Progress::default();
        p.record("often-wrong", false, None, "practice", 10);
        p.record("often-wrong", false, None, "practice", 10);
        p.record("once-wrong", false, None, "practice", 10);
        p.record("right", true, None, "practice", 10);
        let due: Vec<&str> = p.due(20).into_iter().map(|(id, _)| id).collect();
        assert_eq!(due, ["often-wrong", "once-wrong"]);
        assert_eq!(p.next_due(20), Some(10 + DAY));
        let tomorrow: Vec<&str> = p.due(10 + DAY).into_iter().map(|(id, _)| id).collect();
        assert_eq!(tomorrow, ["often-wrong", "once-wrong", "right"]);
    }

    #[test]
    fn two_sessions_saving_in_turn_keep_each_others_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        // Both sessions open the file before either has answered.
        let (mut first, _) = Progress::open(&path).unwrap();
        let (mut second, _) = Progress::open(&path).unwrap();
        first
            .update(&path, |p| p.record("s3", true, Some("s3"), "practice", 100))
            .unwrap();
        second
            .update(&path, |p| p.record("iam", false, None, "practice", 101))
            .unwrap();
        first
            .update(&path, |p| {
                p.record("kms", true, Some("kms"), "practice", 102)
            })
            .unwrap();
        let on_disk = Progress::read(&path).unwrap().unwrap();
        let ids: Vec<&str> = on_disk.history.iter().map(|a| a.entry.as_str()).collect();
        assert_eq!(ids, ["s3", "iam", "kms"]);
        assert_eq!(on_disk.entries.len(), 3);
        assert_eq!(first, on_disk);
    }

    #[test]
    fn save_then_open_round_trips_and_corrupt_files_move_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/progress.json");
        let mut p = Progress::default();
        p.record("a", true, Some("a"), "practice", 5);
        p.save(&path).unwrap();
        let (again, opened) = Progress::open(&path).unwrap();
        assert_eq!(opened, Opened::Existing);
        assert_eq!(again, p);

        fs::write(&path, "{ not json").unwrap();
        assert!(Progress::read(&path).is_err());
        let (fresh, opened) = Progress::open(&path).unwrap();
        assert_eq!(fresh, Progress::default());
        match opened {
            Opened::MovedAside { to, .. } => {
                assert_eq!(fs::read_to_string(&to).unwrap(), "{ not json");
                assert!(!path.exists());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_newer_version_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        fs::write(&path, r#"{"version": 99, "entries": {}}"#).unwrap();
        let err = Progress::open(&path).unwrap_err().to_string();
        assert!(err.contains("newer"), "{err}");
        assert!(path.exists());
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(100, 100), "now");
        assert_eq!(relative(100 + 2 * DAY, 100), "in 2 days");
        assert_eq!(relative(100, 100 + 3600), "1 hour ago");
        assert_eq!(relative(100 + DAY - 6, 100), "in 1 day");
    }
}
