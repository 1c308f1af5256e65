"""The fast paths of a dedupe: pairs enumerated record by record, memoised and parallel scoring.

Each must give exactly what the plain definitions give: every pair sharing a block (or a
window of an oversized block) once, scored as :func:`matching.compare.score_pair` scores it.
"""

from __future__ import annotations

import random
from itertools import combinations

import pytest

import matching.engine as engine
from matching import BlockingStats, Index, Record, dedupe
from matching.blocking import BlockIndex, BlockingConfig, block_keys, is_strong, sort_key
from matching.compare import score_pair
from matching.model import probability_to_weight
from matching.record import FieldValue, Prepared, prepare

GIVEN = ["Jan", "Piet", "Kees", "Anna", "Maria", "J.", "Olga", "Ewa", "Jan Peter"]
SURNAMES = ["Jansen", "Janssen", "de Vries", "Vries", "Bakker", "Kowalski", "Nowak", "van den Berg"]
DATES = ["12-03-1990", "1990-03-12", "03-12-1990", "1990", "01-01-1985", ""]
ADDRESSES = ["Kerkstraat 12, 6811 AB Arnhem", "Kerkstraat 12a, 6811 AB Arnhem", "Dorpsweg 3, Ede", ""]


def people(count: int, seed: int = 7) -> list[tuple[str, dict[str, FieldValue]]]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        fields: dict[str, FieldValue] = {"given_name": rng.choice(GIVEN), "surname": rng.choice(SURNAMES)}
        if date := rng.choice(DATES):
            fields["date_of_birth"] = date
        if address := rng.choice(ADDRESSES):
            fields["address"] = address
        if rng.random() < 0.1:
            fields["phone"] = f"06{rng.randint(10000000, 10000040)}"
        records.append((f"r{i}", fields))
    return records


def reference_pairs(records: list[Prepared], config: BlockingConfig) -> set[tuple[str, str]]:
    """The definition: all pairs of a block, or window neighbours in name order when it is oversized."""
    order = {record.record_id: i for i, record in enumerate(records)}
    blocks: dict[str, list[Prepared]] = {}
    for record in records:
        for key in block_keys(record):
            blocks.setdefault(key, []).append(record)
    found: set[tuple[str, str]] = set()
    for key, members in blocks.items():
        exempt = len(members) <= config.max_block_size or (
            is_strong(key) and (config.strong_block_cap is None or len(members) <= config.strong_block_cap)
        )
        if exempt:
            candidates = list(combinations(members, 2))
        else:
            ordered = sorted(members, key=lambda record: (sort_key(record), record.record_id))
            candidates = [(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 : i + 1 + config.window]]
        for x, y in candidates:
            found.add(
                (x.record_id, y.record_id) if order[x.record_id] < order[y.record_id] else (y.record_id, x.record_id)
            )
    return found


@pytest.mark.parametrize(
    "config",
    [
        BlockingConfig(),
        BlockingConfig(max_block_size=6, window=2),
        BlockingConfig(max_block_size=4, window=1, strong_block_cap=5),
    ],
)
def test_pairs_are_every_candidate_pair_once_in_insertion_order(config: BlockingConfig) -> None:
    records = [prepare(record_id, fields) for record_id, fields in people(400)]
    index = BlockIndex(config)
    for record in records:
        index.add(record)
    stats = BlockingStats()
    pairs = list(index.pairs(stats))
    assert len(pairs) == len(set(pairs)) == stats.candidate_pairs
    assert set(pairs) == reference_pairs(records, config)


def test_pairs_follow_insertion_order_after_removals_and_replacements() -> None:
    config = BlockingConfig(max_block_size=5, window=2)
    records = {record_id: prepare(record_id, fields) for record_id, fields in people(150, seed=3)}
    index = BlockIndex(config)
    for record in records.values():
        index.add(record)
    for record_id in ("r3", "r10", "r77"):
        index.remove(record_id)
        del records[record_id]
    for record_id in ("r5", "r20"):  # re-adding moves a record to the end
        records[record_id] = records.pop(record_id)
        index.add(records[record_id])
    assert set(index.pairs()) == reference_pairs(list(records.values()), config)


def test_candidates_stay_right_while_records_come_and_go() -> None:
    config = BlockingConfig(max_block_size=5, window=2)
    index = BlockIndex(config)
    pool = [prepare(record_id, fields) for record_id, fields in people(120, seed=5)]
    query = prepare("q", {"given_name": "Jan", "surname": "Jansen", "date_of_birth": "12-03-1990"})
    for step, record in enumerate(pool):
        index.add(record)
        if step % 10 == 9:
            index.remove(pool[step - 5].record_id)
        if step % 7 == 0:
            fresh = BlockIndex(config)
            for kept in pool[: step + 1]:
                if kept.record_id in index:
                    fresh.add(kept)
            assert index.candidates(query) == fresh.candidates(query)


def test_memoised_scoring_equals_score_pair_for_every_candidate() -> None:
    index = Index()
    for record_id, fields in people(300, seed=11):
        index.add(record_id, "person", fields)
    index.add("addr1", "address", {"address": "Kerkstraat 12, 6811 AB Arnhem"})
    index.add("addr2", "address", {"postcode": "6811ab", "house_number": "12"})
    stats = BlockingStats()
    pairs = index.pairs(threshold=0.0, stats=stats)
    assert len(pairs) == stats.candidate_pairs > 1000
    for pair in pairs:
        a, b = index.get(pair.id_a), index.get(pair.id_b)
        assert a is not None and b is not None
        assert pair.explanation == score_pair(a, b, index.model_for(b.kind), index.frequencies)


@pytest.mark.parametrize("threshold", [0.5, 0.9, 0.999])
def test_pairs_above_a_threshold_are_those_score_pair_puts_there(threshold: float) -> None:
    # Index.pairs gives a pair up as soon as it can no longer reach the threshold; the
    # pairs it keeps must be exactly the candidates score_pair scores at or above it.
    index = Index()
    for record_id, fields in people(500, seed=19):
        index.add(record_id, "person", fields)
    everything = index.pairs(threshold=0.0)
    expected = [pair for pair in everything if pair.weight >= probability_to_weight(threshold)]
    assert 0 < len(expected) < len(everything)
    got = index.pairs(threshold=threshold)
    assert [(p.id_a, p.id_b, p.explanation, p.score) for p in got] == [
        (p.id_a, p.id_b, p.explanation, p.score) for p in expected
    ]


def test_parallel_scoring_gives_the_serial_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_CHUNK_RECORDS", 50)
    index = Index()
    for record_id, fields in people(600, seed=13):
        index.add(record_id, "person", fields)
    serial_stats, parallel_stats = BlockingStats(), BlockingStats()
    serial = index.pairs(threshold=0.5, stats=serial_stats, workers=1)
    parallel = index.pairs(threshold=0.5, stats=parallel_stats, workers=2)
    assert serial
    assert [(p.id_a, p.id_b, p.explanation) for p in parallel] == [(p.id_a, p.id_b, p.explanation) for p in serial]
    assert parallel_stats == serial_stats


def test_dedupe_workers_option() -> None:
    records = [Record(record_id, fields, "person") for record_id, fields in people(200, seed=17)]
    assert dedupe(records, workers=2) == dedupe(records, workers=1) == dedupe(records)
    with pytest.raises(ValueError, match="workers"):
        dedupe(records, workers=0)


def test_parallel_dedupe_reports_bad_records_as_the_serial_one_does() -> None:
    records = [Record(record_id, fields, "person") for record_id, fields in people(30, seed=23)]
    duplicate = [*records[:10], Record("r3", {"surname": "Jansen"}), Record("x", {"shoe_size": "43"}), *records[10:]]
    unknown = [*records[:10], Record("x", {"shoe_size": "43"}), Record("r3", {"surname": "Jansen"}), *records[10:]]
    for workers in (1, 2):
        with pytest.raises(ValueError, match="duplicate record id 'r3'"):
            dedupe(duplicate, workers=workers)
        with pytest.raises(ValueError, match="unknown field kind"):
            dedupe(unknown, workers=workers)


def test_clear_caches_changes_no_result() -> None:
    records = [Record(record_id, fields, "person") for record_id, fields in people(200, seed=29)]
    warm = dedupe(records, workers=1)
    engine.clear_caches()
    assert dedupe(records, workers=1) == warm


def test_batch_runs_restore_the_garbage_collector_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    records = [Record(record_id, fields, "person") for record_id, fields in people(50, seed=31)]
    seen: list[bool] = []
    real_score_range = engine._PairScorer.score_range

    def spy(self: engine._PairScorer, start: int, stop: int) -> tuple[int, list[engine.ScoredPair]]:
        seen.append(gc.isenabled())
        return real_score_range(self, start, stop)

    monkeypatch.setattr(engine._PairScorer, "score_range", spy)
    assert gc.isenabled()
    try:
        assert dedupe(records, workers=1)
        assert gc.isenabled()
        gc.disable()
        dedupe(records, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False]  # paused while scoring


@pytest.mark.parametrize("fork", [True, False])
def test_measured_dedupe_forks_only_where_it_pays_and_gives_the_same_pairs(
    monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """Left to the engine (``workers=None``), a dedupe prepares and scores the first chunk here
    and forks for the rest only when the measurement says so; the pairs are the same either way."""
    import multiprocessing

    records = [Record(record_id, fields, "person") for record_id, fields in people(600, seed=37)]
    expected = dedupe(records, workers=1)
    monkeypatch.setattr(engine, "_CHUNK_RECORDS", 100)
    monkeypatch.setattr(engine, "_PARALLEL_MIN_RECORDS", 1)
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    # Thresholds nothing reaches, or that everything reaches: the measurement decides alone.
    monkeypatch.setattr(engine, "_PREPARE_TO_TRANSFER", 0.0 if fork else float("inf"))
    monkeypatch.setattr(engine, "_PARALLEL_MIN_SCORING_SECONDS", 0.0 if fork else float("inf"))
    context = multiprocessing.get_context("fork")
    pools: list[str] = []
    real_pool = type(context).Pool

    def counted(self: object, *args: object, **kwargs: object) -> object:
        pools.append("pool")
        return real_pool(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(context), "Pool", counted)
    engine.clear_caches()
    got = dedupe(records)
    assert [(p.id_a, p.id_b, p.explanation) for p in got] == [(p.id_a, p.id_b, p.explanation) for p in expected]
    assert len(pools) == (2 if fork else 0)  # one pool to prepare, one to score; or none


def test_seeded_name_keys_are_read_before_working_keys_out_and_can_be_forgotten() -> None:
    from matching import normalise

    engine.clear_caches()
    spelled, transliterated = normalise.spelling_key("wisniewska"), normalise.transliteration_keys("wisniewska")
    assert (spelled, transliterated) == ("visnievska", ("visnievska",))
    engine.clear_caches()
    # A seed is trusted as it is, so a made-up key shows that it is read.
    normalise.seed_name_keys([("wisniewska", "made up", ("made", "up"))])
    try:
        assert normalise.spelling_key("wisniewska") == "made up"
        assert normalise.transliteration_keys("wisniewska") == ("made", "up")
    finally:
        engine.clear_caches()  # drops the seeds and what the caches took of them
    assert normalise.spelling_key("wisniewska") == spelled
    assert normalise.transliteration_keys("wisniewska") == transliterated
    normalise.seed_name_keys([("wisniewska", "made up", ("made",))])
    normalise.forget_seeded_name_keys()
    normalise.spelling_key.cache_clear()
    assert normalise.spelling_key("wisniewska") == spelled


def test_parallel_prepare_hands_the_names_keys_to_the_caller_and_a_dedupe_forgets_them() -> None:
    """Workers that prepare records hand back their names' spelling and transliteration keys, so
    the workers that score, forked later from the caller, need not work them out again."""
    from matching import normalise

    records = [Record(record_id, fields, "person") for record_id, fields in people(120, seed=41)]
    engine.clear_caches()
    with engine._seeded_name_keys():
        prepared = [item for _, item, _ in engine._prepare_all(records, 2)]
        seeded_spelling = dict(normalise._SPELLING_SEEDS)
        seeded_transliteration = dict(normalise._TRANSLITERATION_SEEDS)
    assert not normalise._SPELLING_SEEDS and not normalise._TRANSLITERATION_SEEDS
    names = [name for record in prepared if isinstance(record, Prepared) for name in record.names]
    texts = {text for name in names for text in (name.core_key, name.given_key, name.first_given, *name.surname)}
    assert texts <= seeded_spelling.keys() and texts <= seeded_transliteration.keys()
    engine.clear_caches()
    assert seeded_spelling == {text: normalise.spelling_key(text) for text in seeded_spelling}
    assert seeded_transliteration == {text: normalise.transliteration_keys(text) for text in seeded_transliteration}
    dedupe(records, workers=2)
    assert not normalise._SPELLING_SEEDS and not normalise._TRANSLITERATION_SEEDS


def test_a_preparing_worker_hands_each_names_keys_over_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Common names recur in every chunk a worker prepares; their keys are sent back only once."""
    monkeypatch.setattr(engine, "_HANDED_OVER", set())  # this process plays the worker
    records = [Record(record_id, fields, "person") for record_id, fields in people(60, seed=43)]
    _, first = engine._prepare_in_worker(records[:30])
    _, second = engine._prepare_in_worker(records[30:])
    first_texts, second_texts = [entry[0] for entry in first], [entry[0] for entry in second]
    assert first_texts and len(set(first_texts)) == len(first_texts)
    assert not set(first_texts) & set(second_texts)

    def surnames(part: list[Record]) -> set[str]:
        return {name.core_key for record in part for name in prepare(record.record_id, record.fields).names}

    in_both = surnames(records[:30]) & surnames(records[30:])
    assert in_both and in_both <= set(first_texts)  # sent with the first chunk, not again
    assert surnames(records) <= set(first_texts) | set(second_texts)
