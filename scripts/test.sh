#!/usr/bin/env bash
# Sets up what is missing, then runs every test of every layer. Stops at the
# first failing stage with a non-zero exit. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
LOG="$(mktemp -t lifecycle-test.XXXXXX)"
trap 'rm -f "$LOG"' EXIT
declare -a TIMES=()
stage() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  "$@" 2>&1 | tee -a "$LOG"
  TIMES+=("$(printf '%-44s %4ss' "$name" $(( $(date +%s) - t0 )))")
}

stage "set-up (scripts/setup.sh)" scripts/setup.sh
source scripts/env.sh
export CARGO_NET_OFFLINE=true

stage "rustfmt --check" cargo fmt --all --check
stage "clippy, native, all targets" cargo clippy --workspace --all-targets -- -D warnings
stage "clippy, wasm32, all targets" cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings
stage "native tests" cargo test --workspace
stage "rustdoc without warnings" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps -q

stage "fuzz targets, 20 s each (needs nightly)" scripts/fuzz.sh 20

browser_tests() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test -p lifecycle-store --target wasm32-unknown-unknown
}
stage "wasm-bindgen-test in headless Chromium" browser_tests

npm_tests() {
  scripts/build-npm.sh
  mkdir -p tests/npm/node_modules
  ln -sfn ../../../target/npm/customer-lifecycle tests/npm/node_modules/customer-lifecycle
  node --test --test-reporter=tap tests/npm/*.test.mjs
}
stage "npm package: build and Node tests" npm_tests

sites() {
  scripts/build-site.sh / dist
  scripts/build-site.sh /lifecycle/ dist-subpath
}
stage "site: release builds at / and /lifecycle/" sites
stage "end-to-end tests (Playwright, Chromium)" node --test --test-reporter=tap --test-concurrency=1 tests/e2e/*.test.mjs

printf '\n\033[1;34m==> stage times\033[0m\n'
printf '%s\n' "${TIMES[@]}"
printf '%-44s %4ss\n' "total" $(( $(date +%s) - START ))
echo "screenshots: tests/screenshots/"

# The runners' own summary lines, then their sum.
printf '\n\033[1;34m==> summary\033[0m\n'
grep -E '^test result: |^# (tests|pass|fail) ' "$LOG" || true
passed=$(awk '/^test result: /{n+=$4} /^# pass /{n+=$3} END{print n+0}' "$LOG")
echo "tests: $passed passed, 0 failed"
