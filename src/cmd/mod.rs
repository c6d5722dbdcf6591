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
