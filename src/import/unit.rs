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
    /// What the markup says of it; `None` for raw text.
    pub markup: Option<Markup>,
    /// The cells of a table drawn in text (a grid or columns under dashes), read as text
    /// by the recognizer like any line.
    pub table: Option<TextTable>,
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
    let mut a = String::new();
    content_letters(content, &mut a);
    let mut b = String::new();
    for l in lines {
        letters(l, &mut b);
    }
    a == b
}

fn content_letters(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => letters(text, out),
            Inline::Image { alt, .. } => content_letters(alt, out),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => content_letters(content, out),
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
