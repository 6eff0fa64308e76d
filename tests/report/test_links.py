"""Only http and https addresses become links; everything else a document holds is shown as text."""

from __future__ import annotations

import pytest

from extractor.report.links import page_href, safe_href


@pytest.mark.parametrize(
    "uri",
    ["https://www.wirralsafeguarding.co.uk/annual-report-2023/", "http://example.org/a.pdf?x=1#top", "HTTPS://EXAMPLE.ORG/"],
)
def test_web_addresses_are_links(uri):
    assert safe_href(uri) == uri


@pytest.mark.parametrize(
    "uri",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript\n:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "report.pdf",
        "mailto:someone@example.org",
        "http:///no-host",
        "https:javascript:alert(1)",
        "https://example.org/a b",
        "",
        None,
        42,
    ],
)
def test_anything_else_is_not_a_link(uri):
    assert safe_href(uri) is None


def test_pdf_links_open_at_the_page():
    assert page_href("https://example.org/r.pdf", 3, is_pdf=True) == "https://example.org/r.pdf#page=3"
    assert page_href("https://example.org/r.html", 3, is_pdf=False) == "https://example.org/r.html"
    assert page_href("https://example.org/r.pdf#x", 3, is_pdf=True) == "https://example.org/r.pdf#x"
    assert page_href("javascript:alert(1)", 3, is_pdf=True) is None
