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
    let err = stderr(&out);
    assert!(
        err.contains(":70: dropped page chrome: “No comments:”"),
        "{err}"
    );
    assert!(
        err.contains(":72: dropped page chrome: “Post a Comment”"),
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
    }
}
