//! Writing: positioned pages into a PDF file (the only printpdf and lopdf user).
//!
//! It measures nothing: every glyph, line and link has its place from the layout. printpdf
//! writes the document: pages, fonts (with their widths and ToUnicode maps, from the glyphs
//! the pages use), links and information. lopdf then adds what printpdf lacks — page
//! labels, the document's language, nested bookmarks, subset names and a stable file
//! identifier — and the pages' text, which we encode ourselves: printpdf turns every
//! glyph into objects of its own (a 1,400-page book took 1.4 s and 250 MB there), while a
//! page's `TJ` arrays written straight to bytes take a few milliseconds.
//!
//! The file is tagged (PDF/UA-1): each item's mark from the layout becomes marked
//! content here, and `tags` writes the structure tree and the link annotations; `meta`
//! the XMP metadata and, for PDF/A, the output intent.

mod meta;
mod tags;

pub(crate) use meta::pdf_date;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, TextItem,
};

use super::fonts::{Face, Subset};
use super::layout::{Document, Element, Item, LabelStyle, Mark, OutlineEntry, Page, SOFT_HYPHEN};
use crate::config::PdfStandard;

/// Writes a laid-out document with the given font subsets, conforming to `standard`.
pub fn write(
    mut doc: Document,
    subsets: &[Subset],
    standard: PdfStandard,
) -> Result<Vec<u8>, String> {
    let mut pdf = PdfDocument::new(&doc.info.title);
    // 1. Fonts, under names of our own (printpdf's are random per process).
    let mut ids: HashMap<Face, (FontId, &Subset)> = HashMap::new();
    for (i, s) in subsets.iter().enumerate() {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&s.bytes, 0, &mut warnings)
            .ok_or_else(|| format!("the subset of {} does not parse", s.face.postscript_name()))?;
        let id = FontId(format!("F{i}"));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        ids.insert(s.face, (id, s));
    }
    // 2. Pages. A glyph has one text in the PDF's ToUnicode map: the first it stands for,
    //    but a hyphen's own before the soft hyphen the layout's hyphens stand for.
    let mut texts: HashMap<(Face, u16), Arc<str>> = HashMap::new();
    for p in &doc.pages {
        for item in &p.items {
            if let Item::Text(run) = item {
                for g in &run.glyphs {
                    let t = texts
                        .entry((run.face, g.id))
                        .or_insert_with(|| g.text.clone());
                    let weak = |t: &str| t.is_empty() || t == SOFT_HYPHEN;
                    if weak(t) && !weak(&g.text) {
                        *t = g.text.clone();
                    }
                }
            }
        }
    }
    // The first page shows every glyph once, so that printpdf writes each font with
    // what it needs — its text is replaced below.
    let mut pages: Vec<PdfPage> = doc.pages.iter().map(shell).collect();
    if let Some(first) = pages.first_mut() {
        let mut usage: BTreeMap<(Face, u16), &str> = BTreeMap::new();
        for ((face, id), text) in &texts {
            usage.insert((*face, *id), text);
        }
        for (face, (id, subset)) in &ids {
            let glyphs: Vec<Codepoint> = usage
                .iter()
                .filter(|((f, _), _)| f == face)
                .map(|((_, g), t)| {
                    Codepoint::with_cid(
                        subset.remap.get(g).copied().unwrap_or(0),
                        0.0,
                        t.to_string(),
                    )
                })
                .collect();
            first.ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(10.0),
                },
                Op::ShowText {
                    items: vec![TextItem::GlyphIds(glyphs)],
                },
                Op::EndTextSection,
            ]);
        }
    }
    pdf.with_pages(pages);
    // 3. Information.
    let date = printpdf::OffsetDateTime::from_unix_timestamp(doc.info.date)
        .map_err(|e| format!("the date {}: {e}", doc.info.date))?;
    let info = &mut pdf.metadata.info;
    info.document_title = doc.info.title.clone();
    info.author = doc.info.author.clone();
    info.subject = doc.info.subject.clone();
    info.keywords = doc.info.keywords.clone();
    info.creator = doc.info.creator.clone();
    info.producer = doc.info.creator.clone();
    info.identifier = doc.info.identifier.clone();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        subset_fonts: false,
        ..Default::default()
    };
    let mut lo = pdf.to_lopdf_document(&options, &mut warnings);
    drop(pdf);
    // 4. The pages' text and rules, encoded here (see the module's header), with the
    //    element of each page's marked content.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = doc.pages.len().div_ceil(threads).max(1);
    let contents: Vec<(Vec<u8>, Vec<usize>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = doc
            .pages
            .chunks(chunk)
            .map(|part| {
                let ids = &ids;
                let texts = &texts;
                let structure = &doc.structure;
                scope.spawn(move || {
                    part.iter()
                        .map(|p| {
                            let (bytes, mcids) = content(p, ids, texts, structure);
                            (deflate(&bytes), mcids)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let used_images: Vec<Vec<Arc<crate::images::Image>>> = doc
        .pages
        .iter()
        .map(|p| {
            let mut v: Vec<Arc<crate::images::Image>> = Vec::new();
            for item in &p.items {
                if let Item::Image { image, .. } = item {
                    if !v.iter().any(|i| i.number == image.number) {
                        v.push(image.clone());
                    }
                }
            }
            v
        })
        .collect();
    let links: Vec<tags::Annotation> = doc
        .pages
        .iter()
        .enumerate()
        .flat_map(|(page, p)| {
            p.items.iter().filter_map(move |item| match item {
                Item::Link {
                    rect,
                    target,
                    element,
                } => Some(tags::Annotation {
                    page,
                    rect: *rect,
                    target: target.clone(),
                    element: *element,
                }),
                _ => None,
            })
        })
        .collect();
    // The pages' glyphs are in the file now: free them before the rest is written.
    let id = fingerprint(&doc);
    let height = doc.pages.first().map_or(0.0, |p| p.height);
    doc.pages = Vec::new();
    let mut mcids = Vec::with_capacity(contents.len());
    for (&page_id, (bytes, marked)) in page_ids.iter().zip(contents) {
        mcids.push(marked);
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut stream = lopdf::Stream::new(dict, bytes);
        stream.allows_compression = false;
        let stream = lo.add_object(stream);
        if let Ok(Object::Dictionary(page)) = lo.get_object_mut(page_id) {
            let old = page.get(b"Contents").ok().cloned();
            page.set("Contents", Object::Reference(stream));
            if let Some(Object::Reference(old)) = old {
                lo.objects.remove(&old);
            }
        }
    }
    // 5. What printpdf lacks: the images, links, structure, labels, bookmarks…
    if !used_images.iter().all(Vec::is_empty) {
        images(&mut lo, &used_images)?;
    }
    tidy(&mut lo, &page_ids);
    let annotations = tags::annotations(&mut lo, &links, &doc.structure, &page_ids, height);
    let tree = tags::structure_tree(
        &mut lo,
        &doc.structure,
        &mcids,
        &links,
        &annotations,
        &page_ids,
    );
    finish(&mut lo, &doc, subsets, height, id)?;
    conformance(&mut lo, &doc, tree, standard)?;
    compress(&mut lo);
    let mut out = Vec::new();
    // Not in object streams, which would pack the structure tree's thousands of small
    // dictionaries to a tenth: lopdf's take a third of a 1,000-page book's time.
    lo.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The deflate level for streams: 6, zlib's default, gives files as small as 9 (lopdf's
/// choice) to a few per cent, in a third of the time; 1 made them 60% larger.
const DEFLATE_LEVEL: u32 = 6;

/// The dictionary of an image XObject of 8-bit samples (a picture or its soft mask),
/// before its colour space and filter.
fn image_dict(w: u32, h: u32) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(w)));
    dict.set("Height", Object::Integer(i64::from(h)));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict
}

/// Deflates bytes at our level.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder =
        flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(DEFLATE_LEVEL));
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Compresses every stream that may be compressed, on all cores.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for s in part {
                    let mut encoder = flate2::write::ZlibEncoder::new(
                        Vec::new(),
                        flate2::Compression::new(DEFLATE_LEVEL),
                    );
                    if encoder.write_all(&s.content).is_err() {
                        continue;
                    }
                    if let Ok(packed) = encoder.finish() {
                        // Only where it pays (the filter's name costs 19 bytes).
                        if packed.len() + 19 < s.content.len() {
                            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                            s.set_content(packed);
                        }
                    }
                }
            });
        }
    });
}

/// A page for printpdf: its size (its links are written with the structure, by `tags`).
fn shell(p: &Page) -> PdfPage {
    let media = printpdf::Rect::from_wh(Pt(p.width as f32), Pt(p.height as f32));
    PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops: Vec::new(),
    }
}

/// Writes a number with at most three decimals, as PDF content streams take them.
fn number(out: &mut Vec<u8>, v: f64) {
    let n = (v * 1000.0).round() as i64;
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    out.extend_from_slice((n / 1000).to_string().as_bytes());
    let mut frac = n % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let s = frac.to_string();
        for _ in s.len()..digits {
            out.push(b'0');
        }
        out.extend_from_slice(s.as_bytes());
    }
}

/// A page's content as it is written: the text object and the marked-content sequence
/// open, and the element of each MCID so far. A sequence opened in a text object ends in
/// it, and one opened outside ends outside, as marked content must.
struct Marked<'a> {
    out: Vec<u8>,
    in_text: bool,
    open: Option<Mark>,
    mcids: Vec<usize>,
    structure: &'a [Element],
}

impl<'a> Marked<'a> {
    fn new(structure: &'a [Element]) -> Marked<'a> {
        Marked {
            out: Vec::with_capacity(4096),
            in_text: false,
            open: None,
            mcids: Vec::new(),
            structure,
        }
    }

    /// Closes the open sequence, if any.
    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    /// Enters a text object.
    fn text(&mut self) {
        if !self.in_text {
            self.close();
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
    }

    /// Leaves the text object, if in one; says whether it was.
    fn graphics(&mut self) -> bool {
        if !self.in_text {
            return false;
        }
        self.close();
        self.out.extend_from_slice(b"ET\n");
        self.in_text = false;
        true
    }

    /// Makes what follows content of `mark`.
    fn mark(&mut self, mark: Mark) {
        if self.open == Some(mark) {
            return;
        }
        self.close();
        self.begin(mark, None);
    }

    /// Opens a sequence for a mark: an artifact, or the next MCID, whose element is
    /// noted; with the text it stands for, if given.
    fn begin(&mut self, mark: Mark, actual: Option<&str>) {
        let out = &mut self.out;
        match mark {
            Mark::Artifact if actual.is_none() => out.extend_from_slice(b"/Artifact BMC\n"),
            Mark::Artifact => out.extend_from_slice(b"/Artifact <<"),
            Mark::Element(e) => {
                let tag = match actual {
                    Some(_) => "Span",
                    None => self.structure.get(e).map_or("Span", |el| el.tag.name()),
                };
                out.push(b'/');
                out.extend_from_slice(tag.as_bytes());
                out.extend_from_slice(b" <</MCID ");
                out.extend_from_slice(self.mcids.len().to_string().as_bytes());
                self.mcids.push(e);
                if actual.is_none() {
                    out.extend_from_slice(b">> BDC\n");
                }
            }
        }
        if let Some(text) = actual {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b" /ActualText <feff");
            for unit in text.encode_utf16() {
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[usize::from((unit >> shift) & 0xf)]);
                }
            }
            out.extend_from_slice(b">>> BDC\n");
        }
        self.open = Some(mark);
    }

    /// Starts glyphs that stand for `text` in a sequence of their own (one in an MCID's
    /// would nest, and poppler's structure text then ends the outer at the inner's end).
    fn actual_text(&mut self, text: &str) {
        let mark = self.open.unwrap_or(Mark::Artifact);
        self.close();
        self.begin(mark, Some(text));
    }

    /// Ends the glyphs of [`Marked::actual_text`], back to their mark.
    fn end_actual_text(&mut self) {
        let mark = self.open.unwrap_or(Mark::Artifact);
        self.close();
        self.begin(mark, None);
    }

    /// Returns the bytes and the element of each MCID.
    fn finish(mut self) -> (Vec<u8>, Vec<usize>) {
        if !self.graphics() {
            self.close();
        }
        (self.out, self.mcids)
    }
}

/// Encodes a page's text and rules as a content stream: each run a `Tm` and a `TJ` of
/// glyph codes (the subset's ids, which its CID-keyed charset maps to themselves), with
/// an adjustment wherever the layout moves the pen other than the font would. Items of
/// one mark in a row are one marked-content sequence; returns the bytes and the element
/// of each of the page's MCIDs.
fn content(
    p: &Page,
    fonts: &HashMap<Face, (FontId, &Subset)>,
    texts: &HashMap<(Face, u16), Arc<str>>,
    structure: &[Element],
) -> (Vec<u8>, Vec<usize>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let h = p.height;
    let mut m = Marked::new(structure);
    let mut font: Option<(Face, u64)> = None;
    // The cluster in an `ActualText` span: its glyphs and its text.
    let mut actual: Vec<(usize, usize, Arc<str>)> = Vec::new();
    for item in &p.items {
        match item {
            Item::Text(run) => {
                let Some((id, subset)) = fonts.get(&run.face) else {
                    continue;
                };
                m.text();
                m.mark(run.mark);
                let out = &mut m.out;
                if font != Some((run.face, run.size.to_bits())) {
                    out.push(b'/');
                    out.extend_from_slice(id.0.as_bytes());
                    out.push(b' ');
                    number(out, run.size);
                    out.extend_from_slice(b" Tf\n");
                    font = Some((run.face, run.size.to_bits()));
                }
                out.extend_from_slice(b"1 0 0 1 ");
                number(out, run.x);
                out.push(b' ');
                number(out, h - run.y);
                out.extend_from_slice(b" Tm\n[");
                for (k, g) in run.glyphs.iter().enumerate() {
                    // A glyph has one text in the font's ToUnicode map, but in complex
                    // scripts one glyph stands in several clusters (a Devanagari
                    // consonant in कि and in के): where the map would give another text
                    // than the cluster's, the cluster says its own (`ActualText`); so
                    // do the .notdef box, which stands in for any character, and a
                    // hyphen the layout added, a soft hyphen where the font's map says
                    // a hyphen.
                    if (matches!(run.face, Face::Fallback(_))
                        || g.id == 0
                        || &*g.text == SOFT_HYPHEN)
                        && !g.text.is_empty()
                    {
                        let end = run.glyphs[k + 1..]
                            .iter()
                            .position(|n| !n.text.is_empty())
                            .map_or(run.glyphs.len(), |e| k + 1 + e);
                        let mapped: String = run.glyphs[k..end]
                            .iter()
                            .filter_map(|n| texts.get(&(run.face, n.id)))
                            .map(|t| &**t)
                            .collect();
                        if mapped != *g.text {
                            actual.push((k, end, g.text.clone()));
                        }
                    }
                    if let Some((_, _, text)) = actual.last().filter(|a| a.0 == k) {
                        m.out.extend_from_slice(b"] TJ\n");
                        m.actual_text(text);
                        m.out.push(b'[');
                    }
                    let out = &mut m.out;
                    let code = subset.remap.get(&g.id).copied().unwrap_or(0);
                    out.push(b'<');
                    for shift in [12, 8, 4, 0] {
                        out.push(HEX[usize::from((code >> shift) & 0xf)]);
                    }
                    out.push(b'>');
                    // The TJ number moves the pen back by thousandths of an em: from the
                    // font's advance to the layout's (kerning, justification).
                    let adjust = (g.natural - g.advance) * 1000.0 / run.size;
                    if adjust.abs() >= 0.001 {
                        number(out, adjust);
                    }
                    if actual.last().is_some_and(|a| a.1 == k + 1) {
                        m.out.extend_from_slice(b"] TJ\n");
                        m.end_actual_text();
                        m.out.push(b'[');
                        actual.pop();
                    }
                }
                m.out.extend_from_slice(b"] TJ\n");
            }
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => {
                if m.graphics() {
                    font = None;
                }
                m.mark(Mark::Artifact);
                let out = &mut m.out;
                out.extend_from_slice(b"0 g ");
                number(out, *x);
                out.push(b' ');
                number(out, h - *y - *thickness / 2.0);
                out.push(b' ');
                number(out, *width);
                out.push(b' ');
                number(out, *thickness);
                out.extend_from_slice(b" re f\n");
            }
            Item::Image { rect, image, mark } => {
                if m.graphics() {
                    font = None;
                }
                m.mark(*mark);
                let out = &mut m.out;
                out.extend_from_slice(b"q ");
                number(out, rect.width);
                out.extend_from_slice(b" 0 0 ");
                number(out, rect.height);
                out.push(b' ');
                number(out, rect.x);
                out.push(b' ');
                number(out, h - rect.y - rect.height);
                out.extend_from_slice(format!(" cm /Im{} Do Q\n", image.number).as_bytes());
            }
            Item::Link { .. } => {}
        }
    }
    m.finish()
}

/// Writes each image once as an image XObject (a JPEG as it is, other pixels deflated,
/// with a soft mask for their transparency) and names them in the resources of the pages
/// that draw them.
fn images(
    lo: &mut lopdf::Document,
    pages: &[Vec<Arc<crate::images::Image>>],
) -> Result<(), String> {
    use crate::images::PdfPixels;
    let mut written: BTreeMap<usize, ObjectId> = BTreeMap::new();
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    for (page_id, used) in page_ids.iter().zip(pages) {
        if used.is_empty() {
            continue;
        }
        let mut xobjects = Dictionary::new();
        for image in used {
            let id = match written.get(&image.number) {
                Some(id) => *id,
                None => {
                    let (w, h) = image.pdf_size;
                    let mut dict = image_dict(w, h);
                    let content = match &image.pdf {
                        PdfPixels::Jpeg { data, components } => {
                            let space: &[u8] = if *components == 1 {
                                b"DeviceGray"
                            } else {
                                b"DeviceRGB"
                            };
                            dict.set("ColorSpace", Object::Name(space.to_vec()));
                            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
                            data.as_ref().clone()
                        }
                        PdfPixels::Rgb { rgb, alpha } => {
                            dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
                            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                            if let Some(alpha) = alpha {
                                let mut mask = image_dict(w, h);
                                mask.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
                                mask.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                                let mut s = lopdf::Stream::new(mask, deflate(alpha));
                                s.allows_compression = false;
                                let mask_id = lo.add_object(s);
                                dict.set("SMask", Object::Reference(mask_id));
                            }
                            deflate(rgb)
                        }
                    };
                    let mut s = lopdf::Stream::new(dict, content);
                    s.allows_compression = false;
                    let id = lo.add_object(s);
                    written.insert(image.number, id);
                    id
                }
            };
            xobjects.set(format!("Im{}", image.number), Object::Reference(id));
        }
        // The page's own resources: printpdf's, with the images added.
        let resources = match lo
            .get_object(*page_id)
            .and_then(|p| p.as_dict())
            .map(|p| p.get(b"Resources").cloned())
        {
            Ok(Ok(Object::Reference(r))) => lo
                .get_object(r)
                .and_then(|o| o.as_dict())
                .cloned()
                .unwrap_or_default(),
            Ok(Ok(Object::Dictionary(d))) => d,
            _ => Dictionary::new(),
        };
        let mut resources = resources;
        if let Ok(Object::Dictionary(old)) = resources.get(b"XObject") {
            for (k, v) in old.iter() {
                if !xobjects.has(k) {
                    xobjects.set(k.clone(), v.clone());
                }
            }
        }
        resources.set("XObject", Object::Dictionary(xobjects));
        let page = lo
            .get_object_mut(*page_id)
            .and_then(|o| o.as_dict_mut())
            .map_err(|e| e.to_string())?;
        page.set("Resources", Object::Dictionary(resources));
    }
    Ok(())
}

/// Adds page labels, the language, the bookmarks, subset names and the file identifier.
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    subsets: &[Subset],
    height: f64,
    id: Vec<u8>,
) -> Result<(), String> {
    let pages: BTreeMap<u32, ObjectId> = lo.get_pages();
    let page_ids: Vec<ObjectId> = pages.values().copied().collect();

    // Subset fonts carry a tag before their name (ISO 32000-1, 9.6.4).
    let mut names: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for (i, s) in subsets.iter().enumerate() {
        let tagged = format!("{}+{}", s.tag, s.face.postscript_name()).into_bytes();
        names.insert(format!("F{i}").into_bytes(), tagged.clone());
        names.insert(s.face.postscript_name().as_bytes().to_vec(), tagged);
    }
    for object in lo.objects.values_mut() {
        rename_fonts(object, &names);
    }

    // Bookmarks, nested.
    let outline_root = lo.new_object_id();
    let (first, last, count) = outline_items(lo, &doc.outline, outline_root, &page_ids, height);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (first, last) {
        root.set("First", Object::Reference(f));
        root.set("Last", Object::Reference(l));
        root.set("Count", Object::Integer(count));
    }
    lo.objects.insert(outline_root, Object::Dictionary(root));

    // Page labels: roman for the front matter, arabic from the text.
    let mut nums = Vec::new();
    for l in &doc.labels {
        let mut d = Dictionary::new();
        d.set(
            "S",
            Object::Name(match l.style {
                LabelStyle::Roman => b"r".to_vec(),
                LabelStyle::Arabic => b"D".to_vec(),
            }),
        );
        d.set("St", Object::Integer(i64::from(l.first)));
        nums.push(Object::Integer(l.start as i64));
        nums.push(Object::Dictionary(d));
    }
    let mut labels = Dictionary::new();
    labels.set("Nums", Object::Array(nums));

    let catalog = lo.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set(
        "Lang",
        Object::String(
            doc.info.language.clone().into_bytes(),
            StringFormat::Literal,
        ),
    );
    catalog.set("PageLabels", Object::Dictionary(labels));
    catalog.set("Outlines", Object::Reference(outline_root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));

    // The information dictionary's text, in PDF text strings (UTF-16 where needed).
    if let Ok(Object::Reference(info_id)) = lo.trailer.get(b"Info").cloned() {
        if let Ok(Object::Dictionary(info)) = lo.get_object_mut(info_id) {
            let i = &doc.info;
            for (key, value) in [
                ("Title", &i.title),
                ("Author", &i.author),
                ("Subject", &i.subject),
                ("Creator", &i.creator),
                ("Producer", &i.creator),
            ] {
                if value.is_empty() {
                    info.remove(key.as_bytes());
                } else {
                    info.set(key, lopdf::text_string(value));
                }
            }
            if i.keywords.is_empty() {
                info.remove(b"Keywords");
            } else {
                info.set("Keywords", lopdf::text_string(&i.keywords.join(", ")));
            }
            // printpdf writes an empty PDF/X version, which claims a conformance we do
            // not have (pdfinfo then reports the PDF/X standard's title).
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
            // Written here as the XMP metadata writes them: PDF/A wants both to agree.
            let date = || Object::String(pdf_date(i.date).into_bytes(), StringFormat::Literal);
            info.set("CreationDate", date());
            info.set("ModDate", date());
        }
    }

    // A file identifier from the content, not random: the same book gives the same file.
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// Drops what printpdf leaves empty on each page (its annotations, its resources' shadings,
/// graphics states…): a validator reads an empty shading dictionary as one it must check.
fn tidy(lo: &mut lopdf::Document, page_ids: &[ObjectId]) {
    fn empty(lo: &lopdf::Document, o: &Object) -> bool {
        match o {
            Object::Array(a) => a.is_empty(),
            Object::Dictionary(d) => d.is_empty(),
            Object::Reference(r) => lo
                .get_object(*r)
                .is_ok_and(|o| !matches!(o, Object::Reference(_)) && empty(lo, o)),
            _ => false,
        }
    }
    let empty_keys = |lo: &lopdf::Document, id: ObjectId, only: Option<&[u8]>| -> Vec<Vec<u8>> {
        lo.get_dictionary(id)
            .map(|d| {
                d.iter()
                    .filter(|(k, v)| only.is_none_or(|o| o == k.as_slice()) && empty(lo, v))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    for &page in page_ids {
        let annots = empty_keys(lo, page, Some(b"Annots"));
        let resources = lo
            .get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .and_then(Object::as_reference)
            .ok();
        let unused = resources.map(|r| (r, empty_keys(lo, r, None)));
        for (id, keys) in [(page, annots)].into_iter().chain(unused) {
            if let Ok(d) = lo.get_dictionary_mut(id) {
                for k in keys {
                    d.remove(&k);
                }
            }
        }
    }
}

/// Says what the file is: tagged (marked, its structure tree, its title shown rather
/// than its file name, as PDF/UA asks), its XMP metadata, and for PDF/A its output
/// intent, in a PDF 1.7 file (what both standards are made on).
fn conformance(
    lo: &mut lopdf::Document,
    doc: &Document,
    tree: ObjectId,
    standard: PdfStandard,
) -> Result<(), String> {
    let metadata = lo.add_object(meta::metadata_stream(&doc.info, standard));
    let intents = standard.pdfa_level().map(|_| meta::output_intent(lo));
    let catalog = lo.catalog_mut().map_err(|e| e.to_string())?;
    let mut marked = Dictionary::new();
    marked.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(marked));
    catalog.set("StructTreeRoot", Object::Reference(tree));
    let mut preferences = Dictionary::new();
    preferences.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(preferences));
    catalog.set("Metadata", Object::Reference(metadata));
    if let Some(intents) = intents {
        catalog.set("OutputIntents", intents);
    }
    lo.version = "1.7".into();
    Ok(())
}

/// Renames font names throughout an object.
fn rename_fonts(object: &mut Object, names: &HashMap<Vec<u8>, Vec<u8>>) {
    match object {
        Object::Dictionary(d) => rename_in_dict(d, names),
        Object::Stream(s) => rename_in_dict(&mut s.dict, names),
        Object::Array(a) => {
            for o in a {
                rename_fonts(o, names);
            }
        }
        _ => {}
    }
}

fn rename_in_dict(d: &mut Dictionary, names: &HashMap<Vec<u8>, Vec<u8>>) {
    let is_font =
        matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Font" || n == b"FontDescriptor");
    for (key, value) in d.iter_mut() {
        if is_font && (key == b"BaseFont" || key == b"FontName") {
            if let Object::Name(n) = value {
                if let Some(t) = names.get(n) {
                    *n = t.clone();
                }
            }
        } else {
            rename_fonts(value, names);
        }
    }
}

/// Writes the bookmarks under a parent; returns the first, the last and how many are
/// open below it.
fn outline_items(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    parent: ObjectId,
    pages: &[ObjectId],
    height: f64,
) -> (Option<ObjectId>, Option<ObjectId>, i64) {
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (k, e) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", lopdf::text_string(&e.title));
        d.set("Parent", Object::Reference(parent));
        if k > 0 {
            d.set("Prev", Object::Reference(ids[k - 1]));
        }
        if let Some(next) = ids.get(k + 1) {
            d.set("Next", Object::Reference(*next));
        }
        if let Some(&page) = pages.get(e.page) {
            d.set("Dest", destination(page, height - e.y));
        }
        let (first, last, below) = outline_items(lo, &e.children, ids[k], pages, height);
        if let (Some(f), Some(l)) = (first, last) {
            d.set("First", Object::Reference(f));
            d.set("Last", Object::Reference(l));
            // Documents open, their sections shown.
            d.set("Count", Object::Integer(below));
        }
        count += 1 + below.max(0);
        lo.objects.insert(ids[k], Object::Dictionary(d));
    }
    (ids.first().copied(), ids.last().copied(), count)
}

/// A destination: a page, shown from a height (PDF's, from the bottom) down.
fn destination(page: ObjectId, top: f64) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(top as f32),
        Object::Null,
    ])
}

/// Hashes the layout into a 16-byte identifier (FNV-1a, two seeds): stable across runs
/// and Rust versions, and different for different books.
fn fingerprint(doc: &Document) -> Vec<u8> {
    let mut f = super::Fingerprint::new();
    f.eat(doc.info.title.as_bytes());
    f.eat(doc.info.identifier.as_bytes());
    for p in &doc.pages {
        for item in &p.items {
            if let Item::Image { rect, image, .. } = item {
                f.eat(&image.number.to_le_bytes());
                f.eat(&rect.y.to_bits().to_le_bytes());
            }
            if let Item::Text(run) = item {
                f.eat(&run.x.to_bits().to_le_bytes());
                f.eat(&run.y.to_bits().to_le_bytes());
                for g in &run.glyphs {
                    f.eat(&g.id.to_le_bytes());
                }
            }
        }
    }
    f.finish()
}
