//! `samizdat build`: every book under the paths, in parallel, with a summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use std::collections::HashMap;

use samizdat::build::{build_book, output_files, source_date_epoch, Built, Settings};
use samizdat::diagnostic::{Diagnostic, Error, Severity};
use samizdat::project::{self, LoadedBook, Origin};

use super::{by_code, report};
use crate::BuildArgs;

/// The paths to build when none is given: ./book.toml, else ./seeds.
pub(crate) fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    if Path::new("book.toml").is_file() {
        vec![PathBuf::from("book.toml")]
    } else {
        vec![PathBuf::from("seeds")]
    }
}

/// Turns the options into build settings.
pub(crate) fn settings(args: &BuildArgs) -> Result<Settings, Error> {
    if let Some(mm) = args.creep {
        samizdat::build::check_creep(mm, Path::new("--creep"))?;
    }
    Ok(Settings {
        out: args.out.clone(),
        formats: (!args.format.is_empty()).then(|| args.format.clone()),
        page_size: args.page_size,
        pdf_standard: args
            .pdf_standard
            .as_deref()
            .map(samizdat::build::pdf_standard)
            .transpose()?,
        sheet: args.sheet,
        creep_mm: args.creep,
        marks: args.marks,
        no_fonts: args.no_fonts,
        source_date_epoch: source_date_epoch()?,
        allow_missing_images: args.allow_missing_images,
    })
}

/// The result of one origin: its books, or why it failed.
pub(crate) type Outcome = (Origin, Result<Vec<Built>, Error>);

/// Builds every book of the given origins, in parallel: all are loaded first, so that two
/// books that would write the same file (compared as the file system resolves it) are
/// caught before anything is written.
pub(crate) fn build_all(
    origins: &[Origin],
    settings: &Settings,
    roots: &[PathBuf],
    progress: &ProgressBar,
) -> Vec<Outcome> {
    let loaded: Vec<(Origin, Result<Vec<LoadedBook>, Error>)> = origins
        .par_iter()
        .map(|o| {
            (
                o.clone(),
                project::load_origin_with(o, roots, settings.allow_missing_images),
            )
        })
        .collect();
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut clashes: HashMap<PathBuf, Diagnostic> = HashMap::new();
    for (origin, books) in &loaded {
        for b in books.iter().flatten() {
            for target in output_files(b, settings) {
                let Some(first) = claimed.insert(target.clone(), origin.path().to_path_buf())
                else {
                    continue;
                };
                let other = if first == origin.path() {
                    "another book of the same book.toml".to_string()
                } else {
                    first.display().to_string()
                };
                let d = Diagnostic::error(
                    "slug-clash",
                    origin.path(),
                    None,
                    format!(
                        "this book and {other} would both write {}",
                        target.display()
                    ),
                )
                .with_hint("give one of them another `slug` in its book.toml, or another title");
                // Neither book is written: which one would win is an accident of order.
                clashes.entry(first).or_insert_with(|| d.clone());
                clashes.insert(origin.path().to_path_buf(), d);
            }
        }
    }
    loaded
        .into_par_iter()
        .map(|(origin, books)| {
            let result = match clashes.get(origin.path()) {
                Some(d) => Err(Error::from(d.clone())),
                None => books.and_then(|books| {
                    books
                        .iter()
                        .map(|b| build_book(b, settings))
                        .collect::<Result<Vec<_>, _>>()
                }),
            };
            progress.inc(1);
            progress.set_message(origin.path().display().to_string());
            (origin, result)
        })
        .collect()
}

pub(crate) fn run(args: &BuildArgs) -> Result<(), Error> {
    let start = Instant::now();
    let settings = settings(args)?;
    let mut origins = Vec::new();
    for p in default_paths(&args.paths) {
        origins.extend(project::discover(&p)?);
    }
    // A generous stack: the readers and writers recurse over the model, which is at most
    // `project::MAX_DEPTH` deep, with large frames in the PDF's layout.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .stack_size(16 << 20)
        .build()
        .map_err(|e| Error::io(Path::new("<threads>"), std::io::Error::other(e)))?;
    // A bar on a terminal; plain lines otherwise (CI logs).
    let progress = if std::io::stderr().is_terminal() && origins.len() > 1 {
        let bar = ProgressBar::new(origins.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let outcomes = pool.install(|| build_all(&origins, &settings, &args.root, &progress));
    progress.finish_and_clear();
    let failed = summarize(&outcomes, args.verbose);
    let built: usize = outcomes
        .iter()
        .map(|(_, r)| r.as_ref().map_or(0, Vec::len))
        .sum();
    eprintln!(
        "{built} book{} built, {failed} failed, in {} ms",
        plural(built),
        start.elapsed().as_millis()
    );
    if failed > 0 {
        Err(Error::Input(Vec::new()))
    } else {
        Ok(())
    }
}

/// Prints each book's outcome; returns how many origins failed.
pub(crate) fn summarize(outcomes: &[Outcome], verbose: bool) -> usize {
    let mut failed = 0;
    for (origin, result) in outcomes {
        match result {
            Ok(books) => {
                for b in books {
                    report(&b.diagnostics, verbose);
                    let warned: Vec<&Diagnostic> = b
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .collect();
                    let warnings = warned.len();
                    let codes = if warned.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", by_code(warned))
                    };
                    let files: Vec<String> = b
                        .outputs
                        .iter()
                        .map(|(p, size)| format!("{} ({} KB)", p.display(), size.div_ceil(1024)))
                        .collect();
                    eprintln!(
                        "built {}: {}; {} document{}, {} note{}, {} warning{}{codes}, {} ms",
                        b.slug,
                        if files.is_empty() {
                            "nothing written".to_string()
                        } else {
                            files.join(", ")
                        },
                        b.documents,
                        plural(b.documents),
                        b.notes,
                        plural(b.notes),
                        warnings,
                        plural(warnings),
                        b.millis
                    );
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{e}");
                eprintln!("FAILED {}", origin.path().display());
            }
        }
    }
    failed
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
