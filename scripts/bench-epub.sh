#!/usr/bin/env bash
# Benchmarks the EPUB build against pandoc, in the same run, on the same content:
#   1. samizdat build of both seeds (raw texts, as `cargo run --release -- build` does);
#   2. samizdat and pandoc on the Markdown book made from the seeds by
#      ../shared/tools/make-big-book.py 0 (and on N chapters if N is given).
# usage: scripts/bench-epub.sh [N]     needs hyperfine and pandoc (../shared/tools/install-checkers.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-0}
cargo build --release -q
bin=target/release/samizdat
tmp=$(mktemp -d)
python3 ../shared/tools/make-big-book.py "$N" -o "$tmp/book.md" | tail -n 1
hyperfine -N --warmup 3 --runs 30 \
  -n "samizdat: both seeds -> 2 EPUBs" "$bin build seeds -o $tmp/seeds" \
  -n "samizdat: book.md -> EPUB" "$bin build $tmp/book.md -o $tmp/md" \
  -n "pandoc: book.md -> EPUB" "pandoc $tmp/book.md -o $tmp/pandoc.epub --toc"
ls -l "$tmp"/seeds/*.epub "$tmp"/md/*.epub "$tmp/pandoc.epub" | awk '{print $5, $9}'
rm -rf "$tmp"
