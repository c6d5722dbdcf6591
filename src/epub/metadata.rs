//! The package metadata, as Standard Ebooks writes it: each title and person with the
//! form a catalogue sorts it by (`file-as`), one person with every role they had, the
//! licence with its version, and what the book offers a reader who cannot see it.

use std::fmt::Write;

use super::xhtml::{esc, Words};
use crate::edition::sort_name;
use crate::model::{Book, Creator, Licence, Role, SourceKind};

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
    /// The words of the book's language (its articles, for the title's sort form).
    pub(crate) words: &'a Words,
    /// The edition whose pages the text marks, when it marks them.
    pub(crate) page_source: Option<&'a str>,
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
    let _ = writeln!(
        o,
        "    <meta refines=\"#title\" property=\"file-as\">{}</meta>",
        esc(&f.words.sort_title(&m.title))
    );
    if let Some(s) = &m.subtitle {
        let _ = writeln!(o, "    <dc:title id=\"subtitle\">{}</dc:title>", esc(s));
        o.push_str("    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
        o.push_str("    <meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    }
    let _ = writeln!(o, "    <dc:language>{}</dc:language>", esc(f.language));
    for (i, (name, roles)) in people(f.creators).iter().enumerate() {
        let element = if roles.contains(&Role::Author) {
            "dc:creator"
        } else {
            "dc:contributor"
        };
        let id = format!("creator-{}", i + 1);
        let _ = writeln!(o, "    <{element} id=\"{id}\">{}</{element}>", esc(name));
        let _ = writeln!(
            o,
            "    <meta refines=\"#{id}\" property=\"file-as\">{}</meta>",
            esc(&sort_name(name))
        );
        for role in roles {
            let _ = writeln!(
                o,
                "    <meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
                role.code()
            );
        }
    }
    if let Some(d) = m.date.as_deref().filter(|d| w3c_date(d)) {
        let _ = writeln!(o, "    <dc:date>{d}</dc:date>");
    }
    for source in sources(book) {
        let _ = writeln!(o, "    <dc:source>{}</dc:source>", esc(source));
    }
    let statements: Vec<String> = m
        .rights
        .iter()
        .chain(book.documents.iter().filter_map(|d| d.rights.as_ref()))
        .map(rights)
        .collect();
    let mut seen = Vec::new();
    for r in &statements {
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
        ] {
            let _ = writeln!(o, "    <meta property=\"{property}\">{value}</meta>");
        }
    }
    // The cover, and any image of the text, is described in words.
    if f.images || f.cover {
        o.push_str("    <meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
    }
    // Accessibility (EPUB Accessibility 1.1): navigable, no hazards. No conformance is
    // claimed: a WCAG claim names who evaluated the book (`a11y:certifiedBy`), and no one
    // has evaluated a book made by a program.
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
    ] {
        let _ = writeln!(o, "    <meta property=\"{property}\">{value}</meta>");
    }
    // The printed edition's pages, marked in the text and listed, and the edition they
    // are of named as EPUB 3 names the source of a book's pagination (`source-of`):
    // EPUB Accessibility 1.1's `a11y:pageBreakSource` says the same, but EPUBCheck (4.2
    // and 5.3) knows no such property and reports it as an error.
    if let Some(source) = f.page_source {
        o.push_str("    <meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>\n");
        o.push_str("    <meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>\n");
        let _ = writeln!(
            o,
            "    <dc:source id=\"page-source\">{}</dc:source>",
            esc(source)
        );
        o.push_str("    <meta refines=\"#page-source\" property=\"source-of\">pagination</meta>\n");
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

/// The creators as people: each name once, with every role it had, in order.
fn people(creators: &[Creator]) -> Vec<(&str, Vec<Role>)> {
    let mut out: Vec<(&str, Vec<Role>)> = Vec::new();
    for c in creators {
        match out.iter_mut().find(|(n, _)| *n == c.name) {
            Some((_, roles)) if !roles.contains(&c.role) => roles.push(c.role),
            Some(_) => {}
            None => out.push((&c.name, vec![c.role])),
        }
    }
    out
}

/// A licence as `dc:rights` gives it: its name with its version and short form (`Creative
/// Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)`), else the source's own words.
fn rights(l: &Licence) -> String {
    let Some(name) = &l.name else {
        return l.text.clone();
    };
    let cc = l
        .url
        .as_deref()
        .and_then(|u| u.split_once("creativecommons.org/licenses/"))
        .map(|(_, path)| {
            path.split('/')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        });
    match cc.as_deref() {
        Some([code, version, ..]) => format!(
            "{name} {version} (CC {} {version})",
            code.to_ascii_uppercase()
        ),
        Some([code]) => format!("{name} (CC {})", code.to_ascii_uppercase()),
        _ => name.clone(),
    }
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

/// What the book's texts were taken from: each publication a header names, and each
/// web page a text was read from (an online version given as an address), once.
fn sources(book: &Book) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for field in book
        .documents
        .iter()
        .flat_map(|d| d.source.iter().flat_map(|s| &s.fields))
    {
        let page = field.kind == SourceKind::OnlineVersion
            && (field.value.starts_with("https://") || field.value.starts_with("http://"));
        if (field.kind == SourceKind::Source || page) && !out.contains(&field.value.as_str()) {
            out.push(&field.value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Source, SourceField};

    #[test]
    fn one_person_with_two_roles_is_one_contributor() {
        let c = |name: &str, role| Creator {
            name: name.into(),
            role,
        };
        let creators = [
            c("Victor Serge", Role::Author),
            c("Mitch Abidor", Role::Translator),
            c("Mitch Abidor", Role::Editor),
        ];
        let people = people(&creators);
        assert_eq!(people.len(), 2);
        assert_eq!(
            people[1],
            ("Mitch Abidor", vec![Role::Translator, Role::Editor])
        );
    }

    #[test]
    fn rights_keep_the_licence_version() {
        let l = Licence::recognize("CC BY-SA 4.0");
        assert_eq!(
            rights(&l),
            "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"
        );
        let l = Licence::recognize("Creative Commons (Attribute & ShareAlike) 2005.");
        assert_eq!(
            rights(&l),
            "Creative Commons Attribution-ShareAlike (CC BY-SA)"
        );
        assert_eq!(
            rights(&Licence::recognize("All rights reserved")),
            "All rights reserved"
        );
    }

    #[test]
    fn the_sources_are_the_publications_and_the_pages_read() {
        let field = |kind, value: &str| SourceField {
            kind,
            label: String::new(),
            value: value.into(),
            notes: Vec::new(),
        };
        let doc = |fields| Document {
            source: Some(Source { fields }),
            ..Document::default()
        };
        let book = Book {
            meta: Default::default(),
            documents: vec![
                doc(vec![
                    field(SourceKind::Source, "Die Neue Zeit, 1895"),
                    field(SourceKind::OnlineVersion, "Marxists Internet Archive, 2005"),
                ]),
                doc(vec![field(
                    SourceKind::OnlineVersion,
                    "https://example.org/a",
                )]),
                doc(vec![field(
                    SourceKind::OnlineVersion,
                    "https://example.org/a",
                )]),
            ],
        };
        assert_eq!(
            sources(&book),
            ["Die Neue Zeit, 1895", "https://example.org/a"]
        );
    }

    #[test]
    fn timestamps_and_dates() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        assert!(!w3c_date("Saturday, October 27, 2018"));
    }
}
