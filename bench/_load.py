"""Shared load engine for bench/load_submit.py and bench/faults.py.

Starts gunicorn against the dedicated PostgreSQL cluster of bench/pg_reliability.sh, runs N
client threads that alternate between the public page (GET the form, POST it with its signed
form token) and the partner API (POST with a fresh Idempotency-Key), records every response,
and afterwards proves that every acknowledged submission is in the database.

The public page's per-client rate limit would stop a load test from one address after 10
submissions, so the server runs with SCHAKEL_PUBLIC_SUBMIT_LIMIT raised to 1,000,000 and
SCHAKEL_PUBLIC_FORM_MIN_SECONDS=0 (a person needs more than 3 s to fill in the form; these
clients do not wait). The honeypot stays empty, the form token is real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env

BIN = Path(sys.executable).parent
PG_PORT = os.environ.get("BENCH_PG_PORT", "5499")
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://schakel:schakel@127.0.0.1:{PG_PORT}/schakel_load")
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
RECEIPT_RE = re.compile(r'data-testid="receipt-code">([A-Z0-9-]+)<')


def env(**extra: str) -> dict[str, str]:
    return django_env(
        DATABASE_URL=DB_URL,
        SCHAKEL_PUBLIC_SUBMIT_LIMIT="1000000",
        SCHAKEL_PUBLIC_FORM_MIN_SECONDS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SCHAKEL_DATA_DIR=str(ROOT / "var" / "bench-reliability"),
        **extra,
    )


def manage(*args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env(), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return result.stdout


def setup() -> str:
    """Migrate, load reference data, and return a fresh NLA API token."""
    manage("migrate", "--noinput")
    manage("load_reference_data")
    out = manage(
        "shell",
        "-c",
        "from schakel.signals.api import api_client_create; from schakel.accounts.models import Organisation;"
        "print('TOKEN', api_client_create(organisation=Organisation.objects.get(short_name='NLA'), name='bench')[1])",
    )
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))


class Server:
    def __init__(self, port: int, workers: int = 4, threads: int = 4) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{port}",
             "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
             "--graceful-timeout", "5", "--log-level", "warning"],
            cwd=ROOT, env=env(),
        )  # fmt: skip
        for _ in range(150):
            try:
                if requests.get(f"{self.base}/health/", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


API_BODY = {
    "narrative": "Benchmark: arbeidsmigranten in één woning (synthetisch).",
    "forms": ["labour"],
    "location": {"street": "Hommelseweg", "house_number": "212", "postcode": "6821LN", "city": "Arnhem"},
    "indicators": ["HO-01", "HO-03"],
    "details": [{"kind": "phone", "value": "06-41234567"}, {"kind": "organisation", "value": "Bench BV"}],
}
PUBLIC_BODY = {
    "narrative": "Benchmark: twaalf mannen in één huis (synthetisch).",
    "situation": "labour", "danger_now": "no", "minor_involved": "unknown",
    "address": "Steenstraat 12, 6828 CC Arnhem", "phones": "06-12345678", "plates": "12-ABC-3", "website": "",
}  # fmt: skip


@dataclass
class Result:
    statuses: Counter[str] = field(default_factory=Counter)
    receipts: list[str] = field(default_factory=list)  # receipt ids of acknowledged public reports
    api_ids: list[str] = field(default_factory=list)  # uuids of acknowledged API submissions
    public_times: list[float] = field(default_factory=list)
    api_times: list[float] = field(default_factory=list)
    bad_bodies: list[str] = field(default_factory=list)  # a 5xx that is not the try-again page
    timeline: list[tuple[float, str, int]] = field(default_factory=list)  # (t, door, status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, door: str, status: int, response: requests.Response | None) -> None:
        with self.lock:
            self.statuses[f"{door} {status}"] += 1
            self.timeline.append((time.monotonic() - started, door, status))
            if response is not None and status >= 500:
                body = response.text
                try_again = (
                    status == 503
                    and "Traceback" not in body
                    and ("opnieuw" in body or "Tijdelijk niet beschikbaar" in body)
                )
                if not try_again:
                    self.bad_bodies.append(f"{door} {status}: {body[:200]!r}")


def run_load(base: str, token: str, clients: int, seconds: float) -> tuple[Result, float]:
    result = Result()
    started = time.monotonic()
    deadline = started + seconds

    def client(index: int) -> None:
        session = requests.Session()
        turn = index
        while time.monotonic() < deadline:
            turn += 1
            door = "public" if turn % 2 else "api"
            try:
                if door == "public":
                    page = session.get(f"{base}/melden/", timeout=30)
                    match = TOKEN_RE.search(page.text) if page.status_code == 200 else None
                    if match is None:
                        result.record(started, "public-form", page.status_code, page)
                        time.sleep(0.2)
                        continue
                    begin = time.perf_counter()
                    response = session.post(f"{base}/melden/", data={**PUBLIC_BODY, "form_token": match.group(1)},
                                            timeout=30)  # fmt: skip
                    elapsed = time.perf_counter() - begin
                    receipt = RECEIPT_RE.search(response.text) if response.status_code == 200 else None
                    result.record(started, door, response.status_code, response)
                    if receipt:
                        with result.lock:
                            result.receipts.append("".join(ch for ch in receipt.group(1) if ch.isalnum())[:6])
                            result.public_times.append(elapsed)
                else:
                    begin = time.perf_counter()
                    response = session.post(
                        f"{base}/api/v1/signals/", json=API_BODY, timeout=30,
                        headers={"Authorization": f"Token {token}", "Idempotency-Key": uuid.uuid4().hex},
                    )  # fmt: skip
                    elapsed = time.perf_counter() - begin
                    result.record(started, door, response.status_code, response)
                    if response.status_code == 201:
                        with result.lock:
                            result.api_ids.append(response.json()["id"])
                            result.api_times.append(elapsed)
                if response.status_code >= 500:
                    time.sleep(0.5)  # a person would wait a moment before trying again
            except requests.RequestException as exc:
                result.record(started, f"{door}-{type(exc).__name__}", 0, None)
                time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result, time.monotonic() - started


def verify(result: Result) -> dict[str, int]:
    """Look every acknowledged submission up in the database."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"receipts": result.receipts, "api": result.api_ids}, handle)
        path = handle.name
    try:
        out = manage(
            "shell",
            "-c",
            "import json; from schakel.signals.models import Signal; "
            f"d = json.load(open({path!r})); "
            "print('PUBLIC_FOUND', Signal.objects.filter(channel='public', receipt_id__in=d['receipts']).count()); "
            "print('API_FOUND', Signal.objects.filter(uuid__in=d['api']).count()); "
            "print('TOTAL', Signal.objects.count())",
        )
    finally:
        os.unlink(path)
    return {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.split()[:1] and line.split()[0]
            in ("PUBLIC_FOUND", "API_FOUND", "TOTAL")}  # fmt: skip


def server_errors(result: Result) -> int:
    return sum(count for key, count in result.statuses.items() if key.split()[-1].startswith("5"))
