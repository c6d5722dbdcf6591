//! The importer on the archive as it really is: the scorer of `../shared/corpora/archive`
//! over its 300 random real pages, when that corpus is there. It reports the figures and
//! fails only when they fall below the floor this importer reached, so a change that
//! breaks the recognizer on real pages is caught — not one page's expectation.
//! The same page read from its text copy and from its HTML must agree.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Floors a little under what the readers reach (text 274/300 fully right, titles 294;
/// HTML 282, titles 300, when these were set).
const TEXT_FLOOR: Floor = Floor {
    fully_right: 267,
    titles: 288,
};
const HTML_FLOOR: Floor = Floor {
    fully_right: 276,
    titles: 296,
};

struct Floor {
    fully_right: usize,
    titles: usize,
}

fn corpus() -> Option<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/archive");
    if corpus.join("score.py").exists() {
        Some(corpus)
    } else {
        eprintln!("skipped: {} is not here", corpus.display());
        None
    }
}

/// Runs the scorer; returns its summary line, or `None` when python3 cannot run.
fn score(corpus: &Path, extra: &[&str]) -> Option<String> {
    let out = match Command::new("python3")
        .arg(corpus.join("score.py"))
        .arg(env!("CARGO_BIN_EXE_samizdat"))
        .arg("--quiet")
        .args(extra)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: python3 did not run: {e}");
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let summary = text
        .lines()
        .find(|l| l.starts_with("archive: "))
        .unwrap_or_else(|| panic!("the scorer printed no summary:\n{text}"));
    eprintln!("{extra:?}: {summary}");
    Some(summary.to_string())
}

fn number(summary: &str, key: &str) -> usize {
    let at = summary
        .find(key)
        .unwrap_or_else(|| panic!("no {key} in {summary}"));
    summary[at + key.len()..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number after {key} in {summary}"))
}

fn meets(summary: &str, floor: &Floor) {
    let fully = number(summary, "archive:");
    let titles = number(summary, "titles");
    assert!(
        fully >= floor.fully_right && titles >= floor.titles,
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

/// Scores one reader with the scorer's per-page JSON: its summary and the pages it
/// finds fully right; `None` when python3 cannot run.
fn scored(corpus: &Path, extra: &[&str], json: &Path) -> Option<(String, Vec<String>)> {
    let mut args = extra.to_vec();
    let json_arg = json.to_string_lossy().to_string();
    args.extend(["--json", json_arg.as_str()]);
    let summary = score(corpus, &args)?;
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(json).expect("the scorer's JSON")).unwrap();
    let full = rows
        .iter()
        .filter(|r| r["full"].as_bool() == Some(true))
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    Some((summary, full))
}

/// What both readers must agree on: the authors, the date and the number of notes.
fn agreed_fields(path: &Path) -> (Vec<String>, Option<String>, usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .arg("model")
        .arg(path)
        .output()
        .unwrap();
    let model: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: no model: {e}", path.display()));
    let doc = &model["documents"][0];
    let authors = model["meta"]["creators"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["role"] == "aut")
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect();
    let date = doc["date"].as_str().map(str::to_string);
    let notes = doc["notes"].as_array().map_or(0, Vec::len);
    (authors, date, notes)
}

/// Both readers over the 300 pages (one scorer run each, as they are the slow part): each
/// meets its floor, and a page right in both gives the same authors, date and notes
/// from its text copy and from its HTML.
#[test]
fn both_readers_meet_their_floors_and_agree() {
    let Some(corpus) = corpus() else { return };
    let dir = std::env::temp_dir().join(format!("samizdat-archive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (Some((text_summary, text)), Some((html_summary, html))) = (
        scored(&corpus, &[], &dir.join("text.json")),
        scored(&corpus, &["--html"], &dir.join("html.json")),
    ) else {
        return;
    };
    meets(&text_summary, &TEXT_FLOOR);
    meets(&html_summary, &HTML_FLOOR);
    let html: HashSet<&str> = html.iter().map(String::as_str).collect();
    let both: Vec<&String> = text.iter().filter(|n| html.contains(n.as_str())).collect();
    assert!(both.len() >= 250, "only {} pages right in both", both.len());
    let mut differ = Vec::new();
    for name in &both {
        let t = agreed_fields(&corpus.join("txt").join(format!("{name}.txt")));
        let h = agreed_fields(&corpus.join("html").join(format!("{name}.html")));
        if t != h {
            differ.push(format!("{name}: text {t:?} / html {h:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("{} pages right in both readers", both.len());
    assert!(
        differ.is_empty(),
        "the readers disagree:\n{}",
        differ.join("\n")
    );
}
