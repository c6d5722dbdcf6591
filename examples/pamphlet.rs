//! Imposes reader editions as pamphlets:
//! `cargo run --release --example pamphlet -- [--sheet a4|letter] [--creep MM] [--marks] READER.pdf…`
//! writes `READER-pamphlet.pdf` beside each (a development aid until the command line
//! writes pamphlets; prints the sizes and the time each took).

use std::time::Instant;

use samizdat::pdf::{impose, PamphletOptions};

fn main() {
    let mut options = PamphletOptions {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.parse().ok()),
        ..PamphletOptions::default()
    };
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sheet" => options.sheet = args.next().expect("a sheet").parse().expect("sheet"),
            "--creep" => options.creep_mm = args.next().expect("mm").parse().expect("mm"),
            "--marks" => options.marks = true,
            _ => inputs.push(a),
        }
    }
    for input in inputs {
        let reader = std::fs::read(&input).expect("read");
        let start = Instant::now();
        let bytes = impose(&reader, &options).expect("impose");
        let took = start.elapsed();
        let out = format!("{}-pamphlet.pdf", input.trim_end_matches(".pdf"));
        std::fs::write(&out, &bytes).expect("write");
        eprintln!(
            "{out}: {} B from {} B ({:.3}×) in {took:?}",
            bytes.len(),
            reader.len(),
            bytes.len() as f64 / reader.len() as f64
        );
    }
}
