"""A hostile document: markup and `javascript:` links in its text, facts, names and paths are shown as
text, and nothing from it runs, in the comparison report and in the review page."""

from __future__ import annotations

from datetime import date

import pytest

from extractor import compare
from extractor.query import read_tables
from extractor.report import render_comparison, render_document, write_html
from tests.tablemaker import document, fact, link, publish

FY = (date(2023, 4, 1), date(2024, 3, 31), "2023-24")
SCRIPT = '<script>alert("text")</script>'
IMG = '<img src=x onerror=alert("img")>'
JS_LINK = 'javascript:alert("link")'
EVIL_AREA = 'Evil<img src=x onerror=alert("area")>'
TEXT = (
    f"Our priorities: {SCRIPT} and {IMG}.\n\n"
    f"Read {JS_LINK} or JaVaScRiPt:alert(2) or the safe report here.\n\n"
    'There were 12 children on plans </script><script>alert("sentence")</script>.\n\n'
    'The review <svg onload=alert("review")> was published.\n\n'
    'The board is asked to "><script>alert("rec")</script> note the report.'
)
# what a page may hold: every href http(s) or in-page, no inline handlers, no images, only our scripts
INERT = """(() => ({
  hrefs: Array.from(document.querySelectorAll('[href]')).map(e => e.getAttribute('href')),
  handlers: Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on')),
  images: document.querySelectorAll('img, iframe, object, embed').length,
  svgs_outside_charts: Array.from(document.querySelectorAll('svg')).filter(e => !e.closest('.js-plotly-plot') && e.id !== 'js-plotly-tester').length,
  scripts: Array.from(document.scripts).map(s => s.textContent.slice(0, 40)),
  text: document.body.innerText,
}))()"""


@pytest.fixture()
def hostile_tables(tmp_path):
    evil = document("javascript:alert('path')", TEXT, area=EVIL_AREA, period=FY, source_url='javascript:alert("url")')
    good = document(
        "good.pdf", "There were 30 children on plans.\n\nOur priorities: Neglect.", area="Good", period=FY, source_url="https://example.org/good.pdf"
    )
    publish(
        tmp_path / "tables",
        [evil, good],
        priorities=[
            fact(evil, SCRIPT, priority=SCRIPT, priority_key="neglect", rank=1),
            fact(good, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
        ],
        statistics=[
            fact(
                evil,
                "12",
                value=12.0,
                unit="count",
                label='children <b onmouseover=alert("label")>',
                metric="child_protection_plans",
                sentence='There were 12 children on plans </script><script>alert("sentence")</script>.',
            ),
            fact(good, "30", value=30.0, unit="count", metric="child_protection_plans"),
        ],
        reviews=[
            fact(
                evil,
                '<svg onload=alert("review")>',
                name='<svg onload=alert("review")>',
                kind="CSPR",
                status="published",
                themes=['<i onclick=alert("theme")>x</i>'],
            )
        ],
        recommendations=[fact(evil, '"><script>alert("rec")</script>', text='"><script>alert("rec")</script>', action="note")],
        links=[
            link(evil, JS_LINK, JS_LINK),
            link(evil, "JaVaScRiPt:alert(2)", "JaVaScRiPt:alert(2)"),
            link(evil, "the safe report", "https://example.org/safe"),
        ],
    )
    return tmp_path / "tables"


def _check_inert(browser, state: dict, expected_scripts: int) -> None:
    assert browser.dialogs == [], "a script from the document ran"
    assert browser.console_errors == []
    assert len(state["scripts"]) == expected_scripts, state["scripts"]
    assert all(href.strip().lower().startswith(("https://", "http://", "#")) for href in state["hrefs"]), state["hrefs"]
    assert state["handlers"] == []
    assert state["images"] == 0 and state["svgs_outside_charts"] == 0


def test_the_report_shows_hostile_text_as_text(browser, hostile_tables, tmp_path):
    page = render_comparison(compare.build(read_tables(hostile_tables)))
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page.lower()
    write_html(page, tmp_path / "compare.html")
    browser.open(tmp_path / "compare.html")
    browser.wait_for("document.body.getAttribute('data-charts-ready') === 'true'")
    browser.pump(0.3)
    state = browser.evaluate(INERT)
    _check_inert(browser, state, expected_scripts=2)  # plotly.js and the report's own
    assert EVIL_AREA in state["text"] and SCRIPT in state["text"]  # shown, as written
    assert '"><script>alert("rec")</script>' in state["text"]
    legend = browser.evaluate("Array.from(document.querySelectorAll('.legendtext')).map(e => e.textContent)")
    assert EVIL_AREA in legend  # the chart shows the name as text too
    assert "https://example.org/good.pdf#page=1" in state["hrefs"]  # a safe document address is still a link
    browser.screenshot(tmp_path / "hostile-report.png")


def test_the_review_page_shows_hostile_text_as_text(browser, hostile_tables, tmp_path):
    frames = read_tables(hostile_tables)
    _, page = render_document(frames, "javascript:alert('path')")
    assert "<script>alert" not in page and 'href="javascript' not in page.lower()
    write_html(page, tmp_path / "show.html")
    browser.open(tmp_path / "show.html")
    browser.pump(0.3)
    state = browser.evaluate(INERT)
    _check_inert(browser, state, expected_scripts=0)
    assert SCRIPT in state["text"] and IMG in state["text"] and JS_LINK in state["text"]
    assert "https://example.org/safe" in state["hrefs"]  # the document's http link stays a link
    not_followed = browser.evaluate("Array.from(document.querySelectorAll('.badlink')).map(e => e.textContent)")
    assert JS_LINK in not_followed and "JaVaScRiPt:alert(2)" in not_followed
    browser.screenshot(tmp_path / "hostile-show.png")
