//! Limits on what svcmatch reads, so that no input makes it use unbounded memory or time.
//! The README's "Limits" section lists them with the others, which live beside the code they
//! bound: [`crate::rank::MAX_QUERY_BYTES`] (a scenario is cut, with a notice) and
//! [`crate::resolve::MAX_NAME_BYTES`] (a name or option is compared by its start only).

use anyhow::{Context, Result, bail};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A question bank, an `eval` file or a knowledge-base file larger than this is refused. Files
/// are read whole; the limit keeps a mistaken `--bank /dev/zero` or a huge log from filling
/// memory. (Our own knowledge base is under 1 MB; a bank of 100,000 questions is about 30 MB.)
pub const MAX_INPUT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The progress file is refused (and moved aside by `quiz`) above this size. Its answer log is
/// capped, so a real one stays far below (about 1 MB after years of practice).
pub const MAX_PROGRESS_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A multiple-choice question may have at most this many options (one per letter). Each option
/// is resolved against every name in the knowledge base, so their number bounds the time.
pub const MAX_CHOICES: usize = 26;

/// An answer line typed or piped into `quiz` is cut to this many bytes; the rest of the line is
/// read and dropped.
pub const MAX_ANSWER_LINE_BYTES: usize = 4096;

/// The longest start of `text` that is at most `max` bytes and ends at a character boundary.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads a whole file, refusing one larger than `limit` bytes. Works on pipes and devices too
/// (`/dev/stdin`), where the size is only known by reading: at most `limit + 1` bytes are read.
pub fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{}: larger than {} MB, the most svcmatch reads",
            path.display(),
            limit / (1024 * 1024)
        );
    }
    Ok(bytes)
}
