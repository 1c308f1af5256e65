"""The matching API: an in-memory index for "who else do we know like this?", plus batch dedupe/link.

The Django app keeps an :class:`Index` of entity records, adds each record as it is saved,
and calls :meth:`Index.match` for a new signal's persons, addresses, vehicles … to get
suggestions ("mogelijke koppelingen") with an explanation a person can check. The batch
functions :func:`dedupe` and :func:`link` serve the CLI and benchmarks.

Scores are probabilities (0-1) from the model's prior and weights; thresholds are
probabilities too. Every result carries its :class:`~matching.model.Explanation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from matching.blocking import BlockIndex, BlockingConfig, BlockingStats
from matching.compare import TermFrequencies, score_pair
from matching.model import Explanation, Model, default_kind_models, default_model
from matching.record import FieldValue, Prepared, prepare

__all__ = ["Index", "Match", "Record", "ScoredPair", "dedupe", "link"]


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


def _as_record(item: RecordLike) -> Record:
    if isinstance(item, Record):
        return item
    record_id, fields = item
    return Record(str(record_id), fields)


def _threshold_weight(model: Model, threshold: float | None) -> float:
    if threshold is None:
        return model.threshold_weight
    return model.with_settings(threshold=threshold).threshold_weight


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

    def add_prepared(self, prepared: Prepared) -> None:
        self.remove(prepared.record_id)
        self._records[prepared.record_id] = prepared
        self._blocks.add(prepared)
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
        found: list[Match] = []
        for candidate_id in self._blocks.candidates(query):
            candidate = self._records[candidate_id]
            if candidate_id in skip or (kind is not None and candidate.kind != kind):
                continue
            explanation = self._score(query, candidate, threshold, a_counted=counted)
            if explanation is not None:
                found.append(Match(candidate_id, explanation.probability, explanation, candidate.kind))
        found.sort(key=lambda match: (-match.weight, match.record_id))
        return found[:limit] if limit is not None else found

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

    def pairs(self, *, threshold: float | None = None, stats: BlockingStats | None = None) -> list[ScoredPair]:
        """All matching pairs among the stored records (deduplication), best first."""
        found: list[ScoredPair] = []
        for id_a, id_b in self._blocks.pairs(stats):
            explanation = self._score(self._records[id_a], self._records[id_b], threshold, a_counted=True)
            if explanation is not None:
                found.append(ScoredPair(id_a, id_b, explanation.probability, explanation))
        found.sort(key=lambda pair: (-pair.weight, pair.id_a, pair.id_b))
        return found


def dedupe(
    records: Iterable[RecordLike],
    *,
    model: Model | None = None,
    models: Mapping[str, Model] | None = None,
    blocking: BlockingConfig | None = None,
    threshold: float | None = None,
    term_frequencies: bool = True,
    stats: BlockingStats | None = None,
) -> list[ScoredPair]:
    """Pairs of records within one data set that are the same entity, best first.

    ``id_a`` is the record that came first in ``records``. Duplicate ids raise ``ValueError``.
    ``model``/``models`` work as for :class:`Index`.
    """
    index = Index(model, blocking, models=models, term_frequencies=term_frequencies)
    for item in records:
        record = _as_record(item)
        if record.record_id in index:
            raise ValueError(f"duplicate record id {record.record_id!r}")
        index.add(record.record_id, record.kind, record.fields)
    return index.pairs(threshold=threshold, stats=stats)


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
