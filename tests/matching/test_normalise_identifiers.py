"""Phone numbers, licence plates, IBAN, KvK, e-mail, URLs/advert ids and identity numbers."""

from __future__ import annotations

import pytest

from matching.normalise import (
    dutch_plate_sidecode,
    normalise_email,
    normalise_iban,
    normalise_id_number,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_url,
    plate_key,
    url_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06-12345678", "+31612345678"),
        ("06 - 123 456 78", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("+31 (0)6 12345678", "+31612345678"),
        ("+31612345678", "+31612345678"),
        ("(026) 312 34 56", "+31263123456"),
        ("+48 601 234 567", "+48601234567"),
        ("0048 601 234 567", "+48601234567"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_phone_to_e164(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize("text", ["06-1234567", "112", "abc", "", None, "+31 6 1234 567", "0" * 40, "06-123456789"])
def test_phone_invalid(text: str | None) -> None:
    assert normalise_phone(text) is None


def test_phone_default_region_can_be_changed() -> None:
    assert normalise_phone("601 234 567", region="PL") == "+48601234567"
    assert normalise_phone("601 234 567") is None


@pytest.mark.parametrize(
    ("text", "dashed", "sidecode"),
    [
        ("AB-12-34", "AB-12-34", 1),
        ("12-34-AB", "12-34-AB", 2),
        ("12-AB-34", "12-AB-34", 3),
        ("AB-12-CD", "AB-12-CD", 4),
        ("ab-cd-12", "AB-CD-12", 5),
        ("12 ABCD", "12-AB-CD", 6),
        ("12-ABC-3", "12-ABC-3", 7),
        ("1-ABC-23", "1-ABC-23", 8),
        ("kk-111-k", "KK-111-K", 9),
        ("K-111-KK", "K-111-KK", 10),
        ("GXB-12-K", "GXB-12-K", 11),
        ("K12GXB", "K-12-GXB", 12),
        ("1-KK-111", "1-KK-111", 13),
        ("111-KK-1", "111-KK-1", 14),
    ],
)
def test_dutch_plates(text: str, dashed: str, sidecode: int) -> None:
    assert normalise_plate(text) == dashed
    assert dutch_plate_sidecode(text) == sidecode
    assert plate_key(text) == dashed.replace("-", "")


@pytest.mark.parametrize("text", ["ABC123", "123ABC", "AB12", "ABCDEF", "123456", "", None, "onbekend"])
def test_not_a_dutch_plate(text: str | None) -> None:
    assert normalise_plate(text) is None
    assert dutch_plate_sidecode(text) is None


def test_plate_key_accepts_foreign_plates() -> None:
    assert plate_key("WX 12345") == "WX12345"  # Polish
    assert plate_key("B-AB 123") == "BAB123"  # German
    assert plate_key("onbekend") is None
    assert plate_key("1234") is None
    assert plate_key("A1") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("nl91abna0417164300", "NL91ABNA0417164300"),
        ("IBAN: DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("GB82-WEST-1234-5698-7654-32", "GB82WEST12345698765432"),
    ],
)
def test_iban_valid(text: str, expected: str) -> None:
    assert normalise_iban(text) == expected


@pytest.mark.parametrize(
    "text", ["NL91ABNA0417164301", "NL91 ABNA 0417", "XX00ABNA0417164300", "", None, "ÑL91ABNA0417164300"]
)
def test_iban_invalid(text: str | None) -> None:
    assert normalise_iban(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345678", "12345678"),
        (12345678, "12345678"),
        ("KvK 1234 5678", "12345678"),
        ("kvk-nummer: 87654321", "87654321"),
        ("12.34.56.78", "12345678"),
    ],
)
def test_kvk_valid(text: str | int, expected: str) -> None:
    assert normalise_kvk(text) == expected


@pytest.mark.parametrize("text", ["1234567", "123456789", "00000000", "000012345678", "abcdefgh", "", None])
def test_kvk_invalid(text: str | None) -> None:
    assert normalise_kvk(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan.Jansen@Hotmail.COM", "jan.jansen@hotmail.com"),
        ("  <j.jansen@example.nl> ", "j.jansen@example.nl"),
        ("mailto:info@example.nl", "info@example.nl"),
        ("Jan.Jansen+werk@gmail.com", "janjansen@gmail.com"),
        ("j.a.n.jansen@googlemail.com", "janjansen@gmail.com"),
        ("jan+werk@outlook.com", "jan+werk@outlook.com"),
    ],
)
def test_email_valid(text: str, expected: str) -> None:
    assert normalise_email(text) == expected


def test_email_gmail_canonicalisation_can_be_switched_off() -> None:
    assert normalise_email("Jan.Jansen+werk@gmail.com", canonical_gmail=False) == "jan.jansen+werk@gmail.com"


@pytest.mark.parametrize(
    "text", ["not an email", "jan@", "@example.nl", "jan@example", "a..b@example.nl", "a b@x.nl", ""]
)
def test_email_invalid(text: str) -> None:
    assert normalise_email(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.Example.nl/advertentie/123/?utm_source=x&b=2&a=1#top", "example.nl/advertentie/123?a=1&b=2"),
        ("http://example.nl/advertentie/123", "example.nl/advertentie/123"),
        ("example.nl/advertentie/123/", "example.nl/advertentie/123"),
        ("https://m.sexjobs.nl/a/1?fbclid=abc", "sexjobs.nl/a/1"),
        ("HTTPS://EXAMPLE.NL:443/Ad/AbC", "example.nl/Ad/AbC"),
        ("http://example.nl:8080/", "example.nl:8080"),
    ],
)
def test_normalise_url(text: str, expected: str) -> None:
    assert normalise_url(text) == expected


@pytest.mark.parametrize(
    "text", ["", "not a url", "javascript:alert(1)", "ftp://example.nl/x", "http://", "http://exa mple.nl"]
)
def test_normalise_url_invalid(text: str) -> None:
    assert normalise_url(text) is None


def test_url_key_handles_urls_and_advert_ids() -> None:
    assert url_key("https://www.kinky.nl/advertentie/123?utm_medium=x") == "kinky.nl/advertentie/123"
    assert url_key("Kinky: 12 34") == "kinky:1234"
    assert url_key("AD-98765") == "ad98765"
    assert url_key("javascript:alert(1)") is None
    assert url_key("x") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("111222333", "111222333"),
        ("11122233", "11122233"),  # not a valid BSN: kept as written
        ("xr 1001r5 8", "XR1001R58"),
        ("EM-000000-0", "EM0000000"),
    ],
)
def test_id_number(text: str, expected: str) -> None:
    assert normalise_id_number(text) == expected


def test_id_number_pads_bsn_without_leading_zero() -> None:
    # 012345672 passes the 11-test; sources that store it as a number lose the zero.
    assert normalise_id_number("12345672") == "012345672"
    assert normalise_id_number(12345672) == "012345672"


@pytest.mark.parametrize("text", ["123", "ABCDEFG", "", None, "x" * 30])
def test_id_number_invalid(text: str | None) -> None:
    assert normalise_id_number(text) is None
