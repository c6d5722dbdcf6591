//! `book.toml`, typed: the books of a project, their outputs and style. Unknown keys are
//! errors that name the nearest known key; `SAMIZDAT_*` environment variables override
//! keys as mdBook's `MDBOOK_*` do (`SAMIZDAT_OUTPUT__PAGE_SIZE=a4`).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::diagnostic::{line_of, nearest, Diagnostic};

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectFile {
    /// The books: one `[book]` table or several `[[book]]`.
    #[serde(rename = "book")]
    pub books: Vec<BookSpec>,
    /// What to write.
    pub output: OutputConfig,
    /// How it looks.
    pub style: StyleConfig,
}

/// One book: its inputs and the metadata that overrides theirs.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookSpec {
    /// The inputs in reading order, relative to `book.toml`: raw texts (`.txt`) and
    /// manuscripts (`.md`) mixed.
    pub inputs: Vec<PathBuf>,
    /// The output files' base name (default: from the title).
    pub slug: Option<String>,
    /// The title (default: the first input's).
    pub title: Option<String>,
    /// A subtitle.
    pub subtitle: Option<String>,
    /// Authors (default: the first input's).
    pub authors: Vec<String>,
    /// Translators.
    pub translators: Vec<String>,
    /// Editors.
    pub editors: Vec<String>,
    /// The language, a BCP 47 tag (default: the inputs', else found from the text).
    pub language: Option<String>,
    /// The date (`1936`, `2018-10-27`).
    pub date: Option<String>,
    /// A stable identifier (ISBN, URN); default: a UUID v5 from title, authors, date.
    pub identifier: Option<String>,
    /// The rights statement or licence of the edition.
    pub rights: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// The publisher.
    pub publisher: Option<String>,
}

/// `[output]`: what `build` writes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    /// The editions to write.
    pub formats: Vec<Format>,
    /// The folder outputs go to, relative to `book.toml`.
    pub dir: Option<PathBuf>,
    /// The reader edition's page size.
    pub page_size: PageSize,
    /// The pamphlet's sheet (the page is half of it); default: from the page size.
    pub pamphlet_sheet: Option<Sheet>,
    /// Creep compensation for the pamphlet, in millimetres (the innermost sheet's shift).
    pub pamphlet_creep: f32,
    /// Fold and crop marks on the pamphlet.
    pub pamphlet_marks: bool,
    /// The standard the reader edition conforms to (it is always tagged, PDF/UA-1).
    pub pdf_standard: PdfStandard,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            formats: vec![Format::Epub, Format::Pdf],
            dir: None,
            page_size: PageSize::A5,
            pamphlet_sheet: None,
            pamphlet_creep: 0.0,
            pamphlet_marks: false,
            pdf_standard: PdfStandard::Ua1,
        }
    }
}

/// `[style]`: how the editions look.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleConfig {
    /// A stylesheet that replaces the EPUB's, relative to `book.toml`.
    pub epub_css: Option<PathBuf>,
    /// Whether the EPUB carries the book's fonts.
    pub embed_fonts: bool,
}

impl Default for StyleConfig {
    fn default() -> Self {
        StyleConfig {
            epub_css: None,
            embed_fonts: true,
        }
    }
}

/// An edition `build` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `<slug>.epub`
    Epub,
    /// `<slug>.kepub.epub`, the EPUB for Kobo's own reader (popup notes there).
    Kepub,
    /// `<slug>.pdf`, the reader edition.
    Pdf,
    /// `<slug>-pamphlet.pdf`, imposed for printing and folding.
    Pamphlet,
}

/// A page size for the reader edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum PageSize {
    /// 148 × 210 mm.
    #[default]
    #[serde(rename = "a5")]
    A5,
    /// 210 × 297 mm.
    #[serde(rename = "a4")]
    A4,
    /// 8.5 × 11 in.
    #[serde(rename = "letter")]
    Letter,
    /// 6 × 9 in, the trade paperback.
    #[serde(rename = "6x9")]
    Us6x9,
}

/// The standards the reader edition claims: always PDF/UA-1 (tagged), and PDF/A-2 on
/// request (an archival file: an output intent, every font embedded, the metadata
/// consistent), at level B (how it looks) or A (also its structure, which it has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum PdfStandard {
    /// PDF/UA-1 alone.
    #[default]
    #[serde(rename = "ua-1")]
    Ua1,
    /// PDF/A-2b and PDF/UA-1.
    #[serde(rename = "a-2b")]
    A2b,
    /// PDF/A-2a and PDF/UA-1.
    #[serde(rename = "a-2a")]
    A2a,
}

impl PdfStandard {
    /// The PDF/A conformance level (`B`, `A`), if PDF/A is claimed.
    pub fn pdfa_level(self) -> Option<char> {
        match self {
            PdfStandard::Ua1 => None,
            PdfStandard::A2b => Some('B'),
            PdfStandard::A2a => Some('A'),
        }
    }
}

/// A sheet for the pamphlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sheet {
    /// A4 landscape, A5 pages.
    #[default]
    A4,
    /// Letter landscape, half-Letter pages.
    Letter,
}

macro_rules! from_str_by_serde {
    ($t:ty, $what:literal) => {
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                <$t>::deserialize(
                    serde::de::value::StrDeserializer::<serde::de::value::Error>::new(
                        &s.to_ascii_lowercase(),
                    ),
                )
                .map_err(|_| format!("`{s}` is not a {}", $what))
            }
        }
    };
}
from_str_by_serde!(Format, "format (epub, kepub, pdf, pamphlet)");
from_str_by_serde!(PageSize, "page size (a5, a4, letter, 6x9)");
from_str_by_serde!(Sheet, "sheet (a4, letter)");
from_str_by_serde!(PdfStandard, "PDF standard (ua-1, a-2b, a-2a)");

/// Every key the file knows, for suggestions.
const KEYS: &[&str] = &[
    "book",
    "output",
    "style",
    "inputs",
    "slug",
    "title",
    "subtitle",
    "authors",
    "translators",
    "editors",
    "language",
    "date",
    "identifier",
    "rights",
    "description",
    "publisher",
    "formats",
    "dir",
    "page-size",
    "pamphlet-sheet",
    "pdf-standard",
    "epub-css",
    "embed-fonts",
];

/// Reads `book.toml` text, with `SAMIZDAT_*` overrides from `env`.
pub fn parse(
    file: &Path,
    text: &str,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<ProjectFile, Diagnostic> {
    let mut value: toml::Value = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    // One `[book]` table is a list of one.
    if let Some(t) = value.get_mut("book") {
        if t.is_table() {
            *t = toml::Value::Array(vec![t.clone()]);
        }
    }
    for (key, raw) in env {
        apply_env(&mut value, &key, &raw);
    }
    ProjectFile::deserialize(value).map_err(|e| {
        let msg = e.message().to_string();
        let hint = msg
            .split('`')
            .nth(1)
            .and_then(|unknown| nearest(unknown, KEYS.iter().copied()))
            .map_or_else(
                || "see the README's `book.toml` section for every key".to_string(),
                |n| format!("did you mean `{n}`?"),
            );
        let line = msg
            .split('`')
            .nth(1)
            .and_then(|k| text.find(&format!("{k} =")).or_else(|| text.find(k)))
            .map(|o| line_of(text, o));
        Diagnostic::error("book-toml", file, line, msg).with_hint(hint)
    })
}

fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let line = e.span().map(|s| line_of(text, s.start));
    Diagnostic::error("book-toml", file, line, e.message().to_string()).with_hint(
        "book.toml is TOML: `key = \"value\"` lines under `[book]`, `[output]`, `[style]`",
    )
}

/// Applies `SAMIZDAT_TABLE__KEY=value` (`SAMIZDAT_BOOK__LANGUAGE=fr` applies to every book).
fn apply_env(root: &mut toml::Value, key: &str, raw: &str) {
    let Some(path) = key.strip_prefix("SAMIZDAT_") else {
        return;
    };
    let path: Vec<String> = path
        .split("__")
        .map(|p| p.to_ascii_lowercase().replace('_', "-"))
        .collect();
    let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| {
            if raw.contains(',') {
                toml::Value::Array(
                    raw.split(',')
                        .map(|s| toml::Value::String(s.trim().into()))
                        .collect(),
                )
            } else {
                toml::Value::String(raw.to_string())
            }
        });
    let [table, key] = path.as_slice() else {
        return;
    };
    let Some(root) = root.as_table_mut() else {
        return;
    };
    let entry = root
        .entry(table.clone())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    // Keys that hold lists take a single value as a list of one.
    let value = match (&value, key.as_str()) {
        (toml::Value::String(s), "formats" | "authors" | "translators" | "editors" | "inputs") => {
            toml::Value::Array(vec![toml::Value::String(s.clone())])
        }
        _ => value,
    };
    match entry {
        toml::Value::Array(books) => {
            for b in books.iter_mut().filter_map(toml::Value::as_table_mut) {
                b.insert(key.clone(), value.clone());
            }
        }
        toml::Value::Table(t) => {
            t.insert(key.clone(), value);
        }
        _ => {}
    }
}

/// Removes the characters XML forbids from every text of the books (TOML's `\u0000`
/// escapes can make them), with a warning for each key that had one.
pub fn clean_strings(file: &Path, project: &mut ProjectFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for b in &mut project.books {
        let texts = [
            ("slug", &mut b.slug),
            ("title", &mut b.title),
            ("subtitle", &mut b.subtitle),
            ("language", &mut b.language),
            ("date", &mut b.date),
            ("identifier", &mut b.identifier),
            ("rights", &mut b.rights),
            ("description", &mut b.description),
            ("publisher", &mut b.publisher),
        ];
        let singles = texts
            .into_iter()
            .filter_map(|(k, v)| v.as_mut().map(|v| (k, v)));
        let lists = [
            ("authors", &mut b.authors),
            ("translators", &mut b.translators),
            ("editors", &mut b.editors),
        ]
        .into_iter()
        .flat_map(|(k, v)| v.iter_mut().map(move |v| (k, v)));
        for (key, value) in singles.chain(lists) {
            let (clean, found) = crate::model::text::strip_forbidden(value);
            if let Some(f) = found.first() {
                out.push(
                    Diagnostic::warning(
                        "xml-forbidden-char",
                        file,
                        None,
                        format!(
                            "`{key}` holds U+{:04X} (a control character), which cannot be in an EPUB or PDF; it is removed",
                            u32::from(f.ch)
                        ),
                    )
                    .with_hint("remove the `\\u` escape from the value"),
                );
                *value = clean;
            }
        }
    }
    out
}

/// Reads the `SAMIZDAT_*` variables of this process.
pub fn env_overrides() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(k, _)| k.starts_with("SAMIZDAT_"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, env: &[(&str, &str)]) -> Result<ProjectFile, Diagnostic> {
        parse(
            Path::new("book.toml"),
            text,
            env.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    }

    #[test]
    fn one_book_or_many_with_defaults() {
        let one = p("[book]\ninputs = [\"a.txt\"]\ntitle = \"T\"\n", &[]).unwrap();
        assert_eq!(one.books.len(), 1);
        assert_eq!(one.output.formats, [Format::Epub, Format::Pdf]);
        assert_eq!(one.output.page_size, PageSize::A5);
        assert!(one.style.embed_fonts);
        let many = p("[[book]]\ninputs = [\"a.txt\"]\n[[book]]\ninputs = [\"b.md\"]\n[output]\npage-size = \"6x9\"\n", &[]).unwrap();
        assert_eq!(many.books.len(), 2);
        assert_eq!(many.output.page_size, PageSize::Us6x9);
    }

    #[test]
    fn unknown_keys_name_the_nearest_and_their_line() {
        let e = p("[book]\ninputs = [\"a.txt\"]\ntitel = \"T\"\n", &[]).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(e.line, Some(3));
        let e = p("[output]\npage-size = \"b5\"\n", &[]).unwrap_err();
        assert!(e.message.contains("b5"), "{}", e.message);
        let e = p("[output]\npdf-standard = \"a-1b\"\n", &[]).unwrap_err();
        assert!(e.message.contains("a-1b"), "{}", e.message);
        let ok = p("[output]\npdf-standard = \"a-2b\"\n", &[]).unwrap();
        assert_eq!(ok.output.pdf_standard, PdfStandard::A2b);
    }

    #[test]
    fn environment_overrides_keys() {
        let f = p(
            "[[book]]\ninputs = [\"a.txt\"]\n[[book]]\ninputs = [\"b.txt\"]\n",
            &[
                ("SAMIZDAT_OUTPUT__PAGE_SIZE", "a4"),
                ("SAMIZDAT_OUTPUT__FORMATS", "epub"),
                ("SAMIZDAT_BOOK__LANGUAGE", "fr"),
                ("SAMIZDAT_STYLE__EMBED_FONTS", "false"),
            ],
        )
        .unwrap();
        assert_eq!(f.output.page_size, PageSize::A4);
        assert_eq!(f.output.formats, [Format::Epub]);
        assert!(f.books.iter().all(|b| b.language.as_deref() == Some("fr")));
        assert!(!f.style.embed_fonts);
    }

    #[test]
    fn names_parse_from_the_command_line() {
        assert_eq!("6X9".parse::<PageSize>(), Ok(PageSize::Us6x9));
        assert_eq!("pamphlet".parse::<Format>(), Ok(Format::Pamphlet));
        assert!("b5".parse::<PageSize>().is_err());
        assert_eq!("A-2B".parse::<PdfStandard>(), Ok(PdfStandard::A2b));
        assert_eq!("a-2a".parse::<PdfStandard>(), Ok(PdfStandard::A2a));
        assert!("a-1b".parse::<PdfStandard>().is_err());
    }
}
