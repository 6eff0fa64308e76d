"""Plain text becomes headings, paragraphs, list items and tables from the shape of its lines."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes


def blocks(text: str) -> list[tuple[str, str]]:
    document = parse_bytes(text.encode(), "x")
    for block in document.blocks:
        assert document.text[block.char_start : block.char_end] == block.text
    return [(b.kind, b.text) for b in document.blocks]


def test_paragraphs_bullets_and_headings():
    data = "# Our priorities\n\nWe will focus on three areas:\n\n• Neglect\n• Exploitation\n  in the community\n\nEnd of the\nparagraph.\n".encode()
    document = parse_bytes(data, "x")
    kinds = [(b.kind, b.text) for b in document.blocks]
    assert kinds == [
        ("heading", "Our priorities"),
        ("paragraph", "We will focus on three areas:"),
        ("list_item", "Neglect"),
        ("list_item", "Exploitation in the community"),
        ("paragraph", "End of the paragraph."),
    ]
    assert document.title == "Our priorities"


def test_windows_1252_text_is_read():
    document = parse_bytes("Budget of \u00a3300,000 for 2023\u201324".encode("cp1252"), "x")
    assert "£300,000" in document.text and "2023–24" in document.text


def test_wrapped_lines_of_a_paragraph_are_joined_and_hyphenation_mended():
    text = "The forum met four times and agreed a new\nprotocol for escalating disagree-\nments between agencies.\n\nA second paragraph."
    assert blocks(text) == [
        (
            "paragraph",
            "The forum met four times and agreed a new protocol for escalating disagreements between agencies.",
        ),
        ("paragraph", "A second paragraph."),
    ]


@pytest.mark.parametrize(
    "text, heading",
    [
        ("Annual Summary\n=============\n\nThe year in brief.", "Annual Summary"),
        (
            "Money and Staffing\n------------------\n\nThe year in brief.",
            "Money and Staffing",
        ),
        ("### Money and Staffing\n\nThe year in brief.", "Money and Staffing"),
        (
            "ATTENDEES AND APOLOGIES\nThe panel met in the library annex with nine members present and two absent.",
            "ATTENDEES AND APOLOGIES",
        ),
        (
            "Looking Ahead\n\nThe board will publish a revised plan after the spring consultation closes.",
            "Looking Ahead",
        ),
        (
            "What went well\nTraining places rose sharply after sessions moved online, and waiting lists cleared.",
            "What went well",
        ),
    ],
)
def test_headings_are_told_from_their_shape(text, heading):
    assert blocks(text)[0] == ("heading", heading)


def test_a_sentence_on_its_own_line_is_not_a_heading():
    assert blocks("The board met twice.\n\nIt agreed the budget.")[0][0] == "paragraph"


@pytest.mark.parametrize("bullet", ["•", "·", "-", "*", "o", "▪", "\uf0b7", "\uf06e", "(cid:127)"])
def test_every_bullet_opens_a_list_item(bullet):
    text = f"Themes for the year:\n{bullet} Safer sleep for infants\n{bullet} Harm outside the home"
    assert blocks(text)[1:] == [
        ("list_item", "Safer sleep for infants"),
        ("list_item", "Harm outside the home"),
    ]


@pytest.mark.parametrize(
    "first, second",
    [
        ("1.", "2."),
        ("1.1", "1.2"),
        ("(i)", "(ii)"),
        ("(a)", "(b)"),
        ("a)", "b)"),
        ("i.", "ii."),
    ],
)
def test_numbering_opens_list_items_and_stays_in_the_text(first, second):
    text = f"The committee agreed:\n{first} To publish the audit findings.\n{second} To invite the auditors back in June."
    assert blocks(text)[1:] == [
        ("list_item", f"{first} To publish the audit findings."),
        ("list_item", f"{second} To invite the auditors back in June."),
    ]


def test_a_number_opening_a_wrapped_line_is_not_numbering():
    text = "Spending on placements reached\n10.5 million pounds over the year."
    assert blocks(text) == [
        (
            "paragraph",
            "Spending on placements reached 10.5 million pounds over the year.",
        )
    ]


def test_short_lines_under_a_heading_are_one_item_each():
    text = "Areas of Work\n\nTransitions to adulthood\nFamily court delays\nOnline grooming\n\nEach area has a lead officer."
    assert blocks(text) == [
        ("heading", "Areas of Work"),
        ("list_item", "Transitions to adulthood"),
        ("list_item", "Family court delays"),
        ("list_item", "Online grooming"),
        ("paragraph", "Each area has a lead officer."),
    ]


def test_short_lines_after_a_colon_are_one_item_each():
    text = "Papers attached:\nBudget monitoring statement\nRisk register extract"
    assert blocks(text)[1:] == [
        ("list_item", "Budget monitoring statement"),
        ("list_item", "Risk register extract"),
    ]


def test_a_colon_line_and_the_single_line_it_introduces_stay_one_paragraph():
    assert blocks("AGREED:\nThat the revised terms of reference be adopted.") == [
        ("paragraph", "AGREED: That the revised terms of reference be adopted.")
    ]


def test_wrapped_prose_under_a_heading_is_not_a_list():
    text = "Progress\n\nThe audit found that most\nrecords were complete and\nthat plans were reviewed on time."
    assert blocks(text)[1:] == [
        (
            "paragraph",
            "The audit found that most records were complete and that plans were reviewed on time.",
        )
    ]


def test_numbered_section_heading_then_its_numbered_paragraphs():
    text = "3.0 Funding\n\n3.1 Partners paid their agreed shares in full.\n\n3.2 Reserves were used for training."
    assert [kind for kind, _ in blocks(text)] == ["heading", "list_item", "list_item"]


def test_numbered_lines_of_one_level_are_items_not_headings():
    text = "1. Early support\n\n2. Exploitation\n\n3. Neglect"
    assert [kind for kind, _ in blocks(text)] == ["list_item"] * 3


def test_tab_separated_rows_are_a_table_with_cells():
    text = "Measures\nIndicator\tQ1\tQ2\nContacts received\t410\t388\nRe-referrals (%)\t17.5\t19.0\n\nNotes follow."
    document = parse_bytes(text.encode(), "x")
    assert [b.kind for b in document.blocks] == ["heading", "table", "paragraph"]
    cells = {(c.row, c.col): c for c in document.cells}
    assert cells[0, 0].text == "Indicator" and cells[1, 0].text == "Contacts received" and cells[2, 2].text == "19.0"
    for cell in document.cells:
        assert document.text[cell.char_start : cell.char_end] == cell.text


def test_space_aligned_columns_are_a_table():
    text = "Service         Staff   Vacancies\nEarly help      42      3\nFront door      18      1"
    document = parse_bytes(text.encode(), "x")
    assert [b.kind for b in document.blocks] == ["table"]
    assert [c.text for c in document.cells if c.row == 2] == ["Front door", "18", "1"]


def test_double_spaces_inside_prose_do_not_make_a_table():
    text = "The plan was agreed.  Work began in May.\nStaff were recruited  over the summer months."
    assert blocks(text) == [
        (
            "paragraph",
            "The plan was agreed.  Work began in May. Staff were recruited  over the summer months.",
        )
    ]


def test_table_captions_are_captions():
    assert blocks("Table 2: Referrals by source\n\nMost came from schools.")[0] == (
        "caption",
        "Table 2: Referrals by source",
    )


def test_a_page_number_line_joins_no_sentence():
    text = "The meeting closed at nine.\nPage 2 of 5\nItems deferred to the next meeting were listed."
    assert blocks(text) == [
        ("paragraph", "The meeting closed at nine."),
        ("paragraph", "Page 2 of 5"),
        ("paragraph", "Items deferred to the next meeting were listed."),
    ]
