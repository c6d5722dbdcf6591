//! Tables as a text draws them: grid tables (`+----+----+` borders, `|` between cells)
//! and simple tables (columns under runs of dashes, `------  -------`), the two forms a
//! browser's or a converter's text copy gives an HTML table — read by the importer, and
//! grid tables by the Markdown reader too (pandoc's). A table whose cells fill only one
//! column is the page's layout (a signature set in a table, a box around an editor's
//! note), not a table: its lines are handed back as text.

use crate::model::Alignment;

/// A table as a text draws it: its cells' text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextTable {
    /// The header's cells; empty when the table marks no header.
    pub head: Vec<String>,
    /// The body rows' cells.
    pub rows: Vec<Vec<String>>,
    /// Each column's alignment, where the border marks it (`+:---+---:+`); empty when
    /// none does.
    pub align: Vec<Alignment>,
}

/// What a text table turned out to be.
#[derive(Debug, PartialEq)]
pub(crate) enum Found {
    /// A table of two or more columns.
    Table(TextTable),
    /// A layout table: the text of its one column, line by line.
    Layout(Vec<String>),
}

/// A table found at a line: what it is, and how many lines it takes.
#[derive(Debug, PartialEq)]
pub(crate) struct Span {
    pub(crate) found: Found,
    pub(crate) lines: usize,
}

/// Reads a table that starts at `lines[at]` (a grid table's border, or a simple table's
/// header line or first run of dashes), if one does.
pub(crate) fn at(lines: &[&str], at: usize) -> Option<Span> {
    grid(&lines[at..])
        .or_else(|| simple(&lines[at..]))
        .or_else(|| tabbed(&lines[at..]))
}

/// How many lines from the first are a table's rows as a browser copies an HTML table:
/// cells between tabs, the same number on every line (trailing spaces and tabs aside),
/// two lines or more; 0 where they are not. The text normalizer keeps the tabs of such
/// runs (and only those) for [`tabbed`] to read.
pub(crate) fn tab_run(lines: &[&str]) -> usize {
    let cells = |l: &str| {
        let l = l.trim_end_matches([' ', '\t']);
        l.contains('\t').then(|| l.split('\t').count())
    };
    let Some(first) = lines.first().and_then(|l| cells(l)) else {
        return 0;
    };
    let n = lines.iter().take_while(|l| cells(l) == Some(first)).count();
    if n >= 2 {
        n
    } else {
        0
    }
}

/// Reads a table a browser's copy gives (`Item⇥Price`, one row a line) that starts at
/// `lines[0]`. The copy marks no header: the first row is taken as one when it is all
/// words and some cell below holds a figure (`Item  Price` over `Bread  5d`).
fn tabbed(lines: &[&str]) -> Option<Span> {
    let n = tab_run(lines);
    if n == 0 {
        return None;
    }
    let rows: Vec<Row> = lines[..n]
        .iter()
        .map(|l| {
            l.trim_end_matches([' ', '\t'])
                .split('\t')
                .map(|c| vec![c.trim().to_string()])
                .collect()
        })
        .collect();
    let digit = |c: &Vec<String>| c.iter().any(|t| t.chars().any(|ch| ch.is_ascii_digit()));
    let worded = rows[0]
        .iter()
        .all(|c| !digit(c) && c.iter().any(|t| !t.is_empty()));
    let figures = rows[1..].iter().flatten().any(digit);
    let head_rows = usize::from(worded && figures);
    Some(Span {
        found: shape(rows, head_rows, &[]),
        lines: n,
    })
}

/// Reads a grid table (pandoc's, `+---+` borders) that starts at `lines[at]`, if one
/// does: the form a manuscript may use too.
pub(crate) fn grid_at(lines: &[&str], at: usize) -> Option<Span> {
    grid(&lines[at..])
}

/// The alignment of each column a grid border marks with colons (`+:---+---:+:--:+`),
/// pandoc's way: a colon at the left end, the right end or both.
fn grid_align(line: &str, corners: &[usize]) -> Vec<Alignment> {
    let chars: Vec<char> = line.chars().collect();
    corners
        .windows(2)
        .map(|w| {
            let inner = chars.get(w[0] + 1..w[1]).unwrap_or(&[]);
            match (inner.first() == Some(&':'), inner.last() == Some(&':')) {
                (true, true) => Alignment::Center,
                (false, true) => Alignment::Right,
                (true, false) => Alignment::Left,
                (false, false) => Alignment::Default,
            }
        })
        .collect()
}

/// Char positions where a grid border has its `+` corners (`+----+----+`), when the line
/// is one.
fn grid_border(line: &str) -> Option<Vec<usize>> {
    let t = line.trim_end();
    let lead = t.len() - t.trim_start().len();
    let t = t.trim_start();
    if !t.starts_with('+') || !t.ends_with('+') || t.len() < 3 {
        return None;
    }
    // A border between rows may leave a spanned cell open (`+----+   |   +----+`).
    if !t
        .chars()
        .all(|c| matches!(c, '+' | '-' | '=' | ':' | '|' | ' '))
        || !t.contains(['-', '='])
    {
        return None;
    }
    Some(
        t.chars()
            .enumerate()
            .filter(|(_, c)| *c == '+')
            .map(|(i, _)| i + lead)
            .collect(),
    )
}

/// A row as read: each column's lines.
type Row = Vec<Vec<String>>;

fn grid(lines: &[&str]) -> Option<Span> {
    let corners = grid_border(lines.first()?)?;
    if corners.len() < 3 {
        // One column: a box, which the text reader reads as such.
        return None;
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut head_rows = 0;
    let mut cur: Option<Row> = None;
    // The header's border marks the alignments, else the top border.
    let mut align = grid_align(lines[0], &corners);
    let mut k = 1;
    while k < lines.len() {
        let l = lines[k];
        let t = l.trim_start();
        if grid_border(l).is_some() {
            rows.extend(cur.take());
            if l.contains('=') && head_rows == 0 {
                head_rows = rows.len();
                if let Some(c) = grid_border(l).filter(|c| c.len() == corners.len()) {
                    align = grid_align(l, &c);
                }
            }
            k += 1;
            // The bottom border: no row line follows.
            if !lines
                .get(k)
                .is_some_and(|n| n.trim_start().starts_with('|'))
            {
                break;
            }
            continue;
        }
        if !t.starts_with('|') {
            return None;
        }
        let row = cur.get_or_insert_with(|| vec![Vec::new(); corners.len() - 1]);
        let chars: Vec<char> = l.chars().collect();
        // A cell spans the columns up to the next corner its line draws a `|` at (`|
        // London quoted for one pound sterling: |` over five columns): its text goes to
        // its first column.
        let walls: Vec<usize> = (0..corners.len())
            .filter(|&j| j == 0 || j == corners.len() - 1 || chars.get(corners[j]) == Some(&'|'))
            .collect();
        for w in walls.windows(2) {
            let from = (corners[w[0]] + 1).min(chars.len());
            let to = corners[w[1]].min(chars.len());
            let part: String = chars[from..to].iter().collect();
            row[w[0]].push(part.trim().trim_matches('|').trim().to_string());
        }
        k += 1;
    }
    if rows.is_empty() || cur.is_some() {
        return None;
    }
    Some(Span {
        found: shape(rows, head_rows, &align),
        lines: k,
    })
}

/// The runs of dashes of a simple table's border (`  ---- ------`), as char ranges; two
/// or more runs, each of two dashes or more.
fn dash_runs(line: &str) -> Option<Vec<(usize, usize)>> {
    if line.trim().is_empty() || !line.chars().all(|c| c == '-' || c == ' ') {
        return None;
    }
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in line.chars().chain([' ']).enumerate() {
        match (c, start) {
            ('-', None) => start = Some(i),
            (' ', Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    (runs.len() >= 2 && runs.iter().all(|(s, e)| e - s >= 2)).then_some(runs)
}

fn simple(lines: &[&str]) -> Option<Span> {
    // A header line above the dashes, or the dashes first (a table without a header,
    // closed by a second run of dashes).
    let (header, runs, first_row) = match dash_runs(lines.first()?) {
        Some(runs) => (None, runs, 1),
        None if !lines[0].trim().is_empty() => (Some(lines[0]), dash_runs(lines.get(1)?)?, 2),
        None => return None,
    };
    let mut body: Vec<&str> = Vec::new();
    let mut k = first_row;
    let mut closed = false;
    while k < lines.len() {
        let l = lines[k];
        if dash_runs(l).is_some() {
            closed = true;
            k += 1;
            break;
        }
        // A blank line ends a table with a header; in one closed by dashes it parts the
        // rows of several lines each (a multiline table), unless no dashes close it.
        if l.trim().is_empty() && (header.is_some() || !closes_below(&lines[k..])) {
            break;
        }
        body.push(l);
        k += 1;
    }
    // A multiline table parts its rows with blank lines, the last one too.
    let multiline = body.iter().any(|l| l.trim().is_empty());
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    // Without a header the dashes must close the table, or it is no table.
    if body.is_empty() || (header.is_none() && !closed) {
        return None;
    }
    let mut rows: Vec<Row> = Vec::new();
    if let Some(h) = header {
        rows.push(cells(h, &runs)?.into_iter().map(|c| vec![c]).collect());
    }
    let mut cur: Option<Row> = None;
    for l in body {
        if l.trim().is_empty() {
            rows.extend(cur.take());
            continue;
        }
        let cs = cells(l, &runs)?;
        let row = cur.get_or_insert_with(|| vec![Vec::new(); runs.len()]);
        for (cell, c) in row.iter_mut().zip(cs) {
            cell.push(c);
        }
        if !multiline {
            rows.extend(cur.take());
        }
    }
    rows.extend(cur);
    Some(Span {
        found: shape(rows, usize::from(header.is_some()), &[]),
        lines: k,
    })
}

/// Says whether dashes close the table below a blank line: the rows of a multiline
/// table stand between single blank lines.
fn closes_below(lines: &[&str]) -> bool {
    let mut blanks = 0;
    for l in lines.iter().take(200) {
        if dash_runs(l).is_some() {
            return true;
        }
        blanks = if l.trim().is_empty() { blanks + 1 } else { 0 };
        if blanks > 1 {
            return false;
        }
    }
    false
}

/// A row's cells: the text under each run of dashes, reaching to the next run (text may
/// stand out past its dashes when a column is aligned right or centred).
fn cells(line: &str, runs: &[(usize, usize)]) -> Option<Vec<String>> {
    let chars: Vec<char> = line.chars().collect();
    // A column that begins inside a word is no column of this line: no table.
    let cut = |at: usize| {
        at > 0 && at < chars.len() && !chars[at - 1].is_whitespace() && !chars[at].is_whitespace()
    };
    if runs.iter().skip(1).any(|r| cut(r.0)) {
        return None;
    }
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    Some(
        runs.iter()
            .enumerate()
            .map(|(j, &(s, _))| {
                let from = if j == 0 { 0 } else { s.min(chars.len()) };
                let to = runs
                    .get(j + 1)
                    .map_or(chars.len(), |r| r.0.min(chars.len()));
                text(from, to).trim().to_string()
            })
            .collect(),
    )
}

/// Drops the columns no row fills (a grid's spacing columns) and tells a table from a
/// layout: one column of text left is the page's layout, handed back line by line, a
/// blank line between its rows. `align` gives the drawn columns' alignments.
fn shape(rows: Vec<Row>, head_rows: usize, align: &[Alignment]) -> Found {
    let filled = |c: &Vec<String>| c.iter().any(|l| !l.is_empty());
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let used: Vec<usize> = (0..width)
        .filter(|&j| rows.iter().any(|r| r.get(j).is_some_and(filled)))
        .collect();
    if used.len() <= 1 {
        let mut lines = Vec::new();
        for r in rows.into_iter() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(r.into_iter().filter(filled).flatten());
        }
        return Found::Layout(lines);
    }
    let joined = |c: &Vec<String>| {
        c.iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            used.iter()
                .map(|&j| r.get(j).map(joined).unwrap_or_default())
                .collect()
        })
        .collect();
    // Several header rows are one header: their cells read top to bottom.
    let mut head: Vec<String> = Vec::new();
    for r in rows.drain(..head_rows.min(rows.len())) {
        if head.is_empty() {
            head = r;
        } else {
            for (h, c) in head.iter_mut().zip(r) {
                if !c.is_empty() {
                    if !h.is_empty() {
                        h.push(' ');
                    }
                    h.push_str(&c);
                }
            }
        }
    }
    let mut align: Vec<Alignment> = used.iter().map(|&j| Alignment::of(align, j)).collect();
    if align.iter().all(|a| *a == Alignment::Default) {
        align.clear();
    }
    Found::Table(TextTable { head, rows, align })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_browsers_copy_of_a_table_has_tabs_between_cells() {
        let lines = ["Item\tPrice", "Bread\t5d", "Meat\t9d", "After the table."];
        let span = super::at(&lines, 0).unwrap();
        assert_eq!(span.lines, 3);
        let super::Found::Table(t) = span.found else {
            panic!("a table")
        };
        assert_eq!(t.head, ["Item", "Price"]);
        assert_eq!(t.rows, [["Bread", "5d"], ["Meat", "9d"]]);
        // One line with a tab is no table; nor are rows of unequal cells.
        assert!(super::at(&["A\tB", "plain"], 0).is_none());
        assert!(super::at(&["A\tB", "C\tD\tE"], 0).is_none());
    }

    use super::*;

    fn read(text: &str) -> Option<Span> {
        let lines: Vec<&str> = text.lines().collect();
        at(&lines, 0)
    }

    #[test]
    fn a_grid_table_with_spacing_columns_gives_its_cells() {
        let t = "+------+---------+---+------+\n\
                 | 1880 | 276,057 |   | 1900 |\n\
                 +------+---------+   +------+\n\
                 | 1890 | 433,254 |   | 1905 |\n\
                 +------+---------+---+------+\n\
                 after";
        let s = read(t).expect("a table");
        assert_eq!(s.lines, 5);
        assert_eq!(
            s.found,
            Found::Table(TextTable {
                head: vec![],
                rows: vec![
                    vec!["1880".into(), "276,057".into(), "1900".into()],
                    vec!["1890".into(), "433,254".into(), "1905".into()],
                ],
                align: vec![],
            })
        );
    }

    #[test]
    fn a_cell_spanning_columns_keeps_its_words_whole() {
        let t = "+--------+-------+\n\
                 | London quoted:  |\n\
                 +--------+-------+\n\
                 | Paris  | 48.8  |\n\
                 +--------+-------+";
        let Found::Table(t) = read(t).expect("a table").found else {
            panic!("a table")
        };
        assert_eq!(t.rows[0], vec!["London quoted:", ""]);
        assert_eq!(t.rows[1], vec!["Paris", "48.8"]);
    }

    #[test]
    fn a_grid_header_and_cells_over_several_lines() {
        let t = "+-------+--------------+\n\
                 | Year  | Cultivated   |\n\
                 |       | area         |\n\
                 +=======+==============+\n\
                 | 1901  | 49.2         |\n\
                 +-------+--------------+";
        let s = read(t).expect("a table");
        assert_eq!(
            s.found,
            Found::Table(TextTable {
                head: vec!["Year".into(), "Cultivated area".into()],
                rows: vec![vec!["1901".into(), "49.2".into()]],
                align: vec![],
            })
        );
    }

    #[test]
    fn a_grid_border_marks_the_columns_alignments() {
        let t = "+------+-------+--------+\n\
                 | Year | Place | Amount |\n\
                 +:=====+:=====:+=======:+\n\
                 | 1901 | Paris | 49.2   |\n\
                 +------+-------+--------+";
        let Found::Table(t) = read(t).expect("a table").found else {
            panic!("a table")
        };
        assert_eq!(
            t.align,
            vec![Alignment::Left, Alignment::Center, Alignment::Right]
        );
        assert_eq!(t.head, vec!["Year", "Place", "Amount"]);
    }

    #[test]
    fn a_simple_table_with_and_without_a_header() {
        let t = "  ------- ------- -------\n\
                 \x20          1937    1938\n\
                 \x20 Plots     3,700   3,200\n\
                 \x20 ------- ------- -------";
        let s = read(t).expect("a table");
        assert_eq!(s.lines, 4);
        let Found::Table(t) = s.found else {
            panic!("a table")
        };
        assert!(t.head.is_empty());
        assert_eq!(t.rows[1], vec!["Plots", "3,700", "3,200"]);
        let t = "Year   Capital\n----   -------\n1870   2,128.2\n1880   2,790.3\n\nafter";
        let s = read(t).expect("a table");
        assert_eq!(s.lines, 4);
        assert_eq!(
            s.found,
            Found::Table(TextTable {
                head: vec!["Year".into(), "Capital".into()],
                rows: vec![
                    vec!["1870".into(), "2,128.2".into()],
                    vec!["1880".into(), "2,790.3".into()],
                ],
                align: vec![],
            })
        );
    }

    #[test]
    fn a_table_with_one_column_of_text_is_layout() {
        let t = "  --- ----------------\n      E. Belfort Bax\n  --- ----------------";
        assert_eq!(
            read(t).expect("a span").found,
            Found::Layout(vec!["E. Belfort Bax".into()])
        );
    }

    #[test]
    fn a_multiline_table_reads_its_rows_between_blank_lines() {
        let t = "  -------------- --------------\n\
                 \x20    [button]        []\n\
                 \x20  Max Shachtman  Marxist Writers’\n\
                 \x20     Archive        Archives\n\
                 \n\
                 \x20 -------------- --------------";
        let Found::Table(t) = read(t).expect("a table").found else {
            panic!("a table")
        };
        assert_eq!(
            t.rows,
            vec![vec![
                "[button] Max Shachtman Archive".to_string(),
                "[] Marxist Writers’ Archives".to_string()
            ]]
        );
    }

    #[test]
    fn a_page_set_in_one_cell_of_a_grid_is_layout_with_its_lines() {
        let t = "+---+----------------+---+\n\
                 |   | A Title        |   |\n\
                 |   |                |   |\n\
                 |   | Some text.     |   |\n\
                 +---+----------------+---+";
        assert_eq!(
            read(t).expect("a span").found,
            Found::Layout(vec!["A Title".into(), "".into(), "Some text.".into()])
        );
    }

    #[test]
    fn prose_and_rules_are_no_tables() {
        assert!(read("Some words here\nand more").is_none());
        assert!(read("-----------\ntext").is_none());
        assert!(read("--- ---\nunclosed row\n\nnext").is_none());
    }
}
