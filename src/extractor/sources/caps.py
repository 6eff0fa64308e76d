"""The discovery caps of `fetch` in config (meetings per committee, items per meeting, links per
page, documents per source, time per source): each one reached is a problem of its source, in
the same words everywhere, naming the setting to raise."""

from __future__ import annotations

import time


def reached(source: str, where: str, found: int | str, setting: str, limit: int | float) -> str:
    """'source 'x': committee 'Audit': 5,000 meetings, only the first 200 read (fetch.max_meetings_per_committee)'."""
    count = f"{found:,}" if isinstance(found, int) else found
    return f"source '{source}': {where}: {count}, only the first {limit:,} taken (fetch.{setting}); raise it in config.yaml if the site is genuine."


def out_of_time(source: str, seconds: float, skipped: str) -> str:
    return (
        f"source '{source}': discovery stopped after {seconds:g} s (fetch.max_source_seconds), {skipped} not read; "
        "raise it in config.yaml if the site is genuine but slow."
    )


def past(until: float | None) -> bool:
    return until is not None and time.monotonic() > until
