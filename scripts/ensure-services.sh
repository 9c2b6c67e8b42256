#!/usr/bin/env bash
# Makes PostgreSQL and Redis reachable at DATABASE_URL and REDIS_URL (the
# service's defaults when unset). When one is not reachable on this machine,
# installs Debian's package if missing and starts it. Safe to run again: it
# leaves services that already answer alone.
#
# With --browser it also installs Debian's chromium and chromium-driver, for
# the shop page's browser test (scripts/test.sh passes it; the demo does not
# need a browser on the server).
set -euo pipefail

WITH_BROWSER=
for arg in "$@"; do
  case "$arg" in
    --browser) WITH_BROWSER=1 ;;
    *) echo "usage: $0 [--browser]" >&2; exit 2 ;;
  esac
done

DATABASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/catalog}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
DEFAULT_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/catalog
# The maintenance database on the same server, for checks before ours exists.
ADMIN_URL="${DATABASE_URL%/*}/postgres"

say() { echo "ensure-services: $*" >&2; }

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

postgres_answers() { psql "$ADMIN_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }

ensure_postgres() {
  if command -v psql >/dev/null && postgres_answers; then
    return
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "installing PostgreSQL"
    apt_install postgresql
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    say "creating PostgreSQL $version cluster"
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    say "starting PostgreSQL $version"
    pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
  done
  if ! postgres_answers && [ "$DATABASE_URL" = "$DEFAULT_DATABASE_URL" ]; then
    # Debian's cluster authenticates local TCP clients by password; give the
    # default URL's user the default URL's password.
    say "setting the postgres user's password for the default DATABASE_URL"
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
  postgres_answers || { say "PostgreSQL does not answer at ${ADMIN_URL%%@*}@..."; exit 1; }
}

redis_answers() { redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  if command -v redis-cli >/dev/null && redis_answers; then
    return
  fi
  if ! command -v redis-server >/dev/null; then
    say "installing Redis"
    apt_install redis-server
  fi
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --logfile /tmp/catalog-redis.log >/dev/null
  for _ in $(seq 1 60); do
    redis_answers && break
    sleep 0.5
  done
  redis_answers || { say "Redis does not answer at $REDIS_URL"; exit 1; }
}

ensure_browser() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    return
  fi
  say "installing chromium and chromium-driver (the shop page's browser test)"
  apt_install --no-install-recommends chromium chromium-driver fonts-liberation
}

if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
  say "installing the PostgreSQL client"
  apt_install postgresql-client
fi
ensure_postgres
ensure_redis
say "PostgreSQL and Redis are reachable"
if [ -n "$WITH_BROWSER" ]; then
  ensure_browser
  say "chromium and chromedriver are installed"
fi
