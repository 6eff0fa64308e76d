"""The geometry of reading order on synthetic word boxes, and line joining."""

from __future__ import annotations

from extractor.parse import layout


def word(text, x0, top, width=None, height=10.0):
    width = width if width is not None else 6.0 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + height, "size": 10.0, "fontname": "Arial"}


def column(x0, lines, top=100.0):
    return [word(w, x0 + 40 * i, top + 14 * row) for row, line in enumerate(lines) for i, w in enumerate(line.split())]


def texts(regions):
    return [" ".join(w["text"] for w in sorted(region, key=lambda w: (w["top"], w["x0"]))) for region in regions]


def test_two_columns_are_read_one_after_the_other():
    left = column(50, ["a1 a2 a3", "a4 a5 a6", "a7 a8 a9"])
    right = column(300, ["b1 b2 b3", "b4 b5 b6", "b7 b8 b9"])
    order = " ".join(texts(layout.xy_cut(left + right))).split()
    assert order.index("a9") < order.index("b1")


def test_heading_across_both_columns_comes_first():
    heading = [word("Title", 50, 60, width=400)]
    left = column(50, ["a1 a2 a3", "a4 a5 a6", "a7 a8 a9"])
    right = column(300, ["b1 b2 b3", "b4 b5 b6", "b7 b8 b9"])
    order = " ".join(texts(layout.xy_cut(right + heading + left))).split()
    assert order[0] == "Title" and order.index("a9") < order.index("b1")


def test_narrow_number_column_is_not_a_column():
    numbers = [word("3.1", 50, 100), word("3.2", 50, 128)]
    body = column(100, ["alpha beta gamma", "delta epsilon zeta", "eta theta iota"])
    regions = texts(layout.xy_cut(numbers + body))
    assert any(r.startswith("3.1 alpha") for r in regions)


def test_long_page_does_not_exhaust_the_stack():
    lines = [word(f"w{i}", 50, 20.0 * i) for i in range(3000)]
    assert len(layout.xy_cut(lines)) == 3000


def test_hyphenated_word_is_joined():
    assert layout.join_lines(["the safe-", "guarding partners"]) == "the safeguarding partners"


def test_real_compound_keeps_its_hyphen():
    assert layout.join_lines(["a multi-", "agency audit"]) == "a multi-agency audit"


def test_url_broken_after_hyphen_is_joined_without_space():
    joined = layout.join_lines(["see (https://example.org/annual-reports-business-", "plans/) now"])
    assert "annual-reports-business-plans/)" in joined


def test_unmapped_glyph_at_line_start_is_a_bullet():
    assert layout.clean_word("(cid:127)", at_line_start=True) == "•"
    assert layout.clean_word("(cid:127)", at_line_start=False) == ""
