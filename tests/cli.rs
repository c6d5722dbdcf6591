//! The command line: exit codes, messages, outputs written whole or not at all.

use assert_cmd::Command;

fn samizdat() -> Command {
    Command::cargo_bin("samizdat").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_wrong_command_line_exits_2() {
    for args in [
        vec![],
        vec!["bogus"],
        vec!["import"],
        vec!["build", "--no-such-flag"],
    ] {
        let out = samizdat().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_explains_every_command() {
    let out = samizdat().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "import", "model", "check"] {
        assert!(help.contains(cmd), "{help}");
    }
    let out = samizdat().args(["build", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn import_writes_a_manuscript_that_reads_back_to_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("letter.md");
    let seed = "seeds/serge-letter-to-trotsky-1936.txt";
    let out = samizdat()
        .args(["import", seed, "-o"])
        .arg(&md)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Every dropped line is reported.
    // (As a line of the page's foot, since the importer drops the foot as one run.)
    let err = stderr(&out);
    assert!(
        err.contains(":70: dropped page foot: “No comments:”"),
        "{err}"
    );
    assert!(
        err.contains(":72: dropped page foot: “Post a Comment”"),
        "{err}"
    );

    let from_text = samizdat().args(["model", seed]).output().unwrap();
    let from_md = samizdat().arg("model").arg(&md).output().unwrap();
    assert!(from_md.status.success(), "{}", stderr(&from_md));
    let a: serde_json::Value = serde_json::from_slice(&from_text.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_md.stdout).unwrap();
    assert_eq!(a, b);
    assert_eq!(a["documents"][1]["title"], "Letter to Leon Trotsky");
}

#[test]
fn bad_input_exits_1_with_file_line_and_hint_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.md");
    std::fs::write(&target, "good old output").unwrap();
    let out = samizdat()
        .args(["import", "tests/fixtures/markdown/latin1.txt", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("tests/fixtures/markdown/latin1.txt:3:"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "good old output");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn check_reports_every_note_error_and_exits_1() {
    let out = samizdat()
        .args([
            "check",
            "tests/fixtures/markdown/undefined.md",
            "tests/fixtures/markdown/duplicate.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("undefined.md:7: the note reference `[^missing]`"),
        "{err}"
    );
    assert!(err.contains("duplicate.md:9:"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = samizdat()
        .args(["model", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no/such/file.txt"));
}

#[test]
fn build_reads_the_seed_books() {
    let dir = tempfile::tempdir().unwrap();
    let out = samizdat()
        .args(["build", "seeds", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for slug in ["trotsky-and-serge", "serge-letter-to-trotsky-1936"] {
        let epub = std::fs::read(dir.path().join(format!("{slug}.epub"))).unwrap();
        assert_eq!(&epub[30..58], b"mimetypeapplication/epub+zip");
        let pdf = std::fs::read(dir.path().join(format!("{slug}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn the_pamphlet_is_built_beside_the_reader_edition() {
    let dir = tempfile::tempdir().unwrap();
    let out = samizdat()
        .args([
            "build",
            "--format",
            "pdf,pamphlet",
            "--sheet",
            "letter",
            "--creep",
            "0.3",
            "--marks",
        ])
        .arg("seeds/serge-letter-to-trotsky-1936.txt")
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let size = |suffix: &str| {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .map(|p| std::fs::metadata(p).unwrap().len())
            .unwrap_or_else(|| panic!("no *{suffix}"))
    };
    let (pamphlet, reader) = (size("-pamphlet.pdf"), size("trotsky.pdf"));
    assert!(
        pamphlet as f64 <= reader as f64 * 1.2 + 8192.0,
        "{pamphlet} vs {reader}"
    );
}

#[test]
fn init_makes_a_project_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("mybook");
    let out = samizdat().arg("init").arg(&book).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = samizdat()
        .args(["build", "--format", "epub"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(book.join("out/my-book.epub").is_file(), "{}", stderr(&out));
    let again = samizdat().arg("init").arg(&book).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already here"));
}

#[test]
fn a_batch_build_goes_on_past_a_failure_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books");
    std::fs::create_dir_all(books.join("nested")).unwrap();
    std::fs::copy("seeds/trotsky-and-serge.txt", books.join("essay.txt")).unwrap();
    std::fs::copy(
        "tests/fixtures/markdown/anthology.md",
        books.join("nested/anthology.md"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/markdown/undefined.md",
        books.join("broken.md"),
    )
    .unwrap();
    std::fs::write(books.join("README.md"), "# not a book\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = samizdat()
        .args(["build", "--format", "epub", "--jobs", "2", "--out"])
        .arg(&out_dir)
        .arg(&books)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("FAILED"), "{err}");
    assert!(err.contains("2 books built, 1 failed"), "{err}");
    assert!(out_dir.join("trotsky-and-serge.epub").is_file());
    assert!(out_dir.join("two-texts.epub").is_file());
}

#[test]
fn check_prints_json_and_strict_turns_warnings_into_errors() {
    let out = samizdat()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/markdown/unknown-key.md",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "front-matter-unknown-key");
    assert_eq!(d["line"], 3);
    assert!(d["hint"].as_str().unwrap().contains("author"));
    let strict = samizdat()
        .args([
            "check",
            "--strict",
            "tests/fixtures/markdown/unknown-key.md",
        ])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn check_outputs_verifies_the_built_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = samizdat()
        .args([
            "build",
            "--format",
            "epub",
            "seeds/serge-letter-to-trotsky-1936.txt",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ok = samizdat()
        .args([
            "check",
            "--outputs",
            "seeds/serge-letter-to-trotsky-1936.txt",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    // A built file that lost a note is caught.
    let slug = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let bytes = std::fs::read(&slug).unwrap();
    let mut broken = samizdat::verify::unzip(&bytes).unwrap();
    for (name, b) in &mut broken {
        if name.ends_with("doc-02.xhtml") {
            *b = String::from_utf8_lossy(b)
                .replace("Translation of the revolution betrayed.", "")
                .into_bytes();
        }
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, b) in broken {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &b).unwrap();
    }
    std::fs::write(&slug, w.finish().unwrap().into_inner()).unwrap();
    let bad = samizdat()
        .args([
            "check",
            "--outputs",
            "seeds/serge-letter-to-trotsky-1936.txt",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("output-mismatch"), "{}", stderr(&bad));
}

#[test]
fn environment_variables_override_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/markdown/anthology.md",
        dir.path().join("a.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ninputs = [\"a.md\"]\nslug = \"a\"\n[output]\nformats = [\"epub\"]\ndir = \"built\"\n",
    )
    .unwrap();
    let out = samizdat()
        .arg("build")
        .arg(dir.path())
        .env("SAMIZDAT_OUTPUT__DIR", "elsewhere")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("elsewhere/a.epub").is_file());
}

#[test]
fn watch_rebuilds_when_an_input_changes() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("a.md");
    std::fs::copy("tests/fixtures/markdown/anthology.md", &md).unwrap();
    let out_dir = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("samizdat"))
        .args(["watch", "--format", "epub", "--out"])
        .arg(&out_dir)
        .arg(&md)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let epub = out_dir.join("two-texts.epub");
    let wait = |cond: &dyn Fn() -> bool| {
        for _ in 0..100 {
            if cond() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    assert!(wait(&|| epub.is_file()), "the first build");
    let first = std::fs::read(&epub).unwrap();
    let text = std::fs::read_to_string(&md)
        .unwrap()
        .replace("An essay", "A changed essay");
    std::fs::write(&md, text).unwrap();
    let rebuilt = wait(&|| std::fs::read(&epub).is_ok_and(|b| b != first));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(rebuilt, "no rebuild within 10 s");
}
