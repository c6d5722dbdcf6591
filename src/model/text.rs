//! Plain text out of the model: for titles, tables of contents and word-fidelity checks.

use super::{Block, Book, Document, Inline, NoteIndex};

/// Returns the plain text of a run of inlines (without note references).
pub fn inlines_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines, None);
    out
}

fn push_inlines(out: &mut String, inlines: &[Inline], doc: Option<&NoteIndex>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Html { html } => out.push_str(&html_text(html)),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => push_inlines(out, content, doc),
            Inline::Image { alt, .. } => push_inlines(out, alt, doc),
            Inline::LineBreak => out.push('\n'),
            Inline::NoteRef { id } => {
                // Without a document, references are left out (the reading text).
                if let Some(d) = doc {
                    let mark = d.get(id.as_str()).map_or(id.as_str(), |n| &n.mark);
                    out.push('[');
                    out.push_str(mark);
                    out.push(']');
                }
            }
        }
    }
}

fn push_blocks(out: &mut String, blocks: &[Block], doc: Option<&NoteIndex>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Dateline { content }
            | Block::Salutation { content }
            | Block::Closing { content }
            | Block::Signature { content } => push_inlines(out, content, doc),
            Block::BlockQuote { blocks } => push_blocks(out, blocks, doc),
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    // The source's own numbers, but not in the reading text (`doc` absent).
                    if let (Some(n), Some(_)) = (start, doc) {
                        out.push_str(&format!("{}. ", n + i as u64));
                    }
                    push_blocks(out, &item.blocks, doc);
                }
            }
            Block::CodeBlock { text, .. } => out.push_str(text),
            Block::Html { html } => out.push_str(&html_text(html)),
            Block::Table {
                head,
                rows,
                caption,
                ..
            } => {
                for cell in std::iter::once(caption)
                    .filter(|c| !c.is_empty())
                    .chain(head)
                    .chain(rows.iter().flatten())
                {
                    push_inlines(out, cell, doc);
                    out.push('\n');
                }
            }
            Block::SectionBreak => {}
        }
        out.push_str("\n\n");
    }
}

impl Document {
    /// Returns the text a reader reads: body and notes, without note marks or list numbers
    /// (which editions set themselves).
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        push_blocks(&mut out, &self.blocks, None);
        for note in &self.notes {
            push_blocks(&mut out, &note.blocks, None);
        }
        out
    }

    /// Returns the document's text: title, provenance, body and notes, in reading order.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        self.push_marks(&mut out, &self.title_notes);
        out.push('\n');
        for line in self.subtitle.iter().chain(self.date.iter()) {
            out.push_str(line);
            out.push('\n');
        }
        for c in &self.creators {
            out.push_str(&c.name);
            out.push('\n');
        }
        if let Some(source) = &self.source {
            for f in &source.fields {
                out.push_str(&f.label);
                out.push_str(": ");
                out.push_str(&f.value);
                self.push_marks(&mut out, &f.notes);
                out.push('\n');
            }
        }
        out.push('\n');
        let index = self.note_index();
        push_blocks(&mut out, &self.blocks, Some(&index));
        for note in &self.notes {
            out.push_str(&note.mark);
            out.push_str(". ");
            push_blocks(&mut out, &note.blocks, Some(&index));
        }
        out
    }
}

impl Document {
    /// Writes the marks of the notes referenced from the title or the header.
    fn push_marks(&self, out: &mut String, ids: &[String]) {
        for id in ids {
            let mark = self.note(id).map_or(id.as_str(), |n| &n.mark);
            out.push('[');
            out.push_str(mark);
            out.push(']');
        }
    }
}

impl Book {
    /// Returns the text of the whole book: its metadata, then each document.
    pub fn plain_text(&self) -> String {
        let m = &self.meta;
        let mut out = String::new();
        for line in [
            &Some(m.title.clone()),
            &m.subtitle,
            &m.date,
            &m.description,
            &m.publisher,
        ]
        .into_iter()
        .flatten()
        {
            out.push_str(line);
            out.push('\n');
        }
        for c in &m.creators {
            out.push_str(&c.name);
            out.push('\n');
        }
        if let Some(r) = &m.rights {
            out.push_str(&r.text);
            out.push('\n');
        }
        for d in &self.documents {
            out.push_str(&d.plain_text());
            if let Some(r) = &d.rights {
                out.push_str(&r.text);
                out.push('\n');
            }
        }
        out
    }
}

/// Returns what a browser would show of raw HTML: comments and tags out (a tag's place
/// kept as a space where it separates words), character references decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|e| e + 3)
        } else {
            // Not a tag (`a < b`) unless a name or `/` or `!` follows.
            match after[1..].chars().next() {
                Some(c) if c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?' => {
                    after.find('>').map(|e| e + 1)
                }
                _ => None,
            }
        };
        match end {
            Some(e) => {
                let tag = &after[..e];
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                // Block-level tags and line breaks separate words; inline ones do not.
                if !matches!(
                    name.as_str(),
                    "a" | "b"
                        | "i"
                        | "em"
                        | "strong"
                        | "span"
                        | "code"
                        | "sup"
                        | "sub"
                        | "small"
                        | "u"
                        | "s"
                        | "del"
                        | "ins"
                        | "mark"
                        | "abbr"
                        | "cite"
                        | "q"
                        | "kbd"
                        | "var"
                        | ""
                ) {
                    out.push(' ');
                }
                rest = &after[e..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Decodes the character references that raw HTML in manuscripts uses.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How many words a text holds, as length rules count them: the runs between spaces,
/// except that the scripts which write no space between words (Han and kana; Thai, Lao,
/// Khmer, Myanmar) count their letters by a word's usual length there — about two
/// characters in Chinese and Japanese, five in Thai — so that a Chinese paragraph counts
/// as long as an English one of the same matter, not as one word. Text in other scripts
/// counts exactly as `split_whitespace` does.
pub fn word_count(text: &str) -> usize {
    use unicode_script::{Script, UnicodeScript};
    if text.is_ascii() {
        return text.split_whitespace().count();
    }
    text.split_whitespace()
        .map(|token| {
            if token.is_ascii() {
                return 1;
            }
            let (mut ideographic, mut southeast, mut other) = (0usize, 0usize, false);
            for c in token.chars() {
                match c.script() {
                    Script::Han | Script::Hiragana | Script::Katakana => ideographic += 1,
                    Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar => southeast += 1,
                    _ => other |= c.is_alphanumeric(),
                }
            }
            if ideographic + southeast == 0 {
                1
            } else {
                ideographic.div_ceil(2) + southeast.div_ceil(5) + usize::from(other)
            }
        })
        .sum()
}

/// Splits text into comparable words: runs of letters and digits, lower-cased, with
/// apostrophes of every kind folded so that `don't` and `don’t` compare equal.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘' | 'ʼ') && !cur.is_empty() {
            // An apostrophe inside a word joins it; a closing quote is dropped below.
            cur.push('\'');
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur).trim_end_matches('\'').to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur.trim_end_matches('\'').to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_in_scripts_without_spaces() {
        assert_eq!(word_count("The strike began — on Monday."), 6);
        assert_eq!(word_count("关于正确处理人民内部矛盾的问题"), 8);
        assert_eq!(word_count("毛泽东"), 2);
        assert_eq!(word_count("1957年 Mao"), 3);
        assert_eq!(word_count("ประเทศไทย"), 2);
        assert_eq!(word_count("بيان الحزب الشيوعي"), 3);
    }

    #[test]
    fn raw_html_shows_its_text() {
        assert_eq!(
            html_text("<div class=\"x\">Hello <em>big</em> world</div><!-- no -->"),
            " Hello big world "
        );
        assert_eq!(html_text("a < b &amp; c &#233;&#x41;"), "a < b & c éA");
        assert_eq!(html_text("x<br/>y"), "x y");
    }

    #[test]
    fn words_fold_apostrophes_and_case() {
        assert_eq!(words("Don't — “stop”!"), vec!["don't", "stop"]);
        assert_eq!(words("don’t N.I.[4]"), vec!["don't", "n", "i", "4"]);
        assert_eq!(words("workers’ state"), vec!["workers", "state"]);
    }
}

/// A character XML forbids, where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The character.
    pub ch: char,
    /// Its line (1-based).
    pub line: usize,
    /// Its column (1-based, in characters).
    pub column: u32,
}

/// Says whether XML 1.0 forbids a character (its `Char` production: every control
/// character but tab, line feed and carriage return, and U+FFFE, U+FFFF). EPUB is XML,
/// and a PDF's text strings should not hold them either.
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Removes the characters XML forbids from a text; returns it and where each one was.
pub fn strip_forbidden(text: &str) -> (String, Vec<Found>) {
    if !text.chars().any(xml_forbidden) {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let (mut line, mut column) = (1, 0u32);
    for c in text.chars() {
        column = column.saturating_add(1);
        if c == '\n' {
            line += 1;
            column = 0;
        }
        if xml_forbidden(c) {
            found.push(Found {
                ch: c,
                line,
                column,
            });
        } else {
            out.push(c);
        }
    }
    (out, found)
}

/// Says whether bytes are UTF-16, and in which byte order: a byte-order mark, or the
/// zero bytes that every other byte of ASCII text is in UTF-16.
pub fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Mostly ASCII text in UTF-16 has a zero in nearly every pair, on one side only.
    if odd_zero * 10 >= pairs * 9 && even_zero * 10 < pairs {
        Some("little-endian")
    } else if even_zero * 10 >= pairs * 9 && odd_zero * 10 < pairs {
        Some("big-endian")
    } else {
        None
    }
}

#[cfg(test)]
mod screening {
    use super::*;

    #[test]
    fn forbidden_characters_are_removed_with_their_places() {
        let (t, f) = strip_forbidden("Hel\0lo\nw\u{b}o\u{ffff}rld\t\r");
        assert_eq!(t, "Hello\nworld\t\r");
        let places: Vec<(usize, u32)> = f.iter().map(|f| (f.line, f.column)).collect();
        assert_eq!(places, [(1, 4), (2, 2), (2, 4)]);
        assert_eq!(strip_forbidden("plain").1, []);
    }

    #[test]
    fn utf16_is_recognized_with_or_without_a_mark() {
        let le: Vec<u8> = "Hello, world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Hello, world"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16(&le), Some("little-endian"));
        assert_eq!(utf16(&be), Some("big-endian"));
        assert_eq!(utf16(&[0xFF, 0xFE, b'a', 0]), Some("little-endian"));
        assert_eq!(utf16(b"Hello, world"), None);
        assert_eq!(utf16("Привет, мир".as_bytes()), None);
    }
}
