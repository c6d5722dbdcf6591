//! `samizdat init`: a book project that builds at once.

use std::path::Path;

use samizdat::diagnostic::{Diagnostic, Error};
use samizdat::project::write_atomic;

const BOOK_TOML: &str = r#"# The book: its inputs in reading order and the metadata over theirs.
# Every key is in samizdat's README ("book.toml"); `samizdat build` reads this file.

[book]
inputs = ["manuscript.md"]
title = "My Book"
authors = ["Your Name"]
language = "en"
# date = "2026"
# rights = "CC BY-SA 4.0"
# description = "What the book is about."

[output]
formats = ["epub", "pdf"]   # also "pamphlet"
page-size = "a5"            # a5, a4, letter, 6x9
dir = "out"

[style]
epub-css = "styles/epub.css"   # the EPUB's stylesheet: edit it
embed-fonts = true
"#;

const MANUSCRIPT: &str = r#"---
title: My Book
author: Your Name
lang: en
---

# The First Text

Write in Markdown: *emphasis*, **strong**, [links](https://example.org), block quotes,
lists. A note goes where its mark stands,[^first] and its text anywhere below.

> A quotation, set off from the text.

* * *

A section break above; a second text begins with another `#` heading.

[^first]: The note's text. A note may have several paragraphs:

    indent the next ones by four spaces.

# A Letter

::: dateline
Paris, 1 May 1937
:::

::: salutation
Dear Comrade,
:::

The parts of a letter are marked as pandoc's fenced divs.

::: closing
Yours fraternally,
:::

::: signature
V. S.
:::
"#;

pub(crate) fn run(dir: &Path) -> Result<(), Error> {
    let toml = dir.join("book.toml");
    if toml.exists() {
        return Err(Diagnostic::error(
            "init-exists",
            &toml,
            None,
            "a book project is already here; nothing was changed".into(),
        )
        .with_hint("choose another folder: `samizdat init NEW_FOLDER`")
        .into());
    }
    let manuscript = dir.join("manuscript.md");
    let css = dir.join("styles/epub.css");
    for existing in [&manuscript, &css] {
        if existing.exists() {
            return Err(Diagnostic::error(
                "init-exists",
                existing,
                None,
                "this file exists; init would overwrite it, so nothing was changed".into(),
            )
            .with_hint("move it away, or init another folder")
            .into());
        }
    }
    write_atomic(&manuscript, MANUSCRIPT.as_bytes())?;
    write_atomic(&css, samizdat::epub::CSS.as_bytes())?;
    write_atomic(&toml, BOOK_TOML.as_bytes())?;
    let shown = dir.display();
    eprintln!(
        "created {shown}/book.toml, {shown}/manuscript.md and {shown}/styles/epub.css\n\
         next: `samizdat build {shown}` (writes {shown}/out/), or `samizdat watch {shown}`"
    );
    Ok(())
}
