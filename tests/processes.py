"""The process table, read from /proc (Linux): for tests that check what a killed run leaves behind."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    started: str  # clock ticks after boot: with the pid, names one process even when pids are reused
    command: str


def _read(pid: int) -> Process | None:
    """A live process, None once it is gone (a zombie, dead and not yet reaped, is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None if fields[0] in "ZX" else Process(pid, int(fields[1]), fields[19], command)


def processes() -> list[Process]:
    return [process for entry in os.listdir("/proc") if entry.isdigit() and (process := _read(int(entry))) is not None]


def children(pid: int) -> list[Process]:
    return [process for process in processes() if process.parent == pid]


def descendants(root: int) -> list[Process]:
    """Every live process below `root`."""
    by_parent: dict[int, list[Process]] = {}
    for process in processes():
        by_parent.setdefault(process.parent, []).append(process)
    found, todo = [], [root]
    while todo:
        for process in by_parent.get(todo.pop(), []):
            found.append(process)
            todo.append(process.pid)
    return found


def alive(process: Process) -> bool:
    now = _read(process.pid)
    return now is not None and now.started == process.started
