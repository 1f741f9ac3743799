#!/usr/bin/env bash
# Release build of the site. Usage: scripts/build-site.sh [PUBLIC_URL] [DIST]
#   scripts/build-site.sh                      -> dist/ served at /
#   scripts/build-site.sh /lifecycle/ dist-sub -> a build for a sub-path
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PUBLIC_URL="${1:-/}"
DIST="${2:-dist}"
trunk build --release --offline --public-url "$PUBLIC_URL" --dist "$DIST"
