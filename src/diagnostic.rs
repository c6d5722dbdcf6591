//! Diagnostics: what is wrong with an input, where, and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the tool did that the user should know of (a dropped line).
    Info,
    /// Likely a mistake, but the book still builds.
    Warning,
    /// The input cannot be built.
    Error,
}

/// One finding about an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code (`note-undefined`) for scripts and for `--strict`.
    pub code: &'static str,
    /// The file it is about.
    pub file: PathBuf,
    /// The line (1-based), where one applies.
    pub line: Option<usize>,
    /// The column (1-based, in characters), where one is known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Makes an error diagnostic.
    pub fn error(code: &'static str, file: &Path, line: Option<usize>, message: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line,
            column: None,
            message,
            hint: None,
        }
    }

    /// Makes a warning diagnostic.
    pub fn warning(code: &'static str, file: &Path, line: Option<usize>, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, line, message)
        }
    }

    /// Makes an informational diagnostic.
    pub fn info(code: &'static str, file: &Path, line: Option<usize>, message: String) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(code, file, line, message)
        }
    }

    /// Makes the error for an input nested deeper than `max` levels.
    pub fn too_deep(file: &Path, line: Option<usize>, max: usize) -> Self {
        Diagnostic::error(
            "nesting-too-deep",
            file,
            line,
            format!("quotes, lists, notes or emphasis are nested more than {max} deep here"),
        )
        .with_hint("flatten the nesting (a line with many `>` or `-` markers is the usual cause)")
    }

    /// Adds the column the problem starts at.
    pub fn at_column(mut self, column: u32) -> Self {
        self.column = Some(column);
        self
    }

    /// Adds a hint that says how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{word}[{}]: {}", self.code, self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is wrong; the diagnostics say where and how.
    #[error("{}", display_all(.0))]
    Input(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{}", io_diagnostic(.path, .source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl Error {
    /// The diagnostics that say what went wrong: an I/O error becomes one with its code,
    /// file and hint (for `check --format json`, which prints every failure on stdout).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Input(ds) => ds.clone(),
            Error::Io { path, source } => vec![io_diagnostic(path, source)],
        }
    }
}

/// Turns a system error on a path into a diagnostic with a stable code and a hint.
fn io_diagnostic(path: &Path, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind as K;
    let (code, what, hint) = match e.kind() {
        K::NotFound => (
            "io-not-found",
            "no such file or folder",
            "check the path (paths in book.toml are relative to its folder)",
        ),
        K::PermissionDenied | K::ReadOnlyFilesystem => (
            "io-permission",
            "permission denied",
            "make the file or folder readable (inputs) or writable (the output folder), or choose another with --out",
        ),
        K::IsADirectory => (
            "io-is-a-folder",
            "this is a folder, not a file",
            "name a file, or give the folder itself as the PATH to build every book in it",
        ),
        K::NotADirectory => (
            "io-not-a-folder",
            "a part of this path is a file, not a folder",
            "give --out (or [output] dir) a folder, or a path where one can be made",
        ),
        K::StorageFull | K::QuotaExceeded => (
            "io-disk-full",
            "no space left on the device",
            "free some space and build again (nothing half-written was left)",
        ),
        _ => (
            "io",
            "",
            "check that the path exists and can be read or written",
        ),
    };
    let message = if what.is_empty() {
        e.to_string()
    } else {
        format!("{what} ({e})")
    };
    Diagnostic::error(code, path, None, message).with_hint(hint)
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Input(vec![d])
    }
}

fn display_all(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value with the warnings and notes gathered while making it.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The result.
    pub value: T,
    /// Warnings and notes (never errors: those fail the parse).
    pub diagnostics: Vec<Diagnostic>,
}

/// Turns a byte offset into a 1-based line number.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Names the nearest of `known` to `word`, if any is near enough to be a likely typo.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}
