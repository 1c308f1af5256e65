"""Blocking: strong identifiers are never missed, name blocks are capped, cost stays sub-quadratic."""

from __future__ import annotations

import pytest

from matching.blocking import BlockIndex, BlockingConfig, BlockingStats, block_entry, block_keys, is_strong, sort_key
from matching.record import FieldValue, Prepared, prepare


def rec(record_id: str, **fields: FieldValue) -> Prepared:
    return prepare(record_id, fields)


def pairs_of(records: list[Prepared], config: BlockingConfig | None = None) -> set[frozenset[str]]:
    index = BlockIndex(config)
    for record in records:
        index.add(record)
    return {frozenset(pair) for pair in index.pairs()}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"full_name": "Jan de Vries", "phone": "06-12345678"}, {"full_name": "Olga Petrova", "phone": "+31612345678"}),
        ({"surname": "Jansen", "plate": "12-ABC-3"}, {"organisation_name": "Transport BV", "plate": "12abc3"}),
        ({"address": "Kerkstraat 12, 6811 AB Arnhem"}, {"postcode": "6811 ab", "house_number": "12", "surname": "X"}),
        ({"address": "Kerkstraat 12a, 6811 AB Arnhem"}, {"postcode": "6811AB", "house_number": "12"}),
        ({"address": "Kerkstraat 12, Arnhem"}, {"address": "Kerkstr. 12, 6811 AB Arnhem"}),
        ({"iban": "NL91ABNA0417164300"}, {"iban": "NL91 ABNA 0417 1643 00", "full_name": "Piet"}),
        ({"email": "Jan.Jansen@gmail.com"}, {"email": "janjansen+werk@gmail.com"}),
        ({"kvk": "12345678"}, {"kvk": "KvK 1234 5678"}),
        ({"id_number": "XR1001R58"}, {"id_number": "xr 1001 r5 8"}),
        ({"url": "https://www.kinky.nl/ad/1?utm_source=x"}, {"url": "kinky.nl/ad/1"}),
    ],
)
def test_pairs_sharing_only_one_strong_identifier_are_candidates(
    a: dict[str, FieldValue], b: dict[str, FieldValue]
) -> None:
    noise = [rec(f"n{i}", full_name=f"Iemand Anders{i}", phone=f"06{20000000 + i}") for i in range(20)]
    assert frozenset({"a", "b"}) in pairs_of([rec("a", **a), *noise, rec("b", **b)])


def test_records_sharing_nothing_are_not_candidates() -> None:
    assert (
        pairs_of([rec("a", full_name="Jan de Vries", phone="0612345678"), rec("b", full_name="Olga Petrova")]) == set()
    )


def test_name_blocks_catch_swaps_and_spelling_variants() -> None:
    records = [
        rec("swap1", full_name="Wei Zhang"),
        rec("swap2", full_name="Zhang Wei"),
        rec("spell1", given_name="Jan", surname="Meijer"),
        rec("spell2", given_name="Jan", surname="Meyer"),
        rec("dob1", full_name="Natalia Ivanova", date_of_birth="1990-03-12"),
        rec("dob2", full_name="Nataliya Iwanowa", date_of_birth="12-03-1990"),
    ]
    found = pairs_of(records)
    assert {frozenset({"swap1", "swap2"}), frozenset({"spell1", "spell2"}), frozenset({"dob1", "dob2"})} <= found


def test_name_blocks_catch_transliterations_and_missing_given_names() -> None:
    records = [
        # Passport against Dutch spelling, no date of birth, no address: only the names can meet.
        rec("translit1", given_name="Yuliia", surname="Shevchenko"),
        rec("translit2", given_name="Joelija", surname="Sjevtsjenko"),
        # No given name on one side, a typo in the first letter of the given name on the other.
        rec("given1", surname="Kowalski", date_of_birth="1968"),
        rec("given2", given_name="Piotr", surname="Kowalski", date_of_birth="07-05-1968"),
        rec("given3", given_name="oPiotr", surname="KOWALSKI", date_of_birth="1968-05-07"),
    ]
    found = pairs_of(records)
    assert frozenset({"translit1", "translit2"}) in found
    assert {frozenset({"given1", "given2"}), frozenset({"given1", "given3"})} <= found


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oststeeg 338, Utrecht", "Ooststeeg 338-A, 3511 CJ Utrecht"),  # a slip at the start
        ("Beuukenlaan 58, Westland", "Beukenlaan 58, 2671 DL Westland"),  # ... in the middle
        ("Kortewe 5, 5211 BR 's-Hertogenbosch", "Korteweg 5-4, Den Bosch"),  # ... at the end
    ],
)
def test_a_typo_in_the_street_does_not_keep_one_address_apart(a: str, b: str) -> None:
    noise = [rec(f"n{i}", address=f"Kerkstraat {i}, Utrecht") for i in range(20)]
    assert frozenset({"a", "b"}) in pairs_of([rec("a", address=a), rec("b", address=b), *noise])


def test_streets_alike_meet_only_at_one_number_in_one_city() -> None:
    records = [
        rec("a", address="Ooststeeg 338, Utrecht"),
        rec("other number", address="Oststeeg 340, Utrecht"),
        rec("other city", address="Oststeeg 338, Amersfoort"),
        rec("no city", address="Oostsreeg 338"),
    ]
    assert pairs_of(records) == set()


def test_only_records_without_a_name_file_their_address_under_a_typo_key() -> None:
    # A person's name keys bring the records of one person together; typo keys on every
    # person's address would only add pairs of neighbours (7 % more pairs in a million persons).
    address = "Ooststeeg 338-A, 3511 CJ Utrecht"
    assert any(key.startswith("addr_near:") for key in block_keys(rec("a", address=address)))
    person = rec("p", full_name="Jan Jansen", address=address)
    assert not any(key.startswith("addr_near:") for key in block_keys(person))
    assert any(key.startswith("addr_loose:") for key in block_keys(person))


def test_block_keys_mark_strong_identifiers() -> None:
    keys = block_keys(rec("a", full_name="Jan de Vries", phone="0612345678", date_of_birth="1990-03-12"))
    strong = {key for key in keys if is_strong(key)}
    assert strong == {"phone:+31612345678"}
    assert "name_tokens:jan vries" in keys
    assert "name_sound:frs|j" in keys
    assert "name_year:jv|1990" in keys
    assert "dob:1990-03-12" in keys


def test_oversized_name_blocks_use_a_window_and_stay_linear() -> None:
    size, config = 400, BlockingConfig(max_block_size=50, window=5)
    records = [rec(str(i), given_name=f"Kees{i:03d}", surname="Jansen") for i in range(size)]
    stats = BlockingStats()
    index = BlockIndex(config)
    for record in records:
        index.add(record)
    pairs = list(index.pairs(stats))
    assert len(pairs) <= size * config.window * 2
    assert len(pairs) < size * (size - 1) // 2 // 10
    assert ("name_sound:jnsn|k", size) in stats.windowed_blocks
    # Neighbours in name order are still compared.
    assert ("0", "1") in pairs or ("1", "0") in pairs


def test_oversized_strong_blocks_are_exempt_by_default() -> None:
    size, config = 120, BlockingConfig(max_block_size=10, window=2)
    records = [rec(str(i), full_name=f"Persoon {i}", phone="026-3123456") for i in range(size)]
    stats = BlockingStats()
    index = BlockIndex(config)
    for record in records:
        index.add(record)
    assert len(set(index.pairs(stats))) == size * (size - 1) // 2
    assert ("phone:+31263123456", size) in stats.largest_strong_blocks


def test_strong_block_cap_can_trade_completeness_for_speed() -> None:
    size, config = 120, BlockingConfig(max_block_size=10, window=2, strong_block_cap=50)
    records = [rec(str(i), phone="026-3123456") for i in range(size)]
    assert len(pairs_of(records, config)) <= size * config.window


def test_candidates_for_a_query_respect_the_window() -> None:
    config = BlockingConfig(max_block_size=20, window=3)
    index = BlockIndex(config)
    for i in range(200):
        index.add(rec(str(i), given_name="Kees", surname="Jansen"))
    query = rec("q", given_name="Kees", surname="Jansen", phone="0612345678")
    found = index.candidates(query)
    # Two oversized name blocks (sorted tokens, sound + initial), a window on each side of each.
    assert 0 < len(found) <= 2 * 2 * config.window
    index.add(rec("phone-only", phone="06 1234 5678"))
    assert "phone-only" in index.candidates(query)


def test_remove_and_replace() -> None:
    index = BlockIndex()
    index.add(rec("a", phone="0612345678"))
    index.add(rec("b", phone="0612345678"))
    assert list(index.pairs()) == [("a", "b")]
    index.remove("a")
    assert list(index.pairs()) == []
    assert "a" not in index
    index.add(rec("b", phone="0687654321"))  # replacing b drops its old keys
    index.add(rec("c", phone="0612345678"))
    assert list(index.pairs()) == []
    assert len(index) == 2


def test_config_is_validated() -> None:
    with pytest.raises(ValueError):
        BlockingConfig(max_block_size=1)
    with pytest.raises(ValueError):
        BlockingConfig(window=0)


def test_entries_made_apart_file_a_record_as_adding_it_does() -> None:
    # dedupe() makes each record's block entry in the worker that prepares it.
    records = [
        rec(
            "a", given_name="Piet", surname="de Vries", date_of_birth="1980-03-12", postcode="6811 AB", house_number="1"
        ),
        rec("b", given_name="P.", surname="Vries, de", date_of_birth="1980", address="Kerkstraat 1, 6811 AB Arnhem"),
        rec("c", full_name="Шевченко Юлія", phone="06 1234 5678"),
        rec("d", given_name="Yuliia", surname="Shevchenko", phone="+31612345678"),
        rec("e", organisation_name="Schoonmaak BV", kvk="12345678"),
    ]
    config = BlockingConfig(max_block_size=2, window=1)  # windowed blocks depend on the sort keys too
    direct, apart = BlockIndex(config), BlockIndex(config)
    for record in records:
        direct.add(record)
        apart.add(record, block_entry(record))
    assert block_entry(records[0]) == (block_keys(records[0]), sort_key(records[0]))
    assert list(apart.pairs()) == list(direct.pairs())
    assert {("c", "d"), ("a", "b")} <= {tuple(sorted(pair)) for pair in apart.pairs()}
