//! A cover image made from the metadata: the title and author set in the book's face on
//! a plain ground, as a PNG. Glyph outlines come from the font itself (ttf-parser) and
//! are filled by tiny-skia. A character the book's face lacks (a CJK or Arabic title) is
//! drawn from the PDF's fallback faces ([`crate::system_fonts`]: a fixed list of files,
//! so the same files give the same image), one character at a time, without shaping:
//! right-to-left text in visual order, its letters in their isolated forms.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};
use ttf_parser::{Face, OutlineBuilder};

/// The cover's size in pixels: 2:3, as the stores ask, small enough to encode quickly.
const WIDTH: u32 = 1000;
const HEIGHT: u32 = 1500;
/// Side margin for text.
const MARGIN: f32 = 100.0;

/// Why the cover could not be drawn.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CoverError {
    #[error("the cover font cannot be read")]
    Font,
    #[error("the cover cannot be encoded: {0}")]
    Png(#[from] png::EncodingError),
}

/// Draws the cover: title (wrapped), then the author under a rule.
pub(crate) fn cover(
    font: &[u8],
    title: &str,
    subtitle: Option<&str>,
    author: &str,
) -> Result<Vec<u8>, CoverError> {
    let face = Faces {
        main: Face::parse(font, 0).map_err(|_| CoverError::Font)?,
    };
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or(CoverError::Font)?;
    pixmap.fill(Color::from_rgba8(0xf3, 0xee, 0xe2, 0xff));
    let mut red = Paint::default();
    red.set_color_rgba8(0x8c, 0x1c, 0x13, 0xff);
    red.anti_alias = true;
    let mut ink = Paint::default();
    ink.set_color_rgba8(0x1d, 0x1b, 0x19, 0xff);
    ink.anti_alias = true;

    // A red band at the top and bottom, as on a pamphlet's wrapper.
    for y in [0.0, HEIGHT as f32 - 60.0] {
        if let Some(r) = Rect::from_xywh(0.0, y, WIDTH as f32, 60.0) {
            pixmap.fill_rect(r, &red, Transform::identity(), None);
        }
    }

    let width = WIDTH as f32 - 2.0 * MARGIN;
    // Only what can show on the cover is measured: a 10 MB title once took 46 s.
    let title = &clip(title);
    let subtitle = subtitle.map(clip);
    let author = &clip(author);
    // The title: the largest size at which it fits in at most five lines.
    let mut size = 96.0;
    let mut lines = wrap(&face, title, size, width);
    while (lines.len() > 5 || widest(&face, &lines, size) > width) && size > 36.0 {
        size -= 6.0;
        lines = wrap(&face, title, size, width);
    }
    let mut y = 380.0;
    for line in &lines {
        draw_line(&mut pixmap, &face, line, size, y, &ink);
        y += size * 1.2;
    }
    lines.truncate(8);
    if let Some(sub) = subtitle {
        y += 20.0;
        for line in wrap(&face, &sub, 48.0, width).into_iter().take(4) {
            draw_line(&mut pixmap, &face, &line, 48.0, y, &ink);
            y += 58.0;
        }
    }
    if let Some(r) = Rect::from_xywh(WIDTH as f32 / 2.0 - 80.0, y + 40.0, 160.0, 4.0) {
        pixmap.fill_rect(r, &red, Transform::identity(), None);
    }
    y += 140.0;
    for line in wrap(&face, author, 56.0, width).into_iter().take(4) {
        draw_line(&mut pixmap, &face, &line, 56.0, y, &red);
        y += 68.0;
    }
    encode(&pixmap)
}

/// The most characters of one text the cover sets: more than eight lines of the smallest
/// size hold; the rest is cut with an ellipsis.
const MAX_CHARS: usize = 300;

/// Cuts a text to [`MAX_CHARS`] characters, at a space where one is near, and marks the cut.
fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_CHARS) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&s| s > end / 2)
                .unwrap_or(end);
            format!("{}…", &text[..cut])
        }
    }
}

/// Encodes RGB (the cover has no transparency), favouring speed: the image is mostly flat.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, CoverError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut w = enc.write_header()?;
    w.write_image_data(&rgb)?;
    w.finish()?;
    Ok(out)
}

/// The book's face, and the fallback faces for what it lacks.
struct Faces<'a> {
    main: Face<'a>,
}

impl<'a> Faces<'a> {
    /// Returns the face that draws a character: the book's, else the first fallback face
    /// that has it, else the book's (which draws nothing for it).
    fn of(&self, c: char) -> &Face<'a> {
        if c.is_ascii() || self.main.glyph_index(c).is_some() {
            return &self.main;
        }
        crate::system_fonts::find(c, "")
            .and_then(crate::system_fonts::face)
            .unwrap_or(&self.main)
    }
}

fn advance(faces: &Faces, c: char, size: f32) -> f32 {
    let face = faces.of(c);
    let scale = size / f32::from(face.units_per_em());
    face.glyph_index(c)
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(size * 0.5, |a| f32::from(a) * scale)
}

fn measure(face: &Faces, text: &str, size: f32) -> f32 {
    text.chars().map(|c| advance(face, c, size)).sum()
}

fn widest(face: &Faces, lines: &[String], size: f32) -> f32 {
    lines
        .iter()
        .map(|l| measure(face, l, size))
        .fold(0.0, f32::max)
}

/// Breaks text into lines no wider than `width`, at spaces; a word wider than the line
/// (a CJK title has no spaces) is cut between its characters.
fn wrap(face: &Faces, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if measure(face, word, size) <= width {
            words.push(word.to_string());
            continue;
        }
        let (mut piece, mut w) = (String::new(), 0.0);
        for c in word.chars() {
            let a = advance(face, c, size);
            if !piece.is_empty() && w + a > width {
                words.push(std::mem::take(&mut piece));
                w = 0.0;
            }
            piece.push(c);
            w += a;
        }
        words.push(piece);
    }
    for word in &words {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(face, &candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.clone()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws one centred line with its baseline at `y`.
fn draw_line(pixmap: &mut Pixmap, faces: &Faces, text: &str, size: f32, y: f32, paint: &Paint) {
    let mut x = ((WIDTH as f32 - measure(faces, text, size)) / 2.0).max(0.0);
    for c in visual(text).chars() {
        if x > WIDTH as f32 {
            break;
        }
        let face = faces.of(c);
        let scale = size / f32::from(face.units_per_em());
        if let Some(g) = face.glyph_index(c) {
            let mut pen = Pen {
                b: PathBuilder::new(),
                x,
                y,
                scale,
            };
            if face.outline_glyph(g, &mut pen).is_some() {
                if let Some(path) = pen.b.finish() {
                    pixmap.fill_path(&path, paint, FillRule::Winding, Transform::identity(), None);
                }
            }
        }
        x += advance(faces, c, size);
    }
}

/// Puts a line in visual order (the Unicode bidi algorithm): right-to-left text reversed.
fn visual(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    let info = unicode_bidi::BidiInfo::new(text, None);
    match info.paragraphs.first() {
        Some(p) if info.has_rtl() => info.reorder_line(p, 0..text.len()),
        _ => text.into(),
    }
}

/// Turns font units (y up) into pixels (y down) at a pen position.
struct Pen {
    b: PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
}

impl Pen {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.p(x, y);
        self.b.move_to(a, b);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.p(x, y);
        self.b.line_to(a, b);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (a, b) = self.p(x1, y1);
        let (c, d) = self.p(x, y);
        self.b.quad_to(a, b, c, d);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b) = self.p(x1, y1);
        let (c, d) = self.p(x2, y2);
        let (e, f) = self.p(x, y);
        self.b.cubic_to(a, b, c, d, e, f);
    }
    fn close(&mut self) {
        self.b.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_clipped_to_what_the_cover_holds() {
        assert_eq!(clip("Short title"), "Short title");
        let long = "word ".repeat(10_000);
        let c = clip(&long);
        assert!(
            c.chars().count() <= MAX_CHARS + 1 && c.ends_with('…'),
            "{c}"
        );
        let start = std::time::Instant::now();
        let font = include_bytes!("../../fonts/EBGaramond12-Regular.otf");
        cover(font, &"a".repeat(1_000_000), Some(&long), &long).unwrap();
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn a_title_in_another_script_is_drawn_from_a_fallback_face() {
        if crate::system_fonts::find('漢', "").is_none() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "Noto CJK is missing"
            );
            return;
        }
        let font = include_bytes!("../../fonts/EBGaramond12-Regular.otf");
        let ink = |png: &[u8]| {
            let decoder = png::Decoder::new(std::io::Cursor::new(png));
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size()];
            reader.next_frame(&mut buf).unwrap();
            // Dark pixels in the title's band.
            buf[(300 * WIDTH as usize * 3)..(700 * WIDTH as usize * 3)]
                .chunks_exact(3)
                .filter(|p| p[0] < 0x80)
                .count()
        };
        let blank = ink(&cover(font, "", None, "").unwrap());
        let cjk = ink(&cover(font, "工人们的港口", None, "").unwrap());
        let arabic = ink(&cover(font, "عمال الميناء", None, "").unwrap());
        assert!(cjk > blank + 1000, "{cjk} vs {blank}");
        assert!(arabic > blank + 1000, "{arabic} vs {blank}");
    }
}
