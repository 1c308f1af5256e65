"""Vectorised upper bounds on candidate pairs' weights: skip the pairs that cannot match.

Most candidate pairs of a dedupe are strangers who share a block key (a name's sound, a
postcode) and disagree on the date of birth and the address. Scoring them one by one in
Python is most of a dedupe's time, so before that the engine computes, for all candidate pairs
of a range of records at once (NumPy), the level the date of birth and the address comparisons
reach — the same levels as :func:`matching.normalise.compare_dates` and
``compare._address_outcome`` for records with one date and one address — and adds, for every
other comparison both records have, the most it could add. A pair whose bound stays below the
threshold cannot match (term-frequency and relatives adjustments only ever lower a weight), so
only the others are scored exactly. The result is the same pairs with the same explanations;
this module only decides which pairs need not be looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from matching.compare import (
    GIVEN_FUZZY,
    GIVEN_FUZZY_HIGH,
    SURNAME_FUZZY,
    SURNAME_FUZZY_HIGH,
    SWAP_FUZZY,
    cities_one_edit_apart,
    given_level,
    is_swap,
    postcodes_one_digit_apart,
    streets_one_edit_apart,
    surname_level,
    unswapped_surname_level,
)
from matching.model import Model
from matching.normalise import (
    GENERATION_YEARS,
    AddressParts,
    PartialDate,
    PersonName,
    spelling_key,
    transliteration_keys,
)
from matching.record import Prepared

__all__ = ["ADDRESS_LEVELS", "DATE_LEVELS", "Bounds", "Features", "address_levels", "date_levels"]

Array = np.ndarray[Any, Any]
T = TypeVar("T")

# Level codes, in the order the comparators test them; NONE means "nothing to compare".
DATE_LEVELS = ("exact", "swapped", "typo", "partial_month", "partial_year", "generation", "disagree")
ADDRESS_LEVELS = ("exact", "street_number", "number_match", "postcode", "street", "city", "disagree")
NONE = -1

# Per record and field: no value, exactly one (levels computed), several (bound = best level).
_ABSENT, _SINGLE, _SEVERAL = 0, 1, 2


class _Interner:
    """Equal values get equal positive ids; empty values get 0."""

    def __init__(self) -> None:
        self.ids: dict[object, int] = {}

    def __call__(self, value: object) -> int:
        if not value:
            return 0
        return self.ids.setdefault(value, len(self.ids) + 1)


class Features:
    """Integer forms, per record position, of the one date of birth and the one address it has.

    ``names`` may give each record's names id and the names by id (0 = none) when the caller
    has already interned them; otherwise they are interned here.
    """

    def __init__(
        self, records: Sequence[Prepared], names: tuple[list[int], list[tuple[PersonName, ...]]] | None = None
    ) -> None:
        if names is None:
            interner = _Interner()
            names = ([interner(record.names) for record in records], [()])
            names[1].extend(interner.ids)  # type: ignore[arg-type]
        self.names_id = np.array(names[0], dtype=np.int64)
        self.names: list[tuple[PersonName, ...]] = names[1]
        date_state, year, month, day, address_state = [], [], [], [], []
        address_ids: list[tuple[int, ...]] = []
        interners = [_Interner() for _ in _ADDRESS_PARTS]
        known: dict[AddressParts, tuple[int, ...]] = {}
        absent = (0,) * len(_ADDRESS_PARTS)
        for record in records:
            dates, addresses = record.dates, record.addresses
            if dates:
                date: PartialDate = dates[0]
                date_state.append(_SINGLE if len(dates) == 1 else _SEVERAL)
                year.append(date.year)
                month.append(date.month or 0)
                day.append(date.day or 0)
            else:
                date_state.append(_ABSENT)
                year.append(0)
                month.append(0)
                day.append(0)
            if addresses:
                address_state.append(_SINGLE if len(addresses) == 1 else _SEVERAL)
                ids = known.get(addresses[0])
                if ids is None:
                    parts = _address_parts(addresses[0])
                    ids = known[addresses[0]] = tuple(
                        intern(part) for intern, part in zip(interners, parts, strict=True)
                    )
                address_ids.append(ids)
            else:
                address_state.append(_ABSENT)
                address_ids.append(absent)
        self.date_state = np.array(date_state, dtype=np.int8)
        self.year = np.array(year, dtype=np.int32)
        self.month = np.array(month, dtype=np.int32)
        self.day = np.array(day, dtype=np.int32)
        self.address_state = np.array(address_state, dtype=np.int8)
        columns = np.array(address_ids, dtype=np.int64).reshape(len(records), len(_ADDRESS_PARTS))
        self.address = {name: columns[:, position].copy() for position, name in enumerate(_ADDRESS_PARTS)}
        # Streets, cities and postcodes by id, for the checks of one slip of the pen.
        self.streets, self.cities, self.postcodes = (_by_id(interners[at]) for at in (_STREET, _CITY, _POSTCODE))
        self._name_strings: _NameStrings | None = None

    @property
    def name_strings(self) -> _NameStrings:
        """The letter counts of the names' strings, filled in as pairs ask for them (in each worker)."""
        if self._name_strings is None:
            self._name_strings = _NameStrings(self.names)
        return self._name_strings


_ADDRESS_PARTS = (
    "key", "street_number_key", "street", "number", "postcode", "city", "base_key", "street_base_key", "area",
)  # fmt: skip


_STREET, _CITY, _POSTCODE = (_ADDRESS_PARTS.index(name) for name in ("street", "city", "postcode"))


def _by_id(interner: _Interner) -> list[str]:
    values = [""] * (len(interner.ids) + 1)
    for value, value_id in interner.ids.items():
        values[value_id] = str(value)
    return values


def _address_parts(parts: AddressParts) -> tuple[object, ...]:
    """The values of :data:`_ADDRESS_PARTS`, in that order."""
    return (
        parts.key,
        parts.street_number_key,
        parts.street.replace(" ", "") if parts.street else None,
        parts.house_number.key() if parts.house_number is not None else None,
        parts.postcode,
        parts.city,
        parts.base_key,
        parts.street_base_key,
        parts.postcode[:4] if parts.postcode else None,
    )


def _one_digit_apart(x: Array, y: Array, width: int) -> Array:
    """Elementwise ``normalise.one_digit_apart``: one digit differs, or two digits swapped places."""
    powers = 10 ** np.arange(width)
    digits_x = (x[:, None] // powers) % 10
    digits_y = (y[:, None] // powers) % 10
    differences = (digits_x != digits_y).sum(axis=1)
    same_digits = (np.sort(digits_x, axis=1) == np.sort(digits_y, axis=1)).all(axis=1)
    return (differences == 1) | ((differences == 2) & same_digits)


def date_levels(year_a: Array, month_a: Array, day_a: Array, year_b: Array, month_b: Array, day_b: Array) -> Array:
    """Elementwise :func:`~matching.normalise.compare_dates` as codes into :data:`DATE_LEVELS` (0 = unknown part)."""
    full = (month_a > 0) & (day_a > 0) & (month_b > 0) & (day_b > 0)
    year_differs, month_differs, day_differs = year_a != year_b, month_a != month_b, day_a != day_b
    generation = np.abs(year_a - year_b) >= GENERATION_YEARS
    # A typo is one part differing by one digit (or two swapped); the digits are only taken apart
    # where exactly that part differs.
    one_part = (year_differs.astype(np.int8) + month_differs + day_differs) == 1
    typo = np.zeros(len(year_a), dtype=bool)
    for differs, x, y, width in (
        (year_differs, year_a, year_b, 4),
        (month_differs, month_a, month_b, 2),
        (day_differs, day_a, day_b, 2),
    ):
        at = np.flatnonzero(one_part & differs)
        typo[at] = _one_digit_apart(x[at], y[at], width)
    exact = ~(year_differs | month_differs | day_differs)
    swapped = ~year_differs & (day_a == month_b) & (month_a == day_b)
    full_level = np.select([exact, swapped, typo, generation], [0, 1, 2, 5], 6)
    both_months = (month_a > 0) & (month_b > 0)
    partial_level = np.select(
        [year_differs & generation, year_differs, both_months & month_differs, both_months], [5, 6, 6, 3], 4
    )
    return np.where(full, full_level, partial_level)


def address_levels(features: Features, left: Array, right: Array) -> Array:
    """Elementwise ``compare._address_outcome`` of the records at ``left`` and ``right``, as codes into :data:`ADDRESS_LEVELS`.

    :data:`NONE` where nothing is comparable (the comparator returns no outcome).
    """
    part = features.address

    def both(name: str) -> tuple[Array, Array]:
        return part[name][left], part[name][right]

    def equal(name: str) -> Array:
        x, y = both(name)
        return (x > 0) & (x == y)

    def conflict(name: str) -> Array:
        x, y = both(name)
        return (x > 0) & (y > 0) & (x != y)

    def present(name: str) -> Array:
        x, y = both(name)
        return (x > 0) & (y > 0)

    def where(mask: Array, values: list[str], name: str, test: Callable[[str, str], bool]) -> Array:
        """``mask`` narrowed to the pairs whose values (by id, in ``values``) pass ``test``: the
        string checks run in Python, so only where the cheap conditions leave them to matter."""
        for at in np.flatnonzero(mask):
            mask[at] = test(values[part[name][left[at]]], values[part[name][right[at]]])
        return mask

    same_city, same_number, same_street = equal("city"), equal("number"), equal("street")
    numbered_street = same_number & present("street")  # where a slip of the pen could count
    close_city = where(conflict("city") & numbered_street, features.cities, "city", cities_one_edit_apart)
    close_area = where(conflict("area") & numbered_street, features.postcodes, "postcode", postcodes_one_digit_apart)
    # compare._locations_conflict and compare.same_place
    city_conflict = conflict("city") & ~close_city
    location_conflict = (conflict("area") & (city_conflict | ~close_area)) | (city_conflict & ~present("area"))
    same_place = equal("area") | same_city | close_city
    typo = where(
        same_place & numbered_street & ~location_conflict & ~same_street,
        features.streets,
        "street",
        streets_one_edit_apart,
    )
    conditions = [
        equal("key"),
        equal("street_number_key"),
        same_street & same_number & ~location_conflict,
        typo,
        equal("base_key") | equal("street_base_key"),
        equal("postcode"),
        same_street & same_city,
        same_city,
        present("postcode") | present("city") | present("street"),
    ]
    return np.select(conditions, [0, 1, 1, 1, 2, 3, 4, 5, 6], NONE)


class Bounds:
    """Upper bounds on the weight of candidate pairs under one model (one combination of kinds).

    ``positions`` maps the model's comparison names to the bit of the attribute each reads in
    the records' attribute masks (as the engine's scorer numbers them), or -1 when it reads none.
    """

    def __init__(self, model: Model, positions: dict[str, int]) -> None:
        self.prior = model.prior_weight
        self.date: Array | None = None
        self.address: Array | None = None
        self.date_best = self.address_best = 0.0
        # (attribute bit or -1, best weight) of the comparisons bounded by their best level.
        self.others: list[tuple[int, float]] = []
        self.date_bit = self.address_bit = self.names_bit = -1
        # The surname and given-name comparisons: their level weights and their best.
        self.names_weights: dict[str, dict[str, float]] = {}
        self.names_best = 0.0
        self._given_best = 0.0
        self._quick_memo: dict[int, _QuickNames] = {}
        self._exact_memo: dict[int, float] = {}
        for comparison in model.comparisons:
            if comparison.name not in positions:
                continue
            bit = positions[comparison.name]
            best = max(max(level.weight for level in comparison.levels), 0.0)
            if comparison.name == "date_of_birth":
                self.date = np.array([comparison.level(name).weight for name in DATE_LEVELS])
                self.date_bit, self.date_best = bit, best
            elif comparison.name == "address":
                self.address = np.array([comparison.level(name).weight for name in ADDRESS_LEVELS] + [0.0])
                self.address_bit, self.address_best = bit, best
            elif comparison.name in _NAME_LEVELS and bit >= 0:
                self.names_weights[comparison.name] = {level.name: level.weight for level in comparison.levels}
                if comparison.name == "given_name":
                    self._given_best = max(level.weight for level in comparison.levels)
                self.names_bit = bit
                self.names_best += best
            else:
                self.others.append((bit, best))

    def of(self, features: Features, masks: Array, left: Array, right: Array, threshold_weight: float) -> Array:
        """The bound of each pair ``(left[k], right[k])``; ``masks`` holds each record's attribute bits.

        The name comparisons' levels are only worked out (in Python, once per pair of names)
        for pairs that the other fields leave within reach of ``threshold_weight``; the other
        pairs' bounds count the names' best levels.
        """
        shared = masks[left] & masks[right]
        bound = np.full(len(left), self.prior)
        for bit, best in self.others:
            bound += best if bit < 0 else np.where((shared >> bit) & 1 == 1, best, 0.0)
        if self.date is not None:
            part, at = self._field(shared, self.date_bit, self.date_best, features.date_state, left, right)
            x, y = left[at], right[at]
            f = features
            part[at] = self.date[date_levels(f.year[x], f.month[x], f.day[x], f.year[y], f.month[y], f.day[y])]
            bound += part
        if self.address is not None:
            part, at = self._field(shared, self.address_bit, self.address_best, features.address_state, left, right)
            part[at] = self.address[address_levels(features, left[at], right[at])]
            bound += part
        if self.names_weights:
            has_names = (shared >> self.names_bit) & 1 == 1
            counted = np.where(has_names, self.names_best, 0.0)  # what the bound counts for the names
            bound += counted
            # Three rounds, as the names' levels cost most to work out: first a ceiling from
            # the letters the names have in common (NumPy), then what they add at most if a swap
            # is not looked for, then, for the pairs still within reach, exactly. Each round
            # is an upper bound, so a pair keeps the lowest.
            for round_ in (_CEILING, _QUICK, _EXACT):
                at = np.flatnonzero(has_names & (bound >= threshold_weight - BOUND_SLACK))
                if not len(at):
                    break
                keys = (features.names_id[left[at]] << 32) | features.names_id[right[at]]
                unique, inverse = np.unique(keys, return_inverse=True)
                if round_ == _CEILING:
                    weights = self._names_ceiling(features.name_strings, unique >> 32, unique & 0xFFFFFFFF)[inverse]
                else:
                    exact = round_ == _EXACT
                    weights = np.array([self._names_weight(features, key, exact) for key in unique.tolist()])[inverse]
                weights = np.minimum(weights, counted[at])
                bound[at] += weights - counted[at]
                counted[at] = weights
        return bound

    def _names_ceiling(self, strings: _NameStrings, names_a: Array, names_b: Array) -> Array:
        """An upper bound on what the name comparisons add to each pair of names ids, from letters alone.

        Worked out for plain names (see :class:`_NameStrings`); the others get the names' best.
        The similarity ceilings decide which levels a comparison could reach: for the surname,
        ``fuzzy_high`` only from :data:`~matching.compare.SURNAME_FUZZY_HIGH`, ``fuzzy`` only from
        :data:`~matching.compare.SURNAME_FUZZY`, ``exact`` only at 1 (and so for the given
        names); a swap needs both cross-matches at :data:`~matching.compare.SWAP_FUZZY`, and
        then the surname may be ``swapped`` and the given name any level. A one-word surname
        cannot be a ``token_subset`` of another.
        """
        ceiling = np.full(len(names_a), self.names_best)
        of_a, of_b = strings.of(names_a), strings.of(names_b)
        at = np.flatnonzero((of_a[:, 0] >= 0) & (of_b[:, 0] >= 0))
        if not len(at):
            return ceiling
        (core_a, given_a, first_a), (core_b, given_b, first_b) = of_a[at].T, of_b[at].T
        surname, given, core_given_ab, core_first_ab, core_given_ba, core_first_ba, first_spelled = strings.ceilings(
            [
                (core_a, core_b),
                (given_a, given_b),
                (core_a, given_b),
                (core_a, first_b),
                (core_b, given_a),
                (core_b, first_a),
            ],
            [(first_a, first_b)],
        )
        cross = np.minimum(np.maximum(core_given_ab, core_first_ab), np.maximum(core_given_ba, core_first_ba))
        swap = cross >= SWAP_FUZZY - BOUND_SLACK
        weight = np.zeros(len(at))
        surname_weights, given_weights = self.names_weights.get("surname"), self.names_weights.get("given_name")
        if surname_weights is not None:
            weight += np.maximum(
                _level_ceiling(surname_weights, surname, SURNAME_FUZZY_HIGH, SURNAME_FUZZY),
                np.where(swap, surname_weights["swapped"], -np.inf),
            )
        if given_weights is not None:
            given = np.maximum(given, first_spelled)
            weight += np.where(
                swap, self._given_best, _level_ceiling(given_weights, given, GIVEN_FUZZY_HIGH, GIVEN_FUZZY)
            )
        ceiling[at] = weight
        return ceiling

    def _names_weight(self, features: Features, key: int, exact: bool) -> float:
        """The most the name comparisons add for the names with ids ``key >> 32`` and ``key & 0xFFFFFFFF``.

        ``exact``: the best level's weight of each comparison; otherwise an upper bound on it
        that does not look for swapped names — which is exact when a swap is ruled out.
        """
        names_a, names_b = features.names[key >> 32], features.names[key & 0xFFFFFFFF]
        weight, unswapped, swap_pairs = _memoised(self._quick_memo, key, lambda: self._quick_names(names_a, names_b))
        if not exact or not swap_pairs:
            return weight
        return _memoised(self._exact_memo, key, lambda: self._exact_names(names_a, names_b, unswapped, swap_pairs))

    def _exact_names(
        self,
        names_a: tuple[PersonName, ...],
        names_b: tuple[PersonName, ...],
        unswapped: float,
        swap_pairs: tuple[tuple[PersonName, PersonName], ...],
    ) -> float:
        """The names' weight, given their weight without swaps and the pairs of names that could be one."""
        if not any(is_swap(x, y) for x, y in swap_pairs):
            return unswapped  # no swap after all: every level is the one found without looking
        weight = 0.0
        for comparison, weights in self.names_weights.items():
            levels = _NAME_LEVELS[comparison](names_a, names_b)
            # No pair of names with the part at all: the comparison adds nothing.
            weight += max((weights[level] for level in levels), default=0.0)
        return weight

    def _quick_names(self, names_a: tuple[PersonName, ...], names_b: tuple[PersonName, ...]) -> _QuickNames:
        """An upper bound on the names' weight that does not look for swaps, their weight if none
        is a swap, and the pairs of names that could be one."""
        surname_weights, given_weights = self.names_weights.get("surname"), self.names_weights.get("given_name")
        surname = given = unswapped_surname = unswapped_given = None
        swap_pairs: list[tuple[PersonName, PersonName]] = []
        for x in names_a:
            for y in names_b:
                # A missing surname rules a swap out (see compare.swap_ruled_out).
                swap = False
                if x.surname and y.surname:
                    level, swap = unswapped_surname_level(x, y)
                    if surname_weights is not None:
                        weight = surname_weights[level]
                        unswapped_surname = _max(unswapped_surname, weight)
                        surname = _max(surname, max(weight, surname_weights["swapped"]) if swap else weight)
                if swap:
                    swap_pairs.append((x, y))
                if given_weights is not None and x.given and y.given:
                    weight = given_weights[given_level(x, y, swaps=False)[0]]
                    unswapped_given = _max(unswapped_given, weight)
                    # A swap grades the given names by a cross-match, which may reach any level.
                    given = _max(given, self._given_best if swap else weight)
        return (
            (surname or 0.0) + (given or 0.0),
            (unswapped_surname or 0.0) + (unswapped_given or 0.0),
            tuple(swap_pairs),
        )

    @staticmethod
    def _field(shared: Array, bit: int, best: float, state: Array, left: Array, right: Array) -> tuple[Array, Array]:
        """A field's part of the bound, and where both records have exactly one value (to fill in).

        0 when a side lacks the field, its best level's weight when a side has several values.
        """
        has = (shared >> bit) & 1 == 1
        single = has & (state[left] == _SINGLE) & (state[right] == _SINGLE)
        return np.where(has, best, 0.0), np.flatnonzero(single)


def _level_ceiling(weights: dict[str, float], similarity: Array, fuzzy_high: float, fuzzy: float) -> Array:
    """The best weight among the levels a name comparison could reach at (at most) ``similarity``.

    Every level lies open at 1 (equal strings); from ``fuzzy_high``: ``fuzzy_high``, ``fuzzy``,
    ``disagree``; from ``fuzzy``: ``fuzzy``, ``disagree``; below: ``disagree``.
    """
    best = max(weights.values())
    high = max(weights["fuzzy_high"], weights["fuzzy"], weights["disagree"])
    low = max(weights["fuzzy"], weights["disagree"])
    return np.select(
        [similarity >= 1.0 - BOUND_SLACK, similarity >= fuzzy_high - BOUND_SLACK, similarity >= fuzzy - BOUND_SLACK],
        [best, high, low],
        weights["disagree"],
    )


def _plain_strings(names: tuple[PersonName, ...]) -> tuple[str, str, str] | None:
    """The core surname, given names and first given name of plain names (see :class:`_NameStrings`)."""
    if len(names) != 1:
        return None
    name = names[0]
    if len(name.surname) != 1 or len(name.core_key) < 2 or not name.given or name.initials_only:
        return None
    return name.core_key, name.given_key, name.first_given


# A byte's column in a string's letter counts: a–z, 0–9, the space, anything else.
_COLUMNS = 38
_COLUMN_OF_BYTE = np.full(256, _COLUMNS - 1, dtype=np.int64)
_COLUMN_OF_BYTE[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789 ", dtype=np.uint8)] = np.arange(_COLUMNS - 1)
# What a name's strings are compared in (compare._name_similarity): as they stand, spelling
# keys, spelling keys with sorted words (token-sort ratio), and two transliteration keys.
_RAW, _SPELLED, _SORTED, _TRANSLITERATED = 0, 1, 2, 3


class _NameStrings:
    """Letter counts of the strings the name comparisons read, for ceilings on their similarity.

    Jaro counts the characters two strings have in common within a window, never more than the
    letters they share at all (``c``), so Jaro ≤ (c/|a| + c/|b| + 1) / 3; Winkler adds at most
    0.1 per letter of a common prefix (up to four) of what Jaro misses of 1, and only above 0.7.
    The token-sort ratio is 2 × the longest common subsequence / (|a| + |b|), and that
    subsequence is no longer than ``c``. So the letter counts bound
    ``compare._name_similarity`` from above without running it.

    A *plain* names id is one name with a one-word surname of at least two letters and given
    names that are not only initials, all in ASCII (folded names always are): the cases whose
    levels the ceiling covers. Strings and names are added as pairs ask for them.
    """

    def __init__(self, names: list[tuple[PersonName, ...]]) -> None:
        self._names = names
        self._plain = np.full((len(names), 3), -2, dtype=np.int64)  # -2: not looked at, -1: not plain
        self._string_ids: dict[str, int] = {}
        self._rows: dict[str, int] = {}
        self._slots = np.zeros((0, 5), dtype=np.int64)  # per string: its rows, see _RAW ... _TRANSLITERATED
        self._counts = np.zeros((0, _COLUMNS), dtype=np.uint8)
        self._lengths = np.zeros(0, dtype=np.int64)
        self._prefixes = np.zeros((0, 4), dtype=np.uint8)

    def of(self, names_ids: Array) -> Array:
        """Per names id: the string ids of its core surname, given names and first given name (-1 if not plain)."""
        missing = np.unique(names_ids[self._plain[names_ids, 0] == -2]).tolist()
        plain = [_plain_strings(self._names[names_id]) for names_id in missing]
        self._add_strings([text for texts in plain if texts for text in texts])
        for names_id, texts in zip(missing, plain, strict=True):
            ids = [self._string_ids.get(text, -1) for text in texts] if texts else [-1]
            self._plain[names_id] = ids if min(ids) >= 0 else -1
        return self._plain[names_ids]

    def ids(self, texts: list[str]) -> Array:
        """The string ids of ``texts`` (added when new); -1 for a string with a form outside ASCII."""
        self._add_strings(texts)
        return np.array([self._string_ids.get(text, -1) for text in texts], dtype=np.int64)

    def ceilings(
        self, similarities: Sequence[tuple[Array, Array]], spelled: Sequence[tuple[Array, Array]]
    ) -> list[Array]:
        """Ceilings on ``compare._name_similarity`` of each pair of string-id arrays in
        ``similarities``, then on Jaro-Winkler of the spelling keys of each in ``spelled``.

        A similarity is the best of Jaro-Winkler on the strings, on their spelling keys and on
        every pair of their transliteration keys, and of the token-sort ratio of the spelling
        keys. Many of these compare the same two rows (a name whose spelling key is itself, a
        single given name), so each pair of rows is worked out once.
        """
        winkler_a: list[Array] = []
        winkler_b: list[Array] = []
        for a, b in similarities:
            slots_a, slots_b = self._slots[a], self._slots[b]
            for x, y in _WINKLER_FORMS:
                winkler_a.append(slots_a[:, x])
                winkler_b.append(slots_b[:, y])
        for a, b in spelled:
            winkler_a.append(self._slots[a, _SPELLED])
            winkler_b.append(self._slots[b, _SPELLED])
        winkler = _split(self._once(self._jaro_winkler, winkler_a, winkler_b), winkler_a)
        indel = _split(
            self._once(
                self._indel,
                [self._slots[a, _SORTED] for a, _ in similarities],
                [self._slots[b, _SORTED] for _, b in similarities],
            ),
            [a for a, _ in similarities],
        )
        forms = len(_WINKLER_FORMS)
        result = [
            np.maximum.reduce([indel[at], *winkler[at * forms : (at + 1) * forms]]) for at in range(len(similarities))
        ]
        return result + winkler[len(similarities) * forms :]

    @staticmethod
    def _once(ceiling: Callable[[Array, Array], Array], rows_a: list[Array], rows_b: list[Array]) -> Array:
        """``ceiling`` of all the row pairs, each distinct (unordered) pair worked out once."""
        a, b = np.concatenate(rows_a), np.concatenate(rows_b)
        unique, inverse = np.unique((np.minimum(a, b) << 32) | np.maximum(a, b), return_inverse=True)
        return ceiling(unique >> 32, unique & 0xFFFFFFFF)[inverse]

    def _common(self, a: Array, b: Array) -> tuple[Array, Array, Array]:
        common = np.minimum(self._counts[a], self._counts[b]).sum(axis=1, dtype=np.uint16).astype(np.int64)
        return common, self._lengths[a], self._lengths[b]

    def _jaro_winkler(self, a: Array, b: Array) -> Array:
        common, length_a, length_b = self._common(a, b)
        jaro = np.where(common > 0, (common / np.maximum(length_a, 1) + common / np.maximum(length_b, 1) + 1) / 3, 0.0)
        prefix = np.cumprod(self._prefixes[a] == self._prefixes[b], axis=1).sum(axis=1)
        prefix = np.minimum(prefix, np.minimum(length_a, length_b))
        winkler = np.where(jaro >= 0.7 - BOUND_SLACK, jaro + 0.1 * prefix * (1.0 - jaro), jaro)
        return np.where((length_a == 0) | (length_b == 0), 1.0, winkler)  # empty strings: no ceiling

    def _indel(self, a: Array, b: Array) -> Array:
        common, length_a, length_b = self._common(a, b)
        ratio = 2 * common / np.maximum(length_a + length_b, 1)
        return np.where((length_a == 0) | (length_b == 0), 1.0, ratio)

    def _add_strings(self, texts: list[str]) -> None:
        """Give every new string of ``texts`` an id and rows for its forms."""
        # Folded names are ASCII, and so are their spelling and transliteration keys (folded
        # too); anything else gets no id and leaves its name not plain.
        new = [text for text in dict.fromkeys(texts) if text not in self._string_ids and text.isascii()]
        if not new:
            return
        forms: list[tuple[str, ...]] = []
        for text in new:
            spelled = spelling_key(text)
            keys = transliteration_keys(text)
            forms.append((text, spelled, " ".join(sorted(spelled.split())), keys[0], keys[-1]))
        rows = [row for row in dict.fromkeys(form for group in forms for form in group) if row not in self._rows]
        start = len(self._lengths)
        for offset, row in enumerate(rows):
            self._rows[row] = start + offset
        lengths = np.array([len(row) for row in rows], dtype=np.int64)
        encoded = np.frombuffer("".join(rows).encode("ascii"), dtype=np.uint8)
        owner = np.repeat(np.arange(len(rows)), lengths)
        counts = np.bincount(owner * _COLUMNS + _COLUMN_OF_BYTE[encoded], minlength=len(rows) * _COLUMNS)
        prefixes = np.frombuffer("".join(row[:4].ljust(4, "\0") for row in rows).encode("ascii"), dtype=np.uint8)
        self._counts = np.concatenate([self._counts, np.minimum(counts, 255).astype(np.uint8).reshape(-1, _COLUMNS)])
        self._lengths = np.concatenate([self._lengths, lengths])
        self._prefixes = np.concatenate([self._prefixes, prefixes.reshape(-1, 4)])
        first = len(self._slots)
        for offset, text in enumerate(new):
            self._string_ids[text] = first + offset
        slots = np.array([[self._rows[form] for form in group] for group in forms], dtype=np.int64)
        self._slots = np.concatenate([self._slots, slots.reshape(-1, 5)])


# The pairs of forms Jaro-Winkler is taken of: as they stand, spelling keys, and every pair of
# transliteration keys.
_WINKLER_FORMS = (
    (_RAW, _RAW), (_SPELLED, _SPELLED), (_TRANSLITERATED, _TRANSLITERATED), (_TRANSLITERATED, _TRANSLITERATED + 1),
    (_TRANSLITERATED + 1, _TRANSLITERATED), (_TRANSLITERATED + 1, _TRANSLITERATED + 1),
)  # fmt: skip


def _split(values: Array, like: list[Array]) -> list[Array]:
    """``values`` cut into consecutive pieces as long as the arrays of ``like``."""
    return np.split(values, np.cumsum([len(part) for part in like])[:-1])


_CEILING, _QUICK, _EXACT = 0, 1, 2

# A names pair's quick bound, its weight without swaps, and its pairs of names that could be one.
_QuickNames = tuple[float, float, tuple[tuple[PersonName, PersonName], ...]]


def _max(current: float | None, weight: float) -> float:
    return weight if current is None else max(current, weight)


def _memoised(memo: dict[int, T], key: int, compute: Callable[[], T]) -> T:
    """``memo[key]``, computed and stored when missing; the memo is emptied at :data:`_NAMES_MEMO_LIMIT`."""
    value = memo.get(key)
    if value is None:
        if len(memo) >= _NAMES_MEMO_LIMIT:
            memo.clear()
        value = memo[key] = compute()
    return value


def _surname_levels(names_a: tuple[PersonName, ...], names_b: tuple[PersonName, ...]) -> list[str]:
    return [surname_level(x, y) for x in names_a for y in names_b if x.surname and y.surname]


def _given_levels(names_a: tuple[PersonName, ...], names_b: tuple[PersonName, ...]) -> list[str]:
    return [given_level(x, y)[0] for x in names_a for y in names_b if x.given and y.given]


_NAME_LEVELS = {"surname": _surname_levels, "given_name": _given_levels}

# Rounding slack: a pair is dropped only when its bound misses the threshold by more.
BOUND_SLACK = 1e-9
# Each memo of name weights is emptied at this many pairs of names (about 150 bytes each).
_NAMES_MEMO_LIMIT = 1 << 20
