"""Command line: deduplicate one CSV file or link two, writing matched id pairs as CSV.

    python -m matching dedupe people.csv --field voornaam=given_name --field achternaam=surname \\
        --field geboortedatum=date_of_birth --out pairs.csv
    python -m matching link a.csv b.csv --field telefoon=phone --field kenteken=plate --explain

Each ``--field COLUMN=KIND`` says what a column holds; several columns may share a kind (two
phone columns). Without any ``--field``, columns named exactly like a kind are used. The record
id is the first column unless ``--id COLUMN`` names another. ``--threshold`` is a match
*probability* between 0 and 1 (default 0.9). The output has columns ``id_a,id_b,score`` (score
= match probability), plus ``explanation`` with ``--explain``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matching.blocking import BlockingConfig, BlockingStats
from matching.engine import Record, ScoredPair, dedupe, link
from matching.model import default_model
from matching.record import FIELD_KINDS

__all__ = ["main"]

_DELIMITERS = (",", ";", "\t", "|")


class UsageError(Exception):
    """Bad input from the user: reported as a message with exit status 2, never a traceback."""


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be a probability between 0 and 1")
    return value


def _prior(text: str) -> float:
    value = _probability(text)
    if value in (0.0, 1.0):
        raise argparse.ArgumentTypeError("must be strictly between 0 and 1")
    return value


def _field(text: str) -> tuple[str, str]:
    column, separator, kind = text.rpartition("=")
    if not separator or not column:
        raise argparse.ArgumentTypeError(f"expected COLUMN=KIND, got {text!r}")
    kind = kind.strip()
    if kind not in FIELD_KINDS:
        raise argparse.ArgumentTypeError(f"unknown kind {kind!r}; choose from {', '.join(FIELD_KINDS)}")
    return column, kind


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching",
        description="Find records that describe the same person, address, vehicle or organisation.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--field",
            action="append",
            type=_field,
            default=[],
            metavar="COLUMN=KIND",
            help=f"what a column holds; KIND is one of: {', '.join(FIELD_KINDS)}",
        )
        sub.add_argument(
            "--kind",
            choices=ENTITY_KINDS,
            default="auto",
            help="what the records are; 'auto' (default) infers it from the field kinds: names or a "
            "date of birth make persons, a KvK number or organisation name organisations, address "
            "fields alone addresses, a single identifier (plate, phone, e-mail, IBAN, URL) that entity",
        )
        sub.add_argument("--id", dest="id_column", metavar="COLUMN", help="record id column (default: the first)")
        sub.add_argument(
            "--threshold",
            type=_probability,
            default=None,
            help="minimum match probability (0-1) for a pair to be written; default 0.9",
        )
        sub.add_argument("--prior", type=_prior, default=None, help="prior match probability λ; default 0.0001")
        sub.add_argument("--explain", action="store_true", help="add an explanation column")
        sub.add_argument("--out", type=Path, default=None, help="output CSV (default: standard output)")
        sub.add_argument("--delimiter", default=None, help="input delimiter (default: detected from the header)")
        sub.add_argument("--encoding", default="utf-8-sig", help="input encoding (default: utf-8-sig)")
        sub.add_argument("--max-block-size", type=_positive, default=BlockingConfig.max_block_size)
        sub.add_argument("--window", type=_positive, default=BlockingConfig.window)

    dedupe_parser = commands.add_parser("dedupe", help="find duplicates within one CSV file")
    dedupe_parser.add_argument("input", type=Path, metavar="IN.csv")
    common(dedupe_parser)
    link_parser = commands.add_parser("link", help="find records in A.csv that match records in B.csv")
    link_parser.add_argument("input_a", type=Path, metavar="A.csv")
    link_parser.add_argument("input_b", type=Path, metavar="B.csv")
    common(link_parser)
    return parser


def _detect_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read(path: Path, args: argparse.Namespace) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(newline="", encoding=args.encoding) as handle:
            first = handle.readline()
            handle.seek(0)
            delimiter = args.delimiter or _detect_delimiter(first)
            reader = csv.DictReader(handle, delimiter=delimiter)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (UnicodeDecodeError, LookupError) as error:
        raise UsageError(f"{path}: cannot read with encoding {args.encoding}: {error}") from None
    except csv.Error as error:
        raise UsageError(f"{path}: not a valid CSV file: {error}") from None
    if not header:
        raise UsageError(f"{path}: the file has no header row")
    return header, rows


def _mapping(headers: Sequence[list[str]], args: argparse.Namespace) -> list[tuple[str, str]]:
    if args.field:
        known = {column for header in headers for column in header}
        missing = [column for column, _ in args.field if column not in known]
        if missing:
            raise UsageError(f"column(s) not found in the input: {', '.join(missing)}")
        return list(args.field)
    auto = [(column, column) for column in dict.fromkeys(c for h in headers for c in h) if column in FIELD_KINDS]
    if not auto:
        raise UsageError("no --field given and no column is named after a field kind")
    return auto


ENTITY_KINDS = ("auto", "person", "organisation", "address", "vehicle", "phone", "email", "account", "advert")
_PERSON_FIELDS = {"given_name", "surname", "full_name", "date_of_birth", "id_number"}
_ADDRESS_FIELDS = {"street", "house_number", "postcode", "city", "address"}
_SINGLE_IDENTIFIER = {"plate": "vehicle", "phone": "phone", "email": "email", "iban": "account", "url": "advert"}


def infer_kind(field_kinds: set[str]) -> str:
    """The entity kind the mapped columns describe (see ``--kind``); "person" when unsure."""
    used = field_kinds - {"ignore"}
    if used & _PERSON_FIELDS:
        return "person"
    if used & {"kvk", "organisation_name"}:
        return "organisation"
    if used and used <= _ADDRESS_FIELDS:
        return "address"
    if len(used) == 1 and (only := next(iter(used))) in _SINGLE_IDENTIFIER:
        return _SINGLE_IDENTIFIER[only]
    return "person"


def _records(path: Path, header: list[str], rows: list[dict[str, str]], args: argparse.Namespace) -> list[Record]:
    id_column = args.id_column or header[0]
    if id_column not in header:
        raise UsageError(f"{path}: id column {id_column!r} not found")
    mapping: list[tuple[str, str]] = args.mapping
    records: list[Record] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        record_id = (row.get(id_column) or "").strip()
        if not record_id:
            raise UsageError(f"{path}, line {line}: empty record id")
        if record_id in seen:
            raise UsageError(f"{path}, line {line}: duplicate record id {record_id!r}")
        seen.add(record_id)
        fields: dict[str, list[str]] = {}
        for column, kind in mapping:
            value = row.get(column)
            if kind != "ignore" and value:
                fields.setdefault(kind, []).append(value)
        records.append(Record(record_id, fields, kind=args.record_kind))
    return records


def _record_kind(args: argparse.Namespace) -> str:
    kind = infer_kind({kind for _column, kind in args.mapping}) if args.kind == "auto" else args.kind
    # The engine's person model is the model of records without a kind.
    return "" if kind == "person" else kind


def _write(pairs: list[ScoredPair], handle: TextIO, explain: bool) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["id_a", "id_b", "score", *(["explanation"] if explain else [])])
    for pair in pairs:
        row = [pair.id_a, pair.id_b, f"{pair.score:.4f}"]
        if explain:
            row.append(str(pair.explanation))
        writer.writerow(row)


def run(args: argparse.Namespace) -> int:
    model = default_model()
    if args.prior is not None:
        model = model.with_settings(prior=args.prior)
    blocking = BlockingConfig(max_block_size=max(args.max_block_size, 2), window=args.window)
    if args.command == "dedupe":
        header, rows = _read(args.input, args)
        args.mapping = _mapping([header], args)
        args.record_kind = _record_kind(args)
        records = _records(args.input, header, rows, args)
        stats = BlockingStats()
        pairs = dedupe(records, model=model, blocking=blocking, threshold=args.threshold, stats=stats)
        summary = f"{len(records)} records ({args.record_kind or 'person'}), {stats.candidate_pairs} candidate pairs, {len(pairs)} matches"
    else:
        header_a, rows_a = _read(args.input_a, args)
        header_b, rows_b = _read(args.input_b, args)
        args.mapping = _mapping([header_a, header_b], args)
        args.record_kind = _record_kind(args)
        records_a = _records(args.input_a, header_a, rows_a, args)
        records_b = _records(args.input_b, header_b, rows_b, args)
        pairs = link(records_a, records_b, model=model, blocking=blocking, threshold=args.threshold)
        summary = f"{len(records_a)} + {len(records_b)} records, {len(pairs)} matches"
    if args.out is None:
        _write(pairs, sys.stdout, args.explain)
    else:
        with args.out.open("w", newline="", encoding="utf-8") as handle:
            _write(pairs, handle, args.explain)
    print(summary, file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    return 2  # pragma: no cover - parser.exit does not return
