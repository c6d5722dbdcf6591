//! Building one loaded book into its editions: the step `build`, `watch` and `check`
//! share.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{Format, PageSize, PdfStandard, Sheet};
use crate::diagnostic::{Diagnostic, Error};
use crate::epub::{self, EpubOptions};
use crate::pdf::{self, PamphletOptions, PdfOptions};
use crate::project::{write_all_atomic, LoadedBook};

/// What the command line (and the environment) says over `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The output folder.
    pub out: Option<PathBuf>,
    /// The editions to write.
    pub formats: Option<Vec<Format>>,
    /// The reader edition's page size.
    pub page_size: Option<PageSize>,
    /// The standard the reader edition conforms to.
    pub pdf_standard: Option<PdfStandard>,
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
    /// A missing or unreadable image is a warning, not an error.
    pub allow_missing_images: bool,
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

/// The editions a book is built in: the command line's, else book.toml's.
fn formats(book: &LoadedBook, settings: &Settings) -> Vec<Format> {
    let mut formats = settings
        .formats
        .clone()
        .unwrap_or_else(|| book.output.formats.clone());
    // `--format epub,epub` writes one file.
    let mut seen = Vec::new();
    formats.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
    formats
}

/// The file an edition of a book is written to.
fn output_file(out: &Path, slug: &str, format: Format) -> PathBuf {
    out.join(match format {
        Format::Epub => format!("{slug}.epub"),
        Format::Kepub => format!("{slug}.kepub.epub"),
        Format::Pdf => format!("{slug}.pdf"),
        Format::Pamphlet => format!("{slug}-pamphlet.pdf"),
    })
}

/// Every file building a book writes, resolved as the file system will resolve it (the
/// output folder's existing part canonicalized, `..` and `.` taken out of the rest), so
/// that two spellings of one folder are seen to be one.
pub fn output_files(book: &LoadedBook, settings: &Settings) -> Vec<PathBuf> {
    let out = canonical_dir(&out_dir(book, settings));
    formats(book, settings)
        .into_iter()
        .map(|f| output_file(&out, &book.slug, f))
        .collect()
}

/// Resolves a folder that may not exist yet: its longest existing ancestor through the
/// file system (symbolic links followed), the rest lexically.
fn canonical_dir(dir: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(dir)
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                // `a/link/..` is the link target's parent: resolve what exists first.
                out = out.canonicalize().unwrap_or(out);
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.canonicalize().unwrap_or(out)
}

/// Writes a book's editions: all of them are made first, then written together, so that
/// a failure leaves every old file as it was (never editions of two builds side by side).
pub fn build_book(book: &LoadedBook, settings: &Settings) -> Result<Built, Error> {
    let start = Instant::now();
    let out = out_dir(book, settings);
    let diagnostics = book.diagnostics.clone();
    let images = std::sync::Arc::new(book.images.clone());
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let formats = formats(book, settings);
    let page_size = settings.page_size.unwrap_or(book.output.page_size);
    let typeset = || {
        let options = PdfOptions {
            page_size,
            standard: settings.pdf_standard.unwrap_or(book.output.pdf_standard),
            source_date_epoch: settings.source_date_epoch,
            images: images.clone(),
        };
        pdf::pdf_with_pages(&book.book, &options)
    };
    // With the reader edition, the EPUB marks its pages: it is typeset first.
    let mut reader: Option<Vec<u8>> = None;
    let mut pages = None;
    if formats.contains(&Format::Pdf)
        && formats
            .iter()
            .any(|f| matches!(f, Format::Epub | Format::Kepub))
    {
        let (bytes, mut map) = typeset()?;
        let file = output_file(Path::new(""), &book.slug, Format::Pdf);
        map.source = format!(
            "{}: the PDF edition of this book, page size {}",
            file.display(),
            page_size.name()
        );
        pages = Some(std::sync::Arc::new(map));
        reader = Some(bytes);
    }
    for &format in &formats {
        let path = output_file(&out, &book.slug, format);
        match format {
            Format::Epub | Format::Kepub => {
                let css = match &book.style.epub_css {
                    Some(p) => {
                        let path = book.root.join(p);
                        Some(std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?)
                    }
                    None => None,
                };
                let stylesheet = book.style.epub_css.as_ref().map(|p| book.root.join(p));
                let sources: Vec<&Path> = book
                    .inputs
                    .iter()
                    .map(PathBuf::as_path)
                    .chain([book.origin.as_path()])
                    .chain(stylesheet.as_deref())
                    .collect();
                let options = EpubOptions {
                    no_fonts: settings.no_fonts || !book.style.embed_fonts,
                    source_date_epoch: settings.source_date_epoch,
                    inputs_modified: newest_modification(&sources),
                    css,
                    kobo: format == Format::Kepub,
                    images: images.clone(),
                    pages: pages.clone(),
                };
                files.push((path, epub::epub(&book.book, &options)?));
            }
            Format::Pdf | Format::Pamphlet => {
                // The pamphlet is imposed from the reader edition's pages: typeset once.
                if reader.is_none() {
                    reader = Some(typeset()?.0);
                }
                let bytes = reader.as_deref().unwrap_or_default();
                let bytes = if format == Format::Pdf {
                    bytes.to_vec()
                } else {
                    let creep_mm = settings.creep_mm.unwrap_or(book.output.pamphlet_creep);
                    check_creep(creep_mm, &book.origin)?;
                    let options = PamphletOptions {
                        sheet: settings
                            .sheet
                            .or(book.output.pamphlet_sheet)
                            .unwrap_or_else(|| Sheet::for_page(page_size)),
                        creep_mm,
                        marks: settings.marks || book.output.pamphlet_marks,
                        source_date_epoch: settings.source_date_epoch,
                    };
                    pdf::impose(bytes, &options)?
                };
                files.push((path, bytes));
            }
        }
    }
    let borrowed: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    write_all_atomic(&borrowed)?;
    Ok(Built {
        slug: book.slug.clone(),
        outputs: files
            .iter()
            .map(|(p, b)| (p.clone(), b.len() as u64))
            .collect(),
        documents: book.book.documents.len(),
        notes: book.book.documents.iter().map(|d| d.notes.len()).sum(),
        diagnostics,
        millis: start.elapsed().as_millis(),
    })
}

/// The largest creep accepted, in mm: 0.1 mm a sheet of 80 g/m² paper, so 20 mm is a
/// 200-sheet (800-page) pamphlet, past what saddle stitching holds.
pub const MAX_CREEP_MM: f32 = 20.0;

/// Refuses a creep that is not a number of millimetres from 0 to [`MAX_CREEP_MM`]
/// (`NaN` and `inf` parse as floats, and would be written into the PDF).
pub fn check_creep(mm: f32, origin: &Path) -> Result<(), Error> {
    if mm.is_finite() && (0.0..=MAX_CREEP_MM).contains(&mm) {
        return Ok(());
    }
    Err(Diagnostic::error(
        "creep-invalid",
        origin,
        None,
        format!("the pamphlet's creep {mm} mm is not a length from 0 to {MAX_CREEP_MM} mm"),
    )
    .with_hint("give --creep (or pamphlet-creep) in mm: about 0.1 per sheet of 80 g/m² paper")
    .into())
}

/// Reads `--pdf-standard`: a bad value is an input error (exit 1) naming the ones
/// there are, not a usage error, as the same value in `book.toml` is.
pub fn pdf_standard(value: &str) -> Result<PdfStandard, Error> {
    value.parse::<PdfStandard>().map_err(|what| {
        Diagnostic::error("pdf-standard", Path::new("--pdf-standard"), None, what)
            .with_hint("give ua-1 (tagged, the default), a-2b or a-2a (also PDF/A-2, for archives)")
            .into()
    })
}

/// Returns the newest modification time of these files, in seconds since 1970: when the
/// book's sources last changed, so that unchanged inputs rebuild to the same bytes. Files
/// that cannot be read, or dated before 1970 or after 9999, are passed over.
pub fn newest_modification(paths: &[&Path]) -> Option<i64> {
    paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .filter_map(|d| i64::try_from(d.as_secs()).ok())
        .filter(|&s| s > 0 && s < SOURCE_DATE_EPOCH_END)
        .max()
}

/// The first second `SOURCE_DATE_EPOCH` cannot be: 10000-01-01T00:00:00Z (dates in the
/// EPUB and PDF have four-digit years).
pub const SOURCE_DATE_EPOCH_END: i64 = 253_402_300_800;

/// Reads `SOURCE_DATE_EPOCH`, the reproducible-builds convention for the build date.
pub fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().parse::<i64>() {
            Ok(n) if (0..SOURCE_DATE_EPOCH_END).contains(&n) => Ok(Some(n)),
            _ => Err(Diagnostic::error(
                "source-date-epoch",
                Path::new("SOURCE_DATE_EPOCH"),
                None,
                format!(
                    "`{v}` is not a number of seconds from 1970 to the end of year 9999 (0 to {})",
                    SOURCE_DATE_EPOCH_END - 1
                ),
            )
            .with_hint("set it to an integer, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`")
            .into()),
        },
    }
}
