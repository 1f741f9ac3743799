#!/usr/bin/env bash
# Builds the npm package customer-lifecycle into target/npm/customer-lifecycle.
#
# Two wasm modules, each one wasm-bindgen build (`--target web`, ES modules) that
# serves every platform:
#   web/     the engine: `customer-lifecycle` (index.js, node.js, index.d.ts)
#   web-io/  import and export: `customer-lifecycle/io` (io.js, node-io.js, io.d.ts)
#   index.js, io.js     browsers and bundlers: `await init()` once, then the API;
#   node.js, node-io.js Node 20+: instantiate the wasm synchronously on import
#                       (`init()` resolves at once, so the same code runs in both);
#   *.d.ts              the typings: the generated declarations and the error classes.
# The error classes live in js/errors.js, a wasm-bindgen snippet that the Rust
# side throws through; the entries re-export them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=target/npm/customer-lifecycle
WASM=target/wasm32-unknown-unknown/release/lifecycle_wasm.wasm
rm -rf "$OUT" && mkdir -p "$OUT"
# Two modules from the one crate: the engine (the package's main module) and the
# import/export functions (`customer-lifecycle/io`), which only importing apps load.
for part in engine io; do
  dir=web; [ "$part" = io ] && dir=web-io
  cargo build --offline --release -p lifecycle-wasm --no-default-features --features "$part" \
    --target wasm32-unknown-unknown
  wasm-bindgen "$WASM" --target web --out-dir "$OUT/$dir" --out-name lifecycle
  # `--converge` repeats -Oz while it still shrinks the module (docs/npm.md).
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$OUT/$dir/lifecycle_bg.wasm" -o "$OUT/$dir/lifecycle_bg.wasm"
done

# Trailing options and segments may be left out. wasm-bindgen marks an `Option`
# parameter optional, but not once its type is given with `unchecked_param_type`.
sed -E -i 's/([A-Za-z_]+): (Segment|LoadOptions|ImportOptions|ExistingData|CsvExportOptions)([,)])/\1?: \2\3/g' \
  "$OUT/web/lifecycle.d.ts" "$OUT/web-io/lifecycle.d.ts"

# The snippet's folder name carries a hash; the entries name it.
ERRORS=$(cd "$OUT" && find web/snippets -name errors.js | head -n 1)
cp crates/lifecycle-wasm/js/errors.d.ts "$OUT/${ERRORS%.js}.d.ts"
# Both modules throw the same error classes: the io glue imports the engine's copy.
sed -E -i "s#'\./snippets/[^']*/errors\.js'#'../$ERRORS'#" "$OUT/web-io/lifecycle.js"
rm -rf "$OUT/web-io/snippets"
grep -q "'../$ERRORS'" "$OUT/web-io/lifecycle.js"
cat > "$OUT/index.js" <<JS
export * from "./web/lifecycle.js";
export { default } from "./web/lifecycle.js";
export { LifecycleError, InputError, ModelError } from "./$ERRORS";
JS
cat > "$OUT/node.js" <<JS
import { readFileSync } from "node:fs";
import { initSync } from "./web/lifecycle.js";

initSync({ module: readFileSync(new URL("./web/lifecycle_bg.wasm", import.meta.url)) });

export * from "./web/lifecycle.js";
export { default } from "./web/lifecycle.js";
export { LifecycleError, InputError, ModelError } from "./$ERRORS";
JS
cat > "$OUT/index.d.ts" <<TS
export * from "./web/lifecycle.js";
export { default } from "./web/lifecycle.js";
export { LifecycleError, InputError, ModelError } from "./$ERRORS";
TS
for io in io node-io; do
  if [ $io = io ]; then
    printf 'export * from "./web-io/lifecycle.js";\nexport { default } from "./web-io/lifecycle.js";\n' > "$OUT/io.js"
  else
    cat > "$OUT/node-io.js" <<JS
import { readFileSync } from "node:fs";
import { initSync } from "./web-io/lifecycle.js";

initSync({ module: readFileSync(new URL("./web-io/lifecycle_bg.wasm", import.meta.url)) });

export * from "./web-io/lifecycle.js";
export { default } from "./web-io/lifecycle.js";
JS
  fi
done
printf 'export * from "./web-io/lifecycle.js";\nexport { default } from "./web-io/lifecycle.js";\n' > "$OUT/io.d.ts"
cp crates/lifecycle-wasm/package.json crates/lifecycle-wasm/README.md "$OUT/"
for dir in web web-io; do
  echo "built $OUT/$dir: $(gzip -9c "$OUT/$dir/lifecycle_bg.wasm" | wc -c) bytes of wasm, gzipped"
done
