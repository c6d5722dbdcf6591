//! Repairs epub-builder 0.8.3's output and makes it reproducible: the package's
//! `<metadata>` is replaced by ours, the navigation document gets its language, and the
//! archive is written again with `mimetype` first and stored, every entry dated
//! 1980-01-01, in a fixed order.
//!
//! Fonts and images join the package here rather than through epub-builder, which
//! deflates everything: deflating (and re-inflating) the compressed cover cost a
//! millisecond a book, and whole fonts once cost 50 ms.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// What the fixup pass changes.
pub(crate) struct Fixes<'a> {
    /// The `<metadata>…</metadata>` element to put in the OPF.
    pub(crate) metadata: &'a str,
    /// The language for the navigation document.
    pub(crate) language: &'a str,
    /// The book's unique identifier, for the NCX (epub-builder leaves out `dtb:uid`).
    pub(crate) identifier: &'a str,
    /// Files to add: (path under OEBPS/, bytes, media type); fonts deflated, images
    /// (compressed already) stored.
    pub(crate) resources: &'a [(String, &'a [u8], &'a str)],
    /// The cover image (PNG), added as `images/cover.png` with the `cover-image` property.
    pub(crate) cover: Option<&'a [u8]>,
}

/// Where the cover image is, and its manifest id (which the metadata's `cover` names).
pub(crate) const COVER_PATH: &str = "images/cover.png";

/// Why the archive could not be rewritten (never expected: it is our own).
#[derive(Debug, thiserror::Error)]
pub(crate) enum FixupError {
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("the package document has no <metadata> element")]
    NoMetadata,
    #[error("the package document has no <manifest> element")]
    NoManifest,
}

/// Rewrites an EPUB made by epub-builder.
pub(crate) fn fixup(epub: &[u8], fixes: &Fixes) -> Result<Vec<u8>, FixupError> {
    let mut archive = ZipArchive::new(Cursor::new(epub))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len() + 4096)));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    out.start_file("mimetype", stored)?;
    out.write_all(b"application/epub+zip")?;

    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    // A fixed order: the container first, then by name.
    names.sort_by_key(|n| (n != "META-INF/container.xml", n.clone()));
    for name in names {
        if name == "mimetype" {
            continue;
        }
        let mut entry = archive.by_name(&name)?;
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes)?;
        drop(entry);
        let bytes = if name.ends_with(".opf") {
            let opf = replace_metadata(&String::from_utf8_lossy(&bytes), fixes.metadata)?;
            let opf = add_to_manifest(&opf, fixes.resources, fixes.cover.is_some())?;
            package_language(&opf, fixes.language).into_bytes()
        } else if name.ends_with(".ncx") {
            String::from_utf8_lossy(&bytes)
                .replacen(
                    "<head>",
                    &format!(
                        "<head>\n    <meta name=\"dtb:uid\" content=\"{}\"/>",
                        fixes.identifier
                    ),
                    1,
                )
                .into_bytes()
        } else if name.ends_with("nav.xhtml") {
            let nav = set_language(&String::from_utf8_lossy(&bytes), fixes.language);
            label_navs(&nav).into_bytes()
        } else {
            bytes
        };
        // Fonts and images are compressed already: storing them is faster and no larger.
        let method = if [".otf", ".ttf", ".woff", ".woff2", ".png", ".jpg", ".jpeg"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        out.start_file(name, stored.compression_method(method))?;
        out.write_all(&bytes)?;
    }
    if let Some(png) = fixes.cover {
        out.start_file(format!("OEBPS/{COVER_PATH}"), stored)?;
        out.write_all(png)?;
    }
    for (path, bytes, media) in fixes.resources {
        // A font cut to a book's text is small and compresses by half (its names, its
        // inlined outlines); images are compressed already.
        let method = if media.starts_with("font/") {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        out.start_file(format!("OEBPS/{path}"), stored.compression_method(method))?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Lists added resources in the manifest.
fn add_to_manifest(
    opf: &str,
    resources: &[(String, &[u8], &str)],
    cover: bool,
) -> Result<String, FixupError> {
    if resources.is_empty() && !cover {
        return Ok(opf.to_string());
    }
    let end = opf.find("</manifest>").ok_or(FixupError::NoManifest)?;
    let mut items = String::new();
    if cover {
        items.push_str(&format!(
            "    <item id=\"cover-image\" href=\"{COVER_PATH}\" media-type=\"image/png\" properties=\"cover-image\"/>\n  "
        ));
    }
    for (i, (path, _, media)) in resources.iter().enumerate() {
        items.push_str(&format!(
            "    <item id=\"resource-{}\" href=\"{path}\" media-type=\"{media}\"/>\n  ",
            i + 1
        ));
    }
    Ok(format!("{}{items}{}", &opf[..end], &opf[end..]))
}

/// Replaces the `<metadata>` element of an OPF.
pub(crate) fn replace_metadata(opf: &str, metadata: &str) -> Result<String, FixupError> {
    let start = opf.find("<metadata").ok_or(FixupError::NoMetadata)?;
    let end = opf[start..]
        .find("</metadata>")
        .map(|e| start + e + "</metadata>".len())
        .ok_or(FixupError::NoMetadata)?;
    Ok(format!("{}{}{}", &opf[..start], metadata, &opf[end..]))
}

/// Gives the package element its language (Ace: epub-lang).
pub(crate) fn package_language(opf: &str, lang: &str) -> String {
    match opf.find("<package ") {
        Some(i)
            if !opf[i..]
                .split('>')
                .next()
                .unwrap_or("")
                .contains("xml:lang") =>
        {
            format!(
                "{}<package xml:lang=\"{lang}\" {}",
                &opf[..i],
                &opf[i + "<package ".len()..]
            )
        }
        _ => opf.to_string(),
    }
}

/// Gives the navigation document's two `nav` elements their roles and names: the table
/// of contents `doc-toc`, the landmarks a label of their own and `hidden` (they are for
/// the reading system's menus, not for reading).
pub(crate) fn label_navs(nav: &str) -> String {
    nav.replace(
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
    )
    .replace(
        "<nav epub:type = \"landmarks\">",
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"Landmarks\" hidden=\"hidden\">",
    )
}

/// Gives an XHTML document's root element its language.
pub(crate) fn set_language(xhtml: &str, lang: &str) -> String {
    match xhtml.find("<html") {
        Some(i) if !xhtml[i..].split('>').next().unwrap_or("").contains("lang=") => format!(
            "{}<html lang=\"{lang}\" xml:lang=\"{lang}\"{}",
            &xhtml[..i],
            &xhtml[i + 5..]
        ),
        _ => xhtml.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_replaced_whole() {
        let opf = "<package>\n<metadata a=\"1\">\n<dc:language id=\"epub-creator-0\">en</dc:language>\n<dc:creator id=\"epub-creator-0\">X</dc:creator>\n</metadata>\n<manifest/></package>";
        let out = replace_metadata(opf, "<metadata>new</metadata>").unwrap();
        assert_eq!(
            out,
            "<package>\n<metadata>new</metadata>\n<manifest/></package>"
        );
        assert!(replace_metadata("<package/>", "x").is_err());
    }

    #[test]
    fn the_package_and_navs_are_labelled() {
        assert_eq!(
            package_language("<package version=\"3.0\">", "fr"),
            "<package xml:lang=\"fr\" version=\"3.0\">"
        );
        let nav = label_navs("<nav epub:type = \"toc\" id=\"toc\"><nav epub:type = \"landmarks\">");
        assert!(nav.contains("role=\"doc-toc\""));
        assert!(nav.contains("aria-label=\"Landmarks\""));
    }

    #[test]
    fn the_nav_gets_a_language_once() {
        let nav = "<?xml?>\n<html xmlns=\"x\">\n<body/></html>";
        let once = set_language(nav, "fr");
        assert_eq!(
            once,
            "<?xml?>\n<html lang=\"fr\" xml:lang=\"fr\" xmlns=\"x\">\n<body/></html>"
        );
        assert_eq!(set_language(&once, "fr"), once);
    }

    #[test]
    fn the_archive_is_rewritten_with_mimetype_first_and_fixed_dates() {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default();
        w.start_file("OEBPS/content.opf", opts).unwrap();
        w.write_all(b"<package><metadata>old</metadata><manifest></manifest></package>")
            .unwrap();
        w.start_file("mimetype", opts).unwrap();
        w.write_all(b"application/epub+zip").unwrap();
        w.start_file("META-INF/container.xml", opts).unwrap();
        w.write_all(b"<container/>").unwrap();
        let raw = w.finish().unwrap().into_inner();
        let fixes = Fixes {
            metadata: "<metadata>new</metadata>",
            language: "en",
            identifier: "urn:uuid:0",
            resources: &[],
            cover: Some(b"png"),
        };
        let out = fixup(&raw, &fixes).unwrap();
        assert_eq!(out, fixup(&raw, &fixes).unwrap());
        let mut z = ZipArchive::new(Cursor::new(&out)).unwrap();
        let first = z.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(<[u8]>::is_empty));
        drop(first);
        assert_eq!(z.by_index(1).unwrap().name(), "META-INF/container.xml");
        let mut opf = String::new();
        z.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        assert_eq!(
            opf,
            "<package><metadata>new</metadata><manifest>    <item id=\"cover-image\" \
             href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>\n  \
             </manifest></package>"
        );
        assert_eq!(
            z.by_name("OEBPS/images/cover.png").unwrap().compression(),
            CompressionMethod::Stored
        );
        assert!(add_to_manifest(
            "<manifest>\n</manifest>",
            &[("fonts/a.otf".into(), b"x", "font/otf")],
            true
        )
        .unwrap()
        .contains("<item id=\"resource-1\" href=\"fonts/a.otf\" media-type=\"font/otf\"/>"));
        // The mimetype entry's bytes sit at offset 38, as readers that sniff it expect.
        assert_eq!(&out[30..38], b"mimetype");
        assert_eq!(&out[38..58], b"application/epub+zip");
    }
}
