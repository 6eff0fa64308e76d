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

OUT may be a URI instead (`s3://bucket/prefix`, `file:///abs/path`, `memory://…`; see
`location.py`). A URI always uses the object-store protocol, even `file://`: the same versions,
but unchanged files are copied (`copy_file`, server-side on S3) instead of hard-linked, and a
version is published by writing one small object last, `_CURRENT` (JSON naming the version
folder): a single PUT, atomic on object stores. Readers read `_CURRENT`, then only that version;
there are no `.current` or `<table>` links. There are no file locks either: a writer holds a
lease object, `_LOCK` (see `_ObjectStorage.lock`). `_Storage` is everything the two differ in.

A bucket holding more than MAX_FILES_PER_BUCKET files is merged into one when a run touches it;
`compact()` (`extractor compact`) merges every bucket and history table into one file each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import OutputError
from .location import Location, filesystem, parse_location
from .tables import LAYOUTS, SCHEMAS, sort_keys

KEEP_VERSIONS = 2
LOCK_WAIT_S = 0.0
BUCKETS = 32  # by_doc partitions: a changed document rewrites at most one file of 1/32 of a table
MAX_FILES_PER_BUCKET = 8  # more files than this in a bucket a run touches: merged into one
WHOLE_FILE = "part-0.parquet"
EMPTY_FILE = "empty.parquet"
VERSIONS = ".versions"
POINTER = "_CURRENT"  # URI stores: the published version, {"version": ".versions/<run>"}
LEASE = "_LOCK"  # URI stores: the writer's lease
LEASE_STALE_HOURS = 24.0  # a lease older than this was left by a run that died; a longer run must not share its URI
_POINTED = re.compile(rf"{re.escape(VERSIONS)}/[A-Za-z0-9-]+")


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
    """The tables under `root` (a folder or a URI); `schemas` names the tables it holds (default:
    the ingest tables; the comparison tables use their own store, `compare.COMPARISON_SCHEMAS`,
    in a sibling folder). `layouts` maps a table to `whole`, `by_doc` or `history` (default:
    `tables.LAYOUTS` for the ingest tables, `whole` for any other)."""

    def __init__(
        self,
        root: Location,
        schemas: Mapping[str, pa.Schema] = SCHEMAS,
        keys: Mapping[str, list[str]] | None = None,
        layouts: Mapping[str, str] | None = None,
    ) -> None:
        self.root = parse_location(root)
        self.storage: _Storage = _LocalStorage(self.root) if isinstance(self.root, Path) else _ObjectStorage(self.root)
        self.schemas = schemas
        self.keys = keys
        self.layouts = layouts if layouts is not None else (LAYOUTS if schemas is SCHEMAS else {})

    def lock(self, wait_s: float = LOCK_WAIT_S) -> AbstractContextManager[None]:
        """One writer at a time (a file lock in a folder, a lease on a URI)."""
        return self.storage.lock(wait_s)

    # --- reading --------------------------------------------------------------------------

    def current_version(self) -> PurePath | None:
        """The folder of the version published last (None when nothing was): resolve it once to
        read several tables from the same version."""
        return self.storage.current()

    def read(self) -> dict[str, pa.Table]:
        """The current tables, each sorted by its keys (empty tables of the declared schemas when
        nothing was published)."""
        current = self.current_version()  # once: every table from the same published version
        return {name: self._read(current, name) for name in self.schemas}

    def read_table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """One current table (or some of its columns), sorted by its keys."""
        return self._read(self.current_version(), name, columns)

    def _read(self, current: PurePath | None, name: str, columns: list[str] | None = None) -> pa.Table:
        schema = self.schemas[name]
        if columns is not None:
            schema = pa.schema([schema.field(column) for column in columns])
        if current is None or not self.storage.is_dir(current / name):
            return schema.empty_table()
        folder = current / name
        try:
            table = self.storage.read(folder, schema=schema, columns=columns)
        except (pa.ArrowInvalid, OSError) as exc:
            raise OutputError(f"The table {folder} cannot be read ({exc}); delete {self.root} to start afresh.") from exc
        keys = [key for key in self._keys(name) if key in table.column_names]
        return table.sort_by([(key, "ascending") for key in keys]) if keys else table

    def files(self, name: str, version: PurePath | None = None) -> list[PurePath]:
        """The data files of a table (the empty placeholder not counted), in the current version or `version`."""
        version = version if version is not None else self.current_version()
        if version is None:
            return []
        return [path for path in self.storage.files(version / name) if path.name != EMPTY_FILE]

    def dataset(self, name: str, version: PurePath) -> ds.Dataset:
        """A table of `version` as a lazily read pyarrow dataset: how DuckDB scans a store on a URI."""
        paths = [str(path) for path in self.files(name, version)]
        return ds.dataset(paths, schema=self.schemas[name], format="parquet", filesystem=self.storage.fs)

    # --- writing --------------------------------------------------------------------------

    def publish(self, tables: dict[str, pa.Table]) -> PurePath:
        """Replace every table (a missing one with an empty table), then make it current at once."""
        return self.apply({name: Change(tables.get(name, schema.empty_table()), replace=True) for name, schema in self.schemas.items()})

    def apply(self, changes: Mapping[str, Change]) -> PurePath:
        """A new version: each table changed as `changes` says, every other table as it was."""
        for name, change in changes.items():
            if name not in self.schemas:
                raise OutputError(f"Refusing to publish table '{name}': this store has no such table.")
            if not change.add.schema.equals(self.schemas[name]):
                raise OutputError(f"Refusing to publish table '{name}': its schema differs from the declared one.")
            change.add.validate(full=True)
        previous = self.current_version()
        version = self._new_version()
        for name in self.schemas:
            old = previous / name if previous is not None and self.storage.is_dir(previous / name) else None
            _Writer(self, name, version).write(old, changes.get(name))
        self._publish(version)
        return version

    def compact(self) -> PurePath | None:
        """A new version with every bucket and history table merged into one file each.
        None when nothing was published yet."""
        previous = self.current_version()
        if previous is None:
            return None
        version = self._new_version()
        for name in self.schemas:
            old = previous / name if self.storage.is_dir(previous / name) else None
            _Writer(self, name, version).write(old, None, compact=True)
        self._publish(version)
        return version

    def _new_version(self) -> PurePath:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")  # microseconds: names sort in publishing order
        version = self.storage.root / VERSIONS / f"{stamp}-{uuid.uuid4().hex[:8]}"
        self.storage.mkdir(version)
        return version

    def _publish(self, version: PurePath) -> None:
        self.storage.publish(version, list(self.schemas))
        self._prune(keep=version)

    def _keys(self, name: str) -> list[str]:
        return self.keys[name] if self.keys is not None else sort_keys(name)

    def _prune(self, keep: PurePath) -> None:
        """Keep the newest published versions; drop older ones and any a crashed run left."""
        versions = self.storage.versions()
        live = {keep.name} | {p.name for p in versions[-KEEP_VERSIONS:] if p <= keep}
        for path in versions:
            if path.name not in live:
                self.storage.remove(path)


class _Storage(ABC):
    """Where a store's files are and how a version becomes current: all that differs between a
    local folder and a URI. Paths are `Path`s in a folder, paths on `fs` for a URI."""

    root: PurePath
    fs: pafs.FileSystem

    @abstractmethod
    def current(self) -> PurePath | None:
        """The published version, None when there is none."""

    @abstractmethod
    def publish(self, version: PurePath, tables: list[str]) -> None:
        """Make a complete version current in one atomic step."""

    @abstractmethod
    def versions(self) -> list[PurePath]:
        """Every version folder, published or not, in name (publishing) order."""

    @abstractmethod
    def remove(self, version: PurePath) -> None:
        """Delete a version folder; a failure leaves it for the next run."""

    @abstractmethod
    def lock(self, wait_s: float) -> AbstractContextManager[None]:
        """Keep a second writer out."""

    @abstractmethod
    def is_dir(self, path: PurePath) -> bool: ...

    @abstractmethod
    def mkdir(self, path: PurePath) -> None: ...

    @abstractmethod
    def files(self, folder: PurePath) -> list[PurePath]:
        """The Parquet files under a table folder, sorted, hidden ones (`.`, `_`) left out."""

    @abstractmethod
    def link(self, source: PurePath, target: PurePath) -> None:
        """Put an unchanged file into the new version without reading it."""

    @abstractmethod
    def write(self, table: pa.Table, path: PurePath) -> None:
        """Write a Parquet file durably."""

    @abstractmethod
    def read(self, source: PurePath, schema: pa.Schema | None = None, columns: list[str] | None = None) -> pa.Table:
        """A Parquet file or folder."""

    @abstractmethod
    def sync(self, folder: PurePath) -> None:
        """Make a folder's entries durable."""


class _LocalStorage(_Storage):
    """A POSIX folder: `.current` symlink swapped by rename, hard links, fsync, a file lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fs = pafs.LocalFileSystem()
        self._current = root / ".current"

    def current(self) -> Path | None:
        return self._current.resolve() if self._current.exists() else None

    def publish(self, version: PurePath, tables: list[str]) -> None:
        _fsync(Path(version))
        temporary = self.root / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(version, self.root), temporary)
        os.replace(temporary, self._current)
        _fsync(self.root)
        for name in tables:
            link = self.root / name
            if link.is_symlink():
                continue
            if link.exists():
                raise OutputError(f"{link} exists and is not a table link; move it away and re-run.")
            os.symlink(os.path.join(".current", name), link)
        for stray in self.root.glob(".current-*"):
            stray.unlink(missing_ok=True)

    def versions(self) -> list[PurePath]:
        folder = self.root / VERSIONS
        return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def remove(self, version: PurePath) -> None:
        shutil.rmtree(version, ignore_errors=True)

    @contextmanager
    def lock(self, wait_s: float) -> Iterator[None]:
        """The OS releases the lock if the process dies."""
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

    def is_dir(self, path: PurePath) -> bool:
        return Path(path).is_dir()

    def mkdir(self, path: PurePath) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def files(self, folder: PurePath) -> list[PurePath]:
        return list(_parquet_files(Path(folder)))

    def link(self, source: PurePath, target: PurePath) -> None:
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links: copy instead
            shutil.copy2(source, target)

    def write(self, table: pa.Table, path: PurePath) -> None:
        pq.write_table(table, path)
        _fsync(Path(path))

    def read(self, source: PurePath, schema: pa.Schema | None = None, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(source, schema=schema, columns=columns)

    def sync(self, folder: PurePath) -> None:
        _fsync(Path(folder))


class _ObjectStorage(_Storage):
    """A URI: copies instead of links, the `_CURRENT` pointer written last, a `_LOCK` lease."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.fs, path = filesystem(uri)
        self.root = PurePosixPath(path)

    def current(self) -> PurePath | None:
        data = self._get(self.root / POINTER)
        if data is None:
            return None
        try:
            pointed = json.loads(data)["version"]
        except (ValueError, KeyError, TypeError) as exc:
            raise OutputError(f"{self.uri}/{POINTER} cannot be read ({exc}); delete it to start afresh.") from exc
        if not isinstance(pointed, str) or not _POINTED.fullmatch(pointed):
            raise OutputError(f"{self.uri}/{POINTER} does not name a version folder ({pointed!r}); delete it to start afresh.")
        return self.root / pointed

    def publish(self, version: PurePath, tables: list[str]) -> None:
        """Every file of the version is written; one PUT of the pointer makes it current."""
        pointer = {"version": version.relative_to(self.root).as_posix(), "published_at": _now().isoformat()}
        self._put(self.root / POINTER, json.dumps(pointer).encode())

    def versions(self) -> list[PurePath]:
        selector = pafs.FileSelector(str(self.root / VERSIONS), recursive=False, allow_not_found=True)
        return sorted(PurePosixPath(info.path) for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.Directory)

    def remove(self, version: PurePath) -> None:
        try:
            self.fs.delete_dir(str(version))
        except OSError:
            pass  # an unpublished or old version is never read; the next run's pruning retries

    @contextmanager
    def lock(self, wait_s: float) -> Iterator[None]:
        """A lease, not a lock: object stores cannot create an object only if it is absent (not
        all of them), so two writers starting at the same instant could both get past this. The
        rule is one writer per output URI (the scheduled deployment runs one flow at a time); the
        lease catches the mistakes: a run refuses to start while a fresh `_LOCK` exists, and
        deletes it when done. A lease is not waited for (`wait_s` applies to folders)."""
        path = self.root / LEASE
        held = self._lease(path)
        if held is not None and _fresh(held):
            raise OutputError(
                f"Another ingest is writing to {self.uri}: {held.get('owner')} took its lease at {held.get('since')}. "
                f"Only one writer may use an output URI: wait for that run to finish, or use another --out. If that run "
                f"died, delete {self.uri}/{LEASE} (a lease older than {LEASE_STALE_HOURS:g} hours is ignored)."
            )
        mine = {"owner": f"{socket.gethostname()} pid {os.getpid()}", "since": _now().isoformat(), "token": uuid.uuid4().hex}
        self.fs.create_dir(str(self.root), recursive=True)
        self._put(path, json.dumps(mine).encode())
        if (self._lease(path) or {}).get("token") != mine["token"]:  # read back: another writer started this instant
            raise OutputError(f"Another ingest took the lease of {self.uri} at the same moment; only one writer may use an output URI.")
        try:
            yield
        finally:
            if (self._lease(path) or {}).get("token") == mine["token"]:
                self.fs.delete_file(str(path))

    def is_dir(self, path: PurePath) -> bool:
        return self.fs.get_file_info(str(path)).type == pafs.FileType.Directory

    def mkdir(self, path: PurePath) -> None:
        self.fs.create_dir(str(path), recursive=True)

    def files(self, folder: PurePath) -> list[PurePath]:
        selector = pafs.FileSelector(str(folder), recursive=True, allow_not_found=True)
        found = (PurePosixPath(info.path) for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.File)
        return sorted(p for p in found if p.suffix == ".parquet" and not _hidden(p.relative_to(folder)))

    def link(self, source: PurePath, target: PurePath) -> None:
        self.fs.copy_file(str(source), str(target))

    def write(self, table: pa.Table, path: PurePath) -> None:
        pq.write_table(table, str(path), filesystem=self.fs)

    def read(self, source: PurePath, schema: pa.Schema | None = None, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(str(source), schema=schema, columns=columns, filesystem=self.fs)

    def sync(self, folder: PurePath) -> None:
        """Nothing to do: an object is durable once its write returns."""

    def _get(self, path: PurePath) -> bytes | None:
        if self.fs.get_file_info(str(path)).type != pafs.FileType.File:
            return None
        with self.fs.open_input_stream(str(path)) as stream:
            return stream.readall()

    def _put(self, path: PurePath, data: bytes) -> None:
        with self.fs.open_output_stream(str(path)) as stream:
            stream.write(data)

    def _lease(self, path: PurePath) -> dict[str, Any] | None:
        data = self._get(path)
        if data is None:
            return None
        try:
            lease = json.loads(data)
        except ValueError:
            return {}  # half-written by a run that died: not a live lease
        return lease if isinstance(lease, dict) else {}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _fresh(lease: dict[str, Any]) -> bool:
    try:
        since = datetime.fromisoformat(str(lease["since"]))
    except (KeyError, ValueError):
        return False
    return _now() - since < timedelta(hours=LEASE_STALE_HOURS)


def _hidden(relative: PurePath) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


class _Writer:
    """Writes one table of a new version from the previous version's files and a change."""

    def __init__(self, store: TableStore, name: str, version: PurePath) -> None:
        self.store = store
        self.storage = store.storage
        self.name = name
        self.schema = store.schemas[name]
        self.layout = store.layouts.get(name, "whole")
        self.folder = version / name
        self.file_name = f"{version.name}.parquet"
        self.written = 0  # data files in the new version's table

    def write(self, old: PurePath | None, change: Change | None, compact: bool = False) -> None:
        self.storage.mkdir(self.folder)
        old_files = [p for p in self.storage.files(old) if p.name != EMPTY_FILE] if old is not None else []
        if change is not None and change.replace:
            old_files = []
        if change is None and not compact:
            for folder in sorted({path.parent for path in old_files} - {old}):  # the buckets
                self.storage.mkdir(self.folder / folder.relative_to(old))  # type: ignore[arg-type]
            for path in old_files:
                self._link(path, old)  # type: ignore[arg-type]
        elif self.layout == "by_doc":
            self._by_doc(old, old_files, change, compact)
        elif self.layout == "history":
            self._history(old, old_files, change, compact)
        else:
            self._whole(old_files, change)
        if self.written == 0:  # an empty table is one empty file, so readers still find its columns
            self.storage.write(self.schema.empty_table(), self.folder / EMPTY_FILE)
        self.storage.sync(self.folder)

    def _whole(self, old_files: list[PurePath], change: Change | None) -> None:
        parts = [_without(self._read_files(old_files), change.drop if change else frozenset())]
        if change is not None:
            parts.append(change.add)
        table = pa.concat_tables(parts)
        if table.num_rows:
            self._write(table, self.folder / WHOLE_FILE)

    def _history(self, old: PurePath | None, old_files: list[PurePath], change: Change | None, compact: bool) -> None:
        add = change.add if change is not None else self.schema.empty_table()
        if compact or len(old_files) + (add.num_rows > 0) > MAX_FILES_PER_BUCKET:
            table = pa.concat_tables([self._read_files(old_files), add])
            if table.num_rows:
                self._write(table, self.folder / self.file_name)
            return
        for path in old_files:
            self._link(path, old)  # type: ignore[arg-type]
        if add.num_rows:
            self._write(add, self.folder / self.file_name)

    def _by_doc(self, old: PurePath | None, old_files: list[PurePath], change: Change | None, compact: bool) -> None:
        drop = change.drop if change is not None else frozenset()
        add = _split_by_bucket(change.add) if change is not None else {}
        drop_buckets = {bucket_of(doc_id) for doc_id in drop}
        by_bucket: dict[str, list[PurePath]] = {}
        loose: list[PurePath] = []  # files outside a bucket folder (an older layout): re-partitioned once
        for path in old_files:
            if path.parent == old:
                loose.append(path)
            else:
                by_bucket.setdefault(path.parent.name, []).append(path)
        if loose:
            for bucket, rows in _split_by_bucket(_without(self._read_files(loose), drop)).items():
                add[bucket] = pa.concat_tables([rows, add[bucket]]) if bucket in add else rows
        for bucket in sorted(set(by_bucket) | set(add)):
            files = by_bucket.get(bucket, [])
            new = add.get(bucket, self.schema.empty_table())
            touched = [p for p in files if bucket in drop_buckets and self._holds_any(p, drop)]
            kept = [p for p in files if p not in touched]
            merge = compact or len(kept) + 1 > MAX_FILES_PER_BUCKET and (new.num_rows or touched)
            if merge:
                touched, kept = files, []
            rewritten = pa.concat_tables([_without(self._read_files(touched), drop), new])
            if not kept and not rewritten.num_rows:
                continue
            self.storage.mkdir(self.folder / bucket)
            for path in kept:
                self._link(path, old)  # type: ignore[arg-type]
            if rewritten.num_rows:
                self._write(rewritten, self.folder / bucket / self.file_name)
            self.storage.sync(self.folder / bucket)

    def _link(self, path: PurePath, old: PurePath) -> None:
        self.storage.link(path, self.folder / path.relative_to(old))
        self.written += 1

    def _write(self, table: pa.Table, path: PurePath) -> None:
        table = table.sort_by([(key, "ascending") for key in self.store._keys(self.name)])
        self.storage.write(table, path)
        self.written += 1

    def _read_files(self, paths: Iterable[PurePath]) -> pa.Table:
        tables = [self.storage.read(path, schema=self.schema) for path in paths]
        return pa.concat_tables(tables) if tables else self.schema.empty_table()

    def _holds_any(self, path: PurePath, drop: frozenset[str]) -> bool:
        """Whether a file holds a row of any of the documents: reads its doc_id column only."""
        ids = self.storage.read(path, columns=["doc_id"])["doc_id"]
        return bool(pc.any(pc.is_in(ids, pa.array(sorted(drop), pa.string()))).as_py())


def _parquet_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.parquet") if not _hidden(p.relative_to(folder)))


def _without(table: pa.Table, drop: frozenset[str]) -> pa.Table:
    if not drop or "doc_id" not in table.column_names or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.fill_null(pc.is_in(table["doc_id"], pa.array(sorted(drop), pa.string())), False)))


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
