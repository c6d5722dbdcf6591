//! The `samizdat` command line: one file per command under `src/cmd/`.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use samizdat::config::{Format, PageSize};
use samizdat::diagnostic::Error;

/// samizdat turns raw texts (blog posts, archive pages) and Markdown manuscripts into
/// books: EPUB 3 ebooks and typeset PDF editions.
///
/// Exit codes: 0 success; 1 bad input or a failed book (each problem is printed with its
/// file, line and a hint); 2 a wrong command line.
#[derive(Parser)]
#[command(name = "samizdat", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build books: every book.toml and lone text or manuscript under the PATHs.
    ///
    /// With no PATH: ./book.toml, else ./seeds. A PATH is a book.toml, a file (.txt raw
    /// text, .html/.htm/.xhtml saved page, .md manuscript) or a folder: its book.toml, else
    /// every .txt, .html and .md in it and its subfolders, each a book (upper-case names such as README.md are skipped).
    /// Books build in parallel; one failure does not stop the others; a summary ends the
    /// run. Writes OUT/<slug>.epub and OUT/<slug>.pdf (by default), <slug>.kepub.epub and
    /// <slug>-pamphlet.pdf (with --format).
    ///
    /// SOURCE_DATE_EPOCH (seconds since 1970), when set, is the date written into every
    /// output; the same input always gives byte-identical files. SAMIZDAT_* variables
    /// override book.toml keys (SAMIZDAT_OUTPUT__PAGE_SIZE=a4); options override both.
    Build(BuildArgs),
    /// Create a book project that builds at once: book.toml, a manuscript with a note,
    /// and the default stylesheet to edit.
    Init {
        /// The folder (created if needed; default: the current one).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Rebuild on every change to the inputs, the style or book.toml (Ctrl-C stops).
    Watch(BuildArgs),
    /// Turn a raw text or a saved web page into a normalized manuscript (Markdown with
    /// front matter).
    ///
    /// Drops page chrome (reporting every dropped line on stderr), finds the title,
    /// author, date, embedded documents with their sources, notes, letter parts and lists,
    /// and applies typography (curly quotes, dashes, ellipses).
    Import {
        /// The raw text (.txt) or saved page (.html, .htm, .xhtml).
        file: PathBuf,
        /// Where to write the manuscript (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the document model of a text, manuscript or book as JSON.
    Model {
        /// A .txt, .html, .md, book.toml or folder.
        path: PathBuf,
    },
    /// Check inputs (and with --outputs the built files) and print diagnostics.
    ///
    /// Each diagnostic has a stable code, the file and line, a message and a hint.
    /// Exit 1 when there is an error (with --strict, a warning too).
    Check(CheckArgs),
}

/// Options shared by `build` and `watch`.
#[derive(clap::Args, Clone)]
pub(crate) struct BuildArgs {
    /// book.toml files, folders or files to build.
    paths: Vec<PathBuf>,
    /// The folder outputs go to (default: book.toml's [output] dir, else ./out).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// The editions to write, comma-separated: epub, kepub (Kobo), pdf, pamphlet.
    #[arg(long, value_delimiter = ',')]
    format: Vec<Format>,
    /// The reader edition's page size: a5, a4, letter, 6x9.
    #[arg(long)]
    page_size: Option<PageSize>,
    /// The standard the reader edition conforms to besides PDF/UA-1 (it is always
    /// tagged): ua-1 (only), a-2b or a-2a (also PDF/A-2, an archival file).
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<String>,
    /// Leave the book's fonts out of the EPUB (the reader's fonts are used).
    #[arg(long)]
    no_fonts: bool,
    /// The pamphlet's sheet: a4 (A5 pages) or letter (half-Letter pages).
    #[arg(long)]
    sheet: Option<samizdat::config::Sheet>,
    /// Creep compensation for the pamphlet, in mm: how far the innermost sheet's pages
    /// move toward the fold (about 0.1 mm per sheet of 80 g/m² paper).
    #[arg(long)]
    creep: Option<f32>,
    /// Fold and crop marks on the pamphlet.
    #[arg(long)]
    marks: bool,
    /// Books built at once (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Also print notes such as each dropped line of page chrome.
    #[arg(long, short)]
    verbose: bool,
    /// A folder the books may also read files from (inputs, stylesheet); by default a
    /// book reads only inside the folder of its book.toml or of its lone input.
    #[arg(long, value_name = "DIR")]
    root: Vec<PathBuf>,
    /// A missing or unreadable image is a warning (its description stands in), not an
    /// error.
    #[arg(long)]
    allow_missing_images: bool,
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// book.toml files, folders or files to check.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value = "text")]
    format: cmd::check::OutputFormat,
    /// Also check the built files in OUT: every word and note there, notes linked both
    /// ways, and EPUBCheck's verdict where EPUBCheck is installed.
    #[arg(long)]
    outputs: bool,
    /// Where the built files are (with --outputs).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// A folder the books may also read files from (see `build --root`).
    #[arg(long, value_name = "DIR")]
    root: Vec<PathBuf>,
    /// A missing or unreadable image is a warning, not an error (see `build`).
    #[arg(long)]
    allow_missing_images: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Watch(args) => cmd::watch::run(&args),
        Command::Import { file, output } => cmd::import::run(&file, output.as_deref()),
        Command::Model { path } => cmd::import::model(&path),
        Command::Check(args) => cmd::check::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Input(ds)) if ds.is_empty() => ExitCode::from(1),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
