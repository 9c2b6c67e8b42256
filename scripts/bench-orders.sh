#!/usr/bin/env bash
# Benchmarks order placement and the inventory listing, and in the same run
# pgbench's built-in tpcb-like transaction as the yardstick.
#
#   scripts/bench-orders.sh            # 100,000 products, 20 stores
#   PRODUCTS=20000 DURATION=10 scripts/bench-orders.sh
#   LISTINGS=0 scripts/bench-orders.sh  # orders and pgbench only
#
# Needs wrk (apt-get install wrk) and python3. Uses databases BENCH_DB
# (catalog_bench) and PGBENCH_DB (catalog_pgbench) on the DATABASE_URL
# server, and the Redis key prefix BENCH_REDIS_PREFIX (bench); seeds the
# former once. While the orders run, it also measures how
# soon their stock changes are searchable (scripts/bench/stock_freshness.py).
set -euo pipefail
cd "$(dirname "$0")/.."

PRODUCTS=${PRODUCTS:-100000}
STORES=${STORES:-20}
CLIENTS=${CLIENTS:-64}
DURATION=${DURATION:-20}
PORT=${PORT:-18080}
LISTINGS=${LISTINGS:-1}
BENCH_DB=${BENCH_DB:-catalog_bench}
PGBENCH_DB=${PGBENCH_DB:-catalog_pgbench}
# Another run on the same Redis (another branch, another database) needs
# its own change stream.
BENCH_REDIS_PREFIX=${BENCH_REDIS_PREFIX:-bench}
export PRODUCTS STORES

scripts/ensure-services.sh
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
cargo build --release --locked --bin catalog 2>/dev/null

base=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/catalog}
server=${base%/*}
export DATABASE_URL="$server/$BENCH_DB"
export REDIS_PREFIX=$BENCH_REDIS_PREFIX BIND_ADDR=127.0.0.1:$PORT LOG_FORMAT=json RUST_LOG=warn
# The listings' per-client limit would turn a load test into 429s.
export LISTING_RATE_PER_SEC=1000000 LISTING_BURST=1000000
# An index of its own, built before anything is measured.
INDEX_DIR=$(mktemp -d /tmp/catalog-bench-index.XXXXXX)
export INDEX_DIR
trap 'rm -rf "$INDEX_DIR"' EXIT
# The build honours CARGO_TARGET_DIR, so the binary is looked for there too.
bin=${CARGO_TARGET_DIR:-./target}/release/catalog

# Every store carries every product, so that random orders mostly succeed
# (12% of lines are still out of stock, as in the demo data).
if [ "$(psql "$DATABASE_URL" -Atc 'SELECT count(*) FROM inventory' 2>/dev/null || echo 0)" != "$((PRODUCTS * STORES))" ]; then
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $BENCH_DB" >/dev/null
  $bin seed --products "$PRODUCTS" --stores "$STORES" --carry-ratio 1 --seed-value 1
fi

# Ready means searchable: the first index generation is built (search
# answers 503 until then), so no measurement overlaps the build.
serve() {
  "$@" $bin serve >/tmp/catalog-bench.log 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -sf "http://$BIND_ADDR/api/search/products/?page_size=1" >/dev/null && return
    sleep 0.1
  done
  echo "service did not become ready" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

# CPU time (user + system, in clock ticks) of a process, and of the
# PostgreSQL backends serving BENCH_DB, to tell what an order costs each.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
backend_ticks() {
  for backend in $(psql "$DATABASE_URL" -Atc "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"); do
    echo "$backend $(ticks "$backend")"
  done
}

echo "== commit $(git rev-parse --short HEAD)"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $PRODUCTS products, $STORES stores, $CLIENTS clients, ${DURATION}s each"

serve env
before=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FILTER (WHERE status = 'CONFIRMED') || ' ' || count(*) FROM orders")
echo "== POST /orders/ (catalog)"
service_before=$(ticks "$pid")
backend_ticks >/tmp/catalog-bench-backends.txt
scripts/bench/stock_freshness.py "http://$BIND_ADDR" "$DATABASE_URL" "$DURATION" >/tmp/catalog-bench-freshness.txt &
probe=$!
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s scripts/bench/orders.lua "http://$BIND_ADDR" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
wait "$probe"
service_after=$(ticks "$pid")
# A backend opened during the run had spent nothing before it.
backend_ticks >/tmp/catalog-bench-backends-after.txt
backends=$(awk 'FILENAME == ARGV[1] { start[$1] = $2; next } { sum += $2 - start[$1] } END { print sum + 0 }' /tmp/catalog-bench-backends.txt /tmp/catalog-bench-backends-after.txt)
cat /tmp/catalog-bench-freshness.txt
after=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FILTER (WHERE status = 'CONFIRMED') || ' ' || count(*) FROM orders")
echo "   orders stored (confirmed total): before $before, after $after"
# Until the index caught up, so the indexing the orders caused is counted.
awk -v placed="$((${after#* } - ${before#* }))" -v service="$((service_after - service_before))" -v backends="$backends" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "   CPU per order: service %.2f ms, its PostgreSQL backends %.2f ms\n", service * 1000 / hz / placed, backends * 1000 / hz / placed }'

if [ "$LISTINGS" = 1 ]; then
  echo "== GET /stores/{id}/inventory/ cached (catalog; one warm-up read per store first, then all HIT)"
  for store in $(seq 1 "$STORES"); do curl -sf "http://$BIND_ADDR/stores/$store/inventory/" >/dev/null; done
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s scripts/bench/inventory.lua "http://$BIND_ADDR" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  stop

  echo "== GET /stores/{id}/inventory/ uncached (catalog, INVENTORY_CACHE_TTL_SECS=0)"
  serve env INVENTORY_CACHE_TTL_SECS=0
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s scripts/bench/inventory.lua "http://$BIND_ADDR" | grep -E 'Requests/sec|50%|99%|Non-2xx'
fi
stop

echo "== pgbench tpcb-like, scale 10, same clients (yardstick)"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $PGBENCH_DB" -c "CREATE DATABASE $PGBENCH_DB" >/dev/null
pgbench -q -i -s 10 "$server/$PGBENCH_DB" >/dev/null 2>&1
pgbench -c "$CLIENTS" -j 2 -T "$DURATION" -b tpcb-like "$server/$PGBENCH_DB" 2>/dev/null | grep -E 'tps|latency average'
