//! Just enough CSS to know which rules may apply to an element of our pages: the
//! stylesheet's rules and `@font-face` blocks, and selector matching against an XHTML tree.
//!
//! It answers conservatively, for a question where too much is harmless and too little is
//! a missing glyph: a selector part it cannot decide statically (an attribute test, a
//! pseudo-class, a pseudo-element, a rule under `@media`) makes the answer "maybe", never
//! "no".

/// Whether a selector matches an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Match {
    No,
    Maybe,
    Yes,
}

/// A parsed stylesheet.
#[derive(Debug, Default)]
pub(crate) struct Stylesheet {
    pub(crate) rules: Vec<Rule>,
    pub(crate) font_faces: Vec<FontFace>,
}

/// One style rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) selectors: Vec<Selector>,
    pub(crate) declarations: Vec<Declaration>,
    /// Under a condition (`@media`, `@supports`): it may or may not apply.
    pub(crate) conditional: bool,
}

/// `property: value`, lower-cased property.
#[derive(Debug)]
pub(crate) struct Declaration {
    pub(crate) property: String,
    pub(crate) value: String,
    pub(crate) important: bool,
}

/// An `@font-face` block: the family it names, its style and weight, its file, and
/// where it stands in the stylesheet's text (to leave it out when its file is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FontFace {
    pub(crate) family: String,
    pub(crate) italic: bool,
    pub(crate) bold: bool,
    pub(crate) url: String,
    pub(crate) span: std::ops::Range<usize>,
}

/// A complex selector: compounds from left to right, each with the combinator before it.
#[derive(Debug)]
pub(crate) struct Selector {
    parts: Vec<(Combinator, Compound)>,
    /// (ids, classes and other tests, types and pseudo-elements).
    pub(crate) specificity: (u32, u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
    Next,
    Later,
}

#[derive(Debug, Default)]
struct Compound {
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    /// A test this module does not decide (attribute, pseudo-class, pseudo-element).
    undecided: bool,
}

impl Stylesheet {
    /// Parses a stylesheet; what it cannot read is skipped (a browser does the same).
    pub(crate) fn parse(css: &str) -> Stylesheet {
        let mut sheet = Stylesheet::default();
        parse_block(css, 0, false, &mut sheet);
        sheet
    }
}

/// Replaces comments by spaces, keeping every byte offset.
fn blank_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start + 2..]
            .find("*/")
            .map_or(rest.len(), |e| start + e + 4);
        out.extend(
            rest[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        // Multi-byte characters in a comment become one space each: pad to keep offsets.
        let kept = rest[start..end].chars().count();
        out.extend(std::iter::repeat_n(' ', end - start - kept));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Leaves out the selectors that name a class no page uses, and the rules left with none
/// (EPUBCheck 4.2 reports each as unused). At-rules stay as they are; a class inside
/// parentheses (`:not(.x)`) or brackets does not count, as its absence decides nothing.
pub(crate) fn drop_unused_classes(css: &str, used: impl Fn(&str) -> bool) -> String {
    let text = blank_comments(css);
    let mut out = String::with_capacity(css.len());
    let mut i = 0;
    while i < text.len() {
        let Some(stop) = text[i..].find(['{', ';']).map(|o| i + o) else {
            out.push_str(&css[i..]);
            break;
        };
        if text.as_bytes()[stop] == b';' {
            out.push_str(&css[i..=stop]);
            i = stop + 1;
            continue;
        }
        let end = block_end(&text, stop + 1);
        let prelude = &text[i..stop];
        let lead = prelude.len() - prelude.trim_start().len();
        if prelude.trim_start().starts_with('@') {
            out.push_str(&css[i..end]);
        } else {
            let all: Vec<&str> = prelude.split(',').map(str::trim).collect();
            let kept: Vec<&str> = all
                .iter()
                .copied()
                .filter(|s| selector_classes(s).iter().all(|c| used(c)))
                .collect();
            if kept.len() == all.len() {
                out.push_str(&css[i..end]);
            } else if !kept.is_empty() {
                out.push_str(&css[i..i + lead]);
                out.push_str(&kept.join(", "));
                out.push(' ');
                out.push_str(&css[stop..end]);
            } else {
                out.push_str(&css[i..i + lead]);
            }
        }
        i = end;
    }
    out
}

/// The classes a selector requires, outside parentheses and brackets.
fn selector_classes(selector: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let b = selector.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'.' if depth == 0 => {
                let start = i + 1;
                let len = selector[start..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                    .unwrap_or(selector.len() - start);
                out.push(&selector[start..start + len]);
                i = start + len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The classes an XHTML page's elements carry.
pub(crate) fn page_classes(xhtml: &str) -> impl Iterator<Item = &str> {
    xhtml
        .split(" class=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .flat_map(str::split_whitespace)
}

/// Finds the end of a block opened just before `from` (the index after its `}`),
/// skipping strings and nested blocks.
fn block_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut i, mut quote) = (1usize, from, None::<u8>);
    while i < b.len() {
        match (quote, b[i]) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), b'\\') => i += 1,
            (Some(_), _) => {}
            (None, c @ (b'"' | b'\'')) => quote = Some(c),
            (None, b'{') => depth += 1,
            (None, b'}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn parse_block(css: &str, offset: usize, conditional: bool, sheet: &mut Stylesheet) {
    let text = blank_comments(css);
    let mut i = 0;
    while i < text.len() {
        // A statement at-rule (`@import …;`, `@namespace …;`) ends at its semicolon.
        let Some(stop) = text[i..].find(['{', ';']).map(|o| i + o) else {
            break;
        };
        if text.as_bytes()[stop] == b';' {
            i = stop + 1;
            continue;
        }
        let open = stop;
        let prelude = text[i..open].trim();
        let end = block_end(&text, open + 1);
        let inner_end = if text[..end].ends_with('}') {
            end - 1
        } else {
            end
        };
        let body = &text[open + 1..inner_end];
        let start = i + text[i..open]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(0);
        if let Some(at) = prelude.strip_prefix('@') {
            let name = at
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .next();
            match name.map(str::to_ascii_lowercase).as_deref() {
                Some("font-face") => {
                    if let Some(face) = font_face(body, offset + start..offset + end) {
                        sheet.font_faces.push(face);
                    }
                }
                Some("media" | "supports" | "document" | "layer") => {
                    parse_block(body, offset + open + 1, true, sheet);
                }
                _ => {}
            }
        } else {
            let selectors = prelude.split(',').filter_map(selector).collect();
            sheet.rules.push(Rule {
                selectors,
                declarations: declarations(body),
                conditional,
            });
        }
        i = end;
    }
}

/// Splits a declaration block at its semicolons (not those in strings).
fn declarations(body: &str) -> Vec<Declaration> {
    let mut out = Vec::new();
    let (mut start, mut quote) = (0, None);
    let mut push = |piece: &str| {
        if let Some((p, v)) = piece.split_once(':') {
            let v = v.trim();
            let (value, important) = match v.to_ascii_lowercase().rfind("!important") {
                Some(k) => (v[..k].trim(), true),
                None => (v, false),
            };
            out.push(Declaration {
                property: p.trim().to_ascii_lowercase(),
                value: value.to_string(),
                important,
            });
        }
    };
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, ';') => {
                push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&body[start..]);
    out
}

fn font_face(body: &str, span: std::ops::Range<usize>) -> Option<FontFace> {
    let mut face = FontFace {
        family: String::new(),
        italic: false,
        bold: false,
        url: String::new(),
        span,
    };
    for d in declarations(body) {
        let v = d.value.to_ascii_lowercase();
        match d.property.as_str() {
            "font-family" => face.family = unquote(&d.value).to_string(),
            "font-style" => face.italic = v.contains("italic") || v.contains("oblique"),
            "font-weight" => face.bold = weight_is_bold(&v),
            "src" => {
                let start = v.find("url(")? + 4;
                let end = start + d.value[start..].find(')')?;
                face.url = unquote(&d.value[start..end]).to_string();
            }
            _ => {}
        }
    }
    (!face.family.is_empty() && !face.url.is_empty()).then_some(face)
}

/// Says whether a `font-weight` value is bold (600 and more, `bold`, `bolder`).
pub(crate) fn weight_is_bold(value: &str) -> bool {
    let v = value.trim();
    v.starts_with("bold") || v.parse::<u32>().is_ok_and(|w| w >= 600)
}

/// Removes the quotes around a CSS string.
pub(crate) fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// Parses one complex selector; `None` for an empty one.
fn selector(text: &str) -> Option<Selector> {
    let mut parts = Vec::new();
    let mut combinator = Combinator::Descendant;
    let mut specificity = (0, 0, 0);
    let mut chars = text.trim().chars().peekable();
    let mut compound = Compound::default();
    let mut started = false;
    let finish = |compound: &mut Compound, combinator, started: &mut bool, parts: &mut Vec<_>| {
        if *started {
            parts.push((combinator, std::mem::take(compound)));
            *started = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' | '>' | '+' | '~' => {
                if started {
                    finish(&mut compound, combinator, &mut started, &mut parts);
                    combinator = Combinator::Descendant;
                }
                match c {
                    '>' => combinator = Combinator::Child,
                    '+' => combinator = Combinator::Next,
                    '~' => combinator = Combinator::Later,
                    _ => {}
                }
            }
            '.' | '#' => {
                let name = ident(&mut chars);
                if c == '.' {
                    specificity.1 += 1;
                    compound.classes.push(name);
                } else {
                    specificity.0 += 1;
                    compound.ids.push(name);
                }
                started = true;
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
                specificity.1 += 1;
                compound.undecided = true;
                started = true;
            }
            ':' => {
                let element = chars.peek() == Some(&':');
                if element {
                    chars.next();
                }
                let name = ident(&mut chars);
                if chars.peek() == Some(&'(') {
                    let mut depth = 0;
                    for d in chars.by_ref() {
                        depth += i32::from(d == '(') - i32::from(d == ')');
                        if depth == 0 {
                            break;
                        }
                    }
                }
                let legacy = matches!(
                    name.as_str(),
                    "before" | "after" | "first-line" | "first-letter"
                );
                if element || legacy {
                    specificity.2 += 1;
                } else {
                    specificity.1 += 1;
                }
                compound.undecided = true;
                started = true;
            }
            '*' => started = true,
            _ => {
                let mut name = String::from(c);
                name.push_str(&ident(&mut chars));
                // A namespace prefix (`epub|type` only occurs in attributes; `svg|a`).
                let name = name.rsplit('|').next().unwrap_or("").to_ascii_lowercase();
                specificity.2 += 1;
                compound.tag = Some(name);
                started = true;
            }
        }
    }
    finish(&mut compound, combinator, &mut started, &mut parts);
    (!parts.is_empty()).then_some(Selector { parts, specificity })
}

fn ident(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut s = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_alphanumeric() || c == '-' || c == '_' || c == '|' || !c.is_ascii() {
            s.push(c);
            chars.next();
        } else if c == '\\' {
            chars.next();
            if let Some(e) = chars.next() {
                s.push(e);
            }
        } else {
            break;
        }
    }
    s
}

impl Selector {
    /// Says whether the selector matches the element.
    pub(crate) fn matches(&self, node: roxmltree::Node) -> Match {
        match_from(&self.parts, node)
    }
}

/// Matches `parts` with its last compound on `node`.
fn match_from(parts: &[(Combinator, Compound)], node: roxmltree::Node) -> Match {
    let Some(((combinator, last), rest)) = parts.split_last() else {
        return Match::Yes;
    };
    let here = compound_matches(last, node);
    if here == Match::No || rest.is_empty() {
        return here;
    }
    let elements = |it: &mut dyn Iterator<Item = roxmltree::Node>| {
        it.filter(roxmltree::Node::is_element)
            .map(|n| match_from(rest, n))
            .max()
            .unwrap_or(Match::No)
    };
    let before = match combinator {
        Combinator::Descendant => elements(&mut node.ancestors().skip(1)),
        Combinator::Child => elements(&mut node.parent_element().into_iter()),
        Combinator::Next => elements(&mut node.prev_sibling_element().into_iter()),
        Combinator::Later => elements(&mut node.prev_siblings().skip(1)),
    };
    here.min(before)
}

fn compound_matches(c: &Compound, node: roxmltree::Node) -> Match {
    if !node.is_element() {
        return Match::No;
    }
    if c.tag.as_ref().is_some_and(|t| t != node.tag_name().name()) {
        return Match::No;
    }
    if c.ids.iter().any(|id| node.attribute("id") != Some(id)) {
        return Match::No;
    }
    let classes = node.attribute("class").unwrap_or("");
    if c.classes
        .iter()
        .any(|k| !classes.split_ascii_whitespace().any(|have| have == k))
    {
        return Match::No;
    }
    if c.undecided {
        Match::Maybe
    } else {
        Match::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_of_classes_no_page_uses_are_left_out() {
        let css = "/* a */\np, .gone + p, .kept { x: 1; }\n.gone { y: 2; }\n@font-face { src: url(\"a\"); }\n:not(.gone) { z: 3; }\n";
        let out = drop_unused_classes(css, |c| c == "kept");
        assert_eq!(
            out,
            "/* a */\np, .kept { x: 1; }\n\n@font-face { src: url(\"a\"); }\n:not(.gone) { z: 3; }\n"
        );
        assert_eq!(
            page_classes("<p class=\"a b\"><span class=\"c\">").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    fn first_match(css: &str, xml: &str, id: &str) -> Match {
        let sheet = Stylesheet::parse(css);
        let doc = roxmltree::Document::parse(xml).unwrap();
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap();
        sheet.rules[0]
            .selectors
            .iter()
            .map(|s| s.matches(node))
            .max()
            .unwrap_or(Match::No)
    }

    const PAGE: &str = "<body class=\"b\"><section class=\"title-page x\"><h1 id=\"t\">T</h1>\
        <p id=\"p\" class=\"by\">A</p></section><p id=\"q\">Q</p></body>";

    #[test]
    fn selectors_match_as_a_browser_would_or_say_maybe() {
        assert_eq!(first_match("h1 { }", PAGE, "t"), Match::Yes);
        assert_eq!(first_match(".title-page h1 { }", PAGE, "t"), Match::Yes);
        assert_eq!(first_match("body > h1 { }", PAGE, "t"), Match::No);
        assert_eq!(first_match("section > h1 { }", PAGE, "t"), Match::Yes);
        assert_eq!(first_match("h1 + p.by { }", PAGE, "p"), Match::Yes);
        assert_eq!(first_match("h1 + p { }", PAGE, "q"), Match::No);
        assert_eq!(first_match("section ~ p { }", PAGE, "q"), Match::Yes);
        assert_eq!(first_match(".title-page p { }", PAGE, "q"), Match::No);
        assert_eq!(
            first_match("p:first-child, h2 { }", PAGE, "q"),
            Match::Maybe
        );
        assert_eq!(
            first_match("section[epub|type~=\"x\"] h1 { }", PAGE, "t"),
            Match::Maybe
        );
        assert_eq!(first_match("#t { }", PAGE, "t"), Match::Yes);
        assert_eq!(first_match("* { }", PAGE, "q"), Match::Yes);
    }

    #[test]
    fn the_sheet_gives_rules_faces_and_their_places() {
        let css = "/* a { } */ @namespace epub \"x\";\n@font-face { font-family: \"EB Garamond\"; \
                   font-style: italic; src: url(\"fonts/I.otf\"); }\n\
                   h1, .a > b { font-family: 'EB Garamond', serif; content: \"}\" }\n\
                   @media print { p { font-weight: 700 !important } }";
        let sheet = Stylesheet::parse(css);
        assert_eq!(sheet.font_faces.len(), 1);
        let face = &sheet.font_faces[0];
        assert_eq!(
            (face.family.as_str(), face.italic, face.bold),
            ("EB Garamond", true, false)
        );
        assert_eq!(face.url, "fonts/I.otf");
        assert!(
            css[face.span.clone()].starts_with("@font-face")
                && css[face.span.clone()].ends_with('}')
        );
        assert_eq!(sheet.rules.len(), 2);
        assert_eq!(sheet.rules[0].selectors.len(), 2);
        assert_eq!(sheet.rules[0].declarations[1].value, "\"}\"");
        assert_eq!(sheet.rules[0].selectors[1].specificity, (0, 1, 1));
        assert!(sheet.rules[1].conditional && sheet.rules[1].declarations[0].important);
        assert_eq!(sheet.rules[1].declarations[0].value, "700");
    }
}
