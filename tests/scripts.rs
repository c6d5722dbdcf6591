//! Code and every script in the PDF, checked from the layout's data and from the outside
//! (pdffonts, pdftotext, qpdf): the code face and the fallback faces embedded and
//! subset, every script's words back in the text, right-to-left lines in order, a code
//! line too long for the measure wrapped with its mark and no line overfull, a character
//! no face has named by a warning, the same bytes twice.
//!
//! The fallback faces come from the system (Debian's fonts-noto-core and fonts-noto-cjk)
//! and the outside checks need poppler-utils and qpdf: without them the tests say so and
//! pass, except under `CI=true` (where `.ci/run` installs them), where they fail.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::Command as Cmd;
use samizdat::pdf::layout::Item;
use samizdat::pdf::{layout, PdfOptions};

const BOOK: &str = "tests/fixtures/scripts/book.md";

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Says whether the Noto faces the fixture needs are installed.
fn noto() -> bool {
    let ok = samizdat::pdf::fallback::find('漢', "zh").is_some()
        && samizdat::pdf::fallback::find('ش', "ar").is_some()
        && samizdat::pdf::fallback::find('ש', "he").is_some()
        && samizdat::pdf::fallback::find('न', "hi").is_some()
        && samizdat::pdf::fallback::find('ก', "th").is_some();
    if !ok {
        assert!(
            !ci(),
            "the Noto faces are missing: install fonts-noto-core and fonts-noto-cjk"
        );
        eprintln!("skipped: the Noto faces (fonts-noto-core, fonts-noto-cjk) are missing");
    }
    ok
}

/// Says whether a command-line tool is there; under CI its absence fails the test.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    assert!(
        ok || !ci(),
        "{tool} is missing: install poppler-utils and qpdf"
    );
    if !ok {
        eprintln!("skipped: {tool} is missing");
    }
    ok
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{tool} {args:?}: {err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The fixture built once by the command line: its folder, the PDF and the stderr.
fn built() -> &'static (tempfile::TempDir, std::path::PathBuf, String) {
    static BUILT: OnceLock<(tempfile::TempDir, std::path::PathBuf, String)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = Cmd::cargo_bin("samizdat")
            .unwrap()
            .args(["build", BOOK, "--format", "epub,pdf", "--out"])
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        let pdf = dir.path().join("every-script.pdf");
        (dir, pdf, err)
    })
}

fn book() -> samizdat::model::Book {
    samizdat::project::read_input(Path::new(BOOK))
        .unwrap()
        .value
}

/// The fixture's layout, made once.
fn laid_out() -> &'static samizdat::pdf::layout::Document {
    static DOC: OnceLock<samizdat::pdf::layout::Document> = OnceLock::new();
    DOC.get_or_init(|| layout(&book(), &PdfOptions::default()).unwrap())
}

#[test]
fn the_code_face_and_the_fallback_faces_are_embedded_and_subset() {
    if !noto() || !have("pdffonts") {
        return;
    }
    let fonts = run("pdffonts", &[built().1.to_str().unwrap()]);
    for name in [
        "EBGaramond12-Regular",
        "NotoSansMono-Regular",
        "NotoSerifCJKsc-Regular",
        "NotoSerifCJKjp-Regular",
        "NotoNaskhArabic-Regular",
        "NotoSerifHebrew-Regular",
        "NotoSerifDevanagari-Regular",
    ] {
        let line = fonts
            .lines()
            .find(|l| {
                l.split_whitespace()
                    .next()
                    .is_some_and(|n| n.ends_with(&format!("+{name}")))
            })
            .unwrap_or_else(|| panic!("{name} is not embedded:\n{fonts}"));
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{line}");
    }
}

/// The fixture's PDF as pdftotext reads it; `None` where the faces or the tool are missing.
fn pdf_text() -> Option<String> {
    if !noto() || !have("pdftotext") {
        return None;
    }
    Some(run(
        "pdftotext",
        &["-enc", "UTF-8", built().1.to_str().unwrap(), "-"],
    ))
}

#[test]
fn every_scripts_words_come_back_and_nothing_becomes_a_question_mark() {
    let Some(text) = pdf_text() else {
        return;
    };
    // Each script's words, right-to-left ones in their logical order.
    for words in [
        "工人们在港口集会",
        "委員会は毎日ビラを印刷し",
        "اجتمع عمال الميناء",
        "فعور",
        "פועלי הנמל התאספו",
        "मज़दूरों ने सभा की",
        "คนงานท่าเรือรวมตัวกัน",
        "λιμανιού",
        "printing-press",
        "x = 1",
    ] {
        let words = words.replace("فعور", "ورفع");
        let flat: String = text.split('\n').collect::<Vec<_>>().join("");
        assert!(
            text.contains(&words) || flat.contains(&words),
            "{words} is not in the text:\n{text}"
        );
    }
    // The fixture has no question mark and nothing that should become one.
    assert!(!text.contains('?'), "{text}");
    assert!(!text.contains('\u{fffd}'), "{text}");
}

#[test]
fn thai_lines_break_between_words_and_no_mark_starts_one() {
    let Some(text) = pdf_text() else {
        return;
    };
    let start = text.lines().position(|l| l.starts_with("คนงาน")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .skip(start)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert!(lines.len() >= 3, "{lines:?}");
    let paragraph: String = lines.concat();
    // Where a dictionary finds the words (ICU4X's, which the layout also uses, checked
    // here against words known to be whole).
    let segmenter = icu_segmenter::LineSegmenter::new_dictionary(Default::default());
    let words: Vec<usize> = segmenter.segment_str(&paragraph).collect();
    let mut at = 0;
    for l in &lines[..lines.len() - 1] {
        at += l.len();
        assert!(words.contains(&at), "a line ends inside a word: {l:?}");
        let next = &paragraph[at..];
        for whole in [
            "คนงาน",
            "ท่าเรือ",
            "ชั่วโมง",
            "ทำงาน",
            "ค่าจ้าง",
            "ใบปลิว",
            "สัปดาห์",
        ] {
            let inside = (1..whole.len())
                .filter(|&k| whole.is_char_boundary(k))
                .any(|k| paragraph[..at].ends_with(&whole[..k]) && next.starts_with(&whole[k..]));
            assert!(!inside, "{whole} is broken at a line's end");
        }
        let first = next.chars().next().unwrap();
        assert!(
            !matches!(first, '\u{e31}' | '\u{e34}'..='\u{e3a}' | '\u{e47}'..='\u{e4e}'),
            "a line starts with a mark: {next:?}"
        );
    }
}

#[test]
fn qpdf_finds_no_fault() {
    if !noto() || !have("qpdf") {
        return;
    }
    let out = Command::new("qpdf")
        .args(["--check", built().1.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
}

#[test]
fn a_code_line_too_long_wraps_with_its_mark_and_no_line_is_overfull() {
    let doc = laid_out();
    for (i, p) in doc.pages.iter().enumerate() {
        for l in &p.lines {
            assert!(
                l.width <= l.measure + 0.01,
                "page {}: a line of {:.2} pt on a measure of {:.2}",
                i + 1,
                l.width,
                l.measure
            );
        }
    }
    // The long line of the script comes in three lines, the two last with the mark, in
    // the code face, which nothing hyphenates.
    let runs: Vec<(samizdat::pdf::fonts::Face, String)> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) => Some((r.face, r.glyphs.iter().map(|g| &*g.text).collect())),
            _ => None,
        })
        .collect();
    let code: Vec<&String> = runs
        .iter()
        .filter(|(f, _)| *f == samizdat::pdf::fonts::Face::Mono)
        .map(|(_, t)| t)
        .collect();
    let start = code
        .iter()
        .position(|t| t.contains("typeset --input"))
        .expect("the long line");
    // Each continuation opens with the mark, a run of its own (an artifact: it is not
    // in the text).
    assert_eq!(code[start + 1], "→ ", "{code:?}");
    assert!(code[start + 2].starts_with("\"leaflet"), "{code:?}");
    assert_eq!(code[start + 3], "→ ", "{code:?}");
    assert!(code[start + 4].contains("--columns 2"), "{code:?}");
    // Indentation and inline code keep their spaces.
    assert!(code[start].starts_with("    typeset"), "{code:?}");
    assert!(code.iter().any(|t| t.as_str() == "a  b"), "{code:?}");
}

#[test]
fn justified_lines_are_drawn_as_wide_as_they_are_set() {
    // CJK lines are justified between characters: the stretch must reach the glyphs.
    let doc = laid_out();
    let mut full = 0;
    for p in &doc.pages {
        for l in p.lines.iter().filter(|l| l.measure - l.width < 0.01) {
            let end = p
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(r) if (r.y - l.y).abs() < 0.01 => {
                        Some(r.x + r.glyphs.iter().map(|g| g.advance).sum::<f64>())
                    }
                    _ => None,
                })
                .fold(0.0, f64::max);
            assert!((end - (l.x + l.width)).abs() < 0.05, "{end} vs {l:?}");
            full += 1;
        }
    }
    assert!(full > 5);
}

#[test]
fn a_character_no_face_has_is_a_warning_with_its_line() {
    let err = &built().2;
    let source = std::fs::read_to_string(BOOK).unwrap();
    let line = source
        .lines()
        .position(|l| l.contains('\u{10FFFD}'))
        .unwrap()
        + 1;
    assert!(
        err.lines().any(|l| l.contains("warning[glyph-missing]")
            && l.contains(&format!("book.md:{line}:"))
            && l.contains("U+10FFFD")),
        "{err}"
    );
    // Only that one, where the faces are installed: every other character has a face.
    if noto() {
        assert_eq!(err.matches("warning[glyph-missing]").count(), 1, "{err}");
    }
}

#[test]
fn the_same_book_gives_the_same_bytes() {
    let book = book();
    let a = samizdat::pdf::pdf(&book, &PdfOptions::default()).unwrap();
    let b = samizdat::pdf::pdf(&book, &PdfOptions::default()).unwrap();
    assert!(a == b, "two builds differ");
}

#[test]
fn the_epub_sets_code_in_a_monospace_stack_without_embedding_it() {
    let epub = built().0.path().join("every-script.epub");
    let files = samizdat::verify::unzip(&std::fs::read(epub).unwrap()).unwrap();
    let css = files
        .iter()
        .find(|(n, _)| n.ends_with(".css"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(css.contains("monospace"), "{css}");
    assert!(!files.iter().any(|(n, _)| n.contains("NotoSansMono")));
}
