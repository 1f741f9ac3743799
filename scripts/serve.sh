#!/usr/bin/env bash
# Sets up what is missing, then builds and serves the app at http://127.0.0.1:8080
# and rebuilds on change (reload the page to see it: Trunk's live-reload script is
# inline, which the app's Content-Security-Policy forbids).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
exec trunk serve --offline --no-autoreload "$@"
