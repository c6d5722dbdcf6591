//! Fallback faces: which face draws each character, when the book's faces lack it.
//!
//! EB Garamond covers Latin, Greek and Cyrillic; for every other script the PDF takes a
//! face from the system. Shipping them is out of the question (Noto CJK alone is 26 MB a
//! weight), and scanning every font installed (as `fontdb` does) would make the choice
//! depend on whatever else a machine has. So the faces are a **fixed, ordered list** of
//! Noto files (Debian's `fonts-noto-core` and `fonts-noto-cjk`, the same names on other
//! systems), looked up in a few fixed folders: the same files give the same choice, and
//! so the same PDF. A file is read only when a character the book's faces lack asks for
//! it, once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_script::{Script, UnicodeScript};

use super::fonts::Face;

/// Where the fallback files are looked for, in order: Debian's (and most Linux
/// distributions') folders for Noto and DejaVu.
const FOLDERS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/local/share/fonts",
];

/// A fallback face: its file, its number in the file (a collection's), and the scripts
/// it is chosen for (none: any character, after the script's own faces).
struct Candidate {
    file: &'static str,
    index: u32,
    scripts: &'static [Script],
}

const CJK: &[Script] = &[
    Script::Han,
    Script::Hiragana,
    Script::Katakana,
    Script::Hangul,
    Script::Bopomofo,
];

/// The fallback faces; a face's place here is its number ([`Face::Fallback`]), so this
/// list only grows at its end. Serif faces come first, to sit with EB Garamond; sans
/// faces where a script has no serif one installed.
const CANDIDATES: &[Candidate] = &[
    // Noto Serif CJK's collection: Japanese, Korean, Simplified and Traditional Chinese
    // forms of the same characters (chosen by the document's language).
    Candidate {
        file: "NotoSerifCJK-Regular.ttc",
        index: 0,
        scripts: CJK,
    },
    Candidate {
        file: "NotoSerifCJK-Regular.ttc",
        index: 1,
        scripts: CJK,
    },
    Candidate {
        file: "NotoSerifCJK-Regular.ttc",
        index: 2,
        scripts: CJK,
    },
    Candidate {
        file: "NotoSerifCJK-Regular.ttc",
        index: 3,
        scripts: CJK,
    },
    Candidate {
        file: "NotoNaskhArabic-Regular.ttf",
        index: 0,
        scripts: &[Script::Arabic],
    },
    Candidate {
        file: "NotoSansArabic-Regular.ttf",
        index: 0,
        scripts: &[Script::Arabic],
    },
    Candidate {
        file: "NotoSerifHebrew-Regular.ttf",
        index: 0,
        scripts: &[Script::Hebrew],
    },
    Candidate {
        file: "NotoSansHebrew-Regular.ttf",
        index: 0,
        scripts: &[Script::Hebrew],
    },
    Candidate {
        file: "NotoSerifDevanagari-Regular.ttf",
        index: 0,
        scripts: &[Script::Devanagari],
    },
    Candidate {
        file: "NotoSansDevanagari-Regular.ttf",
        index: 0,
        scripts: &[Script::Devanagari],
    },
    Candidate {
        file: "NotoSerifThai-Regular.ttf",
        index: 0,
        scripts: &[Script::Thai],
    },
    Candidate {
        file: "NotoSansThai-Regular.ttf",
        index: 0,
        scripts: &[Script::Thai],
    },
    Candidate {
        file: "NotoSerifBengali-Regular.ttf",
        index: 0,
        scripts: &[Script::Bengali],
    },
    Candidate {
        file: "NotoSansBengali-Regular.ttf",
        index: 0,
        scripts: &[Script::Bengali],
    },
    Candidate {
        file: "NotoSerifGeorgian-Regular.ttf",
        index: 0,
        scripts: &[Script::Georgian],
    },
    Candidate {
        file: "NotoSansGeorgian-Regular.ttf",
        index: 0,
        scripts: &[Script::Georgian],
    },
    Candidate {
        file: "NotoSerifArmenian-Regular.ttf",
        index: 0,
        scripts: &[Script::Armenian],
    },
    Candidate {
        file: "NotoSansArmenian-Regular.ttf",
        index: 0,
        scripts: &[Script::Armenian],
    },
    Candidate {
        file: "NotoSerifTamil-Regular.ttf",
        index: 0,
        scripts: &[Script::Tamil],
    },
    Candidate {
        file: "NotoSansTamil-Regular.ttf",
        index: 0,
        scripts: &[Script::Tamil],
    },
    Candidate {
        file: "NotoSerifGujarati-Regular.ttf",
        index: 0,
        scripts: &[Script::Gujarati],
    },
    Candidate {
        file: "NotoSansGurmukhi-Regular.ttf",
        index: 0,
        scripts: &[Script::Gurmukhi],
    },
    Candidate {
        file: "NotoSerifEthiopic-Regular.ttf",
        index: 0,
        scripts: &[Script::Ethiopic],
    },
    Candidate {
        file: "NotoSerifKhmer-Regular.ttf",
        index: 0,
        scripts: &[Script::Khmer],
    },
    Candidate {
        file: "NotoSerifLao-Regular.ttf",
        index: 0,
        scripts: &[Script::Lao],
    },
    Candidate {
        file: "NotoSerifMyanmar-Regular.ttf",
        index: 0,
        scripts: &[Script::Myanmar],
    },
    Candidate {
        file: "NotoSerifSinhala-Regular.ttf",
        index: 0,
        scripts: &[Script::Sinhala],
    },
    Candidate {
        file: "NotoSerifTelugu-Regular.ttf",
        index: 0,
        scripts: &[Script::Telugu],
    },
    Candidate {
        file: "NotoSerifKannada-Regular.ttf",
        index: 0,
        scripts: &[Script::Kannada],
    },
    Candidate {
        file: "NotoSerifMalayalam-Regular.ttf",
        index: 0,
        scripts: &[Script::Malayalam],
    },
    Candidate {
        file: "NotoSansSyriac-Regular.ttf",
        index: 0,
        scripts: &[Script::Syriac],
    },
    Candidate {
        file: "NotoSansThaana-Regular.ttf",
        index: 0,
        scripts: &[Script::Thaana],
    },
    // Any script: Latin, Greek and Cyrillic letters EB Garamond lacks, then symbols,
    // arrows and mathematics.
    Candidate {
        file: "NotoSerif-Regular.ttf",
        index: 0,
        scripts: &[],
    },
    Candidate {
        file: "NotoSans-Regular.ttf",
        index: 0,
        scripts: &[],
    },
    Candidate {
        file: "NotoSansMath-Regular.ttf",
        index: 0,
        scripts: &[],
    },
    Candidate {
        file: "NotoSansSymbols-Regular.ttf",
        index: 0,
        scripts: &[],
    },
    Candidate {
        file: "NotoSansSymbols2-Regular.ttf",
        index: 0,
        scripts: &[],
    },
    Candidate {
        file: "DejaVuSans.ttf",
        index: 0,
        scripts: &[],
    },
];

/// A fallback file, read and parsed.
struct Loaded {
    face: ttf_parser::Face<'static>,
    bytes: &'static [u8],
    name: &'static str,
}

/// Each candidate, read on first need (`None`: not on this system, or not a font).
static LOADED: [OnceLock<Option<Loaded>>; CANDIDATES.len()] =
    [const { OnceLock::new() }; CANDIDATES.len()];

/// Reads a candidate, once.
fn load(n: u16) -> Option<&'static Loaded> {
    let slot = LOADED.get(usize::from(n))?;
    slot.get_or_init(|| {
        let c = &CANDIDATES[usize::from(n)];
        let bytes = FOLDERS
            .iter()
            .find_map(|dir| std::fs::read(std::path::Path::new(dir).join(c.file)).ok())?;
        // The bytes live as long as the process: faces point into them, and each file is
        // read once (a collection's faces share nothing, at worst four reads of one file).
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let face = ttf_parser::Face::parse(bytes, c.index).ok()?;
        let name: &'static str = Box::leak(
            face.names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                .find_map(|n| n.to_string())
                .unwrap_or_else(|| c.file.trim_end_matches(".ttf").to_string())
                .into_boxed_str(),
        );
        Some(Loaded { face, bytes, name })
    })
    .as_ref()
}

/// Returns a fallback face's font program (empty if it could not be read).
pub fn bytes(n: u16) -> &'static [u8] {
    load(n).map_or(&[], |l| l.bytes)
}

/// Returns a fallback face's number in its file.
pub fn collection_index(n: u16) -> u32 {
    CANDIDATES.get(usize::from(n)).map_or(0, |c| c.index)
}

/// Returns a fallback face's PostScript name (its file's name if it has none).
pub fn postscript_name(n: u16) -> &'static str {
    load(n).map_or("Fallback", |l| l.name)
}

/// Which of Noto CJK's forms a language wants: Japanese, Korean, Traditional or
/// Simplified Chinese (the default: the commonest).
fn cjk_form(lang: &str) -> u16 {
    let lang = lang.to_ascii_lowercase();
    if lang.starts_with("ja") {
        0
    } else if lang.starts_with("ko") {
        1
    } else if lang.starts_with("zh")
        && (lang.contains("hant") || lang.contains("-tw") || lang.contains("-hk"))
    {
        3
    } else {
        2
    }
}

/// Finds the fallback face for a character: its script's faces in order (for CJK the
/// language's form first), then the faces for any script, then CJK's (which have many
/// symbols). `None` when no face on the system has it.
pub fn find(c: char, lang: &str) -> Option<Face> {
    let script = c.script();
    // A character shared by a few scripts (the danda of Devanagari, Bengali…) counts as
    // each of them.
    let scripts = unicode_script::ScriptExtension::from(c);
    let has = |n: u16| load(n).is_some_and(|l| l.face.glyph_index(c).is_some());
    let form = cjk_form(lang);
    let all = 0..CANDIDATES.len() as u16;
    let own = all.clone().filter(|&n| {
        CANDIDATES[usize::from(n)]
            .scripts
            .iter()
            .any(|&s| scripts.contains_script(s))
    });
    let any = all
        .clone()
        .filter(|&n| CANDIDATES[usize::from(n)].scripts.is_empty());
    std::iter::once(form)
        .filter(|_| CJK.contains(&script))
        .chain(own)
        .chain(any)
        .chain(std::iter::once(form))
        .find(|&n| has(n))
        .map(Face::Fallback)
}

/// Says whether a character is drawn by no glyph: white space, controls, soft hyphen,
/// zero-width characters, variation selectors.
pub(crate) fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}')
}

/// Chooses the face of each character of a text: the span's own face where it has the
/// glyph, else a fallback face. Remembers its choices (a book repeats its characters).
pub struct Chooser {
    lang: String,
    faces: HashMap<Face, Option<ttf_parser::Face<'static>>>,
    chosen: HashMap<(Face, char), Face>,
}

impl Chooser {
    /// Makes a chooser for text in a language (which picks the CJK forms).
    pub fn new(lang: &str) -> Chooser {
        Chooser {
            lang: lang.to_string(),
            faces: HashMap::new(),
            chosen: HashMap::new(),
        }
    }

    /// Sets the language of the text to come.
    pub fn set_language(&mut self, lang: &str) {
        if self.lang != lang {
            self.lang = lang.to_string();
            self.chosen.clear();
        }
    }

    /// Says whether a face has a glyph for a character.
    fn has(&mut self, face: Face, c: char) -> bool {
        self.faces
            .entry(face)
            .or_insert_with(|| ttf_parser::Face::parse(face.bytes(), face.collection_index()).ok())
            .as_ref()
            .is_some_and(|f| f.glyph_index(c).is_some())
    }

    /// Returns the face that draws a character in text set in `face`: `face` itself when
    /// it has the glyph, or stands a kin in (`‐` as `-`), or when no face has it (it is
    /// then drawn as `face`'s `.notdef` box: the warning `glyph-missing` names it).
    pub fn face_for(&mut self, face: Face, c: char) -> Face {
        if c.is_ascii() || invisible(c) {
            return face;
        }
        if let Some(&f) = self.chosen.get(&(face, c)) {
            return f;
        }
        let f = if self.has(face, c) || super::shape::substitute(c) != '?' {
            face
        } else {
            find(c, &self.lang).unwrap_or(face)
        };
        self.chosen.insert((face, c), f);
        f
    }

    /// Cuts a text set in `face` into runs of one face each: byte ranges and their faces.
    /// A combining mark or joiner stays with the letter before it when that face has it.
    pub fn runs(&mut self, face: Face, text: &str) -> Vec<(std::ops::Range<usize>, Face)> {
        if text.is_ascii() {
            return vec![(0..text.len(), face)];
        }
        let mut out: Vec<(std::ops::Range<usize>, Face)> = Vec::new();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let joins =
                matches!(c.script(), Script::Inherited) || matches!(c, '\u{200c}' | '\u{200d}');
            let f = match out.last() {
                Some(&(_, prev)) if joins && self.has(prev, c) => prev,
                // Punctuation the span's face lacks stays in the script's face before it
                // (an Arabic comma after Arabic, a danda after Devanagari).
                Some(&(_, prev))
                    if prev != face && self.face_for(face, c) != face && self.has(prev, c) =>
                {
                    prev
                }
                _ => self.face_for(face, c),
            };
            match out.last_mut() {
                Some((r, last)) if *last == f => r.end = end,
                _ => out.push((i..end, f)),
            }
        }
        out
    }
}

/// Names the characters of a text that no face has (the PDF draws them as an empty box,
/// the cover leaves them out): one warning per character, at its first line, with how
/// often it occurs.
pub fn lacking(file: &std::path::Path, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
    let mut chooser = Chooser::new("");
    // (first line, count) per character, in order of first appearance.
    let mut missing: Vec<(char, usize, usize)> = Vec::new();
    let mut known: HashMap<char, Option<usize>> = HashMap::new();
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        // The face has all of printable ASCII; white space and invisible marks are not
        // drawn with glyphs.
        if c.is_ascii() || invisible(c) {
            continue;
        }
        let slot = *known.entry(c).or_insert_with(|| {
            let lacks = chooser.face_for(Face::Regular, c) == Face::Regular
                && !chooser.has(Face::Regular, c)
                && super::shape::substitute(c) == '?';
            lacks.then(|| {
                missing.push((c, line, 0));
                missing.len() - 1
            })
        });
        if let Some(i) = slot {
            missing[i].2 += 1;
        }
    }
    missing
        .into_iter()
        .map(|(c, line, count)| {
            let times = if count == 1 {
                String::new()
            } else {
                format!(" ({count} times)")
            };
            crate::diagnostic::Diagnostic::warning(
                "glyph-missing",
                file,
                Some(line),
                format!(
                    "no face has a glyph for ‘{c}’ (U+{:04X}){times}: the PDF draws an empty box for it and the cover leaves it out",
                    u32::from(c)
                ),
            )
            .with_hint("the EPUB shows it with the reader's fonts; for the PDF, install a face that has it (Debian: fonts-noto-core, fonts-noto-cjk) or replace it")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the Noto faces the tests use are installed (else the tests that need them
    /// say so and pass, except under `CI=true`, where `.ci/run` installs them).
    pub(crate) fn noto() -> bool {
        let ok = find('漢', "zh").is_some() && find('ש', "").is_some();
        if !ok {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the Noto faces (fonts-noto-core, fonts-noto-cjk) are missing"
            );
            eprintln!("skipped: the Noto faces (fonts-noto-core, fonts-noto-cjk) are missing");
        }
        ok
    }

    #[test]
    fn each_script_finds_its_face_and_the_language_picks_cjk_forms() {
        if !noto() {
            return;
        }
        let name = |c, lang| find(c, lang).map(|f| f.postscript_name());
        assert_eq!(name('漢', "ja"), Some("NotoSerifCJKjp-Regular"));
        assert_eq!(name('漢', "zh"), Some("NotoSerifCJKsc-Regular"));
        assert_eq!(name('漢', "zh-Hant"), Some("NotoSerifCJKtc-Regular"));
        assert_eq!(name('ش', ""), Some("NotoNaskhArabic-Regular"));
        assert_eq!(name('ש', ""), Some("NotoSerifHebrew-Regular"));
        assert_eq!(name('न', ""), Some("NotoSerifDevanagari-Regular"));
        assert_eq!(find('\u{10FFFD}', ""), None);
    }

    #[test]
    fn runs_keep_the_book_face_where_it_has_the_glyph() {
        let mut ch = Chooser::new("en");
        assert_eq!(ch.runs(Face::Regular, "Café"), vec![(0..5, Face::Regular)]);
        if !noto() {
            return;
        }
        let runs = ch.runs(Face::Regular, "a 漢字 b");
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert_eq!(runs[0], (0..2, Face::Regular));
        assert!(matches!(runs[1].1, Face::Fallback(_)));
        // A character no face has stays in the span's face, drawn as its .notdef.
        assert_eq!(ch.runs(Face::Mono, "\u{10FFFD}")[0].1, Face::Mono);
    }

    #[test]
    fn characters_no_face_has_are_named_once_with_their_line() {
        let ds = lacking(
            std::path::Path::new("t.md"),
            "Café — “ok”\n\u{10FFFD} and \u{10FFFD}\n",
        );
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].line, Some(2));
        assert!(ds[0].message.contains("U+10FFFD"));
        assert!(ds[0].message.contains("2 times"));
    }
}
