//! YAML front matter: pandoc's metadata names, our provenance keys, and their aliases.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

use crate::diagnostic::{nearest, Diagnostic};
use crate::model::{Creator, Licence, Meta, Role, Source, SourceField};

/// The front matter of a manuscript, read.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    /// The book's metadata.
    pub(crate) meta: Meta,
    /// Per-document metadata, matched to the documents in order.
    pub(crate) documents: Vec<DocumentMeta>,
    /// A top-level `source`, for a manuscript of one document.
    pub(crate) source: Option<Source>,
}

/// What the front matter says of one document.
#[derive(Debug, Default)]
pub(crate) struct DocumentMeta {
    pub(crate) title: Option<String>,
    pub(crate) subtitle: Option<String>,
    pub(crate) creators: Vec<Creator>,
    pub(crate) date: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) rights: Option<Licence>,
    pub(crate) source: Option<Source>,
    /// The line of the entry, for messages.
    pub(crate) line: usize,
}

/// Keys read at the top of the front matter.
const BOOK_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "translator",
    "editor",
    "transcriber",
    "proofreader",
    "creator",
    "date",
    "lang",
    "rights",
    "description",
    "identifier",
    "publisher",
    "subject",
    "keywords",
    "source",
    "documents",
];

/// Keys of a `documents:` entry.
const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "translator",
    "editor",
    "transcriber",
    "proofreader",
    "date",
    "lang",
    "rights",
    "source",
];

/// Other spellings, mapped to the names above.
const ALIASES: &[(&str, &str)] = &[
    ("language", "lang"),
    ("license", "rights"),
    ("licence", "rights"),
    ("copyright", "rights"),
    ("authors", "author"),
    ("translators", "translator"),
    ("translated-by", "translator"),
    ("editors", "editor"),
    ("abstract", "description"),
    ("summary", "description"),
    ("sources", "source"),
];

/// pandoc keys that concern pandoc's own output (LaTeX, HTML templates): accepted without
/// a warning so that a pandoc manuscript builds unchanged.
const PANDOC_KEYS: &[&str] = &[
    "toc",
    "toc-title",
    "toc-depth",
    "cover-image",
    "css",
    "stylesheet",
    "header-includes",
    "include-before",
    "include-after",
    "documentclass",
    "classoption",
    "geometry",
    "fontsize",
    "mainfont",
    "sansfont",
    "monofont",
    "mathfont",
    "papersize",
    "numbersections",
    "secnumdepth",
    "linkcolor",
    "urlcolor",
    "citecolor",
    "colorlinks",
    "linestretch",
    "bibliography",
    "csl",
    "nocite",
    "link-citations",
    "abstract-title",
    "thanks",
    "institute",
    "page-progression-direction",
    "ibooks",
    "belongs-to-collection",
    "group-position",
    "pagetitle",
    "title-prefix",
    "version",
    "margin-left",
    "margin-right",
    "margin-top",
    "margin-bottom",
];

/// Splits a leading `---` … `---`/`...` block from the text; returns it (without its
/// fences) and the body, with the number of lines the front matter took.
pub(crate) fn split(text: &str) -> (Option<&str>, &str, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text, 0);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines = 2 + yaml.lines().count();
            return (Some(yaml), body, lines);
        }
        offset += line.len();
    }
    (None, text, 0)
}

/// Says whether a text opens front matter that no `---` or `...` line closes: a `---`
/// first line with text right under it (a rule at the top is followed by a blank line).
pub(crate) fn unclosed(text: &str) -> bool {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.lines().next())
        .is_some_and(|l| !l.trim().is_empty())
        && split(text).0.is_none()
}

/// Reads pandoc's title block (`% Title`, `% Author; Author`, `% Date` on the first
/// lines) when a manuscript has one instead of YAML; returns it, the body and the number
/// of lines it took.
pub(crate) fn title_block(text: &str) -> (FrontMatter, &str, usize) {
    let mut fm = FrontMatter::default();
    let mut offset = 0;
    let mut fields: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix('%') {
            Some(rest) if fields.len() < 3 => fields.push(rest.trim().to_string()),
            // A continuation line (indented) belongs to the field above.
            _ if !fields.is_empty() && line.starts_with(' ') && !line.trim().is_empty() => {
                if let Some(last) = fields.last_mut() {
                    last.push(' ');
                    last.push_str(line.trim());
                }
            }
            _ => break,
        }
        offset += line.len();
    }
    if fields.is_empty() {
        return (fm, text, 0);
    }
    let lines = text[..offset].lines().count();
    let mut it = fields.into_iter();
    fm.meta.title = it.next().unwrap_or_default();
    if let Some(authors) = it.next() {
        fm.meta.creators = authors
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| Creator {
                name: a.to_string(),
                role: Role::Author,
            })
            .collect();
    }
    fm.meta.date = it.next().filter(|d| !d.is_empty());
    (fm, &text[offset..], lines)
}

/// How deep YAML flow collections (`[`, `{`) may nest. The YAML parser refuses more than
/// 128 levels anyway, but only after a scan that is quadratic in the brackets (100,000
/// `[` took 55 s): a linear count here answers first.
const MAX_FLOW_DEPTH: usize = 64;

/// Returns the line (0-based in the YAML) where brackets first nest deeper than
/// [`MAX_FLOW_DEPTH`]. Quotes are ignored: a quoted value with that many opening brackets
/// is refused too, which no real one has.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 0;
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// Indexes the lines of the YAML by the key each starts with (after indentation and a
/// list's `-`, quotes taken off), so that finding a key's line is a lookup, not a scan
/// (40,000 keys took 37 s).
fn key_lines(yaml: &str) -> HashMap<&str, Vec<usize>> {
    let mut keys: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in yaml.lines().enumerate() {
        let t = l.trim_start_matches([' ', '-']).trim_start();
        let key = match t.strip_prefix('"') {
            Some(q) => q
                .split_once('"')
                .and_then(|(k, rest)| rest.trim_start().starts_with(':').then_some(k)),
            None => t.split_once(':').map(|(k, _)| k.trim_end()),
        };
        if let Some(k) = key {
            keys.entry(k).or_default().push(i);
        }
    }
    keys
}

/// Reads front matter that starts on line 2 of `file`.
pub(crate) fn parse(
    file: &Path,
    yaml: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<FrontMatter, Diagnostic> {
    if let Some(line) = too_deep(yaml) {
        return Err(Diagnostic::too_deep(file, Some(line + 1), MAX_FLOW_DEPTH).with_hint(
            "the front matter nests `[` or `{` too deep; quote a value that starts with brackets",
        ));
    }
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| {
        let line = e.location().map(|l| l.line() + 1);
        let what = e.to_string();
        let what = what.split(" at line").next().unwrap_or(&what).to_string();
        let mut d = Diagnostic::error(
            "front-matter-syntax",
            file,
            line,
            format!("the front matter is not valid YAML: {what}"),
        );
        if let Some(l) = e.location() {
            d = d.at_column(u32::try_from(l.column()).unwrap_or(u32::MAX));
        }
        d.with_hint(
            "write one `key: value` per line between the two `---` lines; quote values \
             that contain `: ` or start with `*`, `[`, `{`, `&` or `!`",
        )
    })?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            return Err(Diagnostic::error(
                "front-matter-shape",
                file,
                Some(2),
                "the front matter is not a list of `key: value` pairs".into(),
            )
            .with_hint("start each line with a key such as `title:` or `author:`"))
        }
    };
    let ctx = Ctx {
        file,
        line_base: 1,
        keys: key_lines(yaml),
    };
    let mut fm = FrontMatter::default();
    for (key, value) in &map {
        let Some(key) = key_name(key) else { continue };
        let line = ctx.line_of_key(&key, 0);
        let Some(name) = canonical(&key, BOOK_KEYS, &ctx, line, diagnostics) else {
            continue;
        };
        let m = &mut fm.meta;
        match name {
            "title" => m.title = ctx.string(value, name, line)?,
            "subtitle" => m.subtitle = Some(ctx.string(value, name, line)?),
            "author" | "translator" | "editor" | "transcriber" | "proofreader" => m
                .creators
                .extend(ctx.names(value, name, line)?.into_iter().map(|n| Creator {
                    name: n,
                    role: role_of(name),
                })),
            "creator" => m.creators.extend(ctx.pandoc_creators(value, line)?),
            "date" => m.date = Some(ctx.string(value, name, line)?),
            "lang" => m.language = Some(ctx.string(value, name, line)?),
            "rights" => m.rights = Some(Licence::recognize(&ctx.string(value, name, line)?)),
            "description" => m.description = Some(ctx.string(value, name, line)?),
            "identifier" => m.identifier = Some(ctx.identifier(value, line)?),
            "publisher" => m.publisher = Some(ctx.string(value, name, line)?),
            "subject" | "keywords" => m.subjects.extend(ctx.names(value, name, line)?),
            "source" => fm.source = Some(ctx.source(value, line)?),
            "documents" => fm.documents = ctx.documents(value, line, diagnostics)?,
            _ => unreachable!("every key of BOOK_KEYS is handled"),
        }
    }
    Ok(fm)
}

fn role_of(key: &str) -> Role {
    match key {
        "translator" => Role::Translator,
        "editor" => Role::Editor,
        "transcriber" => Role::Transcriber,
        "proofreader" => Role::Proofreader,
        _ => Role::Author,
    }
}

fn key_name(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Maps a key to its canonical name; warns of an unknown one, naming the nearest.
fn canonical(
    key: &str,
    known: &'static [&'static str],
    ctx: &Ctx,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    let lower = key.to_lowercase();
    if let Some(k) = known.iter().find(|k| **k == lower) {
        return Some(k);
    }
    if let Some((_, k)) = ALIASES.iter().find(|(a, _)| *a == lower) {
        if let Some(k) = known.iter().find(|x| *x == k) {
            return Some(k);
        }
    }
    if known == BOOK_KEYS && PANDOC_KEYS.contains(&lower.as_str()) {
        return None;
    }
    let candidates = known.iter().copied().chain(ALIASES.iter().map(|(a, _)| *a));
    // A key longer than any known one by far is no typo of one (and the edit distance
    // costs its length times theirs).
    let shown: String = key.chars().take(60).collect();
    let ellipsis = if shown.len() < key.len() { "…" } else { "" };
    let mut d = Diagnostic::warning(
        "front-matter-unknown-key",
        ctx.file,
        Some(line),
        format!("unknown front-matter key `{shown}{ellipsis}`; it is ignored"),
    );
    let near = if lower.len() <= 40 {
        nearest(&lower, candidates)
    } else {
        None
    };
    d = match near {
        Some(n) => d.with_hint(format!("did you mean `{n}`?")),
        None => d.with_hint(format!("known keys: {}", known.join(", "))),
    };
    diagnostics.push(d);
    None
}

struct Ctx<'a> {
    file: &'a Path,
    /// Lines before the YAML text (the opening `---`).
    line_base: usize,
    /// The lines each key starts (0-based, ascending).
    keys: HashMap<&'a str, Vec<usize>>,
}

impl Ctx<'_> {
    /// Finds the line of `key:` at the given indentation, from the start of the YAML text.
    fn line_of_key(&self, key: &str, from_line: usize) -> usize {
        self.keys
            .get(key)
            .and_then(|lines| lines.get(lines.partition_point(|&l| l < from_line)))
            .map_or(self.line_base + 1, |i| i + 1 + self.line_base)
    }

    fn wrong(&self, line: usize, key: &str, expected: &str) -> Diagnostic {
        Diagnostic::error(
            "front-matter-value",
            self.file,
            Some(line),
            format!("`{key}` should be {expected}"),
        )
        .with_hint(format!("write it as `{key}: {}`", example(key)))
    }

    /// Reads a scalar as text (numbers and dates too: `date: 1936`).
    fn string(&self, v: &Value, key: &str, line: usize) -> Result<String, Diagnostic> {
        match v {
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Ok(String::new()),
            // pandoc writes multi-line values as a list of lines in some templates.
            Value::Sequence(items) if items.iter().all(|i| matches!(i, Value::String(_))) => {
                Ok(items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "))
            }
            _ => Err(self.wrong(line, key, "a piece of text")),
        }
    }

    /// Reads one name or a list of names (`author: A` or `author: [A, B]`, or pandoc's
    /// `- name: A` entries).
    fn names(&self, v: &Value, key: &str, line: usize) -> Result<Vec<String>, Diagnostic> {
        match v {
            Value::Sequence(items) => items
                .iter()
                .map(|i| match i {
                    Value::Mapping(m) => m
                        .get("name")
                        .or_else(|| m.get("text"))
                        .map(|n| self.string(n, key, line))
                        .unwrap_or_else(|| Err(self.wrong(line, key, "a name or a list of names"))),
                    other => self.string(other, key, line),
                })
                .collect(),
            Value::Null => Ok(Vec::new()),
            other => Ok(vec![self.string(other, key, line)?]),
        }
    }

    /// Reads pandoc's `creator:` list of `{text, role}`.
    fn pandoc_creators(&self, v: &Value, line: usize) -> Result<Vec<Creator>, Diagnostic> {
        let Value::Sequence(items) = v else {
            return Err(self.wrong(line, "creator", "a list of `- text: NAME` / `role: ROLE`"));
        };
        items
            .iter()
            .map(|i| {
                let name = i
                    .get("text")
                    .or_else(|| i.get("name"))
                    .ok_or_else(|| self.wrong(line, "creator", "a list of `- text: NAME`"))?;
                let role = match i.get("role").and_then(Value::as_str).unwrap_or("aut") {
                    "trl" | "translator" => Role::Translator,
                    "edt" | "editor" => Role::Editor,
                    "trc" | "transcriber" => Role::Transcriber,
                    "pfr" | "proofreader" => Role::Proofreader,
                    _ => Role::Author,
                };
                Ok(Creator {
                    name: self.string(name, "creator", line)?,
                    role,
                })
            })
            .collect()
    }

    /// Reads an identifier: text, or pandoc's `- scheme: … text: …` list (the first wins).
    fn identifier(&self, v: &Value, line: usize) -> Result<String, Diagnostic> {
        match v {
            Value::Sequence(items) => items
                .first()
                .and_then(|i| i.get("text").or(Some(i)))
                .map(|t| self.string(t, "identifier", line))
                .unwrap_or_else(|| Ok(String::new())),
            other => self.string(other, "identifier", line),
        }
    }

    /// Reads a source: text, a `label: value` mapping, or a list of such entries and lines.
    fn source(&self, v: &Value, line: usize) -> Result<Source, Diagnostic> {
        let mut fields = Vec::new();
        let push_map = |fields: &mut Vec<SourceField>, m: &Mapping| -> Result<(), Diagnostic> {
            for (k, val) in m {
                let label = key_name(k).unwrap_or_default();
                fields.push(SourceField::new(&label, &self.string(val, "source", line)?));
            }
            Ok(())
        };
        match v {
            Value::Mapping(m) => push_map(&mut fields, m)?,
            Value::Sequence(items) => {
                for i in items {
                    match i {
                        Value::Mapping(m) => push_map(&mut fields, m)?,
                        other => {
                            let text = self.string(other, "source", line)?;
                            fields.push(SourceField::new("", &text));
                        }
                    }
                }
            }
            other => {
                let text = self.string(other, "source", line)?;
                fields.push(SourceField::new("Source", &text));
            }
        }
        Ok(Source { fields })
    }

    /// Reads the `documents:` list.
    fn documents(
        &self,
        v: &Value,
        line: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Vec<DocumentMeta>, Diagnostic> {
        let Value::Sequence(items) = v else {
            return Err(self.wrong(line, "documents", "a list of `- title: …` entries"));
        };
        let mut out = Vec::new();
        let mut search_from = line - self.line_base;
        for item in items {
            let Value::Mapping(map) = item else {
                return Err(self.wrong(line, "documents", "a list of `- title: …` entries"));
            };
            let mut doc = DocumentMeta {
                line: self.line_of_key(
                    map.keys().next().and_then(Value::as_str).unwrap_or("title"),
                    search_from,
                ),
                ..DocumentMeta::default()
            };
            search_from = doc.line - self.line_base;
            for (key, value) in map {
                let Some(key) = key_name(key) else { continue };
                let kline = self.line_of_key(&key, doc.line - self.line_base - 1);
                let Some(name) = canonical(&key, DOCUMENT_KEYS, self, kline, diagnostics) else {
                    continue;
                };
                match name {
                    "title" => doc.title = Some(self.string(value, name, kline)?),
                    "subtitle" => doc.subtitle = Some(self.string(value, name, kline)?),
                    "author" | "translator" | "editor" | "transcriber" | "proofreader" => doc
                        .creators
                        .extend(
                            self.names(value, name, kline)?
                                .into_iter()
                                .map(|n| Creator {
                                    name: n,
                                    role: role_of(name),
                                }),
                        ),
                    "date" => doc.date = Some(self.string(value, name, kline)?),
                    "lang" => doc.language = Some(self.string(value, name, kline)?),
                    "rights" => {
                        doc.rights = Some(Licence::recognize(&self.string(value, name, kline)?))
                    }
                    "source" => doc.source = Some(self.source(value, kline)?),
                    _ => unreachable!("every key of DOCUMENT_KEYS is handled"),
                }
            }
            out.push(doc);
        }
        Ok(out)
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "author" | "translator" | "editor" | "transcriber" => "Jane Doe` or `[Jane Doe, John Roe]",
        "documents" => "` then lines `  - title: …",
        "creator" => "` then lines `  - text: Jane Doe` and `    role: trl",
        _ => "some text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_the_block_and_counts_its_lines() {
        let (fm, body, lines) = split("---\ntitle: A\nlang: fr\n---\n\nText\n");
        assert_eq!(fm, Some("title: A\nlang: fr\n"));
        assert_eq!(body, "\nText\n");
        assert_eq!(lines, 4);
        assert_eq!(split("Text\n---\n").0, None);
        assert!(unclosed("---\ntitle: A\n\nText\n"));
        assert!(!unclosed("---\n\nText after a rule\n"));
        assert!(!unclosed("---\ntitle: A\n---\nText\n"));
    }

    #[test]
    fn keys_are_found_on_their_lines_and_deep_brackets_refused() {
        let yaml = "title: T\ndocuments:\n  - title: A\n  - \"title\": B\n";
        let ctx = Ctx {
            file: Path::new("x.md"),
            line_base: 1,
            keys: key_lines(yaml),
        };
        assert_eq!(ctx.line_of_key("title", 0), 2);
        assert_eq!(ctx.line_of_key("title", 1), 4);
        assert_eq!(ctx.line_of_key("title", 3), 5);
        assert_eq!(ctx.line_of_key("absent", 0), 2);
        assert_eq!(too_deep(&format!("a: {}", "[".repeat(65))), Some(0));
        assert_eq!(too_deep("a: [[1], {b: [2]}]\n"), None);
        let e = parse(
            Path::new("x.md"),
            &format!("t: {}", "[".repeat(100_000)),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(e.code, "nesting-too-deep");
    }

    #[test]
    fn pandoc_title_blocks_are_read() {
        let (fm, body, lines) = title_block(
            "% Pandoc Test Suite\n% John MacFarlane; Anonymous\n% July 17, 2006\n\nText\n",
        );
        assert_eq!(fm.meta.title, "Pandoc Test Suite");
        assert_eq!(fm.meta.creators.len(), 2);
        assert_eq!(fm.meta.date.as_deref(), Some("July 17, 2006"));
        assert_eq!(body, "\nText\n");
        assert_eq!(lines, 3);
        assert_eq!(title_block("Text\n").2, 0);
    }

    #[test]
    fn aliases_and_lists_are_read() {
        let mut d = Vec::new();
        let fm = parse(
            Path::new("x.md"),
            "title: T\nauthor: [A, B]\nlanguage: fr\nlicence: CC BY-SA 4.0\ntranslator: C\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.meta.language.as_deref(), Some("fr"));
        assert_eq!(fm.meta.creators.len(), 3);
        assert_eq!(fm.meta.creators[2].role, Role::Translator);
        assert!(fm.meta.rights.unwrap().share_alike);
    }

    #[test]
    fn an_unknown_key_warns_with_the_nearest() {
        let mut d = Vec::new();
        parse(Path::new("x.md"), "title: T\nautor: A\n", &mut d).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(3));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `author`?"));
    }

    #[test]
    fn bad_yaml_names_its_line() {
        let e = parse(Path::new("x.md"), "title: T\nauthor: [A\n", &mut Vec::new()).unwrap_err();
        assert_eq!(e.code, "front-matter-syntax");
        assert!(e.line.is_some());
    }
}
