//! A guard between html5ever's tokenizer and its tree builder against pages nested
//! thousands deep. The tree builder looks down its stack of open elements for every start
//! tag (is a `<p>` open to close?), so a page of 60,000 nested `<div>`s cost 10 s in a
//! release build (O(depth²)); the guard keeps that stack bounded by not passing on the
//! tags that would open an element past [`MAX_OPEN`]. Their text and everything else
//! still reach the tree; only the wrappers go, and the reader is told where.
//!
//! The guard cannot see the tree builder's stack, so it keeps its own, closing elements
//! as the HTML standard's commonest rules do (a block closes an open `<p>`, an `<li>` the
//! last `<li>`, an end tag everything above its element). It only has to be near the
//! truth: on real pages it stays within a few of the tree's depth, far below the limit.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

/// How many elements may be open at once: twice the depth the tree keeps
/// (`dom::MAX_DEPTH`), so that the tree, not this guard, decides a page's shape wherever
/// it can.
pub(crate) const MAX_OPEN: usize = 1024;

/// How far down the stack an implied close looks: a `<p>` or `<li>` to close stands near
/// the top on any page written by hand or by a program, and the bound keeps every token's
/// cost constant.
const CLOSE_WINDOW: usize = 32;

/// Tags past the limit that were not passed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// The source line of the first.
    pub(crate) line: usize,
    /// How many start tags went.
    pub(crate) count: usize,
}

/// The tokenizer's sink: passes tokens on to `inner`, the tree builder.
pub(crate) struct DepthGuard<S> {
    pub(crate) inner: S,
    open: RefCell<Vec<String>>,
    /// How many of each name are open (to skip looking for one that is not).
    open_count: RefCell<HashMap<String, usize>>,
    /// Start tags not passed on, by name, whose end tags must not be passed on either.
    held: RefCell<HashMap<String, usize>>,
    dropped: Cell<Option<Dropped>>,
}

impl<S> DepthGuard<S> {
    pub(crate) fn new(inner: S) -> Self {
        DepthGuard {
            inner,
            open: RefCell::default(),
            open_count: RefCell::default(),
            held: RefCell::default(),
            dropped: Cell::new(None),
        }
    }

    /// The tags it did not pass on, if any.
    pub(crate) fn dropped(&self) -> Option<Dropped> {
        self.dropped.get()
    }

    /// Whether the tag goes on to the tree builder; keeps the guard's stack.
    fn admit(&self, tag: &Tag, line: u64) -> bool {
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag => {
                if tag.self_closing || VOID.contains(&name) || ROOT_TAGS.contains(&name) {
                    return true;
                }
                self.close_implied(name);
                if self.open.borrow().len() >= MAX_OPEN && !RAW_TEXT.contains(&name) {
                    *self.held.borrow_mut().entry(name.to_owned()).or_default() += 1;
                    let line = usize::try_from(line).unwrap_or(usize::MAX);
                    let d = self.dropped.get().unwrap_or(Dropped { line, count: 0 });
                    self.dropped.set(Some(Dropped {
                        count: d.count + 1,
                        ..d
                    }));
                    return false;
                }
                self.open.borrow_mut().push(name.to_owned());
                *self
                    .open_count
                    .borrow_mut()
                    .entry(name.to_owned())
                    .or_default() += 1;
                true
            }
            TagKind::EndTag => {
                if let Some(n) = self.held.borrow_mut().get_mut(name).filter(|n| **n > 0) {
                    *n -= 1;
                    return false;
                }
                if self.is_open(name) {
                    let at = self.open.borrow().iter().rposition(|o| o == name);
                    if let Some(at) = at {
                        self.close_from(at);
                    }
                }
                true
            }
        }
    }

    fn is_open(&self, name: &str) -> bool {
        self.open_count.borrow().get(name).is_some_and(|&n| n > 0)
    }

    /// Closes the elements a start tag closes by itself.
    fn close_implied(&self, name: &str) {
        // A heading closes a heading left open.
        if is_heading(name) {
            let len = self.open.borrow().len();
            if self.open.borrow().last().is_some_and(|t| is_heading(t)) {
                self.close_from(len - 1);
            }
        }
        let (target, boundary): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "tr" => (&["tr"], &["table", "thead", "tbody", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "option" | "optgroup" => (&["option"], &["select"]),
            "a" => (&["a"], &[]),
            _ if CLOSES_P.contains(&name) => (&["p"], &[]),
            _ => return,
        };
        if !target.iter().any(|t| self.is_open(t)) {
            return;
        }
        let at = {
            let open = self.open.borrow();
            let from = open.len().saturating_sub(CLOSE_WINDOW);
            open[from..]
                .iter()
                .rposition(|o| target.contains(&o.as_str()) || boundary.contains(&o.as_str()))
                .map(|i| from + i)
                .filter(|&i| target.contains(&open[i].as_str()))
        };
        if let Some(at) = at {
            self.close_from(at);
        }
    }

    /// Closes the element at `at` in the stack and all above it.
    fn close_from(&self, at: usize) {
        let mut open = self.open.borrow_mut();
        let mut count = self.open_count.borrow_mut();
        for o in open.drain(at..) {
            if let Some(n) = count.get_mut(&o) {
                *n -= 1;
            }
        }
    }
}

impl<S: TokenSink> TokenSink for DepthGuard<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token {
            if !self.admit(tag, line) {
                return TokenSinkResult::Continue;
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements that never hold anything.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// The page's own frame, which the tree builder never opens twice.
const ROOT_TAGS: &[&str] = &["html", "head", "body", "frameset"];

/// Elements whose content the tokenizer reads as plain text: always passed on, since the
/// tree builder switches the tokenizer's state for them (and they cannot nest).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Start tags that close an open `<p>` (the standard's list).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
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
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
];

#[cfg(test)]
mod tests {
    use super::*;
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer};

    /// Counts the tags that reach it.
    #[derive(Default)]
    struct Count(Cell<usize>);

    impl TokenSink for Count {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if matches!(token, Token::TagToken(_)) {
                self.0.set(self.0.get() + 1);
            }
            TokenSinkResult::Continue
        }
    }

    fn run(page: &str) -> (usize, Option<Dropped>, usize) {
        let tok = Tokenizer::new(DepthGuard::new(Count::default()), Default::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(page));
        let _ = tok.feed(&input);
        tok.end();
        let open = tok.sink.open.borrow().len();
        (tok.sink.inner.0.get(), tok.sink.dropped(), open)
    }

    #[test]
    fn tags_past_the_limit_and_their_end_tags_are_held_back() {
        let n = MAX_OPEN + 500;
        let page = format!("\n{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        let (passed, dropped, open) = run(&page);
        assert_eq!(passed, 2 * MAX_OPEN);
        assert_eq!(
            dropped,
            Some(Dropped {
                line: 2,
                count: 500
            })
        );
        assert_eq!(open, 0);
    }

    #[test]
    fn elements_a_page_leaves_open_are_closed_as_the_standard_closes_them() {
        let mut page = String::new();
        for i in 0..5000 {
            page.push_str(&format!(
                "<p>para {i} <a name=\"n{i}\">mark<ul><li>one<li>two</ul><h2>h<h3>g</h3>"
            ));
            page.push_str("<table><tr><td>a<td>b<tr><td>c</table><dl><dt>t<dd>d</dl>");
        }
        let (_, dropped, open) = run(&page);
        assert_eq!(dropped, None);
        assert!(open < 8, "{open} left open");
    }
}
