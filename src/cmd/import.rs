//! `samizdat import` and `samizdat model`.

use std::io::Write;
use std::path::Path;

use samizdat::diagnostic::Error;
use samizdat::{markdown, project};

use super::report;

/// Writes the manuscript of a raw text or a saved web page.
pub(crate) fn run(file: &Path, output: Option<&Path>) -> Result<(), Error> {
    // Through the reader every build uses, so that the same checks apply.
    let parsed = project::read_input(file)?;
    report(&parsed.diagnostics, true);
    let text = markdown::write(&parsed.value);
    match output {
        Some(path) => project::write_atomic(path, text.as_bytes()),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(Path::new("<stdout>"), e)),
    }
}

/// Prints the model of whatever a path holds, as JSON.
pub(crate) fn model(path: &Path) -> Result<(), Error> {
    let books = project::load(path)?;
    for b in &books {
        report(&b.diagnostics, true);
    }
    let value = if let [one] = books.as_slice() {
        serde_json::to_string_pretty(&one.book)
    } else {
        serde_json::to_string_pretty(&books.iter().map(|b| &b.book).collect::<Vec<_>>())
    };
    println!("{}", value.unwrap_or_default());
    Ok(())
}
