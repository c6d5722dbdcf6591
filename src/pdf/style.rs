//! The PDF style: page geometry, sizes and leading, read from `styles/pdf.toml`.

use serde::Deserialize;

use super::units::{inch, mm, Pt};

/// The style shipped with samizdat.
const DEFAULT_STYLE: &str = include_str!("../../styles/pdf.toml");

/// The reader edition's page sizes are `book.toml`'s (one type for the command line, the
/// configuration and the typesetter).
pub use crate::config::PageSize;

impl PageSize {
    /// Returns the page's width and height in points.
    pub fn dimensions(self) -> (Pt, Pt) {
        match self {
            PageSize::A5 => (mm(148.0), mm(210.0)),
            PageSize::A4 => (mm(210.0), mm(297.0)),
            PageSize::Letter => (inch(8.5), inch(11.0)),
            PageSize::Us6x9 => (inch(6.0), inch(9.0)),
        }
    }

    /// Returns the name the command line and `book.toml` use.
    pub fn name(self) -> &'static str {
        match self {
            PageSize::A5 => "a5",
            PageSize::A4 => "a4",
            PageSize::Letter => "letter",
            PageSize::Us6x9 => "6x9",
        }
    }
}

/// The style file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleFile {
    text: TextStyle,
    notes: NoteStyle,
    heads: HeadStyle,
    page: Pages,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextStyle {
    size: Pt,
    leading: Pt,
    indent: f64,
    stretch: f64,
    shrink: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteStyle {
    size: Pt,
    leading: Pt,
    rule: f64,
    gap: Pt,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadStyle {
    size: Pt,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pages {
    a5: Margins,
    a4: Margins,
    letter: Margins,
    us6x9: Margins,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct Margins {
    inner: Pt,
    outer: Pt,
    top: Pt,
    bottom: Pt,
    scale: f64,
}

/// The style resolved for one page size: every length the layout needs, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Margin on the binding side.
    pub inner: Pt,
    /// Margin on the outer side.
    pub outer: Pt,
    /// Margin above the text block.
    pub top: Pt,
    /// Margin below the text block.
    pub bottom: Pt,
    /// Body text size.
    pub size: Pt,
    /// Body leading (baseline to baseline).
    pub leading: Pt,
    /// First-line indent.
    pub indent: Pt,
    /// Word-space stretch, as a fraction of the space.
    pub stretch: f64,
    /// Word-space shrink, as a fraction of the space.
    pub shrink: f64,
    /// Note text size.
    pub note_size: Pt,
    /// Note leading.
    pub note_leading: Pt,
    /// The note rule's length as a fraction of the measure.
    pub note_rule: f64,
    /// Space above the note rule and below it.
    pub note_gap: Pt,
    /// Running head and folio size.
    pub head_size: Pt,
}

impl Style {
    /// Returns the shipped style for a page size.
    pub fn for_page(size: PageSize) -> Result<Style, String> {
        let file: StyleFile = toml::from_str(DEFAULT_STYLE).map_err(|e| e.to_string())?;
        let m = match size {
            PageSize::A5 => file.page.a5,
            PageSize::A4 => file.page.a4,
            PageSize::Letter => file.page.letter,
            PageSize::Us6x9 => file.page.us6x9,
        };
        let (width, height) = size.dimensions();
        let s = m.scale;
        Ok(Style {
            width,
            height,
            inner: m.inner,
            outer: m.outer,
            top: m.top,
            bottom: m.bottom,
            size: file.text.size * s,
            leading: file.text.leading * s,
            indent: file.text.indent * file.text.size * s,
            stretch: file.text.stretch,
            shrink: file.text.shrink,
            note_size: file.notes.size * s,
            note_leading: file.notes.leading * s,
            note_rule: file.notes.rule,
            note_gap: file.notes.gap * s,
            head_size: file.heads.size * s,
        })
    }

    /// The width of the text block.
    pub fn measure(&self) -> Pt {
        self.width - self.inner - self.outer
    }

    /// The height of the text block, a whole number of lines.
    pub fn body_height(&self) -> Pt {
        let lines = ((self.height - self.top - self.bottom) / self.leading).floor();
        lines * self.leading
    }

    /// The left edge of the text block on a page (recto pages have the binding on the left).
    pub fn left(&self, recto: bool) -> Pt {
        if recto {
            self.inner
        } else {
            self.outer
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_size_has_a_style_and_a_name() {
        for size in [
            PageSize::A5,
            PageSize::A4,
            PageSize::Letter,
            PageSize::Us6x9,
        ] {
            let s = Style::for_page(size).unwrap();
            assert!(s.measure() > 20.0 * s.size && s.measure() < 40.0 * s.size);
            assert_eq!(size.name().parse::<PageSize>().unwrap(), size);
        }
        assert!("b5".parse::<PageSize>().is_err());
    }
}
