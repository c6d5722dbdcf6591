//! The model as XHTML pages: title page, contents, one page per document, the sources
//! and licence page. Pure functions from the model to strings.

use std::collections::HashMap;
use std::fmt::Write;

use super::pagelist::{markers_at, Breaks};
pub(crate) use crate::edition::{join_names, Words};
use crate::edition::{names_with, LicenceStatement};
use crate::images::Images;
use crate::model::{
    html_text, inlines_text, Alignment, Block, Book, Creator, Document, Inline, NoteIndex, Role,
    SourceKind,
};
use crate::pagemap::{PageMap, Place};

/// Escapes text for XML content and attributes, by number (EPUBCheck 4.2 reports every
/// named entity, `&amp;` too, as one XHTML might not know).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            // Characters XML 1.0 forbids: the readers have removed them with a warning;
            // this is the net for any string that came another way.
            c if crate::model::text::xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Where a page stands in the book, as its `body` says (`epub:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matter {
    Front,
    Body,
    Back,
}

impl Matter {
    fn epub_type(self) -> &'static str {
        match self {
            Matter::Front => "frontmatter",
            Matter::Body => "bodymatter",
            Matter::Back => "backmatter",
        }
    }
}

/// Wraps a page body in an XHTML document with its language and the stylesheet.
pub(crate) fn page(lang: &str, title: &str, class: &str, matter: Matter, body: &str) -> String {
    // The letters' vocabulary, declared as Standard Ebooks declares it (EPUBCheck 4.2
    // knows no prefix but `epub:`'s own).
    let prefix = if body.contains("\"z3998:") {
        " epub:prefix=\"z3998: http://www.daisy.org/z3998/2012/vocab/structure/#\""
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\"{prefix}>\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n<body class=\"{class}\" epub:type=\"{matter}\">\n{body}</body>\n</html>\n",
        lang = esc(lang),
        title = esc(title),
        matter = matter.epub_type(),
    )
}

/// The title page: title, subtitle, authors, translators, date.
pub(crate) fn title_page(book: &Book, creators: &[Creator], words: &Words) -> String {
    let m = &book.meta;
    let mut b = String::from("<section class=\"title-page\" epub:type=\"titlepage\">\n");
    let _ = writeln!(b, "<h1 class=\"book-title\">{}</h1>", esc(&m.title));
    if let Some(s) = &m.subtitle {
        let _ = writeln!(b, "<p class=\"book-subtitle\">{}</p>", esc(s));
    }
    let authors = names_with(creators, Role::Author);
    if !authors.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"book-authors\">{}</p>",
            esc(&join_names(&authors, words.and))
        );
    }
    let translators = names_with(creators, Role::Translator);
    if !translators.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"book-contributors\">{} {}</p>",
            words.translated_by,
            esc(&join_names(&translators, words.and))
        );
    }
    if let Some(d) = &m.date {
        let _ = writeln!(b, "<p class=\"book-date\">{}</p>", esc(&words.date(d)));
    }
    b.push_str("</section>\n");
    b
}

/// The contents page: each document with its author, linked.
/// With the PDF's page map, each entry that begins a page of the PDF's contents carries
/// its marker.
pub(crate) fn contents_page(
    book: &Book,
    files: &[String],
    words: &Words,
    pages: Option<&PageMap>,
) -> String {
    let mut b = format!(
        "<section class=\"contents\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\">\n\
         <h1 id=\"contents-title\">{}</h1>\n<ol>\n",
        words.contents
    );
    for (k, (doc, file)) in book.documents.iter().zip(files).enumerate() {
        let marks = markers_at(pages, Place::Contents(Some(k)));
        let _ = write!(
            b,
            "<li>{}<a href=\"{file}\">{}</a>",
            marks.trim_end(),
            esc(&doc.title)
        );
        let authors: Vec<&str> = doc.names(Role::Author).collect();
        if !authors.is_empty() {
            let _ = write!(
                b,
                "<br/><span class=\"by\">{}</span>",
                esc(&join_names(&authors, words.and))
            );
        }
        b.push_str("</li>\n");
    }
    let marks = markers_at(pages, Place::Contents(Some(book.documents.len())));
    let _ = writeln!(
        b,
        "<li>{}<a href=\"colophon.xhtml\">{}</a></li>\n</ol>\n</section>",
        marks.trim_end(),
        words.sources
    );
    b
}

/// The sources and licence page: each document's provenance and licence, with the
/// attribution its licence asks for, then the book's own rights and the fonts' licence.
/// With the PDF's page map, each heading that a page of the PDF's sources begins at or
/// under carries its marker before it.
pub(crate) fn colophon_page(
    book: &Book,
    words: &Words,
    identifier: &str,
    producer: &str,
    fonts: bool,
    pages: Option<&PageMap>,
) -> String {
    let mut b = format!(
        "<section class=\"colophon\" epub:type=\"colophon\" role=\"doc-colophon\" aria-labelledby=\"colophon-title\">\n\
         <h1 id=\"colophon-title\">{}</h1>\n",
        words.sources
    );
    let mut headings = 0;
    let mut heading = |b: &mut String, title: &str| {
        b.push_str(&markers_at(pages, Place::Sources(Some(headings))));
        headings += 1;
        let _ = writeln!(b, "<h2>{}</h2>", esc(title));
    };
    for entry in crate::edition::source_entries(book, words) {
        heading(&mut b, &entry.title);
        if entry.rows.is_empty() && entry.licence.is_none() {
            let _ = writeln!(b, "<p>{}</p>", words.no_source);
            continue;
        }
        b.push_str("<dl>\n");
        for (k, v) in &entry.rows {
            let _ = writeln!(b, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
        b.push_str("</dl>\n");
        if let Some(l) = &entry.licence {
            b.push_str(&licence_paragraph(l, words));
        }
    }
    if let Some(l) = crate::edition::edition_licence_in(book, words) {
        heading(&mut b, words.this_edition);
        b.push_str(&licence_paragraph(&l, words));
    }
    let _ = writeln!(
        b,
        "<p class=\"producer\">{}{}{}<br/>{} {}.{}</p>",
        words.identifier,
        words.colon,
        esc(identifier),
        words.made_with,
        esc(producer),
        if fonts {
            format!(" {}", words.font_credit)
        } else {
            String::new()
        }
    );
    b.push_str("</section>\n");
    b
}

/// States a licence, with the attribution and share-alike terms it asks for.
fn licence_paragraph(l: &LicenceStatement, words: &Words) -> String {
    let mut p = String::from("<p class=\"licence\">");
    let as_given = format!(
        "({}{}{})",
        words.as_given,
        words.colon,
        esc(&words.quote(&l.given))
    );
    match (&l.name, &l.url) {
        (Some(name), Some(url)) => {
            let _ = write!(
                p,
                "{}{}<a href=\"{}\">{}</a> {as_given}.",
                words.licence,
                words.colon,
                esc(url),
                esc(name)
            );
        }
        (Some(name), None) => {
            let _ = write!(
                p,
                "{}{}{} {as_given}.",
                words.licence,
                words.colon,
                esc(name)
            );
        }
        _ => {
            let _ = write!(
                p,
                "{}{}{}.",
                words.rights,
                words.colon,
                esc(l.given.trim_end_matches('.'))
            );
        }
    }
    if let Some(a) = &l.attribution {
        let _ = write!(p, " {}", esc(a));
    }
    if l.share_alike {
        let _ = write!(p, " {}", words.share_alike);
    }
    p.push_str("</p>\n");
    p
}

/// Renders one document: its header, body and notes.
#[cfg(test)]
pub(crate) fn document_page(doc: &Document, words: &Words) -> String {
    document_page_with(doc, words, &Images::default(), None, 0)
}

/// Renders a document's page, with the book's images and, when the book has a PDF
/// edition, the markers of its pages (`index`: the document's in the book).
pub(crate) fn document_page_with(
    doc: &Document,
    words: &Words,
    images: &Images,
    pages: Option<&PageMap>,
    index: usize,
) -> String {
    let mut r = Renderer {
        images,
        doc,
        notes: doc.note_index(),
        out: markers_at(pages, Place::Opening(index)),
        seen: HashMap::new(),
        headings: 0,
        breaks: Breaks::of(pages, index),
    };
    r.header(words);
    r.body(&doc.blocks);
    r.breaks.finish(&mut r.out);
    r.notes(words);
    let body = r.out;
    format!("<section class=\"document\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"title\">\n{body}</section>\n")
}

/// The headings of a document, for the table of contents: (id, level, text).
pub(crate) fn headings(doc: &Document) -> Vec<(String, u8, String)> {
    let mut out = Vec::new();
    let mut n = 0;
    collect_headings(&doc.blocks, &mut n, &mut out);
    out
}

fn collect_headings(blocks: &[Block], n: &mut usize, out: &mut Vec<(String, u8, String)>) {
    for b in blocks {
        match b {
            Block::Heading { level, content, .. } => {
                // Numbered as the renderer numbers them, nested ones too; an empty heading
                // has no entry (it would leave an empty list in the navigation).
                *n += 1;
                let text = crate::model::inlines_text(content);
                if !text.trim().is_empty() {
                    out.push((format!("h{n}"), *level, text));
                }
            }
            Block::BlockQuote { blocks } => collect_headings(blocks, n, out),
            Block::List { items, .. } => {
                for item in items {
                    collect_headings(&item.blocks, n, out);
                }
            }
            _ => {}
        }
    }
}

struct Renderer<'a> {
    images: &'a Images,
    doc: &'a Document,
    notes: NoteIndex<'a>,
    out: String,
    /// How many times each note was referenced so far (for unique reference ids).
    seen: HashMap<String, usize>,
    /// Headings so far, for their ids (`h1`, `h2`… as `headings` numbers them).
    headings: usize,
    /// The printed edition's page breaks, marked as the text is written.
    breaks: Breaks<'a>,
}

/// Where a letter stands among a document's blocks: from its first dateline or
/// salutation to its last valediction or signature. A text with only a dateline (a
/// speech, an article) holds no letter.
fn letter_span(blocks: &[Block]) -> Option<std::ops::Range<usize>> {
    let opening = |b: &Block| matches!(b, Block::Dateline { .. } | Block::Salutation { .. });
    let closing = |b: &Block| matches!(b, Block::Closing { .. } | Block::Signature { .. });
    let has_salutation = blocks.iter().any(|b| matches!(b, Block::Salutation { .. }));
    let start = blocks.iter().position(opening);
    let end = blocks.iter().rposition(closing).map(|e| e + 1);
    match (start, end) {
        (Some(s), Some(e)) if s < e => Some(s..e),
        (Some(s), None) if has_salutation => Some(s..blocks.len()),
        (None, Some(e)) => Some(0..e),
        _ => None,
    }
}

/// Makes an XML id from a note label (`1`, `1*`, `note-a`).
fn note_id(label: &str) -> String {
    let mut s = String::from("note-");
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            s.push(c);
        } else {
            let _ = write!(s, "_{:x}", c as u32);
        }
    }
    s
}

impl Renderer<'_> {
    fn header(&mut self, words: &Words) {
        let d = self.doc;
        self.out
            .push_str("<header class=\"document\">\n<h1 id=\"title\">");
        self.out.push_str(&esc(&d.title));
        self.refs(&d.title_notes);
        self.out.push_str("</h1>\n");
        if let Some(s) = &d.subtitle {
            let _ = writeln!(self.out, "<p class=\"subtitle\">{}</p>", esc(s));
        }
        let authors: Vec<&str> = d.names(Role::Author).collect();
        if !authors.is_empty() {
            let _ = writeln!(
                self.out,
                "<p class=\"byline\">{}</p>",
                esc(&join_names(&authors, words.and))
            );
        }
        if let Some(date) = &d.date {
            let _ = writeln!(self.out, "<p class=\"docdate\">{}</p>", esc(date));
        }
        // The source line, and any header line that carries a note (its reference must
        // stand in the text, beside the notes it links to).
        for f in d.source.iter().flat_map(|s| &s.fields) {
            if f.kind == SourceKind::Source || !f.notes.is_empty() {
                self.out.push_str("<p class=\"provenance\">");
                if f.kind != SourceKind::Source && !f.label.is_empty() {
                    let _ = write!(self.out, "{}: ", esc(&f.label));
                }
                self.out.push_str(&esc(&f.value));
                self.refs(&f.notes);
                self.out.push_str("</p>\n");
            }
        }
        let translators: Vec<&str> = d.names(Role::Translator).collect();
        if !translators.is_empty() {
            let _ = writeln!(
                self.out,
                "<p class=\"provenance\">{} {}</p>",
                words.translated_by,
                esc(&join_names(&translators, words.and))
            );
        }
        self.out.push_str("</header>\n");
    }

    /// Writes references to notes by their ids.
    fn refs(&mut self, ids: &[String]) {
        for id in ids {
            self.inline(&Inline::NoteRef { id: id.clone() });
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    /// The document's blocks, a letter among them marked as Standard Ebooks marks one:
    /// from its dateline or salutation to its signature in a `z3998:letter`, its opening
    /// datelines in its `header`, the valediction and signature in its `footer`.
    fn body(&mut self, blocks: &[Block]) {
        let Some(letter) = letter_span(blocks) else {
            return self.blocks(blocks);
        };
        self.blocks(&blocks[..letter.start]);
        self.out.push_str("<div epub:type=\"z3998:letter\">\n");
        let inside = &blocks[letter.clone()];
        let header = inside
            .iter()
            .take_while(|b| matches!(b, Block::Dateline { .. }))
            .count();
        let footer = inside.len()
            - inside[header..]
                .iter()
                .rev()
                .take_while(|b| matches!(b, Block::Closing { .. } | Block::Signature { .. }))
                .count();
        if header > 0 {
            self.out.push_str("<header>\n");
            self.blocks(&inside[..header]);
            self.out.push_str("</header>\n");
        }
        self.blocks(&inside[header..footer]);
        if footer < inside.len() {
            self.out.push_str("<footer>\n");
            self.blocks(&inside[footer..]);
            self.out.push_str("</footer>\n");
        }
        self.out.push_str("</div>\n");
        self.blocks(&blocks[letter.end..]);
    }

    fn block(&mut self, b: &Block) {
        self.breaks.block(&mut self.out);
        match b {
            Block::Paragraph { content } => match crate::images::figure(content) {
                Some(f) if self.images.get(f.url).is_some() => {
                    self.out.push_str("<figure>");
                    self.image(f.url, f.alt, f.width);
                    if !f.caption.trim().is_empty() {
                        let _ = write!(self.out, "<figcaption>{}</figcaption>", esc(f.caption));
                    }
                    self.out.push_str("</figure>\n");
                }
                _ => self.wrapped("<p>", content, "</p>"),
            },
            Block::Heading { level, content, .. } => {
                self.headings += 1;
                let n = self.headings;
                let l = (*level).clamp(2, 6);
                let _ = write!(self.out, "<h{l} id=\"h{n}\">");
                self.inlines(content);
                let _ = writeln!(self.out, "</h{l}>");
            }
            Block::BlockQuote { blocks } => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::List { start, items } => {
                let tag = match start {
                    Some(1) => "<ol>".to_string(),
                    Some(n) => format!("<ol start=\"{n}\">"),
                    None => "<ul>".to_string(),
                };
                self.out.push_str(&tag);
                self.out.push('\n');
                for item in items {
                    self.out.push_str("<li>");
                    // A one-paragraph item needs no <p>.
                    match item.blocks.as_slice() {
                        [Block::Paragraph { content }] => {
                            self.breaks.block(&mut self.out);
                            self.inlines(content);
                        }
                        blocks => self.blocks(blocks),
                    }
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::CodeBlock { text, .. } => {
                self.out.push_str("<pre><code>");
                self.breaks.text(text, &mut self.out);
                self.out.push_str("</code></pre>\n");
            }
            Block::Html { html } => {
                // Raw markup from a manuscript may not be well-formed XHTML (nor safe):
                // what a browser would show of it is set as text.
                let visible = html_text(html);
                if !visible.trim().is_empty() {
                    self.out.push_str("<p class=\"raw-html\">");
                    self.breaks.text(visible.trim(), &mut self.out);
                    self.out.push_str("</p>\n");
                }
            }
            Block::Table {
                head,
                rows,
                align,
                caption,
            } => {
                // Alignment by class, as the stylesheet gives it (no inline style).
                let class = |k: usize| match Alignment::of(align, k) {
                    Alignment::Default => String::new(),
                    a => format!(" class=\"{}\"", a.name()),
                };
                self.out.push_str("<table>\n");
                if !caption.is_empty() {
                    self.wrapped("<caption>", caption, "</caption>");
                }
                if !head.is_empty() {
                    self.out.push_str("<thead>\n<tr>");
                    for (k, cell) in head.iter().enumerate() {
                        self.wrapped(&format!("<th scope=\"col\"{}>", class(k)), cell, "</th>");
                    }
                    self.out.push_str("</tr>\n</thead>\n");
                }
                self.out.push_str("<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for (k, cell) in row.iter().enumerate() {
                        self.wrapped(&format!("<td{}>", class(k)), cell, "</td>");
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            Block::SectionBreak => self.out.push_str("<hr class=\"section-break\"/>\n"),
            Block::Dateline { content } => self.wrapped(
                "<p class=\"dateline\" epub:type=\"z3998:dateline\">",
                content,
                "</p>",
            ),
            Block::Salutation { content } => self.wrapped(
                "<p class=\"salutation\" epub:type=\"z3998:salutation\">",
                content,
                "</p>",
            ),
            Block::Closing { content } => self.wrapped(
                "<p class=\"closing\" epub:type=\"z3998:valediction\">",
                content,
                "</p>",
            ),
            Block::Signature { content } => self.wrapped(
                "<p class=\"signature\" epub:type=\"z3998:signature\">",
                content,
                "</p>",
            ),
        }
    }

    fn wrapped(&mut self, open: &str, content: &[Inline], close: &str) {
        self.breaks.boundary();
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
        self.out.push('\n');
    }

    fn inlines(&mut self, content: &[Inline]) {
        for i in content {
            self.inline(i);
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text { text } => self.breaks.text(text, &mut self.out),
            Inline::Emphasis { content } => self.tag("em", content),
            Inline::Strong { content } => self.tag("strong", content),
            Inline::Strikethrough { content } => self.tag("del", content),
            Inline::Code { text } => {
                self.out.push_str("<code>");
                self.breaks.text(text, &mut self.out);
                self.out.push_str("</code>");
            }
            Inline::Link { url, content, .. } => {
                if let Some(href) = safe_href(url) {
                    let _ = write!(self.out, "<a href=\"{}\">", esc(&href));
                    self.inlines(content);
                    self.out.push_str("</a>");
                } else {
                    self.tag("span", content);
                }
            }
            Inline::Image {
                url, alt, width, ..
            } if self.images.get(url).is_some() => self.image(url, alt, width.as_deref()),
            Inline::Image { alt, .. } => {
                // An image not found: its description stands in for it.
                self.out.push_str("<span class=\"image-alt\">");
                self.breaks.text("[", &mut self.out);
                self.inlines(alt);
                self.breaks.text("]", &mut self.out);
                self.out.push_str("</span>");
            }
            Inline::Html { html } => {
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.breaks.boundary();
                    self.out.push_str("<br/>");
                } else {
                    self.breaks.text(&html_text(html), &mut self.out);
                }
            }
            Inline::LineBreak => {
                self.breaks.boundary();
                self.out.push_str("<br/>");
            }
            Inline::NoteRef { id } => {
                let mark = self
                    .notes
                    .get(id.as_str())
                    .map_or(id.as_str(), |n| n.mark.as_str());
                let count = {
                    let n = self.seen.entry(id.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                let nid = note_id(id);
                let rid = if count == 1 {
                    format!("ref-{nid}")
                } else {
                    format!("ref-{nid}-{count}")
                };
                // No element inside the link (Apple Books); the superscript is CSS's.
                let _ = write!(
                    self.out,
                    "<a id=\"{rid}\" href=\"#{nid}\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\">{}</a>",
                    esc(mark)
                );
            }
        }
    }

    /// An image of the book: its file, its description (always an `alt`, empty when it
    /// has none) and the width asked for.
    fn image(&mut self, url: &str, alt: &[Inline], width: Option<&str>) {
        let Some(image) = self.images.get(url) else {
            return;
        };
        let _ = write!(
            self.out,
            "<img src=\"{}\" alt=\"{}\"",
            esc(&image.epub_name),
            esc(inlines_text(alt).trim())
        );
        match width.and_then(crate::images::parse_width) {
            Some(crate::images::Width::Share(s)) => {
                let _ = write!(
                    self.out,
                    " style=\"width:{}%\"",
                    (s * 1000.0).round() / 10.0
                );
            }
            Some(crate::images::Width::Points(p)) => {
                let _ = write!(self.out, " style=\"width:{}pt\"", p.round());
            }
            None => {}
        }
        self.out.push_str("/>");
    }

    fn tag(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    /// The notes at the end of the document: one `aside` per note, its number a link back
    /// to the first reference, at the start (Kindle merges notes with a backlink at the end).
    fn notes(&mut self, words: &Words) {
        if self.doc.notes.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<section class=\"notes\" epub:type=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">\n<hr/>",
            words.notes
        );
        for note in &self.doc.notes {
            let nid = note_id(&note.id);
            let _ = writeln!(
                self.out,
                "<aside id=\"{nid}\" class=\"note\" epub:type=\"footnote\" role=\"doc-footnote\" aria-label=\"{} {}\">",
                words.note,
                esc(&note.mark)
            );
            let mut back = format!(
                "<a href=\"#ref-{nid}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\"{} {}\">{}.</a> ",
                words.back,
                esc(&note.mark),
                esc(&note.mark)
            );
            // A note referenced again links back to each reference.
            let references = self.seen.get(&note.id).copied().unwrap_or(0);
            for k in 2..=references {
                let _ = write!(
                    back,
                    "<a href=\"#ref-{nid}-{k}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\"{} {} ({k})\">↩</a> ",
                    words.back,
                    esc(&note.mark)
                );
            }
            let mut first = true;
            for b in &note.blocks {
                match b {
                    Block::Paragraph { content } if first => {
                        self.out.push_str("<p>");
                        self.out.push_str(&back);
                        self.inlines(content);
                        self.out.push_str("</p>\n");
                    }
                    other => {
                        if first {
                            let _ = writeln!(self.out, "<p>{back}</p>");
                        }
                        self.block(other);
                    }
                }
                first = false;
            }
            if note.blocks.is_empty() {
                let _ = writeln!(self.out, "<p>{back}</p>");
            }
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }
}

/// Returns a link target that stays valid inside the book: absolute web and mail
/// addresses with a well-formed host, percent-encoded where they hold characters a URL
/// may not (EPUBCheck checks every `href`); anything else is not linked.
pub(crate) fn safe_href(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if let Some(r) = lower.strip_prefix("mailto:") {
        if r.is_empty() || !r.contains('@') {
            return None;
        }
    } else {
        let rest = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match host.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => host,
        };
        let labels_ok = !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !labels_ok {
            return None;
        }
    }
    let mut out = String::with_capacity(url.len());
    let bytes = url.as_bytes();
    for (i, c) in url.char_indices() {
        let keep = c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=".contains(c);
        // A `%` stays only where it starts an escape.
        let escape_start = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if keep || escape_start {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Note;

    #[test]
    fn notes_link_both_ways_and_a_second_reference_gets_its_own_id() {
        let doc = Document {
            title: "T".into(),
            blocks: vec![Block::Paragraph {
                content: vec![
                    Inline::text("a"),
                    Inline::NoteRef { id: "1".into() },
                    Inline::text(" b"),
                    Inline::NoteRef { id: "1".into() },
                ],
            }],
            notes: vec![Note {
                id: "1".into(),
                mark: "1".into(),
                blocks: vec![Block::Paragraph {
                    content: vec![Inline::text("The note.")],
                }],
            }],
            ..Document::default()
        };
        let html = document_page(&doc, &Words::for_language("en"));
        assert!(html.contains("<a id=\"ref-note-1\" href=\"#note-1\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\">1</a>"));
        assert!(html.contains("id=\"ref-note-1-2\""));
        assert!(html.contains(
            "<aside id=\"note-1\" class=\"note\" epub:type=\"footnote\" role=\"doc-footnote\""
        ));
        assert!(html.contains("<p><a href=\"#ref-note-1\" class=\"backlink\""));
        assert!(
            html.contains("<a href=\"#ref-note-1-2\" class=\"backlink\" role=\"doc-backlink\""),
            "the second reference has its way back: {html}"
        );
    }

    #[test]
    fn only_absolute_addresses_are_links() {
        assert_eq!(
            safe_href("https://a.org/x y"),
            Some("https://a.org/x%20y".into())
        );
        assert_eq!(safe_href("/url"), None);
        assert_eq!(safe_href("https://"), None);
        assert_eq!(safe_href("https://../"), None);
        assert_eq!(
            safe_href("https://example.com/?search=][ref]"),
            Some("https://example.com/?search=%5D%5Bref%5D".into())
        );
        assert_eq!(
            safe_href("https://a.org/100%"),
            Some("https://a.org/100%25".into())
        );
        assert_eq!(safe_href("mailto:a@b.org"), Some("mailto:a@b.org".into()));
        assert_eq!(note_id("1*"), "note-1_2a");
    }
}
