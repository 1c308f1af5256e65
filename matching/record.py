"""Records as the matcher sees them: raw field values in, normalised comparison values out.

A caller describes a record as a mapping from a field kind (see :data:`FIELD_KINDS`) to one
value or a list of values: a person can have several phone numbers, aliases or addresses.
:func:`prepare` normalises everything once, so scoring a pair never re-parses text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from matching import normalise as n

__all__ = ["FIELD_KINDS", "NO_VALUES", "FieldValue", "Prepared", "prepare"]

FIELD_KINDS: tuple[str, ...] = (
    "given_name",
    "surname",
    "full_name",
    "date_of_birth",
    "street",
    "house_number",
    "postcode",
    "city",
    "address",
    "phone",
    "email",
    "plate",
    "iban",
    "id_number",
    "kvk",
    "url",
    "organisation_name",
    "ignore",
)

FieldValue = str | int | None | Sequence[str | int | None]

# Aliases and address histories can multiply; beyond this many combinations a record is noise
# and comparing all of them would make one pair as costly as a whole block.
MAX_VALUES_PER_FIELD = 12

# The value of an identifier field a record does not have, shared by all of them. Python makes a
# new empty frozenset on every call (216 bytes each), and most records lack most identifiers:
# seven of them per person record were a third of an index's memory.
NO_VALUES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Prepared:
    """One record with every field normalised; what the comparisons and blocking work on."""

    record_id: str
    kind: str = ""
    names: tuple[n.PersonName, ...] = ()
    dates: tuple[n.PartialDate, ...] = ()
    addresses: tuple[n.AddressParts, ...] = ()
    phones: frozenset[str] = NO_VALUES
    emails: frozenset[str] = NO_VALUES
    plates: frozenset[str] = NO_VALUES
    ibans: frozenset[str] = NO_VALUES
    kvks: frozenset[str] = NO_VALUES
    id_numbers: frozenset[str] = NO_VALUES
    urls: frozenset[str] = NO_VALUES
    organisations: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not any(
            (
                self.names,
                self.dates,
                self.addresses,
                self.phones,
                self.emails,
                self.plates,
                self.ibans,
                self.kvks,
                self.id_numbers,
                self.urls,
                self.organisations,
            )
        )


def _values(value: FieldValue) -> Sequence[str]:
    if type(value) is str:  # the common case: one plain text value
        return (value,) if value.strip() else ()
    if value is None or isinstance(value, bytes | bytearray | Mapping):
        return []
    if isinstance(value, str | int):
        items: Iterable[str | int | None] = [value]
    else:
        items = value
    out: list[str] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            out.append(str(item))
        elif isinstance(item, str) and item.strip():
            out.append(item)
    return out[:MAX_VALUES_PER_FIELD]


T = TypeVar("T")


def _unique(items: Iterable[T | None]) -> tuple[T, ...]:
    seen: dict[T, None] = {}
    for item in items:
        if item is not None and item not in seen:
            seen[item] = None
    return tuple(seen)[:MAX_VALUES_PER_FIELD]


# The normalisers are pure and registers repeat the same names, dates, streets and cities over
# and over, so prepare() caches them (bounded; the results are immutable and can be shared
# between records, which also saves memory in a large index).
_CACHE_SIZE = 1 << 17
_parse_name = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.parse_name)
_full_name_parts = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.full_name_parts)
_parse_house_number = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.parse_house_number)
_parse_address = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.parse_address)
_normalise_street = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.normalise_street)
_normalise_postcode = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.normalise_postcode)
_normalise_city = lru_cache(maxsize=_CACHE_SIZE, typed=True)(n.normalise_city)


@lru_cache(maxsize=_CACHE_SIZE, typed=True)
def _parse_date_on(text: str, today: date) -> n.PartialDate | None:
    return n.parse_date(text, today=today)


_KNOWN_KINDS = frozenset(FIELD_KINDS)
_EMPTY: tuple[str, ...] = ()


def prepare(record_id: str, fields: Mapping[str, FieldValue], kind: str = "") -> Prepared:
    """Normalise a record's fields. Unknown field kinds raise ``ValueError``; bad values are dropped.

    ``given_name`` and ``surname`` values are combined pairwise when both lists have the same
    length (aliases recorded side by side), otherwise every combination is kept. The parts of
    an address given as separate fields (street, house_number, postcode, city) are combined
    by position, so the second postcode goes with the second house number.
    """
    if not _KNOWN_KINDS.issuperset(fields):
        unknown = sorted(set(fields) - _KNOWN_KINDS)
        raise ValueError(f"unknown field kind(s): {', '.join(unknown)}; expected one of {', '.join(FIELD_KINDS)}")
    raw: dict[str, Sequence[str]] = {}
    for kind_name, value in fields.items():
        if kind_name != "ignore":
            raw[kind_name] = _values(value)

    given, family = raw.get("given_name", _EMPTY), raw.get("surname", _EMPTY)
    name_pairs: Iterable[tuple[str | None, str | None]]
    if given and family and len(given) == len(family):
        name_pairs = zip(given, family, strict=True)
    elif given and family:
        name_pairs = itertools.product(given, family)
    else:
        name_pairs = [(g, None) for g in given] + [(None, f) for f in family]
    names = _unique(
        [_parse_name(g, f) for g, f in name_pairs] + [_full_name_parts(text) for text in raw.get("full_name", _EMPTY)]
    )

    streets, numbers = raw.get("street", _EMPTY), raw.get("house_number", _EMPTY)
    postcodes, cities = raw.get("postcode", _EMPTY), raw.get("city", _EMPTY)
    addresses = [
        _address_from_columns(
            streets[i] if i < len(streets) else None,
            numbers[i] if i < len(numbers) else None,
            postcodes[i] if i < len(postcodes) else None,
            cities[i] if i < len(cities) else None,
        )
        for i in range(max(len(streets), len(numbers), len(postcodes), len(cities)))
    ]
    if "address" in raw:
        addresses.extend(_parse_address(text) for text in raw["address"])

    dates = raw.get("date_of_birth")
    if dates:
        today = date.today()  # parse_date depends on it (two-digit years, no births in the future)
        parsed_dates = _unique(_parse_date_on(text, today) for text in dates)
    else:
        parsed_dates = ()
    identifiers: dict[str, frozenset[str]] = {}
    for kind_name, attribute, normaliser in _IDENTIFIER_FIELDS:
        texts = raw.get(kind_name)
        if texts:
            values = _unique(normaliser(text) for text in texts)
            if values:
                identifiers[attribute] = frozenset(values)
    return Prepared(
        record_id=record_id,
        kind=kind,
        names=names,
        dates=parsed_dates,
        addresses=_unique(addresses),
        organisations=_unique(n.normalise_organisation_name(text) for text in raw.get("organisation_name", _EMPTY)),
        **identifiers,
    )


# Identifier fields: the field kind, the Prepared attribute and the normaliser of its values.
_IDENTIFIER_FIELDS: tuple[tuple[str, str, Callable[[str], str | None]], ...] = (
    ("phone", "phones", n.normalise_phone),
    ("email", "emails", n.normalise_email),
    ("plate", "plates", n.plate_key),
    ("iban", "ibans", n.normalise_iban),
    ("kvk", "kvks", n.normalise_kvk),
    ("id_number", "id_numbers", n.normalise_id_number),
    ("url", "urls", n.url_key),
)


@lru_cache(maxsize=_CACHE_SIZE, typed=True)
def _address_from_columns(
    street: str | None, number: str | None, postcode: str | None, city: str | None
) -> n.AddressParts | None:
    """One address from the separate street, house number, postcode and city fields (``None`` if empty)."""
    house = _parse_house_number(number)
    if house is None and street and not number:
        # Street fields often carry the number too ("Kerkstraat 12").
        parsed = _parse_address(street)
        if parsed is not None and parsed.house_number is not None:
            street, house = parsed.street, parsed.house_number
    parts = n.AddressParts(
        street=_normalise_street(street),
        house_number=house,
        postcode=_normalise_postcode(postcode),
        city=_normalise_city(city),
    )
    return None if parts.is_empty() else parts
