//! Book projects: what a path names (a raw text, a manuscript, a folder, a `book.toml`)
//! and the books it holds, loaded into the model.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{nearest, Diagnostic, Error, Parsed};
use crate::model::{Book, Creator, Licence, Role};
use crate::{import, markdown};

/// `book.toml`: the books of a project.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// The books, each from its inputs.
    #[serde(default, rename = "book")]
    pub books: Vec<BookSpec>,
}

/// One book of `book.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookSpec {
    /// The inputs in reading order, relative to `book.toml`: raw texts (`.txt`) and
    /// manuscripts (`.md`) mixed.
    pub inputs: Vec<PathBuf>,
    /// The output files' base name; derived from the title when absent.
    pub slug: Option<String>,
    /// The title, over the first input's.
    pub title: Option<String>,
    /// A subtitle.
    pub subtitle: Option<String>,
    /// Authors, over the first input's.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Translators.
    #[serde(default)]
    pub translators: Vec<String>,
    /// The language (BCP 47).
    pub language: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// A stable identifier.
    pub identifier: Option<String>,
    /// The rights statement.
    pub rights: Option<String>,
    /// A description.
    pub description: Option<String>,
}

/// A book loaded from its inputs.
#[derive(Debug)]
pub struct LoadedBook {
    /// The output files' base name.
    pub slug: String,
    /// The book.
    pub book: Book,
    /// Warnings and notes from reading it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one input file, raw text or manuscript by its extension.
pub fn read_input(path: &Path) -> Result<Parsed<Book>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let is_markdown = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdown" | "mkd")
    );
    if is_markdown {
        let text = import::decode(path, &bytes)?;
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        if text.trim().is_empty() {
            return Err(empty(path).into());
        }
        markdown::parse(path, &text)
    } else {
        import::import(path, &bytes)
    }
}

fn empty(path: &Path) -> Diagnostic {
    Diagnostic::error("empty-input", path, None, "the file is empty".into())
        .with_hint("give a file with the text of the book")
}

/// Loads the books a path names: a `book.toml`, a folder (its `book.toml`, or else each
/// text and manuscript in it as a book), or one file.
pub fn load(path: &Path) -> Result<Vec<LoadedBook>, Error> {
    if path.is_dir() {
        let toml = path.join("book.toml");
        if toml.is_file() {
            return load_project(&toml);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
            .filter(|p| !is_documentation(p))
            .collect();
        files.sort();
        return files.iter().map(|f| load_single(f)).collect();
    }
    if path.file_name().is_some_and(|n| n == "book.toml") {
        return load_project(path);
    }
    Ok(vec![load_single(path)?])
}

/// Says whether a file is the folder's own documentation (`README.md`, `SOURCES.md`,
/// `LICENSE.txt`: an upper-case name), not a book.
fn is_documentation(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase))
}

fn load_single(path: &Path) -> Result<LoadedBook, Error> {
    let parsed = read_input(path)?;
    Ok(LoadedBook {
        slug: slug(&parsed.value.meta.title),
        book: parsed.value,
        diagnostics: parsed.diagnostics,
    })
}

/// Field names of `[[book]]`, for suggestions.
const BOOK_FIELDS: &[&str] = &[
    "inputs",
    "slug",
    "title",
    "subtitle",
    "authors",
    "translators",
    "language",
    "date",
    "identifier",
    "rights",
    "description",
];

fn load_project(toml_path: &Path) -> Result<Vec<LoadedBook>, Error> {
    let text = std::fs::read_to_string(toml_path).map_err(|e| Error::io(toml_path, e))?;
    let project: ProjectFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| crate::diagnostic::line_of(&text, s.start));
        let msg = e.message().to_string();
        let hint = msg
            .split('`')
            .nth(1)
            .and_then(|unknown| nearest(unknown, BOOK_FIELDS.iter().copied()))
            .map_or_else(
                || "see the README for the keys of book.toml".to_string(),
                |n| format!("did you mean `{n}`?"),
            );
        Diagnostic::error("book-toml", toml_path, line, msg).with_hint(hint)
    })?;
    let root = toml_path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    for spec in project.books {
        if spec.inputs.is_empty() {
            return Err(Diagnostic::error(
                "book-toml",
                toml_path,
                None,
                "a [[book]] has no inputs".into(),
            )
            .with_hint("add `inputs = [\"text.txt\"]`")
            .into());
        }
        let mut diagnostics = Vec::new();
        let mut book: Option<Book> = None;
        for input in &spec.inputs {
            let parsed = read_input(&root.join(input))?;
            diagnostics.extend(parsed.diagnostics);
            match &mut book {
                None => book = Some(parsed.value),
                Some(b) => b.documents.extend(parsed.value.documents),
            }
        }
        let mut book = book.expect("inputs are not empty");
        apply_spec(&mut book, &spec);
        out.push(LoadedBook {
            slug: spec.slug.clone().unwrap_or_else(|| slug(&book.meta.title)),
            book,
            diagnostics,
        });
    }
    Ok(out)
}

fn apply_spec(book: &mut Book, spec: &BookSpec) {
    let m = &mut book.meta;
    if let Some(t) = &spec.title {
        m.title = t.clone();
    }
    m.subtitle = spec.subtitle.clone().or(m.subtitle.take());
    if !spec.authors.is_empty() || !spec.translators.is_empty() {
        m.creators.retain(|c| {
            let replaced = match c.role {
                Role::Author => !spec.authors.is_empty(),
                Role::Translator => !spec.translators.is_empty(),
                _ => false,
            };
            !replaced
        });
        let named = |names: &[String], role| {
            names
                .iter()
                .map(move |n| Creator {
                    name: n.clone(),
                    role,
                })
                .collect::<Vec<_>>()
        };
        m.creators.extend(named(&spec.authors, Role::Author));
        m.creators
            .extend(named(&spec.translators, Role::Translator));
        m.creators.sort_by_key(|c| c.role);
    }
    for (field, value) in [
        (&mut m.language, &spec.language),
        (&mut m.date, &spec.date),
        (&mut m.identifier, &spec.identifier),
        (&mut m.description, &spec.description),
    ] {
        if value.is_some() {
            field.clone_from(value);
        }
    }
    if let Some(r) = &spec.rights {
        m.rights = Some(Licence::recognize(r));
    }
}

/// Makes a file name from a title: lower-case ASCII letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "book".into()
    } else {
        out
    }
}

/// Folds a letter with a diacritic to its base letter for file names.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = std::iter::once(c).nfd().filter(|c| c.is_ascii()).collect();
    s.chars().collect::<Vec<_>>().into_iter()
}

/// Writes a file through a temporary file beside it, so that a failed write never leaves
/// a half-written file over a good old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_files_are_documentation() {
        assert!(is_documentation(Path::new("x/SOURCES.md")));
        assert!(is_documentation(Path::new("README.md")));
        assert!(!is_documentation(Path::new("reed-1919.txt")));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Trotsky and Serge"), "trotsky-and-serge");
        assert_eq!(
            slug("Lettre à un camarade — 1937"),
            "lettre-a-un-camarade-1937"
        );
        assert_eq!(slug("Письмо"), "book");
    }
}
