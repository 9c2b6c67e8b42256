#!/usr/bin/env bash
# The relevance evaluation (issue 10): checks that the judged fixture is what
# its generator writes, makes PostgreSQL and Redis reachable, then loads the
# fixture into a throw-away database, index and app and prints nDCG@10,
# precision@5, the zero-result rate, typo robustness and suggest keystrokes.
# Arguments go to the evaluation (examples/eval.rs):
#
#   scripts/eval.sh                          # the figures
#   scripts/eval.sh --verbose                # and one line per query, worst first
#   scripts/eval.sh --kind misspelled        # one kind of query
#   PROFILE=release scripts/eval.sh          # an optimized build (slower to build)
#
# Against a build whose import predates issue 9's fields (brand, attributes,
# popularity, category_path), pass --strip-issue-9-fields.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 tests/relevance/generate.py --check
scripts/ensure-services.sh
profile=()
[ "${PROFILE:-dev}" = release ] && profile=(--release)
cargo run --locked "${profile[@]}" --quiet --example eval -- "$@"
