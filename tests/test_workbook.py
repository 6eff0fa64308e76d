"""The workbook `extractor export` writes, opened with openpyxl as a spreadsheet program would:
an explanatory first sheet, readable columns first and ids last, sized and wrapped columns,
frozen headers with filters, formatted dates and times, and pages set up to print."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from extractor.cli import app
from extractor.tables import COMPARISON_SCHEMAS
from extractor.workbook import ABOUT, WIDTH_MAX
from tests.tablemaker import document, fact, publish

runner = CliRunner()
LONG = (
    "Over the year the partnership's multi-agency training programme reached 640 practitioners "
    "from schools, health services, the police and children's social care across the area."
)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbook")
    doc = document("reports/annual-report-2023-24.pdf", LONG, area="Northshire", period=(date(2023, 4, 1), date(2024, 3, 31), "2023-24"))
    tables = publish(
        root / "tables",
        [doc],
        statistics=[
            fact(doc, "640", page=4, sentence=LONG, value=640.0, unit="count", label="practitioners", metric="training_attendees"),
        ],
        reviews=[fact(doc, "training", name="Child T", kind="LCSPR", status="published", themes=["neglect"])],
    )
    assert runner.invoke(app, ["compare", "--no-prefect", "--tables", str(tables), "--html", str(root / "c.html")]).exit_code == 0
    result = runner.invoke(app, ["export", "--tables", str(tables), "--output", str(root / "export.xlsx")])
    assert result.exit_code == 0, result.output
    return load_workbook(root / "export.xlsx")


def _header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _column(sheet, name: str) -> str:
    return get_column_letter(_header(sheet).index(name) + 1)


def test_the_first_sheet_explains_every_sheet_and_column(book):
    assert book.sheetnames[0] == ABOUT
    rows = list(book[ABOUT].iter_rows(values_only=True))
    described = {(sheet, column): meaning for sheet, column, meaning, *_ in rows[4:] if column}
    for name in book.sheetnames[1:]:
        assert all((name, column) in described for column in _header(book[name])), name
    for name in COMPARISON_SCHEMAS:  # the comparison tables are documented column by column
        assert all(described[(name, column)] for column in _header(book[name])), name
    # meanings from docs/data-dictionary.md
    assert "`count`, `percent`" in described[("statistics", "unit")]
    assert "the exact source text" in described[("statistics", "evidence")]  # a column every fact table shares
    assert "one row per review per partnership" in next(meaning for sheet, column, meaning, *_ in rows if sheet == "review_register" and not column)


def test_fact_sheets_start_with_who_when_which_document_and_page_and_end_with_ids(book):
    header = _header(book["statistics"])
    assert header[:5] == ["partnership", "period", "document", "page", "value"]
    assert header[-3:] == ["doc_id", "char_start", "char_end"]
    row = dict(zip(header, next(book["statistics"].iter_rows(min_row=2, values_only=True))))
    assert (row["partnership"], row["period"], row["document"], row["page"]) == ("Northshire", "2023-24", "annual-report-2023-24.pdf", 4)
    documents = _header(book["documents"])
    assert documents.index("title") < documents.index("content_type") and documents.index("path") > documents.index("status")
    assert documents[-1] != "partnership" and "doc_id" in documents[-8:]


def test_columns_fit_their_content_within_a_cap_and_long_text_wraps(book):
    sheet = book["statistics"]
    sentence, unit = _column(sheet, "sentence"), _column(sheet, "unit")
    assert sheet.column_dimensions[sentence].width == WIDTH_MAX
    assert sheet[f"{sentence}2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height >= 15 * (len(LONG) // WIDTH_MAX)  # tall enough for the wrapped lines
    assert len("unit") + 2 <= sheet.column_dimensions[unit].width < WIDTH_MAX
    assert not sheet[f"{unit}2"].alignment.wrap_text
    doc_id = _column(sheet, "doc_id")  # a 64-character hash: whole in the cell, but narrow and unwrapped
    assert sheet.column_dimensions[doc_id].width < 20 and not sheet[f"{doc_id}2"].alignment.wrap_text
    assert len(sheet[f"{doc_id}2"].value) == 64


def test_every_sheet_has_a_frozen_header_with_filters_and_prints_landscape_to_the_page_width(book):
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}", name
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page


def test_dates_and_times_are_formatted_and_wide_enough(book):
    sheet = book["documents"]
    start, parsed = _column(sheet, "period_start"), _column(sheet, "parsed_at")
    assert sheet[f"{start}2"].number_format == "yyyy-mm-dd" and sheet[f"{start}2"].value.date() == date(2023, 4, 1)
    assert sheet[f"{parsed}2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.column_dimensions[parsed].width >= len("2025-01-01 00:00") + 1  # never ### when printed
