"""Plain text to `Document`: headings, paragraphs, list items and tables told from the shape of the lines.

Text arrives with no markup (a .txt file, a copied web page, a transcript), so structure is read from the lines:
blank lines end blocks, a marker opens a list item (`markers.py`), short title-like lines are headings, a run of
short lines under a heading or a line ending with ':' is a list, and tab- or space-aligned rows are tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Document, TableCell, TextBuilder
from ..sniff import TEXT, decode
from . import layout
from .markers import all_caps, depth, item_run, split_marker, title_like

MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
RULE = re.compile(r"^([=\-~_*])\1{2,}$")  # under a line it makes the line a heading; alone it is a separator
PAGE_NUMBER = re.compile(r"^(?:Page|Pg\.?|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
CAPTION = re.compile(r"^(?:Table|Figure|Chart|Graph|Diagram)\s+\d+[a-z]?\s*[.:–-]\s*\S")
SPACED_CELLS = re.compile(r" {2,}")
MAX_VALUE_WORDS = 3  # a cell after a space-aligned table's first column
TITLE_SHORTER_THAN = 0.7  # a first line this much shorter than the next is a title, not the start of wrapped prose
INTRO_ENDS = (":", ":-", ":–")


@dataclass
class Unit:
    kind: str
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def parse_text(data: bytes, doc_id: str) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    chunks = [[line.rstrip() for line in chunk.split("\n") if line.strip()] for chunk in re.split(r"\n[ \t]*\n", text)]
    chunks = [chunk for chunk in chunks if chunk]
    units: list[Unit] = []
    for index, lines in enumerate(chunks):
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        units.extend(_chunk_units(lines, following, units[-1] if units else None))
    builder = TextBuilder()
    cells: list[TableCell] = []
    for unit in units:
        if unit.kind == "table":
            cells.extend(builder.add_table(None, unit.rows, len({cell.table_index for cell in cells})))
        else:
            builder.add(unit.kind, None, layout.join_lines(unit.lines))
    first_heading = next((b.text for b in builder.blocks if b.kind == "heading"), None)
    return Document(doc_id, TEXT, builder.text, first_heading, None, builder.blocks, cells)


def _chunk_units(lines: list[str], following: list[str] | None, previous: Unit | None) -> list[Unit]:
    """The blocks of one run of lines between blank lines."""
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        raw, line = lines[i], lines[i].strip()
        rows = _table_rows(lines, i)
        if rows:
            units.append(Unit("table", rows=rows))
            i += len(rows)
            continue
        i += 1
        if RULE.match(line):
            if units and units[-1].kind == "paragraph" and len(units[-1].lines) == 1 and title_like(units[-1].lines[0]):
                units[-1].kind = "heading"
            continue
        if MARKDOWN_HEADING.match(line):
            units.append(Unit("heading", [MARKDOWN_HEADING.sub("", line)]))
            continue
        if CAPTION.match(line):
            units.append(Unit("caption", [line]))
            continue
        if PAGE_NUMBER.match(line):
            units.append(Unit("paragraph", [line]))  # a page's furniture, kept apart so it joins no sentence
            continue
        if _is_heading(lines, i - 1, following):
            units.append(Unit("heading", [line]))
            continue
        marker = split_marker(line)
        if marker:
            kind, numbering, rest = marker
            units.append(Unit("list_item", [rest if kind == "bullet" else f"{numbering} {rest}"]))  # numbers stay, as in PDFs
            continue
        context = units[-1] if units else previous
        run = item_run(lines, i - 1) if context is not None and _opens_list(context) else []
        if len(run) >= 2:
            units.extend(Unit("list_item", [item]) for item in run)
            i += len(run) - 1
            continue
        current = units[-1] if units else None
        if current is not None and _continues(current, raw):
            current.lines.append(line)
        else:
            units.append(Unit("paragraph", [line]))
    return units


def _is_heading(lines: list[str], i: int, following: list[str] | None) -> bool:
    line = lines[i].strip()
    if not title_like(line):
        return False
    if all_caps(line):
        return True
    if i > 0:
        return False
    marker = split_marker(line)
    if marker and marker[0] == "bullet":
        return False
    if len(lines) == 1:
        if following is None:
            return False
        if marker is None:
            return True
        after = split_marker(following[0])
        return not (after and after[0] == "number" and depth(after[1]) == depth(marker[1]))  # "1. A" then "2. B": items
    after_line = lines[1].strip()
    if split_marker(after_line) or _table_rows(lines, 1):
        return True
    return after_line[:1].isupper() and len(line) < TITLE_SHORTER_THAN * len(after_line)


def _opens_list(unit: Unit) -> bool:
    return unit.kind == "heading" or (unit.kind != "table" and unit.lines[-1].endswith(INTRO_ENDS))


def _continues(unit: Unit, raw: str) -> bool:
    """Whether `raw` is the next line of `unit` rather than a block of its own."""
    if unit.kind == "paragraph":
        return not PAGE_NUMBER.match(unit.lines[-1])  # "RESOLVED:" and the one line it introduces read as one paragraph, as the old parser had them
    if unit.kind != "list_item" or unit.lines[-1].endswith(INTRO_ENDS):
        return False
    line = raw.strip()
    return raw[:1].isspace() or line[:1].islower() or not unit.lines[-1].endswith((".", ";"))


def _table_rows(lines: list[str], start: int) -> list[list[str]]:
    """Two or more rows of cells from `start`: split at tabs, or at runs of 2+ spaces when the columns line up."""
    tabbed = "\t" in lines[start].strip()
    rows: list[list[str]] = []
    starts: list[set[int]] = []
    for raw in lines[start:]:
        body = raw.strip()
        if tabbed != ("\t" in body):
            break
        if tabbed:
            cells = [cell.strip() for cell in body.split("\t")]
        else:
            if split_marker(body):
                break
            cells = SPACED_CELLS.split(body)
            starts.append({m.end() for m in SPACED_CELLS.finditer(raw.expandtabs())})
        if len(cells) < 2:
            break
        rows.append(cells)
    if len(rows) < 2:
        return []
    if not tabbed and not _aligned(rows, starts):
        return []  # double spaces inside prose, not columns
    return rows


def _aligned(rows: list[list[str]], starts: list[set[int]]) -> bool:
    """Space-separated rows are columns when they have as many cells, a column starts at the same place in each,
    and the cells after the first are short values, not pieces of sentences."""
    values = [cell for row in rows for cell in row[1:]]
    return (
        len({len(row) for row in rows}) == 1
        and bool(set.intersection(*starts))
        and all(len(cell.split()) <= MAX_VALUE_WORDS and not cell.endswith(".") for cell in values)
    )
