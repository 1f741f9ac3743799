#!/usr/bin/env bash
# Installs, idempotently and with pinned versions, everything the build and the
# tests need. A second run on a set-up machine only checks versions (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

RUST_TOOLCHAIN=1.95.0
WASM_BINDGEN_VERSION=0.2.130   # must equal the `=` pin of wasm-bindgen in Cargo.toml
TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than the pinned one

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Rust toolchain and the wasm target (rust-toolchain.toml pins both; rustup
# installs them on first use, this makes it explicit and up front).
if ! rustup toolchain list | grep -q "^$RUST_TOOLCHAIN"; then
  say "installing Rust $RUST_TOOLCHAIN"
  rustup toolchain install "$RUST_TOOLCHAIN" --profile minimal -c rustfmt -c clippy
fi
rustup component add --toolchain "$RUST_TOOLCHAIN" rustfmt clippy >/dev/null 2>&1 || true
if ! rustup target list --toolchain "$RUST_TOOLCHAIN" --installed | grep -q wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add --toolchain "$RUST_TOOLCHAIN" wasm32-unknown-unknown
fi

# wasm-bindgen CLI (and its test runner): exactly the library's version.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # --locked fails for this version: a locked dependency is gone from the registry.
  cargo +"$RUST_TOOLCHAIN" install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Trunk builds the site.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo +"$RUST_TOOLCHAIN" install trunk --version "$TRUNK_VERSION" --locked --force
fi

# Chromium and its driver, from Debian, for browser tests.
# SKIP_BROWSER=1 (a deploy that only builds) leaves it out.
if [ -z "${SKIP_BROWSER:-}" ] && { ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
fi

# npm packages from the lockfile: binaryen (wasm-opt), playwright-core, vite.
if ! [ -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-stamp; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.setup-stamp
fi

# Crates, so that the offline builds below find everything.
cargo +"$RUST_TOOLCHAIN" fetch --locked -q
say "ready"
