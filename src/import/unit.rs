//! The blocks a reader hands the recognizer: each block of the input with the evidence
//! for what it is. The text reader gives lines, blank lines, rules and boxes; the HTML
//! reader adds what its markup says (the element, its class, formatted content, notes
//! matched by their anchors). The recognizer weighs all of it the same way for both.

use crate::model::{Block, Inline};

/// One block of the input as a reader found it.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// The block's lines as plain text, as a browser's copy would show them (note markers
    /// written as the page shows them, `[1]`).
    pub lines: Vec<String>,
    /// The input line the block starts on (1-based).
    pub line: usize,
    /// How many blank lines came before it.
    pub blank_before: usize,
    /// Whether a rule (`-----`, `<hr>`) stood above it.
    pub rule_before: bool,
    /// Whether it was drawn in a box (a one-column table's cell).
    pub boxed: bool,
    /// How far its first line was indented in a raw text (a converter's copy indents a
    /// list's items, not paragraphs that begin with a number); 0 from markup.
    pub indent: usize,
    /// What the markup says of it; `None` for raw text.
    pub markup: Option<Markup>,
    /// The cells of a table drawn in text (a grid or columns under dashes), read as text
    /// by the recognizer like any line.
    pub table: Option<TextTable>,
}

/// What a file declares of itself apart from its text (a web page's `<meta>` tags and
/// linked data): weaker evidence than its header, taken only where that says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    /// The title.
    pub title: Option<String>,
    /// The authors' names, as declared (one a tag, or several in one).
    pub authors: Vec<String>,
    /// The date as declared (`2023-04-17`, `1998`, `1 May 1920`).
    pub date: Option<String>,
    /// The language tag (`<html lang="es">`), when a well-formed one.
    pub language: Option<String>,
    /// Where the page is published: its canonical address, else the one it was saved
    /// from (`https://…` only).
    pub address: Option<String>,
    /// The licence the page declares (a `rel="license"` link, Dublin Core's rights).
    pub licence: Option<crate::model::Licence>,
}

/// A table as a text draws it (defined with the reader of such tables, which the
/// Markdown reader shares).
pub use crate::text_tables::TextTable;

impl Unit {
    /// The block's only line, if it has one.
    pub fn single(&self) -> Option<&str> {
        (self.lines.len() == 1).then(|| self.lines[0].as_str())
    }

    /// The block's lines joined with spaces.
    pub fn joined(&self) -> String {
        self.lines.join(" ")
    }

    /// What the markup says the block is, if it says.
    pub fn hint(&self) -> Option<&Hint> {
        self.markup.as_ref().and_then(|m| m.hint.as_ref())
    }

    /// The heading level the markup gives (`<h1>` → 1).
    pub fn heading(&self) -> Option<u8> {
        self.markup.as_ref().and_then(|m| m.heading)
    }

    /// The block with the opening of its first line taken off, up to where `rest` (a
    /// suffix of that line) begins: a list item's or a note's number.
    pub(crate) fn without_lead(&self, rest: &str) -> Unit {
        let lead = opening(&self.lines[0], rest).unwrap_or_default().trim_end();
        self.split_first_line(lead, rest).1
    }

    /// The block split in two where its first line's `rest` begins (`rest` a suffix of
    /// that line: a list item's text after its number, a letter's text after its
    /// salutation; empty for the whole line): the lead alone on its line, then the rest
    /// with the lines after it.
    /// The markup's formatted content is split at the same text, so that both keep their
    /// italics and notes; where it cannot be (the content does not begin with the lead's
    /// text), the parts hold none and are read from their lines.
    pub(crate) fn split_first_line(&self, lead: &str, rest: &str) -> (Unit, Unit) {
        let glue = opening(&self.lines[0], rest);
        let parts = glue
            .and_then(|glue| Some((glue, self.markup.as_ref()?.content.as_deref()?)))
            .and_then(|(glue, c)| split_content(c, glue))
            .map(|(head, tail)| (split_content(&head, lead).map(|(h, _)| h), Some(tail)));
        let (head_content, tail_content) = parts.unwrap_or((None, None));
        let with = |lines: Vec<String>, content: Option<Vec<Inline>>| Unit {
            lines,
            markup: self.markup.clone().map(|m| Markup { content, ..m }),
            ..self.clone()
        };
        let mut tail_lines = self.lines.clone();
        if rest.is_empty() {
            tail_lines.remove(0);
        } else {
            tail_lines[0] = rest.to_string();
        }
        (
            with(vec![lead.to_string()], head_content),
            with(tail_lines, tail_content),
        )
    }
}

/// What stands on a line before `rest`, when `rest` ends it (white space at the line's
/// end aside); `None` when it does not.
fn opening<'a>(line: &'a str, rest: &str) -> Option<&'a str> {
    line.trim_end().strip_suffix(rest.trim_end())
}

/// Splits formatted content after the text `lead` (matched character by character, white
/// space aside): the inlines that set the lead, and those after it, a line break between
/// them dropped. `None` where the content does not begin with the lead's text.
pub(crate) fn split_content(content: &[Inline], lead: &str) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let mut want = lead.chars().filter(|c| !c.is_whitespace()).peekable();
    let (head, mut tail) = split_inlines(content, &mut want)?;
    if want.peek().is_some() {
        return None;
    }
    // What follows the lead on its line starts the rest: no space or break before it.
    if let Some(Inline::LineBreak) = tail.first() {
        tail.remove(0);
    }
    trim_start(&mut tail);
    Some((head, tail))
}

/// Takes the white space off the start of formatted content, inside its first inline too.
fn trim_start(content: &mut Vec<Inline>) {
    let empty = match content.first_mut() {
        Some(Inline::Text { text }) => {
            *text = text.trim_start().to_string();
            text.is_empty()
        }
        Some(Inline::Emphasis { content: inner } | Inline::Strong { content: inner }) => {
            trim_start(inner);
            inner.is_empty()
        }
        _ => false,
    };
    if empty {
        content.remove(0);
        trim_start(content);
    }
}

/// The inlines split where the characters `want` runs out, consuming it; `None` at a
/// character the lead does not have.
fn split_inlines(
    content: &[Inline],
    want: &mut std::iter::Peekable<impl Iterator<Item = char>>,
) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    for (k, inline) in content.iter().enumerate() {
        if want.peek().is_none() {
            tail.extend(content[k..].iter().cloned());
            break;
        }
        match inline {
            Inline::Text { text } => {
                let mut at = text.len();
                for (i, c) in text.char_indices() {
                    if c.is_whitespace() {
                        continue;
                    }
                    match want.peek() {
                        Some(&w) if w == c => {
                            want.next();
                            if want.peek().is_none() {
                                at = i + c.len_utf8();
                                break;
                            }
                        }
                        Some(_) => return None,
                        None => {
                            at = i;
                            break;
                        }
                    }
                }
                if at > 0 {
                    head.push(Inline::text(&text[..at]));
                }
                if at < text.len() {
                    tail.push(Inline::text(&text[at..]));
                }
            }
            Inline::Emphasis { content } | Inline::Strong { content } => {
                let (h, t) = split_inlines(content, want)?;
                let wrap = |c: Vec<Inline>| match inline {
                    Inline::Emphasis { .. } => Inline::Emphasis { content: c },
                    _ => Inline::Strong { content: c },
                };
                if !h.is_empty() {
                    head.push(wrap(h));
                }
                if !t.is_empty() {
                    tail.push(wrap(t));
                }
            }
            // A break, a note, a link inside the lead: no lead of ours holds one.
            _ => return None,
        }
    }
    Some((head, tail))
}

/// The evidence of a block's markup.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// The heading level (`h1`–`h6`).
    pub heading: Option<u8>,
    /// The element's class attribute, as written (`information`, `post-title`).
    pub class: String,
    /// What the markup plainly says the block is, where it says so.
    pub hint: Option<Hint>,
    /// The block's formatted content (italics, links, note references resolved by their
    /// anchors); used instead of reading `lines` when present.
    pub content: Option<Vec<Inline>>,
    /// A block the reader built whole (a table, a list, a quotation): placed as it is.
    pub block: Option<Block>,
    /// Whether any of its text links to another page: a block of a page's foot is.
    pub linked: bool,
    /// Whether it is nothing but pictures, its lines their descriptions (the `alt` text
    /// of an image not beside the page stands in its content as text).
    pub pictures: bool,
}

/// What a block's markup says it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    /// Site navigation, a footer, a widget: dropped and reported with its kind.
    Chrome(&'static str),
    /// The page's title bar (`p.title`): chrome, or `Author: Work`.
    TitleBar,
    /// The block holds the header fields (`p.information`: `Source:`, `Translated:`…).
    Fields,
    /// A note's text; `id` is its anchor, `mark` the label the page shows.
    Note {
        /// The anchor the references point to.
        id: String,
        /// The label shown (`1`, `*`).
        mark: String,
    },
    /// Running text, not part of the header (a paragraph inside the post body).
    Body,
    /// A post's byline (`Posted on … by …`): chrome, dropped and reported, that names the
    /// post's author and date where the markup says them.
    Byline {
        /// The author's name, as the markup gives it.
        author: Option<String>,
        /// The date, as written.
        date: Option<String>,
    },
}

/// Says whether formatted content says what plain lines say: the same letters and
/// digits, leaving out note markers (`[1]` in the lines, a reference in the content).
pub(crate) fn same_text(content: &[Inline], lines: &[String]) -> bool {
    // The letters of the whole text at once: a bracketed group may open in one inline
    // and close in another (`[Note by <em>Editors</em>]`).
    let mut text = String::new();
    content_text(content, &mut text);
    let mut a = String::new();
    letters(&text, &mut a);
    let mut b = String::new();
    letters(&lines.join(" "), &mut b);
    a == b
}

fn content_text(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Image { alt, .. } => content_text(alt, out),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => content_text(content, out),
            Inline::LineBreak | Inline::NoteRef { .. } | Inline::Html { .. } => {}
        }
    }
}

/// The letters and digits of a text, bracketed groups (note markers, editors'
/// insertions) left out.
fn letters(text: &str, out: &mut String) {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn em(t: &str) -> Inline {
        Inline::Emphasis {
            content: vec![Inline::text(t)],
        }
    }

    #[test]
    fn a_lead_taken_off_leaves_the_rest_its_formatting() {
        let content = vec![
            Inline::text("3. Surplus capital "),
            em("represents"),
            Inline::text("."),
        ];
        let (head, tail) = split_content(&content, "3. ").unwrap();
        assert_eq!(head, [Inline::text("3.")]);
        assert_eq!(
            tail,
            [
                Inline::text("Surplus capital "),
                em("represents"),
                Inline::text(".")
            ]
        );
        // Into an emphasis, and across a line break.
        let content = vec![em("Dear Comrade,"), Inline::LineBreak, em("Yours")];
        let (head, tail) = split_content(&content, "Dear Comrade,").unwrap();
        assert_eq!((head, tail), (vec![em("Dear Comrade,")], vec![em("Yours")]));
        let content = vec![Inline::Strong {
            content: vec![Inline::text("Dear Sir,— Many")],
        }];
        let (head, tail) = split_content(&content, "Dear Sir,—").unwrap();
        assert_eq!(
            head,
            [Inline::Strong {
                content: vec![Inline::text("Dear Sir,—")]
            }]
        );
        assert_eq!(
            tail,
            [Inline::Strong {
                content: vec![Inline::text("Many")]
            }]
        );
    }

    #[test]
    fn content_that_does_not_begin_with_the_lead_is_not_split() {
        assert_eq!(split_content(&[Inline::text("4. Four")], "3. "), None);
        assert_eq!(split_content(&[Inline::text("3")], "3. "), None);
        let linked = [Inline::NoteRef { id: "n1".into() }, Inline::text("1. One")];
        assert_eq!(split_content(&linked, "1. "), None);
    }

    #[test]
    fn a_rest_that_does_not_end_the_line_splits_no_content() {
        let unit = Unit {
            lines: vec!["Dear Comrade,—Many é ".into()],
            markup: Some(Markup {
                content: Some(vec![Inline::text("Dear Comrade,—Many é")]),
                ..Markup::default()
            }),
            ..Unit::default()
        };
        // White space after the rest is no matter; a rest the line does not end with
        // gives parts read from their lines, never a cut inside a character.
        let (_, rest) = unit.split_first_line("Dear Comrade,", "Many é");
        assert_eq!(
            rest.markup.unwrap().content.unwrap(),
            [Inline::text("Many é")]
        );
        let (lead, rest) = unit.split_first_line("Dear Comrade,", "Maybe é");
        assert_eq!(lead.markup.unwrap().content, None);
        assert_eq!(rest.markup.unwrap().content, None);
        assert_eq!(unit.without_lead("é!").markup.unwrap().content, None);
    }

    #[test]
    fn a_split_block_keeps_its_content_in_both_parts() {
        let unit = Unit {
            lines: vec!["Dear Comrade,—Many of us".into()],
            markup: Some(Markup {
                content: Some(vec![Inline::text("Dear Comrade,—Many of "), em("us")]),
                ..Markup::default()
            }),
            ..Unit::default()
        };
        let (lead, rest) = unit.split_first_line("Dear Comrade,", "Many of us");
        assert_eq!(lead.lines, ["Dear Comrade,"]);
        assert_eq!(
            lead.markup.unwrap().content.unwrap(),
            [Inline::text("Dear Comrade,")]
        );
        assert_eq!(rest.lines, ["Many of us"]);
        assert_eq!(
            rest.markup.unwrap().content.unwrap(),
            [Inline::text("Many of "), em("us")]
        );
    }
}
