#!/usr/bin/env bash
# Builds every book for a release, as CI does: the date of the last commit pinned as
# SOURCE_DATE_EPOCH (so the files are byte-identical for the same sources), a strict
# check of inputs and outputs, and the files with their SHA-256 sums in dist/.
#
# usage: scripts/release.sh [PATH…]    (default: ./book.toml, else ./seeds)
# env:   SAMIZDAT (default: cargo run --release --)
set -euo pipefail
cd "$(dirname "$0")/.."
SAMIZDAT=${SAMIZDAT:-"cargo run --release --quiet --"}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH
paths=("$@")
[ ${#paths[@]} -gt 0 ] || { [ -f book.toml ] && paths=(book.toml) || paths=(seeds); }
rm -rf dist
mkdir -p dist
$SAMIZDAT build --out dist "${paths[@]}"
$SAMIZDAT check --strict --outputs --out dist "${paths[@]}"
(cd dist && sha256sum -- * > SHA256SUMS)
echo "release: $(ls dist | grep -vc SHA256SUMS) files in dist/ (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
cat dist/SHA256SUMS
