//! Blocks and inlines: the body of a document.

use serde::{Deserialize, Serialize};

/// A block of a document's body or of a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// A heading inside a document (level 2 and deeper: level 1 is the document's title).
    Heading {
        /// 1 to 6, as in HTML.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
        /// An anchor given by the author (`{#intro}`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A quotation set off from the text.
    BlockQuote {
        /// What is quoted.
        blocks: Vec<Block>,
    },
    /// A numbered or bulleted list.
    List {
        /// The first number of a numbered list; `None` for a bulleted list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// Code or other preformatted text, shown as written.
    CodeBlock {
        /// The info string's first word (`rust`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        /// The text, line ends included.
        text: String,
    },
    /// Raw HTML from a manuscript, kept as written; writers show or escape it.
    Html {
        /// The markup.
        html: String,
    },
    /// A table: a pipe or grid table of a manuscript, an HTML table, a table a text
    /// draws.
    Table {
        /// The header row's cells; empty for a table without a header.
        head: Vec<Vec<Inline>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
        /// Each column's alignment, left to right; a column past the end (or a model
        /// written before alignments were kept) is [`Alignment::Default`].
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        align: Vec<Alignment>,
        /// The caption (`Table: …`, `<caption>`); empty for none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
    },
    /// A break between sections of a text (a run of blank lines, `* * *`, `---`).
    SectionBreak,
    /// A letter's place-and-date line (`August 10, 1936`).
    Dateline {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A letter's greeting (`Dear Leon Davidovich`).
    Salutation {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A letter's closing words (`Yours fraternally,`).
    Closing {
        /// Its text.
        content: Vec<Inline>,
    },
    /// The name a letter is signed with.
    Signature {
        /// Its text.
        content: Vec<Inline>,
    },
}

/// How a table column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alignment {
    /// As the edition sets text by default (flush left).
    #[default]
    Default,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

impl Alignment {
    /// Its name, as the model writes it (`default`, `left`, `center`, `right`).
    pub fn name(self) -> &'static str {
        match self {
            Alignment::Default => "default",
            Alignment::Left => "left",
            Alignment::Center => "center",
            Alignment::Right => "right",
        }
    }

    /// The alignment of column `k` of a table's alignments.
    pub fn of(align: &[Alignment], k: usize) -> Alignment {
        align.get(k).copied().unwrap_or_default()
    }
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// Text and its markup inside a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Inline {
    /// Plain text (typographic characters already applied).
    Text {
        /// The characters.
        text: String,
    },
    /// Emphasis (italics).
    Emphasis {
        /// What is emphasized.
        content: Vec<Inline>,
    },
    /// Strong emphasis (bold).
    Strong {
        /// What is emphasized.
        content: Vec<Inline>,
    },
    /// Struck-out text.
    Strikethrough {
        /// What is struck out.
        content: Vec<Inline>,
    },
    /// Code inside a line.
    Code {
        /// The code.
        text: String,
    },
    /// A link.
    Link {
        /// Where it goes.
        url: String,
        /// Its title (tooltip), if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// The linked text.
        content: Vec<Inline>,
    },
    /// An image; in text editions its description stands in for it.
    Image {
        /// The image's address.
        url: String,
        /// Its title, if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// The description (alt text).
        alt: Vec<Inline>,
        /// The width asked for (pandoc's `{width=50%}`: a share of the measure, or a
        /// length such as `3in`, `5cm`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<String>,
    },
    /// Raw inline HTML from a manuscript.
    Html {
        /// The markup.
        html: String,
    },
    /// A forced line break.
    LineBreak,
    /// A reference to a note of the same document.
    NoteRef {
        /// The note's id.
        id: String,
    },
}

impl Inline {
    /// Makes a text inline.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// Appends text to a run of inlines, merging it with a text inline at the end.
pub(crate) fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        text.push_str(s);
    } else {
        out.push(Inline::text(s));
    }
}

/// Appends an inline, merging adjacent text.
pub(crate) fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    match inline {
        Inline::Text { text } => push_text(out, &text),
        other => out.push(other),
    }
}

/// Calls `f` on every run of inlines a block holds, its nested blocks' included.
pub fn visit_inlines(block: &Block, f: &mut dyn FnMut(&[Inline])) {
    match block {
        Block::Heading { content, .. }
        | Block::Paragraph { content }
        | Block::Dateline { content }
        | Block::Salutation { content }
        | Block::Closing { content }
        | Block::Signature { content } => f(content),
        Block::BlockQuote { blocks } => blocks.iter().for_each(|b| visit_inlines(b, f)),
        Block::List { items, .. } => items
            .iter()
            .flat_map(|i| &i.blocks)
            .for_each(|b| visit_inlines(b, f)),
        Block::Table {
            head,
            rows,
            caption,
            ..
        } => (!caption.is_empty())
            .then_some(caption)
            .into_iter()
            .chain(head)
            .chain(rows.iter().flatten())
            .for_each(|c| f(c)),
        Block::CodeBlock { .. } | Block::Html { .. } | Block::SectionBreak => {}
    }
}
