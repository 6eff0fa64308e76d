"""The layout of a workbook made for people: what `extractor export` writes to xlsx.

* A first sheet, "About", that says what each sheet holds and what each column means (read from
  docs/data-dictionary.md, packaged with the code).
* Each sheet starts with the columns a person reads (partnership, period, document name, page,
  the fact), then the evidence, with ids and offsets at the end; a fact sheet gets its
  document's partnership, period and name from the documents table.
* Columns as wide as their content within a cap, long text wrapped, the header row frozen with
  filters, dates and times formatted, and pages set up to print: landscape, fit to the page
  width, the header row repeated on every page.

`write` takes the cell cleaning (`export.cell_value`) from its caller, so text stays text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .compare.names import file_name, period_name, records
from .tables import COMPARISON_SCHEMAS, SCHEMAS

ABOUT = "About"
WIDTH_MIN, WIDTH_MAX = 8, 50  # column widths, in characters; longer text wraps
ID_WIDTH = 16  # ids and paths: narrower, never wrapped
WIDTH_SAMPLE = 2_000  # rows looked at to size a column
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
CONTEXT = ["partnership", "partnership_area", "period", "period_label", "document", "title", "kind", "page"]  # first
TRAILING_TEXT = ["evidence", "sentence"]
IDS = [
    "path",
    "source_url",
    "also_at",
    "doc_id",
    "review_id",
    "seq",
    "table_index",
    "row",
    "col",
    "char_start",
    "char_end",
    "n_chars",
    "n_bytes",
    "extractor_version",
    "parsed_at",
]  # last: for joining and checking, not for reading
ADDED = {
    "partnership": "the document's partnership area (or its name when the area is unknown), from `documents`",
    "period": 'the document\'s reporting period as staff name it ("2023-24", "2023"), from `documents`',
    "document": "the document's file name (or the last part of its web address), from `documents.path`",
}
DICTIONARY = "data-dictionary.md"
LINE_HEIGHT, ROW_HEIGHT_MAX = 15, 409  # points; the most a spreadsheet row can be
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INTRODUCTION = (
    "Each sheet is a table read from the documents by `extractor` (or made from them by `extractor compare`). "
    "Readable columns come first; ids and character offsets, for joining and checking, are at the end. "
    "Every fact names its document and page: open the document there to check it."
)


@lru_cache(maxsize=1)
def dictionary() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """From the data dictionary: sheet → what one row is, and sheet → column → meaning (a fact
    table's shared columns and the comparison tables' common ones included). Empty when the
    dictionary is not packaged (the sheets are still listed)."""
    rows: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    shared: dict[str, dict[str, str]] = {"Fact tables": {}, "Comparison tables": {}}
    section: str | None = None
    for line in _dictionary_text().splitlines():
        heading = re.match(r"^#{2,3} (.+)$", line)
        if heading:
            name, _, about = heading.group(1).strip().partition(" — ")
            name = name.strip().strip("`")
            section = name if name in SCHEMAS or name in COMPARISON_SCHEMAS or name in shared else None
            if section in SCHEMAS or section in COMPARISON_SCHEMAS:
                rows[name] = about.strip() or ("one row per fact read from a document" if name in _facts() else "")
                base = shared["Fact tables"] if name in _facts() else shared["Comparison tables"] if name in COMPARISON_SCHEMAS else {}
                columns[name] = dict(base)
            continue
        cell = re.match(r"^\| (`[^|]+`(?:, `[^|]+`)*) \|[^|]*\|\s*(.+?)\s*\|$", line)
        if cell and section:
            meaning = cell.group(2).replace("\\|", "|")
            for column in re.findall(r"`([^`]+)`", cell.group(1)):
                (shared[section] if section in shared else columns[section])[column] = meaning
    return rows, columns


def _facts() -> set[str]:
    return {name for name, schema in SCHEMAS.items() if "evidence" in schema.names and name != "dropped"}


def _dictionary_text() -> str:
    packaged = resources.files("extractor").joinpath(DICTIONARY)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[2] / "docs" / DICTIONARY  # a source checkout
    return source.read_text(encoding="utf-8") if source.is_file() else ""


def readable(name: str, frame: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """The sheet's columns in reading order, with the document's partnership, period and name
    added to a sheet that has only its doc_id."""
    frame = frame.copy()
    if documents is not None and "doc_id" in frame and "partnership" not in frame and not documents.empty:
        context = _document_context(documents)
        for column in ("partnership", "period", "document"):
            if column not in frame:
                frame[column] = frame["doc_id"].map(context[column])
    if "path" in frame and "document" not in frame:
        frame["document"] = frame["path"].map(lambda path: file_name(path) if isinstance(path, str) else None)
    columns = list(frame.columns)
    first = [column for column in CONTEXT if column in columns]
    last = [column for column in IDS if column in columns]
    middle_text = [column for column in TRAILING_TEXT if column in columns]
    own = [column for column in columns if column not in first + last + middle_text]
    return frame[first + own + middle_text + last]


def _document_context(documents: pd.DataFrame) -> dict[str, dict[str, Any]]:
    def text(value: Any) -> str | None:
        return value if isinstance(value, str) and value.strip() else None

    def day(value: Any) -> date | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

    context: dict[str, dict[str, Any]] = {"partnership": {}, "period": {}, "document": {}}
    for row in records(documents):
        context["partnership"][row["doc_id"]] = text(row.get("partnership_area")) or text(row.get("partnership"))
        context["period"][row["doc_id"]] = period_name(day(row.get("period_start")), day(row.get("period_end")), text(row.get("period_label")))
        context["document"][row["doc_id"]] = file_name(text(row.get("path")))
    return context


def write(
    frames: dict[str, pd.DataFrame],
    path: Path,
    cell_value: Callable[[Any], Any],
    sheet_name: Callable[[str], str],
    cell_note: Callable[[Any], str | None] = lambda value: None,
) -> Path:
    """The workbook of `frames` (sheet name → frame), laid out for people, written to `path`;
    `cell_note` says why a cell's value differs from the table's (it becomes the cell's comment)."""
    workbook = Workbook()
    about = workbook.active
    assert isinstance(about, Worksheet)  # a new Workbook() opens on one empty worksheet
    about.title = ABOUT
    documents = frames.get("documents")
    laid_out = {name: readable(name, frame, documents) for name, frame in frames.items()}
    sheets = {name: sheet_name(name) for name in laid_out}
    for name, frame in laid_out.items():
        _sheet(workbook.create_sheet(sheets[name]), frame, cell_value, cell_note)
    _about(about, laid_out, sheets)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _sheet(sheet: Worksheet, frame: pd.DataFrame, cell_value: Callable[[Any], Any], cell_note: Callable[[Any], str | None]) -> None:
    sheet.append([str(column) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [max(WIDTH_MIN, len(str(column)) + 2) for column in frame.columns]
    wrapped = [False] * len(frame.columns)
    timed = [False] * len(frame.columns)
    for number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for index, original in enumerate(row):
            value = cell_value(original)
            cell = sheet.cell(row=number, column=index + 1, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                note = cell_note(original)
                if note:
                    cell.comment = Comment(note, "extractor")
                if number <= WIDTH_SAMPLE:
                    longest = max((len(line) for line in value.splitlines()), default=0)
                    widths[index] = max(widths[index], min(WIDTH_MAX, longest + 2))
                    wrapped[index] = wrapped[index] or longest > WIDTH_MAX - 2
            elif isinstance(value, datetime):
                cell.number_format = TIME_FORMAT
                timed[index] = True
                widths[index] = max(widths[index], len(TIME_FORMAT) + 2)
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
                timed[index] = True
                widths[index] = max(widths[index], len(DATE_FORMAT) + 3)
            elif isinstance(value, (int, float)) and number <= WIDTH_SAMPLE:
                widths[index] = max(widths[index], min(WIDTH_MAX, len(f"{value:,}") + 2))
    for index, column in enumerate(frame.columns):
        if column in IDS and not timed[index]:  # complete in the cell, but narrow and on one line: they are not for reading
            widths[index], wrapped[index] = min(widths[index], ID_WIDTH), False
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, wrap in enumerate(wrapped, start=1):
        if wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(sheet, {index: widths[index - 1] for index, wrap in enumerate(wrapped, start=1) if wrap})
    _finish(sheet, len(frame.columns))


def fit_rows(sheet: Worksheet, wrapping: dict[int, float], first: int = 2) -> None:
    """Rows as tall as their wrapped text: spreadsheet programs do not all grow them on opening,
    and a printed page would show the lines on top of each other."""
    if not wrapping:
        return
    for number, row in enumerate(sheet.iter_rows(min_row=first), start=first):
        lines = 1
        for index, width in wrapping.items():
            value = row[index - 1].value
            if isinstance(value, str):
                lines = max(lines, sum(max(1, math.ceil(len(line) / max(1.0, width - 2))) for line in value.splitlines() or [""]))
        if lines > 1:
            sheet.row_dimensions[number].height = min(ROW_HEIGHT_MAX, LINE_HEIGHT * lines)
            for cell in row:
                if not cell.alignment.wrap_text:
                    cell.alignment = Alignment(vertical="top")


def _finish(sheet: Worksheet, n_columns: int) -> None:
    """Header frozen with filters; printed landscape, to the page width, header on every page."""
    sheet.freeze_panes = "A2"
    if n_columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(sheet.max_row, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _about(sheet: Worksheet, frames: dict[str, pd.DataFrame], sheets: dict[str, str]) -> None:
    rows, meanings = dictionary()
    sheet.append(["What this workbook holds"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([INTRODUCTION])
    sheet.append([])
    sheet.append(["sheet", "column", "meaning"])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for name, frame in frames.items():
        sheet.append([sheets[name], "", f"{len(frame):,} rows: " + (rows.get(name) or "a table or a query's result")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for column in frame.columns:
            meaning = meanings.get(name, {}).get(column) or ADDED.get(column, "")
            sheet.append([sheets[name], str(column), meaning])
    for letter, width in zip("ABC", (22, 24, 100)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(sheet, {3: 100}, first=header + 1)
    sheet.merge_cells("A2:C2")
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = f"A{header + 1}"
    sheet.auto_filter.ref = f"A{header}:C{sheet.max_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header}:{header}"
