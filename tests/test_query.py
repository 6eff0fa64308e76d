"""SQL over the tables: one view per table, from one published version, and the command line."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.compare import COMPARISON_TABLES
from extractor.errors import OutputError, QueryError
from extractor.query import connect, query, read_tables, table_names
from extractor.tables import SCHEMAS
from tests.tablemaker import document, fact, publish

runner = CliRunner()

CPP_BY_PARTNERSHIP_AND_PERIOD = """
    select d.partnership_area as partnership, d.period_label as period, s.value as children, s.stat_period
    from statistics s join documents d using (doc_id)
    where s.metric = 'child_protection_plans' and s.unit = 'count'
    order by partnership, d.period_start
"""


def _one_document(root, name="a.pdf", area="Wirral"):
    doc = document(
        name, "There were 372 children subject to a child protection plan.", area=area, period=(date(2023, 4, 1), date(2024, 3, 31), "2023-24")
    )
    stat = fact(
        doc,
        "372",
        value=372.0,
        unit="count",
        label="children subject to a child protection plan",
        metric="child_protection_plans",
        stat_period="March 2024",
    )
    return publish(root, [doc], statistics=[stat])


def test_every_ingest_table_is_a_view_of_the_corpus(corpus_tables):
    connection = connect(corpus_tables)
    assert set(SCHEMAS) <= set(table_names(connection))
    assert connection.execute("select count(*) from documents").fetchone()[0] == 5
    areas = {row[0] for row in connection.execute("select distinct partnership_area from documents").fetchall()}
    assert areas == {"Wirral", "Worcestershire"}


def test_the_readme_question_children_on_child_protection_plans_by_partnership_and_period(corpus_tables):
    result = query(CPP_BY_PARTNERSHIP_AND_PERIOD, corpus_tables)
    # tests/gold: "In March 2024 there were 372 children subject to a child protection plan" (Wirral 2023-24 summary)
    row = result[(result["partnership"] == "Wirral") & (result["period"] == "2023-24")]
    assert row["children"].tolist() == [372.0]
    assert row["stat_period"].tolist() == ["March 2024"]


def test_facts_join_their_documents_through_the_views(corpus_tables):
    result = query(
        "select d.partnership_area, p.priority from priorities p join documents d using (doc_id) where p.priority_key = 'neglect'",
        corpus_tables,
    )
    # tests/gold: the 2023 committee paper lists "Strategy for Neglect"
    assert ("Wirral", "Strategy for Neglect") in set(map(tuple, result.values.tolist()))


def test_a_table_never_published_is_an_empty_view_of_its_schema(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    result = query("select * from statistics", tmp_path)
    assert result.empty
    assert list(result.columns) == SCHEMAS["statistics"].names
    assert query("select count(*) as n from priority_matrix", tmp_path)["n"].tolist() == [0]


def test_an_open_connection_keeps_reading_the_version_it_started_with(tmp_path):
    _one_document(tmp_path)
    connection = connect(tmp_path)
    second = document("b.pdf", "Another report.", area="Worcestershire")
    first = read_tables(tmp_path)
    publish(tmp_path, [document("a.pdf", first["texts"]["text"][0], area="Wirral"), second])
    assert connection.execute("select count(*) from documents").fetchone()[0] == 1
    assert query("select count(*) as n from documents", tmp_path)["n"].tolist() == [2]


def test_versions_published_within_one_second_keep_the_previous_one_for_readers(tmp_path):
    from extractor.tablestore import TableStore

    store = TableStore(tmp_path)
    published = [store.publish({}) for _ in range(4)]  # well within a second
    assert sorted(published) == published  # names sort in publishing order
    assert published[-2].is_dir() and published[-1].is_dir()  # the one open readers may hold is kept


def test_a_missing_folder_says_how_to_make_the_tables(tmp_path):
    with pytest.raises(OutputError, match="extractor ingest"):
        query("select 1", tmp_path / "nowhere")


def test_bad_sql_names_the_tables_that_can_be_queried(tmp_path):
    _one_document(tmp_path)
    with pytest.raises(QueryError) as failure:
        query("select * from statisticz", tmp_path)
    assert "statistics" in str(failure.value) and "documents" in str(failure.value)


def test_comparison_tables_are_views_once_compare_has_written_them(tmp_path):
    from extractor import compare

    _one_document(tmp_path)
    compare.write(compare.build(read_tables(tmp_path)), tmp_path)
    connection = connect(tmp_path)
    assert set(COMPARISON_TABLES) <= set(table_names(connection))
    series = query("select partnership, period, metric, value from metric_series", tmp_path)
    assert series.values.tolist() == [["Wirral", "2023-24", "child_protection_plans", 372.0]]


def test_cli_prints_a_table_and_writes_csv_json_parquet_and_xlsx(tmp_path):
    tables = _one_document(tmp_path / "tables")
    sql = "select partnership_area, period_label from documents"
    shown = runner.invoke(app, ["query", "--tables", str(tables), sql])
    assert shown.exit_code == 0 and "Wirral" in shown.stdout and "2023-24" in shown.stdout

    csv = runner.invoke(app, ["query", "--tables", str(tables), "--format", "csv", sql])
    assert pd.read_csv(StringIO(csv.stdout)).values.tolist() == [["Wirral", "2023-24"]]

    as_json = runner.invoke(app, ["query", "--tables", str(tables), "--format", "json", sql])
    assert json.loads(as_json.stdout) == [{"partnership_area": "Wirral", "period_label": "2023-24"}]

    parquet = tmp_path / "out.parquet"
    assert runner.invoke(app, ["query", "--tables", str(tables), "--format", "parquet", "--output", str(parquet), sql]).exit_code == 0
    assert pd.read_parquet(parquet)["partnership_area"].tolist() == ["Wirral"]

    xlsx = tmp_path / "out.xlsx"
    assert runner.invoke(app, ["query", "--tables", str(tables), "--format", "xlsx", "--output", str(xlsx), sql]).exit_code == 0
    assert pd.read_excel(xlsx, sheet_name="result").values.tolist() == [["Wirral", "2023-24"]]


def test_cli_fails_with_exit_2_and_a_reason(tmp_path):
    tables = _one_document(tmp_path / "tables")
    no_output = runner.invoke(app, ["query", "--tables", str(tables), "--format", "parquet", "select 1"])
    assert no_output.exit_code == 2 and "--output" in no_output.output
    bad = runner.invoke(app, ["query", "--tables", str(tables), "select * from nope"])
    assert bad.exit_code == 2 and "Tables you can query" in bad.output


# --- tables at a URI: the same views, read through the `_CURRENT` pointer ----------------------


def _two_partnerships(root):
    wirral = document(
        "a.pdf", "There were 372 children subject to a child protection plan.", area="Wirral", period=(date(2023, 4, 1), date(2024, 3, 31), "2023-24")
    )
    worcs = document(
        "b.pdf",
        "There were 415 children subject to a child protection plan.",
        area="Worcestershire",
        period=(date(2023, 4, 1), date(2024, 3, 31), "2023-24"),
    )
    stats = [
        fact(
            doc,
            number,
            value=float(number),
            unit="count",
            label="children subject to a child protection plan",
            metric="child_protection_plans",
            stat_period="March 2024",
        )
        for doc, number in ((wirral, "372"), (worcs, "415"))
    ]
    return publish(root, [wirral, worcs], statistics=stats)


def test_views_over_a_uri_equal_the_views_over_a_folder(tmp_path, uri):
    from extractor import compare

    for root in (tmp_path / "local", uri):
        _two_partnerships(root)
        compare.write(compare.build(read_tables(root)), root)
    questions = [
        CPP_BY_PARTNERSHIP_AND_PERIOD,
        "select doc_id, path, partnership_area from documents order by doc_id",
        "select doc_id, seq, text from blocks order by doc_id, seq",
        "select partnership, period, metric, value from metric_series order by partnership",
    ]
    for sql in questions:
        pd.testing.assert_frame_equal(query(sql, uri), query(sql, tmp_path / "local"))
    assert query(CPP_BY_PARTNERSHIP_AND_PERIOD, uri)["children"].tolist() == [372.0, 415.0]
    assert query("select count(*) as n from priorities", uri)["n"].tolist() == [0]  # never published: an empty view


def test_a_uri_where_nothing_was_published_says_how_to_make_the_tables(uri):
    with pytest.raises(OutputError, match="extractor ingest"):
        query("select 1", uri)


def test_cli_queries_a_uri_and_asks_where_to_write_local_files(tmp_path, uri):
    _two_partnerships(uri)
    shown = runner.invoke(app, ["query", "--tables", uri, "--format", "csv", "select partnership_area from documents order by 1"])
    assert shown.exit_code == 0, shown.output
    assert pd.read_csv(StringIO(shown.stdout))["partnership_area"].tolist() == ["Wirral", "Worcestershire"]
    for command, option in ((["show", "a.pdf"], "--html"), (["export"], "--output"), (["compare", "--no-prefect"], "--html")):
        refused = runner.invoke(app, [*command, "--tables", uri])
        assert refused.exit_code == 2 and option in refused.output and uri in refused.output, refused.output
    page = tmp_path / "a.html"
    assert runner.invoke(app, ["show", "a.pdf", "--tables", uri, "--html", str(page)]).exit_code == 0
    assert "372" in page.read_text(encoding="utf-8")
    workbook = tmp_path / "tables.xlsx"
    assert runner.invoke(app, ["export", "--tables", uri, "--output", str(workbook)]).exit_code == 0
    assert sorted(pd.read_excel(workbook, sheet_name="documents")["partnership_area"]) == ["Wirral", "Worcestershire"]


def test_cli_names_the_option_of_a_bad_uri(tmp_path):
    bad = runner.invoke(app, ["query", "--tables", "https://example.org/tables", "select 1"])
    assert bad.exit_code == 2 and "--tables" in bad.output and "not a file system" in bad.output


def test_queries_are_read_only_and_the_error_lists_only_the_users_views(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app
    from tests.tablemaker import document, publish

    tables = publish(tmp_path / "tables", [document("a.pdf", "The board met in May.", area="Wirral")])
    secret = tmp_path / "secret.txt"
    secret.write_text("not for queries")
    for sql in (f"copy documents to '{tmp_path / 'copy.csv'}'", f"select * from read_csv('{secret}')", "install httpfs"):
        result = CliRunner().invoke(app, ["query", "--tables", str(tables), sql])
        assert result.exit_code == 2, (sql, result.output)
        assert "read-only" in result.output or "disabled" in result.output, result.output
        assert "_arrow" not in result.output and "Tables you can query: blocks" in result.output
    assert not (tmp_path / "copy.csv").exists()
