"""50 concurrent clients submit on the public page and the partner API for 60 s against
gunicorn + PostgreSQL; every acknowledged submission must be in the database; zero 5xx.

Usage (as root, once per run): bench/pg_reliability.sh
then: /path/to/venv/bin/python bench/load_submit.py [seconds=60] [clients=50]
See bench/_load.py for the raised rate limit and form timing used for the run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, summary
from _load import Server, run_load, server_errors, setup, verify

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def main() -> int:
    token = setup()
    server = Server(8921)
    try:
        result, wall = run_load(server.base, token, CLIENTS, SECONDS)
    finally:
        server.stop()
    found = verify(result)
    acknowledged = len(result.receipts) + len(result.api_ids)
    print(f"machine: {machine()}")
    print(f"{CLIENTS} clients, {wall:.1f} s, gunicorn 4 workers x 4 threads (gthread), PostgreSQL")
    print(f"responses: {dict(sorted(result.statuses.items()))}")
    print(
        f"acknowledged: {acknowledged} ({acknowledged / wall:.1f}/s): public {len(result.receipts)}, "
        f"api {len(result.api_ids)}"
    )
    print(f"public POST latency: {summary(result.public_times)}")
    print(f"api POST latency:    {summary(result.api_times)}")
    print(
        f"in the database: public {found['PUBLIC_FOUND']}/{len(result.receipts)}, "
        f"api {found['API_FOUND']}/{len(result.api_ids)} (signals in total: {found['TOTAL']})"
    )
    errors = server_errors(result)
    print(f"5xx responses: {errors}")
    ok = errors == 0 and found["PUBLIC_FOUND"] == len(result.receipts) and found["API_FOUND"] == len(result.api_ids)
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
