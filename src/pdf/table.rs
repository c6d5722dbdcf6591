//! Tables: column widths from the content, as CSS's automatic table layout finds them,
//! each cell set as a ragged paragraph in its column, rows as pieces the pagination
//! never splits, with booktabs' rules (heavy above and below, light under the header,
//! none between columns).
//!
//! Pure layout: cells come in as spans, pieces go out as lines and rules placed from a
//! piece's top left; the flow makes them elements and the writer only draws them.

use super::inline::{Align, Line, ParStyle, Span, Typesetter};
use super::units::Pt;

/// The sizes a table is tried at, as shares of the text size, when its columns' narrowest
/// widths do not fit the measure: a little smaller first, three quarters at the least
/// (smaller is hard to read); past that, cells break inside words.
const SCALES: [f64; 4] = [1.0, 0.9, 0.82, 0.75];
/// The space between two columns, in em of the table's size (booktabs' `\tabcolsep`,
/// 6 pt each side of a 10 pt column edge).
const GAP: f64 = 1.0;
/// The gaps take at most this share of the measure (a table of very many columns).
const MAX_GAPS: f64 = 0.25;
/// The rules' thicknesses, in em of the text size: booktabs' `\heavyrulewidth` (0.08 em)
/// above and below, `\lightrulewidth` (0.05 em) under the header.
const HEAVY_RULE: f64 = 0.08;
const LIGHT_RULE: f64 = 0.05;
/// The space between a rule and the text next to it, in lines of the table's leading.
const RULE_SPACE: f64 = 0.3;
/// The space above and below each body row's text, in lines: rows of wrapped cells stay
/// apart without rules between them.
const ROW_SPACE: f64 = 0.12;
/// Where a line's baseline is, from its top, in lines (as the flow's text lines).
const BASELINE: f64 = 0.72;
/// A cell's measure is widened by this much, so that a text set at exactly its
/// preferred width is not broken by rounding.
const SLACK: Pt = 0.001;

/// The widths chosen for a table's columns, and the size it is set at.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The share of the text size the table is set at.
    pub scale: f64,
    /// Each column's width at that size.
    pub widths: Vec<Pt>,
    /// The space between two columns at that size.
    pub gap: Pt,
    /// Whether even the minimum widths did not fit at the smallest size: the columns
    /// are narrower than their longest words.
    pub tight: bool,
}

impl Plan {
    /// The table's whole width.
    pub fn width(&self) -> Pt {
        self.widths.iter().sum::<Pt>() + self.gap * self.widths.len().saturating_sub(1) as f64
    }
}

/// Chooses the columns' widths from their minimum widths (each column's longest
/// unbreakable stretch) and preferred widths (each column's longest cell on one line),
/// both at the text size, for a measure: the preferred widths when they fit; else each
/// column its minimum and a share of the room left in proportion to what its preferred
/// width asks beyond it (CSS 2.1's automatic layout). When even the minimum widths do
/// not fit, the table is tried at smaller sizes; at the smallest, the room is shared in
/// proportion to the minimum widths and cells break inside their words. `scales` are
/// the sizes to try, largest first.
pub fn plan(min: &[Pt], pref: &[Pt], measure: Pt, em: Pt, scales: &[f64]) -> Plan {
    let n = min.len();
    let gaps = n.saturating_sub(1) as f64;
    for (k, &scale) in scales.iter().enumerate() {
        let gap = if gaps > 0.0 {
            (GAP * em * scale).min(measure * MAX_GAPS / gaps)
        } else {
            0.0
        };
        let room = measure - gap * gaps;
        let min: Vec<Pt> = min.iter().map(|w| w * scale).collect();
        // A cell's text on one line is never narrower than its longest word.
        let pref: Vec<Pt> = pref
            .iter()
            .zip(&min)
            .map(|(p, m)| (p * scale).max(*m))
            .collect();
        let (sum_min, sum_pref) = (min.iter().sum::<Pt>(), pref.iter().sum::<Pt>());
        let tight = sum_min > room;
        let widths = if sum_pref <= room {
            pref
        } else if !tight {
            let share = (room - sum_min) / (sum_pref - sum_min);
            min.iter()
                .zip(&pref)
                .map(|(m, p)| m + (p - m) * share)
                .collect()
        } else if k + 1 == scales.len() {
            min.iter().map(|m| m * room / sum_min).collect()
        } else {
            continue;
        };
        return Plan {
            scale,
            widths,
            gap,
            tight,
        };
    }
    Plan {
        scale: 1.0,
        widths: vec![measure / n.max(1) as f64; n],
        gap: 0.0,
        tight: true,
    }
}

/// A cell's widths: the narrowest its words may be set without breaking them (the
/// minimum), and with their hyphenation (the minimum when a table must wrap harder),
/// and its text on one line (the preferred).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Extents {
    /// The longest stretch without a space.
    pub min: Pt,
    /// The widest piece of a word between its hyphenation points, hyphen included.
    pub hyphenated: Pt,
    /// The text on one line (each forced line break starting another).
    pub preferred: Pt,
}

/// Measures a cell; `lang` gives the hyphenation patterns.
pub fn extents(ts: &mut Typesetter, spans: &[Span], lang: &str) -> Extents {
    let mut longest: Pt = 0.0;
    let mut hyphenated: Pt = 0.0;
    let mut word: Pt = 0.0;
    for span in spans {
        let st = &span.style;
        // A word may run on from one span into the next (`**bold**ness`, a note mark).
        for (k, piece) in span.text.split([' ', '\t', '\n', '\r']).enumerate() {
            if k > 0 {
                longest = longest.max(word);
                word = 0.0;
            }
            if !piece.is_empty() {
                word += ts.width(piece, st.face, st.size);
                hyphenated = hyphenated.max(ts.narrowest(piece, st.face, st.size, lang));
            }
        }
    }
    longest = longest.max(word);
    let lines = ts.paragraph(spans, &cell_style(1.0e6, Align::Left, None));
    let preferred = lines.iter().map(|l| l.width).fold(0.0, Pt::max);
    Extents {
        min: longest,
        hyphenated: hyphenated.min(longest),
        preferred: preferred.max(longest),
    }
}

/// How a cell's paragraph is set: ragged (or centred, or flush right), unhyphenated.
fn cell_style(measure: Pt, align: Align, hyphenate: Option<&str>) -> ParStyle {
    ParStyle {
        measure,
        indent: 0.0,
        align,
        hyphenate: hyphenate.map(str::to_string),
        stretch: 0.0,
        shrink: 0.0,
    }
}

/// A rule in a piece: its left end and its vertical centre from the piece's top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleBox {
    /// Left end.
    pub x: Pt,
    /// Vertical centre below the piece's top.
    pub y: Pt,
    /// Length.
    pub width: Pt,
    /// Thickness.
    pub thickness: Pt,
}

/// A part of a table that stays whole on a page: its header with the rules around it,
/// or one body row (the last with the bottom rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Its height.
    pub height: Pt,
    /// Its cells' lines: each with its left edge and baseline from the piece's top left.
    pub lines: Vec<(Line, Pt, Pt)>,
    /// Its rules.
    pub rules: Vec<RuleBox>,
}

/// A table set: its pieces, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The top rule, the header (if any) and the rule under it: repeated at the top of
    /// each page the table runs on to, when the table has a header.
    pub head: Piece,
    /// Whether the table has a header to repeat.
    pub has_head: bool,
    /// The body rows, the last closed by the bottom rule.
    pub rows: Vec<Piece>,
    /// The plan its columns were set to.
    pub plan: Plan,
}

/// What a table is set from: its cells as spans at the text size.
pub struct Cells<'s> {
    /// The header row's cells (empty for none).
    pub head: &'s [Vec<Span>],
    /// The body rows.
    pub rows: &'s [Vec<Vec<Span>>],
    /// Each column's alignment.
    pub align: &'s [Align],
}

/// The sizes a table is set with.
#[derive(Debug, Clone, Copy)]
pub struct Metrics<'l> {
    /// The width it may take.
    pub measure: Pt,
    /// The text size.
    pub size: Pt,
    /// The text's leading.
    pub leading: Pt,
    /// The language whose hyphenation a table too wide may use.
    pub lang: &'l str,
}

/// Sets a table: its columns planned, each cell broken into lines in its column, and its
/// rows and rules placed; the table centred in the measure when narrower.
pub fn set(ts: &mut Typesetter, cells: &Cells, m: Metrics) -> Table {
    let n = cells
        .rows
        .iter()
        .map(Vec::len)
        .chain([cells.head.len()])
        .max()
        .unwrap_or(0);
    let mut columns = vec![Extents::default(); n];
    for row in std::iter::once(cells.head).chain(cells.rows.iter().map(Vec::as_slice)) {
        for (k, cell) in row.iter().enumerate() {
            let e = extents(ts, cell, m.lang);
            let c = &mut columns[k];
            c.min = c.min.max(e.min);
            c.hyphenated = c.hyphenated.max(e.hyphenated);
            c.preferred = c.preferred.max(e.preferred);
        }
    }
    let pick = |f: fn(&Extents) -> Pt| columns.iter().map(f).collect::<Vec<Pt>>();
    let pref = pick(|c| c.preferred);
    let mut plan = plan(&pick(|c| c.min), &pref, m.measure, m.size, &SCALES);
    // Words wider than their columns even at the smallest size: hyphenated, at that
    // size, before they break anywhere.
    let hyphenate = plan.tight.then_some(m.lang);
    if plan.tight {
        let smallest = &SCALES[SCALES.len() - 1..];
        plan = self::plan(&pick(|c| c.hyphenated), &pref, m.measure, m.size, smallest);
    }
    let scale = plan.scale;
    let leading = m.leading * scale;
    let left = ((m.measure - plan.width()) / 2.0).max(0.0);
    let mut xs = Vec::with_capacity(n);
    let mut x = left;
    for w in &plan.widths {
        xs.push(x);
        x += w + plan.gap;
    }
    let width = plan.width();
    let rule = |y: Pt, em: f64| RuleBox {
        x: left,
        y,
        width,
        thickness: em * m.size,
    };
    let heavy = HEAVY_RULE * m.size;
    let light = LIGHT_RULE * m.size;
    let space = RULE_SPACE * leading;
    // Sets a row's cells from `top`: their lines, and how many lines the tallest takes.
    let row = |ts: &mut Typesetter, row: &[Vec<Span>], top: Pt| {
        let mut lines = Vec::new();
        let mut most = 0;
        for (k, cell) in row.iter().enumerate() {
            let align = cells.align.get(k).copied().unwrap_or(Align::Left);
            let spans: Vec<Span> = cell.iter().map(|s| scaled(s, scale)).collect();
            let style = cell_style(plan.widths[k] + SLACK, align, hyphenate);
            let set = ts.paragraph(&spans, &style);
            most = most.max(set.len());
            for (j, line) in set.into_iter().enumerate() {
                let baseline = top + (j as f64 + BASELINE) * leading;
                lines.push((line, xs[k], baseline));
            }
        }
        (lines, most as f64 * leading)
    };
    // The head: the top rule, then the header and the rule under it.
    let mut head = Piece {
        height: heavy,
        lines: Vec::new(),
        rules: vec![rule(heavy / 2.0, HEAVY_RULE)],
    };
    let has_head = cells.head.iter().any(|c| !c.is_empty());
    if has_head {
        let (lines, h) = row(ts, cells.head, heavy + space);
        head.lines = lines;
        let y = heavy + space + h + space;
        head.rules.push(rule(y + light / 2.0, LIGHT_RULE));
        head.height = y + light;
    }
    head.height += space - ROW_SPACE * leading;
    let mut rows = Vec::with_capacity(cells.rows.len());
    for cs in cells.rows {
        let pad = ROW_SPACE * leading;
        let (lines, h) = row(ts, cs, pad);
        rows.push(Piece {
            height: pad + h + pad,
            lines,
            rules: Vec::new(),
        });
    }
    // The bottom rule closes the last row, or the head of a table without rows.
    let last = rows.last_mut().unwrap_or(&mut head);
    let y = last.height - ROW_SPACE * leading + space;
    last.rules.push(rule(y + heavy / 2.0, HEAVY_RULE));
    last.height = y + heavy;
    Table {
        head,
        has_head,
        rows,
        plan,
    }
}

/// A span at a share of its size.
fn scaled(span: &Span, scale: f64) -> Span {
    let mut s = span.clone();
    s.style.size *= scale;
    s.style.rise *= scale;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const EM: Pt = 10.0;

    #[test]
    fn preferred_widths_that_fit_are_taken_as_they_are() {
        let p = plan(&[20.0, 30.0], &[50.0, 60.0], 300.0, EM, &SCALES);
        assert_eq!(p.scale, 1.0);
        assert_eq!(p.widths, vec![50.0, 60.0]);
        assert_eq!(p.gap, 10.0);
        assert_eq!(p.width(), 120.0);
    }

    #[test]
    fn the_room_left_over_minimum_widths_goes_in_proportion_to_what_each_asks() {
        // Room 190 (200 less one gap); minimums take 50, leaving 140 of the 280 asked.
        let p = plan(&[20.0, 30.0], &[100.0, 230.0], 200.0, EM, &SCALES);
        assert_eq!(p.scale, 1.0);
        assert!((p.widths[0] - (20.0 + 80.0 * 0.5)).abs() < 1e-9, "{p:?}");
        assert!((p.widths[1] - (30.0 + 200.0 * 0.5)).abs() < 1e-9, "{p:?}");
        assert!((p.width() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn a_table_whose_words_do_not_fit_is_set_smaller_then_breaks_them() {
        // 210 of minimums in 200 less a gap: at 90 % they take 189, which fits 191.
        let p = plan(&[100.0, 110.0], &[300.0, 300.0], 200.0, EM, &SCALES);
        assert_eq!(p.scale, 0.9);
        assert!(!p.tight);
        assert!(p.widths[0] >= 90.0 && p.widths[1] >= 99.0);
        assert!(p.width() <= 200.0 + 1e-9);
        // Far too wide even at three quarters: shared by the minimums, filling the room.
        let p = plan(&[400.0, 200.0], &[500.0, 300.0], 200.0, EM, &SCALES);
        assert_eq!(p.scale, 0.75);
        assert!(p.tight);
        assert!((p.widths[0] / p.widths[1] - 2.0).abs() < 1e-9);
        assert!((p.width() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn a_cells_extents_are_its_longest_word_and_its_line() {
        use crate::pdf::fonts::Face;
        use crate::pdf::inline::SpanStyle;
        let mut ts = Typesetter::new().unwrap();
        let span = |text: &str| Span {
            text: text.into(),
            style: SpanStyle::new(Face::Regular, 10.0),
        };
        let e = extents(
            &mut ts,
            &[span("the internationalist "), span("committee")],
            "en",
        );
        let longest = ts.width("internationalist", Face::Regular, 10.0);
        assert!((e.min - longest).abs() < 1e-9, "{e:?}");
        assert!(e.hyphenated < e.min && e.hyphenated > 0.0, "{e:?}");
        let whole = ts.width("the internationalist committee", Face::Regular, 10.0);
        assert!((e.preferred - whole).abs() < 0.5, "{e:?} against {whole}");
        // A word runs on from one span into the next.
        let e = extents(&mut ts, &[span("inter"), span("nationalist")], "en");
        assert!(e.min > longest * 0.95, "{e:?}");
    }

    #[test]
    fn many_columns_keep_room_for_their_text() {
        let p = plan(&[1.0; 60], &[2.0; 60], 300.0, EM, &SCALES);
        assert!(p.gap * 59.0 <= 300.0 * MAX_GAPS + 1e-9);
        assert!(p.width() <= 300.0 + 1e-9);
        assert!(p.widths.iter().all(|w| *w > 0.0));
    }
}
