//! What pandoc's tables have and CommonMark's lack: captions (`Table: …` or `: …`, a
//! paragraph of its own next to the table) and grid tables (`+---+---+` borders), which
//! a pass before pulldown-cmark rewrites as pipe tables.

use super::divs::CodeFences;
use super::write::delimiter_row;
use crate::model::{Block, Inline};
use crate::text_tables::{grid_at, Found};

/// Something that holds a block: the reader's blocks, alone or with their offsets.
pub(crate) trait HoldsBlock {
    /// The block.
    fn block(&mut self) -> &mut Block;
}

impl HoldsBlock for Block {
    fn block(&mut self) -> &mut Block {
        self
    }
}

impl HoldsBlock for (Block, usize) {
    fn block(&mut self) -> &mut Block {
        &mut self.0
    }
}

/// Gives each table the caption paragraph right after it, else the one right before it
/// (pandoc reads both), and drops the paragraph.
pub(crate) fn take_captions<T: HoldsBlock>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    let mut rest = items.into_iter().peekable();
    while let Some(mut item) = rest.next() {
        if let Block::Table { caption, .. } = item.block() {
            if caption.is_empty() {
                if let Some(c) = rest.peek_mut().and_then(|n| caption_of(n.block())) {
                    *caption = c;
                    rest.next();
                } else if let Some(c) = out.last_mut().and_then(|p| caption_of(p.block())) {
                    *caption = c;
                    out.pop();
                }
            }
        }
        out.push(item);
    }
    out
}

/// The caption a paragraph gives, when it is one: `Table: text` or `: text`.
fn caption_of(block: &mut Block) -> Option<Vec<Inline>> {
    let Block::Paragraph { content } = block else {
        return None;
    };
    let Some(Inline::Text { text }) = content.first() else {
        return None;
    };
    let rest = text
        .strip_prefix("Table:")
        .or_else(|| text.strip_prefix(':'))?;
    // `Table: text`, or `Table:` before an inline of its own (`Table: *Wages*`).
    let spaced = rest.starts_with([' ', '\t']) || (rest.is_empty() && content.len() > 1);
    if !spaced {
        return None;
    }
    let mut caption = content.clone();
    let rest = rest.trim_start().to_string();
    if rest.is_empty() {
        caption.remove(0);
    } else {
        caption[0] = Inline::Text { text: rest };
    }
    (!caption.is_empty()).then_some(caption)
}

/// Rewrites each grid table at the margin of a manuscript as a pipe table (a cell's
/// lines joined, its alignments kept), leaving code alone. The rewritten table is padded
/// with blank lines to the lines it took, so that every later line keeps its number.
pub(crate) fn grid_to_pipe(text: &str) -> String {
    if !text.contains("\n+") && !text.starts_with('+') {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut code = CodeFences::default();
    let mut k = 0;
    while k < lines.len() {
        let line = lines[k].trim_end_matches('\r');
        let after_blank = k == 0 || lines[k - 1].trim().is_empty();
        // A grid's top border (`+---+`, `+:--+` with alignments); a `+ item` of a list
        // is no border.
        if !code.in_code(line) && after_blank && line.starts_with('+') {
            let span = grid_at(&lines, k).filter(|s| walls_aligned(&lines[k..k + s.lines]));
            if let Some(span) = span {
                if let Found::Table(t) = span.found {
                    let width = t.rows.iter().map(Vec::len).chain([t.head.len()]).max();
                    let width = width.unwrap_or(0);
                    let row = |cells: &[String]| {
                        let mut cells: Vec<String> = cells.iter().map(|c| escape_bars(c)).collect();
                        cells.resize(width, String::new());
                        format!("| {} |", cells.join(" | "))
                    };
                    let before = out.len();
                    out.push(row(&t.head));
                    out.push(delimiter_row(&t.align, width));
                    out.extend(t.rows.iter().map(|r| row(r)));
                    while out.len() < before + span.lines {
                        out.push(String::new());
                    }
                    k += span.lines;
                    continue;
                }
            }
        }
        out.push(lines[k].to_string());
        k += 1;
    }
    out.join("\n")
}

/// Says whether every line of a grid draws its walls under the top border's corners,
/// counted in characters. A grid measured in display columns (a wide CJK character, a
/// zero-width joiner) or with spanned cells is left as it is: read as text, no word of
/// it is lost.
fn walls_aligned(lines: &[&str]) -> bool {
    let Some(top) = lines.first() else {
        return false;
    };
    let corners: Vec<usize> = top
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '+')
        .map(|(i, _)| i)
        .collect();
    lines.iter().all(|l| {
        let chars: Vec<char> = l.trim_end().chars().collect();
        corners
            .iter()
            .all(|&i| matches!(chars.get(i), Some('|' | '+')))
    })
}

/// Escapes the bars of a grid cell, which a pipe table would read as cell walls (a bar
/// the author escaped stays as it is).
fn escape_bars(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut prev = ' ';
    for c in cell.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_table_becomes_a_pipe_table_of_as_many_lines() {
        let text = "Before.\n\n\
                    +-------+--------------+\n\
                    | Year  | Cultivated   |\n\
                    |       | area         |\n\
                    +:======+=============:+\n\
                    | 1901  | 49.2 | 50    |\n\
                    | 1902  | 47.1 \\| 48   |\n\
                    +-------+--------------+\n\
                    \n\
                    After.\n";
        let out = grid_to_pipe(text);
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(
            out.contains("| Year | Cultivated area |\n|:---|---:|\n| 1901 1902 | 49.2 \\| 50 47.1 \\| 48 |\n"),
            "{out}"
        );
        assert!(out.ends_with("\n\nAfter.\n"));
    }

    #[test]
    fn a_grid_without_a_header_takes_its_alignments_from_its_top_border() {
        let out = grid_to_pipe("+:-----+------:+\n| left | right |\n+------+-------+\n");
        assert!(
            out.starts_with("|  |  |\n|:---|---:|\n| left | right |\n"),
            "{out}"
        );
        assert_eq!(out.lines().count(), 3);
    }

    #[test]
    fn a_grid_whose_walls_do_not_meet_its_corners_stays_text() {
        // A zero-width non-joiner moves the wall one character right.
        let text = "+-------+-------+\n|German |English|\n+-------+-------+\n\
                    |Auf\u{200c}lage|edition|\n+-------+-------+\n";
        assert_eq!(grid_to_pipe(text), text);
    }

    #[test]
    fn grids_in_code_and_prose_pluses_stay() {
        let text = "```\n+---+---+\n| a | b |\n+---+---+\n```\n\n+-- not a table\n\n+ an item\n";
        assert_eq!(grid_to_pipe(text), text);
    }

    #[test]
    fn a_caption_paragraph_goes_to_the_table_next_to_it() {
        let table = || Block::Table {
            head: vec![],
            rows: vec![],
            align: vec![],
            caption: vec![],
        };
        let par = |t: &str| Block::Paragraph {
            content: vec![Inline::text(t)],
        };
        let blocks = vec![par("Table: Prices in 1901"), table(), par("Text after.")];
        let out = take_captions(blocks);
        assert_eq!(out.len(), 2);
        let Block::Table { caption, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(caption, &vec![Inline::text("Prices in 1901")]);
        assert_eq!(
            take_captions(vec![table(), par("Table:no space is text")]).len(),
            2
        );
        let blocks = vec![table(), par(": After it")];
        let out = take_captions(blocks);
        assert_eq!(out.len(), 1);
    }
}
