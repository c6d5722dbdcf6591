//! The page's blocks in reading order, each a unit for the recognizer with its markup's
//! evidence: headings, the archive's header and note classes, chrome, notes matched by
//! their anchors, and the blocks built whole (lists, tables, quotations, preformatted
//! text).

use std::collections::HashSet;

use super::chrome::{self, Page};
use super::dom::{Data, Dom, Id};
use super::inline::{self, Inliner};
use super::notes::Anchored;
use crate::diagnostic::Diagnostic;
use crate::import::{Hint, Markup, Unit};
use crate::model::{Alignment, Block, Inline, ListItem};

/// Elements that make blocks of their own; everything else flows inside a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "legend",
];

/// Where a node stands with respect to what the page keeps (a blog's post, the main
/// prose of another site).
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// Inside a kept part.
    In,
    /// Inside the running text of a post or of another site's page: never chrome.
    Text,
    /// Around a kept part: walked through.
    Around,
    /// Elsewhere: chrome.
    Out,
}

/// A note being read: its paragraphs follow its first.
struct OpenNote {
    id: String,
    mark: String,
    class: String,
    /// The element the note's target stands in: what else it holds is the note's too
    /// (`<div class="footnote"><a id="fn1">1</a><div><p>The text…</p></div></div>`).
    within: Id,
}

/// Walks a page into units.
pub(crate) struct Walker<'a> {
    dom: &'a Dom,
    pub(crate) inl: Inliner<'a>,
    notes: &'a Anchored,
    page: &'a Page,
    place: Vec<Place>,
    pub(crate) units: Vec<Unit>,
    /// Whether each unit is nothing but links to other pages (a navigation bar).
    links_only: Vec<bool>,
    rule: bool,
    note: Option<OpenNote>,
    targets_seen: HashSet<Id>,
    /// How many lists the node being read stands in.
    list_depth: usize,
    /// Whether lists nested too deep have been flattened (and said so).
    flattened: bool,
}

/// How deep lists may nest in the model from a page; the model's own bound
/// (`model::MAX_DEPTH`) leaves room for the blocks and inlines inside the deepest.
const MAX_LIST_DEPTH: usize = 32;

/// Whether an element is one of the blocks the reader knows (a paragraph, a division,
/// a list, a heading…).
pub(crate) fn is_block(dom: &Dom, id: Id) -> bool {
    BLOCKS.contains(&dom.tag(id))
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

impl<'a> Walker<'a> {
    /// Makes a walker over a page of the given kind.
    pub(crate) fn new(dom: &'a Dom, inl: Inliner<'a>, notes: &'a Anchored, page: &'a Page) -> Self {
        let mut place = vec![Place::Out; dom.nodes.len()];
        match page {
            Page::Archive => place.fill(Place::In),
            Page::Post { keep, .. } | Page::Prose { keep } => {
                // The first part kept is the running text.
                for (i, &k) in keep.iter().enumerate() {
                    for n in dom.descendants(k) {
                        place[n] = if i == 0 { Place::Text } else { Place::In };
                    }
                    for a in dom.ancestors(k) {
                        if place[a] == Place::Out {
                            place[a] = Place::Around;
                        }
                    }
                }
            }
        }
        Walker {
            dom,
            inl,
            notes,
            page,
            place,
            units: Vec::new(),
            links_only: Vec::new(),
            rule: false,
            note: None,
            targets_seen: HashSet::new(),
            list_depth: 0,
            flattened: false,
        }
    }

    /// Walks the page from its root and returns its units.
    pub(crate) fn walk(mut self, root: Id) -> (Vec<Unit>, Vec<Diagnostic>) {
        self.flow(root);
        self.foot_and_top_links();
        (self.units, self.inl.diagnostics)
    }

    /// Marks as navigation the blocks of links to other pages at the top of the page
    /// (before its first paragraph of text; never its title) and at its foot (after its
    /// last block of text).
    fn foot_and_top_links(&mut self) {
        let first_text = self
            .units
            .iter()
            .enumerate()
            .position(|(i, u)| {
                !self.links_only[i]
                    && u.heading().is_none()
                    && u.hint().is_none_or(|h| matches!(h, Hint::Body))
            })
            .unwrap_or(0);
        let last_text = self
            .units
            .iter()
            .enumerate()
            .rposition(|(i, u)| !self.links_only[i] && !matches!(u.hint(), Some(Hint::Chrome(_))))
            .unwrap_or(self.units.len());
        for (i, u) in self.units.iter_mut().enumerate() {
            if self.links_only[i]
                && (i < first_text || i > last_text)
                && u.hint().is_none()
                && u.heading() != Some(1)
            {
                if let Some(m) = u.markup.as_mut() {
                    m.hint = Some(Hint::Chrome("navigation"));
                }
            }
        }
    }

    /// Reads an element's children: runs of inline nodes become paragraphs, block
    /// children are read in turn.
    fn flow(&mut self, id: Id) {
        let mut run: Vec<Id> = Vec::new();
        let kids = self.dom.children(id).to_vec();
        for c in kids {
            // Around the text, what is not the text is the site's, inline or not: the
            // skip links (`Aller au contenu principal`) a page sets loose in its body.
            if self.place[id] == Place::Around && self.place[c] == Place::Out {
                self.run(&run, id);
                run.clear();
                self.block(c);
                continue;
            }
            // An inline element holding blocks (an unknown tag such as `<hr="end">` left
            // open) shows its blocks as blocks, as a browser does.
            if matches!(self.dom.nodes[c].data, Data::Element { .. })
                && (is_block(self.dom, c) || holds_block(self.dom, c))
            {
                self.run(&run, id);
                run.clear();
                self.block(c);
            } else {
                run.push(c);
            }
        }
        self.run(&run, id);
    }

    fn block(&mut self, id: Id) {
        let dom = self.dom;
        let tag = dom.tag(id);
        match self.place[id] {
            Place::Out => {
                let meta = matches!(self.page, Page::Post { meta, .. } if meta.contains(&id));
                if meta {
                    self.byline(id);
                } else {
                    let kind = match self.page {
                        Page::Prose { .. } => "outside the main text",
                        _ => chrome::blog_chrome(dom, id),
                    };
                    self.chrome(id, kind);
                }
                return;
            }
            Place::Around => {
                self.flow(id);
                return;
            }
            Place::In | Place::Text => {}
        }
        if let Some(kind) = chrome::landmark(dom, id) {
            self.chrome(id, kind);
            return;
        }
        // A navigation class on the page's own contents list marks no chrome.
        if let Some(kind) = chrome::archive_chrome(dom, id)
            .filter(|_| !chrome::contents_list(dom, id, &self.notes.anchors))
        {
            self.chrome(id, kind);
            return;
        }
        if let Some(kind) =
            chrome::post_widget(dom, id).filter(|_| matches!(self.page, Page::Post { .. }))
        {
            self.chrome(id, kind);
            return;
        }
        if matches!(self.page, Page::Post { .. }) && chrome::is_meta(dom, id) {
            self.byline(id);
            return;
        }
        match tag {
            "hr" => self.rule = true,
            "form" | "nav" => self.chrome(id, if tag == "form" { "form" } else { "navigation" }),
            "ul" | "ol" | "menu" | "dir" if !self.holds_note(id) => self.list(id),
            "table" => self.table(id),
            "figure" if self.figure(id) => {}
            "blockquote" if self.plain_quote(id) => {
                let blocks = self.blocks_of(id);
                self.whole(id, Block::BlockQuote { blocks });
            }
            "pre" => {
                let text = dom.text(id);
                let text = text
                    .strip_prefix('\n')
                    .unwrap_or(&text)
                    .trim_end()
                    .to_string();
                if !text.trim().is_empty() {
                    self.whole(id, Block::CodeBlock { lang: None, text });
                }
            }
            _ => self.flow(id),
        }
    }

    /// Marks the notes' targets in these nodes (and under them) as met.
    fn see_targets(&mut self, nodes: &[Id]) {
        for &n in nodes {
            for d in self.dom.descendants(n) {
                if self.notes.targets.contains_key(&d) {
                    self.targets_seen.insert(d);
                }
            }
        }
    }

    /// Opens the note `id` (its paragraphs those that follow, in `within` or of its
    /// class) and returns the label the page shows for it.
    fn open_note(&mut self, id: String, class: String, within: Id) -> String {
        let mark = self
            .notes
            .marks
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.clone());
        self.note = Some(OpenNote {
            id,
            mark: mark.clone(),
            class,
            within,
        });
        mark
    }

    /// Whether an element can be one note whole: no heading in it, and no longer than a
    /// long note. An anchor on a chapter's wrapper (`<div id="ch1">`, linked from a
    /// contents list as `I`) or alone in the body must not make the rest a note.
    fn note_sized(&self, id: Id) -> bool {
        const LONGEST_NOTE: usize = 4000;
        // Walked by hand to stop at the limit: a page's body is asked this for every
        // block in it.
        // Each level's children are taken one at a time, never copied whole: a body of
        // 100,000 paragraphs had copied them all for each of its blocks.
        let mut chars = 0;
        let mut stack = vec![std::slice::from_ref(&id).iter()];
        while let Some(level) = stack.last_mut() {
            let Some(&n) = level.next() else {
                stack.pop();
                continue;
            };
            match &self.dom.nodes[n].data {
                Data::Text(t) => chars += t.chars().count(),
                _ if heading_level(self.dom.tag(n)).is_some() => return false,
                _ => {}
            }
            if chars > LONGEST_NOTE {
                return false;
            }
            stack.push(self.dom.children(n).iter());
        }
        true
    }

    /// A figure of one picture and its caption (`<figure><img><figcaption>`): the
    /// picture alone in its paragraph with the caption as its title, which is how the
    /// editions set a figure (the caption under it, kept with it). Says whether it was
    /// one; a figure of several pictures, or with notes in its caption, is read as any
    /// block is.
    fn figure(&mut self, id: Id) -> bool {
        let dom = self.dom;
        let images: Vec<Id> = dom
            .descendants(id)
            .into_iter()
            .filter(|&n| dom.tag(n) == "img")
            .collect();
        let caption = dom
            .children(id)
            .iter()
            .copied()
            .find(|&c| dom.tag(c) == "figcaption");
        let ([image], Some(caption)) = (images.as_slice(), caption) else {
            return false;
        };
        let text = inline::collapse(dom.text(caption).trim());
        if text.is_empty() || self.holds_note(caption) || self.place[*image] != self.place[id] {
            return false;
        }
        let before = self.units.len();
        self.segment(&[*image], id);
        let Some(content) = self
            .units
            .get_mut(before)
            .and_then(|u| u.markup.as_mut())
            .and_then(|m| m.content.as_mut())
        else {
            return false;
        };
        let mut captioned = false;
        for inline in content.iter_mut() {
            if let Inline::Image { title, .. } = inline {
                if title.is_empty() {
                    *title = text.clone();
                }
                captioned = true;
            }
        }
        // A picture that is not there has no figure to caption: its description stood
        // in, and the caption follows it as the text it is.
        if !captioned {
            self.segment(&[caption], id);
        }
        true
    }

    /// Whether a node holds the target of a note.
    fn holds_note(&self, id: Id) -> bool {
        self.dom
            .descendants(id)
            .iter()
            .any(|n| self.notes.targets.contains_key(n))
    }

    /// Whether a quotation can be placed whole: no headings, rules, notes or header
    /// fields inside it that the recognizer must see.
    fn plain_quote(&self, id: Id) -> bool {
        !self.dom.descendants(id).iter().skip(1).any(|&n| {
            self.notes.targets.contains_key(&n)
                || matches!(
                    self.dom.tag(n),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "table" | "blockquote"
                )
                || self.dom.has_class(n, "information")
                || chrome::archive_chrome(self.dom, n).is_some()
        })
    }

    /// A block of chrome: its lines reported, its text never in the book.
    fn chrome(&mut self, id: Id, kind: &'static str) {
        let lines = text_lines(self.dom, id);
        self.note = None;
        if lines.is_empty() {
            return;
        }
        self.push(
            id,
            lines,
            Markup {
                hint: Some(Hint::Chrome(kind)),
                ..Markup::default()
            },
            false,
        );
    }

    /// A post's byline: the author and date the markup names, dropped as chrome.
    fn byline(&mut self, id: Id) {
        let dom = self.dom;
        let lines = text_lines(dom, id);
        if lines.is_empty() {
            return;
        }
        let find = |pred: &dyn Fn(Id) -> bool| {
            dom.descendants(id)
                .into_iter()
                .find(|&n| pred(n))
                .map(|n| inline::collapse(dom.text(n).trim()))
                .filter(|t| !t.is_empty())
        };
        let author = find(&|n| {
            dom.attr(n, "rel") == Some("author")
                || dom.has_class(n, "fn")
                || (dom.has_class(n, "author") && dom.find(n, "a").is_none())
        });
        let date = find(&|n| {
            dom.tag(n) == "time"
                || dom.has_class(n, "published")
                || dom.has_class(n, "entry-date")
                || dom.has_class(n, "timestamp-link")
        });
        self.push(
            id,
            lines,
            Markup {
                hint: Some(Hint::Byline { author, date }),
                ..Markup::default()
            },
            false,
        );
    }

    /// A block built whole (a list, a table, a quotation), with its lines for the
    /// recognizer to weigh.
    fn whole(&mut self, id: Id, block: Block) {
        let lines = block_lines(&block, self.inl.marks);
        if lines.is_empty() {
            return;
        }
        self.note = None;
        let links = chrome::only_links(self.dom, id);
        self.push(
            id,
            lines,
            Markup {
                class: self.dom.attr(id, "class").unwrap_or_default().to_string(),
                block: Some(block),
                hint: self.body_hint(id),
                linked: chrome::has_link(self.dom, id),
                ..Markup::default()
            },
            links,
        );
    }

    fn body_hint(&self, id: Id) -> Option<Hint> {
        (self.place[id] == Place::Text).then_some(Hint::Body)
    }

    fn push(&mut self, id: Id, lines: Vec<String>, markup: Markup, links: bool) {
        let heading = markup.heading.is_some();
        self.units.push(Unit {
            lines,
            line: self.dom.nodes[id].line,
            blank_before: if heading { 2 } else { 1 },
            rule_before: std::mem::take(&mut self.rule),
            boxed: false,
            markup: Some(markup),
            ..Unit::default()
        });
        self.links_only.push(links);
    }

    /// A run of inline nodes in `owner`: one paragraph, or one per note when the run
    /// holds several notes' targets.
    fn run(&mut self, run: &[Id], owner: Id) {
        if run.is_empty() {
            return;
        }
        // Split before each node that holds a note's target.
        let mut start = 0;
        for k in 1..run.len() {
            if self.target_in(run[k]).is_some()
                && run[start..k].iter().any(|&n| !blank(self.dom, n))
            {
                self.segment(&run[start..k], owner);
                start = k;
            }
        }
        self.segment(&run[start..], owner);
    }

    /// The note whose target a node holds (or is).
    fn target_in(&self, id: Id) -> Option<&String> {
        self.dom
            .descendants(id)
            .iter()
            .find_map(|n| self.notes.targets.get(n))
    }

    fn segment(&mut self, nodes: &[Id], owner: Id) {
        let dom = self.dom;
        let mut content = self.inl.run(nodes);
        while matches!(content.last(), Some(Inline::LineBreak)) {
            content.pop();
        }
        while matches!(content.first(), Some(Inline::LineBreak)) {
            content.remove(0);
        }
        let lines = inline::lines(&content, self.inl.marks);
        let class = dom.attr(owner, "class").unwrap_or_default().to_string();
        let heading = heading_level(dom.tag(owner));
        // The owner itself may be the target (`<p id="n1">`), or an element around it
        // (`<li id="fn1"><p>…</p></li>`, as pandoc and most blog engines write notes),
        // for its first run only; the note holds what else that element holds.
        let holder = std::iter::once(owner)
            .chain(dom.ancestors(owner).take_while(|&a| self.note_sized(a)))
            .find(|n| self.notes.targets.contains_key(n) && !self.targets_seen.contains(n));
        let within = holder.unwrap_or(owner);
        let owner_target = holder.map(|h| self.notes.targets[&h].clone());
        let target =
            owner_target.or_else(|| nodes.iter().find_map(|&n| self.target_in(n).cloned()));
        self.targets_seen.extend(holder);
        if lines.is_empty() {
            // A target with nothing but its label (`<a id="fn1">1</a>` before the note's
            // own block): the note opens here, its text the blocks that follow in it.
            if let Some(id) = target.filter(|_| self.note_sized(within)) {
                self.see_targets(nodes);
                self.open_note(id, class, within);
            }
            return;
        }
        self.see_targets(nodes);
        // The owner may be a target itself (`<p id="n1">`). What else it holds is read in
        // turn: a run of inline text straight in `<body>` (a skip link) had marked every
        // note target of the page as seen, and no note opened.
        if self.notes.targets.contains_key(&owner) {
            self.targets_seen.insert(owner);
        }
        let hint = if let Some(id) = target {
            let mark = self.open_note(id.clone(), class.clone(), within);
            strip_label(&mut content, &mark);
            strip_back_caret(&mut content);
            Some(Hint::Note { id, mark })
        } else if let Some(open) = self.note.as_ref().filter(|o| {
            heading.is_none()
                && !self.rule
                && if owner == o.within || dom.ancestors(owner).any(|a| a == o.within) {
                    true
                } else if o.class.is_empty() {
                    class.is_empty() && self.targets_seen.len() < self.notes.targets.len()
                } else {
                    o.class == class
                }
        }) {
            Some(Hint::Note {
                id: open.id.clone(),
                mark: open.mark.clone(),
            })
        } else {
            self.note = None;
            let titlebar = dom.has_class(owner, "title")
                || (nodes.iter().filter(|&&n| !blank(dom, n)).count() == 1
                    && nodes
                        .iter()
                        .any(|&n| dom.tag(n) == "span" && dom.has_class(n, "title")));
            if titlebar && heading.is_none() {
                Some(Hint::TitleBar)
            } else if dom.has_class(owner, "information")
                || dom.has_class(owner, "info")
                || nodes
                    .iter()
                    .find(|&&n| !blank(dom, n))
                    .is_some_and(|&n| dom.tag(n) == "span" && dom.has_class(n, "info"))
            {
                // The archive's header block, or a paragraph led by its label class
                // (`<span class="info">Source</span>: …`).
                Some(Hint::Fields)
            } else {
                self.body_hint(owner)
            }
        };
        let links = nodes
            .iter()
            .all(|&n| blank(dom, n) || chrome::only_links(dom, n))
            && nodes.iter().any(|&n| chrome::only_links(dom, n));
        self.push(
            owner,
            lines,
            Markup {
                heading,
                class,
                hint,
                content: Some(content),
                block: None,
                linked: nodes.iter().any(|&n| chrome::has_link(dom, n)),
                pictures: nodes.iter().any(|&n| !blank(dom, n))
                    && nodes.iter().all(|&n| blank(dom, n) || pictures(dom, n)),
            },
            links,
        );
        // A run's line is its first node's, nearer than its owner's.
        if let (Some(u), Some(&n)) = (
            self.units.last_mut(),
            nodes.iter().find(|&&n| !blank(dom, n)),
        ) {
            u.line = u.line.max(dom.nodes[n].line);
        }
    }

    /// A list built whole; one of links to other pages is navigation where it stands at
    /// the page's top or foot.
    fn list(&mut self, id: Id) {
        let dom = self.dom;
        let start = (dom.tag(id) == "ol").then(|| {
            dom.attr(id, "start")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1)
        });
        let items = self.list_items(id);
        if !items.is_empty() {
            self.whole(id, Block::List { start, items });
        }
    }

    /// A list's items; a list nested in it deeper than [`MAX_LIST_DEPTH`] gives its items'
    /// blocks to the item it stands in (the model's depth is bounded), with a warning.
    fn list_items(&mut self, id: Id) -> Vec<ListItem> {
        let dom = self.dom;
        self.list_depth += 1;
        let items = dom
            .children(id)
            .iter()
            .filter(|&&c| !blank(dom, c))
            .map(|&c| ListItem {
                blocks: if dom.tag(c) == "li" {
                    self.blocks_of(c)
                } else {
                    self.blocks_of_nodes(&[c])
                },
            })
            .filter(|i| !i.blocks.is_empty())
            .collect();
        self.list_depth -= 1;
        items
    }

    /// A table: one of data (rows of cells holding text) built whole; one used for
    /// layout (cells holding paragraphs, one column, or notes) read cell by cell.
    fn table(&mut self, id: Id) {
        let dom = self.dom;
        let rows: Vec<Id> = dom
            .descendants(id)
            .into_iter()
            .filter(|&n| dom.tag(n) == "tr" && nearest_table(dom, n) == Some(id))
            .collect();
        let cells = |r: Id| -> Vec<Id> {
            dom.children(r)
                .iter()
                .copied()
                .filter(|&c| matches!(dom.tag(c), "td" | "th"))
                .collect()
        };
        let columns = rows.iter().map(|&r| cells(r).len()).max().unwrap_or(0);
        let layout = columns <= 1
            || self.holds_note(id)
            || rows.iter().flat_map(|&r| cells(r)).any(|c| {
                dom.descendants(c).iter().skip(1).any(|&n| {
                    matches!(
                        dom.tag(n),
                        "p" | "div"
                            | "table"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "ul"
                            | "ol"
                            | "blockquote"
                            | "pre"
                            | "hr"
                    )
                })
            });
        if layout {
            let before = self.units.len();
            for r in rows {
                for c in cells(r) {
                    self.flow(c);
                }
            }
            // A one-column table draws a box around its text (an editor's note).
            if columns <= 1 {
                for u in &mut self.units[before..] {
                    u.boxed = true;
                }
            }
            return;
        }
        let mut head = Vec::new();
        let mut body = Vec::new();
        // A column's alignment is its header cell's, else its first row's.
        let mut align: Vec<Alignment> = Vec::new();
        // The model's tables have no spans: a cell spanning columns or rows is set in
        // the first of its places and the others are left empty, so that every cell
        // stays in its column.
        let mut below: Vec<usize> = Vec::new();
        let mut spanned = false;
        for (k, &r) in rows.iter().enumerate() {
            let cs = cells(r);
            let in_head = dom.nodes[r].parent.is_some_and(|p| dom.tag(p) == "thead");
            let all_th = cs.iter().all(|&c| dom.tag(c) == "th");
            let mut row: Vec<Vec<Inline>> = Vec::new();
            let fill = |row: &mut Vec<Vec<Inline>>, below: &mut Vec<usize>| {
                while below.get(row.len()).is_some_and(|&n| n > 0) {
                    below[row.len()] -= 1;
                    row.push(Vec::new());
                }
            };
            for &c in &cs {
                fill(&mut row, &mut below);
                let j = row.len();
                let a = cell_align(dom, c);
                if j >= align.len() {
                    align.resize(j + 1, Alignment::Default);
                    align[j] = a;
                } else if align[j] == Alignment::Default && k <= 1 {
                    align[j] = a;
                }
                let kids = dom.children(c).to_vec();
                row.push(self.inl.run(&kids));
                let cols = span(dom, c, "colspan");
                let down = span(dom, c, "rowspan") - 1;
                spanned |= cols > 1 || down > 0;
                for at in j..j + cols {
                    if at > j {
                        row.push(Vec::new());
                    }
                    if below.len() <= at {
                        below.resize(at + 1, 0);
                    }
                    below[at] = down;
                }
            }
            fill(&mut row, &mut below);
            if k == 0 && head.is_empty() && (in_head || all_th) {
                head = row;
            } else {
                body.push(row);
            }
        }
        if head.is_empty() && body.is_empty() {
            return;
        }
        if spanned {
            self.inl.diagnostics.push(Diagnostic::info(
                "table-spans-split",
                self.inl.file,
                Some(dom.nodes[id].line),
                "a cell of this table spans columns or rows: it is set in the first of its \
                 places, the others left empty"
                    .into(),
            ));
        }
        if align.iter().all(|a| *a == Alignment::Default) {
            align.clear();
        }
        let caption = dom
            .children(id)
            .iter()
            .copied()
            .find(|&c| dom.tag(c) == "caption")
            .map(|c| {
                let kids = dom.children(c).to_vec();
                self.inl.run(&kids)
            })
            .unwrap_or_default();
        self.whole(
            id,
            Block::Table {
                head,
                rows: body,
                align,
                caption,
            },
        );
    }

    /// An element's content as blocks (a list item's, a quotation's): runs of inline
    /// nodes as paragraphs, nested lists as lists.
    fn blocks_of(&mut self, id: Id) -> Vec<Block> {
        let kids = self.dom.children(id).to_vec();
        self.blocks_of_nodes(&kids)
    }

    fn blocks_of_nodes(&mut self, nodes: &[Id]) -> Vec<Block> {
        let dom = self.dom;
        let mut out = Vec::new();
        let mut run: Vec<Id> = Vec::new();
        let flush = |this: &mut Self, run: &mut Vec<Id>, out: &mut Vec<Block>| {
            if !run.is_empty() {
                let content = this.inl.run(run);
                if !content.is_empty() {
                    out.push(Block::Paragraph { content });
                }
                run.clear();
            }
        };
        for &c in nodes {
            if !(matches!(dom.nodes[c].data, Data::Element { .. }) && is_block(dom, c)) {
                run.push(c);
                continue;
            }
            flush(self, &mut run, &mut out);
            match dom.tag(c) {
                "ul" | "ol" if self.list_depth >= MAX_LIST_DEPTH => {
                    if !self.flattened {
                        self.flattened = true;
                        self.inl.diagnostics.push(
                            Diagnostic::warning(
                                "html-lists-flattened",
                                self.inl.file,
                                Some(dom.nodes[c].line),
                                format!(
                                    "lists nest more than {MAX_LIST_DEPTH} deep here: the \
                                     deeper ones are set as part of the list they stand in"
                                ),
                            )
                            .with_hint("check the list from this line in the editions"),
                        );
                    }
                    let items = self.list_items(c);
                    out.extend(items.into_iter().flat_map(|i| i.blocks));
                }
                "ul" | "ol" => {
                    let start = (dom.tag(c) == "ol").then(|| {
                        dom.attr(c, "start")
                            .and_then(|s| s.trim().parse().ok())
                            .unwrap_or(1)
                    });
                    let items = self.list_items(c);
                    if !items.is_empty() {
                        out.push(Block::List { start, items });
                    }
                }
                "hr" => {}
                "pre" => out.push(Block::CodeBlock {
                    lang: None,
                    text: dom.text(c).trim_end().to_string(),
                }),
                _ => out.extend(self.blocks_of(c)),
            }
        }
        flush(self, &mut run, &mut out);
        out
    }
}

/// How many columns or rows (`colspan`, `rowspan`) a cell spans: 1 to 64 (a browser
/// allows 1,000 columns; no page of text needs more than a few).
fn span(dom: &Dom, cell: Id, attr: &str) -> usize {
    dom.attr(cell, attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(1, 64))
}

/// Whether an element holds a block element.
fn holds_block(dom: &Dom, id: Id) -> bool {
    !inline::HIDDEN.contains(&dom.tag(id))
        && dom
            .descendants(id)
            .iter()
            .skip(1)
            .any(|&n| is_block(dom, n))
}

/// The table a row belongs to (the nearest, for nested tables).
fn nearest_table(dom: &Dom, id: Id) -> Option<Id> {
    dom.ancestors(id).find(|&a| dom.tag(a) == "table")
}

/// Whether a node shows nothing (white space, a comment).
/// Says whether a node shows nothing but images (`<center><img …></center>`).
fn pictures(dom: &Dom, id: Id) -> bool {
    dom.text(id).trim().is_empty() && dom.descendants(id).iter().any(|&n| dom.tag(n) == "img")
}

fn blank(dom: &Dom, id: Id) -> bool {
    match &dom.nodes[id].data {
        Data::Text(t) => t.trim().is_empty(),
        Data::Element { .. } => {
            dom.tag(id) != "img" && dom.tag(id) != "br" && dom.text(id).trim().is_empty()
        }
        _ => true,
    }
}

/// Takes a note's label off the head of its text, where the page writes it as text
/// (`1. The note…`, `[1] The note…`) rather than in its anchor.
fn strip_label(content: &mut [Inline], mark: &str) {
    let Some(Inline::Text { text }) = content.first_mut() else {
        return;
    };
    let t = text.trim_start();
    for form in [
        format!("[{mark}]"),
        format!("({mark})"),
        format!("{mark}."),
        format!("{mark})"),
        mark.to_string(),
    ] {
        if let Some(rest) = t.strip_prefix(&form) {
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                *text = rest.trim_start().to_string();
                return;
            }
        }
    }
}

/// Drops the caret a wiki sets at a note's head to link back (`^`, `↑`), left as text
/// where the note was referenced several times and only its letters were links
/// (`^ a b`, the letters dropped as back-links).
fn strip_back_caret(content: &mut Vec<Inline>) {
    let Some(Inline::Text { text }) = content.first_mut() else {
        return;
    };
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix(['^', '↑']) else {
        return;
    };
    if rest.is_empty() {
        content.remove(0);
    } else if rest.starts_with(char::is_whitespace) {
        *text = rest.trim_start().to_string();
    }
}

/// An element's text as lines: a line per block and per line break.
fn text_lines(dom: &Dom, id: Id) -> Vec<String> {
    let mut lines = vec![String::new()];
    fn go(dom: &Dom, id: Id, lines: &mut Vec<String>) {
        match &dom.nodes[id].data {
            Data::Text(t) => lines.last_mut().expect("never empty").push_str(t),
            Data::Element { .. } => {
                let tag = dom.tag(id);
                if inline::HIDDEN.contains(&tag) {
                    return;
                }
                let breaks = tag == "br" || is_block(dom, id);
                if breaks {
                    lines.push(String::new());
                }
                for &c in dom.children(id) {
                    go(dom, c, lines);
                }
                if breaks {
                    lines.push(String::new());
                }
            }
            _ => {}
        }
    }
    go(dom, id, &mut lines);
    lines
        .iter()
        .map(|l| inline::collapse(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// A cell's alignment, from its `align` attribute or its style's `text-align`.
fn cell_align(dom: &Dom, cell: Id) -> Alignment {
    let style = dom.attr(cell, "style").unwrap_or("").to_ascii_lowercase();
    let from_style = style.split(';').find_map(|d| {
        let (k, v) = d.split_once(':')?;
        (k.trim() == "text-align").then(|| v.trim().to_string())
    });
    let value = from_style
        .or_else(|| {
            dom.attr(cell, "align")
                .map(|a| a.trim().to_ascii_lowercase())
        })
        .unwrap_or_default();
    match value.as_str() {
        "left" | "start" => Alignment::Left,
        "center" | "centre" => Alignment::Center,
        "right" | "end" => Alignment::Right,
        _ => Alignment::Default,
    }
}

/// A block's plain lines, for the recognizer: a line per paragraph, item or row.
fn block_lines(block: &Block, marks: &std::collections::HashMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    match block {
        Block::Table { head, rows, .. } => {
            for row in std::iter::once(head).chain(rows).filter(|r| !r.is_empty()) {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| inline::lines(c, marks).join(" "))
                    .collect();
                out.push(cells.join("  ").trim().to_string());
            }
        }
        Block::CodeBlock { text, .. } => {
            out.extend(text.lines().map(|l| l.trim_end().to_string()));
        }
        other => crate::model::block::visit_inlines(other, &mut |c| {
            out.extend(inline::lines(c, marks));
        }),
    }
    out.retain(|l| !l.trim().is_empty());
    out
}
