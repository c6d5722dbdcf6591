//! What the page's markup says is not the text: the archive's classes for its
//! breadcrumbs and footers, a blog platform's post and the widgets around it, and — on a
//! page of another site — the largest block of running prose, as readability-style
//! extractors find it. The class words are data, one table each.

use std::collections::HashMap;

use super::dom::{Data, Dom, Id, ROOT};

/// Archive classes (Marxists Internet Archive and its kin) that mark navigation, each
/// with the kind reported when its block is dropped.
const ARCHIVE_CHROME: &[(&str, &str)] = &[
    ("toplink", "breadcrumb"),
    ("footer", "footer"),
    ("updat", "archive footer"),
    ("link", "navigation"),
    ("next", "navigation"),
    ("skip", "navigation"),
    ("return", "navigation"),
    ("nav", "navigation"),
];

/// Classes that only the archive's pages use: with one of them (or a link to the
/// archive) the page is the archive's, and its body is the text.
const ARCHIVE_CLASSES: &[&str] = &[
    "toplink",
    "information",
    "info",
    "updat",
    "fst",
    "quoteb",
    "title",
    "footer",
    "note",
    "section",
    "indentb",
];

/// The archive's classes that other sites' pages use too (`title`, `footer`): as
/// evidence of an archive page they count only as classes, never as ids (`<footer
/// id="footer">` is any site's), and one alone is not enough.
const COMMON_CLASSES: &[&str] = &["info", "title", "footer", "note", "section"];

/// Blog platforms' classes for the parts of a post page that are kept: the post's text
/// (with the platform whose class it is), its title, its deck, its date header.
const POST_BODY: &[(&str, &str)] = &[
    ("post-body", "Blogger"),
    ("entry-content", "WordPress"),
    ("available-content", "Substack"),
    ("post-content", "blog"),
    ("article-content", "blog"),
];
const POST_TITLE: &[&str] = &["post-title", "entry-title"];
/// The line under a post's title that says what it is about (Substack's `subtitle`, a
/// newspaper's standfirst).
const POST_SUBTITLE: &[&str] = &[
    "subtitle",
    "post-subtitle",
    "entry-subtitle",
    "standfirst",
    "deck",
    "dek",
];
const POST_DATE: &[&str] = &["date-header"];
/// Where a blog writes the post's author and date (`Posted on … by …`): read for the
/// byline, dropped as chrome.
const POST_META: &[&str] = &["entry-meta", "post-header", "post-meta", "byline"];

/// The classes of a wiki's edit links (`[edit]` beside each heading).
const EDIT_LINK_CLASSES: &[&str] = &["mw-editsection", "editsection"];

/// The page's edit links: elements of the classes in [`EDIT_LINK_CLASSES`].
pub(crate) fn edit_links(dom: &Dom) -> Vec<Id> {
    dom.descendants(ROOT)
        .into_iter()
        .filter(|&n| {
            dom.attr(n, "class")
                .is_some_and(|c| c.split_whitespace().any(|w| EDIT_LINK_CLASSES.contains(&w)))
        })
        .collect()
}

/// ARIA's landmark roles that mark a site's parts around the text, with the kind
/// reported: the markup saying what a page's template is, on any site.
const LANDMARK_CHROME: &[(&str, &str)] = &[
    ("navigation", "navigation"),
    ("banner", "site header"),
    ("contentinfo", "site footer"),
    ("complementary", "sidebar"),
    ("search", "search form"),
];

/// The kind of a site's part an element's landmark role marks, if it marks one.
pub(crate) fn landmark(dom: &Dom, id: Id) -> Option<&'static str> {
    let role = dom.attr(id, "role")?;
    role.split_whitespace().find_map(|r| {
        LANDMARK_CHROME
            .iter()
            .find(|(name, _)| r.eq_ignore_ascii_case(name))
            .map(|(_, kind)| *kind)
    })
}

/// The elements a browser does not show (the `hidden` attribute, a style of
/// `display: none` or `visibility: hidden`), outermost only, in document order: a
/// wiki's hidden short description, a script's popup. A text copy of the page lacks
/// them too. `hidden="until-found"` is text a reader finds: it stays.
pub(crate) fn hidden(dom: &Dom) -> Vec<Id> {
    let is_hidden = |n: Id| {
        let attr = dom
            .attr(n, "hidden")
            .is_some_and(|v| !v.trim().eq_ignore_ascii_case("until-found"));
        let style = dom.attr(n, "style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.split(';')
                .any(|d| d == "display:none" || d == "visibility:hidden")
        });
        attr || style
    };
    let mut out: Vec<Id> = Vec::new();
    let mut stack = vec![ROOT];
    while let Some(n) = stack.pop() {
        if matches!(dom.nodes[n].data, Data::Element { .. }) && is_hidden(n) {
            out.push(n);
            continue;
        }
        stack.extend(dom.children(n).iter().rev());
    }
    out
}

/// Class or id words of a blog's widgets, with the kind reported.
const BLOG_CHROME: &[(&str, &str)] = &[
    ("comment", "comment thread"),
    ("sidebar", "sidebar"),
    ("widget", "sidebar"),
    ("share", "share buttons"),
    ("sharedaddy", "share buttons"),
    ("social", "share buttons"),
    ("post-footer", "post footer"),
    ("entry-footer", "post footer"),
    ("footer", "footer"),
    ("header", "blog header"),
    ("navbar", "navigation"),
    ("nav", "navigation"),
    ("menu", "navigation"),
    ("pager", "navigation"),
    ("related", "related posts"),
    ("jp-relatedposts", "related posts"),
];

/// What kind of page it is, and so which of its parts are the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Page {
    /// An archive page: its body is the text, its navigation marked by classes.
    Archive,
    /// A blog post: the nodes kept (title, date header, body), the byline's.
    Post {
        keep: Vec<Id>,
        meta: Vec<Id>,
        platform: &'static str,
    },
    /// Another site: the largest block of running prose, and any `<h1>` outside it.
    Prose { keep: Vec<Id> },
}

/// The class words of an element, lower-cased: its classes and id split at spaces.
fn words(dom: &Dom, id: Id) -> Vec<String> {
    dom.class_id(id)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn has_any(dom: &Dom, id: Id, list: &[&str]) -> bool {
    words(dom, id).iter().any(|w| list.contains(&w.as_str()))
}

/// Decides what kind of page it is.
pub(crate) fn page(dom: &Dom) -> Page {
    let all = dom.descendants(ROOT);
    let body_classes: Vec<&str> = POST_BODY.iter().map(|(c, _)| *c).collect();
    let bodies: Vec<Id> = all
        .iter()
        .copied()
        .filter(|&n| has_any(dom, n, &body_classes))
        .collect();
    if let Some(&body) = bodies.first() {
        let blogger = all.iter().any(|&n| {
            dom.attr(n, "content")
                .is_some_and(|c| c.to_lowercase().contains("blogger"))
        });
        let ws = words(dom, body);
        let platform = if blogger {
            "Blogger"
        } else {
            POST_BODY
                .iter()
                .find(|(c, _)| ws.iter().any(|w| w == c))
                .map_or("blog", |(_, p)| *p)
        };
        let mut keep = vec![body];
        // The post's title, deck and date: the last of each before its body.
        for list in [POST_TITLE, POST_SUBTITLE, POST_DATE] {
            if let Some(&t) = all
                .iter()
                .take_while(|&&n| n != body)
                .filter(|&&n| has_any(dom, n, list))
                .last()
            {
                keep.push(t);
            }
        }
        let meta = all
            .iter()
            .copied()
            .filter(|&n| has_any(dom, n, POST_META))
            .collect();
        return Page::Post {
            keep,
            meta,
            platform,
        };
    }
    if archive_evidence(dom, &all) {
        return Page::Archive;
    }
    match prose_root(dom) {
        Some(root) => {
            let mut keep = vec![root];
            keep.extend(all.iter().copied().filter(|&n| {
                dom.tag(n) == "h1" && !dom.ancestors(n).any(|a| a == root) && !home_link(dom, n)
            }));
            Page::Prose { keep }
        }
        None => Page::Archive,
    }
}

/// Says whether a page is the archive's (or built as its pages are): a class only its
/// pages use (`toplink`, `information`, `fst`…), a link to marxists.org, or two of the
/// classes others use too (see [`COMMON_CLASSES`]).
fn archive_evidence(dom: &Dom, all: &[Id]) -> bool {
    let mut common: Vec<&str> = Vec::new();
    for &n in all {
        if dom
            .attr(n, "href")
            .is_some_and(|h| h.contains("marxists.org"))
        {
            return true;
        }
        let Some(class) = dom.attr(n, "class") else {
            continue;
        };
        for w in class.split_whitespace() {
            match COMMON_CLASSES.iter().find(|c| **c == w) {
                Some(c) if !common.contains(c) => common.push(c),
                Some(_) => {}
                None if ARCHIVE_CLASSES.contains(&w) => return true,
                None => {}
            }
        }
    }
    common.len() >= 2
}

/// The kind of chrome an archive element's class marks, if it marks one.
pub(crate) fn archive_chrome(dom: &Dom, id: Id) -> Option<&'static str> {
    let ws = words(dom, id);
    ARCHIVE_CHROME
        .iter()
        .find(|(c, _)| ws.iter().any(|w| w == c))
        .map(|(_, k)| *k)
}

/// The kind of a blog widget an element's class or id marks, if it marks one.
pub(crate) fn blog_chrome(dom: &Dom, id: Id) -> &'static str {
    let ws = words(dom, id);
    if matches!(dom.tag(id), "nav") {
        return "navigation";
    }
    if matches!(dom.tag(id), "aside") {
        return "sidebar";
    }
    BLOG_CHROME
        .iter()
        .find(|(c, _)| ws.iter().any(|w| w.contains(c)))
        .map_or("page chrome", |(_, k)| *k)
}

/// Widgets a blog sets inside the post's text (share buttons, related posts), with the
/// kind reported.
const POST_WIDGETS: &[(&str, &str)] = &[
    ("sharedaddy", "share buttons"),
    ("share", "share buttons"),
    ("social", "share buttons"),
    ("jp-relatedposts", "related posts"),
    ("related", "related posts"),
    ("like", "like buttons"),
    ("subscribe", "subscription form"),
    ("subscription", "subscription form"),
];

/// The kind of a widget set inside a post's text, if the element is one.
pub(crate) fn post_widget(dom: &Dom, id: Id) -> Option<&'static str> {
    let ws = words(dom, id);
    POST_WIDGETS
        .iter()
        .find(|(c, _)| {
            ws.iter()
                .any(|w| w.split(['-', '_']).any(|part| part == *c) || w == c)
        })
        .map(|(_, k)| *k)
}

/// Whether the element holds a post's byline.
pub(crate) fn is_meta(dom: &Dom, id: Id) -> bool {
    has_any(dom, id, POST_META)
}

/// Finds the element that holds most of the page's running prose, Readability's way:
/// each paragraph outside the site's widgets scores by its length and commas, its
/// parent gets the score, its grandparent half. Returns `None` when the body itself wins
/// (the whole page is text). A text set in several sections (Medium's `<section>`s, a magazine's pages of one
/// article) has its prose in more than the best one: the root climbs while an ancestor
/// holds a fifth more running prose than it, not counting what the site's widgets hold.
fn prose_root(dom: &Dom) -> Option<Id> {
    // A page whose every paragraph stands inside something its classes call a widget (a
    // wrapper named `has-sidebar`) is scored as if none did.
    prose_root_scored(dom, true).or_else(|| prose_root_scored(dom, false))
}

fn prose_root_scored(dom: &Dom, skip_widgets: bool) -> Option<Id> {
    let mut score = vec![0.0f64; dom.nodes.len()];
    // The running prose under each node: paragraphs mostly not links, outside widgets.
    let mut mass = vec![0.0f64; dom.nodes.len()];
    for n in dom.descendants(ROOT) {
        if !matches!(dom.tag(n), "p" | "pre" | "td" | "blockquote") {
            continue;
        }
        let text = dom.text(n);
        let len = text.trim().chars().count();
        // Readability's floor: a paragraph of under 25 characters is no prose.
        if len < 25 {
            continue;
        }
        // A comment thread or a sidebar may hold more prose than the text it is beside.
        if skip_widgets && dom.ancestors(n).any(|a| widget(dom, a)) {
            continue;
        }
        let s = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        if let Some(p) = dom.nodes[n].parent {
            score[p] += s;
            if let Some(g) = dom.nodes[p].parent {
                score[g] += s / 2.0;
            }
        }
        if link_share(dom, n) < 0.25 {
            for a in dom.ancestors(n) {
                mass[a] += s;
            }
        }
    }
    let best = (0..score.len()).max_by(|&a, &b| score[a].total_cmp(&score[b]))?;
    if score[best] <= 0.0 || matches!(dom.tag(best), "body" | "html" | "") {
        return None;
    }
    let mut root = best;
    while let Some(up) = dom
        .ancestors(root)
        .take_while(|&a| !matches!(dom.tag(a), "body" | "html" | ""))
        .find(|&a| mass[root] > 0.0 && mass[a] >= mass[root] * 1.2)
    {
        root = up;
    }
    Some(root)
}

/// Whether an element is nothing but links to a site's front page (`<h1><a href="/">La
/// Presse</a></h1>`, the logo over every page): the site's name, not the text's title.
fn home_link(dom: &Dom, id: Id) -> bool {
    let hrefs = link_targets(dom, id);
    let home = |h: &str| {
        let h = h.trim();
        let path = h
            .split_once("://")
            .map_or(h, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        matches!(path, "/" | "" | "/index.html" | "/index.php")
    };
    only_links(dom, id) && !hrefs.is_empty() && hrefs.iter().all(|h| home(h))
}

/// The addresses the links inside an element point to, in order.
fn link_targets(dom: &Dom, id: Id) -> Vec<&str> {
    dom.descendants(id)
        .into_iter()
        .filter(|&n| dom.tag(n) == "a")
        .filter_map(|n| dom.attr(n, "href"))
        .collect()
}

/// The share of an element's letters inside links.
fn link_share(dom: &Dom, id: Id) -> f64 {
    let (mut linked, mut all) = (0usize, 0usize);
    walk_text(dom, id, false, &mut |in_link, t| {
        let n = t.chars().filter(|c| c.is_alphanumeric()).count();
        all += n;
        if in_link {
            linked += n;
        }
    });
    if all == 0 {
        0.0
    } else {
        linked as f64 / all as f64
    }
}

/// The classes of the site's widgets that hold prose of their own (comment threads,
/// sidebars, related posts), by the start of a part of a class (`comments-list`). Share
/// buttons hold none, and their class names a page's whole wrapper as often
/// (`container-scroll-social-bar`), so they are not here.
const PROSE_WIDGETS: &[&str] = &["comment", "sidebar", "widget", "related", "footer"];

/// Whether an element is one of the site's widgets by its tag or class: its prose is no
/// part of the text.
fn widget(dom: &Dom, id: Id) -> bool {
    matches!(dom.tag(id), "nav" | "aside" | "footer" | "form")
        || words(dom, id).iter().any(|w| {
            w.split(['-', '_'])
                .any(|part| PROSE_WIDGETS.iter().any(|c| part.starts_with(c)))
        })
}

/// Whether a node is an element whose text is all inside links to other pages (a
/// navigation bar), with at least one such link.
pub(crate) fn only_links(dom: &Dom, id: Id) -> bool {
    let mut links = 0;
    let mut outside = false;
    walk_text(dom, id, false, &mut |in_link, t| {
        // Separators between the links (`|`, `¦`, `·`, `>`) are no text.
        if t.chars().any(char::is_alphanumeric) {
            if in_link {
                links += 1;
            } else {
                outside = true;
            }
        }
    });
    links > 0 && !outside
}

/// Says whether any of a node's text links to another page.
pub(crate) fn has_link(dom: &Dom, id: Id) -> bool {
    let mut links = false;
    walk_text(dom, id, false, &mut |in_link, t| {
        links |= in_link && t.chars().any(char::is_alphanumeric);
    });
    links
}

fn walk_text(dom: &Dom, id: Id, in_link: bool, f: &mut dyn FnMut(bool, &str)) {
    match &dom.nodes[id].data {
        Data::Text(t) => f(in_link, t),
        Data::Element { .. } => {
            let here = dom.tag(id) == "a"
                && dom
                    .attr(id, "href")
                    .is_some_and(|h| !h.trim().starts_with('#'));
            for &c in dom.children(id) {
                walk_text(dom, c, in_link || here, f);
            }
        }
        _ => {}
    }
}

/// Whether an element is a contents list of the page: every link of it points further
/// down the page (`#s1`), with at least one. A link back up (`#top`, `#index`) is
/// navigation. The parser makes nodes in the order of the source, so a node's index
/// says where it stands.
pub(crate) fn contents_list(dom: &Dom, id: Id, anchors: &HashMap<String, Id>) -> bool {
    let hrefs = link_targets(dom, id);
    !hrefs.is_empty()
        && hrefs.iter().all(|h| {
            h.trim()
                .strip_prefix('#')
                .and_then(|f| anchors.get(f))
                .is_some_and(|&t| t > id)
        })
}
