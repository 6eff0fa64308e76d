"""Numbers in tables: the row's label cell, the header's column or period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401  (declares span._.fact, doc._.blocks)
from .labels import _trimmed
from .quantities import Quantity

TABLE_CELL_SEPARATOR = "|"


@dataclass
class TablePosition:
    """Where a number sits in a table block: its row's cells, the header row's cells, its column."""

    row: list[Span]
    header: list[Span] | None
    column: int


def table_rows(doc: Doc, sentence: Span) -> tuple[list[Span], list[Span] | None] | None:
    """A table row's cells and its table's header cells (None for the header row itself).
    Table rows are "cell | cell | cell" lines (the parsers' format); None outside a table."""
    if not any(t.text == TABLE_CELL_SEPARATOR for t in sentence):
        return None
    block = _block_of(doc, sentence.start)
    # Span.sents exists at run time (spaCy 3.2+); spaCy's span.pyi leaves it out
    header_row = next(iter(doc[block[0] : block[1]].sents), None) if block else None  # type: ignore[attr-defined]
    header = _cells(header_row) if header_row is not None and header_row.start != sentence.start else None
    return _cells(sentence), header


def table_position(rows: tuple[list[Span], list[Span] | None], quantity: Quantity) -> TablePosition:
    """Where a number sits in its table row (`table_rows`)."""
    row, header = rows
    column = next((i for i, cell in enumerate(row) if cell.start <= quantity.start < max(cell.end, cell.start + 1)), 0)
    return TablePosition(row, header, column)


def _table_label(doc: Doc, position: TablePosition, is_period: Callable[[Span], list[Span]]) -> tuple[int, int] | None:
    """The row's first cell ("Contacts | 14,523"), or the column heading when rows are periods
    ("Year | Contacts" over "2022-23 | 14,523")."""
    first = position.row[0]
    if position.column > 0 and _wordy(first) and not is_period(first):
        return _trimmed(doc, first.start, first.end)
    if position.header and position.column < len(position.header) and _wordy(position.header[position.column]):
        cell = position.header[position.column]
        return _trimmed(doc, cell.start, cell.end)
    return None


def _table_period(position: TablePosition, periods_of: Callable[[Span], list[Span]]) -> str | None:
    """The column heading when it is a period ("2022-23"), else a period in the row's first cell."""
    cells = []
    if position.header and position.column < len(position.header):
        cells.append(position.header[position.column])
    if position.column > 0:
        cells.append(position.row[0])
    for cell in cells:
        found = periods_of(cell)
        if found:
            return found[0].text
    return None


def _wordy(cell: Span) -> bool:
    return any(t.is_alpha for t in cell)


def _cells(row: Span) -> list[Span]:
    cells, start = [], row.start
    for token in row:
        if token.text == TABLE_CELL_SEPARATOR:
            cells.append(row.doc[start : token.i])
            start = token.i + 1
    cells.append(row.doc[start : row.end])
    return [_strip_space(cell) for cell in cells]


def _strip_space(cell: Span) -> Span:
    start, end = cell.start, cell.end
    while end > start and cell.doc[end - 1].is_space:
        end -= 1
    return cell.doc[start:end]


def _block_of(doc: Doc, token_index: int) -> tuple[int, int] | None:
    """Token range of the block holding a token."""
    char = doc[token_index].idx
    for _kind, start, end, _page in doc._.blocks or []:
        if start <= char < end:
            span = doc.char_span(start, end, alignment_mode="expand")
            return (span.start, span.end) if span is not None else None
    return None
