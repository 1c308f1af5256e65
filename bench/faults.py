"""Faults mid-load: SIGKILL a gunicorn worker, then restart PostgreSQL, while clients keep
submitting. Every acknowledged submission must survive; during the outage users get the 503
"try again" page (never a stack trace or a 500); the application recovers by itself.

Usage (as root: it restarts the dedicated cluster of bench/pg_reliability.sh, never 5432):
  bench/pg_reliability.sh && /path/to/venv/bin/python bench/faults.py [seconds=75] [clients=30]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine
from _load import Server, run_load, server_errors, setup, verify

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 75.0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
PG_VERSION = sorted(os.listdir("/etc/postgresql"), key=float)[-1]
CLUSTER = "schakel_reliability"
OUTAGE_SECONDS = 8.0


def main() -> int:
    token = setup()
    server = Server(8922)
    events: list[tuple[float, str]] = []
    started = time.monotonic()

    def inject() -> None:
        time.sleep(SECONDS * 0.2)
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
        events.append((time.monotonic() - started, f"SIGKILL gunicorn worker {victim}"))
        time.sleep(SECONDS * 0.2)
        events.append((time.monotonic() - started, "PostgreSQL stop (fast)"))
        subprocess.run(["pg_ctlcluster", PG_VERSION, CLUSTER, "stop", "-m", "fast"], check=True)
        time.sleep(OUTAGE_SECONDS)
        subprocess.run(["pg_ctlcluster", PG_VERSION, CLUSTER, "start"], check=True)
        events.append((time.monotonic() - started, "PostgreSQL started"))

    injector = threading.Thread(target=inject)
    injector.start()
    try:
        result, wall = run_load(server.base, token, CLIENTS, SECONDS)
        injector.join()
        workers_after = server.workers()
    finally:
        server.stop()
    found = verify(result)
    pg_up = next(t for t, what in events if what == "PostgreSQL started")
    pg_down = next(t for t, what in events if what.startswith("PostgreSQL stop"))
    # Timeline offsets of run_load are measured from its own start (within ms of ours).
    after = sorted((t, door, status) for t, door, status in result.timeline if t >= pg_up)
    first_ok = next((t for t, door, status in after if status in (200, 201) and door in ("public", "api")), None)
    during = [s for t, d, s in result.timeline if pg_down <= t <= pg_up]
    acknowledged = len(result.receipts) + len(result.api_ids)
    print(f"machine: {machine()}")
    print(f"{CLIENTS} clients, {wall:.1f} s, gunicorn 4 workers x 4 threads; PostgreSQL cluster {CLUSTER}")
    for t, what in events:
        print(f"  t={t:5.1f} s  {what}")
    print(f"responses: {dict(sorted(result.statuses.items()))}")
    print(f"during the outage: {len(during)} responses, {sum(1 for s in during if s == 503)} of them 503 try-again")
    print(f"5xx that were not the try-again page: {len(result.bad_bodies)} {result.bad_bodies[:3]}")
    print(f"workers after the run: {len(workers_after)} (the master replaced the killed one)")
    if first_ok is not None:
        print(f"first acknowledged submission {first_ok - pg_up:.1f} s after PostgreSQL was back")
    print(f"acknowledged: {acknowledged}: public {len(result.receipts)}, api {len(result.api_ids)}")
    print(
        f"in the database: public {found['PUBLIC_FOUND']}/{len(result.receipts)}, "
        f"api {found['API_FOUND']}/{len(result.api_ids)}"
    )
    non_503 = server_errors(result) - sum(c for k, c in result.statuses.items() if k.endswith(" 503"))
    ok = (
        not result.bad_bodies
        and non_503 == 0
        and found["PUBLIC_FOUND"] == len(result.receipts)
        and found["API_FOUND"] == len(result.api_ids)
        and first_ok is not None
        and len(workers_after) == 4
    )
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
