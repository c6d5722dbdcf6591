//! Which face draws each character: the span's own where it has the glyph, else a
//! fallback face from the system ([`crate::system_fonts`]), else the span's `.notdef` box
//! with the warning `glyph-missing`.

use std::collections::HashMap;

use unicode_script::{Script, UnicodeScript};

use super::fonts::Face;
use crate::system_fonts::{cjk_form, find_in_form};

/// Finds the fallback face for a character in a language (see
/// [`crate::system_fonts::find`]); `None` when no face on the system has it.
pub fn find(c: char, lang: &str) -> Option<Face> {
    crate::system_fonts::find(c, lang).map(Face::Fallback)
}

/// Says whether a character is drawn by no glyph: white space, controls, soft hyphen,
/// zero-width characters, variation selectors.
pub(crate) fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}')
}

/// Chooses the face of each character of a text: the span's own face where it has the
/// glyph, else a fallback face. Remembers its choices (a book repeats its characters).
pub struct Chooser {
    /// The CJK form of the document's language.
    form: u16,
    /// The CJK form of the paragraph at hand, where its text shows it (kana: Japanese).
    hint: Option<u16>,
    faces: HashMap<Face, Option<ttf_parser::Face<'static>>>,
    chosen: HashMap<(Face, char, u16), Face>,
}

impl Chooser {
    /// Makes a chooser for text in a language (which picks the CJK forms).
    pub fn new(lang: &str) -> Chooser {
        Chooser {
            form: cjk_form(lang),
            hint: None,
            faces: HashMap::new(),
            chosen: HashMap::new(),
        }
    }

    /// Sets the language of the text to come.
    pub fn set_language(&mut self, lang: &str) {
        self.form = cjk_form(lang);
    }

    /// Looks at a paragraph's texts for what its language is, whatever the document's:
    /// kana make it Japanese, hangul Korean (for the forms of the Han characters).
    pub fn set_paragraph<'t>(&mut self, texts: impl Iterator<Item = &'t str>) {
        self.hint = None;
        for t in texts.filter(|t| !t.is_ascii()) {
            for c in t.chars().filter(|c| !c.is_ascii()) {
                match c.script() {
                    Script::Hiragana | Script::Katakana => {
                        self.hint = Some(cjk_form("ja"));
                        return;
                    }
                    Script::Hangul => self.hint = Some(cjk_form("ko")),
                    _ => {}
                }
            }
        }
    }

    /// Says whether a face has a glyph for a character.
    fn has(&mut self, face: Face, c: char) -> bool {
        self.faces
            .entry(face)
            .or_insert_with(|| ttf_parser::Face::parse(face.bytes(), face.collection_index()).ok())
            .as_ref()
            .is_some_and(|f| f.glyph_index(c).is_some())
    }

    /// Returns the face that draws a character in text set in `face`: `face` itself when
    /// it has the glyph, or stands a kin in (`‐` as `-`), or when no face has it (it is
    /// then drawn as `face`'s `.notdef` box: the warning `glyph-missing` names it).
    pub fn face_for(&mut self, face: Face, c: char) -> Face {
        if c.is_ascii() || invisible(c) {
            return face;
        }
        let form = self.hint.unwrap_or(self.form);
        if let Some(&f) = self.chosen.get(&(face, c, form)) {
            return f;
        }
        let f = if self.has(face, c) || super::shape::substitute(c) != '?' {
            face
        } else {
            find_in_form(c, form).map_or(face, Face::Fallback)
        };
        self.chosen.insert((face, c, form), f);
        f
    }

    /// Cuts a text set in `face` into runs of one face each: byte ranges and their faces.
    /// A combining mark or joiner stays with the letter before it when that face has it.
    pub fn runs(&mut self, face: Face, text: &str) -> Vec<(std::ops::Range<usize>, Face)> {
        if text.is_ascii() {
            return vec![(0..text.len(), face)];
        }
        let mut out: Vec<(std::ops::Range<usize>, Face)> = Vec::new();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let joins =
                matches!(c.script(), Script::Inherited) || matches!(c, '\u{200c}' | '\u{200d}');
            let f = match out.last() {
                Some(&(_, prev)) if joins && self.has(prev, c) => prev,
                // Punctuation the span's face lacks stays in the script's face before it
                // (an Arabic comma after Arabic, a danda after Devanagari).
                Some(&(_, prev))
                    if prev != face && self.face_for(face, c) != face && self.has(prev, c) =>
                {
                    prev
                }
                _ => self.face_for(face, c),
            };
            match out.last_mut() {
                Some((r, last)) if *last == f => r.end = end,
                _ => out.push((i..end, f)),
            }
        }
        out
    }
}

/// Names the characters of a text that no face has (the PDF draws them as an empty box,
/// the cover leaves them out): one warning per character, at its first line, with how
/// often it occurs.
pub fn lacking(file: &std::path::Path, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
    let mut chooser = Chooser::new("");
    // (first line, count) per character, in order of first appearance.
    let mut missing: Vec<(char, usize, usize)> = Vec::new();
    let mut known: HashMap<char, Option<usize>> = HashMap::new();
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        // The face has all of printable ASCII; white space and invisible marks are not
        // drawn with glyphs.
        if c.is_ascii() || invisible(c) {
            continue;
        }
        let slot = *known.entry(c).or_insert_with(|| {
            let lacks = chooser.face_for(Face::Regular, c) == Face::Regular
                && !chooser.has(Face::Regular, c)
                && super::shape::substitute(c) == '?';
            lacks.then(|| {
                missing.push((c, line, 0));
                missing.len() - 1
            })
        });
        if let Some(i) = slot {
            missing[i].2 += 1;
        }
    }
    missing
        .into_iter()
        .map(|(c, line, count)| {
            let times = if count == 1 {
                String::new()
            } else {
                format!(" ({count} times)")
            };
            crate::diagnostic::Diagnostic::warning(
                "glyph-missing",
                file,
                Some(line),
                format!(
                    "no face has a glyph for ‘{c}’ (U+{:04X}){times}: the PDF draws an empty box for it and the cover leaves it out",
                    u32::from(c)
                ),
            )
            .with_hint("the EPUB shows it with the reader's fonts; for the PDF, install a face that has it (Debian: fonts-noto-core, fonts-noto-cjk) or replace it")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the Noto faces the tests use are installed (else the tests that need them
    /// say so and pass, except under `CI=true`, where `.ci/run` installs them).
    pub(crate) fn noto() -> bool {
        let ok = find('漢', "zh").is_some() && find('ש', "").is_some();
        if !ok {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the Noto faces (fonts-noto-core, fonts-noto-cjk) are missing"
            );
            eprintln!("skipped: the Noto faces (fonts-noto-core, fonts-noto-cjk) are missing");
        }
        ok
    }

    #[test]
    fn each_script_finds_its_face_and_the_language_picks_cjk_forms() {
        if !noto() {
            return;
        }
        let name = |c, lang| find(c, lang).map(|f| f.postscript_name());
        assert_eq!(name('漢', "ja"), Some("NotoSerifCJKjp-Regular"));
        assert_eq!(name('漢', "zh"), Some("NotoSerifCJKsc-Regular"));
        assert_eq!(name('漢', "zh-Hant"), Some("NotoSerifCJKtc-Regular"));
        assert_eq!(name('ش', ""), Some("NotoNaskhArabic-Regular"));
        assert_eq!(name('ש', ""), Some("NotoSerifHebrew-Regular"));
        assert_eq!(name('न', ""), Some("NotoSerifDevanagari-Regular"));
        assert_eq!(find('\u{10FFFD}', ""), None);
    }

    #[test]
    fn runs_keep_the_book_face_where_it_has_the_glyph() {
        let mut ch = Chooser::new("en");
        assert_eq!(ch.runs(Face::Regular, "Café"), vec![(0..5, Face::Regular)]);
        if !noto() {
            return;
        }
        let runs = ch.runs(Face::Regular, "a 漢字 b");
        let sc = runs[1].1;
        // Kana make a paragraph Japanese in an English book.
        ch.set_paragraph(["港の労働者"].into_iter());
        assert_eq!(
            ch.runs(Face::Regular, "漢")[0].1.postscript_name(),
            "NotoSerifCJKjp-Regular"
        );
        ch.set_paragraph(std::iter::empty());
        assert_eq!(ch.runs(Face::Regular, "漢")[0].1, sc);
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert_eq!(runs[0], (0..2, Face::Regular));
        assert!(matches!(runs[1].1, Face::Fallback(_)));
        // A character no face has stays in the span's face, drawn as its .notdef.
        assert_eq!(ch.runs(Face::Mono, "\u{10FFFD}")[0].1, Face::Mono);
    }

    #[test]
    fn characters_no_face_has_are_named_once_with_their_line() {
        let ds = lacking(
            std::path::Path::new("t.md"),
            "Café — “ok”\n\u{10FFFD} and \u{10FFFD}\n",
        );
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].line, Some(2));
        assert!(ds[0].message.contains("U+10FFFD"));
        assert!(ds[0].message.contains("2 times"));
    }
}
