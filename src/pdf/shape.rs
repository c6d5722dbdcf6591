//! Shaping: text into positioned glyphs with kerning and ligatures (the only rustybuzz user).

use std::collections::HashMap;
use std::rc::Rc;

use super::fonts::Face;

/// One shaped glyph, its advances in em (size-independent, so one shaping serves every
/// size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// The glyph id in the full font.
    pub id: u16,
    /// The advance the shaper gives (kerning included), in em.
    pub advance: f64,
    /// The glyph's own advance (`hmtx`), in em: what a PDF viewer moves by.
    pub natural: f64,
    /// The byte offset in the shaped text of the cluster the glyph belongs to.
    pub cluster: usize,
}

/// Shapes text with the book's faces, remembering what it shaped: a book repeats its
/// words, and shaping is the costliest step of layout.
pub struct Shaper {
    faces: Vec<(Face, rustybuzz::Face<'static>, f64)>,
    /// Per face (in `Face::ALL` order), text → glyphs.
    cache: Vec<HashMap<String, Rc<[ShapedGlyph]>>>,
    /// Shaping plans by face and script: making a plan costs more than shaping a word.
    plans: Vec<(Face, rustybuzz::Script, rustybuzz::ShapePlan)>,
}

impl Shaper {
    /// Loads the faces.
    pub fn new() -> Result<Shaper, String> {
        let mut faces = Vec::new();
        for face in Face::ALL {
            let f = rustybuzz::Face::from_slice(face.bytes(), 0)
                .ok_or_else(|| format!("{} is not a font", face.postscript_name()))?;
            let upem = f64::from(f.units_per_em());
            faces.push((face, f, upem));
        }
        Ok(Shaper {
            faces,
            cache: Face::ALL.iter().map(|_| HashMap::new()).collect(),
            plans: Vec::new(),
        })
    }

    fn face(&self, face: Face) -> &(Face, rustybuzz::Face<'static>, f64) {
        &self.faces[face.index()]
    }

    /// Shapes a run of text in one face, left to right.
    pub fn shape(&mut self, face: Face, text: &str) -> Rc<[ShapedGlyph]> {
        if let Some(hit) = self.cache[face.index()].get(text) {
            return hit.clone();
        }
        let shaped: Rc<[ShapedGlyph]> = self.shape_uncached(face, text).into();
        self.cache[face.index()].insert(text.to_string(), shaped.clone());
        shaped
    }

    fn shape_uncached(&mut self, face: Face, text: &str) -> Vec<ShapedGlyph> {
        let mut buf = rustybuzz::UnicodeBuffer::new();
        let f = &self.faces[face.index()].1;
        for (i, c) in text.char_indices() {
            // A character the face lacks is drawn as its nearest kin, keeping its own
            // cluster (so the PDF's text still says what the model says).
            let c = if f.glyph_index(c).is_some() {
                c
            } else {
                substitute(c)
            };
            buf.add(c, i as u32);
        }
        buf.set_direction(rustybuzz::Direction::LeftToRight);
        buf.guess_segment_properties();
        let script = buf.script();
        let plan = match self
            .plans
            .iter()
            .position(|(pf, ps, _)| *pf == face && *ps == script)
        {
            Some(i) => i,
            None => {
                let plan = rustybuzz::ShapePlan::new(
                    &self.faces[face.index()].1,
                    rustybuzz::Direction::LeftToRight,
                    Some(script),
                    None,
                    &[],
                );
                self.plans.push((face, script, plan));
                self.plans.len() - 1
            }
        };
        let (_, f, upem) = self.face(face);
        let out = rustybuzz::shape_with_plan(f, &self.plans[plan].2, buf);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| {
                let id = info.glyph_id as u16;
                let natural = f
                    .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id))
                    .map_or(0.0, f64::from);
                ShapedGlyph {
                    id,
                    advance: f64::from(pos.x_advance) / upem,
                    natural: natural / upem,
                    cluster: info.cluster as usize,
                }
            })
            .collect()
    }
}

/// What stands in for a character the face lacks.
pub(crate) fn substitute(c: char) -> char {
    match c {
        c if c.is_whitespace() => ' ',
        '\u{2010}' | '\u{2011}' | '\u{2012}' => '-',
        '\u{2032}' => '\'',
        '\u{2033}' => '"',
        _ => '?',
    }
}

/// Names the characters of a text the book's face lacks (the PDF sets `?` in their place
/// and the cover leaves them out): one warning per character, at its first line, with how
/// often it occurs. Fallback faces are a separate issue.
pub fn lacking(file: &std::path::Path, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
    use std::collections::HashMap;
    let Ok(face) = rustybuzz::ttf_parser::Face::parse(super::fonts::Face::Regular.bytes(), 0)
    else {
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
            let lacks = face.glyph_index(c).is_none() && substitute(c) == '?';
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
    fn kerning_narrows_and_the_cache_gives_the_same_glyphs() {
        let mut s = Shaper::new().unwrap();
        let av = s.shape(Face::Regular, "AVAV");
        let natural: f64 = av.iter().map(|g| g.natural).sum();
        let kerned: f64 = av.iter().map(|g| g.advance).sum();
        assert!(kerned < natural);
        assert_eq!(s.shape(Face::Regular, "AVAV"), av);
        // Clusters point into the text, so copying gives back the words.
        let fi = s.shape(Face::Regular, "office");
        assert_eq!(fi.first().unwrap().cluster, 0);
        assert!(fi.iter().all(|g| g.id != 0));
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
