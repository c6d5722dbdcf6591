//! The EPUB's page list, checked against the PDF it cites: a book built in both editions
//! marks in its XHTML where each page of the PDF begins, and each marker of the text
//! stands before the words `pdftotext` finds at the top of that page; the nav lists every
//! page in order, the package names the PDF as the source of its pagination; EPUBCheck
//! finds nothing; two builds are the same bytes; an EPUB built alone marks nothing.
//!
//! poppler-utils and EPUBCheck are skipped when missing, except under `CI=true`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use samizdat::pdf::{layout, PdfOptions};
use samizdat::project::read_input;
use samizdat::verify;

// The outside tools; the PDF builds the module also offers are not used here.
#[allow(dead_code)]
mod tools;
use tools::{have, run};

/// The inputs: both seeds, the Markdown anthology (notes, lists, a block quote, a
/// letter) and the archive pages of ../shared/corpora/mia where present.
fn inputs() -> Vec<PathBuf> {
    let mut v = tools::files_in(&["seeds", "../shared/corpora/mia"], &["txt"]);
    v.push(PathBuf::from("tests/fixtures/markdown/anthology.md"));
    v.sort();
    v
}

/// One input built in both editions: (input, EPUB, PDF).
type Pair = (PathBuf, PathBuf, PathBuf);

/// Builds an input with `samizdat build` into a folder; returns its outputs by suffix.
fn build(input: &Path, formats: &str, out: &Path) -> Vec<PathBuf> {
    let status = Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(["build", "--format", formats, "--jobs", "1", "--out"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1540598400")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every input built with `--format epub,kepub,pdf`, each into a folder of its own.
fn built() -> &'static Vec<(Pair, PathBuf)> {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(Pair, PathBuf)>)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut out = Vec::new();
            for (i, input) in inputs().into_iter().enumerate() {
                let folder = dir.path().join(format!("{i:02}"));
                let files = build(&input, "epub,kepub,pdf", &folder);
                let find = |wanted: &dyn Fn(&str) -> bool| {
                    let f = files.iter().find(|f| wanted(&f.to_string_lossy()));
                    f.unwrap().clone()
                };
                let kepub = find(&|n| n.ends_with(".kepub.epub"));
                let epub = find(&|n| n.ends_with(".epub") && !n.ends_with(".kepub.epub"));
                out.push(((input, epub, find(&|n| n.ends_with(".pdf"))), kepub));
            }
            (dir, out)
        })
        .1
}

/// A file of an EPUB, as text.
fn entry(epub: &Path, name: &str) -> String {
    let files = verify::unzip(&std::fs::read(epub).unwrap()).unwrap();
    let (_, bytes) = files
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing in {}", epub.display()));
    String::from_utf8(bytes).unwrap()
}

/// The page list of an EPUB's navigation document: (file, label), in order.
fn page_list(epub: &Path) -> Vec<(String, String)> {
    let nav = entry(epub, "OEBPS/nav.xhtml");
    let Some(start) = nav.find("<nav epub:type=\"page-list\"") else {
        return Vec::new();
    };
    nav[start..]
        .split("<li><a href=\"")
        .skip(1)
        .map(|li| {
            let href = &li[..li.find('"').unwrap()];
            let (file, id) = href.split_once('#').unwrap();
            let label = id.strip_prefix("page-").unwrap();
            (file.to_string(), label.to_string())
        })
        .collect()
}

/// The letters of a text, lower-cased: what is compared (the editions space, hyphenate
/// and number notes each in their own way).
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text without its tags.
fn untagged(xhtml: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in xhtml.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The lines of a PDF page as `pdftotext` gives them, less its running head and folio
/// (the two first lines, when one of them is the page's label).
fn body_lines(pdf: &Path, page: usize, label: &str) -> Vec<String> {
    let n = page.to_string();
    let (ok, text) = run(
        "pdftotext",
        &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{text}");
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let furnished = lines.iter().take(2).any(|l| l.trim() == label);
    lines
        .into_iter()
        .skip(if furnished { 2 } else { 0 })
        .collect()
}

#[test]
fn each_marker_of_the_text_stands_where_its_page_begins() {
    if !have("pdftotext", &["-v"]) {
        return;
    }
    let mut compared = 0;
    let mut inside_paragraphs = 0;
    for ((input, epub, pdf), _) in built() {
        let list = page_list(epub);
        let book = read_input(input).unwrap().value;
        let doc = layout(&book, &PdfOptions::default()).unwrap();
        // Every page of the PDF, in order, with its label.
        let labels: Vec<String> = (0..doc.pages.len()).map(|i| doc.label(i)).collect();
        let listed: Vec<&String> = list.iter().map(|(_, l)| l).collect();
        assert_eq!(
            listed,
            labels.iter().collect::<Vec<_>>(),
            "{}",
            input.display()
        );
        for (i, (file, label)) in list.iter().enumerate() {
            let xhtml = entry(epub, &format!("OEBPS/{file}"));
            let marker = format!("id=\"page-{label}\"");
            assert_eq!(xhtml.matches(&marker).count(), 1, "{file}: {marker}");
            // The pages of the documents' text; the front and back matter's are marked at
            // the top of their page, whose text is the ebook's own.
            if !file.starts_with("doc-") {
                continue;
            }
            let at = xhtml.find(&marker).unwrap();
            let after = &xhtml[at..];
            let after = untagged(&after[after.find("/>").unwrap() + 2..]);
            let lines = body_lines(pdf, i + 1, label);
            let Some(first) = lines.first() else {
                continue; // a blank page: marked where the page before it ends
            };
            // A page that begins inside a word (hyphenated across the break, or broken
            // after a hyphen of its own) is marked after that word: the rest of it
            // opens the page.
            let before = untagged(&xhtml[..at]);
            let word_before = letters(before.split_whitespace().last().unwrap_or(""));
            let first = match first.split_once(' ') {
                Some((piece, rest))
                    if !letters(piece).is_empty()
                        && word_before.len() > letters(piece).len()
                        && word_before.ends_with(&letters(piece)) =>
                {
                    rest
                }
                _ => first.as_str(),
            };
            let want: String = letters(first).chars().take(25).collect();
            let got: String = letters(&after).chars().take(want.chars().count()).collect();
            assert_eq!(
                got,
                want,
                "{}: page {label} ({file}) begins with {first:?}, its marker is before {:?}",
                input.display(),
                after.chars().take(80).collect::<String>()
            );
            compared += 1;
            // A marker in running text: after a word of its paragraph.
            let before = &xhtml[..at];
            if before.rfind("<p").unwrap_or(0) > before.rfind("</p>").unwrap_or(0)
                && !before.ends_with('>')
            {
                inside_paragraphs += 1;
            }
        }
    }
    assert!(compared >= 20, "only {compared} pages compared");
    assert!(
        inside_paragraphs >= 5,
        "only {inside_paragraphs} pages begin inside a paragraph"
    );
}

#[test]
fn the_package_names_the_pdf_as_the_source_of_its_pages() {
    for ((input, epub, pdf), _) in built() {
        let opf = entry(epub, "OEBPS/content.opf");
        let name = pdf.file_name().unwrap().to_string_lossy();
        assert!(
            opf.contains(&format!("<dc:source id=\"page-source\">{name}: ")),
            "{}: {opf}",
            input.display()
        );
        for property in [
            "<meta refines=\"#page-source\" property=\"source-of\">pagination</meta>",
            "<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>",
            "<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>",
        ] {
            assert!(opf.contains(property), "{}: {property}", input.display());
        }
    }
}

#[test]
fn the_kobo_edition_keeps_the_markers_whole() {
    for ((input, epub, _), kepub) in built() {
        for (file, label) in page_list(epub) {
            let marker = format!(
                "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{label}\" aria-label=\"{label}\"/>"
            );
            let page = entry(kepub, &format!("OEBPS/{file}"));
            assert_eq!(
                page.matches(&marker).count(),
                1,
                "{}: {file} {label}",
                input.display()
            );
        }
        assert_eq!(page_list(kepub), page_list(epub));
    }
}

#[test]
fn an_epub_built_without_the_pdf_marks_no_page() {
    let dir = tempfile::tempdir().unwrap();
    for files in [
        build(Path::new("seeds"), "epub", dir.path()),
        build(Path::new("seeds"), "epub,pamphlet", &dir.path().join("p")),
    ] {
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "epub"))
        {
            let bytes = std::fs::read(f).unwrap();
            for (name, b) in verify::unzip(&bytes).unwrap() {
                let text = String::from_utf8_lossy(&b);
                for word in ["pagebreak", "page-list", "pageBreakMarkers", "source-of"] {
                    assert!(!text.contains(word), "{name}: {word}");
                }
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let one = build(Path::new("seeds"), "epub,kepub,pdf", &dir.path().join("1"));
    let two = build(Path::new("seeds"), "epub,kepub,pdf", &dir.path().join("2"));
    assert_eq!(one.len(), two.len());
    for (a, b) in one.iter().zip(&two) {
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{} differs",
            a.display()
        );
    }
}

/// What EPUBCheck may say of a book with a page list, besides nothing: 4.2 notes the
/// font faces (CSS-028), every page-break marker (HTM-050) and the page list (NAV-002)
/// as features used; of the kepub, also the NCX's namespace (HTM-010) and its many spans
/// (HTM-022). 5.3 notes only the font faces.
const USAGES: &[&str] = &["CSS-028", "HTM-050", "NAV-002", "HTM-010", "HTM-022"];

#[test]
fn epubcheck_finds_nothing_in_the_marked_editions() {
    let jars = verify::epubcheck_jars();
    if jars.is_empty() {
        assert!(std::env::var("CI").is_err(), "CI must have EPUBCheck");
        return;
    }
    // The seeds' editions and the anthology's: one of each kind of block.
    let checked: Vec<&PathBuf> = built()
        .iter()
        .filter(|((input, _, _), _)| !input.starts_with("../"))
        .flat_map(|((_, epub, _), kepub)| [epub, kepub])
        .collect();
    for jar in &jars {
        for file in &checked {
            let out = Command::new("java")
                .arg("-jar")
                .arg(jar)
                .arg("-u")
                .arg(file)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(
                text.contains("0 fatals / 0 errors / 0 warnings"),
                "{} {}: {text}",
                jar.display(),
                file.display()
            );
            for line in text.lines().filter(|l| l.starts_with("USAGE(")) {
                let code = &line[6..line.find(')').unwrap()];
                assert!(USAGES.contains(&code), "{}: {line}", jar.display());
                if *jar != Path::new("/usr/share/java/epubcheck.jar") {
                    assert_eq!(code, "CSS-028", "{line}");
                }
            }
        }
    }
}
