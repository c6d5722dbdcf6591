//! Where the PDF reader edition's pages begin, as places in the model: plain data that
//! the PDF's layout makes and the EPUB reads to mark the printed pages (its page list),
//! so that a reader of the ebook can cite the printed page and neither edition uses the
//! other.
//!
//! A place in a document's text is a block and a count of characters into it. Blocks are
//! counted in reading order, each before the blocks inside it (a quote's, a list item's),
//! its notes' blocks not at all; characters are counted as [`counts`] says, so that the
//! PDF, which counts the glyphs it set, and the EPUB, which counts the text it writes,
//! find the same place.

/// The pages of the PDF reader edition, in order, each with where it begins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMap {
    /// The edition the page numbers are of (its file, its page size): what the EPUB
    /// names as the source of its page breaks.
    pub source: String,
    /// The pages, in order.
    pub pages: Vec<PageStart>,
}

/// One page: its label and where it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    /// The page's label, as its folio and the PDF's page labels give it (`iii`, `23`).
    pub label: String,
    /// Where it begins.
    pub at: Place,
}

/// Where a page begins in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// On the title page or its back (which the ebook's title page holds).
    TitlePage,
    /// In the contents: at the entry it begins with (by its index: the documents', then
    /// the sources page's), or at the contents' title.
    Contents(Option<usize>),
    /// At the opening of a document (by its index in the book), before its header.
    Opening(usize),
    /// In a document's text.
    Text(Position),
    /// In the sources and licence pages: in the section of the heading it begins with
    /// or under (by the heading's index: the documents' sources, then this edition's
    /// licence), or at the pages' title.
    Sources(Option<usize>),
}

/// A place in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The document's index in the book.
    pub document: usize,
    /// The block, counted as the module says; the count of the document's blocks is
    /// the place after the last.
    pub block: usize,
    /// The characters of the block before the place, as [`counts`] counts them; a place
    /// inside a word stands for the end of that word (a page may begin inside a word
    /// hyphenated across the break).
    pub chars: usize,
}

/// Whether a character is counted in a position: whitespace is not (each edition spaces
/// its text in its own way: the PDF drops a line's last space, sets an empty line of code
/// as a no-break space), nor the soft hyphen (which the PDF adds at line ends).
pub fn counts(c: char) -> bool {
    !c.is_whitespace() && c != '\u{ad}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_soft_hyphens_are_not_counted() {
        let n = "re\u{ad}vo lu\u{a0}tion\n"
            .chars()
            .filter(|&c| counts(c))
            .count();
        assert_eq!(n, 10);
    }
}
