//! A fuzz target on stable Rust: a seeded mutation loop over the seeds, the fixtures and
//! the shared corpora. Every input must end in `Ok` — with an EPUB whose every XML file
//! is well-formed and, for a sample, a PDF that `qpdf --check` accepts — or in an error
//! with a code; never a panic, never a hang.
//!
//! `cargo test --release --test fuzz -- --ignored` runs it for `FUZZ_SECS` seconds
//! (default 60; `.ci/run` runs it), from `FUZZ_SEED` (default 1). A finding is saved
//! under `target/fuzz-findings/` and fails the run; the last line says how many inputs
//! ran.

use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use samizdat::diagnostic::Error;
use samizdat::epub::{self, EpubOptions};
use samizdat::pdf::{self, PdfOptions};

/// xorshift64*: small, fast, and the same sequence on every machine for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces the readers give meaning to: block and inline markers, notes, front matter,
/// divs, the importer's chrome and headers, and characters that were once faults.
const TOKENS: &[&str] = &[
    "> ",
    "- ",
    "* ",
    "1. ",
    "2. ",
    "2. ",
    "1) ",
    "# ",
    "## ",
    "\n\n",
    "\n\n\n",
    "[^1]",
    "[^1]: ",
    "[1]",
    "(1)",
    "*",
    "**",
    "_",
    "[",
    "]",
    "](http://x.y)",
    "`",
    "```\n",
    "---\n",
    "...\n",
    "::: dateline\n",
    ":::\n",
    "| a | b |\n|---|---|\n",
    "<div>",
    "</p>",
    "&amp;",
    "\0",
    "\u{1}",
    "\u{b}",
    "\u{ffff}",
    "\u{feff}",
    "\r\n",
    "\t",
    "漢",
    "🙂",
    "ש",
    "«\u{a0}",
    "https://example.com/a/b",
    "Notes\n\n",
    "Source: ",
    "Translated: ",
    "CopyLeft: ",
    "Posted by A at 10:00\n",
    "Labels: x\n",
    "Dear Comrade,\n",
    "title: ",
    "lang: ",
    "author: [",
    "documents:\n  - title: ",
    "{#id}",
    "\\",
    "<!--",
    "-->",
    "    ",
    "x\n===\n",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = if rng.below(16) == 0 {
                    1 + rng.below(200)
                } else {
                    1
                };
                for _ in 0..times {
                    out.splice(at..at, t.iter().copied());
                }
            }
            2 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            3 if len > 0 => {
                let from = rng.below(len);
                let end = (from + 1 + rng.below(256)).min(len);
                let piece: Vec<u8> = out[from..end].to_vec();
                out.splice(at..at, piece);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(2048)).min(other.len());
                    out.splice(at..at, other[from..end].iter().copied());
                }
            }
            5 => out.truncate(at),
            6 => out.insert(at, rng.next() as u8),
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let line = out[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                out.splice(line..line, t.iter().copied());
            }
        }
    }
    // Keep inputs small enough for many runs a second.
    out.truncate(64 * 1024);
    out
}

/// The starting inputs: (bytes, extension).
fn corpus() -> Vec<(Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = [
        "seeds",
        "tests/fixtures",
        "../shared/corpora",
        "../../shared/corpora",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|p| p.exists())
    .collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
            continue;
        }
        let ext = match p.extension().and_then(|e| e.to_str()) {
            Some("md") => "md",
            Some("txt") => "txt",
            _ => continue,
        };
        if let Ok(b) = std::fs::read(&p) {
            if b.len() <= 256 * 1024 {
                out.push((b, ext));
            }
        }
    }
    out.sort();
    out.push((b"# T\n\nText.\n".to_vec(), "md"));
    out.push((b"A title\n\nSome text.\n".to_vec(), "txt"));
    out
}

/// What one input came to.
enum Verdict {
    Ok,
    Refused,
    Bad(String),
}

/// Runs one input through the reader and the editions, checking what they make.
fn run(path: &Path, make_pdf: bool) -> Verdict {
    let parsed = match samizdat::project::read_input(path) {
        Ok(p) => p,
        Err(Error::Input(ds)) if !ds.is_empty() && ds.iter().all(|d| !d.code.is_empty()) => {
            return Verdict::Refused
        }
        Err(e) => return Verdict::Bad(format!("an error without a diagnostic: {e}")),
    };
    let options = EpubOptions {
        source_date_epoch: Some(0),
        no_fonts: true,
        ..EpubOptions::default()
    };
    let bytes = match epub::epub(&parsed.value, &options) {
        Ok(b) => b,
        Err(Error::Input(ds)) if !ds.is_empty() => return Verdict::Refused,
        Err(e) => return Verdict::Bad(format!("epub: {e}")),
    };
    if let Err(e) = well_formed(&bytes) {
        return Verdict::Bad(e);
    }
    if make_pdf {
        let pdf = match pdf::pdf(&parsed.value, &PdfOptions::default()) {
            Ok(p) => p,
            Err(Error::Input(ds)) if !ds.is_empty() => return Verdict::Refused,
            Err(e) => return Verdict::Bad(format!("pdf: {e}")),
        };
        if let Err(e) = qpdf(&pdf, path) {
            return Verdict::Bad(e);
        }
    }
    Verdict::Ok
}

fn well_formed(epub: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).map_err(|e| e.to_string())?;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut text = String::new();
            f.read_to_string(&mut text)
                .map_err(|e| format!("{name}: {e}"))?;
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            roxmltree::Document::parse_with_options(&text, opts)
                .map_err(|e| format!("{name} is not well-formed: {e}"))?;
        }
    }
    Ok(())
}

fn has_qpdf() -> bool {
    let ok = std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_ok();
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("qpdf is missing (CI=true): .ci/run installs it");
    }
    ok
}

fn qpdf(pdf: &[u8], input: &Path) -> Result<(), String> {
    let file = input.with_extension("pdf");
    std::fs::write(&file, pdf).map_err(|e| e.to_string())?;
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    // 0: fine; 3: warnings only (qpdf's own exit code for them).
    match out.status.code() {
        Some(0 | 3) => Ok(()),
        _ => Err(format!(
            "qpdf --check: {}",
            String::from_utf8_lossy(&out.stdout)
        )),
    }
}

/// Longest an input may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

#[test]
#[ignore = "runs for FUZZ_SECS (60 s by default): cargo test --release --test fuzz -- --ignored"]
fn fuzz() {
    let secs: u64 = std::env::var("FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let corpus = corpus();
    let bytes: Vec<Vec<u8>> = corpus.iter().map(|(b, _)| b.clone()).collect();
    let with_pdf = has_qpdf();
    let work = tempfile::tempdir().unwrap();
    let findings = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../fuzz-findings");
    // Panics are findings, reported below, not noise on stderr.
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut ok, mut refused, mut pdfs) = (0u64, 0u64, 0u64, 0u64);
    let mut found: Vec<String> = Vec::new();
    let mut slowest = Duration::ZERO;
    while Instant::now() < deadline && found.len() < 5 {
        let (base, ext) = &corpus[rng.below(corpus.len())];
        let input = if runs < corpus.len() as u64 {
            // Every corpus file once as it is, then mutants.
            corpus[runs as usize].0.clone()
        } else {
            mutate(&mut rng, base, &bytes)
        };
        let ext = if rng.below(10) == 0 {
            if *ext == "md" {
                "txt"
            } else {
                "md"
            }
        } else {
            ext
        };
        let path = work.path().join(format!("input.{ext}"));
        std::fs::write(&path, &input).unwrap();
        let make_pdf = with_pdf && runs % 25 == 0;
        // A thread with the build's stack size, so that a hang can be told from slowness.
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(move || {
                let r = std::panic::catch_unwind(AssertUnwindSafe(|| run(&p, make_pdf)));
                let _ = tx.send(r);
            })
            .unwrap();
        let start = Instant::now();
        let verdict = match rx.recv_timeout(HANG) {
            Ok(Ok(v)) => v,
            Ok(Err(panic)) => {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Verdict::Bad(format!("panic: {msg}"))
            }
            Err(_) => Verdict::Bad(format!("no answer in {HANG:?}")),
        };
        slowest = slowest.max(start.elapsed());
        runs += 1;
        pdfs += u64::from(make_pdf);
        match verdict {
            Verdict::Ok => ok += 1,
            Verdict::Refused => refused += 1,
            Verdict::Bad(why) => {
                std::fs::create_dir_all(&findings).unwrap();
                let saved = findings.join(format!("finding-{seed}-{runs}.{ext}"));
                std::fs::write(&saved, &input).unwrap();
                found.push(format!("{}: {why}", saved.display()));
            }
        }
    }
    let _ = std::panic::take_hook();
    eprintln!(
        "fuzz: {runs} inputs in {secs} s from seed {seed} ({ok} built, {refused} refused with a code, {pdfs} PDFs checked by qpdf); slowest {slowest:?}; {} finding(s)",
        found.len()
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}
