"""Killing ingest at any moment (SIGKILL) leaves every table readable and consistent, and the
next run completes the work with the same tables as a run that was never interrupted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from extractor.tables import TABLES
from tests.helpers import CORPUS, CORPUS_FILES, comparable_tables

pytestmark = pytest.mark.slow

COPIES = 3  # distinct copies of each corpus document, so the run takes several seconds
KILL_FRACTIONS = (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.92, 0.97, 1.0)


def _corpus(root: Path, copies: int) -> Path:
    """Copies that differ by a trailing comment, so each has its own content hash."""
    corpus = root / f"corpus-{copies}"
    corpus.mkdir()
    for copy in range(copies):
        for name in CORPUS_FILES:
            data = (CORPUS / name).read_bytes()
            suffix = f"\n%copy {copy}\n" if name.endswith(".pdf") else f"\n<!-- copy {copy} -->\n"
            (corpus / f"{copy}-{name}").write_bytes(data + suffix.encode())
    return corpus


def _command(corpus: Path, out: Path) -> list[str]:
    code = "from extractor.cli import main; main()"
    return [sys.executable, "-c", code, "ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(out)]


def _assert_consistent(out: Path) -> None:
    if not (out / ".current").exists():
        return  # nothing published yet: nothing to be inconsistent
    tables = comparable_tables(out)
    documents = set(tables["documents"]["doc_id"])
    for name in TABLES:
        if name not in ("documents", "fetches") and "doc_id" in tables[name]:
            assert set(tables[name]["doc_id"]) <= documents, name
    ok = set(tables["documents"].loc[tables["documents"]["status"] == "ok", "doc_id"])
    assert ok <= set(tables["texts"]["doc_id"])  # no document is half-written


def test_sigkill_at_many_moments_never_breaks_the_tables(tmp_path):
    corpus = _corpus(tmp_path, COPIES)
    subprocess.run(_command(corpus, tmp_path / "reference"), check=True, capture_output=True)
    reference = comparable_tables(tmp_path / "reference")
    assert len(reference["documents"]) == COPIES * len(CORPUS_FILES)

    # the tables an earlier run published, all but one copy of the corpus: each killed run has one
    # copy's documents to parse and all the tables to write, so it reaches every phase in less time
    earlier = tmp_path / "earlier"
    subprocess.run(_command(_corpus(tmp_path, COPIES - 1), earlier), check=True, capture_output=True)
    before = comparable_tables(earlier)
    out = tmp_path / "out"
    # the moments are fractions of the run every kill interrupts (from the earlier tables, with less
    # to do than the reference run), timed whole: aimed by the reference, the later ones fell after its end
    shutil.copytree(earlier, out, symlinks=True)
    started = time.monotonic()
    subprocess.run(_command(corpus, out), check=True, capture_output=True)
    duration = time.monotonic() - started
    assert all(comparable_tables(out)[name].equals(reference[name]) for name in TABLES)
    for fraction in KILL_FRACTIONS:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(earlier, out, symlinks=True)
        process = subprocess.Popen(_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        _assert_consistent(out)
        after = comparable_tables(out)
        unchanged = all(after[name].equals(before[name]) for name in TABLES)
        complete = all(after[name].equals(reference[name]) for name in TABLES)
        assert unchanged or complete, f"killed at {fraction:.0%}: tables are neither the old nor the new ones"

    subprocess.run(_command(corpus, out), check=True, capture_output=True)
    final = comparable_tables(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(final[name], reference[name])
