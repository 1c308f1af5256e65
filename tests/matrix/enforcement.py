"""Access-matrix entries for the enforcement app (see tests/test_access_matrix.py)."""

from __future__ import annotations

from tests.matrix.base import ApiRecord, Open, Page, Record

ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {}
