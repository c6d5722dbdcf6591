//! The typefaces of the PDF, from `fonts/`, and their subsets for embedding.

use std::collections::{BTreeMap, BTreeSet};

/// One face of the book: its family, its code face and the fallback faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// The text face.
    Regular,
    /// True italics: emphasis, titles of works, running heads.
    Italic,
    /// Strong emphasis.
    Bold,
    /// Code, inline and in blocks.
    Mono,
    /// A face found on the system for characters the others lack: its number in
    /// [`crate::system_fonts`]'s fixed list, so that the same files give the same PDF.
    Fallback(u16),
}

impl Face {
    /// Returns the font program (EB Garamond and Noto Sans Mono, SIL Open Font License;
    /// see fonts/OFL.txt and fonts/OFL-NotoSansMono.txt; a fallback face as read from the
    /// system, empty if it could not be).
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../fonts/EBGaramond12-Regular.otf"),
            Face::Italic => include_bytes!("../../fonts/EBGaramond12-Italic.otf"),
            Face::Bold => include_bytes!("../../fonts/EBGaramond12-Bold.otf"),
            Face::Mono => include_bytes!("../../fonts/NotoSansMono-Regular.ttf"),
            Face::Fallback(n) => crate::system_fonts::bytes(n),
        }
    }

    /// Returns the face's number in its file (a collection's faces share one: Noto CJK).
    pub fn collection_index(self) -> u32 {
        match self {
            Face::Fallback(n) => crate::system_fonts::collection_index(n),
            _ => 0,
        }
    }

    /// Returns the face's PostScript name.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "EBGaramond12-Regular",
            Face::Italic => "EBGaramond12-Italic",
            Face::Bold => "EBGaramond12-Bold",
            Face::Mono => "NotoSansMono-Regular",
            Face::Fallback(n) => crate::system_fonts::postscript_name(n),
        }
    }

    /// Says whether the face is one of the book's family (whose language's hyphenation
    /// applies), not code or a fallback.
    pub fn is_book(self) -> bool {
        matches!(self, Face::Regular | Face::Italic | Face::Bold)
    }

    /// Returns the italic counterpart (bold has no italic here: it stays bold; code and
    /// fallback faces have none).
    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            other => other,
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
    let bytes = subsetter::subset(face.bytes(), face.collection_index(), &remapper)
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
    fn the_code_face_is_monospaced_and_subsets() {
        let f = ttf_parser::Face::parse(Face::Mono.bytes(), 0).unwrap();
        let advance = |c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .unwrap()
        };
        assert_eq!(advance('i'), advance('M'));
        assert_eq!(advance(' '), advance('M'));
        let glyphs: BTreeSet<u16> = [1, 2, 3].into_iter().collect();
        assert!(subset(Face::Mono, &glyphs).unwrap().bytes.len() < 20_000);
    }
}
