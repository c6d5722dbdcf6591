//! The whole book: front matter, documents, sources page — paginated, with running heads,
//! folios, links, bookmarks and page labels. The stage calls, in order, are in
//! [`layout`].

use std::collections::HashMap;

use super::flow::{Content, Flow, FlowElem, Flower};
use super::fonts::Face;
use super::inline::{Align, Line, Link, Span, SpanStyle, Typesetter};
use super::layout::{
    format_number, Document, Element, Info, Item, LabelStyle, LineBox, Mark, OutlineEntry, Page,
    PageLabel, Rect, Tag, Target, TextRun,
};
use super::page_starts::{contents_starts, page_starts, sources_starts};
use super::paginate::{self, PageCut};
use super::style::Style;
use super::units::Pt;
use crate::edition::{self, join_names, names_with, Words};
use crate::model::{Book, Role};
use crate::pagemap::Place;

/// The running head sits this many lines above the text block.
const HEAD_RAISE: f64 = 1.6;
/// The fewest lines of a note on a page when it runs on (as for widows and orphans).
const MIN_NOTE_LINES: usize = 2;
/// Room kept free on the contents page for the page numbers, in em.
const NUMBER_ROOM: f64 = 3.0;

/// What kind of page, for its head and folio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furniture {
    /// No head, no folio (title page, blank pages, openings, front matter).
    None,
    /// Head and folio.
    Full,
}

/// A part of the book (a document, the sources page) set and cut into pages, with its
/// running head.
type Part = (Flow, Vec<PageCut>, String);

/// A page waiting for its links to be resolved: each link's area, target and `Link`
/// element.
struct Pending {
    page: Page,
    links: Vec<(Rect, Link, usize)>,
}

/// Lays out a book: the stages, in order.
pub fn layout(
    book: &Book,
    style: &Style,
    date: i64,
    images: &crate::images::Images,
) -> Result<Document, String> {
    let mut ts = Typesetter::new()?;
    let lang = edition::language(book);
    let words = Words::for_language(&lang);
    let creators = edition::book_creators(book);
    let params = paginate::Params {
        height: style.body_height(),
        note_gap: style.note_gap,
        min_note_lines: MIN_NOTE_LINES,
        line: style.leading,
    };

    // 1. Each document, then the sources page, as a flow cut into pages. Documents are
    //    independent: they are set in parallel, each thread with its own typesetter (the
    //    result does not depend on how they are shared out).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = book.documents.len().div_ceil(threads).max(1);
    let mut parts: Vec<Part> = Vec::new();
    let chunks: Vec<Result<Vec<Part>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = book
            .documents
            .chunks(chunk)
            .enumerate()
            .map(|(c, docs)| {
                let lang = &lang;
                let params = &params;
                scope.spawn(move || -> Result<Vec<Part>, String> {
                    let mut ts = Typesetter::new()?;
                    let mut out = Vec::new();
                    for (j, doc) in docs.iter().enumerate() {
                        let i = c * chunk + j;
                        let doc_lang = doc.language.clone().unwrap_or_else(|| lang.clone());
                        let mut f = Flower::new(&mut ts, style, words, &format!("d{i}"), &doc_lang)
                            .with_images(images);
                        f.document(doc);
                        let mut flow = f.finish();
                        if doc_lang != *lang {
                            flow.structure[0].lang = Some(doc_lang);
                        }
                        let cuts = cut(&mut ts, &mut flow, params, style.note_leading);
                        out.push((flow, cuts, doc.title.clone()));
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a layout thread failed".to_string()))
            })
            .collect()
    });
    for c in chunks {
        parts.extend(c?);
    }
    let mut sources = sources_flow(&mut ts, style, words, book, &lang);
    let sources_cuts = cut(&mut ts, &mut sources, &params, style.note_leading);
    parts.push((sources, sources_cuts, words.sources.to_string()));

    // 2. Where each part starts, counting from the first page of the text (1, on a right
    //    hand page): each part opens on a right-hand page.
    let mut starts = Vec::new();
    let mut n = 0;
    for (_, cuts, _) in &parts {
        if n % 2 == 1 {
            n += 1;
        }
        starts.push(n + 1);
        n += cuts.len();
    }

    // 3. The front matter: title page, its blank back, the contents.
    let mut title = title_flow(&mut ts, style, words, book, &creators, &lang);
    let mut contents = contents_flow(&mut ts, style, words, book, &starts, &lang);
    let contents_cuts = cut(&mut ts, &mut contents, &params, style.note_leading);

    // 4. Pages, in order; each flow's structure placed in the book's as its pages come,
    //    so that the elements stay in reading order.
    let mut structure = vec![Element::default()];
    let mut pages: Vec<Pending> = Vec::new();
    let mut anchors: HashMap<String, (usize, Pt)> = HashMap::new();
    let mut outline: Vec<(u8, String, usize, Pt)> = Vec::new();
    // Where each page begins, for the page map: a blank page where the page before it
    // ends (it is read after that page, and cites nothing of its own).
    let mut starts: Vec<Place> = Vec::new();
    let title_cuts = cut(&mut ts, &mut title, &params, style.note_leading);
    let ctx = Ctx {
        style,
        book_title: book.meta.title.clone(),
    };
    place(&mut structure, &mut title);
    ctx.bare_pages(
        &mut ts,
        &mut title,
        &title_cuts[..title_cuts.len().min(1)],
        &mut pages,
        &mut anchors,
        &mut outline,
    );
    // The title page's back: the description and the publisher, if any.
    let mut back = back_flow(&mut ts, style, words, book, &lang);
    let back_cuts = cut(&mut ts, &mut back, &params, style.note_leading);
    place(&mut structure, &mut back);
    ctx.bare_pages(
        &mut ts,
        &mut back,
        &back_cuts,
        &mut pages,
        &mut anchors,
        &mut outline,
    );
    if pages.len() % 2 == 1 {
        pages.push(ctx.blank(pages.len()));
    }
    starts.resize(pages.len(), Place::TitlePage);
    starts.extend(contents_starts(&contents, &contents_cuts));
    place(&mut structure, &mut contents);
    ctx.bare_pages(
        &mut ts,
        &mut contents,
        &contents_cuts,
        &mut pages,
        &mut anchors,
        &mut outline,
    );
    if pages.len() % 2 == 1 {
        pages.push(ctx.blank(pages.len()));
    }
    let last = starts.last().copied().unwrap_or(Place::TitlePage);
    starts.resize(pages.len(), last);
    let body_start = pages.len();
    for (k, (mut flow, cuts, head)) in parts.into_iter().enumerate() {
        if pages.len() % 2 == 1 {
            pages.push(ctx.blank(pages.len()));
        }
        let last = starts.last().copied().unwrap_or(Place::TitlePage);
        starts.resize(pages.len(), last);
        if k < book.documents.len() {
            starts.extend(page_starts(&flow, &cuts, k));
        } else {
            starts.extend(sources_starts(&flow, &cuts));
        }
        let before = outline.len();
        place(&mut structure, &mut flow);
        for (j, c) in cuts.iter().enumerate() {
            let folio = format_number((pages.len() - body_start + 1) as u32, LabelStyle::Arabic);
            let furniture = if j == 0 {
                Furniture::None
            } else {
                Furniture::Full
            };
            let p = ctx.page(
                &mut ts,
                &mut flow,
                c,
                pages.len(),
                furniture,
                &head,
                Some(&folio),
                &mut anchors,
                &mut outline,
            );
            pages.push(p);
        }
        if let Some((_, _, page, y)) = outline.get(before) {
            anchors.insert(format!("part:{k}"), (*page, *y));
        }
    }

    // 5. Links resolved, now that every anchor has its page.
    let pages: Vec<Page> = pages
        .into_iter()
        .map(|mut p| {
            for (rect, link, element) in p.links {
                let target = match link {
                    Link::Uri(u) => Some(Target::Uri(u)),
                    Link::Anchor(a) => anchors.get(&a).map(|&(page, y)| Target::Page { page, y }),
                };
                if let Some(target) = target {
                    p.page.items.push(Item::Link {
                        rect,
                        target,
                        element,
                    });
                }
            }
            p.page
        })
        .collect();

    // 6. Bookmarks, labels, information.
    let authors = names_with(&creators, Role::Author);
    let subject = book
        .meta
        .description
        .clone()
        .unwrap_or_else(|| book.meta.subjects.join(", "));
    Ok(Document {
        pages,
        outline: nest(&outline),
        labels: vec![
            PageLabel {
                start: 0,
                style: LabelStyle::Roman,
                first: 1,
            },
            PageLabel {
                start: body_start,
                style: LabelStyle::Arabic,
                first: 1,
            },
        ],
        info: Info {
            title: book.meta.title.clone(),
            author: join_names(&authors, words.and),
            subject,
            keywords: book.meta.subjects.clone(),
            language: lang,
            creator: format!("samizdat {}", env!("CARGO_PKG_VERSION")),
            date,
            identifier: uuid::fmt::Urn::from_uuid(edition::identity(book)).to_string(),
        },
        structure,
        starts,
    })
}

/// Places a flow's structure elements at the end of the book's, its root under the
/// book's (`Document`).
fn place(structure: &mut Vec<Element>, flow: &mut Flow) {
    let base = structure.len();
    flow.base = base;
    structure.extend(flow.structure.drain(..).map(|mut e| {
        e.parent = Some(e.parent.map_or(0, |p| p + base));
        e
    }));
}

/// Cuts a flow into pages, setting again the paragraphs the pages ask to be a line longer
/// or shorter (the flow's elements then are the paragraphs as set again).
fn cut(
    ts: &mut Typesetter,
    flow: &mut Flow,
    params: &paginate::Params,
    note_leading: Pt,
) -> Vec<PageCut> {
    let elems: Vec<paginate::Elem> = flow.elems.iter().map(|e| e.elem.clone()).collect();
    let notes: Vec<Vec<paginate::NoteLine>> = flow
        .notes
        .iter()
        .map(|n| {
            n.lines
                .iter()
                .map(|(l, _)| paginate::NoteLine {
                    height: note_leading,
                    break_after: !l.hyphenated,
                })
                .collect()
        })
        .collect();
    let pars: Vec<std::ops::Range<usize>> =
        flow.reflowable.iter().map(|r| r.elems.clone()).collect();
    let mut reflow = Reflower {
        ts,
        flow,
        set: HashMap::new(),
    };
    let paged = paginate::paginate(&elems, &notes, params, &pars, &mut reflow);
    let mut set = reflow.set;
    if !paged.reflowed.is_empty() {
        let chosen = paged
            .reflowed
            .iter()
            .filter_map(|key| Some((key.0, set.remove(key)??.0)));
        reflowed(flow, chosen.collect());
    }
    paged.pages
}

/// Sets a flow's paragraphs again for the pages, keeping what it set.
struct Reflower<'a> {
    ts: &'a mut Typesetter,
    flow: &'a Flow,
    set: HashMap<(usize, i32), paginate::Variant<FlowElem>>,
}

/// A paragraph is set again a line shorter and a line longer at once: one search serves
/// both.
const DELTAS: [i32; 2] = [-1, 1];

impl paginate::Reflow for Reflower<'_> {
    fn variant(&mut self, par: usize, delta: i32) -> Option<(Vec<paginate::Elem>, f64)> {
        if !self.set.contains_key(&(par, delta)) {
            let r = &self.flow.reflowable[par];
            let n = r.elems.len();
            let lines: Vec<usize> = DELTAS
                .iter()
                .map(|&d| n.saturating_add_signed(d as isize))
                .collect();
            for (d, found) in DELTAS.into_iter().zip(r.set_in(self.ts, &lines)) {
                // A paragraph of one line stays one: it would be a widow and an orphan.
                let found = found.filter(|(elems, _)| elems.len() >= 2);
                self.set.insert((par, d), found);
            }
        }
        let (elems, cost) = self.set.get(&(par, delta))?.as_ref()?;
        Some((elems.iter().map(|e| e.elem.clone()).collect(), *cost))
    }
}

/// Puts the paragraphs set again (by index) in place of their first setting, and moves
/// the indices of the elements that point at others (a table's header over its rows).
fn reflowed(flow: &mut Flow, mut chosen: Vec<(usize, Vec<FlowElem>)>) {
    chosen.sort_by_key(|(p, _)| *p);
    let old = std::mem::take(&mut flow.elems);
    let mut moved = vec![0usize; old.len()];
    let mut out = Vec::with_capacity(old.len() + chosen.len());
    let mut chosen = chosen.into_iter().peekable();
    let mut skip = 0..0;
    for (i, e) in old.into_iter().enumerate() {
        moved[i] = out.len();
        if chosen
            .peek()
            .is_some_and(|(p, _)| flow.reflowable[*p].elems.start == i)
        {
            if let Some((p, set)) = chosen.next() {
                skip = flow.reflowable[p].elems.clone();
                out.extend(set);
            }
        } else if !skip.contains(&i) {
            out.push(e);
        }
    }
    for e in &mut out {
        if let Some(h) = e.repeat.as_mut() {
            *h = moved[*h];
        }
    }
    // The page map's blocks start where their elements moved (a block past the last
    // element, an empty one, at the end).
    for s in &mut flow.block_starts {
        *s = moved.get(*s).copied().unwrap_or(out.len());
    }
    flow.elems = out;
}

/// What every page needs to know.
struct Ctx<'a> {
    style: &'a Style,
    book_title: String,
}

impl Ctx<'_> {
    /// An empty page.
    fn blank(&self, _index: usize) -> Pending {
        Pending {
            page: Page {
                width: self.style.width,
                height: self.style.height,
                items: Vec::new(),
                lines: Vec::new(),
            },
            links: Vec::new(),
        }
    }

    /// Sets front-matter pages: no running head, no folio.
    fn bare_pages(
        &self,
        ts: &mut Typesetter,
        flow: &mut Flow,
        cuts: &[PageCut],
        pages: &mut Vec<Pending>,
        anchors: &mut HashMap<String, (usize, Pt)>,
        outline: &mut Vec<(u8, String, usize, Pt)>,
    ) {
        for c in cuts {
            let p = self.page(
                ts,
                flow,
                c,
                pages.len(),
                Furniture::None,
                "",
                None,
                anchors,
                outline,
            );
            pages.push(p);
        }
    }

    /// Draws one page of a flow.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        ts: &mut Typesetter,
        flow: &mut Flow,
        cut: &PageCut,
        index: usize,
        furniture: Furniture,
        head: &str,
        folio: Option<&str>,
        anchors: &mut HashMap<String, (usize, Pt)>,
        outline: &mut Vec<(u8, String, usize, Pt)>,
    ) -> Pending {
        let s = self.style;
        let recto = index % 2 == 0;
        let left = s.left(recto);
        let mut p = self.blank(index);
        let base = flow.base;
        // The text, from the top of the block; spaces vanish at the top of a page.
        let mut y = s.top;
        let mut started = false;
        // A table's header over the row that opens the page (a copy: the header's own
        // element was drawn on an earlier page).
        let opening = flow.elems[cut.elems.clone()]
            .iter()
            .find(|e| !e.elem.discardable)
            .and_then(|e| e.repeat)
            .and_then(|h| flow.elems.get(h))
            .map(|h| (h.content.clone(), h.elem.height));
        // Its text is a copy, furniture to a reader of the structure.
        if let Some((Content::Table(piece), height)) = opening {
            self.piece(&mut p, &piece, (left, y), index, anchors, None);
            y += height;
        }
        for e in &mut flow.elems[cut.elems.clone()] {
            if !started && e.elem.discardable {
                continue;
            }
            started = true;
            if let Some((level, title)) = &e.outline {
                outline.push((*level, title.clone(), index, y));
            }
            match &mut e.content {
                Content::Line { line, x, baseline } => {
                    let (x, baseline) = (*x, *baseline);
                    let at = (left + x, y + baseline);
                    self.line(&mut p, line, at, index, anchors, Some(base));
                }
                Content::Image {
                    image,
                    x,
                    y: dy,
                    width,
                    height,
                    mark,
                } => p.page.items.push(Item::Image {
                    rect: Rect {
                        x: left + *x,
                        y: y + *dy,
                        width: *width,
                        height: *height,
                    },
                    image: image.clone(),
                    mark: mark.offset(base),
                }),
                Content::Table(piece) => {
                    self.piece(&mut p, piece, (left, y), index, anchors, Some(base))
                }
                Content::Space => {}
            }
            y += e.elem.height;
        }
        // A table that runs on to the next page ends this one with a light rule, as wide
        // as its top rule, at the foot of its last row.
        let runs_on = flow
            .elems
            .get(cut.elems.end)
            .and_then(|next| next.repeat)
            .and_then(|h| match &flow.elems.get(h)?.content {
                Content::Table(head) => head.rules.first().copied(),
                _ => None,
            });
        if let Some(top) = runs_on {
            p.page.items.push(Item::Rule {
                x: left + top.x,
                y,
                width: top.width,
                thickness: top.thickness * 0.6,
            });
        }
        // The notes, at the foot of the block, under a short rule.
        if !cut.notes.is_empty() {
            let nl = s.note_leading;
            let count: usize = cut.notes.iter().map(|n| n.lines.len()).sum();
            let bottom = s.top + s.body_height();
            let top = bottom - nl * count as f64;
            p.page.items.push(Item::Rule {
                x: left,
                y: top - s.note_gap * 0.5,
                width: s.measure() * s.note_rule,
                thickness: 0.4,
            });
            let mut k = 0;
            for part in &cut.notes {
                for (line, x) in &mut flow.notes[part.note].lines[part.lines.clone()] {
                    let baseline = top + nl * (k as f64 + 1.0) - nl * 0.25;
                    let at = (left + *x, baseline);
                    self.line(&mut p, line, at, index, anchors, Some(base));
                    k += 1;
                }
            }
        }
        // The running head and the folio, outside the block.
        if furniture == Furniture::Full {
            let hy = s.top - HEAD_RAISE * s.leading;
            let text = if recto { head } else { &self.book_title };
            let size = s.head_size;
            let room = s.measure() * 0.7;
            let text = fit(ts, text, Face::Italic, size, room);
            let w = ts.width(&text, Face::Italic, size);
            // In runs of one face each: a title in another script takes its fallback.
            let mut x = left + (s.measure() - w) / 2.0;
            for (face, glyphs) in ts.runs(&text, Face::Italic, size) {
                let run_width: Pt = glyphs.iter().map(|g| g.advance).sum();
                p.page.items.push(Item::Text(TextRun {
                    x,
                    y: hy,
                    face,
                    size,
                    glyphs,
                    mark: Mark::Artifact,
                }));
                x += run_width;
            }
            if let Some(folio) = folio {
                let fw = ts.width(folio, Face::Regular, size);
                let glyphs = ts.glyphs(folio, Face::Regular, size);
                let fx = if recto { left + s.measure() - fw } else { left };
                p.page.items.push(Item::Text(TextRun {
                    x: fx,
                    y: hy,
                    face: Face::Regular,
                    size,
                    glyphs,
                    mark: Mark::Artifact,
                }));
            }
        }
        p
    }

    /// Draws a piece of a table from its top left, its text of the elements after `base`
    /// (`None`: a copy, an artifact).
    fn piece(
        &self,
        p: &mut Pending,
        piece: &super::table::Piece,
        (x, y): (Pt, Pt),
        index: usize,
        anchors: &mut HashMap<String, (usize, Pt)>,
        base: Option<usize>,
    ) {
        for r in &piece.rules {
            p.page.items.push(Item::Rule {
                x: x + r.x,
                y: y + r.y,
                width: r.width,
                thickness: r.thickness,
            });
        }
        // Copies: a table's header is drawn again on each page its rows run on to.
        for (line, dx, baseline) in &piece.lines {
            let mut line = line.clone();
            self.line(p, &mut line, (x + dx, y + baseline), index, anchors, base);
        }
    }

    /// Draws a set line with its start and baseline at `(x, y)` (moving its glyphs out:
    /// each line is drawn once), its text of the flow's elements from `base` in the
    /// book's (`None`: a copy, an artifact, whose links are the original's).
    fn line(
        &self,
        p: &mut Pending,
        line: &mut Line,
        (x, y): (Pt, Pt),
        index: usize,
        anchors: &mut HashMap<String, (usize, Pt)>,
        base: Option<usize>,
    ) {
        let x0 = x + line.x;
        let mark = |m: Option<Mark>| match (m, base) {
            (Some(m), Some(base)) => m.offset(base),
            _ => Mark::Artifact,
        };
        for run in std::mem::take(&mut line.runs) {
            p.page.items.push(Item::Text(TextRun {
                x: x0 + run.x,
                y: y - run.rise,
                face: run.face,
                size: run.size,
                glyphs: run.glyphs,
                mark: mark(run.mark),
            }));
        }
        p.page.lines.push(LineBox {
            x: x0,
            y,
            width: line.width,
            measure: line.measure,
            hyphenated: line.hyphenated,
        });
        let size = if line.size > 0.0 {
            line.size
        } else {
            self.style.size
        };
        for (a, b, link, m) in &line.links {
            // PDF/UA puts each link in a `Link` element.
            let Mark::Element(element) = mark(*m) else {
                continue;
            };
            p.links.push((
                Rect {
                    x: x0 + a,
                    y: y - size * 0.8,
                    width: b - a,
                    height: size * 1.05,
                },
                link.clone(),
                element,
            ));
        }
        for a in &line.anchors {
            anchors
                .entry(a.clone())
                .or_insert((index, (y - size * 2.0).max(0.0)));
        }
    }
}

/// Shortens a running head that does not fit, with an ellipsis.
fn fit(ts: &mut Typesetter, text: &str, face: Face, size: Pt, room: Pt) -> String {
    if ts.width(text, face, size) <= room {
        return text.to_string();
    }
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words.len() > 1 {
        words.pop();
        let t = format!(
            "{}…",
            words.join(" ").trim_end_matches([',', ';', ':', '.'])
        );
        if ts.width(&t, face, size) <= room {
            return t;
        }
    }
    text.to_string()
}

/// Turns a flat list of (level, title, page, y) into nested bookmarks.
fn nest(flat: &[(u8, String, usize, Pt)]) -> Vec<OutlineEntry> {
    fn take(flat: &[(u8, String, usize, Pt)], i: &mut usize, level: u8) -> Vec<OutlineEntry> {
        let mut out = Vec::new();
        while *i < flat.len() && flat[*i].0 >= level {
            let (l, title, page, y) = &flat[*i];
            *i += 1;
            let children = take(flat, i, l + 1);
            out.push(OutlineEntry {
                title: title.clone(),
                page: *page,
                y: *y,
                children,
            });
        }
        out
    }
    let mut i = 0;
    let mut out = Vec::new();
    while i < flat.len() {
        let level = flat[i].0;
        out.extend(take(flat, &mut i, level));
    }
    out
}

/// The title page: title, subtitle, authors, translators, date.
fn title_flow(
    ts: &mut Typesetter,
    style: &Style,
    words: Words,
    book: &Book,
    creators: &[crate::model::Creator],
    lang: &str,
) -> Flow {
    let m = &book.meta;
    let mut f = Flower::new(ts, style, words, "title", lang);
    let s = style.size;
    f.space(8.0, false);
    let big = |text: &str, face: Face, size: Pt| {
        vec![Span {
            text: text.to_string(),
            style: SpanStyle::new(face, size),
        }]
    };
    f.set(&big(&m.title, Face::Regular, s * 2.2), Align::Center, 2.0);
    if let Some(sub) = &m.subtitle {
        f.set(&big(sub, Face::Italic, s * 1.3), Align::Center, 1.5);
    }
    f.space(3.0, false);
    let authors = names_with(creators, Role::Author);
    if !authors.is_empty() {
        f.set(
            &big(&join_names(&authors, words.and), Face::Regular, s * 1.3),
            Align::Center,
            1.5,
        );
    }
    let translators = names_with(creators, Role::Translator);
    if !translators.is_empty() {
        f.set(
            &big(
                &format!(
                    "{} {}",
                    words.translated_by,
                    join_names(&translators, words.and)
                ),
                Face::Italic,
                s,
            ),
            Align::Center,
            1.0,
        );
    }
    if let Some(d) = &m.date {
        f.space(1.0, false);
        f.set(&big(&words.date(d), Face::Regular, s), Align::Center, 1.0);
    }
    f.finish()
}

/// The back of the title page: the book's description and publisher.
fn back_flow(ts: &mut Typesetter, style: &Style, words: Words, book: &Book, lang: &str) -> Flow {
    let mut f = Flower::new(ts, style, words, "back", lang);
    let m = &book.meta;
    if let Some(d) = &m.description {
        f.space(4.0, false);
        f.set_justified(&[Span {
            text: d.clone(),
            style: SpanStyle::new(Face::Italic, style.size),
        }]);
    }
    if let Some(p) = &m.publisher {
        f.space(1.0, false);
        f.plain(
            &[Span {
                text: p.clone(),
                style: SpanStyle::new(Face::Regular, style.size),
            }],
            Align::Left,
        );
    }
    f.finish()
}

/// The contents: each part's title, author and first page, linked.
fn contents_flow(
    ts: &mut Typesetter,
    style: &Style,
    words: Words,
    book: &Book,
    starts: &[usize],
    lang: &str,
) -> Flow {
    let s = style.size;
    let room = NUMBER_ROOM * s;
    let mut entries: Vec<(String, Vec<&str>)> = book
        .documents
        .iter()
        .map(|d| (d.title.clone(), d.names(Role::Author).collect()))
        .collect();
    entries.push((words.sources.to_string(), Vec::new()));
    let mut f = Flower::new(ts, style, words, "contents", lang);
    f.page_title(words.contents);
    let toc = f.begin(Tag::TOC);
    for (k, ((title, authors), start)) in entries.iter().zip(starts).enumerate() {
        let mut st = SpanStyle::new(Face::Regular, s);
        st.link = Some(Link::Anchor(format!("part:{k}")));
        let spans = [Span {
            text: title.clone(),
            style: st,
        }];
        f.entry(&spans, room, &start.to_string());
        if !authors.is_empty() {
            let mut st = SpanStyle::new(Face::Italic, s * 0.9);
            st.link = Some(Link::Anchor(format!("part:{k}")));
            let spans = [Span {
                text: join_names(authors, words.and),
                style: st,
            }];
            f.set_kept(&spans, Align::Left, 1.0);
        }
        f.space(0.5, true);
    }
    f.end(toc);
    f.finish()
}

/// The sources and licence page: the same facts as the EPUB's colophon, from the model.
fn sources_flow(ts: &mut Typesetter, style: &Style, words: Words, book: &Book, lang: &str) -> Flow {
    let s = style.size;
    let plain = SpanStyle::new(Face::Regular, s);
    let italic = SpanStyle::new(Face::Italic, s);
    let mut f = Flower::new(ts, style, words, "sources", lang);
    f.page_title(words.sources);
    let licence = |f: &mut Flower, l: &edition::LicenceStatement| {
        let mut lead = plain.clone();
        lead.link = l.url.clone().map(Link::Uri);
        let mut spans = vec![Span {
            text: l.lead(&words),
            style: lead,
        }];
        if let Some(a) = &l.attribution {
            spans.push(Span {
                text: format!(" {a}"),
                style: plain.clone(),
            });
        }
        if l.share_alike {
            spans.push(Span {
                text: format!(" {}", words.share_alike),
                style: plain.clone(),
            });
        }
        // A list of facts, with an address in it: ragged, as the rows above it.
        f.plain(&spans, Align::Left);
    };
    for entry in edition::source_entries(book, &words) {
        f.subheading(&entry.title);
        if entry.rows.is_empty() && entry.licence.is_none() {
            f.plain(
                &[Span {
                    text: words.no_source.into(),
                    style: plain.clone(),
                }],
                Align::Left,
            );
            continue;
        }
        // The licence as the source words it is quoted in the licence's statement:
        // its row would say it twice.
        let quoted = |v: &str| {
            entry
                .licence
                .as_ref()
                .is_some_and(|l| l.given.trim() == v.trim())
        };
        for (k, v) in entry.rows.iter().filter(|(_, v)| !quoted(v)) {
            let spans = [
                Span {
                    text: format!("{k}: "),
                    style: italic.clone(),
                },
                Span {
                    text: v.clone(),
                    style: plain.clone(),
                },
            ];
            f.plain(&spans, Align::Left);
        }
        if let Some(l) = &entry.licence {
            licence(&mut f, l);
        }
    }
    if let Some(l) = edition::edition_licence_in(book, &words) {
        f.subheading(words.this_edition);
        licence(&mut f, &l);
    }
    f.space(1.0, true);
    let identifier = uuid::fmt::Urn::from_uuid(edition::identity(book)).to_string();
    let small = SpanStyle::new(Face::Regular, s * 0.9);
    for text in [
        format!("{}{}{identifier}", words.identifier, words.colon),
        format!(
            "{} samizdat {}.",
            words.made_with,
            env!("CARGO_PKG_VERSION")
        ),
        words.font_credit.to_string(),
    ] {
        f.plain(
            &[Span {
                text,
                style: small.clone(),
            }],
            Align::Left,
        );
    }
    f.finish()
}
