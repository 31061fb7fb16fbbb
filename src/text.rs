//! Text safety: user text (a scenario, notes, a question bank, a path) may hold control
//! characters and escape sequences; these never reach a terminal raw. Kept apart from the
//! printing modules so that loading (`knowledge`, `notes`) can check text without depending on
//! output.

use std::borrow::Cow;

/// Replaces control characters (C0, DEL, C1) by visible escapes like `\u{1b}`, so that a crafted
/// text cannot move the cursor, clear the screen or set the window title.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `sanitize` neutralises this character.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        // Bidirectional overrides can make printed text read differently from what it is.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
