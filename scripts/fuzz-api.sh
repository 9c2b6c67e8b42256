#!/usr/bin/env bash
# The API fuzzing run (issue 11): Schemathesis, from PyPI, against the
# service's own /openapi.json, admin routes included, on a throw-away
# database. Every answer must be one the document describes (status, content
# type, body schema, headers) and none may be a 5xx. Bounded by a fixed seed
# and a fixed number of examples per operation (FUZZ_EXAMPLES, default 300),
# so a run takes two to three minutes and finds the same things every time.
#
# The venv is kept under the cargo target directory, so a rerun installs
# nothing. scripts/test.sh runs this after the cargo tests.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
EXAMPLES=${FUZZ_EXAMPLES:-300}
SEED=${FUZZ_SEED:-20261124}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
VENV="$TARGET_DIR/fuzz-venv"
# Debian's Python: a pyenv 3.11.7 first on PATH trips a CPython bug ("AST
# constructor recursion depth mismatch") in Hypothesis' lambda descriptions.
PYTHON=/usr/bin/python3

say() { echo "fuzz-api: $*" >&2; }

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

scripts/ensure-services.sh
command -v curl >/dev/null || apt_install curl

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  say "installing Schemathesis $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    apt_install python3-venv
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
fi

cargo build --locked -q --bin catalog
CATALOG="$TARGET_DIR/debug/catalog"

# A database, Redis prefix and index of its own, named like the tests' so
# that their sweep removes whatever a killed run leaves behind.
NAME="catalog_test_fuzz_$(date +%s)_$$"
BASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/catalog}
export DATABASE_URL="${BASE_URL%/*}/$NAME"
export REDIS_PREFIX="test:$NAME"
export INDEX_DIR
INDEX_DIR=$(mktemp -d)
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export BIND_ADDR="127.0.0.1:$PORT"
export ADMIN_TOKEN="fuzz-$$-$RANDOM$RANDOM"
# One client sends every request: the rate limits would answer most of them 429.
export SEARCH_RATE_PER_SEC=100000 SEARCH_BURST=100000
export SUGGEST_RATE_PER_SEC=100000 SUGGEST_BURST=100000
export LISTING_RATE_PER_SEC=100000 LISTING_BURST=100000
# The daily summary every 10 s, so its route has summaries to answer.
export REINDEX_SCHEDULE=off OUTBOX_PURGE_SCHEDULE=off INVENTORY_SUMMARY_SCHEDULE="*/10 * * * * *"
export LOG_FORMAT=json RUST_LOG=${RUST_LOG:-warn}
LOG="$TARGET_DIR/fuzz-api.log"

SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  psql "${BASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" --scan --pattern "$REDIS_PREFIX:*" 2>/dev/null |
    xargs -r redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" del >/dev/null 2>&1 || true
  rm -rf "$INDEX_DIR"
}
trap cleanup EXIT

"$CATALOG" migrate >"$LOG" 2>&1
"$CATALOG" seed --products 300 --seed-value 42 >>"$LOG" 2>&1
"$CATALOG" serve >>"$LOG" 2>&1 &
SERVER=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 300); do
  # Ready, and the first search index built (search answers 503 until then).
  if curl -sf "$URL/readyz" >/dev/null && curl -sf "$URL/api/search/products" >/dev/null; then
    break
  fi
  kill -0 "$SERVER" 2>/dev/null || { say "the service stopped; see $LOG"; exit 1; }
  sleep 0.2
done

# What the service logs from here on is the run's.
LOGGED_BEFORE=$(wc -l <"$LOG")

curl -sf "$URL/openapi.json" -o "$TARGET_DIR/openapi.json"
"$VENV/bin/openapi-spec-validator" "$TARGET_DIR/openapi.json"

say "Schemathesis: $EXAMPLES examples per operation, seed $SEED, against $URL"
status=0
SCHEMATHESIS_HOOKS=scripts/fuzz/hooks.py "$VENV/bin/schemathesis" \
  --config-file scripts/fuzz/schemathesis.toml run "$URL/openapi.json" \
  --header "Authorization: Bearer $ADMIN_TOKEN" \
  --max-examples "$EXAMPLES" --seed "$SEED" --generation-database none --workers 2 \
  --request-timeout 30 --no-color --output-truncate true \
  --report junit --report-dir "$TARGET_DIR/fuzz-report" || status=$?

# A 5xx fails a check above; an error logged without one (a panic caught
# mid-stream, a failed background task) fails the run too.
ERRORS=$(tail -n "+$((LOGGED_BEFORE + 1))" "$LOG" | grep '"level":"ERROR"' || true)
if [ -n "$ERRORS" ]; then
  say "the service logged errors during the run:"
  echo "$ERRORS" | head -20 >&2
  status=1
fi
exit "$status"
