#!/usr/bin/env bash
# Quick start, command 2: makes PostgreSQL and Redis reachable, then runs the
# whole test suite. Each test makes its own database, index directory and
# Redis key prefix, so the suite never touches the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh
cargo test --locked "$@"
