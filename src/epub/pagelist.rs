//! The printed edition's pages in the ebook: a page-break marker where each page of the
//! PDF reader edition begins, and the navigation document's page list, from the page
//! map the PDF's layout made ([`crate::pagemap`]).
//!
//! A page that begins in a document's text is marked at its first word: before the
//! block, when it begins with one (between blocks, as Standard Ebooks marks them, so that
//! no heading's name takes the number), else inside the block's text, before the first
//! word that starts at or after the place (a page that begins inside a hyphenated word
//! is marked after that word). Pages of the front and back matter are marked at the top
//! of the page that holds them in the ebook: the title page (the PDF's title page and its
//! back), the contents, the sources page.

use std::fmt::Write;

use super::xhtml::esc;
use crate::pagemap::{counts, PageMap, Place, Position};

/// A page-break marker.
pub(crate) fn marker(label: &str) -> String {
    let label = esc(label);
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{label}\" aria-label=\"{label}\"/>"
    )
}

/// The markers of the pages that begin at a place of the front or back matter, joined.
pub(crate) fn markers_at(map: Option<&PageMap>, place: Place) -> String {
    map.map_or_else(String::new, |m| {
        m.pages
            .iter()
            .filter(|p| p.at == place)
            .map(|p| marker(&p.label) + "\n")
            .collect()
    })
}

/// The page breaks of one document, placed as its text is written.
#[derive(Debug, Default)]
pub(crate) struct Breaks<'a> {
    /// The pages that begin in the text, in order, with their labels.
    at: Vec<(Position, &'a str)>,
    /// The first of them not yet marked.
    next: usize,
    /// The number of the next block to be written.
    block: usize,
    /// The characters of the current block written so far.
    chars: usize,
    /// Whether the last character written was inside a word.
    in_word: bool,
}

impl<'a> Breaks<'a> {
    /// The breaks of a document (by its index in the book); none without a map.
    pub(crate) fn of(map: Option<&'a PageMap>, document: usize) -> Breaks<'a> {
        let at = map.map_or_else(Vec::new, |m| {
            m.pages
                .iter()
                .filter_map(|p| match p.at {
                    Place::Text(at) if at.document == document => Some((at, p.label.as_str())),
                    _ => None,
                })
                .collect()
        });
        Breaks {
            at,
            ..Breaks::default()
        }
    }

    /// Marks the pages whose place comes before the next character `out` gets.
    fn mark_while(&mut self, out: &mut String, before: impl Fn(&Position) -> bool) {
        while let Some((at, label)) = self.at.get(self.next) {
            if !before(at) {
                break;
            }
            out.push_str(&marker(label));
            self.next += 1;
        }
    }

    /// A block begins (the next in the counting order): marks the pages that begin
    /// with it, and any left from the blocks before.
    pub(crate) fn block(&mut self, out: &mut String) {
        let b = self.block;
        self.block += 1;
        self.chars = 0;
        self.in_word = false;
        self.mark_while(out, |at| at.block < b || (at.block == b && at.chars == 0));
    }

    /// Text breaks off without a space (a table cell ends, a line breaks): the next
    /// text starts a word.
    pub(crate) fn boundary(&mut self) {
        self.in_word = false;
    }

    /// Writes text of the current block, escaped, with the markers of the pages that
    /// begin in it.
    pub(crate) fn text(&mut self, text: &str, out: &mut String) {
        let current = self.block.wrapping_sub(1);
        if self
            .at
            .get(self.next)
            .is_none_or(|(at, _)| at.block != current)
        {
            // Nothing to mark here: no need to count.
            out.push_str(&esc(text));
            return;
        }
        let mut from = 0;
        for (i, c) in text.char_indices() {
            if counts(c) {
                let starts_word = !self.in_word;
                self.in_word = true;
                if starts_word {
                    let chars = self.chars;
                    let due = self
                        .at
                        .get(self.next)
                        .is_some_and(|(at, _)| at.block == current && at.chars <= chars);
                    if due {
                        out.push_str(&esc(&text[from..i]));
                        from = i;
                        self.mark_while(out, |at| at.block == current && at.chars <= chars);
                    }
                }
                self.chars += 1;
            } else if c.is_whitespace() {
                self.in_word = false;
            }
        }
        out.push_str(&esc(&text[from..]));
    }

    /// The document's text has been written: marks every page left (those that begin
    /// after its last block, or past what the text holds).
    pub(crate) fn finish(&mut self, out: &mut String) {
        let before = out.len();
        self.mark_while(out, |_| true);
        if out.len() > before {
            out.push('\n');
        }
    }
}

/// The navigation document's page list: every page, in order, linked to its marker.
/// Hidden, as Standard Ebooks has it: readers offer it as "go to page".
pub(crate) fn page_list(map: &PageMap, file: impl Fn(Place) -> String, name: &str) -> String {
    let mut o = format!(
        "<nav epub:type=\"page-list\" id=\"page-list\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>\n",
        esc(name)
    );
    for p in &map.pages {
        let label = esc(&p.label);
        let _ = writeln!(
            o,
            "<li><a href=\"{}#page-{label}\">{label}</a></li>",
            file(p.at)
        );
    }
    o.push_str("</ol>\n</nav>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagemap::PageStart;

    fn map(places: &[(&str, Place)]) -> PageMap {
        PageMap {
            source: String::new(),
            pages: places
                .iter()
                .map(|(l, at)| PageStart {
                    label: l.to_string(),
                    at: *at,
                })
                .collect(),
        }
    }

    fn at(block: usize, chars: usize) -> Place {
        Place::Text(Position {
            document: 0,
            block,
            chars,
        })
    }

    #[test]
    fn a_page_is_marked_before_its_block_or_its_first_word() {
        let m = map(&[
            ("1", at(0, 0)),
            ("2", at(0, 9)),
            ("3", at(1, 4)),
            ("4", at(3, 0)),
        ]);
        let mut b = Breaks::of(Some(&m), 0);
        let mut out = String::new();
        b.block(&mut out);
        out.push_str("<p>");
        // The ninth character is the end of "statement": the mark is before "of".
        b.text("statement of <b>", &mut out);
        out.push_str("</p>");
        b.block(&mut out);
        out.push_str("<p>");
        // A place inside a word (the page began inside "revolution", hyphenated across
        // the break) is marked after it.
        b.text("the revolution & more", &mut out);
        out.push_str("</p>");
        b.block(&mut out);
        b.finish(&mut out);
        assert_eq!(
            out,
            format!(
                "{}<p>statement {}of &#60;b&#62;</p><p>the revolution {}&#38; more</p>{}\n",
                marker("1"),
                marker("2"),
                marker("3"),
                marker("4")
            )
        );
    }

    #[test]
    fn the_page_list_links_every_page_in_order() {
        let m = map(&[("i", Place::TitlePage), ("1", at(0, 0))]);
        let nav = page_list(
            &m,
            |p| match p {
                Place::TitlePage => "titlepage.xhtml".into(),
                _ => "doc-01.xhtml".into(),
            },
            "Pages",
        );
        assert!(nav.contains(
            "<li><a href=\"titlepage.xhtml#page-i\">i</a></li>\n<li><a href=\"doc-01.xhtml#page-1\">1</a></li>"
        ));
    }
}
