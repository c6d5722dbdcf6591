//! Decoding and normalizing raw text: UTF-8, byte-order mark, line ends, NFC.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::Diagnostic;

/// Decodes raw bytes as UTF-8 and normalizes them: drops a byte-order mark, turns CRLF
/// and CR into LF, composes characters (NFC), trims trailing white space on each line
/// and turns tabs into spaces.
pub(crate) fn normalize(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = decode(file, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let lines: Vec<&str> = text.split('\n').collect();
    let tabled = table_rows(&lines);
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end();
        // Most lines are ASCII or already composed: only the others are rebuilt.
        let composed = line.is_ascii()
            || unicode_normalization::is_nfc_quick(line.chars())
                == unicode_normalization::IsNormalized::Yes;
        let line: std::borrow::Cow<str> = if composed {
            line.into()
        } else {
            line.nfc().collect::<String>().into()
        };
        if line.contains('\t') && !tabled[i] {
            out.push_str(line.replace('\t', " ").trim_end());
        } else {
            out.push_str(&line);
        }
        out.push('\n');
    }
    Ok(out)
}

/// Which lines are a table's rows as a browser copies them (cells between tabs): their
/// tabs are kept for the text reader's tables, every other tab becomes a space.
fn table_rows(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let n = crate::text_tables::tab_run(&lines[i..]);
        out[i..i + n].iter_mut().for_each(|t| *t = true);
        i += n.max(1);
    }
    out
}

/// Decodes UTF-8, naming the line and column of the first invalid byte.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            Err(Diagnostic::error(
                "invalid-utf8",
                file,
                Some(line),
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at column {col})",
                    bytes[e.valid_up_to()]
                ),
            )
            .at_column(u32::try_from(col).unwrap_or(u32::MAX))
            .with_hint(
                "save the file as UTF-8; from Latin-1 or Windows-1252: `iconv -f WINDOWS-1252 -t UTF-8 IN > OUT`",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_decomposed_accents_are_normalized() {
        let t = normalize(Path::new("x"), "\u{feff}Mase\u{301}ro\r\nb \r\n".as_bytes()).unwrap();
        assert_eq!(t, "Maséro\nb\n\n");
    }

    #[test]
    fn tabs_stay_only_between_a_tables_cells() {
        let t = normalize(Path::new("x"), b"Lone\ttab\n\nA\tB\nC\tD\n").unwrap();
        assert_eq!(t, "Lone tab\n\nA\tB\nC\tD\n\n");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = normalize(Path::new("x.txt"), b"ok\nab\xE9c\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("column 3"), "{}", e.message);
    }
}
