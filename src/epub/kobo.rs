//! The kepub: each page of the book as kepubify (pgaskin/kepubify, `kepub/transform.go`)
//! makes it for Kobo's reader, whose reading position, highlights and note popups need
//! it. Its three rules, applied to our own XHTML after it is written:
//!
//! - the `kobostylehacks` style at the end of the head;
//! - the body's content wrapped in `div#book-columns > div#book-inner`;
//! - every text of the body cut into sentences, each in a `span.koboSpan` numbered
//!   `kobo.N.M`: N counts the blocks (a paragraph, a list or a table starts the next
//!   number at its first text; an image takes one of its own), M the sentences in it.
//!   Whitespace between elements stays bare, except directly in a paragraph; the text
//!   of `pre`, `script`, `style`, `audio` and `video` is left as it is.

use std::fmt::Write;

use super::xhtml::esc;

/// kepubify's style, as it writes it (Kobo's own, less its font sizes, link colours and
/// margins on everything).
pub(crate) const STYLE_HACKS: &str = "div#book-inner { margin-top: 0; margin-bottom: 0;}";

/// A rule naming the spans' class, added to the kepub's stylesheet: the spans are Kobo's
/// handles and change nothing of the look, but EPUBCheck 4.2 reports a class that no
/// rule names.
pub(crate) const SPAN_RULE: &str =
    "\n/* Kobo's sentence handles: nothing to style. */\nspan.koboSpan { }\n";

/// Elements whose text keeps no spans.
const KEPT_AS_IS: &[&str] = &["pre", "script", "style", "audio", "video"];

/// Elements whose first text starts the next block number.
const BLOCKS: &[&str] = &["p", "ol", "ul", "table"];

/// Makes a page of ours a kepub page. A page without a head or body (never ours) is
/// returned as it is.
pub(crate) fn kepub_page(xhtml: &str) -> String {
    let (Some(head_end), Some(body_tag)) = (xhtml.find("</head>"), xhtml.find("<body")) else {
        return xhtml.to_string();
    };
    let Some(body_start) = xhtml[body_tag..].find('>').map(|e| body_tag + e + 1) else {
        return xhtml.to_string();
    };
    let body_end = xhtml
        .rfind("</body>")
        .unwrap_or(xhtml.len())
        .max(body_start);
    let mut out = String::with_capacity(xhtml.len() * 2);
    out.push_str(&xhtml[..head_end]);
    let _ = writeln!(
        out,
        "<style type=\"text/css\" class=\"kobostylehacks\">{STYLE_HACKS}</style>"
    );
    out.push_str(&xhtml[head_end..body_start]);
    out.push_str("<div id=\"book-columns\"><div id=\"book-inner\">");
    Spans::default().body(&xhtml[body_start..body_end], &mut out);
    out.push_str("</div></div>");
    out.push_str(&xhtml[body_end..]);
    out
}

/// The numbering as kepubify keeps it while it walks the body.
#[derive(Default)]
struct Spans {
    para: usize,
    seg: usize,
    /// A block has opened: its first text takes the next number.
    next_para: bool,
}

impl Spans {
    fn body(&mut self, body: &str, out: &mut String) {
        // Open elements, innermost last; the body's own content sits in `div#book-inner`.
        let mut open: Vec<&str> = vec!["div"];
        let mut rest = body;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.text(rest, open.last().copied(), out);
                break;
            };
            if lt > 0 {
                self.text(&rest[..lt], open.last().copied(), out);
            }
            let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
            let tag = &rest[lt..tag_end];
            rest = &rest[tag_end..];
            let name = tag_name(tag);
            if tag.starts_with("</") {
                out.push_str(tag);
                if let Some(i) = open.iter().rposition(|n| *n == name) {
                    open.truncate(i);
                }
            } else if tag.starts_with("<!") || tag.starts_with("<?") {
                out.push_str(tag);
            } else if name == "img" {
                self.para += 1;
                self.seg = 1;
                self.next_para = false;
                let _ = write!(
                    out,
                    "<span class=\"koboSpan\" id=\"kobo.{}.1\">{tag}</span>",
                    self.para
                );
            } else if KEPT_AS_IS.contains(&name) && !tag.ends_with("/>") {
                out.push_str(tag);
                let close = format!("</{name}>");
                let end = rest.find(&close).map_or(rest.len(), |e| e + close.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else {
                out.push_str(tag);
                if BLOCKS.contains(&name) {
                    self.next_para = true;
                }
                if !tag.ends_with("/>") {
                    open.push(name);
                }
            }
        }
    }

    /// One text node: its sentences in spans.
    fn text(&mut self, escaped: &str, parent: Option<&str>, out: &mut String) {
        let text = crate::model::text::decode_entities(escaped);
        for sentence in sentences(&text) {
            if sentence.chars().all(char::is_whitespace) && parent != Some("p") {
                out.push_str(&esc(sentence));
                continue;
            }
            if self.next_para {
                self.para += 1;
                self.seg = 0;
                self.next_para = false;
            }
            self.seg += 1;
            let _ = write!(
                out,
                "<span class=\"koboSpan\" id=\"kobo.{}.{}\">{}</span>",
                self.para,
                self.seg,
                esc(sentence)
            );
        }
    }
}

/// A tag's element name, lower-cased as ours are.
fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<').trim_start_matches('/');
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Cuts text as kepubify's `((?ms).*?[\.\!\?\:]['"”’“…]?\s*)` does: after each `.`, `!`,
/// `?` or `:`, with one closing mark and the ASCII whitespace that follow it; the rest,
/// if any, is the last piece. Every character is kept.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | ':') {
            continue;
        }
        if let Some(&(_, q)) = chars.peek() {
            if matches!(q, '\'' | '"' | '”' | '’' | '“' | '…') {
                chars.next();
            }
        }
        while let Some(&(_, w)) = chars.peek() {
            if !matches!(w, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                break;
            }
            chars.next();
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        out.push(&text[start..end]);
        start = end;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_as_kepubify_cuts_them() {
        assert_eq!(sentences("One. Two? Three"), ["One. ", "Two? ", "Three"]);
        // After every stop, even inside initials; never at a semicolon.
        assert_eq!(sentences("N.I. and; so"), ["N.", "I. ", "and; so"]);
        // A closing quote goes with its sentence; a bracket does not.
        assert_eq!(sentences("“Yes.” (No.) x"), ["“Yes.” ", "(No.", ") x"]);
        assert_eq!(sentences("a:\u{a0}b"), ["a:", "\u{a0}b"]);
        assert_eq!(sentences(""), Vec::<&str>::new());
        for text in ["Wait… what?! Yes.\n\n", "x", "…", "a.b.c"] {
            assert_eq!(sentences(text).concat(), text);
        }
    }

    #[test]
    fn a_page_gets_the_style_the_wrappers_and_one_number_per_block() {
        let page = "<html><head><title>T. x</title></head>\n<body class=\"d\">\n\
            <h1 id=\"t\">Title. Two</h1>\n<p>First. Second &#38; more.</p>\n\
            <ol>\n<li>One.</li>\n<li>Two.</li>\n</ol>\n<p><img src=\"a.png\" alt=\"\"/></p>\n\
            <pre>kept. as is</pre>\n<p> <a href=\"#n\">1</a></p>\n</body></html>";
        let out = kepub_page(page);
        let expected = "<html><head><title>T. x</title><style type=\"text/css\" class=\"kobostylehacks\">div#book-inner { margin-top: 0; margin-bottom: 0;}</style>\n</head>\n<body class=\"d\">\
            <div id=\"book-columns\"><div id=\"book-inner\">\n\
            <h1 id=\"t\"><span class=\"koboSpan\" id=\"kobo.0.1\">Title. </span><span class=\"koboSpan\" id=\"kobo.0.2\">Two</span></h1>\n\
            <p><span class=\"koboSpan\" id=\"kobo.1.1\">First. </span><span class=\"koboSpan\" id=\"kobo.1.2\">Second &#38; more.</span></p>\n\
            <ol>\n<li><span class=\"koboSpan\" id=\"kobo.2.1\">One.</span></li>\n<li><span class=\"koboSpan\" id=\"kobo.2.2\">Two.</span></li>\n</ol>\n\
            <p><span class=\"koboSpan\" id=\"kobo.3.1\"><img src=\"a.png\" alt=\"\"/></span></p>\n\
            <pre>kept. as is</pre>\n\
            <p><span class=\"koboSpan\" id=\"kobo.4.1\"> </span><a href=\"#n\"><span class=\"koboSpan\" id=\"kobo.4.2\">1</span></a></p>\n\
            </div></div></body></html>";
        assert_eq!(out, expected);
        assert_eq!(kepub_page("no page"), "no page");
    }
}
