//! The outside tools the PDF tests run (poppler-utils, qpdf, PyPI's pdfua and pikepdf):
//! whether one is there, and its output.

use std::process::Command;

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
