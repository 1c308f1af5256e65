#!/usr/bin/env bash
# Creates the separate virtual environment with the competing linkers (Splink on DuckDB,
# recordlinkage) that bench/linking/run.py drives through bench/linking/competitors.py.
# The project's own .venv is not touched. Override the location with BENCH_COMPETITOR_VENV.
# Versions are pinned to the ones measured in docs/benchmarks-linking.md.
set -euo pipefail

VENV="${BENCH_COMPETITOR_VENV:-/tmp/schakel-bench-venv}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet "splink==5.0.0" "duckdb==2.0.1" "recordlinkage==0.16" "pandas==2.3.3" "jellyfish==1.3.0" "Unidecode==1.4.0"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as md

for name in ("splink", "duckdb", "recordlinkage", "pandas", "numpy", "scikit-learn", "jellyfish", "Unidecode"):
    try:
        print(f"{name} {md.version(name)}")
    except md.PackageNotFoundError:
        print(f"{name} missing")
PY
echo "competitor venv ready: $VENV"
