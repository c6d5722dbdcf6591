//! Project Gutenberg's frame around a text, in its plain-text and HTML files alike: above
//! `*** START OF THE PROJECT GUTENBERG EBOOK … ***`, a notice of use and the catalogue's
//! fields (`Title:`, `Author:`, `Translator:`, `Release date: … [eBook #1234]`,
//! `Credits:`); below `*** END OF … ***`, the project's licence. The fields say plainly
//! what the recognizer would otherwise guess from the text's own title page, so they
//! are taken as the markup's evidence is; the rest of the frame is the project's, not
//! the text's, and is dropped and reported.

use std::path::Path;

use super::lexicon::{GUTENBERG_END, GUTENBERG_FIELDS, GUTENBERG_START};
use super::Para;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, Creator, Document, Inline, Licence, Role, Source, SourceField, SourceKind,
};

/// What a catalogue field of the frame gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Field {
    Title,
    Author,
    Translator,
    Editor,
    /// Another person the catalogue names, by the field's label (`Illustrator`).
    Named(&'static str),
    Release,
    OriginalPublication,
    Credits,
    /// Read and dropped: the catalogue's own (language, encoding, updates).
    Catalogue,
}

/// What the frame says of the text.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    title: Option<String>,
    /// The title's continuation lines (`Title: Capital` / `A Critique of Political
    /// Economy`).
    subtitle: Option<String>,
    creators: Vec<Creator>,
    /// The eBook's number (`12345`).
    number: Option<String>,
    release: Option<String>,
    original: Option<String>,
    credits: Option<String>,
    /// Other people the catalogue names, with their field's label.
    others: Vec<(&'static str, String)>,
    /// The notice of use (`This ebook is for the use of anyone anywhere…`).
    notice: Option<String>,
}

/// The fewest words of the notice of use (`This ebook is for the use of anyone anywhere
/// …`): the line above it (`The Project Gutenberg eBook of Capital`) has fewer.
const NOTICE_WORDS: usize = 12;

/// How far into a text its frame's opening marker may stand, in paragraphs: past the
/// longest header (the old "small print" runs to some thirty), a marker is a quotation.
const START_WITHIN: usize = 60;

/// The most words a marker line has (`*** START OF THE PROJECT GUTENBERG EBOOK THE
/// COMMUNIST MANIFESTO ***`); a longer line that opens with one is prose quoting it.
const MARKER_WORDS: usize = 24;

/// Whether a line is the frame's opening or closing marker.
fn marker(line: &str, markers: &[&str]) -> bool {
    if line.split_whitespace().count() > MARKER_WORDS {
        return false;
    }
    let t = line
        .trim()
        .trim_start_matches(['*', ' '])
        .to_ascii_uppercase();
    markers.iter().any(|m| t.starts_with(m))
}

/// Takes the frame off the text when it has one (its opening marker): returns the text
/// between the markers and what the frame said; the frame's lines are reported dropped.
pub(crate) fn unframe(
    file: &Path,
    paras: Vec<Para>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Para>, Option<Frame>) {
    let starts = |p: &Para| p.lines.iter().any(|l| marker(l, GUTENBERG_START));
    let Some(start) = paras.iter().take(START_WITHIN).position(starts) else {
        return (paras, None);
    };
    let end = paras[start + 1..]
        .iter()
        .position(|p| p.lines.iter().any(|l| marker(l, GUTENBERG_END)))
        .map_or(paras.len(), |k| start + 1 + k);
    let mut frame = Frame::default();
    let mut last: Option<Field> = None;
    for p in &paras[..=start] {
        for (k, line) in p.lines.iter().enumerate() {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            match field(t) {
                Some((f, value)) => {
                    frame.take(f, value);
                    last = Some(f);
                }
                // A line under a field goes on with it (a title's second line, a
                // release's `[eBook #…]`); a line of prose is the notice of use.
                None if k > 0 && last.is_some() && !marker(t, GUTENBERG_START) => {
                    frame.go_on(last.unwrap_or(Field::Catalogue), t);
                }
                None => {
                    last = None;
                    // The notice is prose; the line over it names the eBook.
                    let rest = p.lines[k..].join(" ");
                    if frame.notice.is_none()
                        && rest.split_whitespace().count() >= NOTICE_WORDS
                        && !marker(t, GUTENBERG_START)
                    {
                        frame.notice = Some(first_sentence(&rest));
                    }
                }
            }
            diagnostics.push(Diagnostic::info(
                "chrome-dropped",
                file,
                Some(p.line + k),
                format!("dropped Project Gutenberg header: “{t}”"),
            ));
        }
    }
    for p in &paras[end..] {
        for (k, line) in p.lines.iter().enumerate() {
            diagnostics.push(Diagnostic::info(
                "chrome-dropped",
                file,
                Some(p.line + k),
                format!("dropped Project Gutenberg licence: “{}”", line.trim()),
            ));
        }
    }
    let body = paras
        .into_iter()
        .skip(start + 1)
        .take(end - start - 1)
        .collect();
    (body, Some(frame))
}

/// A catalogue field: its kind and value (`Release date: May 1, 2004 [eBook #12345]`).
fn field(line: &str) -> Option<(Field, &str)> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim().to_lowercase();
    GUTENBERG_FIELDS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, f)| (*f, value.trim()))
}

/// A line's letters and digits, lower case: how two namings of a title compare.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first sentence of a paragraph.
fn first_sentence(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.find(". ") {
        Some(i) => t[..=i].to_string(),
        None => t,
    }
}

impl Frame {
    fn take(&mut self, f: Field, value: &str) {
        let value = value.trim().to_string();
        if value.is_empty() {
            return;
        }
        match f {
            Field::Title => {
                self.title.get_or_insert(value);
            }
            Field::Named(label) => self.others.push((label, value)),
            Field::Author | Field::Translator | Field::Editor => {
                let role = match f {
                    Field::Author => Role::Author,
                    Field::Translator => Role::Translator,
                    _ => Role::Editor,
                };
                for name in value.split([';']).flat_map(|n| n.split(" and ")) {
                    let name = name.trim();
                    if !name.is_empty() {
                        self.creators.push(Creator {
                            name: name.to_string(),
                            role,
                        });
                    }
                }
            }
            Field::Release => {
                self.number_from(&value);
                let date = value.split('[').next().unwrap_or_default().trim();
                self.release.get_or_insert(date.to_string());
            }
            Field::OriginalPublication => {
                self.original.get_or_insert(value);
            }
            Field::Credits => {
                self.credits.get_or_insert(value);
            }
            Field::Catalogue => {}
        }
    }

    fn go_on(&mut self, f: Field, line: &str) {
        match f {
            Field::Title => {
                let sub = self.subtitle.get_or_insert_with(String::new);
                if !sub.is_empty() {
                    sub.push(' ');
                }
                sub.push_str(line);
            }
            Field::Release => self.number_from(line),
            Field::Credits => {
                if let Some(c) = &mut self.credits {
                    c.push(' ');
                    c.push_str(line);
                }
            }
            _ => {}
        }
    }

    /// The eBook's number, from `[eBook #12345]` or `[EBook #12345]`.
    fn number_from(&mut self, text: &str) {
        if self.number.is_some() {
            return;
        }
        let lower = text.to_lowercase();
        if let Some(at) = lower.find("ebook #") {
            let digits: String = lower[at + 7..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                self.number = Some(digits);
            }
        }
    }

    /// Gives the document what the frame says: its title and people (they outrank the
    /// text's own title page, which says the same less plainly), where it was published
    /// first, the eBook it came from, and the notice of use as its rights.
    pub(crate) fn apply(self, doc: &mut Document) {
        if let Some(t) = self.title {
            // The title page the text opens with names the work less plainly; what of
            // it the catalogue does not say (`PREFACE`, taken for a subtitle) opens the
            // text again as its heading.
            let framed = fold(&format!("{t} {}", self.subtitle.as_deref().unwrap_or("")));
            let old_title = std::mem::replace(&mut doc.title, t);
            let mut back: Vec<String> = Vec::new();
            let lines = std::iter::once(old_title).chain(
                doc.subtitle
                    .take()
                    .into_iter()
                    .flat_map(|s| s.split(" — ").map(str::to_string).collect::<Vec<_>>()),
            );
            for line in lines {
                if !framed.contains(&fold(&line)) {
                    back.push(line);
                }
            }
            doc.subtitle = self.subtitle;
            let headings = back.into_iter().map(|l| Block::Heading {
                level: 2,
                content: vec![Inline::Text { text: l }],
                id: None,
            });
            doc.blocks.splice(0..0, headings);
        }
        if !self.creators.is_empty() {
            let framed: Vec<Role> = self.creators.iter().map(|c| c.role).collect();
            doc.creators.retain(|c| !framed.contains(&c.role));
            let mut creators = self.creators;
            creators.append(&mut doc.creators);
            doc.creators = creators;
        }
        let source = doc.source.get_or_insert_with(Source::default);
        let field = |kind, label: &str, value: String| SourceField {
            kind,
            label: label.to_string(),
            value,
            notes: Vec::new(),
        };
        if let Some(o) = self.original {
            source
                .fields
                .push(field(SourceKind::FirstPublished, "Original publication", o));
        }
        let ebook = match (&self.number, &self.release) {
            (Some(n), Some(r)) => format!("Project Gutenberg eBook #{n}, released {r}"),
            (Some(n), None) => format!("Project Gutenberg eBook #{n}"),
            (None, Some(r)) => format!("Project Gutenberg, released {r}"),
            (None, None) => "Project Gutenberg".to_string(),
        };
        source
            .fields
            .push(field(SourceKind::OnlineVersion, "Online version", ebook));
        if let Some(n) = &self.number {
            source.fields.push(field(
                SourceKind::OnlineVersion,
                "",
                format!("https://www.gutenberg.org/ebooks/{n}"),
            ));
        }
        for (label, value) in self.others {
            source.fields.push(field(SourceKind::Other, label, value));
        }
        if let Some(c) = self.credits {
            source
                .fields
                .push(field(SourceKind::Transcription, "Credits", c));
        }
        if doc.rights.is_none() {
            if let Some(n) = self.notice {
                doc.rights = Some(Licence::recognize(&n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(line: usize, lines: &[&str]) -> Para {
        Para {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            line,
            ..Para::default()
        }
    }

    #[test]
    fn a_marker_quoted_in_the_text_is_no_frame() {
        let quoting = || {
            vec![
                para(1, &["On digital archives"]),
                para(
                    3,
                    &[
                        "START OF THE PROJECT GUTENBERG EBOOK, the line reads, and a reader \
                       knows at once that what follows has passed through many hands before \
                       reaching the screen.",
                    ],
                ),
                para(5, &["Title: not a field here"]),
            ]
        };
        let mut diags = Vec::new();
        let (body, frame) = unframe(Path::new("q.txt"), quoting(), &mut diags);
        assert!(frame.is_none() && diags.is_empty());
        assert_eq!(body.len(), 3);
        // Far into a text, a marker line is a quotation however short.
        let mut late: Vec<Para> = (0..START_WITHIN)
            .map(|k| para(2 * k + 1, &["A paragraph of the text."]))
            .collect();
        late.push(para(
            999,
            &["*** START OF THE PROJECT GUTENBERG EBOOK X ***"],
        ));
        let (body, frame) = unframe(Path::new("q.txt"), late, &mut diags);
        assert!(frame.is_none() && diags.is_empty());
        assert_eq!(body.len(), START_WITHIN + 1);
    }

    #[test]
    fn the_frame_gives_the_catalogue_and_leaves_the_text() {
        let paras = vec![
            para(1, &["The Project Gutenberg eBook of Capital"]),
            para(
                3,
                &[
                    "This ebook is for the use of anyone anywhere in the United States. You may copy it.",
                ],
            ),
            para(5, &["Title: Capital", "       A Critique of Political Economy"]),
            para(8, &["Author: Karl Marx"]),
            para(10, &["Translator: Samuel Moore and Edward Aveling"]),
            para(
                12,
                &["Release date: May 1, 2004 [eBook #12345]", "Most recently updated: 2024"],
            ),
            para(15, &["*** START OF THE PROJECT GUTENBERG EBOOK CAPITAL ***"]),
            para(17, &["CAPITAL"]),
            para(19, &["The wealth of those societies…"]),
            para(21, &["*** END OF THE PROJECT GUTENBERG EBOOK CAPITAL ***"]),
            para(23, &["Updated editions will replace the previous one."]),
        ];
        let mut diags = Vec::new();
        let (body, frame) = unframe(Path::new("c.txt"), paras, &mut diags);
        assert_eq!(body.len(), 2);
        assert_eq!(body[1].lines, ["The wealth of those societies…"]);
        // Every line of the header and of the licence at the foot reported.
        assert_eq!(diags.len(), 11);
        assert!(diags.last().unwrap().message.contains("Updated editions"));
        let mut doc = Document {
            title: "CAPITAL".into(),
            creators: vec![Creator {
                name: "KARL MARX".into(),
                role: Role::Author,
            }],
            ..Document::default()
        };
        frame.expect("a frame").apply(&mut doc);
        assert_eq!(doc.title, "Capital");
        assert_eq!(
            doc.subtitle.as_deref(),
            Some("A Critique of Political Economy")
        );
        let names: Vec<(&str, Role)> = doc
            .creators
            .iter()
            .map(|c| (c.name.as_str(), c.role))
            .collect();
        assert_eq!(
            names,
            [
                ("Karl Marx", Role::Author),
                ("Samuel Moore", Role::Translator),
                ("Edward Aveling", Role::Translator)
            ]
        );
        let values: Vec<&str> = doc
            .source
            .iter()
            .flat_map(|s| &s.fields)
            .map(|f| f.value.as_str())
            .collect();
        assert_eq!(
            values,
            [
                "Project Gutenberg eBook #12345, released May 1, 2004",
                "https://www.gutenberg.org/ebooks/12345"
            ]
        );
        assert_eq!(
            doc.rights.map(|r| r.text).as_deref(),
            Some("This ebook is for the use of anyone anywhere in the United States.")
        );
    }

    #[test]
    fn a_text_without_the_frame_is_left_alone() {
        let paras = vec![
            para(1, &["Title: a line of the text itself"]),
            para(3, &["Text."]),
        ];
        let mut diags = Vec::new();
        let (body, frame) = unframe(Path::new("t.txt"), paras, &mut diags);
        assert_eq!(body.len(), 2);
        assert!(frame.is_none() && diags.is_empty());
    }
}
