//! The importer on the archive as it really is: the scorer of `../shared/corpora/archive`
//! over its 300 random real pages, when that corpus is there. It reports the figures and
//! fails only when they fall below the floor this importer reached, so a change that
//! breaks the recognizer on real pages is caught — not one page's expectation.

use std::path::Path;
use std::process::Command;

/// What the importer reaches on the 300 text copies (227 fully right when this was set).
const FLOOR_FULLY_RIGHT: usize = 215;
const FLOOR_TITLES: usize = 270;

#[test]
fn archive_text_copies_meet_the_floor() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/archive");
    let score = corpus.join("score.py");
    if !score.exists() {
        eprintln!("skipped: {} is not here", corpus.display());
        return;
    }
    let out = match Command::new("python3")
        .arg(&score)
        .arg(env!("CARGO_BIN_EXE_samizdat"))
        .arg("--quiet")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: python3 did not run: {e}");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let summary = text
        .lines()
        .find(|l| l.starts_with("archive: "))
        .unwrap_or_else(|| panic!("the scorer printed no summary:\n{text}"));
    eprintln!("{summary}");
    let number = |key: &str| -> usize {
        let at = summary
            .find(key)
            .unwrap_or_else(|| panic!("no {key} in {summary}"));
        summary[at + key.len()..]
            .trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number after {key} in {summary}"))
    };
    let fully = number("archive:");
    let titles = number("titles");
    assert!(
        fully >= FLOOR_FULLY_RIGHT && titles >= FLOOR_TITLES,
        "the importer fell below its floor on the archive: {summary}"
    );
    // Every word kept: the mean share of the copies' words found in the models.
    let words: f64 = summary
        .split("words ")
        .nth(1)
        .and_then(|w| w.split_whitespace().next())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no words figure in {summary}"));
    assert!(words >= 0.999, "words were lost on the archive: {summary}");
}
