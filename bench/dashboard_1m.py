"""The 'Aard en omvang' dashboard over the benchmark database (1,000,000 signals, see inbox_1m.py).

Usage: .venv/bin/python bench/inbox_1m.py (loads the rows once), then .venv/bin/python bench/dashboard_1m.py
Times the whole page (all tables, suppression, choropleth, template) for the chain director
(exact counts) and the analyst (suppressed), default period (12 months) and five years, then
one round of the worker's dashboard warmer and the first visit after it. Before the views:
the first count of the stored monthly counts (ADR 0018); after them: uncached views of other
periods and forms, and the first view after a signal of an old month changed.
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

    from schakel.core.models import Municipality
    from schakel.monitoring import facts
    from schakel.monitoring.models import SignalMonthStamp

    # The stored monthly counts (ADR 0018): the first count of every month, as after an upgrade
    # or a bulk load, then nothing left to count.
    SignalMonthStamp.objects.all().delete()
    municipality = Municipality.objects.get(code="GM0202")
    start = time.perf_counter()
    months = facts.refresh_all(municipality.pk)
    print(f"first count of stored months: {months} months in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    facts.refresh_all(municipality.pk)
    print(f"refresh with nothing changed: {(time.perf_counter() - start) * 1000:.0f} ms")

    # The first request of a fresh process also loads templates, translations and the district
    # map; it is reported apart so the figures below are the dashboard's own work.
    cache.clear()
    first = timed(director, {"period_from": "2021-12-01", "period_to": "2021-12-31"}, runs=1)
    print(f"{'first request of the process (Dec 2021)':40} {first[0] * 1000:.0f} ms")

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

    # Uncached views (the page cache cleared before every request): what anyone choosing another
    # period or form waits for.
    for label, client, params in [
        (
            "director, 2024, form=sexual",
            director,
            {"period_from": "2024-01-01", "period_to": "2024-12-31", "form": "sexual"},
        ),
        ("analyst, 2023-03-15..2025-06-20", analyst, {"period_from": "2023-03-15", "period_to": "2025-06-20"}),
        ("director, five years, form=criminal", director, {"period_from": "2021-11-01", "form": "criminal"}),
    ]:
        times = []
        for _ in range(5):
            cache.clear()
            times += timed(client, params, runs=1)
        print(f"{label:40} uncached: {summary(times)}")

    # A signal of an old month changes: that month is counted again on the next view.
    old = Signal.objects.filter(municipality=municipality, received_at__year=2023).order_by("pk").first()
    assert old is not None
    old.priority = "high" if old.priority != "high" else "normal"
    old.save(update_fields=["priority"])
    cache.clear()
    after = timed(director, {"period_from": "2021-11-01"}, runs=1)
    print(f"{'director, five years, one month changed':40} first view {after[0] * 1000:.0f} ms")

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
