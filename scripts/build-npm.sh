#!/usr/bin/env bash
# Builds the npm package customer-lifecycle into target/npm/customer-lifecycle.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=target/npm/customer-lifecycle
cargo build --offline --release -p lifecycle-wasm --target wasm32-unknown-unknown
WASM=target/wasm32-unknown-unknown/release/lifecycle_wasm.wasm
rm -rf "$OUT" && mkdir -p "$OUT"
wasm-bindgen "$WASM" --target nodejs --out-dir "$OUT/node" --out-name lifecycle
wasm-bindgen "$WASM" --target web --out-dir "$OUT/web" --out-name lifecycle
for dir in node web; do
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$OUT/$dir/lifecycle_bg.wasm" -o "$OUT/$dir/lifecycle_bg.wasm"
done
echo '{"type":"commonjs"}' > "$OUT/node/package.json"
cp crates/lifecycle-wasm/package.json crates/lifecycle-wasm/README.md "$OUT/"
echo "built $OUT ($(gzip -9c "$OUT/web/lifecycle_bg.wasm" | wc -c) bytes of wasm, gzipped)"
