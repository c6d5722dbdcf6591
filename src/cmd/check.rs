//! `samizdat check`: diagnostics for people (text) and machines (JSON), optionally with
//! a check of the built files.

use std::path::Path;

use samizdat::build::{out_dir, Settings};
use samizdat::diagnostic::{Diagnostic, Error, Severity};
use samizdat::project;
use samizdat::verify;

use crate::CheckArgs;

/// How `check` prints.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    /// One diagnostic a line (and its hint under it).
    Text,
    /// A JSON array of {severity, code, file, line, column, message, hint}.
    Json,
}

pub(crate) fn run(args: &CheckArgs) -> Result<(), Error> {
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut summaries = Vec::new();
    let settings = Settings {
        out: Some(args.out.clone()),
        ..Settings::default()
    };
    for path in &args.paths {
        // Every failure is a diagnostic, so that `--format json` reports it on stdout.
        let origins = match project::discover(path) {
            Ok(o) => o,
            Err(e) => {
                all.extend(e.diagnostics());
                continue;
            }
        };
        for origin in origins {
            match project::load_origin_with(&origin, &args.root, args.allow_missing_images) {
                Ok(books) => {
                    for b in &books {
                        all.extend(b.diagnostics.iter().cloned());
                        if args.outputs {
                            all.extend(check_outputs(b, &out_dir(b, &settings)));
                        }
                        summaries.push(format!("ok: {}", b.slug));
                    }
                }
                Err(e) => all.extend(e.diagnostics()),
            }
        }
    }
    if args.strict {
        for d in &mut all {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    match args.format {
        OutputFormat::Text => {
            for d in all.iter().filter(|d| d.severity >= Severity::Warning) {
                eprintln!("{d}");
            }
            for s in &summaries {
                eprintln!("{s}");
            }
            for (severity, word) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
                let these: Vec<&Diagnostic> =
                    all.iter().filter(|d| d.severity == severity).collect();
                if !these.is_empty() {
                    let n = these.len();
                    let s = if n == 1 { "" } else { "s" };
                    eprintln!("{n} {word}{s}: {}", super::by_code(these));
                }
            }
        }
        OutputFormat::Json => {
            let items: Vec<serde_json::Value> = all.iter().map(to_json).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            );
        }
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        Err(Error::Input(Vec::new()))
    } else {
        Ok(())
    }
}

fn to_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": match d.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        },
        "code": d.code,
        "file": d.file.display().to_string(),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
    })
}

/// Checks a book's built EPUB: present, every word and note there and linked both ways,
/// and EPUBCheck's verdict where EPUBCheck is installed.
fn check_outputs(book: &project::LoadedBook, out: &Path) -> Vec<Diagnostic> {
    let path = out.join(format!("{}.epub", book.slug));
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(_) => {
            return vec![Diagnostic::error(
                "output-missing",
                &path,
                None,
                "the EPUB has not been built".into(),
            )
            .with_hint(format!(
                "run `samizdat build {}` first",
                book.origin.display()
            ))]
        }
    };
    let mut out: Vec<Diagnostic> = verify::verify_epub(&book.book, &bytes)
        .into_iter()
        .map(|p| {
            Diagnostic::error("output-mismatch", &path, None, p)
                .with_hint("rebuild it; if it persists, report the input as a bug")
        })
        .collect();
    if let Some(jar) = verify::epubcheck_jars().first() {
        if let Err(msg) = verify::epubcheck(jar, &path) {
            out.push(
                Diagnostic::error("epubcheck", &path, None, format!("EPUBCheck: {msg}"))
                    .with_hint("rebuild with this version; if it persists, report it as a bug"),
            );
        }
    }
    out
}
