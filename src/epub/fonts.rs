//! The book's faces in the EPUB, each cut to the characters its pages set in it.
//!
//! Which text a face sets is read from the pages themselves (parsed back as XML) and the
//! stylesheet, by a cascade of the three properties that choose a face (`font-family`,
//! `font-style`, `font-weight`) with the user agent's defaults (`em` italic, `h1` bold…).
//! Where a rule may or may not apply (see [`super::css`]) both outcomes count, so a face
//! may hold a few glyphs too many, never one too few. A face no text uses is left out,
//! with its `@font-face` rule. The cut ([`super::sfnt`]) keeps what a reading system
//! needs of a font — `cmap`, `OS/2`, metrics, names with the copyright and licence — and
//! drops the layout tables: no kerning or ligatures in the EPUB (the PDF has both).

use std::collections::{BTreeMap, BTreeSet};

use super::css::{unquote, weight_is_bold, Match, Stylesheet};

/// What the package embeds: the stylesheet without the rules of faces left out, and
/// each face kept as (path in the package, subset font program).
#[derive(Debug)]
pub(crate) struct Embedded {
    pub(crate) css: String,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

/// Cuts the faces the stylesheet declares (those of `available`, by path) to the text
/// of `pages` they set.
pub(crate) fn embed(
    css: &str,
    pages: &[&str],
    available: &[(String, &[u8])],
) -> Result<Embedded, String> {
    let sheet = Stylesheet::parse(css);
    let faces: Vec<Declared> = sheet
        .font_faces
        .iter()
        .filter_map(|f| {
            let bytes = available.iter().find(|(path, _)| *path == f.url)?.1;
            Some(Declared {
                family: f.family.to_lowercase(),
                italic: f.italic,
                bold: f.bold,
                path: f.url.clone(),
                bytes,
            })
        })
        .collect();
    let mut used: BTreeMap<usize, BTreeSet<char>> = BTreeMap::new();
    if !faces.is_empty() {
        let cascade = Cascade::new(&sheet, &faces);
        for page in pages {
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let doc = roxmltree::Document::parse_with_options(page, options)
                .map_err(|e| format!("a page is not well-formed XML: {e}"))?;
            cascade.walk(doc.root_element(), &Possible::initial(), &mut used);
        }
    }
    let mut files = Vec::new();
    let mut dropped = Vec::new();
    for (i, face) in faces.iter().enumerate() {
        match used.get(&i) {
            Some(chars) => files.push((face.path.clone(), super::sfnt::subset(face.bytes, chars)?)),
            None => dropped.push(face.path.as_str()),
        }
    }
    // The rules of faces not embedded go too, so that none points to a missing file.
    let mut out = String::with_capacity(css.len());
    let mut at = 0;
    for f in sheet
        .font_faces
        .iter()
        .filter(|f| dropped.contains(&f.url.as_str()))
    {
        out.push_str(&css[at..f.span.start]);
        at = f.span.end;
    }
    out.push_str(&css[at..]);
    Ok(Embedded { css: out, files })
}

/// A face the stylesheet declares and the book has.
struct Declared<'a> {
    family: String,
    italic: bool,
    bold: bool,
    path: String,
    bytes: &'a [u8],
}

/// What an element's font may be: each property's possible values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Possible {
    /// `font-family` values, lower-cased; `""` is the reader's own (the initial value).
    families: BTreeSet<String>,
    /// Upright, italic.
    style: [bool; 2],
    /// Regular, bold.
    weight: [bool; 2],
}

impl Possible {
    fn initial() -> Possible {
        Possible {
            families: [String::new()].into(),
            style: [true, false],
            weight: [true, false],
        }
    }
}

/// The rules that choose a face, read once for all pages.
struct Cascade<'a> {
    sheet: &'a Stylesheet,
    faces: &'a [Declared<'a>],
    /// Indices of the rules that set a font property or generated content.
    relevant: Vec<usize>,
}

/// The user agent's defaults that choose a face (HTML's rendering section).
fn ua_italic(tag: &str) -> bool {
    matches!(tag, "em" | "i" | "cite" | "var" | "dfn" | "address")
}

fn ua_bold(tag: &str) -> bool {
    matches!(
        tag,
        "b" | "strong" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// Where a text shows nothing of its own: the head, and the texts of scripts and styles.
fn unseen(tag: &str) -> bool {
    matches!(tag, "head" | "script" | "style" | "template")
}

/// The characters a reader may draw in an element that are not in its text: the markers of
/// list items and the hyphens of hyphenation. Case changes (`small-caps`,
/// `text-transform`) are covered by adding each letter's other case.
const LIST_MARKERS: &str = "0123456789.•◦▪–";
const HYPHENS: &str = "-\u{2010}";

impl<'a> Cascade<'a> {
    fn new(sheet: &'a Stylesheet, faces: &'a [Declared<'a>]) -> Cascade<'a> {
        let relevant = sheet
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.declarations.iter().any(|d| {
                    matches!(
                        d.property.as_str(),
                        "font-family" | "font-style" | "font-weight" | "font" | "content"
                    )
                })
            })
            .map(|(i, _)| i)
            .collect();
        Cascade {
            sheet,
            faces,
            relevant,
        }
    }

    fn walk(
        &self,
        node: roxmltree::Node,
        parent: &Possible,
        used: &mut BTreeMap<usize, BTreeSet<char>>,
    ) {
        let tag = node.tag_name().name();
        if unseen(tag) {
            return;
        }
        let (possible, generated) = self.style(node, parent);
        let faces = self.faces_of(&possible);
        if !faces.is_empty() {
            let mut text: String = node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect();
            text.push_str(&generated);
            if tag == "li" {
                text.push_str(LIST_MARKERS);
            }
            if !text.trim().is_empty() {
                text.push_str(HYPHENS);
            }
            for face in faces {
                let set = used.entry(face).or_default();
                for c in text.chars() {
                    set.extend(c.to_uppercase());
                    set.extend(c.to_lowercase());
                    set.insert(c);
                }
            }
        }
        for child in node.children().filter(roxmltree::Node::is_element) {
            self.walk(child, &possible, used);
        }
    }

    /// The element's possible font, and the generated text (`content`) of rules that may
    /// apply to it.
    fn style(&self, node: roxmltree::Node, parent: &Possible) -> (Possible, String) {
        let tag = node.tag_name().name();
        // The winning declaration of each property among the rules that surely apply, by
        // (importance, specificity, order); the user agent's below them all.
        type Rank = (bool, (u32, u32, u32), usize);
        let mut best: [Option<(Rank, &str)>; 3] = [None, None, None];
        let mut maybe: [Vec<&str>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut shorthand: Vec<&str> = Vec::new();
        let mut generated = String::new();
        for &i in &self.relevant {
            let rule = &self.sheet.rules[i];
            let Some((m, spec)) = rule
                .selectors
                .iter()
                .map(|s| (s.matches(node), s.specificity))
                .max()
            else {
                continue;
            };
            if m == Match::No {
                continue;
            }
            let sure = m == Match::Yes && !rule.conditional;
            for d in &rule.declarations {
                let slot = match d.property.as_str() {
                    "font-family" => 0,
                    "font-style" => 1,
                    "font-weight" => 2,
                    "font" => {
                        shorthand.push(&d.value);
                        continue;
                    }
                    "content" => {
                        generated.push_str(&content_text(&d.value));
                        continue;
                    }
                    _ => continue,
                };
                let rank = (d.important, spec, i);
                if sure && best[slot].is_none_or(|(r, _)| rank > r) {
                    best[slot] = Some((rank, &d.value));
                } else if !sure {
                    maybe[slot].push(&d.value);
                }
            }
        }
        let mut p = parent.clone();
        // font-family
        let own = |v: &str| v.trim().to_lowercase();
        match best[0].map(|(_, v)| v) {
            Some(v) if is_keyword_inherit(v) => {}
            Some(v) if is_keyword_initial(v) => {
                p.families.insert(String::new());
            }
            Some(v) => p.families = [own(v)].into(),
            None => {}
        }
        p.families.extend(maybe[0].iter().map(|v| own(v)));
        // font-style, font-weight: the user agent's default where no rule surely sets it.
        let mut style = match best[1].map(|(_, v)| v.to_ascii_lowercase()) {
            Some(v) if is_keyword_inherit(&v) => parent.style,
            Some(v) => [!is_italic(&v), is_italic(&v)],
            None if ua_italic(tag) => [false, true],
            None => parent.style,
        };
        let mut weight = match best[2].map(|(_, v)| v.to_ascii_lowercase()) {
            Some(v) if is_keyword_inherit(&v) => parent.weight,
            Some(v) => [!weight_is_bold(&v), weight_is_bold(&v)],
            None if ua_bold(tag) => [false, true],
            None => parent.weight,
        };
        for v in &maybe[1] {
            let italic = is_italic(&v.to_ascii_lowercase());
            style[usize::from(italic)] = true;
        }
        for v in &maybe[2] {
            weight[usize::from(weight_is_bold(&v.to_ascii_lowercase()))] = true;
        }
        // The shorthand resets all three: its values join the possible ones.
        for v in shorthand {
            let l = v.to_ascii_lowercase();
            style[usize::from(is_italic(&l))] = true;
            weight[usize::from(l.split_whitespace().any(weight_is_bold))] = true;
            p.families.insert(l);
        }
        p.style = style;
        p.weight = weight;
        (p, generated)
    }

    /// The declared faces that may set text of this possible font: CSS's font matching —
    /// the family, then the style (an italic face, else an upright one, slanted by the
    /// reader), then the weight.
    fn faces_of(&self, p: &Possible) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for value in &p.families {
            for family in value.split(',').map(|f| unquote(f).to_lowercase()) {
                let of_family: Vec<usize> = (0..self.faces.len())
                    .filter(|&i| value_names(&family, &self.faces[i].family))
                    .collect();
                for italic in [false, true]
                    .into_iter()
                    .filter(|&s| p.style[usize::from(s)])
                {
                    for bold in [false, true]
                        .into_iter()
                        .filter(|&w| p.weight[usize::from(w)])
                    {
                        if let Some(i) = self.pick(&of_family, italic, bold) {
                            out.insert(i);
                        }
                    }
                }
            }
        }
        out
    }

    fn pick(&self, candidates: &[usize], italic: bool, bold: bool) -> Option<usize> {
        let prefer = |want: bool, get: fn(&Declared) -> bool, from: Vec<usize>| -> Vec<usize> {
            let matching: Vec<usize> = from
                .iter()
                .copied()
                .filter(|&i| get(&self.faces[i]) == want)
                .collect();
            if matching.is_empty() {
                from
            } else {
                matching
            }
        };
        let by_style = prefer(italic, |f| f.italic, candidates.to_vec());
        prefer(bold, |f| f.bold, by_style).first().copied()
    }
}

/// Says whether one family of a `font-family` list (or a `font` shorthand, whose last
/// words are the families) names a declared family.
fn value_names(family_item: &str, declared: &str) -> bool {
    let item = family_item.trim();
    item == declared
        || item.ends_with(&format!(" {declared}"))
        || item.ends_with(&format!("\"{declared}"))
}

fn is_italic(v: &str) -> bool {
    v.contains("italic") || v.contains("oblique")
}

fn is_keyword_inherit(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("inherit")
}

fn is_keyword_initial(v: &str) -> bool {
    ["initial", "unset", "revert"].contains(&v.trim().to_ascii_lowercase().as_str())
}

/// The strings of a `content` value (`"* * *"`, `"[" attr(x) "]"` → `* * *`, `[]`).
fn content_text(value: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in value.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../fonts/EBGaramond12-Regular.otf");
    const ITALIC: &[u8] = include_bytes!("../../fonts/EBGaramond12-Italic.otf");
    const BOLD: &[u8] = include_bytes!("../../fonts/EBGaramond12-Bold.otf");

    const CSS: &str = "@font-face { font-family: \"EB Garamond\"; src: url(\"fonts/R.otf\"); }\n\
        @font-face { font-family: \"EB Garamond\"; font-style: italic; src: url(\"fonts/I.otf\"); }\n\
        @font-face { font-family: \"EB Garamond\"; font-weight: bold; src: url(\"fonts/B.otf\"); }\n\
        h1, .title-page { font-family: \"EB Garamond\", serif; font-weight: normal; }\n\
        .sub { font-style: italic; }\n";

    fn available() -> Vec<(String, &'static [u8])> {
        vec![
            ("fonts/R.otf".into(), REGULAR),
            ("fonts/I.otf".into(), ITALIC),
            ("fonts/B.otf".into(), BOLD),
        ]
    }

    fn page(body: &str) -> String {
        format!("<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Zebra</title></head><body>{body}</body></html>")
    }

    /// Embeds for pages with these bodies: the result and the paths of the faces kept.
    fn embed_bodies(css: &str, bodies: &[&str]) -> (Embedded, Vec<String>) {
        let pages: Vec<String> = bodies.iter().map(|b| page(b)).collect();
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let e = embed(css, &refs, &available()).unwrap();
        let paths = e.files.iter().map(|(p, _)| p.clone()).collect();
        (e, paths)
    }

    fn chars_of(font: &[u8]) -> BTreeSet<char> {
        let f = ttf_parser::Face::parse(font, 0).unwrap();
        let mut out = BTreeSet::new();
        for t in f.tables().cmap.unwrap().subtables {
            t.codepoints(|c| {
                if let Some(ch) = char::from_u32(c) {
                    if t.glyph_index(c).is_some_and(|g| g.0 != 0) {
                        out.insert(ch);
                    }
                }
            });
        }
        out
    }

    #[test]
    fn each_face_keeps_the_text_it_sets_and_no_unused_face_is_embedded() {
        let pages = [
            page("<h1>Hello <em>you</em></h1><p>Quixotic jumble</p>"),
            page("<section class=\"title-page\"><p class=\"sub\">Wry</p></section>"),
        ];
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let e = embed(CSS, &refs, &available()).unwrap();
        let paths: Vec<&str> = e.files.iter().map(|(p, _)| p.as_str()).collect();
        // h1's bold is undone by the rule; `em` and `.sub` are italic; nothing is bold.
        assert_eq!(paths, ["fonts/R.otf", "fonts/I.otf"]);
        assert!(!e.css.contains("B.otf") && e.css.contains("I.otf"));
        let regular = chars_of(&e.files[0].1);
        for c in "HELLOhello".chars() {
            assert!(regular.contains(&c), "{c} kept");
        }
        // The paragraph is in the reader's face, the title is never shown.
        assert!(!regular.contains(&'Q') && !regular.contains(&'Z'));
        let italic = chars_of(&e.files[1].1);
        assert!(italic.contains(&'y') && italic.contains(&'W') && !italic.contains(&'H'));
        assert!(
            e.files[0].1.len() < REGULAR.len() / 10,
            "{}",
            e.files[0].1.len()
        );
        // The cut is reproducible.
        assert_eq!(embed(CSS, &refs, &available()).unwrap().files, e.files);
    }

    #[test]
    fn a_rule_that_may_apply_counts_and_user_agent_bold_holds_without_a_rule() {
        let css = format!("{CSS}@media screen {{ p {{ font-family: \"EB Garamond\"; }} }}\nh2 {{ font-family: \"EB Garamond\"; }}");
        let (e, paths) = embed_bodies(&css, &["<p>Quiet</p><h2>Bold</h2>"]);
        assert_eq!(paths, ["fonts/R.otf", "fonts/B.otf"]);
        assert!(chars_of(&e.files[0].1).contains(&'Q'));
        assert!(chars_of(&e.files[1].1).contains(&'B'));
    }

    #[test]
    fn generated_content_and_list_markers_are_text_too() {
        let css = format!("{CSS}hr.x::after {{ content: \"❦ §\"; font-family: \"EB Garamond\"; }}\nol {{ font-family: \"EB Garamond\"; }}");
        let (e, _) = embed_bodies(&css, &["<hr class=\"x\"/><ol><li>one</li></ol>"]);
        let regular = chars_of(&e.files[0].1);
        assert!(regular.contains(&'§') && regular.contains(&'1') && regular.contains(&'o'));
    }
}
