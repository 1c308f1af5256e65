"""The chain director's inbox with 1,000,000 signals in PostgreSQL.

Usage: bench/pg.sh (as root), then .venv/bin/python bench/inbox_1m.py [rows]
Loads synthetic rows with COPY (once; rerunning reuses them), then times the full inbox page
(view, selector, template, audit write) through Django's test client, in-process.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env, machine, summary

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
os.environ.update(django_env())
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from schakel.accounts.models import Organisation, User  # noqa: E402
from schakel.core.models import District, Municipality  # noqa: E402
from schakel.intake.models import IndicatorCatalogue  # noqa: E402
from schakel.signals.models import Signal  # noqa: E402
from schakel.signals.selectors import signal_inbox  # noqa: E402

COLUMNS = [
    "uuid", "municipality_id", "channel", "partner_reference", "source_label", "received_at", "street", "house_number",
    "house_letter", "house_number_addition", "postcode", "city", "address_key", "district_id", "location_description",
    "form_sexual", "form_labour", "form_criminal", "form_organ", "form_serious_disadvantage", "form_unknown",
    "catalogue_id", "narrative", "minor_involved", "urgency", "urgency_rank", "source_reliability",
    "information_reliability", "meldcode_applicable", "meldcode_answers", "meldcode_reason", "status",
    "receipt_hash", "is_synthetic", "created_at",
]  # fmt: skip


def load(rows: int) -> None:
    existing = Signal.objects.count()
    if existing >= rows:
        print(f"reusing {existing} signals")
        return
    municipality = Municipality.objects.get(code="GM0202")
    catalogue = IndicatorCatalogue.objects.get(status="published")
    districts = list(District.objects.values_list("id", flat=True))
    rng = random.Random(1)
    now = timezone.now()
    channels = ["internal", "partner", "public", "api", "inspection"]
    urgencies = [("acute", 0), ("high", 1), ("normal", 2)]
    started = time.perf_counter()
    batch = 100_000
    with connection.cursor() as cursor:
        for offset in range(existing, rows, batch):
            buffer = io.StringIO()
            for _ in range(min(batch, rows - offset)):
                urgency, rank = rng.choices(urgencies, weights=[2, 18, 80])[0]
                form = rng.randrange(3)
                received = now - timedelta(seconds=rng.randrange(0, 5 * 365 * 86400))
                values = [
                    str(uuid.uuid4()), str(municipality.pk), rng.choice(channels), "", "", received.isoformat(),
                    "Steenstraat", str(rng.randint(1, 300)), "", "", "6828CC", "Arnhem", "6828CC:1",
                    str(rng.choice(districts)), "", "t" if form == 0 else "f", "t" if form == 1 else "f",
                    "t" if form == 2 else "f", "f", "f", "f", str(catalogue.pk),
                    "Synthetisch benchmarksignaal met een beschrijving van wat er is gezien.", "unknown", urgency,
                    str(rank), "unknown", "unknown", "f", "{}", "", "received", "", "t", received.isoformat(),
                ]  # fmt: skip
                buffer.write("\t".join(values) + "\n")
            buffer.seek(0)
            with cursor.cursor.copy(f"COPY signals_signal ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            print(f"  loaded {offset + min(batch, rows - offset)} rows", flush=True)
        cursor.execute("ANALYZE signals_signal")
    print(f"loaded {rows - existing} signals in {time.perf_counter() - started:.0f} s")


def director_client() -> tuple[Client, User]:
    organisation = Organisation.objects.get(name="Gemeente Arnhem – Ketenregie mensenhandel")
    user, _ = User.objects.get_or_create(
        email="bench-director@bench.example", defaults={"full_name": "Bench", "organisation": organisation}
    )
    user.groups.add(*Group.objects.filter(name="chain_director"))
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="b", confirmed=True
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def timed(client: Client, params: dict[str, str], runs: int = 40) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/signalen/", params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    load(ROWS)
    client, user = director_client()
    district = "WK020207"
    cursor = signal_inbox(actor=user, filters={}).next_cursor
    print(f"machine: {machine()}")
    print(f"signals in database: {Signal.objects.count()}")
    for label, params in [
        ("first page, no filter", {}),
        ("first page, form=labour", {"form": "labour"}),
        ("first page, district", {"district": district}),
        (
            "first page, urgency=acute + period",
            {"urgency": "acute", "date_from": "2025-01-01", "date_to": "2025-12-31"},
        ),
        ("next page (keyset cursor)", {"na": cursor or ""}),
        ("search postcode", {"q": "6828 CC"}),
    ]:
        timed(client, params, runs=3)  # warm-up
        print(f"{label:38} {summary(timed(client, params))}")


if __name__ == "__main__":
    main()
