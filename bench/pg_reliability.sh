#!/usr/bin/env bash
# A PostgreSQL cluster of its own for bench/load_submit.py, bench/faults.py and the restore
# drill (run as root). A separate cluster on port 5499, so that restarting PostgreSQL in the
# fault test never disturbs anything else using the main cluster on 5432.
set -euo pipefail
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
CLUSTER=schakel_reliability
PORT=${BENCH_PG_PORT:-5499}
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
  pg_createcluster "$PG_VERSION" "$CLUSTER" -p "$PORT" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # Enough connections for 8 workers x 4 threads plus the checker.
  echo "max_connections = 120" >> "/etc/postgresql/$PG_VERSION/$CLUSTER/postgresql.conf"
fi
pg_ctlcluster "$PG_VERSION" "$CLUSTER" start 2>/dev/null || true
psql_() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 $*"; }
psql_ "-tAc \"SELECT 1 FROM pg_roles WHERE rolname='schakel'\"" | grep -q 1 \
  || psql_ "-c \"CREATE USER schakel WITH PASSWORD 'schakel' CREATEDB;\""
su postgres -c "dropdb -p $PORT --if-exists ${BENCH_DB_NAME:-schakel_load}"
su postgres -c "createdb -p $PORT -O schakel ${BENCH_DB_NAME:-schakel_load}"
echo "DATABASE_URL=postgres://schakel:schakel@127.0.0.1:$PORT/${BENCH_DB_NAME:-schakel_load}"
echo "restart with: pg_ctlcluster $PG_VERSION $CLUSTER restart"
