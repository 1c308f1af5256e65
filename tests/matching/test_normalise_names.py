"""Personal and organisation names: folding, particles, initials, full-name parsing, keys."""

from __future__ import annotations

import pytest

from matching.normalise import (
    PersonName,
    fold,
    full_name_parts,
    name_key,
    normalise_name,
    normalise_organisation_name,
    parse_name,
    phonetic_key,
    sorted_name_key,
    spelling_key,
    transliteration_keys,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Müller", "muller"),
        ("  José   GARCÍA ", "jose garcia"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Jansen-de Vries", "jansen de vries"),
        ("Наталья Иванова", "natalia ivanova"),
        ("Χρήστος", "khrestos"),
        ("Đorđević", "dordevic"),
        ("Łukasz Wójcik", "lukasz wojcik"),
        ("Ĳsbrand", "ijsbrand"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_transliterates_and_strips_diacritics(text: str | None, expected: str) -> None:
    assert fold(text) == expected


def test_normalise_name_spells_out_contractions_and_van_der() -> None:
    assert normalise_name("Henk van 't Hof") == "henk van het hof"
    assert normalise_name("'s Gravesande") == "des gravesande"
    assert normalise_name("J. v.d. Berg") == "j vd berg"
    assert normalise_name("J. vd Berg") == "j vd berg"


@pytest.mark.parametrize(
    ("text", "given", "particles", "surname"),
    [
        ("Jan de Vries", ("jan",), ("de",), ("vries",)),
        ("de Vries, Jan", ("jan",), ("de",), ("vries",)),
        ("Vries, Jan de", ("jan",), ("de",), ("vries",)),
        ("Vries de, J.", ("j",), ("de",), ("vries",)),
        ("Jan Peter van der Berg", ("jan", "peter"), ("van", "der"), ("berg",)),
        ("J.P. Balkenende", ("j", "p"), (), ("balkenende",)),
        ("JANSEN Piet", ("piet",), (), ("jansen",)),
        ("Piet de JONG", ("piet",), ("de",), ("jong",)),
        ("T. de Vries", ("t",), ("de",), ("vries",)),
        ("Henk van 't Hof", ("henk",), ("van", "het"), ("hof",)),
        ("AB Jansen", ("ab",), (), ("jansen",)),
        ("van Dijk", (), ("van",), ("dijk",)),
        ("Mohammed", (), (), ("mohammed",)),
        ("Ahmed el Amrani", ("ahmed",), ("el",), ("amrani",)),
    ],
)
def test_full_name_parts(
    text: str, given: tuple[str, ...], particles: tuple[str, ...], surname: tuple[str, ...]
) -> None:
    assert full_name_parts(text) == PersonName(given=given, particles=particles, surname=surname)


@pytest.mark.parametrize("text", ["", "   ", "NN", "onbekend", "?", None])
def test_full_name_parts_rejects_unknown_names(text: str | None) -> None:
    assert full_name_parts(text) is None


def test_parse_name_moves_particles_typed_in_the_given_name_field() -> None:
    assert parse_name("Jan van", "Dijk") == PersonName(given=("jan",), particles=("van",), surname=("dijk",))


def test_parse_name_moves_leading_particles_of_the_given_name_field_to_the_surname() -> None:
    # "ter Horstenga" in the given-name field is a swapped surname; no given name starts with "ter".
    assert parse_name("ter Horstenga", "Adrianus") == PersonName(
        given=("horstenga",), particles=("ter",), surname=("adrianus",)
    )
    assert parse_name("ter Horstenga", "Adrianus") == parse_name("Horstenga ter", "Adrianus")
    assert parse_name("de Boer", "") == PersonName(given=("de", "boer"), particles=(), surname=())


def test_a_cyrillic_initial_stays_one_letter() -> None:
    # unidecode spells Є as "Ie" and Ж as "Zh"; as initials they are one letter.
    assert parse_name("Є.", "Шевченко") == PersonName(given=("i",), particles=(), surname=("shevchenko",))
    assert parse_name("Ж. Ю.", "Петрова") == PersonName(given=("z", "i"), particles=(), surname=("petrova",))
    assert parse_name("Євгенія", "Шевченко") == PersonName(given=("ievgeniia",), particles=(), surname=("shevchenko",))


def test_parse_name_keeps_surname_made_of_particles() -> None:
    assert parse_name("Anna", "De") == PersonName(given=("anna",), particles=(), surname=("de",))


def test_parse_name_drops_placeholder_parts() -> None:
    assert parse_name("Onbekend", "Jansen") == PersonName(given=(), particles=(), surname=("jansen",))
    assert parse_name("NN", "") is None


def test_initials() -> None:
    name = full_name_parts("J.P. Balkenende")
    assert name is not None
    assert name.initials_only
    assert name.initials == "jp"
    written_out = full_name_parts("Jan Peter Balkenende")
    assert written_out is not None
    assert not written_out.initials_only
    assert written_out.initials == "jp"


def test_name_key_is_case_and_particle_spelling_insensitive() -> None:
    assert name_key("Jan", "Van der Berg") == "berg|van der|jan"
    assert name_key("JAN", "van  der berg") == "berg|van der|jan"
    assert name_key("Jan van der", "Berg") == "berg|van der|jan"
    assert name_key("Jan", "van den Berg") == "berg|van den|jan"
    assert name_key("", "") is None


def test_sorted_name_key_equal_for_swapped_names() -> None:
    assert sorted_name_key("Wei Zhang") == sorted_name_key("Zhang Wei") == "wei zhang"
    assert sorted_name_key("Jan de Vries") == sorted_name_key("de Vries, Jan") == "jan vries"
    assert sorted_name_key("Jan de Vries") != sorted_name_key("Jan Jansen")


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["Meijer", "Meyer", "Meier", "MEIJER"], "myer"),
        (["Jansen", "Janssen", "Janszen"], "jansen"),
        (["Smit", "Smid", "Schmidt"], "smit"),
        (["Philips", "Filips"], "filips"),
        (["Bakker", "Backer"], "baker"),
    ],
)
def test_spelling_key_merges_dutch_spelling_variants(variants: list[str], expected: str) -> None:
    assert {spelling_key(variant) for variant in variants} == {expected}


def test_spelling_key_keeps_different_names_apart() -> None:
    assert spelling_key("Jansen") != spelling_key("Jensen")
    assert spelling_key("de Vries") != spelling_key("de Wit")


@pytest.mark.parametrize(
    "spellings",
    [
        # passport / German / Dutch / Cyrillic
        ["Shevchenko", "Schewtschenko", "Sjevtsjenko", "Шевченко"],
        ["Yuliia", "Julija", "Joelija", "Юлія"],
        ["Shishkova", "Schischkowa", "Sjisjkova", "Шишкова"],
        ["Zakharchenko", "Sachartschenko", "Zachartsjenko", "Захарченко"],
        ["Polishchuk", "Polischtschuk", "Polisjtsjoek", "Поліщук"],
        ["Olha", "Ольга"],
        ["Hristo", "Christo", "Христо"],
        ["Yevheniia", "Jewhenija", "Jevhenija", "Євгенія"],
    ],
)
def test_transliteration_keys_share_a_key_across_spellings(spellings: list[str]) -> None:
    key_sets = [set(transliteration_keys(spelling)) for spelling in spellings]
    for keys in key_sets[1:]:
        assert keys & key_sets[0], (spellings, key_sets)


def test_transliteration_keys_keep_different_names_apart() -> None:
    assert not set(transliteration_keys("Shevchenko")) & set(transliteration_keys("Shevchuk"))
    assert not set(transliteration_keys("Jansen")) & set(transliteration_keys("Bakker"))
    assert transliteration_keys("") == ("",)


def test_phonetic_key_ignores_particles_and_vowels() -> None:
    assert phonetic_key("de Vries") == phonetic_key("Fries") == "frs"
    assert phonetic_key("Jansen") == phonetic_key("Janssen") == "jnsn"
    assert phonetic_key("Jansen") != phonetic_key("Bakker")
    assert phonetic_key("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schoonmaak Service B.V.", "schoonmaak service"),
        ("SCHOONMAAK SERVICE BV", "schoonmaak service"),
        ("Bouwbedrijf Kowalski Sp. z o.o.", "bouwbedrijf kowalski"),
        ("V.O.F. De Tulp", "de tulp"),
        ("Nagelstudio Holding", "nagelstudio holding"),
        ("B.V.", None),
        ("", None),
    ],
)
def test_normalise_organisation_name_drops_legal_forms(text: str, expected: str | None) -> None:
    assert normalise_organisation_name(text) == expected
