//! The accessible and archival reader edition, checked from the outside: tagged PDF/UA-1
//! (`pdfua check` finds nothing, `pdfinfo` says tagged, the structure tree holds every
//! word in reading order with each note after its reference, hyphens the layout added
//! are soft), PDF/A-2 (the XMP metadata, the information dictionary and the output intent
//! agree, read with pikepdf; pikepdf's validator where it is installed), reproducible,
//! and the option's errors.
//!
//! The outside tools (poppler-utils, qpdf, PyPI's `pdfua` and `pikepdf`) are skipped when
//! missing, except under `CI=true`, where a missing tool fails the test.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use samizdat::model::words;
use samizdat::pdf::{layout, pdf, PdfOptions, PdfStandard};
use samizdat::project::read_input;

mod tools;
use tools::{build_pdfs, have, printed_text, run, Built};

/// The inputs: both seeds, the archive pages of ../shared/corpora/mia where present, the
/// Markdown anthology (notes, lists, a block quote, a letter) and the book of tables.
fn inputs() -> Vec<PathBuf> {
    let mut v = tools::files_in(&["seeds", "../shared/corpora/mia"], &["txt"]);
    v.push(PathBuf::from("tests/fixtures/markdown/anthology.md"));
    v.push(PathBuf::from("tests/fixtures/tables/book.md"));
    v.sort();
    v
}

/// Every input's PDF/UA-1 reader edition, written once into a temporary folder.
fn built() -> &'static Vec<Built> {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<Built>)> = OnceLock::new();
    &BUILT.get_or_init(|| build_pdfs(inputs())).1
}

#[test]
fn pdfua_finds_nothing() {
    if !have("pdfua", &["--version"]) {
        return;
    }
    for (input, _, file) in built() {
        // Exit 0: no finding at all, of any severity.
        let (ok, text) = run("pdfua", &["check", file.to_str().unwrap()]);
        assert!(ok, "{}: {text}", input.display());
        assert!(
            !text.contains("[ERROR]") && !text.contains("[WARN"),
            "{text}"
        );
    }
}

#[test]
fn pdfinfo_says_tagged() {
    if !have("pdfinfo", &["-v"]) {
        return;
    }
    for (input, _, file) in built() {
        let (ok, text) = run("pdfinfo", &[file.to_str().unwrap()]);
        assert!(ok, "{text}");
        let tagged = text.lines().find(|l| l.starts_with("Tagged:"));
        assert_eq!(
            tagged.map(|l| l.split_whitespace().last()),
            Some(Some("yes")),
            "{}: {text}",
            input.display()
        );
    }
}

/// The structure tree's text (`pdfinfo -struct-text`), one line per element or run.
fn struct_text(file: &Path) -> String {
    let (ok, text) = run("pdfinfo", &["-struct-text", file.to_str().unwrap()]);
    assert!(ok, "{text}");
    text
}

#[test]
fn every_word_of_the_model_is_in_the_structure_tree() {
    if !have("pdfinfo", &["-v"]) {
        return;
    }
    for (input, book, file) in built() {
        // The tree's text in reading order: its runs joined as a reader of it joins them,
        // without the hyphens the layout added (each a run of its own, `-` to poppler,
        // which reads no `ActualText` there); a line's end has no space, so a word is
        // looked for in the words, else in the text.
        let text: String = struct_text(file)
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"'))
            .filter(|t| *t != "-")
            .collect();
        let found: HashSet<String> = words(&text).into_iter().collect();
        let lower = text.to_lowercase().replace(['’', '‘', 'ʼ'], "'");
        let missing: Vec<String> = words(&printed_text(book))
            .into_iter()
            .filter(|w| !found.contains(w) && !lower.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: missing {missing:?}",
            input.display()
        );
    }
}

#[test]
fn each_note_follows_the_paragraph_that_references_it() {
    if !have("pdfinfo", &["-v"]) {
        return;
    }
    let mut notes_seen = 0;
    for (input, _, file) in built() {
        let text = struct_text(file);
        let lines: Vec<&str> = text.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            let Some(id) = line.trim().strip_prefix("Note <") else {
                continue;
            };
            notes_seen += 1;
            // The note's number, the text of its label's link two lines down.
            let number = lines
                .get(k + 3)
                .map(|l| l.trim().trim_matches('"').trim_end_matches('.'))
                .unwrap_or_default();
            let indent = line.len() - line.trim_start().len();
            // Before it, at its own depth, the block that holds its reference (a
            // Reference whose link says the number), with nothing at that depth between.
            let before = lines[..k]
                .iter()
                .rposition(|l| l.len() - l.trim_start().len() == indent && !l.contains("Note <"));
            let Some(start) = before else {
                panic!("{}: note {id} stands first", input.display());
            };
            let block = &lines[start..k];
            let referenced = block.windows(3).any(|w| {
                w[0].trim() == "Reference (inline)" && w[2].trim().trim_matches('"') == number
            });
            assert!(
                referenced,
                "{}: note {id} ({number}) does not follow its reference: {:?}",
                input.display(),
                &block[..block.len().min(8)]
            );
        }
    }
    assert!(notes_seen > 0, "no notes in the inputs");
}

#[test]
fn hyphens_the_layout_added_are_soft_in_the_text() {
    if !have("pdftotext", &["-v"]) {
        return;
    }
    let mut hyphenated = 0;
    for (input, book, file) in built() {
        let doc = layout(book, &PdfOptions::default()).unwrap();
        let added = doc
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.hyphenated)
            .count();
        hyphenated += added;
        let (ok, text) = run("pdftotext", &["-enc", "UTF-8", file.to_str().unwrap(), "-"]);
        assert!(ok, "{text}");
        // Each comes back as a soft hyphen at its line's end (which copying and
        // searching join), never as a hard one.
        let soft = text.matches("\u{ad}\n").count();
        assert_eq!(soft, added, "{}", input.display());
    }
    assert!(hyphenated > 0, "no line of the inputs is hyphenated");
}

/// Runs a Python script with pikepdf on a file; `None` when pikepdf is missing (and
/// not under CI).
fn pikepdf(script: &str, file: &Path) -> Option<String> {
    if !have("python3", &["-c", "import pikepdf"]) {
        return None;
    }
    let (ok, text) = run("python3", &["-c", script, file.to_str().unwrap()]);
    assert!(ok, "{text}");
    Some(text)
}

/// Reads the XMP metadata, the information dictionary and the output intent.
const READ_METADATA: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
meta = pdf.open_metadata()
info = pdf.docinfo
def d(x): return str(x) if x is not None else ''
print('part', meta.get('pdfaid:part'))
print('conformance', meta.get('pdfaid:conformance'))
print('ua', meta.get('pdfuaid:part'))
print('title', meta.get('dc:title') == d(info.get('/Title')))
print('creator', meta.get('dc:creator') == [d(info.get('/Author'))])
print('producer', meta.get('pdf:Producer') == d(info.get('/Producer')))
print('created', meta.get('xmp:CreateDate'), d(info.get('/CreationDate')))
print('modified', meta.get('xmp:ModifyDate'), d(info.get('/ModDate')))
intents = pdf.Root.get('/OutputIntents')
for oi in intents or []:
    print('intent', oi.S, oi.OutputConditionIdentifier, oi.DestOutputProfile.N)
print('encrypted', pdf.is_encrypted)
"#;

fn pdfa(file_name: &str, standard: PdfStandard, date: i64) -> (tempfile::TempDir, PathBuf) {
    let b = read_input(Path::new("seeds/serge-letter-to-trotsky-1936.txt"))
        .unwrap()
        .value;
    let options = PdfOptions {
        standard,
        source_date_epoch: Some(date),
        ..PdfOptions::default()
    };
    let bytes = pdf(&b, &options).unwrap();
    assert_eq!(bytes, pdf(&b, &options).unwrap(), "two builds differ");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(file_name);
    std::fs::write(&file, bytes).unwrap();
    (dir, file)
}

#[test]
fn pdfa_metadata_information_and_output_intent_agree() {
    for (standard, level) in [(PdfStandard::A2b, "B"), (PdfStandard::A2a, "A")] {
        let (_dir, file) = pdfa("a.pdf", standard, 1_700_000_000);
        let Some(text) = pikepdf(READ_METADATA, &file) else {
            return;
        };
        let has = |line: &str| text.lines().any(|l| l == line);
        assert!(has("part 2"), "{text}");
        assert!(has(&format!("conformance {level}")), "{text}");
        assert!(has("ua 1"), "{text}");
        for same in [
            "title True",
            "creator True",
            "producer True",
            "encrypted False",
        ] {
            assert!(has(same), "{same}: {text}");
        }
        // The dates from SOURCE_DATE_EPOCH, the same instant in both.
        assert!(
            has("created 2023-11-14T22:13:20Z D:20231114221320Z"),
            "{text}"
        );
        assert!(
            has("modified 2023-11-14T22:13:20Z D:20231114221320Z"),
            "{text}"
        );
        assert!(has("intent /GTS_PDFA1 sRGB IEC61966-2.1 3"), "{text}");
    }
    // Without PDF/A: PDF/UA only, no output intent.
    let (_dir, file) = pdfa("ua.pdf", PdfStandard::Ua1, 0);
    if let Some(text) = pikepdf(READ_METADATA, &file) {
        assert!(
            text.contains("part None") && text.contains("ua 1"),
            "{text}"
        );
        assert!(!text.contains("intent"), "{text}");
    }
}

/// pikepdf's PDF/A-2b validator (its `pdfa` extra): the findings other than the
/// extension schema of the PDF/UA identification, which it does not read (typst's own
/// `a-2b` and `ua-1` file gets the same).
const VALIDATE: &str = r#"
import sys, pikepdf.pdfa as pa
r = pa.validate_written(sys.argv[1], '2b')
schema = ('pdfaExtension', 'pdfaSchema', 'pdfaProperty', 'pdfuaid:part')
for v in r.violations:
    if not ('6.6.2.3.1-1' in str(v) and any(s in str(v) for s in schema)):
        print('violation', v)
print('checked')
"#;

#[test]
fn pikepdf_finds_no_pdfa_violation_but_the_schema_it_does_not_read() {
    let (_dir, file) = pdfa("a.pdf", PdfStandard::A2b, 0);
    if !have("python3", &["-c", "import pikepdf.pdfa"]) {
        return;
    }
    let (ok, text) = run("python3", &["-c", VALIDATE, file.to_str().unwrap()]);
    assert!(ok && text.contains("checked"), "{text}");
    assert!(!text.contains("violation"), "{text}");
}

#[test]
fn a_bad_pdf_standard_is_an_input_error_that_names_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("samizdat")
        .unwrap()
        .args(["build", "seeds/trotsky-and-serge.txt", "--format", "pdf"])
        .args(["--pdf-standard", "a-1b", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[pdf-standard]"), "{err}");
    assert!(err.contains("a-1b") && err.contains("a-2b"), "{err}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing is written"
    );
}

#[test]
fn the_pamphlet_of_a_tagged_reader_edition_is_untagged_and_whole() {
    let b = read_input(Path::new("seeds/serge-letter-to-trotsky-1936.txt"))
        .unwrap()
        .value;
    let options = PdfOptions {
        standard: PdfStandard::A2b,
        ..PdfOptions::default()
    };
    let reader = pdf(&b, &options).unwrap();
    let sheets = samizdat::pdf::impose(
        &reader,
        &samizdat::pdf::PamphletOptions::for_page(samizdat::pdf::PageSize::A5),
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&sheets).unwrap();
    let catalog = doc.catalog().unwrap();
    for key in [b"StructTreeRoot".as_slice(), b"MarkInfo"] {
        assert!(
            catalog.get(key).is_err(),
            "{}",
            String::from_utf8_lossy(key)
        );
    }
    // Its colours are still the reader's sRGB.
    assert!(catalog.get(b"OutputIntents").is_ok());
    let reader_pages = lopdf::Document::load_mem(&reader)
        .unwrap()
        .get_pages()
        .len();
    assert_eq!(doc.get_pages().len(), reader_pages.div_ceil(4) * 2);
}
