//! The HTML reader: a saved web page (an archive's page, a blog post) into blocks with
//! their markup's evidence, for the recognizer the text reader feeds too.
//!
//! The stages: decode the page by its declared charset; parse it as a browser does
//! (html5ever); find the notes by their anchors; decide what kind of page it is and so
//! which of its parts are the text; walk its blocks in reading order into units; hand
//! them to [`crate::import::recognize`].

mod blocks;
mod chrome;
mod declared;
mod decode;
mod depth;
mod dom;
mod inline;
mod notes;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Error, Parsed};
use crate::import::{Declared, Unit};
use crate::model::Book;
use dom::Dom;

/// Whether a file is a web page by its extension (`.html`, `.htm`, `.xhtml`).
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}

/// Reads a saved page into a book; the diagnostics report the chrome dropped, the
/// images missing, and any guess made.
pub fn read(file: &Path, bytes: &[u8]) -> Result<Parsed<Book>, Error> {
    let (units, declared, mut diagnostics) = units(file, bytes)?;
    let mut parsed = crate::import::recognize(file, units, &declared)?;
    diagnostics.append(&mut parsed.diagnostics);
    parsed.diagnostics = diagnostics;
    Ok(parsed)
}

/// Decodes and parses a page as the reader does and counts its nodes: the parse alone,
/// for measuring it (0 when the page does not decode).
pub fn node_count(bytes: &[u8]) -> usize {
    decode::decode(Path::new("page.html"), bytes).map_or(0, |t| Dom::parse(&t).nodes.len())
}

/// The text a page sets in italics (`<i>`, `<em>`, `<cite>`, `<var>`, `<dfn>` under its body),
/// one string per element, as the parser reads it (entities decoded): what the model
/// should hold in italics, for measuring it. Empty when the page does not decode.
pub fn italic_texts(bytes: &[u8]) -> Vec<String> {
    let Ok(text) = decode::decode(Path::new("page.html"), bytes) else {
        return Vec::new();
    };
    let dom = Dom::parse(&text);
    let body = dom.find(dom::ROOT, "body").unwrap_or(dom::ROOT);
    let italic = |n: dom::Id| matches!(dom.tag(n), "i" | "em" | "cite" | "var" | "dfn");
    dom.descendants(body)
        .into_iter()
        // The outermost italic element only: `<i><em>…</em></i>` is one run.
        .filter(|&n| italic(n) && !dom.ancestors(n).any(italic))
        .map(|n| dom.text(n))
        .collect()
}

/// Reads a saved page into the units the recognizer takes.
pub(crate) fn units(
    file: &Path,
    bytes: &[u8],
) -> Result<(Vec<Unit>, Declared, Vec<Diagnostic>), Error> {
    // 1. Characters, 2. the tree, 3. the notes, 4. the kind of page.
    let text = decode::decode(file, bytes)?;
    let mut dom = Dom::parse(&text);
    let mut diagnostics = Vec::new();
    for n in chrome::hidden(&dom) {
        let shown = inline::collapse(dom.text(n).trim());
        if !shown.is_empty() {
            diagnostics.push(Diagnostic::info(
                "chrome-dropped",
                file,
                Some(dom.nodes[n].line),
                format!("dropped hidden text: “{shown}”"),
            ));
        }
        dom.detach(n);
    }
    let dom = dom;
    let mut notes = notes::anchored(&dom);
    let page = chrome::page(&dom);
    let root = dom.find(dom::ROOT, "body").unwrap_or(dom::ROOT);
    let french = dom
        .find(dom::ROOT, "html")
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")))
        .is_some_and(|l| l.to_ascii_lowercase().starts_with("fr"));
    match &page {
        chrome::Page::Prose { keep } => diagnostics.push(
            Diagnostic::warning(
                "html-main-text-guessed",
                file,
                keep.first().map(|&k| dom.nodes[k].line),
                "the page is no archive page or blog post known by its markup: its main text \
                 is taken to be its largest block of running prose, the rest dropped as chrome"
                    .into(),
            )
            .with_hint("check the dropped lines; import the page's text copy if they hold text"),
        ),
        chrome::Page::Post { platform, .. } => diagnostics.push(Diagnostic::info(
            "html-blog-post",
            file,
            None,
            format!("read as a {platform} post: its title, date and body are the text"),
        )),
        chrome::Page::Archive => {}
    }
    if let Some(d) = dom.dropped {
        diagnostics.push(
            Diagnostic::warning(
                "html-nesting-too-deep",
                file,
                Some(d.line),
                format!(
                    "the page nests elements more than {} deep: {} tags past that depth \
                     were not read as elements (their text is kept, its formatting and \
                     paragraph breaks there may be lost)",
                    depth::MAX_OPEN,
                    d.count
                ),
            )
            .with_hint("check the text from that line in the editions"),
        );
    }
    // A wiki's edit links beside its headings are no text, wherever they stand.
    for link in chrome::edit_links(&dom) {
        notes.omit.insert(link);
        diagnostics.push(Diagnostic::info(
            "chrome-dropped",
            file,
            Some(dom.nodes[link].line),
            format!("dropped edit link: “{}”", dom.text(link).trim()),
        ));
    }
    // 5. The blocks.
    let inl = inline::Inliner::new(&dom, file, &notes.refs, &notes.marks, &notes.omit, french);
    let walker = blocks::Walker::new(&dom, inl, &notes, &page);
    let (units, mut found) = walker.walk(root);
    diagnostics.append(&mut found);
    // An archive's pages carry its template's tags: their `author` is the section's
    // person (a compiler, the writer of another page) as often as the text's, where
    // the header, read by its markup, names the writer whenever the page does.
    let mut declared = declared::declared(&dom, &text);
    if page == chrome::Page::Archive {
        declared.authors.clear();
    }
    Ok((units, declared, diagnostics))
}
