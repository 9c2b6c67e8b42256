#!/usr/bin/env bash
# Quick start, command 2: makes PostgreSQL and Redis reachable, then runs the
# whole test suite. Each test makes its own database, index directory and
# Redis key prefix, so the suite never touches the demo data. The shop
# page's browser test needs Chromium and chromedriver, installed here too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh --browser
cargo test --locked "$@"
# Then, for the whole suite (no cargo test arguments), the API fuzzing run
# against the OpenAPI document.
if [ $# -eq 0 ]; then
  scripts/fuzz-api.sh
fi
