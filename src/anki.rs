//! `quiz --export anki FILE`: practice questions as a deck that Anki imports (File → Import), in
//! the tab-separated text format its importer reads. The file starts with Anki's header lines,
//! which set the separator, that fields hold HTML, the note type and deck, and the columns:
//!
//! | column | holds |
//! | --- | --- |
//! | `Front` | the question and its lettered options |
//! | `Back` | the answer (letter and name), its summary, and why each other option is not it |
//! | `Tags` | `svcmatch`, the exam domain (`domain::security`) and the answer's id (`entry::waf`) |
//!
//! The note type is Anki's built-in "Basic" (fields Front and Back), so no set-up is needed.

use crate::knowledge::KnowledgeBase;
use crate::quiz::{Question, WhyNot, letter, why_not};
use std::io::{self, Write};

/// Text as an HTML field: markup characters escaped, and no tab or line break (they would end
/// the field or the note).
fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A tag: Anki splits tags at spaces.
fn tag(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Writes the deck: the header, then one note per question.
pub fn write_deck(w: &mut dyn Write, kb: &KnowledgeBase, questions: &[Question]) -> io::Result<()> {
    writeln!(w, "#separator:tab")?;
    writeln!(w, "#html:true")?;
    writeln!(w, "#notetype:Basic")?;
    writeln!(w, "#deck:svcmatch")?;
    writeln!(w, "#columns:Front\tBack\tTags")?;
    writeln!(w, "#tags column:3")?;
    for q in questions {
        let mut front = format!("{}<br>", field(&q.prompt));
        for (i, o) in q.options.iter().enumerate() {
            front.push_str(&format!("<br>{}) {}", letter(i), field(&o.text)));
        }
        let right: Vec<String> = q
            .right_options()
            .into_iter()
            .map(|i| format!("{}) {}", letter(i), field(&q.options[i].text)))
            .collect();
        let mut back = format!("<b>{}</b>", right.join(" + "));
        let entry = q.entry.map(|e| &kb.entries[e]);
        if let Some(e) = entry {
            back.push_str(&format!("<br>{}", field(&e.summary)));
        }
        for (i, why) in why_not(kb, q) {
            let text = match why {
                WhyNot::Contrast(t) | WhyNot::Summary(t) => t,
                WhyNot::Unknown => "not an entry of the knowledge base.".to_string(),
            };
            back.push_str(&format!(
                "<br>Not {}) {}: {}",
                letter(i),
                field(&q.options[i].text),
                field(&text)
            ));
        }
        let mut tags = vec!["svcmatch".to_string()];
        if let Some(d) = q.domain {
            tags.push(format!("domain::{}", d.as_str()));
        }
        if let Some(e) = entry {
            tags.push(format!("entry::{}", tag(&e.id)));
        }
        writeln!(w, "{front}\t{back}\t{}", tags.join(" "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Origin, QuizOption};

    #[test]
    fn fields_hold_no_separator_and_escape_markup() {
        assert_eq!(
            field("a\tb\nc <d> & \"e\""),
            "a b c &lt;d&gt; &amp; &quot;e&quot;"
        );
        assert_eq!(tag("my id"), "my_id");
    }

    #[test]
    fn one_note_per_question_with_three_columns() {
        let kb = KnowledgeBase::default();
        let q = Question {
            prompt: "Which one?\tReally".into(),
            options: vec![
                QuizOption {
                    text: "X".into(),
                    entry: None,
                },
                QuizOption {
                    text: "Y <b>".into(),
                    entry: None,
                },
            ],
            correct: 1,
            also_correct: Vec::new(),
            entry: None,
            domain: Some(crate::model::Domain::Billing),
            origin: Origin::Bank { line: 1, id: None },
        };
        let mut out = Vec::new();
        write_deck(&mut out, &kb, &[q.clone(), q]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let notes: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(notes.len(), 2);
        let cols: Vec<&str> = notes[0].split('\t').collect();
        assert_eq!(cols.len(), 3, "{}", notes[0]);
        assert!(cols[0].starts_with("Which one? Really<br>"));
        assert!(cols[0].contains("<br>B) Y &lt;b&gt;"));
        assert!(cols[1].starts_with("<b>B) Y &lt;b&gt;</b>"));
        assert!(cols[1].contains("Not A) X: not an entry"));
        assert_eq!(cols[2], "svcmatch domain::billing");
        assert!(text.starts_with("#separator:tab\n#html:true\n"));
    }
}
