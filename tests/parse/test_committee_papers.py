"""Committee papers: running footers, numbered paragraphs, hyphenated URLs, tables."""

from __future__ import annotations

import re

import pytest

from tests.helpers import normalise

WIRRAL = "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"
WORCESTERSHIRE = "worcestershire-2022-02-15-hwb-scp-annual-report-2020-21.pdf"


@pytest.mark.parametrize("name", [WIRRAL, WORCESTERSHIRE])
def test_page_footers_are_removed(corpus_documents, name):
    text = corpus_documents[name].text
    assert not re.search(r"Page \d+ of \d+", text)


def test_repeated_footer_line_is_removed(corpus_documents):
    text = corpus_documents[WORCESTERSHIRE].text
    assert "Health and Well-being Board – 15 February 2022" not in text


def test_numbered_paragraph_is_one_block(corpus_documents):
    blocks = [b.text for b in corpus_documents[WORCESTERSHIRE].blocks]
    para = next(b for b in blocks if b.startswith("4. Strategic decision making"))
    assert "(WSCP) takes place within the Executive meeting." in para


def test_paragraph_running_over_a_page_break_is_joined(corpus_documents):
    text = normalise(corpus_documents[WIRRAL].text)
    assert "The case studies illustrate the impact of effective multi-agency working" in text


def test_url_broken_at_a_hyphen_is_mended(corpus_documents):
    text = corpus_documents[WIRRAL].text
    assert "https://www.wirralsafeguarding.co.uk/the-board/annual-reports-business-plans/" in text


def test_cover_table_is_kept_as_cells_and_as_text(corpus_documents):
    document = corpus_documents[WORCESTERSHIRE]
    cells = {(c.table_index, c.row, c.col): c.text for c in document.cells}
    assert any(text == "Board Sponsor" for text in cells.values())
    table_blocks = [b for b in document.blocks if b.kind == "table"]
    assert table_blocks and "Board Sponsor |" in table_blocks[0].text


def test_running_text_keeps_words_split_across_lines(corpus_documents):
    text = normalise(corpus_documents[WIRRAL].text)
    assert "The annual budget for the WSCP is approximately £300,000." in text


def test_recommendation_in_bold_after_a_plain_number_is_one_paragraph(corpus_documents):
    blocks = [b.text for b in corpus_documents[WORCESTERSHIRE].blocks]
    assert any(b.startswith("1. The Health and Well-Being Board is asked to consider the report and highlight any opportunities") for b in blocks)


def test_bullet_glued_to_its_word_starts_a_list_item(corpus_documents):
    items = [b.text for b in corpus_documents[WORCESTERSHIRE].blocks if b.kind == "list_item"]
    assert "Worcestershire Safeguarding Children Partnership Annual Report (October 2020 – September 2021) (Available online)" in items


def test_link_anchor_in_a_paragraph_begun_on_the_previous_page_is_located(corpus_documents):
    document = corpus_documents[WORCESTERSHIRE]
    link = next(link for link in document.links if link.uri.endswith("/get-there"))
    assert link.char_start is not None and document.text[link.char_start : link.char_end] == link.text


def test_the_paper_is_titled_by_its_own_title_not_by_its_template_or_the_meeting(corpus_documents):
    # page 1 reads "HEALTH AND WELL-BEING BOARD / 15 FEBRUARY 2022 / WORCESTERSHIRE SAFEGUARDING CHILDREN
    # PARTNERSHIP – ANNUAL REPORT 2020 - 2021"; the PDF's metadata title is the board's report template
    title = corpus_documents[WORCESTERSHIRE].title
    assert title == "WORCESTERSHIRE SAFEGUARDING CHILDREN PARTNERSHIP – ANNUAL REPORT 2020 - 2021"
