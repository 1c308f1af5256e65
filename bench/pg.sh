#!/usr/bin/env bash
# A PostgreSQL database for the benchmarks (same recipe as .ci/run, separate database).
set -euo pipefail
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='schakel'\"" | grep -q 1 \
  || su postgres -c "psql -c \"CREATE USER schakel WITH PASSWORD 'schakel' CREATEDB;\""
su postgres -c "dropdb --if-exists schakel_bench"
su postgres -c "createdb -O schakel schakel_bench"
echo "DATABASE_URL=postgres://schakel:schakel@127.0.0.1:5432/schakel_bench"
