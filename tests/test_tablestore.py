"""Publishing is all or nothing: a crash at any point leaves the previous tables whole."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractor import tablestore
from extractor.errors import OutputError
from extractor.tables import to_arrow
from extractor.tablestore import TableStore


def _documents(n: int, tag: str) -> dict[str, pa.Table]:
    now = datetime.now(timezone.utc)
    rows = [{"doc_id": f"{tag}{i:06d}", "path": f"{tag}/{i}.pdf", "status": "ok", "parsed_at": now, "extractor_version": tag} for i in range(n)]
    texts = [{"doc_id": r["doc_id"], "text": f"text of {r['doc_id']} " * 50} for r in rows]
    return {"documents": to_arrow("documents", rows), "texts": to_arrow("texts", texts)}


def test_published_tables_read_with_pandas_and_duckdb(tmp_path: Path):
    import duckdb

    TableStore(tmp_path).publish(_documents(3, "a"))
    assert len(pd.read_parquet(tmp_path / "documents")) == 3
    count = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/documents/**/*.parquet')").fetchall()[0][0]
    assert count == 3
    assert pd.read_parquet(tmp_path / "priorities").empty  # every table exists, even when empty


def test_crash_while_writing_leaves_previous_tables(tmp_path: Path, monkeypatch):
    store = TableStore(tmp_path)
    store.publish(_documents(3, "a"))
    real_write = pq.write_table
    calls = []

    def failing_write(table, path, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(table, path, **kwargs)

    monkeypatch.setattr(tablestore.pq, "write_table", failing_write)
    with pytest.raises(OSError):
        store.publish(_documents(5, "b"))
    documents = pd.read_parquet(tmp_path / "documents")
    assert sorted(documents["doc_id"]) == [f"a{i:06d}" for i in range(3)]
    assert len(pd.read_parquet(tmp_path / "texts")) == 3


def test_schema_mismatch_is_refused(tmp_path: Path):
    bad = pa.table({"doc_id": ["x"]})
    with pytest.raises(OutputError, match="schema"):
        TableStore(tmp_path).publish({"documents": bad})


def test_second_writer_is_told_clearly(tmp_path: Path):
    store = TableStore(tmp_path)
    with store.lock():
        with pytest.raises(OutputError, match="Another ingest is writing"):
            with TableStore(tmp_path).lock():
                pass


def _publish_forever(root: str) -> None:
    store = TableStore(Path(root))
    i = 0
    while True:
        store.publish(_documents(2000, f"v{i % 2}"))
        i += 1


@pytest.mark.slow
def test_sigkill_during_publishing_never_leaves_a_broken_table(tmp_path: Path):
    TableStore(tmp_path).publish(_documents(2000, "v0"))
    context = multiprocessing.get_context("spawn")
    for delay in (0.3, 0.5, 0.7, 0.9, 1.1, 1.3):
        process = context.Process(target=_publish_forever, args=(str(tmp_path),))
        process.start()
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        documents = pd.read_parquet(tmp_path / "documents")
        texts = pd.read_parquet(tmp_path / "texts")
        assert len(documents) == 2000 and len(texts) == 2000
        assert documents["extractor_version"].nunique() == 1
        assert set(texts["doc_id"]) == set(documents["doc_id"])  # both tables from the same run
    assert len(list((tmp_path / ".versions").iterdir())) <= tablestore.KEEP_VERSIONS + 1
    TableStore(tmp_path).publish(_documents(1, "after"))
    assert len(list((tmp_path / ".versions").iterdir())) <= tablestore.KEEP_VERSIONS


def _hold_lock(root: str, ready) -> None:  # type: ignore[no-untyped-def]
    with TableStore(Path(root)).lock():
        ready.set()
        time.sleep(600)


def test_a_second_run_on_the_same_folder_exits_with_a_clear_message(tmp_path: Path):
    from typer.testing import CliRunner

    from extractor.cli import app

    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=_hold_lock, args=(str(tmp_path / "out"), ready))
    holder.start()
    try:
        assert ready.wait(60)
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        result = CliRunner().invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert "Another ingest is writing" in result.output
    finally:
        holder.kill()
        holder.join()


def test_a_lock_left_by_a_killed_run_is_recovered(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=_hold_lock, args=(str(tmp_path), ready))
    holder.start()
    assert ready.wait(60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    assert (tmp_path / ".lock").exists()  # the file stays; the OS released the lock with the process
    with TableStore(tmp_path).lock():
        TableStore(tmp_path).publish(_documents(1, "a"))
    assert len(pd.read_parquet(tmp_path / "documents")) == 1
