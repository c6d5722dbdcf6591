//! The page's tree: html5ever (the WHATWG parser browsers follow) builds it into an arena
//! of nodes, each element with the source line its start tag stood on.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::TokenizerResult;
use html5ever::{Attribute, QualName};

use super::depth::{DepthGuard, Dropped};

/// A node's index in the arena.
pub(crate) type Id = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    Text(String),
    /// A comment, doctype or processing instruction: nothing a reader sees.
    Other,
}

/// One node of the tree.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) data: Data,
    pub(crate) parent: Option<Id>,
    pub(crate) children: Vec<Id>,
    /// The source line (1-based) the parser was on when it made the node.
    pub(crate) line: usize,
}

/// The parsed page.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
    /// Start tags nested too deep to pass on to the tree builder (see `html::depth`).
    pub(crate) dropped: Option<Dropped>,
}

/// The document node's index.
pub(crate) const ROOT: Id = 0;

/// How deep the tree may nest: Blink's parser caps it at 512 and makes a deeper element
/// a sibling of the deepest one allowed. So do we, so that no page can exhaust the stack
/// of the readers that walk the tree (a page of 20,000 nested `<div>`s had crashed).
const MAX_DEPTH: usize = 512;

impl Dom {
    /// Parses a decoded page.
    pub(crate) fn parse(text: &str) -> Dom {
        let sink = Sink {
            nodes: RefCell::new(vec![Node {
                data: Data::Document,
                parent: None,
                children: Vec::new(),
                line: 1,
            }]),
            line: Cell::new(1),
        };
        let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
        let tokenizer = Tokenizer::new(DepthGuard::new(builder), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(text));
        // The sink runs no scripts, so the tokenizer never stops for one before the end.
        while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
        tokenizer.end();
        let dropped = tokenizer.sink.dropped();
        Dom {
            dropped,
            ..tokenizer.sink.inner.sink.finish()
        }
    }

    /// Takes a node (and all under it) out of the tree: no walk from the root meets it.
    pub(crate) fn detach(&mut self, id: Id) {
        if let Some(p) = self.nodes[id].parent.take() {
            self.nodes[p].children.retain(|&c| c != id);
        }
    }

    /// The element's local name (`p`, `h1`); empty for other nodes.
    pub(crate) fn tag(&self, id: Id) -> &str {
        match &self.nodes[id].data {
            Data::Element { name, .. } => &name.local,
            _ => "",
        }
    }

    /// An attribute's value.
    pub(crate) fn attr(&self, id: Id, key: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// The element's classes and id, lower-cased, as one string to match words in.
    pub(crate) fn class_id(&self, id: Id) -> String {
        let mut s = self.attr(id, "class").unwrap_or_default().to_lowercase();
        if let Some(i) = self.attr(id, "id") {
            s.push(' ');
            s.push_str(&i.to_lowercase());
        }
        s
    }

    /// Whether the element's class attribute holds `class` as one of its words.
    pub(crate) fn has_class(&self, id: Id, class: &str) -> bool {
        self.attr(id, "class")
            .is_some_and(|c| c.split_whitespace().any(|w| w.eq_ignore_ascii_case(class)))
    }

    /// The children of a node.
    pub(crate) fn children(&self, id: Id) -> &[Id] {
        &self.nodes[id].children
    }

    /// The node and everything under it, in document order.
    pub(crate) fn descendants(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev());
        }
        out
    }

    /// The first element of that name under a node (the node itself included).
    pub(crate) fn find(&self, id: Id, tag: &str) -> Option<Id> {
        self.descendants(id)
            .into_iter()
            .find(|&n| self.tag(n) == tag)
    }

    /// The text under a node, white space as written.
    pub(crate) fn text(&self, id: Id) -> String {
        let mut s = String::new();
        for n in self.descendants(id) {
            if let Data::Text(t) = &self.nodes[n].data {
                s.push_str(t);
            }
        }
        s
    }

    /// The element's text, a space between the texts of its parts, when it is no longer
    /// than `limit` bytes; `None` as soon as it is, so that asking of a large element
    /// costs no more than asking of a small one.
    pub(crate) fn short_text(&self, id: Id, limit: usize) -> Option<String> {
        let mut s = String::new();
        if let Data::Text(t) = &self.nodes[id].data {
            s.push_str(t);
        }
        // Each open element with the place of its next child: a walk that stops early
        // has visited only what it read.
        let mut stack = vec![(id, 0)];
        while let Some((n, k)) = stack.pop() {
            let Some(&c) = self.children(n).get(k) else {
                continue;
            };
            stack.push((n, k + 1));
            if let Data::Text(t) = &self.nodes[c].data {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(t);
            }
            if s.len() > limit {
                return None;
            }
            stack.push((c, 0));
        }
        Some(s)
    }

    /// The element's ancestors, nearest first.
    pub(crate) fn ancestors(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        std::iter::successors(self.nodes[id].parent, |&p| self.nodes[p].parent)
    }
}

/// The tree builder's side: the arena grows as the parser makes nodes.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u64>,
}

impl Sink {
    fn push(&self, data: Data) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            data,
            parent: None,
            children: Vec::new(),
            line: usize::try_from(self.line.get()).unwrap_or(usize::MAX),
        });
        nodes.len() - 1
    }

    fn detach(&self, id: Id) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[id].parent.take() {
            nodes[p].children.retain(|&c| c != id);
        }
    }

    /// The node a child of `parent` goes under: `parent`, or where the tree is as deep
    /// as [`MAX_DEPTH`], the ancestor at that depth (the child becomes a sibling there).
    fn shallow_enough(&self, parent: Id) -> Id {
        let nodes = self.nodes.borrow();
        let mut depth = 0;
        let mut up = parent;
        while let Some(p) = nodes[up].parent {
            depth += 1;
            up = p;
        }
        let mut at = parent;
        for _ in MAX_DEPTH..=depth {
            at = nodes[at].parent.unwrap_or(at);
        }
        at
    }

    /// Inserts a node or text under `parent` at `at` (the end if `None`); text joins a
    /// text node beside it, as the tree builder expects.
    fn insert(&self, parent: Id, at: Option<usize>, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(id) => {
                let deep = self.shallow_enough(parent);
                let (parent, at) = if deep == parent {
                    (parent, at)
                } else {
                    (deep, None)
                };
                self.detach(id);
                let mut nodes = self.nodes.borrow_mut();
                let at = at.unwrap_or(nodes[parent].children.len());
                nodes[parent].children.insert(at, id);
                nodes[id].parent = Some(parent);
            }
            NodeOrText::AppendText(t) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let at = at.unwrap_or(nodes[parent].children.len());
                    if let Some(&prev) = at
                        .checked_sub(1)
                        .and_then(|i| nodes[parent].children.get(i))
                    {
                        if let Data::Text(s) = &mut nodes[prev].data {
                            s.push_str(&t);
                            return;
                        }
                    }
                }
                let id = self.push(Data::Text(t.to_string()));
                self.insert(parent, at, NodeOrText::AppendNode(id));
            }
        }
    }
}

/// An element's name, borrowed from the arena.
#[derive(Debug)]
struct Name<'a>(Ref<'a, QualName>);

impl html5ever::interface::ElemName for Name<'_> {
    fn ns(&self) -> &html5ever::Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &html5ever::LocalName {
        &self.0.local
    }
}

/// Every element is parsed as it comes; the tree builder never asks for a name it did
/// not make, so the fallback name is unreachable in practice.
static NO_NAME: std::sync::LazyLock<QualName> =
    std::sync::LazyLock::new(|| QualName::new(None, html5ever::ns!(), html5ever::local_name!("")));

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
            dropped: None,
        }
    }

    // A browser recovers from every error the same way; so does the parser.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name<'a> {
        Name(Ref::map(self.nodes.borrow(), |n| match &n[*target].data {
            Data::Element { name, .. } => name,
            _ => &NO_NAME,
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Id {
        self.push(Data::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    // Template contents are the template's own children here: a reader sees no
    // template, and the walk skips it.
    fn get_template_contents(&self, target: &Id) -> Id {
        *target
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let parent = self.nodes.borrow()[*sibling].parent;
        let Some(parent) = parent else { return };
        if let NodeOrText::AppendNode(id) = &new_node {
            self.detach(*id);
        }
        let at = self.nodes.borrow()[parent]
            .children
            .iter()
            .position(|c| c == sibling);
        self.insert(parent, at, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Id, add: Vec<Attribute>) {
        if let Data::Element { attrs, .. } = &mut self.nodes.borrow_mut()[*target].data {
            for a in add {
                if !attrs.iter().any(|b| b.name == a.name) {
                    attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        let mut nodes = self.nodes.borrow_mut();
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_carry_their_lines_and_text() {
        let dom = Dom::parse("<html><body>\n<p class=\"a b\">one <i>two</i></p>\n\n<h1>T</h1>");
        let p = dom.find(ROOT, "p").unwrap();
        assert_eq!(dom.nodes[p].line, 2);
        assert!(dom.has_class(p, "b"));
        assert_eq!(dom.text(p), "one two");
        assert_eq!(dom.nodes[dom.find(ROOT, "h1").unwrap()].line, 4);
    }

    #[test]
    fn a_tree_nested_past_the_limit_is_flattened_there() {
        let page = format!(
            "{}<p>Deep text.</p>{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let dom = Dom::parse(&page);
        let depth = |mut id: Id| {
            let mut d = 0;
            while let Some(p) = dom.nodes[id].parent {
                d += 1;
                id = p;
            }
            d
        };
        assert!((0..dom.nodes.len()).all(|id| depth(id) <= MAX_DEPTH));
        assert_eq!(dom.text(ROOT), "Deep text.");
    }

    #[test]
    fn misnested_tags_are_repaired_as_a_browser_does() {
        let dom = Dom::parse("<p><b>bold <i>both</b> italic</i></p>");
        let p = dom.find(ROOT, "p").unwrap();
        assert_eq!(dom.text(p), "bold both italic");
        let is: Vec<_> = dom
            .descendants(p)
            .into_iter()
            .filter(|&n| dom.tag(n) == "i")
            .collect();
        assert_eq!(is.len(), 2);
    }
}
