//! Provenance: where a document came from, as its header gives it.

use serde::{Deserialize, Serialize};

/// The fields of a document's header (`Source:`, `Translated:`, `CopyLeft:`…), in order,
/// with their labels as written, so that nothing of the header is lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The header's fields.
    pub fields: Vec<SourceField>,
}

impl Source {
    /// Returns the value of the first field of the given kind.
    pub fn get(&self, kind: SourceKind) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.value.as_str())
    }
}

/// One labelled line of a header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceField {
    /// What the label means.
    pub kind: SourceKind,
    /// The label as written (`CopyLeft`, `First Published`); empty for a line without one.
    pub label: String,
    /// The text after the label.
    pub value: String,
}

impl SourceField {
    /// Makes a field, classifying its label.
    pub fn new(label: &str, value: &str) -> SourceField {
        SourceField {
            kind: SourceKind::from_label(label).unwrap_or(SourceKind::Other),
            label: label.to_string(),
            value: value.to_string(),
        }
    }
}

/// What a header field says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The publication the text was taken from.
    Source,
    /// When (and where) it was written.
    Written,
    /// When and where a speech was delivered.
    Delivered,
    /// Its first publication.
    FirstPublished,
    /// Its publisher.
    Publisher,
    /// Who translated it.
    Translation,
    /// Who transcribed or marked it up.
    Transcription,
    /// Who proofread it.
    Proofreading,
    /// Its online publication.
    OnlineVersion,
    /// Its licence or rights statement.
    Licence,
    /// Anything else the header says.
    Other,
}

/// Known labels, lower case, without the colon; the first matching prefix wins, so longer
/// labels come first.
const LABELS: &[(&str, SourceKind)] = &[
    ("first published", SourceKind::FirstPublished),
    ("first publication", SourceKind::FirstPublished),
    ("originally published", SourceKind::FirstPublished),
    ("published", SourceKind::FirstPublished),
    ("publisher", SourceKind::Publisher),
    ("source", SourceKind::Source),
    ("fonte", SourceKind::Source),
    ("written", SourceKind::Written),
    ("scritto", SourceKind::Written),
    ("delivered", SourceKind::Delivered),
    ("translated", SourceKind::Translation),
    ("translation", SourceKind::Translation),
    ("translator", SourceKind::Translation),
    ("traduzione", SourceKind::Translation),
    ("traduction", SourceKind::Translation),
    ("transcription/markup", SourceKind::Transcription),
    ("transcription\\markup", SourceKind::Transcription),
    ("transcription/mark-up", SourceKind::Transcription),
    ("transcription", SourceKind::Transcription),
    ("transcribed", SourceKind::Transcription),
    ("html markup", SourceKind::Transcription),
    ("markup", SourceKind::Transcription),
    ("mark-up", SourceKind::Transcription),
    ("proofread", SourceKind::Proofreading),
    ("proofreader", SourceKind::Proofreading),
    ("proofreading", SourceKind::Proofreading),
    ("online version", SourceKind::OnlineVersion),
    ("on-line version", SourceKind::OnlineVersion),
    ("on-line publication", SourceKind::OnlineVersion),
    ("online publication", SourceKind::OnlineVersion),
    ("copyleft", SourceKind::Licence),
    ("copyright", SourceKind::Licence),
    ("public domain", SourceKind::Licence),
    ("pubblico dominio", SourceKind::Licence),
    ("licence", SourceKind::Licence),
    ("license", SourceKind::Licence),
];

impl SourceKind {
    /// Classifies a header label (`CopyLeft`, `First Published`, `Transcription/Markup`);
    /// returns `None` for a label that is not a known header field.
    pub fn from_label(label: &str) -> Option<SourceKind> {
        let l = label.trim().to_lowercase();
        LABELS.iter().find(|(k, _)| *k == l).map(|(_, kind)| *kind)
    }

    /// Lists every known label, lower case, longest first within a kind.
    pub fn labels() -> impl Iterator<Item = &'static str> {
        LABELS.iter().map(|(k, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_classify_whatever_their_case() {
        assert_eq!(
            SourceKind::from_label("CopyLeft"),
            Some(SourceKind::Licence)
        );
        assert_eq!(
            SourceKind::from_label("First Published"),
            Some(SourceKind::FirstPublished)
        );
        assert_eq!(
            SourceKind::from_label("Translated"),
            Some(SourceKind::Translation)
        );
        assert_eq!(SourceKind::from_label("Dear Sir"), None);
    }
}
