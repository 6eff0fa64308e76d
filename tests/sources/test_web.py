"""Partnership websites: listing pages crawled one level, documents fetched, parsed and tabled;
re-runs that cost one 304 per document; changed documents replacing their rows; history kept."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from extractor.config import Listing, Source
from extractor.fetch import Fetcher, Page
from extractor.ingest import ingest
from extractor.sources import web
from extractor.sources.configured import discover_source
from extractor.sources.web import listing_links
from extractor.store import RawStore
from tests.helpers import CORPUS, fast_fetch, web_settings
from tests.webserver import Reply

REPORT = "wirral-scp-annual-report-2023-24-summary.pdf"
PAGE = "wirral-scp-annual-report-2021-introduction.html"
COMMITTEE = "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"

LISTING = f"""<html><head><title>Annual reports</title></head><body>
<nav><a href="/">Home</a> <a href="/contact">Contact us</a></nav>
<ul>
  <li><a href="/docs/{REPORT}">Annual Report 2023-24 (summary)</a></li>
  <li><a href="/annual-report-2021/">Annual report 2021: introduction</a></li>
  <li><a href="/docs/{COMMITTEE}#page=2">Report to committee</a></li>
  <li><a href="/docs/annual-report-easy-read.pdf">Annual report (easy read)</a></li>
  <li><a href="/docs/annual-report-2019.pdf">Annual Report 2019</a></li>
  <li><a href="https://elsewhere.example.com/annual-report.pdf">Annual report (national)</a></li>
  <li><a href="file:///etc/annual-report.pdf">Annual report (local copy)</a></li>
  <li><a href="mailto:office@example.org">Annual report enquiries</a></li>
</ul></body></html>"""


def _page(html: str, url: str = "https://www.example.org/reports/") -> Page:
    return Page(url, 200, html.encode(), "text/html")


def test_listing_links_follow_include_and_exclude_patterns():
    listing = Listing(url="https://www.example.org/reports/", include=["annual report", r"committee"], exclude=["easy read"])
    links = listing_links(_page(LISTING), listing)
    assert links == [
        f"https://www.example.org/docs/{REPORT}",
        "https://www.example.org/annual-report-2021/",
        f"https://www.example.org/docs/{COMMITTEE}",  # fragment dropped
        "https://www.example.org/docs/annual-report-2019.pdf",
        "https://elsewhere.example.com/annual-report.pdf",  # kept here; the fetcher refuses it and records why
        "file:///etc/annual-report.pdf",
    ]


def test_without_include_patterns_only_pdf_links_are_taken_and_base_href_is_honoured():
    html = '<html><head><base href="https://cdn.example.org/files/"></head><body><a href="a.pdf">A</a> <a href="page.html">B</a> <a href="b.PDF?v=2">C</a></body></html>'
    links = listing_links(_page(html), Listing(url="https://www.example.org/reports/"))
    assert links == ["https://cdn.example.org/files/a.pdf", "https://cdn.example.org/files/b.PDF?v=2"]


def _site(server, lie: bool = False) -> None:
    server.route("/reports/", Reply(200, LISTING.encode(), {"Content-Type": "text/html"}))
    server.file(f"/docs/{REPORT}", (CORPUS / REPORT).read_bytes())
    server.file("/annual-report-2021/", (CORPUS / PAGE).read_bytes(), "text/html; charset=utf-8")
    server.file(f"/docs/{COMMITTEE}", (CORPUS / COMMITTEE).read_bytes())
    # an error page behind a PDF link and a PDF header: a content-type lie
    server.route(
        "/docs/annual-report-2019.pdf", Reply(200, b"<!DOCTYPE html><html><title>Page not found</title></html>", {"Content-Type": "application/pdf"})
    )


def _settings(tmp_path, server, **fetch):
    listing = Listing(url=server.url("/reports/"), include=["annual report", "committee"], exclude=["easy read"])
    return web_settings(tmp_path, {"testshire": Source(area="Testshire", enabled=True, listings=[listing])}, **fetch)


def _read(settings, table):
    return pd.read_parquet(settings.out / table)


def _sha(name: str) -> str:
    return hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()


@pytest.fixture()
def first_run(tmp_path, server):
    _site(server)
    settings = _settings(tmp_path, server)
    summary = ingest(settings, source="web")
    return settings, summary


def test_listing_page_to_tables(first_run, server):
    settings, summary = first_run
    documents = _read(settings, "documents").set_index("path")
    expected = {
        server.url(f"/docs/{REPORT}"): _sha(REPORT),
        server.url("/annual-report-2021/"): _sha(PAGE),
        server.url(f"/docs/{COMMITTEE}"): _sha(COMMITTEE),
    }
    assert documents["doc_id"].to_dict() == expected
    assert (documents["source_url"] == documents.index).all()
    assert documents.loc[server.url(f"/docs/{REPORT}"), "content_type"] == "application/pdf"
    assert documents.loc[server.url("/annual-report-2021/"), "content_type"] == "text/html"
    texts = _read(settings, "texts").set_index("doc_id")["text"]
    assert set(texts.index) == set(expected.values()) and all(len(texts[d]) > 500 for d in expected.values())
    assert len(_read(settings, "blocks")) > 20
    assert sorted(summary.changes["new"]) == sorted(expected)
    # the raw store holds the bytes under their hashes, nothing named after a URL
    stored = sorted(p.name for p in (settings.fetch.raw_store).rglob("*") if p.is_file() and p.name != "index.json")
    assert stored == sorted(expected.values())


def test_every_fetch_is_a_row_with_its_outcome(first_run, server):
    settings, _ = first_run
    fetches = _read(settings, "fetches").set_index("url")
    assert fetches.loc[server.url("/reports/"), "http_status"] == 200 and pd.isna(fetches.loc[server.url("/reports/"), "doc_id"])
    report = fetches.loc[server.url(f"/docs/{REPORT}")]
    assert report["http_status"] == 200 and report["doc_id"] == _sha(REPORT) and report["bytes"] == (CORPUS / REPORT).stat().st_size
    assert report["etag"].startswith('"') and report["last_modified"].endswith("GMT") and pd.isna(report["error"])
    lie = fetches.loc[server.url("/docs/annual-report-2019.pdf")]
    assert lie["http_status"] == 200 and pd.isna(lie["doc_id"]) and "said application/pdf but sent an HTML page" in lie["error"]
    assert "not a configured source's host" in fetches.loc["https://elsewhere.example.com/annual-report.pdf", "error"]
    assert "Only http and https" in fetches.loc["file:///etc/annual-report.pdf", "error"]
    assert server.url("/docs/annual-report-easy-read.pdf") not in fetches.index  # excluded: never requested
    assert server.seen("/docs/annual-report-easy-read.pdf") == []


def test_second_run_sends_conditional_requests_and_parses_nothing(first_run, server):
    settings, _ = first_run
    before = _read(settings, "documents").set_index("path")
    server.requests.clear()
    summary = ingest(settings, source="web")
    assert summary.counts["ok"] + summary.counts["failed"] == 0 and summary.counts["skipped"] == 3
    for path in (f"/docs/{REPORT}", "/annual-report-2021/", f"/docs/{COMMITTEE}"):
        (request,) = server.seen(path)
        assert request.headers["if-none-match"].startswith('"') and request.headers["if-modified-since"].endswith("GMT")
    after = _read(settings, "documents").set_index("path")
    pd.testing.assert_series_equal(before["parsed_at"], after["parsed_at"])  # nothing parsed again
    fetches = _read(settings, "fetches")
    second = fetches[fetches["url"] == server.url(f"/docs/{REPORT}")].sort_values("fetched_at")
    assert list(second["http_status"]) == [200, 304] and list(second["bytes"]) == [(CORPUS / REPORT).stat().st_size, 0]
    assert second["doc_id"].nunique() == 1


def test_a_changed_document_replaces_its_rows_and_keeps_its_fetch_history(first_run, server):
    settings, _ = first_run
    url = server.url("/annual-report-2021/")
    changed = (CORPUS / PAGE).read_bytes().replace(b"It is our great pleasure", b"It is our very great pleasure")
    server.file("/annual-report-2021/", changed, "text/html")
    summary = ingest(settings, source="web")
    assert summary.changes["changed"] == [url] and summary.counts["skipped"] == 2
    new_id = hashlib.sha256(changed).hexdigest()
    documents = _read(settings, "documents").set_index("path")
    assert documents.loc[url, "doc_id"] == new_id and len(documents) == 3
    for table in ("documents", "texts", "blocks", "links"):
        assert _sha(PAGE) not in set(_read(settings, table)["doc_id"])
    assert "It is our very great pleasure" in _read(settings, "texts").set_index("doc_id").loc[new_id, "text"]
    history = _read(settings, "fetches").query("url == @url").sort_values("fetched_at")
    assert list(history["doc_id"]) == [_sha(PAGE), new_id]


def test_a_url_that_disappears_keeps_its_rows(first_run, server):
    settings, _ = first_run
    url = server.url(f"/docs/{COMMITTEE}")
    del server.routes[f"/docs/{COMMITTEE}"]
    ingest(settings, source="web")
    documents = _read(settings, "documents").set_index("path")
    assert documents.loc[url, "doc_id"] == _sha(COMMITTEE)
    history = _read(settings, "fetches").query("url == @url").sort_values("fetched_at")
    assert list(history["http_status"]) == [200, 404] and "HTTP 404" in history["error"].iloc[-1]


def test_a_missing_listing_page_is_reported_and_the_run_goes_on(tmp_path, server):
    settings = _settings(tmp_path, server)
    summary = ingest(settings, source="web")
    assert any("listing page" in p and "HTTP 404" in p for p in summary.problems)
    assert _read(settings, "fetches")["url"].tolist() == [server.url("/reports/")]


def test_a_local_run_does_not_read_the_raw_store_inside_the_corpus(tmp_path, server):
    _site(server)
    settings = _settings(tmp_path, server)
    settings = settings.model_copy(update={"fetch": settings.fetch.model_copy(update={"raw_store": settings.corpus / "raw"})})
    settings.corpus.mkdir()
    ingest(settings, source="web")
    assert any((settings.corpus / "raw").rglob("*.json"))
    summary = ingest(settings, source="local")
    assert summary.counts["ok"] + summary.counts["failed"] == 0  # the fetched files are not local documents


def test_a_listing_page_of_100000_links_is_read_up_to_the_cap(tmp_path, server):
    links = "".join(f'<a href="/docs/r{n}.pdf">Report {n}</a>' for n in range(100_000))
    server.route("/flood/", Reply(200, f"<html><body>{links}</body></html>".encode(), {"Content-Type": "text/html"}))
    source = Source(area="Testshire", enabled=True, listings=[Listing(url=server.url("/flood/"))])
    with Fetcher(fast_fetch(tmp_path / "raw", max_links_per_page=50), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        urls, problems = web.discover("testshire", source, fetcher)
    assert urls == [server.url(f"/docs/r{n}.pdf") for n in range(50)]
    (problem,) = problems
    assert problem.startswith(f"source 'testshire': listing page {server.url('/flood/')}: more than 50 matching links")
    assert "fetch.max_links_per_page" in problem


def test_documents_per_source_and_time_per_source_are_capped_and_recorded(tmp_path, server):
    listing = "".join(f'<a href="/docs/r{n}.pdf">Report {n}</a>' for n in range(30))
    server.route("/reports/", Reply(200, f"<html><body>{listing}</body></html>".encode(), {"Content-Type": "text/html"}))
    server.route("/later/", Reply(200, b"<html></html>", {"Content-Type": "text/html"}, delay_s=0.3))
    source = Source(area="Testshire", enabled=True, listings=[Listing(url=server.url("/later/")), Listing(url=server.url("/reports/"))])
    with Fetcher(fast_fetch(tmp_path / "raw", max_documents_per_source=7), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        refs, problems = discover_source("testshire", source, fetcher)
    assert [ref.name for ref in refs] == [server.url(f"/docs/r{n}.pdf") for n in range(7)]
    assert all(ref.partnership_hint == "Testshire" for ref in refs)
    assert problems == [
        "source 'testshire': documents: 30, only the first 7 taken (fetch.max_documents_per_source); raise it in config.yaml if the site is genuine."
    ]
    with Fetcher(fast_fetch(tmp_path / "raw", max_source_seconds=0.1), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        refs, problems = discover_source("testshire", source, fetcher)
    assert refs == [] and len(problems) == 1
    assert "discovery stopped after 0.1 s (fetch.max_source_seconds), 1 listing pages not read" in problems[0]
