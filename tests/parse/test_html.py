"""The 2021 web page: main content only, headings kept, links kept."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes
from tests.helpers import normalise

NAME = "wirral-scp-annual-report-2021-introduction.html"

BOILERPLATE = [
    "This website uses cookies",  # cookie banner
    "Accept all",
    "Operating Framework Annual Reports & Business Plans",  # navigation menu
    "Search for:",
    "Quick Links to Chapters",
    "Worried about a child?",  # sidebar
    "All rights reserved",  # footer
    "Page last updated",
]


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_navigation_banners_and_footers_are_removed(corpus_documents, phrase):
    assert phrase not in corpus_documents[NAME].text


def test_main_text_is_kept(corpus_documents):
    text = normalise(corpus_documents[NAME].text)
    assert "The report covers the period of January to December 2021" in text


def test_headings_are_headings(corpus_documents):
    headings = [b.text for b in corpus_documents[NAME].blocks if b.kind == "heading"]
    assert "Foreword from the Safeguarding Partners" in headings
    assert "Welcome from the WSCP" in headings


def test_list_items_are_list_items(corpus_documents):
    items = [b.text for b in corpus_documents[NAME].blocks if b.kind == "list_item"]
    assert "A statement about Covid-19" in items


def test_repeated_anchor_texts_point_at_their_own_places(corpus_documents):
    links = [link for link in corpus_documents[NAME].links if link.text == "here"]
    starts = [link.char_start for link in links]
    assert len(links) >= 2 and len(set(starts)) == len(starts)


def test_html_error_page_is_rejected_with_a_reason():
    page = b"<html><head><title>Page not found (404)</title></head><body><h1>Page not found</h1><p>Sorry.</p></body></html>"
    with pytest.raises(Exception, match="error page"):
        parse_bytes(page, "x")
