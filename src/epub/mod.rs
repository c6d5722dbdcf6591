//! The EPUB 3 edition: the model as XHTML pages, in a package and an archive of our own
//! making, byte for byte the same for the same book.
//!
//! The stages: `xhtml` renders the pages (pure), `cover` draws the cover, `fonts` cuts
//! the faces to the text they set, `metadata` writes the package metadata, `package` the
//! package and navigation documents, and `archive` the zip.

mod archive;
mod cover;
mod css;
mod fonts;
mod kobo;
mod metadata;
mod package;
mod pagelist;
mod sfnt;
mod xhtml;

use crate::diagnostic::{Diagnostic, Error};
use crate::model::{Book, Role};
use crate::pagemap::Place;
use package::{Page, PageKind, Parts};
use xhtml::{esc, Matter, Words};

/// The stylesheet, from `styles/`.
pub const CSS: &str = include_str!("../../styles/epub.css");

/// The book's face, from `fonts/` (SIL Open Font License, whose text each font file
/// carries in its `name` table, kept by the cut: so no separate licence file).
const FONTS: &[(&str, &[u8])] = &[
    (
        "EBGaramond12-Regular.otf",
        include_bytes!("../../fonts/EBGaramond12-Regular.otf"),
    ),
    (
        "EBGaramond12-Italic.otf",
        include_bytes!("../../fonts/EBGaramond12-Italic.otf"),
    ),
    (
        "EBGaramond12-Bold.otf",
        include_bytes!("../../fonts/EBGaramond12-Bold.otf"),
    ),
];

/// How to make the EPUB.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Leave the book's fonts out (the reader's fonts are used throughout).
    pub no_fonts: bool,
    /// `SOURCE_DATE_EPOCH`: the time written as the modification date.
    pub source_date_epoch: Option<i64>,
    /// When the book's files (inputs, `book.toml`, stylesheet) last changed, in seconds
    /// since 1970: the modification date without `SOURCE_DATE_EPOCH`, so that unchanged
    /// inputs rebuild to the same bytes. Without either (a book made in memory), the
    /// date is the time the EPUB is made.
    pub inputs_modified: Option<i64>,
    /// A stylesheet to use instead of `styles/epub.css`.
    pub css: Option<String>,
    /// Make a Kobo kepub (`.kepub.epub`): every page as kepubify makes it, and an NCX.
    pub kobo: bool,
    /// The book's images, read and decoded.
    pub images: std::sync::Arc<crate::images::Images>,
    /// Where the pages of the book's PDF edition begin, when it has one: the EPUB then
    /// marks them, lists them and names that edition as their source.
    pub pages: Option<std::sync::Arc<crate::pagemap::PageMap>>,
}

/// What figures need of the stylesheet, added when the book has images (so that a book
/// without any is written as before).
const FIGURE_CSS: &str = "
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.4em; }
img { max-width: 100%; }
";

/// Makes the EPUB of a book.
pub fn epub(book: &Book, options: &EpubOptions) -> Result<Vec<u8>, Error> {
    let language = crate::edition::language(book);
    let words = Words::for_language(&language);
    let creators = crate::edition::book_creators(book);
    let uuid = crate::edition::identity(book);
    let identifier = uuid::fmt::Urn::from_uuid(uuid).to_string();
    let producer = format!("samizdat {}", env!("CARGO_PKG_VERSION"));

    // 1. Pages.
    let authors: Vec<&str> = creators
        .iter()
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.as_str())
        .collect();
    let author_line = xhtml::join_names(&authors, words.and);
    let cover_png = cover::cover(
        FONTS[0].1,
        &book.meta.title,
        book.meta.subtitle.as_deref(),
        &author_line,
    )
    .map_err(|e| internal(&format!("drawing the cover: {e}")))?;
    let doc_files: Vec<String> = (1..=book.documents.len())
        .map(|i| format!("doc-{i:02}.xhtml"))
        .collect();
    let map = options.pages.as_deref();
    let marked = |place: Place, body: String| pagelist::markers_at(map, place) + &body;
    let mut pages = vec![
        Page {
            file: "cover.xhtml".into(),
            title: words.cover.into(),
            kind: PageKind::Cover,
            xhtml: xhtml::page(
                &language,
                &book.meta.title,
                "cover",
                Matter::Front,
                &format!(
                    "<section epub:type=\"cover\" class=\"cover\"><img src=\"{}\" alt=\"{}\"/></section>\n",
                    archive::COVER_PATH,
                    esc(&words.cover_alt(&book.meta.title, &author_line))
                ),
            ),
            sections: Vec::new(),
        },
        Page {
            file: "titlepage.xhtml".into(),
            title: book.meta.title.clone(),
            kind: PageKind::TitlePage,
            xhtml: xhtml::page(
                &language,
                &book.meta.title,
                "title-page",
                Matter::Front,
                &marked(Place::TitlePage, xhtml::title_page(book, &creators, &words)),
            ),
            sections: Vec::new(),
        },
        Page {
            file: "contents.xhtml".into(),
            title: words.contents.into(),
            kind: PageKind::Contents,
            xhtml: xhtml::page(
                &language,
                words.contents,
                "contents",
                Matter::Front,
                &marked(
                    Place::Contents(None),
                    xhtml::contents_page(book, &doc_files, &words, map),
                ),
            ),
            sections: Vec::new(),
        },
    ];
    for (i, (doc, file)) in book.documents.iter().zip(&doc_files).enumerate() {
        let lang = doc.language.as_deref().unwrap_or(&language);
        pages.push(Page {
            file: file.clone(),
            title: doc.title.clone(),
            kind: if i == 0 {
                PageKind::BodyStart
            } else {
                PageKind::Body
            },
            xhtml: xhtml::page(
                lang,
                &doc.title,
                "document",
                Matter::Body,
                &xhtml::document_page_with(doc, &words, &options.images, map, i),
            ),
            sections: xhtml::headings(doc),
        });
    }
    pages.push(Page {
        file: "colophon.xhtml".into(),
        title: words.sources.into(),
        kind: PageKind::Colophon,
        xhtml: xhtml::page(
            &language,
            words.sources,
            "colophon",
            Matter::Back,
            &marked(
                Place::Sources(None),
                xhtml::colophon_page(book, &words, &identifier, &producer, !options.no_fonts, map),
            ),
        ),
        sections: Vec::new(),
    });

    if options.kobo {
        for page in &mut pages {
            page.xhtml = kobo::kepub_page(&page.xhtml);
        }
    }

    // 2. The stylesheet and the faces it sets, each cut to the text it sets on these pages.
    let css = options.css.as_deref().unwrap_or(CSS);
    let mut css = if options.no_fonts {
        strip_font_faces(css)
    } else {
        css.to_string()
    };
    if !options.images.is_empty() {
        css.push_str(FIGURE_CSS);
    }
    if options.kobo {
        css.push_str(kobo::SPAN_RULE);
    }
    let used: std::collections::HashSet<&str> = pages
        .iter()
        .flat_map(|p| css::page_classes(&p.xhtml))
        .collect();
    let mut css = css::drop_unused_classes(&css, |c| used.contains(c));
    let mut font_files: Vec<(String, Vec<u8>)> = Vec::new();
    if !options.no_fonts {
        let available: Vec<(String, &[u8])> = FONTS
            .iter()
            .map(|(name, bytes)| (format!("fonts/{name}"), *bytes))
            .collect();
        let texts: Vec<&str> = pages.iter().map(|p| p.xhtml.as_str()).collect();
        let embedded = fonts::embed(&css, &texts, &available)
            .map_err(|e| internal(&format!("embedding the fonts: {e}")))?;
        css = embedded.css;
        font_files = embedded.files;
    }
    let resources: Vec<(String, &[u8], &str)> = font_files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.as_slice(), "font/otf"))
        // Each image once, whatever how often it is shown.
        .chain(
            options
                .images
                .all()
                .iter()
                .map(|i| (i.epub_name.clone(), i.epub_bytes.as_slice(), i.epub_media)),
        )
        .collect();

    // 3. The metadata: when the file was made — never the text's own date, which is
    // `dc:date`.
    let modified = metadata::timestamp(
        options
            .source_date_epoch
            .or(options.inputs_modified)
            .unwrap_or_else(now),
    );
    let meta = metadata::metadata(
        book,
        &metadata::PackageFacts {
            identifier: &identifier,
            language: &language,
            modified: &modified,
            creators: &creators,
            producer: &producer,
            cover: true,
            images: !options.images.is_empty(),
            words: &words,
            page_source: map.map(|m| m.source.as_str()),
        },
    );
    let page_list = map.map(|m| {
        let file = |place: Place| match place {
            Place::TitlePage => "titlepage.xhtml".to_string(),
            Place::Contents(_) => "contents.xhtml".to_string(),
            Place::Opening(d) | Place::Text(crate::pagemap::Position { document: d, .. }) => {
                doc_files.get(d).cloned().unwrap_or_default()
            }
            Place::Sources(_) => "colophon.xhtml".to_string(),
        };
        pagelist::page_list(m, file, words.pages)
    });

    // 4. The package and the archive.
    let text_files = package::files(&Parts {
        title: &book.meta.title,
        language: &language,
        identifier: &identifier,
        metadata: &meta,
        css: &css,
        pages: &pages,
        resources: &resources,
        cover_image: Some(archive::COVER_PATH),
        words: &words,
        ncx: options.kobo,
        page_list: page_list.as_deref(),
    });
    let cover_entry = (
        format!("OEBPS/{}", archive::COVER_PATH),
        cover_png.as_slice(),
    );
    let entries = text_files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.as_slice()))
        .chain(std::iter::once(cover_entry))
        .chain(
            resources
                .iter()
                .map(|(path, bytes, _)| (format!("OEBPS/{path}"), *bytes)),
        );
    archive::write(entries).map_err(|e| internal(&format!("writing the archive: {e}")))
}

/// The time now, in seconds since 1970.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

fn internal(what: &str) -> Error {
    Diagnostic::error(
        "epub-internal",
        std::path::Path::new("<epub>"),
        None,
        format!("the EPUB could not be made: {what}"),
    )
    .with_hint("this is a bug in samizdat: please report it with the input")
    .into()
}

/// Drops the `@font-face` rules when fonts are left out, so nothing points to a missing
/// file.
fn strip_font_faces(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("@font-face") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find('}')
            .map_or("", |e| &rest[start + e + 1..]);
    }
    out.push_str(rest);
    out.replace("\"EB Garamond\", ", "")
}
