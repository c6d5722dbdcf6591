//! Hostile inputs (issue 10): nothing hangs, crashes, escapes the book's folder, breaks an
//! EPUB or overwrites another book's file; every stage stays linear. Each test builds
//! several variants of its fault class, not one reproducer.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn samizdat() -> Command {
    let mut c = Command::cargo_bin("samizdat").unwrap();
    // A hang is a failure, not a stuck test run.
    c.timeout(Duration::from_secs(120));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// Builds and returns the output; a crash (signal, exit 134) fails the test.
fn build(args: &[&str], dir: &Path) -> Output {
    let out = samizdat()
        .current_dir(dir)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {:?} {}",
        out.status,
        stderr(&out)
    );
    out
}

/// Every file under a folder.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Parses every XML file of an EPUB; returns them by name.
fn epub_xml(epub: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(epub).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            if let Err(e) = roxmltree::Document::parse_with_options(
                &text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            ) {
                panic!("{}: {name} is not well-formed XML: {e}", epub.display());
            }
            out.push((name, text));
        }
    }
    out
}

#[test]
fn numbered_lists_with_repeated_or_restarted_numbers_end() {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in [
        "1. a\n2. b\n2. c\n",
        "1. a\n1. b\n1. c\n",
        "3. a\n1. b\n2. c\n",
        "1. a\n2. b\n1. c\n2. d\n",
        "1) a\n2) b\n2) c\n",
        "Title\n\nText [1] and [2].\n\nNotes\n\n1. a\n2. b\n2. c\n",
        "10. a\n11. b\n11. c\n9. d\n",
    ]
    .iter()
    .enumerate()
    {
        let f = write(dir.path(), &format!("l{i}.txt"), text);
        let out = samizdat().arg("model").arg(&f).output().unwrap();
        assert!(out.status.success(), "{text:?}: {}", stderr(&out));
    }
}

#[test]
fn deep_nesting_is_an_error_at_the_stated_depth_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let n = 3000;
    let deep = [
        ("quotes.md", format!("# T\n\n{}x\n", "> ".repeat(n))),
        ("dashes.md", format!("# T\n\n{}x\n", "- ".repeat(n))),
        ("stars.md", format!("# T\n\n{}x\n", "* ".repeat(n))),
        ("numbers.md", format!("# T\n\n{}x\n", "1. ".repeat(n))),
        (
            "indented.md",
            (0..n).map(|i| format!("{}- x\n", "  ".repeat(i))).collect(),
        ),
        (
            "emphasis.md",
            format!("# T\n\n{}x{}\n", "*a _b ".repeat(n), " c_ d*".repeat(n)),
        ),
        (
            "links.md",
            format!("# T\n\n{}x{}\n", "[".repeat(n), "](u)".repeat(n)),
        ),
        (
            "note.md",
            format!("# T\n\nA[^1]\n\n[^1]: {}x\n", "> ".repeat(n)),
        ),
        (
            "divs.html",
            format!(
                "<h1>T</h1>{}<p>x</p>{}",
                "<div>".repeat(20 * n),
                "</div>".repeat(20 * n)
            ),
        ),
        // Lists and formatting a page leaves open: read, flattened where too deep.
        ("lists.html", format!("<h1>T</h1>{}", "<ul><li>x".repeat(n))),
        (
            "bolds.html",
            format!("<h1>T</h1><p>{}", "<b id=a><i>w ".repeat(n)),
        ),
    ];
    for (name, text) in &deep {
        write(dir.path(), name, text);
    }
    write(dir.path(), "fine.md", "# Fine\n\nA good book.\n");
    let out = build(&["--out", "out", "--format", "epub,pdf", "."], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // One bad book does not stop the others.
    assert!(dir.path().join("out/fine.epub").exists(), "{err}");
    assert!(dir.path().join("out/fine.pdf").exists(), "{err}");
    for (name, _) in &deep {
        let out = samizdat()
            .current_dir(dir.path())
            .args(["model", name])
            .output()
            .unwrap();
        let err = stderr(&out);
        // Either refused with its code and depth, or read (the reader flattens some).
        match out.status.code() {
            Some(1) => assert!(
                err.contains("error[nesting-too-deep]") && err.contains("64 deep"),
                "{name}: {err}"
            ),
            Some(0) => {}
            other => panic!("{name}: {other:?} {err}"),
        }
        // A page's tags past the parser's depth are named, not dropped in silence.
        if name.ends_with(".html") {
            assert_eq!(out.status.code(), Some(0), "{name}: {err}");
            assert!(err.contains("warning[html-nesting-too-deep]"), "{err}");
        }
    }
    // At the limit, every edition is written.
    write(
        dir.path(),
        "ok/at-limit.md",
        &format!("# T\n\n{}x\n", "> ".repeat(60)),
    );
    let items: String = (0..62)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    write(dir.path(), "ok/list.md", &format!("# L\n\n{items}"));
    let out = build(
        &["--out", "out2", "--format", "epub,pdf,pamphlet", "ok"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn slugs_never_leave_the_output_folder() {
    for (i, slug) in [
        "../../escaped",
        "/tmp/absolute",
        "",
        "..",
        ".hidden",
        "a\\nb",
        "sub/dir/name",
        "..\\\\..\\\\win",
        "\\u0000nul",
    ]
    .iter()
    .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("p/book");
        write(&book, "a.md", "# Title\n\nText.\n");
        write(
            &book,
            "book.toml",
            &format!(
                "[book]\ninputs = [\"a.md\"]\nslug = \"{slug}\"\n[output]\nformats = [\"epub\"]\n"
            ),
        );
        let out = build(&["--out", "out", "p/book"], dir.path());
        assert!(out.status.success(), "{slug:?}: {}", stderr(&out));
        let written: Vec<PathBuf> = files(dir.path())
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "epub"))
            .collect();
        assert_eq!(written.len(), 1, "{slug:?}: {written:?}");
        let w = &written[0];
        assert_eq!(
            w.parent().unwrap(),
            dir.path().join("out"),
            "{slug:?}: {w:?}"
        );
        let name = w.file_name().unwrap().to_string_lossy();
        assert!(
            !name.starts_with('.') && !name.contains('\n'),
            "{slug:?}: {name:?}"
        );
        assert!(!Path::new("/tmp/absolute.epub").exists());
        if i < 2 {
            assert!(
                stderr(&out).contains("warning[slug-sanitized]"),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn a_book_reads_only_inside_its_root_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = write(
        dir.path(),
        "outside/secret.md",
        "# Secret\n\nNot for the book.\n",
    );
    write(dir.path(), "outside/style.css", "p { color: red }\n");
    let book = dir.path().join("book");
    write(&book, "a.md", "# A\n\nText.\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, book.join("link.md")).unwrap();
    let cases = [
        ("[style]\nepub-css = \"/etc/passwd\"\n", "epub-css"),
        ("[style]\nepub-css = \"../outside/style.css\"\n", "epub-css"),
        ("", "inputs"),
    ];
    for (extra, key) in cases {
        for input in ["../outside/secret.md", "a.md"] {
            if key == "inputs" && input == "a.md" || key != "inputs" && input != "a.md" {
                continue;
            }
            write(
                &book,
                "book.toml",
                &format!("[book]\ninputs = [\"{input}\"]\n{extra}[output]\nformats = [\"epub\"]\n"),
            );
            let out = build(&["--out", "out", "book"], dir.path());
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{extra} {input}: {err}");
            assert!(
                err.contains("error[outside-root]") && err.contains(key),
                "{err}"
            );
            assert!(err.contains("--root"), "{err}");
        }
    }
    let absolute = format!("[book]\ninputs = [{:?}]\n", outside.display().to_string());
    write(&book, "book.toml", &absolute);
    let out = build(&["--out", "out", "--format", "epub", "book"], dir.path());
    assert!(
        stderr(&out).contains("error[outside-root]"),
        "{}",
        stderr(&out)
    );
    #[cfg(unix)]
    {
        write(&book, "book.toml", "[book]\ninputs = [\"link.md\"]\n");
        let out = build(&["--out", "out", "--format", "epub", "book"], dir.path());
        assert!(
            stderr(&out).contains("error[outside-root]"),
            "{}",
            stderr(&out)
        );
    }
    // --root widens it.
    write(
        &book,
        "book.toml",
        "[book]\ninputs = [\"../outside/secret.md\"]\n[style]\nepub-css = \"../outside/style.css\"\n",
    );
    let out = build(
        &[
            "--out", "out", "--format", "epub", "--root", "outside", "book",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn every_string_reaching_xml_is_escaped_and_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let controls = [
        "\u{0}", "\u{1}", "\u{b}", "\u{c}", "\u{1b}", "\u{1f}", "\u{fffe}", "\u{ffff}",
    ];
    for (i, c) in controls.iter().enumerate() {
        let d = dir.path().join(format!("b{i}"));
        write(
            &d,
            "a.md",
            &format!(
                "---\ntitle: \"T{i}{c}i <t> & \\\"q\\\"\"\nauthor: \"A{c} <b>\"\n---\n\n# Head{c}ing & <x>\n\nHello{c}world & <y/>.\n"
            ),
        );
        let escaped: String = c
            .chars()
            .map(|ch| format!("\\u{:04X}", u32::from(ch)))
            .collect();
        write(
            &d,
            "book.toml",
            &format!("[book]\ninputs = [\"a.md\"]\ndescription = \"d{escaped} <i>\"\n[output]\nformats = [\"epub\"]\n"),
        );
    }
    let out = build(&["--out", "out", "."], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning[xml-forbidden-char]"), "{err}");
    let epubs: Vec<PathBuf> = files(&dir.path().join("out"));
    assert_eq!(epubs.len(), controls.len(), "{epubs:?}");
    for epub in &epubs {
        let xml = epub_xml(epub);
        let body = xml
            .iter()
            .find(|(n, _)| n.ends_with("doc-01.xhtml"))
            .unwrap();
        // The NUL and its kin are reported and removed, the text around them kept.
        assert!(body.1.contains("Helloworld"), "{}", body.1);
    }
    // The warning names the file and line.
    assert!(err.contains("a.md:8:"), "{err}");
}

#[test]
fn languages_must_be_bcp47_tags() {
    let dir = tempfile::tempdir().unwrap();
    for (i, lang) in ["<evil/>", "en\" x=\"y", "en_US", "en-", "e"]
        .iter()
        .enumerate()
    {
        let f = write(
            dir.path(),
            &format!("l{i}.md"),
            &format!("---\nlang: '{lang}'\n---\n\n# T\n\nText.\n"),
        );
        let out = samizdat().arg("model").arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{lang:?}");
        assert!(
            stderr(&out).contains("error[language-invalid]"),
            "{}",
            stderr(&out)
        );
    }
    write(dir.path(), "ok/a.md", "# T\n\nText.\n");
    write(
        dir.path(),
        "ok/book.toml",
        "[book]\ninputs = [\"a.md\"]\nlanguage = \"<evil/>\"\n",
    );
    let out = samizdat()
        .args(["check", "ok"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("error[language-invalid]"),
        "{}",
        stderr(&out)
    );
    let f = write(
        dir.path(),
        "good.md",
        "---\nlang: pt-BR\n---\n\n# T\n\nTexto.\n",
    );
    assert!(samizdat()
        .arg("model")
        .arg(&f)
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn two_books_never_write_one_file() {
    let dir = tempfile::tempdir().unwrap();
    // `x-pamphlet`'s reader PDF is `x`'s pamphlet.
    write(dir.path(), "a/x.md", "# X\n\nOne.\n");
    write(
        dir.path(),
        "a/book.toml",
        "[[book]]\ninputs = [\"x.md\"]\nslug = \"x\"\n[[book]]\ninputs = [\"x.md\"]\nslug = \"x-pamphlet\"\n[output]\nformats = [\"pdf\", \"pamphlet\"]\n",
    );
    let out = build(&["--out", "out", "a"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[slug-clash]"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
    // One folder spelled two ways, from two book.toml files.
    std::fs::create_dir_all(dir.path().join("p")).unwrap();
    for b in ["b1", "b2"] {
        write(dir.path(), &format!("{b}/t.md"), "# Same Title\n\nText.\n");
    }
    write(
        dir.path(),
        "b1/book.toml",
        "[book]\ninputs = [\"t.md\"]\n[output]\ndir = \"../out\"\nformats = [\"epub\"]\n",
    );
    write(
        dir.path(),
        "b2/book.toml",
        "[book]\ninputs = [\"t.md\"]\n[output]\ndir = \"../p/../out\"\nformats = [\"epub\"]\n",
    );
    let out = build(&["b1", "b2"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[slug-clash]"),
        "{}",
        stderr(&out)
    );
    // Books in one folder that do not clash leave no temporary file.
    write(dir.path(), "b2/book.toml", "[book]\ninputs = [\"t.md\"]\nslug = \"other\"\n[output]\ndir = \"../p/../out\"\nformats = [\"epub\", \"pdf\"]\n");
    let out = build(&["b1", "b2"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = files(&dir.path().join("out"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["other.epub", "other.pdf", "same-title.epub"]);
}

#[test]
fn characters_no_face_has_are_named_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "t.md",
        "# 漢字の本\n\nEnglish first.\n\nThen שלום, नमस्ते, ไทย and \u{10FFFD}.\n",
    );
    let out = build(&["--out", "out", "--format", "epub,pdf"], dir.path());
    drop(out);
    let out = samizdat().arg("check").arg(&f).output().unwrap();
    let err = stderr(&out);
    // A character is named when no face has it: not the book's, nor a fallback face on
    // this system (none has U+10FFFD, a private-use character).
    for (c, line) in [('漢', 1), ('ש', 5), ('न', 5), ('ไ', 5), ('\u{10FFFD}', 5)] {
        let named = err.lines().any(|l| {
            l.contains("warning[glyph-missing]")
                && l.contains(&format!("t.md:{line}:"))
                && l.contains(c)
        });
        let drawn = samizdat::pdf::fallback::find(c, "").is_some();
        assert_eq!(named, !drawn, "{c}: {err}");
    }
    assert!(err.contains("glyph-missing"), "{err}");
    let out = samizdat()
        .arg("build")
        .arg(&f)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("(glyph-missing "), "{}", stderr(&out));
}

/// Runs a command and returns how long it took, failing past `limit`.
fn timed(args: &[&str], dir: &Path, limit: u64) -> (Output, Duration) {
    let start = Instant::now();
    let out = samizdat()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(limit))
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(limit), "{args:?} took {took:?}");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&out)
    );
    (out, took)
}

#[test]
fn costs_stay_linear_in_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let notes = |n: usize| -> String {
        let refs: String = (0..n).map(|i| format!("a[^{i}] ")).collect();
        let defs: String = (0..n).map(|i| format!("[^{i}]: n{i}\n\n")).collect();
        format!("# T\n\n{refs}\n\n{defs}")
    };
    write(d, "notes.md", &notes(100_000));
    // Was 515 s for a build; the model alone took 25 s before its last scan went.
    timed(&["model", "notes.md"], d, 30);
    let keys: String = (0..40_000).map(|i| format!("k{i}: v\n")).collect();
    write(d, "keys.md", &format!("---\n{keys}---\n\n# T\n\nx\n"));
    timed(&["model", "keys.md"], d, 20);
    write(
        d,
        "brackets.md",
        &format!("---\ntitle: {}\n---\n\n# T\n\nx\n", "[".repeat(100_000)),
    );
    let (out, _) = timed(&["model", "brackets.md"], d, 10);
    assert!(
        stderr(&out).contains("nesting-too-deep"),
        "{}",
        stderr(&out)
    );
    // A 10 MB title (running heads repeat it on every page: it once took 52 s and
    // 4.6 GB), a 10 MB heading, a 10 MB paragraph.
    let long = [
        (
            "value.md",
            format!("---\ntitle: {}\n---\n\n# T\n\nx\n", "a ".repeat(5_000_000)),
        ),
        (
            "heading.md",
            format!("# {}\n\ntext\n", "b ".repeat(5_000_000)),
        ),
        ("para.md", format!("# T\n\n{}\n", "word ".repeat(2_000_000))),
    ];
    for (name, text) in &long {
        write(d, name, text);
        let (out, _) = timed(
            &["build", name, "--out", "o", "--format", "epub,pdf"],
            d,
            60,
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    // A page of 100,000 paragraphs: its body once copied them all for each block (5 s).
    let paras: String = (0..100_000)
        .map(|i| format!("<p>Paragraph {i} of the page, long enough to be prose.</p>"))
        .collect();
    write(
        d,
        "many.html",
        &format!("<html><body><h1>Many</h1>{paras}</body></html>"),
    );
    timed(&["model", "many.html"], d, 10);
    // One 300 KB address: the PDF once copied it into 3,576 link annotations (179 MB).
    let url = format!("https://example.com/{}", "a/".repeat(150_000));
    write(d, "url.txt", &format!("A title\n\n{url}\n"));
    let (out, _) = timed(
        &["build", "url.txt", "--out", "o", "--format", "pdf"],
        d,
        30,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let size = std::fs::metadata(d.join("o/a-title.pdf")).unwrap().len();
    assert!(size < 5_000_000, "{size} bytes");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_followed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "books/a.md", "# A\n\nText.\n");
    std::os::unix::fs::symlink(".", dir.path().join("books/loop1")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("books/loop2")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("books/up")).unwrap();
    let out = samizdat()
        .current_dir(dir.path())
        .args(["build", "books", "--out", "out", "--format", "epub"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 book built"), "{}", stderr(&out));
}

#[test]
fn leftovers_are_cleaned_and_io_errors_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "# A\n\nText.\n");
    // A killed run's temporary files (a process id that cannot be alive).
    let stale = write(d, "out/.a.epub.samizdat-4000000-0.tmp", "half");
    let old = write(d, "out/.a.epub.4000001.tmp", "half");
    let out = build(&["a.md", "--out", "out", "--format", "epub"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists() && !old.exists());
    let names: Vec<PathBuf> = files(&d.join("out"));
    assert_eq!(names, [d.join("out/a.epub")]);

    for (args, code) in [
        (vec!["build", "missing.md"], "io-not-found"),
        (vec!["build", "a.md", "--out", "a.md"], "io-not-a-folder"),
        (vec!["model", "missing.md"], "io-not-found"),
    ] {
        let out = samizdat().current_dir(d).args(&args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("error[{code}]")) && err.contains("hint:"),
            "{args:?}: {err}"
        );
    }
    let out = samizdat()
        .current_dir(d)
        .args(["check", "missing.md", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["code"], "io-not-found", "{json}");
    assert!(json[0]["hint"].is_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = d.join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        // root ignores permissions: only check when the folder is really read-only.
        if std::fs::write(ro.join("probe"), "x").is_err() {
            let out = samizdat()
                .current_dir(d)
                .args(["build", "a.md", "--out", "ro", "--format", "epub"])
                .output()
                .unwrap();
            assert!(
                stderr(&out).contains("error[io-permission]"),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn numbers_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "# A\n\nText.\n");
    for creep in ["NaN", "inf", "-inf", "-1", "1e9"] {
        let out = samizdat()
            .current_dir(d)
            .args([
                "build",
                "a.md",
                "--out",
                "out",
                "--format",
                "pamphlet",
                &format!("--creep={creep}"),
            ])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{creep}: {err}");
        if out.status.code() == Some(1) {
            assert!(err.contains("error[creep-invalid]"), "{creep}: {err}");
        }
    }
    assert!(!d.join("out").exists());
    write(
        d,
        "c/book.toml",
        "[book]\ninputs = [\"a.md\"]\n[output]\nformats = [\"pamphlet\"]\npamphlet-creep = nan\n",
    );
    write(d, "c/a.md", "# A\n\nText.\n");
    let out = build(&["c", "--out", "out"], d);
    assert!(
        stderr(&out).contains("error[creep-invalid]"),
        "{}",
        stderr(&out)
    );
    for sde in ["253402300800", "99999999999999", "-1", "soon"] {
        let out = samizdat()
            .current_dir(d)
            .env("SOURCE_DATE_EPOCH", sde)
            .args(["build", "a.md", "--out", "out2", "--format", "epub"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{sde}: {err}");
        assert!(
            err.contains("error[source-date-epoch]") && !err.contains("bug"),
            "{sde}: {err}"
        );
    }
    assert!(!d.join("out2").exists());
    let out = samizdat()
        .current_dir(d)
        .env("SOURCE_DATE_EPOCH", "253402300799")
        .args(["build", "a.md", "--out", "out3", "--format", "epub,pdf"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn utf16_and_unclosed_front_matter_are_errors_with_the_right_hint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "A title\n\nSome text of the book.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let bom: Vec<u8> = [0xFF, 0xFE].into_iter().chain(le.iter().copied()).collect();
    for (name, bytes) in [("le.txt", &le), ("be.md", &be), ("bom.txt", &bom)] {
        std::fs::write(d.join(name), bytes).unwrap();
        let out = samizdat()
            .current_dir(d)
            .args(["model", name])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            err.contains("error[utf16]") && err.contains("UTF-16"),
            "{name}: {err}"
        );
        assert!(!err.contains("1252"), "{name}: {err}");
    }
    for text in [
        "---\ntitle: A\n\n# T\n\nText.\n",
        "---\nauthor: B\ntitle: A\n",
    ] {
        let f = write(d, "fm.md", text);
        let out = samizdat().arg("model").arg(&f).output().unwrap();
        assert!(
            stderr(&out).contains("error[front-matter-unclosed]"),
            "{}",
            stderr(&out)
        );
    }
    // A rule at the top, then a blank line, is a rule.
    let f = write(d, "rule.md", "---\n\n# T\n\nText.\n");
    assert!(samizdat()
        .arg("model")
        .arg(&f)
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn unreferenced_notes_warn_and_strict_makes_them_errors() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "n.md",
        "# T\n\nText.[^a]\n\n[^a]: Used.\n\n[^b]: Kept, not lost.\n",
    );
    let out = samizdat()
        .arg("build")
        .arg(&f)
        .arg("--out")
        .arg(dir.path().join("o"))
        .args(["--format", "epub"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[note-unreferenced]"),
        "{}",
        stderr(&out)
    );
    let xml = epub_xml(&dir.path().join("o/t.epub"));
    let body = &xml
        .iter()
        .find(|(n, _)| n.ends_with("doc-01.xhtml"))
        .unwrap()
        .1;
    assert!(
        body.contains("Notes without a reference") && body.contains("Kept, not lost."),
        "{body}"
    );
    let out = samizdat()
        .arg("check")
        .arg(&f)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[note-unreferenced]"),
        "{}",
        stderr(&out)
    );
}
