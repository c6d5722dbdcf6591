//! The `samizdat` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use samizdat::diagnostic::{Diagnostic, Error, Severity};
use samizdat::epub::{self, EpubOptions};
use samizdat::project::{self, LoadedBook};
use samizdat::{markdown, model};

/// samizdat turns raw texts (blog posts, archive pages) and Markdown manuscripts into
/// books: EPUB 3 ebooks and typeset PDF editions.
#[derive(Parser)]
#[command(name = "samizdat", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the books named by PATHs (default: ./book.toml, else ./seeds).
    ///
    /// Each PATH is a book.toml, a folder (its book.toml, or each .txt/.md file in it as a
    /// book) or a single .txt/.md file. Writes OUT/<slug>.epub for each book. The PDF
    /// editions (reader and pamphlet) are not built yet.
    ///
    /// SOURCE_DATE_EPOCH (seconds since 1970), when set, is the date written into every
    /// output; the same input always gives byte-identical files.
    Build {
        /// book.toml files, folders or files to build.
        paths: Vec<PathBuf>,
        /// The folder the outputs are written to.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Leave the book's fonts out of the EPUB (the reader's fonts are used).
        #[arg(long)]
        no_fonts: bool,
        /// Also print notes such as each dropped line of page chrome.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Turn a raw text into a normalized manuscript (Markdown with front matter).
    ///
    /// Drops page chrome (reporting every dropped line on stderr), finds the title,
    /// author, date, embedded documents with their sources, notes, letter parts and lists,
    /// and applies typography (curly quotes, dashes, ellipses).
    Import {
        /// The raw text (.txt).
        file: PathBuf,
        /// Where to write the manuscript (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the document model of a text, manuscript or book as JSON.
    Model {
        /// A .txt, .md, book.toml or folder.
        path: PathBuf,
    },
    /// Check inputs and print diagnostics, without writing anything.
    Check {
        /// book.toml files, folders or files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build {
            paths,
            out,
            no_fonts,
            verbose,
        } => {
            let options = EpubOptions {
                no_fonts,
                source_date_epoch: source_date_epoch()?,
            };
            build(&default_paths(paths), &out, &options, verbose)
        }
        Command::Import { file, output } => {
            let parsed = samizdat::import::import(
                &file,
                &std::fs::read(&file).map_err(|e| Error::io(&file, e))?,
            )?;
            report(&parsed.diagnostics, true);
            let text = markdown::write(&parsed.value);
            match output {
                Some(path) => project::write_atomic(&path, text.as_bytes()),
                None => std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|e| Error::io(Path::new("<stdout>"), e)),
            }
        }
        Command::Model { path } => {
            let books = project::load(&path)?;
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
        Command::Check { paths } => {
            let mut failed = Vec::new();
            for path in &paths {
                match project::load(path) {
                    Ok(books) => {
                        for b in &books {
                            report(&b.diagnostics, true);
                            eprintln!("ok: {} ({})", b.slug, summary(&b.book));
                        }
                    }
                    Err(Error::Input(ds)) => failed.extend(ds),
                    Err(e) => return Err(e),
                }
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(Error::Input(failed))
            }
        }
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths;
    }
    if Path::new("book.toml").is_file() {
        vec![PathBuf::from("book.toml")]
    } else {
        vec![PathBuf::from("seeds")]
    }
}

fn build(paths: &[PathBuf], out: &Path, options: &EpubOptions, verbose: bool) -> Result<(), Error> {
    let mut books: Vec<LoadedBook> = Vec::new();
    for p in paths {
        books.extend(project::load(p)?);
    }
    for b in &books {
        report(&b.diagnostics, verbose);
        let bytes = epub::epub(&b.book, options)?;
        let path = out.join(format!("{}.epub", b.slug));
        project::write_atomic(&path, &bytes)?;
        eprintln!("built {} ({})", path.display(), summary(&b.book));
    }
    Ok(())
}

/// Reads `SOURCE_DATE_EPOCH`, the reproducible-builds convention for the build date.
fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) => v.trim().parse().map(Some).map_err(|_| {
            Diagnostic::error(
                "source-date-epoch",
                Path::new("SOURCE_DATE_EPOCH"),
                None,
                format!("`{v}` is not a number of seconds since 1970"),
            )
            .with_hint("set it to an integer, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`")
            .into()
        }),
    }
}

fn summary(book: &model::Book) -> String {
    let notes: usize = book.documents.iter().map(|d| d.notes.len()).sum();
    format!(
        "{} document{}, {notes} note{}",
        book.documents.len(),
        if book.documents.len() == 1 { "" } else { "s" },
        if notes == 1 { "" } else { "s" }
    )
}

/// Prints diagnostics on stderr: warnings always, notes (dropped lines) when asked.
fn report(diagnostics: &[Diagnostic], notes: bool) {
    for d in diagnostics {
        if d.severity >= Severity::Warning || notes {
            eprintln!("{d}");
        }
    }
}
