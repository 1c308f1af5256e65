"""Field comparisons and the pair scorer.

Each comparator looks at two prepared records and returns the levels their values reach for
one comparison (one outcome per combination of values, since fields can hold several values).
:func:`score_pair` picks, per comparison, the outcome with the highest weight, applies the
term-frequency adjustment, and returns an :class:`~matching.model.Explanation`.

Term-frequency (TF) adjustment: for a level marked ``tf``, the u probability of agreeing on a
value ``v`` becomes ``max(u, share(v))``, where ``share(v)`` is the fraction of *other*
records of the same entity kind that carry ``v`` (the two compared records themselves are
not counted), smoothed towards the level's u. Agreeing on "de Vries" or on a shelter's
address therefore weighs less than agreeing on a rare surname. The adjustment only ever
lowers a weight: with the small registers of one municipality a rare value's frequency is
noise, while a common value's frequency is signal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from matching.model import (
    IDENTIFIER_KINDS,
    SHARED_ADDRESS_LEVELS,
    SURNAME_U_AT_ONE_ADDRESS,
    Comparison,
    Contribution,
    Explanation,
    Model,
)
from matching.normalise import (
    AddressParts,
    PersonName,
    compare_dates,
    one_digit_apart,
    spelling_key,
    transliteration_keys,
)
from matching.record import Prepared

__all__ = [
    "COMPARATORS",
    "Outcome",
    "TermFrequencies",
    "best_contribution",
    "compare_records",
    "given_level",
    "is_swap",
    "score_pair",
    "surname_level",
    "swap_ruled_out",
    "tf_values",
    "unswapped_surname_level",
]


@dataclass(frozen=True)
class Outcome:
    """The level one pair of values reached; ``tf_value`` is the agreed value for TF adjustment."""

    level: str
    tf_value: str | None = None
    value_a: str = ""
    value_b: str = ""


Comparator = Callable[[Prepared, Prepared], Iterable[Outcome]]

SURNAME_FUZZY_HIGH = 0.94
SURNAME_FUZZY = 0.88
GIVEN_FUZZY_HIGH = 0.94
GIVEN_FUZZY = 0.85
SWAP_SIMILARITY = 0.92
SWAP_FUZZY = 0.80
SWAP_INITIAL = 0.85  # an initial agreeing with a written-out name, as a similarity for swaps
ORGANISATION_FUZZY_HIGH = 92.0
ORGANISATION_FUZZY = 80.0
STREET_TYPO_MIN_LENGTH = 6  # shorter street names one edit apart are too often different streets
CITY_TYPO_MIN_LENGTH = 5  # Ee and Ede, Epe and Ede are different places


def _jw(a: str, b: str) -> float:
    return float(JaroWinkler.similarity(a, b))


@lru_cache(maxsize=1 << 18)
def _name_similarity(a: str, b: str) -> float:
    """Best of Jaro-Winkler on the names, their spelling keys and their transliteration keys, and token-sort ratio.

    The spelling key merges Meijer/Meyer, but can pull a typo further away ("Vreis" has an
    "ei" that "Vries" lacks), so the plain names are compared too. Token-sort ratio covers
    word order in double names.
    """
    spelled_a, spelled_b = spelling_key(a), spelling_key(b)
    if spelled_a == spelled_b:
        return 1.0
    similarity = max(_jw(a, b), _jw(spelled_a, spelled_b), fuzz.token_sort_ratio(spelled_a, spelled_b) / 100.0)
    if similarity < 1.0:
        # Transliterations of one Cyrillic name (Sjevtsjenko / Shevchenko) on their common key.
        similarity = max(similarity, *(_jw(x, y) for x in transliteration_keys(a) for y in transliteration_keys(b)))
    return similarity


def _cross_similarity(family: PersonName, given: PersonName) -> tuple[float, bool] | None:
    """How well ``family``'s surname matches ``given``'s given names, and whether only by initial.

    ``None`` if either is missing. A side of only initials ("Georgieva | V", "T F") agrees by
    its first letter, which counts as :data:`SWAP_INITIAL`. A surname field holding two given
    names ("Cornelia Petra") is also compared by its first word.
    """
    surname, names = family.surname, given.given
    if not surname or not names:
        return None
    if all(len(token) == 1 for token in surname) or given.initials_only:
        return (SWAP_INITIAL if surname[0][0] == names[0][0] else 0.0), True
    if family.core_key == given.given_key:
        return 1.0, False
    return max(_name_similarity(family.core_key, given.given_key), _name_similarity(surname[0], names[0])), False


@lru_cache(maxsize=1 << 16)
def _swap_matches(x: PersonName, y: PersonName) -> tuple[tuple[float, bool], tuple[float, bool]] | None:
    """The closer and the weaker of the two cross-matches of a swap, or ``None`` if it is none.

    A swap needs one cross-match close (:data:`SWAP_SIMILARITY`) and the other at least fuzzy
    or by initial, so typos, initials and particles do not hide it.
    """
    forward = _cross_similarity(x, y)
    if forward is None or forward[0] < SWAP_FUZZY:
        return None  # the weaker cross-match cannot reach SWAP_FUZZY: no need for the other
    backward = _cross_similarity(y, x)
    if backward is None:
        return None
    closer, weaker = sorted((forward, backward), key=lambda match: match[0], reverse=True)
    if closer[0] >= SWAP_SIMILARITY and not closer[1] and weaker[0] >= SWAP_FUZZY:
        return closer, weaker
    return None


def swap_ruled_out(x: PersonName, y: PersonName) -> bool:
    """True when the surnames agree too well for the names to be a swap (equal, close, or one inside the other)."""
    if x.core_key == y.core_key or _name_similarity(x.core_key, y.core_key) >= SURNAME_FUZZY_HIGH:
        return True
    tokens_x, tokens_y = set(x.surname), set(y.surname)
    return tokens_x < tokens_y or tokens_y < tokens_x


@lru_cache(maxsize=1 << 16)
def is_swap(x: PersonName, y: PersonName) -> bool:
    """True when the surnames disagree but each side's given name matches the other's surname."""
    return not swap_ruled_out(x, y) and _swap_matches(x, y) is not None


def surname_level(x: PersonName, y: PersonName, *, swaps: bool = True) -> str:
    """The surname comparison's level for two names that both have a surname.

    With ``swaps=False`` a swapped name is not looked for (the costly part); unless
    :func:`swap_ruled_out`, "fuzzy" or "disagree" may then be "swapped".
    """
    if x.surname_key == y.surname_key:
        return "exact"
    if x.core_key == y.core_key:
        return "particles_differ"
    similarity = _name_similarity(x.core_key, y.core_key)
    if similarity >= SURNAME_FUZZY_HIGH:
        return "fuzzy_high"
    tokens_x, tokens_y = set(x.surname), set(y.surname)
    if tokens_x < tokens_y or tokens_y < tokens_x:
        return "token_subset"
    if swaps and is_swap(x, y):
        return "swapped"
    return "fuzzy" if similarity >= SURNAME_FUZZY else "disagree"


def unswapped_surname_level(x: PersonName, y: PersonName) -> tuple[str, bool]:
    """``surname_level(x, y, swaps=False)`` and whether a swap is still open (not :func:`swap_ruled_out`).

    The levels below ``token_subset`` are reached only past the three tests of
    :func:`swap_ruled_out`, so only ``exact`` (equal particles and surname, which may still
    split differently into core and particles) needs the test itself.
    """
    level = surname_level(x, y, swaps=False)
    if level in ("fuzzy", "disagree"):
        return level, True
    return level, level == "exact" and not swap_ruled_out(x, y)


def _swap_values(x: PersonName, y: PersonName) -> tuple[str, str]:
    return f"{x.given_key} / {x.core_key}", f"{y.given_key} / {y.core_key}"


def _compare_surname(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    for x in a.names:
        for y in b.names:
            if not (x.surname and y.surname):
                continue
            level = surname_level(x, y)
            if level == "swapped":
                yield Outcome(level, None, *_swap_values(x, y))
            else:
                yield Outcome(level, x.surname_key if level == "exact" else None, x.surname_key, y.surname_key)


def _initials_agree(short: PersonName, full: PersonName) -> bool:
    initials, other = short.initials, full.initials
    if not initials:
        return False
    if other.startswith(initials) or initials.startswith(other):
        return True
    # A Cyrillic initial against a transliterated name: Є. (unidecode "I") and Yevheniia or
    # Jewhenija, Г. (G) and Hanna, Ж. (Z) and Shanna.
    initials, other = _initial_sounds(initials), _initial_sounds(other)
    return other.startswith(initials) or initials.startswith(other)


@lru_cache(maxsize=1 << 12)
def _initial_sounds(initials: str) -> str:
    return "".join(transliteration_keys(letter)[0][:1] or letter for letter in initials)


def _swapped_given_level(x: PersonName, y: PersonName) -> str:
    matches = _swap_matches(x, y)
    assert matches is not None
    similarity, by_initial = matches[1]
    if by_initial:
        return "initials"
    if similarity >= 1.0:
        return "exact"
    if similarity >= GIVEN_FUZZY_HIGH:
        return "fuzzy_high"
    return "fuzzy" if similarity >= GIVEN_FUZZY else "disagree"


def given_level(x: PersonName, y: PersonName, *, swaps: bool = True) -> tuple[str, bool]:
    """The given-name comparison's level for two names that both have given names, and whether by a swap.

    For a swap (see :func:`is_swap`) the surname counts the closer cross-match; here the other
    one is graded like any given name, so "Barbu | Andrei" against "Andreea | Barbu" weighs like
    "Andrei Barbu" against "Andreea Barbu". ``swaps=False`` grades the names as they stand,
    which is the level whenever :func:`swap_ruled_out`.
    """
    if swaps and is_swap(x, y):
        return _swapped_given_level(x, y), True
    if x.initials_only or y.initials_only:
        short, full = (x, y) if x.initials_only else (y, x)
        return ("initials" if _initials_agree(short, full) else "disagree"), False
    if x.given_key == y.given_key:
        return "exact", False
    if x.first_given == y.first_given:
        return "fuzzy_high", False
    similarity = max(
        _name_similarity(x.given_key, y.given_key),
        _jw(spelling_key(x.first_given), spelling_key(y.first_given)),
    )
    if similarity >= GIVEN_FUZZY_HIGH:
        return "fuzzy_high", False
    return ("fuzzy" if similarity >= GIVEN_FUZZY else "disagree"), False


def _compare_given(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    for x in a.names:
        for y in b.names:
            if not (x.given and y.given):
                continue
            level, swapped = given_level(x, y)
            if swapped:
                yield Outcome(level, None, *_swap_values(x, y))
            else:
                yield Outcome(level, x.given_key if level == "exact" else None, x.given_key, y.given_key)


def _compare_dates(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    for x in a.dates:
        for y in b.dates:
            level = compare_dates(x, y)
            yield Outcome(level, x.key() if level == "exact" else None, x.key(), y.key())


def _address_outcome(x: AddressParts, y: AddressParts) -> Outcome | None:
    values = (_describe_address(x), _describe_address(y))
    if x.key and x.key == y.key:
        return Outcome("exact", x.key, *values)
    if x.street_number_key and x.street_number_key == y.street_number_key:
        return Outcome("street_number", None, *values)
    if _same_street_and_number(x, y) and not _locations_conflict(x, y):
        # "Zwanenpad 17" against "Zwanenpad 17, 7411 EZ Deventer", or "Zwanenpad 17, 7411 EZ"
        # against "Zwanenpad 17, Deventer": nothing contradicts it.
        return Outcome("street_number", None, *values)
    if _street_typo_same_number(x, y):
        # "Lindendjik 57, Ede" against "Lindendijk 57, 6711 BC Ede": one slip of the pen.
        return Outcome("street_number", None, *values)
    if (x.base_key and x.base_key == y.base_key) or (x.street_base_key and x.street_base_key == y.street_base_key):
        return Outcome("number_match", None, *values)
    if x.postcode and x.postcode == y.postcode:
        return Outcome("postcode", None, *values)
    same_city = bool(x.city and x.city == y.city)
    if x.street and y.street and x.street.replace(" ", "") == y.street.replace(" ", "") and same_city:
        return Outcome("street", None, *values)
    if same_city:
        return Outcome("city", None, *values)
    comparable = (x.postcode and y.postcode) or (x.city and y.city) or (x.street and y.street)
    return Outcome("disagree", None, *values) if comparable else None


def _same_street_and_number(x: AddressParts, y: AddressParts) -> bool:
    return bool(
        x.street
        and y.street
        and x.house_number is not None
        and y.house_number is not None
        and x.street.replace(" ", "") == y.street.replace(" ", "")
        and x.house_number.key() == y.house_number.key()
    )


def _street_typo_same_number(x: AddressParts, y: AddressParts) -> bool:
    """Streets one edit apart, the same full house number, in one place (:func:`same_place`)."""
    if not (x.street and y.street and x.house_number and y.house_number):
        return False
    if x.house_number.key() != y.house_number.key() or not same_place(x, y) or _locations_conflict(x, y):
        return False
    return streets_one_edit_apart(x.street.replace(" ", ""), y.street.replace(" ", ""))


def streets_one_edit_apart(x: str, y: str) -> bool:
    """One slip of the pen (Lindendjik and Lindendijk), never in short names (Dorp and Dorf)."""
    return min(len(x), len(y)) >= STREET_TYPO_MIN_LENGTH and OSA.distance(x, y) <= 1


def cities_one_edit_apart(x: str, y: str) -> bool:
    """One slip of the pen (Dotrdrecht and Dordrecht, Amstedram and Amsterdam), never in short names (Ee, Ede)."""
    return min(len(x), len(y)) >= CITY_TYPO_MIN_LENGTH and OSA.distance(x, y) <= 1


def same_place(x: AddressParts, y: AddressParts) -> bool:
    """The same postcode area (four digits: one neighbourhood of one town), or the same city (also
    with one slip of the pen in its name)."""
    if x.postcode and y.postcode and x.postcode[:4] == y.postcode[:4]:
        return True
    return bool(x.city and y.city and (x.city == y.city or cities_one_edit_apart(x.city, y.city)))


def _locations_conflict(x: AddressParts, y: AddressParts) -> bool:
    """The postcodes or the cities contradict each other, unless it is one slip of the pen.

    With the same street and number, postcodes that share their four digits differ by a typo
    in the letters (2511 EU and 2511 UE), and a postcode area lies in one town, so it settles a
    city written two ways (Naaldwijk and Westland) or misspelt. Postcodes one digit apart with
    the same letters (7381 DK and 7311 DK) are a typo too, unless the cities say otherwise.
    """
    cities_conflict = bool(x.city and y.city and x.city != y.city and not cities_one_edit_apart(x.city, y.city))
    if x.postcode and y.postcode:
        if x.postcode[:4] == y.postcode[:4]:
            return False
        return cities_conflict or not postcodes_one_digit_apart(x.postcode, y.postcode)
    return cities_conflict


def postcodes_one_digit_apart(x: str, y: str) -> bool:
    """The same letters, the digits one digit apart (or two swapped)."""
    return x[4:] == y[4:] and one_digit_apart(int(x[:4]), int(y[:4]), 4)


@lru_cache(maxsize=1 << 16)
def _describe_address(parts: AddressParts) -> str:
    number = parts.house_number.key() if parts.house_number else ""
    return " ".join(part for part in (parts.street or "", number, parts.postcode or "", parts.city or "") if part)


def _compare_addresses(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    for x in a.addresses:
        for y in b.addresses:
            outcome = _address_outcome(x, y)
            if outcome is not None:
                yield outcome


def _exact_sets(name: str) -> Comparator:
    def compare(a: Prepared, b: Prepared) -> Iterator[Outcome]:
        left, right = getattr(a, name), getattr(b, name)
        if not left or not right:
            return
        shared = left & right
        if shared:
            for value in sorted(shared):
                yield Outcome("exact", value, value, value)
        else:
            yield Outcome("disagree", None, ", ".join(sorted(left)), ", ".join(sorted(right)))

    return compare


_exact_emails = _exact_sets("emails")


def _compare_emails(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    yield from _exact_emails(a, b)
    for x in a.emails:
        for y in b.emails:
            local_x, local_y = _local_part(x), _local_part(y)
            # Short local parts ("info", "jan") are shared by strangers all the time.
            if x != y and local_x == local_y and len(local_x) >= 6:
                yield Outcome("local_part", None, x, y)


def _local_part(address: str) -> str:
    # Gmail addresses arrive without dots and tags; strip them elsewhere too so that
    # jan.jansen@hotmail.com and janjansen@gmail.com can meet at this level.
    return address.rpartition("@")[0].split("+", 1)[0].replace(".", "")


def _near_miss(name: str, level: str, minimum_length: int) -> Comparator:
    exact = _exact_sets(name)

    def compare(a: Prepared, b: Prepared) -> Iterator[Outcome]:
        yield from exact(a, b)
        for x in getattr(a, name):
            for y in getattr(b, name):
                if x != y and min(len(x), len(y)) >= minimum_length and Levenshtein.distance(x, y) == 1:
                    yield Outcome(level, None, x, y)

    return compare


def _compare_organisations(a: Prepared, b: Prepared) -> Iterator[Outcome]:
    for x in a.organisations:
        for y in b.organisations:
            if x == y:
                yield Outcome("exact", x, x, y)
                continue
            ratio = max(fuzz.token_sort_ratio(x, y), fuzz.ratio(x.replace(" ", ""), y.replace(" ", "")))
            if ratio >= ORGANISATION_FUZZY_HIGH:
                yield Outcome("fuzzy_high", None, x, y)
            elif ratio >= ORGANISATION_FUZZY:
                yield Outcome("fuzzy", None, x, y)
            else:
                yield Outcome("disagree", None, x, y)


COMPARATORS: dict[str, Comparator] = {
    "surname": _compare_surname,
    "given_name": _compare_given,
    "date_of_birth": _compare_dates,
    "address": _compare_addresses,
    "phone": _exact_sets("phones"),
    "email": _compare_emails,
    "plate": _near_miss("plates", "one_char", 5),
    "iban": _exact_sets("ibans"),
    "kvk": _exact_sets("kvks"),
    "id_number": _near_miss("id_numbers", "one_edit", 6),
    "url": _exact_sets("urls"),
    "organisation_name": _compare_organisations,
}


# The Prepared attribute each comparison reads: when either side lacks it the comparison is
# missing, and checking that first skips most comparators for most pairs. A comparator must
# read nothing else: the engine memoises its result per pair of these values.
_NEEDS: dict[str, str] = {
    "surname": "names",
    "given_name": "names",
    "date_of_birth": "dates",
    "address": "addresses",
    "phone": "phones",
    "email": "emails",
    "plate": "plates",
    "iban": "ibans",
    "kvk": "kvks",
    "id_number": "id_numbers",
    "url": "urls",
    "organisation_name": "organisations",
}


def tf_values(record: Prepared) -> dict[str, AbstractSet[str]]:
    """The values each comparison could agree on exactly; what term frequencies are counted over.

    Comparisons for which the record has no such value are left out.
    """
    found: dict[str, AbstractSet[str]] = {}
    if record.names:
        found["surname"] = {name.surname_key for name in record.names if name.surname}
        found["given_name"] = {name.given_key for name in record.names if name.given and not name.initials_only}
    if record.dates:
        found["date_of_birth"] = {date.key() for date in record.dates if date.is_full}
    if record.addresses:
        found["address"] = {key for parts in record.addresses if (key := parts.key)}
    for comparison, attribute in _IDENTIFIER_VALUES:
        values = getattr(record, attribute)
        if values:
            found[comparison] = frozenset(values)
    return {comparison: values for comparison, values in found.items() if values}


_IDENTIFIER_VALUES = (
    ("phone", "phones"),
    ("email", "emails"),
    ("plate", "plates"),
    ("iban", "ibans"),
    ("kvk", "kvks"),
    ("id_number", "id_numbers"),
    ("url", "urls"),
    ("organisation_name", "organisations"),
)


class TermFrequencies:
    """How many records carry each value, per entity kind and comparison.

    Counted per kind so that a phone number stored both on a person and as a phone entity
    does not look "shared" among persons. Each record counts once per value.
    """

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], Counter[str]] = {}
        self._totals: Counter[tuple[str, str]] = Counter()

    @classmethod
    def from_records(cls, records: Iterable[Prepared]) -> TermFrequencies:
        frequencies = cls()
        for record in records:
            frequencies.add(record)
        return frequencies

    def add(self, record: Prepared) -> None:
        self._update(record, +1)

    def remove(self, record: Prepared) -> None:
        self._update(record, -1)

    def _update(self, record: Prepared, step: int) -> None:
        own = IDENTIFIER_KINDS.get(record.kind)
        for comparison, values in tf_values(record).items():
            if comparison == own:
                # An address record's address *is* the entity: more records carrying it are
                # its own duplicates, not strangers sharing it, so it is not counted.
                continue
            slot = (record.kind, comparison)
            self._totals[slot] += step
            counts = self._counts.get(slot)
            if counts is None:
                counts = self._counts[slot] = Counter()
            get = counts.get
            for value in values:
                count = get(value, 0) + step
                if count > 0:
                    counts[value] = count
                else:
                    counts.pop(value, None)

    def count(self, comparison: str, value: str, *, kind: str = "") -> int:
        """Records of ``kind`` carrying ``value`` for ``comparison``."""
        counts = self._counts.get((kind, comparison))
        return counts[value] if counts is not None else 0

    def total(self, comparison: str, *, kind: str = "") -> int:
        """Records of ``kind`` with any value for ``comparison``."""
        return self._totals[(kind, comparison)]

    def u(self, comparison: str, value: str, default_u: float, *, kind: str = "", excluded: int = 2) -> float:
        """The TF-adjusted u for agreeing on ``value``: never below ``default_u``.

        The share of *other* records with the value (the ``excluded`` compared records are not
        counted) is smoothed towards ``default_u`` as if :data:`TF_PRIOR_RECORDS` more records
        had been seen, so three records sharing a number in a register of ten do not wipe out
        the number's weight, while 40 "Jansen"s in a few hundred do lower it.
        """
        others = max(self.count(comparison, value, kind=kind) - excluded, 0)
        population = max(self.total(comparison, kind=kind) - excluded, 0)
        share = (others + TF_PRIOR_RECORDS * default_u) / (population + TF_PRIOR_RECORDS)
        return max(default_u, share)


# Pseudo-count behind the TF smoothing: a value's frequency only dominates once the data holds
# a few thousand records, the size of one municipality's entity register after a year or two.
TF_PRIOR_RECORDS = 1000


def compare_records(a: Prepared, b: Prepared, comparisons: Iterable[str]) -> dict[str, list[Outcome]]:
    """All outcomes per comparison; an empty list means the field is missing on a side."""
    return {name: list(COMPARATORS[name](a, b)) for name in comparisons}


def score_pair(
    a: Prepared,
    b: Prepared,
    model: Model,
    frequencies: TermFrequencies | None = None,
    *,
    a_counted: bool = True,
) -> Explanation:
    """Score two prepared records.

    ``frequencies`` enables TF adjustment, using the population of ``b``'s kind.
    ``a_counted`` says whether ``a`` itself is counted in ``frequencies`` (it is not when a
    new record is matched against stored ones); ``b`` always is.
    """
    excluded = 2 if a_counted and a.kind == b.kind else 1
    contributions: list[Contribution] = []
    for comparison in model.comparisons:
        comparator = COMPARATORS.get(comparison.name)
        needs = _NEEDS.get(comparison.name)
        if comparator is None or (needs and not (getattr(a, needs) and getattr(b, needs))):
            continue
        contribution = best_contribution(comparison, comparator, a, b, frequencies, kind=b.kind, excluded=excluded)
        if contribution is not None:
            contributions.append(contribution)
    return Explanation(model.prior_weight, relatives_adjusted(contributions, model))


def best_contribution(
    comparison: Comparison,
    comparator: Comparator,
    a: Prepared,
    b: Prepared,
    frequencies: TermFrequencies | None,
    *,
    kind: str,
    excluded: int,
) -> Contribution | None:
    """What one comparison adds to a pair's weight: its outcome with the highest (TF-adjusted) weight.

    ``None`` when the comparator found nothing to compare. The result depends only on the
    comparison, the values ``comparator`` reads, ``kind`` and ``excluded`` (and the
    frequencies), which is what lets the engine memoise it per pair of values.
    """
    best: tuple[float, Outcome, bool] | None = None
    for outcome in comparator(a, b):
        level = comparison.level(outcome.level)
        weight, adjusted = level.weight, False
        if level.tf and frequencies is not None and outcome.tf_value is not None:
            u = frequencies.u(comparison.name, outcome.tf_value, level.u, kind=kind, excluded=excluded)
            if u > level.u:
                weight, adjusted = level.weight_with_u(u), True
        if best is None or weight > best[0]:
            best = (weight, outcome, adjusted)
    if best is None:
        return None
    weight, outcome, adjusted = best
    return Contribution(comparison.name, outcome.level, weight, outcome.value_a, outcome.value_b, adjusted)


def relatives_adjusted(contributions: list[Contribution], model: Model) -> tuple[Contribution, ...]:
    """Lower a surname agreement between people at one address to what relatives share.

    Surname and address are not independent: a family shares both. Counting them as
    independent links a record without given name or date of birth to any relative at the
    address, so with the address agreeing the surname level's u is at least
    :data:`~matching.model.SURNAME_U_AT_ONE_ADDRESS`.
    """
    levels = {contribution.comparison: contribution.level for contribution in contributions}
    household_u = SURNAME_U_AT_ONE_ADDRESS.get(levels.get("surname", ""))
    if household_u is None or levels.get("address") not in SHARED_ADDRESS_LEVELS or not model.has("surname"):
        return tuple(contributions)
    adjusted = []
    for contribution in contributions:
        if contribution.comparison == "surname":
            level = model.comparison("surname").level(contribution.level)
            weight = level.weight_with_u(max(level.u, household_u))
            if weight < contribution.weight:
                contribution = replace(contribution, weight=weight, tf_adjusted=True)
        adjusted.append(contribution)
    return tuple(adjusted)
