"""The comparison report, opened in headless Chromium as a council officer would open it.

Browser tests fail (never skip) without Chromium: see tests/browser.py.
"""

from __future__ import annotations

import re
import shutil
import struct
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from extractor import compare, steps
from extractor.cli import app
from extractor.config import Settings
from extractor.query import read_tables
from extractor.report import render_comparison
from tests.tablemaker import document, fact, publish

CHARTS_READY = "document.body.getAttribute('data-charts-ready') === 'true'"
PAGE = """(() => ({
  charts: document.querySelectorAll('.chart[data-figure]').length,
  drawn: document.querySelectorAll('.js-plotly-plot').length,
  svgs: document.querySelectorAll('.js-plotly-plot svg.main-svg').length,
  dots: document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length,
  bars: document.querySelectorAll('.js-plotly-plot .barlayer .point').length,
  legend: Array.from(document.querySelectorAll('.js-plotly-plot .legendtext')).map(e => e.textContent),
  failed: Array.from(document.querySelectorAll('.chart')).filter(e => /could not be drawn/.test(e.textContent)).length,
  text: document.body.innerText,
}))()"""
FY_2023 = (date(2023, 4, 1), date(2024, 3, 31), "2023-24")
FY_2022 = (date(2022, 4, 1), date(2023, 3, 31), "2022-23")

runner = CliRunner()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _open(browser, path: Path, screenshot: Path | None = None) -> dict:
    browser.open(path)
    browser.wait_for(CHARTS_READY)
    browser.pump(0.2)  # late console messages
    page = browser.evaluate(PAGE)
    if screenshot is not None:
        browser.screenshot(screenshot)
    return page


@pytest.fixture(scope="module")
def corpus_report(corpus_tables, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    tables = root / "tables"
    shutil.copytree(corpus_tables, tables, symlinks=True)
    result = runner.invoke(
        app,
        [
            "compare",
            "--no-prefect",
            "--tables",
            str(tables),
            "--partnership",
            "Wirral",
            "--partnership",
            "worcestershire",
            "--html",
            str(root / "compare.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    return root / "compare.html"


def test_the_report_opens_in_chromium_with_charts_and_both_partnerships(browser, corpus_report, tmp_path):
    screenshot = tmp_path / "compare.png"
    page = _open(browser, corpus_report, screenshot)
    assert browser.console_errors == [] and browser.dialogs == []
    # the themes of the partnerships' own reviews, and the one figure both count the same way: CSPRs published
    # (gold: Wirral "published two statutory child safeguarding practice reviews", Worcestershire "published one");
    # Worcestershire's rapid reviews undertaken stand alone
    assert page["charts"] >= 1 and page["drawn"] == page["charts"] and page["failed"] == 0
    assert page["svgs"] >= 2 * page["charts"]
    assert page["bars"] >= 1
    assert {"Wirral", "Worcestershire"} <= set(page["legend"])
    for words in (
        "Wirral",
        "Worcestershire",
        "Strategy for Neglect",
        "The Myth of Invisible Men",
        "Plan 2022-24",
        "Only Worcestershire reports these, so they are not compared",
    ):
        assert words in page["text"]
    note = " ".join(page["text"].split())
    assert "charted below: case reviews published or undertaken — “safeguarding practice review”, cspr, published" in note
    assert "Only Worcestershire reports these" in note and "“rapid review”, undertaken" in note
    width, height = _png_size(screenshot)
    assert width == 1280 and height > 2000


def test_the_report_needs_no_network(browser, corpus_report):
    page = corpus_report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+href=", page)
    browser.open(corpus_report)
    browser.wait_for(CHARTS_READY)
    assert [url for url in browser.requests if not url.startswith(("file:", "data:", "about:"))] == []


def test_every_figure_links_to_its_source_document_and_page(corpus_report):
    tree = lxml_html.fromstring(corpus_report.read_bytes())
    anchors = {element.get("id") for element in tree.xpath("//*[@id]")}
    tables = tree.xpath("//section[@id='numbers']//table | //section[@id='reviews']//table | //section[@id='recommendations']//table")
    rows = [row for table in tables for row in table.xpath(".//tbody/tr")]
    assert len(rows) >= 10
    for row in rows:
        links = [a.get("href") for a in row.xpath(".//span[@class='source']/a")]
        assert links and links[0].startswith("#doc-") and links[0][1:] in anchors, lxml_html.tostring(row)
    cpp = [row for row in tree.xpath("//section[@id='numbers']//tbody/tr") if "372" in row.text_content()]
    # tests/gold: the 372 children on plans are on page 1 of the 2023-24 summary
    assert cpp and "wirral-scp-annual-report-2023-24-summary.pdf, page 1" in " ".join(cpp[0].text_content().split())


def test_a_document_with_a_web_address_is_linked_at_its_page(tmp_path):
    doc = document(
        "https://example.org/annual-report.pdf",
        "There were 372 children on plans.",
        area="A",
        period=FY_2023,
        source_url="https://example.org/annual-report.pdf",
    )
    other = document("b.pdf", "There were 90 children on plans.", area="B", period=FY_2023)
    publish(
        tmp_path,
        [doc, other],
        statistics=[
            fact(doc, "372", page=2, value=372.0, unit="count", metric="child_protection_plans"),
            fact(other, "90", page=5, value=90.0, unit="count", metric="child_protection_plans"),
        ],
    )
    page = render_comparison(compare.build(read_tables(tmp_path)))
    assert 'href="https://example.org/annual-report.pdf#page=2"' in page
    assert "b.pdf</a>, page&nbsp;5" in page


def _two_partnerships_one_without_statistics(root: Path) -> Path:
    a1 = document("a-2022.pdf", "Our priorities: Neglect. We trained 500 staff.", area="Alpha", period=FY_2022)
    a2 = document("a-2023.pdf", "Our priorities: Neglect. We trained 650 staff.", area="Alpha", period=FY_2023)
    b = document("b-2023.pdf", "Our priorities: Neglect and Exploitation. The review of Child Q was published.", area="Beta", period=FY_2023)
    return publish(
        root,
        [a1, a2, b],
        priorities=[
            fact(a1, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
            fact(a2, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
            fact(b, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
            fact(b, "Exploitation", priority="Exploitation", priority_key="exploitation", rank=2),
        ],
        statistics=[
            fact(a1, "500", value=500.0, unit="count", label="staff", metric="training_attendees"),
            fact(a2, "650", value=650.0, unit="count", label="staff", metric="training_attendees"),
        ],
        reviews=[fact(b, "Child Q", name="Child Q", kind="CSPR", status="published", themes=["exploitation"])],
    )


def test_a_partnership_with_no_statistics(browser, tmp_path):
    tables = _two_partnerships_one_without_statistics(tmp_path / "tables")
    summary = steps.compare(Settings(out=tables), ["alpha", "BETA"], tmp_path / "compare.html")
    assert summary.partnerships == ["Alpha", "Beta"] and summary.notice is None
    page = _open(browser, tmp_path / "compare.html", tmp_path / "compare.png")
    assert browser.console_errors == []
    assert "No figures that can be compared were found in Beta's documents." in page["text"]
    assert "Only Alpha reports these, so they are not compared" in page["text"]  # its training figures, listed
    assert "Priorities named by more than one partnership: Neglect." in page["text"]
    assert page["charts"] == 1 and page["drawn"] == 1  # the review themes; no figure is shared


def test_a_single_partnership_says_there_is_nothing_to_compare(browser, tmp_path):
    tables = _two_partnerships_one_without_statistics(tmp_path / "tables")
    summary = steps.compare(Settings(out=tables), ["Alpha"], tmp_path / "compare.html")
    assert summary.partnerships == ["Alpha"]
    page = _open(browser, tmp_path / "compare.html", tmp_path / "single.png")
    assert browser.console_errors == []
    assert "There is nothing to compare: only Alpha has documents in these tables." in page["text"]
    assert "650" in page["text"] and "Beta" not in page["text"]
    assert "not listed" not in page["text"]  # Neglect is listed in both of Alpha's years


def test_empty_tables_say_there_is_nothing_to_compare(browser, tmp_path):
    tables = publish(tmp_path / "tables", [])
    result = runner.invoke(app, ["compare", "--no-prefect", "--tables", str(tables), "--html", str(tmp_path / "empty.html")])
    assert result.exit_code == 0, result.output
    assert "There is nothing to compare" in result.output
    page = _open(browser, tmp_path / "empty.html", tmp_path / "empty.png")
    assert browser.console_errors == []
    assert "There is nothing to compare: these tables hold no documents" in page["text"]
    assert page["charts"] == 0
    assert (tmp_path / "empty.html").stat().st_size < 100_000  # no charts: plotly.js is left out


def test_partnerships_asked_for_but_not_in_the_tables_are_named(tmp_path):
    tables = _two_partnerships_one_without_statistics(tmp_path / "tables")
    result = runner.invoke(
        app,
        ["compare", "--no-prefect", "--tables", str(tables), "--partnership", "Alpha", "--partnership", "Gamma", "--html", str(tmp_path / "c.html")],
    )
    assert result.exit_code == 0 and "no documents for partnership 'Gamma'" in result.output
    text = " ".join(lxml_html.fromstring((tmp_path / "c.html").read_bytes()).text_content().split())
    assert "No documents were found for Gamma." in text
    nobody = steps.compare(Settings(out=tables), ["Gamma"], tmp_path / "none.html")
    assert nobody.partnerships == [] and "none of the partnerships asked for (Gamma)" in (nobody.notice or "")


def test_compare_without_tables_fails_with_the_fix(tmp_path):
    result = runner.invoke(app, ["compare", "--no-prefect", "--tables", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "extractor ingest" in result.output


def test_a_measure_counting_the_same_thing_is_charted_on_one_axis_of_marked_years(browser, tmp_path):
    a = document("a.pdf", "At year end 410 children had a child protection plan.", area="Alpha", period=FY_2023)
    b = document(
        "b.pdf", "There were 95 children on child protection plans in December.", area="Beta", period=(date(2023, 1, 1), date(2023, 12, 31), "2023")
    )
    c = document("c.pdf", "We ran 4 rapid reviews.", area="Beta", period=(date(2023, 1, 1), date(2023, 12, 31), "2023"))
    d = document("d.pdf", "Two reviews were published.", area="Alpha", period=FY_2023)
    tables = publish(
        tmp_path / "tables",
        [a, b, c, d],
        statistics=[
            fact(a, "410", value=410.0, unit="count", label="children had a child protection plan", metric="child_protection_plans"),
            fact(b, "95", value=95.0, unit="count", label="children on child protection plans", metric="child_protection_plans"),
            fact(c, "4", value=4.0, unit="count", label="rapid reviews", metric="reviews_published"),
            fact(d, "Two", value=2.0, unit="count", label="reviews were published", metric="reviews_published"),
        ],
    )
    steps.compare(Settings(out=tables), [], tmp_path / "compare.html")
    page = _open(browser, tmp_path / "compare.html", tmp_path / "chart.png")
    assert browser.console_errors == []
    assert page["charts"] == 1 and page["drawn"] == 1 and page["dots"] == 2  # the plans; not the reviews
    ticks = browser.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot .xtick text')).map(e => e.textContent)")
    assert ticks == ["2023 (calendar)", "2023-24 (FY)"]
    text = " ".join(page["text"].split())
    assert "What is counted: Children subject to a child protection plan" in text
    assert "Case reviews published or undertaken is reported by more than one partnership, but each counts something different" in text
    # every fact links to its document's review page, written beside the report
    tree = lxml_html.fromstring((tmp_path / "compare.html").read_bytes())
    shows = {a.get("href") for a in tree.xpath("//a[@class='show']")}
    assert shows and all((tmp_path / href).is_file() for href in shows)


def test_sources_say_a_documents_own_period_only_where_its_reporting_year_differs(corpus_report):
    tree = lxml_html.fromstring(corpus_report.read_bytes())
    items = {" ".join(li.text_content().split()) for li in tree.xpath("//ol[@class='sources']/li")}
    paper = next(item for item in items if item.startswith("wirral-2025-01-22"))
    web = next(item for item in items if item.startswith("wirral-scp-annual-report-2021"))
    # the committee paper's January-December 2023 is one reporting year with the 2023-24 summary
    assert "reporting year 2023 / 2023-24" in paper and "the document's own period: 2023)" in paper
    assert "own period" not in web and "reporting year 2021 (calendar year)" in web
