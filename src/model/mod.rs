//! The one intermediate document model: plain data that every stage reads or writes.
//!
//! `import` and `markdown` produce a [`Book`]; the EPUB and PDF writers read it and
//! nothing else. It serializes with serde (`samizdat model FILE` prints it as JSON).

pub(crate) mod block;
pub mod language;
mod licence;
mod source;
pub mod text;

pub use block::{visit_inlines, Alignment, Block, Inline, ListItem};
pub use licence::Licence;
pub use source::{Source, SourceField, SourceKind};
pub use text::{html_text, inlines_text, words};

use serde::{Deserialize, Serialize};

/// A book: its metadata and the documents it gathers, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    /// What describes the book as a whole.
    pub meta: Meta,
    /// The texts the book gathers (an anthology may hold an essay and a letter).
    pub documents: Vec<Document>,
}

/// The book's metadata, with pandoc's names where pandoc has one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The book's title.
    pub title: String,
    /// A subtitle, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors, translators, editors… in the order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub creators: Vec<Creator>,
    /// The language as a BCP 47 tag (`en`, `en-GB`, `fr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The date as given (ISO 8601 where the source allowed it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A stable identifier given by the author (ISBN, URN, URL); derived when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The rights statement or licence of the book as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<Licence>,
    /// A short description (blurb, abstract).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The publisher, if named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Subject keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
}

/// A person or body with a part in making the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creator {
    /// The name as it should be printed.
    pub name: String,
    /// What they did.
    pub role: Role,
}

/// A creator's part, written as the MARC relator code that EPUB uses; ordered as
/// front matter lists them (authors first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Wrote the text.
    #[serde(rename = "aut")]
    Author,
    /// Translated it.
    #[serde(rename = "trl")]
    Translator,
    /// Transcribed it (typed or marked it up from print).
    #[serde(rename = "trc")]
    Transcriber,
    /// Edited it.
    #[serde(rename = "edt")]
    Editor,
    /// Proofread it.
    #[serde(rename = "pfr")]
    Proofreader,
}

impl Role {
    /// Returns the MARC relator code (`aut`, `trl`…).
    pub fn code(self) -> &'static str {
        match self {
            Role::Author => "aut",
            Role::Translator => "trl",
            Role::Transcriber => "trc",
            Role::Editor => "edt",
            Role::Proofreader => "pfr",
        }
    }
}

/// One text of the book, with its own provenance and notes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    /// The document's title.
    pub title: String,
    /// A subtitle (a part number, a dedication line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The notes referenced from the title (an archive's note on the whole text,
    /// `… August 11, 1919.[1]`), in order; their marks follow the title.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_notes: Vec<String>,
    /// Who wrote, translated, transcribed it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub creators: Vec<Creator>,
    /// The date as the source gives it (`1936`, `Saturday, October 27, 2018`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the text came from, as its header says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The licence this document is published under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<Licence>,
    /// The language, where it differs from the book's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// The notes, in the order the source gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Document {
    /// Returns the names of the creators with the given role.
    pub fn names(&self, role: Role) -> impl Iterator<Item = &str> {
        self.creators
            .iter()
            .filter(move |c| c.role == role)
            .map(|c| c.name.as_str())
    }

    /// Finds a note by its id (a scan: for many look-ups, use [`Document::note_index`]).
    pub fn note(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// Indexes the notes by id, so that each reference finds its note at once (a scan per
    /// reference made 100,000 notes quadratic).
    pub fn note_index(&self) -> NoteIndex<'_> {
        let mut index = NoteIndex::with_capacity(self.notes.len());
        for n in &self.notes {
            // The first of two notes with one id wins, as `note` finds it.
            index.entry(n.id.as_str()).or_insert(n);
        }
        index
    }
}

/// A document's notes by id.
pub type NoteIndex<'a> = std::collections::HashMap<&'a str, &'a Note>;

/// A note: referenced from the text by [`Inline::NoteRef`], possibly more than once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The label that links references to the note (`1`, `1*`, `note-a`).
    pub id: String,
    /// The mark printed at the reference and before the note (`1`, `*`, `†`).
    pub mark: String,
    /// The note's content; it may hold several paragraphs.
    pub blocks: Vec<Block>,
}

/// How deep blocks and inlines may nest (a quote in a list in a quote …, emphasis in a
/// link …). Readers and writers walk the model recursively, and a thread's stack holds a
/// few thousand levels at most; real books nest fewer than ten. Every reader refuses a
/// deeper input with the error `nesting-too-deep`.
pub const MAX_DEPTH: usize = 64;

/// Returns how deep the book's blocks and inlines nest (a paragraph in a document is 2),
/// looking no deeper than `limit`: the walk is bounded, so it is safe on any model.
pub fn depth(book: &Book, limit: usize) -> usize {
    fn blocks(bs: &[Block], d: usize, limit: usize) -> usize {
        if d >= limit {
            return d;
        }
        bs.iter()
            .map(|b| match b {
                Block::BlockQuote { blocks: inner } => blocks(inner, d + 1, limit),
                Block::List { items, .. } => items
                    .iter()
                    .map(|i| blocks(&i.blocks, d + 1, limit))
                    .max()
                    .unwrap_or(d),
                Block::Heading { content, .. }
                | Block::Paragraph { content }
                | Block::Dateline { content }
                | Block::Salutation { content }
                | Block::Closing { content }
                | Block::Signature { content } => inlines(content, d + 1, limit),
                Block::Table {
                    head,
                    rows,
                    caption,
                    ..
                } => std::iter::once(caption)
                    .chain(head)
                    .chain(rows.iter().flatten())
                    .map(|c| inlines(c, d + 1, limit))
                    .max()
                    .unwrap_or(d),
                _ => d + 1,
            })
            .max()
            .unwrap_or(d)
    }
    fn inlines(is: &[Inline], d: usize, limit: usize) -> usize {
        if d >= limit {
            return d;
        }
        is.iter()
            .map(|i| match i {
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Link { content, .. }
                | Inline::Image { alt: content, .. } => inlines(content, d + 1, limit),
                _ => d + 1,
            })
            .max()
            .unwrap_or(d)
    }
    book.documents
        .iter()
        .flat_map(|doc| std::iter::once(&doc.blocks).chain(doc.notes.iter().map(|n| &n.blocks)))
        .map(|bs| blocks(bs, 1, limit))
        .max()
        .unwrap_or(0)
}

/// Says whether a label is printable as a note mark as it stands (`12`, `3*`, `*`, `†`,
/// an editor's lettered `A`), rather than a name (`note-a`) that gets a number by order
/// of reference.
pub fn is_printable_mark(label: &str) -> bool {
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = label.trim_end_matches('*');
    letter
        || (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        || (!label.is_empty() && label.len() <= 12 && label.chars().all(|c| "*†‡§¶".contains(c)))
}
