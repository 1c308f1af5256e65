"""Dutch addresses: postcodes, house numbers, streets, cities, address keys, free-text parsing."""

from __future__ import annotations

import pytest

from matching.normalise import (
    AddressParts,
    HouseNumber,
    address_key,
    normalise_city,
    normalise_house_number,
    normalise_postcode,
    normalise_street,
    parse_address,
    parse_house_number,
    street_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234 AB", "1234AB"),
        ("1234ab", "1234AB"),
        (" 6811-ab ", "6811AB"),
        ("NL-6811 AB", "6811AB"),
        ("６８１１ＡＢ", "6811AB"),
    ],
)
def test_postcode_valid(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    ["0123 AB", "1234 SA", "1234 SD", "1234 ss", "12345 AB", "1234 A", "1234 ABC", "ABCD 12", "", None, "١٢٣٤AB"],
)
def test_postcode_invalid(text: str | None) -> None:
    assert normalise_postcode(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", HouseNumber(12)),
        (12, HouseNumber(12)),
        ("12A", HouseNumber(12, "A")),
        ("12 a", HouseNumber(12, "A")),
        ("12-3", HouseNumber(12, "", "3")),
        ("12A-3", HouseNumber(12, "A", "3")),
        ("12a3", HouseNumber(12, "A", "3")),
        ("12 hs", HouseNumber(12, "", "HS")),
        ("12 huis", HouseNumber(12, "", "HS")),
        ("12a bis", HouseNumber(12, "A", "BIS")),
        ("12-II", HouseNumber(12, "", "2")),
        ("12 1e", HouseNumber(12, "", "1")),
        ("99999", HouseNumber(99999)),
    ],
)
def test_parse_house_number(text: str | int, expected: HouseNumber) -> None:
    assert parse_house_number(text) == expected


@pytest.mark.parametrize("text", ["0", "", "abc", "123456", "12 een heel lang verhaal hier", None, "-5"])
def test_parse_house_number_invalid(text: str | None) -> None:
    assert parse_house_number(text) is None


def test_house_number_key() -> None:
    assert normalise_house_number("12 a - 3") == "12A-3"
    assert normalise_house_number("12a bis") == "12A-BIS"
    assert normalise_house_number("12") == "12"
    assert normalise_house_number("nul") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kerkstr.", "kerkstraat"),
        ("Merelln.", "merellaan"),
        ("Kerkstraat", "kerkstraat"),
        ("KERKSTRAAT", "kerkstraat"),
        ("Burg. Weertsstr.", "burgemeester weertsstraat"),
        ("Stationsplein", "stationsplein"),
        ("Eerste Hoogstraat", "1e hoogstraat"),
        ("1ste Hoogstraat", "1e hoogstraat"),
        ("Prof. Dr. Dorgelolaan", "professor dokter dorgelolaan"),
        ("Jansbuitensngl", "jansbuitensngl"),
        ("Weverstraße", "weverstrasse"),
        ("onbekend", None),
        ("", None),
    ],
)
def test_normalise_street(text: str, expected: str | None) -> None:
    assert normalise_street(text) == expected


def test_street_key_ignores_spacing() -> None:
    assert street_key("Van Eeghenstraat") == street_key("Vaneeghen str.") == "vaneeghenstraat"
    assert street_key("Kerkstraat") != street_key("Kerkplein")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'s-Hertogenbosch", "shertogenbosch"),
        ("Den Bosch", "shertogenbosch"),
        ("S HERTOGENBOSCH", "shertogenbosch"),
        ("Den Haag", "sgravenhage"),
        ("'s-Gravenhage", "sgravenhage"),
        ("A'dam", "amsterdam"),
        ("R'dam", "rotterdam"),
        ("Ede (Gld)", "ede"),
        ("Gemeente Arnhem", "arnhem"),
        ("Bergen op Zoom", "bergenopzoom"),
        ("Arnhem", "arnhem"),
        ("", None),
        ("onbekend", None),
    ],
)
def test_normalise_city(text: str, expected: str | None) -> None:
    assert normalise_city(text) == expected


def test_address_key() -> None:
    assert address_key("6811 ab", "12", "a", "3") == "6811AB:12A-3"
    assert address_key("6811AB", "12a-3") == "6811AB:12A-3"
    assert address_key("6811AB", 12) == "6811AB:12"
    assert address_key("6811AB", "12") != address_key("6811AB", "12A")


@pytest.mark.parametrize(("postcode", "number"), [("0811AB", "12"), ("6811AB", "0"), (None, "12"), ("6811AB", None)])
def test_address_key_needs_valid_postcode_and_number(postcode: str | None, number: str | None) -> None:
    assert address_key(postcode, number) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kerkstraat 12a-2, 6811 AB Arnhem",
            AddressParts("kerkstraat", HouseNumber(12, "A", "2"), "6811AB", "arnhem"),
        ),
        ("Kerkstr. 12 hs 6811AB ARNHEM", AddressParts("kerkstraat", HouseNumber(12, "", "HS"), "6811AB", "arnhem")),
        ("6811 AB Arnhem, Kerkstraat 12", AddressParts("kerkstraat", HouseNumber(12), "6811AB", "arnhem")),
        ("Kerkstraat 12, Arnhem", AddressParts("kerkstraat", HouseNumber(12), None, "arnhem")),
        ("Kerkstraat 12 Arnhem", AddressParts("kerkstraat", HouseNumber(12), None, "arnhem")),
        ("Kerkstraat 12 A Arnhem", AddressParts("kerkstraat", HouseNumber(12, "A"), None, "arnhem")),
        ("Plein 1944 12", AddressParts("plein 1944", HouseNumber(12), None, None)),
        ("1e Hoogstraat 3", AddressParts("1e hoogstraat", HouseNumber(3), None, None)),
        ("6811AB 12", AddressParts(None, HouseNumber(12), "6811AB", None)),
        ("6811 AB Arnhem", AddressParts(None, None, "6811AB", "arnhem")),
        (
            "Burg. Weertsstr. 5 's-Hertogenbosch",
            AddressParts("burgemeester weertsstraat", HouseNumber(5), None, "shertogenbosch"),
        ),
    ],
)
def test_parse_address(text: str, expected: AddressParts) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "onbekend", ",,,", None])
def test_parse_address_unusable(text: str | None) -> None:
    assert parse_address(text) is None


def test_address_parts_keys() -> None:
    parts = parse_address("Kerkstraat 12a-2, 6811 AB Arnhem")
    assert parts is not None
    assert parts.key == "6811AB:12A-2"
    assert parts.base_key == "6811AB:12"
    assert parts.street_number_key == "arnhem:kerkstraat:12A-2"
    assert parts.street_base_key == "arnhem:kerkstraat:12"
    without_postcode = parse_address("Kerkstraat 12a-2, Arnhem")
    assert without_postcode is not None
    assert without_postcode.key == "arnhem:kerkstraat:12A-2"
    assert without_postcode.base_key is None
    assert without_postcode.street_number_key == parts.street_number_key
    assert AddressParts(street="kerkstraat").key is None
