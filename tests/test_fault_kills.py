"""Killing `ingest` and `compact` with SIGKILL at 20 random moments over a 200-document corpus:
after every kill the tables read are one of the complete versions (the last published one, or
the one the killed run completed), every file matches its manifest, and `.versions` still holds
the last complete version. Between kills the corpus changes, so each run has work to publish.

The runs are forked from a forkserver that has imported the pipeline once, so a run costs its
work and not Python's start-up; each run still starts its own isolated worker processes."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from extractor.config import Limits, Run, Settings
from extractor.tables import TABLES
from extractor.tablestore import TableStore
from extractor.tablestore.repair import problems
from tests.helpers import comparable_tables

pytestmark = pytest.mark.slow

DOCUMENTS = 200
KILLS = 20  # half during ingest, half during compact
CHANGED_PER_ROUND = 12
WORDS = "partnership board neglect referrals schools police health priority review training exploitation families".split()


def _write(corpus: Path, index: int, rng: random.Random, edition: int) -> None:
    sentences = " ".join(
        f"The {rng.choice(WORDS)} reported {rng.randint(2, 900)} {rng.choice(WORDS)} cases in 202{rng.randint(0, 4)}." for _ in range(4)
    )
    (corpus / f"doc{index:03d}.txt").write_text(f"Report {index}, edition {edition}\n\n{sentences}\n")


def _ingest(corpus: str, out: str) -> None:
    from extractor.ingest import ingest

    ingest(Settings(corpus=Path(corpus), out=Path(out), limits=Limits(document_timeout_s=120), run=Run(workers=1)))


def _compact(out: str) -> None:
    from extractor.ingest import compact

    compact(Path(out))


def _timed(context, target, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    process = context.Process(target=target, args=args)
    process.start()
    process.join()
    assert process.exitcode == 0
    return time.monotonic() - started


def _killed(context, target, args, delay: float) -> float | None:  # type: ignore[no-untyped-def]
    """Kill the run after `delay` s; its duration when it finished first (to aim the next kill)."""
    started = time.monotonic()
    process = context.Process(target=target, args=args)
    process.start()
    process.join(delay)
    if process.is_alive():
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        return None
    return time.monotonic() - started


def _equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    return all(a[name].equals(b[name]) for name in TABLES)


def _after_kill(out: Path, last_complete: str, moment: str) -> tuple[str, dict[str, pd.DataFrame]]:
    """The version read after a kill, and its tables: every file intact, and the last complete
    version either read or still kept."""
    store = TableStore(out)
    version, found = problems(store)
    assert version is not None and found == [], f"{moment}: {found}"
    assert store.manifest(version) is not None, moment
    kept = {v.name for v in store.storage.versions()}
    assert version.name == last_complete or last_complete in kept, f"{moment}: the last complete version was removed"
    return version.name, comparable_tables(out)


def test_sigkill_of_ingest_and_compact_at_20_random_moments_never_loses_the_last_complete_tables(tmp_path):
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["extractor.ingest", "extractor.tablestore", "extractor.isolation", "pyarrow.parquet"])
    rng = random.Random(13)
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for index in range(DOCUMENTS):
        _write(corpus, index, rng, 0)
    ingest_s = _timed(context, _ingest, str(corpus), str(out))
    compact_s = _timed(context, _compact, str(out))
    state = comparable_tables(out)
    assert len(state["documents"]) == DOCUMENTS and (state["documents"]["status"] == "ok").all()
    last = TableStore(out).current_version().name  # type: ignore[union-attr]
    kills = []
    for round_ in range(KILLS // 2):
        for index in rng.sample(range(DOCUMENTS), CHANGED_PER_ROUND):
            _write(corpus, index, rng, round_ + 1)
        delay = rng.uniform(0.3, 1.05) * ingest_s  # the tables are written in the last part of a run
        _killed(context, _ingest, (str(corpus), str(out)), delay)
        moment = f"ingest {round_} killed at {delay:.2f} s of {ingest_s:.2f}"
        _, after = _after_kill(out, last, moment)
        aimed_at = ingest_s
        # completes the work the killed run was doing; a run with nothing left to do is quick, so aim by the longest seen
        ingest_s = max(ingest_s, _timed(context, _ingest, str(corpus), str(out)))
        new_state = comparable_tables(out)
        assert _equal(after, state) or _equal(after, new_state), f"{moment}: the tables are neither the old nor the new ones"
        kills.append(("ingest", round(delay, 2), round(aimed_at, 2), _equal(after, new_state) and not _equal(after, state)))
        state, last = new_state, TableStore(out).current_version().name  # type: ignore[union-attr]

        delay = rng.uniform(0.3, 1.05) * compact_s
        aimed_at = compact_s
        compact_s = _killed(context, _compact, (str(out),), delay) or compact_s
        moment = f"compact {round_} killed at {delay:.2f} s of {compact_s:.2f}"
        version, after = _after_kill(out, last, moment)
        assert _equal(after, state), f"{moment}: compacting changed the tables"
        kills.append(("compact", round(delay, 2), round(aimed_at, 2), version != last))
        last = version
    print("kills (command, moment s, expected run s, had published):", kills)
    assert len(kills) == KILLS
    final = comparable_tables(out)
    assert len(final["documents"]) == DOCUMENTS and _equal(final, state)
