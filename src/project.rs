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
    /// The images the inputs show, read and decoded.
    pub images: crate::images::Images,
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
/// subfolders; or a single file. A folder reached twice (through a symbolic link, or a
/// link loop) is searched once.
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

/// Searches a tree depth first, each folder's files before its subfolders, with a stack
/// rather than recursion (a deep tree cannot overflow) and a set of the folders seen.
fn discover_dir(top: &Path, out: &mut Vec<Origin>) -> Result<(), Error> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![top.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = dir.canonicalize().map_err(|e| Error::io(&dir, e))?;
        if !seen.insert(real) {
            continue;
        }
        let toml = dir.join("book.toml");
        if toml.is_file() {
            out.push(Origin::Project(toml));
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
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
        for p in entries.iter().rev() {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() && !name.starts_with('.') && !SKIPPED_DIRS.contains(&name) {
                stack.push(p.clone());
            }
        }
    }
    Ok(())
}

/// Loads the books of one origin. A book reads files only inside its root (the folder
/// of its `book.toml` or of its lone input) and the `extra_roots` (`--root`).
pub fn load_origin(origin: &Origin, extra_roots: &[PathBuf]) -> Result<Vec<LoadedBook>, Error> {
    load_origin_with(origin, extra_roots, false)
}

/// Loads the books of one origin, as [`load_origin`]; with `allow_missing_images` a
/// missing or unreadable image is a warning (its description stands in), not an error.
pub fn load_origin_with(
    origin: &Origin,
    extra_roots: &[PathBuf],
    allow_missing_images: bool,
) -> Result<Vec<LoadedBook>, Error> {
    let mut books = match origin {
        Origin::Project(toml) => load_project(toml, extra_roots, allow_missing_images)?,
        Origin::Lone(file) => vec![load_single(file, extra_roots, allow_missing_images)?],
    };
    for b in &mut books {
        check_languages(&b.book, &b.origin)?;
        b.diagnostics
            .extend(check_glyphs_of_meta(&b.book, &b.origin));
    }
    Ok(books)
}

/// Reads one input file, raw text, saved web page or manuscript by its extension. Before
/// any reader sees the text, characters XML forbids are taken out (each reported), and
/// characters the book's face lacks are reported; after, the model's nesting is checked
/// against [`MAX_DEPTH`].
pub fn read_input(path: &Path) -> Result<Parsed<Book>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut early = Vec::new();
    let bytes = screen(path, bytes, &mut early)?;
    let mut parsed = read_screened(path, &bytes)?;
    check_depth(path, &parsed.value)?;
    early.append(&mut parsed.diagnostics);
    parsed.diagnostics = early;
    Ok(parsed)
}

/// Checks an input's bytes before it is read: UTF-16 is refused with the right hint,
/// characters XML forbids are removed with a warning each (the first few of a file),
/// characters the book's face lacks are named.
fn screen(path: &Path, bytes: Vec<u8>, out: &mut Vec<Diagnostic>) -> Result<Vec<u8>, Error> {
    if let Some(order) = crate::model::text::utf16(&bytes) {
        return Err(Diagnostic::error(
            "utf16",
            path,
            Some(1),
            format!("the file is UTF-16 ({order}), not UTF-8"),
        )
        .with_hint(format!(
            "save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 {} > out.txt`",
            path.display()
        ))
        .into());
    }
    // Invalid UTF-8 is the reader's error to report, with its line and column.
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(bytes);
    };
    out.extend(crate::pdf::fallback::lacking(path, text));
    let (clean, found) = crate::model::text::strip_forbidden(text);
    if found.is_empty() {
        return Ok(bytes);
    }
    out.extend(forbidden_warnings(path, &found));
    Ok(clean.into_bytes())
}

/// At most this many warnings for forbidden characters in one file; the last counts the
/// rest (a binary file would otherwise print one per byte).
const FORBIDDEN_WARNINGS: usize = 10;

fn forbidden_warnings(path: &Path, found: &[crate::model::text::Found]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = found
        .iter()
        .take(FORBIDDEN_WARNINGS)
        .map(|f| {
            Diagnostic::warning(
                "xml-forbidden-char",
                path,
                Some(f.line),
                format!(
                    "U+{:04X} (a control character) cannot be in an EPUB or PDF; it is removed",
                    u32::from(f.ch)
                ),
            )
            .at_column(f.column)
            .with_hint("delete it from the file (it is invisible in most editors)")
        })
        .collect();
    if found.len() > FORBIDDEN_WARNINGS {
        out.push(
            Diagnostic::warning(
                "xml-forbidden-char",
                path,
                Some(found[FORBIDDEN_WARNINGS].line),
                format!(
                    "{} more control characters are removed from this file",
                    found.len() - FORBIDDEN_WARNINGS
                ),
            )
            .with_hint("check that this is a text file and not a binary one"),
        );
    }
    out
}

/// How deep blocks and inlines may nest: [`crate::model::MAX_DEPTH`].
pub const MAX_DEPTH: usize = crate::model::MAX_DEPTH;

/// Refuses a model nested deeper than [`MAX_DEPTH`] (the Markdown reader already stops at
/// it; this is for every reader).
fn check_depth(path: &Path, book: &Book) -> Result<(), Error> {
    // The document, a block's own level and its text count three levels in the model
    // that the readers' count of containers does not.
    if crate::model::depth(book, MAX_DEPTH + 4) > MAX_DEPTH + 3 {
        return Err(Diagnostic::too_deep(path, None, MAX_DEPTH).into());
    }
    Ok(())
}

/// Refuses a language that is not a BCP 47 tag: it is written into `xml:lang`.
fn check_languages(book: &Book, origin: &Path) -> Result<(), Error> {
    let tags = std::iter::once(&book.meta.language)
        .chain(book.documents.iter().map(|d| &d.language))
        .flatten();
    for tag in tags {
        if !crate::model::language::is_bcp47(tag) {
            return Err(Diagnostic::error(
                "language-invalid",
                origin,
                None,
                format!("`{tag}` is not a BCP 47 language tag"),
            )
            .with_hint("write a tag such as `en`, `fr`, `pt-BR` or `sr-Latn`")
            .into());
        }
    }
    Ok(())
}

/// Names the characters of the metadata (which book.toml may set) that the book's face
/// lacks; the inputs' own are named, with their lines, as they are read.
fn check_glyphs_of_meta(book: &Book, origin: &Path) -> Vec<Diagnostic> {
    if origin.file_name().is_none_or(|n| n != "book.toml") {
        return Vec::new();
    }
    let m = &book.meta;
    let mut text = m.title.clone();
    for s in m.subtitle.iter().chain(m.creators.iter().map(|c| &c.name)) {
        text.push('\n');
        text.push_str(s);
    }
    crate::pdf::fallback::lacking(origin, &text)
        .into_iter()
        .map(|mut d| {
            d.line = None;
            d
        })
        .collect()
}

fn read_screened(path: &Path, bytes: &[u8]) -> Result<Parsed<Book>, Error> {
    let is_markdown = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdown" | "mkd")
    );
    if is_markdown {
        let text = import::decode(path, bytes)?;
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        if text.trim().is_empty() {
            return Err(empty(path).into());
        }
        markdown::parse(path, &text)
    } else if crate::html::is_page(path) {
        crate::html::read(path, bytes)
    } else {
        import::import(path, bytes)
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
        out.extend(load_origin(&origin, &[])?);
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

fn load_single(
    path: &Path,
    extra_roots: &[PathBuf],
    allow_missing: bool,
) -> Result<LoadedBook, Error> {
    let mut parsed = read_input(path)?;
    let root = folder_of(path);
    let roots = Roots::new(root, extra_roots)?;
    let mut images = crate::images::Images::default();
    crate::images::gather(
        &mut parsed.value,
        path,
        &roots.real,
        allow_missing,
        &mut images,
        &mut parsed.diagnostics,
    )?;
    Ok(LoadedBook {
        slug: slug(&parsed.value.meta.title),
        book: parsed.value,
        diagnostics: parsed.diagnostics,
        output: OutputConfig::default(),
        style: StyleConfig::default(),
        root: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        origin: path.to_path_buf(),
        inputs: vec![path.to_path_buf()],
        images,
    })
}

fn load_project(
    toml_path: &Path,
    extra_roots: &[PathBuf],
    allow_missing: bool,
) -> Result<Vec<LoadedBook>, Error> {
    let text = std::fs::read_to_string(toml_path).map_err(|e| Error::io(toml_path, e))?;
    let mut project = config::parse(toml_path, &text, config::env_overrides())?;
    let mut toml_diagnostics = config::clean_strings(toml_path, &mut project);
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
    let root = folder_of(toml_path);
    let roots = Roots::new(root, extra_roots)?;
    let mut style = project.style.clone();
    if let Some(css) = &style.epub_css {
        style.epub_css = Some(roots.confine(toml_path, &root.join(css), "epub-css")?);
    }
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
        let mut diagnostics = std::mem::take(&mut toml_diagnostics);
        let mut book: Option<Book> = None;
        let mut inputs = Vec::with_capacity(spec.inputs.len());
        for input in &spec.inputs {
            inputs.push(roots.confine(toml_path, &root.join(input), "inputs")?);
        }
        let mut images = crate::images::Images::default();
        for input in &inputs {
            let mut parsed = read_input(input)?;
            crate::images::gather(
                &mut parsed.value,
                input,
                &roots.real,
                allow_missing,
                &mut images,
                &mut parsed.diagnostics,
            )?;
            diagnostics.extend(parsed.diagnostics);
            match &mut book {
                None => book = Some(parsed.value),
                Some(b) => b.documents.extend(parsed.value.documents),
            }
        }
        let mut book = book.expect("inputs are not empty");
        apply_spec(&mut book, &spec);
        let slug = match &spec.slug {
            Some(given) => {
                let safe = safe_slug(given, &book.meta.title);
                if safe != *given {
                    diagnostics.push(
                        Diagnostic::warning(
                            "slug-sanitized",
                            toml_path,
                            None,
                            format!(
                                "the slug {given:?} cannot be a file name in the output folder; `{safe}` is used"
                            ),
                        )
                        .with_hint(
                            "a slug is a file name: letters, digits, `-`, `_` and `.`, not starting with `.`",
                        ),
                    );
                }
                safe
            }
            None => slug(&book.meta.title),
        };
        out.push(LoadedBook {
            slug,
            book,
            diagnostics,
            output: project.output.clone(),
            style: style.clone(),
            root: root.to_path_buf(),
            origin: toml_path.to_path_buf(),
            inputs,
            images,
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

/// The folders a book may read from: its own root and those of `--root`, resolved
/// (symbolic links followed) once.
struct Roots {
    real: Vec<PathBuf>,
}

impl Roots {
    fn new(root: &Path, extra: &[PathBuf]) -> Result<Roots, Error> {
        let mut real = Vec::new();
        for r in std::iter::once(root).chain(extra.iter().map(PathBuf::as_path)) {
            real.push(r.canonicalize().map_err(|e| Error::io(r, e))?);
        }
        Ok(Roots { real })
    }

    /// Resolves a path the book names and refuses it when it lies outside every root,
    /// as typst does: a book given to the tool cannot read `/etc/passwd` or `~/.ssh`.
    fn confine(&self, toml: &Path, path: &Path, key: &str) -> Result<PathBuf, Error> {
        let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
        if self.real.iter().any(|r| real.starts_with(r)) {
            return Ok(real);
        }
        Err(Diagnostic::error(
            "outside-root",
            toml,
            None,
            format!(
                "`{key}` names {}, which is outside the book's folder {}",
                path.display(),
                self.real[0].display()
            ),
        )
        .with_hint(
            "a book reads files only inside the folder of its book.toml; move the file there, \
             or allow its folder with `--root DIR`",
        )
        .into())
    }
}

/// Makes a slug given in book.toml safe as a file name inside the output folder: no
/// folder separators, no `..`, not hidden, no control characters, not empty (then the
/// title's slug), at most 100 bytes.
pub fn safe_slug(given: &str, title: &str) -> String {
    let mut out = String::new();
    for c in given.chars() {
        let ok = c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        // A dot only after a letter or digit: no `..`, no hidden file, no `-.`.
        let lone_dot = c == '.' && (out.is_empty() || out.ends_with(['.', '-']));
        if ok && !lone_dot {
            out.push(c);
        } else if !lone_dot && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 100 {
            break;
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        slug(title)
    } else {
        out
    }
}

/// Makes a file name from a title: lower-case ASCII letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    // A space of another kind (no-break, thin) parts words as a space does; NFD, which
    // folds the accents, keeps it, and it is no ASCII.
    let spaced = title
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c });
    for c in spaced.flat_map(fold_accent) {
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
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Writes several files as one: every temporary file first, then the renames, so that a
/// failure (a full disk) leaves the old files, all of them, and no temporary one.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let mut done: Vec<(PathBuf, &Path)> = Vec::new();
    let fail = |done: &[(PathBuf, &Path)], e: Error| {
        for (tmp, _) in done {
            let _ = std::fs::remove_file(tmp);
        }
        e
    };
    for (path, bytes) in files {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Err(e) = std::fs::create_dir_all(dir) {
            // The system says "file exists" when the output folder is a file.
            let e = if dir.exists() && !dir.is_dir() {
                std::io::Error::from(std::io::ErrorKind::NotADirectory)
            } else {
                e
            };
            return Err(fail(&done, Error::io(dir, e)));
        }
        remove_stale(dir);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = temporary(dir, &name);
        if let Err(e) = std::fs::write(&tmp, bytes) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(&done, Error::io(path, e)));
        }
        done.push((tmp, path));
    }
    for (i, (tmp, path)) in done.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            return Err(fail(&done[i..], Error::io(path, e)));
        }
    }
    Ok(())
}

/// What marks our temporary files: `.NAME.samizdat-PID-N.tmp`.
const TEMP_MARK: &str = ".samizdat-";

/// A temporary file name unique to this process and this write (two books of one run
/// writing into one folder never share one).
fn temporary(dir: &Path, name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}{TEMP_MARK}{}-{n}.tmp", std::process::id()))
}

/// Removes temporary files a killed run left in a folder: ours whose process is gone
/// (where processes can be looked up), else older than a day; and the older `.NAME.PID.tmp`.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = stale_pid(&name) {
            let gone = if Path::new("/proc/self").exists() {
                pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
            } else {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 86_400)
            };
            if gone {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The process id in one of our temporary files' names.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    if let Some((_, tail)) = rest.rsplit_once(TEMP_MARK) {
        return tail.split_once('-')?.0.parse().ok();
    }
    // Before 0.1: `.NAME.PID.tmp`, only for our own outputs.
    let (base, pid) = rest.rsplit_once('.')?;
    let ours = [".epub", ".pdf", ".md"].iter().any(|e| base.ends_with(e));
    ours.then(|| pid.parse().ok()).flatten()
}

/// The folder a file stands in (`.` for a bare file name): the book's root.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
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
        assert_eq!(slug("Un juge se\u{a0}récuse"), "un-juge-se-recuse");
    }

    #[test]
    fn given_slugs_stay_file_names_inside_the_folder() {
        for (given, safe) in [
            ("../../escaped", "escaped"),
            ("/etc/cron.d/x", "etc-cron.d-x"),
            ("", "t"),
            ("..", "t"),
            (".hidden", "hidden"),
            ("a\nb", "a-b"),
            ("a/../b", "a-b"),
            ("C:\\x", "C-x"),
            ("my_book-2.v1", "my_book-2.v1"),
        ] {
            assert_eq!(safe_slug(given, "T"), safe, "{given:?}");
        }
    }

    #[test]
    fn stale_temporary_files_are_recognized() {
        assert_eq!(stale_pid(".x.epub.samizdat-123-4.tmp"), Some(123));
        assert_eq!(stale_pid(".x.epub.77.tmp"), Some(77));
        assert_eq!(stale_pid(".notes.77.tmp"), None);
        assert_eq!(stale_pid("x.epub"), None);
    }
}
