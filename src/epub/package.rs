//! The package around the pages, written by us: the container, the package document
//! (our metadata, the manifest, the spine, the EPUB 2 guide), the navigation document
//! (contents and landmarks) and, for Kobo, the NCX.
//!
//! epub-builder 0.8.3 wrote these once, with faults mended afterwards (repeated ids, an
//! empty-titled cover and two `toc` entries in the guide, "Contents" as the NCX's title,
//! no cover landmark, no `dtb:uid`); writing them whole is shorter than mending them.

use std::fmt::Write;

use super::xhtml::{esc, Words};

/// What a page is, for the landmarks and the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    Cover,
    TitlePage,
    Contents,
    /// The first page of the body.
    BodyStart,
    Body,
    Colophon,
}

/// One XHTML page of the book.
pub(crate) struct Page {
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) kind: PageKind,
    pub(crate) xhtml: String,
    /// Headings inside the page, for the table of contents: (fragment, level, text).
    pub(crate) sections: Vec<(String, u8, String)>,
}

/// A file the package lists besides its pages: (path under OEBPS/, bytes, media type).
pub(crate) type Resource<'a> = (String, &'a [u8], &'a str);

/// Everything the package holds.
pub(crate) struct Parts<'a> {
    pub(crate) title: &'a str,
    pub(crate) language: &'a str,
    /// `urn:uuid:…`.
    pub(crate) identifier: &'a str,
    /// The `<metadata>` element.
    pub(crate) metadata: &'a str,
    pub(crate) css: &'a str,
    pub(crate) pages: &'a [Page],
    /// Fonts and images, in manifest order.
    pub(crate) resources: &'a [Resource<'a>],
    /// Where the cover image is, when there is one.
    pub(crate) cover_image: Option<&'a str>,
    pub(crate) words: &'a Words,
    /// Add an NCX: Kobo's reader takes its table of contents from it. (An EPUB 3 reader
    /// reads the navigation document, and EPUBCheck 4.2 reports the NCX's namespace.)
    pub(crate) ncx: bool,
    /// The navigation document's list of the printed edition's pages, when it has one.
    pub(crate) page_list: Option<&'a str>,
}

/// The text files of the package, in the order they go into the archive (after
/// `mimetype`): (path, bytes).
pub(crate) fn files(parts: &Parts) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        (
            "META-INF/container.xml".to_string(),
            CONTAINER.as_bytes().to_vec(),
        ),
        ("OEBPS/content.opf".to_string(), opf(parts).into_bytes()),
        ("OEBPS/nav.xhtml".to_string(), nav(parts).into_bytes()),
    ];
    if parts.ncx {
        out.push(("OEBPS/toc.ncx".to_string(), ncx(parts).into_bytes()));
    }
    out.push((
        "OEBPS/stylesheet.css".to_string(),
        parts.css.as_bytes().to_vec(),
    ));
    for page in parts.pages {
        out.push((
            format!("OEBPS/{}", page.file),
            page.xhtml.as_bytes().to_vec(),
        ));
    }
    out
}

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  \
<rootfiles>\n    \
<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n  \
</rootfiles>\n</container>\n";

/// A page's manifest id: its file name without `.xhtml` (`cover`, `doc-01`).
fn page_id(page: &Page) -> &str {
    page.file.trim_end_matches(".xhtml")
}

/// Whether the language is written right to left (the spine's direction).
fn right_to_left(lang: &str) -> bool {
    matches!(
        lang.split('-').next().unwrap_or(""),
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv"
    )
}

fn opf(parts: &Parts) -> String {
    let lang = esc(parts.language);
    let mut o = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xml:lang=\"{lang}\" version=\"3.0\" \
         xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">\n  {}\n  <manifest>\n",
        parts.metadata
    );
    o.push_str("    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    if parts.ncx {
        o.push_str(
            "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n",
        );
    }
    o.push_str("    <item id=\"css\" href=\"stylesheet.css\" media-type=\"text/css\"/>\n");
    for page in parts.pages {
        let _ = writeln!(
            o,
            "    <item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>",
            page_id(page),
            page.file
        );
    }
    if let Some(cover) = parts.cover_image {
        let _ = writeln!(
            o,
            "    <item id=\"cover-image\" href=\"{cover}\" media-type=\"image/png\" properties=\"cover-image\"/>"
        );
    }
    for (i, (path, _, media)) in parts.resources.iter().enumerate() {
        let _ = writeln!(
            o,
            "    <item id=\"resource-{}\" href=\"{}\" media-type=\"{media}\"/>",
            i + 1,
            esc(path)
        );
    }
    let _ = writeln!(
        o,
        "  </manifest>\n  <spine{} page-progression-direction=\"{}\">",
        if parts.ncx { " toc=\"ncx\"" } else { "" },
        if right_to_left(parts.language) {
            "rtl"
        } else {
            "ltr"
        }
    );
    for page in parts.pages {
        let _ = writeln!(o, "    <itemref idref=\"{}\"/>", page_id(page));
    }
    o.push_str("  </spine>\n  <guide>\n");
    for (page, kind) in landmarks(parts.pages) {
        let _ = writeln!(
            o,
            "    <reference type=\"{}\" title=\"{}\" href=\"{}\"/>",
            kind.guide,
            esc(&landmark_title(page, parts.words)),
            page.file
        );
    }
    o.push_str("  </guide>\n</package>\n");
    o
}

/// A landmark's names in the navigation document and in the guide.
struct Landmark {
    epub_type: &'static str,
    guide: &'static str,
}

/// The pages that are landmarks, each kind once, in reading order.
fn landmarks(pages: &[Page]) -> impl Iterator<Item = (&Page, Landmark)> {
    pages.iter().filter_map(|p| {
        let (epub_type, guide) = match p.kind {
            PageKind::Cover => ("cover", "cover"),
            PageKind::TitlePage => ("titlepage", "title-page"),
            PageKind::Contents => ("toc", "toc"),
            PageKind::BodyStart => ("bodymatter", "text"),
            PageKind::Body => return None,
            PageKind::Colophon => ("colophon", "colophon"),
        };
        Some((p, Landmark { epub_type, guide }))
    })
}

/// A page's name in the table of contents and the landmarks (the cover has no title of
/// its own).
fn landmark_title(page: &Page, words: &Words) -> String {
    if page.kind == PageKind::Cover {
        words.cover.to_string()
    } else {
        page.title.clone()
    }
}

/// One entry of the table of contents, with the entries under it.
struct Entry<'a> {
    href: String,
    text: &'a str,
    children: Vec<Entry<'a>>,
}

/// The table of contents: every page (the cover too, so that every page of the spine is
/// reachable from it), each with its headings nested by level.
fn toc_entries<'a>(pages: &'a [Page], words: &'a Words) -> Vec<Entry<'a>> {
    pages
        .iter()
        .map(|p| {
            let sections: Vec<(String, u8, &str)> = p
                .sections
                .iter()
                .map(|(f, l, t)| (format!("{}#{f}", p.file), *l, t.as_str()))
                .collect();
            Entry {
                href: p.file.clone(),
                text: if p.kind == PageKind::Cover {
                    words.cover
                } else {
                    p.title.as_str()
                },
                children: nest(&sections),
            }
        })
        .collect()
}

/// Nests headings by level: each takes the deeper ones after it as its children.
fn nest<'a>(items: &[(String, u8, &'a str)]) -> Vec<Entry<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (href, level, text) = &items[i];
        let end = items[i + 1..]
            .iter()
            .position(|(_, l, _)| l <= level)
            .map_or(items.len(), |p| i + 1 + p);
        out.push(Entry {
            href: href.clone(),
            text,
            children: nest(&items[i + 1..end]),
        });
        i = end;
    }
    out
}

fn nav(parts: &Parts) -> String {
    let words = parts.words;
    let lang = esc(parts.language);
    let mut o = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{contents}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
         <body epub:type=\"frontmatter\">\n\
         <nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n\
         <h1 id=\"toc-title\">{contents}</h1>\n",
        contents = esc(words.contents)
    );
    let entries = toc_entries(parts.pages, words);
    nav_list(&mut o, &entries, true);
    let _ = writeln!(
        o,
        "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>",
        esc(words.landmarks)
    );
    for (page, kind) in landmarks(parts.pages) {
        let _ = writeln!(
            o,
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
            kind.epub_type,
            page.file,
            esc(&landmark_title(page, words))
        );
    }
    o.push_str("</ol>\n</nav>\n");
    o.push_str(parts.page_list.unwrap_or_default());
    o.push_str("</body>\n</html>\n");
    o
}

/// Writes a list of the navigation document; at the top, the cover's entry is hidden
/// (it is there to be reachable, not to be read as a chapter).
fn nav_list(o: &mut String, entries: &[Entry], top: bool) {
    o.push_str("<ol>\n");
    for (i, e) in entries.iter().enumerate() {
        let hidden = if top && i == 0 && e.href == "cover.xhtml" {
            " hidden=\"hidden\""
        } else {
            ""
        };
        let _ = write!(o, "<li{hidden}><a href=\"{}\">{}</a>", e.href, esc(e.text));
        if !e.children.is_empty() {
            o.push('\n');
            nav_list(o, &e.children, false);
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
}

fn ncx(parts: &Parts) -> String {
    let entries = toc_entries(parts.pages, parts.words);
    let mut points = String::new();
    let mut order = 0;
    let depth = ncx_points(&mut points, &entries, &mut order, 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n\
         <head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n",
        esc(parts.language),
        esc(parts.identifier),
        esc(parts.title)
    )
}

/// Writes NCX navigation points, numbered in reading order; returns the depth reached.
fn ncx_points(o: &mut String, entries: &[Entry], order: &mut usize, depth: usize) -> usize {
    let mut deepest = depth;
    for e in entries {
        *order += 1;
        let _ = writeln!(
            o,
            "<navPoint id=\"nav-{n}\" playOrder=\"{n}\"><navLabel><text>{}</text></navLabel>\
             <content src=\"{}\"/>",
            esc(e.text),
            e.href,
            n = *order
        );
        if !e.children.is_empty() {
            deepest = deepest.max(ncx_points(o, &e.children, order, depth + 1));
        }
        o.push_str("</navPoint>\n");
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, kind: PageKind, sections: &[(&str, u8, &str)]) -> Page {
        Page {
            file: file.into(),
            title: format!("Title of {file}"),
            kind,
            xhtml: String::new(),
            sections: sections
                .iter()
                .map(|(f, l, t)| (f.to_string(), *l, t.to_string()))
                .collect(),
        }
    }

    fn parts<'a>(pages: &'a [Page], words: &'a Words, ncx: bool) -> Parts<'a> {
        Parts {
            title: "The Book",
            language: "en",
            identifier: "urn:uuid:0",
            metadata: "<metadata/>",
            css: "",
            pages,
            resources: &[],
            cover_image: Some("images/cover.png"),
            words,
            ncx,
            page_list: None,
        }
    }

    #[test]
    fn headings_nest_by_level_and_a_jump_is_one_level() {
        let items = [
            ("a".to_string(), 2, "A"),
            ("b".to_string(), 4, "B"),
            ("c".to_string(), 3, "C"),
            ("d".to_string(), 2, "D"),
        ];
        let tree = nest(&items);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[0].children[0].text, "B");
        assert!(tree[1].children.is_empty());
    }

    #[test]
    fn the_guide_has_each_landmark_once_and_the_cover_a_name() {
        let words = Words::for_language("en");
        let pages = [
            page("cover.xhtml", PageKind::Cover, &[]),
            page("titlepage.xhtml", PageKind::TitlePage, &[]),
            page("contents.xhtml", PageKind::Contents, &[]),
            page("doc-01.xhtml", PageKind::BodyStart, &[("h1", 2, "Part")]),
            page("doc-02.xhtml", PageKind::Body, &[]),
            page("colophon.xhtml", PageKind::Colophon, &[]),
        ];
        let p = parts(&pages, &words, true);
        let opf = opf(&p);
        assert_eq!(opf.matches("type=\"toc\"").count(), 1, "{opf}");
        assert!(opf.contains("<reference type=\"cover\" title=\"Cover\" href=\"cover.xhtml\"/>"));
        assert!(!opf.contains("title=\"\""));
        assert!(opf.contains("<spine toc=\"ncx\" page-progression-direction=\"ltr\">"));
        let nav = nav(&p);
        assert!(nav.contains("<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>"));
        assert!(nav.contains("<li hidden=\"hidden\"><a href=\"cover.xhtml\">Cover</a></li>"));
        assert!(nav.contains("<li><a href=\"doc-01.xhtml#h1\">Part</a></li>"));
        let dtd = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        roxmltree::Document::parse_with_options(&nav, dtd).unwrap();
        let ncx = ncx(&p);
        roxmltree::Document::parse(&ncx).unwrap();
        assert!(ncx.contains("<docTitle><text>The Book</text></docTitle>"));
        assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
        assert_eq!(ncx.matches("<navPoint ").count(), 7);
        let without = parts(&pages, &words, false);
        assert!(!opf_has_ncx(&super::opf(&without)));
        assert_eq!(files(&without).len(), 4 + pages.len());
    }

    fn opf_has_ncx(opf: &str) -> bool {
        opf.contains("toc.ncx") || opf.contains("toc=\"ncx\"")
    }
}
