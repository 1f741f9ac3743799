#!/usr/bin/env bash
# Runs every cargo-fuzz target of lifecycle-io for a bounded time each.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
# Needs a nightly toolchain (cargo-fuzz builds with -Z flags); without one it says
# so and exits 0, so that scripts/test.sh can always call it. Installs the pinned
# cargo-fuzz when it is missing. A crash stops the run with a non-zero exit; the
# crashing input is in crates/lifecycle-io/fuzz/artifacts/<target>/: copy it to
# crates/lifecycle-io/tests/fuzz-crashers/<target>/ so that the tests replay it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
SECONDS_EACH="${1:-20}"
CARGO_FUZZ_VERSION=0.13.2

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain (rustup toolchain list), skipping the fuzz targets"
  exit 0
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  # The test command sets CARGO_NET_OFFLINE; installing needs the registry.
  CARGO_NET_OFFLINE=false cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd crates/lifecycle-io
# The fuzz crate has its own lock file, which scripts/setup.sh does not fetch.
(cd fuzz && CARGO_NET_OFFLINE=false cargo +nightly fetch --locked -q)
# The fuzz crate has its own lock file; with CARGO_NET_OFFLINE set by test.sh the
# registry must already hold its few dependencies (libfuzzer-sys).
for target in $(cargo +nightly fuzz list); do
  echo "fuzz: $target for ${SECONDS_EACH}s"
  # -s none: no sanitizer. The invariants are assertions in safe Rust (the
  # workspace denies unsafe code), so AddressSanitizer would find nothing more
  # and costs a slower build.
  log="$(mktemp -t fuzz-"$target".XXXXXX)"
  status=0
  cargo +nightly fuzz run -s none "$target" -- \
    -max_total_time="$SECONDS_EACH" -max_len=4096 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target found a crash; see crates/lifecycle-io/fuzz/artifacts/$target/" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
done
