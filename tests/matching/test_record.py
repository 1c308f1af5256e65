"""Preparing records: field kinds, several values per field, address parts combined by position."""

from __future__ import annotations

import pytest

from matching.normalise import AddressParts, HouseNumber, PartialDate, PersonName
from matching.record import NO_VALUES, Prepared, prepare


def test_prepare_normalises_every_kind() -> None:
    record = prepare(
        "r1",
        {
            "full_name": "Jan de Vries",
            "date_of_birth": "12-03-1990",
            "address": "Kerkstraat 12, 6811 AB Arnhem",
            "phone": ["06-12345678", "geen", "0263123456"],
            "email": "Jan@Example.nl",
            "plate": "12-abc-3",
            "iban": "NL91 ABNA 0417 1643 00",
            "kvk": 12345678,
            "id_number": "xr1001r58",
            "url": "https://www.example.nl/ad/1/",
            "organisation_name": "Schoonmaak B.V.",
            "ignore": "whatever",
        },
        "person",
    )
    assert record.kind == "person"
    assert record.names == (PersonName(("jan",), ("de",), ("vries",)),)
    assert record.dates == (PartialDate(1990, 3, 12),)
    assert record.addresses == (AddressParts("kerkstraat", HouseNumber(12), "6811AB", "arnhem"),)
    assert record.phones == {"+31612345678", "+31263123456"}
    assert record.emails == {"jan@example.nl"}
    assert record.plates == {"12ABC3"}
    assert record.ibans == {"NL91ABNA0417164300"}
    assert record.kvks == {"12345678"}
    assert record.id_numbers == {"XR1001R58"}
    assert record.urls == {"example.nl/ad/1"}
    assert record.organisations == ("schoonmaak",)
    assert not record.is_empty()


def test_unknown_field_kind_raises() -> None:
    with pytest.raises(ValueError, match="shoe_size"):
        prepare("r", {"shoe_size": "43"})


def test_unusable_values_leave_an_empty_record() -> None:
    record = prepare("r", {"phone": "onbekend", "date_of_birth": "31-02-1990", "full_name": "NN", "kvk": ""})
    assert record.is_empty()


def test_aliases_side_by_side_are_paired() -> None:
    record = prepare("r", {"given_name": ["Jan", "Johannes"], "surname": ["Vries", "de Vries"]})
    assert [name.key() for name in record.names] == ["vries||jan", "vries|de|johannes"]


def test_unequal_name_lists_give_every_combination() -> None:
    record = prepare("r", {"given_name": ["Jan"], "surname": ["Vries", "Jansen"]})
    assert [name.key() for name in record.names] == ["vries||jan", "jansen||jan"]


def test_address_parts_are_combined_by_position() -> None:
    record = prepare("r", {"postcode": ["6811 AB", "1234 CD"], "house_number": ["12", "3a"], "city": "Arnhem"})
    assert [parts.key for parts in record.addresses] == ["6811AB:12", "1234CD:3A"]
    assert record.addresses[0].city == "arnhem"
    assert record.addresses[1].city is None


def test_street_field_carrying_the_number() -> None:
    record = prepare("r", {"street": "Kerkstr. 12a", "city": "Arnhem"})
    assert record.addresses == (AddressParts("kerkstraat", HouseNumber(12, "A"), None, "arnhem"),)


def test_duplicate_values_are_kept_once() -> None:
    record = prepare("r", {"phone": ["0612345678", "+31 6 12345678"], "full_name": ["Jan Jansen", "JAN JANSEN"]})
    assert record.phones == {"+31612345678"}
    assert len(record.names) == 1


_IDENTIFIER_ATTRIBUTES = ("phones", "emails", "plates", "ibans", "kvks", "id_numbers", "urls")


def test_records_without_an_identifier_share_one_empty_value() -> None:
    # An empty frozenset costs 216 bytes and Python makes a new one on every call: seven per
    # record were a third of a large index's memory.
    first = prepare("1", {"given_name": "Jan", "surname": "Jansen"})
    second = prepare("2", {"surname": "Pietersen", "phone": "not a number", "email": "no e-mail"})
    for attribute in _IDENTIFIER_ATTRIBUTES:
        assert getattr(first, attribute) is NO_VALUES, attribute
        assert getattr(second, attribute) is NO_VALUES, attribute
    assert Prepared("3").phones is NO_VALUES
    with_phone = prepare("4", {"phone": "06 12345678"})
    assert with_phone.phones == {"+31612345678"}
    assert with_phone.emails is NO_VALUES
