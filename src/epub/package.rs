//! The only user of epub-builder: it assembles our pages into a package (manifest, spine,
//! navigation document with landmarks, NCX). Its faults are mended by `fixup`.

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

/// What a page is, for the landmarks.
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
    /// Whether the page appears in the table of contents.
    pub(crate) in_toc: bool,
}

/// Everything the package holds.
pub(crate) struct Parts<'a> {
    pub(crate) title: &'a str,
    pub(crate) language: &'a str,
    pub(crate) uuid: uuid::Uuid,
    pub(crate) css: &'a str,
    pub(crate) pages: &'a [Page],
    pub(crate) contents_title: &'a str,
}

/// Assembles the package.
pub(crate) fn assemble(parts: &Parts) -> Result<Vec<u8>, epub_builder::Error> {
    let mut b = EpubBuilder::new(ZipLibrary::new()?)?;
    b.epub_version(EpubVersion::V30);
    b.set_title(parts.title);
    b.add_language(parts.language);
    b.set_uuid(parts.uuid);
    b.set_toc_name(parts.contents_title);
    b.set_generator("samizdat");
    b.stylesheet(parts.css.as_bytes())?;
    for page in parts.pages {
        let mut content = EpubContent::new(page.file.as_str(), page.xhtml.as_bytes());
        if page.in_toc {
            content = content.title(page.title.as_str());
        }
        // One landmark per kind: only the body's first page is "bodymatter".
        let reftype = match page.kind {
            PageKind::Cover => Some(ReferenceType::Cover),
            PageKind::TitlePage => Some(ReferenceType::TitlePage),
            PageKind::Contents => Some(ReferenceType::Toc),
            PageKind::BodyStart => Some(ReferenceType::Text),
            PageKind::Body => None,
            PageKind::Colophon => Some(ReferenceType::Colophon),
        };
        if let Some(r) = reftype {
            content = content.reftype(r);
        }
        for (fragment, level, text) in &page.sections {
            content = content.child(
                TocElement::new(format!("{}#{fragment}", page.file), text.as_str())
                    .level(i32::from(*level)),
            );
        }
        b.add_content(content)?;
    }
    let mut out = Vec::new();
    b.generate(&mut out)?;
    Ok(out)
}
