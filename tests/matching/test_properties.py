"""Property tests: every normaliser is total, idempotent, and gives equal keys for equivalent input."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import normalise as n
from matching.compare import score_pair
from matching.model import default_model
from matching.record import FIELD_KINDS, prepare

# Derandomised: the same examples on every run, so CI results are reproducible; widen
# max_examples locally to hunt for new cases.
SETTINGS = settings(
    max_examples=100, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Every normaliser that returns a key string (or None) from one text argument.
KEY_NORMALISERS: dict[str, Callable[[str], str | None]] = {
    "normalise_name": n.normalise_name,
    "spelling_key": n.spelling_key,
    "normalise_organisation_name": n.normalise_organisation_name,
    "normalise_postcode": n.normalise_postcode,
    "normalise_house_number": n.normalise_house_number,
    "normalise_street": n.normalise_street,
    "street_key": n.street_key,
    "normalise_city": n.normalise_city,
    "normalise_phone": n.normalise_phone,
    "normalise_plate": n.normalise_plate,
    "plate_key": n.plate_key,
    "normalise_iban": n.normalise_iban,
    "normalise_kvk": n.normalise_kvk,
    "normalise_email": n.normalise_email,
    "normalise_url": n.normalise_url,
    "url_key": n.url_key,
    "normalise_id_number": n.normalise_id_number,
    "normalise_date": n.normalise_date,
}

# Keys that are only for blocking need not be idempotent, but must never crash.
OTHER_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "fold": n.fold,
    "phonetic_key": n.phonetic_key,
    "sorted_name_key": n.sorted_name_key,
    "full_name_parts": n.full_name_parts,
    "parse_date": n.parse_date,
    "parse_address": n.parse_address,
    "parse_house_number": n.parse_house_number,
    "dutch_plate_sidecode": n.dutch_plate_sidecode,
}

# Text that looks a bit like the real thing reaches deeper branches than random Unicode.
messy_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 -./:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'+@,", max_size=40),
    st.from_regex(r"[1-9][0-9]{3} ?[A-Za-z]{2}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{0,4}[ -]?[a-zA-Z]?[ -]?[0-9a-zA-Z]{0,4}", fullmatch=True),
    st.from_regex(r"(\+31|0031|0)6[ -]?[0-9]{8}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}[-/. ][0-9]{1,2}[-/. ][0-9]{2,4}", fullmatch=True),
)


# One generated text feeds every normaliser: generating Unicode is the slow part, and a
# failure message names the normaliser.
@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=messy_text)
def test_key_normalisers_never_crash_and_are_idempotent(text: str) -> None:
    for name, normaliser in KEY_NORMALISERS.items():
        key = normaliser(text)
        assert key is None or isinstance(key, str), name
        if key:
            assert normaliser(key) == key, f"{name} is not idempotent on {key!r}"


@pytest.mark.parametrize("name", sorted(KEY_NORMALISERS))
def test_key_normalisers_accept_none(name: str) -> None:
    assert not KEY_NORMALISERS[name](None)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=messy_text)
def test_parsers_never_crash(text: str) -> None:
    for function in OTHER_FUNCTIONS.values():
        function(text)


# --- equivalent spellings give equal keys ----------------------------------------------------

postcodes = st.builds(
    lambda digits, letters: f"{digits}{letters}",
    st.integers(1000, 9999).map(str),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRTUVWXYZ", min_size=2, max_size=2),  # no S: avoids SA/SD/SS
)


@SETTINGS
@given(code=postcodes, separator=st.sampled_from(["", " ", "  ", "-"]), lower=st.booleans())
def test_postcode_spellings_agree(code: str, separator: str, lower: bool) -> None:
    written = code[:4] + separator + (code[4:].lower() if lower else code[4:])
    assert n.normalise_postcode(written) == code


@SETTINGS
@given(number=st.integers(10_000_000, 59_999_999))  # 06-1 to 06-5: allocated mobile ranges
def test_dutch_mobile_formats_agree(number: int) -> None:
    digits = str(number)
    expected = f"+316{digits}"
    formats = [
        f"06{digits}",
        f"06-{digits}",
        f"+31 6 {digits[:4]} {digits[4:]}",
        f"0031 6 {digits}",
        f"+31 (0)6 {digits}",
    ]
    assert {n.normalise_phone(text) for text in formats} == {expected}


letters = st.text(alphabet="BDFGHJKLNPRSTVXZ", min_size=1, max_size=3)
sidecode_plates = st.sampled_from(["XX-99-99", "99-XX-99", "99-XXX-9", "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X"])


@SETTINGS
@given(shape=sidecode_plates, data=st.data())
def test_plate_spellings_agree(shape: str, data: st.DataObject) -> None:
    plate = "".join(
        data.draw(st.sampled_from("BDFGHJKLNPRSTVXZ"))
        if char == "X"
        else data.draw(st.sampled_from("0123456789"))
        if char == "9"
        else "-"
        for char in shape
    )
    compact = plate.replace("-", "")
    assert n.normalise_plate(plate) == plate
    assert n.normalise_plate(compact.lower()) == plate
    assert n.normalise_plate(plate.replace("-", " ")) == plate
    assert n.plate_key(plate) == compact


@SETTINGS
@given(account=st.integers(0, 9_999_999_999), lower=st.booleans())
def test_iban_spellings_agree(account: int, lower: bool) -> None:
    from schwifty import IBAN

    iban = str(IBAN.generate("NL", bank_code="ABNA", account_code=f"{account:010d}").compact)
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    assert n.normalise_iban(grouped.lower() if lower else grouped) == iban


name_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëïöü", min_size=2, max_size=10).filter(
    # A word that folds to a particle ("dé" → "de") is ambiguous in "Dé Aa": not a plain name.
    lambda word: n.fold(word) not in n.PARTICLES and not n._is_placeholder(n.fold(word))
)


@SETTINGS
@given(given_name=name_words, surname=name_words, particle=st.sampled_from(["", "van ", "de ", "van der ", "ter "]))
def test_name_spellings_agree(given_name: str, surname: str, particle: str) -> None:
    family = particle + surname
    key = n.name_key(given_name, family)
    assert key is not None
    assert n.name_key(given_name.upper(), family.title()) == key
    assert n.name_key(f"  {given_name} ", f" {family}  ") == key
    comma_form = n.full_name_parts(f"{family}, {given_name}")
    assert comma_form is not None
    assert comma_form.key() == key
    plain = n.full_name_parts(f"{given_name} {family}")
    assert plain is not None
    assert plain.key() == key


@SETTINGS
@given(text=messy_text)
def test_transliteration_keys_are_fixed_points(text: str) -> None:
    keys = n.transliteration_keys(text)
    assert 1 <= len(keys) <= 2
    for key in keys:
        assert n.transliteration_keys(key) == (key,)
    assert n.transliteration_keys(f"  {text} ") == keys


@SETTINGS
@given(given_name=st.text(max_size=30), family=st.text(max_size=30))
def test_parsed_names_are_stable(given_name: str, family: str) -> None:
    parsed = n.parse_name(given_name, family)
    if parsed is not None:
        assert n.parse_name(parsed.given_key, parsed.surname_key) == parsed


@SETTINGS
@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
def test_date_formats_agree(birth: date) -> None:
    expected = n.PartialDate(birth.year, birth.month, birth.day)
    formats = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y", f"{birth.day} %m %Y"]
    assert {n.parse_date(birth.strftime(fmt)) for fmt in formats} == {expected}


@SETTINGS
@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
def test_day_month_swap_is_recognised(birth: date) -> None:
    original = n.PartialDate(birth.year, birth.month, birth.day)
    if birth.day <= 12 and birth.day != birth.month:
        swapped = n.PartialDate(birth.year, birth.day, birth.month)
        assert n.compare_dates(original, swapped) == "swapped"
    assert n.compare_dates(original, original) == "exact"
    assert n.compare_dates(original, n.PartialDate(birth.year)) == "partial_year"


@SETTINGS
@given(
    number=st.integers(1, 99999),
    letter=st.sampled_from(["", "A", "B", "Z"]),
    addition=st.sampled_from(["", "1", "2", "HS", "BIS", "23"]),
)
def test_house_number_round_trip(number: int, letter: str, addition: str) -> None:
    house = n.HouseNumber(number, letter, addition)
    assert n.parse_house_number(house.key()) == house
    assert n.parse_house_number(house.key().lower()) == house


@SETTINGS
@given(code=postcodes, text=messy_text)
def test_address_key_round_trip(code: str, text: str) -> None:
    key = n.address_key(code, text)
    if key is not None:
        postcode, _, number = key.partition(":")
        assert n.address_key(postcode, number) == key


@SETTINGS
@given(text=st.from_regex(r"[a-z0-9._]{1,12}@[a-z]{2,10}\.(nl|com|pl)", fullmatch=True))
def test_email_case_does_not_matter(text: str) -> None:
    assert n.normalise_email(text.upper()) == n.normalise_email(text)


# --- records and scores --------------------------------------------------------------------

record_fields = st.dictionaries(
    st.sampled_from([kind for kind in FIELD_KINDS if kind != "ignore"]),
    st.one_of(messy_text, st.lists(messy_text, max_size=3)),
    max_size=6,
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=record_fields, b=record_fields)
def test_scores_are_finite_and_symmetric(a: dict[str, str | list[str]], b: dict[str, str | list[str]]) -> None:
    model = default_model()
    left, right = prepare("a", a), prepare("b", b)
    forward, backward = score_pair(left, right, model), score_pair(right, left, model)
    assert math.isfinite(forward.weight)
    assert forward.weight == pytest.approx(backward.weight)
    assert 0.0 <= forward.probability <= 1.0
