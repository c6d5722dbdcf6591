//! Inputs no one here wrote (../shared/corpora): every visible word reaches the model.
//!
//! Manuscripts: the CommonMark spec's 655 examples and pandoc's Markdown test inputs; the
//! visible words are those of pulldown-cmark's own HTML rendering. Raw texts: real archive
//! pages; the words are those of the page less the lines the importer reports dropping.

use std::path::{Path, PathBuf};

use samizdat::{import, markdown, verify};

fn corpus(dir: &str, ext: &str) -> Vec<PathBuf> {
    let root = Path::new("../shared/corpora").join(dir);
    if !root.is_dir() {
        // Outside this workplace the corpora may be absent; in CI they must be there.
        assert!(
            std::env::var("CI").is_err(),
            "{} is missing",
            root.display()
        );
        return Vec::new();
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(char::is_uppercase)
        })
        .collect();
    v.sort();
    v
}

/// The text of rendered HTML: tags out (the inline ones that Markdown makes without a
/// space, the others with one), note numbers out (they are ours to set), entities decoded.
fn html_text(html: &str) -> String {
    let mut html = html.to_string();
    for class in ["footnote-reference", "footnote-definition-label"] {
        let open = format!("<sup class=\"{class}\">");
        while let Some(start) = html.find(&open) {
            let end = html[start..]
                .find("</sup>")
                .map_or(html.len(), |e| start + e + 6);
            html.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut tag = None::<String>;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name: String = t
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                if !matches!(name.as_str(), "code" | "em" | "strong" | "del" | "a") {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn visible_words(source: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let body = match source.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(source, |(_, b)| b),
        None => source,
    };
    let opts = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // pandoc's fenced-div fences are markup, not text.
    let body: String = body
        .lines()
        .filter(|l| !l.starts_with(":::"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(&body, opts));
    html_text(&out)
}

/// pandoc tests whose notes break our rules on purpose (see the README: a note never
/// referenced is an error here, where pandoc drops it silently).
const REJECTED: &[&str] = &["command-1279.md", "command-1718.md"];

#[test]
fn manuscripts_keep_every_visible_word() {
    let mut failures = Vec::new();
    let files: Vec<PathBuf> = corpus("commonmark", "md")
        .into_iter()
        .chain(corpus("pandoc", "md"))
        .collect();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        let source = std::fs::read_to_string(f).unwrap();
        match markdown::parse(f, &source) {
            Ok(parsed) => {
                let lost =
                    verify::missing_words(&visible_words(&source), &parsed.value.plain_text());
                if !lost.is_empty() {
                    failures.push(format!("{name}: lost {lost:?}"));
                }
            }
            Err(e) if REJECTED.contains(&name.as_ref()) => {
                assert!(e.to_string().contains("note-unreferenced"), "{name}: {e}");
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn archive_pages_keep_every_word_outside_reported_chrome() {
    let mut failures = Vec::new();
    for f in corpus("mia", "txt") {
        let bytes = std::fs::read(&f).unwrap();
        let parsed = match import::import(&f, &bytes) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: {e}", f.display()));
                continue;
            }
        };
        let text = String::from_utf8(bytes).unwrap();
        let lost = verify::lost_in_import(&text, &parsed.value, &parsed.diagnostics);
        if !lost.is_empty() {
            failures.push(format!("{}: lost {lost:?}", f.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
