//! Tables end to end: a manuscript's pipe tables (alignments, captions), a grid table, a
//! table wider than the page and one longer than a page, read into the model and set in
//! both editions — checked from the model, the EPUB's markup and EPUBCheck, the PDF's
//! layout (no line wider than its measure, the header again on a continuation page, the
//! wide table set smaller) and the PDF from the outside (`pdftotext`, `qpdf`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use samizdat::model::{Alignment, Block, Book, Inline};
use samizdat::pdf::layout::Item;
use samizdat::pdf::{layout, PdfOptions};
use samizdat::project::read_input;
use samizdat::verify;

const BOOK: &str = "tests/fixtures/tables/book.md";

fn book() -> &'static Book {
    static BOOK_MODEL: OnceLock<Book> = OnceLock::new();
    BOOK_MODEL.get_or_init(|| read_input(Path::new(BOOK)).unwrap().value)
}

/// The book's tables, in order: (head, rows, align, caption).
type TableRef<'a> = (
    &'a [Vec<Inline>],
    &'a [Vec<Vec<Inline>>],
    &'a [Alignment],
    &'a [Inline],
);

fn tables(book: &Book) -> Vec<TableRef<'_>> {
    book.documents
        .iter()
        .flat_map(|d| &d.blocks)
        .filter_map(|b| match b {
            Block::Table {
                head,
                rows,
                align,
                caption,
            } => Some((
                head.as_slice(),
                rows.as_slice(),
                align.as_slice(),
                caption.as_slice(),
            )),
            _ => None,
        })
        .collect()
}

fn text(inlines: &[Inline]) -> String {
    samizdat::model::inlines_text(inlines)
}

/// Runs a checker on a file and returns its output; `None` when the checker is not
/// installed (under `CI=true` that fails the test).
fn checker(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            let said = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "{tool} {args:?}: {said}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(said)
        }
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{tool} is missing: install poppler-utils and qpdf")
        }
        Err(_) => None,
    }
}

/// The book built once with the command line: its folder, EPUB, PDF and pamphlet.
fn built() -> &'static (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf, PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = assert_cmd::Command::cargo_bin("samizdat")
            .unwrap()
            .args(["build", BOOK, "--out"])
            .arg(dir.path())
            .args(["--format", "epub,pdf,pamphlet"])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let slug = "tables-of-the-strike";
        let epub = dir.path().join(format!("{slug}.epub"));
        let pdf = dir.path().join(format!("{slug}.pdf"));
        let pamphlet = dir.path().join(format!("{slug}-pamphlet.pdf"));
        (dir, epub, pdf, pamphlet)
    })
}

#[test]
fn the_manuscript_gives_alignments_captions_and_grid_tables() {
    let t = tables(book());
    assert_eq!(t.len(), 4);
    let (head, rows, align, caption) = t[0];
    assert_eq!(head.len(), 4);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        align,
        [
            Alignment::Left,
            Alignment::Right,
            Alignment::Center,
            Alignment::Right
        ]
    );
    assert_eq!(text(caption), "Wages in Petrograd, 1916, by trade.");
    // `: caption` after a table of default alignments.
    let (_, _, align, caption) = t[1];
    assert!(align.is_empty());
    assert_eq!(text(caption), "The committees and their duties.");
    // The grid table: its header's border gives the alignments, its cells' lines joined.
    let (head, rows, align, caption) = t[2];
    assert_eq!(text(&head[2]), "Strikers");
    assert_eq!(
        align,
        [Alignment::Left, Alignment::Default, Alignment::Right]
    );
    assert_eq!(
        text(&rows[0][1]),
        "The general strike that brought the October Manifesto"
    );
    assert!(caption.is_empty());
    let (_, rows, _, _) = t[3];
    assert_eq!(rows.len(), 60);
    // No caption paragraph is left in the text.
    let body: String = book().documents.iter().map(|d| d.body_text()).collect();
    assert!(!body.contains("Table:"), "{body}");
}

#[test]
fn tables_survive_the_markdown_round_trip() {
    verify::round_trip(book()).unwrap();
}

#[test]
fn the_epub_has_captions_headers_and_alignment_classes_and_passes_epubcheck() {
    let (_, epub, _, _) = built();
    let files = verify::unzip(&std::fs::read(epub).unwrap()).unwrap();
    let doc: String = files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert_eq!(doc.matches("<table>").count(), 4);
    assert!(doc.contains("<caption>Wages in Petrograd, 1916, by trade.</caption>"));
    assert!(doc.contains("<thead>\n<tr><th scope=\"col\" class=\"left\">Trade</th>"));
    assert!(doc.contains("<td class=\"right\">24 roubles</td>"));
    assert!(doc.contains("<td class=\"center\">58</td>"));
    assert_eq!(doc.matches("<tbody>").count(), 4);
    assert!(!doc.contains("style="), "alignment by class only");
    let css = files
        .iter()
        .find(|(n, _)| n.ends_with("stylesheet.css"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(css.contains("td.right") && css.contains("caption"));
    assert!(verify::verify_epub(book(), &std::fs::read(epub).unwrap()).is_empty());
    let jars = verify::epubcheck_jars();
    if jars.is_empty() {
        assert!(std::env::var("CI").is_err(), "CI must have EPUBCheck");
        eprintln!("epubcheck not installed: skipped");
    }
    for jar in jars {
        verify::epubcheck(&jar, epub).unwrap_or_else(|e| panic!("{}: {e}", jar.display()));
    }
}

/// The page layout of the reader edition.
fn pages() -> &'static samizdat::pdf::layout::Document {
    static DOC: OnceLock<samizdat::pdf::layout::Document> = OnceLock::new();
    DOC.get_or_init(|| layout(book(), &PdfOptions::default()).unwrap())
}

#[test]
fn no_line_of_a_table_is_wider_than_its_measure() {
    for (i, page) in pages().pages.iter().enumerate() {
        for l in &page.lines {
            assert!(
                l.width <= l.measure + 0.01,
                "page {i}: a line of {:.2} pt on a measure of {:.2}",
                l.width,
                l.measure
            );
            assert!(
                l.x >= 0.0 && l.x + l.width <= page.width,
                "page {i}: a line off the page"
            );
        }
    }
}

#[test]
fn the_long_table_runs_on_with_its_header_repeated_and_rows_whole() {
    let doc = pages();
    let with = |word: &str| -> Vec<usize> {
        doc.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.text().contains(word))
            .map(|(i, _)| i)
            .collect()
    };
    let first = with("Membership by district")[0];
    let last = with("district 60")[0];
    assert!(last > first + 1, "the long table takes more than two pages");
    for i in first..=last {
        let t = doc.pages[i].text();
        for h in ["Year", "District", "Members", "Trend"] {
            assert!(
                t.lines().any(|l| l == h),
                "page {i} lacks the header {h}:\n{t}"
            );
        }
        // Booktabs: rules above and under the header on every page of the table.
        let rules = doc.pages[i]
            .items
            .iter()
            .filter(|it| matches!(it, Item::Rule { .. }))
            .count();
        assert!(rules >= 2, "page {i} has {rules} rules");
    }
    // Each row's two lines ("falling, after the harvest failed in the" / "eastern
    // provinces") stay on one page.
    for p in &doc.pages {
        let t = p.text();
        let lines: Vec<&str> = t.lines().collect();
        if lines.first() == Some(&"eastern provinces") {
            panic!("a row split across pages:\n{t}");
        }
    }
}

#[test]
fn the_wide_table_is_set_smaller_and_its_words_hyphenated() {
    let doc = pages();
    let page = doc
        .pages
        .iter()
        .find(|p| p.text().contains("Internationalist"))
        .unwrap();
    let size = page
        .items
        .iter()
        .find_map(|it| match it {
            Item::Text(r)
                if r.glyphs.iter().map(|g| &*g.text).collect::<String>() == "Internationalist" =>
            {
                Some(r.size)
            }
            _ => None,
        })
        .unwrap();
    let body = page
        .items
        .iter()
        .find_map(|it| match it {
            Item::Text(r) if r.glyphs.len() > 40 => Some(r.size),
            _ => None,
        })
        .unwrap();
    assert!(
        size < body * 0.8 && size >= body * 0.74,
        "{size} against {body}"
    );
}

#[test]
fn the_pdf_gives_every_cells_words_back_and_is_sound() {
    let (_, _, pdf, pamphlet) = built();
    let pdf = pdf.to_str().unwrap();
    let Some(out) = checker("pdftotext", &["-layout", pdf, "-"]) else {
        eprintln!("pdftotext not installed: skipped");
        return;
    };
    // `-layout` sets the columns side by side; it runs `0 %` together as `0%`, which
    // `-raw` (the text in drawing order) does not.
    let raw = checker("pdftotext", &["-raw", pdf, "-"]).unwrap_or_default();
    let tokens: std::collections::HashSet<&str> = out
        .split_whitespace()
        .chain(raw.split_whitespace())
        .collect();
    for (head, rows, _, caption) in tables(book()) {
        let cells = std::iter::once(caption).chain(head.iter().map(Vec::as_slice));
        let cells = cells.chain(rows.iter().flatten().map(Vec::as_slice));
        for cell in cells {
            for word in text(cell).split_whitespace() {
                // A word of the wide table may be hyphenated: its two pieces stand apart,
                // the first ending in the soft hyphen the layout's hyphen stands for.
                let whole = tokens.contains(word);
                let split = (1..word.len())
                    .filter(|&k| word.is_char_boundary(k))
                    .any(|k| {
                        ["-", "\u{ad}"]
                            .iter()
                            .any(|h| tokens.contains(format!("{}{h}", &word[..k]).as_str()))
                            && tokens.contains(&word[k..])
                    });
                assert!(whole || split, "{word} is not in the PDF's text");
            }
        }
    }
    for file in [pdf, pamphlet.to_str().unwrap()] {
        if let Some(said) = checker("qpdf", &["--check", file]) {
            assert!(
                said.contains("No syntax or stream encoding errors"),
                "{said}"
            );
        }
    }
}

#[test]
fn the_html_reader_keeps_a_tables_caption_header_and_alignments() {
    let page = read_input(Path::new("tests/fixtures/tables/page.html"))
        .unwrap()
        .value;
    let t = tables(&page);
    assert_eq!(t.len(), 1);
    let (head, rows, align, caption) = t[0];
    assert_eq!(text(caption), "Bread, kopecks a pound");
    assert_eq!(head.len(), 3);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        align,
        [Alignment::Left, Alignment::Right, Alignment::Center]
    );
}

#[test]
fn cells_spanning_columns_or_rows_keep_the_others_in_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("spans.html");
    std::fs::write(
        &page,
        "<html><body><h1>Spans</h1><p>The prices, set out by city and by month.</p><table>\
         <tr><th colspan=\"2\">Place</th><th>June</th></tr>\
         <tr><td rowspan=\"2\">North</td><td>Petrograd</td><td>9</td></tr>\
         <tr><td>Moscow</td><td>8</td></tr></table></body></html>",
    )
    .unwrap();
    let book = read_input(&page).unwrap();
    assert!(
        book.diagnostics
            .iter()
            .any(|d| d.code == "table-spans-split" && d.line == Some(1)),
        "{:?}",
        book.diagnostics
    );
    let t = tables(&book.value);
    let (head, rows, _, _) = t[0];
    let cells = |r: &[Vec<Inline>]| r.iter().map(|c| text(c)).collect::<Vec<_>>();
    assert_eq!(cells(head), ["Place", "", "June"]);
    assert_eq!(cells(&rows[0]), ["North", "Petrograd", "9"]);
    assert_eq!(cells(&rows[1]), ["", "Moscow", "8"]);
}
