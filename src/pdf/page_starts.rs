//! Where each page of a document begins in its text, for the page map the EPUB reads
//! ([`crate::pagemap`]): the block its first line of text comes from, and the characters
//! of that block set on the pages before.

use super::flow::{Content, Flow};
use super::inline::Line;
use super::layout::{Element, Mark, Tag};
use super::paginate::PageCut;
use crate::pagemap::{counts, Place, Position};

/// Where each page cut from a document's flow begins. A page begins where its first
/// line of text (or table row, or image) does: the notes at its foot and the space at its
/// head are not where the reader starts reading it. A page with no text of the body (the
/// rest of a long note) begins where the next text does, so that the pages stay in
/// order; a page that begins in the document's header is its opening.
pub fn page_starts(flow: &Flow, cuts: &[PageCut], document: usize) -> Vec<Place> {
    let blocks = &flow.block_starts;
    // Where the last page began: its block, its first element and the characters of the
    // block before it (so that a paragraph over many pages is counted once, not once a
    // page).
    let mut last: Option<(usize, usize, usize)> = None;
    cuts.iter()
        .map(|cut| {
            let first = (cut.elems.start..flow.elems.len())
                .find(|&e| !matches!(flow.elems[e].content, Content::Space))
                .unwrap_or(flow.elems.len());
            // The last block that starts at or before the element: the innermost, as
            // a quote's first paragraph starts where the quote does.
            let block = blocks.partition_point(|&s| s <= first);
            if block == 0 && first < flow.elems.len() {
                return Place::Opening(document);
            }
            if first == flow.elems.len() {
                return Place::Text(Position {
                    document,
                    block: blocks.len(),
                    chars: 0,
                });
            }
            let block = block - 1;
            let (from, before) = match last {
                Some((b, e, chars)) if b == block && e <= first => (e, chars),
                _ => (blocks[block], 0),
            };
            let chars = before
                + flow.elems[from..first]
                    .iter()
                    .map(|e| content_chars(&e.content, &flow.structure))
                    .sum::<usize>();
            last = Some((block, first, chars));
            Place::Text(Position {
                document,
                block,
                chars,
            })
        })
        .collect()
}

/// Where each page of the contents begins: at the entry its first line belongs to, or
/// (the first page) at the contents' title.
pub fn contents_starts(flow: &Flow, cuts: &[PageCut]) -> Vec<Place> {
    let entries: Vec<usize> = (0..flow.structure.len())
        .filter(|&e| flow.structure[e].tag == Tag::TOCI)
        .collect();
    cuts.iter()
        .map(|cut| {
            let entry = first_element(flow, cut)
                .and_then(|e| entry_of(e, &flow.structure))
                .and_then(|e| entries.binary_search(&e).ok());
            Place::Contents(entry)
        })
        .collect()
}

/// Where each page of the sources begins: in the section of the last heading (`H2`)
/// at or before its first line (the ebook's sources page has the same headings, but
/// not quite the same rows under them), or at the pages' title.
pub fn sources_starts(flow: &Flow, cuts: &[PageCut]) -> Vec<Place> {
    let headings: Vec<usize> = (0..flow.structure.len())
        .filter(|&e| flow.structure[e].tag == Tag::H2)
        .collect();
    cuts.iter()
        .map(|cut| {
            let section = first_element(flow, cut)
                .map(|e| headings.partition_point(|&h| h <= e))
                .and_then(|n| n.checked_sub(1));
            Place::Sources(section)
        })
        .collect()
}

/// The structure element of the first line of text a page sets, if it sets any.
fn first_element(flow: &Flow, cut: &PageCut) -> Option<usize> {
    flow.elems[cut.elems.clone()]
        .iter()
        .find_map(|e| match &e.content {
            Content::Line { line, .. } => line.runs.iter().find_map(|r| match r.mark {
                Some(Mark::Element(e)) => Some(e),
                _ => None,
            }),
            _ => None,
        })
}

/// The contents entry (`TOCI`) an element is in, if any.
fn entry_of(mut e: usize, structure: &[Element]) -> Option<usize> {
    loop {
        let el = structure.get(e)?;
        if el.tag == Tag::TOCI {
            return Some(e);
        }
        e = el.parent?;
    }
}

/// The characters of the text an element sets, as the page map counts them.
fn content_chars(content: &Content, structure: &[Element]) -> usize {
    match content {
        Content::Line { line, .. } => line_chars(line, structure),
        Content::Table(piece) => piece
            .lines
            .iter()
            .map(|(l, _, _)| line_chars(l, structure))
            .sum(),
        Content::Space | Content::Image { .. } => 0,
    }
}

/// The characters of a line's text: not its page furniture (code's continuation marks),
/// nor what the layout adds to the model's words (list labels, note references' marks).
fn line_chars(line: &Line, structure: &[Element]) -> usize {
    line.runs
        .iter()
        .filter(|r| match r.mark {
            Some(Mark::Artifact) => false,
            Some(Mark::Element(e)) => !added(e, structure),
            None => true,
        })
        .flat_map(|r| &r.glyphs)
        .map(|g| g.text.chars().filter(|&c| counts(c)).count())
        .sum()
}

/// Whether an element's text is the layout's own: a label, or a note reference's link.
fn added(e: usize, structure: &[Element]) -> bool {
    let Some(el) = structure.get(e) else {
        return false;
    };
    match el.tag {
        Tag::Lbl => true,
        Tag::Link => el
            .parent
            .and_then(|p| structure.get(p))
            .is_some_and(|p| p.tag == Tag::Reference),
        _ => false,
    }
}
