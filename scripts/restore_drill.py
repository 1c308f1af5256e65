# ruff: noqa: S603, S607, S608  -- an operator tool: fixed commands, table names from pg_tables
"""Restore drill: dump the database, restore it into a fresh database, compare row counts per
table and verify the audit chain (and that encrypted narratives decrypt) on the restored copy.

Usage: scripts/restore-drill.sh [--keep]   (reads DATABASE_URL and the usual SCHAKEL_* settings)

The dump and the source row counts come from ONE snapshot (pg_export_snapshot + pg_dump
--snapshot), so the drill can run against a live database: writes during the dump change
neither side of the comparison. Exit status 0 only when every table matches, the audit chain
is intact and a narrative could be decrypted with the configured keys.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]


def _manage(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    keep = "--keep" in sys.argv
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must point at the PostgreSQL database to drill.", file=sys.stderr)
        return 2
    source_name = urlsplit(source).path.lstrip("/")
    target_name = f"{source_name}_drill_{time.strftime('%Y%m%d%H%M%S')}"
    target = _with_db(source, target_name)
    admin = _with_db(source, "postgres")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "schakel.dump"
        with psycopg.connect(source) as snapshot_conn:
            snapshot_conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = snapshot_conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            source_counts = _counts(snapshot_conn)
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={dump}", "-d", source],
                check=True,
            )
            snapshot_conn.rollback()
        dumped = time.monotonic()
        print(
            f"dump: {dump.stat().st_size / 1e6:.1f} MB in {dumped - started:.1f} s ({sum(source_counts.values())} rows)"
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{target_name}"')
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--jobs=2", "-d", target, str(dump)], check=True)
    restored = time.monotonic()
    print(f"restore into fresh database {target_name}: {restored - dumped:.1f} s")
    with psycopg.connect(target) as conn:
        target_counts = _counts(conn)
    mismatches = []
    print(f"{'table':45} {'source':>10} {'restored':>10}")
    for table in sorted(set(source_counts) | set(target_counts)):
        a, b = source_counts.get(table), target_counts.get(table)
        flag = "" if a == b else "  <-- MISMATCH"
        if a != b:
            mismatches.append(table)
        if a or b or flag:
            print(f"{table:45} {a if a is not None else '-':>10} {b if b is not None else '-':>10}{flag}")
    chain = _manage(target, "verify_audit_chain")
    print((chain.stdout + chain.stderr).strip())
    decrypt = _manage(
        target,
        "shell",
        "-c",
        "from schakel.signals.models import Signal; s = Signal.objects.order_by('pk').first(); "
        "print('DECRYPT', 'ok' if s is None or s.narrative else 'empty')",
    )
    decrypt_ok = "DECRYPT ok" in decrypt.stdout
    print("narratives decrypt with the configured keys:", "yes" if decrypt_ok else f"NO {decrypt.stderr[-300:]}")
    if not keep:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{target_name}"')
        print(f"dropped {target_name} (use --keep to keep it)")
    ok = not mismatches and chain.returncode == 0 and decrypt_ok
    print(f"total {time.monotonic() - started:.1f} s; RESULT:", "PASS" if ok else f"FAIL {mismatches}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
