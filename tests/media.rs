//! Images (and, further down, code and other scripts) in both editions, checked from the
//! outside: the EPUB's manifest and markup, `pdfimages`, `pdftotext`, `qpdf`, and the
//! diagnostics of missing, remote, outside and undescribed images.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;

const BOOK: &str = "tests/fixtures/media/book.md";

fn samizdat() -> Cmd {
    Cmd::cargo_bin("samizdat").unwrap()
}

/// Says whether a command-line tool is there; under CI its absence fails the test.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{tool} is missing: install poppler-utils and qpdf");
    }
    ok
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds a book with the given extra arguments into a new folder; returns the folder
/// and the command's output.
fn build(input: &Path, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build".to_string(),
        input.display().to_string(),
        "--out".into(),
        out.path().display().to_string(),
        "--format".into(),
        "epub,pdf,pamphlet".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let output = samizdat()
        .args(&args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    (out, output)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn built() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static BUILT: std::sync::OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> =
        std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let (dir, o) = build(Path::new(BOOK), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let epub = dir.path().join("pictures-of-the-strike.epub");
        let pdf = dir.path().join("pictures-of-the-strike.pdf");
        (dir, epub, pdf)
    })
}

fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    samizdat::verify::unzip(&std::fs::read(path).unwrap()).unwrap()
}

/// The book's images in an EPUB (the cover is none of them).
fn epub_images(files: &[(String, Vec<u8>)]) -> Vec<&String> {
    files
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("OEBPS/images/image-"))
        .collect()
}

fn text(files: &[(String, Vec<u8>)], name: &str) -> String {
    let f = files.iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(f.1.clone()).unwrap()
}

#[test]
fn the_epub_lists_each_image_once_with_its_media_type() {
    let files = unzip(&built().1);
    let opf = text(&files, "OEBPS/content.opf");
    let items: Vec<&str> = opf
        .lines()
        .filter(|l| l.contains("<item ") && l.contains("images/image-"))
        .collect();
    // press.png (twice in the text), march.jpg, banner.gif, star.svg, leaflet.webp,
    // poster.jpg: six files.
    assert_eq!(items.len(), 6, "{opf}");
    for (n, media) in [
        ("image-1.png", "image/png"),
        ("image-2.jpg", "image/jpeg"),
        ("image-3.png", "image/png"),
        ("image-4.svg", "image/svg+xml"),
        ("image-5.png", "image/png"),
        ("image-6.jpg", "image/jpeg"),
    ] {
        assert!(
            items
                .iter()
                .any(|l| l.contains(n) && l.contains(&format!("media-type=\"{media}\""))),
            "{n} {media}: {items:?}"
        );
        assert!(files.iter().any(|(f, _)| f == &format!("OEBPS/images/{n}")));
    }
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"));
}

#[test]
fn the_epub_shows_figures_with_captions_and_every_image_has_its_description() {
    let files = unzip(&built().1);
    let page = text(&files, "OEBPS/doc-01.xhtml");
    assert_eq!(page.matches("<figure>").count(), 7, "{page}");
    assert_eq!(page.matches("<img ").count(), 7);
    for tag in page.split("<img ").skip(1) {
        let tag = &tag[..tag.find("/>").unwrap()];
        let alt = samizdat::verify::attr(&format!(" {tag}"), "alt").unwrap();
        assert!(!alt.trim().is_empty(), "{tag}");
    }
    assert!(page.contains("<figcaption>The press on which the first leaflet was set</figcaption>"));
    assert!(page.contains("style=\"width:50%\""));
    // The image shown twice is one file.
    assert_eq!(page.matches("src=\"images/image-1.png\"").count(), 2);
}

#[test]
fn large_images_are_scaled_down_for_the_epub_and_gif_and_webp_become_png() {
    let files = unzip(&built().1);
    let get =
        |n: &str| image::load_from_memory(&files.iter().find(|(f, _)| f == n).unwrap().1).unwrap();
    let poster = get("OEBPS/images/image-6.jpg");
    assert!(
        u64::from(poster.width()) * u64::from(poster.height()) <= samizdat::images::EPUB_MAX_PIXELS
    );
    let ratio = f64::from(poster.width()) / f64::from(poster.height());
    assert!((ratio - 5.0 / 3.0).abs() < 0.01, "{ratio}");
    for n in ["OEBPS/images/image-3.png", "OEBPS/images/image-5.png"] {
        let bytes = &files.iter().find(|(f, _)| f == n).unwrap().1;
        assert!(bytes.starts_with(b"\x89PNG"), "{n}");
    }
    // PNG and small JPEG files go in as they are.
    let png = &files
        .iter()
        .find(|(f, _)| f == "OEBPS/images/image-1.png")
        .unwrap()
        .1;
    assert_eq!(
        png,
        &std::fs::read("tests/fixtures/media/images/press.png").unwrap()
    );
}

#[test]
fn the_pdf_embeds_each_image_once_and_jpeg_as_it_is() {
    if !have("pdfimages") {
        return;
    }
    let (dir, _, pdf) = built();
    for file in [
        pdf.clone(),
        dir.path().join("pictures-of-the-strike-pamphlet.pdf"),
    ] {
        let list = run("pdfimages", &["-list", file.to_str().unwrap()]);
        let rows: Vec<Vec<&str>> = list
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect())
            .filter(|r: &Vec<&str>| r.len() > 10 && r[2] == "image")
            .collect();
        // Seven drawn, six objects: the press is drawn twice from one object.
        assert_eq!(rows.len(), 7, "{list}");
        let mut objects: Vec<&str> = rows.iter().map(|r| r[10]).collect();
        objects.sort();
        objects.dedup();
        assert_eq!(objects.len(), 6, "{list}");
        // JPEG passed through (DCT), the others as pixels.
        assert_eq!(rows.iter().filter(|r| r[8] == "jpeg").count(), 2, "{list}");
        // No image is set past its resolution at 300 dpi.
        for r in &rows {
            let ppi: f64 = r[12].parse().unwrap();
            assert!(ppi >= 200.0, "{list}");
        }
    }
    let jpeg = std::fs::read("tests/fixtures/media/images/march.jpg").unwrap();
    let bytes = std::fs::read(pdf).unwrap();
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg.as_slice()),
        "the JPEG is in the PDF byte for byte"
    );
}

#[test]
fn the_pdf_is_sound_and_keeps_every_word_and_caption() {
    let (_, _, pdf) = built();
    if have("qpdf") {
        let out = Command::new("qpdf")
            .args(["--check", pdf.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if have("pdftotext") {
        let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for words in [
            "The press on which the first leaflet was set",
            "The march, second day",
            "The committee's star",
            "pasted on every wall of the town",
        ] {
            assert!(flat.contains(words), "{words}: {flat}");
        }
    }
}

#[test]
fn building_twice_gives_the_same_files() {
    let (a, o) = build(Path::new(BOOK), &[]);
    assert!(o.status.success());
    let (b, _) = build(Path::new(BOOK), &[]);
    for f in [
        "pictures-of-the-strike.epub",
        "pictures-of-the-strike.pdf",
        "pictures-of-the-strike-pamphlet.pdf",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A book in a new folder, with the fixture's images beside it.
fn book_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("images")).unwrap();
    std::fs::copy(
        "tests/fixtures/media/images/press.png",
        book.join("images/press.png"),
    )
    .unwrap();
    let md = book.join("book.md");
    std::fs::write(&md, text).unwrap();
    (dir, md)
}

#[test]
fn a_missing_image_is_an_error_with_its_line_or_a_warning_when_allowed() {
    let (_dir, md) = book_with("# A\n\nText.\n\n![The lost poster](images/gone.png)\n");
    let (_, o) = build(&md, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error[image-missing]"), "{err}");
    assert!(err.contains("book.md:5"), "{err}");

    let (out, o) = build(&md, &["--allow-missing-images"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning[image-missing]") && err.contains("book.md:5"),
        "{err}"
    );
    // Its description stands in for it.
    let files = unzip(&out.path().join("a.epub"));
    assert!(text(&files, "OEBPS/doc-01.xhtml").contains("The lost poster"));

    // `check` says the same.
    let o = samizdat()
        .args(["check", md.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("image-missing"));
}

#[test]
fn an_unreadable_image_is_an_error() {
    let (_dir, md) = book_with("# A\n\n![A broken file](images/broken.png)\n");
    std::fs::write(
        md.parent().unwrap().join("images/broken.png"),
        b"not an image",
    )
    .unwrap();
    let (_, o) = build(&md, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error[image-unreadable]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_image_outside_the_book_is_refused() {
    let (dir, md) = book_with("# A\n\n![A secret](../secret.png)\n");
    std::fs::copy(
        "tests/fixtures/media/images/press.png",
        dir.path().join("secret.png"),
    )
    .unwrap();
    let (_, o) = build(&md, &["--allow-missing-images"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[outside-root]"), "{}", stderr(&o));
}

#[test]
fn remote_and_undescribed_images_are_warnings() {
    let (_dir, md) = book_with(
        "# A\n\nText.\n\n![A far poster](https://example.org/p.png)\n\n![](images/press.png)\n",
    );
    let (out, o) = build(&md, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning[image-remote]") && err.contains("book.md:5"),
        "{err}"
    );
    assert!(
        err.contains("warning[image-alt-missing]") && err.contains("book.md:7"),
        "{err}"
    );
    let page = text(&unzip(&out.path().join("a.epub")), "OEBPS/doc-01.xhtml");
    // The image without a description still has an (empty) alt.
    assert!(page.contains("alt=\"\""), "{page}");
    assert!(page.contains("A far poster"));
}

#[test]
fn the_html_readers_images_reach_both_editions() {
    let (out, o) = build(Path::new("tests/fixtures/html/images.html"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = unzip(&out.path().join("posters-of-the-strike.epub"));
    let page = text(&files, "OEBPS/doc-01.xhtml");
    assert!(
        page.contains("alt=\"A red poster with a raised fist\""),
        "{page}"
    );
    if have("pdfimages") {
        let pdf = out.path().join("posters-of-the-strike.pdf");
        let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
        assert_eq!(
            list.lines()
                .skip(2)
                .filter(|l| l.contains(" image "))
                .count(),
            1,
            "{list}"
        );
    }
}

#[test]
fn images_a_page_carries_in_its_addresses_reach_both_editions_once() {
    use base64::Engine;
    let png = std::fs::read("tests/fixtures/media/images/press.png").unwrap();
    let data = base64::engine::general_purpose::STANDARD.encode(&png);
    // Wrapped as a page saved as one file wraps it, and once not: one image.
    let wrapped: String = data
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c) + "\n")
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let html = format!(
        "<html><body><h1>Carried</h1><p>The page was saved as one file, its pictures in it.</p>\
         <p><img src=\"data:image/png;base64,{wrapped}\" alt=\"The press\"></p>\
         <p>Again: <img src=\"data:image/png;base64,{data}\" alt=\"The press again\"></p>\
         <p><img src=\"data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 \
         width=%2240%22 height=%2220%22%3E%3Crect width=%2240%22 height=%2220%22/%3E%3C/svg%3E\" \
         alt=\"A box\"></p></body></html>"
    );
    std::fs::write(&page, &html).unwrap();
    let (out, o) = build(&page, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("image-"), "{}", stderr(&o));
    let files = unzip(&out.path().join("carried.epub"));
    let images = epub_images(&files);
    assert_eq!(images.len(), 2, "{images:?}");
    if have("pdfimages") {
        let pdf = out.path().join("carried.pdf");
        let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
        let objects: std::collections::BTreeSet<&str> = list
            .lines()
            .skip(2)
            .filter(|l| l.contains(" image "))
            .filter_map(|l| l.split_whitespace().nth(10))
            .collect();
        assert_eq!(objects.len(), 2, "{list}");
    }
    // Broken data is named with its line, and its description stands in (a warning, as
    // for a page's missing file).
    std::fs::write(
        &page,
        "<html><body><h1>Broken</h1>\n<p>Text.</p>\n<p><img src=\"data:image/png;base64,AA!!\" \
         alt=\"x\"></p></body></html>",
    )
    .unwrap();
    let (_, o) = build(&page, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[image-unreadable]") && stderr(&o).contains("page.html:3"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_lazy_pages_picture_comes_from_data_src_and_a_spacer_is_no_picture() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/media/images/press.png",
        dir.path().join("press.png"),
    )
    .unwrap();
    let spacer = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
    let page = dir.path().join("lazy.html");
    std::fs::write(
        &page,
        format!(
            "<html><body><h1>Lazy</h1><p>A post whose pictures load late.</p>\n\
             <p><img src=\"{spacer}\" data-src=\"press.png\" alt=\"The press\"></p>\n\
             <p>A spacer: <img src=\"{spacer}\" alt=\"gap\"> here.</p></body></html>"
        ),
    )
    .unwrap();
    let (out, o) = build(&page, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[image-missing]")
            && err.contains("lazy.html:3")
            && err.contains("spacer"),
        "{err}"
    );
    let files = unzip(&out.path().join("lazy.epub"));
    let images = epub_images(&files);
    assert_eq!(images.len(), 1, "{images:?}");
    let page = text(&files, "OEBPS/doc-01.xhtml");
    assert!(
        page.contains("alt=\"The press\"") && page.contains("gap"),
        "{page}"
    );
}
