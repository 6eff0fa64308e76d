"""Exports for spreadsheets: a workbook with a sheet per table, CSV files, text never run as a formula."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from extractor.cli import app
from extractor.export import EXCEL_CELL_CHARS, csv_text, write_xlsx
from tests.tablemaker import document, fact, publish

runner = CliRunner()
FORMULA = '=HYPERLINK("http://example.org","click")'


def _tables(root):
    doc = document(
        "a.pdf", f"{FORMULA} was in the text. Over 600 staff were trained.", area="Wirral", period=(date(2023, 4, 1), date(2024, 3, 31), "2023-24")
    )
    return publish(
        root,
        [doc],
        statistics=[fact(doc, "600", value=600.0, unit="count", qualifier="over", metric="training_attendees")],
        reviews=[fact(doc, FORMULA, name=FORMULA, kind="CSPR", themes=["neglect", "domestic abuse"])],
    )


def test_the_workbook_has_a_sheet_per_table_and_keeps_text_as_text(tmp_path):
    tables = _tables(tmp_path / "tables")
    result = runner.invoke(app, ["export", "--tables", str(tables), "--output", str(tmp_path / "tables.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "tables.xlsx")
    assert {"documents", "statistics", "reviews", "priorities", "recommendations"} <= set(book.sheetnames)
    assert "texts" not in book.sheetnames  # whole documents do not fit a cell
    reviews = book["reviews"]
    header = [cell.value for cell in reviews[1]]
    row = {name: cell for name, cell in zip(header, reviews[2])}
    assert row["name"].value == FORMULA and row["name"].data_type == "s"  # a string, not a formula
    assert row["themes"].value == "neglect; domestic abuse"
    assert reviews.freeze_panes == "A2"


def test_comparison_tables_are_exported_once_written(tmp_path):
    tables = _tables(tmp_path / "tables")
    assert runner.invoke(app, ["compare", "--no-prefect", "--tables", str(tables), "--html", str(tmp_path / "c.html")]).exit_code == 0
    result = runner.invoke(app, ["export", "--tables", str(tables), "--format", "csv", "--output", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    series = pd.read_csv(tmp_path / "csv" / "metric_series.csv", encoding="utf-8-sig")
    assert series[["partnership", "period", "metric", "value"]].values.tolist() == [["Wirral", "2023-24", "training_attendees", 600.0]]
    reviews = pd.read_csv(tmp_path / "csv" / "reviews.csv", encoding="utf-8-sig")
    assert reviews["name"].tolist() == ["'" + FORMULA]  # a spreadsheet shows it as text


def test_chosen_tables_only_and_unknown_tables_named(tmp_path):
    tables = _tables(tmp_path / "tables")
    ok = runner.invoke(app, ["export", "--tables", str(tables), "--table", "texts", "--output", str(tmp_path / "t.xlsx")])
    assert ok.exit_code == 0 and load_workbook(tmp_path / "t.xlsx").sheetnames == ["About", "texts"]  # About: the sheets explained
    bad = runner.invoke(app, ["export", "--tables", str(tables), "--table", "nope", "--output", str(tmp_path / "n.xlsx")])
    assert bad.exit_code == 2 and "No table named nope" in bad.output


def test_cells_are_cut_to_what_a_spreadsheet_holds_and_times_are_utc(tmp_path):
    frame = pd.DataFrame({"text": ["x" * (EXCEL_CELL_CHARS + 10)], "at": [datetime(2025, 1, 1, 12, tzinfo=UTC)], "bad": ["a\x01b"]})
    write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    row = next(load_workbook(tmp_path / "t.xlsx")["t"].iter_rows(min_row=2, values_only=True))
    assert len(row[0]) == EXCEL_CELL_CHARS and row[0].endswith("Parquet table]")
    assert row[1] == datetime(2025, 1, 1, 12)
    assert row[2] == "ab"


def test_query_csv_is_left_as_is_for_analysts():
    frame = pd.DataFrame({"name": [FORMULA]})
    assert csv_text(frame).splitlines()[1] == '"=HYPERLINK(""http://example.org"",""click"")"'
    assert csv_text(frame, for_spreadsheets=True).splitlines()[1].startswith("\"'=HYPERLINK")


def test_a_document_with_noncharacters_exports_and_the_cell_says_what_was_removed(tmp_path):
    text = "The board\ufffe met\uffff in May\x01. Priority one is neglect."
    tables = publish(tmp_path / "tables", [document("odd.pdf", text, area="Wirral")])
    result = runner.invoke(app, ["export", "--tables", str(tables), "--table", "texts", "--output", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "t.xlsx")["texts"]
    column = [cell.value for cell in sheet[1]].index("text")
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.value == "The board met in May. Priority one is neglect."
    assert cell.comment is not None and "removed" in cell.comment.text
    query = runner.invoke(app, ["query", "--tables", str(tables), "select text from texts", "--format", "xlsx", "--output", str(tmp_path / "q.xlsx")])
    assert query.exit_code == 0, query.output
    assert load_workbook(tmp_path / "q.xlsx")["result"]["A2"].value == "The board met in May. Priority one is neglect."
