"""The document model shared by every stage: where a document came from, and what was read from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BLOCK_SEPARATOR = "\n\n"
ROW_SEPARATOR = "\n"
CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class DocumentRef:
    """Where a document comes from, and what its source knows about it. `name` is the path
    relative to the corpus, or the URL. The source's values fill the documents row where the
    text names none (and the row says which came from where)."""

    name: str
    path: Path | str | None = None  # a local file, or a URI (`location.py`) in a raw store on object storage
    source_url: str | None = None
    doc_id: str | None = None
    partnership_hint: str | None = None  # the configured `area` of the source that found it
    committee: str | None = None  # committee papers: the committee system's committee title
    meeting_date: date | None = None  # ... the meeting's date
    agenda_item: str | None = None  # ... the agenda item's title
    attachment_id: str | None = None  # ... the committee system's id of the document


@dataclass(frozen=True)
class Block:
    kind: str  # heading, paragraph, list_item, table or caption
    page: int | None
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True)
class TableCell:
    """A cell of a table; `char_start`/`char_end` point at its text inside the table's block."""

    page: int | None
    table_index: int
    row: int
    col: int
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Link:
    page: int | None
    uri: str
    text: str
    char_start: int | None
    char_end: int | None


@dataclass
class Document:
    """A parsed document. Every offset in `blocks` and `links` points into `text`."""

    doc_id: str
    content_type: str
    text: str = ""
    title: str | None = None
    n_pages: int | None = None
    blocks: list[Block] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ocr: bool = False  # the text came from OCR of page images, not from the PDF's text layer


class TextBuilder:
    """Assembles a document's text block by block, so offsets are assigned once, after cleaning."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, kind: str, page: int | None, text: str) -> Block | None:
        text = text.strip()
        if not text:
            return None
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        block = Block(kind, page, start, self._length, text)
        self.blocks.append(block)
        return block

    def add_table(self, page: int | None, rows: list[list[str]], table_index: int) -> list[TableCell]:
        """A table as one block, a line per row and cells joined by `CELL_SEPARATOR`, and its
        cells with their offsets, so extraction reads cells by row and column, not by re-splitting text."""
        rows = [[" ".join(cell.split()) for cell in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return []
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        cells: list[TableCell] = []
        lines: list[str] = []
        offset = start
        for r, row in enumerate(rows):
            line_start = offset
            for c, cell in enumerate(row):
                if c:
                    offset += len(CELL_SEPARATOR)
                cells.append(TableCell(page, table_index, r, c, cell, offset, offset + len(cell)))
                offset += len(cell)
            lines.append(CELL_SEPARATOR.join(row))
            offset = line_start + len(lines[-1]) + len(ROW_SEPARATOR)
        text = ROW_SEPARATOR.join(lines)
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(Block("table", page, start, self._length, text))
        return cells

    @property
    def text(self) -> str:
        return "".join(self._parts)
