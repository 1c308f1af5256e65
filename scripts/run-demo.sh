#!/usr/bin/env bash
# The demo: embedded SQLite, synthetic data, demo accounts, web server plus background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export SCHAKEL_ENVIRONMENT=demo
PORT="${PORT:-8000}"
# Links in the e-mails the demo sends point at the port it serves on.
export SCHAKEL_SITE_URL="${SCHAKEL_SITE_URL:-http://127.0.0.1:${PORT}}"
PY=.venv/bin/python

$PY manage.py migrate --noinput
$PY manage.py load_reference_data
$PY manage.py seed_demo

$PY manage.py run_huey --workers 1 --flush-locks --quiet &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM

echo
echo "Schakel draait op http://127.0.0.1:${PORT}/  (stoppen: Ctrl+C)"
echo
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 --threads 4 \
  --access-logfile - --access-logformat '%(m)s %(U)s %(s)s %(M)sms'
