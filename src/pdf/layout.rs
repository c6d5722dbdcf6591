//! The boundary between layout and writing: positioned pages, as typst's frames.
//!
//! Layout decides everything and yields these; the writer only draws them. Each page is
//! self-contained (its items refer to nothing outside it but link targets), so that a
//! page can be placed whole elsewhere, as the pamphlet's imposition does.
//!
//! The document's logical structure (PDF/UA's tagging) is decided here too: every drawn
//! item says which element of [`Document::structure`] it belongs to, or that it is page
//! furniture (an artifact), and the writer only serializes that.

use std::sync::Arc;

use super::fonts::Face;
use super::units::Pt;

/// A laid-out book: its pages and what the PDF says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The bookmarks: documents, then their sections.
    pub outline: Vec<OutlineEntry>,
    /// How pages are numbered: each range from its first page to the next range's.
    pub labels: Vec<PageLabel>,
    /// The document information.
    pub info: Info,
    /// The structure elements, each made before its children, in reading order; the
    /// first is the root (`Document`).
    pub structure: Vec<Element>,
    /// Where each page begins in the model, for the page map of the EPUB.
    pub starts: Vec<crate::pagemap::Place>,
}

/// What a drawn item is to a reader of the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Page furniture: running heads, folios, rules, leaders, repeated table headers.
    Artifact,
    /// Content of the element with this index in [`Document::structure`] (during
    /// layout, in its flow's own list).
    Element(usize),
}

impl Mark {
    /// The mark with an element index moved by `base` (a flow's elements placed in the
    /// book's list).
    pub fn offset(self, base: usize) -> Mark {
        match self {
            Mark::Artifact => Mark::Artifact,
            Mark::Element(e) => Mark::Element(e + base),
        }
    }
}

/// A structure element: a standard PDF structure type and what it says of itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// Its type.
    pub tag: Tag,
    /// Its parent's index (`None` for the root).
    pub parent: Option<usize>,
    /// Its language, where it differs from its parent's (BCP 47).
    pub lang: Option<String>,
    /// A figure's alternative text; for a link, the description its annotation carries.
    pub alt: Option<String>,
    /// A unique identifier (notes have one, as PDF/UA asks).
    pub id: Option<String>,
    /// A title (a part's).
    pub title: Option<String>,
}

/// The standard structure types the book uses (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs)]
pub enum Tag {
    #[default]
    Document,
    Part,
    Sect,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    BlockQuote,
    Table,
    TR,
    TH,
    TD,
    Caption,
    Figure,
    Note,
    Reference,
    Link,
    TOC,
    TOCI,
    Code,
}

impl Tag {
    /// The structure type's name in the file.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Document => "Document",
            Tag::Part => "Part",
            Tag::Sect => "Sect",
            Tag::H1 => "H1",
            Tag::H2 => "H2",
            Tag::H3 => "H3",
            Tag::P => "P",
            Tag::L => "L",
            Tag::LI => "LI",
            Tag::Lbl => "Lbl",
            Tag::LBody => "LBody",
            Tag::BlockQuote => "BlockQuote",
            Tag::Table => "Table",
            Tag::TR => "TR",
            Tag::TH => "TH",
            Tag::TD => "TD",
            Tag::Caption => "Caption",
            Tag::Figure => "Figure",
            Tag::Note => "Note",
            Tag::Reference => "Reference",
            Tag::Link => "Link",
            Tag::TOC => "TOC",
            Tag::TOCI => "TOCI",
            Tag::Code => "Code",
        }
    }

    /// Whether the element groups blocks, whose reading order is the order they were
    /// made in (a note follows the paragraph that references it, though it is drawn at
    /// the page's foot), rather than holding text and inline elements, read in the order
    /// they are drawn.
    pub fn groups_blocks(self) -> bool {
        matches!(
            self,
            Tag::Document
                | Tag::Part
                | Tag::Sect
                | Tag::L
                | Tag::LI
                | Tag::LBody
                | Tag::BlockQuote
                | Tag::Table
                | Tag::TR
                | Tag::Note
                | Tag::TOC
        )
    }

    /// The heading of a level (1: a document's title), at most `H3`.
    pub fn heading(level: u8) -> Tag {
        match level {
            0 | 1 => Tag::H1,
            2 => Tag::H2,
            _ => Tag::H3,
        }
    }
}

/// One page, its origin at the top left, y growing downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
    /// What is drawn, in drawing order.
    pub items: Vec<Item>,
    /// The text lines set on the page, for checks: where each starts, how wide it is set
    /// and the measure it was set to.
    pub lines: Vec<LineBox>,
}

/// A line of text as the layout set it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    /// Left edge.
    pub x: Pt,
    /// Baseline.
    pub y: Pt,
    /// The width the line's glyphs take.
    pub width: Pt,
    /// The width it was set to (its measure, less any indent of its block).
    pub measure: Pt,
    /// Whether it ends with a hyphen the layout added.
    pub hyphenated: bool,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Glyphs on one baseline in one face and size.
    Text(TextRun),
    /// A horizontal rule: always an artifact (it parts or frames, it says nothing).
    Rule {
        /// Left end.
        x: Pt,
        /// Vertical centre.
        y: Pt,
        /// Length.
        width: Pt,
        /// Thickness.
        thickness: Pt,
    },
    /// An image, drawn to fill its rectangle.
    Image {
        /// Where it is drawn.
        rect: Rect,
        /// The image (its pixels are written once however often it is drawn).
        image: Arc<crate::images::Image>,
        /// The figure it is.
        mark: Mark,
    },
    /// A clickable area.
    Link {
        /// The area.
        rect: Rect,
        /// Where it leads.
        target: Target,
        /// The `Link` element it belongs to (its description is that element's `alt`).
        element: usize,
    },
}

/// A rectangle, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: Pt,
    /// Top.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An address outside the book.
    Uri(String),
    /// A place in the book.
    Page {
        /// The page's index (0-based).
        page: usize,
        /// The height on that page to show at the top of the view.
        y: Pt,
    },
}

/// A run of glyphs.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Where the first glyph's origin is: left.
    pub x: Pt,
    /// Where the baseline is.
    pub y: Pt,
    /// The face.
    pub face: Face,
    /// The size.
    pub size: Pt,
    /// The glyphs, each advancing the pen by its `advance`.
    pub glyphs: Vec<Glyph>,
    /// What it is in the structure.
    pub mark: Mark,
}

/// One glyph of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The glyph id in the full font.
    pub id: u16,
    /// How far the pen moves after it (kerning and justification included).
    pub advance: Pt,
    /// How far the font itself moves after it (its `hmtx` advance at this size).
    pub natural: Pt,
    /// The text this glyph stands for (the whole cluster on its first glyph, empty on
    /// the others), so that copying gives back the words. Shared: a book repeats its
    /// words, and each glyph of a set word points to the shaped word's text.
    pub text: Arc<str>,
}

/// The text of a hyphen the layout adds (at a line's end): a soft hyphen, so that the
/// word stays whole in the text.
pub const SOFT_HYPHEN: &str = "\u{ad}";

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Its title.
    pub title: String,
    /// The page it opens.
    pub page: usize,
    /// The height on that page.
    pub y: Pt,
    /// Bookmarks under it.
    pub children: Vec<OutlineEntry>,
}

/// A range of pages numbered alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLabel {
    /// The range's first page (0-based index).
    pub start: usize,
    /// How its pages are numbered.
    pub style: LabelStyle,
    /// The number of its first page.
    pub first: u32,
}

/// A page-numbering style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// i, ii, iii: the front matter.
    Roman,
    /// 1, 2, 3: the text.
    Arabic,
}

/// What the PDF says about itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Info {
    /// The title.
    pub title: String,
    /// The authors, joined.
    pub author: String,
    /// A description or the subjects.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The language (BCP 47).
    pub language: String,
    /// The program that made it.
    pub creator: String,
    /// The time written as its dates (seconds since 1970).
    pub date: i64,
    /// A stable identifier of the book.
    pub identifier: String,
}

impl Document {
    /// The label of a page (by its index): its folio, as the PDF's page labels give it.
    pub fn label(&self, page: usize) -> String {
        let range = self.labels.iter().rev().find(|l| l.start <= page);
        range.map_or_else(
            || (page + 1).to_string(),
            |l| format_number(l.first + (page - l.start) as u32, l.style),
        )
    }
}

impl Page {
    /// Returns the page's text in drawing order, one line per run (for tests).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text(run) = item {
                for g in &run.glyphs {
                    out.push_str(&g.text);
                }
                out.push('\n');
            }
        }
        out
    }
}

/// Formats a page number in a style.
pub fn format_number(n: u32, style: LabelStyle) -> String {
    match style {
        LabelStyle::Arabic => n.to_string(),
        LabelStyle::Roman => roman(n),
    }
}

/// Writes a number in lower-case roman numerals.
fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(format_number(4, LabelStyle::Roman), "iv");
        assert_eq!(format_number(14, LabelStyle::Roman), "xiv");
        assert_eq!(format_number(14, LabelStyle::Arabic), "14");
    }
}
