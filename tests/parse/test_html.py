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


def page(body: str, title: str = "Partnership update") -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def blocks(body: str) -> list[tuple[str, str]]:
    document = parse_bytes(page(body), "x")
    for block in document.blocks:
        assert document.text[block.char_start : block.char_end] == block.text
    return [(b.kind, b.text) for b in document.blocks]


FURNITURE = """
<a class="skip-link" href="#main">Jump to the content</a>
<header class="site-top"><p>Borough Council home</p></header>
<div id="cookie-notice"><p>We store small files on your device</p></div>
<nav><ul><li><a href="/a">About us</a></li><li><a href="/b">Contact us</a></li></ul></nav>
<div class="breadcrumbs">Home / Reports</div>
<aside><h2>Related pages</h2><p>Other reports you may like</p></aside>
<div class="mgSideBar"><p>Meeting attendance</p></div>
<div role="navigation"><p>Page 1 of 4</p></div>
<div style="display: none"><p>Hidden promotion text</p></div>
<script>var tracker = "analytics";</script><style>p { color: red }</style>
<footer><p>Copyright notice for the site</p></footer>
"""


@pytest.mark.parametrize(
    "phrase",
    ["Jump to the content", "Borough Council home", "small files", "About us", "Home / Reports", "Related pages",
     "Meeting attendance", "Page 1 of 4", "Hidden promotion", "analytics", "color: red", "Copyright notice"],
)  # fmt: skip
def test_page_furniture_is_removed(phrase):
    body = FURNITURE + "<div class='research-summary'><h1>Learning from audits</h1><p>Audits were held each quarter.</p></div>"
    document = parse_bytes(page(body), "x")
    assert phrase not in document.text
    assert "Audits were held each quarter." in document.text  # 'research' is not the word 'search'


def test_header_inside_the_article_is_content():
    body = "<header><p>Site name</p></header><article><header><h1>Annual digest</h1></header><p>Body text of the digest.</p></article>"
    assert blocks(body) == [("heading", "Annual digest"), ("paragraph", "Body text of the digest.")]


def test_headings_of_every_level():
    body = "".join(f"<h{n}>Level {n} title</h{n}><p>Text {n}.</p>" for n in range(1, 7))
    assert [kind for kind, _ in blocks(body)] == ["heading", "paragraph"] * 6


def test_nested_list_items_are_items_of_their_own():
    body = "<h2>Work streams</h2><ul><li>Early support<ul><li>Family hubs</li><li>Parenting courses</li></ul></li><li>Online harm</li></ul>"
    assert blocks(body)[1:] == [
        ("list_item", "Early support"),
        ("list_item", "Family hubs"),
        ("list_item", "Parenting courses"),
        ("list_item", "Online harm"),
    ]


def test_a_list_of_links_is_content_and_its_links_have_offsets():
    items = "".join(f'<li><a href="/briefing/{n}.pdf">Briefing on topic {n}</a></li>' for n in range(1, 9))
    document = parse_bytes(page(f"<h1>Briefings</h1><p>Pick one to read.</p><ul>{items}</ul>"), "x")
    assert [b.text for b in document.blocks if b.kind == "list_item"] == [f"Briefing on topic {n}" for n in range(1, 9)]
    link = next(link for link in document.links if link.uri == "/briefing/5.pdf")
    assert document.text[link.char_start : link.char_end] == "Briefing on topic 5"


def test_definition_list_terms_read_with_their_definitions():
    body = "<dl><dt>Outcome:</dt><dd>Agreed by the panel</dd><dt>Lead</dt><dd>Head of Early Help</dd></dl>"
    assert blocks(body) == [("paragraph", "Outcome: Agreed by the panel"), ("paragraph", "Lead Head of Early Help")]


def test_data_table_becomes_cells_with_its_header_row():
    body = (
        "<table><caption>Contacts by quarter</caption><thead><tr><th>Quarter</th><th>Contacts</th></tr></thead>"
        "<tbody><tr><td>First</td><td>1,204</td></tr><tr><td><a href='/q2'>Second</a></td><td>1,377</td></tr></tbody></table>"
    )
    document = parse_bytes(page(body), "x")
    assert [b.kind for b in document.blocks] == ["caption", "table"]
    cells = {(c.row, c.col): c.text for c in document.cells}
    assert cells == {
        (0, 0): "Quarter",
        (0, 1): "Contacts",
        (1, 0): "First",
        (1, 1): "1,204",
        (2, 0): "Second",
        (2, 1): "1,377",
    }
    for cell in document.cells:
        assert document.text[cell.char_start : cell.char_end] == cell.text
    link = next(link for link in document.links if link.uri == "/q2")
    assert document.text[link.char_start : link.char_end] == "Second"


def test_layout_table_is_read_as_the_blocks_it_holds():
    body = "<table><tr><td><h2>Our aims</h2><ul><li>Listen to children</li><li>Act early</li></ul></td></tr></table>"
    assert blocks(body) == [("heading", "Our aims"), ("list_item", "Listen to children"), ("list_item", "Act early")]


def test_short_br_lines_under_a_heading_are_a_list():
    body = "<h3>Themes</h3><p>Young carers<br>Harm outside the home<br/>Transition to adult services</p>"
    assert blocks(body)[1:] == [
        ("list_item", "Young carers"),
        ("list_item", "Harm outside the home"),
        ("list_item", "Transition to adult services"),
    ]


def test_br_lines_of_prose_stay_separate_paragraphs():
    body = "<p>The forum met in May.<br>It will meet again in the autumn, after the audit.</p>"
    assert blocks(body) == [
        ("paragraph", "The forum met in May."),
        ("paragraph", "It will meet again in the autumn, after the audit."),
    ]


def test_source_line_breaks_are_only_white_space():
    assert blocks("<p>A sentence written\nacross two source lines.</p>") == [("paragraph", "A sentence written across two source lines.")]


def test_bullets_and_numbering_typed_in_paragraphs_open_items():
    body = "<p>The panel agreed:</p><p>· To publish the audit</p><p>(ii) To consult schools</p>"
    assert blocks(body)[1:] == [("list_item", "To publish the audit"), ("list_item", "(ii) To consult schools")]


def test_an_amount_is_not_an_error_code():
    document = parse_bytes(page("<h1>Grants</h1><p>A grant of £12,500 was made.</p>"), "x")
    assert "£12,500" in document.text


def test_a_page_whose_furniture_is_everything_keeps_its_text():
    body = "<div class='menu-wrapper'><p>The only text on this page is a short notice about opening hours.</p></div>"
    assert "opening hours" in parse_bytes(page(body), "x").text


def test_a_cookie_notice_is_removed_whatever_its_class():
    notice = (
        "<section class='xyz-box'><p>Small cookies help this site work.</p><p>May we also set analytics cookies?</p>"
        "<button>Yes</button><button>No</button></section>"
    )
    text = parse_bytes(page(notice + "<h1>Review list</h1><p>Two reviews were published this year.</p>"), "x").text
    assert "analytics" not in text and "Two reviews were published this year." in text


def test_a_paragraph_about_cookies_in_the_content_is_kept():
    body = "<h1>Privacy</h1><p>We use cookies to count visits. Cookies are deleted after a year.</p>"
    assert "Cookies are deleted after a year." in parse_bytes(page(body), "x").text


def test_a_paragraph_of_only_a_short_bold_title_is_a_heading():
    body = "<p><strong>Listening to families</strong></p><p>Parents sit on the panel.</p><p><b>Note:</b> dates may change.</p>"
    assert blocks(body) == [
        ("heading", "Listening to families"),
        ("paragraph", "Parents sit on the panel."),
        ("paragraph", "Note: dates may change."),
    ]
