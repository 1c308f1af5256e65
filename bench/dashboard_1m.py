"""The 'Aard en omvang' dashboard over the benchmark database (1,000,000 signals, see inbox_1m.py).

Usage: .venv/bin/python bench/inbox_1m.py (loads the rows once), then .venv/bin/python bench/dashboard_1m.py
Times the whole page (all tables, suppression, choropleth, template) for the chain director
(exact counts) and the analyst (suppressed), default period (12 months) and five years, then
one round of the worker's dashboard warmer and the first visit after it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env, machine, summary

os.environ.update(django_env())
sys.path.insert(0, str(ROOT))

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from schakel.accounts.models import Organisation, User  # noqa: E402
from schakel.signals.models import Signal  # noqa: E402


def client_for(email: str, organisation: str, role: str) -> Client:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": role, "organisation": Organisation.objects.get(name=organisation)}
    )
    user.groups.set(Group.objects.filter(name=role))
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="b", confirmed=True
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(client: Client, params: dict[str, str], runs: int = 10) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/aard-en-omvang/", params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    print(f"machine: {machine()}")
    print(f"signals in database: {Signal.objects.count()}")
    director = client_for("bench-director@bench.example", "Gemeente Arnhem – Ketenregie mensenhandel", "chain_director")
    analyst = client_for("bench-analyst@bench.example", "Gemeente Arnhem – Beleid Veiligheid", "analyst")
    from django.core.cache import cache

    for label, client, params in [
        ("director, last 12 months", director, {}),
        ("analyst, last 12 months (suppressed)", analyst, {}),
        ("director, five years", director, {"period_from": "2021-11-01"}),
        ("analyst, five years, form=labour", analyst, {"period_from": "2021-11-01", "form": "labour"}),
    ]:
        cache.clear()
        cold = timed(client, params, runs=1)
        warm = timed(client, params)
        print(f"{label:40} cold {cold[0] * 1000:.0f} ms; cached: {summary(warm)}")

    # The worker's warmer (every four minutes): how long one round takes, and what the first
    # visitor of the default view then waits. The benchmark's cache is local memory, which the
    # warmer shares here because it runs in this process; in production both use Redis.
    from schakel.monitoring.selectors import warm_dashboards

    cache.clear()
    start = time.perf_counter()
    variants = warm_dashboards()
    print(f"warm_dashboards(): {variants} variants in {time.perf_counter() - start:.1f} s")
    for label, client in [("director, default view after warming", director), ("analyst, same", analyst)]:
        first = timed(client, {}, runs=1)
        print(f"{label:40} first visit {first[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
