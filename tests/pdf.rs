//! The PDF reader edition, checked from the layout's data and from the outside (qpdf,
//! pdffonts, pdftotext): validity, embedded subset fonts, every word of the model in the
//! text, notes on the page of their reference, no line wider than its measure, pages and
//! bookmarks, reproducibility.
//!
//! The outside checks need poppler-utils and qpdf; without them they are skipped, except
//! under `CI=true`, where a missing tool fails the test.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use samizdat::model::{words, Book};
use samizdat::pdf::layout::{Item, LabelStyle, Target};
use samizdat::pdf::{layout, pdf, PageSize, PdfOptions};
use samizdat::project::read_input;

mod tools;
use tools::{build_pdfs, printed_text, run, Built};

/// The inputs: both seeds, every importer and archive fixture, the Markdown anthology,
/// and the archive pages of ../shared/corpora/mia where present.
fn inputs() -> Vec<PathBuf> {
    let mut v = tools::files_in(
        &[
            "seeds",
            "tests/fixtures/import",
            "tests/fixtures/mia",
            "tests/fixtures/html",
            "../shared/corpora/mia",
        ],
        &["txt", "html"],
    );
    v.push(PathBuf::from("tests/fixtures/markdown/anthology.md"));
    v.sort();
    v
}

fn book(path: &Path) -> Book {
    read_input(path).unwrap().value
}

/// Every input's PDF, written once for all tests into a temporary folder.
fn built() -> &'static Vec<Built> {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<Built>)> = OnceLock::new();
    &BUILT.get_or_init(|| build_pdfs(inputs())).1
}

/// Says whether a command-line tool of poppler-utils or qpdf is there; under CI its
/// absence fails the test.
fn have(tool: &str) -> bool {
    // qpdf answers `--version`, poppler's tools `-v`.
    let version = if tool == "qpdf" { "--version" } else { "-v" };
    tools::have(tool, &[version])
}

#[test]
fn qpdf_finds_no_fault() {
    if !have("qpdf") {
        return;
    }
    for (input, _, file) in built() {
        let (ok, text) = run("qpdf", &["--check", file.to_str().unwrap()]);
        assert!(ok, "{}: {text}", input.display());
        assert!(!text.contains("WARNING"), "{}: {text}", input.display());
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    if !have("pdffonts") {
        return;
    }
    for (input, _, file) in built() {
        let (ok, text) = run("pdffonts", &[file.to_str().unwrap()]);
        assert!(ok);
        let fonts: Vec<&str> = text.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{}", input.display());
        for f in fonts {
            let cols: Vec<&str> = f.split_whitespace().collect();
            let n = cols.len();
            // name type… encoding emb sub uni object gen
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{}: {f}",
                input.display()
            );
            assert!(cols[0].contains('+'), "{}: {f}", input.display());
        }
    }
}

/// The words pdftotext gives back, with line-end hyphens both joined and not (a compound
/// the text hyphenated comes back as its parts) and a word the layout hyphenated joined
/// at its soft hyphen (pdftotext keeps the line's end after it).
fn pdf_words(text: &str) -> HashSet<String> {
    let mut set: HashSet<String> = words(text).into_iter().collect();
    // A note reference is a superscript glued to its word (`elected⁶` reads `elected6`).
    let mut apart = String::new();
    let mut prev = ' ';
    for c in text.chars() {
        if c.is_ascii_digit() && prev.is_alphabetic() {
            apart.push(' ');
        }
        apart.push(c);
        prev = c;
    }
    set.extend(words(&apart));
    // A word broken across pages has the foot and head of the page between its halves
    // (folio, running head, notes): its rest is the first word of a line soon after.
    let lines: Vec<&str> = text.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        let end = line.trim_end_matches([' ', '\n']);
        if let Some(head) = end.strip_suffix('-').or_else(|| end.strip_suffix('\u{ad}')) {
            let a = words(head).pop().unwrap_or_default();
            for next in lines.iter().skip(k + 1).take(40) {
                let b = words(next).first().cloned().unwrap_or_default();
                set.insert(format!("{a}{b}"));
            }
        }
    }
    set
}

#[test]
fn every_word_of_the_model_is_in_the_text() {
    if !have("pdftotext") {
        return;
    }
    for (input, b, file) in built() {
        let (ok, text) = run("pdftotext", &["-enc", "UTF-8", file.to_str().unwrap(), "-"]);
        assert!(ok);
        let mut found = pdf_words(&text);
        // pdftotext drops the hyphen of a compound broken at a line end (`re-statements`
        // comes back `restatements`): such a compound counts as its parts.
        let model = printed_text(b);
        for token in model.split_whitespace().filter(|t| t.contains('-')) {
            let parts = words(token);
            if found.contains(&parts.concat()) {
                found.extend(parts);
            }
        }
        // A reference glued to a number (`1927²` reads `19272`) counts as the number.
        let marks: Vec<&str> = b
            .documents
            .iter()
            .flat_map(|d| &d.notes)
            .map(|n| n.mark.as_str())
            .collect();
        let glued: Vec<String> = found
            .iter()
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .flat_map(|t| {
                marks
                    .iter()
                    .filter(move |m| t.len() > m.len() && t.ends_with(**m))
                    .map(move |m| t[..t.len() - m.len()].to_string())
            })
            .collect();
        found.extend(glued);
        let missing: Vec<String> = words(&model)
            .into_iter()
            .filter(|w| !found.contains(w))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: missing {missing:?}",
            input.display()
        );
    }
}

#[test]
fn each_note_starts_on_the_page_of_its_first_reference() {
    // From the layout: a reference links to its note and the note's number links back to
    // the first reference, so two pages that link to each other hold a note and its
    // reference — and must be one page.
    for (input, b, _) in built() {
        let doc = layout(b, &PdfOptions::default()).unwrap();
        let targets = |p: usize| -> Vec<usize> {
            doc.pages[p]
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Link {
                        target: Target::Page { page, .. },
                        ..
                    } => Some(*page),
                    _ => None,
                })
                .collect()
        };
        let mut same = 0;
        for p in 0..doc.pages.len() {
            for t in targets(p) {
                if targets(t).contains(&p) {
                    assert_eq!(t, p, "{}: a note and its reference apart", input.display());
                    same += 1;
                }
            }
        }
        let notes: usize = b.documents.iter().map(|d| d.notes.len()).sum();
        // Each note gives two links (reference → note, number → reference) on its page.
        assert!(
            same >= 2 * notes,
            "{}: {same} links for {notes} notes",
            input.display()
        );
    }
}

#[test]
fn each_note_is_printed_on_the_page_of_its_reference_in_the_text() {
    // From the outside: the letter's notes, by their first words, on the page whose text
    // holds the reference mark glued to the word before it.
    if !have("pdftotext") {
        return;
    }
    for (input, b, file) in built() {
        if !input.ends_with("serge-letter-to-trotsky-1936.txt") {
            continue;
        }
        let pages = doc_pages(file);
        for note in b.documents.iter().flat_map(|d| &d.notes) {
            let text = samizdat::model::inlines_text(match &note.blocks[0] {
                samizdat::model::Block::Paragraph { content } => content,
                _ => continue,
            });
            let opening: Vec<String> = words(&text).into_iter().take(3).collect();
            let at = pages
                .iter()
                .position(|p| {
                    words(p)
                        .windows(opening.len())
                        .any(|w| w == opening.as_slice())
                })
                .unwrap_or_else(|| panic!("note {} not found", note.mark));
            let marked = pages[at].split_whitespace().any(|w| {
                w.trim_end_matches(|c: char| !c.is_alphanumeric())
                    .ends_with(&note.mark)
                    && w.len() > note.mark.len() + 1
            });
            assert!(
                marked,
                "note {} is on page {} without its reference",
                note.mark,
                at + 1
            );
        }
    }
}

fn doc_pages(file: &Path) -> Vec<String> {
    let (_, text) = run("pdftotext", &["-enc", "UTF-8", file.to_str().unwrap(), "-"]);
    text.split('\u{c}').map(str::to_string).collect()
}

#[test]
fn no_line_is_wider_than_its_measure() {
    for (input, b, _) in built() {
        let doc = layout(b, &PdfOptions::default()).unwrap();
        for (p, page) in doc.pages.iter().enumerate() {
            for l in &page.lines {
                assert!(
                    l.width <= l.measure + 0.01,
                    "{}: page {}: a line of {:.2} pt on a measure of {:.2}",
                    input.display(),
                    p + 1,
                    l.width,
                    l.measure
                );
            }
        }
    }
}

#[test]
fn no_more_than_two_hyphens_in_a_row() {
    for (input, b, _) in built() {
        let doc = layout(b, &PdfOptions::default()).unwrap();
        for page in &doc.pages {
            let mut run = 0;
            for l in &page.lines {
                run = if l.hyphenated { run + 1 } else { 0 };
                assert!(run <= 2, "{}", input.display());
            }
        }
    }
}

#[test]
fn pages_labels_and_bookmarks_are_as_expected() {
    let seeds = samizdat::project::load(Path::new("seeds")).unwrap();
    for loaded in seeds {
        let b = &loaded.book;
        let doc = layout(b, &PdfOptions::default()).unwrap();
        // Front matter in roman numerals, the text from 1 on a right-hand page.
        assert_eq!(doc.labels[0].style, LabelStyle::Roman);
        assert_eq!(doc.labels[1].style, LabelStyle::Arabic);
        assert_eq!(doc.labels[1].start % 2, 0);
        // Bookmarks: the contents, each document, the sources page.
        let titles: Vec<&str> = doc.outline.iter().map(|e| e.title.as_str()).collect();
        let mut expected = vec!["Contents"];
        expected.extend(b.documents.iter().map(|d| d.title.as_str()));
        expected.push("Sources and licence");
        assert_eq!(titles, expected);
        // Every document opens on a right-hand page.
        for e in &doc.outline[1..] {
            assert_eq!(e.page % 2, 0, "{} opens on a left-hand page", e.title);
        }
        // The file has the pages the layout made.
        if have("pdfinfo") {
            let bytes = pdf(b, &PdfOptions::default()).unwrap();
            let file = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(file.path(), &bytes).unwrap();
            let (_, info) = run("pdfinfo", &[file.path().to_str().unwrap()]);
            assert!(
                info.contains(&format!("Pages:           {}", doc.pages.len())),
                "{info}"
            );
            assert!(
                info.contains(&format!("Title:           {}", b.meta.title)),
                "{info}"
            );
        }
    }
}

#[test]
fn sections_nest_under_their_document() {
    let b = book(Path::new("tests/fixtures/markdown/anthology.md"));
    let doc = layout(&b, &PdfOptions::default()).unwrap();
    let headings: usize = b
        .documents
        .iter()
        .flat_map(|d| &d.blocks)
        .filter(|b| matches!(b, samizdat::model::Block::Heading { .. }))
        .count();
    let children: usize = doc.outline.iter().map(|e| count(&e.children)).sum();
    assert_eq!(children, headings);

    fn count(entries: &[samizdat::pdf::layout::OutlineEntry]) -> usize {
        entries.iter().map(|e| 1 + count(&e.children)).sum()
    }
}

#[test]
fn the_same_book_gives_the_same_bytes() {
    let b = book(Path::new("seeds/serge-letter-to-trotsky-1936.txt"));
    let options = PdfOptions {
        source_date_epoch: Some(1_700_000_000),
        ..PdfOptions::default()
    };
    let one = pdf(&b, &options).unwrap();
    let two = pdf(&b, &options).unwrap();
    assert!(one == two, "two builds differ");
    let later = pdf(
        &b,
        &PdfOptions {
            source_date_epoch: Some(1_800_000_000),
            ..PdfOptions::default()
        },
    )
    .unwrap();
    assert!(one != later, "the date is not written");
}

#[test]
fn every_page_size_is_set() {
    let b = book(Path::new("seeds/serge-letter-to-trotsky-1936.txt"));
    for (size, w, h) in [
        ("a5", 419.53, 595.28),
        ("a4", 595.28, 841.89),
        ("letter", 612.0, 792.0),
        ("6x9", 432.0, 648.0),
    ] {
        let size: PageSize = size.parse().unwrap();
        let doc = layout(
            &b,
            &PdfOptions {
                page_size: size,
                ..PdfOptions::default()
            },
        )
        .unwrap();
        let p = &doc.pages[0];
        assert!((p.width - w).abs() < 0.01 && (p.height - h).abs() < 0.01);
        assert!(doc
            .pages
            .iter()
            .all(|p| p.lines.iter().all(|l| l.width <= l.measure + 0.01)));
    }
}

#[test]
fn an_italian_book_s_sources_page_is_in_italian() {
    if !have("pdftotext") {
        return;
    }
    let (_, _, pdf) = built()
        .iter()
        .find(|(input, _, _)| input.ends_with("italian-labels.txt"))
        .expect("the Italian fixture is built");
    let (ok, text) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(ok);
    assert!(text.contains("Fonti e licenza") && text.contains("Licenza: "));
    for english in [
        "Licence:",
        "as given",
        "Identifier",
        "Made with",
        "This edition",
        "Set in",
        "Rights:",
    ] {
        assert!(
            !text.contains(english),
            "“{english}” in the Italian book's PDF"
        );
    }
}
