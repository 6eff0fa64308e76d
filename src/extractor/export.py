"""Spreadsheets for staff: the tables (or a query's result) as one workbook, a sheet per table, or as
CSV files.

Spreadsheet cells hold text as text: a document sentence starting with "=" is never read as a
formula (xlsx cells are typed as strings; in CSV files made for spreadsheets such cells get a
leading apostrophe, as spreadsheet programs expect). Lists become "; "-separated text, times
are written in UTC, and text longer than a cell can hold is cut with a note. Characters XML
cannot hold are removed, and the cell gets a comment saying so (the Parquet tables keep them).
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import workbook
from .errors import OutputError

FORMATS = ("xlsx", "csv")
RESULT_FORMATS = ("table", "csv", "json", "parquet", "xlsx")
EXCEL_CELL_CHARS = 32_767  # the most characters a spreadsheet cell holds
EXCEL_ROWS = 1_048_576
SHEET_NAME_CHARS = 31
SKIPPED_BY_DEFAULT = ("texts",)  # whole documents do not fit in a cell; query them instead
TRUNCATED = " […cut: the full text is in the Parquet table]"
STRIPPED = (
    "Characters a spreadsheet cannot hold (control characters, U+FFFE, U+FFFF) were removed from this cell; the Parquet table has the exact text."
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell holds it (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(str(item) for item in list(value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        value = _xml_text(value)
        if len(value) > EXCEL_CELL_CHARS:
            value = value[: EXCEL_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return value


def _xml_text(text: str) -> str:
    """Text without what XML 1.0 cannot hold: openpyxl's own control characters, the
    noncharacters U+FFFE and U+FFFF (a PDF's ToUnicode map can produce them), lone surrogates."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return _NONCHARACTERS.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


_NONCHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")  # and lone surrogates: lxml refuses them too


def write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per frame (the frame's name, cut to 31 characters), laid out for people (see workbook.py)."""
    for name, frame in frames.items():
        if len(frame) >= EXCEL_ROWS:
            raise OutputError(f"The table '{name}' has {len(frame):,} rows, more than a spreadsheet holds; export it as CSV or Parquet.")
    used: set[str] = set()
    return workbook.write(frames, path, cell_value, lambda name: _sheet_name(name, used), cell_note)


def cell_note(value: Any) -> str | None:
    """The note a cell gets when its text had to change to fit a spreadsheet, else None."""
    return STRIPPED if isinstance(value, str) and _xml_text(value) != value else None


def csv_text(frame: pd.DataFrame, for_spreadsheets: bool = False) -> str:
    """The frame as CSV; `for_spreadsheets`: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    cleaned = frame.map(lambda value: _neutral(cell_value(value), for_spreadsheets)) if len(frame.columns) else frame
    buffer = io.StringIO()
    cleaned.to_csv(buffer, index=False)
    return buffer.getvalue()


def export_tables(frames: dict[str, pd.DataFrame], fmt: str, output: Path) -> list[Path]:
    """The tables as one workbook (`xlsx`: `output` is the file) or one CSV per table (`csv`: `output` is a folder)."""
    if fmt not in FORMATS:
        raise OutputError(f"Unknown export format '{fmt}': use one of {', '.join(FORMATS)}.")
    if fmt == "xlsx":
        return [write_xlsx(frames, output)]
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        path = output / f"{name}.csv"
        path.write_text(csv_text(frame, for_spreadsheets=True), encoding="utf-8-sig")  # the BOM tells Excel it is UTF-8
        written.append(path)
    return written


def write_result(frame: pd.DataFrame, fmt: str, output: Path | None) -> str | None:
    """A query's result in `fmt`: returned as text when there is no `output` (table, csv, json), else written."""
    if fmt not in RESULT_FORMATS:
        raise OutputError(f"Unknown format '{fmt}': use one of {', '.join(RESULT_FORMATS)}.")
    if fmt in ("parquet", "xlsx") and output is None:
        raise OutputError(f"--format {fmt} writes a file: add --output FILE.")
    if fmt == "parquet":
        assert output is not None
        output.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(output, index=False)
        return None
    if fmt == "xlsx":
        assert output is not None
        write_xlsx({"result": frame}, output)
        return None
    if fmt == "csv":
        text = csv_text(frame)
    elif fmt == "json":
        records = json.loads(frame.map(_jsonable).to_json(orient="records", date_format="iso", force_ascii=False))
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _table(frame)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return None


def selected(frames: dict[str, pd.DataFrame], names: Sequence[str] | None) -> dict[str, pd.DataFrame]:
    """The tables named (all but the whole texts when none are)."""
    if not names:
        return {name: frame for name, frame in frames.items() if name not in SKIPPED_BY_DEFAULT}
    unknown = [name for name in names if name not in frames]
    if unknown:
        raise OutputError(f"No table named {', '.join(unknown)}: the tables are {', '.join(frames)}.")
    return {name: frames[name] for name in names}


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return f"(no rows; columns: {', '.join(map(str, frame.columns))})\n"
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200, "display.max_colwidth", 60):
        return frame.to_string(index=False) + f"\n({len(frame)} row{'s' if len(frame) != 1 else ''})\n"


def _jsonable(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray) else value


def _neutral(value: Any, for_spreadsheets: bool) -> Any:
    if for_spreadsheets and isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:SHEET_NAME_CHARS] or "sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f"_{number}"
        candidate, number = base[: SHEET_NAME_CHARS - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate
