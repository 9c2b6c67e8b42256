#!/usr/bin/env bash
# Draws docs/bench/search-scaling.png (throughput and p99 against catalog
# size) from the figures scripts/bench-search.sh appended to
# target/bench/search-scaling.csv, and keeps the CSV next to the chart.
# matplotlib comes from PyPI into a venv under target/.
#
#   SIZES="10000 100000 1000000" scripts/bench-search.sh && scripts/bench-chart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=${RESULTS:-target/bench/search-scaling.csv}
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/pip" install -q 'matplotlib==3.10.*'
cp "$RESULTS" docs/bench/search-scaling.csv
"$venv/bin/python" scripts/bench/chart.py docs/bench/search-scaling.csv docs/bench/search-scaling.png
