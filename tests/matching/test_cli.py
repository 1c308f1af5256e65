"""The command line: ``python -m matching dedupe|link`` on small CSV files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from matching.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]

PEOPLE = [
    ["nr", "voornaam", "achternaam", "geboortedatum", "telefoon", "kenteken"],
    ["1", "Jan", "de Vries", "12-03-1990", "06-12345678", ""],
    ["2", "Piet", "Bakker", "", "", "12-ABC-3"],
    ["3", "Jan", "de Vreis", "1990-03-12", "", ""],
    ["4", "Olga", "Petrova", "", "0612345678", ""],
    ["5", "", "", "", "", "12abc3"],
    ["6", "Fatima", "El Amrani", "01-01-2001", "", ""],
]
PEOPLE_FIELDS = [
    "--field", "voornaam=given_name", "--field", "achternaam=surname", "--field", "geboortedatum=date_of_birth",
    "--field", "telefoon=phone", "--field", "kenteken=plate",
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matching", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_dedupe_writes_matched_pairs(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "mensen.csv", PEOPLE)
    out = tmp_path / "pairs.csv"
    result = run("dedupe", source, *PEOPLE_FIELDS, "--out", out)
    assert result.returncode == 0, result.stderr
    rows = read_pairs(out)
    assert list(rows[0]) == ["id_a", "id_b", "score"]
    # Best first: name + date of birth outweigh a plate alone.
    assert [(row["id_a"], row["id_b"]) for row in rows] == [("1", "3"), ("2", "5")]
    assert all(float(row["score"]) >= 0.9 for row in rows)
    assert "6 records" in result.stderr


def test_dedupe_explain_and_stdout(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "mensen.csv", PEOPLE)
    result = run("dedupe", source, *PEOPLE_FIELDS, "--explain")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert list(rows[0]) == ["id_a", "id_b", "score", "explanation"]
    explanation = next(row["explanation"] for row in rows if (row["id_a"], row["id_b"]) == ("1", "3"))
    assert "date_of_birth exact" in explanation
    assert "surname fuzzy_high" in explanation
    assert "prior" in explanation


def test_threshold_is_a_probability(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "mensen.csv", PEOPLE)
    loose = run("dedupe", source, *PEOPLE_FIELDS, "--threshold", "0")
    strict = run("dedupe", source, *PEOPLE_FIELDS, "--threshold", "0.99999999")
    assert loose.returncode == strict.returncode == 0
    loose_pairs = {tuple(row[:2]) for row in csv.reader(loose.stdout.splitlines()[1:])}
    strict_pairs = {tuple(row[:2]) for row in csv.reader(strict.stdout.splitlines()[1:])}
    # The shared phone of 1 and 4 makes them a candidate, but different names keep the score low.
    assert ("1", "4") in loose_pairs
    assert strict_pairs < {("1", "3"), ("2", "5")} | loose_pairs
    assert ("1", "4") not in strict_pairs
    bad = run("dedupe", source, *PEOPLE_FIELDS, "--threshold", "1.5")
    assert bad.returncode == 2
    assert "probability" in bad.stderr


def test_link_two_files_with_different_headers(tmp_path: Path) -> None:
    a = write_csv(
        tmp_path / "a.csv", [["id", "naam", "tel"], ["a1", "Jan de Vries", "06-12345678"], ["a2", "Olga Petrova", ""]]
    )
    b = write_csv(
        tmp_path / "b.csv",
        [["ref", "full", "phone"], ["b1", "Vries, J. de", "+31 6 12345678"], ["b2", "Kees Smit", "0687654321"]],
        delimiter=";",
    )
    out = tmp_path / "links.csv"
    result = run("link", a, b, "--field", "naam=full_name", "--field", "full=full_name", "--field", "tel=phone",
                 "--field", "phone=phone", "--out", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [(row["id_a"], row["id_b"]) for row in read_pairs(out)] == [("a1", "b1")]


def test_errors_are_reported_with_exit_status_2(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "mensen.csv", PEOPLE)
    missing_column = run("dedupe", source, "--field", "schoenmaat=phone")
    assert missing_column.returncode == 2
    assert "schoenmaat" in missing_column.stderr
    unknown_kind = run("dedupe", source, "--field", "telefoon=telephone")
    assert unknown_kind.returncode == 2
    assert "unknown kind" in unknown_kind.stderr
    missing_file = run("dedupe", tmp_path / "bestaat-niet.csv", *PEOPLE_FIELDS)
    assert missing_file.returncode == 2
    assert "no such file" in missing_file.stderr
    assert "Traceback" not in missing_file.stderr + missing_column.stderr


# In-process runs of the same entry point, for the option handling details.


def test_semicolons_bom_and_id_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The byte-order mark Excel writes sits before the first header, here the plate column.
    rows = [["kenteken", "naam", "code"], ["12-ABC-3", "x", "K1"], ["12abc3", "y", "K2"]]
    source = write_csv(tmp_path / "excel.csv", rows, delimiter=";", encoding="utf-8-sig")
    assert main(["dedupe", str(source), "--field", "kenteken=plate", "--id", "code"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("K1,K2,")


def test_columns_named_after_kinds_are_used_without_field_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "auto.csv", [["id", "phone", "remark"], ["1", "0612345678", "x"], ["2", "06 1234 5678", "y"]]
    )
    assert main(["dedupe", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id_a,id_b,score"
    assert [line.rsplit(",", 1)[0] for line in lines[1:]] == ["1,2"]


def test_ignore_kind_and_several_columns_of_one_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ["id", "tel1", "tel2", "notitie"],
        ["1", "0612345678", "", "zelfde"],
        ["2", "0600000000", "+31612345678", "zelfde"],
    ]
    source = write_csv(tmp_path / "multi.csv", rows)
    assert (
        main(["dedupe", str(source), "--field", "tel1=phone", "--field", "tel2=phone", "--field", "notitie=ignore"])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1].startswith("1,2,")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["id", "phone"], ["1", "0612345678"], ["1", "0612345678"]], "duplicate record id"),
        ([["id", "phone"], ["", "0612345678"]], "empty record id"),
        ([["id", "remark"], ["1", "x"]], "no --field given"),
    ],
)
def test_bad_input_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[list[str]], message: str
) -> None:
    source = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(SystemExit) as exit_info:
        main(["dedupe", str(source)])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"given_name", "surname", "phone"}, "person"),
        ({"organisation_name", "kvk", "address"}, "organisation"),
        ({"street", "house_number", "postcode", "city"}, "address"),
        ({"address", "ignore"}, "address"),
        ({"plate"}, "vehicle"),
        ({"phone"}, "phone"),
        ({"phone", "email"}, "person"),
    ],
)
def test_entity_kind_is_inferred_from_the_field_kinds(kinds: set[str], expected: str) -> None:
    from matching.cli import infer_kind

    assert infer_kind(kinds) == expected


def test_an_address_file_is_scored_as_addresses(tmp_path: Path) -> None:
    rows = [
        ["id", "adres"],
        ["1", "Kerkstraat 12a, 6811 AB Arnhem"],
        ["2", "Kerkstr. 12 A, Arnhem"],
        ["3", "Kerkstraat 12b, 6811 AB Arnhem"],
    ]
    source = write_csv(tmp_path / "adressen.csv", rows)
    out = tmp_path / "pairs.csv"
    result = run("dedupe", source, "--field", "adres=address", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "(address)" in result.stderr
    # With the person model an address alone never reaches the threshold; as addresses 1 and 2 do.
    assert [(row["id_a"], row["id_b"]) for row in read_pairs(out)] == [("1", "2")]
    person = run("dedupe", source, "--field", "adres=address", "--kind", "person", "--out", out)
    assert person.returncode == 0 and read_pairs(out) == []
