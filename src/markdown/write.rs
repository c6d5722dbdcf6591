//! Writes a book as a manuscript: Markdown with YAML front matter that reads back into the
//! same model (pandoc reads it too: fenced divs, `[^n]` notes, pandoc's metadata names).

use serde_yaml_ng::{Mapping, Value};

use crate::model::{Alignment, Block, Book, Creator, Document, Inline, Role, Source};

/// Writes the manuscript of a book.
pub fn write(book: &Book) -> String {
    let mut out = String::from("---\n");
    out.push_str(&front_matter(book));
    out.push_str("---\n");
    for doc in &book.documents {
        out.push_str("\n# ");
        out.push_str(&escape_line_start(&escape(&doc.title)));
        for id in &doc.title_notes {
            out.push_str(&format!("[^{id}]"));
        }
        out.push_str("\n\n");
        write_blocks(&mut out, &doc.blocks, "");
        for note in &doc.notes {
            let mut body = String::new();
            write_blocks(&mut body, &note.blocks, "    ");
            out.push_str(&format!("[^{}]: ", note.id));
            out.push_str(body.trim_start());
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn front_matter(book: &Book) -> String {
    let m = &book.meta;
    let mut map = Mapping::new();
    put(&mut map, "title", Some(&m.title));
    put(&mut map, "subtitle", m.subtitle.as_ref());
    put_creators(&mut map, &m.creators);
    put(&mut map, "date", m.date.as_ref());
    put(&mut map, "lang", m.language.as_ref());
    put(&mut map, "rights", m.rights.as_ref().map(|r| &r.text));
    put(&mut map, "description", m.description.as_ref());
    put(&mut map, "identifier", m.identifier.as_ref());
    put(&mut map, "publisher", m.publisher.as_ref());
    if !m.subjects.is_empty() {
        map.insert(
            "subject".into(),
            Value::Sequence(m.subjects.iter().map(|s| s.as_str().into()).collect()),
        );
    }
    // Documents are listed up to the last one that says more than its title.
    let described = book
        .documents
        .iter()
        .rposition(has_metadata)
        .map_or(0, |i| i + 1);
    if described > 0 {
        let docs = book.documents[..described]
            .iter()
            .map(|d| Value::Mapping(document_entry(d)))
            .collect();
        map.insert("documents".into(), Value::Sequence(docs));
    }
    serde_yaml_ng::to_string(&Value::Mapping(map)).unwrap_or_default()
}

fn has_metadata(d: &Document) -> bool {
    d.subtitle.is_some()
        || !d.creators.is_empty()
        || d.date.is_some()
        || d.language.is_some()
        || d.rights.is_some()
        || d.source.is_some()
}

fn document_entry(d: &Document) -> Mapping {
    let mut map = Mapping::new();
    put(&mut map, "title", Some(&d.title));
    put(&mut map, "subtitle", d.subtitle.as_ref());
    put_creators(&mut map, &d.creators);
    put(&mut map, "date", d.date.as_ref());
    put(&mut map, "lang", d.language.as_ref());
    put(&mut map, "rights", d.rights.as_ref().map(|r| &r.text));
    if let Some(s) = &d.source {
        map.insert("source".into(), source_value(s));
    }
    map
}

fn put(map: &mut Mapping, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        map.insert(key.into(), Value::String(v.clone()));
    }
}

/// Writes creators grouped by role, in the order the reader gives them back.
fn put_creators(map: &mut Mapping, creators: &[Creator]) {
    for (role, key) in [
        (Role::Author, "author"),
        (Role::Translator, "translator"),
        (Role::Transcriber, "transcriber"),
        (Role::Editor, "editor"),
        (Role::Proofreader, "proofreader"),
    ] {
        let names: Vec<Value> = creators
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.as_str().into())
            .collect();
        match names.len() {
            0 => {}
            1 => {
                map.insert(key.into(), names[0].clone());
            }
            _ => {
                map.insert(key.into(), Value::Sequence(names));
            }
        }
    }
}

fn source_value(s: &Source) -> Value {
    Value::Sequence(
        s.fields
            .iter()
            .map(|f| {
                // A note referenced from the field follows its value, as in the text.
                let mut value = f.value.clone();
                for id in &f.notes {
                    value.push_str(&format!("[^{id}]"));
                }
                if f.label.is_empty() {
                    Value::String(value)
                } else {
                    let mut m = Mapping::new();
                    m.insert(f.label.as_str().into(), value.into());
                    Value::Mapping(m)
                }
            })
            .collect(),
    )
}

/// Writes blocks, each followed by a blank line; `indent` prefixes every line but the
/// first (for list items and notes).
fn write_blocks(out: &mut String, blocks: &[Block], indent: &str) {
    for block in blocks {
        let mut text = String::new();
        write_block(&mut text, block);
        for (i, line) in text.lines().enumerate() {
            if (i > 0 || !out.is_empty()) && !line.is_empty() {
                out.push_str(indent);
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { content } => out.push_str(&escape_line_start(&inlines(content))),
        Block::Heading { level, content, id } => {
            out.push_str(&"#".repeat((*level).clamp(2, 6) as usize));
            out.push(' ');
            out.push_str(&inlines(content));
            if let Some(id) = id {
                out.push_str(&format!(" {{#{id}}}"));
            }
        }
        Block::BlockQuote { blocks } => {
            let mut inner = String::new();
            write_blocks(&mut inner, blocks, "");
            for line in inner.trim_end().lines() {
                out.push_str(if line.is_empty() { ">" } else { "> " });
                out.push_str(line);
                out.push('\n');
            }
        }
        Block::List { start, items } => {
            for (i, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(n) => format!("{}. ", n + i as u64),
                    None => "- ".to_string(),
                };
                let pad = " ".repeat(marker.len());
                let mut inner = String::new();
                write_blocks(&mut inner, &item.blocks, "");
                out.push_str(&marker);
                for (j, line) in inner.trim_end().lines().enumerate() {
                    if j > 0 && !line.is_empty() {
                        out.push_str(&pad);
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
        }
        Block::CodeBlock { lang, text } => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            out.push_str(&fence);
            out.push_str(lang.as_deref().unwrap_or(""));
            out.push('\n');
            out.push_str(text);
            if !text.ends_with('\n') && !text.is_empty() {
                out.push('\n');
            }
            out.push_str(&fence);
        }
        Block::Html { html } => out.push_str(html.trim_end()),
        Block::Table {
            head,
            rows,
            align,
            caption,
        } => pipe_table(out, head, rows, align, caption),
        Block::SectionBreak => out.push_str("* * *"),
        Block::Dateline { content } => div(out, "dateline", content),
        Block::Salutation { content } => div(out, "salutation", content),
        Block::Closing { content } => div(out, "closing", content),
        Block::Signature { content } => div(out, "signature", content),
    }
}

/// Writes a pipe table, its alignments in the delimiter row and its caption after it as
/// pandoc writes one.
fn pipe_table(
    out: &mut String,
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    align: &[Alignment],
    caption: &[Inline],
) {
    let row = |cells: &[Vec<Inline>]| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| inlines(c).replace('|', "\\|"))
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    // A pipe table has a header row: a table without one gets empty cells, as
    // wide as its widest row, so that no cell is cut off when it is read back.
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    let mut header = head.to_vec();
    header.resize(width.max(1), Vec::new());
    out.push_str(&row(&header));
    out.push_str(&delimiter_row(align, header.len()));
    out.push('\n');
    for r in rows {
        out.push_str(&row(r));
    }
    // pandoc's caption: a paragraph of its own after the table.
    if !caption.is_empty() {
        out.push_str(&format!("\nTable: {}", inlines(caption)));
    }
}

/// A pipe table's delimiter row for `columns` columns: `|:---|---:|`, each column's
/// alignment in its colons.
pub(crate) fn delimiter_row(align: &[Alignment], columns: usize) -> String {
    let marks: Vec<&str> = (0..columns)
        .map(|k| match Alignment::of(align, k) {
            Alignment::Default => "---",
            Alignment::Left => ":---",
            Alignment::Center => ":---:",
            Alignment::Right => "---:",
        })
        .collect();
    format!("|{}|", marks.join("|"))
}

fn div(out: &mut String, class: &str, content: &[Inline]) {
    out.push_str(&format!(
        "::: {class}\n{}\n:::",
        escape_line_start(&inlines(content))
    ));
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Writes inlines as one line of Markdown.
fn inlines(content: &[Inline]) -> String {
    let mut out = String::new();
    for i in content {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emphasis { content } => wrap(&mut out, "*", content),
            Inline::Strong { content } => wrap(&mut out, "**", content),
            Inline::Strikethrough { content } => wrap(&mut out, "~~", content),
            Inline::Code { text } => {
                let ticks = "`".repeat(longest_run(text, '`') + 1);
                let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{ticks}{pad}{text}{pad}{ticks}"));
            }
            Inline::Link {
                url,
                title,
                content,
            } => {
                let plain = matches!(content.as_slice(), [Inline::Text { text }] if text == url);
                if plain && title.is_empty() && autolinkable(url) {
                    out.push_str(&format!("<{url}>"));
                } else {
                    out.push_str(&format!(
                        "[{}]({})",
                        inlines(content),
                        destination(url, title)
                    ));
                }
            }
            Inline::Image {
                url,
                title,
                alt,
                width,
            } => {
                out.push_str(&format!("![{}]({})", inlines(alt), destination(url, title)));
                if let Some(w) = width {
                    out.push_str(&format!("{{width={w}}}"));
                }
            }
            Inline::Html { html } => out.push_str(html),
            Inline::LineBreak => out.push_str("\\\n"),
            Inline::NoteRef { id } => out.push_str(&format!("[^{id}]")),
        }
    }
    out
}

/// Wraps emphasis, keeping white space outside the delimiters so that it still parses.
fn wrap(out: &mut String, delim: &str, content: &[Inline]) {
    let inner = inlines(content);
    let trimmed = inner.trim();
    let lead = &inner[..inner.len() - inner.trim_start().len()];
    let trail = &inner[inner.trim_end().len()..];
    out.push_str(lead);
    if !trimmed.is_empty() {
        out.push_str(delim);
        out.push_str(trimmed);
        out.push_str(delim);
    }
    out.push_str(trail);
}

fn autolinkable(url: &str) -> bool {
    url.contains(':') && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>')
}

fn destination(url: &str, title: &str) -> String {
    let url = format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"));
    if title.is_empty() {
        url
    } else {
        format!(
            "{url} \"{}\"",
            title.replace('\\', "\\\\").replace('"', "\\\"")
        )
    }
}

/// Escapes text so that CommonMark (with smart punctuation) reads back exactly these
/// characters.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let special = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '{' | '}' | '"'
            | '\'' | '$' => true,
            '!' => next == Some('['),
            // Smart punctuation turns `--` into dashes and `...` into an ellipsis.
            '-' => next == Some('-') || prev == Some('-'),
            '.' => next == Some('.') || prev == Some('.'),
            '\n' => false,
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would make a line start a block (a heading, list, quote, fence, div).
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('#' | '+' | '-' | '=' | ':' | '>') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some(p @ ('.' | ')')) if digits <= 9 => {
                    format!("{}\\{}{}", &line[..digits], p, &line[digits + 1..])
                }
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_literal() {
        assert_eq!(
            escape("a *b* [c] x--y ..."),
            "a \\*b\\* \\[c\\] x\\-\\-y \\.\\.\\."
        );
        assert_eq!(escape_line_start("1936. The year"), "1936\\. The year");
        assert_eq!(escape_line_start("- no list"), "\\- no list");
    }
}
