#!/usr/bin/env bash
# Restore drill (docs/admin-guide.md §25): pg_dump of the database in DATABASE_URL, restored
# into a fresh database, row counts compared per table, audit chain verified on the copy.
# Run with the same environment as the application (schakel-manage's environment file), e.g.
#   set -a; . /etc/schakel/schakel.env; set +a; scripts/restore-drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
exec "$PY" scripts/restore_drill.py "$@"
