"""Entity pages and networks of the demo data: time and database queries per page.

Usage (after ``make run`` has set up the demo database in ``var/``; the server need not run):
    .venv/bin/python bench/network_demo.py [--repeat 5]

Reads as the demo chain director, through the selectors the views use (no HTTP, no template):
for every pattern on the home page that names an entity (agencies, possible front persons,
phones, adverts), the entity page and the network at depth 1, 2 and 3; for every hotspot, the
page of its place and the network from there (ADR 0021). Prints nodes, queries and the median
time of ``--repeat`` runs, the median time of the network's drawing (``radial_layout``, which
the view adds to the walk), and the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SCHAKEL_ENVIRONMENT", "demo")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench._common import machine  # noqa: E402
from schakel.accounts.models import User  # noqa: E402
from schakel.entities.layout import radial_layout  # noqa: E402
from schakel.entities.selectors import Node, entity_get, network, patterns, place_get, place_network  # noqa: E402

DIRECTOR = "ketenregisseur@demo.schakel.example"
T = TypeVar("T")


def measure(call: Callable[[], T], repeat: int) -> tuple[T, int, float]:
    """The result of ``call()``, its query count and its median wall time in ms."""
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return result, queries, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    director = User.objects.get(email=DIRECTOR)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}")
    print("| pattern | entity or place | page: appearances or signals, queries, ms | depth 1 | depth 2 | depth 3 |")
    print("|---|---|---|---|---|---|")
    for pattern in patterns(actor=director):
        if pattern.entity_id is not None:
            pk = pattern.entity_id
            page, page_queries, page_ms = measure(partial(entity_get, actor=director, pk=pk), args.repeat)
            cells = [f"{len(page.appearances)}, {page_queries} q, {page_ms:.0f} ms"]
            walk: Callable[..., list[Node]] = partial(network, actor=director, pk=pk)
        elif pattern.place:
            place, page_queries, page_ms = measure(partial(place_get, actor=director, key=pattern.place), args.repeat)
            cells = [f"{len(place.signals)} signals, {page_queries} q, {page_ms:.0f} ms"]
            walk = partial(place_network, actor=director, key=pattern.place)
        else:
            continue
        for depth in (1, 2, 3):
            nodes, queries, ms = measure(partial(walk, depth=depth), args.repeat)
            _, _, layout_ms = measure(partial(radial_layout, nodes), args.repeat)
            cells.append(f"{len(nodes)} nodes, {queries} q, {ms:.0f} ms, layout {layout_ms:.0f} ms")
        print(f"| {pattern.kind} | {pattern.label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
