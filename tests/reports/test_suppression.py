"""Small-cell suppression: no published count from 1 to 4, and no hidden count recoverable."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.reports.disclosure import PROTECTION, Equation, feasible_ranges
from hedui.reports.suppression import (
    COMPLEMENTARY_TEXT,
    SMALL_TEXT,
    Status,
    SuppressedTable,
    suppress,
)

counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=6)
tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=6)
)


def _lines(table: SuppressedTable) -> list[list[tuple[int, int]]]:
    """Every additive line of the printed grid, the total last (worked out independently)."""
    height, width = len(table.values), len(table.values[0])
    lines = []
    if table.row_totals:
        lines += [[(i, j) for j in range(width)] for i in range(height)]
    if table.column_totals:
        lines += [[(i, j) for i in range(height)] for j in range(width)]
    return lines


def _hidden(table: SuppressedTable) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, row in enumerate(table.status)
        for j, status in enumerate(row)
        if status is not Status.SHOWN
    ]


@settings(max_examples=300)
@given(tables, st.booleans(), st.booleans())
def test_no_published_count_is_between_one_and_four(cells, row_totals, column_totals) -> None:
    table = suppress(cells, row_totals=row_totals, column_totals=column_totals)
    for i, row in enumerate(table.values):
        for j, value in enumerate(row):
            text = table.text(i, j)
            if 1 <= value <= 4:
                assert text == SMALL_TEXT
            assert (
                text in (SMALL_TEXT, COMPLEMENTARY_TEXT) or not 1 <= int(text.replace(",", "")) <= 4
            )


@settings(max_examples=300)
@given(tables, st.booleans(), st.booleans())
def test_no_line_leaves_a_single_hidden_entry(cells, row_totals, column_totals) -> None:
    """Subtracting the published entries of a row or column from its total reveals nothing."""
    table = suppress(cells, row_totals=row_totals, column_totals=column_totals)
    hidden = set(_hidden(table))
    for line in _lines(table):
        assert len([p for p in line if p in hidden]) != 1


@settings(max_examples=300)
@given(tables, st.booleans(), st.booleans())
def test_no_hidden_entry_follows_from_combining_lines(cells, row_totals, column_totals) -> None:
    """No linear combination of the rows and columns gives any hidden entry's exact value.

    The hidden entries are the unknowns of the system "each line sums to its total"; an
    unknown is determined exactly when its unit vector lies in the row space of the system.
    """
    table = suppress(cells, row_totals=row_totals, column_totals=column_totals)
    unknowns = _hidden(table)
    if not unknowns:
        return
    index = {p: k for k, p in enumerate(unknowns)}
    rows = []
    for line in _lines(table):
        row = np.zeros(len(unknowns))
        for p in line[:-1]:
            if p in index:
                row[index[p]] = 1
        if line[-1] in index:
            row[index[line[-1]]] = -1
        rows.append(row)
    system = np.array(rows) if rows else np.zeros((0, len(unknowns)))
    rank = np.linalg.matrix_rank(system) if rows else 0
    for k in range(len(unknowns)):
        unit = np.eye(len(unknowns))[k]
        assert np.linalg.matrix_rank(np.vstack([system, unit])) > rank


@settings(max_examples=150)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=4), st.booleans())
def test_a_small_cell_keeps_two_possible_values_within_its_line(cells, as_row) -> None:
    """Brute force on one line (a row with its total, or a column with its total): trying
    every value a reader thinks possible for the hidden entries (1–4 for ``<5``, 0 or 5–30
    for ``—``), every small cell keeps at least two possible values.

    Two limits, stated in docs/reports.md: a line whose every entry is hidden can hide
    nothing more (four cells of "<5" under a total of "<5" are all 1), and across several
    lines an attacker solving the integer problem can sometimes do better.
    """
    grid = [cells] if as_row else [[c] for c in cells]
    table = suppress(grid, row_totals=as_row, column_totals=not as_row)
    hidden = _hidden(table)
    options = [
        range(1, 5) if table.status[i][j] is Status.SMALL else [0, *range(5, 31)] for i, j in hidden
    ]
    possible: dict[tuple[int, int], set[int]] = {p: set() for p in hidden}
    (line,) = _lines(table)
    for guess in itertools.product(*options):
        grid_guess = [list(row) for row in table.values]
        for (i, j), value in zip(hidden, guess, strict=True):
            grid_guess[i][j] = value
        total = grid_guess[line[-1][0]][line[-1][1]]
        if sum(grid_guess[i][j] for i, j in line[:-1]) == total:
            for p, value in zip(hidden, guess, strict=True):
                possible[p].add(value)
    if len(hidden) == len(line):
        return  # nothing left to hide: [1, 1, 1, 1] with the total 4 is all "<5" and all 1
    for i, j in hidden:
        if table.status[i][j] is Status.SMALL:
            assert len(possible[(i, j)]) >= 2, (cells, table.status)


def test_worked_example_hides_a_partner_in_the_row_and_the_column() -> None:
    # 12  3 20 | 35      The 3 is small. Row 1 needs a partner: 12 (the smallest ≥ 5).
    #  7  8  9 | 24      Column 1 then holds 12 alone: its partner 7; column 2 the 3: 8.
    # 30 40 50 |120      Row 2 now holds 7 and 8: every line has two hidden entries.
    table = suppress([[12, 3, 20], [7, 8, 9], [30, 40, 50]], row_totals=True, column_totals=True)
    assert [table.text(0, j) for j in range(4)] == ["—", "<5", "20", "35"]
    assert [table.text(1, j) for j in range(4)] == ["—", "—", "9", "24"]
    assert [table.text(3, j) for j in range(4)] == ["49", "51", "79", "179"]


def test_bounds_are_respected_one_plus_five_is_not_enough() -> None:
    # 1, 5, 30 → 36: hiding 1 and 5 leaves "<5 + — = 6", which can only be 1 + 5.
    table = suppress([[1], [5], [30]], row_totals=False, column_totals=True)
    assert [table.text(i, 0) for i in range(4)] == ["<5", "—", "—", "36"]


def test_zero_is_shown_and_never_chosen_while_a_count_can_be() -> None:
    table = suppress([[0, 2, 9]], row_totals=True, column_totals=False)
    assert [table.text(0, j) for j in range(4)] == ["0", "<5", "—", "11"]


def _ranges(table: SuppressedTable) -> dict[tuple[int, int], tuple[int, int]]:
    """Exact integer range of every ``<5`` entry, given all the table publishes (the audit)."""
    grid = table.values
    hidden = {p: table.status[p[0]][p[1]] is Status.SMALL for p in _hidden(table)}
    equations = []
    for line in _lines(table):
        sign = {p: 1 for p in line[:-1]} | {line[-1]: -1}
        terms = {p: sign[p] for p in line if p in hidden}
        published = sum(sign[p] * grid[p[0]][p[1]] for p in line if p not in hidden)
        if terms:
            equations.append(Equation(terms, -published))
    if not any(hidden.values()):
        return {}
    ceiling = 2 * sum(map(sum, grid)) + 10
    return dict(feasible_ranges(hidden, equations, ceiling=ceiling))


def test_two_way_table_pinned_only_by_combining_lines_is_protected() -> None:
    # Rules 1–3, line by line, left the 4 of row 2 (column 1) with one possible value once a
    # reader combined the bounds of its row and its column; rule 4 hides one more entry.
    table = suppress(
        [[5, 9, 5, 7], [4, 12, 8, 9], [20, 0, 6, 20]], row_totals=True, column_totals=True
    )
    ranges = _ranges(table)
    assert (1, 0) in ranges
    assert all(high - low >= PROTECTION for low, high in ranges.values())


@settings(max_examples=150)
@given(tables)
def test_every_small_cell_of_a_two_way_table_keeps_two_values(cells: list[list[int]]) -> None:
    table = suppress(cells, row_totals=True, column_totals=True)
    hidden = set(_hidden(table))
    for entry, (low, high) in _ranges(table).items():
        # The known limit: a line hidden entirely can hide nothing more ([[1, 1, 1, 1]] under
        # a total of 4: every cell is 1, and the table says so whatever is printed).
        lines = [line for line in _lines(table) if entry in line]
        if all(set(line) <= hidden for line in lines):
            continue
        assert high - low >= PROTECTION, (entry, low, high)
