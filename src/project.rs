//! Book projects: what a path names (a raw text, a manuscript, a folder, a `book.toml`)
//! and the books it holds, loaded into the model.

use std::path::{Path, PathBuf};

use crate::config::{self, BookSpec, OutputConfig, StyleConfig};
use crate::diagnostic::{Diagnostic, Error, Parsed};
use crate::model::{Book, Creator, Licence, Role};
use crate::{import, markdown};

/// A book loaded from its inputs.
#[derive(Debug)]
pub struct LoadedBook {
    /// The output files' base name.
    pub slug: String,
    /// The book.
    pub book: Book,
    /// Warnings and notes from reading it.
    pub diagnostics: Vec<Diagnostic>,
    /// What to write (from `book.toml`, else the defaults).
    pub output: OutputConfig,
    /// How it looks.
    pub style: StyleConfig,
    /// The folder paths in `book.toml` are relative to (the input's folder for a lone file).
    pub root: PathBuf,
    /// The `book.toml` or the lone input the book comes from.
    pub origin: PathBuf,
    /// The input files, in reading order.
    pub inputs: Vec<PathBuf>,
}

/// Where books come from: a project file or a lone text or manuscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `book.toml`.
    Project(PathBuf),
    /// A `.txt`, `.md` or `.html` file that is a book by itself.
    Lone(PathBuf),
}

impl Origin {
    /// The file.
    pub fn path(&self) -> &Path {
        match self {
            Origin::Project(p) | Origin::Lone(p) => p,
        }
    }
}

/// Folders never searched for books: outputs, builds, dependencies, hidden ones.
const SKIPPED_DIRS: &[&str] = &["out", "target", "dist", "node_modules"];

/// Finds the books under a path: a `book.toml`; a folder's `book.toml` (and nothing else
/// in that folder); else each text and manuscript in a folder, and those of its
/// subfolders; or a single file.
pub fn discover(path: &Path) -> Result<Vec<Origin>, Error> {
    let mut out = Vec::new();
    if path.is_dir() {
        discover_dir(path, &mut out)?;
    } else if path.file_name().is_some_and(|n| n == "book.toml") {
        out.push(Origin::Project(path.to_path_buf()));
    } else if path.exists() {
        out.push(Origin::Lone(path.to_path_buf()));
    } else {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        ));
    }
    Ok(out)
}

fn discover_dir(dir: &Path, out: &mut Vec<Origin>) -> Result<(), Error> {
    let toml = dir.join("book.toml");
    if toml.is_file() {
        out.push(Origin::Project(toml));
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in &entries {
        let is_book = matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
            || crate::html::is_page(p);
        if p.is_file() && is_book && !is_documentation(p) {
            out.push(Origin::Lone(p.clone()));
        }
    }
    for p in &entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() && !name.starts_with('.') && !SKIPPED_DIRS.contains(&name) {
            discover_dir(p, out)?;
        }
    }
    Ok(())
}

/// Loads the books of one origin.
pub fn load_origin(origin: &Origin) -> Result<Vec<LoadedBook>, Error> {
    match origin {
        Origin::Project(toml) => load_project(toml),
        Origin::Lone(file) => Ok(vec![load_single(file)?]),
    }
}

/// Reads one input file, raw text, saved web page or manuscript by its extension.
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
    } else if crate::html::is_page(path) {
        crate::html::read(path, &bytes)
    } else {
        import::import(path, &bytes)
    }
}

fn empty(path: &Path) -> Diagnostic {
    Diagnostic::error("empty-input", path, None, "the file is empty".into())
        .with_hint("give a file with the text of the book")
}

/// Loads every book under a path (see [`discover`]), failing at the first bad one.
pub fn load(path: &Path) -> Result<Vec<LoadedBook>, Error> {
    let mut out = Vec::new();
    for origin in discover(path)? {
        out.extend(load_origin(&origin)?);
    }
    Ok(out)
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
        output: OutputConfig::default(),
        style: StyleConfig::default(),
        root: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        origin: path.to_path_buf(),
        inputs: vec![path.to_path_buf()],
    })
}

fn load_project(toml_path: &Path) -> Result<Vec<LoadedBook>, Error> {
    let text = std::fs::read_to_string(toml_path).map_err(|e| Error::io(toml_path, e))?;
    let project = config::parse(toml_path, &text, config::env_overrides())?;
    if project.books.is_empty() {
        return Err(Diagnostic::error(
            "book-toml",
            toml_path,
            None,
            "book.toml describes no book".into(),
        )
        .with_hint("add a `[book]` table with `inputs = [\"text.md\"]`")
        .into());
    }
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
            .with_hint("add `inputs = [\"text.txt\"]` to the book")
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
            output: project.output.clone(),
            style: project.style.clone(),
            root: root.to_path_buf(),
            origin: toml_path.to_path_buf(),
            inputs: spec.inputs.iter().map(|i| root.join(i)).collect(),
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
    // A role named in book.toml replaces the inputs' creators of that role.
    for (names, role) in [
        (&spec.authors, Role::Author),
        (&spec.translators, Role::Translator),
        (&spec.editors, Role::Editor),
    ] {
        if !names.is_empty() {
            m.creators.retain(|c| c.role != role);
            m.creators.extend(names.iter().map(|n| Creator {
                name: n.clone(),
                role,
            }));
        }
    }
    m.creators.sort_by_key(|c| c.role);
    for (field, value) in [
        (&mut m.language, &spec.language),
        (&mut m.date, &spec.date),
        (&mut m.identifier, &spec.identifier),
        (&mut m.description, &spec.description),
        (&mut m.publisher, &spec.publisher),
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
