#!/usr/bin/env bash
# Benchmarks search and suggest against their yardsticks, in one run per
# catalog size: the constant endpoint (the HTTP stack's ceiling), catalog's
# search and suggest (wrk, 32 connections), and the same search mix as
# PostgreSQL full-text search (tsvector + GIN, ts_rank, GROUP BY facets) and
# as ILIKE '%word%' (pgbench, 32 clients). Also the reindex time and the
# service's RSS.
#
#   scripts/bench-search.sh                      # 100,000 and 1,000,000 products
#   SIZES=100000 DURATION=10 scripts/bench-search.sh
#   SIZES="10000 100000 1000000" scripts/bench-search.sh && scripts/bench-chart.sh
#
# Each figure is also appended to $RESULTS (target/bench/search-scaling.csv)
# for scripts/bench-chart.sh, which draws throughput and p99 against size.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100000 1000000"}
CLIENTS=${CLIENTS:-32}
DURATION=${DURATION:-20}
PORT=${PORT:-18081}
RESULTS=${RESULTS:-target/bench/search-scaling.csv}
mkdir -p "$(dirname "$RESULTS")"
[ -s "$RESULTS" ] || echo "commit,size,what,requests_per_sec,p99_ms" >"$RESULTS"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

scripts/ensure-services.sh
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
cargo build --release --locked --bin catalog 2>/dev/null
python3 scripts/bench/make_search_mix.py
bin=./target/release/catalog
base=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/catalog}
server=${base%/*}

percentiles() { # pgbench per-transaction logs -> p50 p99 in ms
  cat "$@" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "p50 %.2f ms, p99 %.2f ms", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}'
}

pg_yardstick() { # $1 = fts | ilike
  local scripts=() logs
  for f in "$PWD"/scripts/bench/pg/"$1"-*.sql; do scripts+=(-f "$f@1"); done
  logs=$(mktemp -d)
  (cd "$logs" && pgbench -n -c "$CLIENTS" -j 2 -T "$DURATION" -l "${scripts[@]}" "$DATABASE_URL" 2>/dev/null) | grep -E '^tps' | sed 's/(without initial connection time)//'
  echo "   $(percentiles "$logs"/pgbench_log.*)"
  rm -rf "$logs"
}

# $1 = what, $2 = a figures line (wrk's or pg_yardstick's): one CSV row.
record() {
  local rps p99
  rps=$(grep -oE '(Requests/sec:|tps =) [0-9.]+' <<<"$2" | awk '{print $NF}')
  p99=$(grep -oE '(99%|p99),? [0-9.]+ ?(us|ms|s)' <<<"$2" | head -1 | awk '{
    v = $2; u = $3; if (u == "") { u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v) }
    printf "%.3f", (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }')
  echo "$commit,$size,$1,${rps:-},${p99:-}" >>"$RESULTS"
}

wrk_mix() { # $1 = path prefix, $2 = mix file
  PATH_PREFIX=$1 MIX=$2 wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s scripts/bench/mix.lua "http://$BIND_ADDR" \
    | grep -E 'Requests/sec|50%|99%|Non-2xx' | tr -s ' ' | paste -sd ' '
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $CLIENTS connections, ${DURATION}s per run"
for size in $SIZES; do
  export DATABASE_URL="$server/catalog_search_$size"
  export INDEX_DIR=/tmp/catalog-bench-index-$size REDIS_PREFIX=bench-search BIND_ADDR=127.0.0.1:$PORT
  export LOG_FORMAT=json RUST_LOG=warn
  export SUGGEST_RATE_PER_SEC=1000000000 SUGGEST_BURST=1000000000 SEARCH_RATE_PER_SEC=1000000000 SEARCH_BURST=1000000000
  if [ "$(psql "$DATABASE_URL" -Atc 'SELECT count(*) FROM products' 2>/dev/null || echo 0)" != "$size" ]; then
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS catalog_search_$size" >/dev/null
    $bin seed --products "$size" --seed-value 3 >/dev/null
  fi
  $bin migrate >/dev/null
  # The yardstick's own index: a weighted tsvector (title A, description C) with GIN.
  psql "$DATABASE_URL" -q <<'SQL' >/dev/null
ALTER TABLE products ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS
  (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'C')) STORED;
CREATE INDEX IF NOT EXISTS products_search_tsv_idx ON products USING gin (search_tsv);
ANALYZE products;
SQL

  echo "== $size products"
  rm -rf "$INDEX_DIR"
  start=$(date +%s.%N)
  $bin reindex >/dev/null 2>&1
  echo "reindex: $(echo "$(date +%s.%N) - $start" | bc) s, index $(du -sh "$INDEX_DIR" | cut -f1)"

  $bin serve >/tmp/catalog-bench-search.log 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://$BIND_ADDR/api/search/suggest/?q=phone" >/dev/null && break; sleep 0.2; done
  PATH_PREFIX=/api/search/products/? MIX=scripts/bench/search-mix.txt timeout 5 \
    wrk -t2 -c"$CLIENTS" -d4s -s scripts/bench/mix.lua "http://$BIND_ADDR" >/dev/null || true

  line=$(wrk_mix /healthz? scripts/bench/suggest-mix.txt)
  echo "constant endpoint (GET /healthz):   $line"; record healthz "$line"
  line=$(wrk_mix /api/search/products/? scripts/bench/search-mix.txt)
  echo "catalog search (facets, sorts):     $line"; record search "$line"
  echo "   service RSS: $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
  line=$(wrk_mix /api/search/suggest/? scripts/bench/suggest-mix.txt)
  echo "catalog suggest:                    $line"; record suggest "$line"
  echo "   service RSS: $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
  # Open loop (oha -q, with latency correction): requests leave at a fixed
  # rate whether or not answers came back, so a slow answer shows as
  # latency instead of slowing the sender. oha comes from crates.io.
  command -v oha >/dev/null || cargo install --locked oha >/dev/null 2>&1 || true
  if command -v oha >/dev/null; then
    urls=$(mktemp)
    sed "s|^|http://$BIND_ADDR/api/search/products/?|" scripts/bench/search-mix.txt >"$urls"
    for rate in ${OPEN_RATES:-500 1000}; do
      line=$(oha --no-tui -q "$rate" -z "${DURATION}s" -c "$CLIENTS" --latency-correction -u ms \
        --urls-from-file "$urls" 2>/dev/null | grep -E 'Requests/sec|50.00%|99.00%|\[[0-9]+\]' | tr -s ' \t' ' ' | paste -sd ' ')
      echo "catalog search, open loop at $rate req/s offered: $line"
      record "search-open-$rate" "$(sed 's/99.00% in/99%/' <<<"$line")"
    done
    rm -f "$urls"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true

  echo "PostgreSQL full-text search (same mix, 5 statements per search):"
  line=$(pg_yardstick fts | paste -sd ' ')
  echo "   $line"; record postgres-fts "$line"
  echo "ILIKE '%word%' (same mix):"
  echo "   $(pg_yardstick ilike | paste -sd ' ')"
done
