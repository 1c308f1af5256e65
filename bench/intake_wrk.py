"""Sustained intake capacity, measured with wrk (a C load generator) so the client takes little
of the two cores: public-page POSTs and API POSTs at the same time against gunicorn +
PostgreSQL, then a check that every acknowledged submission is in the database.

Usage: bench/pg.sh (as root), then .venv/bin/python bench/intake_wrk.py [seconds] [connections per door]
Needs Debian's wrk (apt-get install wrk).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env, machine

PORT = 8912
BASE = f"http://127.0.0.1:{PORT}"
DURATION = int(sys.argv[1]) if len(sys.argv) > 1 else 30
CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
WORKERS = sys.argv[3] if len(sys.argv) > 3 else "4"
ENV = django_env(SCHAKEL_PUBLIC_SUBMIT_LIMIT="0", SCHAKEL_PUBLIC_FORM_MIN_SECONDS="0", DJANGO_ALLOWED_HOSTS="127.0.0.1")
PY = str(ROOT / ".venv" / "bin" / "python")

LUA_COMMON = r"""
local threads = {}
local counter = 0
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; bad = 0; statuses = {} end
function done(summary, latency, requests)
  local okc, badc = 0, 0
  for _, t in ipairs(threads) do okc = okc + t:get("ok"); badc = badc + t:get("bad") end
  io.write(string.format('RESULT {"ok": %d, "bad": %d, "requests": %d, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    okc, badc, summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

LUA_PUBLIC = (
    LUA_COMMON
    + r"""
local tokens = {}
for line in io.lines("@TOKENS@") do table.insert(tokens, line) end
local index = 0
function request()
  index = index + 1
  local body = "narrative=Benchmark%3A+twaalf+mannen+in+een+huis+%28synthetisch%29&situation=labour&danger_now=no" ..
    "&minor_involved=unknown&address=Steenstraat+12%2C+6828+CC+Arnhem&phones=06-12345678&plates=12-ABC-3&website=" ..
    "&form_token=" .. tokens[(index % #tokens) + 1]
  return wrk.format("POST", "/melden/", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 200 and string.find(body, "receipt-code", 1, true) then ok = ok + 1 else bad = bad + 1 end
end
"""
)

LUA_API = (
    LUA_COMMON
    + r"""
local body = '@BODY@'
local n = 0
local seed = tostring(math.random(1, 1000000000))
function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/signals/", {["Content-Type"] = "application/json",
    ["Authorization"] = "Token @TOKEN@", ["Idempotency-Key"] = seed .. "-" .. n}, body)
end
function response(status, headers, body)
  if status == 201 then ok = ok + 1 else bad = bad + 1 end
end
"""
)

API_BODY = {
    "narrative": "Benchmark: arbeidsmigranten in een woning (synthetisch).",
    "forms": ["labour"],
    "location": {"street": "Hommelseweg", "house_number": "212", "postcode": "6821LN", "city": "Arnhem"},
    "indicators": ["HO-01", "HO-03"],
    "details": [
        {"kind": "phone", "value": "06-41234567"},
        {"kind": "organisation", "value": "Bench BV", "extra": "90000012"},
    ],
}


def manage(*args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    ).stdout


def count_signals() -> dict[str, int]:
    out = manage(
        "shell",
        "-c",
        "from schakel.signals.models import Signal; "
        "print('COUNT', Signal.objects.filter(channel='public').count(), Signal.objects.filter(channel='api').count())",
    )
    line = next(line for line in out.splitlines() if line.startswith("COUNT"))
    _, public, api = line.split()
    return {"public": int(public), "api": int(api)}


def main() -> None:
    manage("migrate", "--noinput")
    manage("load_reference_data")
    out = manage(
        "shell",
        "-c",
        "from schakel.signals.api import api_client_create; from schakel.accounts.models import Organisation;"
        "from schakel.intake.abuse import new_form_token;"
        "print('TOKEN', api_client_create(organisation=Organisation.objects.get(short_name='NLA'), name='wrk')[1]);"
        "[print('FORM', new_form_token()) for _ in range(60000)]",
    )
    token = next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))
    tmp = Path(tempfile.mkdtemp())
    (tmp / "tokens.txt").write_text("\n".join(line.split()[1] for line in out.splitlines() if line.startswith("FORM")))
    (tmp / "public.lua").write_text(LUA_PUBLIC.replace("@TOKENS@", str(tmp / "tokens.txt")))
    (tmp / "api.lua").write_text(LUA_API.replace("@TOKEN@", token).replace("@BODY@", json.dumps(API_BODY)))
    before = count_signals()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{PORT}",
         "--workers", WORKERS, "--threads", "2", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if requests.get(f"{BASE}/health/", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        wrk = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "30s"]
        public = subprocess.Popen([*wrk, "-s", str(tmp / "public.lua"), BASE], stdout=subprocess.PIPE, text=True)
        api = subprocess.Popen([*wrk, "-s", str(tmp / "api.lua"), BASE], stdout=subprocess.PIPE, text=True)
        results = {}
        for name, process in (("public", public), ("api", api)):
            output, _ = process.communicate()
            line = next(line for line in output.splitlines() if line.startswith("RESULT"))
            results[name] = json.loads(line.split(" ", 1)[1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = count_signals()
    print(f"machine: {machine()}")
    print(
        f"gunicorn {WORKERS} workers x 2 threads (gthread), PostgreSQL; wrk {CONNECTIONS} connections per door, {DURATION} s"
    )
    total = 0
    for name in ("public", "api"):
        r = results[name]
        stored = after[name] - before[name]
        total += r["ok"]
        print(
            f"{name:6}: {r['ok']} acknowledged ({r['ok'] / DURATION:.1f}/s), p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
            f"p99 {r['p99']:.1f} ms, non-success {r['bad']}, socket errors {r['errors']}; stored {stored}"
        )
    print(f"total : {total / DURATION:.1f} acknowledged submissions/s")


if __name__ == "__main__":
    main()
