"""Candidates a component considered and dropped, with the rule that dropped them, so a user who
finds a miss can see why (`extractor show`, the `dropped` table)."""

from __future__ import annotations

from spacy.tokens import Doc

from . import extensions  # noqa: F401  (declares doc._.dropped)


def drop(doc: Doc, table: str, start_char: int, end_char: int, rule: str) -> None:
    """Record that the text at `start_char:end_char` was a candidate for `table` and `rule` dropped it.

    `rule` is a short stable name ("statistics.year", "priorities.areas_of_focus") that says why."""
    if doc._.dropped is None:
        doc._.dropped = []
    doc._.dropped.append((table, start_char, end_char, rule))
