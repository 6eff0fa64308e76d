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

import pandas as pd
import pytest

from extractor import isolation
from extractor.config import Settings
from extractor.ingest import ingest
from tests import processes
from tests.helpers import CORPUS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")

PAGE = CORPUS / "wirral-scp-annual-report-2021-introduction.html"
SENTENCE = "The board counted 14 referrals for neglect in 2022 and asks that clubs share their concerns. "


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
        below: list[processes.Process] = []
        while time.monotonic() < deadline and len(below) < 3:  # multiprocessing's resource tracker, the fork server, a worker
            time.sleep(0.5)
            below = processes.descendants(run.pid)
        assert len(below) >= 3, f"the run started no workers: {below}"
        time.sleep(2)  # the worker is into the document
        below = processes.descendants(run.pid)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10  # a worker ends at once; an orphan would finish its document
    while time.monotonic() < deadline and any(processes.alive(process) for process in below):
        time.sleep(0.2)
    assert [process for process in below if processes.alive(process)] == []


def test_a_script_without_a_main_guard_is_told_why_instead_of_hanging(tmp_path):
    """Its call to ingest() runs again in each worker as it starts: there it is refused with the
    reason, and the run records the document it could not read with the same advice, keeping the
    rows it had."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus)
    out = tmp_path / "out"
    ingest(Settings(corpus=corpus, out=out))
    (corpus / "more.txt").write_text(SENTENCE * 20)
    script = tmp_path / "run.py"
    script.write_text(
        "from pathlib import Path\nfrom extractor.config import Settings\nfrom extractor.ingest import ingest\n\n"
        f"ingest(Settings(corpus=Path({str(corpus)!r}), out=Path({str(out)!r})))\n"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert "WorkersCannotStart: ingest() was called while a worker process was starting" in run.stderr
    documents = pd.read_parquet(out / "documents").set_index("path")
    assert documents.loc["more.txt", "status"] == "failed" and 'if __name__ == "__main__":' in documents.loc["more.txt", "error"]
    assert documents.loc[PAGE.name, "status"] == "ok"


def test_where_the_run_cannot_be_watched_a_worker_still_starts(monkeypatch):
    """A kernel before 5.3, or a sandbox that refuses pidfd_open: no watch, and no error that would
    stop every worker from starting."""

    def refused(pid: int) -> int:
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(os, "pidfd_open", refused)
    isolation._end_with(os.getpid())
    assert not any(thread.name == "end-with-run" for thread in threading.enumerate())
