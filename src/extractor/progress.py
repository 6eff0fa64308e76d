"""Progress of a run, reported to whoever is watching (the CLI's progress bar), or to no one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_listeners: list[Callable[[str, Any], None]] = []


def watch(listener: Callable[[str, Any], None]) -> None:
    _listeners.append(listener)


def unwatch(listener: Callable[[str, Any], None]) -> None:
    _listeners.remove(listener)


def start(total: int, skipped: int) -> None:
    for listener in list(_listeners):
        listener("start", (total, skipped))


def advance(result: Any) -> None:
    for listener in list(_listeners):
        listener("advance", result)
