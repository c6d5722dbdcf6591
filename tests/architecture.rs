//! The flow runs one way: stages use only what they are allowed to (see README, "Layout").

use std::path::Path;

/// (module folder or file, crate paths it must not use)
const RULES: &[(&str, &[&str])] = &[
    (
        "src/model",
        &[
            "crate::import",
            "crate::markdown",
            "crate::project",
            "crate::diagnostic",
        ],
    ),
    ("src/import", &["crate::markdown", "crate::project"]),
    ("src/markdown", &["crate::import", "crate::project"]),
    (
        "src/diagnostic.rs",
        &[
            "crate::import",
            "crate::markdown",
            "crate::model",
            "crate::project",
        ],
    ),
    // The PDF's pure stages know nothing of fonts, files or the model.
    (
        "src/pdf/linebreak.rs",
        &[
            "crate::model",
            "super::fonts",
            "super::shape",
            "printpdf",
            "rustybuzz",
        ],
    ),
    (
        "src/pdf/paginate.rs",
        &[
            "crate::model",
            "super::fonts",
            "super::shape",
            "printpdf",
            "rustybuzz",
        ],
    ),
    (
        "src/pdf/hyphenate.rs",
        &["crate::model", "super::fonts", "super::shape", "printpdf"],
    ),
    // The writer draws what layout decided: it reads no model and shapes nothing.
    (
        "src/pdf/write.rs",
        &["crate::model", "super::shape", "super::inline", "rustybuzz"],
    ),
    (
        "src/pdf/write",
        &["crate::model", "pdf::shape", "pdf::inline", "rustybuzz"],
    ),
    // Editions never use each other; what one tells the other (where the PDF's pages
    // begin, for the EPUB's page list) is plain data of its own.
    ("src/pdf", &["crate::epub"]),
    ("src/epub", &["crate::pdf"]),
    ("src/pagemap.rs", &["crate::epub", "crate::pdf"]),
];

/// (crate, the only files that may use it): each heavy dependency behind one file — lopdf
/// behind those that write PDF files (the reader edition, with its structure tree and
/// metadata, and its imposition).
const ONE_FILE: &[(&str, &[&str])] = &[
    ("printpdf", &["src/pdf/write.rs"]),
    (
        "lopdf",
        &[
            "src/pdf/write.rs",
            "src/pdf/write/tags.rs",
            "src/pdf/write/meta.rs",
            "src/pdf/impose.rs",
        ],
    ),
    ("rustybuzz", &["src/pdf/shape.rs"]),
    ("hyphenation", &["src/pdf/hyphenate.rs"]),
    ("subsetter", &["src/pdf/fonts.rs", "src/epub/sfnt.rs"]),
];

#[test]
fn heavy_crates_stay_behind_one_file() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut broken = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (krate, homes) in ONE_FILE {
            if homes.iter().any(|h| f == Path::new(h)) {
                continue;
            }
            for (n, line) in code.lines().enumerate() {
                let uses =
                    line.contains(&format!("{krate}::")) || line.contains(&format!("use {krate}"));
                if uses && !line.trim_start().starts_with("//") {
                    broken.push(format!("{}:{}: uses {krate}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            sources(&e.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn stages_use_only_what_they_may() {
    let mut broken = Vec::new();
    for (module, forbidden) in RULES {
        let mut files = Vec::new();
        sources(Path::new(module), &mut files);
        assert!(!files.is_empty(), "{module} exists");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in text.lines().enumerate() {
                for bad in *forbidden {
                    if line.contains(bad) {
                        broken.push(format!("{}:{}: uses {bad}", f.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_unwrap_outside_tests() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if line.contains(".unwrap()") {
                found.push(format!("{}:{}", f.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "unwrap() in library code: {found:?}");
}
