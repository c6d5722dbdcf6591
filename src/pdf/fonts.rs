//! The typefaces of the PDF, from `fonts/`, and their subsets for embedding.

use std::collections::{BTreeMap, BTreeSet};

/// One face of the book's family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// The text face.
    Regular,
    /// True italics: emphasis, titles of works, running heads.
    Italic,
    /// Strong emphasis.
    Bold,
}

impl Face {
    /// Every face, in the order the writer numbers them.
    pub const ALL: [Face; 3] = [Face::Regular, Face::Italic, Face::Bold];

    /// Returns the face's place in `ALL`.
    pub fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::Bold => 2,
        }
    }

    /// Returns the font program (EB Garamond, SIL Open Font License; see fonts/OFL.txt).
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../fonts/EBGaramond12-Regular.otf"),
            Face::Italic => include_bytes!("../../fonts/EBGaramond12-Italic.otf"),
            Face::Bold => include_bytes!("../../fonts/EBGaramond12-Bold.otf"),
        }
    }

    /// Returns the face's PostScript name.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "EBGaramond12-Regular",
            Face::Italic => "EBGaramond12-Italic",
            Face::Bold => "EBGaramond12-Bold",
        }
    }

    /// Returns the italic counterpart (bold has no italic here: it stays bold).
    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold => Face::Bold,
        }
    }

    /// Returns the upright counterpart, for emphasis inside italics.
    pub fn upright(self) -> Face {
        match self {
            Face::Italic => Face::Regular,
            other => other,
        }
    }
}

/// A face cut down to the glyphs a document uses.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The face.
    pub face: Face,
    /// The subset font program (OpenType with a CID-keyed CFF whose CIDs are the new ids).
    pub bytes: Vec<u8>,
    /// Old glyph id → new glyph id.
    pub remap: BTreeMap<u16, u16>,
    /// The subset tag (`ABCDEF`), derived from the glyph set so that builds are identical.
    pub tag: String,
}

/// Subsets a face to the given glyphs (with `.notdef`, which every font must keep).
pub fn subset(face: Face, glyphs: &BTreeSet<u16>) -> Result<Subset, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    remapper.remap(0);
    for &g in glyphs {
        remap.insert(g, remapper.remap(g));
    }
    let bytes = subsetter::subset(face.bytes(), 0, &remapper)
        .map_err(|e| format!("subsetting {}: {e}", face.postscript_name()))?;
    Ok(Subset {
        face,
        bytes,
        remap,
        tag: subset_tag(face, glyphs),
    })
}

/// Makes the six capital letters that name a subset (ISO 32000-1, 9.6.4) from a hash of
/// the face and its glyphs: the same glyphs give the same tag, so builds are identical.
fn subset_tag(face: Face, glyphs: &BTreeSet<u16>) -> String {
    // FNV-1a, 64 bits: tiny, stable across Rust versions (unlike std's hasher).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for b in face.postscript_name().bytes() {
        eat(b);
    }
    for g in glyphs {
        for b in g.to_be_bytes() {
            eat(b);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// Names the characters of a text the book's face lacks (the PDF sets `?` in their place
/// and the cover leaves them out): one warning per character, at its first line, with how
/// often it occurs. Fallback faces are a separate issue.
pub fn lacking(file: &std::path::Path, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
    use std::collections::HashMap;
    let Ok(face) = rustybuzz::ttf_parser::Face::parse(Face::Regular.bytes(), 0) else {
        return Vec::new();
    };
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
        if c.is_ascii() || c.is_whitespace() || c.is_control() || invisible(c) {
            continue;
        }
        let slot = *known.entry(c).or_insert_with(|| {
            let lacks = face.glyph_index(c).is_none() && super::shape::substitute(c) == '?';
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
                    "the book's face (EB Garamond) has no glyph for ‘{c}’ (U+{:04X}){times}: the PDF sets `?` for it and the cover leaves it out",
                    u32::from(c)
                ),
            )
            .with_hint("the EPUB shows it with the reader's fonts; in the PDF, replace it or wait for fallback faces")
        })
        .collect()
}

/// Marks that are not drawn: soft hyphen, zero-width characters, variation selectors.
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_the_glyphs_asked_for_and_is_small() {
        let glyphs: BTreeSet<u16> = [3, 68, 69, 70].into_iter().collect();
        let s = subset(Face::Regular, &glyphs).unwrap();
        assert!(s.bytes.len() < Face::Regular.bytes().len() / 10);
        assert_eq!(s.remap.len(), 4);
        assert_eq!(s.tag.len(), 6);
        assert_eq!(s.tag, subset(Face::Regular, &glyphs).unwrap().tag);
    }

    #[test]
    fn characters_the_face_lacks_are_named_once_with_their_line() {
        let ds = lacking(
            std::path::Path::new("t.md"),
            "Café — “ok”\n漢字 and 漢\nشكرا 🙂\n",
        );
        let named: Vec<(char, Option<usize>)> = ds
            .iter()
            .map(|d| {
                (
                    d.message
                        .split('‘')
                        .nth(1)
                        .and_then(|r| r.chars().next())
                        .unwrap_or(' '),
                    d.line,
                )
            })
            .collect();
        assert_eq!(named.len(), 7, "{ds:#?}");
        assert_eq!(named[0], ('漢', Some(2)));
        assert!(ds[0].message.contains("2 times"));
        assert_eq!(named[2].1, Some(3));
    }
}
