//! The text reader: a raw text (a browser's copy of a page) as blocks for the recognizer,
//! with the evidence plain text has — blank lines, rules, boxes.

use super::lexicon;
use super::unit::Unit;
use crate::text_tables::{self as table, Found};

/// Splits text into paragraphs at blank lines. A rule is a paragraph of its own (chrome
/// to report, and a boundary the page draws); a box's `|` borders are taken off its lines.
pub(crate) fn units(text: &str) -> Vec<Unit> {
    units_at(text, 0, 0)
}

/// Layout tables nest (a page in a cell, a box in it); deeper than this their lines
/// are read as they stand.
const MAX_LAYOUT_DEPTH: usize = 8;

/// The blocks of a text whose first line is input line `offset + 1`, inside `depth`
/// layout tables.
fn units_at(text: &str, offset: usize, depth: usize) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut blank = 0;
    let mut cur: Option<Unit> = None;
    let lines: Vec<&str> = text.lines().collect();
    let mut skip = 0;
    for (i, line) in lines.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if let Some(span) = table::at(&lines, i).filter(|_| depth < MAX_LAYOUT_DEPTH) {
            out.extend(cur.take());
            let blank_before = if out.is_empty() { 0 } else { blank };
            match span.found {
                Found::Table(t) => out.push(Unit {
                    lines: std::iter::once(&t.head)
                        .filter(|h| !h.is_empty())
                        .chain(&t.rows)
                        .map(|r| r.join(" | "))
                        .collect(),
                    line: offset + i + 1,
                    blank_before,
                    table: Some(t),
                    ..Unit::default()
                }),
                // A layout table's column is read as text: its rows begin on the line
                // after the table's first.
                Found::Layout(cell) => {
                    let mut inner = units_at(&cell.join("\n"), offset + i + 1, depth + 1);
                    if let Some(first) = inner.first_mut() {
                        first.blank_before = blank_before;
                    }
                    out.extend(inner);
                }
            }
            blank = 0;
            skip = span.lines - 1;
            continue;
        }
        // A tab the normalizer kept for a table that did not read as one is a space.
        let spaced = line.replace('\t', " ");
        let mut t = spaced.trim();
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
                    line: offset + i + 1,
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
                    line: offset + i + 1,
                    blank_before: if out.is_empty() { 0 } else { blank },
                    boxed,
                    indent: spaced.len() - spaced.trim_start().len(),
                    ..Unit::default()
                });
                blank = 0;
            }
        }
    }
    out.extend(cur);
    out
}
