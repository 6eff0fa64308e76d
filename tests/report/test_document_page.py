"""The per-document review page (`extractor show`): every fact highlighted where it is, and labelled."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import DocumentNotFound
from extractor.query import read_tables
from extractor.report import render_document
from extractor.report.document import find_document
from tests.helpers import CORPUS
from tests.tablemaker import document, fact, publish

SUMMARY = "wirral-scp-annual-report-2023-24-summary.pdf"
runner = CliRunner()


@pytest.fixture(scope="module")
def frames(corpus_tables):
    return read_tables(corpus_tables)


def test_every_fact_of_the_document_is_listed_and_highlighted(frames):
    doc_id, page = render_document(frames, SUMMARY)
    tree = lxml_html.fromstring(page)
    n_facts = sum(int((frames[name]["doc_id"] == doc_id).sum()) for name in ("priorities", "statistics", "reviews", "recommendations"))
    assert n_facts > 0
    assert len(tree.xpath("//aside//ol/li[starts-with(@id, 'fact-')]")) == n_facts
    targets = {element.get("id") for element in tree.xpath("//mark[@id]")}
    assert {f"fact-{n}" for n in range(1, n_facts + 1)} == targets  # each one can be jumped to
    # tests/gold: "In March 2024 there were 372 children subject to a child protection plan"
    marks = [mark for mark in tree.xpath("//mark[contains(@class, 'f-statistic')]") if mark.text_content() == "372"]
    assert marks, "372 is not highlighted as a statistic"
    label = marks[0].getnext()
    assert label is not None and "372" in label.text_content() and "protection" in label.text_content().lower()
    # gold: the review of Noah, a CSPR
    assert any("Noah" in mark.text_content() for mark in tree.xpath("//mark[contains(@class, 'f-review')]"))
    assert "Page 2" in tree.text_content()  # page breaks are marked


def test_documents_are_found_by_doc_id_prefix_path_or_file(frames):
    wanted = frames["documents"].set_index("path").loc[SUMMARY, "doc_id"]
    assert find_document(frames["documents"], wanted[:8])["doc_id"] == wanted
    assert find_document(frames["documents"], wanted.upper())["doc_id"] == wanted
    assert find_document(frames["documents"], SUMMARY)["doc_id"] == wanted
    assert find_document(frames["documents"], str(CORPUS / SUMMARY))["doc_id"] == wanted  # by its bytes
    with pytest.raises(DocumentNotFound, match="no such document"):
        find_document(frames["documents"], "ffffffffffff")


def test_an_ambiguous_prefix_lists_the_candidates(tmp_path):
    first = document("a.pdf", "Text.", area="A", doc_id="abcd" + "0" * 60)
    second = document("b.pdf", "Text.", area="A", doc_id="abcd" + "1" * 60)
    publish(tmp_path, [first, second])
    with pytest.raises(DocumentNotFound, match="matches 2 documents.*a.pdf.*b.pdf"):
        find_document(read_tables(tmp_path)["documents"], "abcd")


def test_overlapping_facts_are_all_shown(tmp_path):
    doc = document("a.pdf", "The review of Child Q found 3 missed referrals.", area="A")
    publish(
        tmp_path,
        [doc],
        reviews=[fact(doc, "review of Child Q found 3", name="Child Q", kind="CSPR")],
        statistics=[fact(doc, "3 missed referrals", value=3.0, unit="count", metric="referrals")],
    )
    _, page = render_document(read_tables(tmp_path), "a.pdf")
    tree = lxml_html.fromstring(page)
    both = tree.xpath("//mark[contains(@class, 'multi')]")
    assert [mark.text_content() for mark in both] == ["3"]
    assert "f-review" in both[0].get("class") and "f-statistic" in both[0].get("class")
    labels = [label.text_content() for label in tree.xpath("//article//a[contains(@class, 'label')]")]
    assert labels == ["review: Child Q · CSPR", "statistic: 3 · Referrals"]


def test_a_document_that_could_not_be_read_says_so(tmp_path):
    failed = document("broken.pdf", "", area="A", status="failed", error="The file is corrupt.")
    publish(tmp_path, [failed])
    _, page = render_document(read_tables(tmp_path), "broken.pdf")
    text = " ".join(lxml_html.fromstring(page).text_content().split())
    assert "could not be read (failed): The file is corrupt." in text and "nothing to highlight" in text


def test_cli_writes_the_page_beside_the_tables(tmp_path):
    doc = document("a.pdf", "We trained 60 staff.", area="A")
    tables = publish(tmp_path / "tables", [doc], statistics=[fact(doc, "60", value=60.0, unit="count")])
    result = runner.invoke(app, ["show", "--tables", str(tables), doc["doc_id"][:6]])
    assert result.exit_code == 0, result.output
    written = tables / "show" / f"{doc['doc_id'][:12]}.html"
    assert written.is_file() and "statistic: 60" in written.read_text()
    missing = runner.invoke(app, ["show", "--tables", str(tables), "nothing-like-it"])
    assert missing.exit_code == 2 and "no such document" in missing.output
