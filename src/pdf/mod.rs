//! The PDF reader edition: the model typeset into pages and written as a PDF.
//!
//! As in typst, layout decides everything and yields positioned pages
//! ([`layout::Document`]); the writer only draws them. The stages:
//! `style` (the page and sizes, from `styles/pdf.toml`) → `flow` (blocks into lines:
//! `inline` collects and `shape`s words, `hyphenate`s them, `linebreak`s paragraphs with
//! Knuth–Plass) → `paginate` (lines and notes into pages) → `book` (front matter, running
//! heads, links, bookmarks) → `fonts` (subsets) → `write` (printpdf and lopdf, only there).

pub mod book;
pub mod fallback;
pub mod flow;
pub mod fonts;
pub mod hyphenate;
pub mod impose;
pub mod inline;
pub mod layout;
pub mod linebreak;
pub mod page_starts;
pub mod paginate;
pub mod shape;
pub mod style;
pub mod table;
pub mod units;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};

pub use crate::config::PdfStandard;
use crate::diagnostic::{Diagnostic, Error};
use crate::model::Book;
use crate::pagemap::{PageMap, PageStart};
pub use impose::{impose, PamphletOptions, Sheet};
pub use style::PageSize;

/// How to make the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The page size (A5 unless asked).
    pub page_size: PageSize,
    /// The standard the file conforms to (always tagged, PDF/UA-1; PDF/A-2 on request).
    pub standard: PdfStandard,
    /// `SOURCE_DATE_EPOCH`: the time written as the PDF's dates (else 1970-01-01, so that
    /// the same input always gives the same file).
    pub source_date_epoch: Option<i64>,
    /// The book's images, read and decoded.
    pub images: std::sync::Arc<crate::images::Images>,
}

/// The most characters of a title, subtitle or name the PDF sets: running heads, the
/// title page, the contents and the metadata repeat them, so a 10 MB title once took 52 s
/// and 4.6 GB. A longer one is cut, with `…`.
pub const MAX_TITLE_CHARS: usize = 1000;

/// Lays out a book into positioned pages.
pub fn layout(book: &Book, options: &PdfOptions) -> Result<layout::Document, Error> {
    let style = style::Style::for_page(options.page_size).map_err(|e| internal(&e))?;
    let clipped = clip_titles(book);
    let book = clipped.as_ref().unwrap_or(book);
    book::layout(
        book,
        &style,
        options.source_date_epoch.unwrap_or(0),
        &options.images,
    )
    .map_err(|e| internal(&e))
}

/// Returns the book with its titles and names cut to [`MAX_TITLE_CHARS`], when one is
/// longer (else `None`: no copy).
fn clip_titles(book: &Book) -> Option<Book> {
    let long = |s: &str| s.len() > MAX_TITLE_CHARS && s.chars().nth(MAX_TITLE_CHARS).is_some();
    let m = &book.meta;
    let any = long(&m.title)
        || m.subtitle.as_deref().is_some_and(long)
        || m.creators.iter().any(|c| long(&c.name))
        || book.documents.iter().any(|d| {
            long(&d.title)
                || d.subtitle.as_deref().is_some_and(long)
                || d.creators.iter().any(|c| long(&c.name))
        });
    if !any {
        return None;
    }
    let clip = |s: &mut String| {
        if let Some((end, _)) = s.char_indices().nth(MAX_TITLE_CHARS) {
            s.truncate(end);
            s.push('…');
        }
    };
    let mut book = book.clone();
    clip(&mut book.meta.title);
    book.meta.subtitle.iter_mut().for_each(clip);
    book.meta
        .creators
        .iter_mut()
        .for_each(|c| clip(&mut c.name));
    for d in &mut book.documents {
        clip(&mut d.title);
        d.subtitle.iter_mut().for_each(clip);
        d.creators.iter_mut().for_each(|c| clip(&mut c.name));
    }
    Some(book)
}

/// Makes the PDF reader edition of a book.
pub fn pdf(book: &Book, options: &PdfOptions) -> Result<Vec<u8>, Error> {
    Ok(pdf_with_pages(book, options)?.0)
}

/// Makes the PDF reader edition of a book, and the map of where its pages begin, for
/// the EPUB's page list (its `source` left for the caller, who names the file).
pub fn pdf_with_pages(book: &Book, options: &PdfOptions) -> Result<(Vec<u8>, PageMap), Error> {
    // 1. Layout: everything is decided here.
    let doc = layout(book, options)?;
    let map = page_map(&doc);
    // 2. Fonts: each face cut down to the glyphs the pages use.
    let subsets = subsets(&doc).map_err(|e| internal(&e))?;
    // 3. The file.
    let bytes = write::write(doc, &subsets, options.standard).map_err(|e| internal(&e))?;
    Ok((bytes, map))
}

/// Where each page of a laid-out book begins, with its label.
pub fn page_map(doc: &layout::Document) -> PageMap {
    PageMap {
        source: String::new(),
        pages: doc
            .starts
            .iter()
            .enumerate()
            .map(|(i, &at)| PageStart {
                label: doc.label(i),
                at,
            })
            .collect(),
    }
}

/// Subsets every face the pages use.
fn subsets(doc: &layout::Document) -> Result<Vec<fonts::Subset>, String> {
    let mut used: BTreeMap<fonts::Face, BTreeSet<u16>> = BTreeMap::new();
    for page in &doc.pages {
        for item in &page.items {
            if let layout::Item::Text(run) = item {
                used.entry(run.face)
                    .or_default()
                    .extend(run.glyphs.iter().map(|g| g.id));
            }
        }
    }
    used.iter()
        .map(|(face, glyphs)| fonts::subset(*face, glyphs))
        .collect()
}

fn internal(what: &str) -> Error {
    Diagnostic::error(
        "pdf-internal",
        std::path::Path::new("<pdf>"),
        None,
        format!("the PDF could not be made: {what}"),
    )
    .with_hint("this is a bug in samizdat: please report it with the input")
    .into()
}

/// A 16-byte fingerprint (FNV-1a, two seeds): stable across runs and Rust versions, for
/// the files' `/ID` (the reader edition's from its layout, the pamphlet's from its input).
pub(crate) struct Fingerprint {
    a: u64,
    b: u64,
}

impl Fingerprint {
    /// Starts an empty fingerprint.
    pub(crate) fn new() -> Self {
        Fingerprint {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x8422_2325_cbf2_9ce4,
        }
    }

    /// Adds bytes.
    pub(crate) fn eat(&mut self, bytes: &[u8]) {
        for &x in bytes {
            self.a = (self.a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
            self.b = (self.b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x5bd1_e995);
        }
    }

    /// Returns the 16 bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        let mut out = self.a.to_be_bytes().to_vec();
        out.extend_from_slice(&self.b.to_be_bytes());
        out
    }
}
