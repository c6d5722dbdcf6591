//! A block's formatted text: the page's inline elements as the model's inlines (italic,
//! bold, links, line breaks, images, note references resolved by their anchors), white
//! space collapsed as a browser collapses it, and the text path's typography applied to
//! text (never to addresses or code).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::dom::{Data, Dom, Id};
use crate::diagnostic::Diagnostic;
use crate::import::typography::Smartener;
use crate::model::Inline;

/// What the inline reader needs of the page.
pub(crate) struct Inliner<'a> {
    pub(crate) dom: &'a Dom,
    pub(crate) file: &'a Path,
    /// The folder the page lies in, where its images are looked for.
    pub(crate) dir: PathBuf,
    /// The note references: the `<a>` node → the note's id.
    pub(crate) refs: &'a HashMap<Id, String>,
    /// The label each note shows (`1`, `*`), by id.
    pub(crate) marks: &'a HashMap<String, String>,
    /// Nodes left out: back-links from a note to its reference, a note's own label.
    pub(crate) omit: &'a HashSet<Id>,
    pub(crate) smart: Smartener,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether the last character written was white space (or the start of a line), so
    /// that the next run of spaces collapses into it.
    space: bool,
    /// The formats (bits of [`Format`]) the node being read is already inside.
    within: u8,
}

/// A formatting inline, as a bit of `Inliner::within`.
#[derive(Clone, Copy)]
enum Format {
    Emphasis = 1,
    Strong = 2,
    Strike = 4,
}

/// Elements whose content no reader sees.
pub(crate) const HIDDEN: &[&str] = &[
    "head", "script", "style", "template", "noscript", "iframe", "object", "embed", "applet",
    "svg", "math", "canvas", "video", "audio", "button", "input", "select", "textarea", "map",
    "frame", "frameset", "title", "meta", "link", "base",
];

impl<'a> Inliner<'a> {
    /// Makes an inline reader for a page.
    pub(crate) fn new(
        dom: &'a Dom,
        file: &'a Path,
        refs: &'a HashMap<Id, String>,
        marks: &'a HashMap<String, String>,
        omit: &'a HashSet<Id>,
        french: bool,
    ) -> Self {
        Inliner {
            dom,
            file,
            dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            refs,
            marks,
            omit,
            smart: Smartener::new(french),
            diagnostics: Vec::new(),
            space: true,
            within: 0,
        }
    }

    /// Reads a run of sibling nodes as one block's inlines.
    pub(crate) fn run(&mut self, nodes: &[Id]) -> Vec<Inline> {
        self.smart.reset();
        self.space = true;
        let mut out = Vec::new();
        for &n in nodes {
            self.node(n, &mut out);
        }
        trim_end(&mut out);
        // No-break spaces that indent a block are layout, not text.
        if let Some(Inline::Text { text }) = out.first_mut() {
            let t = text.trim_start_matches([' ', '\u{a0}']);
            if t.len() < text.len() {
                *text = t.to_string();
            }
            if text.is_empty() {
                out.remove(0);
            }
        }
        out
    }

    fn children(&mut self, id: Id) -> Vec<Inline> {
        let mut out = Vec::new();
        for &c in self.dom.children(id) {
            self.node(c, &mut out);
        }
        out
    }

    fn node(&mut self, id: Id, out: &mut Vec<Inline>) {
        if self.omit.contains(&id) {
            return;
        }
        let dom = self.dom;
        let tag = match &dom.nodes[id].data {
            Data::Text(t) => {
                self.text(t, out);
                return;
            }
            Data::Element { name, .. } => &*name.local,
            _ => return,
        };
        if let Some(note) = self.refs.get(&id) {
            self.smart.skip("]");
            self.space = false;
            out.push(Inline::NoteRef { id: note.clone() });
            return;
        }
        if HIDDEN.contains(&tag) {
            return;
        }
        match tag {
            "br" => {
                trim_end(out);
                out.push(Inline::LineBreak);
                self.space = true;
                self.smart.reset();
            }
            "img" => self.image(id, out),
            "i" | "em" | "cite" | "var" | "dfn" => {
                self.formatted(id, Format::Emphasis, out, |content| Inline::Emphasis {
                    content,
                });
            }
            "b" | "strong" => {
                self.formatted(id, Format::Strong, out, |content| Inline::Strong {
                    content,
                });
            }
            "s" | "strike" | "del" => {
                self.formatted(id, Format::Strike, out, |content| Inline::Strikethrough {
                    content,
                });
            }
            "code" | "tt" | "kbd" | "samp" => {
                let text = collapse(&dom.text(id));
                self.smart.skip(&text);
                self.space = text.ends_with(' ');
                if !text.trim().is_empty() {
                    out.push(Inline::Code { text });
                }
            }
            "q" => {
                self.text("“", out);
                let content = self.children(id);
                out.extend(content);
                self.text("”", out);
            }
            "a" => {
                let content = self.children(id);
                match dom.attr(id, "href").and_then(link_target) {
                    Some(url) if !content.is_empty() => out.push(Inline::Link {
                        url,
                        title: dom.attr(id, "title").unwrap_or_default().to_string(),
                        content,
                    }),
                    _ => out.extend(content),
                }
            }
            _ => {
                // Spans, fonts, small, abbr… and any block met inside a line: their text.
                let content = self.children(id);
                out.extend(content);
            }
        }
    }

    /// An element that formats its content: wrapped once however often the page nests
    /// it (`<i><em>…</em></i>` is italic in a browser, not roman again), which also keeps
    /// the model's depth bounded on a page of thousands of unclosed `<b>`s.
    fn formatted(
        &mut self,
        id: Id,
        format: Format,
        out: &mut Vec<Inline>,
        make: impl Fn(Vec<Inline>) -> Inline,
    ) {
        let bit = format as u8;
        if self.within & bit != 0 {
            let content = self.children(id);
            out.extend(content);
            return;
        }
        self.within |= bit;
        let content = self.children(id);
        self.within &= !bit;
        wrap(out, content, make);
    }

    fn text(&mut self, t: &str, out: &mut Vec<Inline>) {
        let mut s = String::with_capacity(t.len());
        for c in t.chars() {
            if c.is_ascii_whitespace() {
                if !self.space {
                    s.push(' ');
                    self.space = true;
                }
            } else {
                s.push(c);
                self.space = false;
            }
        }
        if s.is_empty() {
            return;
        }
        let s = self.smart.convert(&s);
        crate::model::block::push_text(out, &s);
    }

    /// An image: the file beside the page, with its description; a missing file is
    /// reported and its description stands in.
    fn image(&mut self, id: Id, out: &mut Vec<Inline>) {
        let dom = self.dom;
        let alt = collapse(dom.attr(id, "alt").unwrap_or_default())
            .trim()
            .to_string();
        // A page that loads its pictures late puts a spacer or nothing in `src` and the
        // picture in `data-src` (WordPress, Medium and most lazy-loading scripts).
        let lazy = ["data-src", "data-lazy-src", "data-original"]
            .iter()
            .find_map(|a| dom.attr(id, a).filter(|v| !v.trim().is_empty()));
        let src = dom.attr(id, "src").unwrap_or_default().trim();
        let src = match lazy {
            Some(l) if src.is_empty() || src.to_ascii_lowercase().starts_with("data:") => l.trim(),
            _ => src,
        };
        let line = Some(dom.nodes[id].line);
        let local =
            (!src.is_empty() && !src.contains("://") && !src.starts_with("data:")).then(|| {
                self.dir.join(crate::images::percent_decode(
                    src.split(['?', '#']).next().unwrap_or(src),
                ))
            });
        // An image the page carries in its address is there too, unless it is a spacer,
        // which shows nothing, or its data is broken: both, like a missing file, are
        // warnings here, its description standing in.
        let embedded = crate::images::embedded(src);
        let present = local.is_some_and(|p| p.is_file())
            || embedded
                .as_ref()
                .is_some_and(|b| b.as_ref().is_ok_and(|b| !crate::images::is_spacer(b)));
        if present {
            out.push(Inline::Image {
                url: src.to_string(),
                title: dom.attr(id, "title").unwrap_or_default().to_string(),
                alt: if alt.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::text(&alt)]
                },
                width: dom
                    .attr(id, "width")
                    .filter(|w| w.trim().ends_with('%'))
                    .map(|w| w.trim().to_string()),
            });
            self.space = false;
        } else {
            // An avatar's or a logo's description is the name the text beside it
            // gives (`Mara Oduya` by her picture): it would only say it twice.
            let beside = !alt.is_empty() && self.said_beside(id, &alt);
            let what = if alt.is_empty() {
                "it had no description: nothing stands in for it".to_string()
            } else if beside {
                format!("its description “{alt}” is said by the text beside it, which stays")
            } else {
                format!("its description “{alt}” stands in for it")
            };
            let named = crate::images::named(src);
            let (code, message, hint) = match embedded {
                Some(Ok(_)) => (
                    "image-missing",
                    format!(
                        "the image “{named}” is a spacer of a pixel or two, no picture; {what}"
                    ),
                    "the page may load its pictures by a script: save it once they are shown",
                ),
                Some(Err(why)) => (
                    "image-unreadable",
                    format!("the image “{named}” cannot be read: {why}; {what}"),
                    "save the page again, or its picture as a file beside it",
                ),
                None => (
                    "image-missing",
                    format!("the image “{src}” is not beside the page; {what}"),
                    "save the page with its files (“Web page, complete”), or put the image \
                     file where the page's src points",
                ),
            };
            self.diagnostics
                .push(Diagnostic::warning(code, self.file, line, message).with_hint(hint));
            if !alt.is_empty() && !beside {
                self.text(&alt, out);
            }
        }
    }

    /// Says whether the few words around an image (its link, the block of a by-line)
    /// say its description already.
    fn said_beside(&self, id: Id, alt: &str) -> bool {
        let alt = alt.to_lowercase();
        self.dom
            .ancestors(id)
            .take(3)
            .map_while(|a| self.dom.short_text(a, 200))
            .any(|t| t.to_lowercase().contains(&alt))
    }
}

/// Wraps content in a formatting inline; white space at its edges stays outside, where
/// a writer's markup (`*word*`) needs it.
fn wrap(out: &mut Vec<Inline>, mut content: Vec<Inline>, make: impl Fn(Vec<Inline>) -> Inline) {
    if content.is_empty() {
        return;
    }
    let lead = match content.first_mut() {
        Some(Inline::Text { text }) if text.starts_with(' ') => {
            text.remove(0);
            true
        }
        _ => false,
    };
    let trail = trim_end(&mut content);
    if lead {
        crate::model::block::push_text(out, " ");
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    if !content.is_empty() {
        out.push(make(content));
    }
    if trail {
        crate::model::block::push_text(out, " ");
    }
}

/// Takes the white space off the end of a run of inlines; says whether there was some.
fn trim_end(out: &mut Vec<Inline>) -> bool {
    match out.last_mut() {
        Some(Inline::Text { text }) => {
            let n = text.trim_end_matches(' ').len();
            let had = n < text.len();
            text.truncate(n);
            if text.is_empty() {
                out.pop();
            }
            had
        }
        _ => false,
    }
}

/// Collapses runs of white space into one space, as a browser shows text.
pub(crate) fn collapse(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_ascii_whitespace() {
            if !space {
                s.push(' ');
            }
            space = true;
        } else {
            s.push(c);
            space = false;
        }
    }
    s
}

/// A link's target if it is one a book may keep: a well-formed `http(s)` address or a
/// `mailto:`; relative links point into a site the book does not carry, and
/// `javascript:` and the like are never kept.
pub(crate) fn link_target(href: &str) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    let ok = if let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty()
            && host.contains('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:@[]".contains(c))
    } else if let Some(addr) = lower.strip_prefix("mailto:") {
        addr.split('?').next().is_some_and(|a| {
            a.split_once('@')
                .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'))
        })
    } else {
        false
    };
    (ok && !h.chars().any(|c| c.is_whitespace() || c.is_control())).then(|| h.to_string())
}

/// The plain lines of a run of inlines, as a browser's copy shows them: a line per line
/// break, note references as their bracketed label.
pub(crate) fn lines(content: &[Inline], marks: &HashMap<String, String>) -> Vec<String> {
    let mut lines = vec![String::new()];
    plain(content, marks, &mut lines);
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn plain(content: &[Inline], marks: &HashMap<String, String>, lines: &mut Vec<String>) {
    for i in content {
        let last = lines.last_mut().expect("never empty");
        match i {
            Inline::Text { text } | Inline::Code { text } => last.push_str(text),
            Inline::LineBreak => lines.push(String::new()),
            Inline::NoteRef { id } => {
                let mark = marks.get(id).unwrap_or(id);
                last.push('[');
                last.push_str(mark);
                last.push(']');
            }
            Inline::Image { alt, .. } => plain(alt, marks, lines),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => plain(content, marks, lines),
            Inline::Html { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::dom::ROOT;

    fn read(html: &str) -> Vec<Inline> {
        let dom = Dom::parse(html);
        let p = dom.find(ROOT, "p").unwrap();
        let (refs, marks, omit) = Default::default();
        let mut inl = Inliner::new(&dom, Path::new("x.html"), &refs, &marks, &omit, false);
        let kids = dom.children(p).to_vec();
        inl.run(&kids)
    }

    #[test]
    fn formatting_white_space_and_typography() {
        let got = read("<p>  The <i>Book  </i>of \"Days\"<br>\n and <b>more</b> </p>");
        assert_eq!(
            got,
            vec![
                Inline::text("The "),
                Inline::Emphasis {
                    content: vec![Inline::text("Book")]
                },
                Inline::text(" of “Days”"),
                Inline::LineBreak,
                Inline::text("and "),
                Inline::Strong {
                    content: vec![Inline::text("more")]
                },
            ]
        );
    }

    #[test]
    fn formatting_nested_in_its_own_kind_is_set_once() {
        let got = read(&format!("<p>{}deep</p>", "<b><i>".repeat(5000)));
        let mut depth = 0;
        let mut level = &got;
        while let [Inline::Emphasis { content } | Inline::Strong { content }] = level.as_slice() {
            depth += 1;
            level = content;
        }
        assert_eq!(depth, 2, "{got:?}");
        assert_eq!(level, &vec![Inline::text("deep")]);
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let got = read(
            "<p><a href=\"https://ex.org/a\">x</a> <a href=\"javascript:go()\">y</a> \
             <a href=\"../index.htm\">z</a> <a href=\"mailto:a@b.org\">m</a></p>",
        );
        let urls: Vec<_> = got
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(urls, ["https://ex.org/a", "mailto:a@b.org"]);
        assert_eq!(crate::model::inlines_text(&got), "x y z m");
    }

    #[test]
    fn scripts_and_handlers_never_reach_the_text() {
        let got = read("<p onclick=\"evil()\">a<script>alert(1)</script><style>p{}</style> b</p>");
        assert_eq!(got, vec![Inline::text("a b")]);
    }

    #[test]
    fn a_missing_image_is_reported_and_its_alt_stands_in() {
        let dom = Dom::parse("<p>see <img src=\"nothere.png\" alt=\"A map\"></p>");
        let p = dom.find(ROOT, "p").unwrap();
        let (refs, marks, omit) = Default::default();
        let mut inl = Inliner::new(&dom, Path::new("x.html"), &refs, &marks, &omit, false);
        let kids = dom.children(p).to_vec();
        assert_eq!(inl.run(&kids), vec![Inline::text("see A map")]);
        assert_eq!(inl.diagnostics[0].code, "image-missing");
    }
}
