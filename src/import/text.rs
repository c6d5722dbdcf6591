//! The text reader: a raw text (a browser's copy of a page) as blocks for the recognizer,
//! with the evidence plain text has — blank lines, rules, boxes.

use super::lexicon;
use super::unit::Unit;

/// Splits text into paragraphs at blank lines. A rule is a paragraph of its own (chrome
/// to report, and a boundary the page draws); a box's `|` borders are taken off its lines.
pub(crate) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut blank = 0;
    let mut cur: Option<Unit> = None;
    for (i, line) in text.lines().enumerate() {
        let mut t = line.trim();
        let mut boxed = false;
        if let Some(inner) = t.strip_prefix('|') {
            // A cell of a one-column table, as a browser's copy draws it.
            t = inner.trim_end_matches('|').trim();
            boxed = true;
        }
        // A box's top or bottom border (`+-----+`) closes a block but is no rule the page
        // draws between its parts: a title set in a box belongs with the lines around it.
        if !boxed && t.starts_with('+') && t.ends_with('+') && lexicon::rule(t) {
            out.extend(cur.take());
            continue;
        }
        let rule = lexicon::rule(t);
        if t.is_empty() || rule {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            if rule {
                out.push(Unit {
                    lines: vec![t.to_string()],
                    line: i + 1,
                    blank_before: if out.is_empty() { 0 } else { blank },
                    ..Unit::default()
                });
                blank = 0;
            } else {
                blank += 1;
            }
            continue;
        }
        match &mut cur {
            Some(p) => p.lines.push(t.to_string()),
            None => {
                cur = Some(Unit {
                    lines: vec![t.to_string()],
                    line: i + 1,
                    blank_before: if out.is_empty() { 0 } else { blank },
                    boxed,
                    ..Unit::default()
                });
                blank = 0;
            }
        }
    }
    out.extend(cur);
    out
}
