//! The importer: raw text as copied from a blog or an archive page into the model.
//!
//! The stages, each a pass over paragraphs: normalize the characters; drop page chrome
//! (and report every line dropped); read the title block; split off documents that open
//! with a header of their own (`Source:`, `Translated:`…); in each document, find the
//! trailing notes list and the markers that point to it, the parts of a letter, lists and
//! section breaks; finally apply typography to the text.

mod lexicon;
mod normalize;
mod notes;
mod typography;

pub use normalize::decode;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Error, Parsed};
use crate::model::{
    Block, Book, Creator, Document, Inline, Licence, ListItem, Meta, Note, Role, Source,
    SourceField, SourceKind,
};
use notes::{MarkerStyle, Piece};
use typography::Smartener;

/// A paragraph of raw text: its lines, where it starts, and how many blank lines came
/// before it.
#[derive(Debug, Clone)]
struct Para {
    lines: Vec<String>,
    line: usize,
    blank_before: usize,
}

impl Para {
    fn single(&self) -> Option<&str> {
        (self.lines.len() == 1).then(|| self.lines[0].as_str())
    }

    fn joined(&self) -> String {
        self.lines.join(" ")
    }
}

/// Reads a raw text into a book; the diagnostics report every line dropped as chrome.
pub fn import(file: &Path, bytes: &[u8]) -> Result<Parsed<Book>, Error> {
    let text = normalize::normalize(file, bytes)?;
    let mut diagnostics = Vec::new();

    // 1. Paragraphs, then chrome out.
    let paras = paragraphs(&text);
    if paras.is_empty() {
        return Err(
            Diagnostic::error("empty-input", file, None, "the file has no text".into())
                .with_hint("give a file with the text to import")
                .into(),
        );
    }
    let (paras, byline) = drop_chrome(file, paras, &mut diagnostics);
    if paras.is_empty() {
        return Err(Diagnostic::error(
            "empty-input",
            file,
            None,
            "the file has nothing but page chrome".into(),
        )
        .with_hint("check that the right file was given")
        .into());
    }
    let language = lexicon::language(&text).map(str::to_string);
    let french = language.as_deref() == Some("fr");

    // 2. Documents: the title block, then one more for each embedded header.
    let mut docs = split_documents(&paras);
    if let Some(first) = docs.first_mut() {
        if let Some((author, date)) = byline {
            if first.author.is_none() {
                first.author = author;
            }
            if first.date.is_none() {
                first.date = date;
            }
        }
        if first.title.is_none() {
            first.title = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        }
    }

    // 3. Each document's body.
    let mut smart = Smartener::new(french);
    let mut documents = Vec::new();
    for raw in &docs {
        documents.push(build_document(file, raw, &mut smart, &mut diagnostics));
    }
    if documents.iter().all(|d| d.blocks.is_empty()) {
        return Err(Diagnostic::error(
            "empty-input",
            file,
            None,
            "the file has a title but no text".into(),
        )
        .with_hint("check that the right file was given")
        .into());
    }

    // 4. The book: the first document's title, author and date describe it.
    let first = &mut documents[0];
    let meta = Meta {
        title: first.title.clone(),
        creators: std::mem::take(&mut first.creators),
        language,
        date: first.date.as_deref().and_then(lexicon::date).map(|d| d.iso),
        ..Meta::default()
    };
    Ok(Parsed {
        value: Book { meta, documents },
        diagnostics,
    })
}

/// Splits text into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut blank = 0;
    let mut cur: Option<Para> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            blank += 1;
            continue;
        }
        match &mut cur {
            Some(p) => p.lines.push(t.to_string()),
            None => {
                cur = Some(Para {
                    lines: vec![t.to_string()],
                    line: i + 1,
                    blank_before: if out.is_empty() { 0 } else { blank },
                });
                blank = 0;
            }
        }
    }
    out.extend(cur);
    out
}

type Byline = (Option<String>, Option<String>);

/// Drops the lines of page chrome, reporting each; a comment thread (`3 comments:` …
/// `Post a Comment`) goes whole. Returns the byline of a `Posted by`/`Posted on` line.
fn drop_chrome(
    file: &Path,
    paras: Vec<Para>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Para>, Option<Byline>) {
    let mut out: Vec<Para> = Vec::new();
    let mut byline = None;
    let mut in_thread = false;
    let mut dropped_before = false;
    for mut p in paras {
        let mut kept = Vec::new();
        for (k, line) in p.lines.iter().enumerate() {
            let kind = if in_thread {
                if line.trim().eq_ignore_ascii_case("post a comment") {
                    in_thread = false;
                }
                Some("comment thread")
            } else {
                let kind = lexicon::chrome(line);
                if kind == Some("comment count") {
                    in_thread = true;
                }
                kind
            };
            match kind {
                Some(kind) => {
                    if byline.is_none() {
                        byline = lexicon::byline(line);
                    }
                    diagnostics.push(Diagnostic::info(
                        "chrome-dropped",
                        file,
                        Some(p.line + k),
                        format!("dropped {kind}: “{line}”"),
                    ));
                }
                None => kept.push(line.clone()),
            }
        }
        if kept.is_empty() {
            dropped_before = true;
            continue;
        }
        p.lines = kept;
        if dropped_before {
            // A run of blank lines next to chrome is no section break.
            p.blank_before = p.blank_before.min(1);
            dropped_before = false;
        }
        out.push(p);
    }
    (out, byline)
}

/// A document as found in the raw text, before its body is read.
#[derive(Debug, Default)]
struct RawDocument {
    title: Option<String>,
    subtitle: Option<String>,
    author: Option<String>,
    date: Option<String>,
    fields: Vec<SourceField>,
    body: Vec<Para>,
}

/// Says whether a line opens a header field (`Source: …`, `First Published: …`).
fn field_label(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim();
    SourceKind::from_label(label).map(|_| (label, value.trim()))
}

/// Says whether a paragraph is a header: its first line is a known field.
fn is_header(p: &Para) -> bool {
    field_label(&p.lines[0]).is_some()
}

/// Whether a paragraph can be a line of a title block (author, title, date).
fn head_line(p: &Para) -> bool {
    p.single().is_some_and(|l| {
        l.split_whitespace().count() <= 20 && !l.ends_with(['.', ',', ';', ':'])
            || lexicon::date(l).is_some()
    })
}

/// Finds the documents: the text's own title block, then each embedded header with the
/// author and title lines above it.
fn split_documents(paras: &[Para]) -> Vec<RawDocument> {
    // Where each embedded header's block starts.
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (head start, header index)
    let mut i = 0;
    while i < paras.len() {
        if is_header(&paras[i]) {
            let floor = starts.last().map_or(0, |&(_, h)| h + 1);
            let mut s = i;
            while s > floor && i - s < 4 && head_line(&paras[s - 1]) {
                s -= 1;
                if paras[s].blank_before >= 2 {
                    break;
                }
            }
            if s < i || i == 0 {
                starts.push((s, i));
            }
            // The header runs on over following field paragraphs.
            while i + 1 < paras.len() && is_header(&paras[i + 1]) {
                i += 1;
            }
        }
        i += 1;
    }
    let mut docs = Vec::new();
    let first_end = starts.first().map_or(paras.len(), |&(s, _)| s);
    let own_header = starts.first().is_some_and(|&(s, _)| s == 0);
    if !own_header {
        let (mut doc, body_start) = title_block(&paras[..first_end]);
        doc.body = paras[body_start..first_end].to_vec();
        docs.push(doc);
    }
    for (n, &(s, h)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(paras.len(), |&(s2, _)| s2);
        let mut doc = head_lines(&paras[s..h]);
        let mut b = h;
        while b < end && is_header(&paras[b]) {
            doc.fields.extend(fields(&paras[b]));
            b += 1;
        }
        doc.body = paras[b..end].to_vec();
        docs.push(doc);
    }
    docs
}

/// Reads the title block at the top of a text: a blog date line and a post title, an
/// `Author: Title` line, or a title line; returns where the body starts.
fn title_block(paras: &[Para]) -> (RawDocument, usize) {
    let mut doc = RawDocument::default();
    let Some(p0) = paras.first().and_then(Para::single) else {
        return (doc, 0);
    };
    let short = |i: usize| {
        paras
            .get(i)
            .and_then(Para::single)
            .filter(|l| l.split_whitespace().count() <= 30 && paras.len() > 1)
    };
    if lexicon::date(p0).is_some() {
        doc.date = Some(p0.to_string());
        if let Some(t) = short(1) {
            doc.title = Some(t.to_string());
            return (doc, 2);
        }
        return (doc, 1);
    }
    if let Some((author, title)) = author_title(p0) {
        doc.author = Some(author);
        doc.title = Some(title);
        return (doc, 1);
    }
    if short(0).is_some() && !p0.ends_with('.') {
        doc.title = Some(p0.to_string());
        let mut body = 1;
        if let Some(l) = paras
            .get(1)
            .and_then(Para::single)
            .filter(|l| lexicon::date(l).is_some())
        {
            doc.date = Some(l.to_string());
            body = 2;
        } else if let Some(l) = paras.get(1).and_then(Para::single) {
            let by = l.strip_prefix("by ").or_else(|| l.strip_prefix("By "));
            if let Some(name) = by.filter(|n| lexicon::name(n)) {
                doc.author = Some(name.to_string());
                body = 2;
            }
        }
        return (doc, body);
    }
    (doc, 0)
}

/// Reads `Author: Title` (or French `Auteur : Titre`).
fn author_title(line: &str) -> Option<(String, String)> {
    let (a, t) = line.split_once(':')?;
    let (a, t) = (a.trim(), t.trim());
    (lexicon::name(a) && !t.is_empty() && line.split_whitespace().count() <= 25)
        .then(|| (a.to_string(), t.to_string()))
}

/// Reads the lines above a header: author (with a year: `Victor Serge 1936`), title,
/// subtitle and date (`(July 1897)`).
fn head_lines(paras: &[Para]) -> RawDocument {
    let mut doc = RawDocument::default();
    let lines: Vec<&str> = paras.iter().filter_map(Para::single).collect();
    let mut rest = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if let Some((name, year)) = name_and_year(l) {
            doc.author.get_or_insert(name);
            doc.date.get_or_insert(year);
        } else if let Some((a, t)) = author_title(l).filter(|_| doc.title.is_none()) {
            doc.author.get_or_insert(a);
            doc.title = Some(t);
        } else if lexicon::date(l).is_some() {
            doc.date
                .get_or_insert(l.trim_matches(['(', ')']).to_string());
        } else if doc.author.is_none() && lexicon::name(l) && k + 1 < lines.len() {
            doc.author = Some(l.to_string());
        } else {
            rest.push(*l);
        }
    }
    let mut rest = rest.into_iter();
    if doc.title.is_none() {
        doc.title = rest.next().map(str::to_string);
    }
    doc.subtitle = rest.next().map(str::to_string);
    if doc.title.is_none() {
        doc.title = doc.author.clone();
    }
    doc
}

/// Reads `Victor Serge 1936`.
fn name_and_year(line: &str) -> Option<(String, String)> {
    let (name, year) = line.trim().rsplit_once(' ')?;
    let y = year.trim_matches(['(', ')']);
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && lexicon::name(name))
        .then(|| (name.to_string(), y.to_string()))
}

/// Reads a header paragraph's fields; fields run together with `;` are split.
fn fields(p: &Para) -> Vec<SourceField> {
    let mut out = Vec::new();
    for line in &p.lines {
        let parts: Vec<&str> = line.split("; ").collect();
        let mut pending: Option<(String, String)> = None;
        for part in parts {
            match field_label(part) {
                Some((label, value)) => {
                    if let Some((l, v)) = pending.take() {
                        out.push(SourceField::new(&l, &v));
                    }
                    pending = Some((label.to_string(), value.to_string()));
                }
                None => match &mut pending {
                    Some((_, v)) => {
                        v.push_str("; ");
                        v.push_str(part);
                    }
                    None => pending = Some((String::new(), part.to_string())),
                },
            }
        }
        if let Some((l, v)) = pending {
            out.push(SourceField::new(&l, v.trim_end_matches(';').trim()));
        }
    }
    out
}

/// Finds a person's name after `by` in a header value (`from the German by Helen
/// Marsh`), or the value itself when it is a name.
fn person_in(value: &str) -> Option<String> {
    let v = value.trim().trim_end_matches(['.', ';']);
    let after = match v
        .rfind(" by ")
        .map(|i| &v[i + 4..])
        .or_else(|| v.strip_prefix("by "))
    {
        Some(a) => a,
        None => v,
    };
    let name = after.split([',', ';', '(']).next()?.trim();
    lexicon::name(name).then(|| name.to_string())
}

/// Builds a document's model: notes, letter parts, lists, section breaks, typography.
fn build_document(
    file: &Path,
    raw: &RawDocument,
    smart: &mut Smartener,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let mut creators = Vec::new();
    if let Some(a) = &raw.author {
        creators.push(Creator {
            name: smart.convert(a),
            role: Role::Author,
        });
    }
    let mut rights = None;
    let mut date = raw.date.clone();
    for f in &raw.fields {
        let role = match f.kind {
            SourceKind::Translation => Some(Role::Translator),
            SourceKind::Transcription => Some(Role::Transcriber),
            SourceKind::Proofreading => Some(Role::Proofreader),
            SourceKind::Licence => {
                rights.get_or_insert_with(|| Licence::recognize(&f.value));
                None
            }
            SourceKind::Written | SourceKind::Delivered => {
                date.get_or_insert_with(|| f.value.trim_end_matches(['.', ';']).to_string());
                None
            }
            _ => None,
        };
        if let (Some(role), Some(name)) = (role, person_in(&f.value)) {
            creators.push(Creator { name, role });
        }
    }
    creators.sort_by_key(|c| c.role);

    let (body, notes_part, heading) = split_notes(&raw.body);
    if let Some(h) = heading {
        diagnostics.push(Diagnostic::info(
            "notes-heading",
            file,
            Some(h.line),
            format!(
                "“{}” heads the notes: the editions set notes their own way",
                h.joined()
            ),
        ));
    }
    let labels: Vec<String> = notes_part.iter().map(|(l, _)| l.clone()).collect();
    let style = marker_style(&body, &labels);

    let mut ctx = Inlines {
        labels: &labels,
        style,
        smart,
        refs: Vec::new(),
    };
    let blocks = body_blocks(&body, &mut ctx);
    let mut notes = Vec::new();
    for (label, paras) in &notes_part {
        let blocks = paras
            .iter()
            .map(|p| Block::Paragraph {
                content: ctx.para(p),
            })
            .collect();
        if !ctx.refs.contains(label) {
            diagnostics.push(
                Diagnostic::warning(
                    "note-unreferenced",
                    file,
                    paras.first().map(|p| p.line),
                    format!("note {label} has no marker in the text; it is kept as a paragraph"),
                )
                .with_hint(format!("add the marker [{label}] where the note belongs")),
            );
            continue;
        }
        notes.push(Note {
            id: label.clone(),
            mark: label.clone(),
            blocks,
        });
    }

    let source = (!raw.fields.is_empty()).then(|| Source {
        fields: raw
            .fields
            .iter()
            .map(|f| SourceField {
                value: ctx.smart.convert(&f.value),
                ..f.clone()
            })
            .collect(),
    });
    Document {
        title: raw
            .title
            .as_deref()
            .map(|t| ctx.smart.convert(t))
            .unwrap_or_default(),
        subtitle: raw.subtitle.as_deref().map(|t| ctx.smart.convert(t)),
        creators,
        date,
        source,
        rights,
        language: None,
        blocks,
        notes,
    }
}

/// Splits a document's paragraphs into the body and the trailing notes list, if there is
/// one whose labels run in sequence and are all marked in the text.
/// A note as found in a notes list: its label and paragraphs.
type RawNote = (String, Vec<Para>);

fn split_notes(paras: &[Para]) -> (Vec<Para>, Vec<RawNote>, Option<Para>) {
    for start in (0..paras.len()).rev() {
        let Some((first, _)) = notes::item(&paras[start].lines[0]) else {
            continue;
        };
        let heading = start > 0
            && paras[start - 1]
                .single()
                .is_some_and(lexicon::notes_heading);
        if !(first == "1" || first == "*" || first == "1*" || heading) {
            continue;
        }
        let mut list: Vec<RawNote> = Vec::new();
        for p in &paras[start..] {
            // A paragraph may hold several items, one per line.
            let items: Vec<_> = p.lines.iter().map(|l| notes::item(l)).collect();
            if items.iter().all(Option::is_some) && p.lines.len() > 1 {
                for (k, it) in items.into_iter().enumerate() {
                    let (label, rest) = it.expect("checked above");
                    list.push((
                        label,
                        vec![Para {
                            lines: vec![rest.to_string()],
                            line: p.line + k,
                            blank_before: 1,
                        }],
                    ));
                }
            } else if let Some((label, rest)) = &items[0] {
                let mut q = p.clone();
                q.lines[0] = rest.to_string();
                list.push((label.clone(), vec![q]));
            } else if let Some(last) = list.last_mut() {
                last.1.push(p.clone());
            }
        }
        let labels: Vec<String> = list.iter().map(|(l, _)| l.clone()).collect();
        if !notes::sequence_ok(&labels, heading) {
            continue;
        }
        let body_end = if heading { start - 1 } else { start };
        let body = &paras[..body_end];
        let style = marker_style(body, &labels);
        let marked = labels.iter().all(|l| {
            body.iter().any(|p| {
                notes::pieces(&p.joined(), std::slice::from_ref(l), style)
                    .iter()
                    .any(|x| matches!(x, Piece::Marker(_)))
            })
        });
        if marked {
            let heading = heading.then(|| paras[start - 1].clone());
            return (body.to_vec(), list, heading);
        }
    }
    (paras.to_vec(), Vec::new(), None)
}

/// Chooses how the text marks notes: brackets, unless only parentheses are found.
fn marker_style(body: &[Para], labels: &[String]) -> MarkerStyle {
    let found = |style| {
        body.iter().any(|p| {
            notes::pieces(&p.joined(), labels, style)
                .iter()
                .any(|x| matches!(x, Piece::Marker(l) if !l.starts_with('*')))
        })
    };
    if !found(MarkerStyle::Bracket) && found(MarkerStyle::Paren) {
        MarkerStyle::Paren
    } else {
        MarkerStyle::Bracket
    }
}

/// Turns raw paragraph text into inlines, with markers as note references.
struct Inlines<'a> {
    labels: &'a [String],
    style: MarkerStyle,
    smart: &'a mut Smartener,
    refs: Vec<String>,
}

impl Inlines<'_> {
    fn convert(&mut self, text: &str) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for piece in notes::pieces(text, self.labels, self.style) {
            match piece {
                Piece::Text(t) => {
                    let s = self.smart.convert(t);
                    crate::model::block::push_text(&mut out, &s);
                }
                Piece::Url(u) => {
                    self.smart.skip(u);
                    let url = if u.starts_with("www.") {
                        format!("https://{u}")
                    } else {
                        u.to_string()
                    };
                    out.push(Inline::Link {
                        url,
                        title: String::new(),
                        content: vec![Inline::text(u)],
                    });
                }
                Piece::Marker(label) => {
                    self.smart.skip(&label);
                    out.push(Inline::NoteRef { id: label.clone() });
                    self.refs.push(label);
                }
            }
        }
        out
    }

    fn para(&mut self, p: &Para) -> Vec<Inline> {
        self.smart.reset();
        // Short lines (an address, a verse) keep their breaks; wrapped prose is joined.
        let keep_breaks = p.lines.len() > 1
            && p.lines[..p.lines.len() - 1]
                .iter()
                .all(|l| l.chars().count() < 45);
        if !keep_breaks {
            return self.convert(&p.joined());
        }
        let mut out = Vec::new();
        for (k, l) in p.lines.iter().enumerate() {
            if k > 0 {
                out.push(Inline::LineBreak);
            }
            out.extend(self.convert(l));
        }
        out
    }
}

/// Reads a body item `1. text` of a numbered list.
fn list_item(line: &str) -> Option<(u64, &str)> {
    let n = line.chars().take_while(char::is_ascii_digit).count();
    if n == 0 || n > 3 {
        return None;
    }
    let rest = line[n..].strip_prefix(". ")?;
    Some((line[..n].parse().ok()?, rest))
}

/// Builds the body's blocks: the letter's dateline and salutation at the top, its closing
/// and signature at the end, numbered lists, section breaks, paragraphs.
fn body_blocks(paras: &[Para], ctx: &mut Inlines) -> Vec<Block> {
    // A letter opens within its first paragraphs (after an editor's note, say) with a
    // dateline, a salutation, or both.
    let mut lead = 0;
    let mut top = 0;
    let mut dateline = None;
    let mut salutation = None;
    for first in 0..paras.len().min(3) {
        let mut at = first;
        let mut d = None;
        if paras[at].single().is_some_and(lexicon::dateline) {
            d = Some(at);
            at += 1;
        }
        if paras
            .get(at)
            .and_then(Para::single)
            .is_some_and(lexicon::salutation)
        {
            dateline = d;
            salutation = Some(at);
            lead = first;
            top = at + 1;
            break;
        }
    }
    let letter = salutation.is_some();
    let mut end = paras.len();
    let mut signature = None;
    let mut closing = None;
    if letter && end > top + 1 {
        if let Some(l) = paras[end - 1].single() {
            if lexicon::name(l) && l.split_whitespace().count() <= 4 {
                signature = Some(end - 1);
                end -= 1;
            }
        }
        if let Some(l) = paras[end - 1].single() {
            if end - 1 > top && (lexicon::closing(l) || l.split_whitespace().count() <= 12) {
                closing = Some(end - 1);
                end -= 1;
            }
        }
    }

    let mut blocks = Vec::new();
    for p in &paras[..lead] {
        blocks.push(Block::Paragraph {
            content: ctx.para(p),
        });
    }
    if let Some(d) = dateline {
        blocks.push(Block::Dateline {
            content: ctx.para(&paras[d]),
        });
    }
    if let Some(s) = salutation {
        blocks.push(Block::Salutation {
            content: ctx.para(&paras[s]),
        });
    }
    let mut k = top;
    while k < end {
        let p = &paras[k];
        if k > top && p.blank_before >= 2 {
            blocks.push(Block::SectionBreak);
        }
        // A run of numbered paragraphs (or lines) counting up from where it starts.
        if let Some((n, _)) = list_item(&p.lines[0]) {
            let mut items = Vec::new();
            let mut j = k;
            let mut expect = n;
            'run: while j < end {
                let q = &paras[j];
                if j > k && q.blank_before >= 2 {
                    break;
                }
                let all_items = q.lines.iter().all(|l| list_item(l).is_some());
                if all_items {
                    for l in &q.lines {
                        let (m, rest) = list_item(l).expect("checked");
                        if m != expect {
                            break 'run;
                        }
                        items.push(Para {
                            lines: vec![rest.to_string()],
                            ..q.clone()
                        });
                        expect += 1;
                    }
                } else if let Some((m, rest)) = list_item(&q.lines[0]).filter(|(m, _)| *m == expect)
                {
                    let mut r = q.clone();
                    r.lines[0] = rest.to_string();
                    let _ = m;
                    items.push(r);
                    expect += 1;
                } else {
                    break;
                }
                j += 1;
            }
            if items.len() >= 2 {
                blocks.push(Block::List {
                    start: Some(n),
                    items: items
                        .iter()
                        .map(|it| ListItem {
                            blocks: vec![Block::Paragraph {
                                content: ctx.para(it),
                            }],
                        })
                        .collect(),
                });
                k = j;
                continue;
            }
        }
        blocks.push(Block::Paragraph {
            content: ctx.para(p),
        });
        k += 1;
    }
    if let Some(c) = closing {
        blocks.push(Block::Closing {
            content: ctx.para(&paras[c]),
        });
    }
    if let Some(s) = signature {
        blocks.push(Block::Signature {
            content: ctx.para(&paras[s]),
        });
    }
    blocks
}
