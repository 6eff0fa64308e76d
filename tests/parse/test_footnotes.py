"""Footnote markers: small raised digits after a word are dropped, ordinary digits stay."""

from __future__ import annotations

from extractor.parse import footnotes


def char(text, x0, size=10.0, bottom=110.0):
    return {"text": text, "x0": x0, "x1": x0 + 0.5 * size, "top": bottom - size, "bottom": bottom, "size": size}


def word_of(chars):
    return {
        "text": "".join(c["text"] for c in chars),
        "x0": chars[0]["x0"],
        "x1": chars[-1]["x1"],
        "top": min(c["top"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "size": max(c["size"] for c in chars),
    }


def test_a_raised_small_digit_glued_to_a_word_is_dropped():
    chars = [char(ch, 100 + 5 * i) for i, ch in enumerate("Council,")] + [char("4", 140, size=6.0, bottom=106.0)]
    assert footnotes.strip_marker(word_of(chars), chars)["text"] == "Council,"


def test_digits_on_the_baseline_are_kept():
    chars = [char(ch, 100 + 5 * i) for i, ch in enumerate("Year12")]
    assert footnotes.strip_marker(word_of(chars), chars)["text"] == "Year12"


def test_a_raised_marker_set_apart_from_its_word_is_dropped():
    word = word_of([char(ch, 100 + 5 * i) for i, ch in enumerate("Board")])
    marker = {**word_of([char("2", word["x1"] + 1, size=6.0, bottom=106.0)])}
    number = word_of([char(ch, 200 + 5 * i) for i, ch in enumerate("17")])
    assert [w["text"] for w in footnotes.drop_markers([word, marker, number])] == ["Board", "17"]
