//! The HTML reader: fixtures of its own (archive header variants, Blogger, WordPress,
//! another site, a Latin-1 page, images with and without their file), each checked as an
//! editor would read it; and, where `../shared/corpora/archive` is present, its 300 saved
//! pages read end to end, with the figures printed (words kept, italics kept, agreement
//! with the text copy, speed).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use samizdat::diagnostic::Diagnostic;
use samizdat::model::{Block, Book, Inline, Role};
use samizdat::{html, import, verify};

const FIXTURES: &str = "tests/fixtures/html";

fn read(name: &str) -> (Book, Vec<Diagnostic>) {
    let path = Path::new(FIXTURES).join(name);
    let bytes = std::fs::read(&path).unwrap();
    let parsed = html::read(&path, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    (parsed.value, parsed.diagnostics)
}

fn authors(book: &Book) -> Vec<&str> {
    book.meta
        .creators
        .iter()
        .chain(book.documents.iter().flat_map(|d| &d.creators))
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.as_str())
        .collect()
}

/// The texts the diagnostics report dropped (`dropped footer: “…”`).
fn dropped(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.code == "chrome-dropped" || d.code == "notes-heading")
        .filter_map(|d| {
            let m = &d.message;
            let a = m.find('“')?;
            let b = m.rfind('”')?;
            Some(m[a + '“'.len_utf8()..b].to_string())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A page's visible text, read without the reader: tags taken out, the content of
/// scripts, styles, forms and frames left out, entities of the fixtures decoded.
fn visible_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut i = 0;
    let skip = ["head", "script", "style", "form", "iframe"];
    while i < html.len() {
        if html[i..].starts_with('<') {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            let tag: String = lower[i + 1..end]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if let Some(t) = skip.iter().find(|t| **t == tag) {
                let close = format!("</{t}");
                i = lower[end..].find(&close).map_or(html.len(), |e| end + e);
                continue;
            }
            // A superscript is glued to its word (`2<sup>nd</sup>`), as a browser shows it.
            if !matches!(tag.as_str(), "sup" | "small" | "span") {
                out.push(' ');
            }
            i = end;
        } else {
            let c = html[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out.replace("&#8217;", "’")
        .replace("&#8211;", "–")
        .replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&gt;", ">")
        .replace("&#8220;", "“")
        .replace("&#8221;", "”")
}

/// Every word a reader sees on the page is in the model, or in a line reported dropped.
fn assert_every_word_kept(name: &str, book: &Book, diagnostics: &[Diagnostic]) {
    let page = std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap();
    let mut have = book.plain_text();
    for doc in &book.documents {
        for n in &doc.notes {
            have.push(' ');
            have.push_str(&n.mark);
        }
    }
    have.push('\n');
    have.push_str(&dropped(diagnostics));
    let lost = verify::missing_words(&visible_text(&page), &have);
    assert!(lost.is_empty(), "{name}: words lost: {lost:?}");
}

fn emphasized(content: &[Inline], out: &mut Vec<String>) {
    for i in content {
        match i {
            Inline::Emphasis { content } => out.push(samizdat::model::inlines_text(content)),
            Inline::Strong { content } | Inline::Link { content, .. } => emphasized(content, out),
            _ => {}
        }
    }
}

fn italics(book: &Book) -> Vec<String> {
    let mut out = Vec::new();
    for d in &book.documents {
        for b in d
            .blocks
            .iter()
            .chain(d.notes.iter().flat_map(|n| &n.blocks))
        {
            samizdat::model::visit_inlines(b, &mut |c| emphasized(c, &mut out));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Fixtures

#[test]
fn an_archive_page_keeps_its_formatting_notes_and_header() {
    let (book, diags) = read("archive-classic.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "On Tenant Unions");
    assert_eq!(authors(&book), ["Ada Rowe"]);
    assert_eq!(doc.date.as_deref(), Some("14 March 1931"));
    // Notes matched by their anchors; the title's note too; a note of two paragraphs.
    let ids: Vec<&str> = doc.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(doc.title_notes, ["2"]);
    assert_eq!(doc.notes[0].blocks.len(), 2);
    // Italics and bold kept; only web links kept.
    let it = italics(&book);
    for w in ["Bleecker Street", "movement", "Kowalski"] {
        assert!(it.iter().any(|i| i == w), "{w} not in italics: {it:?}");
    }
    let json = serde_json::to_string(&book).unwrap();
    assert!(json.contains("https://example.org/leaflet"));
    assert!(!json.contains("javascript"));
    assert!(!json.contains("tracking") && !json.contains("Advertisement"));
    assert!(!json.contains("Search the archive"));
    // The list, the table (with its header row), the quotation and the verse's breaks.
    let kinds: Vec<&Block> = doc.blocks.iter().collect();
    assert!(kinds
        .iter()
        .any(|b| matches!(b, Block::List { start: Some(1), items } if items.len() == 3)));
    assert!(kinds.iter().any(
        |b| matches!(b, Block::Table { head, rows, .. } if head.len() == 2 && rows.len() == 2)
    ));
    assert!(kinds.iter().any(|b| matches!(b, Block::BlockQuote { .. })));
    assert!(kinds
        .iter()
        .any(|b| matches!(b, Block::Paragraph { content }
        if content.iter().filter(|i| matches!(i, Inline::LineBreak)).count() == 2)));
    // Chrome reported, never in the book.
    let gone = dropped(&diags);
    for c in [
        "MIA > Archive > Rowe",
        "Ada Rowe Archive",
        "Last updated on 2.2.2020",
    ] {
        assert!(gone.contains(c), "{c} not reported: {gone}");
        assert!(!book.plain_text().contains(c));
    }
    assert_every_word_kept("archive-classic.html", &book, &diags);
    verify::round_trip(&book).unwrap();
}

#[test]
fn archive_headings_give_author_title_and_date() {
    let (book, diags) = read("archive-headings.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Chapter 3 The Miners’ Federation");
    assert_eq!(doc.subtitle.as_deref(), Some("The Coal Question"));
    assert_eq!(authors(&book), ["Tom Brand"]);
    assert_eq!(doc.date.as_deref(), Some("June 1926"));
    assert_eq!(doc.notes.len(), 1);
    // The page's contents list stays; the link back up and the footer table go.
    assert!(book.plain_text().contains("The lockout"));
    let gone = dropped(&diags);
    assert!(gone.contains("Top of the page") && gone.contains("Previous"));
    assert_every_word_kept("archive-headings.html", &book, &diags);
    verify::round_trip(&book).unwrap();
}

#[test]
fn a_header_at_the_foot_a_by_line_over_its_source_and_a_preamble_under_a_picture() {
    let (book, diags) = read("archive-foot-header.html");
    assert_eq!(book.documents.len(), 1);
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Statutes of the Yard Committee (1921)");
    assert_eq!(authors(&book), ["Ada Penrose"]);
    // The fields after the text are the page's header: its date and transcriber.
    assert_eq!(doc.date.as_deref(), Some("March 10, 1921"));
    let fields = &doc.source.as_ref().expect("a source").fields;
    assert!(fields.iter().any(|f| f.value == "Tom Brand"));
    assert!(!doc.body_text().contains("Written:"));
    // `Preamble` opens the text as its first heading, no subtitle or author.
    assert_eq!(
        doc.subtitle.as_deref(),
        Some("(From the pamphlet “The Yards”, Glasgow, March 1921)")
    );
    assert!(doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { content, .. }
        if samizdat::model::inlines_text(content) == "Preamble")));
    assert_every_word_kept("archive-foot-header.html", &book, &diags);
    verify::round_trip(&book).unwrap();
}

#[test]
fn kickers_name_the_author_or_stand_as_paragraphs_between_headings() {
    let (book, diags) = read("archive-kickers.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "The Winter Strike");
    assert_eq!(authors(&book), ["Weller"]);
    assert_eq!(doc.date.as_deref(), Some("March 1931"));
    let sub = doc.subtitle.as_deref().unwrap_or_default();
    assert!(sub.contains("Years in the Yards") && sub.contains("A Contribution to a Discussion"));
    assert_every_word_kept("archive-kickers.html", &book, &diags);
}

#[test]
fn a_latin1_page_is_decoded_by_its_declared_charset() {
    let (book, _) = read("charset-latin1.html");
    assert_eq!(book.documents[0].title, "Lettre à la fédération");
    assert_eq!(authors(&book), ["Jean Café"]);
    let text = book.plain_text();
    assert!(
        text.contains("“grève”") && text.contains('–') && text.contains('…'),
        "{text}"
    );
}

#[test]
fn a_blogger_post_is_the_document_and_the_blog_around_it_chrome() {
    let (book, diags) = read("blogger.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "The Docks in 1889");
    assert_eq!(authors(&book), ["Mary Quelch"]);
    assert_eq!(book.meta.date.as_deref(), Some("2018-10-27"));
    assert!(italics(&book).iter().any(|i| i == "plus"));
    let text = book.plain_text();
    for c in [
        "Blog Archive",
        "Great post",
        "Labels",
        "Powered by",
        "Red Notes",
        "navbar",
    ] {
        assert!(!text.contains(c), "{c} left in the book");
    }
    assert!(dropped(&diags).contains("Anonymous said"));
    assert_every_word_kept("blogger.html", &book, &diags);
}

#[test]
fn a_wordpress_post_is_the_document_and_its_widgets_chrome() {
    let (book, diags) = read("wordpress.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Bread and Roses");
    assert_eq!(authors(&book), ["Jo Hill"]);
    assert_eq!(book.meta.date.as_deref(), Some("2019-03-03"));
    let text = book.plain_text();
    for c in [
        "Share this",
        "Twitter",
        "Lovely piece",
        "Recent Posts",
        "Leave a Reply",
    ] {
        assert!(!text.contains(c), "{c} left in the book");
    }
    assert!(text.contains("twenty thousand"));
    assert_every_word_kept("wordpress.html", &book, &diags);
}

#[test]
fn another_site_falls_back_to_its_main_prose_with_a_warning() {
    let (book, diags) = read("other-site.html");
    assert_eq!(book.documents[0].title, "The Match Girls");
    assert!(diags.iter().any(|d| d.code == "html-main-text-guessed"));
    let text = book.plain_text();
    assert!(!text.contains("Donate") && !text.contains("newsletter"));
    assert!(text.contains("Annie Besant"));
    assert_every_word_kept("other-site.html", &book, &diags);
}

#[test]
fn an_image_keeps_its_file_and_a_missing_one_is_reported() {
    let (book, diags) = read("images.html");
    let json = serde_json::to_string(&book).unwrap();
    assert!(json.contains("\"url\":\"poster.png\""), "{json}");
    let missing: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "image-missing").collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].line, Some(6));
    assert!(book.plain_text().contains("A poster of the march"));
}

#[test]
fn undeclared_bad_bytes_are_an_error_with_their_line() {
    let err = html::read(Path::new("bad.html"), b"<p>one</p>\n<p>caf\xe9</p>").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("bad.html:2"), "{text}");
}

// ---------------------------------------------------------------------------------------
// The archive's 300 saved pages

/// One row of the corpus's expectations.
struct Row {
    name: String,
    chrome: Vec<String>,
}

fn rows(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (name, chrome) = (col("name"), col("chrome"));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                name: c[name].to_string(),
                chrome: if c[chrome] == "-" {
                    Vec::new()
                } else {
                    c[chrome].split(" ¦ ").map(str::to_string).collect()
                },
            }
        })
        .collect()
}

fn verify_words(s: &str) -> Vec<String> {
    verify::missing_words(s, "")
}

#[test]
fn the_archive_pages_read_end_to_end() {
    let dir = Path::new("../shared/corpora/archive");
    if !dir.join("html").is_dir() {
        eprintln!("../shared/corpora/archive is not here: skipped");
        return;
    }
    let rows = rows(dir);
    let mut failed = Vec::new();
    let mut shares = Vec::new();
    let (mut it_want, mut it_got) = (0usize, 0usize);
    let (mut agree, mut compared) = (0usize, 0usize);
    let mut total = Duration::ZERO;
    for row in &rows {
        let path: PathBuf = dir.join("html").join(format!("{}.html", row.name));
        let bytes = std::fs::read(&path).unwrap();
        let t = Instant::now();
        let parsed = match html::read(&path, &bytes) {
            Ok(p) => p,
            Err(e) => {
                failed.push(format!("{}: {e}", row.name));
                continue;
            }
        };
        total += t.elapsed();
        let book = parsed.value;
        // Words of the browser copy outside its chrome lines, found in the model.
        let txt_path = dir.join("txt").join(format!("{}.txt", row.name));
        let txt = std::fs::read_to_string(&txt_path).unwrap();
        let kept: String = txt
            .lines()
            .filter(|l| {
                let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
                !row.chrome.contains(&l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let json = serde_json::to_string(&book).unwrap();
        let all = verify::missing_words(&kept, "").len().max(1);
        let lost = verify::missing_words(&kept, &json).len();
        shares.push(1.0 - lost as f64 / all as f64);
        // Italic words of the page (its `<i>`, `<em>`… as the parser reads them) that
        // reach the model in italics.
        let want = verify_words(&html::italic_texts(&bytes).join(" "));
        let have = italics(&book).join(" ");
        let miss = verify::missing_words(&want.join(" "), &have);
        it_want += want.len();
        it_got += want.len() - miss.len();
        // The same page from its text copy: title, authors, date and notes alike.
        if let Ok(text) = import::import(&txt_path, txt.as_bytes()) {
            let a = &book.documents[0];
            let b = &text.value.documents[0];
            compared += 1;
            let notes = |bk: &Book| bk.documents.iter().map(|d| d.notes.len()).sum::<usize>();
            if a.title == b.title
                && authors(&book) == authors(&text.value)
                && a.date == b.date
                && notes(&book) == notes(&text.value)
            {
                agree += 1;
            }
        }
    }
    let mean = shares.iter().sum::<f64>() / shares.len().max(1) as f64;
    let low = shares.iter().copied().fold(1.0, f64::min);
    // The parse alone: html5ever over the decoded pages.
    let t = Instant::now();
    for row in &rows {
        let bytes = std::fs::read(dir.join("html").join(format!("{}.html", row.name))).unwrap();
        assert!(html::node_count(&bytes) > 0);
    }
    let parse = t.elapsed();
    eprintln!(
        "archive html: {} of {} read; words kept {mean:.4} (lowest {low:.4}); italic words in \
         italics {it_got}/{it_want} ({:.1} %); same title, authors, date and notes as the text \
         copy on {agree}/{compared}; read in {:.2} s on one core, of which the parse {:.2} s",
        rows.len() - failed.len(),
        rows.len(),
        100.0 * it_got as f64 / it_want.max(1) as f64,
        total.as_secs_f64(),
        parse.as_secs_f64()
    );
    assert!(failed.is_empty(), "pages not read: {failed:#?}");
    assert!(mean > 0.99, "words kept: {mean}");
    // 98.1 % today; what is missing is in the header's fields (held as plain text) and
    // in chrome.
    assert!(
        it_got * 100 >= it_want * 97,
        "italic words in italics: {it_got}/{it_want}"
    );
}

#[test]
fn numbered_paragraphs_become_a_list_that_keeps_its_italics_and_notes() {
    let (book, _) = read("archive-numbered.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Five Causes");
    let items = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::List {
                start: Some(1),
                items,
            } => Some(items.len()),
            _ => None,
        })
        .expect("a numbered list");
    assert_eq!(items, 3);
    let it = italics(&book);
    for w in [
        "of the commission",
        "consumption",
        "The Economist",
        "represents capital that industry does not need",
        "cannot",
    ] {
        assert!(it.iter().any(|i| i == w), "{w} not in italics: {it:?}");
    }
    assert_eq!(doc.notes.len(), 1);
}

/// The notes of a document: each note's id and its paragraphs' text.
fn note_texts(book: &Book) -> Vec<(String, Vec<String>)> {
    book.documents[0]
        .notes
        .iter()
        .map(|n| {
            let texts = n
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph { content } => samizdat::model::inlines_text(content),
                    other => format!("{other:?}"),
                })
                .collect();
            (n.id.clone(), texts)
        })
        .collect()
}

#[test]
fn notes_in_list_items_and_after_bare_labels_are_notes() {
    // pandoc's own HTML: `<li id="fn1"><p>…</p></li>`, a note of two paragraphs.
    let (book, diags) = read("pandoc-standalone.html");
    // Its title block: `<h1 class="title">`, `<p class="author">`, `<p class="date">`.
    assert_eq!(book.documents[0].title, "A Note on Notes");
    assert_eq!(authors(&book), ["Karl Example"]);
    assert_eq!(book.documents[0].date.as_deref(), Some("1 May 1920"));
    assert!(!diags.iter().any(|d| d.code == "import-declared-used"));
    assert_eq!(book.documents[0].blocks.len(), 2);
    assert_eq!(
        note_texts(&book),
        [
            (
                "1".to_string(),
                vec!["The first note, with italics.".to_string()]
            ),
            (
                "2".to_string(),
                vec![
                    "The second note.".to_string(),
                    "It has two paragraphs.".to_string()
                ]
            ),
        ]
    );
    // A newsletter's: the label alone, the text in the block beside it.
    let (book, _) = read("newsletter.html");
    let notes = note_texts(&book);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].1[0].starts_with("Quoted in Seumas Milne"));
    let body = serde_json::to_string(&book.documents[0].blocks).unwrap();
    assert!(
        !body.contains("Quoted in Seumas Milne"),
        "a note left in the text"
    );
}

#[test]
fn a_page_of_another_site_takes_author_and_date_from_its_tags_and_says_so() {
    let (book, diags) = read("newsletter.html");
    assert_eq!(book.documents[0].title, "The Long Strike");
    assert_eq!(authors(&book), ["Jane Doe"]);
    // The date its byline writes (a Substack post's), which the tags confirm.
    assert_eq!(book.documents[0].date.as_deref(), Some("Apr 17, 2023"));
    assert_eq!(book.meta.date.as_deref(), Some("2023-04-17"));
    assert!(
        diags.iter().any(|d| d.code == "import-declared-used"),
        "{diags:#?}"
    );
    // An archive page's template tags name no author in its stead.
    let (_, diags) = read("archive-kickers.html");
    assert!(!diags.iter().any(|d| d.code == "import-declared-used"));
}

#[test]
fn a_spanish_archive_page_keeps_its_language_fields_and_notes() {
    let (book, _) = read("archive-spanish.html");
    let doc = &book.documents[0];
    // Too few words to tell Spanish from its neighbours: the page's `lang` says it.
    assert_eq!(book.meta.language.as_deref(), Some("es"));
    assert_eq!(doc.title, "La huelga de masas, el partido y los sindicatos");
    assert_eq!(authors(&book), ["Rosa Luxemburgo"]);
    assert_eq!(doc.date.as_deref(), Some("Agosto de 1906"));
    let fields = &doc.source.as_ref().expect("the header's fields").fields;
    let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Escrito",
            "Primera publicación",
            "Traducción",
            "Esta edición"
        ]
    );
    assert_eq!(doc.notes.len(), 1);
    assert!(italics(&book)
        .iter()
        .any(|i| i == "Anarchismus und Sozialismus"));
}

#[test]
fn an_anchor_on_a_chapter_or_alone_in_the_body_makes_no_note_of_the_rest() {
    let page = "<html><body><h1>The Book</h1>\
        <p>Contents: <a href=\"#ch1\">I</a> and see the note <a href=\"#n1\">1</a> here.</p>\
        <div id=\"ch1\"><h2>Chapter One</h2><p>The first chapter's text, which runs on.</p>\
        <p>Its second paragraph.</p></div>\
        <a name=\"n1\"></a><p>A paragraph after a bare anchor, which is text.</p>\
        <p>And one more paragraph of text.</p></body></html>";
    let parsed = html::read(Path::new("page.html"), page.as_bytes()).unwrap();
    let doc = &parsed.value.documents[0];
    let body = serde_json::to_string(&doc.blocks).unwrap();
    for text in [
        "The first chapter",
        "Its second paragraph",
        "after a bare anchor",
        "one more paragraph",
    ] {
        assert!(
            body.contains(text),
            "{text} not in the text: {:#?}",
            doc.notes
        );
    }
}

#[test]
fn a_heading_inside_the_text_stays_a_heading() {
    let prose = "The first part of the text, which runs on for a while as prose does, \
                 long enough to read as a paragraph of the body.";
    let page = format!(
        "<html><body><h1>The Book</h1><p>{prose}</p><h3>A Deep Social Crisis</h3>\
         <p>{prose}</p><p>{prose}</p></body></html>"
    );
    let parsed = html::read(Path::new("page.html"), page.as_bytes()).unwrap();
    let doc = &parsed.value.documents[0];
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(samizdat::model::text::inlines_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["A Deep Social Crisis"], "{:#?}", doc.blocks);
}

#[test]
fn a_skip_link_and_a_footer_id_leave_another_sites_notes_and_kind_alone() {
    let prose = "The Commune governed the city for two months, as the histories of it \
                 tell at length, with its own council and its own newspapers.";
    let page = format!(
        "<html><body><a class=\"skip\" href=\"#content\">Jump to content</a>\
         <div id=\"nav\"><ul><li><a href=\"/main\">Main page</a></li>\
         <li><a href=\"/contents\">Contents</a></li></ul></div>\
         <main><h1>Paris Commune</h1><div class=\"text\"><p>{prose}<sup><a href=\"#cite-1\">[1]</a></sup></p>\
         <p>{prose}<sup id=\"r2\"><a href=\"#cite-2\">[2]</a></sup></p><p>{prose}</p>\
         <h2>References</h2><ol><li id=\"cite-1\"><a href=\"#r1\">^</a> Rougerie (2004).</li>\
         <li id=\"cite-2\">^ <a href=\"#r2\">a</a> Tombs (1999).</li></ol></div></main>\
         <footer id=\"footer\">This page was last edited on 1 December 2026.</footer></body></html>"
    );
    let parsed = html::read(Path::new("page.html"), page.as_bytes()).unwrap();
    let book = &parsed.value;
    assert_eq!(book.documents[0].title, "Paris Commune");
    assert_eq!(
        book.documents[0].notes.len(),
        2,
        "{:#?}",
        book.documents[0].blocks
    );
    for note in &book.documents[0].notes {
        let text = serde_json::to_string(&note.blocks).unwrap();
        assert!(
            !text.contains('^'),
            "the back link's caret is no text: {text}"
        );
    }
    // An id named `footer` makes no archive page: the site's links are chrome.
    assert!(authors(book).is_empty(), "{:?}", authors(book));
    assert!(parsed
        .diagnostics
        .iter()
        .any(|d| d.code == "html-main-text-guessed"));
}

#[test]
fn a_figure_s_caption_is_its_picture_s_caption() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("pic.png");
    image::RgbImage::new(4, 3).save(&png).unwrap();
    let prose = "The dockers walked out, and within weeks the whole city had stopped \
                 with them, as the papers of the day reported at length.";
    let page = format!(
        "<html><body><h1>The Strike</h1><p>{prose}</p><figure><img src=\"pic.png\" \
         alt=\"Pickets\"><figcaption>Pickets on the Embarcadero, July 1934.</figcaption>\
         </figure><p>{prose}</p></body></html>"
    );
    let path = dir.path().join("page.html");
    let parsed = html::read(&path, page.as_bytes()).unwrap();
    let blocks = &parsed.value.documents[0].blocks;
    let images: Vec<(&str, &str)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => match content.as_slice() {
                [Inline::Image { url, title, .. }] => Some((url.as_str(), title.as_str())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        images,
        [("pic.png", "Pickets on the Embarcadero, July 1934.")],
        "{blocks:#?}"
    );
    assert_eq!(
        blocks.len(),
        3,
        "the caption is no paragraph of its own: {blocks:#?}"
    );
}

#[test]
fn a_wiki_page_keeps_its_address_and_licence_and_drops_what_it_hides() {
    let (book, diags) = read("wiki.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Paris Commune");
    assert_eq!(doc.notes.len(), 2);
    // Where the page lives, from its canonical link, is cited among the sources.
    let cited = cited(doc);
    assert_eq!(cited, ["https://en.wikipedia.org/wiki/Paris_Commune"]);
    // The licence its footer links to (`rel="license"`), with the words around the link.
    let rights = doc.rights.as_ref().expect("the page's licence");
    assert_eq!(
        rights.url.as_deref(),
        Some("https://creativecommons.org/licenses/by-sa/4.0/")
    );
    assert!(rights.text.starts_with("Text is available under"));
    let text = book.plain_text();
    // Hidden text (`display:none`) and the contents list of a navigation landmark are
    // no text; each is reported.
    for gone in [
        "1871 revolutionary government in Paris",
        "1 Background",
        "Jump to content",
    ] {
        assert!(!text.contains(gone), "{gone:?} is still there");
        assert!(dropped(&diags).contains(gone), "{gone:?} was not reported");
    }
    assert!(text.contains("The Commune was the result of an uprising"));
    assert_every_word_kept("wiki.html", &book, &diags);
}

#[test]
fn a_pandoc_title_block_ends_where_the_first_section_begins() {
    let (book, diags) = read("pandoc-title-block.html");
    let doc = &book.documents[0];
    assert_eq!(
        doc.title,
        "Organizational Questions of the Russian Social Democracy"
    );
    assert_eq!(doc.subtitle, None);
    assert_eq!(authors(&book), ["Rosa Luxemburg"]);
    // The section numbered `I` opens the text, as `II` heads the next.
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(samizdat::model::inlines_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["I", "II"]);
    assert_eq!(doc.notes.len(), 2);
    // The address the browser saved it from.
    assert_eq!(
        doc.source
            .as_ref()
            .and_then(|s| s.fields.first())
            .map(|f| f.value.as_str()),
        Some("https://example.org/luxemburg/1904/questions")
    );
    assert_every_word_kept("pandoc-title-block.html", &book, &diags);
}

#[test]
fn a_substack_post_keeps_its_deck_and_notes_and_drops_its_subscription_form() {
    let (book, diags) = read("substack.html");
    let doc = &book.documents[0];
    assert!(
        diags
            .iter()
            .any(|d| d.code == "html-blog-post" && d.message.contains("Substack")),
        "{diags:#?}"
    );
    assert_eq!(doc.title, "The Dockers’ Lesson");
    assert_eq!(
        doc.subtitle.as_deref(),
        Some("What the strike of 1889 can teach a union today")
    );
    assert_eq!(authors(&book), ["Ann Lee"]);
    assert_eq!(doc.notes.len(), 2);
    assert_gone(
        &book,
        &[
            "reader-supported publication",
            "Great piece",
            "Sign in",
            "home for great culture",
        ],
    );
    assert_every_word_kept("substack.html", &book, &diags);
}

#[test]
fn a_project_gutenberg_page_is_read_inside_its_frame() {
    let (book, diags) = read("gutenberg.html");
    let doc = &book.documents[0];
    assert_eq!(doc.title, "Wage-Labour and Capital");
    assert_eq!(authors(&book), ["Karl Marx"]);
    assert_eq!(doc.notes.len(), 2);
    assert_gone(
        &book,
        &[
            "START OF THE PROJECT",
            "END OF THE PROJECT",
            "FULL PROJECT GUTENBERG LICENSE",
        ],
    );
    assert!(
        matches!(&doc.blocks[0], Block::Heading { .. }),
        "PREFACE opens the text"
    );
    let cited = cited(doc);
    assert!(
        cited.contains(&"https://www.gutenberg.org/ebooks/12345"),
        "{cited:?}"
    );
    assert!(doc.rights.is_some());
    assert_every_word_kept("gutenberg.html", &book, &diags);
}

/// The values of a document's source fields.
fn cited(doc: &samizdat::model::Document) -> Vec<&str> {
    doc.source
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| f.value.as_str())
        .collect()
}

/// Asserts that none of these strings is in the book's text.
fn assert_gone(book: &Book, gone: &[&str]) {
    let text = book.plain_text();
    for g in gone {
        assert!(!text.contains(g), "{g:?} is still there");
    }
}

#[test]
fn a_post_without_known_markup_keeps_its_head_and_stays_one_text() {
    let (book, diags) = read("medium-like.html");
    assert_eq!(
        book.documents.len(),
        1,
        "an image's credit opens no document"
    );
    let doc = &book.documents[0];
    assert_eq!(doc.title, "The Long Shift");
    assert_eq!(
        doc.subtitle.as_deref(),
        Some("What a night at the sorting depot taught me about time")
    );
    assert_eq!(authors(&book), ["Mara Oduya"]);
    assert_eq!(doc.date.as_deref(), Some("Mar 3, 2021"));
    assert!(
        diags
            .iter()
            .any(|d| d.code == "chrome-dropped" && d.message.contains("7 min read")),
        "{diags:#?}"
    );
    let text = doc.body_text();
    for kept in [
        "Are we done yet? Are we done yet?",
        "Source: Depot Photo Collective",
        "never came",
        // The text's first section, beside the larger second one.
        "Nobody who works there calls it a night",
        "Counting the trailers",
    ] {
        assert!(text.contains(kept), "{kept}: {text}");
    }
    // The site's logo heading, linking to its front page, is no title.
    assert_gone(&book, &["7 min read", "Sign in", "Legal", "Ledger of Work"]);
}
