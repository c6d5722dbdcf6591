//! The fallback faces found on the system, for characters the book's faces lack (the
//! PDF's text and the EPUB's cover).
//!
//! EB Garamond covers Latin, Greek and Cyrillic; for every other script a face comes from
//! the system. Shipping them is out of the question (Noto CJK alone is 26 MB a weight),
//! and scanning every font installed (as `fontdb` does) would make the choice depend on
//! whatever else a machine has. So the faces are a **fixed, ordered list** of Noto files
//! (Debian's `fonts-noto-core` and `fonts-noto-cjk`, the same names on other systems),
//! looked up in a few fixed folders: the same files give the same choice, and so the same
//! PDF. A file is read only when a character the book's faces lack asks for it, once per
//! process.

use std::sync::OnceLock;

use unicode_script::{Script, UnicodeScript};

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

/// The fallback faces; a face's place here is its number (the PDF's
/// `Face::Fallback`), so this list only grows at its end. Serif faces come first, to sit with EB Garamond; sans
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
        // A collection's faces share their file (Noto CJK's 26 MB): read it once.
        let read = CANDIDATES.iter().zip(&LOADED).find_map(|(other, slot)| {
            (other.file == c.file)
                .then(|| slot.get().and_then(Option::as_ref).map(|l| l.bytes))
                .flatten()
        });
        let bytes: &'static [u8] = match read {
            Some(bytes) => bytes,
            None => {
                let bytes = FOLDERS
                    .iter()
                    .find_map(|dir| std::fs::read(std::path::Path::new(dir).join(c.file)).ok())?;
                // The bytes live as long as the process: faces point into them.
                Box::leak(bytes.into_boxed_slice())
            }
        };
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

/// Returns a fallback face, parsed.
pub fn face(n: u16) -> Option<&'static ttf_parser::Face<'static>> {
    load(n).map(|l| &l.face)
}

/// Returns a fallback face's PostScript name (its file's name if it has none).
pub fn postscript_name(n: u16) -> &'static str {
    load(n).map_or("Fallback", |l| l.name)
}

/// Which of Noto CJK's forms a language wants: Japanese, Korean, Traditional or
/// Simplified Chinese (the default: the commonest).
pub fn cjk_form(lang: &str) -> u16 {
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
pub fn find(c: char, lang: &str) -> Option<u16> {
    find_in_form(c, cjk_form(lang))
}

/// Finds the fallback face for a character, CJK in the given form of Noto CJK's (a
/// number from [`cjk_form`]).
pub fn find_in_form(c: char, form: u16) -> Option<u16> {
    let script = c.script();
    // A character shared by a few scripts (the danda of Devanagari, Bengali…) counts as
    // each of them.
    let scripts = unicode_script::ScriptExtension::from(c);
    let has = |n: u16| load(n).is_some_and(|l| l.face.glyph_index(c).is_some());
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
}
