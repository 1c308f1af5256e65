"""Candidate generation: which pairs are worth scoring at all.

Comparing every record with every other is quadratic, so records are put in *blocks* by keys
and only records sharing a block are compared. Two kinds of keys:

* **Strong keys** — an identifier that alone can make two records the same entity: phone
  (E.164), e-mail, licence plate, IBAN, KvK number, identity number, advert URL/id, and the
  address (exact key, postcode + house number, and street + house number + city). Every pair
  sharing a strong key is always a candidate, whatever the block size. A value shared by
  thousands of records (a switchboard number) costs k·(k-1)/2 comparisons in :meth:`pairs`;
  that is the price of never missing such a pair, and TF adjustment keeps those pairs from
  scoring high. Set ``strong_block_cap`` to trade the guarantee for speed.
* **Name keys** — sorted name tokens (order swaps), the surname's phonetic key plus the
  first initial, the initials plus birth year, the surname's phonetic key plus birth year
  (given name missing or misspelled), the full date of birth, the given name's phonetic key
  plus birth year (surname changes), and organisation names. Phonetic keys are taken of the
  name and of its transliteration keys, so Latin spellings of one Cyrillic name meet. A name block larger
  than ``max_block_size`` is not compared in full: its members are sorted by a name key and
  each is compared with its ``window`` nearest neighbours (the sorted-neighbourhood method),
  so the cost is linear in the block size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from matching.compare import STREET_TYPO_MIN_LENGTH
from matching.normalise import AddressParts, PersonName, phonetic_key, spelling_key, transliteration_keys
from matching.record import Prepared

__all__ = [
    "STRONG_NAMESPACES",
    "BlockEntry",
    "BlockIndex",
    "BlockingConfig",
    "BlockingStats",
    "PairPlan",
    "block_entry",
    "block_keys",
    "is_strong",
]

STRONG_NAMESPACES: frozenset[str] = frozenset(
    {"phone", "email", "plate", "iban", "kvk", "id", "url", "addr", "addr_base", "addr_street"}
)


@dataclass(frozen=True)
class BlockingConfig:
    """Block size limits.

    ``max_block_size``: name blocks with more members are handled by a sorted-neighbourhood
    window of ``window`` on each side instead of all pairs. ``strong_block_cap``: ``None``
    (default) exempts strong-identifier blocks from any limit; a number treats larger strong
    blocks like name blocks.
    """

    max_block_size: int = 100
    window: int = 10
    strong_block_cap: int | None = None

    def __post_init__(self) -> None:
        if self.max_block_size < 2 or self.window < 1:
            raise ValueError("max_block_size must be at least 2 and window at least 1")


@dataclass
class BlockingStats:
    """What blocking did, for logging and benchmarks: oversized blocks are the ones to look at."""

    blocks: int = 0
    candidate_pairs: int = 0
    windowed_blocks: list[tuple[str, int]] = field(default_factory=list)
    largest_strong_blocks: list[tuple[str, int]] = field(default_factory=list)


def is_strong(key: str) -> bool:
    return key.split(":", 1)[0] in STRONG_NAMESPACES


def block_keys(record: Prepared) -> set[str]:
    """All block keys of a record, each as ``"namespace:value"``."""
    keys: set[str] = set()
    for namespace, values in (
        ("phone", record.phones),
        ("email", record.emails),
        ("plate", record.plates),
        ("iban", record.ibans),
        ("kvk", record.kvks),
        ("id", record.id_numbers),
        ("url", record.urls),
    ):
        if values:
            keys.update(f"{namespace}:{value}" for value in values)
    # A person's name brings the records of one person together whatever their addresses, so
    # only records without one (addresses, organisations) need the keys for a mistyped street.
    typo_keys = not record.names
    for address in record.addresses:
        keys.update(_address_keys(address, typo_keys))
    years = {date.year for date in record.dates}
    keys.update(f"dob:{date.key()}" for date in record.dates if date.is_full)
    for name in record.names:
        own, initials, surname_sounds, given_sounds = _name_keys(name)
        keys.update(own)
        for year in years:
            if initials:
                keys.add(f"name_year:{initials}|{year}")
            # Without the initial, so "| Kowalski 1980" meets "Piotr | Kowalski 1980" and a typo
            # in the given name's first letter does not keep a pair apart.
            keys.update(f"surname_year:{sound}|{year}" for sound in surname_sounds)
            keys.update(f"given_year:{sound}|{year}" for sound in given_sounds)
    for organisation in record.organisations:
        keys.add(f"org:{organisation.replace(' ', '')}")
        keys.add(f"org_sound:{phonetic_key(organisation)}")
    return keys


# Registers repeat names and addresses, and their keys take phonetic and transliteration work,
# so a value's own keys are computed once (bounded like the normalisers' caches).
@lru_cache(maxsize=1 << 17)
def _address_keys(address: AddressParts, typo_keys: bool) -> tuple[str, ...]:
    keys = []
    if address.key:
        keys.append(f"addr:{address.key}")
    if address.base_key:
        keys.append(f"addr_base:{address.base_key}")
    if address.street_base_key:
        keys.append(f"addr_street:{address.street_base_key}")
    if address.street and address.house_number is not None:
        # Street and number whatever the postcode or city, so "Zwanenpad 17" meets
        # "Zwanenpad 17, Deventer": a weak, size-capped block (every town has a Kerkstraat 1).
        street = address.street.replace(" ", "")
        keys.append(f"addr_loose:{street}:{address.house_number.number}")
        if typo_keys and address.city and len(street) >= STREET_TYPO_MIN_LENGTH:
            # One slip of the pen in the street leaves its beginning or its end as it was:
            # "Oststeeg 338, Utrecht" meets "Ooststeeg 338-A, 3511 CJ Utrecht" by "teeg".
            place = f"{address.city}:{address.house_number.number}"
            keys.append(f"addr_near:{place}:{street[:4]}")
            keys.append(f"addr_near:{place}:~{street[-4:]}")
    return tuple(keys)


@lru_cache(maxsize=1 << 17)
def _name_keys(name: PersonName) -> tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]:
    """A name's keys without a birth year, its initials, and the sounds of its surname and given name."""
    keys = []
    if name.given or len(name.surname) > 1:
        keys.append(f"name_tokens:{name.sorted_key}")
    # The surname's sound, also over its transliteration keys so that Sjevtsjenko meets
    # Shevchenko, with the first initial (also transliterated: Yuliia / Julija).
    surname_sounds = _sounds(name.core_key)
    initials_of_given = {name.given[0][0], transliteration_keys(name.given[0])[0][:1]} if name.given else {""}
    keys.extend(f"name_sound:{sound}|{initial}" for sound in surname_sounds for initial in initials_of_given)
    initials = "".join(sorted(part[0] for part in (name.first_given, name.core_key) if part))
    given_sounds = _sounds(name.first_given) if name.given and not name.initials_only else ()
    return tuple(keys), initials, surname_sounds, given_sounds


def _sounds(text: str) -> tuple[str, ...]:
    """The non-empty sound keys of a name and of its transliteration keys, each once."""
    sounds = dict.fromkeys([phonetic_key(text), *(phonetic_key(key) for key in transliteration_keys(text))])
    sounds.pop("", None)
    return tuple(sounds)


def sort_key(record: Prepared) -> str:
    """The order used inside oversized blocks: similar names end up next to each other."""
    if record.names:
        name = record.names[0]
        return f"{spelling_key(name.core_key)} {spelling_key(name.given_key)}"
    if record.organisations:
        return spelling_key(record.organisations[0])
    return ""


# A record's block keys and its place in oversized blocks: what BlockIndex.add files.
BlockEntry = tuple[set[str], str]


def block_entry(record: Prepared) -> BlockEntry:
    """:func:`block_keys` and :func:`sort_key` of a record, which can be worked out apart from the index."""
    return block_keys(record), sort_key(record)


class BlockIndex:
    """Block membership of a changing set of records; answers "who could match this record?"."""

    def __init__(self, config: BlockingConfig | None = None) -> None:
        self.config = config or BlockingConfig()
        self._blocks: dict[str, dict[str, None]] = {}
        self._keys: dict[str, set[str]] = {}
        self._sort_keys: dict[str, str] = {}
        # Oversized blocks in name order, kept between queries until a member comes or goes.
        self._sorted: dict[str, list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._keys

    def add(self, record: Prepared, entry: BlockEntry | None = None) -> None:
        """File ``record`` in its blocks; ``entry`` is its :func:`block_entry` when already known."""
        if record.record_id in self._keys:
            self.remove(record.record_id)
        keys, order = entry if entry is not None else block_entry(record)
        self._keys[record.record_id] = keys
        self._sort_keys[record.record_id] = order
        for key in keys:
            self._blocks.setdefault(key, {})[record.record_id] = None
            self._sorted.pop(key, None)

    def remove(self, record_id: str) -> None:
        for key in self._keys.pop(record_id, set()):
            self._sorted.pop(key, None)
            members = self._blocks.get(key)
            if members is not None:
                members.pop(record_id, None)
                if not members:
                    del self._blocks[key]
        self._sort_keys.pop(record_id, None)

    def _exempt(self, key: str, size: int) -> bool:
        if size <= self.config.max_block_size:
            return True
        cap = self.config.strong_block_cap
        return is_strong(key) and (cap is None or size <= cap)

    def _sorted_members(self, members: Iterable[str]) -> list[tuple[str, str]]:
        return sorted((self._sort_keys[member], member) for member in members)

    def candidates(self, record: Prepared) -> set[str]:
        """Ids of stored records sharing a block with ``record`` (never ``record`` itself)."""
        found: set[str] = set()
        own_sort_key = sort_key(record)
        for key in block_keys(record):
            members = self._blocks.get(key)
            if not members:
                continue
            if self._exempt(key, len(members)):
                found.update(members)
                continue
            ordered = self._sorted.get(key)
            if ordered is None:
                ordered = self._sorted[key] = self._sorted_members(members)
            position = bisect_left(ordered, (own_sort_key, record.record_id))
            window = self.config.window
            found.update(member for _, member in ordered[max(position - window, 0) : position + window])
        found.discard(record.record_id)
        return found

    def pairs(self, stats: BlockingStats | None = None) -> Iterator[tuple[str, str]]:
        """Every candidate pair among the stored records, once, in insertion order within the pair.

        Pairs come record by record (see :meth:`pair_plan`); no set of all pairs is kept.
        """
        plan = self.pair_plan(stats)
        ids = plan.ids
        count = 0
        for i in range(len(ids)):
            id_a = ids[i]
            for j in plan.partners(i):
                count += 1
                yield id_a, ids[j]
        if stats is not None:
            stats.candidate_pairs = count

    def pair_plan(self, stats: BlockingStats | None = None) -> PairPlan:
        """The blocks as positions in insertion order, for enumerating the pairs record by record.

        Fills ``stats`` except ``candidate_pairs`` (known only once the pairs are counted).
        The plan is a snapshot: adding or removing records afterwards does not change it.
        """
        ids = list(self._keys)
        position = {record_id: i for i, record_id in enumerate(ids)}
        exempt_blocks: dict[str, list[int]] = {}
        windowed_blocks: dict[str, tuple[list[int], dict[int, int]]] = {}
        for key, members in self._blocks.items():
            if len(members) < 2:
                continue
            if stats is not None:
                stats.blocks += 1
                if is_strong(key) and len(members) > self.config.max_block_size:
                    stats.largest_strong_blocks.append((key, len(members)))
            if self._exempt(key, len(members)):
                # Members are kept in insertion order, so these positions are ascending.
                exempt_blocks[key] = [position[member] for member in members]
            else:
                if stats is not None:
                    stats.windowed_blocks.append((key, len(members)))
                ordered = [position[member] for _, member in self._sorted_members(members)]
                windowed_blocks[key] = (ordered, {member: rank for rank, member in enumerate(ordered)})
        record_keys = [tuple(self._keys[record_id]) for record_id in ids]
        return PairPlan(ids, record_keys, exempt_blocks, windowed_blocks, self.config.window)


class PairPlan:
    """Candidate pairs by position: record ``i`` is paired with its partners ``j > i``.

    A pair of records sharing several blocks is found in each of them, so every record's
    partners are collected in a set of their own; enumerating the pairs this way costs memory
    for one record's partners at a time instead of a set of all pairs (tens of millions at a
    million records), and splits into independent ranges of records for parallel scoring.
    A block of at most ``max_block_size`` members (or a strong one) pairs all its members; a
    larger block pairs each member with the ``window`` neighbours on either side in name order.
    """

    def __init__(
        self,
        ids: list[str],
        record_keys: list[tuple[str, ...]],
        exempt_blocks: dict[str, list[int]],
        windowed_blocks: dict[str, tuple[list[int], dict[int, int]]],
        window: int,
    ) -> None:
        self.ids = ids
        self._record_keys = record_keys
        self._exempt_blocks = exempt_blocks
        self._windowed_blocks = windowed_blocks
        self._window = window

    def __len__(self) -> int:
        return len(self.ids)

    def partners(self, i: int) -> list[int]:
        """Positions ``j > i`` of the records paired with record ``i``, ascending."""
        found: set[int] = set()
        window = self._window
        exempt_blocks, windowed_blocks = self._exempt_blocks, self._windowed_blocks
        for key in self._record_keys[i]:
            members = exempt_blocks.get(key)
            if members is not None:
                found.update(members[bisect_right(members, i) :])
                continue
            windowed = windowed_blocks.get(key)
            if windowed is not None:
                ordered, rank = windowed
                at = rank[i]
                # The window holds earlier records too (and i itself); they are cut off below.
                found.update(ordered[max(at - window, 0) : at + window + 1])
        partners = sorted(found)
        return partners[bisect_right(partners, i) :]
