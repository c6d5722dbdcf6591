//! The package metadata, written by us: epub-builder 0.8.3 repeats ids, gives every
//! creator the role `aut`, writes `id` for `refines` and does not escape text, so its
//! `<metadata>` block is replaced whole by this one.

use std::fmt::Write;

use super::xhtml::esc;
use crate::model::{Book, Creator, Role, SourceKind};

/// What the metadata says besides the model.
pub(crate) struct PackageFacts<'a> {
    /// `urn:uuid:…`, the same as the NCX's.
    pub(crate) identifier: &'a str,
    /// The language of the book.
    pub(crate) language: &'a str,
    /// `dcterms:modified`, `YYYY-MM-DDThh:mm:ssZ`.
    pub(crate) modified: &'a str,
    /// The creators: the book's, else its documents'.
    pub(crate) creators: &'a [Creator],
    /// `samizdat x.y.z`.
    pub(crate) producer: &'a str,
    /// Whether the package has a cover image (manifest id `cover-image`).
    pub(crate) cover: bool,
    /// Whether the text shows images (each with its description).
    pub(crate) images: bool,
}

/// Writes the `<metadata>` element.
pub(crate) fn metadata(book: &Book, f: &PackageFacts) -> String {
    let m = &book.meta;
    let mut o = String::from(
        "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n",
    );
    let _ = writeln!(
        o,
        "    <dc:identifier id=\"epub-id-1\">{}</dc:identifier>",
        esc(f.identifier)
    );
    let _ = writeln!(o, "    <dc:title id=\"title\">{}</dc:title>", esc(&m.title));
    if let Some(s) = &m.subtitle {
        let _ = writeln!(o, "    <dc:title id=\"subtitle\">{}</dc:title>", esc(s));
        o.push_str("    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
        o.push_str("    <meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    }
    let _ = writeln!(o, "    <dc:language>{}</dc:language>", esc(f.language));
    for (i, c) in f.creators.iter().enumerate() {
        let element = if c.role == Role::Author {
            "dc:creator"
        } else {
            "dc:contributor"
        };
        let id = format!("creator-{}", i + 1);
        let _ = writeln!(o, "    <{element} id=\"{id}\">{}</{element}>", esc(&c.name));
        let _ = writeln!(
            o,
            "    <meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            c.role.code()
        );
    }
    if let Some(d) = m.date.as_deref().filter(|d| w3c_date(d)) {
        let _ = writeln!(o, "    <dc:date>{d}</dc:date>");
    }
    for doc in &book.documents {
        for field in doc.source.iter().flat_map(|s| &s.fields) {
            if field.kind == SourceKind::Source {
                let _ = writeln!(o, "    <dc:source>{}</dc:source>", esc(&field.value));
            }
        }
    }
    let rights: Vec<&str> = m
        .rights
        .iter()
        .chain(book.documents.iter().filter_map(|d| d.rights.as_ref()))
        .map(|l| l.name.as_deref().unwrap_or(&l.text))
        .collect();
    let mut seen = Vec::new();
    for r in rights {
        if !seen.contains(&r) {
            seen.push(r);
            let _ = writeln!(o, "    <dc:rights>{}</dc:rights>", esc(r));
        }
    }
    if let Some(d) = &m.description {
        let _ = writeln!(o, "    <dc:description>{}</dc:description>", esc(d));
    }
    if let Some(p) = &m.publisher {
        let _ = writeln!(o, "    <dc:publisher>{}</dc:publisher>", esc(p));
    }
    for s in &m.subjects {
        let _ = writeln!(o, "    <dc:subject>{}</dc:subject>", esc(s));
    }
    let _ = writeln!(
        o,
        "    <meta property=\"dcterms:modified\">{}</meta>",
        f.modified
    );
    // A book with images: they are visual content, each with its description.
    if f.images {
        for (property, value) in [
            ("schema:accessMode", "visual"),
            ("schema:accessModeSufficient", "textual,visual"),
            ("schema:accessibilityFeature", "alternativeText"),
        ] {
            let _ = writeln!(o, "    <meta property=\"{property}\">{value}</meta>");
        }
    }
    // Accessibility (EPUB Accessibility 1.1): text only, navigable, no hazards.
    for (property, value) in [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text with headings, a table of contents, notes linked both ways and a logical reading order. The cover image repeats the title and author given as text.",
        ),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
    ] {
        let _ = writeln!(o, "    <meta property=\"{property}\">{value}</meta>");
    }
    if f.cover {
        o.push_str("    <meta name=\"cover\" content=\"cover-image\"/>\n");
    }
    let _ = writeln!(
        o,
        "    <meta name=\"generator\" content=\"{}\"/>",
        esc(f.producer)
    );
    o.push_str("  </metadata>");
    o
}

/// Says whether a date is in the W3C form OPF wants (`1936`, `1936-08`, `1936-08-10`).
pub(crate) fn w3c_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// Formats seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn timestamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_dates() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        assert!(!w3c_date("Saturday, October 27, 2018"));
    }
}
