"""The Fellegi–Sunter model: weights, levels per field, term-frequency adjustment, estimation."""

from __future__ import annotations

import math

import pytest

from matching.compare import TermFrequencies, score_pair
from matching.estimate import comparison_vectors, estimate_m, estimate_u
from matching.model import Level, default_model, probability_to_weight, weight_to_probability
from matching.record import FieldValue, Prepared, prepare

MODEL = default_model()


def person(record_id: str, **fields: FieldValue) -> Prepared:
    return prepare(record_id, fields, "person")


def test_default_model_probabilities_sum_to_one() -> None:
    MODEL.validate()


def test_validate_rejects_bad_sums() -> None:
    broken = MODEL.with_probabilities(u={"phone": {"exact": 0.2, "disagree": 0.2}})
    with pytest.raises(ValueError, match="phone"):
        broken.validate()


def test_agreement_levels_are_evidence_for_and_disagreement_against() -> None:
    for comparison in MODEL.comparisons:
        assert comparison.levels[0].weight > 0, comparison.name
        assert comparison.levels[-1].weight < 0, comparison.name


def test_level_weight_is_log2_of_m_over_u() -> None:
    assert Level("x", 0.8, 0.01).weight == pytest.approx(math.log2(80))
    with pytest.raises(ValueError):
        Level("x", 0.0, 0.1)


def test_weight_probability_round_trip() -> None:
    assert weight_to_probability(0.0) == 0.5
    assert weight_to_probability(probability_to_weight(0.9)) == pytest.approx(0.9)
    assert weight_to_probability(100) == 1.0
    assert weight_to_probability(-100) == 0.0
    with pytest.raises(ValueError):
        probability_to_weight(1.0)


@pytest.mark.parametrize(
    ("a", "b", "comparison", "level"),
    [
        ({"surname": "de Vries"}, {"surname": "De Vries"}, "surname", "exact"),
        ({"surname": "van der Berg"}, {"surname": "Berg"}, "surname", "particles_differ"),
        ({"surname": "Jansen"}, {"surname": "Janssen"}, "surname", "fuzzy_high"),
        ({"surname": "de Vries"}, {"surname": "de Vreis"}, "surname", "fuzzy_high"),
        ({"surname": "Meijer"}, {"surname": "Meyer"}, "surname", "fuzzy_high"),
        ({"surname": "de Vries"}, {"surname": "Jansen-de Vries"}, "surname", "token_subset"),
        ({"surname": "Jansen"}, {"surname": "Bakker"}, "surname", "disagree"),
        # Transliterations of one Cyrillic name: passport against Dutch and German spelling.
        ({"surname": "Shishkova"}, {"surname": "Sjisjkova"}, "surname", "fuzzy_high"),
        ({"surname": "Zakharchenko"}, {"surname": "Sachartschenko"}, "surname", "fuzzy_high"),
        ({"given_name": "Yuliia"}, {"given_name": "Joelija"}, "given_name", "fuzzy_high"),
        ({"given_name": "Jan", "surname": "X"}, {"given_name": "jan", "surname": "X"}, "given_name", "exact"),
        ({"given_name": "Jan Peter"}, {"given_name": "Jan"}, "given_name", "fuzzy_high"),
        ({"given_name": "J.P."}, {"given_name": "Jan Peter"}, "given_name", "initials"),
        ({"given_name": "K."}, {"given_name": "Jan"}, "given_name", "disagree"),
        # A Cyrillic initial against the passport and the German spelling of the name.
        ({"given_name": "Є."}, {"given_name": "Yevheniia"}, "given_name", "initials"),
        ({"given_name": "Ю."}, {"given_name": "Julija"}, "given_name", "initials"),
        ({"given_name": "Є."}, {"given_name": "Olena"}, "given_name", "disagree"),
        ({"given_name": "Mohammed"}, {"given_name": "Muhammad"}, "given_name", "fuzzy"),
        ({"date_of_birth": "12-03-1990"}, {"date_of_birth": "03-12-1990"}, "date_of_birth", "swapped"),
        ({"date_of_birth": "12-03-1990"}, {"date_of_birth": "1990"}, "date_of_birth", "partial_year"),
        (
            {"address": "Kerkstraat 12a, 6811 AB Arnhem"},
            {"postcode": "6811ab", "house_number": "12 A"},
            "address",
            "exact",
        ),
        (
            {"address": "Kerkstraat 12a, 6811 AB Arnhem"},
            {"postcode": "6811ab", "house_number": "12"},
            "address",
            "number_match",
        ),
        ({"address": "Kerkstraat 12, 6811 AB Arnhem"}, {"address": "Kerkstr. 12, Arnhem"}, "address", "street_number"),
        (
            {"address": "Kerkstraat 12a, Arnhem"},
            {"address": "Kerkstraat 12b, 6811 AB Arnhem"},
            "address",
            "number_match",
        ),
        (
            {"address": "Kerkstraat 12, 6811 AB Arnhem"},
            {"address": "Kerkstraat 14, 6811 AB Arnhem"},
            "address",
            "postcode",
        ),
        ({"address": "Kerkstraat 12, Arnhem"}, {"address": "Rijnkade 1, Arnhem"}, "address", "city"),
        ({"address": "Kerkstraat 12, Arnhem"}, {"address": "Kerkstraat 12, Ede"}, "address", "disagree"),
        # A typo in the street name, same number and city: the same address.
        ({"address": "Lindendjik 57, Ede"}, {"address": "Lindendijk 57, 6711 BC Ede"}, "address", "street_number"),
        ({"address": "Lindendjik 57, Ede"}, {"address": "Lindendijk 59, 6711 BC Ede"}, "address", "city"),
        ({"address": "Lindendjik 57, Ede"}, {"address": "Lindendijk 57, Epe"}, "address", "disagree"),
        # A postcode on one side and only a city on the other: nothing contradicts.
        ({"address": "Kerkstraat 12, 6811 AB"}, {"address": "Kerkstraat 12, Arnhem"}, "address", "street_number"),
        ({"address": "Kerkstraat 12, 6811 AB"}, {"address": "Kerkstraat 12, 6812 CD Arnhem"}, "address", "disagree"),
        # One slip of the pen in the postcode or the city, with street and number the same.
        (
            {"address": "Beukenweg 60, 2511 EU Den Haag"},
            {"address": "Beukenweg 60, 2511 UE"},
            "address",
            "street_number",
        ),
        (
            {"address": "Hoofdhof 53, 7381 DK"},
            {"address": "Hoofdhof 53, 7311 DK Apeldoorn"},
            "address",
            "street_number",
        ),
        ({"address": "Hoofdhof 53, 7381 DK Epe"}, {"address": "Hoofdhof 53, 7311 DK Apeldoorn"}, "address", "disagree"),
        ({"address": "Hoofdhof 53, 7381 AB"}, {"address": "Hoofdhof 53, 7311 DK Apeldoorn"}, "address", "disagree"),
        (
            {"address": "Hoofdlaan 17, Dotrdrecht"},
            {"address": "Hoofdlaan 17, 3311 CU Dordrecht"},
            "address",
            "street_number",
        ),
        ({"address": "Dorpsweg 1, Ee"}, {"address": "Dorpsweg 1, Ede"}, "address", "disagree"),
        # A postcode area lies in one town: it settles a place written as its municipality.
        (
            {"address": "Merelhof 2, 2671 BX Naaldwijk"},
            {"address": "Merelhof 2, 2671 BA Westland"},
            "address",
            "street_number",
        ),
        ({"address": "Merelhof 2, Naaldwijk"}, {"address": "Merelhof 2, 2671 BA Westland"}, "address", "disagree"),
        ({"address": "Weidesingel 59, Breeda"}, {"address": "Wejdesingel 59, Breda"}, "address", "street_number"),
        ({"phone": "06-12345678"}, {"phone": ["+31 6 12345678", "0263123456"]}, "phone", "exact"),
        ({"phone": "06-12345678"}, {"phone": "06-87654321"}, "phone", "disagree"),
        ({"email": "jan.jansen@gmail.com"}, {"email": "JanJansen+x@gmail.com"}, "email", "exact"),
        ({"email": "jan.jansen@gmail.com"}, {"email": "jan.jansen@hotmail.com"}, "email", "local_part"),
        ({"plate": "12-ABC-3"}, {"plate": "12ABC3"}, "plate", "exact"),
        ({"plate": "12-ABC-3"}, {"plate": "12-ABD-3"}, "plate", "one_char"),
        ({"iban": "NL91ABNA0417164300"}, {"iban": "nl91 abna 0417 1643 00"}, "iban", "exact"),
        ({"kvk": "12345678"}, {"kvk": "87654321"}, "kvk", "disagree"),
        ({"id_number": "XR1001R58"}, {"id_number": "XR1001R59"}, "id_number", "one_edit"),
        ({"url": "https://www.kinky.nl/ad/1?utm_source=x"}, {"url": "kinky.nl/ad/1/"}, "url", "exact"),
        (
            {"organisation_name": "Schoonmaak Service B.V."},
            {"organisation_name": "Schoonmaakservice"},
            "organisation_name",
            "fuzzy_high",
        ),
    ],
)
def test_comparison_levels(a: dict[str, FieldValue], b: dict[str, FieldValue], comparison: str, level: str) -> None:
    explanation = score_pair(person("a", **a), person("b", **b), MODEL)
    assert explanation.level(comparison) == level


def test_missing_fields_contribute_nothing() -> None:
    explanation = score_pair(person("a", surname="Jansen"), person("b", phone="0612345678"), MODEL)
    assert explanation.contributions == ()
    assert explanation.weight == MODEL.prior_weight


def test_swapped_names_count_each_cross_match_once() -> None:
    explanation = score_pair(person("a", full_name="Wei Zhang"), person("b", full_name="Zhang Wei"), MODEL)
    assert explanation.level("surname") == "swapped"
    # The other half of the swap is graded as a given name, not counted as a disagreement.
    assert explanation.level("given_name") == "exact"
    assert explanation.weight > MODEL.prior_weight + 5


@pytest.mark.parametrize(
    ("a", "b", "given_level"),
    [
        # The surname with its particle in the given-name field.
        (("de Boer", "Gerrit"), ("Gerrit", "De Boer"), "exact"),
        (("ter Lindeer", "Adrianus"), ("Adrianus", "ter Lindeer"), "exact"),
        # Two given names in the surname field, against one.
        (("de Jong", "Cornelia Petra"), ("Cornelia", "de Jong"), "exact"),
        # Initials on one side.
        (("Georgieva", "V"), ("Violeta", "Georgieva"), "initials"),
        (("Lindesen", "A"), ("Adrianus", "Lindesen"), "initials"),
        # A typo on one side of the swap.
        (("Pipa", "Ion"), ("Ion", "Popa"), "fuzzy"),
        (("Peetters", "T F"), ("Tess", "Peetrs"), "initials"),
    ],
)
def test_swaps_with_particles_initials_and_typos_are_recognised(
    a: tuple[str, str], b: tuple[str, str], given_level: str
) -> None:
    explanation = score_pair(
        person("a", given_name=a[0], surname=a[1]), person("b", given_name=b[0], surname=b[1]), MODEL
    )
    assert explanation.level("surname") == "swapped"
    assert explanation.level("given_name") == given_level


def test_a_swapped_sibling_weighs_like_an_unswapped_one() -> None:
    exact_swap = score_pair(
        person("a", given_name="Barbu", surname="Andreea"), person("b", given_name="Andreea", surname="Barbu"), MODEL
    )
    sibling_swap = score_pair(
        person("a", given_name="Barbu", surname="Andrei"), person("b", given_name="Andreea", surname="Barbu"), MODEL
    )
    sibling = score_pair(
        person("a", given_name="Andrei", surname="Barbu"), person("b", given_name="Andreea", surname="Barbu"), MODEL
    )
    assert sibling_swap.level("given_name") == sibling.level("given_name") != "exact"
    assert sibling_swap.weight < exact_swap.weight - 3
    assert sibling_swap.weight <= sibling.weight


def test_two_different_people_are_no_swap() -> None:
    explanation = score_pair(
        person("a", given_name="Jan", surname="Pieters"), person("b", given_name="Pieter", surname="Bakker"), MODEL
    )
    assert explanation.level("surname") == "disagree"


def test_typo_name_with_same_birth_date_beats_common_name_only() -> None:
    typo = score_pair(
        person("a", given_name="Fatima", surname="El Amrani", date_of_birth="12-03-1990"),
        person("b", given_name="Fatima", surname="El Amrnai", date_of_birth="1990-03-12"),
        MODEL,
    )
    common = score_pair(
        person("c", given_name="Jan", surname="de Vries"),
        person("d", given_name="Jan", surname="de Vries"),
        MODEL,
    )
    assert typo.level("surname") in ("fuzzy_high", "fuzzy")
    assert typo.weight > common.weight
    assert typo.probability >= MODEL.threshold > common.probability


def test_a_birth_year_known_on_one_side_supports_a_near_exact_name() -> None:
    # Two different people share a birth year about 1 in 60 times, and a year and month about
    # 1 in 720 times; with one side partial that is real evidence, not a shrug.
    a = person("a", given_name="Anna", surname="Piotrowska", date_of_birth="00-00-1991")
    b = person("b", given_name="Anna", surname="Piotrowskaa", date_of_birth="05-12-1991")
    c = person("c", given_name="Anna", surname="Piotrowskaa", date_of_birth="12-1991")
    year = score_pair(a, b, MODEL)
    assert year.level("date_of_birth") == "partial_year"
    assert year.probability >= MODEL.threshold
    month = score_pair(b, c, MODEL)
    assert month.level("date_of_birth") == "partial_month"
    assert month.weight > year.weight + 3
    other_year = score_pair(a, person("d", given_name="Anna", surname="Piotrowskaa", date_of_birth="05-12-1993"), MODEL)
    assert other_year.probability < 0.5


def test_explanation_lists_levels_and_adds_up() -> None:
    explanation = score_pair(
        person("a", given_name="Jan", surname="Jansen", date_of_birth="1990-03-12", phone="0612345678"),
        person("b", given_name="Jan", surname="Janssen", date_of_birth="1990-03-12", phone="0687654321"),
        MODEL,
    )
    levels = {c.comparison: c.level for c in explanation.contributions}
    assert levels == {"surname": "fuzzy_high", "given_name": "exact", "date_of_birth": "exact", "phone": "disagree"}
    assert explanation.weight == pytest.approx(MODEL.prior_weight + sum(c.weight for c in explanation.contributions))
    text = str(explanation)
    assert "surname fuzzy_high +5.91" in text
    assert "phone disagree -1.74" in text
    as_dict = explanation.to_dict()
    assert as_dict["contributions"][0]["comparison"] == "surname"
    assert as_dict["probability"] == pytest.approx(explanation.probability, abs=1e-6)


def _population(common_surname: str, copies: int, rare: int) -> list[Prepared]:
    records = [person(f"c{i}", given_name=f"Voornaam{i}", surname=common_surname) for i in range(copies)]
    records += [person(f"r{i}", given_name=f"Voornaam{i}", surname=f"Zeldzaam{i}") for i in range(rare)]
    return records


@pytest.mark.parametrize("common", ["de Vries", "Jansen"])
def test_term_frequency_lowers_weight_of_common_surnames(common: str) -> None:
    records = _population(common, copies=400, rare=400)
    records += [person("x1", surname="Wijnhoven"), person("x2", surname="Wijnhoven")]
    frequencies = TermFrequencies.from_records(records)
    common_pair = score_pair(records[0], records[1], MODEL, frequencies)
    rare_pair = score_pair(records[-2], records[-1], MODEL, frequencies)
    common_surname = next(c for c in common_pair.contributions if c.comparison == "surname")
    rare_surname = next(c for c in rare_pair.contributions if c.comparison == "surname")
    assert common_surname.level == rare_surname.level == "exact"
    assert common_surname.tf_adjusted
    assert not rare_surname.tf_adjusted
    assert rare_surname.weight == pytest.approx(MODEL.comparison("surname").level("exact").weight)
    assert common_surname.weight < rare_surname.weight - 3


def test_term_frequency_deflates_a_shared_switchboard_number() -> None:
    records = [person(str(i), phone="026-3123456") for i in range(300)]
    records += [person(f"q{i}", phone=f"06{10000000 + i}") for i in range(300)]
    frequencies = TermFrequencies.from_records(records)
    hub = score_pair(records[0], records[1], MODEL, frequencies)
    assert hub.probability < MODEL.threshold
    without_tf = score_pair(records[0], records[1], MODEL)
    assert without_tf.probability > MODEL.threshold


def test_term_frequencies_are_counted_per_kind_and_can_be_removed() -> None:
    frequencies = TermFrequencies()
    a = prepare("a", {"surname": "Jansen"}, "person")
    b = prepare("b", {"surname": "Jansen"}, "person")
    c = prepare("c", {"surname": "Jansen"}, "organisation")
    for record in (a, b, c):
        frequencies.add(record)
    assert frequencies.count("surname", "jansen", kind="person") == 2
    assert frequencies.count("surname", "jansen", kind="organisation") == 1
    frequencies.remove(b)
    assert frequencies.count("surname", "jansen", kind="person") == 1
    assert frequencies.total("surname", kind="person") == 1


def test_threshold_and_prior_are_configurable() -> None:
    strict = MODEL.with_settings(threshold=0.999, prior=1e-6)
    assert strict.threshold == 0.999
    assert strict.prior_weight < MODEL.prior_weight
    a, b = person("a", phone="0612345678"), person("b", phone="0612345678")
    assert score_pair(a, b, MODEL).probability > MODEL.threshold
    assert score_pair(a, b, strict).probability < strict.threshold
    with pytest.raises(ValueError):
        MODEL.with_settings(threshold=1.5)


def _synthetic(n: int) -> list[Prepared]:
    surnames = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Mulder", "de Boer", "Bos", "Vos", "Peters"]
    return [
        person(
            str(i),
            given_name=["Jan", "Anna", "Piet", "Fatima", "Olga", "Kees"][i % 6],
            surname=surnames[(i * 7) % 10],
            date_of_birth=f"{1 + i % 28:02d}-{1 + i % 12:02d}-{1950 + i % 50}",
        )
        for i in range(n)
    ]


def test_estimate_u_from_random_pairs() -> None:
    records = _synthetic(300)
    estimated = estimate_u(records, MODEL, sample_pairs=4000, seed=1)
    estimated.validate()
    # Ten surnames evenly spread: two random records share one about 1 time in 10.
    assert estimated.comparison("surname").level("exact").u == pytest.approx(0.1, abs=0.03)
    # Rare coincidences keep their hand-set value instead of "zero".
    assert estimated.comparison("phone").level("exact").u == MODEL.comparison("phone").level("exact").u


def test_estimate_m_with_em_learns_that_matches_agree() -> None:
    records = _synthetic(120)
    duplicates = [person(f"{r.record_id}d", given_name=r.names[0].given_key, surname=r.names[0].surname_key,
                         date_of_birth=r.dates[0].key()) for r in records[:40]]  # fmt: skip
    pairs = [(records[i], duplicates[i]) for i in range(40)]
    pairs += [(records[i], records[i + 1]) for i in range(0, 118)]
    start = MODEL.with_probabilities(m={"date_of_birth": {"exact": 0.5, "disagree": 0.3}})
    learned, share = estimate_m(comparison_vectors(pairs, start), start, iterations=15)
    learned.validate()
    assert learned.comparison("date_of_birth").level("exact").m > 0.9
    assert 0.15 < share < 0.4


def test_a_relative_at_the_same_address_is_not_linked_on_surname_alone() -> None:
    # Records without given name or date of birth: surname and address agree, but relatives
    # share both, so that is not enough to call them one person.
    mother = person("a", given_name="Weronika", surname="Dąbrowska", address="Meeuwensteeg 193, 7411 AF Deventer")
    daughter = person("b", surname="Dabrowska", date_of_birth="21.10.2004", address="Meeuwensteeg 193, Deventer")
    explanation = score_pair(mother, daughter, MODEL)
    surname = next(c for c in explanation.contributions if c.comparison == "surname")
    assert explanation.level("address") == "street_number"
    assert surname.tf_adjusted and surname.weight < 4
    assert explanation.probability < MODEL.threshold
    # Elsewhere the same surname keeps its full weight, and at one address a given name still links.
    apart = score_pair(person("c", surname="Dąbrowska"), person("d", surname="Dabrowska"), MODEL)
    assert next(c for c in apart.contributions if c.comparison == "surname").weight > 8
    same = score_pair(
        mother, person("e", given_name="Weronika", surname="Dabrowska", address="Meeuwensteeg 193"), MODEL
    )
    assert same.probability >= MODEL.threshold
