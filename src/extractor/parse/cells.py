"""Table cells from a page's chars, for either engine: pdfplumber's `Table.extract()` text, and the
test that tells a grid of short texts from a box drawn round prose."""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter
from typing import Any

from pdfplumber.table import Table
from pdfplumber.utils.clustering import cluster_objects

from .words import Y_TOLERANCE, group_words

MAX_CELL_WORDS = 60  # a cell with more words is prose in a box

Rows = list[list[str | None]]


def table_text(table: Table, chars: list[dict[str, Any]]) -> Rows:
    """`table.extract()`, cell for cell, without testing every char of the page against every
    cell: chars are sorted once by their vertical middle and each row takes its band by bisection,
    then its chars by their horizontal middle and each cell its span the same way; within those,
    pdfplumber's own test (middle inside the box, right and bottom edges out), in page order."""
    middles = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
    keys = [middle for middle, _ in middles]
    rows: Rows = []
    for row in table.rows:
        bbox = row.bbox  # a property, computed from the cells at each access
        band = sorted(i for _, i in middles[bisect_left(keys, bbox[1]) : bisect_left(keys, bbox[3])])  # page order, as extract()
        row_chars = [chars[i] for i in band if centre_in(chars[i], bbox)]
        across = sorted(((c["x0"] + c["x1"]) / 2, n) for n, c in enumerate(row_chars))
        lefts = [middle for middle, _ in across]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            span = sorted(n for _, n in across[bisect_left(lefts, cell[0]) : bisect_left(lefts, cell[2])])
            inside = [row_chars[n] for n in span if centre_in(row_chars[n], cell)]
            texts.append(_cell_text(inside))
        rows.append(texts)
    return rows


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """pdfplumber's `extract_text(chars)` (the defaults `Table.extract` uses): the words of
    `group_words`, clustered into lines by their tops, joined by spaces and the lines by newlines;
    without building its extractor and text map for each of a table's many cells."""
    words = [word for word, _ in group_words(chars)]
    return "\n".join(" ".join(word["text"] for word in line) for line in cluster_objects(words, itemgetter("top"), Y_TOLERANCE))


def centre_in(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    """pdfplumber's test of a char in a cell: its middle inside, the right and bottom edges out."""
    x0, top, x1, bottom = bbox
    h_mid, v_mid = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bool(x0 <= h_mid < x1 and top <= v_mid < bottom)


def is_real_table(rows: Rows) -> bool:
    """A grid of short texts in at least two columns; a box round prose is not a table."""
    filled = [(c, cell) for row in rows for c, cell in enumerate(row) if cell and cell.strip()]
    if len(rows) < 2 or len(filled) < 3 or len({c for c, _ in filled}) < 2:
        return False
    return all(len(cell.split()) <= MAX_CELL_WORDS for _, cell in filled)
