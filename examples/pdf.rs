//! Builds the PDF reader edition of inputs: `cargo run --release --example pdf -- [--page-size a5] OUT_DIR PATH…`
//! (a development aid until the command line writes PDFs; prints the time each took).

use std::path::Path;
use std::time::Instant;

use samizdat::pdf::{pdf, PdfOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = PdfOptions {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.parse().ok()),
        ..PdfOptions::default()
    };
    if args.first().map(String::as_str) == Some("--page-size") {
        options.page_size = args[1].parse().expect("page size");
        args.drain(..2);
    }
    let out = Path::new(&args[0]).to_path_buf();
    std::fs::create_dir_all(&out).expect("output folder");
    for path in &args[1..] {
        let start = Instant::now();
        let books = samizdat::project::load(Path::new(path)).expect("input");
        let read = start.elapsed();
        for loaded in books {
            let t = Instant::now();
            let bytes = pdf(&loaded.book, &options).expect("pdf");
            let file = out.join(format!("{}.pdf", loaded.slug));
            std::fs::write(&file, bytes).expect("write");
            eprintln!("{}: read {read:?}, pdf {:?}", file.display(), t.elapsed());
        }
    }
}
