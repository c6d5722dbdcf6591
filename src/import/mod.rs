//! The importer: raw text as copied from a blog or an archive page into the model.
//!
//! The stages, each a pass over paragraphs: normalize the characters; drop page chrome
//! (and report every line dropped); read the title block; split off documents that open
//! with a header of their own (`Source:`, `Translated:`…); in each document, find the
//! trailing notes list and the markers that point to it, the parts of a letter, lists and
//! section breaks; finally apply typography to the text.

mod gutenberg;
mod head;
pub(crate) mod lexicon;
mod markup;
mod normalize;
mod notes;
mod text;
pub(crate) mod typography;
pub mod unit;

pub use normalize::decode;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Error, Parsed};
use crate::model::text::word_count;
use crate::model::{
    Block, Book, Creator, Document, Inline, Licence, ListItem, Meta, Note, Role, Source,
    SourceField, SourceKind,
};
use head::{names, HeadLine, Vocabulary};
use notes::{MarkerStyle, Piece};
use typography::Smartener;
pub use unit::{Declared, Hint, Markup, Unit};

type Para = Unit;

/// Reads a raw text into a book; the diagnostics report every line dropped as chrome.
pub fn import(file: &Path, bytes: &[u8]) -> Result<Parsed<Book>, Error> {
    let text = normalize::normalize(file, bytes)?;
    recognize(file, text::units(&text), &Declared::default())
}

/// Decides what each block of a page is and makes the book: the recognizer that every
/// reader (text, HTML) feeds.
/// `declared` is what the file says of itself apart from its text (a page's `<meta>`
/// tags), taken where the text gives no title, author or date.
pub fn recognize(
    file: &Path,
    paras: Vec<Unit>,
    declared: &Declared,
) -> Result<Parsed<Book>, Error> {
    let mut diagnostics = Vec::new();
    if paras.is_empty() {
        return Err(
            Diagnostic::error("empty-input", file, None, "the file has no text".into())
                .with_hint("give a file with the text to import")
                .into(),
        );
    }
    let (paras, frame) = gutenberg::unframe(file, paras, &mut diagnostics);
    let text: String = paras
        .iter()
        .flat_map(|p| p.lines.iter().map(String::as_str).chain(["\n"]))
        .collect();
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
    // The text's own words first; where they are too few to tell, what the file declares.
    let language = crate::model::language::detect(&text)
        .map(str::to_string)
        .or_else(|| declared.language.clone());
    let french = language.as_deref() == Some("fr");
    if language.is_none() {
        diagnostics.push(
            Diagnostic::warning(
                "import-language-unknown",
                file,
                None,
                "the text's language could not be told from its words; none is set".into(),
            )
            .with_hint("give it in book.toml (`lang = \"is\"`) or the manuscript's front matter"),
        );
    }

    // 2. Documents: the title block, then one more for each embedded header.
    let vocab = Vocabulary::of(
        paras
            .iter()
            .flat_map(|p| p.lines.iter().map(String::as_str)),
    );
    let mut docs = split_documents(&paras, &vocab);
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
            if let Some(t) = &declared.title {
                first.title = Some(t.clone());
                diagnostics.push(
                    Diagnostic::warning(
                        "import-title-missing",
                        file,
                        paras.first().map(|p| p.line),
                        format!("no line of the text reads as its title; the page's own tags give “{t}”"),
                    )
                    .with_hint("check the title; set it in book.toml if it is wrong"),
                );
            }
        }
        if first.title.is_none() {
            first.title = file.file_stem().map(|s| s.to_string_lossy().into_owned());
            diagnostics.push(
                Diagnostic::warning(
                    "import-title-missing",
                    file,
                    paras.first().map(|p| p.line),
                    format!(
                        "no line of the text reads as its title; the file's name “{}” stands in",
                        first.title.as_deref().unwrap_or_default()
                    ),
                )
                .with_hint("give the title in book.toml (`title = …`) or as the text's first line"),
            );
        }
    }

    // 3. Each document's body.
    let mut smart = Smartener::new(french);
    let mut documents = Vec::new();
    for raw in &docs {
        if raw.doubtful {
            diagnostics.push(
                Diagnostic::warning(
                    "import-title-guessed",
                    file,
                    raw.title_line,
                    format!(
                        "“{}” was taken as the title, but another line of the head read nearly as well",
                        raw.title.as_deref().unwrap_or_default()
                    ),
                )
                .with_hint("check the title; set it in book.toml if it is wrong"),
            );
        }
        if let Some(author) = raw.author.as_deref().filter(|a| lexicon::caseless_name(a)) {
            diagnostics.push(
                Diagnostic::warning(
                    "import-author-guessed",
                    file,
                    raw.title_line,
                    format!(
                        "“{author}” was taken as the author: in a script without capitals a \
                         short line reads as a name only by its length and its place above \
                         the title"
                    ),
                )
                .with_hint("check the author; set it in book.toml (`author = …`) if it is wrong"),
            );
        }
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
    if let Some(frame) = frame {
        frame.apply(first);
    }
    take_declared(first, declared, file, paras[0].line, &mut diagnostics);
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

/// The blocks that are the foot of a page or of its text: the run of blocks ending the
/// page, and the run ending the text just above a notes heading, each made of sure chrome
/// (`Top of the page`, a rule, an archive's links), short lines that read as links
/// (`Chapter 10 The Long Hill`), or rows of a table of buttons laid out in columns. A run
/// is the site's only when something anchors it: a line of sure chrome, a row of links
/// under a rule, a line that repeats the page's head (the work's index: `Two Eras of
/// War`, `Table of Contents: Russia in 1919`), or nothing but names of places of the
/// work (`Part 3`, `Contents`) — a heading with no text under it heads nothing.
fn page_foot(paras: &[Para]) -> Vec<bool> {
    let n = paras.len();
    let mut foot = vec![false; n];
    let head: Vec<(usize, String)> = paras
        .iter()
        .take(8)
        .enumerate()
        .flat_map(|(i, p)| p.lines.iter().map(move |l| (i, fold_line(l))))
        .filter(|(_, l)| word_count(l) >= 2)
        .collect();
    // A run ends the page, the text above its notes, or a section the site closes with
    // its own chrome (`Chapter 1` / `Top of the page`: the link before the site's line).
    let site_line = |p: &Para| {
        p.lines.iter().all(|l| lexicon::chrome(l).is_some())
            && p.lines.iter().any(|l| !lexicon::rule(l))
    };
    let mut ends: Vec<usize> = paras
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            if p.single().is_some_and(lexicon::notes_heading) {
                Some(i)
            } else {
                site_line(p).then_some(i + 1)
            }
        })
        .collect();
    ends.push(n);
    // Folded once, for the pull quotes (see [`foot_run`]), and only when one is asked.
    let folded = std::cell::OnceCell::new();
    let folded = || {
        folded.get_or_init(|| {
            paras
                .iter()
                .map(|p| p.lines.iter().map(|l| fold_line(l)).collect())
                .collect()
        })
    };
    for end in ends {
        let start = foot_run(&paras[..end], &head, &folded);
        foot[start..end].iter_mut().for_each(|f| *f = true);
    }
    foot
}

/// A line folded for comparison: lower case, letters and digits only.
fn fold_line(l: &str) -> String {
    let t: String = l
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the run of foot blocks ending `paras` begins (see [`page_foot`]); the length of
/// `paras` when it ends in no foot.
fn foot_run<'a>(
    paras: &[Para],
    head: &[(usize, String)],
    folded: &dyn Fn() -> &'a Vec<Vec<String>>,
) -> usize {
    let n = paras.len();
    // A sentence of the text set again on its own (a pull quote: `The Japanese example
    // should send shivers down US capitalist spines`) is the text's, not a link: it stands
    // inside a longer line of the text, where a link back to the work (`The Communist
    // Left in Germany 1918-1921`) repeats a line of the head as it is.
    let pull_quote = |k: usize| {
        let [f] = folded()[k].as_slice() else {
            return false;
        };
        word_count(f) >= 5
            && folded()[..k]
                .iter()
                .flatten()
                .any(|g| g.len() >= f.len() + 20 && g.contains(f.as_str()))
    };
    let sure = |l: &str| lexicon::chrome(l).is_some();
    let columns = |l: &str| l.contains("   ") && word_count(l) <= 10;
    // A simple table's border (`-------- --------`), around a table of buttons.
    let border = |l: &str| {
        l.contains(' ') && l.chars().all(|c| c == ' ' || c == '-' || c == '=') && l.len() > 8
    };
    // A row of links between `|` (`Pieter Lawrence | Socialist Party of Great Britain`).
    let row = |l: &str| l.contains('|') && lexicon::foot_link(l);
    let footish = |p: &Para| {
        // A table of figures is text; a table of links (the site's buttons) may be foot.
        let figures = table(p)
            && p.lines
                .iter()
                .any(|l| l.contains(|c: char| c.is_ascii_digit()));
        // What the markup shows linking nothing is no link to another page.
        let unlinked = p
            .markup
            .as_ref()
            .is_some_and(|m| !m.linked && m.block.is_none());
        p.hint().is_none()
            && !figures
            && !(unlinked && p.lines.iter().all(|l| !sure(l)))
            && p.lines.len() <= 4
            && notes::item(&p.lines[0]).is_none()
            // A link stands alone, or in a block with the site's own chrome (`Top of the
            // page` / `CHAPTER 13`); a block of short lines and no chrome is a stanza or
            // an address, kept.
            && (p.lines.iter().all(|l| sure(l) || columns(l) || border(l))
                || p.single().is_some_and(lexicon::foot_link)
                || (p.lines.iter().any(|l| sure(l))
                    && p.lines.iter().all(|l| sure(l) || lexicon::foot_link(l))))
    };
    let mut start = n;
    while start > 0 && n - start < 12 && footish(&paras[start - 1]) && !pull_quote(start - 1) {
        start -= 1;
    }
    // The head's own lines, met again: a link back to the work's index. Only a line of
    // some length counts, so that a one-word heading is not taken for the title; and
    // only a line above the run, so that a short page's last line is not its own head.
    let repeats = |l: &str| {
        let f = fold_line(l);
        f.len() >= 10
            && head.iter().filter(|(i, _)| *i < start).any(|(_, h)| {
                let (short, long) = if h.len() < f.len() { (h, &f) } else { (&f, h) };
                short.len() >= 10 && long.contains(short.as_str())
            })
    };
    let run = &paras[start..];
    let anchored = run.iter().enumerate().any(|(k, p)| {
        p.lines.iter().any(|l| {
            (sure(l) && !lexicon::rule(l)) || (row(l) && (p.rule_before || k > 0)) || repeats(l)
        })
    }) || (!run.is_empty()
        && run.iter().all(|p| {
            p.lines
                .iter()
                .all(|l| lexicon::rule(l) || lexicon::nav_part(l))
        }));
    if anchored && start > 0 {
        start
    } else {
        n
    }
}

/// Says whether a reader built the block as a table.
fn table(p: &Para) -> bool {
    p.table.is_some()
        || matches!(
            p.markup.as_ref().and_then(|m| m.block.as_ref()),
            Some(Block::Table { .. })
        )
}

/// Says whether a block is a link with its label (`Next Chapter:` / `The crisis in
/// industry` / `Chapter 11 Index`): chrome wherever it stands.
fn nav_block(p: &Para) -> bool {
    p.hint().is_none()
        && (2..=4).contains(&p.lines.len())
        && lexicon::nav_label(&p.lines[0])
        && p.lines[1..]
            .iter()
            .all(|l| lexicon::foot_link(l) || lexicon::name(l) || lexicon::chrome(l).is_some())
}

type Byline = (Option<String>, Option<String>);

/// Fills what the text left empty from what the file declares of itself, saying so: a
/// site fills its tags by template, and they may name another work. The title where the
/// head found none; authors and date where nothing in the text (header, fields, source,
/// title) gave them.
fn take_declared(
    doc: &mut Document,
    declared: &Declared,
    file: &Path,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut taken = Vec::new();
    if doc.creators.iter().all(|c| c.role != Role::Author) {
        if let Some(names) = declared_names(&declared.authors) {
            taken.push(format!("its author “{}”", names.join(" and ")));
            for (k, name) in names.into_iter().enumerate() {
                doc.creators.insert(
                    k,
                    Creator {
                        name,
                        role: Role::Author,
                    },
                );
            }
        }
    }
    if doc.date.is_none() {
        if let Some(d) = declared.date.as_deref().and_then(lexicon::date) {
            taken.push(format!("its date {}", d.iso));
            doc.date = Some(d.iso);
        }
    }
    if doc.rights.is_none() {
        if let Some(l) = &declared.licence {
            taken.push(format!(
                "its licence “{}”",
                l.name.as_deref().unwrap_or(&l.text)
            ));
            doc.rights = Some(l.clone());
        }
    }
    if let Some(address) = &declared.address {
        let cited = doc
            .source
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| f.value.contains(address.as_str()));
        if !cited {
            // Where the page lives is a fact of the page, no guess: a note, not a warning.
            diagnostics.push(Diagnostic::info(
                "import-address-declared",
                file,
                None,
                format!("the page gives its address, {address}: the sources cite it"),
            ));
            doc.source
                .get_or_insert_with(Source::default)
                .fields
                .push(SourceField {
                    kind: SourceKind::OnlineVersion,
                    label: String::new(),
                    value: address.clone(),
                    notes: Vec::new(),
                });
        }
    }
    if !taken.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                "import-declared-used",
                file,
                Some(line),
                format!(
                    "the text does not say it, so the page's own tags give {}",
                    taken.join(" and ")
                ),
            )
            .with_hint("check it against the text; set it in book.toml if it is wrong"),
        );
    }
}

/// The declared authors' names, when every one reads as a person's: a tag that lists
/// keywords or a site's name gives none.
fn declared_names(authors: &[String]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for a in authors {
        // Life dates after a name (`Nikolai Bukharin (1888-1938)`) are no part of it.
        let mut plain = String::new();
        let mut depth = 0usize;
        for c in a.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                c if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        for part in plain.split([',', ';']).flat_map(|p| p.split(" and ")) {
            let part = part.trim();
            if !part.is_empty() {
                names.push(part.to_string());
            }
        }
    }
    let ok = !names.is_empty() && names.len() <= 4 && names.iter().all(|n| lexicon::name(n));
    ok.then_some(names)
}

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
    let mut rule_before = false;
    let foot = page_foot(&paras);
    for (at, mut p) in paras.into_iter().enumerate() {
        // The page's foot goes whole; so does what the markup calls navigation; what it
        // calls text stays.
        let kind = match p.hint() {
            _ if foot[at] => Some("page foot"),
            _ if nav_block(&p) => Some("navigation"),
            // A table of the site's links (`Marx | Engels | Lenin` buttons).
            _ if p.table.is_some() && p.lines.iter().all(|l| lexicon::chrome(l).is_some()) => {
                Some("table of links")
            }
            Some(Hint::Chrome(kind)) => Some(*kind),
            Some(Hint::Byline { author, date }) => {
                if byline.is_none() && (author.is_some() || date.is_some()) {
                    byline = Some((author.clone(), date.clone()));
                }
                Some("post byline")
            }
            // A title bar that names no author (`Lenin Internet Archive`) is the
            // archive's; one that does is the header's to read.
            // A title bar names the author or the work, for the header to read; one that
            // names only the site (`Lenin Internet Archive`) is the site's.
            Some(Hint::TitleBar) => p
                .lines
                .iter()
                .all(|l| lexicon::chrome(l).is_some())
                .then_some("title bar"),
            _ => None,
        };
        if let Some(kind) = kind {
            for (k, line) in p.lines.iter().enumerate() {
                if byline.is_none() {
                    byline = lexicon::byline(line);
                }
                // A comment count opens the thread, whichever way its line went.
                in_thread |= lexicon::chrome(line) == Some("comment count");
                in_thread &= !line.trim().eq_ignore_ascii_case("post a comment");
                diagnostics.push(dropped(file, p.line + k, kind, line));
            }
            dropped_before = true;
            continue;
        }
        // A post's meta line keeps its date and loses the platform's parts (`Oct 19,
        // 2016 · 10 min read`), in the running text too.
        if !table(&p) {
            trim_meta_lines(file, &mut p, diagnostics);
        }
        if p.hint() == Some(&Hint::Body) || table(&p) {
            p.rule_before |= std::mem::take(&mut rule_before);
            out.push(p);
            continue;
        }
        let mut kept = Vec::new();
        let mut edited_heading = false;
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
                    rule_before |= kind == "rule";
                    diagnostics.push(dropped(file, p.line + k, kind, line));
                }
                None => match lexicon::edit_link(line) {
                    // A wiki's heading carries its edit link (`Background[edit]`).
                    Some(heading) => {
                        diagnostics.push(dropped(
                            file,
                            p.line + k,
                            "edit link",
                            &line[heading.len()..],
                        ));
                        kept.push(heading.to_string());
                        edited_heading = p.lines.len() == 1;
                    }
                    None => kept.push(line.clone()),
                },
            }
        }
        if kept.is_empty() {
            dropped_before = true;
            continue;
        }
        if kept.len() < p.lines.len() {
            // The markup's content still holds the lines dropped: the lines are read.
            if let Some(m) = p.markup.as_mut() {
                m.content = None;
            }
        }
        p.lines = kept;
        // The edit link says the line is a heading, as a wiki's markup did.
        if edited_heading && p.markup.is_none() {
            p.markup = Some(Markup {
                heading: Some(2),
                ..Markup::default()
            });
        }
        if dropped_before {
            // A run of blank lines next to chrome is no section break.
            p.blank_before = p.blank_before.min(1);
            dropped_before = false;
        }
        p.rule_before = std::mem::take(&mut rule_before);
        out.push(p);
    }
    (out, byline)
}

/// The note that a line (or a part of one) of the site's was dropped, with its kind.
fn dropped(file: &Path, line: usize, kind: &str, text: &str) -> Diagnostic {
    Diagnostic::info(
        "chrome-dropped",
        file,
        Some(line),
        format!("dropped {kind}: “{text}”"),
    )
}

/// Takes the platform's parts off a block's meta lines ([`lexicon::chrome_ends`]),
/// reporting each.
fn trim_meta_lines(file: &Path, p: &mut Para, diagnostics: &mut Vec<Diagnostic>) {
    let mut trimmed = false;
    for (k, line) in p.lines.iter_mut().enumerate() {
        // A line that is the site's whole is dropped whole, later.
        let Some((rest, parts)) =
            lexicon::chrome_ends(line).filter(|_| lexicon::chrome(line).is_none())
        else {
            continue;
        };
        for (part, kind) in parts {
            diagnostics.push(dropped(file, p.line + k, kind, &part));
        }
        *line = rest;
        trimmed = true;
    }
    // The markup's content still holds the parts dropped: the lines are read.
    if let Some(m) = p.markup.as_mut().filter(|_| trimmed) {
        m.content = None;
    }
}

/// A document as found in the raw text, before its body is read.
#[derive(Debug, Default)]
struct RawDocument {
    title: Option<String>,
    subtitle: Option<String>,
    /// The author line as written (`R.H. Monroe and Joseph Hansen`).
    author: Option<String>,
    date: Option<String>,
    /// A year read from the title or subtitle (`Speech to the 11th Party Congress, 1922`),
    /// used when nothing else dates the text.
    year: Option<String>,
    fields: Vec<SourceField>,
    body: Vec<Para>,
    /// The input line of the title, when a line of the text gave it.
    title_line: Option<usize>,
    /// Whether the title was read on weak evidence.
    doubtful: bool,
}

/// Reads a header field with its colon (`Source: …`, `Transcription\HTML Markup: …`).
fn colon_field(line: &str) -> Option<SourceField> {
    SourceField::parse(line).filter(|f| {
        let t = line.trim_start();
        t.get(f.label.len()..)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// Says whether a paragraph is a header: its first line is a known field.
fn is_header(p: &Para) -> bool {
    colon_field(&p.lines[0]).is_some()
}

/// Says whether a paragraph between the rules of an archive page's header holds fields:
/// one with its colon, or two without (`Translated by …`, `Transcribed by …`).
fn header_para(p: &Para) -> bool {
    let colon = p.lines.iter().filter(|l| colon_field(l).is_some()).count();
    // A source line without a label (`From The Militant, Vol. III No. 15, …`) is one.
    let bare = p
        .lines
        .iter()
        .filter(|l| {
            SourceField::parse(l).is_some() || SourceField::new("", l).kind == SourceKind::Source
        })
        .count();
    colon >= 1 || bare >= 2
}

/// Whether a block can stand in the head above a header: a few short lines (author,
/// kicker, title, subtitle, date), no running text.
fn head_block(p: &Para) -> bool {
    p.lines.len() <= 5
        && p.lines.iter().all(|l| {
            let words = word_count(l);
            // A title may end with a full stop (`…, August 11, 1919.[1]`); running
            // text is longer.
            words <= 30 && (words <= 16 || !sentence(l))
        })
        && word_count(&p.joined()) <= 60
}

/// Whether a paragraph can be a line of a title block (author, title, date).
fn head_line(p: &Para) -> bool {
    p.single().is_some_and(|l| {
        word_count(l) <= 20 && !lexicon::ends_in(l, &['.', ',', ';', ':'])
            || lexicon::date(l).is_some()
    })
}

/// Where a document's parts lie: the lines above its header, the header, and its body;
/// `intro` lists the paragraphs inside the header's rules that are no fields (an
/// editor's introduction), which open the body.
struct Span {
    head: usize,
    header: usize,
    body: usize,
    intro: Vec<usize>,
}

/// Reads the header of an archive page that starts at `i` after a rule: the paragraphs up
/// to the next rule, if they hold fields. Returns where the body starts and the
/// paragraphs of the zone that are no fields.
fn ruled_header(paras: &[Para], i: usize) -> Option<(usize, Vec<usize>)> {
    if !paras[i].rule_before || !header_para(&paras[i]) {
        return None;
    }
    let mut j = i + 1;
    while j < paras.len() && !paras[j].rule_before && j - i < 6 {
        j += 1;
    }
    if j < paras.len() && paras[j].rule_before {
        let intro = (i..j).filter(|&k| !header_para(&paras[k])).collect();
        return Some((j, intro));
    }
    // No closing rule: the header is its run of field paragraphs.
    let mut e = i + 1;
    while e < paras.len() && !paras[e].rule_before && header_para(&paras[e]) {
        e += 1;
    }
    Some((e, Vec::new()))
}

/// Finds the documents: the text's own title block, then each header with the author and
/// title lines above it — an archive page's header between rules, or an embedded one.
fn split_documents(paras: &[Para], vocab: &Vocabulary) -> Vec<RawDocument> {
    // A page whose markup gives its header (headings, fields) is one document.
    if let Some((mut doc, aside, start)) = markup::markup_head(paras, &|w| vocab.has(w)) {
        let mut body: Vec<Para> = aside.iter().map(|&k| paras[k].clone()).collect();
        let mut prose = false;
        for p in &paras[start..] {
            // The header's fields the markup sets after the text (`<p class="information">`
            // at the foot): the document's.
            if prose && p.hint() == Some(&Hint::Fields) {
                doc.fields.extend(fields(p));
                continue;
            }
            prose |= word_count(&p.joined()) > 30;
            body.push(p.clone());
        }
        if let Some(first) = body.first_mut() {
            first.rule_before = false;
            first.blank_before = first.blank_before.min(1);
        }
        doc.body = body;
        return vec![doc];
    }
    let mut spans: Vec<Span> = Vec::new();
    // The paragraphs of a header set after the text: fields of the document they close.
    let mut foot = vec![false; paras.len()];
    // How many paragraphs of running prose (over 30 words) stand before each one.
    let running: Vec<usize> = std::iter::once(0)
        .chain(paras.iter().scan(0, |n, p| {
            *n += usize::from(word_count(&p.joined()) > 30);
            Some(*n)
        }))
        .collect();
    let mut i = 0;
    while i < paras.len() {
        let floor = spans.last().map_or(0, |sp| sp.body);
        if let Some((body, intro)) = ruled_header(paras, i) {
            // The lines above an archive page's header: author, title, subtitle, date.
            let mut s = i;
            let top = spans.is_empty();
            while s > floor && i - s < 6 && head_block(&paras[s - 1]) {
                s -= 1;
                // Blank lines and rules part an embedded document from the text above
                // it; at the top of the page they only space and divide the head's lines
                // (`Father Coughlin: Fascist Demagogue` / rule / `Who Is the Man…`).
                let parted = paras[s].rule_before || paras[s].blank_before >= 2;
                if parted && !(top && s > 0 && head_block(&paras[s - 1])) {
                    break;
                }
            }
            // A header with no title above it, under another document's header or after
            // running text, opens no document: more fields of that header (`Source:` /
            // rule / `Transcribed:`), the page's header set at its foot (`Written:`,
            // `Source:` after the text), or the text's own lines (a reviewed book's
            // title, author and publisher).
            // (Counted once for the page: a page of many headers stays linear.)
            let prose_before = running[i] > running[floor];
            // A document has a text: a header with next to nothing after it closes the
            // page, whatever short lines stand above it (a list's last item).
            let bodyless = {
                let mut words = 0;
                paras[body..].iter().all(|p| {
                    words += word_count(&p.joined());
                    words < 15
                })
            };
            if (s == i && (!top || prose_before)) || (bodyless && s > floor) {
                let fielded = paras[i..body]
                    .iter()
                    .all(|p| p.lines.iter().all(|l| colon_field(l).is_some()));
                match spans.last_mut() {
                    Some(prev) if prev.body == i && fielded && intro.is_empty() => {
                        prev.body = body;
                        i = body;
                    }
                    _ if fielded && intro.is_empty() => {
                        foot[i..body].fill(true);
                        i = body;
                    }
                    _ => i += 1,
                }
                continue;
            }
            spans.push(Span {
                head: s,
                header: i,
                body,
                intro,
            });
            i = body;
            continue;
        }
        if is_header(&paras[i]) {
            let mut s = i;
            while s > floor && i - s < 4 && head_line(&paras[s - 1]) {
                s -= 1;
                if paras[s].blank_before >= 2 {
                    break;
                }
            }
            // The header runs on over following field paragraphs.
            let mut e = i + 1;
            while e < paras.len() && is_header(&paras[e]) {
                e += 1;
            }
            // Inside running text, one field is weak evidence of another document: an
            // image's credit (`Source: Shutterstock`) under a figure reads as one. An
            // embedded document's header gives two at least (`Source:`, `Transcribed:`).
            let fields = paras[i..e]
                .iter()
                .flat_map(|p| &p.lines)
                .filter(|l| colon_field(l).is_some())
                .count();
            let enough = s == 0 || fields >= 2;
            if (s < i || i == 0) && enough {
                spans.push(Span {
                    head: s,
                    header: i,
                    body: e,
                    intro: Vec::new(),
                });
                i = e;
                continue;
            }
        }
        i += 1;
    }
    let mut docs = Vec::new();
    let first_end = spans.first().map_or(paras.len(), |sp| sp.head);
    let own_header = spans.first().is_some_and(|sp| sp.head == 0);
    // A document's body without the header at its foot, whose fields it takes.
    let body_of = |doc: &mut RawDocument, range: std::ops::Range<usize>| {
        let mut body = Vec::new();
        for k in range {
            if foot[k] {
                doc.fields.extend(fields(&paras[k]));
            } else {
                body.push(paras[k].clone());
            }
        }
        body
    };
    if !own_header {
        let (mut doc, body_start) = title_block(&paras[..first_end], vocab);
        doc.body = body_of(&mut doc, body_start..first_end);
        if doc.body.first().is_some_and(|p| p.rule_before) {
            read_opening(&mut doc);
        }
        docs.push(doc);
    }
    for (n, sp) in spans.iter().enumerate() {
        let end = spans.get(n + 1).map_or(paras.len(), |next| next.head);
        let mut doc = head_lines(&paras[sp.head..sp.header], vocab);
        for (k, p) in paras.iter().enumerate().take(sp.body).skip(sp.header) {
            if !sp.intro.contains(&k) {
                doc.fields.extend(fields(p));
            }
        }
        // An introduction inside the header's rules opens the body, set off as the
        // editor's; the rule that closed the header is no section break.
        let mut body: Vec<Para> = sp
            .intro
            .iter()
            .map(|&k| Para {
                boxed: true,
                rule_before: false,
                ..paras[k].clone()
            })
            .collect();
        let start = body.len();
        body.extend(body_of(&mut doc, sp.body.min(end)..end));
        if let Some(first) = body.get_mut(start) {
            first.rule_before = false;
            first.blank_before = first.blank_before.min(1);
        }
        doc.body = body;
        if docs.is_empty() && sp.intro.is_empty() {
            read_opening(&mut doc);
        }
        docs.push(doc);
    }
    docs
}

/// Reads what the lines opening a page's text say about it, under its head: its own title
/// and source, its date, the part it is of a work.
fn read_opening(doc: &mut RawDocument) {
    late_source(doc);
    opening_date(doc);
    part_title(doc);
}

/// A date standing alone among the headings that open the text, closed by a rule
/// (`Effects Of Isolation` / `February 14th.` / rule), as a diary's chapters give it:
/// the text's date, when the head gave none.
fn opening_date(doc: &mut RawDocument) {
    if doc.date.is_some() {
        return;
    }
    let heading = |p: &Para| p.single().is_some_and(|l| word_count(l) <= 12);
    let opening = doc.body.iter().take(3).take_while(|p| heading(p)).count();
    let dated = (0..opening).find(|&k| {
        let l = doc.body[k].joined();
        let short = word_count(&l) <= 5;
        let closed = doc.body.get(k + 1).is_some_and(|p| p.rule_before);
        short && closed && (lexicon::date(&l).is_some() || lexicon::day_month(&l))
    });
    if let Some(k) = dated {
        let p = doc.body.remove(k);
        let l = p.joined();
        doc.date = Some(l.trim().trim_end_matches('.').to_string());
        if let Some(next) = doc.body.get_mut(k) {
            next.rule_before = p.rule_before;
        }
    }
}

/// A page's own title and source under the work's head: the head names the work
/// (`E. Belfort Bax` / `Essays in Socialism`), the text opens with the page's title and
/// a dated source line (`Criticism and Hypercriticism` / `From Essays in Socialism New &
/// Old (1907), pp.69-75.`). The line is the title, the work its subtitle, the source
/// line a field of the source.
fn late_source(doc: &mut RawDocument) {
    let [title, source, next, ..] = doc.body.as_slice() else {
        return;
    };
    let titled = title.single().is_some_and(|l| {
        let words = word_count(l);
        (1..=16).contains(&words)
            && !sentence(l)
            && !lexicon::ends_in(l, &[',', ';', ':'])
            && l.chars().filter(|c| c.is_alphabetic()).count() > 1
    });
    // A citation, not a sentence that happens to open with `From March 1917, …`: it
    // gives pages, a volume or number, or its year in brackets.
    let citation = |l: &str| {
        let lower = l.to_lowercase();
        ["pp.", " p. ", "vol.", " no.", "no. "]
            .iter()
            .any(|c| lower.contains(c))
            || l.split('(').skip(1).any(|r| {
                r.get(..5)
                    .is_some_and(|y| y.ends_with(')') && y[..4].bytes().all(|b| b.is_ascii_digit()))
            })
    };
    let cited = source.single().is_some_and(|l| {
        word_count(l) <= 40
            && SourceField::new("", l).kind == SourceKind::Source
            && citation(l)
            && (lexicon::lone_year(l).is_some() || lexicon::find_date(l).is_some())
    });
    if !titled || !cited || word_count(&next.joined()) < 12 {
        return;
    }
    let mut opening: Vec<Para> = doc.body.drain(..2).collect();
    let source = opening.pop().unwrap_or_default();
    let title = opening.pop().unwrap_or_default();
    doc.fields.extend(fields(&source));
    let work = doc.title.replace(title.joined());
    doc.title_line = Some(title.line);
    doc.subtitle = match (work, doc.subtitle.take()) {
        (Some(w), Some(s)) => Some(format!("{w} — {s}")),
        (w, s) => w.or(s),
    };
    if let Some(first) = doc.body.first_mut() {
        first.rule_before = false;
    }
}

/// A work's title over a part's: the page of a chapter names the book in its head and
/// the chapter in the lines that open the text under the rule (`Chapter 13` / `The
/// Development of Usury`). Those lines become the subtitle when the head gave none and
/// no date (an article dates itself; a book's chapter seldom does), or the title when
/// they name the part (`part_over_work`); a head without a title line takes them as its
/// title whatever else it gave.
fn part_title(doc: &mut RawDocument) {
    // A page that opens with its contents is the whole work.
    if doc
        .body
        .first()
        .and_then(Para::single)
        .is_some_and(lexicon::contents_heading)
    {
        return;
    }
    let untitled = doc.title.is_none();
    let names_part = doc
        .body
        .iter()
        .take(4)
        .any(|p| p.single().is_some_and(lexicon::names_a_part));
    if !untitled && !names_part && (doc.subtitle.is_some() || doc.date.is_some()) {
        return;
    }
    let heading = |p: &Para| {
        p.single().is_some_and(|l| {
            !p.boxed
                && !lexicon::salutation(l)
                && (lexicon::section_title(l) || lexicon::names_a_part(l) || caps_heading(l))
                && word_count(l) <= 16
        })
    };
    let prose = |p: &Para| p.lines.len() > 1 || word_count(&p.joined()) > 25;
    let k = doc
        .body
        .iter()
        .take(4)
        .take_while(|p| heading(p) || p.single().is_some_and(lexicon::break_mark))
        .count();
    // A lone numeral (`I`) numbers the text's first section, it names no part.
    let numeral_only = k == 1 && lexicon::section_number(&doc.body[0].joined());
    if k == 0 || numeral_only || !doc.body.get(k).is_some_and(prose) {
        return;
    }
    let lines: Vec<String> = doc
        .body
        .drain(..k)
        .map(|p| p.joined())
        .filter(|l| !lexicon::break_mark(l))
        .collect();
    if lines.is_empty() {
        return;
    }
    match doc.title.take() {
        None => {
            doc.title = Some(head::joined(&lines));
            doc.title_line = None;
        }
        Some(title) => {
            // The head's lines in the order they stood: a part the head named (`PART
            // ONE: …`) is the title already, with its work as the subtitle.
            let mut all = vec![title];
            if let Some(sub) = doc.subtitle.take() {
                if lexicon::names_a_part(&all[0]) {
                    all.insert(0, sub);
                } else {
                    all.push(sub);
                }
            }
            all.extend(lines);
            let (title, subtitle) = head::part_over_work(&all);
            doc.title = Some(title);
            doc.subtitle = subtitle;
        }
    }
}

/// Whether a line is a heading set in capitals (`THE ELECTION CAMPAIGN AND THE BEGINNING
/// OF THE WORK OF THE FOURTH STATE DUMA`): letters, all upper case, no sentence's end.
fn caps_heading(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 4
        && !line.chars().any(char::is_lowercase)
        && !lexicon::ends_in(line.trim_end(), &[',', ';', ':'])
}

/// Reads the title block at the top of a text that has no header: its leading short
/// lines (a blog's date line and post title, `Author: Title`, a title and its byline),
/// read as a head; returns where the body starts.
fn title_block(paras: &[Para], vocab: &Vocabulary) -> (RawDocument, usize) {
    let mut n = 0;
    while n < paras.len().min(5) && n + 1 < paras.len() {
        let p = &paras[n];
        // A letter's dateline (`Paris, le 3 mai 1937` over `Cher camarade,`) opens the
        // letter, not the head; a sentence or an editor's bracketed note opens the text.
        let letter_opens = paras
            .get(n + 1)
            .and_then(Para::single)
            .is_some_and(lexicon::salutation);
        let ok = p.lines.len() <= 4
            && p.lines.iter().all(|l| {
                let opens_text = word_count(l) > 40
                    || lexicon::ends_in(l, &['.', ',', ';', ':'])
                    || sentence(l)
                    || lexicon::salutation(l)
                    || letter_opens && lexicon::dateline(l);
                !opens_text || lexicon::date(l).is_some()
            })
            && (n == 0 || !p.rule_before)
            // A lone Roman numeral (`I`) numbers the text's first section: the text
            // begins (digits alone may be a year).
            && !(n > 0 && p.single().is_some_and(|l| lexicon::roman(l.trim())));
        if !ok {
            break;
        }
        n += 1;
    }
    if n == 0 {
        return (RawDocument::default(), 0);
    }
    (head_lines(&paras[..n], vocab), n)
}

/// Says whether a line is a sentence of running text (`… as such.]`), not a heading.
fn sentence(l: &str) -> bool {
    // A note's marker after the full stop (`… the gates.[1]`) ends the sentence too.
    let mut t = l.trim_end();
    while let Some(open) = t.strip_suffix([']', ')']).and_then(|r| r.rfind(['[', '('])) {
        if t.len() - open > 6 {
            break;
        }
        t = t[..open].trim_end();
    }
    word_count(l) > 8
        && lexicon::ends_in(
            t.trim_end_matches([']', ')', '"', '”', '’', '\'']),
            &['.', '!', '?'],
        )
}

/// Words that leave a title line unfinished (`… in New York to the`): the next line goes
/// on with it.
const CONNECTIVES: &[&str] = &[
    "the", "of", "to", "and", "a", "an", "in", "on", "for", "at", "with", "from", "di", "del",
    "della", "e", "il", "la", "le", "de", "des", "du", "et", "der", "die", "und", "von", "el", "y",
    "los",
];

/// Reads the lines above a header: author (with a year: `Victor Serge 1936`; several:
/// `R.H. Monroe and Joseph Hansen`), title (over two lines when the first is unfinished;
/// `Bolivia, 9 April 1952:` then its subtitle), kicker, subtitle and date (`(July 1897)`),
/// by scoring every reading of them (`head::read`).
fn head_lines(paras: &[Para], vocab: &Vocabulary) -> RawDocument {
    let mut lines: Vec<HeadLine> = paras
        .iter()
        .flat_map(|p| {
            p.lines.iter().enumerate().map(|(k, l)| HeadLine {
                text: l.clone(),
                line: p.line + k,
                heading: p.heading(),
            })
        })
        .collect();
    // A title broken over two lines.
    let mut k = 0;
    while k + 1 < lines.len() {
        let last = lines[k]
            .text
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let next = &lines[k + 1].text;
        let goes_on = CONNECTIVES.contains(&last.as_str())
            || (next.starts_with(|c: char| c.is_lowercase())
                && !next.starts_with("by ")
                && !next.starts_with("or "));
        if goes_on && lexicon::date(next).is_none() && lines[k].heading == lines[k + 1].heading {
            let next = lines.remove(k + 1);
            lines[k].text.push(' ');
            lines[k].text.push_str(&next.text);
        } else {
            k += 1;
        }
    }
    // A credit above the text (`Published by the Trade Union Educational League`,
    // `Translated by …`) is a field of the source, never its title.
    let mut credits = Vec::new();
    if lines.len() > 1 {
        lines.retain(|l| match credit_line(&l.text) {
            Some(f) => {
                credits.push(f);
                false
            }
            None => true,
        });
    }
    let h = head::read(&lines, &|w| vocab.has(w));
    let mut doc = RawDocument {
        title: h.title,
        subtitle: h.subtitle,
        author: h.author,
        date: h.date,
        title_line: h.title_line,
        doubtful: h.doubtful,
        fields: credits,
        ..RawDocument::default()
    };
    // A title ends without the colon that led to its subtitle, or a sentence's period.
    for t in [&mut doc.title, &mut doc.subtitle].into_iter().flatten() {
        *t = tidy_title(t);
    }
    doc.year = [&doc.subtitle, &doc.title]
        .into_iter()
        .flatten()
        .find_map(|t| trailing_year(t));
    doc
}

/// Reads a credit line without its colon: a known label and `by` whom (`Published by …`,
/// `Marked up by …`).
fn credit_line(line: &str) -> Option<SourceField> {
    let mut f = SourceField::parse(line).filter(|f| {
        f.kind != SourceKind::Other
            && f.value
                .get(..3)
                .is_some_and(|by| by.eq_ignore_ascii_case("by "))
    })?;
    // Published by whom names the publisher, not the first publication.
    if f.kind == SourceKind::FirstPublished {
        f.kind = SourceKind::Publisher;
    }
    Some(f)
}

/// Takes a title's closing colon or period off (`Bolivia, 9 April 1952:`, `Come si
/// formano i rivoluzionari.`), not an abbreviation's (`F.A.`) or an ellipsis.
fn tidy_title(t: &str) -> String {
    let t = t.trim();
    if let Some(s) = t.strip_suffix(':') {
        return s.trim_end().to_string();
    }
    // Markers after the period stay where they are: `… 1919.[1]`.
    let (core, markers) = match t.rfind(".[") {
        Some(i) if t.ends_with(']') && !t[i + 2..t.len() - 1].contains(' ') => t.split_at(i + 1),
        _ => (t, ""),
    };
    if let Some(s) = core.strip_suffix('.') {
        let last = s.rsplit([' ', '.']).next().unwrap_or_default();
        if !s.ends_with('.') && last.chars().count() > 2 {
            return format!("{s}{markers}");
        }
    }
    t.to_string()
}

/// Reads the year a title line ends with (`Speech to the 11th Party Congress, 1922`).
fn trailing_year(t: &str) -> Option<String> {
    let t = t.trim_end_matches(['.', ')']);
    let (before, y) = t.rsplit_once([' ', '('])?;
    let ok = y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && (before.ends_with(',') || before.ends_with('('));
    ok.then(|| y.to_string())
}

/// Reads a header paragraph's fields: labelled lines, with or without their colon, and
/// fields run together with `;`; a line without a label stays a field without one (a
/// source description), so that nothing of the header is lost.
fn fields(p: &Para) -> Vec<SourceField> {
    let mut out = Vec::new();
    for line in &p.lines {
        let mut cur: Option<SourceField> = None;
        for part in line.split("; ") {
            match colon_field(part) {
                Some(f) => {
                    out.extend(cur.take());
                    cur = Some(f);
                }
                None => match &mut cur {
                    Some(f) => {
                        f.value.push_str("; ");
                        f.value.push_str(part);
                    }
                    None => {
                        cur = Some(
                            SourceField::parse(part).unwrap_or_else(|| SourceField::new("", part)),
                        )
                    }
                },
            }
        }
        if let Some(mut f) = cur {
            f.value = f.value.trim_end_matches(';').trim().to_string();
            out.push(f);
        }
    }
    out
}

/// Finds the people a header value names: after `by` (`from the German by Helen Marsh`),
/// or the value itself, up to what is no name (`Ted Crawford and David Walters,
/// September 2006`, `Martin Fahlgren and David Walters for the Trotsky Internet Archive`).
fn people_in(value: &str) -> Vec<String> {
    let v = value.trim().trim_end_matches(['.', ';']);
    let after = v
        .rfind(" by ")
        .map(|i| &v[i + 4..])
        .or_else(|| v.strip_prefix("by "))
        .or_else(|| v.strip_prefix("By "))
        .unwrap_or(v);
    let mut cut = after.len();
    for stop in [" for ", " in ", " at ", " from ", "(", ";"] {
        if let Some(i) = after.find(stop) {
            cut = cut.min(i);
        }
    }
    let mut out = Vec::new();
    for part in after[..cut]
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
    {
        let part = part.trim().trim_end_matches(['.', ',']);
        if !lexicon::name(part) {
            break;
        }
        out.push(part.to_string());
    }
    out
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
        for name in names(a).unwrap_or_else(|| vec![a.clone()]) {
            creators.push(Creator {
                name: smart.convert(&name),
                role: Role::Author,
            });
        }
    }
    let mut rights = None;
    for f in &raw.fields {
        for kind in f.kinds() {
            let role = match kind {
                SourceKind::Translation => Some(Role::Translator),
                SourceKind::Transcription => Some(Role::Transcriber),
                SourceKind::Proofreading => Some(Role::Proofreader),
                SourceKind::Editing => Some(Role::Editor),
                SourceKind::Licence => {
                    rights.get_or_insert_with(|| licence(f));
                    None
                }
                _ => None,
            };
            let Some(role) = role else { continue };
            for name in people_in(&f.value) {
                let c = Creator { name, role };
                if !creators.contains(&c) {
                    creators.push(c);
                }
            }
        }
    }
    let date = text_date(raw);
    // A page with no author line may name its writers in the title (`Letter of John Reed
    // and Ben Gitlow in New York to the Labor Committee…`).
    if raw.author.is_none() {
        if let Some(ws) = raw.title.as_deref().and_then(letter_writers) {
            for name in ws {
                creators.insert(
                    creators.iter().filter(|c| c.role == Role::Author).count(),
                    Creator {
                        name,
                        role: Role::Author,
                    },
                );
            }
        }
    }

    // The notes: their markers may stand in the body, the title or the header.
    let mut head_texts: Vec<String> = raw.title.iter().chain(&raw.subtitle).cloned().collect();
    head_texts.extend(raw.fields.iter().map(|f| f.value.clone()));
    let anchored = raw
        .body
        .iter()
        .any(|p| matches!(p.hint(), Some(Hint::Note { .. })));
    let (body, mut notes_part, headings) = if anchored {
        marked_notes(&raw.body)
    } else {
        split_notes(&raw.body, &head_texts)
    };
    let mut item_labels: Vec<String> = notes_part.iter().map(|(l, _)| l.clone()).collect();
    for k in notes::mended_items(&mut item_labels) {
        let line = notes_part[k].1.first().map(|p| p.line);
        diagnostics.push(
            Diagnostic::warning(
                "note-label-repaired",
                file,
                line,
                format!(
                    "the notes list numbers this note {} between {} and {}: it is taken as \
                     note {}",
                    notes_part[k].0,
                    item_labels[k - 1],
                    item_labels[k + 1],
                    item_labels[k]
                ),
            )
            .with_hint("check the note's number; correct it in the text if the reading is wrong"),
        );
        notes_part[k].0 = item_labels[k].clone();
    }
    for (first, last, after) in notes::skipped_numbers(&item_labels) {
        let line = notes_part
            .iter()
            .find(|(l, _)| l == after)
            .and_then(|(_, ps)| ps.first())
            .map(|p| p.line);
        diagnostics.push(
            Diagnostic::warning(
                "note-number-skipped",
                file,
                line,
                if first == last {
                    format!("the notes list has no note {first} (it goes on at {after})")
                } else {
                    format!("the notes list has no notes {first}–{last} (it goes on at {after})")
                },
            )
            .with_hint(
                "check the page for the missing note; the others are matched by their markers",
            ),
        );
    }
    if notes_part.is_empty() && !anchored {
        diagnostics.extend(unmatched_markers(file, &body));
    }
    for (h, _) in &headings {
        let heading = h.joined();
        let kept = if lexicon::notes_hand(&heading).is_some() {
            "it says whose they are, so each of its notes opens with it"
        } else {
            "the editions set notes their own way"
        };
        diagnostics.push(Diagnostic::info(
            "notes-heading",
            file,
            Some(h.line),
            format!("“{heading}” heads the notes: {kept}"),
        ));
    }
    let labels: Vec<String> = notes_part.iter().map(|(l, _)| l.clone()).collect();
    // A reader that matched the notes by their anchors writes their markers `[1]`.
    let style = if anchored {
        MarkerStyle::Bracket
    } else {
        marker_style(&body, &labels)
    };

    // The markers in the order the text gives them, to find the ones it mistyped.
    let markers: Vec<String> = if labels.is_empty() {
        Vec::new()
    } else {
        head_texts
            .iter()
            .cloned()
            .chain(body.iter().map(Para::joined))
            .chain(
                notes_part
                    .iter()
                    .flat_map(|(_, ps)| ps.iter().map(Para::joined)),
            )
            .flat_map(|t| notes::markers(&t, &labels, style))
            .collect()
    };
    let repairs = notes::repairs(&labels, &markers);
    for r in &repairs {
        let line = notes_part
            .iter()
            .find(|(l, _)| *l == r.to)
            .and_then(|(_, ps)| ps.first())
            .map(|p| p.line);
        diagnostics.push(
            Diagnostic::warning(
                "note-marker-repaired",
                file,
                line,
                format!(
                    "note {} has no marker, and a second [{}] stands where its marker would, \
                     between the markers of the notes around it: that marker is taken as [{}]",
                    r.to, r.from, r.to
                ),
            )
            .with_hint("check the marker; correct it in the text if the reading is wrong"),
        );
    }
    let mut ctx = Inlines {
        labels: &labels,
        style,
        smart,
        refs: Vec::new(),
        repairs,
    };
    let (title, mut title_notes) = ctx.unmark(raw.title.as_deref().unwrap_or_default());
    let subtitle = raw.subtitle.as_deref().map(|s| {
        let (s, notes) = ctx.unmark(s);
        title_notes.extend(notes);
        s
    });
    let source = (!raw.fields.is_empty()).then(|| Source {
        fields: raw
            .fields
            .iter()
            .map(|f| {
                let (value, notes) = ctx.unmark(&f.value);
                SourceField {
                    value,
                    notes,
                    ..f.clone()
                }
            })
            .collect(),
    });
    let authors: Vec<String> = creators
        .iter()
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.clone())
        .collect();
    let mut blocks = body_blocks(&body, &authors, &mut ctx);
    // Every note's text first: a note may be referenced only from another note.
    let converted: Vec<Vec<Block>> = notes_part
        .iter()
        .map(|(_, paras)| {
            paras
                .iter()
                .map(|p| Block::Paragraph {
                    content: ctx.para(p),
                })
                .collect()
        })
        .collect();
    let converted = with_hands(converted, &headings, &mut ctx);
    let mut notes = Vec::new();
    let mut orphans = Vec::new();
    for ((label, paras), blocks) in notes_part.iter().zip(converted) {
        if !ctx.refs.contains(label) {
            diagnostics.push(
                Diagnostic::warning(
                    "note-unreferenced",
                    file,
                    paras.first().map(|p| p.line),
                    format!(
                        "note {label} has no marker in the text; it is kept at the end of the \
                         text, under “Notes without a reference”"
                    ),
                )
                .with_hint(format!("add the marker [{label}] where the note belongs")),
            );
            orphans.push((label.clone(), blocks));
            continue;
        }
        // The label the page shows, where the markup gives it apart from the anchor.
        let mark = paras
            .first()
            .and_then(|p| match p.hint() {
                Some(Hint::Note { mark, .. }) => Some(mark.clone()),
                _ => None,
            })
            .unwrap_or_else(|| label.clone());
        notes.push(Note {
            id: label.clone(),
            mark,
            blocks,
        });
    }
    // A list the markers match only in part loses nothing: the notes no marker points to
    // close the text, each with its label.
    if !orphans.is_empty() {
        blocks.push(Block::Heading {
            level: 2,
            content: vec![Inline::text("Notes without a reference")],
            id: None,
        });
        for (label, note_blocks) in orphans {
            for (k, mut b) in note_blocks.into_iter().enumerate() {
                if let (0, Block::Paragraph { content }) = (k, &mut b) {
                    content.insert(0, Inline::text(format!("{label}. ")));
                }
                blocks.push(b);
            }
        }
    }
    // A letter signed by a name the page gives no author line for: the signer wrote it.
    if authors.is_empty() {
        if let Some(Block::Signature { content }) = blocks.last() {
            let name = crate::model::inlines_text(content);
            if lexicon::name(&name) {
                creators.insert(
                    0,
                    Creator {
                        name,
                        role: Role::Author,
                    },
                );
            }
        }
    }

    // Front matter lists creators by role (authors first): the same order reads back.
    creators.sort_by_key(|c| c.role);
    Document {
        title,
        subtitle,
        title_notes,
        creators,
        date,
        source,
        rights,
        language: None,
        blocks,
        notes,
    }
}

/// Dates a text from what its page gives, most direct first: the head's date line; a
/// `Written:`, `Delivered:`, `First Published:` or `Date:` field; the first date of the
/// source line (`From Labor Action, …, 21 October 1946, p. 7.`), or the one year it gives;
/// a year ending the title.
/// A year alone gives way to a fuller date of the same year found further down.
fn text_date(raw: &RawDocument) -> Option<String> {
    let value = |f: &SourceField| f.value.trim_end_matches(['.', ';']).trim().to_string();
    let of_field = |f: &SourceField| {
        let v = value(f);
        if lexicon::date(&v).is_some() {
            return Some(v);
        }
        lexicon::find_date(&v).or_else(|| {
            // `Written: 1884, in Geneva`.
            let first = v.split([',', ' ', ';']).next().unwrap_or_default();
            (first.len() == 4 && lexicon::date(first).is_some()).then(|| first.to_string())
        })
    };
    let dated = |f: &&SourceField| {
        f.label.trim().eq_ignore_ascii_case("date")
            || f.kinds().iter().any(|k| {
                matches!(
                    k,
                    SourceKind::Written | SourceKind::Delivered | SourceKind::FirstPublished
                )
            })
    };
    // An unlabelled line dates the text where it reads as a source, not as an editor's
    // remark (`The following Appeal was adopted … on the 4th of August 1920.`).
    let source = |f: &&SourceField| f.kind == SourceKind::Source;
    let candidates = raw
        .date
        .clone()
        .into_iter()
        .chain(raw.fields.iter().filter(dated).filter_map(of_field))
        .chain(
            raw.fields
                .iter()
                .filter(source)
                .find_map(|f| lexicon::find_date(&value(f))),
        )
        .chain(
            raw.fields
                .iter()
                .filter(source)
                .find_map(|f| lexicon::lone_year(&value(f))),
        )
        .chain(raw.year.clone());
    let mut best: Option<(String, String)> = None;
    for c in candidates {
        let Some(iso) = lexicon::date(&c).map(|d| d.iso) else {
            // A date line the head read as written.
            best.get_or_insert((c, String::new()));
            continue;
        };
        match &best {
            None => best = Some((c, iso)),
            Some((_, b)) if b.len() == 4 && iso.len() > 4 && iso.starts_with(b.as_str()) => {
                best = Some((c, iso));
            }
            _ => {}
        }
    }
    best.map(|(c, _)| c)
}

/// Reads the writers a letter's title names: `Letter of|from NAMES [in PLACE] to …`.
fn letter_writers(title: &str) -> Option<Vec<String>> {
    let lower = title.to_lowercase();
    let at = ["letter of ", "letter from ", "letters of ", "letters from "]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))?;
    let rest = &title[at..];
    let end = [" to ", " in ", " at ", " on ", ","]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    names(&rest[..end])
}

/// Reads a licence field; the label says what the value may not (`Public Domain:
/// Marxists Internet Archive (2007).`).
fn licence(f: &SourceField) -> Licence {
    let l = Licence::recognize(&f.value);
    if l.name.is_some() || f.label.is_empty() {
        return l;
    }
    let with_label = Licence::recognize(&format!("{}: {}", f.label, f.value));
    if with_label.name.is_some() {
        with_label
    } else {
        l
    }
}

/// A note as found in a notes list: its label and paragraphs.
type RawNote = (String, Vec<Para>);

/// A heading over notes, with the index of the first note it heads.
type NotesHeading = (Para, usize);

/// Splits a document's paragraphs into the body and its notes list: one whose labels run
/// in sequence and are all marked in the text (or in `head`, the title and header). The
/// list starts at `1.` (or under a notes heading) and runs to the end, or to a rule after
/// which the text goes on (the notes of an introduction that stand before the text).
/// Returns the body, the notes and the notes headings.
fn split_notes(paras: &[Para], head: &[String]) -> (Vec<Para>, Vec<RawNote>, Vec<NotesHeading>) {
    let is_heading = |k: usize| paras[k].single().is_some_and(lexicon::notes_heading);
    for start in (0..paras.len()).rev() {
        let heading = start > 0 && is_heading(start - 1);
        // Under a notes heading or a rule, a number and a space label an item too (`48 See
        // Chapter 15…`), as a copy gives a list whose numbers were set apart.
        let bare =
            (heading || paras[start].rule_before) && notes::item(&paras[start].lines[0]).is_none();
        let item = |l| notes::list_item(l, bare);
        let Some((first, _)) = item(&paras[start].lines[0]) else {
            continue;
        };
        if !(["1", "*", "1*", "A", "a"].contains(&first.as_str()) || heading) {
            continue;
        }
        let mut end = (start + 1..paras.len())
            .find(|&j| paras[j].rule_before)
            .unwrap_or(paras.len());
        let mut list: Vec<RawNote> = Vec::new();
        let mut headings = Vec::new();
        // The next number of a list running inside the last note, if one is.
        let mut inner: Option<u32> = None;
        if heading {
            headings.push((paras[start - 1].clone(), 0));
        }
        // Where the list's count starts again (`1.` after `2.`) past a short line of its
        // own (`Reply to Serge`): the text goes on there, in numbered paragraphs.
        let restarts = |j: usize| {
            paras.get(j).is_some_and(|q| {
                item(&q.lines[0]).is_some_and(|(l, _)| l == first)
                    && !list_in_note_text(&paras[j - 1])
            })
        };
        let own_line = |k: usize| {
            let p = &paras[k];
            let short = p
                .single()
                .is_some_and(|l| word_count(l) <= 8 && !lexicon::ends_in(l, &['.', ':', ';', ',']));
            short && item(&p.lines[0]).is_none() && !is_heading(k) && restarts(k + 1)
        };
        if let Some(k) = (start + 1..end).find(|&k| own_line(k)) {
            end = k;
        }
        for (k, p) in paras.iter().enumerate().take(end).skip(start) {
            // A second list under its own heading (`Editor’s notes`) goes on the first.
            if is_heading(k)
                && paras
                    .get(k + 1)
                    .is_some_and(|q| item(q.lines[0].as_str()).is_some())
            {
                headings.push((p.clone(), list.len()));
                continue;
            }
            // A paragraph may hold several items, one per line.
            let items: Vec<_> = p.lines.iter().map(|l| item(l.as_str())).collect();
            let listed = items.iter().all(Option::is_some) && p.lines.len() > 1;
            // A converter's copy indents a list's items and not the notes, which are
            // paragraphs that begin with their number: an indented item under unindented
            // notes is a list inside the note before it.
            let nested = p.indent > 0
                && items[0].is_some()
                && list
                    .first()
                    .and_then(|(_, ps)| ps.first())
                    .is_some_and(|q| q.indent == 0);
            // A list a note announces with a colon (`… are not in doubt:`), whose count
            // starts again at 1 under it, goes on in that note while its count goes on.
            let label = items[0].as_ref().map(|(l, _)| l.as_str());
            let opens_inner = label.is_some() && list_in_note(&list, &items);
            let continues_inner = inner.is_some_and(|n| label == Some(n.to_string().as_str()));
            inner = match (opens_inner || continues_inner, label) {
                (true, _) => Some(
                    if opens_inner { 1 } else { inner.unwrap_or(1) }
                        + u32::try_from(items.len()).unwrap_or(1),
                ),
                (false, Some(_)) => None,
                (false, None) => inner,
            };
            if opens_inner || continues_inner || nested {
                if let Some(last) = list.last_mut() {
                    last.1.push(p.clone());
                }
            } else if listed {
                for (k, it) in items.into_iter().enumerate() {
                    let Some((label, rest)) = it else { continue };
                    list.push((
                        label,
                        vec![Para {
                            lines: vec![rest.to_string()],
                            line: p.line + k,
                            blank_before: 1,
                            ..Para::default()
                        }],
                    ));
                }
            } else if let Some((label, rest)) = &items[0] {
                list.push((label.clone(), vec![p.without_lead(rest)]));
            } else if let Some(label) = p
                .single()
                .and_then(notes::lone_label)
                .filter(|_| !list.is_empty() && k + 1 < end)
            {
                // A label alone on its line (`17.`): its text is the next paragraph.
                list.push((label, Vec::new()));
            } else if let Some(last) = list.last_mut() {
                last.1.push(p.clone());
            }
        }
        // A wiki's references are numbered by their order alone (`^ Rougerie…`).
        if list.iter().all(|(l, _)| l == notes::IN_ORDER) {
            for (n, (l, _)) in list.iter_mut().enumerate() {
                *l = (n + 1).to_string();
            }
        }
        let labels: Vec<String> = list.iter().map(|(l, _)| l.clone()).collect();
        // A list under a notes heading may break its count (a missing or doubled item);
        // without a heading the count is what says it is a list — or a count with a
        // number skipped, if the text marks every note it lists.
        let counted = notes::sequence_ok(&labels, heading);
        let gapped = !counted && labels.len() >= 4 && notes::sequence_with_gaps(&labels);
        if !(counted || gapped || heading && labels.len() >= 2) {
            continue;
        }
        let body_end = if heading { start - 1 } else { start };
        let mut body = paras[..body_end].to_vec();
        body.extend_from_slice(&paras[end..]);
        let style = marker_style(&body, &labels);
        let texts: Vec<String> = body
            .iter()
            .map(Para::joined)
            .chain(head.iter().cloned())
            .collect();
        // One pass over the text finds every label marked (not one pass per label: a
        // long text with many notes made that quadratic).
        let found: std::collections::HashSet<String> = texts
            .iter()
            .flat_map(|t| notes::markers(t, &labels, style))
            .collect();
        // All the list's labels marked in the text; or, under a heading that says it is a
        // list of notes, most of them — the rest are kept, never lost whole.
        let hits = labels.iter().filter(|l| found.contains(*l)).count();
        let marked = if (counted || gapped) && hits == labels.len() {
            true
        } else {
            heading && hits >= 1 && hits * 2 >= labels.len() && labels.len() >= 2
        };
        if marked {
            // A list under a heading of its own (`Note by MIA`), or set apart by a rule,
            // may follow another.
            if heading || paras[start].rule_before {
                let (before, mut first_list, mut first_headings) =
                    split_notes(&paras[..body_end], head);
                // Its labels are its own (`1*`…): a list whose labels this one repeats is
                // a numbered list of the text, not notes.
                let clash = first_list.iter().any(|(l, _)| labels.contains(l));
                // Without a heading of its own, the list before is notes only where the
                // page sets notes apart, after a rule: a numbered list of the text that
                // its markers happen to match ran on to the heading, text and all.
                let set_apart = !first_headings.is_empty()
                    || first_list
                        .first()
                        .and_then(|(_, ps)| ps.first())
                        .is_some_and(|p| p.rule_before);
                if !first_list.is_empty() && !clash && set_apart {
                    let offset = first_list.len();
                    first_list.extend(list);
                    first_headings.extend(headings.into_iter().map(|(h, k)| (h, k + offset)));
                    let mut body = before;
                    body.extend_from_slice(&paras[end..]);
                    return (body, first_list, first_headings);
                }
            }
            return (body, list, headings);
        }
    }
    (paras.to_vec(), Vec::new(), Vec::new())
}

/// Opens each note under a heading that says whose the notes are (`Transcriber’s note`,
/// `Note by MIA`) with that heading, in italics: the editions set notes their own way
/// and would otherwise lose whose they are — the author's, an editor's or the archive's.
fn with_hands(
    mut notes: Vec<Vec<Block>>,
    headings: &[NotesHeading],
    ctx: &mut Inlines,
) -> Vec<Vec<Block>> {
    for (k, (heading, first)) in headings.iter().enumerate() {
        if lexicon::notes_hand(&heading.joined()).is_none() {
            continue;
        }
        // The heading as the text gives it (curly quotes, its italics), without its colon.
        let mut hand = ctx.para(heading);
        if let Some(Inline::Text { text }) = hand.last_mut() {
            let kept = text
                .trim_end()
                .trim_end_matches([':', '：'])
                .trim_end()
                .len();
            text.truncate(kept);
        }
        let lead_in = vec![Inline::Emphasis { content: hand }, Inline::text(": ")];
        let end = headings.get(k + 1).map_or(notes.len(), |(_, next)| *next);
        for blocks in notes.iter_mut().take(end).skip(*first) {
            match blocks.first_mut() {
                Some(Block::Paragraph { content }) => {
                    let mut opened = lead_in.clone();
                    for inline in content.drain(..) {
                        crate::model::block::push_inline(&mut opened, inline);
                    }
                    *content = opened;
                }
                _ => blocks.insert(
                    0,
                    Block::Paragraph {
                        content: lead_in.clone(),
                    },
                ),
            }
        }
    }
    notes
}

/// Warns where the text reads as marking notes (`[1]`, `[2]`… in order) but no list of
/// notes was found for them: the markers stay as text, and the reader should know.
fn unmatched_markers(file: &Path, body: &[Para]) -> Option<Diagnostic> {
    let candidates: Vec<String> = (1..=99).map(|n: u32| n.to_string()).collect();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for p in body {
        for m in notes::markers(&p.joined(), &candidates, MarkerStyle::Bracket) {
            if !seen.iter().any(|(l, _)| *l == m) {
                seen.push((m, p.line));
            }
        }
    }
    // `[1]` and `[2]`, the first before the second, as a text's first notes are marked.
    let at = |l: &str| seen.iter().position(|(x, _)| x == l);
    let (Some(one), Some(two)) = (at("1"), at("2")) else {
        return None;
    };
    (one < two).then(|| {
        Diagnostic::warning(
            "note-list-missing",
            file,
            Some(seen[one].1),
            format!(
                "the text marks {} notes ([1]…) but no list of notes was found for them: the \
                 markers are kept as text",
                seen.len()
            ),
        )
        .with_hint("check that the notes were copied with the text; they are numbered items after a rule or under a heading such as “Notes”")
    })
}

/// Says whether a paragraph announces a list inside a note (`… the following proposal:`).
fn list_in_note_text(p: &Para) -> bool {
    p.lines.last().is_some_and(|l| l.trim_end().ends_with(':'))
}

/// Says whether a paragraph of items (`1. Adjournment…` / `2. The question…`) is a list
/// inside the note before it rather than more notes: its count starts again at 1 under a
/// note that announces it with a colon (`… made the following proposal:`).
fn list_in_note(list: &[RawNote], items: &[Option<(String, &str)>]) -> bool {
    let restarts = items
        .first()
        .is_some_and(|i| i.as_ref().is_some_and(|(l, _)| l == "1"));
    let announced = list
        .last()
        .and_then(|(_, ps)| ps.last())
        .is_some_and(list_in_note_text);
    restarts && announced
}

/// Takes out the notes the markup marks (matched by their anchors): consecutive blocks
/// with the same note's hint are its paragraphs.
fn marked_notes(paras: &[Para]) -> (Vec<Para>, Vec<RawNote>, Vec<NotesHeading>) {
    let mut body = Vec::new();
    let mut list: Vec<RawNote> = Vec::new();
    let mut headings = Vec::new();
    let is_note = |p: Option<&Para>| p.is_some_and(|p| matches!(p.hint(), Some(Hint::Note { .. })));
    for (k, p) in paras.iter().enumerate() {
        // The heading over the notes (`Notes`, `Footnotes`): the editions set notes their
        // own way.
        if p.single().is_some_and(lexicon::notes_heading) && is_note(paras.get(k + 1)) {
            headings.push((p.clone(), list.len()));
            continue;
        }
        match p.hint() {
            Some(Hint::Note { id, .. }) => match list.last_mut() {
                Some((last, ps)) if last == id => ps.push(p.clone()),
                _ => list.push((id.clone(), vec![p.clone()])),
            },
            _ => body.push(p.clone()),
        }
    }
    (body, list, headings)
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
    if found(MarkerStyle::Bracket) {
        MarkerStyle::Bracket
    } else if found(MarkerStyle::Paren) {
        MarkerStyle::Paren
    } else if found(MarkerStyle::Bare) {
        MarkerStyle::Bare
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
    /// Markers read as another note's (`notes::repairs`).
    repairs: Vec<notes::Repair>,
}

impl Inlines<'_> {
    /// Records a marker the text gives and says which note it refers to: its own, or the
    /// note a repair gives its occurrence.
    fn take_marker(&mut self, label: String) -> String {
        let seen = self.refs.iter().filter(|r| **r == label).count();
        let label = self
            .repairs
            .iter()
            .find(|r| r.from == label && r.occurrence == seen)
            .map_or(label, |r| r.to.clone());
        self.refs.push(label.clone());
        label
    }

    fn convert(&mut self, text: &str) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for piece in notes::pieces(text, self.labels, self.style) {
            match piece {
                Piece::Text(t) => {
                    let s = self.smart.convert(t);
                    for (emphasis, run) in underscored(&s) {
                        if emphasis {
                            out.push(Inline::Emphasis {
                                content: vec![Inline::text(run)],
                            });
                        } else {
                            crate::model::block::push_text(&mut out, run);
                        }
                    }
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
                    let id = self.take_marker(label);
                    out.push(Inline::NoteRef { id });
                }
            }
        }
        out
    }

    /// Takes the note markers out of a line of the title or header: returns its text
    /// (with typography) and the notes it refers to.
    fn unmark(&mut self, text: &str) -> (String, Vec<String>) {
        self.smart.reset();
        let mut out = String::new();
        let mut ids = Vec::new();
        for piece in notes::pieces(text, self.labels, self.style) {
            match piece {
                Piece::Text(t) => out.push_str(&self.smart.convert(t)),
                Piece::Url(u) => {
                    self.smart.skip(u);
                    out.push_str(u);
                }
                Piece::Marker(label) => {
                    let id = self.take_marker(label);
                    ids.push(id);
                }
            }
        }
        (out, ids)
    }

    /// Finds the markers of unlinked notes in formatted content's text (never inside a
    /// link or code).
    fn mark_refs(&mut self, content: &[Inline]) -> Vec<Inline> {
        let mut out = Vec::new();
        for i in content {
            match i {
                Inline::Text { text } => {
                    for piece in notes::pieces(text, self.labels, self.style) {
                        match piece {
                            Piece::Text(t) | Piece::Url(t) => {
                                crate::model::block::push_text(&mut out, t)
                            }
                            Piece::Marker(label) => out.push(Inline::NoteRef { id: label }),
                        }
                    }
                }
                Inline::Emphasis { content } => out.push(Inline::Emphasis {
                    content: self.mark_refs(content),
                }),
                Inline::Strong { content } => out.push(Inline::Strong {
                    content: self.mark_refs(content),
                }),
                other => out.push(other.clone()),
            }
        }
        out
    }

    fn para(&mut self, p: &Para) -> Vec<Inline> {
        self.smart.reset();
        // The markup's own content is what the page says, formatting and notes included
        // — while it says what the lines say: a pass that rewrote the lines (a list's
        // number taken off, a salutation split off) reads them instead.
        if let Some(content) = p
            .markup
            .as_ref()
            .and_then(|m| m.content.as_ref())
            .filter(|c| unit::same_text(c, &p.lines))
        {
            let content = if self.labels.is_empty() || !note_refs(content).is_empty() {
                content.clone()
            } else {
                // Notes the page did not link: their markers are in the text.
                self.mark_refs(content)
            };
            self.refs.extend(note_refs(&content));
            return content;
        }
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

/// The notes a run of inlines refers to.
/// A plain text's italics as a typewriter wrote them, and Project Gutenberg's texts still
/// do (`the _Neue Rheinische Zeitung_`): the text in runs, each marked whether it is
/// emphasized. An underscore opens only after a space or a mark and before a letter, and
/// closes only after one and before a space or a mark, so `snake_case` stays text.
fn underscored(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut plain = 0;
    let mut from = 0;
    while let Some(k) = text[from..].find('_') {
        let open = from + k;
        let before = text[..open].chars().next_back();
        let first = text[open + 1..].chars().next();
        from = open + 1;
        if word(before) || first.is_none_or(|c| c.is_whitespace() || c == '_') {
            continue;
        }
        let Some(len) = text[open + 1..].find('_') else {
            break;
        };
        let close = open + 1 + len;
        let last = text[..close].chars().next_back();
        let after = text[close + 1..].chars().next();
        if last.is_some_and(char::is_whitespace) || word(after) {
            continue;
        }
        if open > plain {
            out.push((false, &text[plain..open]));
        }
        out.push((true, &text[open + 1..close]));
        plain = close + 1;
        from = plain;
    }
    if plain < text.len() {
        out.push((false, &text[plain..]));
    }
    out
}

fn note_refs(content: &[Inline]) -> Vec<String> {
    let mut out = Vec::new();
    for i in content {
        match i {
            Inline::NoteRef { id } => out.push(id.clone()),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => out.extend(note_refs(content)),
            _ => {}
        }
    }
    out
}

/// The notes a block refers to.
fn block_note_refs(block: &Block) -> Vec<String> {
    let mut out = Vec::new();
    crate::model::block::visit_inlines(block, &mut |content| out.extend(note_refs(content)));
    out
}

/// Reads an item of a bulleted list (`- text`, `• text`): its bullet and its text. A
/// section break (`* * *`) is none.
fn bullet_item(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let b = chars.next()?;
    let rest = chars.as_str().strip_prefix(' ')?.trim_start();
    (lexicon::BULLETS.contains(&b) && !rest.is_empty() && !rest.starts_with(b)).then_some((b, rest))
}

/// Reads a run of bulleted items from `paras[k]` on: each item a line with its bullet,
/// with the lines under it that have none; the items in one block or one a block.
/// Returns the items and the paragraph after the run.
fn bullet_run(paras: &[Para], k: usize, end: usize) -> Option<(Vec<Para>, usize)> {
    let (b, _) = bullet_item(&paras[k].lines[0])?;
    let mut items: Vec<Para> = Vec::new();
    let mut j = k;
    while j < end {
        let q = &paras[j];
        if j > k && (q.blank_before >= 2 || q.rule_before || q.table.is_some()) {
            break;
        }
        if bullet_item(&q.lines[0]).is_none_or(|(c, _)| c != b) {
            break;
        }
        for l in &q.lines {
            match bullet_item(l).filter(|(c, _)| *c == b) {
                Some((_, rest)) => items.push(Para {
                    lines: vec![rest.to_string()],
                    markup: None,
                    ..q.clone()
                }),
                None => items
                    .last_mut()
                    .expect("a bullet first")
                    .lines
                    .push(l.clone()),
            }
        }
        j += 1;
    }
    (items.len() >= 2).then_some((items, j))
}

/// A list of one paragraph an item, numbered from `start` or bulleted.
fn list_block(start: Option<u64>, items: &[Para], ctx: &mut Inlines) -> Block {
    Block::List {
        start,
        items: items
            .iter()
            .map(|it| ListItem {
                blocks: vec![Block::Paragraph {
                    content: ctx.para(it),
                }],
            })
            .collect(),
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

/// Splits the paragraphs that hold two parts of a letter: a salutation run into the text
/// (`Dear Comrade,—Many of us…`) and a closing with its signature (`Yours in
/// fellowship,` / `DORA B. MONTEFIORE`).
fn letter_splits(paras: &[Para]) -> Vec<Para> {
    let mut out = paras.to_vec();
    for j in 0..out.len().min(3) {
        let first = out[j].lines[0].clone();
        let glue = [",—", ", —", ",--", ", --", ",–", ":—", ": —", "!—"]
            .iter()
            .filter_map(|g| first.find(g).map(|i| (i, *g)))
            .min();
        let Some((i, g)) = glue.filter(|(i, _)| *i < 60) else {
            continue;
        };
        let greeting = &first[..i + 1];
        let rest = first[i + g.len()..].trim();
        if lexicon::salutation(greeting) && !rest.is_empty() {
            let (salutation, mut text) = out[j].split_first_line(greeting, rest);
            text.blank_before = 1;
            out.splice(j..=j, [salutation, text]);
            break;
        }
    }
    if let Some(last) = out.last().cloned() {
        if last.lines.len() == 2
            && lexicon::closing(&last.lines[0])
            && lexicon::name(&last.lines[1])
        {
            let n = out.len();
            let (closing, mut signature) = last.split_first_line(&last.lines[0], "");
            signature.line = last.line + 1;
            signature.blank_before = 1;
            out.splice(n - 1.., [closing, signature]);
        }
    }
    out
}

/// Mends a paragraph broken in two by the page (`… ossia il leader` / `o uno dei leader
/// …`): one that stops without punctuation, followed by one that opens in lower case.
fn mend_broken(paras: &[Para]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    for p in paras {
        if let Some(prev) = out.last_mut() {
            let stops = prev
                .lines
                .last()
                .is_some_and(|l| l.ends_with(char::is_alphabetic));
            let goes_on = p.lines[0].starts_with(char::is_lowercase);
            // A block read whole (a table, a list) is no broken line of prose.
            let whole = |q: &Para| {
                q.table.is_some() || q.markup.as_ref().is_some_and(|m| m.block.is_some())
            };
            if stops
                && goes_on
                && !whole(prev)
                && !whole(p)
                && p.blank_before <= 1
                && !p.rule_before
                && prev.boxed == p.boxed
            {
                prev.lines.extend(p.lines.iter().cloned());
                // The markup's content is joined too (or dropped, if one has none).
                let more = p.markup.as_ref().and_then(|m| m.content.clone());
                if let Some(m) = prev.markup.as_mut() {
                    match (m.content.as_mut(), more) {
                        (Some(c), Some(more)) => {
                            c.push(Inline::text(" "));
                            c.extend(more);
                        }
                        _ => m.content = None,
                    }
                }
                continue;
            }
        }
        out.push(p.clone());
    }
    out
}

/// Says whether a paragraph is a place-and-date line, or a short block of them (`Los
/// Angeles, Calif.` / `April 13, 1954` / `New York`).
fn dateline_para(p: &Para) -> bool {
    if let Some(l) = p.single() {
        return lexicon::dateline(l);
    }
    p.lines.len() <= 3
        && p.lines.iter().all(|l| word_count(l) <= 6)
        && p.lines
            .iter()
            .any(|l| lexicon::dateline(l) || lexicon::date(l).is_some_and(|d| d.iso.len() > 4))
}

/// Builds the body's blocks: the letter's dateline and salutation at the top, its closing
/// and signature at the end, a dispatch's dateline, section titles, numbered lists,
/// section breaks, an editor's boxed introduction, paragraphs.
fn body_blocks(paras: &[Para], authors: &[String], ctx: &mut Inlines) -> Vec<Block> {
    let paras = &letter_splits(&mend_broken(paras))[..];
    // A letter opens within its first paragraphs (after an editor's note, say) with a
    // dateline, a salutation, or both.
    let mut lead = 0;
    let mut top = 0;
    let mut dateline = None;
    let mut salutation = None;
    for first in 0..paras.len().min(3) {
        let mut at = first;
        let mut d = None;
        if dateline_para(&paras[at]) {
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
    // A dispatch or a speech may open with its place and date alone (`Moscow, November
    // 14`).
    if !letter && paras.len() > 1 && paras[0].single().is_some_and(lexicon::dateline) {
        dateline = Some(0);
        top = 1;
    }
    let mut end = paras.len();
    let mut signature = None;
    let mut closing = None;
    if letter && end > top + 1 {
        if let Some(l) = paras[end - 1].single() {
            if lexicon::name(l) && word_count(l) <= 4 {
                signature = Some(end - 1);
                end -= 1;
            }
        }
        if let Some(l) = paras[end - 1].single() {
            if end - 1 > top && (lexicon::closing(l) || word_count(l) <= 12) {
                closing = Some(end - 1);
                end -= 1;
            }
        }
    } else if end > top + 1 {
        // An article signed at its end with its author's name (`C. Racovski`).
        let signed = paras[end - 1].single().is_some_and(|l| {
            authors
                .iter()
                .any(|a| a.to_lowercase() == l.trim_end_matches('.').to_lowercase())
        });
        if signed {
            signature = Some(end - 1);
            end -= 1;
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
        // A block the reader built whole (a table, a list) is placed as it is.
        if let Some(block) = p.markup.as_ref().and_then(|m| m.block.clone()) {
            ctx.refs.extend(block_note_refs(&block));
            blocks.push(block);
            k += 1;
            continue;
        }
        // A break drawn with stars (`* * *`, `***`, `⁂`).
        if p.single().is_some_and(lexicon::break_mark) {
            if !matches!(blocks.last(), Some(Block::SectionBreak) | None) {
                blocks.push(Block::SectionBreak);
            }
            k += 1;
            continue;
        }
        // A table drawn in text: each cell read as any line is.
        if let Some(t) = &p.table {
            let mut cell = |c: &String| ctx.convert(c);
            blocks.push(Block::Table {
                head: t.head.iter().map(&mut cell).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(&mut cell).collect())
                    .collect(),
                align: t.align.clone(),
                caption: Vec::new(),
            });
            k += 1;
            continue;
        }
        // A section's title: a short line after a run of blank lines or a rule, a
        // numeral (`II.`), or a part's name (`Postscript`); never the last paragraph.
        let title = p.single().filter(|l| {
            k + 1 < end
                && lexicon::section_title(l)
                && (p.blank_before >= 2
                    || p.rule_before
                    || p.heading().is_some()
                    || lexicon::part_word(l)
                    || lexicon::roman(l))
        });
        if title.is_some() {
            blocks.push(Block::Heading {
                level: 2,
                content: ctx.para(p),
                id: None,
            });
            k += 1;
            continue;
        }
        if k > top && (p.blank_before >= 2 || p.rule_before) {
            blocks.push(Block::SectionBreak);
        }
        // A speech's greeting after its title (`Comrades,`).
        let after_title = matches!(blocks.last(), Some(Block::Heading { .. }));
        if p.single().is_some_and(lexicon::salutation) && (after_title || p.rule_before) {
            blocks.push(Block::Salutation {
                content: ctx.para(p),
            });
            k += 1;
            continue;
        }
        // An editor's introduction drawn in a box, set off from the text.
        if p.boxed {
            let mut quoted = Vec::new();
            while k < end && paras[k].boxed {
                quoted.push(Block::Paragraph {
                    content: ctx.para(&paras[k]),
                });
                k += 1;
            }
            blocks.push(Block::BlockQuote { blocks: quoted });
            continue;
        }
        // A bulleted list, as a copy of a page's list gives it.
        if p.markup.is_none() {
            if let Some((items, next)) = bullet_run(paras, k, end) {
                blocks.push(list_block(None, &items, ctx));
                k = next;
                continue;
            }
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
                    // One item a line, each with its number off and its formatting.
                    let mut left = q.clone();
                    while !left.lines.is_empty() {
                        let first = left.lines[0].clone();
                        let (m, rest) = list_item(&first).expect("checked");
                        if m != expect {
                            break 'run;
                        }
                        let item = left.without_lead(rest);
                        let (item, after) = item.split_first_line(rest, "");
                        items.push(item);
                        left = after;
                        expect += 1;
                    }
                } else if let Some((_, rest)) = list_item(&q.lines[0]).filter(|(m, _)| *m == expect)
                {
                    // The number off, the item keeps its formatting.
                    items.push(q.without_lead(rest));
                    expect += 1;
                } else {
                    break;
                }
                j += 1;
            }
            // `j > k`: a run that stopped inside its first paragraph (`1. a` / `2. b` /
            // `2. c`) must still move on, or the loop never ends.
            if items.len() >= 2 && j > k {
                blocks.push(list_block(Some(n), &items, ctx));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Parsed<Book> {
        import(Path::new("t.txt"), text.as_bytes()).expect("imports")
    }

    fn codes(p: &Parsed<Book>) -> Vec<&str> {
        p.diagnostics.iter().map(|d| d.code).collect()
    }

    const PROSE: &str = "The strike began on the Monday and by the Thursday it had spread to \
        every yard on the river, as the men who had been laid off came back to the gates.";

    #[test]
    fn a_day_and_month_among_the_opening_headings_date_the_text() {
        let text = format!(
            "Ada Penrose\n\nA Winter in Petrograd\n\n---------------\n\n\
             Effects Of Isolation\n\nFebruary 14th.\n\n---------------\n\n{PROSE}\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.date.as_deref(), Some("February 14th"));
        assert!(!doc.body_text().contains("February 14th"));
    }

    #[test]
    fn underscores_around_words_are_italics_and_inside_them_text() {
        assert_eq!(
            underscored("in the _Neue Rheinische Zeitung_, from_here_on and _ no_"),
            [
                (false, "in the "),
                (true, "Neue Rheinische Zeitung"),
                (false, ", from_here_on and _ no_"),
            ]
        );
        assert_eq!(underscored("plain"), [(false, "plain")]);
    }

    #[test]
    fn a_title_and_dated_source_under_the_work_title_the_page() {
        let text = format!(
            "Ada Penrose\n\nEssays on the Commune\n\n---------------\n\n\
             The Burning of the Tuileries\n\nFrom Essays on the Commune (1911), pp. 9-20.\n\n\
             {PROSE}\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "The Burning of the Tuileries");
        assert_eq!(doc.subtitle.as_deref(), Some("Essays on the Commune"));
        assert_eq!(doc.date.as_deref(), Some("1911"));
        assert!(!doc.body_text().contains("From Essays"));
        let source = doc.source.as_ref().expect("a source");
        assert!(source.fields.iter().any(|f| f.value.contains("pp. 9-20")));
    }

    #[test]
    fn a_sentence_opening_with_from_and_a_date_stays_text() {
        let text = format!(
            "Ada Penrose\n\nEssays on the Commune\n\n---------------\n\n\
             The Burning of the Tuileries\n\nFrom March 1871, the city was its own.\n\n\
             {PROSE}\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert!(doc
            .body_text()
            .contains("From March 1871, the city was its own."));
    }

    #[test]
    fn links_that_close_a_section_or_the_text_go_and_the_next_heading_stays() {
        let text = format!(
            "Nora Quist\n\nThe Yards in Winter\n\n(Winter 1931)\n\n{PROSE}\n\n\
             Part 2\n\nTop of the page\n\nThe Gates\n\n{PROSE}\n\n\
             Next Chapter:\nSpring\nChapter 1 Index\n\n{PROSE}\n\nContents\n\n\
             Notes\n\n1. A note.\n"
        );
        let p = read(&text);
        let all = p.value.documents[0].body_text();
        for gone in [
            "Part 2",
            "Top of the page",
            "Next Chapter",
            "Spring",
            "Contents",
        ] {
            assert!(!all.contains(gone), "{gone} left in {all}");
        }
        assert!(all.contains("The Gates"), "{all}");
        assert_eq!(all.matches("The strike").count(), 3);
        assert!(all.contains("A note."));
    }

    #[test]
    fn a_table_drawn_in_text_is_a_table_and_the_text_after_it_stays() {
        let text = format!(
            "Nora Quist\n\nThe Yards in Winter\n\n(Winter 1931)\n\n{PROSE}\n\n\
             +--------------+-----+-------------+\n\
             | from Germany |     | 1,450 [1]   |\n\
             +--------------+     +-------------+\n\
             | from Russia  |     | 650         |\n\
             +--------------+-----+-------------+\n\n\
             against which the debt was smaller.\n\n\
             \x20 --- ----------------\n\
             \x20     E. Quist\n\
             \x20 --- ----------------\n\nNotes\n\n1. In pounds.\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        let tables: Vec<&Block> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table { .. }))
            .collect();
        assert_eq!(tables.len(), 1, "{:?}", doc.blocks);
        let Block::Table { head, rows, .. } = tables[0] else {
            unreachable!()
        };
        assert!(head.is_empty());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].len(), 2);
        assert!(matches!(rows[0][1].last(), Some(Inline::NoteRef { .. })));
        assert_eq!(doc.notes.len(), 1);
        let all = doc.body_text();
        assert!(all.contains("against which the debt was smaller."), "{all}");
        assert!(all.contains("E. Quist") && !all.contains("---"), "{all}");
    }

    #[test]
    fn declared_authors_are_taken_only_when_they_read_as_names() {
        let tag = |s: &str| declared_names(&[s.to_string()]);
        assert_eq!(
            tag("Nikolai Bukharin (1888-1938), Evgenii Preobrazhensky (1886-1937)").unwrap(),
            ["Nikolai Bukharin", "Evgenii Preobrazhensky"]
        );
        assert_eq!(
            tag("Jane Doe and John Roe").unwrap(),
            ["Jane Doe", "John Roe"]
        );
        // Keywords, or a site's name, are no author.
        assert_eq!(
            tag("Ales Bebler, Yougoslavia, Murder Inc., Greece, Greek Civil War, communism"),
            None
        );
        assert_eq!(tag("the editorial team"), None);
        assert_eq!(declared_names(&[]), None);
    }

    #[test]
    fn bulleted_lines_are_a_list_and_a_section_break_is_not() {
        let text = format!(
            "Nora Quist\n\nThe Yards in Winter\n\n{PROSE}\n\n- the first yard\n- the second\n  \
             with its gate\n\n- the third\n\n* * *\n\n{PROSE}\n"
        );
        let p = read(&text);
        let blocks = &p.value.documents[0].blocks;
        let lists: Vec<usize> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::List { start: None, items } => Some(items.len()),
                _ => None,
            })
            .collect();
        assert_eq!(lists, vec![3], "{blocks:?}");
        assert!(blocks.iter().any(|b| matches!(b, Block::SectionBreak)));
        assert!(p.value.documents[0].body_text().contains("with its gate"));
    }

    #[test]
    fn a_page_foot_of_links_goes_and_a_signature_stays() {
        let text = format!(
            "Nora Quist\n\nThe Yards in Winter\n\n(Winter 1931)\n\n{PROSE}\n\n{PROSE}\n\n\
             Nora Quist\n\nPart 3 | Next Part\n\nQuist Archive | Workers’ Writers Index\n\n\
             Top of the page\n\n--------\n\nLast updated on 3.3.2003\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "The Yards in Winter");
        assert_eq!(doc.date.as_deref(), Some("Winter 1931"));
        let body: String = doc.blocks.iter().map(|b| format!("{b:?}")).collect();
        assert!(body.contains("Nora Quist"), "the signature is kept");
        assert!(
            !body.contains("Next Part") && !body.contains("Archive"),
            "{body}"
        );
    }

    #[test]
    fn a_pull_quote_before_the_foot_is_the_texts() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}\n\nThe men of the yards said that the winter \
             would break the union before spring came.\n\n\
             The winter would break the union before spring came\n\n\
             Top of the page\n\nLast updated on 3.3.2003\n"
        );
        let p = read(&text);
        let body: String = p.value.documents[0]
            .blocks
            .iter()
            .map(|b| format!("{b:?}"))
            .collect();
        assert_eq!(body.matches("before spring came").count(), 2, "{body}");
        assert!(!body.contains("Top of the page"));
    }

    #[test]
    fn a_last_stanza_before_the_foot_is_kept() {
        let text = format!(
            "The Red Flag\n\n{PROSE}\n\nThe People’s Flag\nIs Deepest Red\nAnd Shrouded Oft\n\n\
             Top of the page\n\nLast updated on 3.3.2003\n"
        );
        let doc = &read(&text).value.documents[0];
        let body: String = doc.blocks.iter().map(|b| format!("{b:?}")).collect();
        assert!(body.contains("Shrouded Oft"), "{body}");
    }

    #[test]
    fn the_source_line_dates_a_page_without_a_date_line() {
        let text = format!(
            "Nora Quist\n\nThe Yards in Winter\n\n--------\n\n\
             From The Clyde Worker, Vol. 2 No. 7, 14 February 1931, p. 3.\n\
             Transcribed by Ann Lee.\n\n--------\n\n{PROSE}\n"
        );
        let book = read(&text).value;
        assert_eq!(book.documents[0].date.as_deref(), Some("14 February 1931"));
        assert_eq!(book.meta.creators[0].name, "Nora Quist");
    }

    #[test]
    fn a_header_set_at_the_pages_foot_is_the_texts() {
        let text = format!(
            "Rules of the Yard Committee\n\n{PROSE}\n\n1. Obey the committee.\n\n\
             2. Turn in every tool.\n\n------------------------------------------\n\n\
             Written: September 10, 1963\nTranscription/Markup: Ada Penrose\n"
        );
        let p = read(&text);
        assert_eq!(p.value.documents.len(), 1, "{:?}", p.value.documents);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "Rules of the Yard Committee");
        assert_eq!(doc.date.as_deref(), Some("September 10, 1963"));
        assert!(doc.body_text().contains("Turn in every tool."));
        assert!(!doc.body_text().contains("Written:"));
    }

    #[test]
    fn a_text_numbered_again_under_its_own_heading_after_the_notes_is_no_note() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1] And more.[2] Also.[1*]\n\nNotes\n\n1. First.\n\n\
             2. Second.\n\nReply to the Editor\n\n1. {PROSE}\n\n2. {PROSE}\n\n3. {PROSE}\n\n\
             Footnote\n\n1*. The archive’s note.\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.notes.len(), 3);
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::List { .. })));
        assert!(doc.body_text().contains("Reply to the Editor"));
    }

    #[test]
    fn a_notes_list_matched_in_part_keeps_every_note() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1] And more.[2]\n\nNotes\n\n1. First.\n\n\
             2. Second.\n\n3. Third, with no marker.\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.notes.len(), 2);
        assert!(codes(&p).contains(&"note-unreferenced"));
        let body: String = doc.blocks.iter().map(|b| format!("{b:?}")).collect();
        assert!(body.contains("Third, with no marker."));
    }

    #[test]
    fn notes_under_a_heading_that_names_their_hand_open_with_it() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1] And more.[1*]\n\nNotes\n\n1. The author's.\n\n\
             Note by MIA:\n\n1*. The archive's.\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        let first = |k: usize| match &doc.notes[k].blocks[0] {
            Block::Paragraph { content } => content.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(crate::model::inlines_text(&first(0)), "The author’s.");
        let hand = first(1);
        assert_eq!(
            hand[0],
            Inline::Emphasis {
                content: vec![Inline::text("Note by MIA")]
            }
        );
        assert_eq!(
            crate::model::inlines_text(&hand),
            "Note by MIA: The archive’s."
        );
    }

    #[test]
    fn a_list_after_a_rule_that_skips_a_number_is_notes_when_each_is_marked() {
        let numbers = [1, 2, 3, 5, 6, 7, 8, 9, 10];
        let marked: String = numbers
            .iter()
            .map(|n| format!("{PROSE}[{n}]\n\n"))
            .collect();
        let list: String = numbers
            .iter()
            .map(|n| format!("{n}. Source number {n}.\n\n"))
            .collect();
        let text = format!("The Yards in Winter\n\n{marked}---------------\n\n{list}");
        let p = read(&text);
        assert_eq!(p.value.documents[0].notes.len(), 9);
        let skipped: Vec<_> = p
            .diagnostics
            .iter()
            .filter(|d| d.code == "note-number-skipped")
            .collect();
        assert_eq!(skipped.len(), 1);
        assert!(
            skipped[0].message.contains("no note 4"),
            "{}",
            skipped[0].message
        );
        // One marker missing from the text: the skipped count is no evidence of notes.
        let text = text.replacen("[5]", "", 1);
        let p = read(&text);
        assert!(p.value.documents[0].notes.is_empty());
    }

    #[test]
    fn an_indented_list_under_a_note_is_the_notes_own() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1]\n\n{PROSE}[2]\n\nFootnotes\n\n\
             1. The papers gave three stories\n\n  1. The first story.\n\n\
             \x20 2. The second story.\n\n  3. The third story.\n\n2. Another note.\n"
        );
        let doc = &read(&text).value.documents[0];
        let ids: Vec<&str> = doc.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        let first = format!("{:?}", doc.notes[0].blocks);
        assert!(first.contains("The third story"), "{first}");
    }

    #[test]
    fn a_numbered_list_of_the_text_is_no_first_list_of_notes() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1*]\n\n1. The first point.[1]\n\n\
             2. The second point.[2]\n\n{PROSE}[2*]\n\n{PROSE}[3]\n\nFootnotes\n\n\
             1*. The editor's first.\n\n2*. The editor's second.\n\n\
             ---------------\n\nNotes\n\n1. Source one.\n\n2. Source two.\n\n\
             3. Source three.\n"
        );
        let doc = &read(&text).value.documents[0];
        let ids: Vec<&str> = doc.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["1*", "2*", "1", "2", "3"]);
        let body = format!("{:?}", doc.blocks);
        assert!(
            body.contains("The second point") && body.contains(PROSE),
            "{body}"
        );
    }

    #[test]
    fn a_list_announced_inside_a_note_stays_in_it() {
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1]\n\nFootnote\n\n\
             1. The owners made the following offer:\n\n\
             1. A rise of a penny.\n2. The yards open on Sundays.\n\n\
             The men refused it.\n"
        );
        let doc = &read(&text).value.documents[0];
        assert_eq!(doc.notes.len(), 1);
        let note = format!("{:?}", doc.notes[0].blocks);
        assert!(note.contains("A rise of a penny") && note.contains("The men refused it"));
        // One item a paragraph, and the notes going on after it.
        let text = format!(
            "The Yards in Winter\n\n{PROSE}[1]\n\n{PROSE}[2]\n\nNotes\n\n\
             [1] The owners made the following offer:\n\n1. A rise of a penny.\n\n\
             2. The yards open on Sundays.\n\nThe men refused it.\n\n[2] Another note.\n"
        );
        let doc = &read(&text).value.documents[0];
        let ids: Vec<&str> = doc.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        let note = format!("{:?}", doc.notes[0].blocks);
        assert!(note.contains("open on Sundays") && note.contains("The men refused it"));
    }

    #[test]
    fn a_chinese_head_gives_author_title_and_date() {
        let prose = "我们的总题目是正确处理人民内部矛盾的问题。为了叙述的方便，分为十二个小\
                     题目来讲。这里虽然要讲到敌我矛盾，但是讨论的重点是人民内部矛盾。";
        let text = format!(
            "毛泽东\n\n关于正确处理人民内部矛盾的问题\n\n（一九五七年二月二十七日）\n\n\
             {prose}[1]\n\n{prose}\n\n注释\n\n[1] 这是毛泽东在最高国务会议上的讲话。\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "关于正确处理人民内部矛盾的问题");
        assert_eq!(p.value.meta.date.as_deref(), Some("1957-02-27"));
        assert_eq!(p.value.meta.creators[0].name, "毛泽东");
        assert_eq!(
            doc.blocks.len(),
            2,
            "two paragraphs, not a head: {:?}",
            doc.blocks
        );
        assert_eq!(doc.notes.len(), 1);
        assert!(codes(&p).contains(&"import-author-guessed"));
    }

    #[test]
    fn an_encyclopedia_article_as_copied() {
        let text = format!(
            "Paris Commune\n\nFrom Wikipedia, the free encyclopedia\n\n{PROSE}[1]\n\n\
             {PROSE}[2][1]\n\nBackground[edit]\n\n{PROSE}[3]\n\nReferences[edit]\n\n\
             ^ a b Rougerie, Jacques (2004). Paris libre 1871.\n\
             ^ Merriman, John (2014). Massacre.\n\
             ^ Tombs, Robert (1999). The Paris Commune 1871.\n\n\
             Retrieved from \"https://en.wikipedia.org/w/index.php?title=Paris_Commune\"\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "Paris Commune");
        assert!(p.value.meta.creators.is_empty());
        assert_eq!(doc.notes.len(), 3);
        assert!(
            matches!(doc.blocks[2], Block::Heading { .. }),
            "{:?}",
            doc.blocks[2]
        );
        let all = format!("{:?}", doc.blocks);
        assert!(
            !all.contains("[edit]") && !all.contains("Wikipedia"),
            "{all}"
        );
    }

    #[test]
    fn a_blog_platforms_buttons_and_counts_are_chrome() {
        let text = format!(
            "Sign up\n\nSign in\n\nThe Forgotten Strike\n\nJane Doe\n\nFollow\n\n7 min read\n·\n\
             Mar 3, 2021\n\n--\n\nListen\n\nShare\n\n{PROSE}\n\n{PROSE}\n\n--\n\n\
             Written by Jane Doe\n\n120 Followers\n\nHelp\n\nPrivacy\n\nTerms\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "The Forgotten Strike");
        assert_eq!(p.value.meta.creators[0].name, "Jane Doe");
        assert_eq!(doc.date.as_deref(), Some("Mar 3, 2021"));
        assert_eq!(doc.blocks.len(), 2, "{:#?}", doc.blocks);
    }

    #[test]
    fn markers_without_a_list_of_notes_are_a_warning() {
        let text = format!("The Yards in Winter\n\n{PROSE}[1]\n\n{PROSE}[2]\n\n{PROSE}\n");
        let p = read(&text);
        assert!(codes(&p).contains(&"note-list-missing"));
        // An editor's bracketed year or a single reference to a figure is no such text.
        let text = format!("The Yards in Winter\n\n{PROSE} [1895]\n\n{PROSE}[2]\n");
        assert!(!codes(&read(&text)).contains(&"note-list-missing"));
    }

    #[test]
    fn a_chapter_page_gives_the_work_and_the_part() {
        let text = format!(
            "Nora Quist\n\nThe River Book\n\n--------\n\nChapter 4\n\nThe Yards in Winter\n\n\
             {PROSE}\n\n{PROSE}\n"
        );
        let doc = &read(&text).value.documents[0];
        assert_eq!(doc.title, "Chapter 4 — The Yards in Winter");
        assert_eq!(doc.subtitle.as_deref(), Some("The River Book"));
        // A heading that names no part heads the first section: the work keeps the title.
        let text = format!(
            "Nora Quist\n\nThe River Book\n\n--------\n\nThe Yards in Winter\n\n\
             {PROSE}\n\n{PROSE}\n"
        );
        let doc = &read(&text).value.documents[0];
        assert_eq!(doc.title, "The River Book");
        assert_eq!(doc.subtitle.as_deref(), Some("The Yards in Winter"));
    }

    #[test]
    fn a_head_without_a_title_takes_the_texts_first_headings() {
        let text = format!(
            "Nora Quist\n\nPublished by the Harbour Press\n\n1926\n\n--------\n\n\
             Chapter VI.\n\nTHE YARDS IN WINTER.\n\n{PROSE}\n\n{PROSE}\n"
        );
        let p = read(&text);
        let doc = &p.value.documents[0];
        assert_eq!(doc.title, "Chapter VI. — THE YARDS IN WINTER.");
        assert!(p.value.meta.creators.iter().any(|c| c.name == "Nora Quist"));
        // The publisher's credit is a field of the source, not lost and not the title.
        let json = serde_json::to_string(&p.value).unwrap();
        assert!(json.contains("Harbour Press"));
        // A page that opens with its contents is the whole work: its title stays.
        let text = format!(
            "Nora Quist\n\nThe River Book\n\n--------\n\nContents\n\nForeword\n\n\
             Part I: The Yards\n\nI: Winter\nII: Spring\n\n{PROSE}\n"
        );
        assert_eq!(read(&text).value.documents[0].title, "The River Book");
    }

    #[test]
    fn no_title_line_is_a_warning() {
        let p = read(&format!("{PROSE}\n\n{PROSE}\n"));
        assert!(codes(&p).contains(&"import-title-missing"));
    }
}
