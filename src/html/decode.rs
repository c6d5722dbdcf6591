//! The page's characters: decoded by the charset it declares (a byte-order mark, a
//! `<meta charset>` or an HTTP-equiv `<meta>`), UTF-8 when it declares none.

use std::path::Path;

use encoding_rs::Encoding;

use crate::diagnostic::Diagnostic;

/// How far into the page a charset declaration is looked for: the HTML standard's
/// prescan reads 1024 bytes; saved pages put a long `<head>` before it, so more is read
/// (the corpus's browser copies were made reading 3,000).
const PRESCAN: usize = 4096;

/// Decodes a page. `iso-8859-1`, `latin1` and `ascii` are read as Windows-1252, as
/// browsers read them (the WHATWG Encoding standard's labels); bytes the charset does not
/// have are an error naming their line.
pub(crate) fn decode(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return strict(file, enc, &bytes[bom..]);
    }
    let enc = declared(bytes).unwrap_or(encoding_rs::UTF_8);
    strict(file, enc, bytes)
}

/// Decodes without replacing anything: a byte the charset lacks is an error.
fn strict(file: &Path, enc: &'static Encoding, bytes: &[u8]) -> Result<String, Diagnostic> {
    if enc == encoding_rs::UTF_8 {
        return crate::import::decode(file, bytes).map_err(|d| Diagnostic {
            hint: Some(
                "the page declares no charset, or UTF-8, but is not UTF-8: add \
                     `<meta charset=\"windows-1252\">` (or the right one) to its <head>"
                    .into(),
            ),
            ..d
        });
    }
    if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text.into_owned());
    }
    // Find the first bad byte's line: decode line by line until one fails.
    let mut line = 1;
    for chunk in bytes.split(|&b| b == b'\n') {
        if enc
            .decode_without_bom_handling_and_without_replacement(chunk)
            .is_none()
        {
            break;
        }
        line += 1;
    }
    Err(Diagnostic::error(
        "invalid-charset",
        file,
        Some(line),
        format!("the page is not valid {} as it declares", enc.name()),
    )
    .with_hint("correct the page's <meta charset>, or convert the file with iconv"))
}

/// Finds the charset a `<meta>` in the page's head names.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    // ASCII case-folding keeps byte offsets; a non-ASCII byte cannot be part of a
    // declaration.
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(v) = rest.strip_prefix(b"=") {
                let v = v.trim_ascii_start();
                let v = v
                    .strip_prefix(b"\"")
                    .or_else(|| v.strip_prefix(b"'"))
                    .unwrap_or(v);
                let len = v
                    .iter()
                    .position(|b| b" \"';/>".contains(b))
                    .unwrap_or(v.len());
                if let Some(enc) = Encoding::for_label(&v[..len]) {
                    // A page that says UTF-16 in its bytes cannot be UTF-16 (the
                    // standard's rule): it is UTF-8.
                    return Some(
                        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                            encoding_rs::UTF_8
                        } else {
                            enc
                        },
                    );
                }
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_read_as_windows_1252() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\
                     <p>caf\xe9 \x93quoted\x94</p>";
        let t = decode(Path::new("p.html"), page).unwrap();
        assert!(t.contains("café “quoted”"), "{t}");
    }

    #[test]
    fn meta_charset_and_bom_are_honoured() {
        let t = decode(
            Path::new("p.html"),
            b"<meta charset='windows-1251'><p>\xc4\xe0</p>",
        )
        .unwrap();
        assert!(t.contains("Да"), "{t}");
        let t = decode(Path::new("p.html"), "\u{feff}<p>é</p>".as_bytes()).unwrap();
        assert_eq!(t, "<p>é</p>");
    }

    #[test]
    fn undeclared_bad_bytes_are_an_error_with_the_line() {
        let e = decode(Path::new("p.html"), b"<p>ok</p>\n<p>caf\xe9</p>").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.hint.unwrap().contains("charset"));
    }
}
