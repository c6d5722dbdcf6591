//! Paragraphs: styled text into justified lines — collect words, shape them, mark where
//! they may break (spaces, hyphenation, compounds), break with Knuth–Plass, set the lines.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use icu_segmenter::LineSegmenter;

use super::fallback::Chooser;
use super::fonts::Face;
use super::hyphenate::Hyphenator;
use super::layout::{Glyph, Mark, SOFT_HYPHEN};
use super::linebreak::{self, Item, Params, INFINITY};
use super::shape::{ShapedGlyph, Shaper};
use super::units::Pt;

/// The cost of a break at a hyphen the layout adds. Knuth and Plass's 50 (TeX's
/// `\hyphenpenalty`) ended one line in six with a hyphen on our measure; at 700 (its
/// square is the demerits of a line stretched 1.8 times its stretch) a paragraph takes
/// a hyphen only where its lines would be loose without, and one line in eighteen ends
/// with one (typst: one in sixteen; `scripts/typeset-bench.py`). Double hyphens are
/// discouraged apart (flagged demerits) and more than two in a row forbidden.
const HYPHEN_COST: f64 = 700.0;
/// The cost of a break after a hyphen or dash of the text itself (TeX's
/// `\exhyphenpenalty`, 50).
const EXPLICIT_COST: f64 = 50.0;
/// The cost of a break inside an address (after `/`, `.`): allowed, but only when the
/// line needs it.
const ADDRESS_COST: f64 = 200.0;
/// The cost of a break in a capitalized word (a name, mostly): squared, more than the
/// demerits of any line within tolerance, so taken only where nothing else sets.
const CAPITAL_COST: f64 = 3_000.0;
/// A paragraph's last word is not broken so that fewer letters than this stand alone on
/// its last line.
const MIN_LAST_FRAGMENT: usize = 4;
/// The cost of a break between any two letters of a word too long for any line: the last
/// resort before an overfull line, which we never set (dearer than a hyphen in a name).
const ANYWHERE_COST: f64 = 5_000.0;
/// A word wider than this share of the measure gets breaks inside it (addresses, long
/// compounds): otherwise its line would be very loose or overfull.
const LONG_WORD: f64 = 0.6;
// A break inside a word with no hyphen is dearer than a hyphen in a name, and never
// taken by the first pass; an address's break is no last resort.
const _: () = assert!(ANYWHERE_COST > CAPITAL_COST && CAPITAL_COST > HYPHEN_COST);
const _: () =
    assert!(ANYWHERE_COST >= linebreak::LAST_RESORT && ADDRESS_COST < linebreak::LAST_RESORT);

/// The stretch of the last line's fill: so large that the ratio stays near 0 and the
/// last line is set at its natural spacing.
const FILL: Pt = 100_000.0;
/// Ragged lines may stretch by this many spaces at their end (Knuth's ragged right:
/// glue of 3 word spaces' stretch, *Digital Typography* p. 95).
const RAGGED_STRETCH: f64 = 3.0;
/// How far the room between two CJK characters may stretch when a line is justified, in
/// em: CJK has no spaces, so its lines are justified between characters (JIS X 4051's
/// inter-character spacing); a tenth of an em a gap is loose enough for a short line.
const CJK_STRETCH: f64 = 0.1;
/// The same in ragged lines, whose stretch only finds the breaks (it is never drawn):
/// a whole em, as loose as a word space's ragged stretch.
const CJK_RAGGED_STRETCH: f64 = 1.0;
/// Code is set this much smaller than the text: Noto Sans Mono's x-height (0.536 em) is
/// a third larger than EB Garamond's (0.400 em), and 0.8 brings them within a tenth.
pub const CODE_SIZE: f64 = 0.8;
/// The marks that start the continuation of a code line too long for the measure, the
/// first the code face has.
const CONTINUATION_MARKS: [char; 3] = ['↪', '→', '>'];

/// How a paragraph's lines are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified on both sides (the last line flush left).
    Justify,
    /// Flush left, ragged right.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Where a piece of text leads when clicked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Link {
    /// An address outside the book.
    Uri(String),
    /// An anchor inside the book.
    Anchor(String),
}

/// How a piece of text is set.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanStyle {
    /// The face.
    pub face: Face,
    /// The size.
    pub size: Pt,
    /// How far above the baseline (superscripts).
    pub rise: Pt,
    /// Whether digits are set in the face's superior figures (note references).
    pub superior: bool,
    /// Where it links to.
    pub link: Option<Link>,
    /// An anchor set at the piece (a note reference's own place).
    pub anchor: Option<String>,
    /// The note whose reference this piece is (its first reference).
    pub note: Option<String>,
    /// What it is in the structure (`None`: content of the paragraph's element).
    pub mark: Option<Mark>,
}

impl SpanStyle {
    /// Makes a plain style.
    pub fn new(face: Face, size: Pt) -> SpanStyle {
        SpanStyle {
            face,
            size,
            rise: 0.0,
            superior: false,
            link: None,
            anchor: None,
            note: None,
            mark: None,
        }
    }
}

/// A piece of text in one style. A `\n` in the text is a forced line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: SpanStyle,
}

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParStyle {
    /// The width of its lines.
    pub measure: Pt,
    /// The first line's indent.
    pub indent: Pt,
    /// Alignment.
    pub align: Align,
    /// The language whose hyphenation applies; `None` for no hyphenation.
    pub hyphenate: Option<String>,
    /// Word-space stretch as a fraction of the space.
    pub stretch: f64,
    /// Word-space shrink as a fraction of the space.
    pub shrink: f64,
}

/// A glyph run of a set line, its x relative to the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// Where it starts.
    pub x: Pt,
    /// The face.
    pub face: Face,
    /// The size.
    pub size: Pt,
    /// How far above the baseline.
    pub rise: Pt,
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// What it is in the structure (`None`: content of the paragraph's element).
    pub mark: Option<Mark>,
}

/// A set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Where its first glyph starts (indent, centring).
    pub x: Pt,
    /// The width its glyphs take.
    pub width: Pt,
    /// The width it was set to.
    pub measure: Pt,
    /// Its runs.
    pub runs: Vec<LineRun>,
    /// Clickable stretches: from, to (relative to the line's start), where to, and the
    /// mark of their text (its `Link` element).
    pub links: Vec<(Pt, Pt, Link, Option<Mark>)>,
    /// Anchors set in the line.
    pub anchors: Vec<String>,
    /// The notes first referenced in the line, in order.
    pub notes: Vec<String>,
    /// Whether it ends with a hyphen the layout added.
    pub hyphenated: bool,
    /// The largest text size in the line.
    pub size: Pt,
}

/// What an item of the paragraph draws.
#[derive(Debug, Clone)]
enum Part {
    /// Glyphs of a word or a piece of one.
    Glyphs(usize, Rc<[Glyph]>),
    /// A word space: its glyph, widened or narrowed as the line is set.
    Space(usize, Glyph),
    /// A hyphen drawn only if the line breaks here.
    Hyphen(usize, Glyph),
    /// Nothing (penalties, fills).
    Nothing,
    /// The width a word's last mark hangs into the margin when a line ends after it:
    /// drawn as nothing (the mark's own glyph takes it inside a line).
    Protrusion,
}

/// A piece of a word between two places where it may break.
#[derive(Debug, Clone)]
struct Piece {
    glyphs: Rc<[Glyph]>,
    width: Pt,
    /// The break after it, if any.
    after: Option<Cut>,
}

/// A place where a word may break.
#[derive(Debug, Clone, Copy)]
struct Cut {
    /// The penalty of breaking there.
    cost: f64,
    /// Whether two such breaks in a row are discouraged (hyphens).
    flagged: bool,
    /// Whether a hyphen is drawn when it breaks there.
    hyphen: bool,
    /// Whether it is the stretchable gap between two CJK characters or two words of a
    /// script without spaces (a glue, free to break at) rather than a penalty.
    gap: bool,
}

/// The words set in one face, size and language, with their hyphen and space.
#[derive(Default)]
struct WordCache {
    words: HashMap<String, Rc<[Piece]>>,
    hyphen: Option<Glyph>,
    space: Option<Glyph>,
}

/// Sets paragraphs: owns the shaper, the hyphenation patterns and the words set so far
/// (a book repeats its words: each is shaped and hyphenated once).
pub struct Typesetter {
    /// The shaper.
    pub shaper: Shaper,
    /// Which face draws each character (fallback faces for what the book's lack).
    chooser: Chooser,
    hyphenators: Vec<(String, Hyphenator)>,
    caches: HashMap<(Face, u64, usize, bool), WordCache>,
}

impl Typesetter {
    /// Makes a typesetter.
    pub fn new() -> Result<Typesetter, String> {
        Ok(Typesetter {
            shaper: Shaper::new()?,
            chooser: Chooser::new(""),
            hyphenators: Vec::new(),
            caches: HashMap::new(),
        })
    }

    /// Sets the language of the text to come (which picks the forms of CJK fallbacks).
    pub fn set_language(&mut self, lang: &str) {
        self.chooser.set_language(lang);
    }

    /// Shapes a text in one style into runs of one face each (the style's, and
    /// fallback faces for what it lacks), in visual order, left to right.
    pub fn runs(&mut self, text: &str, face: Face, size: Pt) -> Vec<(Face, Vec<Glyph>)> {
        self.chooser.set_paragraph(std::iter::once(text));
        let ranges = self.chooser.runs(face, text);
        let starts: Vec<usize> = ranges.iter().map(|(r, _)| r.start).collect();
        let mut runs: Vec<(Face, Vec<Glyph>)> = ranges
            .into_iter()
            .map(|(range, f)| {
                let sub = &text[range];
                let shaped = self.shaper.shape(f, sub);
                (f, to_glyphs(sub, &shaped, size))
            })
            .collect();
        if let Some(bidi) = Bidi::of(text, &starts) {
            let levels: Vec<unicode_bidi::Level> = bidi.levels.iter().map(|&l| level(l)).collect();
            let mut slots: Vec<Option<(Face, Vec<Glyph>)>> = runs.into_iter().map(Some).collect();
            runs = unicode_bidi::BidiInfo::reorder_visual(&levels)
                .into_iter()
                .filter_map(|k| slots[k].take())
                .collect();
        }
        runs
    }

    /// The number of a language's patterns (0: no hyphenation), loading them once.
    fn language(&mut self, lang: Option<&str>) -> usize {
        let Some(lang) = lang else {
            return 0;
        };
        if let Some(i) = self.hyphenators.iter().position(|(l, _)| l == lang) {
            return i + 1;
        }
        self.hyphenators
            .push((lang.to_string(), Hyphenator::new(lang)));
        self.hyphenators.len()
    }

    /// Returns the width of a text in one style (for labels, folios, leaders), with the
    /// fallback faces it needs.
    pub fn width(&mut self, text: &str, face: Face, size: Pt) -> Pt {
        let mut w = 0.0;
        for (range, f) in self.chooser.runs(face, text) {
            w += self
                .shaper
                .shape(f, &text[range])
                .iter()
                .map(|g| g.advance * size)
                .sum::<Pt>();
        }
        w
    }

    /// Says whether a face has superior figures (its `sups` feature).
    pub fn has_superior_figures(&mut self, face: Face) -> bool {
        self.shaper.has_superior_figures(face)
    }

    /// Shapes a text in one style into glyphs.
    pub fn glyphs(&mut self, text: &str, face: Face, size: Pt) -> Vec<Glyph> {
        let shaped = self.shaper.shape(face, text);
        to_glyphs(text, &shaped, size)
    }

    /// The narrowest a word may be set: its widest piece between the places where its
    /// own hyphens or its language's patterns let it break, with the hyphen a break adds.
    pub fn narrowest(&mut self, word: &str, face: Face, size: Pt, lang: &str) -> Pt {
        let l = self.language(Some(lang));
        let style = SpanStyle::new(face, size);
        let hyphen = self.width("-", face, size);
        self.cut(word, &style, l, None)
            .iter()
            .map(|p| {
                p.width
                    + if matches!(p.after, Some(Cut { hyphen: true, .. })) {
                        hyphen
                    } else {
                        0.0
                    }
            })
            .fold(0.0, Pt::max)
    }

    /// Breaks styled text into lines and sets them.
    pub fn paragraph(&mut self, spans: &[Span], par: &ParStyle) -> Vec<Line> {
        // 1. Collect: words, spaces and break opportunities as boxes, glue and penalties.
        let (items, parts, styles, bidi) = self.collect(spans, par);
        if items.len() <= 1 {
            return Vec::new();
        }
        // 2. Break: total fit, loosening until it succeeds.
        let widths = [par.measure - par.indent, par.measure];
        let params = Params::default();
        let breaks = linebreak::linebreak_any(&items, &widths, &params)
            .unwrap_or_else(|| emergency_breaks(&items));
        // 3. Set each line.
        set_lines(&items, &parts, &styles, bidi.as_ref(), &breaks, par)
    }

    /// Sets a paragraph in exactly `lines[k]` lines, for each `k`, none looser than
    /// `tolerance` (a paragraph a line longer or shorter than its best, to fill a page),
    /// with the demerits that costs over its best; `None` where it cannot be.
    pub fn paragraph_in(
        &mut self,
        spans: &[Span],
        par: &ParStyle,
        lines: &[usize],
        tolerance: f64,
    ) -> Vec<Option<(Vec<Line>, f64)>> {
        let (items, parts, styles, bidi) = self.collect(spans, par);
        if items.len() <= 1 {
            return vec![None; lines.len()];
        }
        let widths = [par.measure - par.indent, par.measure];
        let search = |hyphenate: bool| {
            let params = Params {
                tolerance,
                hyphenate,
                ..Params::default()
            };
            linebreak::linebreak_lines(&items, &widths, &params, lines)
        };
        // Without added hyphens first, as the first pass: a setting without them is
        // found even where one with a hyphen has fewer demerits.
        let mut found = search(false);
        if found.iter().any(Option::is_none) {
            for (mine, with) in found.iter_mut().zip(search(true)) {
                if mine.is_none() {
                    *mine = with;
                }
            }
        }
        found
            .into_iter()
            .map(|f| {
                f.map(|(breaks, cost)| {
                    let set = set_lines(&items, &parts, &styles, bidi.as_ref(), &breaks, par);
                    (set, cost)
                })
            })
            .collect()
    }

    /// Turns spans into items, with what each draws, and the embedding levels of right
    /// to left text (`None` when there is none).
    fn collect(
        &mut self,
        spans: &[Span],
        par: &ParStyle,
    ) -> (Vec<Item>, Vec<Part>, Vec<SpanStyle>, Option<Bidi>) {
        let mut items = Vec::new();
        let mut parts = Vec::new();
        let mut styles: Vec<SpanStyle> = Vec::new();
        self.chooser
            .set_paragraph(spans.iter().map(|s| s.text.as_str()));
        // The paragraph's text, and where in it each part comes from (for its bidi level).
        let mut text_all = String::new();
        let mut at: Vec<usize> = Vec::new();
        // Styles by their printed form (a `Pt` is a float, not `Hash`): each note
        // reference has a style of its own, and a scan per span was quadratic.
        let mut style_index: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        if par.indent > 0.0 && par.align == Align::Justify {
            items.push(Item::Box { width: 0.0 });
            parts.push(Part::Nothing);
        }
        for span in spans {
            // Each run of one face (fallback faces for what the span's face lacks).
            for (range, face) in self.chooser.runs(span.style.face, &span.text) {
                let mut style = span.style.clone();
                style.face = face;
                let si = *style_index
                    .entry(format!("{:?}", style))
                    .or_insert_with(|| {
                        styles.push(style.clone());
                        styles.len() - 1
                    });
                let text = &span.text[range];
                let base = text_all.len();
                text_all.push_str(text);
                // Code keeps its spaces, each as wide as a character.
                let code = face == Face::Mono;
                let mut word_start = None;
                let flush = |ts: &mut Typesetter,
                             items: &mut Vec<Item>,
                             parts: &mut Vec<Part>,
                             from: usize,
                             to: usize| {
                    ts.word(&text[from..to], &style, si, par, items, parts);
                };
                for (i, c) in text.char_indices() {
                    let space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
                    if space {
                        if let Some(s) = word_start.take() {
                            flush(self, &mut items, &mut parts, s, i);
                            at.resize(parts.len(), base + s);
                        }
                        if c == '\n' {
                            forced_break(&mut items, &mut parts);
                        } else if code {
                            self.code_space(&style, si, &mut items, &mut parts);
                        } else if matches!(items.last(), Some(Item::Box { .. })) {
                            self.space(&style, si, par, &mut items, &mut parts);
                        }
                        at.resize(parts.len(), base + i);
                    } else if word_start.is_none() {
                        word_start = Some(i);
                    }
                }
                if let Some(s) = word_start {
                    flush(self, &mut items, &mut parts, s, text.len());
                    at.resize(parts.len(), base + s);
                }
            }
        }
        // Drop trailing spaces, then end with a fill and a forced break.
        while matches!(items.last(), Some(Item::Glue { .. })) {
            items.pop();
            parts.pop();
        }
        keep_last_fragment(&mut items, &parts);
        forced_break(&mut items, &mut parts);
        at.resize(parts.len(), text_all.len());
        let bidi = Bidi::of(&text_all, &at);
        if par.align == Align::Justify && bidi.is_none() {
            (items, parts) = protrude(items, parts);
        }
        (items, parts, styles, bidi)
    }

    /// Adds a space of code: as wide as its glyph, neither stretched nor shrunk.
    fn code_space(
        &mut self,
        style: &SpanStyle,
        si: usize,
        items: &mut Vec<Item>,
        parts: &mut Vec<Part>,
    ) {
        let Some(g) = self.glyphs(" ", style.face, style.size).into_iter().next() else {
            return;
        };
        items.push(Item::Glue {
            width: g.advance,
            stretch: 0.0,
            shrink: 0.0,
        });
        parts.push(Part::Space(si, g));
    }

    /// Sets a line of code in a measure: its own spaces kept, never hyphenated; where it
    /// does not fit, it wraps after its last space that keeps half the line (else after
    /// any character), and each continuation starts with a mark, so that no line is
    /// overfull and the reader sees the line go on.
    pub fn code(&mut self, text: &str, style: &SpanStyle, measure: Pt) -> Vec<Line> {
        let mut glyphs: Vec<(Face, Glyph)> = Vec::new();
        for (face, run) in self.runs(text, style.face, style.size) {
            glyphs.extend(run.into_iter().map(|g| (face, g)));
        }
        let mark: Vec<Glyph> = match CONTINUATION_MARKS
            .iter()
            .find(|&&c| self.shaper.has(style.face, c))
        {
            Some(c) => self.glyphs(&format!("{c} "), style.face, style.size),
            None => Vec::new(),
        };
        let mark_width: Pt = mark.iter().map(|g| g.advance).sum();
        let mut lines = Vec::new();
        let mut start = 0;
        loop {
            let continued = !lines.is_empty();
            let room = if continued {
                measure - mark_width
            } else {
                measure
            };
            // As many glyphs as fit…
            let mut end = start;
            let mut x = 0.0;
            while end < glyphs.len() && x + glyphs[end].1.advance <= room + 1e-6 {
                x += glyphs[end].1.advance;
                end += 1;
            }
            if end < glyphs.len() {
                // …back to the start of a character (never inside a cluster)…
                while end > start + 1 && glyphs[end].1.text.is_empty() {
                    end -= 1;
                }
                // …or after a space, if that keeps half the line.
                if let Some(k) = (start + 1..=end)
                    .rev()
                    .find(|&k| &*glyphs[k - 1].1.text == " ")
                {
                    if (k - start) * 2 >= end - start {
                        end = k;
                    }
                }
                // A glyph wider than the line still goes on one.
                end = end.max(start + 1);
            }
            let mut runs: Vec<LineRun> = Vec::new();
            let mut x = 0.0;
            if continued && !mark.is_empty() {
                runs.push(LineRun {
                    x: 0.0,
                    face: style.face,
                    size: style.size,
                    rise: 0.0,
                    glyphs: mark.clone(),
                    // The mark is not in the text: a reader of the structure skips it.
                    mark: Some(Mark::Artifact),
                });
                x = mark_width;
            }
            for (face, g) in &glyphs[start..end] {
                let w = g.advance;
                match runs.last_mut() {
                    Some(r) if r.face == *face && r.mark == style.mark => r.glyphs.push(g.clone()),
                    _ => runs.push(LineRun {
                        x,
                        face: *face,
                        size: style.size,
                        rise: 0.0,
                        mark: style.mark,
                        glyphs: vec![g.clone()],
                    }),
                }
                x += w;
            }
            lines.push(Line {
                x: 0.0,
                width: x,
                measure,
                runs,
                links: Vec::new(),
                anchors: Vec::new(),
                notes: Vec::new(),
                hyphenated: false,
                size: style.size,
            });
            start = end;
            if start >= glyphs.len() {
                return lines;
            }
        }
    }

    /// Adds a word space.
    fn space(
        &mut self,
        style: &SpanStyle,
        si: usize,
        par: &ParStyle,
        items: &mut Vec<Item>,
        parts: &mut Vec<Part>,
    ) {
        let key = (style.face, style.size.to_bits(), 0, style.superior);
        let cached = self.caches.get(&key).and_then(|c| c.space.clone());
        let g = match cached {
            Some(g) => g,
            None => {
                let Some(g) = self.glyphs(" ", style.face, style.size).into_iter().next() else {
                    return;
                };
                self.caches.entry(key).or_default().space = Some(g.clone());
                g
            }
        };
        let w = g.advance;
        if par.align == Align::Justify {
            items.push(Item::Glue {
                width: w,
                stretch: w * par.stretch,
                shrink: w * par.shrink,
            });
            parts.push(Part::Space(si, g));
        } else {
            // Ragged: the stretch sits before a possible break and is taken back after
            // it, so every line but the last is set at its natural spacing.
            items.push(Item::Glue {
                width: 0.0,
                stretch: w * RAGGED_STRETCH,
                shrink: 0.0,
            });
            parts.push(Part::Nothing);
            items.push(Item::Penalty {
                width: 0.0,
                cost: 0.0,
                flagged: false,
            });
            parts.push(Part::Nothing);
            items.push(Item::Glue {
                width: w,
                stretch: -w * RAGGED_STRETCH,
                shrink: 0.0,
            });
            parts.push(Part::Space(si, g));
        }
    }

    /// Adds a word: its glyphs, cut where it may break.
    fn word(
        &mut self,
        word: &str,
        style: &SpanStyle,
        si: usize,
        par: &ParStyle,
        items: &mut Vec<Item>,
        parts: &mut Vec<Part>,
    ) {
        // Only the book's faces take the language's hyphenation: never code, nor a
        // script set in a fallback face (a Chinese passage in an English book). Unjustified
        // text asks for none (`par.hyphenate` is `None`), but a table's narrow cells do.
        let lang = if style.face.is_book() {
            self.language(par.hyphenate.as_deref())
        } else {
            0
        };
        let key = (style.face, style.size.to_bits(), lang, style.superior);
        let cached = self
            .caches
            .get(&key)
            .and_then(|c| c.words.get(word).cloned());
        let mut pieces = match cached {
            Some(p) => p,
            None => {
                let p: Rc<[Piece]> = self.cut(word, style, lang, None).into();
                self.caches
                    .entry(key)
                    .or_default()
                    .words
                    .insert(word.to_string(), p.clone());
                p
            }
        };
        // A word too long for a comfortable line gets breaks inside (rare: not cached).
        let total: Pt = pieces.iter().map(|p| p.width).sum();
        if total > par.measure * LONG_WORD {
            pieces = self.cut(word, style, lang, Some(par.measure)).into();
        }
        if word.starts_with(['–', '—']) {
            bind_to_word_before(items, parts);
        }
        let hyphen = if pieces.iter().any(|p| p.after.is_some_and(|c| c.hyphen)) {
            self.hyphen(key, style)
        } else {
            None
        };
        for p in pieces.iter() {
            items.push(Item::Box { width: p.width });
            parts.push(Part::Glyphs(si, p.glyphs.clone()));
            if let Some(Cut {
                cost,
                flagged,
                hyphen: with_hyphen,
                gap,
            }) = p.after
            {
                if gap {
                    let justified = par.align == Align::Justify;
                    let stretch = if justified {
                        CJK_STRETCH
                    } else {
                        CJK_RAGGED_STRETCH
                    };
                    // A gap where a break costs (or may not fall: room to stretch, which
                    // only justified lines use) has its penalty before it, so that the
                    // glue itself is no place to break.
                    if cost > 0.0 {
                        if cost < INFINITY || justified {
                            items.push(Item::Penalty {
                                width: 0.0,
                                cost,
                                flagged: false,
                            });
                            parts.push(Part::Nothing);
                        }
                        if !justified {
                            continue;
                        }
                    }
                    items.push(Item::Glue {
                        width: 0.0,
                        stretch: stretch * style.size,
                        shrink: 0.0,
                    });
                    parts.push(Part::Nothing);
                    continue;
                }
                match (&hyphen, with_hyphen) {
                    (Some(h), true) => {
                        items.push(Item::Penalty {
                            width: h.advance,
                            cost,
                            flagged,
                        });
                        parts.push(Part::Hyphen(si, h.clone()));
                    }
                    _ => {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost,
                            flagged,
                        });
                        parts.push(Part::Nothing);
                    }
                }
            }
        }
    }

    /// The hyphen of a face and size. It stands for a soft hyphen: the word is whole in
    /// the text, so that copying and searching find it (the writer says so where the
    /// font's map gives the glyph another text).
    fn hyphen(&mut self, key: (Face, u64, usize, bool), style: &SpanStyle) -> Option<Glyph> {
        if let Some(h) = self.caches.get(&key).and_then(|c| c.hyphen.clone()) {
            return Some(h);
        }
        let mut h = self
            .glyphs("-", style.face, style.size)
            .into_iter()
            .next()?;
        h.text = Arc::from(SOFT_HYPHEN);
        self.caches.entry(key).or_default().hyphen = Some(h.clone());
        Some(h)
    }

    /// Shapes a word and cuts it where it may break: after its own hyphens and dashes,
    /// where its language's patterns allow, and — for a word longer than `long` — inside
    /// addresses or anywhere.
    fn cut(&mut self, word: &str, style: &SpanStyle, lang: usize, long: Option<Pt>) -> Vec<Piece> {
        let shaped = self.shaper.shape_with(style.face, word, style.superior);
        let glyphs = to_glyphs(word, &shaped, style.size);
        // Right-to-left text (Arabic, Hebrew) is not cut: its clusters run backwards, and
        // neither script hyphenates.
        if right_to_left(&shaped) {
            return vec![Piece {
                width: glyphs.iter().map(|g| g.advance).sum(),
                glyphs: glyphs.into(),
                after: None,
            }];
        }
        // Where the word may break: (byte offset, cost, flagged, with a hyphen, a gap).
        let mut cuts: Vec<(usize, f64, bool, bool, bool)> = Vec::new();
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for (k, &(_, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1);
            let prev_letter = k > 0 && chars[k - 1].1.is_alphanumeric();
            if let Some(&(j, n)) = next {
                if c == '-' && prev_letter && n.is_alphanumeric() {
                    cuts.push((j, EXPLICIT_COST, true, false, false));
                } else if matches!(c, '—' | '–') && k > 0 && !matches!(n, ',' | '.' | ';' | ':')
                {
                    cuts.push((j, EXPLICIT_COST, false, false, false));
                }
            }
        }
        // CJK has no spaces: it breaks between characters, where UAX #14 allows (not
        // before a closing mark such as 。 or after an opening one such as 「).
        if chars.iter().any(|&(_, c)| cjk(c)) {
            for (j, op) in unicode_linebreak::linebreaks(word) {
                let around = word[..j].chars().next_back().zip(word[j..].chars().next());
                if op == unicode_linebreak::BreakOpportunity::Allowed
                    && around.is_some_and(|(a, b)| cjk(a) || cjk(b))
                {
                    cuts.push((j, 0.0, false, false, true));
                }
            }
        }
        // Thai, Lao, Khmer and Burmese write no spaces between words either (UAX #14's
        // class SA, which it leaves to a dictionary): ICU4X's dictionaries find the
        // words, as a browser's ICU does, and a line breaks between two of them.
        // A justified line of them stretches between every two characters, not only
        // between words (a gap or two a line, stretched wide, read as spaces to a text
        // extractor): so Thai is justified ("distributed"), never before a mark.
        if chars.iter().any(|&(_, c)| complex_context(c)) {
            for j in LineSegmenter::new_dictionary(Default::default()).segment_str(word) {
                let around = word[..j].chars().next_back().zip(word[j..].chars().next());
                if around.is_some_and(|(a, b)| complex_context(a) || complex_context(b)) {
                    cuts.push((j, 0.0, false, false, true));
                }
            }
            for pair in chars.windows(2) {
                let ((_, a), (j, b)) = (pair[0], pair[1]);
                if (complex_context(a) || complex_context(b)) && !clings(b) {
                    cuts.push((j, INFINITY, false, false, true));
                }
            }
        }
        // An address breaks at its separators, never with an added hyphen: the hyphen
        // would read as part of it.
        let address = is_address(word);
        let patterns = lang.checked_sub(1).and_then(|i| self.hyphenators.get(i));
        if let Some(hyphenator) = patterns.filter(|_| !address).map(|(_, h)| h) {
            // Each run of letters is a word for the patterns.
            let mut k = 0;
            while k < chars.len() {
                if !chars[k].1.is_alphabetic() {
                    k += 1;
                    continue;
                }
                let from = chars[k].0;
                while k < chars.len() && chars[k].1.is_alphabetic() {
                    k += 1;
                }
                let to = chars.get(k).map_or(word.len(), |c| c.0);
                // A name or a capitalized word breaks only where the paragraph cannot
                // be set without it.
                let cost = if word[from..].chars().next().is_some_and(char::is_uppercase) {
                    CAPITAL_COST
                } else {
                    HYPHEN_COST
                };
                for b in hyphenator.breaks(&word[from..to]) {
                    cuts.push((from + b, cost, true, true, false));
                }
            }
        }
        if address || long.is_some() {
            // Inside an address (or a long word), after its separators.
            for (k, &(_, c)) in chars.iter().enumerate() {
                if let Some(&(j, _)) = chars.get(k + 1) {
                    if matches!(c, '/' | '.' | '_' | '?' | '&' | '=' | '#' | '-') {
                        cuts.push((j, ADDRESS_COST, false, false, false));
                    }
                }
            }
        }
        if let Some(measure) = long {
            // Between any two letters only in a stretch still too long for a line.
            let mut seps = vec![0];
            for (k, &(_, c)) in chars.iter().enumerate() {
                if let Some(&(j, _)) = chars.get(k + 1) {
                    if matches!(c, '/' | '.' | '_' | '?' | '&' | '=' | '#' | '-') {
                        seps.push(j);
                    }
                }
            }
            seps.push(word.len());
            // One pass over the glyphs gives each stretch's width (clusters ascend, left
            // to right): a pass per stretch was quadratic in a long address.
            let mut widths = vec![0.0; seps.len() - 1];
            let mut s = 0;
            for g in shaped.iter() {
                while s + 1 < widths.len() && g.cluster >= seps[s + 1] {
                    s += 1;
                }
                if g.cluster >= seps[s] && g.cluster < seps[s + 1] {
                    widths[s] += g.advance * style.size;
                }
            }
            for (pair, width) in seps.windows(2).zip(widths) {
                let (a, b) = (pair[0], pair[1]);
                if width > measure * LONG_WORD {
                    let lo = chars.partition_point(|(j, _)| *j <= a);
                    let hi = chars.partition_point(|(j, _)| *j < b);
                    for k in lo..hi {
                        let (j, c) = chars[k];
                        // In a script without spaces it keeps the gap it stretches by.
                        let gap = complex_context(c)
                            || k.checked_sub(1)
                                .is_some_and(|p| complex_context(chars[p].1));
                        if !clings(c) {
                            cuts.push((j, ANYWHERE_COST, false, false, gap));
                        }
                    }
                }
            }
        }
        cuts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        cuts.dedup_by_key(|c| c.0);
        // Cut the glyphs at cluster boundaries only (never inside a ligature).
        let mut pieces = Vec::new();
        let mut start = 0;
        // The cuts ascend, and so do the clusters: one pointer finds each cut's glyph.
        let mut g = 0;
        for (at, cost, flagged, hyphen, gap) in cuts {
            while g < shaped.len() && shaped[g].cluster < at {
                g += 1;
            }
            if g == shaped.len() {
                continue;
            }
            if shaped[g].cluster != at || g <= start {
                continue;
            }
            let piece: Rc<[Glyph]> = glyphs[start..g].into();
            pieces.push(Piece {
                width: piece.iter().map(|g| g.advance).sum(),
                glyphs: piece,
                after: Some(Cut {
                    cost,
                    flagged,
                    hyphen,
                    gap,
                }),
            });
            start = g;
        }
        let piece: Rc<[Glyph]> = glyphs[start..].into();
        pieces.push(Piece {
            width: piece.iter().map(|g| g.advance).sum(),
            glyphs: piece,
            after: None,
        });
        pieces
    }
}

/// Ends a line where it stands: no break before, a fill, a forced break (Knuth's
/// `\penalty10000 \hfil \penalty-10000`, which ends paragraphs and hard line breaks).
fn forced_break(items: &mut Vec<Item>, parts: &mut Vec<Part>) {
    items.push(Item::Penalty {
        width: 0.0,
        cost: INFINITY,
        flagged: false,
    });
    items.push(Item::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    });
    items.push(Item::Penalty {
        width: 0.0,
        cost: -INFINITY,
        flagged: false,
    });
    parts.extend([Part::Nothing, Part::Nothing, Part::Nothing]);
}

/// How far a glyph hangs into the margin at a line's start and at its end, as shares of
/// its width: microtype's default protrusion (R. Schlicht, *The microtype package*,
/// `default` set), for the marks whose light colour leaves a justified edge looking
/// dented. The eye takes the edge from the letters; a full stop, a comma or a hyphen
/// flush with it reads as a notch.
fn protrusion(text: &str) -> (f64, f64) {
    match text {
        "." | "," | "-" | "\u{ad}" => (0.0, 0.7),
        ":" | ";" => (0.0, 0.5),
        "!" | "?" | ")" => (0.0, 0.2),
        "(" => (0.1, 0.0),
        "‘" | "’" | "'" => (0.3, 0.4),
        "“" | "”" | "\"" => (0.3, 0.3),
        "–" => (0.2, 0.2),
        "—" => (0.15, 0.15),
        _ => (0.0, 0.0),
    }
}

/// Hangs punctuation into the margins of justified lines (optical margin alignment), in
/// the items the line breaker measures: a word that ends with a mark that protrudes is
/// shorter by its protrusion when a line ends after it (a glue of that width, drawn as
/// nothing, is the break before the space; a break after a hyphen, added or the text's,
/// takes its width less); a word that starts with one after a space is shorter by it
/// when a line starts with it (a negative box after the space, drawn as the line's start
/// moved left). Lines are then set to the measure with the marks outside it.
fn protrude(items: Vec<Item>, parts: Vec<Part>) -> (Vec<Item>, Vec<Part>) {
    let hang = |g: Option<&Glyph>, right: bool| {
        g.map_or(0.0, |g| {
            let (l, r) = protrusion(&g.text);
            g.natural * if right { r } else { l }
        })
    };
    let mut out_items = Vec::with_capacity(items.len() + items.len() / 8);
    let mut out_parts = Vec::with_capacity(items.len() + items.len() / 8);
    let n = items.len();
    let mut pairs = items.into_iter().zip(parts).peekable();
    let mut k = 0;
    let mut previous: Option<Item> = None;
    while let Some((mut item, part)) = pairs.next() {
        let next = pairs.peek().map(|(i, p)| (*i, p));
        let mut after: Option<(Item, Part)> = None;
        match (&mut item, &part, next) {
            // A word before a space where a line may end.
            (Item::Box { width }, Part::Glyphs(_, glyphs), Some((Item::Glue { .. }, _))) => {
                let p = hang(glyphs.last(), true);
                if p > 0.0 {
                    *width -= p;
                    after = Some((
                        Item::Glue {
                            width: p,
                            stretch: 0.0,
                            shrink: 0.0,
                        },
                        Part::Protrusion,
                    ));
                }
            }
            // A break after a word's own hyphen or dash.
            (Item::Penalty { width, cost, .. }, Part::Nothing, _)
                if *width == 0.0 && *cost < INFINITY && *cost > -INFINITY =>
            {
                if let Some(Part::Glyphs(_, glyphs)) = out_parts.last() {
                    if matches!(previous, Some(Item::Box { .. })) {
                        *width = -hang(glyphs.last(), true);
                    }
                }
            }
            // A hyphen the layout adds.
            (Item::Penalty { width, .. }, Part::Hyphen(_, g), _) => {
                *width -= hang(Some(g), true);
            }
            // A space where a line may end, before a word.
            (
                Item::Glue { width, .. },
                Part::Space(..),
                Some((Item::Box { .. }, Part::Glyphs(_, glyphs))),
            ) if matches!(previous, Some(Item::Box { .. })) => {
                let p = hang(glyphs.first(), false);
                if p > 0.0 {
                    *width += p;
                    after = Some((Item::Box { width: -p }, Part::Nothing));
                }
            }
            _ => {}
        }
        previous = Some(item);
        out_items.push(item);
        out_parts.push(part);
        if let Some((i, p)) = after {
            out_items.push(i);
            out_parts.push(p);
        }
        k += 1;
    }
    debug_assert_eq!(k, n);
    (out_items, out_parts)
}

/// Forbids the breaks of the space that ends the items, if it follows a word: a spaced
/// dash stays with the word before it, never opening a line.
fn bind_to_word_before(items: &mut Vec<Item>, parts: &mut Vec<Part>) {
    let start = items
        .iter()
        .rposition(|i| matches!(i, Item::Box { .. }))
        .map_or(0, |b| b + 1);
    if start == 0 || start == items.len() {
        return;
    }
    for item in &mut items[start..] {
        if let Item::Penalty { cost, .. } = item {
            *cost = INFINITY;
        }
    }
    // A glue right after a box is a break: a penalty between them makes it none.
    if matches!(items[start], Item::Glue { .. }) {
        items.insert(
            start,
            Item::Penalty {
                width: 0.0,
                cost: INFINITY,
                flagged: false,
            },
        );
        parts.insert(start, Part::Nothing);
    }
}

/// Forbids the hyphens of a paragraph's last word that would leave fewer than
/// [`MIN_LAST_FRAGMENT`] letters alone on its last line.
fn keep_last_fragment(items: &mut [Item], parts: &[Part]) {
    let mut letters = 0;
    for k in (0..items.len()).rev() {
        match (&parts[k], &mut items[k]) {
            (_, Item::Glue { .. }) => break,
            (Part::Glyphs(_, glyphs), _) => {
                letters += glyphs
                    .iter()
                    .flat_map(|g| g.text.chars())
                    .filter(|c| c.is_alphabetic())
                    .count();
            }
            (Part::Hyphen(..), Item::Penalty { cost, .. }) if letters < MIN_LAST_FRAGMENT => {
                *cost = INFINITY;
            }
            _ => {}
        }
    }
}

/// Whether a word is an address: a URL (`https://…`, `www.…`), an e-mail, or a domain
/// with a path (`creativecommons.org/licenses/…`).
fn is_address(word: &str) -> bool {
    let host = word.split('/').next().unwrap_or("");
    word.contains("://")
        || word.starts_with("www.")
        || word.split('@').nth(1).is_some_and(is_domain)
        || (word.contains('/') && is_domain(host))
}

/// Whether a text is a domain name: two labels or more, the last of letters.
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.chars().all(char::is_alphabetic))
}

/// Says whether shaped glyphs run right to left (their clusters descend).
fn right_to_left(shaped: &[ShapedGlyph]) -> bool {
    shaped
        .first()
        .zip(shaped.last())
        .is_some_and(|(a, b)| a.cluster > b.cluster)
}

/// Says whether a character belongs to the one before it, so that no line may start
/// with it and no stretch may part them: a combining mark (Thai's vowels and tone marks
/// above and below too, which UAX #14 files under SA), a joiner, a variation selector.
fn clings(c: char) -> bool {
    use unicode_linebreak::BreakClass as B;
    unicode_normalization::char::is_combining_mark(c)
        || matches!(
            unicode_linebreak::break_property(u32::from(c)),
            B::CombiningMark | B::ZeroWidthJoiner
        )
}

/// Says whether a character belongs to a script that writes no spaces between words and
/// whose words only a dictionary can find (UAX #14's class SA: Thai, Lao, Khmer, Burmese).
fn complex_context(c: char) -> bool {
    unicode_linebreak::break_property(u32::from(c)) == unicode_linebreak::BreakClass::ComplexContext
}

/// Says whether a character is CJK: Han, kana, bopomofo, or their punctuation and
/// full-width forms (UAX #14's ideographic classes).
fn cjk(c: char) -> bool {
    use unicode_linebreak::BreakClass as B;
    matches!(
        unicode_linebreak::break_property(u32::from(c)),
        B::Ideographic | B::ConditionalJapaneseStarter
    ) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Turns shaped glyphs into layout glyphs at a size, each cluster's text on its first
/// glyph.
fn to_glyphs(text: &str, shaped: &[ShapedGlyph], size: Pt) -> Vec<Glyph> {
    let mut out = Vec::with_capacity(shaped.len());
    let rtl = right_to_left(shaped);
    for (i, g) in shaped.iter().enumerate() {
        let first = i == 0 || shaped[i - 1].cluster != g.cluster;
        let text: Arc<str> = if first {
            // The cluster ends where the next one starts: after it in the text, which is
            // before it in right-to-left glyphs.
            let later = |n: &ShapedGlyph| Some(n.cluster).filter(|&c| c > g.cluster);
            let end = if rtl {
                shaped[..i].iter().rev().find_map(later)
            } else {
                shaped[i..].iter().find_map(later)
            }
            .unwrap_or(text.len());
            text.get(g.cluster..end).unwrap_or("").into()
        } else {
            "".into()
        };
        out.push(Glyph {
            id: g.id,
            advance: g.advance * size,
            natural: g.natural * size,
            text,
        });
    }
    out
}

/// Sets the lines of a paragraph broken at `breaks`.
fn set_lines(
    items: &[Item],
    parts: &[Part],
    styles: &[SpanStyle],
    bidi: Option<&Bidi>,
    breaks: &[linebreak::Break],
    par: &ParStyle,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (n, b) in breaks.iter().enumerate() {
        let measure = if n == 0 {
            par.measure - par.indent
        } else {
            par.measure
        };
        let offset = if n == 0 { par.indent } else { 0.0 };
        let line = set_line(
            items, parts, styles, bidi, start, b.index, b.ratio, measure, offset, par.align,
        );
        lines.push(line);
        start = b.index + 1;
    }
    lines
}

/// Breaks wherever the line is full, when even the loosest total fit fails (a single
/// glyph wider than the line: the line is then overfull, which nothing else can avoid).
fn emergency_breaks(items: &[Item]) -> Vec<linebreak::Break> {
    let mut breaks: Vec<linebreak::Break> = items
        .iter()
        .enumerate()
        .filter(|(i, it)| {
            matches!(it, Item::Penalty { cost, .. } if *cost < INFINITY)
                || (matches!(it, Item::Glue { .. })
                    && *i > 0
                    && matches!(items[i - 1], Item::Box { .. }))
        })
        .map(|(index, _)| linebreak::Break { index, ratio: 0.0 })
        .collect();
    breaks.retain(|b| b.index + 1 < items.len());
    breaks.push(linebreak::Break {
        index: items.len() - 1,
        ratio: 0.0,
    });
    breaks
}

/// Makes a bidi level from its number.
fn level(n: u8) -> unicode_bidi::Level {
    unicode_bidi::Level::new(n).unwrap_or_else(|_| unicode_bidi::Level::ltr())
}

/// What a set line draws, before it is put in visual order.
enum Bit {
    /// A piece of a word.
    Glyphs(usize, Rc<[Glyph]>),
    /// A space, at its set width.
    Space(usize, Glyph),
    /// A hyphen the layout adds.
    Hyphen(usize, Glyph),
    /// Room without a glyph.
    Gap(Pt),
}

/// The bidi levels of a paragraph with right-to-left text.
#[derive(Debug)]
struct Bidi {
    /// Each part's embedding level (odd: right to left).
    levels: Vec<u8>,
    /// Whether the paragraph runs right to left (its first strong character does).
    rtl: bool,
}

impl Bidi {
    /// Finds the levels of the parts of a paragraph, each part starting at its offset in
    /// the paragraph's text; `None` for text without right-to-left characters (nearly
    /// every paragraph: no work).
    fn of(text: &str, at: &[usize]) -> Option<Bidi> {
        use unicode_bidi::BidiClass;
        let strong_rtl = |c: char| {
            matches!(
                unicode_bidi::bidi_class(c),
                BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
            )
        };
        if text.is_ascii() || !text.chars().any(strong_rtl) {
            return None;
        }
        let info = unicode_bidi::BidiInfo::new(text, None);
        let levels = at
            .iter()
            .map(|&i| info.levels.get(i).map_or(0, |l| l.number()))
            .collect();
        let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
        Some(Bidi { levels, rtl })
    }
}

/// Sets the items `from..=to` as a line broken at `to` with the given ratio.
#[allow(clippy::too_many_arguments)]
fn set_line(
    items: &[Item],
    parts: &[Part],
    styles: &[SpanStyle],
    bidi: Option<&Bidi>,
    from: usize,
    to: usize,
    ratio: f64,
    measure: Pt,
    offset: Pt,
    align: Align,
) -> Line {
    // Skip what a break discards at the line's start.
    let mut start = from;
    while start < to {
        match items[start] {
            Item::Box { .. } => break,
            Item::Penalty { cost, .. } if cost <= -INFINITY => break,
            _ => start += 1,
        }
    }
    // Ragged and centred lines keep their natural spacing; justified lines take the ratio
    // (the last line's fill keeps it near 0, or shrinks it if it must).
    let ratio = if align == Align::Justify {
        ratio
    } else {
        ratio.min(0.0)
    };
    let mut runs: Vec<LineRun> = Vec::new();
    let mut links: Vec<(Pt, Pt, Link, Option<Mark>)> = Vec::new();
    let mut anchors = Vec::new();
    let mut notes = Vec::new();
    let mut x: Pt = 0.0;
    let mut size: Pt = 0.0;
    let mut push = |runs: &mut Vec<LineRun>, x: &mut Pt, si: usize, glyph: Glyph| {
        let st = &styles[si];
        let same = runs.last().is_some_and(|r| {
            r.face == st.face && r.size == st.size && r.rise == st.rise && r.mark == st.mark
        });
        let w = glyph.advance;
        if same {
            if let Some(r) = runs.last_mut() {
                r.glyphs.push(glyph);
            }
        } else {
            runs.push(LineRun {
                x: *x,
                face: st.face,
                size: st.size,
                rise: st.rise,
                glyphs: vec![glyph],
                mark: st.mark,
            });
        }
        if let Some(link) = &st.link {
            match links.last_mut() {
                Some(l) if l.2 == *link && l.3 == st.mark && (l.1 - *x).abs() < 0.01 => {
                    l.1 = *x + w
                }
                _ => links.push((*x, *x + w, link.clone(), st.mark)),
            }
        }
        *x += w;
    };
    // 1. The line's bits in the text's order, with their bidi levels.
    let level_of = |i: usize| bidi.map_or(0, |b| b.levels.get(i).copied().unwrap_or(0));
    let mut bits: Vec<(u8, Bit)> = Vec::with_capacity(to - start + 1);
    for i in start..to {
        match (&items[i], &parts[i]) {
            (Item::Box { .. }, Part::Glyphs(si, glyphs)) => {
                let st = &styles[*si];
                size = size.max(if st.rise == 0.0 { st.size } else { 0.0 });
                if let Some(a) = &st.anchor {
                    if !anchors.contains(a) {
                        anchors.push(a.clone());
                    }
                }
                if let Some(n) = &st.note {
                    if !notes.contains(n) {
                        notes.push(n.clone());
                    }
                }
                bits.push((level_of(i), Bit::Glyphs(*si, glyphs.clone())));
            }
            (Item::Box { width }, _) => bits.push((level_of(i), Bit::Gap(*width))),
            // Inside a line, the mark's glyph takes the width it would hang by.
            (Item::Glue { .. }, Part::Protrusion) => {}
            (
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                },
                part,
            ) => {
                let w = width
                    + if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    };
                if let Part::Space(si, g) = part {
                    let mut g = g.clone();
                    g.advance = w;
                    bits.push((level_of(i), Bit::Space(*si, g)));
                } else {
                    bits.push((level_of(i), Bit::Gap(w)));
                }
            }
            _ => {}
        }
    }
    let mut hyphenated = false;
    if let (Item::Penalty { .. }, Part::Hyphen(si, g)) = (&items[to], &parts[to]) {
        bits.push((level_of(to), Bit::Hyphen(*si, g.clone())));
        hyphenated = true;
    }
    // 2. In visual order (Unicode's rule L2: runs of right-to-left levels reversed), once
    //    the line is broken; a right-to-left word's glyphs are already in visual order.
    if bits.iter().any(|(l, _)| l % 2 == 1) {
        // What follows the last glyph (spaces before a forced break, the last line's
        // fill) draws nothing, and must not move to the line's start.
        while bits
            .last()
            .is_some_and(|(_, b)| matches!(b, Bit::Gap(_) | Bit::Space(..)))
        {
            bits.pop();
        }
        let levels: Vec<unicode_bidi::Level> = bits.iter().map(|(l, _)| level(*l)).collect();
        let order = unicode_bidi::BidiInfo::reorder_visual(&levels);
        let mut slots: Vec<Option<(u8, Bit)>> = bits.into_iter().map(Some).collect();
        bits = order.into_iter().filter_map(|k| slots[k].take()).collect();
    }
    // 3. Drawn from left to right. A gap between two glyphs (the stretch between CJK
    //    characters) widens the glyph before it, since a run's glyphs are drawn one after
    //    the other; a gap after the last glyph (the last line's fill) draws nothing.
    let mut last_glyph_end: Pt = 0.0;
    let mut gap: Pt = 0.0;
    let widen = |runs: &mut Vec<LineRun>, gap: &mut Pt| {
        if *gap != 0.0 {
            if let Some(g) = runs.last_mut().and_then(|r| r.glyphs.last_mut()) {
                g.advance += *gap;
            }
            *gap = 0.0;
        }
    };
    for (_, bit) in bits {
        match bit {
            Bit::Glyphs(si, glyphs) => {
                widen(&mut runs, &mut gap);
                for g in glyphs.iter() {
                    push(&mut runs, &mut x, si, g.clone());
                }
                last_glyph_end = last_glyph_end.max(x);
            }
            Bit::Gap(w) => {
                x += w;
                gap += w;
            }
            Bit::Space(si, g) => {
                widen(&mut runs, &mut gap);
                push(&mut runs, &mut x, si, g);
            }
            Bit::Hyphen(si, g) => {
                widen(&mut runs, &mut gap);
                push(&mut runs, &mut x, si, g);
                last_glyph_end = last_glyph_end.max(x);
            }
        }
    }
    // A book holds millions of glyphs: no spare capacity in its runs.
    for r in &mut runs {
        r.glyphs.shrink_to_fit();
    }
    // Trailing spaces (before a forced break) draw nothing and take no width; a mark
    // that hangs into the right margin is outside the line's width.
    let hangs = match (&items[to], &parts[to]) {
        (Item::Glue { width, .. }, Part::Protrusion) => *width,
        (Item::Penalty { width, .. }, Part::Hyphen(_, g)) => g.advance - width,
        (Item::Penalty { width, .. }, _) => -width.min(0.0),
        _ => 0.0,
    };
    let width = last_glyph_end - hangs;
    // A right-to-left paragraph's lines are flush right (its first line's indent is at
    // the right, where the line starts).
    let rtl = bidi.is_some_and(|b| b.rtl);
    let shift = match align {
        Align::Center => offset + ((measure - width) / 2.0).max(0.0),
        Align::Justify | Align::Left if !rtl => offset,
        Align::Justify | Align::Left if offset > 0.0 => (measure - width).max(0.0),
        _ => offset + (measure - width).max(0.0),
    };
    Line {
        x: shift,
        width,
        measure,
        runs,
        links,
        anchors,
        notes,
        hyphenated,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_words() {
        for a in [
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "(https://example.org/x),",
            "www.marxists.org",
            "creativecommons.org/licenses/by-sa/",
            "editor@example.org",
        ] {
            assert!(is_address(a), "{a}");
        }
        for w in [
            "and/or",
            "e.g./i.e.",
            "1.5/2",
            "bourgeoisie.",
            "Trotsky’s",
            "@home",
        ] {
            assert!(!is_address(w), "{w}");
        }
    }

    fn word_glue() -> Item {
        Item::Glue {
            width: 2.0,
            stretch: 1.0,
            shrink: 0.5,
        }
    }

    fn penalty(cost: f64) -> Item {
        Item::Penalty {
            width: 3.0,
            cost,
            flagged: true,
        }
    }

    fn glyphs(text: &str) -> Part {
        let g: Vec<Glyph> = text
            .chars()
            .map(|c| Glyph {
                id: 1,
                advance: 5.0,
                natural: 5.0,
                text: c.to_string().into(),
            })
            .collect();
        Part::Glyphs(0, g.into())
    }

    #[test]
    fn punctuation_hangs_into_the_margins_of_justified_lines() {
        // "said, “no" : the comma hangs right when a line ends after it, the quote left
        // when a line starts with it; inside a line the words keep their widths.
        let space = Glyph {
            id: 3,
            advance: 2.0,
            natural: 2.0,
            text: " ".into(),
        };
        let mut items = vec![
            Item::Box { width: 25.0 },
            word_glue(),
            Item::Box { width: 15.0 },
        ];
        let mut parts = vec![glyphs("said,"), Part::Space(0, space), glyphs("“no")];
        forced_break(&mut items, &mut parts);
        let (items, parts) = protrude(items, parts);
        // Each glyph is 5 wide: the comma hangs by 3.5, the quote by 1.5.
        assert_eq!(items[0], Item::Box { width: 21.5 });
        assert_eq!(
            items[1],
            Item::Glue {
                width: 3.5,
                stretch: 0.0,
                shrink: 0.0
            }
        );
        assert!(matches!(parts[1], Part::Protrusion));
        assert!(matches!(items[2], Item::Glue { width, .. } if width == 3.5));
        assert_eq!(items[3], Item::Box { width: -1.5 });
        // Unbroken, the line is as wide as without.
        let (w, ..) = linebreak::measure(&items, 0, items.len());
        assert!((w - 42.0).abs() < 1e-9, "{w}");
        let styles = vec![SpanStyle::new(Face::Regular, 10.0)];
        // Broken after the comma: the first line is set to 21.5, the comma outside it.
        let first = set_line(
            &items,
            &parts,
            &styles,
            None,
            0,
            1,
            0.0,
            21.5,
            0.0,
            Align::Justify,
        );
        assert!((first.width - 21.5).abs() < 1e-9, "{}", first.width);
        let drawn: Pt = first
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.advance)
            .sum();
        assert_eq!(drawn, 25.0);
        // The next line starts with the quote 1.5 left of the text's edge.
        let last = items.len() - 1;
        let second = set_line(
            &items,
            &parts,
            &styles,
            None,
            2,
            last,
            0.0,
            13.5,
            0.0,
            Align::Justify,
        );
        assert_eq!(second.runs[0].x, -1.5);
    }

    #[test]
    fn a_last_word_keeps_four_letters_after_its_hyphen() {
        // "… bour-geoi-sie." : "sie." leaves 3 letters, "geoisie." 7.
        let space = Glyph {
            id: 3,
            advance: 2.0,
            natural: 2.0,
            text: " ".into(),
        };
        let hyphen = Part::Hyphen(0, space.clone());
        let mut items = vec![
            Item::Box { width: 20.0 },
            word_glue(),
            Item::Box { width: 20.0 },
            penalty(HYPHEN_COST),
            Item::Box { width: 20.0 },
            penalty(HYPHEN_COST),
            Item::Box { width: 20.0 },
        ];
        let parts = vec![
            glyphs("the"),
            Part::Space(0, space),
            glyphs("bour"),
            hyphen.clone(),
            glyphs("geoi"),
            hyphen,
            glyphs("sie."),
        ];
        keep_last_fragment(&mut items, &parts);
        assert!(matches!(items[5], Item::Penalty { cost, .. } if cost >= INFINITY));
        assert!(matches!(items[3], Item::Penalty { cost, .. } if cost == HYPHEN_COST));
    }

    #[test]
    fn a_spaced_dash_cannot_open_a_line() {
        let mut items = vec![Item::Box { width: 20.0 }, word_glue()];
        let mut parts = vec![Part::Nothing, Part::Nothing];
        bind_to_word_before(&mut items, &mut parts);
        assert_eq!(items.len(), parts.len());
        // The glue no longer follows a box: no break there.
        assert!(matches!(items[1], Item::Penalty { cost, .. } if cost >= INFINITY));
        assert!(matches!(items[2], Item::Glue { .. }));
    }
}
