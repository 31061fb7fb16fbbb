//! The knowledge base's data model: what an entry is, as read from `data/kb/*.json`.
//!
//! These types are plain data. Loading and validation live in `knowledge.rs`; nothing here knows
//! about the search index.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Text of an entry: borrowed from the binary for the embedded knowledge base (no allocation at
/// start-up), owned when read from a user's files.
pub type Text = Cow<'static, str>;

/// What an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Service,
    Feature,
    Concept,
    Pillar,
    /// A topic from the user's own study notes that matched no built-in entry.
    Note,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Service,
        Kind::Feature,
        Kind::Concept,
        Kind::Pillar,
        Kind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Feature => "feature",
            Kind::Concept => "concept",
            Kind::Pillar => "pillar",
            Kind::Note => "note",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The four domains of the Cloud Practitioner exam (CLF-C02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    Concepts,
    Security,
    Technology,
    Billing,
}

impl Domain {
    pub const ALL: [Domain; 4] = [
        Domain::Concepts,
        Domain::Security,
        Domain::Technology,
        Domain::Billing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Concepts => "concepts",
            Domain::Security => "security",
            Domain::Technology => "technology",
            Domain::Billing => "billing",
        }
    }

    /// The exam guide's title for the domain.
    pub fn title(self) -> &'static str {
        match self {
            Domain::Concepts => "Cloud Concepts",
            Domain::Security => "Security and Compliance",
            Domain::Technology => "Cloud Technology and Services",
            Domain::Billing => "Billing, Pricing, and Support",
        }
    }

    /// Share of the scored exam content, in percent (CLF-C02).
    pub fn exam_weight(self) -> u32 {
        match self {
            Domain::Concepts => 24,
            Domain::Security => 30,
            Domain::Technology => 34,
            Domain::Billing => 12,
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One sentence that separates an entry from another it is often confused with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    /// The id of the other entry.
    pub with: Text,
    pub text: Text,
}

/// One service, feature, concept or pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub kind: Kind,
    pub category: Text,
    pub domain: Domain,
    /// The id of the service this entry is a part of ("ebs-snapshots" → "ebs"). A question that
    /// asks for the service is answered by the parent when a part of it fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Text>,
    pub summary: Text,
    pub description: Text,
    pub use_cases: Vec<Text>,
    #[serde(default)]
    pub keywords: Vec<Text>,
    #[serde(default)]
    pub related: Vec<Text>,
    #[serde(default)]
    pub contrasts: Vec<Contrast>,
    /// Status remarks: retired, renamed, closed to new customers, out of exam scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Entry {
    /// The contrast this entry states against `other_id`, if any.
    pub fn contrast_with(&self, other_id: &str) -> Option<&Contrast> {
        self.contrasts.iter().find(|c| c.with == other_id)
    }

    /// All the text of the entry that the index reads: name, summary, description, aliases, use
    /// cases, keywords.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [
            self.name.as_ref(),
            self.summary.as_ref(),
            self.description.as_ref(),
        ]
        .into_iter()
        .chain(self.aliases.iter().map(|t| t.as_ref()))
        .chain(self.use_cases.iter().map(|t| t.as_ref()))
        .chain(self.keywords.iter().map(|t| t.as_ref()))
    }

    /// The name without its vendor prefix: "Amazon GuardDuty" → "GuardDuty".
    pub fn short_name(&self) -> &str {
        self.name
            .strip_prefix("Amazon ")
            .or_else(|| self.name.strip_prefix("AWS "))
            .unwrap_or(&self.name)
    }
}

/// A passage of the user's own study notes, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteQuote {
    pub file: String,
    pub line: usize,
    pub text: String,
}
