//! What the PDF tests share: each input's reader edition written once, and the outside
//! tools they run (poppler-utils, qpdf, PyPI's pdfua and pikepdf): whether one is there,
//! and its output.

use std::path::PathBuf;
use std::process::Command;

use samizdat::edition::{self, Words};
use samizdat::model::Book;
use samizdat::pdf::{pdf, PdfOptions};
use samizdat::project::read_input;

/// The files in these folders with one of these extensions (a folder that is not there,
/// as a corpus outside the project may not be, gives none), in no particular order.
pub fn files_in(dirs: &[&str], extensions: &[&str]) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                v.push(p);
            }
        }
    }
    v
}

/// The model's text as the edition prints it: the title page writes the book's date as a
/// reader reads it (`September 1938`), not in its ISO form.
pub fn printed_text(book: &Book) -> String {
    let mut b = book.clone();
    let said = Words::for_language(&edition::language(&b));
    b.meta.date = b.meta.date.map(|d| said.date(&d));
    b.plain_text()
}

/// An input, its book and its PDF's path.
pub type Built = (PathBuf, Book, PathBuf);

/// Writes each input's reader edition into a temporary folder (kept while it lives).
pub fn build_pdfs(inputs: Vec<PathBuf>) -> (tempfile::TempDir, Vec<Built>) {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let b = read_input(&input).unwrap().value;
        let bytes = pdf(&b, &PdfOptions::default()).unwrap();
        let file = dir.path().join(format!("{i:02}.pdf"));
        std::fs::write(&file, bytes).unwrap();
        out.push((input, b, file));
    }
    (dir, out)
}

/// Says whether a tool answers `args` (its version, say); under `CI=true` its absence
/// fails the test, so that CI never passes a check it skipped.
pub fn have(tool: &str, args: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{tool} is missing: .ci/run installs it");
    }
    ok
}

/// Runs a tool; returns whether it succeeded and its output and errors.
pub fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}
