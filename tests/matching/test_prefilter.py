"""The vectorised prefilter of a dedupe: its levels are the comparators' levels, its bounds are bounds.

The engine skips a candidate pair when :class:`matching.prefilter.Bounds` says it cannot reach
the threshold, so a level computed wrongly or a bound below a pair's real weight would lose a
match silently. These tests hold the NumPy forms against the Python comparators they mirror.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from matching import Index
from matching.compare import _address_outcome, score_pair
from matching.model import Explanation, default_model
from matching.normalise import PartialDate, compare_dates
from matching.prefilter import ADDRESS_LEVELS, DATE_LEVELS, NONE, Bounds, Features, address_levels, date_levels
from matching.record import FieldValue, Prepared, prepare

partial_dates = st.builds(
    lambda year, month, day, full: PartialDate(year, month, day if full and month else None),
    st.integers(1880, 2026),
    st.one_of(st.none(), st.integers(1, 12)),
    st.integers(1, 28),
    st.booleans(),
)


def _near(date: PartialDate, rng: random.Random) -> PartialDate:
    """A date close to ``date``: a digit changed or swapped, day and month swapped, parts dropped."""
    year, month, day = date.year, date.month, date.day
    change = rng.randrange(6)
    if change == 0:
        year = int(str(year)[:3] + str(rng.randrange(10)))
    elif change == 1:
        digits = str(year)
        year = int(digits[0] + digits[2] + digits[1] + digits[3]) if digits[1] != "0" else year
    elif change == 2 and month and day and day <= 12:
        month, day = day, month
    elif change == 3 and day:
        day = min(28, max(1, int(f"{day:02d}"[::-1]) or 1))
    elif change == 4:
        day = None
    else:
        year += rng.choice((-12, -30, 1))
    return PartialDate(max(year, 1880), month, day if month else None)


@settings(max_examples=60, deadline=None)
@given(st.lists(partial_dates, min_size=1, max_size=20), st.integers(0, 1000))
def test_date_levels_are_compare_dates(dates: list[PartialDate], seed: int) -> None:
    rng = random.Random(seed)
    left = dates + [_near(date, rng) for date in dates]
    right = [_near(date, rng) for date in dates] + dates[::-1]
    pairs = list(zip(left, right, strict=True)) + list(itertools.product(dates[:5], left[:8]))

    def column(part: str, side: int) -> np.ndarray:
        return np.array([getattr(pair[side], part) or 0 for pair in pairs])

    codes = date_levels(*(column(part, side) for side in (0, 1) for part in ("year", "month", "day")))
    assert [DATE_LEVELS[code] for code in codes] == [compare_dates(a, b) for a, b in pairs]


ADDRESSES = [
    {"address": "Kerkstraat 12, 6811 AB Arnhem"},
    {"address": "Kerkstraat 12a, 6811 AB Arnhem"},
    {"address": "Kerkstraat 12-2, 6811 AB Arnhem"},
    {"address": "Kerkstraat 12, Arnhem"},
    {"address": "Kerkstraat 12"},
    {"address": "Kerkstraat 12, 6811 AC Arnhem"},
    {"address": "Kerkstraat 12, Ede"},
    {"address": "Kerkstaat 12, Arnhem"},
    {"address": "Kerkstraat 14, 6811 AB Arnhem"},
    {"address": "Lindendijk 57, 6711 BC Ede"},
    {"address": "Lindendjik 57, Ede"},
    {"address": "Lindendijk 57, 6711 BD Ede"},
    {"address": "Kerkstraat 12, 6811 BA Arnhem"},
    {"address": "Kerkstraat 12, 6812 AB"},
    {"address": "Kerkstraat 12, 6812 AB Ede"},
    {"address": "Kerkstraat 12, Arnhme"},
    {"address": "Kerkstaat 12, 6811 AB"},
    {"address": "Kerkstaat 12, 6811 CD Arnhme"},
    {"address": "Dorp 3, Ede"},
    {"address": "Dorp 4, Ede"},
    {"address": "6811 AB"},
    {"address": "Arnhem"},
    {"street": "Zwanenpad", "house_number": "17", "postcode": "7411EZ", "city": "Deventer"},
    {"street": "Zwanenpad", "house_number": "17"},
    {"street": "Zwanen pad", "house_number": "17 B", "city": "Deventer"},
    {"postcode": "7411 EZ", "house_number": "17"},
    {"street": "Zwanenpad", "city": "Deventer"},
]


def test_address_levels_are_the_address_comparator() -> None:
    records = [prepare(f"a{i}", fields) for i, fields in enumerate(ADDRESSES)]
    assert all(len(record.addresses) == 1 for record in records)
    features = Features(records)
    left, right = (np.array(side) for side in zip(*itertools.product(range(len(records)), repeat=2), strict=True))
    codes = address_levels(features, left, right)
    expected = []
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        outcome = _address_outcome(records[i].addresses[0], records[j].addresses[0])
        expected.append(outcome.level if outcome else None)
    got = [ADDRESS_LEVELS[code] if code != NONE else None for code in codes]
    assert got == expected
    # The list reaches every level, the street typo included, and pairs with nothing to compare.
    assert set(expected) == {*ADDRESS_LEVELS, None}
    # ... and the slips of the pen in postcodes and cities, both ways.
    level = {
        (ADDRESSES[i]["address"], ADDRESSES[j]["address"]): code
        for i, j, code in zip(left.tolist(), right.tolist(), got, strict=True)
        if "address" in ADDRESSES[i] and "address" in ADDRESSES[j]
    }
    assert level["Kerkstraat 12, 6811 BA Arnhem", "Kerkstraat 12, 6811 AB Arnhem"] == "street_number"
    assert level["Kerkstraat 12, 6812 AB", "Kerkstraat 12, 6811 AB Arnhem"] == "street_number"
    assert level["Kerkstraat 12, 6812 AB Ede", "Kerkstraat 12, 6811 AB Arnhem"] == "disagree"
    assert level["Kerkstraat 12, Arnhme", "Kerkstraat 12, Arnhem"] == "street_number"
    assert level["Kerkstaat 12, 6811 CD Arnhme", "Kerkstraat 12, Arnhem"] == "street_number"


GIVEN = ["Jan", "Johannes", "J.", "Andrei", "Andreea", "Barbu", "Olga", "Ольга", "Piet"]
SURNAMES = ["Jansen", "Janssen", "de Vries", "Vries", "Barbu", "Andrei", "Kowalski", "Коваленко", "Kovalenko"]
DATES = ["12-03-1990", "1990-03-12", "03-12-1990", "1990", "03-1990", "12-03-1909", "12-03-1960", ""]


def population(count: int, seed: int) -> list[Prepared]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        fields: dict[str, FieldValue] = {}
        if rng.random() < 0.9:
            fields["given_name"] = rng.choice(GIVEN)
        if rng.random() < 0.9:
            fields["surname"] = rng.choice(SURNAMES)
        if rng.random() < 0.1:  # aliases: several names
            fields["given_name"], fields["surname"] = [rng.choice(GIVEN), rng.choice(GIVEN)], rng.choice(SURNAMES)
        if date := rng.choice(DATES):
            fields["date_of_birth"] = [date, rng.choice(DATES[:-1])] if rng.random() < 0.1 else date
        if rng.random() < 0.8:
            fields.update(rng.choice(ADDRESSES))
        if rng.random() < 0.1:
            fields["phone"] = f"06{rng.randint(10000000, 10000005)}"
        records.append(prepare(f"p{i}", fields, "person"))
    return records


def test_bounds_are_never_below_a_pairs_weight() -> None:
    records = population(160, seed=3)
    index = Index()
    for record in records:
        index.add_prepared(record)
    model = index.model
    features = Features(records)
    masks, positions = _masks_and_positions(records)
    left, right = (np.array(side) for side in zip(*itertools.combinations(range(len(records)), 2), strict=True))
    weights = np.array(
        [
            score_pair(records[i], records[j], model, index.frequencies).weight
            for i, j in zip(left.tolist(), right.tolist(), strict=True)
        ]
    )
    # From no names worked out (a threshold nothing reaches) to all worked out exactly.
    for threshold_weight in (np.inf, model.threshold_weight, 0.0, -np.inf):
        bound = Bounds(model, positions).of(features, masks, left, right, threshold_weight)
        assert (bound >= weights - 1e-9).all()
    exact = Bounds(model, positions).of(features, masks, left, right, -np.inf)
    # Tight enough to be worth it: most strangers are ruled out, and a bound is often the weight.
    assert (exact < model.threshold_weight).mean() > 0.5
    assert np.isclose(exact, weights).mean() > 0.2


def test_swapped_names_are_not_ruled_out() -> None:
    records = [
        prepare("a", {"given_name": "Andrei", "surname": "Barbu", "date_of_birth": "1990"}, "person"),
        prepare("b", {"given_name": "Barbu", "surname": "Andrei", "date_of_birth": "1990"}, "person"),
    ]
    model = default_model()
    masks, positions = _masks_and_positions(records)
    weight = score_pair(records[0], records[1], model).weight
    assert any(c.level == "swapped" for c in score_pair(records[0], records[1], model).contributions)
    for threshold_weight in (np.inf, weight):
        bound = Bounds(model, positions).of(Features(records), masks, np.array([0]), np.array([1]), threshold_weight)
        assert bound[0] >= weight - 1e-9


def _masks_and_positions(records: list[Prepared]) -> tuple[np.ndarray, dict[str, int]]:
    """Attribute bits as the engine numbers them (one per Prepared attribute a comparison reads)."""
    from matching.compare import _NEEDS

    attributes = sorted(set(_NEEDS.values()))
    masks = np.array(
        [sum(1 << bit for bit, name in enumerate(attributes) if getattr(record, name)) for record in records]
    )
    return masks, {name: attributes.index(needs) for name, needs in _NEEDS.items()}


def test_queries_find_what_scoring_every_candidate_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    import matching.engine as engine

    index = Index()
    for record in population(600, seed=5):
        index.add_prepared(record)
    for i, fields in enumerate(ADDRESSES):
        index.add(f"a{i}", "address", fields)
    queries = [
        {"given_name": "Jan", "surname": "Jansen", "date_of_birth": "12-03-1990", "address": "Kerkstraat 12, Arnhem"},
        {"given_name": "Barbu", "surname": "Andrei", "date_of_birth": "1990"},
        {"given_name": "Ольга", "surname": "Коваленко"},
        {"surname": "de Vries", "date_of_birth": "03-1990", "street": "Zwanenpad", "house_number": "17"},
        {"given_name": "J.", "surname": "Janssen", "phone": "0610000003"},
        {"address": "Lindendijk 57, 6711 BC Ede"},
    ]
    bounded_runs = 0
    real_within_reach = engine.Index._within_reach

    def counting(self: Index, query: Prepared, candidates: list[Prepared], threshold: float | None) -> list[Prepared]:
        nonlocal bounded_runs
        kept = real_within_reach(self, query, candidates, threshold)
        bounded_runs += len(kept) < len(candidates)
        return kept

    monkeypatch.setattr(engine.Index, "_within_reach", counting)
    for threshold in (None, 0.5, 0.99):
        for kind in (None, "person"):
            monkeypatch.setattr(engine, "_QUERY_PREFILTER_MIN", 10**9)  # score every candidate
            everything = [index.match(fields, kind=kind, threshold=threshold) for fields in queries]
            monkeypatch.setattr(engine, "_QUERY_PREFILTER_MIN", 0)  # bound every candidate first
            assert [index.match(fields, kind=kind, threshold=threshold) for fields in queries] == everything
    assert bounded_runs > 10  # the bound did leave candidates out
    assert any(everything)


# Names as registers write them: accents, Cyrillic, particles, double names, initials, typos.
name_parts = st.text(
    alphabet=st.sampled_from("abcdeijklmnoprstuvwyzAEIJOSTVäëéöüçłşțЖОлгакоеншнкВ  -.'0"), min_size=1, max_size=14
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdeghijklmnoprstuvwxyz ", min_size=0, max_size=12), min_size=2, max_size=8))
@example(["kovalchuk", "kowaltsjoek", "shevchenko", "schewtschenko"])  # equal only by transliteration
@example(["meijer", "meyer", "jan peter", "peter jan"])  # by spelling key, by sorted words
def test_name_similarity_ceilings_are_never_below_the_similarity(texts: list[str]) -> None:
    from matching.compare import _jw, _name_similarity
    from matching.normalise import spelling_key
    from matching.prefilter import _NameStrings

    texts = [" ".join(text.split()) for text in texts]
    strings = _NameStrings([])
    ids = strings.ids(texts)
    assert (ids >= 0).all()
    a, b = (np.array(side) for side in zip(*itertools.product(ids.tolist(), repeat=2), strict=True))
    similarity, spelled = strings.ceilings([(a, b)], [(a, b)])
    for k, (x, y) in enumerate(itertools.product(texts, repeat=2)):
        if x and y:
            assert similarity[k] >= _name_similarity(x, y) - 1e-9, (x, y)
            assert spelled[k] >= _jw(spelling_key(x), spelling_key(y)) - 1e-9, (x, y)


def _names_weight(explanation: Explanation) -> float:
    return sum(c.weight for c in explanation.contributions if c.comparison in ("surname", "given_name"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(name_parts, name_parts), min_size=2, max_size=10))
def test_names_ceiling_is_never_below_the_names_weight(names: list[tuple[str, str]]) -> None:
    records = [prepare(f"p{i}", {"given_name": g, "surname": s}, "person") for i, (g, s) in enumerate(names)]
    records = [record for record in records if record.names]
    assume(len(records) >= 2)
    model = default_model()
    features = Features(records)
    _, positions = _masks_and_positions(records)
    bounds = Bounds(model, positions)
    left, right = (np.array(side) for side in zip(*itertools.product(range(len(records)), repeat=2), strict=True))
    ceiling = bounds._names_ceiling(features.name_strings, features.names_id[left], features.names_id[right])
    for k, (i, j) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        assert ceiling[k] >= _names_weight(score_pair(records[i], records[j], model)) - 1e-9


def test_names_ceiling_rules_out_strangers_and_keeps_swaps() -> None:
    fields = [
        ("Elegna", "Stoica"),  # 0
        ("Justyna", "Tomaszewska"),  # 1: a stranger to 0
        ("Stoica", "Elegna"),  # 2: 0 swapped
        ("Elegna", "Stoyca"),  # 3: 0 with a typo
        ("Oleksandr", "Shevchenko"),  # 4
        ("Oleksandr", "Sjevtsjenko"),  # 5: 4 in Dutch transliteration
        ("J.", "Stoica"),  # 6: initials: not plain, so the names' best
    ]
    records = [prepare(f"p{i}", {"given_name": g, "surname": s}, "person") for i, (g, s) in enumerate(fields)]
    model = default_model()
    features = Features(records)
    _, positions = _masks_and_positions(records)
    bounds = Bounds(model, positions)
    pairs = [(0, 1), (0, 2), (0, 3), (4, 5), (0, 6)]
    left, right = (np.array(side) for side in zip(*pairs, strict=True))
    ceiling = dict(
        zip(
            pairs,
            bounds._names_ceiling(features.name_strings, features.names_id[left], features.names_id[right]),
            strict=True,
        )
    )
    weights = {c.name: {level.name: level.weight for level in c.levels} for c in model.comparisons}
    # Strangers: both disagree, and a swap is ruled out, without working out a single level.
    assert ceiling[0, 1] == pytest.approx(weights["surname"]["disagree"] + weights["given_name"]["disagree"])
    for pair in [(0, 2), (0, 3), (4, 5)]:
        assert ceiling[pair] >= _names_weight(score_pair(records[pair[0]], records[pair[1]], model)) - 1e-9
    assert ceiling[0, 2] >= weights["surname"]["swapped"] + max(weights["given_name"].values()) - 1e-9
    assert ceiling[0, 6] == pytest.approx(bounds.names_best)
