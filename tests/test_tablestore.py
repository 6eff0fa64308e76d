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


# --- partitioned tables: a change rewrites only what it touches ------------------------------


def _blocks(doc_ids: list[str], text: str = "block") -> pa.Table:
    rows = [
        {"doc_id": doc_id, "page": 1, "seq": i, "kind": "paragraph", "text": f"{text} {i} of {doc_id}", "char_start": 0, "char_end": 5}
        for doc_id in doc_ids
        for i in range(3)
    ]
    return to_arrow("blocks", rows)


def _inodes(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_ino for path in folder.rglob("*.parquet")}


def test_partitioned_tables_read_with_pandas_and_duckdb_without_extra_columns(tmp_path: Path):
    import duckdb

    ids = [f"doc{i:03d}" for i in range(40)]
    TableStore(tmp_path).publish({"blocks": _blocks(ids)})
    buckets = {path.parent.name for path in (tmp_path / "blocks").rglob("*.parquet")}
    assert len(buckets) > 10 and buckets == {tablestore.bucket_of(doc_id) for doc_id in ids}
    frame = pd.read_parquet(tmp_path / "blocks")
    assert list(frame.columns) == list(to_arrow("blocks", []).schema.names) and len(frame) == 120
    count = duckdb.sql(f"select count(distinct doc_id) from read_parquet('{tmp_path}/blocks/**/*.parquet')").fetchall()[0][0]
    assert count == 40


def test_one_changed_document_rewrites_only_its_buckets_and_links_the_rest(tmp_path: Path):
    store = TableStore(tmp_path)
    ids = [f"doc{i:03d}" for i in range(40)]
    first = store.publish({"blocks": _blocks(ids)})
    before = _inodes(first / "blocks")
    old, new = "doc007", "doc007-v2"
    second = store.apply({"blocks": tablestore.Change(_blocks([new], "changed"), drop=frozenset({old}))})
    after = _inodes(second / "blocks")
    touched = {tablestore.bucket_of(old), tablestore.bucket_of(new)}
    written = {name for name, inode in after.items() if before.get(name) != inode}
    assert written and {name.split("/")[0] for name in written} <= touched  # new files only where the change is
    untouched = {name for name in before if name.split("/")[0] not in touched}
    assert untouched and all(after.get(name) == before[name] for name in untouched)  # the very same files, hard-linked
    blocks = pd.read_parquet(tmp_path / "blocks")
    assert old not in set(blocks["doc_id"]) and (blocks["doc_id"] == new).sum() == 3
    assert len(blocks) == 120


def test_many_small_runs_stay_few_files_and_compact_merges_each_bucket(tmp_path: Path):
    store = TableStore(tmp_path)
    for run in range(30):
        store.apply({"blocks": tablestore.Change(_blocks([f"run{run:02d}-{i}" for i in range(5)]))})
    per_bucket: dict[str, int] = {}
    for path in store.files("blocks"):
        per_bucket[path.parent.name] = per_bucket.get(path.parent.name, 0) + 1
    assert max(per_bucket.values()) <= tablestore.MAX_FILES_PER_BUCKET
    before = store.read_table("blocks")
    store.compact()
    assert all(n == 1 for n in _files_per_bucket(store).values())
    assert store.read_table("blocks").equals(before)
    assert len(before) == 30 * 5 * 3


def _files_per_bucket(store: TableStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in store.files("blocks"):
        counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
    return counts


def test_history_tables_only_grow_and_compact_to_one_file(tmp_path: Path):
    store = TableStore(tmp_path)
    now = datetime.now(timezone.utc)
    for run in range(3):
        fetch = to_arrow("fetches", [{"url": f"https://example.org/{run}", "fetched_at": now, "http_status": 200}])
        store.apply({"fetches": tablestore.Change(fetch)})
    assert len(store.files("fetches")) == 3
    store.compact()
    assert len(store.files("fetches")) == 1 and store.read_table("fetches").num_rows == 3


def test_tables_in_the_earlier_single_file_layout_are_partitioned_by_the_next_change(tmp_path: Path):
    """Output folders written before partitioning (one part-0.parquet per table) keep working."""
    ids = [f"doc{i:03d}" for i in range(10)]
    version = tmp_path / ".versions" / "20200101T000000-old"
    (version / "blocks").mkdir(parents=True)
    pq.write_table(_blocks(ids), version / "blocks" / "part-0.parquet")
    os.symlink(os.path.relpath(version, tmp_path), tmp_path / ".current")
    store = TableStore(tmp_path)
    assert store.read_table("blocks").num_rows == 30
    store.apply({"blocks": tablestore.Change(_blocks(["new"]), drop=frozenset({"doc003"}))})
    blocks = store.read_table("blocks")
    assert set(blocks["doc_id"].to_pylist()) == (set(ids) - {"doc003"}) | {"new"}
    assert all(path.parent.name != "blocks" for path in store.files("blocks"))  # every row now in a bucket


def test_a_schema_mismatch_in_a_change_is_refused_and_nothing_is_published(tmp_path: Path):
    store = TableStore(tmp_path)
    store.publish(_documents(3, "a"))
    with pytest.raises(OutputError, match="schema"):
        store.apply({"blocks": tablestore.Change(pa.table({"doc_id": ["x"]}))})
    assert len(pd.read_parquet(tmp_path / "documents")) == 3
