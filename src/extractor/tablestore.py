"""The output folder: Parquet datasets published all at once, so a reader never sees half a run.

Layout under OUT:
    .versions/<run>/<table>/...            one complete set of tables per published run
    .current  -> .versions/<run>           swapped with one atomic rename
    <table>   -> .current/<table>          stable paths for pandas and DuckDB

Inside a version, each table is laid out as `tables.LAYOUTS` says:
    whole     <table>/part-0.parquet                   (documents; every table of other stores)
    by_doc    <table>/<bucket>/<run>.parquet           rows partitioned by a hash of doc_id into
                                                       BUCKETS folders; one file per run that
                                                       touched the bucket
    history   <table>/<run>.parquet                    rows only added (fetches); one file per run
A table with no rows at all is one empty file, `<table>/empty.parquet`, so it still reads.

A run writes a new version folder: files it did not touch are hard links to the current
version's (no bytes copied), files holding a replaced document are rewritten without its rows,
and its new rows go to new files. It checks each table against its schema, then renames
`.current` to point at the new folder. A crash before the rename leaves the previous version
current and whole; the unfinished folder is removed by the next run. Files are never changed in
place, so a file shared by several versions is the same bytes in each.

A bucket holding more than MAX_FILES_PER_BUCKET files is merged into one when a run touches it;
`compact()` (`extractor compact`) merges every bucket and history table into one file each.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import OutputError
from .tables import LAYOUTS, SCHEMAS, sort_keys

KEEP_VERSIONS = 2
LOCK_WAIT_S = 0.0
BUCKETS = 32  # by_doc partitions: a changed document rewrites at most one file of 1/32 of a table
MAX_FILES_PER_BUCKET = 8  # more files than this in a bucket a run touches: merged into one
WHOLE_FILE = "part-0.parquet"
EMPTY_FILE = "empty.parquet"


def bucket_of(doc_id: str) -> str:
    """The partition folder of a document's rows: stable for any doc_id string."""
    digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=4).digest()
    return f"{int.from_bytes(digest, 'big') % BUCKETS:02x}"


@dataclass(frozen=True)
class Change:
    """What a run does to one table: remove every row of the `drop` documents, then add `add`.
    With `replace`, `add` is the whole new table."""

    add: pa.Table
    drop: frozenset[str] = frozenset()
    replace: bool = False


class TableStore:
    """The tables under `root`; `schemas` names the tables it holds (default: the ingest tables;
    the comparison tables use their own store, `compare.COMPARISON_SCHEMAS`, in a sibling folder).
    `layouts` maps a table to `whole`, `by_doc` or `history` (default: `tables.LAYOUTS` for the
    ingest tables, `whole` for any other)."""

    def __init__(
        self,
        root: Path,
        schemas: Mapping[str, pa.Schema] = SCHEMAS,
        keys: Mapping[str, list[str]] | None = None,
        layouts: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.versions = root / ".versions"
        self.current = root / ".current"
        self.schemas = schemas
        self.keys = keys
        self.layouts = layouts if layouts is not None else (LAYOUTS if schemas is SCHEMAS else {})

    @contextmanager
    def lock(self, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
        """One writer at a time; the OS releases the lock if the process dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=wait_s)
        except Timeout as exc:
            raise OutputError(
                f"Another ingest is writing to {self.root}. Wait for it to finish, or use another --out folder."
            ) from exc
        try:
            yield
        finally:
            lock.release()

    # --- reading --------------------------------------------------------------------------

    def read(self) -> dict[str, pa.Table]:
        """The current tables, each sorted by its keys (empty tables of the declared schemas when
        nothing was published)."""
        current = self.current.resolve()  # once: every table from the same published version
        return {name: self._read(current, name) for name in self.schemas}

    def read_table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """One current table (or some of its columns), sorted by its keys."""
        return self._read(self.current.resolve(), name, columns)

    def _read(self, current: Path, name: str, columns: list[str] | None = None) -> pa.Table:
        schema = self.schemas[name]
        if columns is not None:
            schema = pa.schema([schema.field(column) for column in columns])
        folder = current / name
        if not folder.is_dir():
            return schema.empty_table()
        try:
            table = pq.read_table(folder, schema=schema, columns=columns)
        except (pa.ArrowInvalid, OSError) as exc:
            raise OutputError(f"The table {folder} cannot be read ({exc}); delete {self.root} to start afresh.") from exc
        keys = [key for key in self._keys(name) if key in table.column_names]
        return table.sort_by([(key, "ascending") for key in keys]) if keys else table

    def files(self, name: str) -> list[Path]:
        """The data files of a current table (the empty placeholder not counted)."""
        folder = self.current.resolve() / name
        return [path for path in _parquet_files(folder) if path.name != EMPTY_FILE] if folder.is_dir() else []

    # --- writing --------------------------------------------------------------------------

    def publish(self, tables: dict[str, pa.Table]) -> Path:
        """Replace every table (a missing one with an empty table), then make it current in one rename."""
        return self.apply({name: Change(tables.get(name, schema.empty_table()), replace=True) for name, schema in self.schemas.items()})

    def apply(self, changes: Mapping[str, Change]) -> Path:
        """A new version: each table changed as `changes` says, every other table as it was."""
        for name, change in changes.items():
            if name not in self.schemas:
                raise OutputError(f"Refusing to publish table '{name}': this store has no such table.")
            if not change.add.schema.equals(self.schemas[name]):
                raise OutputError(f"Refusing to publish table '{name}': its schema differs from the declared one.")
            change.add.validate(full=True)
        version = self._new_version()
        previous = self.current.resolve() if self.current.exists() else None
        for name in self.schemas:
            old = previous / name if previous is not None and (previous / name).is_dir() else None
            change = changes.get(name)
            _Writer(self, name, version).write(old, change)
        self._publish(version)
        return version

    def compact(self) -> Path | None:
        """A new version with every bucket and history table merged into one file each.
        None when nothing was published yet."""
        if not self.current.exists():
            return None
        previous = self.current.resolve()
        version = self._new_version()
        for name in self.schemas:
            old = previous / name if (previous / name).is_dir() else None
            _Writer(self, name, version).write(old, None, compact=True)
        self._publish(version)
        return version

    def _new_version(self) -> Path:
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")  # microseconds: names sort in publishing order
        version = self.versions / f"{stamp}-{uuid.uuid4().hex[:8]}"
        version.mkdir()
        return version

    def _publish(self, version: Path) -> None:
        _fsync(version)
        self._swap(version)
        self._link_tables()
        self._prune(keep=version)

    def _keys(self, name: str) -> list[str]:
        return self.keys[name] if self.keys is not None else sort_keys(name)

    def _swap(self, version: Path) -> None:
        temporary = self.root / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(version, self.root), temporary)
        os.replace(temporary, self.current)
        _fsync(self.root)

    def _link_tables(self) -> None:
        for name in self.schemas:
            link = self.root / name
            if link.is_symlink():
                continue
            if link.exists():
                raise OutputError(f"{link} exists and is not a table link; move it away and re-run.")
            os.symlink(os.path.join(".current", name), link)

    def _prune(self, keep: Path) -> None:
        """Keep the newest published versions; drop older ones and any a crashed run left."""
        versions = sorted(p for p in self.versions.iterdir() if p.is_dir())
        live = {keep.name} | {p.name for p in versions[-KEEP_VERSIONS:] if p <= keep}
        for path in versions:
            if path.name not in live:
                shutil.rmtree(path, ignore_errors=True)
        for stray in self.root.glob(".current-*"):
            stray.unlink(missing_ok=True)


class _Writer:
    """Writes one table of a new version from the previous version's files and a change."""

    def __init__(self, store: TableStore, name: str, version: Path) -> None:
        self.store = store
        self.name = name
        self.schema = store.schemas[name]
        self.layout = store.layouts.get(name, "whole")
        self.folder = version / name
        self.file_name = f"{version.name}.parquet"
        self.written = 0  # data files in the new version's table

    def write(self, old: Path | None, change: Change | None, compact: bool = False) -> None:
        self.folder.mkdir()
        old_files = [p for p in _parquet_files(old) if p.name != EMPTY_FILE] if old is not None else []
        if change is not None and change.replace:
            old_files = []
        if change is None and not compact:
            for path in old_files:
                self._link(path, old)  # type: ignore[arg-type]
        elif self.layout == "by_doc":
            self._by_doc(old, old_files, change, compact)
        elif self.layout == "history":
            self._history(old, old_files, change, compact)
        else:
            self._whole(old_files, change)
        if self.written == 0:  # an empty table is one empty file, so readers still find its columns
            pq.write_table(self.schema.empty_table(), self.folder / EMPTY_FILE)
            _fsync(self.folder / EMPTY_FILE)
        _fsync(self.folder)

    def _whole(self, old_files: list[Path], change: Change | None) -> None:
        parts = [_without(_read_files(old_files, self.schema), change.drop if change else frozenset())]
        if change is not None:
            parts.append(change.add)
        table = pa.concat_tables(parts)
        if table.num_rows:
            self._write(table, self.folder / WHOLE_FILE)

    def _history(self, old: Path | None, old_files: list[Path], change: Change | None, compact: bool) -> None:
        add = change.add if change is not None else self.schema.empty_table()
        if compact or len(old_files) + (add.num_rows > 0) > MAX_FILES_PER_BUCKET:
            table = pa.concat_tables([_read_files(old_files, self.schema), add])
            if table.num_rows:
                self._write(table, self.folder / self.file_name)
            return
        for path in old_files:
            self._link(path, old)  # type: ignore[arg-type]
        if add.num_rows:
            self._write(add, self.folder / self.file_name)

    def _by_doc(self, old: Path | None, old_files: list[Path], change: Change | None, compact: bool) -> None:
        drop = change.drop if change is not None else frozenset()
        add = _split_by_bucket(change.add) if change is not None else {}
        drop_buckets = {bucket_of(doc_id) for doc_id in drop}
        by_bucket: dict[str, list[Path]] = {}
        loose: list[Path] = []  # files outside a bucket folder (an older layout): re-partitioned once
        for path in old_files:
            if path.parent == old:
                loose.append(path)
            else:
                by_bucket.setdefault(path.parent.name, []).append(path)
        if loose:
            for bucket, rows in _split_by_bucket(_without(_read_files(loose, self.schema), drop)).items():
                add[bucket] = pa.concat_tables([rows, add[bucket]]) if bucket in add else rows
        for bucket in sorted(set(by_bucket) | set(add)):
            files = by_bucket.get(bucket, [])
            new = add.get(bucket, self.schema.empty_table())
            touched = [p for p in files if bucket in drop_buckets and _holds_any(p, drop)]
            kept = [p for p in files if p not in touched]
            merge = compact or len(kept) + 1 > MAX_FILES_PER_BUCKET and (new.num_rows or touched)
            if merge:
                touched, kept = files, []
            rewritten = pa.concat_tables([_without(_read_files(touched, self.schema), drop), new])
            if not kept and not rewritten.num_rows:
                continue
            (self.folder / bucket).mkdir()
            for path in kept:
                self._link(path, old)  # type: ignore[arg-type]
            if rewritten.num_rows:
                self._write(rewritten, self.folder / bucket / self.file_name)
            _fsync(self.folder / bucket)

    def _link(self, path: Path, old: Path) -> None:
        target = self.folder / path.relative_to(old)
        try:
            os.link(path, target)
        except OSError:  # a file system without hard links: copy instead
            shutil.copy2(path, target)
        self.written += 1

    def _write(self, table: pa.Table, path: Path) -> None:
        table = table.sort_by([(key, "ascending") for key in self.store._keys(self.name)])
        pq.write_table(table, path)
        _fsync(path)
        self.written += 1


def _parquet_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.parquet") if not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts))


def _read_files(paths: Iterable[Path], schema: pa.Schema) -> pa.Table:
    tables = [pq.read_table(path, schema=schema) for path in paths]
    return pa.concat_tables(tables) if tables else schema.empty_table()


def _without(table: pa.Table, drop: frozenset[str]) -> pa.Table:
    if not drop or "doc_id" not in table.column_names or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.fill_null(pc.is_in(table["doc_id"], pa.array(sorted(drop), pa.string())), False)))


def _holds_any(path: Path, drop: frozenset[str]) -> bool:
    """Whether a file holds a row of any of the documents: reads its doc_id column only."""
    ids = pq.read_table(path, columns=["doc_id"])["doc_id"]
    return bool(pc.any(pc.is_in(ids, pa.array(sorted(drop), pa.string()))).as_py())


def _split_by_bucket(table: pa.Table) -> dict[str, pa.Table]:
    if not table.num_rows:
        return {}
    ids = table["doc_id"]
    unique = pc.unique(ids)
    buckets = pa.array([bucket_of(doc_id) for doc_id in unique.to_pylist()], pa.string())
    per_row = pc.take(buckets, pc.index_in(ids, unique))
    return {bucket: table.filter(pc.equal(per_row, bucket)) for bucket in sorted(set(buckets.to_pylist()))}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
