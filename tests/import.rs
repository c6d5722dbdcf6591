//! The importer on the seeds and on fixtures written for it: what an editor expects of
//! each text (tests/fixtures/import/*.expect.toml), nothing lost, and a round trip through
//! the Markdown manuscript.

use std::path::{Path, PathBuf};

use samizdat::model::{Block, Book, Document, Inline, Role, SourceKind};
use samizdat::{import, verify};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expect {
    #[allow(dead_code)]
    description: String,
    language: Option<String>,
    chrome: Option<Chrome>,
    documents: Vec<ExpectDoc>,
}

#[derive(Deserialize)]
struct Chrome {
    dropped: Vec<String>,
}

#[derive(Deserialize)]
struct ExpectDoc {
    title: String,
    author: Option<String>,
    date: Option<String>,
    translator: Option<String>,
    source_labels: Option<Vec<String>>,
    licence: Option<String>,
    notes: usize,
    note_refs: usize,
    note_paragraphs: Option<Vec<usize>>,
    note_starts: Option<Vec<String>>,
    ordered_lists: Vec<usize>,
    section_breaks: usize,
    dateline: Option<String>,
    salutation: Option<String>,
    closing: Option<String>,
    signature: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/import")
        .expect("fixtures folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert!(v.len() >= 8, "at least 8 fixtures");
    v
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// Counts what a test looks for in a document.
#[derive(Default)]
struct Census {
    refs: usize,
    lists: Vec<usize>,
    breaks: usize,
    dateline: Option<String>,
    salutation: Option<String>,
    closing: Option<String>,
    signature: Option<String>,
}

fn text_of(inlines: &[Inline]) -> String {
    samizdat::model::inlines_text(inlines)
}

fn census(blocks: &[Block], c: &mut Census, top: bool) {
    for b in blocks {
        match b {
            Block::Paragraph { content } | Block::Heading { content, .. } => count_refs(content, c),
            Block::List { start, items } => {
                if top && start.is_some() {
                    c.lists.push(items.len());
                }
                for i in items {
                    census(&i.blocks, c, false);
                }
            }
            Block::BlockQuote { blocks } => census(blocks, c, false),
            Block::SectionBreak => c.breaks += 1,
            Block::Dateline { content } => c.dateline = Some(text_of(content)),
            Block::Salutation { content } => c.salutation = Some(text_of(content)),
            Block::Closing { content } => {
                count_refs(content, c);
                c.closing = Some(text_of(content))
            }
            Block::Signature { content } => c.signature = Some(text_of(content)),
            _ => {}
        }
    }
}

fn count_refs(content: &[Inline], c: &mut Census) {
    for i in content {
        match i {
            Inline::NoteRef { .. } => c.refs += 1,
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => count_refs(content, c),
            _ => {}
        }
    }
}

/// The document's text without addresses, for `absent` checks.
fn text_without_urls(doc: &Document) -> String {
    let mut t = doc.body_text();
    for w in t.clone().split_whitespace() {
        if w.contains("http") || w.contains("www.") {
            t = t.replace(w, " ");
        }
    }
    t
}

fn check_fixture(path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expect: Expect = toml::from_str(
        &std::fs::read_to_string(path.with_extension("expect.toml")).expect("expect file"),
    )
    .expect("expect file parses");
    let bytes = std::fs::read(path).unwrap();
    let parsed = match import::import(path, &bytes) {
        Ok(p) => p,
        Err(e) => return vec![format!("import failed: {e}")],
    };
    let book = &parsed.value;
    let mut p = |s: String| problems.push(s);
    if let Some(lang) = &expect.language {
        if book.meta.language.as_deref() != Some(lang) {
            p(format!(
                "language {:?}, expected {lang}",
                book.meta.language
            ));
        }
    }
    if let Some(chrome) = &expect.chrome {
        let dropped: Vec<String> = dropped_lines(path, &parsed.diagnostics);
        if dropped != chrome.dropped {
            p(format!(
                "dropped {dropped:#?}\nexpected {:#?}",
                chrome.dropped
            ));
        }
    }
    if book.documents.len() != expect.documents.len() {
        p(format!(
            "{} documents ({:?}), expected {}",
            book.documents.len(),
            book.documents.iter().map(|d| &d.title).collect::<Vec<_>>(),
            expect.documents.len()
        ));
        return problems;
    }
    for (i, (doc, e)) in book.documents.iter().zip(&expect.documents).enumerate() {
        let mut q = |s: String| problems.push(format!("document {}: {s}", i + 1));
        if doc.title != e.title {
            q(format!("title {:?}, expected {:?}", doc.title, e.title));
        }
        let creators = if i == 0 && doc.creators.is_empty() {
            &book.meta.creators
        } else {
            &doc.creators
        };
        let author = creators
            .iter()
            .find(|c| c.role == Role::Author)
            .map(|c| c.name.clone());
        if e.author.is_some() && author != e.author {
            q(format!("author {author:?}, expected {:?}", e.author));
        }
        if e.date.is_some() && doc.date != e.date {
            q(format!("date {:?}, expected {:?}", doc.date, e.date));
        }
        let translator = creators
            .iter()
            .find(|c| c.role == Role::Translator)
            .map(|c| c.name.clone());
        if e.translator.is_some() && translator != e.translator {
            q(format!(
                "translator {translator:?}, expected {:?}",
                e.translator
            ));
        }
        if let Some(labels) = &e.source_labels {
            let got: Vec<String> = doc
                .source
                .iter()
                .flat_map(|s| {
                    s.fields
                        .iter()
                        .filter(|f| f.kind != SourceKind::Other)
                        .map(|f| f.label.clone())
                })
                .collect();
            if &got != labels {
                q(format!("source labels {got:?}, expected {labels:?}"));
            }
        }
        if let Some(l) = &e.licence {
            if !doc
                .rights
                .as_ref()
                .is_some_and(|r| r.text.contains(l.as_str()))
            {
                q(format!("licence {:?}, expected one with {l:?}", doc.rights));
            }
        }
        if doc.notes.len() != e.notes {
            q(format!("{} notes, expected {}", doc.notes.len(), e.notes));
        }
        let mut c = Census::default();
        census(&doc.blocks, &mut c, true);
        for n in &doc.notes {
            census(&n.blocks, &mut c, false);
        }
        if c.refs != e.note_refs {
            q(format!(
                "{} note references, expected {}",
                c.refs, e.note_refs
            ));
        }
        if let Some(paras) = &e.note_paragraphs {
            let got: Vec<usize> = doc.notes.iter().map(|n| n.blocks.len()).collect();
            if &got != paras {
                q(format!("note paragraphs {got:?}, expected {paras:?}"));
            }
        }
        if let Some(starts) = &e.note_starts {
            for (n, s) in doc.notes.iter().zip(starts) {
                let t = n.blocks.first().map(|b| match b {
                    Block::Paragraph { content } => text_of(content),
                    _ => String::new(),
                });
                if !t.as_deref().is_some_and(|t| t.starts_with(s.as_str())) {
                    q(format!("note {} starts {t:?}, expected {s:?}", n.id));
                }
            }
        }
        if c.lists != e.ordered_lists {
            q(format!(
                "ordered lists {:?}, expected {:?}",
                c.lists, e.ordered_lists
            ));
        }
        if c.breaks != e.section_breaks {
            q(format!(
                "{} section breaks, expected {}",
                c.breaks, e.section_breaks
            ));
        }
        for (what, got, want, prefix) in [
            ("dateline", &c.dateline, &e.dateline, false),
            ("salutation", &c.salutation, &e.salutation, false),
            ("closing", &c.closing, &e.closing, true),
            ("signature", &c.signature, &e.signature, false),
        ] {
            if let Some(w) = want {
                let ok = got.as_deref().is_some_and(|g| {
                    if prefix {
                        g.starts_with(w.as_str())
                    } else {
                        g == w
                    }
                });
                if !ok {
                    q(format!("{what} {got:?}, expected {w:?}"));
                }
            }
        }
        let text = doc.body_text();
        for s in &e.contains {
            if !text.contains(s.as_str()) {
                q(format!("text lacks {s:?}"));
            }
        }
        let bare = text_without_urls(doc);
        for s in &e.absent {
            if bare.contains(s.as_str()) {
                q(format!("text still has {s:?}"));
            }
        }
    }
    problems
}

/// The lines reported as dropped, as the source wrote them.
fn dropped_lines(path: &Path, diagnostics: &[samizdat::diagnostic::Diagnostic]) -> Vec<String> {
    let text = normalized(path);
    let lines: Vec<&str> = text.lines().collect();
    diagnostics
        .iter()
        .filter(|d| d.code == "chrome-dropped")
        .filter_map(|d| d.line.map(|l| lines[l - 1].trim().to_string()))
        .collect()
}

fn normalized(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let t = String::from_utf8(bytes).unwrap();
    t.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

#[test]
fn fixtures_meet_the_editors_expectations() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let problems = check_fixture(&f);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", f.display(), problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every word of the input, less the lines reported as dropped, is in the model.
fn assert_nothing_lost(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let parsed = import::import(path, &bytes).unwrap();
    let source = String::from_utf8(bytes).unwrap();
    let lost = verify::lost_in_import(&source, &parsed.value, &parsed.diagnostics);
    assert!(lost.is_empty(), "{}: words lost: {lost:?}", path.display());
}

#[test]
fn nothing_is_lost_from_seeds_or_fixtures() {
    for f in seeds().iter().chain(&fixtures()) {
        assert_nothing_lost(f);
    }
}

fn round_trip(path: &Path) {
    let book: Book = import::import(path, &std::fs::read(path).unwrap())
        .unwrap()
        .value;
    if let Err(e) = verify::round_trip(&book) {
        panic!("{}: {e}", path.display());
    }
}

#[test]
fn manuscripts_round_trip_to_the_same_model() {
    for f in seeds().iter().chain(&fixtures()) {
        round_trip(f);
    }
}

#[test]
fn seed_models_match_their_snapshots() {
    for f in seeds() {
        let book = import::import(&f, &std::fs::read(&f).unwrap())
            .unwrap()
            .value;
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_json_snapshot!(name, book);
    }
}
