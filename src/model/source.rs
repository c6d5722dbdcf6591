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
    /// What the label means (for a label naming several parts, the first).
    pub kind: SourceKind,
    /// The label as written (`CopyLeft`, `First Published`); empty for a line without one.
    pub label: String,
    /// The text after the label.
    pub value: String,
    /// The notes whose markers stood in this line (`Source: Die Neue Zeit.[1]`), in order;
    /// the markers themselves are out of `value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl SourceField {
    /// Makes a field, classifying its label; a line without a label is classified by how
    /// it opens (`From International Press Correspondence…` names the source). Note
    /// references at the end of the value, as a manuscript writes them (`…1895.[^1]`),
    /// become the field's notes.
    pub fn new(label: &str, value: &str) -> SourceField {
        let mut value = value.trim_end();
        let mut notes = Vec::new();
        while let Some(open) = value.strip_suffix(']').and_then(|v| v.rfind("[^")) {
            let id = &value[open + 2..value.len() - 1];
            if id.is_empty() || id.contains(char::is_whitespace) {
                break;
            }
            notes.insert(0, id.to_string());
            value = &value[..open];
        }
        let kind = if label.trim().is_empty() {
            unlabelled_kind(value)
        } else {
            SourceKind::from_label(label).unwrap_or(SourceKind::Other)
        };
        SourceField {
            kind,
            label: label.to_string(),
            value: value.to_string(),
            notes,
        }
    }

    /// Reads one line of a header: `Label: value`, also with the colon missing before
    /// `by`/`in`… (`Translated by John Archer.`), labels joined (`Transcription/HTML
    /// Markup`, `Translated and transcribed`, `Fonte-traduzione`), in English, Italian,
    /// French, Spanish, German and Portuguese. Returns `None` for a line that does not
    /// open with a known label.
    pub fn parse(line: &str) -> Option<SourceField> {
        let scan = scan_label(line)?;
        let label = line[..scan.label_end].trim();
        let value = line[scan.value_start..].trim();
        if value.is_empty() {
            return None;
        }
        if !scan.colon {
            // Without a colon the label must read as one: `Translated by…`, `Written 1909`,
            // `Source The Call`; never `Source of all evil…`.
            let next = value.split_whitespace().next().unwrap_or_default();
            let joins = [
                "by", "in", "from", "for", "at", "on", "as", "to", "di", "da", "par", "de", "dans",
                "von", "por", "em", "en", "del", "della", "dalla", "dal",
            ];
            let ok = joins.contains(&next.to_lowercase().as_str())
                || next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            if !ok {
                return None;
            }
        }
        Some(SourceField {
            kind: scan.kinds[0],
            label: label.to_string(),
            value: value.to_string(),
            notes: Vec::new(),
        })
    }

    /// Every part the label names, in order (`Translated and transcribed` names a
    /// translation and a transcription); empty for an unknown label.
    pub fn kinds(&self) -> Vec<SourceKind> {
        if self.label.trim().is_empty() {
            return vec![self.kind];
        }
        scan_label(&format!("{}:", self.label.trim()))
            .filter(|s| s.colon)
            .map(|s| s.kinds)
            .unwrap_or_else(|| vec![self.kind])
    }
}

/// What a line without a label says, from its first words.
fn unlabelled_kind(value: &str) -> SourceKind {
    let v = value.trim_start().to_lowercase();
    // A citation of a periodical (`…, Vol. 2 No. 102, p. 821.`) names where the text was.
    let cites = [" vol.", " no. ", "pp.", ", p. ", " n. "]
        .iter()
        .any(|c| v.contains(c));
    if [
        "from ",
        "taken from ",
        "da ",
        "tratto da ",
        "d’après ",
        "aus ",
    ]
    .iter()
    .any(|p| v.starts_with(p))
        || cites
    {
        SourceKind::Source
    } else if (v.starts_with("https://") || v.starts_with("http://"))
        && !v.trim().contains(char::is_whitespace)
    {
        // A bare address is where the text is published online.
        SourceKind::OnlineVersion
    } else {
        SourceKind::Other
    }
}

/// What the label of a line is made of.
struct LabelScan {
    /// Where the label ends (before the colon).
    label_end: usize,
    /// Where the value starts (after the colon, if any).
    value_start: usize,
    /// The parts the label names.
    kinds: Vec<SourceKind>,
    /// Whether a colon closed the label.
    colon: bool,
}

/// Matches `prefix` (lower case) at the start of `s`, whatever the case of `s`; returns the
/// length in bytes of the match in `s`, which must end at a word boundary.
fn starts_with_ci(s: &str, prefix: &str) -> Option<usize> {
    let mut matched = 0;
    let mut chars = s.chars();
    for p in prefix.chars() {
        let c = chars.next()?;
        if !c.to_lowercase().eq(std::iter::once(p)) {
            return None;
        }
        matched += c.len_utf8();
    }
    let boundary = s[matched..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    boundary.then_some(matched)
}

/// Reads the label at the start of a line: known labels, joined by `/`, `\`, `&`, `-`,
/// `,` or `and`, then a colon or not.
fn scan_label(line: &str) -> Option<LabelScan> {
    let mut pos = line.len() - line.trim_start().len();
    let mut kinds = Vec::new();
    let mut label_end = pos;
    loop {
        pos += line[pos..].len() - line[pos..].trim_start().len();
        let rest = &line[pos..];
        let best = LABELS
            .iter()
            .filter_map(|(k, kind)| starts_with_ci(rest, k).map(|n| (n, *kind)))
            .max_by_key(|(n, _)| *n);
        let Some((n, kind)) = best else {
            break;
        };
        kinds.push(kind);
        pos += n;
        label_end = pos;
        // A joiner, then another label.
        let rest = &line[pos..];
        let t = rest.trim_start();
        let skip = rest.len() - t.len();
        let joiner = [
            "/", "\\", "&", "-", ",", "+", "and ", "e ", "et ", "y ", "und ",
        ]
        .iter()
        .find(|j| t.to_lowercase().starts_with(**j))
        .map(|j| j.len());
        match joiner {
            Some(j) => pos += skip + j,
            None => break,
        }
    }
    if kinds.is_empty() {
        return None;
    }
    let after = &line[label_end..];
    let t = after.trim_start();
    if let Some(v) = t.strip_prefix(':') {
        return Some(LabelScan {
            label_end,
            value_start: line.len() - v.len(),
            kinds,
            colon: true,
        });
    }
    // A label glued to the next word is no label (`Sourcebook`); `starts_with_ci` saw to
    // that. Without a colon, the value starts after the spaces.
    (after.len() > t.len()).then(|| LabelScan {
        label_end,
        value_start: line.len() - t.len(),
        kinds,
        colon: false,
    })
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
    /// Who edited it (the archive's editor, who wrote notes or an introduction).
    Editing,
    /// Its online publication.
    OnlineVersion,
    /// Its licence or rights statement.
    Licence,
    /// Anything else the header says.
    Other,
}

/// Known labels, lower case, without the colon; the longest match wins, and labels may be
/// joined (`Transcription/HTML Markup`), so each part is listed once.
const LABELS: &[(&str, SourceKind)] = &[
    // English, as the archive writes them (with its variants and slips).
    ("first published", SourceKind::FirstPublished),
    ("first publication", SourceKind::FirstPublished),
    ("originally published", SourceKind::FirstPublished),
    ("published", SourceKind::FirstPublished),
    ("publication", SourceKind::FirstPublished),
    ("publisher", SourceKind::Publisher),
    ("printer", SourceKind::Publisher),
    ("printed", SourceKind::Publisher),
    ("source", SourceKind::Source),
    ("sources", SourceKind::Source),
    ("reprinted", SourceKind::Source),
    ("written", SourceKind::Written),
    // The text's date as a header gives it (`Date: 1936`), taken as when it was written.
    ("date", SourceKind::Written),
    ("dated", SourceKind::Written),
    ("delivered", SourceKind::Delivered),
    ("translated", SourceKind::Translation),
    ("translation", SourceKind::Translation),
    ("translator", SourceKind::Translation),
    ("translators", SourceKind::Translation),
    ("transcription", SourceKind::Transcription),
    // Project Gutenberg's: who produced the eBook from the printed book.
    ("credits", SourceKind::Transcription),
    ("transcribed", SourceKind::Transcription),
    ("transcriber", SourceKind::Transcription),
    ("html markup", SourceKind::Transcription),
    ("html mark-up", SourceKind::Transcription),
    ("html", SourceKind::Transcription),
    ("markup", SourceKind::Transcription),
    ("mark-up", SourceKind::Transcription),
    ("marked up", SourceKind::Transcription),
    ("marked-up", SourceKind::Transcription),
    ("proofread", SourceKind::Proofreading),
    ("proofreader", SourceKind::Proofreading),
    ("proofreading", SourceKind::Proofreading),
    ("proofed", SourceKind::Proofreading),
    ("editing", SourceKind::Editing),
    ("edited", SourceKind::Editing),
    ("editor", SourceKind::Editing),
    ("online version", SourceKind::OnlineVersion),
    ("on-line version", SourceKind::OnlineVersion),
    ("on-line publication", SourceKind::OnlineVersion),
    ("online publication", SourceKind::OnlineVersion),
    ("online edition", SourceKind::OnlineVersion),
    ("this edition", SourceKind::OnlineVersion),
    ("copyleft", SourceKind::Licence),
    ("copyright", SourceKind::Licence),
    ("public domain", SourceKind::Licence),
    // The archive's own slip, on James P. Cannon's pages.
    ("pubic domain", SourceKind::Licence),
    ("licence", SourceKind::Licence),
    ("license", SourceKind::Licence),
    // Italian.
    ("scritto", SourceKind::Written),
    ("data", SourceKind::Written),
    ("fonte", SourceKind::Source),
    ("traduzione", SourceKind::Translation),
    ("tradotto", SourceKind::Translation),
    ("trascrizione", SourceKind::Transcription),
    ("trascritto", SourceKind::Transcription),
    ("prima pubblicazione", SourceKind::FirstPublished),
    ("pubblicato", SourceKind::FirstPublished),
    ("pubblicazione", SourceKind::FirstPublished),
    ("pubblico dominio", SourceKind::Licence),
    ("versione online", SourceKind::OnlineVersion),
    ("questa edizione", SourceKind::OnlineVersion),
    ("revisione", SourceKind::Proofreading),
    // French.
    ("écrit", SourceKind::Written),
    ("traduction", SourceKind::Translation),
    ("traduit", SourceKind::Translation),
    ("première publication", SourceKind::FirstPublished),
    ("publié", SourceKind::FirstPublished),
    ("domaine public", SourceKind::Licence),
    ("cette édition", SourceKind::OnlineVersion),
    // Spanish and Portuguese.
    ("escrito", SourceKind::Written),
    ("fecha", SourceKind::Written),
    ("fuente", SourceKind::Source),
    ("traducción", SourceKind::Translation),
    ("tradução", SourceKind::Translation),
    ("transcripción", SourceKind::Transcription),
    ("transcrição", SourceKind::Transcription),
    ("primera publicación", SourceKind::FirstPublished),
    ("primeira publicação", SourceKind::FirstPublished),
    ("publicado", SourceKind::FirstPublished),
    ("dominio público", SourceKind::Licence),
    ("domínio público", SourceKind::Licence),
    ("esta edición", SourceKind::OnlineVersion),
    ("esta edição", SourceKind::OnlineVersion),
    // German.
    ("geschrieben", SourceKind::Written),
    ("datum", SourceKind::Written),
    ("quelle", SourceKind::Source),
    ("übersetzung", SourceKind::Translation),
    ("übersetzt", SourceKind::Translation),
    ("erstveröffentlichung", SourceKind::FirstPublished),
    ("erstmals veröffentlicht", SourceKind::FirstPublished),
    ("diese ausgabe", SourceKind::OnlineVersion),
];

impl SourceKind {
    /// Classifies a header label (`CopyLeft`, `First Published`, `Transcription/Markup`);
    /// returns `None` for a label that is not a known header field. A label naming several
    /// parts is classified by the first.
    pub fn from_label(label: &str) -> Option<SourceKind> {
        let label = label.trim();
        if label.is_empty() {
            return None;
        }
        scan_label(&format!("{label}:"))
            .filter(|s| s.colon && s.label_end == label.len())
            .map(|s| s.kinds[0])
    }

    /// Lists every known label, lower case.
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

    fn parsed(line: &str) -> (SourceKind, String, String) {
        let f = SourceField::parse(line).unwrap_or_else(|| panic!("{line}: no field"));
        (f.kind, f.label, f.value)
    }

    #[test]
    fn joined_labels_name_every_part() {
        for (line, kind, label) in [
            (
                "Transcription/Markup: A. B.",
                SourceKind::Transcription,
                "Transcription/Markup",
            ),
            (
                "Transcription\\HTML Markup: A. B.",
                SourceKind::Transcription,
                "Transcription\\HTML Markup",
            ),
            (
                "Transcription/Mark-up: A. B.",
                SourceKind::Transcription,
                "Transcription/Mark-up",
            ),
            (
                "Transcription & HTML Markup: A. B.",
                SourceKind::Transcription,
                "Transcription & HTML Markup",
            ),
            (
                "Fonte-traduzione: X",
                SourceKind::Source,
                "Fonte-traduzione",
            ),
            (
                "On-line Publication: X",
                SourceKind::OnlineVersion,
                "On-line Publication",
            ),
            (
                "Online Version: X",
                SourceKind::OnlineVersion,
                "Online Version",
            ),
            ("CopyLeft: X", SourceKind::Licence, "CopyLeft"),
            (
                "Pubblico Dominio: X",
                SourceKind::Licence,
                "Pubblico Dominio",
            ),
            ("Pubic Domain: X", SourceKind::Licence, "Pubic Domain"),
            ("Proofreader: X", SourceKind::Proofreading, "Proofreader"),
            ("Translator: X", SourceKind::Translation, "Translator"),
            ("Delivered: X", SourceKind::Delivered, "Delivered"),
            ("Publisher: X", SourceKind::Publisher, "Publisher"),
            ("Scritto: X", SourceKind::Written, "Scritto"),
        ] {
            assert_eq!(
                parsed(line),
                (
                    kind,
                    label.to_string(),
                    "X".replace('X', line.rsplit(": ").next().unwrap())
                ),
                "{line}"
            );
        }
        let f = SourceField::parse("Translated and transcribed: by Daniel Gaido.").unwrap();
        assert_eq!(
            f.kinds(),
            [SourceKind::Translation, SourceKind::Transcription]
        );
        let f = SourceField::parse("Editing and Proofreading: Andrew Pollack").unwrap();
        assert_eq!(f.kinds(), [SourceKind::Editing, SourceKind::Proofreading]);
    }

    #[test]
    fn a_missing_colon_or_space() {
        assert_eq!(
            parsed("Translated by John Archer."),
            (
                SourceKind::Translation,
                "Translated".into(),
                "by John Archer.".into()
            )
        );
        assert_eq!(
            parsed("Transcribed & marked up by Einde O’Callaghan."),
            (
                SourceKind::Transcription,
                "Transcribed & marked up".into(),
                "by Einde O’Callaghan.".into()
            )
        );
        assert_eq!(
            parsed("Originally published in Tribune, 1983."),
            (
                SourceKind::FirstPublished,
                "Originally published".into(),
                "in Tribune, 1983.".into()
            )
        );
        assert_eq!(
            parsed("Written:13 August, 1919"),
            (
                SourceKind::Written,
                "Written".into(),
                "13 August, 1919".into()
            )
        );
        // A sentence that opens with a label's word is no field.
        assert!(SourceField::parse("Source of all our troubles is the rent.").is_none());
        assert!(SourceField::parse("Sourcebook: X").is_none());
        assert!(SourceField::parse("Written").is_none());
    }

    #[test]
    fn lines_without_a_label() {
        assert_eq!(
            SourceField::new("", "From Revolutionary History, Vol. 4, No. 3.").kind,
            SourceKind::Source
        );
        assert_eq!(
            SourceField::new(
                "",
                "International Press Correspondence, Vol. 2 No. 102, p. 821."
            )
            .kind,
            SourceKind::Source
        );
        assert_eq!(
            SourceField::new("", "Radio to Inprecorr.").kind,
            SourceKind::Other
        );
    }

    #[test]
    fn a_manuscripts_note_references_in_a_value() {
        let f = SourceField::new("Source", "Die Neue Zeit, 1895.[^1][^a]");
        assert_eq!(f.value, "Die Neue Zeit, 1895.");
        assert_eq!(f.notes, ["1", "a"]);
    }
}
