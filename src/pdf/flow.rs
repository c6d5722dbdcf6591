//! Blocks into a flow: each document's header, body and notes as set lines and spaces,
//! with the rules that bind them (widows, orphans, headings kept with their text).

use std::collections::HashMap;

use std::borrow::Cow;

use super::fonts::Face;
use super::inline::{Align, Line, Link, ParStyle, Span, SpanStyle, Typesetter, CODE_SIZE};
use super::layout::{Element, Mark, Tag};
use super::paginate::Elem;
use super::style::Style;
use super::units::Pt;
use crate::edition::{join_names, Words};
use crate::model::{Alignment, Block, Document, Inline, Role};

/// A note reference is set at this share of the text size…
const SUPERSCRIPT_SIZE: f64 = 0.62;
/// …this far above the baseline (in text sizes): the top of a figure meets the cap height.
const SUPERSCRIPT_RISE: f64 = 0.36;
/// The indent of block quotes, each side, and of list items, in em.
const QUOTE_INDENT: f64 = 1.5;
/// Where a letter's closing and signature start, as a share of the measure: right of the
/// middle, as letters are set.
const CLOSING_AT: f64 = 0.45;
/// The document title's size, in text sizes; its lines take two of the grid's.
const TITLE_SIZE: f64 = 1.8;
/// The distance between the dots of the contents' leaders, in em.
const LEADER_STEP: f64 = 0.45;
/// How far down the first page of a document its title starts, in lines ("sinkage").
const SINK_LINES: f64 = 5.0;

/// One element of the flow and what it shows.
#[derive(Debug, Clone)]
pub struct FlowElem {
    /// Its height and break rules, for pagination.
    pub elem: Elem,
    /// What it shows.
    pub content: Content,
    /// A bookmark that starts here: level (1 = the document) and title.
    pub outline: Option<(u8, String)>,
    /// The element drawn above it when it opens a page (a table's header, over a row
    /// that runs on to the next page); its height is the elem's `header`.
    pub repeat: Option<usize>,
}

/// What a flow element shows.
#[derive(Debug, Clone)]
pub enum Content {
    /// A line: its left offset in the text block and its baseline from the element's top.
    Line {
        /// The line.
        line: Line,
        /// Offset from the text block's left edge.
        x: Pt,
        /// Baseline below the element's top.
        baseline: Pt,
    },
    /// Empty space.
    Space,
    /// A piece of a table: its lines and rules, placed from the element's top left.
    Table(super::table::Piece),
    /// An image: its rectangle's left and top in the element, and its size.
    Image {
        /// The image.
        image: std::sync::Arc<crate::images::Image>,
        /// Offset from the text block's left edge.
        x: Pt,
        /// Offset from the element's top.
        y: Pt,
        /// Width drawn.
        width: Pt,
        /// Height drawn.
        height: Pt,
        /// The figure it is.
        mark: Mark,
    },
}

/// A note, set.
#[derive(Debug, Clone)]
pub struct NoteFlow {
    /// Its lines, each with its offset in the text block.
    pub lines: Vec<(Line, Pt)>,
}

/// A document as a flow.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// The elements.
    pub elems: Vec<FlowElem>,
    /// The notes, in the order of their first references.
    pub notes: Vec<NoteFlow>,
    /// Its structure elements, the first its root; the marks of its lines index them.
    pub structure: Vec<Element>,
    /// Where its structure elements start in the book's (set when the book places it).
    pub base: usize,
    /// The paragraphs that may be set a line longer or shorter, in order.
    pub reflowable: Vec<Reflowable>,
    /// The element each of the document's blocks starts at, by the block's number as
    /// [`crate::pagemap`] counts them (for the page list).
    pub block_starts: Vec<usize>,
}

/// How a paragraph's lines were made elements.
#[derive(Debug, Clone, Copy)]
struct Placed {
    x: Pt,
    height: Pt,
    baseline: Pt,
    owner: usize,
    /// No break inside or before them.
    keep: bool,
    /// Whether a page may end before the first.
    first_break: bool,
}

impl Placed {
    /// The lines as elements, with the notes each first references.
    fn elems(&self, lines: Vec<Line>, notes: Vec<Vec<usize>>) -> impl Iterator<Item = FlowElem> {
        let n = lines.len();
        let p = *self;
        lines
            .into_iter()
            .zip(notes)
            .enumerate()
            .map(move |(k, (mut line, notes))| {
                claim(&mut line, p.owner);
                // Two lines at least at the foot and at the head of a page. A word may
                // break across pages, as in TeX (its `\brokenpenalty` is less than a page
                // a line short costs): forbidding it left 11 more pages short in 44 texts
                // and 11 more spreads uneven (`scripts/typeset-bench.py`).
                let break_before = !p.keep
                    && if k == 0 {
                        p.first_break
                    } else {
                        k >= 2 && n - k >= 2
                    };
                FlowElem {
                    elem: Elem {
                        height: p.height,
                        break_before,
                        discardable: false,
                        notes,
                        header: 0.0,
                    },
                    content: Content::Line {
                        line,
                        x: p.x,
                        baseline: p.baseline,
                    },
                    outline: None,
                    repeat: None,
                }
            })
    }
}

/// The loosest a line of a paragraph set longer or shorter than its best may be: the
/// first pass's tolerance, spaces at most twice their width. At 1.5 it left 15 more
/// pages short in 44 texts, at 2.5 it set 11 more lines loose (`scripts/typeset-bench.py`).
const REFLOW_TOLERANCE: f64 = 2.0;

/// A paragraph that may be set again in another number of lines: its text, its style
/// and how its lines are placed.
#[derive(Debug, Clone)]
pub struct Reflowable {
    /// Its elements in the flow.
    pub elems: std::ops::Range<usize>,
    spans: Vec<Span>,
    par: ParStyle,
    placed: Placed,
    /// The flow's index of each note it references first.
    notes: Vec<(String, usize)>,
    /// How its lines are hyphenated at its best.
    hyphens: Hyphens,
}

/// How lines are hyphenated: how many end with an added hyphen, how many of those
/// break a capitalized word (a name, mostly), and whether the next-to-last does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hyphens {
    count: usize,
    capital: usize,
    penult: bool,
}

impl Hyphens {
    fn of<'l>(lines: impl DoubleEndedIterator<Item = &'l Line> + Clone) -> Hyphens {
        let broken = lines.clone().filter(|l| l.hyphenated);
        Hyphens {
            count: broken.clone().count(),
            capital: broken.filter(|l| breaks_capital(l)).count(),
            penult: lines.rev().nth(1).is_some_and(|l| l.hyphenated),
        }
    }

    /// Whether a setting so hyphenated is no worse than this one.
    fn allows(&self, other: &Hyphens) -> bool {
        other.count <= self.count && other.capital <= self.capital && (self.penult || !other.penult)
    }
}

/// Whether a hyphenated line's last word starts with a capital.
fn breaks_capital(line: &Line) -> bool {
    let text: String = line
        .runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .map(|g| &*g.text)
        .collect();
    text.split_whitespace()
        .last()
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
        .is_some_and(char::is_uppercase)
}

impl Reflowable {
    /// The paragraph set in `lines[k]` lines, for each `k`, as elements, with the demerits
    /// that costs over its best setting; `None` where it cannot be set so within
    /// [`REFLOW_TOLERANCE`]. It is set so only with no more hyphens than at its best, no
    /// more names broken, and none more on its next-to-last line: a page filled is not
    /// worth a word broken.
    pub fn set_in(
        &self,
        ts: &mut Typesetter,
        lines: &[usize],
    ) -> Vec<Option<(Vec<FlowElem>, f64)>> {
        ts.paragraph_in(&self.spans, &self.par, lines, REFLOW_TOLERANCE)
            .into_iter()
            .map(|found| {
                let (set, cost) = found?;
                if !self.hyphens.allows(&Hyphens::of(set.iter())) {
                    return None;
                }
                let notes: Vec<Vec<usize>> = set
                    .iter()
                    .map(|l| {
                        l.notes
                            .iter()
                            .filter_map(|id| {
                                self.notes.iter().find(|(n, _)| n == id).map(|(_, k)| *k)
                            })
                            .collect()
                    })
                    .collect();
                Some((self.placed.elems(set, notes).collect(), cost))
            })
            .collect()
    }
}

/// Sets a document into a flow.
pub struct Flower<'a> {
    ts: &'a mut Typesetter,
    style: &'a Style,
    words: Words,
    /// The document's index, which makes its anchors unique in the book.
    key: String,
    lang: String,
    doc: Option<&'a Document>,
    /// The document's notes by id.
    notes: crate::model::NoteIndex<'a>,
    flow: Flow,
    /// Notes by id: their index in the flow's notes, once referenced.
    seen: HashMap<String, usize>,
    /// How many references each note has had.
    refs: HashMap<String, usize>,
    /// Whether the next paragraph opens a section (no indent).
    fresh: bool,
    /// Whether the next element must stay with the last (after a heading).
    keep_next: bool,
    /// Whether the paragraph being set may be set again in another number of lines.
    reflowable: bool,
    /// The book's images.
    images: Option<&'a crate::images::Images>,
    /// Images met in a paragraph's text, set after it as figures (`None`: images in
    /// this text are set as their descriptions).
    inline_images: Option<Vec<InlineImage>>,
    /// The structure element blocks go into (the root, a quote, a list item…).
    block: usize,
    /// The structure element the text being set belongs to (a paragraph, a heading…).
    current: usize,
    /// The level of the last heading's element (1: the document's title), so that
    /// none skips a level.
    heading: u8,
}

/// An image met in running text.
struct InlineImage {
    image: std::sync::Arc<crate::images::Image>,
    title: String,
    alt: String,
    width: Option<String>,
}

/// A block's frame: where its lines start and how wide they are.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: Pt,
    measure: Pt,
}

impl<'a> Flower<'a> {
    /// Starts a flow with anchors named after `key`.
    pub fn new(
        ts: &'a mut Typesetter,
        style: &'a Style,
        words: Words,
        key: &str,
        lang: &str,
    ) -> Flower<'a> {
        // The language picks the forms of CJK fallback faces.
        ts.set_language(lang);
        Flower {
            ts,
            style,
            words,
            key: key.to_string(),
            lang: lang.to_string(),
            doc: None,
            notes: crate::model::NoteIndex::new(),
            flow: Flow::default(),
            seen: HashMap::new(),
            refs: HashMap::new(),
            fresh: true,
            keep_next: false,
            reflowable: false,
            images: None,
            inline_images: None,
            block: 0,
            current: 0,
            heading: 1,
        }
        .with_root()
    }

    /// Gives the flow its root element: a section (a document's is a part).
    fn with_root(mut self) -> Flower<'a> {
        self.flow.structure.push(Element {
            tag: Tag::Sect,
            ..Element::default()
        });
        self
    }

    /// Adds a structure element under `parent`; returns its index.
    fn element(&mut self, tag: Tag, parent: usize) -> usize {
        self.flow.structure.push(Element {
            tag,
            parent: Some(parent),
            ..Element::default()
        });
        self.flow.structure.len() - 1
    }

    /// Starts an element of text (a paragraph, a heading…) in the current block: the
    /// lines set next belong to it.
    fn text(&mut self, tag: Tag) -> usize {
        self.current = self.element(tag, self.block);
        self.current
    }

    /// Opens a block element (a quote, a list…) in the current one; returns the one to
    /// go back to with [`Flower::end`].
    pub fn begin(&mut self, tag: Tag) -> usize {
        let outer = self.block;
        self.block = self.element(tag, outer);
        outer
    }

    /// Closes a block element, back to `outer`.
    pub fn end(&mut self, outer: usize) {
        self.block = outer;
    }

    /// A `Link` element under `parent`, described by `alt` for its annotation.
    fn link_element(&mut self, parent: usize, alt: String) -> usize {
        let e = self.element(Tag::Link, parent);
        self.flow.structure[e].alt = Some(alt);
        e
    }

    /// The element a piece of text in `style` goes into: its own, else the current one.
    fn owner(&self, style: &SpanStyle) -> usize {
        match style.mark {
            Some(Mark::Element(e)) => e,
            _ => self.current,
        }
    }

    /// Spans with a link but no element of their own (from the front matter and the
    /// sources page) given one, each run of spans to one target a `Link` of the current
    /// element.
    fn linked<'s>(&mut self, spans: &'s [Span]) -> Cow<'s, [Span]> {
        if !spans
            .iter()
            .any(|s| s.style.link.is_some() && s.style.mark.is_none())
        {
            return Cow::Borrowed(spans);
        }
        let mut out = spans.to_vec();
        let mut last: Option<(Link, usize)> = None;
        for k in 0..out.len() {
            let Some(link) = out[k]
                .style
                .link
                .clone()
                .filter(|_| out[k].style.mark.is_none())
            else {
                last = None;
                continue;
            };
            let e = match &last {
                Some((l, e)) if *l == link => *e,
                _ => {
                    let text: String = out[k..]
                        .iter()
                        .take_while(|s| s.style.link.as_ref() == Some(&link))
                        .map(|s| s.text.as_str())
                        .collect();
                    let e = self.link_element(self.current, text.trim().to_string());
                    last = Some((link, e));
                    e
                }
            };
            out[k].style.mark = Some(Mark::Element(e));
        }
        Cow::Owned(out)
    }

    /// Gives the flow the book's images (else images are set as their descriptions).
    pub fn with_images(mut self, images: &'a crate::images::Images) -> Flower<'a> {
        self.images = Some(images);
        self
    }

    /// Finishes the flow.
    pub fn finish(self) -> Flow {
        self.flow
    }

    /// The text block's frame.
    fn body(&self) -> Frame {
        Frame {
            x: 0.0,
            measure: self.style.measure(),
        }
    }

    /// Returns a base span style for the text.
    pub fn text_style(&self, face: Face) -> SpanStyle {
        SpanStyle::new(face, self.style.size)
    }

    /// Sets a whole document: header, body, and any note nothing references.
    pub fn document(&mut self, doc: &'a Document) {
        self.doc = Some(doc);
        self.flow.structure[0].tag = Tag::Part;
        self.flow.structure[0].title = Some(doc.title.clone());
        self.notes = doc.note_index();
        self.header(doc);
        self.fresh = true;
        let frame = self.body();
        self.blocks(&doc.blocks, frame);
        // A note nobody references still belongs to the text: it hangs from the last line.
        let orphans: Vec<String> = doc
            .notes
            .iter()
            .filter(|n| !self.seen.contains_key(&n.id))
            .map(|n| n.id.clone())
            .collect();
        for id in orphans {
            if let Some(k) = self.note(&id) {
                if let Some(last) = self
                    .flow
                    .elems
                    .iter_mut()
                    .rev()
                    .find(|e| matches!(e.content, Content::Line { .. }))
                {
                    last.elem.notes.push(k);
                }
            }
        }
    }

    /// Adds a space of `lines` grid lines.
    pub fn space(&mut self, lines: f64, discardable: bool) {
        if lines <= 0.0 {
            return;
        }
        self.flow.elems.push(FlowElem {
            elem: Elem {
                height: lines * self.style.leading,
                break_before: discardable && !self.keep_next,
                discardable,
                notes: Vec::new(),
                header: 0.0,
            },
            content: Content::Space,
            outline: None,
            repeat: None,
        });
    }

    /// Adds set lines as elements: each `rows` grid lines high; `keep` forbids every break
    /// inside and before them (a header), else widows and orphans are forbidden. Returns
    /// how they were placed, to set them again.
    fn lines(
        &mut self,
        lines: Vec<Line>,
        x: Pt,
        rows: f64,
        keep: bool,
        keep_first: bool,
    ) -> Placed {
        let notes: Vec<Vec<usize>> = lines
            .iter()
            .map(|l| l.notes.iter().filter_map(|id| self.note(id)).collect())
            .collect();
        let first_break =
            !lines.is_empty() && !keep && !keep_first && !std::mem::take(&mut self.keep_next);
        let placed = Placed {
            x,
            height: rows * self.style.leading,
            baseline: (rows - 0.28) * self.style.leading,
            owner: self.current,
            keep,
            first_break,
        };
        self.flow.elems.extend(placed.elems(lines, notes));
        placed
    }

    /// Sets a paragraph of spans in a frame and adds its lines.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        spans: &[Span],
        frame: Frame,
        indent: Pt,
        align: Align,
        rows: f64,
        keep: bool,
        keep_first: bool,
    ) {
        let hyphenate = (align == Align::Justify).then(|| self.lang.clone());
        let par = ParStyle {
            measure: frame.measure,
            indent,
            align,
            hyphenate,
            stretch: self.style.stretch,
            shrink: self.style.shrink,
        };
        let spans = self.linked(spans);
        let lines = self.ts.paragraph(&spans, &par);
        let start = self.flow.elems.len();
        let placed = self.lines(lines, frame.x, rows, keep, keep_first);
        let end = self.flow.elems.len();
        // A justified paragraph of text may be set a line longer or shorter to fill a
        // page: kept with what sets it again.
        if std::mem::take(&mut self.reflowable) && align == Align::Justify && !keep && end > start {
            let notes = self.flow.elems[start..end]
                .iter()
                .filter_map(|e| match &e.content {
                    Content::Line { line, .. } => Some(line.notes.iter().zip(&e.elem.notes)),
                    _ => None,
                })
                .flatten()
                .map(|(id, &k)| (id.clone(), k))
                .collect();
            let hyphens =
                Hyphens::of(
                    self.flow.elems[start..end]
                        .iter()
                        .filter_map(|e| match &e.content {
                            Content::Line { line, .. } => Some(line),
                            _ => None,
                        }),
                );
            self.flow.reflowable.push(Reflowable {
                hyphens,
                elems: start..end,
                spans: spans.into_owned(),
                par,
                placed,
                notes,
            });
        }
    }

    /// The index of a note in the flow, setting it on its first reference.
    fn note(&mut self, id: &str) -> Option<usize> {
        if let Some(&k) = self.seen.get(id) {
            return Some(k);
        }
        let note = *self.notes.get(id)?;
        // A note is a block of its own after the paragraph that references it: its
        // number (a link back to the reference) then its paragraphs.
        let (outer, outer_text) = (self.block, self.current);
        self.block = self.element(Tag::Note, outer);
        self.flow.structure[self.block].id = Some(format!("note-{}-{}", self.key, id));
        let label = self.element(Tag::Lbl, self.block);
        let back = self.link_element(
            label,
            format!("{} {}: {}", self.words.note, note.mark, self.words.back),
        );
        let size = self.style.note_size;
        let measure = self.style.measure();
        let mut lines = Vec::new();
        let mut first = true;
        // The note's number hangs in the margin, its text flush with the text block's
        // edge: the numbers stand out in a column and the text keeps the page's line.
        let number = format!("{}.", note.mark);
        let hang = self.ts.width(&format!("{number} "), Face::Regular, size);
        let blocks: Vec<Block> = if note.blocks.is_empty() {
            vec![Block::Paragraph {
                content: Vec::new(),
            }]
        } else {
            note.blocks.clone()
        };
        for b in &blocks {
            let mut spans = Vec::new();
            let p = self.text(Tag::P);
            if first {
                let mut st = SpanStyle::new(Face::Regular, size);
                st.link = Some(Link::Anchor(format!("ref:{}:{}:1", self.key, id)));
                st.anchor = Some(format!("note:{}:{}", self.key, id));
                st.mark = Some(Mark::Element(back));
                spans.push(Span {
                    text: number.clone(),
                    style: st,
                });
                spans.push(Span {
                    text: " ".into(),
                    style: SpanStyle::new(Face::Regular, size),
                });
            }
            let content = block_inlines(b);
            self.spans(&content, &SpanStyle::new(Face::Regular, size), &mut spans);
            let par = ParStyle {
                measure,
                indent: if first { -hang } else { self.style.note_size },
                align: Align::Justify,
                hyphenate: Some(self.lang.clone()),
                stretch: self.style.stretch,
                shrink: self.style.shrink,
            };
            for mut line in self.ts.paragraph(&spans, &par) {
                claim(&mut line, p);
                lines.push((line, 0.0));
            }
            first = false;
        }
        (self.block, self.current) = (outer, outer_text);
        let k = self.flow.notes.len();
        self.flow.notes.push(NoteFlow { lines });
        self.seen.insert(id.to_string(), k);
        Some(k)
    }

    /// Turns inlines into spans.
    pub fn spans(&mut self, inlines: &[Inline], base: &SpanStyle, out: &mut Vec<Span>) {
        for i in inlines {
            match i {
                Inline::Text { text } => out.push(Span {
                    text: text.replace(['\n', '\r'], " "),
                    style: base.clone(),
                }),
                Inline::Code { text } => {
                    let mut style = base.clone();
                    style.face = Face::Mono;
                    style.size = base.size * CODE_SIZE;
                    out.push(Span {
                        text: text.replace(['\n', '\r'], " "),
                        style,
                    });
                }
                Inline::Html { html } => {
                    let visible = strip_comments(html);
                    if !visible.is_empty() {
                        out.push(Span {
                            text: visible,
                            style: base.clone(),
                        });
                    }
                }
                Inline::Emphasis { content } => {
                    let mut st = base.clone();
                    st.face = if base.face == Face::Italic {
                        base.face.upright()
                    } else {
                        base.face.italic()
                    };
                    self.spans(content, &st, out);
                }
                Inline::Strong { content } => {
                    let mut st = base.clone();
                    st.face = Face::Bold;
                    self.spans(content, &st, out);
                }
                Inline::Strikethrough { content } => self.spans(content, base, out),
                Inline::Link { url, content, .. } => {
                    let mut st = base.clone();
                    if let Some(u) = safe_uri(url) {
                        let text = crate::model::inlines_text(content);
                        let alt = if text.trim().is_empty() {
                            u.clone()
                        } else {
                            text.trim().to_string()
                        };
                        let e = self.link_element(self.owner(base), alt);
                        st.mark = Some(Mark::Element(e));
                        st.link = Some(Link::Uri(u));
                    }
                    self.spans(content, &st, out);
                }
                Inline::Image {
                    url,
                    title,
                    width,
                    alt,
                } if self.inline_images.is_some()
                    && self.images.and_then(|i| i.get(url)).is_some() =>
                {
                    if let (Some(list), Some(image)) = (
                        self.inline_images.as_mut(),
                        self.images.and_then(|i| i.get(url)),
                    ) {
                        list.push(InlineImage {
                            image: image.clone(),
                            title: title.clone(),
                            alt: crate::model::inlines_text(alt),
                            width: width.clone(),
                        });
                    }
                }
                Inline::Image { alt, .. } => {
                    out.push(Span {
                        text: "[".into(),
                        style: base.clone(),
                    });
                    self.spans(alt, base, out);
                    out.push(Span {
                        text: "]".into(),
                        style: base.clone(),
                    });
                }
                Inline::LineBreak => out.push(Span {
                    text: "\n".into(),
                    style: base.clone(),
                }),
                Inline::NoteRef { id } => out.push(self.note_ref(id, base)),
            }
        }
    }

    /// A note reference: a superscript mark that links to its note.
    fn note_ref(&mut self, id: &str, base: &SpanStyle) -> Span {
        let mark = self
            .notes
            .get(id)
            .map_or(id.to_string(), |n| n.mark.clone());
        let count = {
            let count = self.refs.entry(id.to_string()).or_insert(0);
            *count += 1;
            *count
        };
        let mut st = base.clone();
        st.face = base.face.upright();
        if st.face == Face::Bold {
            st.face = Face::Regular;
        }
        // The face's superior figures where it has them (drawn small and high by their
        // designer, at the text's size and on its baseline); else figures scaled and
        // raised.
        if mark.chars().all(|c| c.is_ascii_digit()) && self.ts.has_superior_figures(st.face) {
            st.superior = true;
        } else {
            st.size = base.size * SUPERSCRIPT_SIZE;
            st.rise = base.size * SUPERSCRIPT_RISE;
        }
        st.link = Some(Link::Anchor(format!("note:{}:{}", self.key, id)));
        st.anchor = Some(format!("ref:{}:{}:{}", self.key, id, count));
        let reference = self.element(Tag::Reference, self.owner(base));
        let link = self.link_element(reference, format!("{} {}", self.words.note, mark));
        st.mark = Some(Mark::Element(link));
        st.note = (count == 1).then(|| id.to_string());
        Span {
            text: mark,
            style: st,
        }
    }

    /// The document's header: title, subtitle, byline, date, source, translator.
    fn header(&mut self, doc: &Document) {
        let s = self.style.size;
        let full = self.body();
        self.space_fixed(SINK_LINES);
        self.text(Tag::H1);
        self.heading = 1;
        let mut title = Vec::new();
        let st = SpanStyle::new(Face::Regular, s * TITLE_SIZE);
        title.push(Span {
            text: doc.title.clone(),
            style: st.clone(),
        });
        for id in &doc.title_notes {
            title.push(self.note_ref(id, &st));
        }
        let start = self.flow.elems.len();
        self.paragraph(&title, full, 0.0, Align::Center, 2.0, true, true);
        if let Some(first) = self.flow.elems.get_mut(start) {
            first.outline = Some((1, doc.title.clone()));
        }
        if let Some(sub) = &doc.subtitle {
            self.text(Tag::P);
            let spans = [Span {
                text: sub.clone(),
                style: SpanStyle::new(Face::Italic, s * 1.2),
            }];
            self.paragraph(&spans, full, 0.0, Align::Center, 1.0, true, true);
        }
        self.space_fixed(1.0);
        let authors: Vec<&str> = doc.names(Role::Author).collect();
        if !authors.is_empty() {
            self.text(Tag::P);
            let spans = [Span {
                text: join_names(&authors, self.words.and),
                style: SpanStyle::new(Face::Regular, s * 1.1),
            }];
            self.paragraph(&spans, full, 0.0, Align::Center, 1.0, true, true);
        }
        if let Some(date) = &doc.date {
            self.text(Tag::P);
            let spans = [Span {
                text: date.clone(),
                style: SpanStyle::new(Face::Italic, s),
            }];
            self.paragraph(&spans, full, 0.0, Align::Center, 1.0, true, true);
        }
        let small = SpanStyle::new(Face::Italic, self.style.size * 0.9);
        let narrow = Frame {
            x: full.measure * 0.1,
            measure: full.measure * 0.8,
        };
        // The header's lines as the source gives them (source, translation, licence…),
        // with the notes they reference.
        for f in doc.source.iter().flat_map(|s| &s.fields) {
            self.text(Tag::P);
            let mut spans = Vec::new();
            let text = if f.label.is_empty() {
                f.value.clone()
            } else {
                format!("{}: {}", f.label, f.value)
            };
            spans.push(Span {
                text,
                style: small.clone(),
            });
            for id in &f.notes {
                spans.push(self.note_ref(id, &small));
            }
            self.paragraph(&spans, narrow, 0.0, Align::Center, 1.0, true, true);
        }
        let translators = crate::edition::translators_not_in_source(doc);
        if !translators.is_empty() {
            self.text(Tag::P);
            let spans = [Span {
                text: format!(
                    "{} {}",
                    self.words.translated_by,
                    join_names(&translators, self.words.and)
                ),
                style: small.clone(),
            }];
            self.paragraph(&spans, narrow, 0.0, Align::Center, 1.0, true, true);
        }
        self.space_fixed(2.0);
    }

    /// A space kept with what follows (part of a header).
    fn space_fixed(&mut self, lines: f64) {
        self.flow.elems.push(FlowElem {
            elem: Elem {
                height: lines * self.style.leading,
                break_before: false,
                discardable: false,
                notes: Vec::new(),
                header: 0.0,
            },
            content: Content::Space,
            outline: None,
            repeat: None,
        });
    }

    /// Sets a page title (contents, sources) as a document's: sunk, large, centred.
    pub fn page_title(&mut self, title: &str) {
        self.space_fixed(SINK_LINES);
        self.text(Tag::H1);
        self.heading = 1;
        let spans = [Span {
            text: title.to_string(),
            style: SpanStyle::new(Face::Regular, self.style.size * TITLE_SIZE),
        }];
        let start = self.flow.elems.len();
        self.paragraph(&spans, self.body(), 0.0, Align::Center, 2.0, true, true);
        if let Some(first) = self.flow.elems.get_mut(start) {
            first.outline = Some((1, title.to_string()));
        }
        self.space_fixed(2.0);
        self.fresh = true;
    }

    /// Adds a subheading (the sources page's document titles).
    pub fn subheading(&mut self, title: &str) {
        self.space(1.0, true);
        self.text(Tag::H2);
        self.heading = 2;
        let spans = [Span {
            text: title.to_string(),
            style: SpanStyle::new(Face::Italic, self.style.size * 1.1),
        }];
        self.paragraph(&spans, self.body(), 0.0, Align::Left, 1.0, false, false);
        self.keep_last_with_next();
        self.fresh = true;
    }

    /// Adds a ragged paragraph of spans, without indent.
    pub fn plain(&mut self, spans: &[Span], align: Align) {
        self.text(Tag::P);
        let frame = self.body();
        self.paragraph(spans, frame, 0.0, align, 1.0, false, false);
    }

    /// Adds lines that stay together, `rows` grid lines each (title pages).
    pub fn set(&mut self, spans: &[Span], align: Align, rows: f64) {
        self.text(Tag::P);
        let frame = self.body();
        self.paragraph(spans, frame, 0.0, align, rows, true, true);
    }

    /// Adds lines kept with what comes before them, in the element of what comes before
    /// (a contents entry's authors are of the entry).
    pub fn set_kept(&mut self, spans: &[Span], align: Align, rows: f64) {
        self.keep_last_with_next();
        let frame = self.body();
        self.paragraph(spans, frame, 0.0, align, rows, false, true);
    }

    /// Adds a justified paragraph without indent.
    pub fn set_justified(&mut self, spans: &[Span]) {
        self.text(Tag::P);
        let frame = self.body();
        self.paragraph(spans, frame, 0.0, Align::Justify, 1.0, false, false);
    }

    /// Adds a contents entry: its text ragged short of the right edge, `number` flush
    /// right on its last line.
    pub fn entry(&mut self, spans: &[Span], room: Pt, number: &str) {
        let entry = self.text(Tag::TOCI);
        let frame = self.body();
        let start = self.flow.elems.len();
        self.paragraph(
            spans,
            Frame {
                x: frame.x,
                measure: frame.measure - room,
            },
            0.0,
            Align::Left,
            1.0,
            false,
            false,
        );
        // The entry's lines stay together.
        for e in self.flow.elems.iter_mut().skip(start + 1) {
            e.elem.break_before = false;
        }
        let size = self.style.size;
        let glyphs = self.ts.glyphs(number, Face::Regular, size);
        let w: Pt = glyphs.iter().map(|g| g.advance).sum();
        let dot = self.ts.glyphs(".", Face::Regular, size);
        if let Some(FlowElem {
            content: Content::Line { line, .. },
            ..
        }) = self.flow.elems.last_mut()
        {
            // Dot leaders from the title to its number, on a grid of their own so that
            // the dots of all entries stand in columns.
            let step = size * LEADER_STEP;
            let from = ((line.x + line.width + size * 0.5) / step).ceil() * step;
            let to = frame.measure - w - size * 0.5;
            if let Some(d) = dot.first() {
                let count = ((to - from) / step).floor().max(0.0) as usize;
                if count > 0 {
                    let mut dots = Vec::with_capacity(count);
                    for _ in 0..count {
                        let mut g = d.clone();
                        g.advance = step;
                        dots.push(g);
                    }
                    line.runs.push(super::inline::LineRun {
                        x: from - line.x,
                        face: Face::Regular,
                        size,
                        rise: 0.0,
                        glyphs: dots,
                        mark: Some(Mark::Artifact),
                    });
                }
            }
            line.runs.push(super::inline::LineRun {
                x: frame.measure - w - line.x,
                face: Face::Regular,
                size,
                rise: 0.0,
                glyphs,
                mark: Some(Mark::Element(entry)),
            });
        }
    }

    /// Makes the next element stay with the last (after a heading).
    fn keep_last_with_next(&mut self) {
        self.keep_next = true;
    }

    /// Sets blocks in a frame.
    fn blocks(&mut self, blocks: &[Block], frame: Frame) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, frame, blocks.get(i + 1));
        }
    }

    /// Sets one block; `next` is the block after it, for letters' spacing.
    fn block(&mut self, b: &Block, frame: Frame, next: Option<&Block>) {
        self.flow.block_starts.push(self.flow.elems.len());
        let s = self.style.size;
        let base = self.text_style(Face::Regular);
        match b {
            Block::Paragraph { content }
                if crate::images::figure(content)
                    .is_some_and(|f| self.images.and_then(|i| i.get(f.url)).is_some()) =>
            {
                if let Some((f, image)) = crate::images::figure(content).and_then(|f| {
                    let image = self.images?.get(f.url)?.clone();
                    Some((f, image))
                }) {
                    let alt = crate::model::inlines_text(f.alt);
                    self.figure(image, f.caption, &alt, f.width, frame);
                }
            }
            Block::Paragraph { content } => {
                self.text(Tag::P);
                let mut spans = Vec::new();
                self.inline_images = self.images.is_some().then(Vec::new);
                self.spans(content, &base, &mut spans);
                let figures = self.inline_images.take().unwrap_or_default();
                let indent = if self.fresh { 0.0 } else { self.style.indent };
                self.reflowable = true;
                self.paragraph(&spans, frame, indent, Align::Justify, 1.0, false, false);
                self.fresh = false;
                // An image in the text is set after its paragraph: a line holds no picture.
                for f in figures {
                    self.figure(f.image, &f.title, &f.alt, f.width.as_deref(), frame);
                }
            }
            Block::Heading { level, content, .. } => {
                let title = crate::model::inlines_text(content);
                self.space(1.0, true);
                // The document's title is H1; its headings H2 and H3, none a level
                // below the last but one.
                let level_of_element = (if *level <= 2 { 2 } else { 3 }).min(self.heading + 1);
                self.heading = level_of_element;
                self.text(Tag::heading(level_of_element));
                let mut spans = Vec::new();
                let (st, align) = if *level <= 2 {
                    (SpanStyle::new(Face::Italic, s * 1.15), Align::Center)
                } else {
                    (SpanStyle::new(Face::Italic, s), Align::Left)
                };
                self.spans(content, &st, &mut spans);
                let start = self.flow.elems.len();
                self.paragraph(&spans, frame, 0.0, align, 1.0, false, false);
                // A heading's lines stay together and with what follows.
                for e in self.flow.elems.iter_mut().skip(start + 1) {
                    e.elem.break_before = false;
                }
                if let Some(first) = self.flow.elems.get_mut(start) {
                    first.outline = Some(((*level).clamp(2, 6), title));
                }
                if *level <= 2 {
                    self.keep_last_with_next();
                    self.space(1.0, false);
                }
                self.keep_last_with_next();
                self.fresh = true;
            }
            Block::SectionBreak => {
                // Shown by an asterism, so that a break at a page's foot is still seen.
                self.text(Tag::P);
                let spans = [Span {
                    text: "*\u{2003}*\u{2003}*".into(),
                    style: base,
                }];
                self.paragraph(&spans, frame, 0.0, Align::Center, 1.0, false, false);
                self.keep_last_with_next();
                self.fresh = true;
            }
            Block::BlockQuote { blocks } => {
                let q = QUOTE_INDENT * s;
                self.space(0.5, true);
                self.fresh = true;
                let outer = self.begin(Tag::BlockQuote);
                self.blocks(
                    blocks,
                    Frame {
                        x: frame.x + q,
                        measure: frame.measure - 2.0 * q,
                    },
                );
                self.end(outer);
                self.space(0.5, true);
                self.fresh = true;
            }
            Block::List { start, items } => {
                let hang = QUOTE_INDENT * s;
                self.space(0.5, true);
                let list = self.begin(Tag::L);
                for (k, item) in items.iter().enumerate() {
                    let outer = self.begin(Tag::LI);
                    let label = self.element(Tag::Lbl, self.block);
                    let body = self.begin(Tag::LBody);
                    let marker = match start {
                        Some(n) => format!("{}.", n + k as u64),
                        None => "•".to_string(),
                    };
                    let inner = Frame {
                        x: frame.x + hang,
                        measure: frame.measure - hang,
                    };
                    let first_elem = self.flow.elems.len();
                    self.fresh = true;
                    self.blocks(&item.blocks, inner);
                    self.end(body);
                    self.end(outer);
                    // The marker hangs in the indent, on the item's first line (which is
                    // then not set again).
                    let after = self
                        .flow
                        .reflowable
                        .partition_point(|r| r.elems.start < first_elem);
                    if self
                        .flow
                        .reflowable
                        .get(after)
                        .is_some_and(|r| r.elems.start == first_elem)
                    {
                        self.flow.reflowable.remove(after);
                    }
                    let glyphs = self.ts.glyphs(&marker, Face::Regular, s);
                    let w: Pt = glyphs.iter().map(|g| g.advance).sum();
                    if let Some(FlowElem {
                        content: Content::Line { line, .. },
                        ..
                    }) = self.flow.elems.get_mut(first_elem)
                    {
                        line.runs.insert(
                            0,
                            super::inline::LineRun {
                                x: -line.x - w - 0.4 * s,
                                face: Face::Regular,
                                size: s,
                                rise: 0.0,
                                glyphs,
                                mark: Some(Mark::Element(label)),
                            },
                        );
                    }
                }
                self.end(list);
                self.space(0.5, true);
                self.fresh = true;
            }
            Block::CodeBlock { text, .. } => self.preformatted(text, frame, true),
            Block::Html { html } => {
                let visible = strip_comments(html);
                if !visible.trim().is_empty() {
                    self.preformatted(visible.trim_end(), frame, false);
                }
            }
            Block::Table {
                head,
                rows,
                align,
                caption,
            } => self.table(head, rows, align, caption, frame),
            Block::Dateline { content } => {
                self.text(Tag::P);
                let mut spans = Vec::new();
                self.spans(content, &base, &mut spans);
                self.paragraph(&spans, frame, 0.0, Align::Right, 1.0, false, false);
                if matches!(next, Some(Block::Salutation { .. })) {
                    self.keep_last_with_next();
                    self.space(1.0, false);
                }
                self.keep_last_with_next();
                self.fresh = true;
            }
            Block::Salutation { content } => {
                self.text(Tag::P);
                let mut spans = Vec::new();
                self.spans(content, &base, &mut spans);
                self.paragraph(&spans, frame, 0.0, Align::Left, 1.0, false, false);
                self.keep_last_with_next();
                self.fresh = true;
            }
            Block::Closing { content } | Block::Signature { content } => {
                let closing = matches!(b, Block::Closing { .. });
                if closing {
                    self.space(1.0, true);
                } else {
                    self.keep_last_with_next();
                }
                let at = frame.measure * CLOSING_AT;
                self.text(Tag::P);
                let mut spans = Vec::new();
                self.spans(content, &base, &mut spans);
                self.paragraph(
                    &spans,
                    Frame {
                        x: frame.x + at,
                        measure: frame.measure - at,
                    },
                    0.0,
                    Align::Left,
                    1.0,
                    false,
                    false,
                );
                if closing && matches!(next, Some(Block::Signature { .. })) {
                    self.keep_last_with_next();
                }
                self.fresh = true;
            }
        }
    }

    /// Sets a figure: the image at its natural size (at most [`crate::images::PRINT_DPI`]),
    /// the width asked for or the measure, whichever is least, centred, with its caption
    /// under it. Image and caption are one unit: never split, and moved whole to the next
    /// page when they do not fit (the page before ends short: no float, so that the text
    /// keeps its order). An image taller than a page is scaled down to fit one.
    fn figure(
        &mut self,
        image: std::sync::Arc<crate::images::Image>,
        caption: &str,
        alt: &str,
        width: Option<&str>,
        frame: Frame,
    ) {
        use crate::images::{parse_width, Width};
        // The figure says what it shows: its description, else its caption, else (as
        // PDF/UA wants some text) the name of its file.
        let figure = self.element(Tag::Figure, self.block);
        let said = [alt.trim(), caption.trim()]
            .into_iter()
            .find(|t| !t.is_empty())
            .map(str::to_string)
            .or_else(|| {
                image
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| format!("image {}", image.number));
        self.flow.structure[figure].alt = Some(said);
        self.current = self.element(Tag::Caption, figure);
        let leading = self.style.leading;
        let (nw, nh) = image.natural;
        let mut w = match width.and_then(parse_width) {
            Some(Width::Share(s)) => frame.measure * s,
            Some(Width::Points(p)) => p,
            None => nw,
        }
        .min(frame.measure);
        let aspect = nh / nw;
        let caption_lines = if caption.trim().is_empty() {
            Vec::new()
        } else {
            let spans = [Span {
                text: caption.trim().to_string(),
                style: SpanStyle::new(Face::Italic, self.style.size * 0.9),
            }];
            let par = ParStyle {
                measure: frame.measure,
                indent: 0.0,
                align: Align::Center,
                hyphenate: None,
                stretch: self.style.stretch,
                shrink: self.style.shrink,
            };
            self.ts.paragraph(&spans, &par)
        };
        // Room on an empty page: the body less the caption and a line around.
        let room = ((self.style.body_height() - leading * (caption_lines.len() as f64 + 1.0))
            / leading)
            .floor()
            * leading;
        if w * aspect > room {
            w = room / aspect;
        }
        let h = w * aspect;
        let rows = (h / leading).ceil().max(1.0);
        self.space(0.5, true);
        let break_before = !std::mem::take(&mut self.keep_next);
        self.flow.elems.push(FlowElem {
            elem: Elem {
                height: rows * leading,
                break_before,
                discardable: false,
                notes: Vec::new(),
                header: 0.0,
            },
            content: Content::Image {
                image,
                x: frame.x + (frame.measure - w) / 2.0,
                y: (rows * leading - h) / 2.0,
                width: w,
                height: h,
                mark: Mark::Element(figure),
            },
            outline: None,
            repeat: None,
        });
        self.lines(caption_lines, frame.x, 1.0, true, true);
        self.space(0.5, true);
        self.fresh = true;
    }

    /// Sets a table (see [`super::table`]): its caption above it, kept with it; its
    /// header kept with its first row and repeated above the rows that run on to another
    /// page; each row whole on a page. The space after it brings the text back to the
    /// grid.
    fn table(
        &mut self,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        align: &[Alignment],
        caption: &[Inline],
        frame: Frame,
    ) {
        if head.is_empty() && rows.iter().all(Vec::is_empty) {
            return;
        }
        let leading = self.style.leading;
        self.space(0.5, true);
        let start = self.flow.elems.len();
        let outer = self.begin(Tag::Table);
        if !caption.is_empty() {
            self.text(Tag::Caption);
            let mut spans = Vec::new();
            let st = SpanStyle::new(Face::Italic, self.style.size * 0.9);
            self.spans(caption, &st, &mut spans);
            self.paragraph(&spans, frame, 0.0, Align::Center, 1.0, false, false);
            for e in self.flow.elems.iter_mut().skip(start + 1) {
                e.elem.break_before = false;
            }
            self.keep_last_with_next();
        }
        // Each row a `TR`, each of its cells a `TH` (the header's) or a `TD` whose text
        // is marked as the cell's.
        let cells = |flower: &mut Self, row: &[Vec<Inline>], face: Face, tag: Tag| {
            let tr = flower.element(Tag::TR, flower.block);
            row.iter()
                .map(|c| {
                    let mut st = flower.text_style(face);
                    st.mark = Some(Mark::Element(flower.element(tag, tr)));
                    let mut spans = Vec::new();
                    flower.spans(c, &st, &mut spans);
                    spans
                })
                .collect::<Vec<Vec<Span>>>()
        };
        let head_spans = cells(self, head, Face::Italic, Tag::TH);
        let row_spans: Vec<Vec<Vec<Span>>> = rows
            .iter()
            .map(|r| cells(self, r, Face::Regular, Tag::TD))
            .collect();
        // The notes the cells reference follow the table.
        self.end(outer);
        let n = row_spans.iter().map(Vec::len).chain([head.len()]).max();
        let aligns: Vec<Align> = (0..n.unwrap_or(0))
            .map(|k| match Alignment::of(align, k) {
                Alignment::Default | Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let table = super::table::set(
            self.ts,
            &super::table::Cells {
                head: &head_spans,
                rows: &row_spans,
                align: &aligns,
            },
            super::table::Metrics {
                measure: frame.measure,
                size: self.style.size,
                leading,
                lang: &self.lang,
            },
        );
        let shifted = |mut piece: super::table::Piece| {
            for (_, x, _) in &mut piece.lines {
                *x += frame.x;
            }
            for r in &mut piece.rules {
                r.x += frame.x;
            }
            piece
        };
        let head_height = table.head.height;
        let head_at = self.flow.elems.len();
        let mut total = 0.0;
        let pieces = std::iter::once(table.head).chain(table.rows);
        for (k, piece) in pieces.enumerate() {
            let notes: Vec<usize> = piece
                .lines
                .iter()
                .flat_map(|(l, _, _)| l.notes.clone())
                .collect::<Vec<_>>()
                .iter()
                .filter_map(|id| self.note(id))
                .collect();
            total += piece.height;
            // The head stays with the caption and the first row with the head.
            let break_before = match k {
                0 => !std::mem::take(&mut self.keep_next),
                1 => false,
                _ => true,
            };
            let repeated = k > 1 && table.has_head;
            self.flow.elems.push(FlowElem {
                elem: Elem {
                    height: piece.height,
                    break_before,
                    discardable: false,
                    notes,
                    header: if repeated { head_height } else { 0.0 },
                },
                content: Content::Table(shifted(piece)),
                outline: None,
                repeat: repeated.then_some(head_at),
            });
        }
        // Back to the grid: the space after the table rounds its height up to whole
        // lines, and half a line more.
        let over = (total / leading).ceil() * leading - total;
        self.space(over / leading + 0.5, true);
        self.fresh = true;
    }

    /// Sets preformatted text line by line, indented. Code is set in the code face, each
    /// line as it is (its spaces kept, tabs as four), a line too long for the measure
    /// wrapped with a mark; other text (an HTML block) ragged in the text face, breaking
    /// only lines too long.
    fn preformatted(&mut self, text: &str, frame: Frame, code: bool) {
        let q = QUOTE_INDENT * self.style.size;
        let inner = Frame {
            x: frame.x + q,
            measure: frame.measure - q,
        };
        self.space(0.5, true);
        self.text(if code { Tag::Code } else { Tag::P });
        for line in text.trim_end_matches('\n').split('\n') {
            // An empty line still takes its place.
            let line = if line.trim().is_empty() {
                "\u{00a0}".to_string()
            } else if code {
                line.trim_end().replace('\t', "    ")
            } else {
                line.replace('\t', "    ")
            };
            if code {
                let st = SpanStyle::new(Face::Mono, self.style.size * CODE_SIZE);
                let lines = self.ts.code(&line, &st, inner.measure);
                self.lines(lines, inner.x, 1.0, false, false);
            } else {
                let spans = [Span {
                    text: line,
                    style: SpanStyle::new(Face::Regular, self.style.size * 0.9),
                }];
                self.paragraph(&spans, inner, 0.0, Align::Left, 1.0, false, false);
            }
        }
        self.space(0.5, true);
        self.fresh = true;
    }
}

/// Makes a set line's text, and its links, content of an element where they are of
/// none of their own.
fn claim(line: &mut Line, owner: usize) {
    for run in &mut line.runs {
        run.mark.get_or_insert(Mark::Element(owner));
    }
    for link in &mut line.links {
        link.3.get_or_insert(Mark::Element(owner));
    }
}

/// The inlines of a block, for notes (whose blocks are set as paragraphs).
fn block_inlines(b: &Block) -> Vec<Inline> {
    match b {
        Block::Heading { content, .. }
        | Block::Paragraph { content }
        | Block::Dateline { content }
        | Block::Salutation { content }
        | Block::Closing { content }
        | Block::Signature { content } => content.clone(),
        Block::BlockQuote { blocks } => blocks
            .iter()
            .flat_map(|b| {
                let mut v = block_inlines(b);
                v.push(Inline::text(" "));
                v
            })
            .collect(),
        Block::List { start, items } => {
            let mut out = Vec::new();
            for (k, item) in items.iter().enumerate() {
                if let Some(n) = start {
                    out.push(Inline::text(format!("{}. ", n + k as u64)));
                }
                for b in &item.blocks {
                    out.extend(block_inlines(b));
                    out.push(Inline::text(" "));
                }
            }
            out
        }
        Block::CodeBlock { text, .. } => vec![Inline::text(text.replace('\n', " "))],
        Block::Html { html } => vec![Inline::text(strip_comments(html))],
        Block::Table {
            head,
            rows,
            caption,
            ..
        } => {
            let mut out = Vec::new();
            for cell in std::iter::once(caption)
                .chain(head)
                .chain(rows.iter().flatten())
            {
                out.extend(cell.iter().cloned());
                out.push(Inline::text(" "));
            }
            out
        }
        Block::SectionBreak => Vec::new(),
    }
}

/// Drops HTML comments, which are invisible.
fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The longest address a PDF link is made for, in bytes: what browsers and sitemaps
/// accept (2,048). Each line a link covers repeats the address in its annotation, so a
/// 300 KB address made a 179 MB PDF; a longer one is set as plain text.
const MAX_URI: usize = 2048;

/// Returns an address a PDF link may lead to: web and mail addresses only, of at most
/// [`MAX_URI`] bytes.
fn safe_uri(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:");
    (scheme && url.len() <= MAX_URI).then(|| url.to_string())
}
