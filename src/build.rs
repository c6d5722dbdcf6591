//! Building one loaded book into its editions: the step `build`, `watch` and `check`
//! share.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{Format, PageSize, Sheet};
use crate::diagnostic::{Diagnostic, Error};
use crate::epub::{self, EpubOptions};
use crate::pdf::{self, PamphletOptions, PdfOptions};
use crate::project::{write_atomic, LoadedBook};

/// What the command line (and the environment) says over `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The output folder.
    pub out: Option<PathBuf>,
    /// The editions to write.
    pub formats: Option<Vec<Format>>,
    /// The reader edition's page size.
    pub page_size: Option<PageSize>,
    /// The pamphlet's sheet.
    pub sheet: Option<Sheet>,
    /// The pamphlet's creep compensation (mm).
    pub creep_mm: Option<f32>,
    /// Fold and crop marks on the pamphlet.
    pub marks: bool,
    /// Leave the fonts out of the EPUB.
    pub no_fonts: bool,
    /// `SOURCE_DATE_EPOCH`.
    pub source_date_epoch: Option<i64>,
}

/// What building a book made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The book's slug.
    pub slug: String,
    /// The files written, with their sizes.
    pub outputs: Vec<(PathBuf, u64)>,
    /// Documents in the book.
    pub documents: usize,
    /// Notes in the book.
    pub notes: usize,
    /// Diagnostics from reading and building (warnings and notes).
    pub diagnostics: Vec<Diagnostic>,
    /// How long it took, in milliseconds.
    pub millis: u128,
}

/// The folder a book's outputs go to: the command line's, else `book.toml`'s, else `out`.
pub fn out_dir(book: &LoadedBook, settings: &Settings) -> PathBuf {
    match (&settings.out, &book.output.dir) {
        (Some(out), _) => out.clone(),
        (None, Some(dir)) => book.root.join(dir),
        (None, None) => PathBuf::from("out"),
    }
}

/// Writes a book's editions.
pub fn build_book(book: &LoadedBook, settings: &Settings) -> Result<Built, Error> {
    let start = Instant::now();
    let out = out_dir(book, settings);
    let formats = settings
        .formats
        .clone()
        .unwrap_or_else(|| book.output.formats.clone());
    let diagnostics = book.diagnostics.clone();
    let mut outputs = Vec::new();
    let mut reader: Option<Vec<u8>> = None;
    for format in formats {
        match format {
            Format::Epub | Format::Kepub => {
                let css = match &book.style.epub_css {
                    Some(p) => {
                        let path = book.root.join(p);
                        Some(std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?)
                    }
                    None => None,
                };
                let kobo = format == Format::Kepub;
                let options = EpubOptions {
                    no_fonts: settings.no_fonts || !book.style.embed_fonts,
                    source_date_epoch: settings.source_date_epoch,
                    css,
                    kobo,
                };
                let bytes = epub::epub(&book.book, &options)?;
                let ext = if kobo { "kepub.epub" } else { "epub" };
                let path = out.join(format!("{}.{ext}", book.slug));
                write_atomic(&path, &bytes)?;
                outputs.push((path, bytes.len() as u64));
            }
            Format::Pdf | Format::Pamphlet => {
                // The pamphlet is imposed from the reader edition's pages: typeset once.
                let page_size = settings.page_size.unwrap_or(book.output.page_size);
                if reader.is_none() {
                    let options = PdfOptions {
                        page_size,
                        source_date_epoch: settings.source_date_epoch,
                    };
                    reader = Some(pdf::pdf(&book.book, &options)?);
                }
                let bytes = reader.as_deref().unwrap_or_default();
                let (path, bytes) = if format == Format::Pdf {
                    (out.join(format!("{}.pdf", book.slug)), bytes.to_vec())
                } else {
                    let options = PamphletOptions {
                        sheet: settings
                            .sheet
                            .or(book.output.pamphlet_sheet)
                            .unwrap_or_else(|| Sheet::for_page(page_size)),
                        creep_mm: settings.creep_mm.unwrap_or(book.output.pamphlet_creep),
                        marks: settings.marks || book.output.pamphlet_marks,
                        source_date_epoch: settings.source_date_epoch,
                    };
                    let imposed = pdf::impose(bytes, &options)?;
                    (out.join(format!("{}-pamphlet.pdf", book.slug)), imposed)
                };
                write_atomic(&path, &bytes)?;
                outputs.push((path, bytes.len() as u64));
            }
        }
    }
    Ok(Built {
        slug: book.slug.clone(),
        outputs,
        documents: book.book.documents.len(),
        notes: book.book.documents.iter().map(|d| d.notes.len()).sum(),
        diagnostics,
        millis: start.elapsed().as_millis(),
    })
}

/// Reads `SOURCE_DATE_EPOCH`, the reproducible-builds convention for the build date.
pub fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) => v.trim().parse().map(Some).map_err(|_| {
            Diagnostic::error(
                "source-date-epoch",
                Path::new("SOURCE_DATE_EPOCH"),
                None,
                format!("`{v}` is not a number of seconds since 1970"),
            )
            .with_hint("set it to an integer, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`")
            .into()
        }),
    }
}
