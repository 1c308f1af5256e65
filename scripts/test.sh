#!/usr/bin/env bash
# The whole suite. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings_test

./scripts/ensure-system-deps.sh

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy"
.venv/bin/mypy .

echo "== migrations are complete"
$PY manage.py makemigrations --check --dry-run

echo "== translations compile and are up to date"
$PY manage.py compilemessages --ignore=.venv >/dev/null
git diff --exit-code --stat -- locale || { echo "Compiled translations differ from the committed ones: run 'make messages' and commit." >&2; exit 1; }

echo "== production settings pass check --deploy"
SCHAKEL_ENVIRONMENT=production DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  DJANGO_ALLOWED_HOSTS=schakel.example.nl SCHAKEL_DATA_DIR="$(mktemp -d)" \
  DJANGO_SETTINGS_MODULE=config.settings $PY manage.py check --deploy --fail-level WARNING

echo "== pytest (database: ${DATABASE_URL:-embedded SQLite})"
.venv/bin/pytest "$@"
