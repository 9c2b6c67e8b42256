#!/usr/bin/env bash
# Quick start, command 1: makes PostgreSQL and Redis reachable, builds the
# service, migrates, seeds demo data if the catalog is empty, and serves on
# BIND_ADDR (default 127.0.0.1:8080) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh
cargo build --release --locked
./target/release/catalog seed --if-empty --seed-value 42
export ADMIN_TOKEN=${ADMIN_TOKEN:-demo-admin-token}
exec ./target/release/catalog serve
