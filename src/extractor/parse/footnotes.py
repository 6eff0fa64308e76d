"""Footnote markers: digits set smaller and raised after a word ("Board¹", "schools,³"). They are
not part of the sentence, and glued to a word they make a new one ("Board1"), so they are dropped."""

from __future__ import annotations

from typing import Any

SUPERSCRIPT_RATIO = 0.8  # a marker's size is at most this share of the text it follows
RAISE_SHARE = 0.15  # and its baseline sits at least this share of that text's size above
MARKER_REACH = 2.0  # a marker set apart from its word is this close to the word's right edge

T_box = dict[str, Any]


def _is_raised(char: T_box, size: float, bottom: float) -> bool:
    return float(char.get("size") or 0.0) <= SUPERSCRIPT_RATIO * size and char["bottom"] <= bottom - RAISE_SHARE * size


def strip_marker(word: T_box, chars: list[T_box]) -> T_box:
    """The word less trailing raised small digits; the box shrinks to the chars left."""
    end = len(chars)
    while end > 0 and chars[end - 1]["text"].isdigit():
        end -= 1
    if end == len(chars) or end == 0:
        return word
    body = chars[:end]
    size = max(float(c.get("size") or 0.0) for c in body)
    bottom = max(c["bottom"] for c in body)
    if not all(_is_raised(c, size, bottom) for c in chars[end:]):
        return word
    text = "".join(c["text"] for c in body)
    return {**word, "text": text, "x1": max(c["x1"] for c in body), "top": min(c["top"] for c in body), "bottom": bottom}


def drop_markers(words: list[T_box]) -> list[T_box]:
    """Words less markers set apart from the word they follow (a small raised number just right of it)."""
    if not words:
        return words
    largest = max(float(w.get("size") or 0.0) for w in words)
    candidates = [
        w for w in words if w["text"].isdigit() and len(w["text"]) <= 2 and float(w.get("size") or 0.0) <= SUPERSCRIPT_RATIO * largest
    ]  # only digits smaller than the page's largest text can be markers: a page of figures is not searched
    if not candidates:
        return words
    dropped = set()
    for marker in candidates:
        for word in words:
            if word is marker or not 0 <= marker["x0"] - word["x1"] <= MARKER_REACH:
                continue
            if word["top"] - 1 <= marker["top"] <= word["bottom"] and _is_raised(marker, word["size"], word["bottom"]):
                dropped.add(id(marker))
                break
    return [w for w in words if id(w) not in dropped]
