"""The table store under faults: unfinished versions, a lost `.current`, damaged and foreign files;
`verify` finds each, `repair` goes back to intact tables, and nothing is lost silently."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extractor import tablestore
from extractor.cli import app
from extractor.errors import OutputError, StoreWarning
from extractor.tables import to_arrow
from extractor.tablestore import Change, TableStore
from extractor.tablestore.repair import problems, repair

runner = CliRunner()


def _documents(ids: list[str], tag: str = "v") -> pa.Table:
    now = datetime.now(timezone.utc)
    return to_arrow("documents", [{"doc_id": i, "path": f"{i}.txt", "status": "ok", "parsed_at": now, "extractor_version": tag} for i in ids])


def _blocks(ids: list[str], text: str = "block") -> pa.Table:
    return to_arrow(
        "blocks", [{"doc_id": i, "page": 1, "seq": 0, "kind": "paragraph", "text": f"{text} of {i}", "char_start": 0, "char_end": 5} for i in ids]
    )


def _run(store: TableStore, ids: list[str], tag: str = "v") -> Path:
    """One ingest-like change: these documents' rows replaced."""
    drop = frozenset(ids)
    return Path(str(store.apply({"documents": Change(_documents(ids, tag), drop=drop), "blocks": Change(_blocks(ids, tag), drop=drop)})))


def _ids(store: TableStore, table: str = "documents") -> list[str]:
    return sorted(store.read_table(table, ["doc_id"])["doc_id"].to_pylist())


def _flip_a_byte(path: Path) -> None:
    """Damage in place, as a failing disk does (every hard link to the file sees it)."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    with open(path, "r+b") as handle:
        handle.write(bytes(data))


def test_a_run_that_died_writing_leaves_the_last_complete_version_to_the_next_run(tmp_path: Path, monkeypatch):
    store = TableStore(tmp_path)
    good = Path(str(store.publish({"documents": _documents(["a", "b"]), "blocks": _blocks(["a", "b"])})))
    real_write = pq.write_table

    def disk_full(table, where, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", disk_full)
    with pytest.raises(OSError):
        _run(store, ["c"])
    monkeypatch.setattr(pq, "write_table", real_write)
    versions = store.storage.versions()
    assert len(versions) == 2 and good in versions  # the good one and the unfinished one
    unfinished = next(v for v in versions if v != good)
    assert not (unfinished / tablestore.MANIFEST).exists()
    assert _ids(store) == ["a", "b"]
    third = _run(store, ["d"])  # the next run: its own version is complete before anything is pruned
    kept = {v.name for v in store.storage.versions()}
    assert kept == {good.name, third.name}  # the unfinished folder went, the last good one stayed
    assert _ids(store) == ["a", "b", "d"]


def test_pruning_removes_unfinished_folders_and_keeps_the_published_and_newest_complete(tmp_path: Path):
    store = TableStore(tmp_path)
    first = _run(store, ["a"])
    stray = tmp_path / tablestore.VERSIONS / "29991231T000000000000-deadbeef"  # unfinished, newest by name
    (stray / "documents").mkdir(parents=True)
    second = _run(store, ["b"])
    third = _run(store, ["c"])
    kept = sorted(v.name for v in store.storage.versions())
    assert kept == sorted([second.name, third.name]) and first.name not in kept and stray.name not in kept
    assert store.current_version() == third


def test_a_deleted_current_reads_the_newest_complete_version_says_so_and_loses_nothing(tmp_path: Path):
    store = TableStore(tmp_path)
    _run(store, ["a", "b"])
    newest = _run(store, ["c"])
    os.unlink(tmp_path / ".current")
    with pytest.warns(StoreWarning, match="missing; reading the newest complete version"):
        assert _ids(store) == ["a", "b", "c"]
    with pytest.warns(StoreWarning):
        _run(store, ["d"])  # a run on top of it keeps every earlier row
    assert store.current_version() != newest and _ids(store) == ["a", "b", "c", "d"]


def test_a_dangling_current_is_reported_by_the_cli_and_the_query_still_answers(tmp_path: Path):
    store = TableStore(tmp_path)
    _run(store, ["a", "b"])
    os.unlink(tmp_path / ".current")
    os.symlink(".versions/20000101T000000000000-gone0000", tmp_path / ".current")
    result = runner.invoke(app, ["query", "--tables", str(tmp_path), "select count(*) as n from documents", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "which does not exist" in result.output and "n\n2\n" in result.output
    verify = runner.invoke(app, ["verify", "--tables", str(tmp_path)])
    assert verify.exit_code == 2 and "which does not exist" in verify.output
    fixed = runner.invoke(app, ["repair", "--tables", str(tmp_path)])
    assert fixed.exit_code == 0 and "Published again" in fixed.output
    assert runner.invoke(app, ["verify", "--tables", str(tmp_path)]).exit_code == 0


def test_a_lost_pointer_with_no_complete_version_left_is_an_error_not_a_fresh_start(tmp_path: Path):
    store = TableStore(tmp_path)
    version = _run(store, ["a"])
    os.unlink(tmp_path / ".current")
    (version / tablestore.MANIFEST).unlink()
    store = TableStore(tmp_path)
    with pytest.raises(OutputError, match="no complete version"):
        store.read_table("documents")
    with pytest.raises(OutputError):
        _run(store, ["b"])  # nothing published over the old tables
    assert repair(TableStore(tmp_path))[0].startswith("Adopted and published")  # the files were intact
    assert _ids(TableStore(tmp_path)) == ["a"]


def test_a_damaged_file_is_an_error_naming_it_and_the_fix_before_it_is_read_or_reused(tmp_path: Path):
    store = TableStore(tmp_path)
    ids = [f"doc{i:02d}" for i in range(20)]
    version = _run(store, ids)
    victim = sorted((version / "blocks").rglob("*.parquet"))[3]
    _flip_a_byte(victim)
    with pytest.raises(OutputError) as read:
        store.read_table("blocks")
    assert str(victim) in str(read.value) and "damaged" in str(read.value) and "extractor repair" in str(read.value)
    result = runner.invoke(app, ["verify", "--tables", str(tmp_path)])
    assert result.exit_code == 2 and str(victim) in result.output
    with open(victim, "r+b") as handle:  # truncated: caught even where the file is only reused, not read
        handle.truncate(victim.stat().st_size // 2)
    with pytest.raises(OutputError, match="damaged: it has"):
        _run(store, ["new"])
    assert store.current_version() == version  # nothing was published over it


def test_repair_goes_back_to_the_previous_version_when_only_the_new_files_are_damaged(tmp_path: Path):
    store = TableStore(tmp_path)
    ids = [f"doc{i:02d}" for i in range(20)]
    first = _run(store, ids)
    second = _run(store, ["doc03"], tag="v2")  # rewrites one bucket file: not shared with `first`
    rewritten = next(p for p in (second / "blocks").rglob(f"{second.name}.parquet"))
    _flip_a_byte(rewritten)
    assert problems(store)[1]
    done = repair(store)
    assert "Published again" in done[0] and first.name in done[0] and second.name in done[0]
    assert store.current_version() == first and _ids(store) == ids
    assert problems(store)[1] == []


def test_repair_without_an_intact_version_drops_the_damaged_files_documents_so_the_next_run_redoes_them(tmp_path: Path):
    store = TableStore(tmp_path)
    ids = [f"doc{i:02d}" for i in range(20)]
    version = _run(store, ids)
    victim = sorted((version / "blocks").rglob("*.parquet"))[0]  # linked into no other version: there is none
    bucket = victim.parent.name
    _flip_a_byte(victim)
    done = repair(store)
    lost = sorted(i for i in ids if tablestore.bucket_of(i) == bucket)
    assert lost and f"{len(lost)} documents had rows in them" in " ".join(done)
    assert _ids(store) == sorted(set(ids) - set(lost))  # so the next ingest processes them again
    assert _ids(store, "blocks") == sorted(set(ids) - set(lost))
    assert problems(store)[1] == []


def test_a_foreign_file_in_a_table_folder_is_an_error_naming_it(tmp_path: Path):
    store = TableStore(tmp_path)
    version = _run(store, ["a", "b"])
    foreign = version / "documents" / "extra.parquet"
    pq.write_table(pa.table({"doc_id": ["zzz"], "other": [1]}), foreign)
    with pytest.raises(OutputError) as read:
        store.read_table("documents")
    assert str(foreign) in str(read.value) and "not one of the version's files" in str(read.value)
    done = repair(store)
    assert "Published a new version" in done[0] and "move them out" in done[-1]
    assert _ids(store) == ["a", "b"] and foreign.exists()  # the rows kept, the stranger's file not deleted


def test_tables_written_for_another_schema_version_are_refused_with_the_way_out(tmp_path: Path):
    store = TableStore(tmp_path)
    version = _run(store, ["a"])
    manifest = json.loads((version / tablestore.MANIFEST).read_text())
    assert manifest["schema_version"] == tablestore.SCHEMA_VERSION  # written into every version
    manifest["schema_version"] = "0"
    (version / tablestore.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(OutputError, match="schema version 0; this extractor reads version"):
        TableStore(tmp_path).read_table("documents")


def test_a_version_written_before_manifests_still_reads_and_repair_records_its_manifest(tmp_path: Path):
    store = TableStore(tmp_path)
    version = _run(store, ["a", "b"])
    (version / tablestore.MANIFEST).unlink()
    fresh = TableStore(tmp_path)
    assert _ids(fresh) == ["a", "b"]
    assert "has no _MANIFEST.json" in " ".join(problems(fresh)[1])
    assert "Recorded the manifest" in repair(fresh)[0]
    assert problems(TableStore(tmp_path))[1] == []


def test_on_a_uri_a_deleted_pointer_and_a_damaged_file_are_found_too(uri: str):
    store = TableStore(uri)
    _run(store, ["a", "b"])
    version = _run(store, ["c"])
    store.storage.fs.delete_file(str(store.storage.root / tablestore.POINTER))
    with pytest.warns(StoreWarning, match="_CURRENT .* is missing"):
        assert _ids(TableStore(uri)) == ["a", "b", "c"]
    assert "Published again" in repair(TableStore(uri))[0]
    path = next(p for p in store.storage.files(version / "documents"))
    data = bytearray(store.storage.read_bytes(path) or b"")
    data[len(data) // 2] ^= 0xFF
    store.storage.put(path, bytes(data))
    with pytest.raises(OutputError, match="damaged"):
        TableStore(uri).read_table("documents")
