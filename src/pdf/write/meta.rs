//! What the file says of itself beyond its pages: the XMP metadata (PDF/UA and PDF/A
//! name their conformance there, and PDF/A wants it to say what the information
//! dictionary says), the dates both carry, and PDF/A's sRGB output intent.

use lopdf::{Dictionary, Object, StringFormat};

use crate::config::PdfStandard;
use crate::pdf::layout::Info;

/// The sRGB profile of the output intent (icc-profiles-free, zlib licence: see
/// `sRGB.LICENSE.txt` beside it).
const SRGB: &[u8] = include_bytes!("sRGB.icc");
/// The output condition the profile describes, as the ICC registry names it.
const SRGB_NAME: &str = "sRGB IEC61966-2.1";

/// A time's calendar fields in UTC: year, month, day, hours, minutes, seconds.
fn civil(epoch: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
}

/// Formats a Unix time as a PDF date (`D:YYYYMMDDHHmmSSZ`), in UTC.
pub(crate) fn pdf_date(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch);
    format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z")
}

/// Formats a Unix time as an XMP date (ISO 8601), in UTC: the same instant as
/// [`pdf_date`]'s.
fn xmp_date(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Escapes text for XML.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 has no place for other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The extension schema PDF/A asks for the PDF/UA identification, whose schema is not
/// among those PDF/A predefines.
const PDFUA_EXTENSION: &str = concat!(
    r#"<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">"#,
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>",
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    r#"<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">"#,
    "<pdfaProperty:name>part</pdfaProperty:name>",
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
    "<pdfaProperty:category>internal</pdfaProperty:category>",
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed",
    "</pdfaProperty:description>",
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>",
);

/// The XMP metadata: the information dictionary's title, author, subject, keywords,
/// tools and dates, the language, and the standards claimed.
pub(super) fn xmp(info: &Info, standard: PdfStandard) -> Vec<u8> {
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    ));
    // A property holding one value in an array: a language alternative (`Alt`, its
    // item the default language's), an ordered list (`Seq`) or a set (`Bag`).
    let one = |name: &str, array: &str, value: &str| {
        let lang = if array == "Alt" {
            " xml:lang=\"x-default\""
        } else {
            ""
        };
        format!(
            "<{name}><rdf:{array}><rdf:li{lang}>{}</rdf:li></rdf:{array}></{name}>\n",
            xml(value)
        )
    };
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    if !info.title.is_empty() {
        x.push_str(&one("dc:title", "Alt", &info.title));
    }
    if !info.author.is_empty() {
        // The information dictionary's author is one string; so is the list here.
        x.push_str(&one("dc:creator", "Seq", &info.author));
    }
    if !info.subject.is_empty() {
        x.push_str(&one("dc:description", "Alt", &info.subject));
    }
    if !info.language.is_empty() {
        x.push_str(&one("dc:language", "Bag", &info.language));
    }
    if !info.keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            xml(&info.keywords.join(", "))
        ));
    }
    let date = xmp_date(info.date);
    x.push_str(&format!(
        "<xmp:CreatorTool>{tool}</xmp:CreatorTool>\n<pdf:Producer>{tool}</pdf:Producer>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{date}</xmp:MetadataDate>\n",
        tool = xml(&info.creator)
    ));
    if !info.identifier.is_empty() {
        x.push_str(&format!(
            "<xmpMM:DocumentID>{}</xmpMM:DocumentID>\n",
            xml(&info.identifier)
        ));
    }
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    if let Some(level) = standard.pdfa_level() {
        x.push_str(&format!(
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{level}</pdfaid:conformance>\n"
        ));
        x.push_str(PDFUA_EXTENSION);
        x.push('\n');
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x.into_bytes()
}

/// The metadata stream: uncompressed, so that tools that do not read PDF find it (PDF/A
/// asks it).
pub(super) fn metadata_stream(info: &Info, standard: PdfStandard) -> lopdf::Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut s = lopdf::Stream::new(dict, xmp(info, standard));
    s.allows_compression = false;
    s
}

/// PDF/A's output intent: the colours are sRGB's, by the profile embedded.
pub(super) fn output_intent(lo: &mut lopdf::Document) -> Object {
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(3));
    let profile = lo.add_object(lopdf::Stream::new(dict, SRGB.to_vec()));
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"OutputIntent".to_vec()));
    d.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    let name = || Object::String(SRGB_NAME.as_bytes().to_vec(), StringFormat::Literal);
    d.set("OutputConditionIdentifier", name());
    d.set("Info", name());
    d.set(
        "RegistryName",
        Object::String(b"http://www.color.org".to_vec(), StringFormat::Literal),
    );
    d.set("DestOutputProfile", Object::Reference(profile));
    Object::Array(vec![Object::Dictionary(d)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_agree_in_both_forms() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(xmp_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(xmp_date(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
        assert_eq!(pdf_date(253_402_300_799), "D:99991231235959Z");
    }

    #[test]
    fn the_metadata_says_what_the_information_says_and_the_standards() {
        let info = Info {
            title: "Fish & <Chips>".into(),
            author: "A and B".into(),
            language: "en".into(),
            creator: "samizdat 0".into(),
            date: 0,
            ..Info::default()
        };
        let ua = String::from_utf8(xmp(&info, PdfStandard::Ua1)).unwrap();
        assert!(ua.contains("Fish &amp; &lt;Chips&gt;"), "{ua}");
        assert!(ua.contains("<rdf:li>A and B</rdf:li>"));
        assert!(ua.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!ua.contains("<pdfaid:part>"));
        assert!(roxmltree::Document::parse(ua.trim_start_matches('\u{feff}')).is_ok());
        let a = String::from_utf8(xmp(&info, PdfStandard::A2a)).unwrap();
        assert!(a.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(a.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(a.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        assert!(roxmltree::Document::parse(&a).is_ok());
    }
}
