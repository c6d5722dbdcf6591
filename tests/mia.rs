//! The importer on pages of the Marxists Internet Archive: the twelve real pages of
//! `../shared/corpora/mia` (when present; under `CI=true` they must be), and small pages
//! written here in other wordings (tests/fixtures/mia), each read as an editor would.

use std::path::{Path, PathBuf};

use samizdat::diagnostic::{Diagnostic, Severity};
use samizdat::model::{Block, Book, Document, Inline, Role, SourceKind};
use samizdat::{import, verify};

// ---------------------------------------------------------------------------------------
// Helpers

/// Imports a page; the book and its diagnostics.
fn import(path: &Path) -> (Book, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = import::import(path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (parsed.value, parsed.diagnostics)
}

/// The lines reported as dropped (chrome, notes headings), as the page wrote them.
fn dropped(path: &Path, diagnostics: &[Diagnostic]) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap().replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    diagnostics
        .iter()
        .filter(|d| d.code == "chrome-dropped")
        .filter_map(|d| {
            d.line.map(|l| {
                lines[l - 1]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .collect()
}

/// Every word of the page outside the lines reported as dropped is in the model.
fn assert_every_word_kept(path: &Path, book: &Book, diagnostics: &[Diagnostic]) {
    let source = std::fs::read_to_string(path).unwrap();
    let lost = verify::lost_in_import(&source, book, diagnostics);
    assert!(lost.is_empty(), "{}: words lost: {lost:?}", path.display());
}

/// The manuscript written from the model reads back into the same model.
fn assert_round_trip(path: &Path, book: &Book) {
    if let Err(e) = verify::round_trip(book) {
        panic!("{}: {e}", path.display());
    }
}

fn authors(book: &Book) -> Vec<&str> {
    let doc = &book.documents[0];
    let creators = if doc.creators.is_empty() {
        &book.meta.creators
    } else {
        &doc.creators
    };
    creators
        .iter()
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.as_str())
        .collect()
}

fn people(book: &Book, role: Role) -> Vec<&str> {
    book.meta
        .creators
        .iter()
        .chain(&book.documents[0].creators)
        .filter(|c| c.role == role)
        .map(|c| c.name.as_str())
        .collect()
}

fn source_kinds(doc: &Document) -> Vec<SourceKind> {
    doc.source
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.kind))
        .collect()
}

/// Counts the note references in blocks, title and header.
fn note_refs(doc: &Document) -> usize {
    fn inl(i: &[Inline]) -> usize {
        i.iter()
            .map(|x| match x {
                Inline::NoteRef { .. } => 1,
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => inl(content),
                _ => 0,
            })
            .sum()
    }
    fn blk(b: &[Block]) -> usize {
        b.iter()
            .map(|x| match x {
                Block::Paragraph { content }
                | Block::Heading { content, .. }
                | Block::Dateline { content }
                | Block::Salutation { content }
                | Block::Closing { content }
                | Block::Signature { content } => inl(content),
                Block::BlockQuote { blocks } => blk(blocks),
                Block::List { items, .. } => items.iter().map(|i| blk(&i.blocks)).sum(),
                _ => 0,
            })
            .sum()
    }
    let head: usize = doc.title_notes.len()
        + doc
            .source
            .iter()
            .flat_map(|s| &s.fields)
            .map(|f| f.notes.len())
            .sum::<usize>();
    head + blk(&doc.blocks) + doc.notes.iter().map(|n| blk(&n.blocks)).sum::<usize>()
}

fn has_block(doc: &Document, f: impl Fn(&Block) -> bool) -> bool {
    doc.blocks.iter().any(f)
}

fn text(content: &[Inline]) -> String {
    samizdat::model::inlines_text(content)
}

/// The checks every archive page must pass: one document, every word kept, a
/// manuscript that reads back, notes all referenced, no warnings, header and licence.
fn common(path: &Path) -> (Book, Vec<Diagnostic>) {
    let (book, diags) = import(path);
    assert_eq!(
        book.documents.len(),
        1,
        "{}: one page is one text, got {:?}",
        path.display(),
        book.documents.iter().map(|d| &d.title).collect::<Vec<_>>()
    );
    let warnings: Vec<String> = diags
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.to_string())
        .collect();
    assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
    let doc = &book.documents[0];
    assert!(
        doc.source.is_some(),
        "{}: the header is the source",
        path.display()
    );
    assert!(
        note_refs(doc) >= doc.notes.len(),
        "{}: every note is referenced",
        path.display()
    );
    assert_every_word_kept(path, &book, &diags);
    assert_round_trip(path, &book);
    (book, diags)
}

// ---------------------------------------------------------------------------------------
// The twelve pages of ../shared/corpora/mia

/// The corpus page, or `None` outside this workplace (never under `CI=true`).
fn corpus(name: &str) -> Option<PathBuf> {
    let path = Path::new("../shared/corpora/mia").join(name);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{} is missing (CI=true)",
        path.display()
    );
    eprintln!("skipped: {} is not here", path.display());
    None
}

/// What an editor reads from one page.
struct Page {
    file: &'static str,
    title: &'static str,
    subtitle: Option<&'static str>,
    authors: &'static [&'static str],
    date: &'static str,
    notes: usize,
    language: &'static str,
    licence: &'static str,
}

fn check_page(p: Page) -> Option<(Book, Vec<String>)> {
    let path = corpus(p.file)?;
    let (book, diags) = common(&path);
    let doc = &book.documents[0];
    assert_eq!(doc.title, p.title, "{}", p.file);
    assert_eq!(doc.subtitle.as_deref(), p.subtitle, "{}", p.file);
    assert_eq!(authors(&book), p.authors, "{}", p.file);
    assert_eq!(doc.date.as_deref(), Some(p.date), "{}", p.file);
    assert_eq!(doc.notes.len(), p.notes, "{}: notes", p.file);
    assert_eq!(
        book.meta.language.as_deref(),
        Some(p.language),
        "{}",
        p.file
    );
    let rights = doc.rights.as_ref().expect("a licence");
    assert_eq!(rights.name.as_deref(), Some(p.licence), "{}", p.file);
    assert!(
        !source_kinds(doc).is_empty() && source_kinds(doc).contains(&SourceKind::Licence),
        "{}",
        p.file
    );
    let dropped = dropped(&path, &diags);
    // The page's own chrome is gone, and reported.
    let plain = book.plain_text();
    for chrome in [
        "MIA  >",
        "Top of the page",
        "Top of page",
        "Last updated",
        "[return]",
    ] {
        assert!(
            !plain.contains(chrome),
            "{}: {chrome:?} is still there",
            p.file
        );
    }
    assert!(
        !plain.contains("-----"),
        "{}: a rule is still there",
        p.file
    );
    Some((book, dropped))
}

#[test]
fn anon_1938_on_their_morals_and_ours() {
    let Some((book, dropped)) = check_page(Page {
        file: "anon-1938-on-their-morals-and-ours.txt",
        title: "On Their Morals and Ours",
        subtitle: None,
        authors: &["Author Unknown"],
        // The head's year, refined by the first publication's month
        // (`First published: in Bulletin of the Opposition, No.68-69, September 1938 …`).
        date: "September 1938",
        notes: 0,
        language: "en",
        licence: "Creative Commons Attribution-ShareAlike",
    }) else {
        return;
    };
    assert_eq!(people(&book, Role::Translator), ["Mitch Abidor"]);
    assert_eq!(
        source_kinds(&book.documents[0]),
        [
            SourceKind::Source,
            SourceKind::FirstPublished,
            SourceKind::Translation,
            SourceKind::Licence
        ]
    );
    assert!(dropped.contains(&"MIA > Archive > Serge".to_string()));
}

#[test]
fn kautsky_1895_sorge_american_reports() {
    let Some((book, dropped)) = check_page(Page {
        file: "kautsky-1895-sorge-american-reports.txt",
        title: "Our American Reports by F.A. Sorge",
        subtitle: None,
        authors: &["Karl Kautsky"],
        date: "May 1895",
        notes: 2,
        language: "en",
        licence: "Creative Commons Attribution-ShareAlike",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(people(&book, Role::Translator), ["Daniel Gaido"]);
    assert_eq!(
        people(&book, Role::Transcriber),
        ["Daniel Gaido", "Andy Blunden"]
    );
    // The editor's background note inside the header's rules opens the text, set off.
    assert!(matches!(doc.blocks[0], Block::BlockQuote { .. }));
    // Note 2 has two paragraphs; `[1895]` stays text.
    assert_eq!(doc.notes[1].blocks.len(), 2);
    assert!(doc.body_text().contains("April 14 [1895]"));
    assert_eq!(dropped.iter().filter(|l| *l == "Top of page").count(), 2);
}

#[test]
fn trotsky_1922_trade_unions_and_soviet_state() {
    let Some((book, dropped)) = check_page(Page {
        file: "trotsky-1922-trade-unions-and-soviet-state.txt",
        title: "The Trade Unions And The Soviet State",
        subtitle: Some("Speech to the 11th Party Congress, 1922"),
        authors: &["Leon Trotsky"],
        date: "1922",
        notes: 12,
        language: "en",
        licence: "Creative Commons Attribution-ShareAlike",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(people(&book, Role::Translator), ["Guy Desolre"]);
    // The notes of the introduction stand before the speech, which follows them.
    assert_eq!(doc.notes[9].blocks.len(), 2);
    let heading = |t: &str| {
        has_block(
            doc,
            |b| matches!(b, Block::Heading { content, .. } if text(content) == t),
        )
    };
    assert!(heading("Postscript") && heading("Trotsky’s speech"));
    assert!(has_block(
        doc,
        |b| matches!(b, Block::Salutation { content } if text(content) == "Comrades,")
    ));
    assert!(doc.body_text().contains("Ryazanov: “You were the ones"));
    assert!(dropped.contains(&"[return]".to_string()));
}

#[test]
fn rakovsky_1909_between_two_thieves() {
    let Some((book, _)) = check_page(Page {
        file: "rakovsky-1909-between-two-thieves.txt",
        title: "Between Two Thieves",
        subtitle: Some("Russia and Austria in Serbia"),
        authors: &["C. Racovski"],
        date: "April 1909",
        notes: 6,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(people(&book, Role::Translator), ["Harry Ratner"]);
    assert_eq!(
        people(&book, Role::Transcriber),
        ["Ted Crawford", "David Walters"]
    );
    // A header line without a label stays in the source.
    let source = doc.source.as_ref().unwrap();
    assert!(source.fields.iter().any(|f| f.label.is_empty()
        && f.value
            .starts_with("The following article appears courtesy")));
    assert!(
        matches!(doc.blocks.last(), Some(Block::Signature { content }) if text(content) == "C. Racovski")
    );
}

#[test]
fn reed_1919_letter_left_wing() {
    let Some((book, dropped)) = check_page(Page {
        file: "reed-1919-letter-left-wing.txt",
        title: "Letter of John Reed and Ben Gitlow in New York to the Labor Committee of the Left Wing National Conference, August 11, 1919",
        subtitle: None,
        authors: &["John Reed", "Ben Gitlow"],
        date: "13 August, 1919",
        notes: 3,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    // The title carries note 1.
    assert_eq!(doc.title_notes, ["1"]);
    assert_eq!(people(&book, Role::Editor), ["Tim Davenport"]);
    assert!(has_block(
        doc,
        |b| matches!(b, Block::Salutation { content } if text(content) == "Dear Comrade")
    ));
    let body = doc.body_text();
    for bracket in ["[Tuesday]", "[Max] Cohen", "[Aug. 10]"] {
        assert!(body.contains(bracket), "{bracket}");
    }
    for footer in [
        "John Reed Internet Archive",
        "Early American Marxism Archive",
        "PDF Version: Click Here",
    ] {
        assert!(dropped.contains(&footer.to_string()), "{footer}");
    }
}

#[test]
fn radek_1922_speech_berlin_conference() {
    let Some((book, _)) = check_page(Page {
        file: "radek-1922-speech-berlin-conference.txt",
        title: "Speech at the Berlin Conference",
        subtitle: None,
        authors: &["Karl Radek"],
        date: "2 April 1922",
        notes: 0,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(
        source_kinds(doc),
        [
            SourceKind::Source,
            SourceKind::Transcription,
            SourceKind::Licence
        ]
    );
    assert_eq!(people(&book, Role::Transcriber), ["Einde O’Callaghan"]);
    assert!(doc
        .body_text()
        .contains("we will reflect [on] these conditions"));
}

#[test]
fn zetkin_1922_speech_conclusion() {
    let Some((book, _)) = check_page(Page {
        file: "zetkin-1922-speech-conclusion.txt",
        title: "Conclusion of Her Speech",
        subtitle: None,
        authors: &["Clara Zetkin"],
        date: "14 November 1922",
        notes: 0,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert!(
        matches!(&doc.blocks[0], Block::Dateline { content } if text(content) == "Moscow, November 14")
    );
    assert_eq!(people(&book, Role::Transcriber), ["Einde O’Callaghan"]);
}

#[test]
fn montefiore_1918_open_letter_to_lenin() {
    let Some((book, dropped)) = check_page(Page {
        file: "montefiore-1918-open-letter-to-lenin.txt",
        title: "An Open Letter to Lenin",
        subtitle: None,
        authors: &["Dora B. Montefiore"],
        date: "3 January 1918",
        notes: 0,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    // The salutation run into the first paragraph, the closing and signature in one.
    assert!(
        matches!(&doc.blocks[0], Block::Salutation { content } if text(content) == "Dear Comrade,")
    );
    let n = doc.blocks.len();
    assert!(
        matches!(&doc.blocks[n - 2], Block::Closing { content } if text(content) == "Yours in fellowship,")
    );
    assert!(
        matches!(&doc.blocks[n - 1], Block::Signature { content } if text(content) == "DORA B. MONTEFIORE")
    );
    assert!(dropped.contains(&"Montefiore Archive | Lenin Archive".to_string()));
}

#[test]
fn broue_1983_bolivia_1952() {
    let Some((book, _)) = check_page(Page {
        file: "broue-1983-bolivia-1952.txt",
        title: "Bolivia, 9 April 1952",
        subtitle: Some("A Forgotten ‘February Revolution’?"),
        authors: &["Pierre Broué"],
        date: "April 1983",
        notes: 8,
        language: "en",
        licence: "Creative Commons",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    // Labels without their colon.
    assert_eq!(
        source_kinds(doc),
        [
            SourceKind::Source,
            SourceKind::FirstPublished,
            SourceKind::Translation,
            SourceKind::Transcription,
            SourceKind::Transcription,
            SourceKind::Proofreading,
            SourceKind::Licence
        ]
    );
    assert_eq!(people(&book, Role::Translator), ["John Archer"]);
    assert_eq!(people(&book, Role::Proofreader), ["Einde O’Callaghan"]);
    // The boxed introduction is set off, without its borders.
    let Block::BlockQuote { blocks } = &doc.blocks[0] else {
        panic!("the box is a block quote: {:?}", doc.blocks[0]);
    };
    assert_eq!(blocks.len(), 5);
    assert!(!doc.body_text().contains('|'));
    assert!(doc.body_text().contains("The Paradox of February [1917]"));
}

#[test]
fn hansen_1951_lysenko_case_1() {
    let Some((book, dropped)) = check_page(Page {
        file: "hansen-1951-lysenko-case-1.txt",
        title: "The Lysenko Case",
        subtitle: None,
        authors: &["R.H. Monroe", "Joseph Hansen"],
        date: "January 1951",
        notes: 12,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(people(&book, Role::Transcriber), ["Einde O’Callaghan"]);
    assert!(has_block(
        doc,
        |b| matches!(b, Block::Heading { content, .. } if text(content) == "Scientists Aroused")
    ));
    assert!(has_block(
        doc,
        |b| matches!(b, Block::Heading { content, .. } if text(content) == "II.")
    ));
    assert!(dropped.contains(&"Joseph Hansen Internet Archive".to_string()));
}

#[test]
fn trotsky_1929_come_si_formano_i_rivoluzionari() {
    let Some((book, dropped)) = check_page(Page {
        file: "trotsky-1929-it-come-si-formano-i-rivoluzionari.txt",
        title: "Come si formano i rivoluzionari",
        subtitle: Some("Lettera di Trotsky a Maurice Paz"),
        authors: &["L. Trotsky"],
        date: "11 luglio 1929",
        notes: 0,
        language: "it",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(
        source_kinds(doc),
        [
            SourceKind::Written,
            SourceKind::Source,
            SourceKind::Transcription,
            SourceKind::Licence
        ]
    );
    assert!(has_block(
        doc,
        |b| matches!(b, Block::Salutation { content } if text(content) == "Caro compagno Paz,")
    ));
    assert!(
        matches!(doc.blocks.last(), Some(Block::Signature { content }) if text(content) == "L. Trotsky")
    );
    // The paragraph the page broke in two is one again.
    assert!(doc.body_text().contains("ossia il leader o uno dei leader"));
    assert!(dropped.contains(&"[ Archivio Trotsky ]".to_string()));
}

#[test]
fn cannon_1954_letter_to_dobbs() {
    let Some((book, dropped)) = check_page(Page {
        file: "cannon-1954-letter-to-dobbs.txt",
        title: "Letter from James P. Cannon to Farrell Dobbs",
        subtitle: Some("From Toward A History of the Fourth International"),
        authors: &["James P. Cannon"],
        date: "April 13, 1954",
        notes: 0,
        language: "en",
        licence: "Public domain",
    }) else {
        return;
    };
    let doc = &book.documents[0];
    assert_eq!(people(&book, Role::Editor), ["Andrew Pollack"]);
    assert_eq!(people(&book, Role::Proofreader), ["Andrew Pollack"]);
    assert!(
        matches!(&doc.blocks[0], Block::Dateline { content } if text(content).contains("April 13, 1954"))
    );
    assert!(
        matches!(&doc.blocks[1], Block::Salutation { content } if text(content) == "Dear Farrell:")
    );
    assert!(
        matches!(doc.blocks.last(), Some(Block::Signature { content }) if text(content) == "James P. Cannon")
    );
    assert!(dropped.contains(&"Back to the Marxists Internet Archive".to_string()));
}

// ---------------------------------------------------------------------------------------
// Pages written here, in other wordings (tests/fixtures/mia). All people, publications and
// events in them are invented for testing.

fn fixture(name: &str) -> (Book, Vec<String>) {
    let path = Path::new("tests/fixtures/mia").join(name);
    let (book, diags) = common(&path);
    let dropped = dropped(&path, &diags);
    (book, dropped)
}

fn kinds_and_labels(doc: &Document) -> Vec<(SourceKind, &str)> {
    doc.source
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| (f.kind, f.label.as_str())))
        .collect()
}

#[test]
fn fixtures_are_all_checked() {
    let mut names: Vec<String> = std::fs::read_dir("tests/fixtures/mia")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for n in &names {
        let test = n.trim_end_matches(".txt").replace('-', "_");
        assert!(
            include_str!("mia.rs").contains(&format!("fn {test}()")),
            "{n} has no test of its own"
        );
    }
}

#[test]
fn semicolon_header() {
    let (book, dropped) = fixture("semicolon-header.txt");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "On the Factory Councils");
    assert_eq!(doc.subtitle.as_deref(), Some("Part 2"));
    assert_eq!(authors(&book), ["Jakob Lindner"]);
    assert_eq!(doc.date.as_deref(), Some("July 1921"));
    assert_eq!(
        kinds_and_labels(doc),
        [
            (SourceKind::Written, "Written"),
            (SourceKind::FirstPublished, "First Published"),
            (SourceKind::Source, "Source"),
            (SourceKind::Translation, "Translated"),
            (SourceKind::Transcription, "HTML Mark-up"),
            (SourceKind::Licence, "Copyright"),
        ]
    );
    assert_eq!(people(&book, Role::Translator), ["Helen Marsh"]);
    assert_eq!(people(&book, Role::Transcriber), ["Tom Keller"]);
    assert_eq!(
        doc.rights.as_ref().map(|r| r.text.as_str()),
        Some("Labour History Archive 2012.")
    );
    assert_eq!(
        dropped,
        [
            "MIA > Archive > Lindner",
            "------------------------------------------------------------------------",
            "------------------------------------------------------------------------",
            "Top of page",
            "------------------------------------------------------------------------",
            "Last updated on 2 May 2012"
        ]
    );
    assert!(doc.body_text().contains("that this is “politics”."));
}

#[test]
fn missing_colon_header() {
    let (book, _) = fixture("missing-colon-header.txt");
    let doc = &book.documents[0];
    assert_eq!(
        kinds_and_labels(doc),
        [
            (SourceKind::Source, "Source"),
            (SourceKind::Source, "Reprinted"),
            (SourceKind::Translation, "Translated"),
            (SourceKind::Transcription, "Transcribed and marked up"),
            (SourceKind::Proofreading, "Proofread"),
            (SourceKind::Written, "Written"),
            (SourceKind::Licence, "Public Domain"),
        ]
    );
    assert_eq!(people(&book, Role::Translator), ["Anna Weiss"]);
    assert_eq!(people(&book, Role::Transcriber), ["Sam Ortiz"]);
    assert_eq!(people(&book, Role::Proofreader), ["Lee Chan"]);
    // The date above the header wins over `Written:` (given without its space).
    assert_eq!(doc.date.as_deref(), Some("March 1920"));
    assert_eq!(
        doc.rights.as_ref().and_then(|r| r.name.as_deref()),
        Some("Public domain")
    );
}

#[test]
fn italian_labels() {
    let (book, dropped) = fixture("italian-labels.txt");
    let doc = &book.documents[0];
    assert_eq!(book.meta.language.as_deref(), Some("it"));
    assert_eq!(doc.title, "Sul parlamentarismo");
    assert_eq!(authors(&book), ["Amadeo Rossi"]);
    assert_eq!(doc.date.as_deref(), Some("marzo 1920"));
    assert_eq!(book.meta.date.as_deref(), Some("1920-03"));
    assert_eq!(
        source_kinds(doc),
        [
            SourceKind::Written,
            SourceKind::Source,
            SourceKind::Transcription,
            SourceKind::Licence
        ]
    );
    assert_eq!(people(&book, Role::Transcriber), ["Marco Neri"]);
    assert_eq!(doc.notes.len(), 2);
    assert_eq!(
        dropped,
        [
            "[ Archivio Rossi ]",
            "------------------------------------------------------------------------",
            "------------------------------------------------------------------------",
            "Inizio pagina"
        ]
    );
}

#[test]
fn editor_notes_star() {
    let (book, _) = fixture("editor-notes-star.txt");
    let doc = &book.documents[0];
    let ids: Vec<&str> = doc.notes.iter().map(|n| n.id.as_str()).collect();
    // The editor's notes are numbered apart, under their own heading.
    assert_eq!(ids, ["1", "2", "1*", "2*"]);
    assert_eq!(note_refs(doc), 4);
    assert_eq!(people(&book, Role::Transcriber), ["Dan Ellis"]);
    assert!(!doc.body_text().contains("[1*]"));
}

#[test]
fn header_marker() {
    let (book, _) = fixture("header-marker.txt");
    let doc = &book.documents[0];
    let source = doc.source.as_ref().unwrap();
    // The note on the source line is referenced from it, its marker out of the value.
    assert_eq!(source.fields[0].notes, ["1"]);
    assert_eq!(source.fields[0].value, "Workers’ Dreadnought, 3 May 1919.");
    assert_eq!(doc.notes.len(), 2);
    assert_eq!(doc.title, "The Workers’ Councils in Britain");
}

#[test]
fn notes_after_rule() {
    let (book, _) = fixture("notes-after-rule.txt");
    let doc = &book.documents[0];
    assert_eq!(doc.notes.len(), 2);
    assert_eq!(doc.notes[1].blocks.len(), 2);
    assert_eq!(note_refs(doc), 2);
    let body = doc.body_text();
    for bracket in ["[1895]", "[Kronstadt 1921]", "[sic]"] {
        assert!(body.contains(bracket), "{bracket} is text");
    }
    assert!(body.contains("all responsibility. They say"));
    assert_eq!(doc.date.as_deref(), Some("1896"));
}

#[test]
fn notes_of_the_month() {
    let (book, _) = fixture("notes-of-the-month.txt");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Notes of the Month");
    assert_eq!(authors(&book), ["R. Palme Dutton"]);
    assert!(doc.notes.is_empty());
    // A numbered list no marker points to stays a list of the text.
    assert!(has_block(
        doc,
        |b| matches!(b, Block::List { start: Some(1), items } if items.len() == 3)
    ));
}

#[test]
fn letter_dear_comrades() {
    let (book, dropped) = fixture("letter-dear-comrades.txt");
    let doc = &book.documents[0];
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Dateline { .. } => "dateline",
            Block::Salutation { .. } => "salutation",
            Block::List { .. } => "list",
            Block::Closing { .. } => "closing",
            Block::Signature { .. } => "signature",
            _ => "paragraph",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "dateline",
            "salutation",
            "paragraph",
            "list",
            "paragraph",
            "closing",
            "signature"
        ]
    );
    assert!(
        matches!(&doc.blocks[0], Block::Dateline { content } if text(content) == "Paris, 31 October 1938")
    );
    assert!(
        matches!(&doc.blocks[1], Block::Salutation { content } if text(content) == "DEAR COMRADES,")
    );
    assert_eq!(doc.notes.len(), 1);
    assert_eq!(people(&book, Role::Translator), ["Ruth Simon"]);
    assert_eq!(source_kinds(doc)[3], SourceKind::OnlineVersion);
    assert!(dropped.contains(&"Trotsky Internet Archive".to_string()));
}

#[test]
fn speech_footer_chrome() {
    let (book, dropped) = fixture("speech-footer-chrome.txt");
    let doc = &book.documents[0];
    // A title the page broke over two lines.
    assert_eq!(
        doc.title,
        "Speech to the Third Congress of the Communist International"
    );
    assert_eq!(doc.date.as_deref(), Some("5 July 1921"));
    assert_eq!(source_kinds(doc)[0], SourceKind::Delivered);
    assert_eq!(people(&book, Role::Translator), ["Rosa Brand"]);
    assert_eq!(people(&book, Role::Transcriber), ["Ida Moore"]);
    assert_eq!(people(&book, Role::Proofreader), ["Tom Baker"]);
    assert_eq!(doc.notes.len(), 1);
    assert_eq!(doc.notes[0].blocks.len(), 2);
    for chrome in [
        "[return]",
        "Back to the Kollontai Archive",
        "Marxists Internet Archive | Kollontai Archive",
        "Last updated on: 3.4.2015",
    ] {
        assert!(dropped.contains(&chrome.to_string()), "{chrome}");
    }
}
