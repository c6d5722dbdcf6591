//! The Markdown front end: front matter, documents, notes, letters, and errors that say
//! where and how to fix them.

use std::path::Path;

use samizdat::diagnostic::{Error, Severity};
use samizdat::markdown;
use samizdat::model::{Block, Inline, Role, SourceKind};
use samizdat::project::read_input;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new("tests/fixtures/markdown").join(name)
}

fn errors(name: &str) -> Vec<(String, Option<usize>, String)> {
    match read_input(&fixture(name)) {
        Ok(_) => panic!("{name} should fail"),
        Err(Error::Input(ds)) => ds
            .into_iter()
            .map(|d| {
                assert_eq!(d.severity, Severity::Error);
                assert!(d.hint.is_some(), "{name}: every error says how to fix it");
                assert!(d.file.ends_with(name));
                (d.code.to_string(), d.line, d.message)
            })
            .collect(),
        Err(e) => panic!("{name}: unexpected {e}"),
    }
}

#[test]
fn an_anthology_reads_into_documents_with_their_provenance() {
    let book = read_input(&fixture("anthology.md")).unwrap();
    assert!(book.diagnostics.is_empty(), "{:?}", book.diagnostics);
    let book = book.value;
    let m = &book.meta;
    assert_eq!(m.title, "Two Texts");
    assert_eq!(m.subtitle.as_deref(), Some("An anthology"));
    assert_eq!(
        m.creators
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Jane Doe", "John Roe"]
    );
    assert_eq!(m.language.as_deref(), Some("en-GB"));
    assert_eq!(
        m.rights.as_ref().unwrap().url.as_deref(),
        Some("https://creativecommons.org/licenses/by-sa/4.0/")
    );
    assert_eq!(m.identifier.as_deref(), Some("urn:isbn:9780000000000"));
    assert_eq!(m.subjects, ["history", "letters"]);
    assert_eq!(book.documents.len(), 2);

    let essay = &book.documents[0];
    assert_eq!(essay.title, "The Essay");
    // A note referenced twice is one note; a note of two paragraphs keeps both.
    assert_eq!(essay.notes.len(), 2);
    assert_eq!(essay.notes[0].id, "twice");
    assert_eq!(essay.notes[0].mark, "1");
    assert_eq!(essay.notes[1].blocks.len(), 2);
    let refs = essay.body_text();
    assert!(refs.contains("Second paragraph of the same note."));
    let Block::Paragraph { content } = &essay.blocks[0] else {
        panic!("a paragraph first")
    };
    let ids: Vec<&str> = content
        .iter()
        .filter_map(|i| match i {
            Inline::NoteRef { id } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["twice", "long", "twice"]);
    assert!(content.iter().any(|i| matches!(i, Inline::Emphasis { .. })));
    assert!(content.iter().any(|i| matches!(i, Inline::Strong { .. })));
    assert!(content.iter().any(|i| matches!(i, Inline::Code { .. })));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Link { url, title, .. } if url == "https://example.org" && title == "t")));
    assert!(essay
        .blocks
        .iter()
        .any(|b| matches!(b, Block::BlockQuote { .. })));
    assert!(essay
        .blocks
        .iter()
        .any(|b| matches!(b, Block::List { start: None, items } if items.len() == 2)));
    assert!(essay
        .blocks
        .iter()
        .any(|b| matches!(b, Block::List { start: Some(1), .. })));
    assert!(essay.blocks.contains(&Block::SectionBreak));
    assert!(essay
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { level: 2, id: Some(id), .. } if id == "sec")));

    let letter = &book.documents[1];
    assert_eq!(
        letter.names(Role::Author).collect::<Vec<_>>(),
        ["Victor Serge"]
    );
    assert_eq!(
        letter.names(Role::Translator).collect::<Vec<_>>(),
        ["Mitch Abidor"]
    );
    assert_eq!(letter.date.as_deref(), Some("1936"));
    let source = letter.source.as_ref().unwrap();
    assert_eq!(source.fields.len(), 3);
    assert_eq!(source.fields[1].kind, SourceKind::Translation);
    assert_eq!(source.fields[2].label, "");
    assert!(letter.rights.as_ref().unwrap().share_alike);
    let kinds: Vec<&str> = letter
        .blocks
        .iter()
        .map(|b| match b {
            Block::Dateline { .. } => "dateline",
            Block::Salutation { .. } => "salutation",
            Block::Closing { .. } => "closing",
            Block::Signature { .. } => "signature",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["dateline", "salutation", "other", "closing", "signature"]
    );
    assert_eq!(letter.notes.len(), 1);
    assert_eq!(letter.notes[0].mark, "1");
}

#[test]
fn a_manuscript_round_trips_through_the_writer() {
    let book = read_input(&fixture("anthology.md")).unwrap().value;
    let md = markdown::write(&book);
    let back = markdown::parse(Path::new("again.md"), &md).unwrap().value;
    assert_eq!(back, book, "{md}");
}

#[test]
fn an_undefined_reference_is_an_error_on_its_line() {
    let e = errors("undefined.md");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "note-undefined");
    assert_eq!(e[0].1, Some(7));
    assert!(e[0].2.contains("[^missing]"));
}

#[test]
fn an_unreferenced_definition_is_a_warning_on_its_line_and_its_text_is_kept() {
    let parsed = read_input(&fixture("unreferenced.md")).expect("a lone note is no error");
    let warnings: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "note-unreferenced")
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert_eq!(warnings[0].line, Some(9));
    assert!(warnings[0].message.contains("`[^b]`"));
    let doc = &parsed.value.documents[0];
    let text = doc.body_text();
    assert!(text.contains("Notes without a reference"), "{text}");
    assert!(text.contains("Never used."), "{text}");
    // The referenced note stays a note; the other is text at the end, not a note.
    assert_eq!(doc.notes.len(), 1);
}

#[test]
fn two_definitions_of_one_label_are_an_error() {
    let e = errors("duplicate.md");
    assert_eq!(e[0].0, "note-duplicate");
    assert_eq!(e[0].1, Some(9));
    assert!(e[0].2.contains("first on line 7"), "{}", e[0].2);
}

#[test]
fn malformed_front_matter_is_an_error_on_its_line() {
    let e = errors("bad-front-matter.md");
    assert_eq!(e[0].0, "front-matter-syntax");
    assert!(matches!(e[0].1, Some(3..=4)), "{:?}", e[0].1);
}

#[test]
fn empty_inputs_and_bad_encodings_are_errors() {
    assert_eq!(errors("empty.md")[0].0, "empty-input");
    assert_eq!(errors("empty.txt")[0].0, "empty-input");
    let e = errors("latin1.txt");
    assert_eq!(e[0].0, "invalid-utf8");
    assert_eq!(e[0].1, Some(3));
}

#[test]
fn an_unknown_key_warns_and_names_the_nearest() {
    let parsed = read_input(&fixture("unknown-key.md")).unwrap();
    let d = &parsed.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.line, Some(3));
    assert!(d.to_string().contains("did you mean `author`?"), "{d}");
}

#[test]
fn a_pandoc_book_builds_unchanged() {
    // The shape ../shared/tools/make-big-book.py writes: pandoc's names, `[^n]` notes,
    // one `#` heading per chapter.
    let md = "---\ntitle: \"A Long Book\"\nauthor: \"Generated\"\nlang: en-GB\n---\n\n# Chapter 1: Letters\n\n## Section 1.1\n\nText.[^1]\n\n> Quoted\n\n1. a\n2. b\n\n[^1]: A note.\n\n# Chapter 2\n\nMore.[^2]\n\n[^2]: Another.\n";
    let book = markdown::parse(Path::new("big.md"), md).unwrap();
    assert!(book.diagnostics.is_empty());
    let book = book.value;
    assert_eq!(book.meta.title, "A Long Book");
    assert_eq!(book.documents.len(), 2);
    assert_eq!(book.documents[1].notes[0].id, "2");
}
