//! Reads a manuscript: CommonMark events into the model.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::divs;
use super::frontmatter::{self, DocumentMeta, FrontMatter};
use super::tables::{self, take_captions};
use crate::diagnostic::{line_of, Diagnostic, Error, Parsed};
use crate::model::block::{push_inline, push_text};
use crate::model::{
    inlines_text, is_printable_mark, Alignment, Block, Book, Document, Inline, ListItem, Note,
};

/// The CommonMark extensions a manuscript may use.
fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Reads a manuscript (Markdown with optional YAML front matter) into a book.
pub fn parse(file: &Path, text: &str) -> Result<Parsed<Book>, Error> {
    let mut diagnostics = Vec::new();
    if frontmatter::unclosed(text) {
        return Err(Diagnostic::error(
            "front-matter-unclosed",
            file,
            Some(1),
            "the front matter opened by the `---` on line 1 is never closed".into(),
        )
        .with_hint("end the front matter with a line `---` before the text")
        .into());
    }
    let (yaml, body, fm_lines) = frontmatter::split(text);
    let (fm, body, fm_lines) = match yaml {
        Some(y) => (
            frontmatter::parse(file, y, &mut diagnostics)?,
            body,
            fm_lines,
        ),
        None => frontmatter::title_block(text),
    };
    let body = divs::mark_fences(&tables::grid_to_pipe(body));
    let located = Located {
        text: &body,
        first_line: fm_lines,
    };
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&body, options())
        .into_offset_iter()
        .collect();
    check_depth(file, &events, &located)?;
    let mut reader = Reader {
        events,
        pos: 0,
        definitions: Vec::new(),
        references: Vec::new(),
        spill: Vec::new(),
    };
    let top = reader.top_level();
    let top = apply_divs(top, file, &located)?;
    let book = assemble(
        file,
        fm,
        top,
        reader.definitions,
        reader.references,
        &located,
        &mut diagnostics,
    )?;
    if book.documents.iter().all(|d| d.blocks.is_empty()) {
        return Err(Diagnostic::error(
            "empty-input",
            file,
            None,
            "the manuscript has no text".into(),
        )
        .with_hint("write the text after the front matter (the block between the `---` lines)")
        .into());
    }
    Ok(Parsed {
        value: book,
        diagnostics,
    })
}

/// Refuses events nested deeper than the model allows, before the reader recurses into
/// them (2,456 nested `> ` once overflowed the stack). Each event's depth is its open
/// containers, blocks and inlines alike.
fn check_depth(
    file: &Path,
    events: &[(Event, Range<usize>)],
    located: &Located,
) -> Result<(), Error> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            // A list's items and a table's rows and cells are one level with it.
            Event::Start(Tag::Item | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {}
            Event::End(TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell) => {
            }
            Event::Start(_) => {
                depth += 1;
                if depth > crate::model::MAX_DEPTH {
                    let line = located.line(range.start);
                    return Err(
                        Diagnostic::too_deep(file, Some(line), crate::model::MAX_DEPTH).into(),
                    );
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Maps byte offsets of the body to lines of the file.
struct Located<'a> {
    text: &'a str,
    first_line: usize,
}

impl Located<'_> {
    fn line(&self, offset: usize) -> usize {
        line_of(self.text, offset) + self.first_line
    }
}

/// A note definition as read, before it is given to its document.
struct Definition {
    label: String,
    blocks: Vec<Block>,
    offset: usize,
}

struct Reader<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    definitions: Vec<Definition>,
    /// Every note reference: its label and offset.
    references: Vec<(String, usize)>,
    /// Blocks of an unmodelled container, waiting to be placed after its first block.
    spill: Vec<Block>,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let e = self.events.get(self.pos).cloned();
        self.pos += 1;
        e
    }

    /// Reads the top level, keeping each block's offset.
    fn top_level(&mut self) -> Vec<(Block, usize)> {
        let mut out = Vec::new();
        while self.pos < self.events.len() {
            let offset = self.events[self.pos].1.start;
            if let Some(b) = self.block() {
                out.push((b, offset));
            }
            out.extend(self.spill.drain(..).map(|b| (b, offset)));
        }
        take_captions(out)
    }

    /// Reads blocks until the end tag that closes the current container.
    fn blocks_until(&mut self, end: TagEnd) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.events.get(self.pos) {
            if *event == Event::End(end) {
                self.pos += 1;
                break;
            }
            if let Some(b) = self.block() {
                out.push(b);
            }
            out.append(&mut self.spill);
        }
        take_captions(out)
    }

    /// Reads one block; inline events outside a paragraph (a tight list item) make one.
    fn block(&mut self) -> Option<Block> {
        let (event, range) = self.events.get(self.pos).cloned()?;
        match event {
            Event::Start(tag) if !is_inline(&tag) => {
                self.pos += 1;
                self.container(tag, range)
            }
            Event::Rule => {
                self.pos += 1;
                Some(Block::SectionBreak)
            }
            Event::End(_) => {
                // An end we did not open (never seen with a balanced parser): skip it.
                self.pos += 1;
                None
            }
            _ => {
                let mut content = Vec::new();
                while let Some((e, _)) = self.events.get(self.pos) {
                    let inline = match e {
                        Event::Start(t) => is_inline(t),
                        Event::End(_) | Event::Rule => false,
                        _ => true,
                    };
                    if !inline {
                        break;
                    }
                    self.inline(&mut content);
                }
                trim_inlines(&mut content);
                (!content.is_empty()).then_some(Block::Paragraph { content })
            }
        }
    }

    fn container(&mut self, tag: Tag<'a>, range: Range<usize>) -> Option<Block> {
        Some(match tag {
            Tag::Paragraph => {
                let mut content = self.inlines_until(TagEnd::Paragraph);
                trim_inlines(&mut content);
                if content.is_empty() {
                    return None;
                }
                Block::Paragraph { content }
            }
            Tag::Heading { level, id, .. } => {
                let mut content = self.inlines_until(TagEnd::Heading(level));
                trim_inlines(&mut content);
                Block::Heading {
                    level: heading_level(level),
                    content,
                    id: id.map(|i| i.to_string()),
                }
            }
            Tag::BlockQuote(kind) => Block::BlockQuote {
                blocks: self.blocks_until(TagEnd::BlockQuote(kind)),
            },
            Tag::List(start) => {
                let mut items = Vec::new();
                let end = TagEnd::List(start.is_some());
                while let Some((e, _)) = self.next() {
                    match e {
                        Event::Start(Tag::Item) => items.push(ListItem {
                            blocks: self.blocks_until(TagEnd::Item),
                        }),
                        e if e == Event::End(end) => break,
                        _ => {}
                    }
                }
                Block::List { start, items }
            }
            Tag::CodeBlock(kind) => {
                let mut text = String::new();
                while let Some((e, _)) = self.next() {
                    match e {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|s| s.trim_matches(['{', '}', '.']).to_string())
                        .filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                Block::CodeBlock { lang, text }
            }
            Tag::HtmlBlock => {
                let mut html = String::new();
                while let Some((e, _)) = self.next() {
                    match e {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                Block::Html { html }
            }
            Tag::FootnoteDefinition(label) => {
                let blocks = self.blocks_until(TagEnd::FootnoteDefinition);
                self.definitions.push(Definition {
                    label: label.to_string(),
                    blocks,
                    offset: range.start,
                });
                return None;
            }
            Tag::Table(aligns) => {
                let mut head = Vec::new();
                let mut rows = Vec::new();
                while let Some((e, _)) = self.next() {
                    match e {
                        Event::Start(Tag::TableHead) => head = self.cells(TagEnd::TableHead),
                        Event::Start(Tag::TableRow) => rows.push(self.cells(TagEnd::TableRow)),
                        Event::End(TagEnd::Table) => break,
                        _ => {}
                    }
                }
                // A pipe table must have a header row; one of empty cells stands for none.
                if head.iter().all(Vec::is_empty) {
                    head.clear();
                }
                let mut align: Vec<Alignment> = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Alignment::Default,
                        pulldown_cmark::Alignment::Left => Alignment::Left,
                        pulldown_cmark::Alignment::Center => Alignment::Center,
                        pulldown_cmark::Alignment::Right => Alignment::Right,
                    })
                    .collect();
                // A table of default columns says nothing: the model leaves it out.
                if align.iter().all(|a| *a == Alignment::Default) {
                    align.clear();
                }
                Block::Table {
                    head,
                    rows,
                    align,
                    caption: Vec::new(),
                }
            }
            other => {
                // Containers the options never produce (definition lists, metadata): keep
                // their blocks in place.
                let mut blocks = self.blocks_until(other.to_end());
                let first = (!blocks.is_empty()).then(|| blocks.remove(0));
                self.spill.extend(blocks);
                return first;
            }
        })
    }

    fn cells(&mut self, end: TagEnd) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((e, _)) = self.next() {
            match e {
                Event::Start(Tag::TableCell) => {
                    let mut c = self.inlines_until(TagEnd::TableCell);
                    trim_inlines(&mut c);
                    cells.push(c);
                }
                e if e == Event::End(end) => break,
                _ => {}
            }
        }
        cells
    }

    fn inlines_until(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((e, _)) = self.events.get(self.pos) {
            if *e == Event::End(end) {
                self.pos += 1;
                break;
            }
            self.inline(&mut out);
        }
        image_attributes(&mut out);
        out
    }

    /// Reads one inline event (with its content, for a container) onto `out`.
    fn inline(&mut self, out: &mut Vec<Inline>) {
        let Some((event, range)) = self.next() else {
            return;
        };
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(t) => out.push(Inline::Code {
                text: t.to_string(),
            }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(out, &t),
            Event::Html(t) | Event::InlineHtml(t) => out.push(Inline::Html {
                html: t.to_string(),
            }),
            Event::FootnoteReference(label) => {
                self.references.push((label.to_string(), range.start));
                out.push(Inline::NoteRef {
                    id: label.to_string(),
                });
            }
            Event::SoftBreak => push_text(out, " "),
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::TaskListMarker(done) => push_text(out, if done { "[x] " } else { "[ ] " }),
            Event::Rule | Event::End(_) => {}
            Event::Start(tag) => {
                let end = tag.to_end();
                let content = self.inlines_until(end);
                let inline = match tag {
                    Tag::Emphasis => Inline::Emphasis { content },
                    Tag::Strong => Inline::Strong { content },
                    Tag::Strikethrough => Inline::Strikethrough { content },
                    Tag::Link {
                        dest_url, title, ..
                    } => Inline::Link {
                        url: dest_url.to_string(),
                        title: title.to_string(),
                        content,
                    },
                    Tag::Image {
                        dest_url, title, ..
                    } => Inline::Image {
                        url: dest_url.to_string(),
                        title: title.to_string(),
                        alt: content,
                        width: None,
                    },
                    _ => {
                        for i in content {
                            push_inline(out, i);
                        }
                        return;
                    }
                };
                out.push(inline);
            }
        }
    }
}

/// Reads pandoc's attributes after an image (`![a](p.png){width=50%}`): the width is kept,
/// the braces leave the text.
fn image_attributes(out: &mut Vec<Inline>) {
    let mut k = 0;
    while k + 1 < out.len() {
        if let [Inline::Image { width, .. }, Inline::Text { text }] = &mut out[k..k + 2] {
            if let Some(end) = text.strip_prefix('{').and_then(|t| t.find('}')) {
                let attrs = &text[1..=end];
                let plausible = attrs
                    .split_whitespace()
                    .all(|a| a.starts_with(['#', '.']) || a.contains('='));
                if plausible {
                    for a in attrs.split_whitespace() {
                        if let Some(v) = a.strip_prefix("width=") {
                            let v = v.trim_matches(['"', '\'', '“', '”', '‘', '’']);
                            if !v.is_empty() {
                                *width = Some(v.to_string());
                            }
                        }
                    }
                    let rest = text[end + 2..].to_string();
                    if rest.is_empty() {
                        out.remove(k + 1);
                    } else {
                        *text = rest;
                    }
                }
            }
        }
        k += 1;
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Trims white space at the two ends of a run of inlines.
fn trim_inlines(content: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

/// Applies fenced divs: a letter part's class turns its paragraph into that part; any
/// other div leaves its blocks as they are.
fn apply_divs(
    top: Vec<(Block, usize)>,
    file: &Path,
    located: &Located,
) -> Result<Vec<(Block, usize)>, Error> {
    // Open divs: class, offset, the blocks gathered so far.
    type Open = (String, usize, Vec<(Block, usize)>);
    let mut stack: Vec<Open> = Vec::new();
    let mut out = Vec::new();
    for (block, offset) in top {
        if let Block::Html { html } = &block {
            let h = html.trim();
            if let Some(class) = h
                .strip_prefix(divs::OPEN)
                .and_then(|r| r.strip_suffix("-->"))
            {
                stack.push((class.to_string(), offset, Vec::new()));
                continue;
            }
            if h == divs::CLOSE {
                let Some((class, start, blocks)) = stack.pop() else {
                    return Err(Diagnostic::error(
                        "div-unopened",
                        file,
                        Some(located.line(offset)),
                        "a `:::` line closes a div that was never opened".into(),
                    )
                    .with_hint("remove the line, or open the div above with `::: name`")
                    .into());
                };
                let target = stack.last_mut().map_or(&mut out, |s| &mut s.2);
                for (b, o) in blocks {
                    target.push((letter_part(&class, b), o.max(start)));
                }
                continue;
            }
        }
        stack
            .last_mut()
            .map_or(&mut out, |s| &mut s.2)
            .push((block, offset));
    }
    if let Some((class, start, _)) = stack.pop() {
        return Err(Diagnostic::error(
            "div-unclosed",
            file,
            Some(located.line(start)),
            format!("the div `::: {class}` is never closed"),
        )
        .with_hint("add a line `:::` after its last paragraph")
        .into());
    }
    Ok(out)
}

fn letter_part(class: &str, block: Block) -> Block {
    let Block::Paragraph { content } = block else {
        return block;
    };
    match class {
        "dateline" => Block::Dateline { content },
        "salutation" => Block::Salutation { content },
        "closing" => Block::Closing { content },
        "signature" => Block::Signature { content },
        _ => Block::Paragraph { content },
    }
}

/// Splits the blocks into documents at level-1 headings, applies the front matter and
/// gives each document the notes it references.
fn assemble(
    file: &Path,
    fm: FrontMatter,
    top: Vec<(Block, usize)>,
    definitions: Vec<Definition>,
    references: Vec<(String, usize)>,
    located: &Located,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Book, Error> {
    // 1. Documents: each level-1 heading opens one; text before the first is a document
    //    of its own, titled as the book.
    let mut docs: Vec<(Document, usize)> = Vec::new();
    for (block, offset) in top {
        match block {
            Block::Heading {
                level: 1, content, ..
            } => docs.push((
                Document {
                    title: inlines_text(&content),
                    title_notes: content
                        .iter()
                        .filter_map(|i| match i {
                            Inline::NoteRef { id } => Some(id.clone()),
                            _ => None,
                        })
                        .collect(),
                    ..Document::default()
                },
                offset,
            )),
            other => {
                if docs.is_empty() {
                    docs.push((Document::default(), 0));
                }
                docs.last_mut()
                    .expect("a document was just pushed")
                    .0
                    .blocks
                    .push(other);
            }
        }
    }
    if docs.is_empty() {
        docs.push((Document::default(), 0));
    }
    let starts: Vec<usize> = docs.iter().map(|(_, o)| *o).collect();
    // Documents open in order of their offsets: a binary search finds a block's.
    let doc_at = |offset: usize| starts.partition_point(|s| *s <= offset).saturating_sub(1);
    // Notes referenced from a document's source (front matter) count as referenced there.
    let mut references = references;
    let sources = fm.source.iter().map(|s| (0, s)).chain(
        fm.documents
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.source.as_ref().map(|s| (i, s))),
    );
    for (i, source) in sources {
        for f in &source.fields {
            for id in &f.notes {
                references.push((id.clone(), starts.get(i).copied().unwrap_or_default()));
            }
        }
    }

    // 2. Notes: a definition belongs to the document it stands in; a reference finds it
    //    there, or else the one definition of that label in the file.
    // Every lookup is by hash: 100,000 notes were once quadratic (515 s).
    let mut errors = Vec::new();
    let mut by_doc: Vec<HashMap<&str, usize>> = vec![HashMap::new(); docs.len()];
    // Label → its one definition in the file, or `None` when it has several.
    let mut only: HashMap<&str, Option<usize>> = HashMap::new();
    let mut used = vec![false; definitions.len()];
    for (i, def) in definitions.iter().enumerate() {
        only.entry(def.label.as_str())
            .and_modify(|o| *o = None)
            .or_insert(Some(i));
        let d = doc_at(def.offset);
        if let Some(&first) = by_doc[d].get(def.label.as_str()) {
            // One error is enough for a duplicate: not “never referenced” as well.
            used[i] = true;
            errors.push(
                Diagnostic::error(
                    "note-duplicate",
                    file,
                    Some(located.line(def.offset)),
                    format!(
                        "the note `[^{}]` is defined twice (first on line {})",
                        def.label,
                        located.line(definitions[first].offset)
                    ),
                )
                .with_hint("give one of the two definitions another label, and its references too"),
            );
        } else {
            by_doc[d].insert(&def.label, i);
        }
    }
    let mut notes_of: Vec<Vec<&Definition>> = vec![Vec::new(); docs.len()];
    let mut placed: Vec<std::collections::HashSet<&str>> =
        vec![std::collections::HashSet::new(); docs.len()];
    for (label, offset) in &references {
        let d = doc_at(*offset);
        let def = by_doc[d]
            .get(label.as_str())
            .copied()
            .or_else(|| only.get(label.as_str()).copied().flatten());
        match def {
            Some(i) => {
                used[i] = true;
                let def = &definitions[i];
                if placed[d].insert(def.label.as_str()) {
                    notes_of[d].push(def);
                }
            }
            None => errors.push(
                Diagnostic::error(
                    "note-undefined",
                    file,
                    Some(located.line(*offset)),
                    format!("the note reference `[^{label}]` has no definition in this document"),
                )
                .with_hint(format!(
                    "add a line `[^{label}]: the note's text` after the paragraph, or remove the reference"
                )),
            ),
        }
    }
    // pulldown-cmark leaves a reference to an undefined label as text: find those too.
    // They come in the order of the text: each is looked for after the one before.
    let mut from = 0;
    for (doc, _) in &docs {
        find_dangling(&doc.blocks, &mut |label| {
            let needle = format!("[^{label}]");
            let offset = located.text[from..]
                .find(&needle)
                .map(|o| from + o)
                .or_else(|| located.text.find(&needle))
                .unwrap_or_default();
            from = offset;
            errors.push(
                Diagnostic::error(
                    "note-undefined",
                    file,
                    Some(located.line(offset)),
                    format!("the note reference `[^{label}]` has no definition"),
                )
                .with_hint(format!(
                    "add a line `[^{label}]: the note's text` after the paragraph, or write `\\[^{label}]` if the brackets are text"
                )),
            );
        });
    }
    // A note never referenced is kept, at the end of its document (pandoc drops it).
    let mut unreferenced: Vec<Vec<&Definition>> = vec![Vec::new(); docs.len()];
    for (def, used) in definitions.iter().zip(&used) {
        if !used {
            diagnostics.push(
                Diagnostic::warning(
                    "note-unreferenced",
                    file,
                    Some(located.line(def.offset)),
                    format!(
                        "the note `[^{}]` is never referenced; its text is kept at the end of its document, under “{UNREFERENCED}”",
                        def.label
                    ),
                )
                .with_hint(format!(
                    "add `[^{}]` where the note belongs in the text, or delete the note",
                    def.label
                )),
            );
            unreferenced[doc_at(def.offset)].push(def);
        }
    }
    for ((doc, _), defs) in docs.iter_mut().zip(&unreferenced) {
        keep_unreferenced(&mut doc.blocks, defs);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(Error::Input(errors));
    }

    // 3. Front matter: the book's metadata, and each document's in order.
    let FrontMatter {
        mut meta,
        documents: doc_meta,
        source,
    } = fm;
    if doc_meta.len() > docs.len() {
        let extra = &doc_meta[docs.len()];
        return Err(Diagnostic::error(
            "front-matter-documents",
            file,
            Some(extra.line),
            format!(
                "the front matter describes {} documents but the text has {} (each `# Title` line opens one)",
                doc_meta.len(),
                docs.len()
            ),
        )
        .with_hint("remove the extra `documents:` entries, or add the documents' `# Title` lines")
        .into());
    }
    let mut documents = Vec::with_capacity(docs.len());
    let mut source = source;
    for (i, ((mut doc, _), defs)) in docs.into_iter().zip(notes_of).enumerate() {
        if doc.title.is_empty() {
            doc.title = meta.title.clone();
        }
        if let Some(dm) = doc_meta.get(i) {
            apply_document_meta(file, &mut doc, dm)?;
        }
        if doc.source.is_none() {
            doc.source = source.take();
        }
        let mut seq = 0;
        let mut defs = defs;
        // Source order; marks for named labels count by order of first reference.
        let named: HashMap<&str, usize> = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.label.as_str(), i))
            .collect();
        defs.sort_by_key(|d| d.offset);
        doc.notes = defs
            .into_iter()
            .map(|def| {
                seq += 1;
                let by_reference = named.get(def.label.as_str()).map_or(seq, |p| p + 1);
                Note {
                    id: def.label.clone(),
                    mark: if is_printable_mark(&def.label) {
                        def.label.clone()
                    } else {
                        by_reference.to_string()
                    },
                    blocks: def.blocks.clone(),
                }
            })
            .collect();
        documents.push(doc);
    }
    // A manuscript that does not say its language gets the one its text is in.
    if meta.language.is_none() {
        let text: String = documents.iter().map(Document::body_text).collect();
        meta.language = crate::model::language::detect(&text).map(str::to_string);
    }
    if meta.title.is_empty() {
        meta.title = documents
            .iter()
            .map(|d| d.title.clone())
            .find(|t| !t.is_empty())
            .unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        for d in &mut documents {
            if d.title.is_empty() {
                d.title = meta.title.clone();
            }
        }
    }
    Ok(Book { meta, documents })
}

/// The heading over the notes that nothing references.
const UNREFERENCED: &str = "Notes without a reference";

/// Puts notes that nothing references at the end of a document, under a heading, each
/// opening with its label: nothing of the manuscript is lost.
fn keep_unreferenced(blocks: &mut Vec<Block>, defs: &[&Definition]) {
    if defs.is_empty() {
        return;
    }
    blocks.push(Block::Heading {
        level: 2,
        content: vec![Inline::Text {
            text: UNREFERENCED.into(),
        }],
        id: None,
    });
    for def in defs {
        let mut inner = def.blocks.clone();
        let label = Inline::Strong {
            content: vec![Inline::Text {
                text: def.label.clone(),
            }],
        };
        match inner.first_mut() {
            Some(Block::Paragraph { content }) => {
                content.insert(0, Inline::Text { text: " ".into() });
                content.insert(0, label);
            }
            _ => inner.insert(
                0,
                Block::Paragraph {
                    content: vec![label],
                },
            ),
        }
        blocks.extend(inner);
    }
}

fn apply_document_meta(file: &Path, doc: &mut Document, dm: &DocumentMeta) -> Result<(), Error> {
    if let Some(t) = &dm.title {
        if !doc.title.is_empty() && *t != doc.title {
            return Err(Diagnostic::error(
                "front-matter-documents",
                file,
                Some(dm.line),
                format!(
                    "this `documents:` entry is titled “{t}” but the document in its place is “{}”",
                    doc.title
                ),
            )
            .with_hint(
                "list the documents in the order of their `# Title` lines, with the same titles",
            )
            .into());
        }
        doc.title = t.clone();
    }
    doc.subtitle = dm.subtitle.clone();
    doc.creators = dm.creators.clone();
    doc.date = dm.date.clone();
    doc.language = dm.language.clone();
    doc.rights = dm.rights.clone();
    doc.source = dm.source.clone();
    Ok(())
}

/// Calls `found` with the label of every `[^label]` left as text.
fn find_dangling(blocks: &[Block], found: &mut dyn FnMut(&str)) {
    fn in_inlines(inlines: &[Inline], found: &mut dyn FnMut(&str)) {
        for i in inlines {
            match i {
                Inline::Text { text } => {
                    let mut rest = text.as_str();
                    while let Some(p) = rest.find("[^") {
                        let after = &rest[p + 2..];
                        match after.find(']') {
                            Some(e) if e > 0 && !after[..e].contains(char::is_whitespace) => {
                                found(&after[..e]);
                                rest = &after[e..];
                            }
                            _ => rest = after,
                        }
                    }
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Link { content, .. } => in_inlines(content, found),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Dateline { content }
            | Block::Salutation { content }
            | Block::Closing { content }
            | Block::Signature { content } => in_inlines(content, found),
            Block::BlockQuote { blocks } => find_dangling(blocks, found),
            Block::List { items, .. } => {
                for item in items {
                    find_dangling(&item.blocks, found);
                }
            }
            _ => {}
        }
    }
}
