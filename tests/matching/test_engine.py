"""The Index API the Django app uses, and the batch dedupe/link functions."""

from __future__ import annotations

import pytest

from matching import BlockingStats, Index, Record, cluster, dedupe, link
from matching.model import default_model


@pytest.fixture
def index() -> Index:
    idx = Index()
    idx.add("p1", "person", {"given_name": "Jan", "surname": "de Vries", "date_of_birth": "12-03-1990"})
    idx.add("p2", "person", {"full_name": "Olga Petrova", "phone": "+48 601 234 567"})
    idx.add("p3", "person", {"full_name": "Piet Bakker", "date_of_birth": "1975"})
    idx.add("a1", "address", {"address": "Kerkstraat 12a, 6811 AB Arnhem"})
    idx.add("v1", "vehicle", {"plate": "12-ABC-3"})
    return idx


def test_match_finds_the_same_person_despite_typos_and_formats(index: Index) -> None:
    matches = index.match({"full_name": "Jan de Vreis", "date_of_birth": "1990-03-12"})
    assert [match.record_id for match in matches] == ["p1"]
    match = matches[0]
    assert match.kind == "person"
    assert match.score >= 0.9
    assert match.explanation.level("date_of_birth") == "exact"
    assert match.explanation.level("surname") == "fuzzy_high"
    assert match.weight == match.explanation.weight


def test_match_by_single_strong_identifier(index: Index) -> None:
    assert [m.record_id for m in index.match({"phone": "0048601234567"})] == ["p2"]
    assert [m.record_id for m in index.match({"plate": "12abc3"})] == ["v1"]
    assert [m.record_id for m in index.match({"postcode": "6811 ab", "house_number": "12 A"})] == ["a1"]


def test_match_filters_by_kind_threshold_limit_and_exclude(index: Index) -> None:
    query = {"phone": "0048601234567"}
    assert index.match(query, kind="vehicle") == []
    assert [m.record_id for m in index.match(query, kind="person")] == ["p2"]
    assert index.match(query, exclude=["p2"]) == []
    assert index.match(query, threshold=0.99999999) == []
    loose = index.match({"full_name": "Jan de Vries"}, threshold=0.0)
    assert loose and loose[0].record_id == "p1"
    assert len(index.match({"full_name": "Jan de Vries"}, threshold=0.0, limit=1)) == 1


def test_unrelated_records_do_not_match(index: Index) -> None:
    assert index.match({"full_name": "Fatima El Amrani", "date_of_birth": "01-01-2001"}) == []
    assert index.match({}) == []


def test_unknown_field_kind_is_an_error(index: Index) -> None:
    with pytest.raises(ValueError, match="unknown field kind"):
        index.add("x", "person", {"shoe_size": "43"})


def test_add_replaces_and_remove_forgets(index: Index) -> None:
    assert len(index) == 5
    index.add("v1", "vehicle", {"plate": "99-XX-99"})
    assert index.match({"plate": "12-ABC-3"}) == []
    assert len(index) == 5
    assert index.remove("v1")
    assert not index.remove("v1")
    assert "v1" not in index
    assert index.match({"plate": "99-XX-99"}) == []


def test_match_record_compares_a_stored_record_with_the_others(index: Index) -> None:
    index.add("p4", "person", {"full_name": "de Vries, Jan", "date_of_birth": "12/03/1990", "phone": "0612345678"})
    assert [m.record_id for m in index.match_record("p4")] == ["p1"]
    assert index.score("p1", "p4").level("given_name") == "exact"


def test_dedupe_returns_scored_pairs_best_first() -> None:
    records = [
        ("1", {"given_name": "Jan", "surname": "Jansen", "date_of_birth": "1990-03-12"}),
        ("2", {"full_name": "Piet Bakker", "phone": "06-12345678"}),
        ("3", {"given_name": "Jan", "surname": "Janssen", "date_of_birth": "12-03-1990"}),
        ("4", {"full_name": "P. Bakker", "phone": "+31 6 12345678"}),
        Record("5", {"full_name": "Olga Petrova"}),
    ]
    stats = BlockingStats()
    pairs = dedupe(records, stats=stats)
    assert [(p.id_a, p.id_b) for p in pairs] == [("2", "4"), ("1", "3")]
    assert pairs[0].score >= pairs[1].score >= 0.9
    assert stats.candidate_pairs >= 2
    clustering = cluster([str(i) for i in range(1, 6)], [p.as_edge() for p in pairs])
    assert clustering.together("1", "3") and not clustering.together("1", "2")


def test_dedupe_rejects_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        dedupe([("1", {"surname": "A"}), ("1", {"surname": "B"})])


def test_dedupe_threshold_zero_returns_every_candidate_pair() -> None:
    records = [("1", {"phone": "0612345678", "surname": "Jansen"}), ("2", {"phone": "0612345678", "surname": "Bakker"})]
    assert dedupe(records) == []
    assert [(p.id_a, p.id_b) for p in dedupe(records, threshold=0.0)] == [("1", "2")]


def test_link_pairs_across_sets_even_with_overlapping_ids() -> None:
    a = [("1", {"full_name": "Jan de Vries", "date_of_birth": "12-03-1990"}), ("2", {"plate": "12-ABC-3"})]
    b = [
        ("1", {"full_name": "Olga Petrova"}),
        ("2", {"full_name": "Vries, Jan de", "date_of_birth": "1990-03-12"}),
        ("3", {"plate": "12ABC3"}),
    ]
    pairs = link(a, b)
    assert sorted((p.id_a, p.id_b) for p in pairs) == [("1", "2"), ("2", "3")]


def test_link_does_not_pair_records_within_one_set() -> None:
    a = [("1", {"phone": "0612345678"}), ("2", {"phone": "0612345678"})]
    b = [("x", {"phone": "0687654321"})]
    assert link(a, b) == []


def test_index_uses_the_given_model() -> None:
    strict = Index(default_model(threshold=0.999999))
    strict.add("p", "person", {"phone": "0612345678"})
    assert strict.match({"phone": "0612345678"}) == []
    assert Index().model.threshold == 0.9


def test_identifier_kinds_match_on_the_identifier_alone_but_people_do_not() -> None:
    idx = Index()
    idx.add("addr", "address", {"address": "Kerkstraat 12a, 6811 AB Arnhem"})
    idx.add("flat", "address", {"address": "Kerkstraat 12b, 6811 AB Arnhem"})
    idx.add("bewoner", "person", {"full_name": "Piet Bakker", "address": "Kerkstraat 12a, 6811 AB Arnhem"})
    found = idx.match({"full_name": "Anna Smit", "address": "Kerkstraat 12 A, 6811AB Arnhem"})
    # The same address entity, yes; another flat in the building, no; a housemate, no.
    assert [m.record_id for m in found] == ["addr"]
    assert [m.record_id for m in idx.match({"address": "Kerkstr. 12a, Arnhem"}, kind="address")] == ["addr"]


def test_kind_models_can_be_replaced() -> None:
    idx = Index(models={})
    idx.add("addr", "address", {"address": "Kerkstraat 12a, 6811 AB Arnhem"})
    assert idx.match({"address": "Kerkstraat 12a, 6811 AB Arnhem"}) == []
    assert idx.model_for("address") is idx.model


def test_an_address_seen_many_times_still_links_its_own_records() -> None:
    # Term frequencies must not count an address entity's own duplicates as strangers sharing it.
    records = [Record(f"r{n}", {"address": "Zwanenpad 17, 7411 EZ Deventer"}, kind="address") for n in range(5)]
    records.append(Record("other", {"address": "Zwanenpad 19, 7411 EZ Deventer"}, kind="address"))
    pairs = {(pair.id_a, pair.id_b) for pair in dedupe(records)}
    assert {(f"r{a}", f"r{b}") for a in range(5) for b in range(a + 1, 5)} <= pairs
    assert not any("other" in pair for pair in pairs)


def test_many_people_at_one_address_weigh_less_than_a_private_address() -> None:
    # Among persons a shared address *is* evidence that it is common (a hostel): TF stays on.
    idx = Index()
    for n in range(40):
        idx.add(f"h{n}", "person", {"full_name": f"Bewoner{n} Kowalski", "address": "Hostelweg 1, 6811 AB Arnhem"})
    idx.add("solo", "person", {"full_name": "Jan Kowalski", "address": "Rustlaan 9, 6812 CD Arnhem"})
    idx.add("solo2", "person", {"full_name": "Piet Kowalski", "address": "Rustlaan 9, 6812 CD Arnhem"})
    hostel = idx.score("h1", "h2")
    private = idx.score("solo", "solo2")
    hostel_address = next(c for c in hostel.contributions if c.comparison == "address")
    private_address = next(c for c in private.contributions if c.comparison == "address")
    assert hostel_address.tf_adjusted and hostel_address.weight < private_address.weight


def test_street_and_number_without_postcode_or_city_is_not_a_disagreement() -> None:
    records = [
        Record("full", {"address": "Zwanenpad 17, 7411 EZ Deventer"}, kind="address"),
        Record("bare", {"address": "ZWANENPAD 17"}, kind="address"),
        Record("elsewhere", {"address": "Zwanenpad 17, 1234 AB Zwolle"}, kind="address"),
    ]
    pairs = {(pair.id_a, pair.id_b): pair for pair in dedupe(records, threshold=0.0)}
    assert ("full", "bare") in pairs  # they meet in a block despite the missing postcode and city
    levels = {c.comparison: c.level for c in pairs[("full", "bare")].explanation.contributions}
    assert levels["address"] == "street_number"
    assert pairs[("full", "elsewhere")].score < 0.5


def test_father_and_son_of_one_name_at_one_address_are_kept_apart() -> None:
    father = {"full_name": "Piotr Majewski", "date_of_birth": "03-04-1962", "address": "Dorpsstraat 4, 6821 AA Arnhem"}
    son = {"full_name": "Piotr Majewski", "date_of_birth": "11-09-1991", "address": "Dorpsstraat 4, 6821 AA Arnhem"}
    pairs = dedupe([Record("father", father), Record("son", son)], threshold=0.0)
    assert len(pairs) == 1
    levels = {c.comparison: c.level for c in pairs[0].explanation.contributions}
    assert levels["date_of_birth"] == "generation"
    assert pairs[0].score < 0.9
