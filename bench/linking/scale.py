"""Scale of the matching engine: a large in-memory Index, and a large batch dedupe.

Usage:
    .venv/bin/python bench/linking/scale.py index --size 1000000 [--queries 200]
    .venv/bin/python bench/linking/scale.py dedupe --size 200000
    .venv/bin/python bench/linking/scale.py candidates --size 1000000
    .venv/bin/python bench/linking/scale.py all [--index-sizes 100000,300000,1000000]
        [--dedupe-sizes 50000,100000,200000] [--candidate-sizes 1000000]

``index``: stores ``--size`` entity records of mixed kinds (60 % persons, 25 % addresses,
5 % organisations, 5 % phone numbers, 5 % vehicles, each entity written 1-4 times with the
corruptions of ``generate.py``) in one :class:`matching.Index`, then matches ``--queries``
new records against it with ``Index.match(fields, kind=..., threshold=0.9, limit=10)``: three
in four are new records of stored entities, one in four of unknown entities. Reports the build
time (the ``Index.add`` calls only; generating the records is timed apart), the resident
memory the index added, the peak resident memory of the process, and p50/p95/max latency of
the queries, overall and per kind. A second batch of the same make-up (other entities, so no
query finds its own values in the caches) is timed with every candidate scored, as before the
per-query bound of ADR 0019 (``without_query_bound``), and asked again with the bound to check
that both give the same matches.

``dedupe``: deduplicates ``--size`` person records (the same generator) the way
``matching.dedupe`` does it (prepare the records, in ``--workers`` forked processes, default
every core; add them to an ``Index``; then ``Index.pairs()``, scored in the workers too),
timing the two steps apart, and reports the number of candidate and matching pairs, the CPU
time of all processes, the peak resident memory of the main process and of the largest worker
(``resource.getrusage``; tracemalloc would slow the run several times over) and the peak of
the proportional set size of all processes together (sampled every 2 s from
``/proc/*/smaps_rollup``; it counts pages the workers share with the main process once).

``candidates``: only the blocking step of such a dedupe (``BlockIndex`` over the prepared
records, then enumerating the candidate pairs): how many pairs a dedupe too large to run
within the time limit would score. With the per-pair scoring cost measured by ``dedupe`` this
extrapolates the full run.

``all`` runs each size in a fresh process, so one run's memory cannot flatter or hurt the
next, and prints summary tables with the extrapolated dedupe. Every run is seeded and
reproducible.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from matching import BlockingStats, Index, Record, prepare  # noqa: E402
from matching.blocking import BlockIndex  # noqa: E402
from matching.engine import _prepare_all, _seeded_name_keys, _without_cyclic_gc, _worker_count  # noqa: E402

SEED = 20261205
KIND_MIX = (("person", 0.60), ("address", 0.25), ("organisation", 0.05), ("phone", 0.05), ("vehicle", 0.05))
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
PLATE_SHAPES = ("XX-999-X", "99-XXX-9", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999")


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def children_peak_rss_bytes() -> int:
    """The largest peak resident set of a finished worker process (0 without workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def _pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the memory of this process and its worker processes together, every ``interval`` s.

    Forked workers share the parent's pages until they write to them, so adding up resident
    sets would count shared pages several times; the proportional set size (PSS) counts each
    page once, split among the processes sharing it, so the sum is the memory really in use.
    """

    def __init__(self, interval: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0
        self._stop_event = threading.Event()

    def sample(self) -> int:
        pid = os.getpid()
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        total = _pss_bytes(pid) + sum(_pss_bytes(int(child)) for child in children)
        self.peak = max(self.peak, total)
        return total

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        self.sample()
        return self.peak


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


class Entities:
    """Entities of every kind and noisy records of them, from the generate.py factories."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.geo = generate.Geography(self.rng, streets_per_city=600)
        self.persons = generate.PersonFactory(self.rng, self.geo)
        self.organisations = generate.OrganisationFactory(self.rng, self.geo, self.persons)
        self._person_stream = self.persons.persons(10**12)
        self._serial = 0

    def new(self, kind: str) -> object:
        rng = self.rng
        if kind == "person":
            return next(self._person_stream)
        if kind == "address":
            return self.geo.address()
        if kind == "organisation":
            return self.organisations.new(
                self.organisations.name(), self.geo.address() if rng.random() < 0.95 else None
            )
        if kind == "phone":
            return f"06{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}"
        shape = rng.choice(PLATE_SHAPES)
        return "".join(
            rng.choice(PLATE_LETTERS) if c == "X" else str(rng.randint(0, 9)) if c == "9" else c for c in shape
        )

    def render(self, kind: str, entity: object) -> dict[str, str]:
        rng = self.rng
        if kind == "person":
            fields, _ = self.persons.render(entity)  # type: ignore[arg-type]
        elif kind == "address":
            fields = generate.render_address(entity, rng, [])  # type: ignore[arg-type]
        elif kind == "organisation":
            fields, _ = self.organisations.render(entity)  # type: ignore[arg-type]
        elif kind == "phone":
            number = str(entity)
            fields = {
                "phone": rng.choice(
                    (
                        number,
                        f"{number[:2]}-{number[2:]}",
                        f"+31 6 {number[2:6]} {number[6:]}",
                        f"+31{number[1:]}",
                        f"0031{number[1:]}",
                    )
                )
            }
        else:
            plate = str(entity)
            fields = {"plate": rng.choice((plate, plate.replace("-", ""), plate.lower(), plate.replace("-", " ")))}
        return {key: value for key, value in fields.items() if value}

    def stream(
        self, size: int, kinds: tuple[tuple[str, float], ...], keep: int = 0
    ) -> Iterator[tuple[str, str, dict[str, str]]]:
        """``size`` records as (record id, kind, fields); remembers up to ``keep`` entities for queries."""
        self.kept: list[tuple[str, object]] = []
        made = 0
        seen = 0
        while made < size:
            kind = str(generate.weighted(self.rng, kinds))
            entity = self.new(kind)
            seen += 1
            if keep:
                if len(self.kept) < keep:
                    self.kept.append((kind, entity))
                elif self.rng.random() < keep / seen:
                    self.kept[self.rng.randrange(keep)] = (kind, entity)
            for _ in range(generate.records_per_entity(self.rng)):
                if made >= size:
                    return
                made += 1
                yield f"r{made}", kind, self.render(kind, entity)


def index_run(size: int, queries: int) -> dict[str, object]:
    entities = Entities(SEED)
    index = Index()
    gc.collect()
    before = rss_bytes()
    build = 0.0
    started = time.perf_counter()
    for record_id, kind, fields in entities.stream(size, KIND_MIX, keep=queries * 4):
        t0 = time.perf_counter()
        index.add(record_id, kind, fields)
        build += time.perf_counter() - t0
    total = time.perf_counter() - started
    gc.collect()
    added = rss_bytes() - before

    rng = entities.rng

    def query_batch(known_entities: list[tuple[str, object]]) -> list[tuple[str, dict[str, str], bool]]:
        batch = [(kind, entities.render(kind, entity), True) for kind, entity in known_entities]
        while len(batch) < queries:
            kind = str(generate.weighted(rng, KIND_MIX))
            batch.append((kind, entities.render(kind, entities.new(kind)), False))
        rng.shuffle(batch)
        return batch

    # Two batches of the same make-up but other entities: each is asked once, as a new signal's
    # entities are (a second pass over the same queries would find their values in the caches).
    pool = rng.sample(entities.kept, min(len(entities.kept), queries * 3 // 2))
    known = pool[: queries * 3 // 4]
    batch, other_batch = query_batch(known), query_batch(pool[queries * 3 // 4 :])
    for kind, fields, _ in query_batch([])[:5]:  # warm the caches the way a running server would have them
        index.match(fields, kind=kind, threshold=0.9, limit=10)
    latencies, found, _ = _time_queries(index, batch)
    every = [value for values in latencies.values() for value in values]
    # The other batch with every candidate scored, as before the per-query bound (ADR 0019);
    # then that batch again with the bound, to check both give the same matches.
    import matching.engine as engine

    bound_from = engine._QUERY_PREFILTER_MIN
    engine._QUERY_PREFILTER_MIN = 10**9
    try:
        unbounded, _, unbounded_answers = _time_queries(index, other_batch)
    finally:
        engine._QUERY_PREFILTER_MIN = bound_from
    every_unbounded = [value for values in unbounded.values() for value in values]
    _, _, bounded_answers = _time_queries(index, other_batch)
    return {
        "part": "index",
        "size": size,
        "build_seconds": round(build, 1),
        "generate_and_build_seconds": round(total, 1),
        "index_rss_gib": round(added / 2**30, 2),
        "bytes_per_record": round(added / size),
        "peak_rss_gib": round(peak_rss_bytes() / 2**30, 2),
        "queries": len(every),
        "known_queries_with_a_match": f"{found}/{len(known)}",
        "p50_ms": round(percentile(every, 50) * 1000, 2),
        "p95_ms": round(percentile(every, 95) * 1000, 2),
        "max_ms": round(max(every) * 1000, 2),
        "per_kind": {
            kind: {
                "n": len(v),
                "p50_ms": round(percentile(v, 50) * 1000, 2),
                "p95_ms": round(percentile(v, 95) * 1000, 2),
            }
            for kind, v in sorted(latencies.items())
        },
        "without_query_bound": {
            "same_matches": unbounded_answers == bounded_answers,
            "p50_ms": round(percentile(every_unbounded, 50) * 1000, 2),
            "p95_ms": round(percentile(every_unbounded, 95) * 1000, 2),
            "max_ms": round(max(every_unbounded) * 1000, 2),
            "person_p95_ms": round(percentile(unbounded.get("person", [0.0]), 95) * 1000, 2),
        },
    }


def _time_queries(
    index: Index, batch: list[tuple[str, dict[str, str], bool]]
) -> tuple[dict[str, list[float]], int, list[list[tuple[str, float]]]]:
    """Latency per kind, the known queries that found something, and every answer."""
    latencies: dict[str, list[float]] = {}
    found = 0
    answers = []
    for kind, fields, is_known in batch:
        t0 = time.perf_counter()
        matches = index.match(fields, kind=kind, threshold=0.9, limit=10)
        latencies.setdefault(kind, []).append(time.perf_counter() - t0)
        found += bool(matches) and is_known
        answers.append([(match.record_id, match.score) for match in matches])
    return latencies, found, answers


def dedupe_run(size: int, workers: int | None = None) -> dict[str, object]:
    """``dedupe()`` step by step: prepare the records (in ``workers`` processes), ``Index`` them, score the pairs."""
    entities = Entities(SEED + 1)
    t0 = time.perf_counter()
    records = [Record(record_id, fields, kind) for record_id, kind, fields in entities.stream(size, (("person", 1.0),))]
    generated = time.perf_counter() - t0
    gc.collect()
    before = rss_bytes()
    memory = TreeMemory()
    memory.start()
    stats = BlockingStats()
    started = time.perf_counter()
    cpu_started = os.times()
    used = _worker_count(workers, len(records))
    # As matching.dedupe() does it (the cyclic garbage collector paused, the names' keys handed
    # over by the preparing workers dropped at the end), timed per step.
    with _without_cyclic_gc(), _seeded_name_keys():
        index = Index()
        for _record_id, prepared, entry in _prepare_all(records, used):
            if isinstance(prepared, ValueError):
                raise prepared
            index.add_prepared(prepared, entry)
        built = time.perf_counter()
        index_rss = rss_bytes() - before
        pairs = index.pairs(stats=stats, workers=used)
        finished = time.perf_counter()
    cpu = os.times()
    peak_tree = memory.stop()
    cpu_seconds = sum(
        getattr(cpu, f) - getattr(cpu_started, f) for f in ("user", "system", "children_user", "children_system")
    )
    return {
        "part": "dedupe",
        "size": size,
        "workers": used,
        "generate_seconds": round(generated, 1),
        "seconds": round(finished - started, 1),
        "build_seconds": round(built - started, 1),
        "score_seconds": round(finished - built, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "candidate_pairs": stats.candidate_pairs,
        "windowed_blocks": len(stats.windowed_blocks),
        "largest_strong_block": max((n for _, n in stats.largest_strong_blocks), default=0),
        "matching_pairs": len(pairs),
        "input_rss_gib": round(before / 2**30, 2),
        "index_rss_gib": round(index_rss / 2**30, 2),
        "peak_rss_gib": round(peak_rss_bytes() / 2**30, 2),
        "worker_peak_rss_gib": round(children_peak_rss_bytes() / 2**30, 2),
        "peak_pss_all_processes_gib": round(peak_tree / 2**30, 2),
    }


def candidates_run(size: int) -> dict[str, object]:
    """Only the blocking step of a dedupe: how many candidate pairs ``size`` person records give.

    Scoring costs a roughly constant time per candidate pair (measured by ``dedupe`` on
    smaller sizes), so this plus that cost extrapolates a dedupe too large to run here.
    """
    entities = Entities(SEED + 1)
    records = list(entities.stream(size, (("person", 1.0),)))
    gc.collect()
    before = rss_bytes()
    blocks = BlockIndex()
    started = time.perf_counter()
    for record_id, kind, fields in records:
        blocks.add(prepare(record_id, fields, kind))
    built = time.perf_counter()
    stats = BlockingStats()
    count = sum(1 for _ in blocks.pairs(stats))
    finished = time.perf_counter()
    return {
        "part": "candidates",
        "size": size,
        "block_index_seconds": round(built - started, 1),
        "pair_enumeration_seconds": round(finished - built, 1),
        "candidate_pairs": count,
        "windowed_blocks": len(stats.windowed_blocks),
        "input_rss_gib": round(before / 2**30, 2),
        "peak_rss_gib": round(peak_rss_bytes() / 2**30, 2),
    }


def run_child(arguments: list[str]) -> dict[str, object]:
    """One measurement in a fresh process; records the machine's load, since other work skews the timings."""
    load_before = os.getloadavg()[0]
    result = subprocess.run(
        [sys.executable, __file__, *arguments, "--json"], capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    measured["load_average"] = f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}"
    print(json.dumps(measured), flush=True)
    return measured


def summary(results: list[dict]) -> str:
    """Markdown tables, plus the extrapolations the docs quote."""
    lines = [
        "| stored records | build (s) | index memory (GiB) | bytes/record | p50 (ms) | p95 (ms) | p95 person (ms) | max (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in (r for r in results if r["part"] == "index"):
        lines.append(
            f"| {r['size']:,} | {r['build_seconds']} | {r['index_rss_gib']} | {r['bytes_per_record']:,} | {r['p50_ms']} | "
            f"{r['p95_ms']} | {r['per_kind']['person']['p95_ms']} | {r['max_ms']} |"
        )
    lines += [
        "",
        "| person records | dedupe (s) | build (s) | scoring (s) | candidate pairs | µs/pair | matches | peak RSS (GiB) | peak PSS, all processes (GiB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    per_pair = 0.0
    for r in (r for r in results if r["part"] == "dedupe"):
        per_pair = r["score_seconds"] / max(r["candidate_pairs"], 1)
        lines.append(
            f"| {r['size']:,} | {r['seconds']} | {r['build_seconds']} | {r['score_seconds']} | {r['candidate_pairs']:,} | "
            f"{per_pair * 1e6:.1f} | {r['matching_pairs']:,} | {r['peak_rss_gib']} | {r['peak_pss_all_processes_gib']} |"
        )
    for r in (r for r in results if r["part"] == "candidates"):
        estimate = r["block_index_seconds"] + r["candidate_pairs"] * per_pair
        lines.append(
            f"| {r['size']:,} (blocking only) | ≈ {estimate:,.0f} estimated | {r['block_index_seconds']} | "
            f"≈ {r['candidate_pairs'] * per_pair:,.0f} estimated | {r['candidate_pairs']:,} | | | {r['peak_rss_gib']} (blocking) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=("index", "dedupe", "candidates", "all"))
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--index-sizes", default="100000,300000,1000000")
    parser.add_argument("--dedupe-sizes", default="50000,100000,200000")
    parser.add_argument("--candidate-sizes", default="1000000")
    parser.add_argument("--workers", type=int, default=None, help="dedupe: processes (default: every core)")
    parser.add_argument("--json", action="store_true", help="print one JSON line (used by 'all')")
    args = parser.parse_args(argv)

    if args.part == "index":
        result = index_run(args.size, args.queries)
    elif args.part == "dedupe":
        result = dedupe_run(args.size, args.workers)
    elif args.part == "candidates":
        result = candidates_run(args.size)
    else:
        results = [
            run_child(["index", "--size", size, "--queries", str(args.queries)]) for size in args.index_sizes.split(",")
        ]
        results += [run_child(["dedupe", "--size", size]) for size in args.dedupe_sizes.split(",")]
        results += [run_child(["candidates", "--size", size]) for size in args.candidate_sizes.split(",")]
        print(summary(results))
        return 0
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
