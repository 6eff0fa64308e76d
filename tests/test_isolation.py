"""The worker processes, forked from a server that has imported the pipeline: they end with the run
that started them, however it ends (a killed run leaves no orphans), and a script that would start
them again from each of them is told why it cannot."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from extractor import isolation
from extractor.config import Settings
from extractor.ingest import ingest
from tests.helpers import CORPUS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")

PAGE = CORPUS / "wirral-scp-annual-report-2021-introduction.html"
SENTENCE = "The board counted 14 referrals for neglect in 2022 and asks that clubs share their concerns. "


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a live process, None once it is gone (a zombie is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None if fields[0] in "ZX" else (int(fields[1]), fields[0], fields[19])


def _descendants(root: int) -> dict[int, str]:
    """Every live process below `root`, with its start time (so a reused pid is not mistaken for it)."""
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            parents.setdefault(stat[0], []).append((int(entry), stat[2]))
    found, todo = {}, [root]
    while todo:
        for pid, started in parents.get(todo.pop(), []):
            found[pid] = started
            todo.append(pid)
    return found


def _alive(pid: int, started: str) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[2] == started


def test_a_run_killed_in_the_middle_of_a_document_leaves_no_process_behind(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text((SENTENCE * 10 + "\n\n") * 4000)  # 40 s of work on a quiet 2-core machine
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(f"""
        from pathlib import Path
        from extractor.config import Settings
        from extractor.ingest import ingest

        if __name__ == "__main__":
            ingest(Settings(corpus=Path({str(corpus)!r}), out=Path({str(tmp_path / "out")!r})))
        """)
    )
    run = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 120
        below: dict[int, str] = {}
        while time.monotonic() < deadline and len(below) < 3:  # multiprocessing's resource tracker, the fork server, a worker
            time.sleep(0.5)
            below = _descendants(run.pid)
        assert len(below) >= 3, f"the run started no workers: {below}"
        time.sleep(2)  # the worker is into the document
        below = _descendants(run.pid)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10  # a worker ends at once; an orphan would finish its document
    while time.monotonic() < deadline and any(_alive(pid, started) for pid, started in below.items()):
        time.sleep(0.2)
    assert [pid for pid, started in below.items() if _alive(pid, started)] == []


def test_a_script_without_a_main_guard_ends_with_the_reason_instead_of_hanging(tmp_path):
    """Its call to ingest() runs again in each worker as it starts; the run stops, saying why, and
    the tables of the run before are still the ones read."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus)
    out = tmp_path / "out"
    ingest(Settings(corpus=corpus, out=out))
    before = (out / ".current").resolve()
    (corpus / "more.txt").write_text(SENTENCE * 20)
    script = tmp_path / "run.py"
    script.write_text(
        "from pathlib import Path\nfrom extractor.config import Settings\nfrom extractor.ingest import ingest\n\n"
        f"ingest(Settings(corpus=Path({str(corpus)!r}), out=Path({str(out)!r})))\n"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "WorkersCannotStart" in run.stderr and 'if __name__ == "__main__":' in run.stderr.splitlines()[-1]
    assert (out / ".current").resolve() == before


def test_where_the_run_cannot_be_watched_a_worker_still_starts(monkeypatch):
    """A kernel before 5.3, or a sandbox that refuses pidfd_open: no watch, and no error that would
    stop every worker from starting."""

    def refused(pid: int) -> int:
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(os, "pidfd_open", refused)
    isolation._end_with(os.getpid())
    assert not any(thread.name == "end-with-run" for thread in threading.enumerate())
