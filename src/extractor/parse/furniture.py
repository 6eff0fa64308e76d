"""Page furniture: page numbers and running headers and footers, told by position and repetition.

Size is no guide (reports set page numbers at 20 pt against 12 pt body text), so a line is
furniture when it sits in the top or bottom band of its page and is either a page number alone
("7", "- 7 -", "Page 7 of 40") or a text that, digits masked, repeats in the bands of many pages
(a running title with its page number beside it, "Inspection of ... services 7").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .layout import TextLine

BAND_SHARE = 0.1  # top and bottom share of the page height where furniture lives
RUNNING_SHARE = 0.3  # a band text (digits masked) on this share of the pages is running furniture ...
MIN_RUNNING_PAGES = 3  # ... and on at least this many (two pages alike, a rate sheet in two versions, are no proof)
PAGE_NUMBER = re.compile(r"^(page\s+)?[-–(]?\s*\d{1,4}\s*[-–)]?(\s+(of|/)\s+\d{1,4})?$", re.IGNORECASE)

T_page = tuple[float, Sequence[TextLine]]  # a page's height and its lines


def mask(text: str) -> str:
    """The text as running furniture is compared: lower case, spaces collapsed, digits masked."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def in_band(line: TextLine, height: float) -> bool:
    return line.bottom <= height * BAND_SHARE or line.top >= height * (1 - BAND_SHARE)


def running_keys(pages: Sequence[T_page]) -> set[str]:
    """Band texts (digits masked) repeated on enough pages to be running headers or footers."""
    seen: Counter[str] = Counter()
    for height, lines in pages:
        seen.update({mask(line.text) for line in lines if in_band(line, height)})
    needed = max(MIN_RUNNING_PAGES, RUNNING_SHARE * len(pages))
    return {key for key, count in seen.items() if count >= needed}


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def is_folio(line: TextLine, number: int) -> bool:
    """A line that is only its own page's number ("7", "- 7 -", "Page 7 of 40"): furniture where it
    is the first or last line of its page, even outside the bands (a scan with wide margins)."""
    digits = re.findall(r"\d+", line.text)
    return is_page_number(line.text) and bool(digits) and int(digits[0]) == number


def is_furniture(line: TextLine, height: float, keys: set[str]) -> bool:
    """A page number or a running line in the page's bands, whatever its font size."""
    return in_band(line, height) and (is_page_number(line.text) or mask(line.text) in keys)
