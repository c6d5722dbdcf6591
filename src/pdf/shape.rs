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

/// Text → its glyphs, as shaped once.
type Shaped = HashMap<String, Rc<[ShapedGlyph]>>;

/// Shapes text with the book's faces, remembering what it shaped: a book repeats its
/// words, and shaping is the costliest step of layout.
pub struct Shaper {
    /// The faces, parsed on first use (a fallback face only when a character needs it).
    faces: HashMap<Face, (rustybuzz::Face<'static>, f64)>,
    /// Per face (and whether in superior figures), text → glyphs.
    cache: HashMap<(Face, bool), Shaped>,
    /// Shaping plans by face, superior figures, script and direction: making a plan
    /// costs more than shaping a word.
    plans: Vec<(
        (Face, bool),
        rustybuzz::Script,
        rustybuzz::Direction,
        rustybuzz::ShapePlan,
    )>,
}

impl Shaper {
    /// Loads the book's faces.
    pub fn new() -> Result<Shaper, String> {
        let mut s = Shaper {
            faces: HashMap::new(),
            cache: HashMap::new(),
            plans: Vec::new(),
        };
        for face in [Face::Regular, Face::Italic, Face::Bold] {
            if s.face(face).is_none() {
                return Err(format!("{} is not a font", face.postscript_name()));
            }
        }
        Ok(s)
    }

    /// Returns a face, parsing it on first use (`None`: not a font).
    fn face(&mut self, face: Face) -> Option<&(rustybuzz::Face<'static>, f64)> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.faces.entry(face) {
            let f = rustybuzz::Face::from_slice(face.bytes(), face.collection_index())?;
            let upem = f64::from(f.units_per_em());
            slot.insert((f, upem));
        }
        self.faces.get(&face)
    }

    /// Says whether a face has a glyph for a character.
    pub fn has(&mut self, face: Face, c: char) -> bool {
        self.face(face)
            .is_some_and(|(f, _)| f.glyph_index(c).is_some())
    }

    /// Shapes a run of text in one face, in the direction its script has (glyphs in
    /// visual order: right to left text comes out last character first).
    pub fn shape(&mut self, face: Face, text: &str) -> Rc<[ShapedGlyph]> {
        self.shape_with(face, text, false)
    }

    /// Shapes as [`Shaper::shape`], in the face's superior figures (its `sups` feature)
    /// when `superior` is set.
    pub fn shape_with(&mut self, face: Face, text: &str, superior: bool) -> Rc<[ShapedGlyph]> {
        let key = (face, superior);
        if let Some(hit) = self.cache.get(&key).and_then(|c| c.get(text)) {
            return hit.clone();
        }
        let shaped: Rc<[ShapedGlyph]> = self.shape_uncached(face, text, superior).into();
        self.cache
            .entry(key)
            .or_default()
            .insert(text.to_string(), shaped.clone());
        shaped
    }

    /// Says whether a face has superior figures: its `sups` feature gives each digit
    /// another glyph.
    pub fn has_superior_figures(&mut self, face: Face) -> bool {
        let plain = self.shape_with(face, "0123456789", false);
        let sups = self.shape_with(face, "0123456789", true);
        plain.len() == sups.len() && plain.iter().zip(sups.iter()).all(|(a, b)| a.id != b.id)
    }

    fn shape_uncached(&mut self, face: Face, text: &str, superior: bool) -> Vec<ShapedGlyph> {
        if self.face(face).is_none() {
            return Vec::new();
        }
        let Some((f, upem)) = self.faces.get(&face) else {
            return Vec::new();
        };
        let mut buf = rustybuzz::UnicodeBuffer::new();
        for (i, c) in text.char_indices() {
            // A character the face lacks is drawn as its nearest kin where it has one
            // (`‐` as `-`), else as the face's .notdef box (the fallback faces had no
            // glyph either: `glyph-missing` names it), keeping its own cluster, so that
            // the PDF's text still says what the model says.
            let c = if f.glyph_index(c).is_some() {
                c
            } else {
                match substitute(c) {
                    '?' => c,
                    kin => kin,
                }
            };
            buf.add(c, i as u32);
        }
        // Script and direction from the text: Arabic and Hebrew right to left.
        buf.guess_segment_properties();
        // A mark keeps its own cluster where its glyph stands apart (Thai's vowels and
        // tone marks above and below): the glyph then carries the mark's text into the
        // PDF's ToUnicode map, where a merged cluster left it none and text extractors
        // that read no ActualText printed its glyph number. Marks still never start a
        // line: no cut falls before one (`inline::cut`).
        buf.set_cluster_level(rustybuzz::BufferClusterLevel::MonotoneCharacters);
        let script = buf.script();
        let direction = buf.direction();
        let plan = match self.plans.iter().position(|(pf, ps, pd, _)| {
            *pf == (face, superior) && *ps == script && *pd == direction
        }) {
            Some(i) => i,
            None => {
                let features: &[rustybuzz::Feature] = if superior {
                    &[rustybuzz::Feature::new(
                        rustybuzz::ttf_parser::Tag::from_bytes(b"sups"),
                        1,
                        ..,
                    )]
                } else {
                    &[]
                };
                let plan = rustybuzz::ShapePlan::new(f, direction, Some(script), None, features);
                self.plans.push(((face, superior), script, direction, plan));
                self.plans.len() - 1
            }
        };
        let out = rustybuzz::shape_with_plan(f, &self.plans[plan].3, buf);
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
        // EB Garamond has superior figures: other glyphs, narrower than its figures.
        assert!(s.has_superior_figures(Face::Regular));
        let width = |g: &[ShapedGlyph]| g.iter().map(|g| g.advance).sum::<f64>();
        let sups = s.shape_with(Face::Regular, "123", true);
        assert!(width(&sups) < width(&s.shape(Face::Regular, "123")));
    }
}
