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

echo "== translations compile, the .mo files match their .po, English is complete"
tmp_mo=$(mktemp)
for po in locale/*/LC_MESSAGES/django.po; do
  msgfmt --check-format -o "$tmp_mo" "$po"
  cmp -s "$tmp_mo" "${po%.po}.mo" || { echo "$po and its .mo differ: run 'make messages'." >&2; exit 1; }
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid' || true)
  [ "$fuzzy" -eq 0 ] || { echo "$po has $fuzzy fuzzy (unused) translation(s): review them." >&2; exit 1; }
done
rm -f "$tmp_mo"
untranslated=$(msgattrib --untranslated --no-obsolete locale/en/LC_MESSAGES/django.po | grep -c '^msgid' || true)
[ "$untranslated" -le 1 ] || { echo "English translation misses $((untranslated - 1)) string(s): run 'make messages' and translate." >&2; exit 1; }

echo "== production settings pass check --deploy"
SCHAKEL_ENVIRONMENT=production DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  DJANGO_ALLOWED_HOSTS=schakel.example.nl SCHAKEL_SITE_URL=https://schakel.example.nl SCHAKEL_DATA_DIR="$(mktemp -d)" \
  SCHAKEL_ENCRYPTION_KEYS="$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  DJANGO_SETTINGS_MODULE=config.settings $PY manage.py check --deploy --fail-level WARNING

echo "== pytest (database: ${DATABASE_URL:-embedded SQLite})"
.venv/bin/pytest -n "${PYTEST_WORKERS:-auto}" "$@"
