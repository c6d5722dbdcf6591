//! Line breaking: Knuth and Plass's total-fit algorithm over boxes, glue and penalties.
//!
//! Pure: it knows widths and nothing of fonts or pages. D. E. Knuth and M. F. Plass,
//! "Breaking Paragraphs into Lines", *Software—Practice and Experience* 11 (1981),
//! reprinted in Knuth, *Digital Typography* (1999), ch. 3; the names below are the paper's.

use super::units::Pt;

/// A penalty at least this high forbids a break; at most its negative forces one (the
/// paper's ∞, p. 1128).
pub const INFINITY: f64 = 10_000.0;

/// A penalty at least this high is a last resort (a break inside a word with no hyphen
/// drawn): like an added hyphen, never taken by the first pass.
pub const LAST_RESORT: f64 = 1_000.0;

/// The material of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something unbreakable of a fixed width (a word or a piece of one).
    Box {
        /// Its width.
        width: Pt,
    },
    /// Space that may stretch or shrink, and where a line may break if a box precedes it.
    Glue {
        /// Its natural width.
        width: Pt,
        /// How much it may grow at ratio 1.
        stretch: Pt,
        /// How much it may shrink at ratio −1.
        shrink: Pt,
    },
    /// A possible break with a cost, and a width added to the line if it breaks here (a
    /// hyphen).
    Penalty {
        /// The width added at a break here.
        width: Pt,
        /// The cost of breaking here (≥ `INFINITY`: never; ≤ −`INFINITY`: always).
        cost: f64,
        /// Whether the break is a hyphenation (two in a row cost more).
        flagged: bool,
    },
}

/// How the breaker weighs its choices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The largest adjustment ratio a line may have (the paper's ρ). Lines may always
    /// shrink down to −1, never further: no line is ever overfull.
    pub tolerance: f64,
    /// Added to each line's badness before squaring (the paper's α... TeX's
    /// `\linepenalty`, 10): favours fewer lines.
    pub line_penalty: f64,
    /// Added when two flagged breaks come in a row (TeX's `\doublehyphendemerits`, 10000).
    pub flagged_demerits: f64,
    /// Added when adjacent lines' fitness classes differ by more than one (TeX's
    /// `\adjdemerits`, 10000).
    pub fitness_demerits: f64,
    /// Added when the next-to-last line ends in a hyphen: a word's tail alone on the last
    /// line reads badly. TeX's `\finalhyphendemerits` (5000) is twice its hyphen's
    /// squared cost (50²); so is ours, against our hyphen's 700².
    pub final_demerits: f64,
    /// The most consecutive lines that may end with a hyphen.
    pub max_hyphens: usize,
    /// Whether the breaks that add a hyphen (and the last resorts) may be taken: TeX's
    /// first pass goes without them (at `\pretolerance`), and a paragraph that sets well
    /// so has no hyphen at all.
    pub hyphenate: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            flagged_demerits: 10_000.0,
            fitness_demerits: 10_000.0,
            final_demerits: 1_000_000.0,
            max_hyphens: 2,
            hyphenate: true,
        }
    }
}

/// Where a line ends: the item it breaks at and how its glue is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// The index of the glue or penalty the line breaks at.
    pub index: usize,
    /// The adjustment ratio: glue grows by `ratio × stretch` (ratio > 0) or shrinks by
    /// `ratio × shrink` (ratio < 0).
    pub ratio: f64,
}

/// A feasible breakpoint found so far (the paper's active or passive node).
#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    line: usize,
    fitness: usize,
    hyphens: usize,
    width: Pt,
    stretch: Pt,
    shrink: Pt,
    demerits: f64,
    ratio: f64,
    previous: Option<usize>,
}

/// Breaks a paragraph into lines of the given widths (`widths[i]` for line `i`, the last
/// one for every line after), choosing the breaks that minimize the total demerits of
/// the paragraph. The items must end with a forced break. Returns `None` when no set of
/// breaks keeps every line's ratio within `[-1, tolerance]`: the caller then retries
/// with a higher tolerance, or with `f64::INFINITY`, where only a box wider than the
/// line can fail.
pub fn linebreak(items: &[Item], widths: &[Pt], params: &Params) -> Option<Vec<Break>> {
    let (nodes, ends) = search(items, widths, params, false)?;
    let end = ends
        .into_iter()
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    Some(path(&nodes, end))
}

/// Breaks a paragraph into exactly `lines[k]` lines, for each `k`, as TeX's `\looseness`
/// does (a paragraph set a line longer or shorter than its best, so that a page fills),
/// within the tolerance asked: one search serves every number of lines. Returns, for
/// each, the breaks and how many demerits they cost more than the paragraph's best
/// setting at that tolerance; `None` when no set of breaks gives that many lines.
pub fn linebreak_lines(
    items: &[Item],
    widths: &[Pt],
    params: &Params,
    lines: &[usize],
) -> Vec<Option<(Vec<Break>, f64)>> {
    let Some((nodes, ends)) = search(items, widths, params, true) else {
        return vec![None; lines.len()];
    };
    let best = ends
        .iter()
        .map(|&a| nodes[a].demerits)
        .fold(f64::INFINITY, f64::min);
    lines
        .iter()
        .map(|&n| {
            let end = ends
                .iter()
                .copied()
                .filter(|&a| nodes[a].line == n)
                .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
            Some((path(&nodes, end), nodes[end].demerits - best))
        })
        .collect()
}

/// The breaks on the way to a node.
fn path(nodes: &[Node], end: usize) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut at = Some(end);
    while let Some(n) = at {
        if nodes[n].previous.is_some() {
            breaks.push(Break {
                index: nodes[n].position,
                ratio: nodes[n].ratio,
            });
        }
        at = nodes[n].previous;
    }
    breaks.reverse();
    breaks
}

/// The search of total fit: every feasible breakpoint as a node, and the nodes that end
/// the paragraph. With `by_line`, breakpoints reached with different numbers of lines
/// stay apart (TeX does so when `\looseness` is not 0), so that the best way to the end
/// is known for each number of lines; else only the best for each class of fitness and
/// hyphens is kept.
fn search(
    items: &[Item],
    widths: &[Pt],
    params: &Params,
    by_line: bool,
) -> Option<(Vec<Node>, Vec<usize>)> {
    let width_of =
        |line: usize| -> Pt { widths.get(line).or(widths.last()).copied().unwrap_or(0.0) };
    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        hyphens: 0,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let (mut sum_w, mut sum_y, mut sum_z) = (0.0, 0.0, 0.0);

    for (b, item) in items.iter().enumerate() {
        let (penalty_width, cost, flagged) = match *item {
            Item::Box { width } => {
                sum_w += width;
                continue;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                let legal = b > 0 && matches!(items[b - 1], Item::Box { .. });
                if !legal {
                    sum_w += width;
                    sum_y += stretch;
                    sum_z += shrink;
                    continue;
                }
                (0.0, 0.0, false)
            }
            Item::Penalty {
                width,
                cost,
                flagged,
            } => {
                let last_resort = (flagged && width > 0.0) || cost >= LAST_RESORT;
                if cost >= INFINITY || (!params.hyphenate && last_resort) {
                    continue;
                }
                (width, cost, flagged)
            }
        };

        // Try a line from every active node to this breakpoint.
        // The best way here for each class: (fitness, hyphens, demerits, from node,
        // ratio), with its number of lines when they are kept apart.
        let mut best: Vec<(usize, usize, f64, usize, f64, usize)> = Vec::new();
        let mut still_active = Vec::with_capacity(active.len());
        for &a in &active {
            let node = nodes[a];
            let length = sum_w - node.width + penalty_width;
            let target = width_of(node.line);
            let ratio = if length < target {
                let stretch = sum_y - node.stretch;
                if stretch > 0.0 {
                    (target - length) / stretch
                } else {
                    f64::INFINITY
                }
            } else if length > target {
                let shrink = sum_z - node.shrink;
                if shrink > 0.0 {
                    (target - length) / shrink
                } else {
                    f64::NEG_INFINITY
                }
            } else {
                0.0
            };
            let forced = cost <= -INFINITY;
            if !(ratio < -1.0 || forced) {
                still_active.push(a);
            }
            if ratio < -1.0 || ratio > params.tolerance {
                continue;
            }
            let hyphens = if flagged { node.hyphens + 1 } else { 0 };
            if hyphens > params.max_hyphens {
                continue;
            }
            // Badness 100|r|³ (the paper's eq. 3), capped so that an infinite ratio (a
            // line without glue, in the last resort) still compares.
            let badness = (100.0 * ratio.abs().powi(3)).min(1e7);
            let base = (params.line_penalty + badness).powi(2);
            let mut demerits = if cost >= 0.0 {
                base + cost * cost
            } else if cost > -INFINITY {
                base - cost * cost
            } else {
                base
            };
            let previous_flagged = matches!(
                items.get(node.position),
                Some(Item::Penalty { flagged: true, .. })
            ) && node.position > 0;
            if flagged && previous_flagged {
                demerits += params.flagged_demerits;
            }
            if forced && b + 1 == items.len() && previous_flagged {
                demerits += params.final_demerits;
            }
            let fitness: usize = if ratio < -0.5 {
                0
            } else if ratio <= 0.5 {
                1
            } else if ratio <= 1.0 {
                2
            } else {
                3
            };
            if fitness.abs_diff(node.fitness) > 1 {
                demerits += params.fitness_demerits;
            }
            let total = node.demerits + demerits;
            let line = if by_line { node.line + 1 } else { 0 };
            match best
                .iter_mut()
                .find(|(f, h, .., l)| *f == fitness && *h == hyphens && *l == line)
            {
                Some(slot) if slot.2 <= total => {}
                Some(slot) => *slot = (fitness, hyphens, total, a, ratio, line),
                None => best.push((fitness, hyphens, total, a, ratio, line)),
            }
        }
        active = still_active;

        if !best.is_empty() {
            // What the next line starts with: the sums after the discardable items that
            // follow the break.
            let (mut w, mut y, mut z) = (sum_w, sum_y, sum_z);
            for (i, after) in items.iter().enumerate().skip(b) {
                match *after {
                    Item::Box { .. } => break,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        w += width;
                        y += stretch;
                        z += shrink;
                    }
                    Item::Penalty { cost, .. } if cost <= -INFINITY && i > b => break,
                    Item::Penalty { .. } => {}
                }
            }
            for (fitness, hyphens, demerits, from, ratio, _) in best {
                nodes.push(Node {
                    position: b,
                    line: nodes[from].line + 1,
                    fitness,
                    hyphens,
                    width: w,
                    stretch: y,
                    shrink: z,
                    demerits,
                    ratio,
                    previous: Some(from),
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
        if let Item::Glue {
            width,
            stretch,
            shrink,
        } = *item
        {
            sum_w += width;
            sum_y += stretch;
            sum_z += shrink;
        }
    }

    // Every surviving node ends at the final forced break.
    let last = items.len().checked_sub(1)?;
    let ends: Vec<usize> = active
        .into_iter()
        .filter(|&a| nodes[a].position == last)
        .collect();
    Some((nodes, ends))
}

/// The tolerance of the first pass, without added hyphens: as loose as the second's (a
/// ratio of 2; TeX's `\pretolerance` of 100, a ratio of 1, left a hyphen at the end of
/// one line in six on our measure against typst's one in sixteen, measured by
/// `scripts/typeset-bench.py`). A space at ratio 2 is still under twice its width.
pub const PRETOLERANCE: f64 = 2.0;

/// Breaks as TeX does: first without added hyphens at [`PRETOLERANCE`], then with them
/// at the tolerance asked, then looser, then with no limit on stretching (lines may be
/// loose, never overfull). Returns `None` only when a single box is wider than its line.
pub fn linebreak_any(items: &[Item], widths: &[Pt], params: &Params) -> Option<Vec<Break>> {
    let first = params
        .hyphenate
        .then_some((PRETOLERANCE.min(params.tolerance), false));
    first
        .into_iter()
        .chain(
            [params.tolerance, params.tolerance * 5.0, f64::INFINITY]
                .map(|t| (t, params.hyphenate)),
        )
        .find_map(|(tolerance, hyphenate)| {
            linebreak(
                items,
                widths,
                &Params {
                    tolerance,
                    hyphenate,
                    ..*params
                },
            )
        })
}

/// Returns the first-fit breaks a greedy line filler would choose (for comparison).
pub fn first_fit(items: &[Item], width: Pt) -> Vec<usize> {
    let mut breaks = Vec::new();
    let (mut line, mut last_legal, mut at_legal) = (0.0, None, 0.0);
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Box { width: w } => line += w,
            Item::Glue { width: w, .. } => {
                if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                    last_legal = Some(i);
                    at_legal = line;
                }
                line += w;
            }
            Item::Penalty { cost, .. } => {
                if cost <= -INFINITY {
                    breaks.push(i);
                    line = 0.0;
                    last_legal = None;
                } else if cost < INFINITY {
                    last_legal = Some(i);
                    at_legal = line;
                }
            }
        }
        if line > width {
            if let Some(b) = last_legal.take() {
                breaks.push(b);
                line -= at_legal;
                // The glue at the break is dropped.
                if let Item::Glue { width: w, .. } = items[b] {
                    line -= w;
                }
            }
        }
        i += 1;
    }
    breaks
}

/// Returns the natural width, stretch and shrink of items `from..to`, leaving out the
/// discardable items at the line's start.
pub fn measure(items: &[Item], from: usize, to: usize) -> (Pt, Pt, Pt) {
    let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
    for item in &items[from..to] {
        if let Item::Glue {
            width,
            stretch,
            shrink,
        } = *item
        {
            w += width;
            y += stretch;
            z += shrink;
        } else if let Item::Box { width } = *item {
            w += width;
        }
    }
    (w, y, z)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The opening of Grimm's *The Frog King*, Knuth's running example ("Breaking
    /// Paragraphs into Lines", *Digital Typography* ch. 3), with its one explicit hyphen.
    const FROG_KING: &str = "In olden times when wishing still helped one, there lived a king whose daughters were all beautiful; and the youngest was so beautiful that the sun itself, which has seen so much, was astonished whenever it shone in her face. Close by the king’s castle lay a great dark forest, and under an old lime-tree in the forest was a well, and when the day was very warm, the king’s child went out into the forest and sat down by the side of the cool fountain; and when she was bored she took a golden ball, and threw it up on high and caught it; and this ball was her favorite plaything.";

    /// Monotype widths in machine units (1/18 em), as Knuth gives them (ibid., p. 75).
    fn width(c: char) -> f64 {
        const LOWER: [f64; 26] = [
            9., 10., 8., 10., 8., 6., 9., 10., 5., 6., 10., 5., 15., 10., 9., 10., 10., 7., 7., 7.,
            10., 9., 13., 10., 10., 8.,
        ];
        match c {
            'a'..='z' => LOWER[c as usize - 'a' as usize],
            'C' => 13.,
            'I' | '-' => 6.,
            ',' | ';' | '.' | '’' => 5.,
            _ => 0.,
        }
    }

    /// Knuth's items: interword glue by the punctuation before it (ibid., p. 75).
    fn items(text: &str) -> Vec<Item> {
        let mut out = Vec::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                let (w, y, z) = match out.last() {
                    Some(Item::Box { .. }) | None => {
                        let last = text.split(' ').nth(i - 1).and_then(|w| w.chars().last());
                        match last {
                            Some(',') => (6., 4., 2.),
                            Some(';') => (6., 4., 1.),
                            Some('.') => (8., 6., 1.),
                            _ => (6., 3., 2.),
                        }
                    }
                    _ => (6., 3., 2.),
                };
                out.push(Item::Glue {
                    width: w,
                    stretch: y,
                    shrink: z,
                });
            }
            for (k, part) in word.split('-').enumerate() {
                if k > 0 {
                    out.push(Item::Box { width: width('-') });
                    out.push(Item::Penalty {
                        width: 0.,
                        cost: 50.,
                        flagged: true,
                    });
                }
                out.push(Item::Box {
                    width: part.chars().map(width).sum(),
                });
            }
        }
        out.push(Item::Penalty {
            width: 0.,
            cost: INFINITY,
            flagged: false,
        });
        out.push(Item::Glue {
            width: 0.,
            stretch: 1e5,
            shrink: 0.,
        });
        out.push(Item::Penalty {
            width: 0.,
            cost: -INFINITY,
            flagged: true,
        });
        out
    }

    /// The ratio of each line of a set of breaks.
    fn ratios(items: &[Item], breaks: &[usize], width: Pt) -> Vec<f64> {
        let mut out = Vec::new();
        let mut start = 0;
        for &b in breaks {
            while start < b && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            let (mut w, y, z) = measure(items, start, b);
            if let Item::Penalty { width, .. } = items[b] {
                w += width;
            }
            out.push(if w < width {
                (width - w) / y
            } else {
                (width - w) / z
            });
            start = b + 1;
        }
        out
    }

    #[test]
    fn the_frog_king_is_set_without_a_loose_line() {
        let items = items(FROG_KING);
        // Without Knuth's soft hyphens the paragraph needs a tolerance of 2 at 390 units.
        let params = Params::default();
        assert!(linebreak(
            &items,
            &[390.0],
            &Params {
                tolerance: 1.0,
                ..params
            }
        )
        .is_none());
        let breaks = linebreak(&items, &[390.0], &params).unwrap();
        let at: Vec<usize> = breaks.iter().map(|b| b.index).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(*at.last().unwrap(), items.len() - 1);
        for b in &breaks[..breaks.len() - 1] {
            assert!((-1.0..=2.0).contains(&b.ratio), "{b:?}");
        }
        // Twelve lines, as in Knuth's narrow setting (p. 81, which also had soft hyphens):
        // our breaks, pinned so that a change shows.
        assert_eq!(at, [17, 33, 51, 67, 87, 107, 130, 148, 170, 190, 210, 228]);
        // Total fit spreads the space: its worst line is better than first fit's, which
        // leaves a loose line as Knuth's figure shows (ibid., p. 69).
        let greedy = first_fit(&items, 390.0);
        let worst = |r: &[f64]| r[..r.len() - 1].iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let total = ratios(&items, &at, 390.0);
        let first = ratios(&items, &greedy, 390.0);
        assert!(worst(&total) <= worst(&first), "{total:?} vs {first:?}");
    }

    #[test]
    fn a_paragraph_is_set_a_line_longer_or_shorter_at_a_cost() {
        let items = items(FROG_KING);
        let params = Params::default();
        let best = linebreak(&items, &[390.0], &params).unwrap();
        let n = best.len();
        // Its own number of lines costs nothing more, and gives the best breaks.
        let one = |lines: usize| linebreak_lines(&items, &[390.0], &params, &[lines]).remove(0);
        let (same, cost) = one(n).unwrap();
        assert_eq!(same, best);
        assert_eq!(cost, 0.0);
        // A line more, a line less: exactly that many lines, within tolerance, dearer.
        for lines in [n + 1, n - 1] {
            let Some((breaks, cost)) = one(lines) else {
                continue;
            };
            assert_eq!(breaks.len(), lines);
            assert!(cost > 0.0, "{lines}: {cost}");
            assert_eq!(breaks.last().unwrap().index, items.len() - 1);
            for b in &breaks[..lines - 1] {
                assert!((-1.0..=params.tolerance).contains(&b.ratio), "{b:?}");
            }
        }
        assert!(one(n + 1).is_some());
        // Far too few lines cannot be set.
        assert!(one(n / 2).is_none());
        // One search, several numbers of lines: each as asked alone.
        let both = linebreak_lines(&items, &[390.0], &params, &[n + 1, n / 2]);
        assert_eq!(both, [one(n + 1), None]);
    }

    #[test]
    fn a_paragraph_that_sets_without_hyphens_gets_none() {
        // Knuth's items with a hyphen the layout adds (width > 0) in every long word.
        let mut all = Vec::new();
        for item in items(FROG_KING) {
            all.push(item);
            if let Item::Box { width } = item {
                if width > 40.0 {
                    all.push(Item::Penalty {
                        width: 6.0,
                        cost: 50.0,
                        flagged: true,
                    });
                    all.push(Item::Box { width: 1.0 });
                }
            }
        }
        let items = all;
        let breaks = linebreak_any(&items, &[390.0], &Params::default()).unwrap();
        assert!(breaks
            .iter()
            .all(|b| !matches!(items[b.index], Item::Penalty { width, .. } if width > 0.0)));
        // Asked for no first pass, the same paragraph takes hyphens where they help.
        let with = linebreak(&items, &[390.0], &Params::default()).unwrap();
        assert!(with
            .iter()
            .any(|b| matches!(items[b.index], Item::Penalty { width, .. } if width > 0.0)));
    }

    #[test]
    fn too_narrow_fails_then_loosens_but_never_overfills() {
        let items = items(FROG_KING);
        assert!(linebreak(&items, &[100.0], &Params::default()).is_none());
        // With no limit on stretching, every line fits (the widest word is 97 units).
        let breaks = linebreak_any(&items, &[100.0], &Params::default()).unwrap();
        assert!(breaks.iter().all(|b| b.ratio >= -1.0));
    }

    #[test]
    fn random_paragraphs_keep_their_invariants() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut seed: u64 = 42;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for _ in 0..200 {
            let mut items = Vec::new();
            for k in 0..(5 + next(60)) {
                if k > 0 {
                    items.push(Item::Glue {
                        width: 4.0,
                        stretch: 2.0,
                        shrink: 1.3,
                    });
                }
                items.push(Item::Box {
                    width: 5.0 + next(50) as f64,
                });
                if next(4) == 0 {
                    items.push(Item::Penalty {
                        width: 3.0,
                        cost: 50.0,
                        flagged: true,
                    });
                    items.push(Item::Box {
                        width: 5.0 + next(20) as f64,
                    });
                }
            }
            items.push(Item::Penalty {
                width: 0.0,
                cost: INFINITY,
                flagged: false,
            });
            items.push(Item::Glue {
                width: 0.0,
                stretch: 1e5,
                shrink: 0.0,
            });
            items.push(Item::Penalty {
                width: 0.0,
                cost: -INFINITY,
                flagged: false,
            });
            let breaks = linebreak_any(&items, &[120.0], &Params::default()).unwrap();
            let at: Vec<usize> = breaks.iter().map(|b| b.index).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(*at.last().unwrap(), items.len() - 1);
            for r in ratios(&items, &at, 120.0) {
                assert!(r >= -1.0 - 1e-9, "an overfull line: {r}");
            }
            // Never three hyphens in a row.
            let mut run = 0;
            for &b in &at {
                run = if matches!(items[b], Item::Penalty { flagged: true, width, .. } if width > 0.0)
                {
                    run + 1
                } else {
                    0
                };
                assert!(run <= 2);
            }
        }
    }
}
