//! Pagination: a flow of lines and spaces, with the notes they reference, into pages.
//!
//! Pure: it knows heights and where breaks are allowed, nothing of text. Each page is
//! filled while its text and its notes fit; when the next element does not, the page
//! ends at the last place a break was allowed (where no widow or orphan is left and no
//! heading is parted from its text). A note starts on the page of its reference; the
//! last note of a page may run on to the next, which then opens with its rest.
//!
//! A page that would end a line or more short (a widow, an orphan or a heading kept
//! from its foot, a note with no room) is filled, where it can be, by setting one or two
//! of the paragraphs on it a line longer or shorter (TeX's `\looseness`, chosen by the
//! page): the variant that fills it best at the least cost in demerits.

use std::collections::HashMap;
use std::ops::Range;

use super::units::Pt;

/// One element of the flow: a line, or a space between blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    /// The height it takes.
    pub height: Pt,
    /// Whether a page may end before it.
    pub break_before: bool,
    /// Whether it disappears at the top of a page (a space between blocks).
    pub discardable: bool,
    /// The notes first referenced in it (indices into the notes).
    pub notes: Vec<usize>,
    /// The height of what is drawn above it when it opens a page (a table's header,
    /// repeated over the rows that run on); 0 for nothing.
    pub header: Pt,
}

/// A line of a note.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteLine {
    /// Its height.
    pub height: Pt,
    /// Whether the note may run on to the next page after it (not after a hyphen).
    pub break_after: bool,
}

/// The page's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The text block's height.
    pub height: Pt,
    /// The space the separator takes on a page with notes.
    pub note_gap: Pt,
    /// The fewest lines of a note that may stand on a page when it runs on, and the fewest
    /// it may run on with.
    pub min_note_lines: usize,
    /// The body's line height: a recto ends as short as its verso, by two lines at most,
    /// so that facing pages end on the same line.
    pub line: Pt,
}

/// The lines of a note set on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotePart {
    /// The note.
    pub note: usize,
    /// Its lines on this page.
    pub lines: Range<usize>,
}

/// One page: its elements and its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCut {
    /// The elements on the page (leading discardable ones included; the caller skips
    /// them).
    pub elems: Range<usize>,
    /// The notes at its foot, in order.
    pub notes: Vec<NotePart>,
    /// The height its text takes.
    pub body: Pt,
}

/// What is on the page being filled.
#[derive(Debug, Clone, PartialEq, Default)]
struct Fill {
    body: Pt,
    notes: Vec<NotePart>,
    note_height: Pt,
    /// No new note may start (a note runs on, from the previous page or to the next).
    closed: bool,
}

/// Rounding slack for heights summed from many lines.
const EPS: Pt = 0.01;

/// Where the flow stands between two pages: the next element, and the rest of a note
/// that runs on.
#[derive(Debug, Clone, PartialEq, Default)]
struct At {
    elem: usize,
    carry: Option<NotePart>,
}

/// A paragraph set again: its elements and the demerits it costs over its best setting;
/// `None` if it cannot be set so.
pub type Variant<E> = Option<(Vec<E>, f64)>;

/// What sets a paragraph again in another number of lines.
pub trait Reflow {
    /// The elements of paragraph `par` (an index into the paragraphs given to
    /// [`paginate`]) set `delta` lines longer (shorter if negative), with the demerits it
    /// costs over its best setting; `None` if it cannot be set so.
    fn variant(&mut self, par: usize, delta: i32) -> Variant<Elem>;
}

/// No paragraph is ever set again.
pub struct Fixed;

impl Reflow for Fixed {
    fn variant(&mut self, _par: usize, _delta: i32) -> Option<(Vec<Elem>, f64)> {
        None
    }
}

/// The pages, and the paragraphs set again to fill them.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged {
    /// The pages, their elements counted in the flow as set again.
    pub pages: Vec<PageCut>,
    /// The paragraphs set again, in order: index and lines added (or taken, if negative).
    pub reflowed: Vec<(usize, i32)>,
}

/// The paragraphs nearest the foot of a short page that are tried a line longer and
/// shorter: a page's last few, where a line more or less moves the foot.
const CANDIDATES: usize = 6;
/// How many paragraphs of a page may be set again, one after the other, to fill it.
const ROUNDS: usize = 2;

/// The flow being cut, with the paragraphs that may be set again.
struct Work<'a> {
    elems: Vec<Elem>,
    notes: &'a [Vec<NoteLine>],
    params: &'a Params,
    /// Each paragraph's elements, in the flow as set so far.
    pars: Vec<Range<usize>>,
    /// Whether a paragraph has been set again (once at most).
    done: Vec<bool>,
    reflow: &'a mut dyn Reflow,
    /// Where the page before the one being filled starts.
    previous: usize,
    variants: HashMap<(usize, i32), Variant<Elem>>,
    reflowed: Vec<(usize, i32)>,
}

/// Cuts the flow into pages. `notes[k]` gives the heights of note `k`'s lines; `pars`
/// the paragraphs (ranges of elements, in order, not overlapping) that `reflow` may set
/// again. The first page is a right-hand page.
///
/// Pages are made a spread at a time, so that facing pages end on the same line: both
/// full if they can be; else, when the verso must end up to two lines short (no break
/// allowed lower), the recto ends as short. Each page tries a bounded number of
/// paragraphs set again, each spread at most two pages, so the whole stays linear in the
/// flow.
pub fn paginate(
    elems: &[Elem],
    notes: &[Vec<NoteLine>],
    params: &Params,
    pars: &[Range<usize>],
    reflow: &mut dyn Reflow,
) -> Paged {
    let mut work = Work {
        elems: elems.to_vec(),
        notes,
        params,
        pars: pars.to_vec(),
        done: vec![false; pars.len()],
        reflow,
        previous: 0,
        variants: HashMap::new(),
        reflowed: Vec::new(),
    };
    let mut pages: Vec<PageCut> = Vec::new();
    let mut at = At::default();
    let height = params.height;
    while !work.finished(&at) {
        let (verso, after_verso) = work.fill(&at, height);
        // The first page stands alone (a right-hand page), and so does a part's last.
        if pages.is_empty() || work.finished(&after_verso) {
            pages.push(verso);
            at = after_verso;
            continue;
        }
        let short = height - verso.body;
        let capacity = if verso.notes.is_empty()
            && short >= 0.5 * params.line
            && short <= 2.0 * params.line + EPS
        {
            height - short
        } else {
            height
        };
        let (recto, after_recto) = work.fill(&after_verso, capacity);
        pages.extend([verso, recto]);
        at = after_recto;
    }
    Paged {
        pages,
        reflowed: work.reflowed,
    }
}

impl Work<'_> {
    /// Whether the flow is all on pages.
    fn finished(&self, at: &At) -> bool {
        at.elem >= self.elems.len() && at.carry.is_none()
    }

    /// How many whole lines of text a page of `capacity` could still take.
    fn lines_short(&self, cut: &PageCut, capacity: Pt) -> usize {
        if !cut.notes.is_empty() {
            return 0;
        }
        ((capacity - cut.body + EPS) / self.params.line)
            .floor()
            .max(0.0) as usize
    }

    /// Fills one page of `capacity` from `at`; when it ends a line or more short and more
    /// follows, sets paragraphs on it again, one or two, where that fills it better.
    fn fill(&mut self, at: &At, capacity: Pt) -> (PageCut, At) {
        let best = self.fill_from(at, capacity);
        self.previous = at.elem;
        best
    }

    /// [`Work::fill`], for the page after the one that started at `self.previous`.
    fn fill_from(&mut self, at: &At, capacity: Pt) -> (PageCut, At) {
        let mut best = page(&self.elems, self.notes, self.params, at, capacity);
        for _ in 0..ROUNDS {
            let short = self.lines_short(&best.0, capacity);
            if short == 0 || self.finished(&best.1) {
                break;
            }
            let Some((par, delta)) = self.best_variant(at, capacity, &best.0, short) else {
                break;
            };
            self.apply(par, delta);
            best = page(&self.elems, self.notes, self.params, at, capacity);
        }
        best
    }

    /// The paragraph set again that leaves the page least short (then costs least), if
    /// one leaves it shorter than `short` lines.
    fn best_variant(
        &mut self,
        at: &At,
        capacity: Pt,
        cut: &PageCut,
        short: usize,
    ) -> Option<(usize, i32)> {
        // The paragraphs that start on the page, or right after it, the last first; then
        // the one that runs on to it from the page before (its lines there stay as many).
        let from = self.pars.partition_point(|r| r.start < at.elem);
        let to = self.pars.partition_point(|r| r.start <= cut.elems.end);
        let runs_on = from
            .checked_sub(1)
            .filter(|&p| self.pars[p].end > at.elem && self.pars[p].start >= self.previous);
        let candidates: Vec<usize> = (from..to)
            .rev()
            .filter(|&p| !self.done[p])
            .take(CANDIDATES)
            .chain(runs_on.filter(|&p| !self.done[p]))
            .collect();
        let mut best: Option<(usize, f64, usize, i32)> = None;
        for p in candidates {
            for delta in [1, -1] {
                let Some(cost) = self.variant_cost(p, delta) else {
                    continue;
                };
                let left = self.trial(at, capacity, p, delta);
                let better = best.is_none_or(|(l, c, ..)| (left, cost) < (l, c));
                if left < short && better {
                    best = Some((left, cost, p, delta));
                }
            }
        }
        best.map(|(.., p, delta)| (p, delta))
    }

    /// What setting paragraph `p` `delta` lines longer costs; `None` if it cannot be.
    fn variant_cost(&mut self, p: usize, delta: i32) -> Option<f64> {
        let reflow = &mut *self.reflow;
        self.variants
            .entry((p, delta))
            .or_insert_with(|| reflow.variant(p, delta))
            .as_ref()
            .map(|(_, cost)| *cost)
    }

    /// How many lines short the page from `at` ends with paragraph `p` set `delta` lines
    /// longer: filled over a copy of the flow from `at`, as far as a page could reach,
    /// then a stop (an element no page holds).
    fn trial(&self, at: &At, capacity: Pt, p: usize, delta: i32) -> usize {
        let Some(Some((variant, _))) = self.variants.get(&(p, delta)) else {
            return usize::MAX;
        };
        let range = self.pars[p].clone();
        // A paragraph that runs on from the page before keeps its lines there, and their
        // notes, and may still break where that page ends.
        let before = at.elem.saturating_sub(range.start);
        if before > 0 {
            let notes = |e: &[Elem]| e.iter().flat_map(|e| e.notes.clone()).collect::<Vec<_>>();
            if variant.len() <= before
                || !variant[before].break_before
                || notes(&variant[..before]) != notes(&self.elems[range.start..at.elem])
            {
                return usize::MAX;
            }
        }
        let mut local: Vec<Elem> = Vec::new();
        local.extend_from_slice(&self.elems[at.elem..range.start.max(at.elem)]);
        local.extend_from_slice(&variant[before..]);
        let reach = capacity + 4.0 * self.params.line;
        let mut body: Pt = local
            .iter()
            .skip_while(|e| e.discardable)
            .map(|e| e.height)
            .sum();
        let mut k = range.end;
        while k < self.elems.len() && body <= reach {
            body += self.elems[k].height;
            local.push(self.elems[k].clone());
            k += 1;
        }
        if k < self.elems.len() {
            local.push(Elem {
                height: Pt::INFINITY,
                break_before: true,
                discardable: false,
                notes: Vec::new(),
                header: 0.0,
            });
        }
        let start = At {
            elem: 0,
            carry: at.carry.clone(),
        };
        let (cut, next) = page(&local, self.notes, self.params, &start, capacity);
        if next.elem >= local.len() && k < self.elems.len() {
            return usize::MAX;
        }
        self.lines_short(&cut, capacity)
    }

    /// Sets paragraph `p` `delta` lines longer in the flow.
    fn apply(&mut self, p: usize, delta: i32) {
        let Some(Some((variant, _))) = self.variants.remove(&(p, delta)) else {
            return;
        };
        let range = self.pars[p].clone();
        let added = variant.len() as isize - range.len() as isize;
        self.elems.splice(range.clone(), variant);
        self.pars[p].end = (range.end as isize + added) as usize;
        for r in &mut self.pars[p + 1..] {
            r.start = (r.start as isize + added) as usize;
            r.end = (r.end as isize + added) as usize;
        }
        self.done[p] = true;
        self.reflowed.push((p, delta));
    }
}

/// Fills one page of `capacity` from `at`; a page that would hold nothing but the tail
/// of a note is avoided by ending the page before it two lines sooner.
fn page(
    elems: &[Elem],
    notes: &[Vec<NoteLine>],
    params: &Params,
    at: &At,
    capacity: Pt,
) -> (PageCut, At) {
    let (cut, next) = fill_page(elems, notes, params, at, capacity, elems.len());
    let tail_alone = next.elem >= elems.len() && next.carry.is_some();
    if tail_alone {
        // The last break allowed on the page that leaves it two lines at least.
        let stop = (at.elem + 1..cut.elems.end)
            .rev()
            .find(|&k| elems[k].break_before && cut.elems.end - k >= 2);
        if let Some(stop) = stop {
            return fill_page(elems, notes, params, at, capacity, stop);
        }
    }
    (cut, next)
}

/// Fills one page of `capacity` from `at`, with the elements before `stop` at most.
fn fill_page(
    elems: &[Elem],
    notes: &[Vec<NoteLine>],
    params: &Params,
    at: &At,
    capacity: Pt,
    stop: usize,
) -> (PageCut, At) {
    let mut i = at.elem;
    let mut carry = at.carry.clone();
    let first = i;
    while i < elems.len() && elems[i].discardable {
        i += 1;
    }
    // A table's header repeated above the row that opens the page.
    let mut fill = Fill {
        body: elems.get(i).map_or(0.0, |e| e.header),
        ..Fill::default()
    };
    // 1. The rest of a note that ran on, first.
    if let Some(part) = carry.take() {
        let lines = &notes[part.note][part.lines.clone()];
        // Leave room for two lines of text when text remains.
        let keep = if i < elems.len() {
            2.0 * params.line
        } else {
            0.0
        };
        let room = capacity - params.note_gap - keep;
        let take = fitting(lines, room).max(1);
        let end = part.lines.start + take;
        fill.note_height = params.note_gap + height(&lines[..take]);
        fill.notes.push(NotePart {
            note: part.note,
            lines: part.lines.start..end,
        });
        if end < part.lines.end {
            carry = Some(NotePart {
                note: part.note,
                lines: end..part.lines.end,
            });
            fill.closed = true;
        }
    }
    // 2. The text, with the notes it references.
    let mut last_break: Option<(usize, Fill)> = None;
    let mut j = i;
    let stop = stop.min(elems.len());
    while j < stop {
        if j > i && elems[j].break_before {
            last_break = Some((j, fill.clone()));
        }
        match add(&fill, &elems[j], notes, params, capacity) {
            Some(next) => {
                fill = next;
                j += 1;
            }
            None => break,
        }
    }
    let end = if j == elems.len() || (j == stop && j > i) {
        j
    } else if let Some((b, f)) = last_break.filter(|(b, _)| *b > i) {
        fill = f;
        b
    } else if j > i {
        j
    } else {
        // Nothing fits, not even one element: set it alone with what of its notes
        // fits, rather than loop.
        let e = &elems[j];
        fill.body += e.height;
        for &k in &e.notes {
            let room = capacity - fill.body - fill.note_height - gap(&fill, params);
            let take = fitting(&notes[k], room).max(1).min(notes[k].len());
            fill.note_height += gap(&fill, params) + height(&notes[k][..take]);
            fill.notes.push(NotePart {
                note: k,
                lines: 0..take,
            });
        }
        j + 1
    };
    // A note cut short runs on to the next page.
    if carry.is_none() {
        if let Some(last) = fill.notes.last() {
            let full = notes[last.note].len();
            if last.lines.end < full {
                carry = Some(NotePart {
                    note: last.note,
                    lines: last.lines.end..full,
                });
            }
        }
    }
    (
        PageCut {
            elems: first..end,
            notes: fill.notes,
            body: fill.body,
        },
        At { elem: end, carry },
    )
}

/// The space the separator takes if the page has no note yet.
fn gap(fill: &Fill, params: &Params) -> Pt {
    if fill.notes.is_empty() {
        params.note_gap
    } else {
        0.0
    }
}

/// The height of note lines.
fn height(lines: &[NoteLine]) -> Pt {
    lines.iter().map(|l| l.height).sum()
}

/// How many of the lines fit in the room, ending where the note may run on.
fn fitting(lines: &[NoteLine], room: Pt) -> usize {
    let mut used = 0.0;
    let mut best = 0;
    for (n, l) in lines.iter().enumerate() {
        if used + l.height > room + EPS {
            break;
        }
        used += l.height;
        if l.break_after || n + 1 == lines.len() {
            best = n + 1;
        }
    }
    best
}

/// Adds an element to the page, with its notes; `None` if it does not fit.
fn add(
    fill: &Fill,
    e: &Elem,
    notes: &[Vec<NoteLine>],
    params: &Params,
    capacity: Pt,
) -> Option<Fill> {
    let mut next = fill.clone();
    next.body += e.height;
    for &k in &e.notes {
        if next.closed {
            return None;
        }
        let lines = &notes[k];
        let g = gap(&next, params);
        let room = capacity - next.body - next.note_height - g;
        let take = fitting(lines, room);
        let least = params.min_note_lines.min(lines.len());
        if take < least {
            return None;
        }
        // A note split must leave enough to run on with.
        let take = if take < lines.len() && lines.len() - take < params.min_note_lines {
            lines.len().saturating_sub(params.min_note_lines)
        } else {
            take
        };
        if take < least {
            return None;
        }
        next.note_height += g + height(&lines[..take]);
        next.notes.push(NotePart {
            note: k,
            lines: 0..take,
        });
        if take < lines.len() {
            next.closed = true;
        }
    }
    // Text added below a note pushes the last note's last lines over to the next page,
    // as long as enough of it stays and enough runs on.
    let over = next.body + next.note_height - capacity;
    if over > EPS {
        let last = next.notes.last_mut()?;
        let lines = &notes[last.note];
        let from_carry = last.lines.start > 0;
        let floor = if from_carry {
            1
        } else {
            params.min_note_lines.min(lines.len())
        };
        let mut end = last.lines.end;
        let mut cut = 0.0;
        loop {
            if end <= last.lines.start + floor {
                return None;
            }
            end -= 1;
            cut += lines[end].height;
            let runs_on = lines.len() - end;
            if cut + EPS >= over
                && lines[end - 1].break_after
                && (from_carry || runs_on >= params.min_note_lines)
            {
                break;
            }
        }
        last.lines.end = end;
        next.note_height -= cut;
        next.closed = true;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize, break_rule: impl Fn(usize) -> bool) -> Vec<Elem> {
        (0..n)
            .map(|k| Elem {
                height: 10.0,
                break_before: break_rule(k),
                discardable: false,
                notes: Vec::new(),
                header: 0.0,
            })
            .collect()
    }

    const NL: NoteLine = NoteLine {
        height: 8.0,
        break_after: true,
    };

    const P: Params = Params {
        height: 100.0,
        note_gap: 10.0,
        min_note_lines: 2,
        line: 10.0,
    };

    #[test]
    fn every_element_lands_on_exactly_one_page_in_order() {
        let e = lines(35, |_| true);
        let pages = paginate(&e, &[], &P, &[], &mut Fixed).pages;
        assert_eq!(pages.len(), 4);
        let mut next = 0;
        for p in &pages {
            assert_eq!(p.elems.start, next);
            next = p.elems.end;
        }
        assert_eq!(next, 35);
    }

    #[test]
    fn a_page_ends_where_a_break_is_allowed() {
        // Lines 9 and 10 may not be parted (no break before 10): the page ends before 9.
        let e = lines(15, |k| k != 10);
        let pages = paginate(&e, &[], &P, &[], &mut Fixed).pages;
        assert_eq!(pages[0].elems, 0..9);
        // The next (left-hand) page is not short, so nothing is balanced.
        assert_eq!(pages[1].elems, 9..15);
    }

    #[test]
    fn a_note_starts_on_the_page_of_its_reference_and_runs_on() {
        let mut e = lines(12, |_| true);
        e[5].notes = vec![0];
        let notes = vec![vec![NL; 10]];
        let pages = paginate(&e, &notes, &P, &[], &mut Fixed).pages;
        let first = &pages[0];
        assert!(first.elems.contains(&5));
        assert_eq!(first.notes[0].note, 0);
        assert!(first.notes[0].lines.len() >= 2);
        assert!(first.body + 10.0 + 8.0 * first.notes[0].lines.len() as f64 <= 100.0 + EPS);
        // The rest opens the next page.
        assert_eq!(pages[1].notes[0].lines.start, first.notes[0].lines.end);
        let shown: usize = pages
            .iter()
            .flat_map(|p| &p.notes)
            .map(|n| n.lines.len())
            .sum();
        assert_eq!(shown, 10);
    }

    #[test]
    fn a_reference_moves_with_its_note_when_the_note_cannot_start() {
        let mut e = lines(12, |_| true);
        // The reference is on the page's last line: its note has no room there.
        e[9].notes = vec![0];
        let notes = vec![vec![NL; 3]];
        let pages = paginate(&e, &notes, &P, &[], &mut Fixed).pages;
        let with_note = pages.iter().find(|p| !p.notes.is_empty()).unwrap();
        assert!(with_note.elems.contains(&9));
        assert_eq!(with_note.notes[0].lines, 0..3);
    }

    #[test]
    fn a_repeated_header_takes_its_room_on_the_page_it_opens() {
        // Rows of 10 after a head of 20; each row after the first repeats the head (20)
        // when it opens a page.
        let mut e = lines(20, |k| k > 1);
        e[0].height = 20.0;
        for r in &mut e[2..] {
            r.header = 20.0;
        }
        let pages = paginate(&e, &[], &P, &[], &mut Fixed).pages;
        assert_eq!(pages[0].elems, 0..9);
        // The second page holds the head's copy and eight rows.
        assert_eq!(pages[1].elems, 9..17);
        assert!((pages[1].body - 100.0).abs() < EPS);
    }

    #[test]
    fn no_page_holds_only_the_tail_of_a_note() {
        // The last line's note does not fit whole: two lines of text go over with its
        // tail rather than leave it alone on the last page.
        let mut e = lines(6, |_| true);
        e[5].notes = vec![0];
        let notes = vec![vec![NL; 6]];
        let pages = paginate(&e, &notes, &P, &[], &mut Fixed).pages;
        assert_eq!(pages.len(), 2, "{pages:?}");
        assert_eq!(pages[1].elems, 4..6);
        assert_eq!(pages[1].notes[0].lines, 0..6);
    }

    /// Paragraphs that may each be set a line longer, at a cost of their index.
    struct Longer(Vec<Range<usize>>, Vec<(usize, i32)>);

    impl Reflow for Longer {
        fn variant(&mut self, par: usize, delta: i32) -> Option<(Vec<Elem>, f64)> {
            self.1.push((par, delta));
            let n = (self.0[par].len() as i32 + delta) as usize;
            (delta == 1).then(|| (lines(n, |k| k == 0 || (k >= 2 && n - k >= 2)), par as f64))
        }
    }

    #[test]
    fn a_page_a_line_short_is_filled_by_a_paragraph_set_a_line_longer() {
        // Paragraphs of 3 lines, never parted: a page of 10 ends after 9.
        let pars: Vec<Range<usize>> = (0..7).map(|p| p * 3..p * 3 + 3).collect();
        let e = lines(21, |k| k % 3 == 0);
        let fixed = paginate(&e, &[], &P, &pars, &mut Fixed);
        assert_eq!(fixed.pages[0].elems, 0..9);
        assert!(fixed.reflowed.is_empty());
        let mut reflow = Longer(pars.clone(), Vec::new());
        let paged = paginate(&e, &[], &P, &pars, &mut reflow);
        // A paragraph of the first page set in 4 lines fills it; the cheapest (the
        // first) is the one set again.
        assert_eq!(paged.pages[0].elems, 0..10, "{paged:?}");
        assert_eq!(paged.reflowed[0], (0, 1));
        // Every line still on a page, once, in order.
        let mut next = 0;
        for p in &paged.pages {
            assert_eq!(p.elems.start, next);
            next = p.elems.end;
        }
        assert_eq!(next, 21 + paged.reflowed.len());
        // Only the paragraphs on the page being closed, or right after it, are tried:
        // for the first page, the first four.
        let first: Vec<usize> = reflow
            .1
            .iter()
            .map(|&(p, _)| p)
            .take_while(|&p| p < 4)
            .collect();
        assert!(first.len() >= 4 && first.contains(&3), "{:?}", reflow.1);
    }

    #[test]
    fn facing_pages_end_at_the_same_height() {
        // Page 2 (left) must end before 19 (kept with 18 and 20): the right page follows.
        let e = lines(40, |k| !(k == 19 || k == 20));
        let pages = paginate(&e, &[], &P, &[], &mut Fixed).pages;
        assert_eq!(pages[1].elems, 10..18);
        assert!((pages[2].body - pages[1].body).abs() < EPS);
    }
}
