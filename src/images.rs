//! The book's images: found in the model, read from inside the book's root, decoded once
//! (in parallel), and made ready for both editions — the only user of `image` and `resvg`.
//!
//! PNG and JPEG go into the EPUB as they are (scaled down past [`EPUB_MAX_PIXELS`]); GIF
//! (its first frame) and WebP become PNG; SVG goes in as SVG. The PDF gets JPEG as it is
//! (a `DCTDecode` stream) and everything else as pixels (SVG rasterized at
//! [`PRINT_DPI`]).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{line_of, Diagnostic, Error};
use crate::model::{inlines_text, Block, Book, Inline};

/// The resolution an image is set at, at most, when no width is asked for: it is never
/// enlarged past it (a 600-pixel image is 2 inches wide).
pub const PRINT_DPI: f64 = 300.0;

/// Images larger than this (in pixels) are scaled down for the EPUB: e-readers' screens
/// have about 2 Mpx, and large images slow them down or fail.
pub const EPUB_MAX_PIXELS: u64 = 2_000_000;

/// The largest image read (either side, in pixels): past it an image is refused as
/// unreadable, whatever it claims.
const MAX_SIDE: u32 = 20_000;

/// The longest side of the pixels kept for the PDF (ten inches at 300 dpi).
const PDF_MAX_SIDE: u32 = 3_000;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (its first frame).
    Gif,
    /// WebP.
    Webp,
    /// SVG.
    Svg,
}

/// What the PDF draws.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfPixels {
    /// A JPEG file, embedded as it is.
    Jpeg {
        /// The file.
        data: Arc<Vec<u8>>,
        /// Colour components (1 grey, 3 RGB).
        components: u8,
    },
    /// 8-bit RGB pixels, and their alpha where any pixel is not opaque.
    Rgb {
        /// Rows of RGB triples.
        rgb: Vec<u8>,
        /// One byte a pixel, if the image has transparency.
        alpha: Option<Vec<u8>>,
    },
}

/// One image, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Its number in the book (from 1, in the order of first appearance).
    pub number: usize,
    /// The file, resolved (for an image given in a `data:` address, that address).
    pub path: PathBuf,
    /// The format it was read as.
    pub kind: Kind,
    /// Its natural width and height in points (pixels at [`PRINT_DPI`]; an SVG's own size).
    pub natural: (f64, f64),
    /// The file put in the EPUB.
    pub epub_bytes: Arc<Vec<u8>>,
    /// Its media type.
    pub epub_media: &'static str,
    /// Its name in the EPUB (`images/image-3.png`).
    pub epub_name: String,
    /// The pixels' width and height in the PDF.
    pub pdf_size: (u32, u32),
    /// What the PDF draws.
    pub pdf: PdfPixels,
}

/// A book's images by the address the model gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Images {
    by_url: BTreeMap<String, Arc<Image>>,
    /// In the order of first appearance.
    all: Vec<Arc<Image>>,
}

impl Images {
    /// The image an address stands for, if it was found and read.
    pub fn get(&self, url: &str) -> Option<&Arc<Image>> {
        self.by_url.get(url)
    }

    /// Every image once, in the order of first appearance.
    pub fn all(&self) -> &[Arc<Image>] {
        &self.all
    }

    /// Whether the book has no image.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

/// An image that stands alone in its paragraph: a figure, with its title as caption.
pub struct Figure<'a> {
    /// The address.
    pub url: &'a str,
    /// The caption (the image's title), possibly empty.
    pub caption: &'a str,
    /// The description.
    pub alt: &'a [Inline],
    /// The width asked for.
    pub width: Option<&'a str>,
}

/// Says whether a paragraph is an image alone (white space aside), a figure.
pub fn figure(content: &[Inline]) -> Option<Figure<'_>> {
    let mut found = None;
    for i in content {
        match i {
            Inline::Text { text } if text.trim().is_empty() => {}
            Inline::Image {
                url,
                title,
                alt,
                width,
            } if found.is_none() => {
                found = Some(Figure {
                    url,
                    caption: title,
                    alt,
                    width: width.as_deref(),
                })
            }
            _ => return None,
        }
    }
    found
}

/// A width asked for, as a share of the measure (`50%`) or a length in points (`3in`,
/// `5cm`, `40mm`, `200pt`, `300px` at 96 px an inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// A share of the measure, 0 to 1.
    Share(f64),
    /// A length in points.
    Points(f64),
}

/// Reads a width (`None` for what it cannot read).
pub fn parse_width(w: &str) -> Option<Width> {
    let w = w.trim();
    let split = w
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(w.len());
    let (n, unit) = w.split_at(split);
    let n: f64 = n.parse().ok().filter(|n: &f64| n.is_finite() && *n > 0.0)?;
    Some(match unit.trim() {
        "%" => Width::Share((n / 100.0).min(1.0)),
        "in" => Width::Points(n * 72.0),
        "cm" => Width::Points(n * 72.0 / 2.54),
        "mm" => Width::Points(n * 72.0 / 25.4),
        "pt" => Width::Points(n),
        "px" | "" => Width::Points(n * 0.75),
        _ => return None,
    })
}

/// One image reference found in the model.
struct Reference {
    url: String,
    alt: String,
}

/// Finds, reads and decodes the images one input refers to; adds them to `images`, and
/// says what was wrong in `diagnostics` (the text of `input` gives the lines). A missing,
/// unreadable or outside image is an error, unless `allow_missing` makes it a warning
/// (its description stands in for it); an address on the web is a warning.
pub fn gather(
    book: &mut Book,
    input: &Path,
    roots: &[PathBuf],
    allow_missing: bool,
    images: &mut Images,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let mut refs = Vec::new();
    for d in &book.documents {
        visit_blocks(&d.blocks, &mut refs);
        for n in &d.notes {
            visit_blocks(&n.blocks, &mut refs);
        }
    }
    if refs.is_empty() {
        return Ok(());
    }
    let text = std::fs::read(input)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let dir = input.parent().unwrap_or(Path::new("."));
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut wanted: Vec<(String, PathBuf, Option<usize>)> = Vec::new();
    // The images a page carries in its `data:` addresses, by the address.
    let mut inline_bytes: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    for r in &refs {
        let k = seen.entry(r.url.as_str()).or_insert(0);
        *k += 1;
        let line = line_of_occurrence(&text, &r.url, *k);
        if r.alt.trim().is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "image-alt-missing",
                    input,
                    line,
                    format!(
                        "the image “{}” has no description (alt text)",
                        named(&r.url)
                    ),
                )
                .with_hint(
                    "describe the image for readers who cannot see it: ![what it shows](file)",
                ),
            );
        }
        if *k > 1 || images.get(&r.url).is_some() {
            continue;
        }
        let shown = if r.alt.trim().is_empty() {
            "nothing stands in for it".to_string()
        } else {
            format!("its description “{}” stands in for it", r.alt.trim())
        };
        match embedded(&r.url) {
            Some(Ok(bytes)) => {
                // The same picture given twice (wrapped once, once not) is one image.
                let key = inline_bytes
                    .iter()
                    .find(|(_, b)| **b == bytes)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_else(|| PathBuf::from(&r.url));
                inline_bytes.entry(key.clone()).or_insert(bytes);
                wanted.push((r.url.clone(), key, line));
                continue;
            }
            Some(Err(why)) => {
                let message = format!(
                    "the image “{}” cannot be read: {why}; {shown}",
                    named(&r.url)
                );
                errors.push(unreadable(input, line, message, allow_missing));
                continue;
            }
            None => {}
        }
        let lower = r.url.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("//") {
            diagnostics.push(
                Diagnostic::warning(
                    "image-remote",
                    input,
                    line,
                    format!("the image “{}” is not a file of the book; {shown}", r.url),
                )
                .with_hint("download the image into the book's folder and point to the file"),
            );
            continue;
        }
        let relative = percent_decode(r.url.split(['?', '#']).next().unwrap_or(&r.url));
        let path = dir.join(&relative);
        let problem = match path.canonicalize() {
            Err(_) => Some((
                "image-missing",
                format!("the image “{}” is not there ({}); {shown}", r.url, path.display()),
                "put the image file where the path points (paths are from the manuscript's folder), or build with --allow-missing-images",
            )),
            Ok(real) if !roots.iter().any(|root| real.starts_with(root)) => Some((
                "outside-root",
                format!(
                    "the image “{}” is outside the book's folder; {shown}",
                    r.url
                ),
                "a book reads files only inside the folder of its book.toml; move the image there, or allow its folder with --root DIR",
            )),
            Ok(real) if !real.is_file() => Some((
                "image-missing",
                format!("the image “{}” is not a file; {shown}", r.url),
                "point to an image file",
            )),
            Ok(real) => {
                wanted.push((r.url.clone(), real, line));
                None
            }
        };
        if let Some((code, message, hint)) = problem {
            let d = if allow_missing && code == "image-missing" {
                Diagnostic::warning(code, input, line, message)
            } else {
                Diagnostic::error(code, input, line, message)
            };
            errors.push(d.with_hint(hint));
        }
    }
    // Decoded once each, in parallel (a file named by two inputs is read once too).
    let mut by_path: BTreeMap<PathBuf, Arc<Image>> = images
        .all
        .iter()
        .map(|i| (i.path.clone(), i.clone()))
        .collect();
    let mut todo: Vec<PathBuf> = wanted
        .iter()
        .map(|(_, p, _)| p.clone())
        .filter(|p| !by_path.contains_key(p))
        .collect();
    todo.sort();
    todo.dedup();
    let decoded: Vec<(PathBuf, Result<Decoded, String>)> = todo
        .into_par_iter()
        .map(|p| {
            let r = match inline_bytes.get(&p) {
                Some(b) => decode(b),
                None => std::fs::read(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|b| decode(&b)),
            };
            (p, r)
        })
        .collect();
    let mut failed: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut decoded: BTreeMap<PathBuf, Decoded> = decoded
        .into_iter()
        .filter_map(|(p, r)| match r {
            Ok(d) => Some((p, d)),
            Err(e) => {
                failed.insert(p, e);
                None
            }
        })
        .collect();
    for (url, path, line) in wanted {
        if let Some(why) = failed.get(&path) {
            let message = format!("the image “{}” cannot be read: {why}", named(&url));
            errors.push(unreadable(input, line, message, allow_missing));
            continue;
        }
        let image = match by_path.get(&path) {
            Some(i) => i.clone(),
            None => {
                let Some(d) = decoded.remove(&path) else {
                    continue;
                };
                let number = images.all.len() + 1;
                let image = Arc::new(d.into_image(number, path.clone()));
                images.all.push(image.clone());
                by_path.insert(path, image.clone());
                image
            }
        };
        images.by_url.insert(url, image);
    }
    if errors
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        diagnostics.extend(
            errors
                .iter()
                .filter(|d| d.severity < crate::diagnostic::Severity::Error)
                .cloned(),
        );
        return Err(Error::Input(
            errors
                .into_iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .collect(),
        ));
    }
    diagnostics.extend(errors);
    Ok(())
}

/// Says whether an image is a spacer: a bitmap of at most 2 by 2 pixels, as pages put in
/// `src` while the real picture waits in `data-src` (lazy loading), or to space a layout.
pub(crate) fn is_spacer(bytes: &[u8]) -> bool {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .is_some_and(|(w, h)| w <= 2 && h <= 2)
}

/// An image that does not decode: an error, or a warning where missing images are allowed.
fn unreadable(input: &Path, line: Option<usize>, message: String, allow: bool) -> Diagnostic {
    let d = if allow {
        Diagnostic::warning("image-unreadable", input, line, message)
    } else {
        Diagnostic::error("image-unreadable", input, line, message)
    };
    d.with_hint("give a PNG, JPEG, GIF, WebP or SVG file")
}

/// An image's address as a message names it: a `data:` address by its start only (it
/// holds the whole picture).
pub(crate) fn named(url: &str) -> String {
    match url.trim().get(..5) {
        Some(p) if p.eq_ignore_ascii_case("data:") => {
            let head: String = url
                .trim()
                .chars()
                .take_while(|&c| c != ',')
                .take(40)
                .collect();
            format!("{head},…")
        }
        _ => url.to_string(),
    }
}

/// The bytes of an image given in its address (`data:image/png;base64,…`, as pages saved
/// as one file carry them): `None` for any other address.
pub(crate) fn embedded(url: &str) -> Option<Result<Vec<u8>, String>> {
    use base64::Engine;
    let url = url.trim();
    let rest = url
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("data:"))
        .map(|_| &url[5..])?;
    let Some((head, payload)) = rest.split_once(',') else {
        return Some(Err("its data: address has no comma before the data".into()));
    };
    let head = head.to_ascii_lowercase();
    if !head.starts_with("image/") {
        return Some(Err(format!(
            "its data: address holds “{head}”, not an image"
        )));
    }
    Some(if head.ends_with(";base64") {
        // Saved pages wrap long addresses; base64 has no white space of its own.
        let clean: String = percent_decode(payload)
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let lenient = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        lenient
            .decode(clean)
            .map_err(|e| format!("its base64 data is broken ({e})"))
    } else {
        Ok(percent_decode(payload).into_bytes())
    })
}

/// The line of the `k`-th occurrence (from 1) of an address in the input's text.
fn line_of_occurrence(text: &str, url: &str, k: usize) -> Option<usize> {
    if url.is_empty() {
        return None;
    }
    let found: Vec<usize> = text.match_indices(url).map(|(at, _)| at).collect();
    found
        .get(k - 1)
        .or(found.first())
        .map(|&at| line_of(text, at))
}

fn visit_blocks(blocks: &[Block], out: &mut Vec<Reference>) {
    for b in blocks {
        match b {
            Block::BlockQuote { blocks } => visit_blocks(blocks, out),
            Block::List { items, .. } => {
                for i in items {
                    visit_blocks(&i.blocks, out);
                }
            }
            other => crate::model::visit_inlines(other, &mut |c| visit_inlines(c, out)),
        }
    }
}

fn visit_inlines(inlines: &[Inline], out: &mut Vec<Reference>) {
    for i in inlines {
        match i {
            Inline::Image { url, alt, .. } => out.push(Reference {
                url: url.clone(),
                alt: inlines_text(alt),
            }),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => visit_inlines(content, out),
            _ => {}
        }
    }
}

/// Decodes `%20` and the like in a file address (a `%` before anything but two hex
/// digits stays as written). The HTML reader decodes its `src` addresses with it.
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An image decoded, before it has its number.
struct Decoded {
    kind: Kind,
    natural: (f64, f64),
    epub_bytes: Vec<u8>,
    epub_media: &'static str,
    epub_ext: &'static str,
    pdf_size: (u32, u32),
    pdf: PdfPixels,
}

impl Decoded {
    fn into_image(self, number: usize, path: PathBuf) -> Image {
        Image {
            number,
            path,
            kind: self.kind,
            natural: self.natural,
            epub_bytes: Arc::new(self.epub_bytes),
            epub_media: self.epub_media,
            epub_name: format!("images/image-{number}.{}", self.epub_ext),
            pdf_size: self.pdf_size,
            pdf: self.pdf,
        }
    }
}

/// Says whether bytes are an SVG file (XML whose root is `<svg`).
fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    head.contains("<svg")
}

fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if is_svg(bytes) {
        return decode_svg(bytes);
    }
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader.format();
    let kind = match format {
        Some(image::ImageFormat::Png) => Kind::Png,
        Some(image::ImageFormat::Jpeg) => Kind::Jpeg,
        Some(image::ImageFormat::Gif) => Kind::Gif,
        Some(image::ImageFormat::WebP) => Kind::Webp,
        _ => return Err("not a PNG, JPEG, GIF, WebP or SVG file".into()),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(1 << 30);
    let mut reader = reader;
    reader.limits(limits);
    let img = reader.decode().map_err(|e| e.to_string())?;
    let (w, h) = (img.width(), img.height());
    if w == 0 || h == 0 {
        return Err("the image is empty".into());
    }
    let natural = (
        f64::from(w) * 72.0 / PRINT_DPI,
        f64::from(h) * 72.0 / PRINT_DPI,
    );
    // The EPUB's file.
    let pixels = u64::from(w) * u64::from(h);
    let (epub_bytes, epub_media, epub_ext) = if pixels > EPUB_MAX_PIXELS {
        let scale = (EPUB_MAX_PIXELS as f64 / pixels as f64).sqrt();
        let small = shrink(
            &img,
            ((f64::from(w) * scale) as u32).max(1),
            ((f64::from(h) * scale) as u32).max(1),
        )?;
        if kind == Kind::Jpeg {
            (encode_jpeg(&small)?, "image/jpeg", "jpg")
        } else {
            (encode_png(&small)?, "image/png", "png")
        }
    } else {
        match kind {
            Kind::Png => (bytes.to_vec(), "image/png", "png"),
            Kind::Jpeg => (bytes.to_vec(), "image/jpeg", "jpg"),
            _ => (encode_png(&img)?, "image/png", "png"),
        }
    };
    // The PDF's pixels: JPEG as it is, where its colours are grey or RGB.
    let components = (kind == Kind::Jpeg)
        .then(|| jpeg_components(bytes))
        .flatten();
    let (pdf_size, pdf) = match components {
        Some(c @ (1 | 3)) => (
            (w, h),
            PdfPixels::Jpeg {
                data: Arc::new(bytes.to_vec()),
                components: c,
            },
        ),
        _ => {
            let img = if w.max(h) > PDF_MAX_SIDE {
                // The longer side at the limit, the shorter in proportion.
                let scale = f64::from(PDF_MAX_SIDE) / f64::from(w.max(h));
                shrink(
                    &img,
                    ((f64::from(w) * scale).round() as u32).clamp(1, PDF_MAX_SIDE),
                    ((f64::from(h) * scale).round() as u32).clamp(1, PDF_MAX_SIDE),
                )?
            } else {
                img
            };
            let size = (img.width(), img.height());
            if img.color().has_alpha() {
                (size, rgb_alpha(img.to_rgba8().as_raw()))
            } else {
                let rgb = img.to_rgb8().into_raw();
                (size, PdfPixels::Rgb { rgb, alpha: None })
            }
        }
    };
    Ok(Decoded {
        kind,
        natural,
        epub_bytes,
        epub_media,
        epub_ext,
        pdf_size,
        pdf,
    })
}

/// Scales a picture down to `w` × `h` pixels with a Lanczos filter, in 8-bit grey or RGB,
/// with alpha where it has one (alpha-weighted): the pixels are the same on every CPU,
/// whichever SIMD it has.
fn shrink(img: &image::DynamicImage, w: u32, h: u32) -> Result<image::DynamicImage, String> {
    use fast_image_resize::{ResizeOptions, Resizer};
    use image::{ColorType, DynamicImage};
    let src = match img.color() {
        ColorType::L8 | ColorType::L16 => DynamicImage::ImageLuma8(img.to_luma8()),
        ColorType::La8 | ColorType::La16 => DynamicImage::ImageLumaA8(img.to_luma_alpha8()),
        c if c.has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
        _ => DynamicImage::ImageRgb8(img.to_rgb8()),
    };
    let mut dst = DynamicImage::new(w, h, src.color());
    Resizer::new()
        .resize(&src, &mut dst, &ResizeOptions::new())
        .map_err(|e| format!("could not scale the picture: {e}"))?;
    Ok(dst)
}

fn decode_svg(bytes: &[u8]) -> Result<Decoded, String> {
    use resvg::{tiny_skia, usvg};
    let tree =
        usvg::Tree::from_data(bytes, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return Err("the SVG has no size".into());
    }
    // CSS pixels (96 an inch) into points; rasterized at PRINT_DPI for the PDF.
    let natural = (w * 0.75, h * 0.75);
    let mut scale = PRINT_DPI / 96.0;
    let longest = w.max(h) * scale;
    if longest > f64::from(PDF_MAX_SIDE) {
        scale *= f64::from(PDF_MAX_SIDE) / longest;
    }
    let pw = ((w * scale).round() as u32).max(1);
    let ph = ((h * scale).round() as u32).max(1);
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph).ok_or("the SVG is too large")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    let mut rgba = Vec::with_capacity(pixmap.pixels().len() * 4);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(Decoded {
        kind: Kind::Svg,
        natural,
        epub_bytes: bytes.to_vec(),
        epub_media: "image/svg+xml",
        epub_ext: "svg",
        pdf_size: (pw, ph),
        pdf: rgb_alpha(&rgba),
    })
}

/// Splits RGBA pixels into RGB and, if any is not opaque, alpha.
fn rgb_alpha(rgba: &[u8]) -> PdfPixels {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    let mut alpha = Vec::with_capacity(rgba.len() / 4);
    for p in rgba.chunks_exact(4) {
        rgb.extend_from_slice(&p[..3]);
        alpha.push(p[3]);
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    PdfPixels::Rgb {
        rgb,
        alpha: (!opaque).then_some(alpha),
    }
}

fn encode_png(img: &image::DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn encode_jpeg(img: &image::DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let rgb = img.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The number of colour components a JPEG's frame header gives.
fn jpeg_components(b: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return b.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(parse_width("50%"), Some(Width::Share(0.5)));
        assert_eq!(parse_width("2in"), Some(Width::Points(144.0)));
        assert_eq!(parse_width("wide"), None);
        assert_eq!(parse_width("0%"), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
