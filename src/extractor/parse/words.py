"""Chars to words the way pdfplumber groups them, for chars that do not come from pdfplumber.

`unique_chars` is pdfplumber's `dedupe_chars` (text drawn twice to look bold) and `group_words`
its `extract_words` with the defaults the parser uses (x_tolerance 3, y_tolerance 3, split at
spaces, ligatures expanded), both in n log n. A char is a dict with `text`, `x0`, `x1`, `top`,
`bottom`, `size` and `upright`; `unique_chars` also reads `fontname` and `doctop`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import LIGATURES

X_TOLERANCE = 3.0  # pdfplumber's extract_words defaults: a gap wider than this starts a new word ...
Y_TOLERANCE = 3.0  # ... and so do chars whose tops differ by more than this
DEDUPE_TOLERANCE = 1  # pdfplumber's default: chars this close, with the same text, font and size, are one
DEDUPE_ATTRS = ("fontname", "size")

T_box = dict[str, Any]
EXPANSIONS = {ord(ligature): letters for ligature, letters in LIGATURES.items()}
LIGATURE_CHARS = frozenset(LIGATURES)
_X0, _X1, _TOP, _BOTTOM, _SIZE = itemgetter("x0"), itemgetter("x1"), itemgetter("top"), itemgetter("bottom"), itemgetter("size")


def unique_chars(chars: list[T_box], tolerance: float = DEDUPE_TOLERANCE) -> list[T_box]:
    """Chars less duplicates (same text, font and size within `tolerance` of each other), in page
    order: exactly `pdfplumber.utils.dedupe_chars`, in n log n."""
    key = itemgetter("upright", "text", *DEDUPE_ATTRS)
    position = itemgetter("doctop", "x0")
    order = {id(char): i for i, char in enumerate(chars)}
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        for row in cluster_objects(list(group), itemgetter("doctop"), tolerance):
            for cluster in cluster_objects(row, itemgetter("x0"), tolerance):
                kept.append(min(cluster, key=position))  # the first of equals, as sorted(...)[0]
    return sorted(kept, key=lambda char: order[id(char)])


def may_have_duplicates(chars: list[T_box]) -> bool:
    """Whether two chars of the same text and size start in the same square point: text drawn
    twice always does somewhere, so a page without such a pair needs no `unique_chars`."""
    visible = [(c["text"], int(c["x0"]), int(c["top"]), c["size"]) for c in chars if not c["text"].isspace()]
    return len(set(visible)) < len(visible)


def group_words(chars: list[T_box]) -> list[tuple[T_box, list[T_box]]]:
    """(word, its chars) in pdfplumber's order: runs of upright (or rotated) chars, each run's
    chars clustered into lines by top (by x0 when rotated), each line left to right (top to bottom)."""
    words: list[tuple[T_box, list[T_box]]] = []
    for upright, run in itertools.groupby(chars, key=itemgetter("upright")):
        line_key, along, across = ("top", "x0", "x1") if upright else ("x0", "top", "bottom")
        for line in _clusters(list(run), line_key, Y_TOLERANCE if upright else X_TOLERANCE):
            line.sort(key=itemgetter("x0") if upright else itemgetter("top", "bottom"))  # pdfplumber's char_dir keys
            words.extend((_merge(members), members) for members in _split(line, along, across, line_key))
    return words


def _clusters(chars: list[T_box], key: str, tolerance: float) -> list[list[T_box]]:
    """pdfplumber's `cluster_objects`: values sorted, a value within `tolerance` of the previous
    one joins its cluster; each cluster keeps its chars in page order."""
    values = sorted({char[key] for char in chars})
    cluster_of: dict[float, int] = {}
    index, last = 0, values[0] if values else 0.0
    for value in values:
        if value > last + tolerance:
            index += 1
        cluster_of[value] = index
        last = value
    clusters: list[list[T_box]] = [[] for _ in range(index + 1)] if values else []
    for char in chars:
        clusters[cluster_of[char[key]]].append(char)
    return clusters


def _split(line: list[T_box], along: str, across: str, line_key: str) -> Iterator[list[T_box]]:
    """pdfplumber's `iter_chars_to_words`: a space ends a word; a char that steps back, sits more
    than the tolerance past the previous one, or off its line by more than the tolerance, starts one."""
    gap, drift = (X_TOLERANCE, Y_TOLERANCE) if along == "x0" else (Y_TOLERANCE, X_TOLERANCE)
    current: list[T_box] = []
    for char in line:
        if char["text"].isspace():
            if current:
                yield current
            current = []
            continue
        if current:
            prev = current[-1]
            if char[along] < prev[along] or char[along] > prev[across] + gap or abs(char[line_key] - prev[line_key]) > drift:
                yield current
                current = []
        current.append(char)
    if current:
        yield current


def _merge(chars: list[T_box]) -> T_box:
    first = chars[0]
    text = "".join([c["text"] for c in chars])
    return {
        "text": text.translate(EXPANSIONS) if LIGATURE_CHARS.intersection(text) else text,
        "x0": min(map(_X0, chars)),
        "x1": max(map(_X1, chars)),
        "top": min(map(_TOP, chars)),
        "bottom": max(map(_BOTTOM, chars)),
        "upright": first["upright"],
        "size": float(max(map(_SIZE, chars))),
        "fontname": first.get("fontname", ""),
    }
