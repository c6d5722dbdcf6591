//! `samizdat watch`: build, then rebuild whenever an input, the style or `book.toml`
//! changes.
//!
//! It polls modification times four times a second instead of subscribing to file-system
//! events: a handful of files per book, no platform-specific dependency, and a rebuild
//! within the second the issue asks for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use indicatif::ProgressBar;

use samizdat::diagnostic::Error;
use samizdat::project::{self, Origin};

use super::build::{build_all, default_paths, settings, summarize};
use crate::BuildArgs;

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(250);

pub(crate) fn run(args: &BuildArgs) -> Result<(), Error> {
    let settings = settings(args)?;
    let mut origins = Vec::new();
    for p in default_paths(&args.paths) {
        origins.extend(project::discover(&p)?);
    }
    // The list of files is made after each build (loading books is the costly part), and
    // only their times are read in between.
    let mut files = watched(&origins, &args.root);
    let mut seen = stamps(&files);
    rebuild(&origins, &settings, args);
    eprintln!(
        "watching {} file{} (Ctrl-C stops)",
        seen.len(),
        if seen.len() == 1 { "" } else { "s" }
    );
    loop {
        std::thread::sleep(POLL);
        let now = stamps(&files);
        let changed: Vec<&PathBuf> = now
            .iter()
            .filter(|(p, t)| seen.get(*p) != Some(t))
            .map(|(p, _)| p)
            .chain(seen.keys().filter(|p| !now.contains_key(*p)))
            .collect();
        if !changed.is_empty() {
            for p in &changed {
                eprintln!("changed: {}", p.display());
            }
            rebuild(&origins, &settings, args);
            files = watched(&origins, &args.root);
            seen = stamps(&files);
        }
    }
}

fn rebuild(origins: &[Origin], settings: &samizdat::build::Settings, args: &BuildArgs) {
    let outcomes = build_all(origins, settings, &args.root, &ProgressBar::hidden());
    let failed = summarize(&outcomes, args.verbose);
    if failed > 0 {
        eprintln!("{failed} failed; fix the input and save to rebuild");
    }
}

/// The files a set of books is made from: each origin, each input, each stylesheet.
fn watched(origins: &[Origin], roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for origin in origins {
        files.push(origin.path().to_path_buf());
        // A book that does not load still has its origin watched, to rebuild once fixed.
        if let Ok(books) = project::load_origin(origin, roots) {
            for b in books {
                files.extend(b.inputs);
                files.extend(b.images.all().iter().map(|i| i.path.clone()));
                if let Some(css) = &b.style.epub_css {
                    files.push(b.root.join(css));
                }
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

fn stamps(files: &[PathBuf]) -> BTreeMap<PathBuf, SystemTime> {
    files
        .iter()
        .filter_map(|f| Some((f.clone(), modified(f)?)))
        .collect()
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
