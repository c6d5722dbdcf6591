//! The pamphlet: the reader edition's pages imposed two by two on landscape sheets, to be
//! printed on both sides, folded once and stapled through the fold (saddle stitch).
//!
//! It is made from the reader edition's PDF bytes, never by typesetting again: each page
//! becomes a form XObject (its content and its resources, clipped to its media box), and
//! each side of a sheet draws two of them. Fonts and content streams are therefore in the
//! file once, whatever the number of sheets, and the pamphlet shows exactly what the
//! reader edition shows. Only lopdf is used here.
//!
//! What the reader edition has and the pamphlet drops: links (a folded sheet is not
//! clicked), bookmarks and the reader's page labels (they name pages, not sides). Each
//! side gets a label of its own instead (`sheet 1 front`), and the viewer preferences ask
//! the print dialog for duplex, flipped on the short edge, without scaling.

use std::fmt::Write as _;
use std::path::Path;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::write::pdf_date;
use super::PageSize;
use crate::diagnostic::{Diagnostic, Error};

/// Points in a millimetre.
const MM: f32 = 72.0 / 25.4;

/// The paper the pamphlet is printed on, always landscape: two pages side by side. One
/// type for `book.toml`, the command line and the imposition.
pub use crate::config::Sheet;

impl Sheet {
    /// Returns the sheet's width and height in points (landscape).
    pub fn dimensions(self) -> (f32, f32) {
        match self {
            Sheet::A4 => (297.0 * MM, 210.0 * MM),
            Sheet::Letter => (11.0 * 72.0, 8.5 * 72.0),
        }
    }

    /// Returns the sheet that suits reader pages of a size: A4 for A5 (and A4) pages,
    /// Letter for Letter and 6 × 9 in pages.
    pub fn for_page(page: PageSize) -> Sheet {
        match page {
            PageSize::A5 | PageSize::A4 => Sheet::A4,
            PageSize::Letter | PageSize::Us6x9 => Sheet::Letter,
        }
    }

    /// Returns the name the command line and `book.toml` use.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::A4 => "a4",
            Sheet::Letter => "letter",
        }
    }
}

/// How to impose the pamphlet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PamphletOptions {
    /// The paper (landscape).
    pub sheet: Sheet,
    /// Creep compensation in millimetres: how far the innermost sheet's pages are moved
    /// toward the fold. Sheet k of s (0 = the outermost) is moved by
    /// `creep_mm × k / (s − 1)`; the outermost never moves. Folded sheets nest, so the
    /// inner ones stick out at the fore-edge by about a paper thickness per sheet; a good
    /// value is the paper's thickness × (s − 1) (0.1 mm per sheet for 80 g/m² paper).
    /// 0 (the default) moves nothing, which suits a few sheets.
    pub creep_mm: f32,
    /// Draws fold marks (short ticks on the fold at the head and foot of each side) and,
    /// where the pages leave paper around them (not A5 on A4), crop marks at their outer
    /// corners: beyond the page where there is room, else on the trim line in the page's
    /// blank outer corner.
    pub marks: bool,
    /// `SOURCE_DATE_EPOCH`: the time written as the file's dates (else 1970-01-01).
    pub source_date_epoch: Option<i64>,
}

impl PamphletOptions {
    /// The options that suit reader pages of a size: its sheet, no creep, no marks.
    pub fn for_page(page: PageSize) -> PamphletOptions {
        PamphletOptions {
            sheet: Sheet::for_page(page),
            ..PamphletOptions::default()
        }
    }
}

/// Which side of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// The side printed first: the outside of the fold.
    Front,
    /// The other side: the inside of the fold.
    Back,
}

/// One side of a sheet: the pages on its left and right halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSide {
    /// The sheet, 0 = the outermost.
    pub sheet: usize,
    /// Front or back.
    pub face: Face,
    /// The page on the left half (1-based; 0 = blank).
    pub left: usize,
    /// The page on the right half (1-based; 0 = blank).
    pub right: usize,
}

/// The saddle-stitch order for `pages` pages: the sides to print, in order (sheet 0 front,
/// sheet 0 back, sheet 1 front, …).
///
/// The pages are padded with blanks to n, the next multiple of 4; there are n / 4 sheets.
/// Sheet k (0-based, 0 = the outermost) holds, with 1-based page numbers:
///
/// - front: left n − 2k, right 2k + 1;
/// - back: left 2k + 2, right n − 2k − 1.
///
/// A page number above `pages` is a blank (0). So 4 pages give front (4, 1), back (2, 3);
/// 8 pages give (8, 1) (2, 7) then (6, 3) (4, 5). The blanks fall at the end of the book:
/// on the back cover and the pages before it.
pub fn imposition(pages: usize) -> Vec<SheetSide> {
    let n = pages.div_ceil(4) * 4;
    let page = |p: usize| if p <= pages { p } else { 0 };
    (0..n / 4)
        .flat_map(|k| {
            [
                SheetSide {
                    sheet: k,
                    face: Face::Front,
                    left: page(n - 2 * k),
                    right: page(2 * k + 1),
                },
                SheetSide {
                    sheet: k,
                    face: Face::Back,
                    left: page(2 * k + 2),
                    right: page(n - 2 * k - 1),
                },
            ]
        })
        .collect()
}

/// Returns how far (in points) the pages of sheet `k` of `sheets` move toward the fold.
pub fn creep(creep_mm: f32, k: usize, sheets: usize) -> f32 {
    if sheets < 2 {
        return 0.0;
    }
    creep_mm * MM * k as f32 / (sheets - 1) as f32
}

/// A page of the reader edition, as a form to draw.
struct Form {
    id: ObjectId,
    /// The media box: x0, y0, x1, y1.
    bbox: [f32; 4],
}

/// Imposes the reader edition's PDF as a pamphlet.
pub fn impose(reader_pdf: &[u8], options: &PamphletOptions) -> Result<Vec<u8>, Error> {
    let mut doc = Document::load_mem(reader_pdf)
        .map_err(|e| bad_input(&format!("it is not a PDF lopdf can read ({e})")))?;
    if doc.is_encrypted() {
        return Err(bad_input("it is encrypted"));
    }
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.is_empty() {
        return Err(bad_input("it has no pages"));
    }

    // 1. Each page becomes a form XObject.
    let mut forms = Vec::with_capacity(page_ids.len());
    for (i, &page_id) in page_ids.iter().enumerate() {
        forms.push(form(&mut doc, page_id, i + 1)?);
    }

    // 2. The sides, in a page tree of their own.
    let (width, height) = options.sheet.dimensions();
    let sides = imposition(page_ids.len());
    let sheets = sides.len() / 2;
    let pages_id = doc.new_object_id();
    let mut kids = Vec::with_capacity(sides.len());
    let mut labels = Vec::with_capacity(sides.len() * 2);
    for (i, side) in sides.iter().enumerate() {
        let shift = creep(options.creep_mm, side.sheet, sheets);
        let mut content = String::new();
        let mut xobjects = Dictionary::new();
        for (page, left) in [(side.left, true), (side.right, false)] {
            let Some(f) = page.checked_sub(1).and_then(|p| forms.get(p)) else {
                continue;
            };
            let place = placement(f.bbox, width, height, left);
            let name = format!("P{page}");
            // Creep: toward the fold, which is right of the left page, left of the right.
            let dx = if left { shift } else { -shift };
            let _ = writeln!(
                content,
                "q {s} 0 0 {s} {tx} {ty} cm /{name} Do Q",
                s = num(place.scale),
                tx = num(place.x + dx - place.scale * f.bbox[0]),
                ty = num(place.y - place.scale * f.bbox[1]),
            );
            xobjects.set(name, Object::Reference(f.id));
            if options.marks {
                crop_marks(&mut content, &place, width, height, left);
            }
        }
        if options.marks {
            fold_marks(&mut content, width, height);
        }
        let mut resources = Dictionary::new();
        if !xobjects.is_empty() {
            resources.set("XObject", Object::Dictionary(xobjects));
        }
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("MediaBox", rect([0.0, 0.0, width, height]));
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(content_id));
        kids.push(Object::Reference(doc.add_object(page)));
        let face = match side.face {
            Face::Front => "front",
            Face::Back => "back",
        };
        let mut label = Dictionary::new();
        label.set(
            "P",
            lopdf::text_string(&format!("sheet {} {face}", side.sheet + 1)),
        );
        labels.push(Object::Integer(i as i64));
        labels.push(Object::Dictionary(label));
    }
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(kids.len() as i64));
    pages.set("Kids", Object::Array(kids));
    doc.objects.insert(pages_id, Object::Dictionary(pages));

    // 3. A new catalog: the old one points at the reader's pages, outline and labels.
    let old_catalog = doc.catalog().cloned().unwrap_or_default();
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    // The reader's language and colour space (an archival reader's sRGB output intent)
    // hold for its pages wherever they are placed; its structure does not: the sheets are
    // a print file, untagged.
    for key in [b"Lang".as_slice(), b"OutputIntents"] {
        if let Ok(value) = old_catalog.get(key) {
            catalog.set(key, value.clone());
        }
    }
    let mut page_labels = Dictionary::new();
    page_labels.set("Nums", Object::Array(labels));
    catalog.set("PageLabels", Object::Dictionary(page_labels));
    let mut preferences = Dictionary::new();
    preferences.set("Duplex", Object::Name(b"DuplexFlipShortEdge".to_vec()));
    preferences.set("PrintScaling", Object::Name(b"None".to_vec()));
    catalog.set("ViewerPreferences", Object::Dictionary(preferences));
    let catalog_id = doc.add_object(catalog);

    // 4. Information: the reader's, with our producer and dates.
    let mut info = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).cloned().unwrap_or_default(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    info.set(
        "Producer",
        lopdf::text_string(&format!(
            "samizdat {} (pamphlet, imposed from the reader edition)",
            env!("CARGO_PKG_VERSION")
        )),
    );
    let date = pdf_date(options.source_date_epoch.unwrap_or(0));
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    let info_id = doc.add_object(info);

    // 5. A file identifier from the reader's and the options: the same input, the same file.
    let id = identifier(reader_pdf, options);
    let mut trailer = Dictionary::new();
    trailer.set("Root", Object::Reference(catalog_id));
    trailer.set("Info", Object::Reference(info_id));
    trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    doc.trailer = trailer;

    // 6. Drop what nothing reaches any more (the reader's pages, links, outline), renumber.
    doc.prune_objects();
    doc.renumber_objects();
    doc.compress();
    // PDF 1.7 for the viewer preferences' Duplex.
    doc.version = "1.7".into();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| bad_input(&format!("it could not be written again ({e})")))?;
    Ok(out)
}

/// Turns a page into a form XObject; returns its id and box.
fn form(doc: &mut Document, page_id: ObjectId, number: usize) -> Result<Form, Error> {
    let missing = |what: &str| bad_input(&format!("page {number} has no {what}"));
    let media = inherited(doc, page_id, b"MediaBox").ok_or_else(|| missing("media box"))?;
    let bbox = four(doc, &media).ok_or_else(|| missing("valid media box"))?;
    let resources = match inherited(doc, page_id, b"Resources") {
        Some(Object::Reference(id)) => Object::Reference(id),
        Some(Object::Dictionary(d)) => Object::Dictionary(d),
        _ => Object::Dictionary(Dictionary::new()),
    };
    let contents = doc.get_page_contents(page_id);
    // One content stream is reused as it is (still compressed); several are joined.
    let mut stream = match contents.as_slice() {
        [one] => doc
            .get_object(*one)
            .and_then(Object::as_stream)
            .cloned()
            .map_err(|_| missing("readable content"))?,
        _ => Stream::new(Dictionary::new(), doc.get_page_content(page_id)),
    };
    let dict = &mut stream.dict;
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("FormType", Object::Integer(1));
    dict.set("BBox", rect(bbox));
    dict.set("Resources", resources);
    let id = doc.add_object(stream);
    Ok(Form { id, bbox })
}

/// Looks a page attribute up, through the page tree's inheritance.
fn inherited(doc: &Document, page_id: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    // The depth bound guards against a loop in a broken file.
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Reads a rectangle (directly or by reference) as x0, y0, x1, y1, normalized.
fn four(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let (_, object) = doc.dereference(object).ok()?;
    let a = object.as_array().ok()?;
    let mut v = [0.0f32; 4];
    if a.len() != 4 {
        return None;
    }
    for (slot, o) in v.iter_mut().zip(a) {
        *slot = doc.dereference(o).ok()?.1.as_float().ok()?;
    }
    let [x0, y0, x1, y1] = v;
    let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}

/// Where a page goes on its half: its lower-left corner and scale.
struct Placement {
    x: f32,
    y: f32,
    scale: f32,
    /// The placed page's width and height.
    w: f32,
    h: f32,
}

/// Fits a page into the left or right half of the sheet: scaled uniformly to fit (1 for
/// A5 on A4), centred vertically and set against the fold, so that a page narrower than
/// the half keeps its own inner margin and the trim falls at the fore-edge.
fn placement(bbox: [f32; 4], width: f32, height: f32, left: bool) -> Placement {
    let (pw, ph) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    let half = width / 2.0;
    let fit = (half / pw).min(height / ph);
    // Within a thousandth, a page that nearly fits is not scaled.
    let scale = if (fit - 1.0).abs() < 1e-3 { 1.0 } else { fit };
    let (w, h) = (pw * scale, ph * scale);
    let x = if left { half - w } else { half };
    Placement {
        x,
        y: (height - h) / 2.0,
        scale,
        w,
        h,
    }
}

/// Draws crop marks at a placed page's outer corners, where the paper has room for them.
fn crop_marks(content: &mut String, p: &Placement, width: f32, height: f32, left: bool) {
    const OFFSET: f32 = 3.0;
    const LENGTH: f32 = 12.0;
    let side_gap = if left { p.x } else { width - (p.x + p.w) };
    let edge = if left { p.x } else { p.x + p.w };
    let out = if left { -1.0 } else { 1.0 };
    let mut lines = Vec::new();
    let vertical_gap = p.y;
    // The head and foot trims, marked beyond the fore-edge; where the page reaches the
    // paper's edge, on the trim line itself in the page's blank outer corner.
    if side_gap >= OFFSET + 6.0 {
        let len = LENGTH.min(side_gap - OFFSET);
        for y in [p.y, p.y + p.h] {
            let x0 = edge + out * OFFSET;
            lines.push((x0, y, x0 + out * len, y));
        }
    } else if vertical_gap >= 1.0 {
        for y in [p.y, p.y + p.h] {
            lines.push((edge, y, edge - out * LENGTH, y));
        }
    }
    // The fore-edge trim, marked in the head and foot margins (if it is not the paper's
    // own edge).
    if vertical_gap >= OFFSET + 6.0 && side_gap >= 1.0 {
        let len = LENGTH.min(vertical_gap - OFFSET);
        lines.push((edge, p.y - OFFSET, edge, p.y - OFFSET - len));
        lines.push((edge, p.y + p.h + OFFSET, edge, p.y + p.h + OFFSET + len));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(content, "q 0 G 0.25 w [] 0 d");
    for (x0, y0, x1, y1) in lines {
        let _ = writeln!(
            content,
            "{} {} m {} {} l S",
            num(x0),
            num(y0.clamp(0.0, height)),
            num(x1),
            num(y1.clamp(0.0, height))
        );
    }
    let _ = writeln!(content, "Q");
}

/// Draws the fold: short ticks on it at the head and foot, inside the printable area.
fn fold_marks(content: &mut String, width: f32, height: f32) {
    let x = num(width / 2.0);
    let (near, far) = (4.0 * MM, 12.0 * MM);
    let _ = writeln!(
        content,
        "q 0 G 0.25 w [] 0 d {x} {} m {x} {} l S {x} {} m {x} {} l S Q",
        num(near),
        num(far),
        num(height - near),
        num(height - far)
    );
}

/// Writes a number for a content stream: at most 3 decimals, no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".into(),
        _ => s.into(),
    }
}

fn rect(r: [f32; 4]) -> Object {
    Object::Array(r.iter().map(|&v| Object::Real(v)).collect())
}

/// Hashes the reader edition and the options into a 16-byte identifier (FNV-1a, two
/// seeds, as the reader edition's own).
fn identifier(reader_pdf: &[u8], options: &PamphletOptions) -> Vec<u8> {
    let mut f = super::Fingerprint::new();
    f.eat(b"samizdat pamphlet");
    f.eat(reader_pdf);
    f.eat(options.sheet.name().as_bytes());
    f.eat(&options.creep_mm.to_bits().to_le_bytes());
    f.eat(&[u8::from(options.marks)]);
    f.eat(&options.source_date_epoch.unwrap_or(0).to_le_bytes());
    f.finish()
}

fn bad_input(what: &str) -> Error {
    Diagnostic::error(
        "pamphlet-input",
        Path::new("<reader PDF>"),
        None,
        format!("the reader edition could not be imposed: {what}"),
    )
    .with_hint("impose the PDF reader edition as samizdat writes it")
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(pages: usize) -> Vec<(usize, usize)> {
        imposition(pages)
            .iter()
            .map(|s| (s.left, s.right))
            .collect()
    }

    #[test]
    fn four_pages_one_sheet() {
        assert_eq!(pairs(4), [(4, 1), (2, 3)]);
    }

    #[test]
    fn pads_to_a_multiple_of_four_with_blanks_at_the_end() {
        assert_eq!(pairs(1), [(0, 1), (0, 0)]);
        assert_eq!(pairs(10), [(0, 1), (2, 0), (10, 3), (4, 9), (8, 5), (6, 7)]);
        assert!(imposition(0).is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(420.945), "420.945");
    }

    #[test]
    fn creep_is_linear_from_the_outermost_sheet() {
        assert_eq!(creep(1.0, 0, 5), 0.0);
        assert!((creep(1.0, 4, 5) - MM).abs() < 1e-4);
        assert!((creep(1.0, 2, 5) - MM / 2.0).abs() < 1e-4);
        assert_eq!(creep(1.0, 0, 1), 0.0);
    }

    #[test]
    fn a5_fills_half_an_a4_sheet() {
        let (w, h) = Sheet::A4.dimensions();
        let a5 = [0.0, 0.0, 148.0 * MM, 210.0 * MM];
        let l = placement(a5, w, h, true);
        let r = placement(a5, w, h, false);
        assert_eq!(l.scale, 1.0);
        // A5 is 148 mm wide, half an A4 148.5: the half millimetre is at the fore-edge.
        assert!((l.x - 0.5 * MM).abs() < 1e-2 && l.y.abs() < 1e-3);
        assert!((r.x - w / 2.0).abs() < 1e-3);
        assert!((l.x + l.w - w / 2.0).abs() < 1e-3);
    }
}
