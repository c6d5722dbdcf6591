//! The boundary between layout and writing: positioned pages, as typst's frames.
//!
//! Layout decides everything and yields these; the writer only draws them. Each page is
//! self-contained (its items refer to nothing outside it but link targets), so that a
//! page can be placed whole elsewhere, as the pamphlet's imposition does.

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
    /// A horizontal rule.
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
    },
    /// A clickable area.
    Link {
        /// The area.
        rect: Rect,
        /// Where it leads.
        target: Target,
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
