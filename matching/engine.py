"""The matching API: an in-memory index for "who else do we know like this?", plus batch dedupe/link.

The Django app keeps an :class:`Index` of entity records, adds each record as it is saved,
and calls :meth:`Index.match` for a new signal's persons, addresses, vehicles … to get
suggestions ("mogelijke koppelingen") with an explanation a person can check. The batch
functions :func:`dedupe` and :func:`link` serve the CLI and benchmarks.

Scores are probabilities (0-1) from the model's prior and weights; thresholds are
probabilities too. Every result carries its :class:`~matching.model.Explanation`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter
from typing import cast

import numpy as np

from matching.blocking import BlockEntry, BlockIndex, BlockingConfig, BlockingStats, PairPlan, block_entry
from matching.compare import (
    _NEEDS,
    COMPARATORS,
    Comparator,
    TermFrequencies,
    best_contribution,
    relatives_adjusted,
    score_pair,
)
from matching.model import (
    Comparison,
    Contribution,
    Explanation,
    Model,
    default_kind_models,
    default_model,
    weight_to_probability,
)
from matching.normalise import NameKeyEntry, PersonName, forget_seeded_name_keys, name_key_entries, seed_name_keys
from matching.prefilter import BOUND_SLACK, Array, Bounds, Features
from matching.record import FieldValue, Prepared, prepare

__all__ = ["Index", "Match", "Record", "ScoredPair", "clear_caches", "dedupe", "link"]


@dataclass(frozen=True)
class Record:
    """A record for the batch functions: an id, its fields by kind, and optionally an entity kind."""

    record_id: str
    fields: Mapping[str, FieldValue]
    kind: str = ""


RecordLike = Record | tuple[str, Mapping[str, FieldValue]]


@dataclass(frozen=True)
class Match:
    """A stored record that matches a query, with the evidence."""

    record_id: str
    score: float
    explanation: Explanation
    kind: str = ""

    @property
    def weight(self) -> float:
        return self.explanation.weight


@dataclass(frozen=True)
class ScoredPair:
    """Two records judged to be the same entity, with the evidence."""

    id_a: str
    id_b: str
    score: float
    explanation: Explanation

    @property
    def weight(self) -> float:
        return self.explanation.weight

    def as_edge(self) -> tuple[str, str, float]:
        """The ``(id_a, id_b, score)`` form :func:`matching.cluster.cluster` takes."""
        return (self.id_a, self.id_b, self.score)


def clear_caches() -> None:
    """Empty the package's caches of normalised values and comparisons.

    They are bounded, so this is never needed for correctness or memory; benchmarks use it to
    time a run as a fresh process would see it.
    """
    from matching import blocking, compare, normalise, record

    for module in (normalise, record, blocking, compare):
        for value in vars(module).values():
            cache_clear = getattr(value, "cache_clear", None)
            if callable(cache_clear):
                cache_clear()
    forget_seeded_name_keys()


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch run, then restore it as it was.

    A dedupe allocates millions of objects (prepared records, cached comparisons, pairs) that
    mostly live until it ends and form no reference cycles; the collector would walk them over
    and over, which cost about a fifth of a dedupe's time. Reference counting still frees
    everything short-lived.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _seeded_name_keys() -> Iterator[None]:
    """Forget the name keys that forked workers handed over (:func:`_prepare_in_worker`) once a dedupe ends."""
    try:
        yield
    finally:
        forget_seeded_name_keys()


def _as_record(item: RecordLike) -> Record:
    if isinstance(item, Record):
        return item
    record_id, fields = item
    return Record(str(record_id), fields)


def _threshold_weight(model: Model, threshold: float | None) -> float:
    if threshold is None:
        return model.threshold_weight
    return _threshold_as_weight(threshold)


@lru_cache(maxsize=256)
def _threshold_as_weight(threshold: float) -> float:
    # The threshold's weight does not depend on the model's comparisons; any model will do.
    return Model((), threshold=threshold).threshold_weight


class Index:
    """Records held in memory, blocked for fast candidate lookup, with live term frequencies.

    A pair is scored with the model of the stored record's kind: ``models`` maps kinds to
    models and other kinds use ``model``. By default the identifier kinds ("address",
    "vehicle", "phone", "email", "account", "advert") get
    :func:`~matching.model.default_kind_models`, in which two records with the same
    identifier are the same entity.

    Not thread-safe: give each worker its own index or guard it with a lock. Adding a record
    with an id that is already stored replaces it.
    """

    def __init__(
        self,
        model: Model | None = None,
        blocking: BlockingConfig | None = None,
        *,
        models: Mapping[str, Model] | None = None,
        term_frequencies: bool = True,
    ) -> None:
        self.model = model or default_model()
        self.models = dict(default_kind_models(self.model) if models is None else models)
        self._blocks = BlockIndex(blocking)
        self._records: dict[str, Prepared] = {}
        self._frequencies = TermFrequencies() if term_frequencies else None

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    @property
    def frequencies(self) -> TermFrequencies | None:
        return self._frequencies

    def model_for(self, kind: str) -> Model:
        return self.models.get(kind, self.model)

    def get(self, record_id: str) -> Prepared | None:
        return self._records.get(record_id)

    def add(self, record_id: str, kind: str, fields: Mapping[str, FieldValue]) -> Prepared:
        """Store (or replace) a record. Raises ``ValueError`` for an unknown field kind."""
        prepared = prepare(record_id, fields, kind)
        self.add_prepared(prepared)
        return prepared

    def add_prepared(self, prepared: Prepared, entry: BlockEntry | None = None) -> None:
        """Store (or replace) a prepared record; ``entry`` is its ``blocking.block_entry`` if already made."""
        self.remove(prepared.record_id)
        self._records[prepared.record_id] = prepared
        self._blocks.add(prepared, entry)
        if self._frequencies is not None:
            self._frequencies.add(prepared)

    def remove(self, record_id: str) -> bool:
        """Forget a record (deleted, or merged away). Returns whether it was stored."""
        prepared = self._records.pop(record_id, None)
        if prepared is None:
            return False
        self._blocks.remove(record_id)
        if self._frequencies is not None:
            self._frequencies.remove(prepared)
        return True

    def _score(self, a: Prepared, b: Prepared, threshold: float | None, *, a_counted: bool) -> Explanation | None:
        """The explanation if the pair reaches the threshold (the kind model's when ``None``)."""
        model = self.model_for(b.kind)
        explanation = score_pair(a, b, model, self._frequencies, a_counted=a_counted)
        return explanation if explanation.weight >= _threshold_weight(model, threshold) else None

    def _matches(
        self,
        query: Prepared,
        *,
        counted: bool,
        kind: str | None,
        threshold: float | None,
        limit: int | None,
        exclude: Iterable[str],
    ) -> list[Match]:
        skip = set(exclude)
        candidates: list[Prepared] = []
        for candidate_id in self._blocks.candidates(query):
            candidate = self._records[candidate_id]
            if candidate_id not in skip and (kind is None or candidate.kind == kind):
                candidates.append(candidate)
        found: list[Match] = []
        for candidate in self._within_reach(query, candidates, threshold):
            explanation = self._score(query, candidate, threshold, a_counted=counted)
            if explanation is not None:
                found.append(Match(candidate.record_id, explanation.probability, explanation, candidate.kind))
        found.sort(key=lambda match: (-match.weight, match.record_id))
        return found[:limit] if limit is not None else found

    def _within_reach(self, query: Prepared, candidates: list[Prepared], threshold: float | None) -> list[Prepared]:
        """The candidates whose bound (:mod:`matching.prefilter`) reaches the threshold, in their order.

        Bounding costs a few milliseconds, so few candidates are scored straight away.
        """
        if len(candidates) < _QUERY_PREFILTER_MIN:
            return candidates
        records = [query, *candidates]
        features = Features(records)
        masks = np.array([_attribute_mask(record) for record in records], dtype=np.int64)
        by_kind: dict[str, list[int]] = {}
        for position, candidate in enumerate(candidates, start=1):
            by_kind.setdefault(candidate.kind, []).append(position)
        keep = np.zeros(len(records), dtype=bool)
        for kind, positions in by_kind.items():
            model = self.model_for(kind)
            threshold_weight = _threshold_weight(model, threshold)
            right = np.array(positions, dtype=np.int64)
            bounds = Bounds(model, _comparison_positions(model))
            bound = bounds.of(features, masks, np.zeros(len(right), dtype=np.int64), right, threshold_weight)
            keep[right] = bound >= threshold_weight - BOUND_SLACK
        return [candidate for candidate, kept in zip(candidates, keep[1:].tolist(), strict=True) if kept]

    def match(
        self,
        fields: Mapping[str, FieldValue],
        *,
        kind: str | None = None,
        threshold: float | None = None,
        limit: int | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Match]:
        """Stored records that match a new, unstored record, best first.

        ``kind`` limits the search to stored records of that entity kind; ``threshold`` is a
        probability (default: the model's); ``exclude`` skips ids, e.g. records already linked.
        """
        query = prepare("\x00query", fields, kind or "")
        return self._matches(query, counted=False, kind=kind, threshold=threshold, limit=limit, exclude=exclude)

    def match_record(
        self,
        record_id: str,
        *,
        kind: str | None = None,
        threshold: float | None = None,
        limit: int | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Match]:
        """Other stored records that match the stored record ``record_id`` (``KeyError`` if unknown)."""
        query = self._records[record_id]
        skip = {record_id, *exclude}
        return self._matches(query, counted=True, kind=kind, threshold=threshold, limit=limit, exclude=skip)

    def score(self, id_a: str, id_b: str) -> Explanation:
        """The explanation for two stored records, whether or not blocking would pair them."""
        b = self._records[id_b]
        return score_pair(self._records[id_a], b, self.model_for(b.kind), self._frequencies, a_counted=True)

    def pairs(
        self, *, threshold: float | None = None, stats: BlockingStats | None = None, workers: int | None = 1
    ) -> list[ScoredPair]:
        """All matching pairs among the stored records (deduplication), best first.

        ``workers`` > 1 scores the candidate pairs in that many forked processes (where the
        platform can fork; otherwise, and for ``1``, in this process); ``None`` uses every
        available core for a large index, once the first records' pairs, scored here, show that
        the rest would take long enough to pay for forking. The result is the same either way.
        Forking from a process that runs threads (a web server) is unsafe, hence the default 1.
        """
        with _without_cyclic_gc():
            plan = self._blocks.pair_plan(stats)
            scorer = _PairScorer(self, plan, threshold)
            found: list[ScoredPair] = []
            candidates = 0
            count = _worker_count(workers, len(plan))
            for chunk_candidates, chunk in _score_plan(scorer, count, measure=workers is None):
                candidates += chunk_candidates
                found.extend(chunk)
            if stats is not None:
                stats.candidate_pairs = candidates
        found.sort(key=lambda pair: (-pair.weight, pair.id_a, pair.id_b))
        return found


# The Prepared attributes the comparisons read (``compare._NEEDS``), numbered for bit masks.
_ATTRIBUTES = sorted(set(_NEEDS.values()))

# Below this many candidates a query scores them straight away: bounding them first costs more.
_QUERY_PREFILTER_MIN = 32


def _attribute_mask(record: Prepared) -> int:
    """The bits of the attributes in :data:`_ATTRIBUTES` that ``record`` has."""
    return sum(1 << position for position, attribute in enumerate(_ATTRIBUTES) if getattr(record, attribute))


def _comparison_positions(model: Model) -> dict[str, int]:
    """Each of the model's comparisons that has a comparator, with the bit of the attribute it reads (-1: none)."""
    positions = {}
    for comparison in model.comparisons:
        if comparison.name in COMPARATORS:
            needs = _NEEDS.get(comparison.name)
            positions[comparison.name] = _ATTRIBUTES.index(needs) if needs else -1
    return positions


# A comparison's memo is emptied when it reaches this many value pairs, which bounds its memory
# (about 100 bytes an entry) on data where few value pairs repeat.
_MEMO_LIMIT = 1 << 20
_MISSING = object()


class _PairScorer:
    """Scores the candidate pairs of one :meth:`Index.pairs` run, as :func:`score_pair` would.

    The records and term frequencies cannot change during the run, so a comparison's
    contribution depends only on the two values it reads (see ``compare._NEEDS``) and on the
    model and TF population, which the kinds of the two records fix. Many candidate pairs
    repeat a pair of values (two records of one person against two of another, everyone at one
    hostel address), so each comparison's contribution is memoised per pair of value ids.
    """

    def __init__(self, index: Index, plan: PairPlan, threshold: float | None) -> None:
        self._index = index
        self._threshold = threshold
        self.ids = plan.ids
        self.plan = plan
        self.records = [index._records[record_id] for record_id in plan.ids]
        self._attributes = _ATTRIBUTES
        # Per record: an id per attribute value (0 when empty; equal values get equal ids) and
        # a bit mask of the attributes it has.
        interned: list[dict[object, int]] = [{} for _ in self._attributes]
        self._values: list[list[int]] = []
        self._masks: list[int] = []
        values_of = attrgetter(*self._attributes)
        width = len(self._attributes)
        for record in self.records:
            values = [0] * width
            mask = 0
            for position, value in enumerate(values_of(record)):
                if value:
                    ids = interned[position]
                    values[position] = ids.setdefault(value, len(ids) + 1)
                    mask |= 1 << position
            self._values.append(values)
            self._masks.append(mask)
        self._contexts: dict[tuple[str, str], _Context] = {}
        # What the prefilter reads, made here so that forked workers share it.
        names_position = self._attributes.index("names")
        names_by_id: list[tuple[PersonName, ...]] = [()] * (len(interned[names_position]) + 1)
        for names, names_id in interned[names_position].items():
            names_by_id[names_id] = cast(tuple[PersonName, ...], names)
        names_column = [values[names_position] for values in self._values]
        self._features = Features(self.records, (names_column, names_by_id))
        self._mask_array = np.array(self._masks, dtype=np.int64)
        self._kinds = sorted({record.kind for record in self.records})
        codes = {kind: code for code, kind in enumerate(self._kinds)}
        self._kind_codes = np.array([codes[record.kind] for record in self.records], dtype=np.int64)

    def _context(self, kind_a: str, kind_b: str) -> _Context:
        model = self._index.model_for(kind_b)
        steps: list[_Step] = []
        for comparison in model.comparisons:
            comparator = COMPARATORS.get(comparison.name)
            if comparator is None:
                continue
            needs = _NEEDS.get(comparison.name)
            position = self._attributes.index(needs) if needs else -1
            steps.append((comparison, comparator, position, {}))
        excluded = 2 if kind_a == kind_b else 1
        bounds = Bounds(model, _comparison_positions(model))
        context = _Context(model, _threshold_weight(model, self._threshold), excluded, steps, bounds)
        self._contexts[(kind_a, kind_b)] = context
        return context

    def score(self, i: int, j: int) -> ScoredPair | None:
        """The pair of the records at positions ``i`` and ``j`` if it reaches the threshold."""
        a, b = self.records[i], self.records[j]
        context = self._contexts.get((a.kind, b.kind)) or self._context(a.kind, b.kind)
        values_a, values_b = self._values[i], self._values[j]
        threshold_weight = context.threshold_weight
        found: list[tuple[int, Contribution]] = []
        weight = context.prior_weight
        # Contributions already known for these values count first; the comparisons still to
        # run follow, the weightiest first, and stop as soon as even their best levels could
        # not lift the pair to the threshold (it is not a match, whatever they say).
        pending: list[tuple[_Step, int, float, int]] = []
        still_possible = BOUND_SLACK
        for step, order, best in context.plan_for(self._masks[i] & self._masks[j]):
            position = step[2]
            key = (values_a[position] << 32) | values_b[position] if position >= 0 else -1
            cached = step[3].get(key, _MISSING) if position >= 0 else _MISSING
            if cached is _MISSING:
                pending.append((step, order, best, key))
                still_possible += best
            elif cached is not None:
                contribution = cast(Contribution, cached)
                found.append((order, contribution))
                weight += contribution.weight
        if pending:
            frequencies, excluded = self._index._frequencies, context.excluded
            for (comparison, comparator, position, memo), order, best, key in pending:
                if weight + still_possible < threshold_weight:
                    return None
                still_possible -= best
                computed = best_contribution(comparison, comparator, a, b, frequencies, kind=b.kind, excluded=excluded)
                if position >= 0:
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                    memo[key] = computed
                if computed is not None:
                    found.append((order, computed))
                    weight += computed.weight
        elif weight + still_possible < threshold_weight:
            return None
        found.sort(key=_first)
        # Relatives at one address: the surname counts for less when the address agrees. It only
        # ever lowers a weight, so the bound above stays an upper bound.
        contributions = relatives_adjusted([contribution for _, contribution in found], context.model)
        # Summed in the model's order, as Explanation.weight sums, so the decision and the score
        # are exactly score_pair's.
        weight = context.prior_weight + sum([contribution.weight for contribution in contributions])
        if weight < threshold_weight:
            return None
        explanation = Explanation(context.prior_weight, contributions)
        return ScoredPair(self.ids[i], self.ids[j], weight_to_probability(weight), explanation)

    def score_range(self, start: int, stop: int) -> tuple[int, list[ScoredPair]]:
        """Candidate pairs whose first record is at a position in ``range(start, stop)``: count, matches.

        The candidate pairs of a slice of records are first bounded all at once
        (:mod:`matching.prefilter`); only those that could reach the threshold are scored.
        """
        found: list[ScoredPair] = []
        candidates = 0
        score = self.score
        for low in range(start, stop, _PREFILTER_RECORDS):
            left, right = self._candidates(low, min(low + _PREFILTER_RECORDS, stop))
            candidates += len(left)
            keep = self._could_match(left, right)
            for i, j in zip(left[keep].tolist(), right[keep].tolist(), strict=True):
                pair = score(i, j)
                if pair is not None:
                    found.append(pair)
        return candidates, found

    def _candidates(self, start: int, stop: int) -> tuple[Array, Array]:
        """The candidate pairs of the records at ``range(start, stop)`` as two position arrays."""
        partners = self.plan.partners
        counts: list[int] = []
        right: list[int] = []
        for i in range(start, stop):
            others = partners(i)
            counts.append(len(others))
            right.extend(others)
        return np.repeat(np.arange(start, stop, dtype=np.int64), counts), np.array(right, dtype=np.int64)

    def _could_match(self, left: Array, right: Array) -> Array:
        """Whether each pair's upper bound reaches its threshold (see :mod:`matching.prefilter`)."""
        keep = np.zeros(len(left), dtype=bool)
        combinations = self._kind_codes[left] * len(self._kinds) + self._kind_codes[right]
        for combination in np.unique(combinations).tolist():
            at = np.flatnonzero(combinations == combination) if len(self._kinds) > 1 else np.arange(len(left))
            kind_a, kind_b = self._kinds[combination // len(self._kinds)], self._kinds[combination % len(self._kinds)]
            context = self._contexts.get((kind_a, kind_b)) or self._context(kind_a, kind_b)
            threshold_weight = context.threshold_weight
            bound = context.bounds.of(self._features, self._mask_array, left[at], right[at], threshold_weight)
            keep[at] = bound >= threshold_weight - BOUND_SLACK
        return keep


def _first(item: tuple[int, Contribution]) -> int:
    return item[0]


_Step = tuple[Comparison, Comparator, int, dict[int, Contribution | None]]
# A step, its position in the model's order, and the most it can add to a pair's weight.
_PlannedStep = tuple[_Step, int, float]


class _Context:
    """How pairs of one kind combination are scored: the model's steps, prior, threshold, TF exclusion."""

    def __init__(
        self, model: Model, threshold_weight: float, excluded: int, steps: list[_Step], bounds: Bounds
    ) -> None:
        self.model = model
        self.bounds = bounds
        self.prior_weight = model.prior_weight
        self.threshold_weight = threshold_weight
        self.excluded = excluded
        self._steps = steps
        self._by_mask: dict[int, list[_PlannedStep]] = {}

    def plan_for(self, mask: int) -> list[_PlannedStep]:
        """The steps to run for a pair whose records both have the attributes in ``mask``.

        A comparison whose attribute is missing on a side is skipped, as in ``score_pair``.
        The others come the weightiest first, each with the most it can add (its best level's
        weight, or 0: TF adjustment only ever lowers a weight), which bounds what a pair can
        still reach. The reported weights do not depend on this order.
        """
        planned = self._by_mask.get(mask)
        if planned is None:
            present = [
                (step, order, max(_best_weight(step[0]), 0.0))
                for order, step in enumerate(self._steps)
                if step[2] < 0 or mask >> step[2] & 1
            ]
            planned = sorted(present, key=lambda item: -item[2])
            self._by_mask[mask] = planned
        return planned


def _best_weight(comparison: Comparison) -> float:
    return max(level.weight for level in comparison.levels)


# Records whose candidate pairs are bounded at once: large enough for NumPy to pay, small enough
# to keep the arrays (a few times the pairs) far below the index's own memory.
_PREFILTER_RECORDS = 2000

# Below this many records forking workers costs more than it saves.
_PARALLEL_MIN_RECORDS = 5000
# When the number of workers is left to the engine, it measures the first chunk before forking.
# Preparing in workers pays only when a record costs well more to prepare than to send back
# (pickled by the worker, unpickled here): the test persons, whose names take transliteration
# and sound keys, cost 4.4–4.8 times their transfer, and prepare in 2.5 s in two workers
# against 5.7 s here; the test addresses cost 1.9–2.8 times it, and prepare faster here (0.7
# against 1.1 s).
_PREPARE_TO_TRANSFER = 3.5
# Scoring in workers pays once the rest would take this long here: forking, and the workers'
# cold caches, cost a few tenths of a second (the test addresses score in 0.7 s here, 0.95 s
# in two workers; the persons in 3.7 s here, about 2.5 s in two).
_PARALLEL_MIN_SCORING_SECONDS = 1.5
# Records per task handed to a worker: small enough to balance the load (records early in the
# insertion order have more partners after them), large enough to keep the overhead low.
_CHUNK_RECORDS = 1000


def _worker_count(workers: int | None, records: int) -> int:
    if workers is None:
        if records < _PARALLEL_MIN_RECORDS:
            return 1
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return workers


# The scorer a forked worker inherits from its parent (set just before the pool forks).
_FORKED_SCORER: _PairScorer | None = None


def _score_chunk(bounds: tuple[int, int]) -> tuple[int, list[ScoredPair]]:
    assert _FORKED_SCORER is not None
    return _FORKED_SCORER.score_range(*bounds)


def _score_plan(scorer: _PairScorer, workers: int, *, measure: bool = False) -> Iterator[tuple[int, list[ScoredPair]]]:
    """(candidate count, matches) per range of records, scored here or in forked workers.

    ``measure``: score the first range here and fork only if the rest would take long enough
    to pay for the workers (see :data:`_PARALLEL_MIN_SCORING_SECONDS`).
    """
    size = len(scorer.ids)
    start = 0
    if workers > 1 and measure and size > _CHUNK_RECORDS:
        started = time.perf_counter()
        yield scorer.score_range(0, min(_CHUNK_RECORDS, size))
        start = min(_CHUNK_RECORDS, size)
        rest = (time.perf_counter() - started) / start * (size - start)
        if rest < _PARALLEL_MIN_SCORING_SECONDS:
            workers = 1
    if workers <= 1:
        if start < size:
            yield scorer.score_range(start, size)
        return
    global _FORKED_SCORER
    chunks = [(low, min(low + _CHUNK_RECORDS, size)) for low in range(start, size, _CHUNK_RECORDS)]
    _FORKED_SCORER = scorer
    # Frozen objects are left alone by the workers' garbage collector, which would otherwise
    # write to every object it inspects and so copy the whole shared index into each worker.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_score_chunk, chunks)
    finally:
        _FORKED_SCORER = None
        gc.unfreeze()


def dedupe(
    records: Iterable[RecordLike],
    *,
    model: Model | None = None,
    models: Mapping[str, Model] | None = None,
    blocking: BlockingConfig | None = None,
    threshold: float | None = None,
    term_frequencies: bool = True,
    stats: BlockingStats | None = None,
    workers: int | None = None,
) -> list[ScoredPair]:
    """Pairs of records within one data set that are the same entity, best first.

    ``id_a`` is the record that came first in ``records``. Duplicate ids raise ``ValueError``.
    ``model``/``models`` work as for :class:`Index`. ``workers`` as for :meth:`Index.pairs`,
    except that the default (``None``) may use every available core for 5,000 records or more,
    both to prepare (normalise) the records and to score the pairs: it measures the first
    thousand records of each step here and forks only where that pays.
    """
    with _without_cyclic_gc(), _seeded_name_keys():
        index = Index(model, blocking, models=models, term_frequencies=term_frequencies)
        if workers == 1:
            for item in records:
                record = _as_record(item)
                if record.record_id in index:
                    raise ValueError(f"duplicate record id {record.record_id!r}")
                index.add(record.record_id, record.kind, record.fields)
        else:
            items = [_as_record(item) for item in records]
            count = _worker_count(workers, len(items))
            for record_id, prepared, entry in _prepare_all(items, count, measure=workers is None):
                if record_id in index:
                    raise ValueError(f"duplicate record id {record_id!r}")
                if isinstance(prepared, ValueError):
                    raise prepared
                index.add_prepared(prepared, entry)
        return index.pairs(threshold=threshold, stats=stats, workers=workers)


# A record prepared (or the error that stopped it) with its block entry, from a worker.
_PreparedItem = tuple[str, Prepared | ValueError, BlockEntry | None]


def _prepare_chunk(chunk: list[Record]) -> list[_PreparedItem]:
    # A bad record's error is returned in its place, so the caller raises it in input order.
    # The block entry is made here too: in a worker it spares the process that files it.
    prepared: list[_PreparedItem] = []
    for record in chunk:
        try:
            item = prepare(record.record_id, record.fields, record.kind)
        except ValueError as error:
            prepared.append((record.record_id, error, None))
        else:
            prepared.append((record.record_id, item, block_entry(item)))
    return prepared


def _prepare_all(records: list[Record], workers: int, *, measure: bool = False) -> Iterator[_PreparedItem]:
    """The records prepared (or their errors) in input order, in forked workers when ``workers`` > 1.

    ``measure``: prepare the first chunk here and fork only if preparing a record costs well
    more than sending it back from a worker (see :data:`_PREPARE_TO_TRANSFER`).
    """
    start = 0
    if workers > 1 and measure and len(records) > _CHUNK_RECORDS:
        started = time.perf_counter()
        head = _prepare_chunk(records[:_CHUNK_RECORDS])
        preparing = time.perf_counter() - started
        started = time.perf_counter()
        pickle.loads(pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 (our own bytes, to time them)
        transfer = time.perf_counter() - started
        yield from head
        start = _CHUNK_RECORDS
        if preparing < _PREPARE_TO_TRANSFER * transfer:
            workers = 1
    if workers <= 1:
        yield from _prepare_chunk(records[start:])
        return
    chunks = [records[low : low + _CHUNK_RECORDS] for low in range(start, len(records), _CHUNK_RECORDS)]
    gc.freeze()  # see _score_plan
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for prepared, name_keys in pool.imap(_prepare_in_worker, chunks):
                seed_name_keys(name_keys)
                yield from prepared
    finally:
        gc.unfreeze()


def _prepare_in_worker(chunk: list[Record]) -> tuple[list[_PreparedItem], list[NameKeyEntry]]:
    """:func:`_prepare_chunk`, with the keys of the names worked out on the way for the caller to reuse.

    Scoring compares names by their spelling and transliteration keys; the workers that score
    are forked from the caller, so they find these keys there instead of working them out again.
    """
    prepared = _prepare_chunk(chunk)
    texts: list[str] = []
    for _, item, _ in prepared:
        if isinstance(item, Prepared):
            for name in item.names:
                texts += (name.core_key, name.given_key, name.first_given, *name.surname, *name.given)
    # A worker prepares many chunks and common names recur in each: hand each name over once.
    new = [text for text in dict.fromkeys(texts) if text not in _HANDED_OVER]
    _HANDED_OVER.update(new)
    return prepared, name_key_entries(new)


# The names a preparing worker has handed over so far. Only workers add to it, each to its own
# copy: a new pool forks from a process whose set is still empty.
_HANDED_OVER: set[str] = set()


def link(
    a_records: Iterable[RecordLike],
    b_records: Iterable[RecordLike],
    *,
    model: Model | None = None,
    models: Mapping[str, Model] | None = None,
    blocking: BlockingConfig | None = None,
    threshold: float | None = None,
    term_frequencies: bool = True,
) -> list[ScoredPair]:
    """Pairs across two data sets (``id_a`` from A, ``id_b`` from B), best first.

    Ids only need to be unique within each set. Term frequencies are counted over both sets.
    Pairs within one set are not compared.
    """
    with _without_cyclic_gc():
        model = model or default_model()
        kind_models = dict(default_kind_models(model) if models is None else models)
        prepared_a = [prepare(r.record_id, r.fields, r.kind) for r in map(_as_record, a_records)]
        prepared_b = [prepare(r.record_id, r.fields, r.kind) for r in map(_as_record, b_records)]
        for name, prepared in (("A", prepared_a), ("B", prepared_b)):
            ids = [record.record_id for record in prepared]
            if len(set(ids)) != len(ids):
                raise ValueError(f"duplicate record ids in {name}")
        frequencies = TermFrequencies.from_records([*prepared_a, *prepared_b]) if term_frequencies else None
        blocks = BlockIndex(blocking)
        by_id: dict[str, Prepared] = {}
        for record in prepared_b:
            blocks.add(record)
            by_id[record.record_id] = record
        found: list[ScoredPair] = []
        for record in prepared_a:
            # The A record's id may equal a B id; candidates() drops its own id, so query under a
            # name no B record can have.
            query = replace(record, record_id="\x00a:" + record.record_id)
            for candidate_id in blocks.candidates(query):
                candidate = by_id[candidate_id]
                candidate_model = kind_models.get(candidate.kind, model)
                explanation = score_pair(record, candidate, candidate_model, frequencies, a_counted=True)
                if explanation.weight >= _threshold_weight(candidate_model, threshold):
                    found.append(ScoredPair(record.record_id, candidate_id, explanation.probability, explanation))
    found.sort(key=lambda pair: (-pair.weight, pair.id_a, pair.id_b))
    return found
