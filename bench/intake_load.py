"""Sustained submissions through the public page and the API: 20 clients, gunicorn + PostgreSQL.

Usage: bench/pg.sh (as root, once), then .venv/bin/python bench/intake_load.py [seconds] [clients]
Every acknowledged submission is checked afterwards: public ones by count, API ones by id.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env, machine, summary

PORT = 8911
BASE = f"http://127.0.0.1:{PORT}"
DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
ENV = django_env(SCHAKEL_PUBLIC_SUBMIT_LIMIT="0", SCHAKEL_PUBLIC_FORM_MIN_SECONDS="0", DJANGO_ALLOWED_HOSTS="127.0.0.1")
PY = str(ROOT / ".venv" / "bin" / "python")
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


def manage(*args: str) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return result.stdout


def setup() -> str:
    manage("migrate", "--noinput")
    manage("load_reference_data")
    out = manage(
        "shell",
        "-c",
        "from schakel.signals.api import api_client_create; from schakel.accounts.models import Organisation;"
        "print('TOKEN', api_client_create(organisation=Organisation.objects.get(short_name='NLA'), name='bench')[1])",
    )
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))


API_BODY = {
    "narrative": "Benchmark: arbeidsmigranten in één woning (synthetisch).",
    "forms": ["labour"],
    "location": {"street": "Hommelseweg", "house_number": "212", "postcode": "6821LN", "city": "Arnhem"},
    "indicators": ["HO-01", "HO-03"],
    "details": [
        {"kind": "phone", "value": "06-41234567"},
        {"kind": "organisation", "value": "Bench BV", "extra": "90000012"},
    ],
}


def run() -> None:
    token = setup()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{PORT}",
         "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if requests.get(f"{BASE}/health/", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        public_times: list[float] = []
        api_times: list[float] = []
        api_ids: list[str] = []
        errors: list[str] = []
        public_ok = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + DURATION

        def client(index: int) -> None:
            session = requests.Session()
            turn = index
            while time.monotonic() < deadline:
                turn += 1
                try:
                    if turn % 2:
                        page = session.get(f"{BASE}/melden/", timeout=30)
                        form_token = TOKEN_RE.search(page.text).group(1)  # type: ignore[union-attr]
                        data = {
                            "narrative": "Benchmark: twaalf mannen in één huis (synthetisch).",
                            "situation": "labour", "danger_now": "no", "minor_involved": "unknown",
                            "address": "Steenstraat 12, 6828 CC Arnhem", "phones": "06-12345678", "plates": "12-ABC-3",
                            "form_token": form_token, "website": "",
                        }  # fmt: skip
                        start = time.perf_counter()
                        response = session.post(f"{BASE}/melden/", data=data, timeout=30)
                        elapsed = time.perf_counter() - start
                        with lock:
                            if response.status_code == 200 and "receipt-code" in response.text:
                                public_times.append(elapsed)
                                public_ok[0] += 1
                            else:
                                errors.append(f"public {response.status_code}")
                    else:
                        start = time.perf_counter()
                        response = session.post(
                            f"{BASE}/api/v1/signals/",
                            json=API_BODY,
                            headers={"Authorization": f"Token {token}", "Idempotency-Key": uuid.uuid4().hex},
                            timeout=30,
                        )
                        elapsed = time.perf_counter() - start
                        with lock:
                            if response.status_code == 201:
                                api_times.append(elapsed)
                                api_ids.append(response.json()["id"])
                            else:
                                errors.append(f"api {response.status_code}")
                except requests.RequestException as exc:
                    with lock:
                        errors.append(type(exc).__name__)

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    check = manage(
        "shell",
        "-c",
        "import sys; from schakel.signals.models import Signal; "
        f"ids = {api_ids!r}; "
        "print('PUBLIC', Signal.objects.filter(channel='public').count()); "
        "print('APIFOUND', Signal.objects.filter(uuid__in=ids).count())",
    )
    stored = dict(line.split() for line in check.splitlines() if line.startswith(("PUBLIC", "APIFOUND")))
    total = len(public_times) + len(api_times)
    print(f"machine: {machine()}")
    print(f"{CLIENTS} clients, {wall:.1f} s, gunicorn 3 workers x 4 threads, PostgreSQL")
    print(
        f"acknowledged: {total} ({total / wall:.1f}/s); public {len(public_times)} ({len(public_times) / wall:.1f}/s), api {len(api_times)} ({len(api_times) / wall:.1f}/s)"
    )
    print(f"public POST latency: {summary(public_times)}")
    print(f"api POST latency:    {summary(api_times)}")
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    print(
        f"stored: public {stored['PUBLIC']} of {public_ok[0]} acknowledged (cumulative over runs: >= means all kept); api {stored['APIFOUND']} of {len(api_ids)}"
    )


if __name__ == "__main__":
    run()
