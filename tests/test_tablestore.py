"""Publishing is all or nothing: a crash at any point leaves the previous tables whole."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from extractor import tablestore
from extractor.errors import OutputError, StoreWarning
from extractor.tables import to_arrow
from extractor.tablestore import TableStore
from tests.helpers import comparable_tables


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


# --- a URI (object-store protocol): the same tables, a pointer object, a lease ----------------


def _three_runs(store: TableStore) -> None:
    """Publish, change one document, add a fetch: every kind of change a run makes."""
    ids = [f"doc{i:03d}" for i in range(40)]
    store.publish({**_documents(3, "a"), "blocks": _blocks(ids)})
    store.apply({"blocks": tablestore.Change(_blocks(["doc007-v2"], "changed"), drop=frozenset({"doc007"}))})
    fetch = to_arrow("fetches", [{"url": "https://example.org/a", "fetched_at": datetime(2025, 1, 1, tzinfo=timezone.utc), "http_status": 200}])
    store.apply({"fetches": tablestore.Change(fetch)})


def test_tables_published_to_a_uri_read_back_equal_to_a_local_folder(tmp_path: Path, uri: str):
    _three_runs(TableStore(tmp_path / "local"))
    _three_runs(TableStore(uri))
    local, remote = comparable_tables(tmp_path / "local"), comparable_tables(uri)
    assert local["blocks"]["doc_id"].nunique() == 40 and "doc007" not in set(remote["blocks"]["doc_id"])
    for name in local:
        pd.testing.assert_frame_equal(remote[name], local[name])
    local_read, remote_read = TableStore(tmp_path / "local").read(), TableStore(uri).read()  # and through TableStore
    for name, table in local_read.items():
        columns = [column for column in table.column_names if column != "parsed_at"]  # the time of each run
        assert remote_read[name].select(columns).equals(table.select(columns)), name


def test_a_uri_has_a_pointer_object_and_no_links(tmp_path: Path):
    store = TableStore(f"file://{tmp_path}")
    version = store.publish(_documents(2, "a"))
    assert json.loads((tmp_path / "_CURRENT").read_text())["version"] == f".versions/{version.name}"
    assert not (tmp_path / ".current").exists() and not (tmp_path / "documents").exists()


def test_one_changed_document_on_a_uri_rewrites_only_its_buckets_and_copies_the_rest(tmp_path: Path, monkeypatch):
    store = TableStore(f"file://{tmp_path}")
    ids = [f"doc{i:03d}" for i in range(40)]
    first = Path(str(store.publish({"blocks": _blocks(ids)})))
    before = {str(p.relative_to(first / "blocks")): p.read_bytes() for p in (first / "blocks").rglob("*.parquet")}
    written: list[str] = []
    real_write = tablestore._ObjectStorage.write
    monkeypatch.setattr(tablestore._ObjectStorage, "write", lambda self, table, path: written.append(str(path)) or real_write(self, table, path))
    old, new = "doc007", "doc007-v2"
    second = Path(str(store.apply({"blocks": tablestore.Change(_blocks([new], "changed"), drop=frozenset({old}))})))
    touched = {tablestore.bucket_of(old), tablestore.bucket_of(new)}
    blocks_written = [Path(p).relative_to(second / "blocks") for p in written if Path(p).is_relative_to(second / "blocks")]
    assert blocks_written and {p.parts[0] for p in blocks_written} <= touched  # parquet written only where the change is
    after = {str(p.relative_to(second / "blocks")): p.read_bytes() for p in (second / "blocks").rglob("*.parquet")}
    untouched = {name for name in before if name.split("/")[0] not in touched}
    assert untouched and all(after[name] == before[name] for name in untouched)  # copied: same name, same bytes
    assert all((second / "blocks" / name).stat().st_ino != (first / "blocks" / name).stat().st_ino for name in untouched)
    assert all((first / "blocks" / name).read_bytes() == before[name] for name in before)  # the old version untouched
    blocks = store.read_table("blocks")
    assert old not in set(blocks["doc_id"].to_pylist()) and blocks.num_rows == 120


def test_a_crash_before_the_pointer_is_written_leaves_the_previous_version(uri: str, monkeypatch):
    store = TableStore(uri)
    store.publish(_documents(3, "a"))
    real_put = tablestore._ObjectStorage.put

    def crash_on_pointer(self, path, data):  # type: ignore[no-untyped-def]
        if path.name == tablestore.POINTER:
            raise OSError("connection reset while writing _CURRENT")
        real_put(self, path, data)

    monkeypatch.setattr(tablestore._ObjectStorage, "put", crash_on_pointer)
    with pytest.raises(OSError, match="_CURRENT"):
        store.publish(_documents(5, "b"))
    monkeypatch.undo()
    assert len(TableStore(uri).storage.versions()) == 2  # the unfinished version is there, but not current
    reader = TableStore(uri)
    assert sorted(reader.read_table("documents")["doc_id"].to_pylist()) == [f"a{i:06d}" for i in range(3)]
    assert reader.read_table("texts").num_rows == 3
    for i in range(3):
        reader.publish(_documents(1, f"next{i}"))
    assert len(reader.storage.versions()) == tablestore.KEEP_VERSIONS  # the abandoned version was pruned


def test_a_second_writer_on_a_uri_is_refused_with_the_lease_holder(uri: str):
    store = TableStore(uri)
    with store.lock():
        with pytest.raises(OutputError) as refused:
            with TableStore(uri).lock():
                pass
    message = str(refused.value)
    assert "Another ingest is writing to" in message and socket.gethostname() in message and "_LOCK" in message
    with TableStore(uri).lock():  # released when the first writer finished
        TableStore(uri).publish(_documents(1, "a"))


def test_a_lease_left_by_a_dead_run_blocks_until_stale(uri: str):
    fs = TableStore(uri).storage.fs
    root = TableStore(uri).storage.root
    fs.create_dir(str(root), recursive=True)

    def leave_lease(hours_ago: float) -> None:
        since = datetime.now(timezone.utc) - timedelta(hours=hours_ago)
        with fs.open_output_stream(str(root / "_LOCK")) as out:
            out.write(json.dumps({"owner": "worker-7 pid 42", "since": since.isoformat(), "token": "x"}).encode())

    leave_lease(1)
    with pytest.raises(OutputError, match="worker-7 pid 42"):
        with TableStore(uri).lock():
            pass
    leave_lease(tablestore.LEASE_STALE_HOURS + 1)
    with TableStore(uri).lock():
        TableStore(uri).publish(_documents(1, "a"))
    assert fs.get_file_info(str(root / "_LOCK")).type == pafs.FileType.NotFound


def test_a_pointer_naming_anything_but_a_version_is_not_followed_and_is_reported(tmp_path: Path):
    store = TableStore(f"file://{tmp_path}")
    store.publish(_documents(1, "a"))
    (tmp_path / "_CURRENT").write_text(json.dumps({"version": "../../etc"}))
    with pytest.warns(StoreWarning, match="does not name a version folder"):
        documents = store.read_table("documents")
    assert documents["doc_id"].to_pylist() == ["a000000"]  # the newest complete version, not ../../etc
