//! The commands, one file each, and what they share.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod watch;

use samizdat::diagnostic::{Diagnostic, Severity};

/// Prints diagnostics on stderr: warnings and errors always, notes (dropped lines) when
/// asked.
pub(crate) fn report(diagnostics: &[Diagnostic], notes: bool) {
    for d in diagnostics {
        if d.severity >= Severity::Warning || notes {
            eprintln!("{d}");
        }
    }
}

/// Counts warnings (or errors) by code, the commonest first: `glyph-missing 3,
/// note-unreferenced 1`. Empty when there are none.
pub(crate) fn by_code<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diagnostics {
        *counts.entry(d.code).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
