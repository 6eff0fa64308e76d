"""Page furniture, paragraphs across page breaks, hanging indents and bullets, on synthetic pages laid
out the way the PDF parser lays out real ones (word boxes in PDF points, A4)."""

from __future__ import annotations

from extractor.parse import pdf
from extractor.parse.furniture import is_page_number

WIDTH, HEIGHT = 595.0, 842.0
BODY = 11.0


def line(text: str, x0: float, top: float, size: float = BODY, gap: float = 4.0) -> list[dict]:
    """Word boxes of one line, words `gap` apart, each char 0.5 em wide."""
    words, x = [], x0
    for token in text.split():
        width = 0.5 * size * len(token)
        words.append({"text": token, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size, "fontname": "Serif"})
        x += width + gap
    return words


def page(number: int, *lines: list[dict], images: list[dict] | None = None) -> pdf._Page:
    return pdf._lay_out(number, WIDTH, HEIGHT, [w for ln in lines for w in ln], images or [])


def build(*pages: pdf._Page, title: str | None = None):
    return pdf._build("doc", title, list(pages))


def body(top: float, *texts: str, x0: float = 72.0) -> list[list[dict]]:
    return [line(text, x0, top + 14 * i) for i, text in enumerate(texts)]


def test_large_page_numbers_in_the_bottom_band_are_dropped():
    pages = [page(n, *body(100, f"Paragraph on sheet {n} ends here."), line(str(n), 500, 800, size=20)) for n in (1, 2, 3)]
    document = build(*pages)
    assert all(not is_page_number(b.text) for b in document.blocks)
    assert [b.text for b in document.blocks] == [f"Paragraph on sheet {n} ends here." for n in (1, 2, 3)]


def test_running_footer_with_a_varying_number_is_dropped_and_the_sentence_joined_over_the_page():
    footer = "Review of the Northdale services partnership {n}"
    first = page(1, *body(100, "The panel agreed that the new audit cycle should"), line(footer.format(n=1), 72, 790))
    second = page(2, *body(100, "run every quarter from the spring."), *body(140, "A second point follows."), line(footer.format(n=2), 72, 790))
    third = page(3, *body(100, "Closing words."), line(footer.format(n=3), 72, 790))
    document = build(first, second, third)
    texts = [b.text for b in document.blocks]
    assert texts[0] == "The panel agreed that the new audit cycle should run every quarter from the spring."
    assert document.blocks[0].page == 1
    assert not any("Northdale" in t for t in texts)


def test_a_cover_title_repeated_by_the_running_header_stays_on_the_cover():
    header = "Annual review of the Eastmoor board"
    cover = page(1, line(header, 72, 40, size=24), *body(200, "Published in the autumn."))
    inner = [page(n, line(header, 72, 30), *body(100, f"Sheet {n} text.")) for n in (2, 3, 4)]
    document = build(cover, *inner)
    assert [b.text for b in document.blocks].count(header) == 1
    assert document.blocks[0].page == 1


def test_hanging_indent_of_a_three_digit_paragraph_keeps_it_whole():
    lines = [
        line("118. The committee should review how often the duty rota is", 72, 100),
        line("checked, and report on 150 visits made since the summer.", 115, 114),
        line("119. A second recommendation.", 72, 140),
    ]
    document = build(page(1, *lines))
    assert [b.text for b in document.blocks] == [
        "118. The committee should review how often the duty rota is checked, and report on 150 visits made since the summer.",
        "119. A second recommendation.",
    ]


def test_a_line_opening_with_a_count_does_not_start_a_paragraph():
    lines = [line("Across the year the service received", 72, 100), line("240 contacts from schools and clinics.", 72, 114)]
    document = build(page(1, *lines))
    assert [b.text for b in document.blocks] == ["Across the year the service received 240 contacts from schools and clinics."]


def test_bullets_from_symbol_fonts_and_shapes_are_list_items_without_their_glyph():
    glyph = [{"text": "\uf0b7", "x0": 72.0, "x1": 77.0, "top": 100.0, "bottom": 111.0, "size": BODY, "fontname": "Symbol"}]
    lines = [
        glyph + line("Weekly drop-in sessions for", 90, 100),
        line("young carers", 90, 114),
        line("\u25fcMonthly newsletters", 72, 128),
        line("\uf06e Termly surveys", 72, 142),
    ]
    document = build(page(1, *lines))
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("list_item", "Weekly drop-in sessions for young carers"),
        ("list_item", "Monthly newsletters"),
        ("list_item", "Termly surveys"),
    ]


def test_hyphen_before_a_number_at_a_line_end_is_one_word():
    lines = [line("Visits stopped during the H1N1-", 72, 100), line("09 outbreak in most areas.", 72, 114)]
    document = build(page(1, *lines))
    assert [b.text for b in document.blocks] == ["Visits stopped during the H1N1-09 outbreak in most areas."]


def test_body_lines_running_past_a_logo_are_not_its_caption():
    logo = {"x0": 440.0, "x1": 520.0, "top": 30.0, "bottom": 70.0}
    lines = [
        line("Lines of the report run under the emblem and continue to the right", 72, 80),
        line("edge, so the words under it are prose and not a caption at all.", 72, 94),
    ]
    document = build(page(1, *lines, images=[logo]))
    assert [b.kind for b in document.blocks] == ["paragraph"]
    assert document.blocks[0].text.endswith("not a caption at all.")


def test_a_short_label_set_under_a_picture_is_its_caption():
    photo = {"x0": 72.0, "x1": 250.0, "top": 100.0, "bottom": 220.0}
    lines = [line("Our new family hub", 90, 226, size=9), *body(300, "Body text sits well below the photograph.", x0=72)]
    document = build(page(1, *lines, images=[photo]))
    assert ("caption", "Our new family hub") in [(b.kind, b.text) for b in document.blocks]


def test_template_metadata_titles_give_way_to_the_largest_text_of_the_first_page():
    cover = page(1, line("Harbourside Children's Board", 72, 200, size=26), *body(300, "Yearly account of the work."))
    for name in ("Microsoft Word - board v3.docx", "Report template", "Untitled", "final_v2_board"):
        assert pdf._metadata_title_text(name) is None
    assert pdf._metadata_title_text("Harbourside yearly account") == "Harbourside yearly account"
    assert build(cover).title == "Harbourside Children's Board"


def test_a_page_number_ending_its_page_above_the_bottom_band_is_dropped():
    # a scan with wide margins: the folio sits at 80% of the page's height, below the text
    pages = [page(n, *body(100, f"Scanned sheet {n} ends here.", "2 families were seen."), line(str(n), 290, 680)) for n in (1, 2, 3)]
    document = build(*pages)
    assert all(b.text not in {"1", "2", "3"} for b in document.blocks)
    assert any("2 families were seen." in b.text for b in document.blocks if b.page == 1)  # a count is no folio


def test_a_committee_cover_is_titled_by_its_paper_not_by_the_meeting():
    cover = page(
        1,
        line("PEOPLE SCRUTINY COMMITTEE", 72, 80, size=18),
        line("3 MARCH 2025", 72, 110, size=18),
        line("HARBOURSIDE CHILDREN'S PARTNERSHIP YEARLY ACCOUNT", 72, 150, size=14),
        *body(300, "The committee is asked to note the account."),
    )
    assert build(cover).title == "HARBOURSIDE CHILDREN'S PARTNERSHIP YEARLY ACCOUNT"
    board_cover = page(1, line("Harbourside Children's Board", 72, 200, size=26), line("Yearly account 2024-25", 72, 240, size=16))
    assert build(board_cover).title == "Harbourside Children's Board"  # no meeting date: the board's own cover


def test_a_heading_running_on_into_a_bold_word_is_one_block():
    plain = line("The verdict on the safeguarding board is", 72, 100, size=14)
    bold = [{**w, "fontname": "Serif-Bold"} for w in line("sound", 72, 117, size=14)]
    after = [{**w, "fontname": "Serif-Bold"} for w in line("Findings", 72, 160, size=14)]
    document = build(page(1, plain, bold, after, *body(200, "Body text follows.")))
    assert [b.text for b in document.blocks][:2] == ["The verdict on the safeguarding board is sound", "Findings"]


def test_a_dingbat_letter_is_a_bullet():
    disc = [{"text": "l", "x0": 72.0, "x1": 77.0, "top": 100.0, "bottom": 111.0, "size": BODY, "fontname": "ABCDEF+ZapfDingbats"}]
    document = build(page(1, line("Our aims", 72, 80), disc + line("Listening to families", 90, 100)))
    assert [(b.kind, b.text) for b in document.blocks][-1] == ("list_item", "Listening to families")
