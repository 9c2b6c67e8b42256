#!/usr/bin/env bash
# The soak run of issue 7: two replicas under a bounded mixed load (orders,
# admin edits and stock PUTs, searches, suggests) for DURATION seconds while
# Redis is restarted twice (once empty, once from an older snapshot) and
# PostgreSQL once; then each replica's index must equal PostgreSQL document
# by document, stock must be conserved, and RSS is reported (first, max,
# last). Prints a summary; exits non-zero if anything diverged.
#
#   scripts/soak.sh                       # 600 s, 20,000 products, 10 stores, 40 req/s
#   DURATION=120 RATE=20 scripts/soak.sh
#
# Everything it uses is its own and thrown away at the end: a PostgreSQL
# cluster (initdb into a temporary directory, on a free port, so restarting
# it disturbs nobody), a database with a unique name in it, a redis-server
# on a free port, two `catalog serve` processes with their own index
# directories. Logs are kept in the directory printed at the start.
# The load and the checks are examples/soak (cargo run --example soak).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-600}
PRODUCTS=${PRODUCTS:-20000}
STORES=${STORES:-10}
RATE=${RATE:-40}
RSS_EVERY=${RSS_EVERY:-10}
PG_VERSION=${PG_VERSION:-15}
LAG_DEADLINE=${LAG_DEADLINE:-180}
# Heavy runs take this lock so benchmark runs do not overlap; empty: none.
BENCH_LOCK=${BENCH_LOCK-/work/notes/bench.lock}
# A prebuilt binary, e.g. a debug build; default: build release.
CATALOG_BIN=${CATALOG_BIN:-}
ADMIN_TOKEN=soak-admin-token

pg_bin=/usr/lib/postgresql/$PG_VERSION/bin
for tool in "$pg_bin/initdb" redis-server redis-cli curl jq python3 psql; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing" >&2; exit 2; }
done

if [ -z "$CATALOG_BIN" ]; then
  cargo build --release --locked --bin catalog
  CATALOG_BIN=./target/release/catalog
fi
cargo build --locked --example soak
helper=./target/debug/examples/soak

if [ -n "$BENCH_LOCK" ]; then
  exec 9>"$BENCH_LOCK"
  flock -n 9 || { echo "soak: waiting for $BENCH_LOCK" >&2; flock 9; }
fi

work=$(mktemp -d /tmp/catalog-soak.XXXXXX)
logs=$(mktemp -d /tmp/catalog-soak-logs.XXXXXX)
chmod 755 "$work"
echo "soak: logs in $logs"
pids=()
pg_data=$work/pg

# Runs as the postgres user when root (initdb refuses root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "${redis_pid:-}" ] && kill -9 "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  if [ -f "$pg_data/postmaster.pid" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1
  fi
  cp "$pg_data/server.log" "$logs/postgres.log" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
ms() { date +%s%3N; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# PostgreSQL: a private cluster, so its restart touches no one else's tests.
pg_port=$(free_port)
mkdir "$pg_data"
chown postgres:postgres "$pg_data" 2>/dev/null || true
as_pg "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
  -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/catalog_soak_$(date +%s)_$$"

# Redis: its own server; the dump file only exists once the run SAVEs.
redis_port=$(free_port)
mkdir "$work/redis"
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work/redis" >>"$logs/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "soak: redis did not start" >&2
  exit 1
}
start_redis

echo "soak: seeding $PRODUCTS products, $STORES stores"
RUST_LOG=warn "$CATALOG_BIN" seed --products "$PRODUCTS" --stores "$STORES" --seed-value 7 >"$logs/seed.log" 2>&1
# What the stock conservation check starts from.
psql -q "$DATABASE_URL" -c 'CREATE TABLE soak_initial_stock AS SELECT store_id, product_id, quantity FROM inventory' \
  -c 'CREATE TABLE soak_meta AS SELECT COALESCE(max(id), 0) AS last_order_id FROM orders'

replica_pid=()
replica_url=()
for i in 1 2; do
  port=$(free_port)
  env DATABASE_URL="$DATABASE_URL" REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_PREFIX=soak \
    INDEX_DIR="$work/index$i" BIND_ADDR="127.0.0.1:$port" ADMIN_TOKEN="$ADMIN_TOKEN" \
    LOG_FORMAT=json RUST_LOG=info,sqlx=warn \
    SEARCH_RATE_PER_SEC=100000 SEARCH_BURST=100000 SUGGEST_RATE_PER_SEC=100000 SUGGEST_BURST=100000 \
    "$CATALOG_BIN" serve >"$logs/replica$i.log" 2>&1 &
  replica_pid[i]=$!
  pids+=("$!")
  replica_url[i]="http://127.0.0.1:$port"
done
for i in 1 2; do
  for _ in $(seq 1 600); do
    curl -sf "${replica_url[i]}/api/search/products/?page_size=1" >/dev/null && break
    kill -0 "${replica_pid[i]}" || { echo "soak: replica $i exited (see $logs)" >&2; exit 1; }
    sleep 0.2
  done
done
echo "soak: replicas ${replica_url[1]} ${replica_url[2]} serving; load for ${DURATION}s at $RATE req/s"

(while true; do
  echo "$(date +%s) $(rss_kib "${replica_pid[1]}") $(rss_kib "${replica_pid[2]}")" >>"$logs/rss"
  sleep "$RSS_EVERY"
done) &
pids+=("$!")

start=$(date +%s)
WINDOW_FILE=$logs/windows REPLICAS="${replica_url[1]},${replica_url[2]}" DURATION=$DURATION \
  RATE=$RATE ADMIN_TOKEN=$ADMIN_TOKEN "$helper" load >"$logs/load.txt" 2>&1 &
load_pid=$!
pids+=("$load_pid")

at() { while [ $(($(date +%s) - start)) -lt "$1" ]; do sleep 1; done; }
restarts=()

at $((DURATION * 20 / 100))
t0=$(ms)
kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
rm -f "$work/redis/dump.rdb"
start_redis
echo "redis-empty $t0 $(ms)" >>"$logs/windows"
restarts+=("at $(($(date +%s) - start)) s: Redis kill -9, restarted empty")

at $((DURATION * 40 / 100))
redis-cli -p "$redis_port" save >/dev/null
saved_at=$(($(date +%s) - start))

at $((DURATION * 55 / 100))
t0=$(ms)
kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
start_redis
echo "redis-snapshot $t0 $(ms)" >>"$logs/windows"
restarts+=("at $(($(date +%s) - start)) s: Redis kill -9, restarted from the snapshot SAVEd at $saved_at s ($(redis-cli -p "$redis_port" dbsize) keys loaded)")

at $((DURATION * 75 / 100))
t0=$(ms)
as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w restart >/dev/null
t1=$(ms)
echo "postgres $t0 $t1" >>"$logs/windows"
restarts+=("at $(($(date +%s) - start)) s: PostgreSQL restart (fast), down $((t1 - t0)) ms")

load_ok=yes
wait "$load_pid" || load_ok=no

# Caught up: nothing left unnumbered, and both checkpoints at the head.
lag_ok=no
lag_started=$(date +%s)
while [ $(($(date +%s) - lag_started)) -lt "$LAG_DEADLINE" ]; do
  unnumbered=$(psql -Atc 'SELECT count(*) FROM outbox WHERE seq IS NULL' "$DATABASE_URL")
  behind=0
  status=()
  for i in 1 2; do
    s=$(curl -sf -H "authorization: Bearer $ADMIN_TOKEN" "${replica_url[i]}/api/index/status/" || echo '{}')
    status[i]=$(jq -c '{checkpoint, head, behind: .lag.changes_behind}' <<<"$s")
    b=$(jq '.lag.changes_behind // 1' <<<"$s")
    behind=$((behind + b))
  done
  if [ "$unnumbered" = 0 ] && [ "$behind" = 0 ]; then lag_ok=yes; break; fi
  sleep 1
done
lag_secs=$(($(date +%s) - lag_started))

verify_ok=yes
"$helper" verify "$work/index1" "$work/index2" >"$logs/verify.txt" 2>&1 || verify_ok=no

rss_line() {
  # The sample a quarter in separates warm-up (caches, segments) from growth.
  awk -v col="$1" '{v[NR] = $col; if ($col > max) max = $col}
    END {printf "first %.0f MB, at a quarter %.0f MB, max %.0f MB, last %.0f MB (%d samples)",
      v[1] / 1024, v[int(NR / 4) + 1] / 1024, max / 1024, v[NR] / 1024, NR}' "$logs/rss"
}

{
  echo "== soak summary: commit $(git rev-parse --short HEAD), $(nproc) cores, $DURATION s, $PRODUCTS products, $STORES stores, $RATE req/s"
  echo "-- load (examples/soak load)"
  cat "$logs/load.txt"
  echo "-- restarts"
  printf '%s\n' "${restarts[@]}"
  echo "-- catch-up after the load: ${lag_ok} in ${lag_secs} s; replica 1 ${status[1]}, replica 2 ${status[2]}"
  echo "-- index vs PostgreSQL, stock (examples/soak verify)"
  cat "$logs/verify.txt"
  echo "-- RSS every ${RSS_EVERY} s"
  echo "replica 1: $(rss_line 2)"
  echo "replica 2: $(rss_line 3)"
  echo "-- result: load $load_ok, caught up $lag_ok, verify $verify_ok"
} | tee "$logs/summary.txt"

[ "$load_ok" = yes ] && [ "$lag_ok" = yes ] && [ "$verify_ok" = yes ]
