"""List structure: the numbering and bullet markers that open list items and inline lists
("1.", "1.1", "(i)", "(a)", "a)", "iv.")."""

from __future__ import annotations

import re

NUMBERING = re.compile(r"^(\(?([ivx]{1,4}|[a-h]|\d{1,2})(\.\d{1,2})*[.)]?)$", re.I)


def is_numbering(text: str) -> bool:
    """A token that numbers a list item: "(ii)", "3.", "b)", "1.2"; bare words such as "i" or "a" need a mark."""
    return bool(NUMBERING.match(text)) and any(c.isdigit() or c in "()." for c in text)
