//! Paragraphs: styled text into justified lines — collect words, shape them, mark where
//! they may break (spaces, hyphenation, compounds), break with Knuth–Plass, set the lines.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::fonts::Face;
use super::hyphenate::Hyphenator;
use super::layout::Glyph;
use super::linebreak::{self, Item, Params, INFINITY};
use super::shape::{ShapedGlyph, Shaper};
use super::units::Pt;

/// The cost of a break at a hyphen the layout adds: Knuth and Plass's 50 (TeX's
/// `\hyphenpenalty`). Double hyphens are discouraged apart (flagged demerits) and more
/// than two in a row forbidden.
const HYPHEN_COST: f64 = 50.0;
/// The cost of a break after a hyphen or dash of the text itself (TeX's
/// `\exhyphenpenalty`, 50).
const EXPLICIT_COST: f64 = 50.0;
/// The cost of a break inside an address (after `/`, `.`): allowed, but only when the
/// line needs it.
const ADDRESS_COST: f64 = 200.0;
/// The cost of a break between any two letters of a word too long for any line: the last
/// resort before an overfull line, which we never set.
const ANYWHERE_COST: f64 = 2_000.0;
/// A word wider than this share of the measure gets breaks inside it (addresses, long
/// compounds): otherwise its line would be very loose or overfull.
const LONG_WORD: f64 = 0.6;
/// The stretch of the last line's fill: so large that the ratio stays near 0 and the
/// last line is set at its natural spacing.
const FILL: Pt = 100_000.0;
/// Ragged lines may stretch by this many spaces at their end (Knuth's ragged right:
/// glue of 3 word spaces' stretch, *Digital Typography* p. 95).
const RAGGED_STRETCH: f64 = 3.0;

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
    /// Where it links to.
    pub link: Option<Link>,
    /// An anchor set at the piece (a note reference's own place).
    pub anchor: Option<String>,
    /// The note whose reference this piece is (its first reference).
    pub note: Option<String>,
}

impl SpanStyle {
    /// Makes a plain style.
    pub fn new(face: Face, size: Pt) -> SpanStyle {
        SpanStyle {
            face,
            size,
            rise: 0.0,
            link: None,
            anchor: None,
            note: None,
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
    /// Clickable stretches: from, to (relative to the line's start), where to.
    pub links: Vec<(Pt, Pt, Link)>,
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
}

/// A piece of a word between two places where it may break.
#[derive(Debug, Clone)]
struct Piece {
    glyphs: Rc<[Glyph]>,
    width: Pt,
    /// The break after it, if any: cost, flagged, with a hyphen.
    after: Option<(f64, bool, bool)>,
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
    hyphenators: Vec<(String, Hyphenator)>,
    caches: HashMap<(Face, u64, usize), WordCache>,
}

impl Typesetter {
    /// Makes a typesetter.
    pub fn new() -> Result<Typesetter, String> {
        Ok(Typesetter {
            shaper: Shaper::new()?,
            hyphenators: Vec::new(),
            caches: HashMap::new(),
        })
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

    /// Returns the width of a text in one style (for labels, folios, leaders).
    pub fn width(&mut self, text: &str, face: Face, size: Pt) -> Pt {
        self.shaper
            .shape(face, text)
            .iter()
            .map(|g| g.advance * size)
            .sum()
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
                    + if matches!(p.after, Some((_, _, true))) {
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
        let (items, parts, styles) = self.collect(spans, par);
        if items.len() <= 1 {
            return Vec::new();
        }
        // 2. Break: total fit, loosening until it succeeds.
        let widths = [par.measure - par.indent, par.measure];
        let params = Params::default();
        let breaks = linebreak::linebreak_any(&items, &widths, &params)
            .unwrap_or_else(|| emergency_breaks(&items));
        // 3. Set each line.
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
                &items, &parts, &styles, start, b.index, b.ratio, measure, offset, par.align,
            );
            lines.push(line);
            start = b.index + 1;
        }
        lines
    }

    /// Turns spans into items, with what each draws.
    fn collect(
        &mut self,
        spans: &[Span],
        par: &ParStyle,
    ) -> (Vec<Item>, Vec<Part>, Vec<SpanStyle>) {
        let mut items = Vec::new();
        let mut parts = Vec::new();
        let mut styles: Vec<SpanStyle> = Vec::new();
        // Styles by their printed form (a `Pt` is a float, not `Hash`): each note
        // reference has a style of its own, and a scan per span was quadratic.
        let mut style_index: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        if par.indent > 0.0 && par.align == Align::Justify {
            items.push(Item::Box { width: 0.0 });
            parts.push(Part::Nothing);
        }
        for span in spans {
            let si = *style_index
                .entry(format!("{:?}", span.style))
                .or_insert_with(|| {
                    styles.push(span.style.clone());
                    styles.len() - 1
                });
            let style = span.style.clone();
            let mut word_start = None;
            let text = &span.text;
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
                    }
                    if c == '\n' {
                        forced_break(&mut items, &mut parts);
                    } else if matches!(items.last(), Some(Item::Box { .. })) {
                        self.space(&style, si, par, &mut items, &mut parts);
                    }
                } else if word_start.is_none() {
                    word_start = Some(i);
                }
            }
            if let Some(s) = word_start {
                flush(self, &mut items, &mut parts, s, text.len());
            }
        }
        // Drop trailing spaces, then end with a fill and a forced break.
        while matches!(items.last(), Some(Item::Glue { .. })) {
            items.pop();
            parts.pop();
        }
        forced_break(&mut items, &mut parts);
        (items, parts, styles)
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
        let key = (style.face, style.size.to_bits(), 0);
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
        let lang = self.language(par.hyphenate.as_deref());
        let key = (style.face, style.size.to_bits(), lang);
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
        let hyphen = if pieces.iter().any(|p| matches!(p.after, Some((_, _, true)))) {
            self.hyphen(key, style)
        } else {
            None
        };
        for p in pieces.iter() {
            items.push(Item::Box { width: p.width });
            parts.push(Part::Glyphs(si, p.glyphs.clone()));
            if let Some((cost, flagged, with_hyphen)) = p.after {
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

    /// The hyphen of a face and size.
    fn hyphen(&mut self, key: (Face, u64, usize), style: &SpanStyle) -> Option<Glyph> {
        if let Some(h) = self.caches.get(&key).and_then(|c| c.hyphen.clone()) {
            return Some(h);
        }
        let h = self
            .glyphs("-", style.face, style.size)
            .into_iter()
            .next()?;
        self.caches.entry(key).or_default().hyphen = Some(h.clone());
        Some(h)
    }

    /// Shapes a word and cuts it where it may break: after its own hyphens and dashes,
    /// where its language's patterns allow, and — for a word longer than `long` — inside
    /// addresses or anywhere.
    fn cut(&mut self, word: &str, style: &SpanStyle, lang: usize, long: Option<Pt>) -> Vec<Piece> {
        let shaped = self.shaper.shape(style.face, word);
        let glyphs = to_glyphs(word, &shaped, style.size);
        // Where the word may break: (byte offset, cost, flagged, with a hyphen).
        let mut cuts: Vec<(usize, f64, bool, bool)> = Vec::new();
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for (k, &(_, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1);
            let prev_letter = k > 0 && chars[k - 1].1.is_alphanumeric();
            if let Some(&(j, n)) = next {
                if c == '-' && prev_letter && n.is_alphanumeric() {
                    cuts.push((j, EXPLICIT_COST, true, false));
                } else if matches!(c, '—' | '–') && k > 0 && !matches!(n, ',' | '.' | ';' | ':')
                {
                    cuts.push((j, EXPLICIT_COST, false, false));
                }
            }
        }
        if let Some((_, hyphenator)) = lang.checked_sub(1).and_then(|i| self.hyphenators.get(i)) {
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
                for b in hyphenator.breaks(&word[from..to]) {
                    cuts.push((from + b, HYPHEN_COST, true, true));
                }
            }
        }
        if let Some(measure) = long {
            // Inside an address, after its separators; between any two letters only in a
            // stretch still too long for a line.
            let mut seps = vec![0];
            for (k, &(_, c)) in chars.iter().enumerate() {
                if let Some(&(j, _)) = chars.get(k + 1) {
                    if matches!(c, '/' | '.' | '_' | '?' | '&' | '=' | '#' | '-') {
                        cuts.push((j, ADDRESS_COST, false, false));
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
                    for &(j, _) in &chars[lo..hi] {
                        cuts.push((j, ANYWHERE_COST, false, false));
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
        for (at, cost, flagged, with_hyphen) in cuts {
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
                after: Some((cost, flagged, with_hyphen)),
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

/// Turns shaped glyphs into layout glyphs at a size, each cluster's text on its first
/// glyph.
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

fn to_glyphs(text: &str, shaped: &[ShapedGlyph], size: Pt) -> Vec<Glyph> {
    let mut out = Vec::with_capacity(shaped.len());
    for (i, g) in shaped.iter().enumerate() {
        let first = i == 0 || shaped[i - 1].cluster != g.cluster;
        let text: Arc<str> = if first {
            let end = shaped[i..]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c > g.cluster)
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

/// Sets the items `from..=to` as a line broken at `to` with the given ratio.
#[allow(clippy::too_many_arguments)]
fn set_line(
    items: &[Item],
    parts: &[Part],
    styles: &[SpanStyle],
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
    let mut links: Vec<(Pt, Pt, Link)> = Vec::new();
    let mut anchors = Vec::new();
    let mut notes = Vec::new();
    let mut x: Pt = 0.0;
    let mut size: Pt = 0.0;
    let mut push = |runs: &mut Vec<LineRun>, x: &mut Pt, si: usize, glyph: Glyph| {
        let st = &styles[si];
        let same = runs
            .last()
            .is_some_and(|r| r.face == st.face && r.size == st.size && r.rise == st.rise);
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
            });
        }
        if let Some(link) = &st.link {
            match links.last_mut() {
                Some(l) if l.2 == *link && (l.1 - *x).abs() < 0.01 => l.1 = *x + w,
                _ => links.push((*x, *x + w, link.clone())),
            }
        }
        *x += w;
    };
    let mut last_glyph_end = 0.0;
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
                for g in glyphs.iter() {
                    push(&mut runs, &mut x, *si, g.clone());
                }
                last_glyph_end = x;
            }
            (Item::Box { width }, _) => x += width,
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
                    push(&mut runs, &mut x, *si, g);
                } else {
                    x += w;
                }
            }
            _ => {}
        }
    }
    let mut hyphenated = false;
    if let (Item::Penalty { .. }, Part::Hyphen(si, g)) = (&items[to], &parts[to]) {
        push(&mut runs, &mut x, *si, g.clone());
        last_glyph_end = x;
        hyphenated = true;
    }
    // A book holds millions of glyphs: no spare capacity in its runs.
    for r in &mut runs {
        r.glyphs.shrink_to_fit();
    }
    // Trailing spaces (before a forced break) draw nothing and take no width.
    let width = last_glyph_end;
    let shift = match align {
        Align::Justify | Align::Left => offset,
        Align::Center => offset + ((measure - width) / 2.0).max(0.0),
        Align::Right => offset + (measure - width).max(0.0),
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
