//! The pamphlet: the saddle-stitch rule, and pamphlets imposed from a synthetic PDF and
//! from the seeds' reader editions, checked with poppler's and qpdf's tools.
//!
//! Needs `pdftotext`, `pdffonts`, `pdfinfo` (Debian `poppler-utils`) and `qpdf`. Where one
//! is missing its checks are skipped with a note, unless `CI=true`: then they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{dictionary, Document, Object, Stream};
use samizdat::pdf::impose::{creep, imposition, Face, SheetSide};
use samizdat::pdf::{impose, PamphletOptions, PdfOptions, Sheet};

// ---------------------------------------------------------------------------------------
// The rule, as a pure function.

fn pairs(pages: usize) -> Vec<(usize, usize)> {
    imposition(pages)
        .iter()
        .map(|s| (s.left, s.right))
        .collect()
}

/// Reads the pages of a folded, nested stack of sheets as a reader would: down the right
/// halves of the fronts and left halves of the backs from the outermost sheet in, then
/// back out through the other halves.
fn reading_order(sides: &[SheetSide]) -> Vec<usize> {
    let sheets = sides.len() / 2;
    let side = |k: usize, face: Face| {
        *sides
            .iter()
            .find(|s| s.sheet == k && s.face == face)
            .expect("every sheet has two sides")
    };
    let mut order = Vec::new();
    for k in 0..sheets {
        order.push(side(k, Face::Front).right);
        order.push(side(k, Face::Back).left);
    }
    for k in (0..sheets).rev() {
        order.push(side(k, Face::Back).right);
        order.push(side(k, Face::Front).left);
    }
    order
}

#[test]
fn rule_for_4_8_12_and_16_pages() {
    assert_eq!(pairs(4), [(4, 1), (2, 3)]);
    assert_eq!(pairs(8), [(8, 1), (2, 7), (6, 3), (4, 5)]);
    assert_eq!(
        pairs(12),
        [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    );
    assert_eq!(
        pairs(16),
        [
            (16, 1),
            (2, 15),
            (14, 3),
            (4, 13),
            (12, 5),
            (6, 11),
            (10, 7),
            (8, 9)
        ]
    );
    for n in [4, 8, 12, 16] {
        let sides = imposition(n);
        assert_eq!(sides.len(), n / 2, "{n} pages: n/2 sides");
        assert_eq!(reading_order(&sides), (1..=n).collect::<Vec<_>>());
        for (i, s) in sides.iter().enumerate() {
            assert_eq!(s.sheet, i / 2);
            assert_eq!(s.face, if i % 2 == 0 { Face::Front } else { Face::Back });
        }
    }
}

#[test]
fn rule_for_100_pages() {
    let sides = imposition(100);
    assert_eq!(sides.len(), 50, "25 sheets");
    assert_eq!(sides[0], side(0, Face::Front, 100, 1));
    assert_eq!(sides[1], side(0, Face::Back, 2, 99));
    assert_eq!(sides[48], side(24, Face::Front, 52, 49));
    assert_eq!(sides[49], side(24, Face::Back, 50, 51));
    // Facing halves always add up to n + 1, and the stack reads 1..=100.
    assert!(sides.iter().all(|s| s.left + s.right == 101));
    assert_eq!(reading_order(&sides), (1..=100).collect::<Vec<_>>());
}

fn side(sheet: usize, face: Face, left: usize, right: usize) -> SheetSide {
    SheetSide {
        sheet,
        face,
        left,
        right,
    }
}

#[test]
fn rule_pads_with_blanks_at_the_back() {
    assert_eq!(pairs(10), [(0, 1), (2, 0), (10, 3), (4, 9), (8, 5), (6, 7)]);
    assert_eq!(pairs(13).len(), 8);
    for n in 1..=40 {
        let sides = imposition(n);
        let padded = n.div_ceil(4) * 4;
        let order = reading_order(&sides);
        // Pages in order, then only blanks.
        assert_eq!(&order[..n], (1..=n).collect::<Vec<_>>().as_slice(), "{n}");
        assert!(order[n..].iter().all(|&p| p == 0), "{n}");
        assert_eq!(order.len(), padded);
    }
}

// ---------------------------------------------------------------------------------------
// Tools.

/// Whether a tool runs; a missing tool is a skip, or under `CI=true` a failure.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is missing (apt-get install poppler-utils qpdf)"
        );
        eprintln!("note: {tool} is missing; its checks are skipped");
    }
    ok
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect(tool);
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pamphlet");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir.join(name)
}

/// The words of a region of a page (points, from the top left), by pdftotext.
fn words_in(pdf: &Path, page: usize, x: f32, y: f32, w: f32, h: f32) -> Vec<String> {
    let page = page.to_string();
    let (x, y, w, h) = (
        (x.round() as i64).to_string(),
        (y.round() as i64).to_string(),
        (w.round() as i64).to_string(),
        (h.round() as i64).to_string(),
    );
    let text = run(
        "pdftotext",
        &[
            "-f",
            &page,
            "-l",
            &page,
            "-x",
            &x,
            "-y",
            &y,
            "-W",
            &w,
            "-H",
            &h,
            &pdf.to_string_lossy(),
            "-",
        ],
    );
    text.split_whitespace().map(str::to_owned).collect()
}

fn words_of_page(pdf: &Path, page: usize) -> Vec<String> {
    let page = page.to_string();
    run(
        "pdftotext",
        &["-f", &page, "-l", &page, &pdf.to_string_lossy(), "-"],
    )
    .split_whitespace()
    .map(str::to_owned)
    .collect()
}

/// The words on the left and right halves of each side of a pamphlet.
fn halves(pdf: &Path, sides: usize, sheet: Sheet) -> Vec<(Vec<String>, Vec<String>)> {
    let (w, h) = sheet.dimensions();
    (1..=sides)
        .map(|s| {
            (
                words_in(pdf, s, 0.0, 0.0, w / 2.0, h),
                words_in(pdf, s, w / 2.0, 0.0, w / 2.0, h),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// A synthetic reader edition: n A5 pages saying "Page N", the media box and resources
// inherited from the page tree, one standard font.

fn synthetic(n: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for i in 1..=n {
        let content = format!("BT /F1 36 Tf 120 300 Td (Page {i}) Tj ET");
        let contents = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
        });
        kids.push(Object::Reference(page));
    }
    let a5 = vec![
        Object::Real(0.0),
        Object::Real(0.0),
        Object::Real(419.528),
        Object::Real(595.276),
    ];
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => n as i64,
            "MediaBox" => a5,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal("Ten Pages"),
        "Author" => Object::string_literal("A. Tester"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("synthetic PDF");
    out
}

fn text(words: &[String]) -> String {
    words.join(" ")
}

#[test]
fn ten_pages_make_three_sheets_with_two_blanks() {
    let reader = synthetic(10);
    let pamphlet = impose(&reader, &PamphletOptions::default()).expect("imposed");
    let doc = Document::load_mem(&pamphlet).expect("the pamphlet parses");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 6, "3 sheets, 6 sides");
    for id in pages.values() {
        let media = doc.get_dictionary(*id).unwrap().get(b"MediaBox").unwrap();
        let m: Vec<f32> = media
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        assert!(
            (m[2] - 841.89).abs() < 0.1 && (m[3] - 595.28).abs() < 0.1,
            "{m:?}"
        );
    }
    // The information is kept, with our producer.
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(info.get(b"Title").unwrap().as_str().unwrap(), b"Ten Pages");
    let producer = String::from_utf8_lossy(info.get(b"Producer").unwrap().as_str().unwrap());
    assert!(producer.contains("pamphlet"), "{producer}");

    let path = scratch("ten.pdf");
    std::fs::write(&path, &pamphlet).unwrap();
    if !have("pdftotext") {
        return;
    }
    let expected = [(0, 1), (2, 0), (10, 3), (4, 9), (8, 5), (6, 7)];
    let found = halves(&path, 6, Sheet::A4);
    for (s, ((l, r), (wl, wr))) in expected.iter().zip(&found).enumerate() {
        let want = |p: usize| {
            if p == 0 {
                String::new()
            } else {
                format!("Page {p}")
            }
        };
        assert_eq!(text(wl), want(*l), "side {} left", s + 1);
        assert_eq!(text(wr), want(*r), "side {} right", s + 1);
    }
    if have("qpdf") {
        qpdf_check(&path);
    }
}

#[test]
fn letter_sheets_scale_and_center_a5_pages() {
    let reader = synthetic(4);
    let options = PamphletOptions {
        sheet: Sheet::Letter,
        marks: true,
        ..PamphletOptions::default()
    };
    let pamphlet = impose(&reader, &options).expect("imposed");
    let path = scratch("letter.pdf");
    std::fs::write(&path, &pamphlet).unwrap();
    if !have("pdftotext") {
        return;
    }
    let found = halves(&path, 2, Sheet::Letter);
    assert_eq!(text(&found[0].0), "Page 4");
    assert_eq!(text(&found[0].1), "Page 1");
    assert_eq!(text(&found[1].0), "Page 2");
    assert_eq!(text(&found[1].1), "Page 3");
    let info = run("pdfinfo", &[&path.to_string_lossy()]);
    assert!(info.contains("792 x 612 pts"), "{info}");
    if have("qpdf") {
        qpdf_check(&path);
    }
}

/// The `cm` translations of a side's placed pages, in drawing order.
fn placements(doc: &Document, side: usize) -> Vec<(f32, f32)> {
    let id = doc.get_pages()[&(side as u32)];
    let content = String::from_utf8(doc.get_page_content(id)).unwrap();
    content
        .lines()
        .filter(|l| l.ends_with("Do Q"))
        .map(|l| {
            let f: Vec<f32> = l
                .split_whitespace()
                .skip(1)
                .take(6)
                .map(|v| v.parse().unwrap())
                .collect();
            (f[4], f[5])
        })
        .collect()
}

#[test]
fn creep_moves_inner_sheets_toward_the_fold() {
    let reader = synthetic(16);
    let plain = impose(&reader, &PamphletOptions::default()).unwrap();
    let options = PamphletOptions {
        creep_mm: 1.5,
        marks: true,
        ..PamphletOptions::default()
    };
    let crept = impose(&reader, &options).unwrap();
    let (plain, crept) = (
        Document::load_mem(&plain).unwrap(),
        Document::load_mem(&crept).unwrap(),
    );
    let mm = 72.0 / 25.4;
    for side in 1..=8usize {
        let sheet = (side - 1) / 2;
        let shift = creep(1.5, sheet, 4);
        assert!((shift - 1.5 * mm * sheet as f32 / 3.0).abs() < 1e-3);
        let (a, b) = (placements(&plain, side), placements(&crept, side));
        assert_eq!(a.len(), 2);
        // Left page right, right page left: both toward the fold.
        assert!((b[0].0 - a[0].0 - shift).abs() < 2e-3, "side {side}");
        assert!((a[1].0 - b[1].0 - shift).abs() < 2e-3, "side {side}");
        assert_eq!((a[0].1, a[1].1), (b[0].1, b[1].1));
        let content =
            String::from_utf8(crept.get_page_content(crept.get_pages()[&(side as u32)])).unwrap();
        assert!(
            content.contains("420.945 11.339 m 420.945 34.016 l S"),
            "fold marks: {content}"
        );
    }
}

#[test]
fn not_a_pdf_is_an_error() {
    let err = impose(b"hello", &PamphletOptions::default()).unwrap_err();
    assert!(err.to_string().contains("pamphlet-input"), "{err}");
}

fn qpdf_check(path: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "qpdf --check {}: {all}",
        path.display()
    );
    assert!(
        !all.to_lowercase().contains("warning"),
        "qpdf --check {}: {all}",
        path.display()
    );
    assert!(all.contains("No syntax or stream encoding errors"), "{all}");
}

// ---------------------------------------------------------------------------------------
// The seeds.

#[test]
fn seeds_pamphlets_are_small_clean_and_in_order() {
    let books = samizdat::project::load(Path::new("seeds")).expect("the seeds load");
    assert!(!books.is_empty());
    let tools = have("pdftotext") && have("pdffonts") && have("qpdf");
    for loaded in &books {
        let reader = samizdat::pdf::pdf(&loaded.book, &PdfOptions::default()).expect("reader");
        let options = PamphletOptions {
            source_date_epoch: Some(1_700_000_000),
            ..PamphletOptions::default()
        };
        let pamphlet = impose(&reader, &options).expect("imposed");
        let again = impose(&reader, &options).expect("imposed again");
        assert!(pamphlet == again, "{}: the same bytes twice", loaded.slug);
        let limit = reader.len() * 12 / 10 + 8 * 1024;
        assert!(
            pamphlet.len() <= limit,
            "{}: pamphlet {} B > 1.2 × reader {} B + 8 KB",
            loaded.slug,
            pamphlet.len(),
            reader.len()
        );
        let reader_path = scratch(&format!("{}.pdf", loaded.slug));
        let path = scratch(&format!("{}-pamphlet.pdf", loaded.slug));
        std::fs::write(&reader_path, &reader).unwrap();
        std::fs::write(&path, &pamphlet).unwrap();
        let n = Document::load_mem(&reader).unwrap().get_pages().len();
        let sides = imposition(n);
        assert_eq!(
            Document::load_mem(&pamphlet).unwrap().get_pages().len(),
            sides.len()
        );
        if !tools {
            continue;
        }
        qpdf_check(&path);
        // Each font once, as in the reader edition.
        let fonts = |p: &Path| {
            let mut names: Vec<String> = run("pdffonts", &[&p.to_string_lossy()])
                .lines()
                .skip(2)
                .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
                .collect();
            names.sort();
            names
        };
        let (ours, theirs) = (fonts(&path), fonts(&reader_path));
        let mut unique = ours.clone();
        unique.dedup();
        assert_eq!(ours, unique, "{}: a font embedded twice", loaded.slug);
        assert_eq!(ours, theirs, "{}: the reader's fonts", loaded.slug);
        // Every half shows its reader page's words, and blanks are empty.
        let found = halves(&path, sides.len(), Sheet::A4);
        for (s, (side, (left, right))) in sides.iter().zip(&found).enumerate() {
            for (page, words) in [(side.left, left), (side.right, right)] {
                let want = if page == 0 {
                    Vec::new()
                } else {
                    words_of_page(&reader_path, page)
                };
                assert_eq!(words, &want, "{}: side {} page {page}", loaded.slug, s + 1);
            }
        }
    }
}
