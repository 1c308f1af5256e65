"""The linking benchmark's own arithmetic: paired timing ratios and scores by evidence (bench/linking/run.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "linking" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_linking_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_ratios_are_taken_round_by_round_not_from_the_medians(run):
    times = {"engine": [1.0, 2.0, 4.0], "splink": [3.0, 5.0, 2.0]}
    summary = run.summarise_rounds(times)
    ratio = summary["splink / engine"]
    assert ratio["rounds"] == [3.0, 2.5, 0.5]
    # The median of the ratios (2.5), not the ratio of the medians (3 / 2 = 1.5).
    assert ratio["median"] == 2.5
    assert (ratio["lowest"], ratio["highest"]) == (0.5, 3.0)
    assert summary["engine"] == {"median": 2.0, "fastest": 1.0}
    assert summary["splink"] == {"median": 3.0, "fastest": 2.0}


def test_both_pairings_are_summarised_and_a_missing_tool_is_left_out(run):
    times = {
        "engine": [2.0, 2.0],
        "engine CLI": [4.0, 2.0],
        "splink": [3.0, 3.0],
        "splink process": [4.0, 5.0],
    }
    summary = run.summarise_rounds(times)
    assert summary["splink / engine"]["median"] == 1.5
    assert summary["splink process / engine CLI"]["rounds"] == [1.0, 2.5]
    assert "splink / engine" not in run.summarise_rounds({"engine": [1.0], "engine CLI": [1.0]})


def test_rounds_must_pair_up(run):
    with pytest.raises(ValueError):
        run.summarise_rounds({"engine": [1.0, 2.0], "splink": [1.0]})


def _person(record_id: str, *, dob: str = "", postcode: str = "", number: str = "") -> dict[str, str]:
    return {
        "id": record_id,
        "given_name": "Jan",
        "date_of_birth": dob,
        "street": "",
        "house_number": number,
        "postcode": postcode,
        "city": "",
    }


def test_scores_by_evidence_count_each_pair_in_the_class_of_what_both_records_carry(run):
    full = {"dob": "01-02-1990", "postcode": "6811 AB", "number": "1"}
    by_id = {
        "a": _person("a", **full),
        "b": _person("b", **full),
        "c": _person("c", **full),
        "d": _person("d", dob="01-02-1990"),  # no address
        "e": _person("e", dob="03-04-1985"),
    }
    truth = {("a", "b"), ("d", "e"), ("a", "d")}
    found = {"engine": {("a", "b"), ("a", "c"), ("d", "e")}}
    scores = run.scores_by_evidence(truth, by_id, found)

    both = scores["both records: full DOB and address"]
    # a-b right, a-c wrong: both between records with a full date of birth and an address.
    assert both["pairs"] == 1
    assert both["engine"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    dob_only = scores["both: full DOB, an address missing"]
    # d-e found, a-d missed; the wrong a-c link does not count against this class.
    assert dob_only["pairs"] == 2
    assert dob_only["engine"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
