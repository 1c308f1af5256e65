"""Small-number suppression for statistical tables: the analyst role and every export (issue 8).

Pure Python on purpose (no Django): the rules can be read, tested and audited on their own, and
every caller (the analyst's pages, CSV and spreadsheet exports) goes through the same code. The
caller passes the configured threshold, ``settings.SMALL_NUMBER_THRESHOLD``
(``SCHAKEL_SMALL_NUMBER_THRESHOLD``, default 5).

Two entry points::

    suppress_1d({"arbeid": 3, "seksueel": 12, "criminaliteit": 9}, threshold=5)
    suppress_2d({"Wijk A": {"arbeid": 3, "seksueel": 12}, "Wijk B": {...}}, threshold=5)

Both compute the totals themselves (a 1-D list has one total; a 2-D table has row totals, column
totals and a grand total), so the tables must be additive: every person or signal is counted in
exactly one cell. A breakdown in which one signal can fall in several categories does not add up
to its total and needs its own treatment; do not feed it here.

The rules
---------
The table and its totals are treated as one grid: the row totals are an extra column, the column
totals an extra row, the grand total the corner. Every row and column of that grid (a *line*) is
an equation: its cells add up to its total (the column totals add up to the grand total, and so
do the row totals). A *reader* sees the shown numbers and knows these equations, that counts are
whole numbers, and the rules below.

1. Primary suppression. A count ``c`` with ``0 < c < threshold`` is hidden, and that includes
   totals: a row total of 3 identifies as much as a cell of 3.

2. Zeros are shown. A zero identifies nobody, and hiding zeros would hide the structure of the
   table (which wards have no signals at all) and force far more complementary suppression. A
   complementary cell is never a zero either (hiding a zero adds nothing to what a reader must
   guess), so a reader may conclude that every hidden cell is at least 1; the checks below assume
   the reader knows that. Known limit: zeros can still reveal an attribute of a group, e.g. a
   ward whose signals all fall in one category. Choose categories with that in mind.

3. Complementary suppression, repeated until nothing changes:

   a. A line with exactly one hidden entry would give it away by subtraction (total minus the
      shown cells), so a second entry in that line is hidden.
   b. A line whose total is shown and whose hidden cells add up to less than the threshold would
      publish that small sum (total minus the shown cells), so another entry is hidden; every
      shown non-zero count is at least the threshold, so one more is enough.
   c. Rules a and b look at one line at a time, but a reader can combine lines: two blocks of
      hidden cells joined by a single hidden cell give that cell away, and hidden cells of 1
      cannot go lower, which can pin a value. So every hidden entry is checked exactly: it is
      safe only if some other table, with whole numbers, every hidden cell at least 1 and the
      same shown numbers, differs in that entry. (The difference between two such tables splits
      into closed cycles of +1/-1 steps through hidden entries, alternating between lines, each
      valid on its own; so the check looks for one such cycle through the entry.)
      An entry without one gets one more hidden entry that closes such a cycle; where no single
      entry can, the cheapest in the entry's own lines, and the check runs again. This ends: with
      every non-zero entry hidden, every hidden entry is free.

   The entry hidden for a line (a, b) is its smallest shown non-zero cell, ties broken by
   position (earlier row, then earlier column): small cells cost the reader least. A total is
   hidden only when no cell of the line can do the job. For rule c the cheapest entry that closes
   a cycle is taken the same way.

4. Pruning. Afterwards each complementary entry is shown again, totals first and larger counts
   first, if the table stays safe without it; so every complementary entry left is needed.

Rendering
---------
Every hidden entry, primary or complementary, is published as the same marker, rendered
``"< 5"`` (with the configured threshold). The sameness is deliberate: if complementary cells
looked different, the reader would know the primary ones are 1..4 and the complementary ones 5 or
more, and with the totals that can pin a value (a row ``1, 5`` with total 6: the only split
with one count below 5 and one of 5 or more is 1 and 5). The marker therefore means "hidden",
and on a complementary cell the count behind it is 5 or more; exports must say so in a note,
e.g. "< 5: niet getoond (klein aantal, of nodig om een klein aantal te beschermen)". The
result objects keep only published values, never the hidden counts, so logging or serialising
them leaks nothing. ``reason()`` tells primary from complementary for audits and tests; never
show it.

What this does not cover: how narrow the range of a hidden cell may be (only that it is not a
single value); sums of hidden cells across several lines; a reader who reruns this algorithm on
candidate tables; and differencing between tables published separately from the same data (the
same figures by ward and by month, or for overlapping periods). Publish one table per subject
and period, or suppress them together.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, TypeAlias, TypeVar

DEFAULT_THRESHOLD: Final = 5


class Total(enum.Enum):
    """The key of a total. ``TOTAL`` is not a string, so it can never clash with a category."""

    TOTAL = "total"

    def __repr__(self) -> str:
        return "TOTAL"


TOTAL: Final = Total.TOTAL

#: A category, row or column label, or ``TOTAL``.
Key: TypeAlias = str | Total


class Reason(enum.Enum):
    """Why an entry is hidden. For audits and tests only: showing it would undo rule 3."""

    PRIMARY = "primary"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Hidden:
    """What a hidden entry publishes instead of its count. It carries the threshold, not the count."""

    threshold: int

    def __str__(self) -> str:
        return f"< {self.threshold}"


#: A published entry: the count itself, or the marker.
Published: TypeAlias = int | Hidden


@dataclass(frozen=True)
class Suppressed1D:
    """A suppressed list of counts per category, with its total under the key ``TOTAL``."""

    threshold: int
    categories: tuple[str, ...]
    cells: Mapping[Key, Published] = field(repr=False)
    reasons: Mapping[Key, Reason] = field(repr=False)

    def cell(self, key: Key) -> Published:
        """The published count of a category (or of ``TOTAL``), or the ``Hidden`` marker."""
        return self.cells[key]

    def display(self, key: Key) -> int | str:
        """The count, or ``"< 5"`` (the marker rendered) when hidden."""
        return _display(self.cells[key])

    def is_suppressed(self, key: Key) -> bool:
        return isinstance(self.cells[key], Hidden)

    def reason(self, key: Key) -> Reason | None:
        """Why the entry is hidden (``None`` when shown). For audits and tests: never publish it."""
        if key not in self.cells:
            raise KeyError(key)
        return self.reasons.get(key)

    @property
    def total(self) -> Published:
        return self.cells[TOTAL]

    @property
    def total_shown(self) -> bool:
        return not self.is_suppressed(TOTAL)

    def display_items(self) -> list[tuple[Key, int | str]]:
        """Each category with its display value, in input order, then ``(TOTAL, total)``: for exports."""
        keys: tuple[Key, ...] = (*self.categories, TOTAL)
        return [(key, self.display(key)) for key in keys]


@dataclass(frozen=True)
class Suppressed2D:
    """A suppressed table. Entries are addressed ``(row, column)``; ``TOTAL`` in either place is a total.

    ``cell(row, TOTAL)`` is a row total, ``cell(TOTAL, column)`` a column total and
    ``cell(TOTAL, TOTAL)`` the grand total.
    """

    threshold: int
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[Key, Key], Published] = field(repr=False)
    reasons: Mapping[tuple[Key, Key], Reason] = field(repr=False)

    def cell(self, row: Key, column: Key) -> Published:
        """The published count of a cell or total, or the ``Hidden`` marker."""
        return self.cells[(row, column)]

    def display(self, row: Key, column: Key) -> int | str:
        """The count, or ``"< 5"`` (the marker rendered) when hidden."""
        return _display(self.cells[(row, column)])

    def is_suppressed(self, row: Key, column: Key) -> bool:
        return isinstance(self.cells[(row, column)], Hidden)

    def reason(self, row: Key, column: Key) -> Reason | None:
        """Why the entry is hidden (``None`` when shown). For audits and tests: never publish it."""
        if (row, column) not in self.cells:
            raise KeyError((row, column))
        return self.reasons.get((row, column))

    def row_total(self, row: str) -> Published:
        return self.cells[(row, TOTAL)]

    def column_total(self, column: str) -> Published:
        return self.cells[(TOTAL, column)]

    @property
    def grand_total(self) -> Published:
        return self.cells[(TOTAL, TOTAL)]

    def shown_totals(self) -> frozenset[tuple[Key, Key]]:
        """The totals that are published as numbers: ``(row, TOTAL)``, ``(TOTAL, column)``, ``(TOTAL, TOTAL)``."""
        return frozenset(key for key, value in self.cells.items() if TOTAL in key and not isinstance(value, Hidden))

    def display_grid(self) -> list[list[int | str]]:
        """Display values row by row, each row ending in its total, then the row of column totals: for exports."""
        rows: tuple[Key, ...] = (*self.rows, TOTAL)
        columns: tuple[Key, ...] = (*self.columns, TOTAL)
        return [[self.display(row, column) for column in columns] for row in rows]


def suppress_1d(counts: Mapping[str, int], *, threshold: int = DEFAULT_THRESHOLD) -> Suppressed1D:
    """Suppress small numbers in a list of counts per category; the total is their sum."""
    _check_threshold(threshold)
    categories = tuple(counts)
    values = [_check_count(key, counts[key]) for key in categories]
    values.append(sum(values))
    everything = list(range(len(values)))
    hidden = _Line(values, lines=[everything], totals={len(categories)}, threshold=threshold).protect()
    keys: list[Key] = [*categories, TOTAL]
    return Suppressed1D(
        threshold=threshold,
        categories=categories,
        cells=MappingProxyType(_publish(keys, values, hidden, threshold)),
        reasons=MappingProxyType({keys[index]: why for index, why in sorted(hidden.items())}),
    )


def suppress_2d(
    table: Mapping[str, Mapping[str, int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    columns: Sequence[str] | None = None,
) -> Suppressed2D:
    """Suppress small numbers in a table of counts ``table[row][column]`` with its totals.

    Rows keep the order of ``table``. Columns are ``columns`` when given (so a column that is
    zero everywhere still appears), otherwise every column key in the order first seen. A
    missing cell counts as 0.
    """
    _check_threshold(threshold)
    rows = tuple(table)
    if columns is None:
        columns = list(dict.fromkeys(column for row in rows for column in table[row]))
    elif len(set(columns)) != len(columns):
        raise ValueError("columns contains a duplicate")
    known = set(columns)
    for row in rows:
        unknown = [column for column in table[row] if column not in known]
        if unknown:
            raise ValueError(f"row {row!r} has columns not in columns: {unknown!r}")
    cols = tuple(columns)

    # The grid: the table, each row followed by its total, then the row of column totals ending
    # in the grand total. Entry (i, j) has index i * width + j.
    counts = [[_check_count((row, column), table[row].get(column, 0)) for column in cols] for row in rows]
    grid = [[*line, sum(line)] for line in counts]
    column_totals = [sum(line[j] for line in counts) for j in range(len(cols))]
    grid.append([*column_totals, sum(column_totals)])
    height, width = len(rows) + 1, len(cols) + 1
    values = [value for line in grid for value in line]
    lines = [[i * width + j for j in range(width)] for i in range(height)]
    lines += [[i * width + j for i in range(height)] for j in range(width)]
    totals = {i * width + width - 1 for i in range(height)} | {(height - 1) * width + j for j in range(width)}
    hidden = _Grid(values, lines=lines, totals=totals, threshold=threshold, height=height, width=width).protect()

    row_keys: list[Key] = [*rows, TOTAL]
    column_keys: list[Key] = [*cols, TOTAL]
    keys = [(row_keys[i], column_keys[j]) for i in range(height) for j in range(width)]
    return Suppressed2D(
        threshold=threshold,
        rows=rows,
        columns=cols,
        cells=MappingProxyType(_publish(keys, values, hidden, threshold)),
        reasons=MappingProxyType({keys[index]: why for index, why in sorted(hidden.items())}),
    )


# --- internals --------------------------------------------------------------------------------

_K = TypeVar("_K")


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise TypeError(f"threshold must be an int, not {type(threshold).__name__}")
    if threshold < 1:
        raise ValueError("threshold must be at least 1")


def _check_count(where: object, value: int) -> int:
    # bool is an int in Python; True as a count is a bug in the caller, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"count for {where!r} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"count for {where!r} is negative: {value}")
    return value


def _display(value: Published) -> int | str:
    return value if isinstance(value, int) else str(value)


def _publish(
    keys: Sequence[_K], values: Sequence[int], hidden: Mapping[int, Reason], threshold: int
) -> dict[_K, Published]:
    marker = Hidden(threshold)
    return {key: (marker if index in hidden else values[index]) for index, key in enumerate(keys)}


class _Protector:
    """Rules 1 to 4 over entries numbered 0..n-1, grouped in lines whose last entry is the total.

    Subclasses say when a hidden entry is safe (rule 3c) and what to hide to make it safe.
    """

    def __init__(self, values: list[int], *, lines: list[list[int]], totals: set[int], threshold: int) -> None:
        self.values = values
        self.lines = lines
        self.totals = totals
        self.threshold = threshold
        self.hidden: dict[int, Reason] = {}
        self.lines_through: list[list[list[int]]] = [[] for _ in values]
        for line in lines:
            for entry in line:
                self.lines_through[entry].append(line)

    def protect(self) -> dict[int, Reason]:
        for entry, value in enumerate(self.values):
            if 0 < value < self.threshold:
                self.hidden[entry] = Reason.PRIMARY
        while (complement := self._next_complement()) is not None:
            self.hidden[complement] = Reason.COMPLEMENTARY
        self._prune()
        return self.hidden

    def _next_complement(self) -> int | None:
        """The next entry to hide, or None when the table is safe."""
        for line in self.lines:
            if self._line_unsafe(line):
                return self._complement_in(line)
        for entry in sorted(self.hidden):
            if not self.is_free(entry):
                return self.unpin(entry)
        return None

    def _is_safe(self) -> bool:
        return not any(self._line_unsafe(line) for line in self.lines) and all(map(self.is_free, self.hidden))

    def _line_unsafe(self, line: list[int]) -> bool:
        hidden = [entry for entry in line if entry in self.hidden]
        if len(hidden) == 1:  # rule 3a: total minus the shown cells gives it away
            return True
        if line[-1] in self.hidden:
            return False
        # Rule 3b: with the total shown, total minus shown cells publishes the sum of the hidden ones.
        return 0 < sum(self.values[entry] for entry in hidden) < self.threshold

    def _complement_in(self, line: list[int]) -> int:
        cell = self._cheapest(line[:-1])
        # No shown non-zero cell left: then the total is shown and non-zero (the line holds a
        # hidden non-zero count, or too few hidden ones), so hiding the total does the job.
        return line[-1] if cell is None else cell

    def _cheapest(self, entries: Iterable[int]) -> int | None:
        """The shown non-zero entry that costs the reader least: cells before totals, small before large."""
        candidates = [entry for entry in entries if entry not in self.hidden and self.values[entry] > 0]
        return min(candidates, key=lambda entry: (entry in self.totals, self.values[entry], entry), default=None)

    def can_decrease(self, entry: int) -> bool:
        # A reader knows a hidden cell is at least 1 (zeros are shown), so one of 1 cannot go
        # lower. A total has no floor of its own: it follows its cells.
        return entry in self.totals or self.values[entry] >= 2

    def is_free(self, entry: int) -> bool:
        """Whether another table with the same published numbers differs in this hidden entry."""
        raise NotImplementedError

    def unpin(self, entry: int) -> int:
        """An entry to hide so that ``entry`` becomes free. Fallback: the cheapest one in its lines,
        then anywhere; with every non-zero entry hidden every entry is free, so this ends."""
        for line in self.lines_through[entry]:
            cheapest = self._cheapest(line)
            if cheapest is not None:
                return cheapest
        cheapest = self._cheapest(range(len(self.values)))
        if cheapest is None:  # pragma: no cover - unreachable, see the docstring
            raise RuntimeError("no entry left to hide")
        return cheapest

    def _prune(self) -> None:
        # Rule 4: show complementary entries again where the table stays safe: totals first,
        # then larger counts (they carry more information), ties by position.
        changed = True
        while changed:
            changed = False
            complementary = [entry for entry, why in self.hidden.items() if why is Reason.COMPLEMENTARY]
            for entry in sorted(complementary, key=lambda e: (e not in self.totals, -self.values[e], e)):
                del self.hidden[entry]
                if self._is_safe():
                    changed = True
                else:
                    self.hidden[entry] = Reason.COMPLEMENTARY


class _Line(_Protector):
    """A 1-D list: one line, the cells and their total."""

    def is_free(self, entry: int) -> bool:
        # Move one unit between this entry and another hidden one: up here and down there, or
        # the other way round. Going up is always possible.
        others = [other for other in self.hidden if other != entry]
        return any(map(self.can_decrease, others)) or (bool(others) and self.can_decrease(entry))


class _Grid(_Protector):
    """A 2-D table with its totals: ``height`` lines across, ``width`` lines down.

    Lines are nodes of a graph (rows 0..height-1, columns height..height+width-1) and a hidden
    entry is an edge between its row and its column. Write the totals with a minus sign (the grand
    total with a plus) and every line of the grid adds up to zero; a change that keeps the shown
    numbers is then +1 and -1 alternately around a cycle of hidden entries. Going up an entry is
    an arc row -> column, going down an arc column -> row (allowed unless a cell would drop below
    1), and an entry is free when an arc through it closes a directed cycle.
    """

    def __init__(
        self,
        values: list[int],
        *,
        lines: list[list[int]],
        totals: set[int],
        threshold: int,
        height: int,
        width: int,
    ) -> None:
        super().__init__(values, lines=lines, totals=totals, threshold=threshold)
        self.height = height
        self.width = width

    def _nodes(self, entry: int) -> tuple[int, int]:
        row, column = divmod(entry, self.width)
        return row, self.height + column

    def _arcs(self, without: int) -> tuple[list[list[int]], list[list[int]]]:
        """Forward and backward adjacency of the hidden entries other than ``without``."""
        forward: list[list[int]] = [[] for _ in range(self.height + self.width)]
        backward: list[list[int]] = [[] for _ in range(self.height + self.width)]
        for entry in self.hidden:
            if entry == without:
                continue
            row, column = self._nodes(entry)
            forward[row].append(column)
            backward[column].append(row)
            if self.can_decrease(entry):
                forward[column].append(row)
                backward[row].append(column)
        return forward, backward

    def is_free(self, entry: int) -> bool:
        forward, _ = self._arcs(without=entry)
        row, column = self._nodes(entry)
        if row in _reach(forward, column):  # up here, back round the cycle
            return True
        return self.can_decrease(entry) and column in _reach(forward, row)

    def unpin(self, entry: int) -> int:
        # A newly hidden entry is a shown non-zero count, so at least the threshold (at least 2,
        # since something is hidden): it can go both ways and joins its row and column both ways.
        # It closes a cycle through ``entry`` if one end is reachable from where the arc through
        # ``entry`` ends and the other end leads back to where it starts.
        forward, backward = self._arcs(without=entry)
        row, column = self._nodes(entry)
        ways = [(_reach(forward, column), _reach(backward, row))]
        if self.can_decrease(entry):
            ways.append((_reach(forward, row), _reach(backward, column)))

        def closes(candidate: int) -> bool:
            a, b = self._nodes(candidate)
            return any((a in start and b in end) or (b in start and a in end) for start, end in ways)

        cheapest = self._cheapest(candidate for candidate in range(len(self.values)) if closes(candidate))
        return super().unpin(entry) if cheapest is None else cheapest


def _reach(adjacency: list[list[int]], start: int) -> set[int]:
    seen = {start}
    queue = deque([start])
    while queue:
        for node in adjacency[queue.popleft()]:
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


_COUNT_IN_TEXT = re.compile(r"(?<![\d.,])(\d+)(?![\d%]|[.,]\d|\s*%)")


def mask_counts(text: str, *, threshold: int) -> str:
    """Hide every count in a free-text figure ("3 / 12") that lies below the threshold; zero and
    percentages stay."""

    def replace(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"< {threshold}" if 0 < n < threshold else match.group(1)

    return _COUNT_IN_TEXT.sub(replace, text)
