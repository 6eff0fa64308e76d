"""Where a store's files are and how a version becomes current: all that differs between a local
folder (`_LocalStorage`) and a URI (`_ObjectStorage`)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from ..errors import OutputError
from ..location import filesystem
from .layout import CURRENT, LEASE, LEASE_STALE_HOURS, MANIFEST, POINTED, POINTER, VERSIONS, hidden
from .manifest import FileEntry, entry_of

Pointer = tuple[PurePath | None, str | None]  # the published version, or None and why (None: nothing was published)


class _Storage(ABC):
    """Paths are `Path`s in a folder, paths on `fs` for a URI."""

    root: PurePath
    fs: pafs.FileSystem
    pointer_name: str

    @abstractmethod
    def current(self) -> Pointer:
        """The published version; (None, None) when there is none, (None, problem) when the pointer
        is there but unusable (dangling, torn)."""

    @abstractmethod
    def publish(self, version: PurePath, tables: list[str]) -> None:
        """Make a complete version current in one atomic step."""

    @abstractmethod
    def was_published(self, tables: list[str]) -> bool:
        """Whether anything shows a version was published here, pointer or not."""

    @abstractmethod
    def versions(self) -> list[PurePath]:
        """Every version folder, complete or not, in name (publishing) order."""

    @abstractmethod
    def remove(self, version: PurePath) -> None:
        """Delete a version folder, its manifest first (a half-deleted version is not complete);
        a failure leaves it for the next run."""

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
    def write(self, table: pa.Table, path: PurePath) -> FileEntry:
        """Write a Parquet file durably; its manifest entry."""

    @abstractmethod
    def read_bytes(self, path: PurePath) -> bytes | None:
        """A file's bytes, None when there is no such file."""

    @abstractmethod
    def size(self, path: PurePath) -> int | None:
        """A file's size without reading it, None when there is no such file."""

    @abstractmethod
    def put(self, path: PurePath, data: bytes) -> None:
        """Write a small file whole and durably (a manifest): readers see all of it or nothing."""

    @abstractmethod
    def sync(self, folder: PurePath) -> None:
        """Make a folder's entries durable."""


class _LocalStorage(_Storage):
    """A POSIX folder: `.current` symlink swapped by rename, hard links, fsync, a file lock."""

    pointer_name = CURRENT
    root: Path

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fs = pafs.LocalFileSystem()
        self._current = root / CURRENT

    def current(self) -> Pointer:
        if not self._current.is_symlink():
            return (None, f"{self._current} is not a link to a version") if self._current.exists() else (None, None)
        target = self._current.resolve()
        if not target.is_dir():
            return None, f"{self._current} points to {os.readlink(self._current)}, which does not exist"
        return target, None

    def publish(self, version: PurePath, tables: list[str]) -> None:
        _fsync(Path(version))
        temporary = self.root / f"{CURRENT}-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(version, self.root), temporary)
        os.replace(temporary, self._current)
        _fsync(self.root)
        for name in tables:
            link = self.root / name
            if link.is_symlink():
                continue
            if link.exists():
                raise OutputError(f"{link} exists and is not a table link; move it away and re-run.")
            os.symlink(os.path.join(CURRENT, name), link)
        for stray in self.root.glob(f"{CURRENT}-*"):
            stray.unlink(missing_ok=True)

    def was_published(self, tables: list[str]) -> bool:
        return any((self.root / name).is_symlink() for name in tables)

    def versions(self) -> list[PurePath]:
        folder = self.root / VERSIONS
        return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def remove(self, version: PurePath) -> None:
        try:
            (Path(version) / MANIFEST).unlink(missing_ok=True)
        except OSError:
            return
        shutil.rmtree(version, ignore_errors=True)

    @contextmanager
    def lock(self, wait_s: float) -> Iterator[None]:
        """The OS releases the lock if the process dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=wait_s)
        except Timeout as exc:
            raise OutputError(f"Another ingest is writing to {self.root}. Wait for it to finish, or use another --out folder.") from exc
        try:
            yield
        finally:
            lock.release()

    def is_dir(self, path: PurePath) -> bool:
        return Path(path).is_dir()

    def mkdir(self, path: PurePath) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def files(self, folder: PurePath) -> list[PurePath]:
        folder = Path(folder)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*.parquet") if not hidden(p.relative_to(folder)))

    def link(self, source: PurePath, target: PurePath) -> None:
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links: copy instead
            shutil.copy2(source, target)

    def write(self, table: pa.Table, path: PurePath) -> FileEntry:
        local = Path(path)
        pq.write_table(table, local)
        _fsync(local)
        with open(local, "rb") as handle:  # from the page cache: what is on disk is what the manifest describes
            digest = hashlib.file_digest(handle, "sha256")
        return FileEntry(local.stat().st_size, digest.hexdigest(), table.num_rows)

    def read_bytes(self, path: PurePath) -> bytes | None:
        try:
            return Path(path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def size(self, path: PurePath) -> int | None:
        try:
            return Path(path).stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            return None

    def put(self, path: PurePath, data: bytes) -> None:
        temporary = Path(path).with_name(f".{Path(path).name}-{uuid.uuid4().hex[:8]}")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _fsync(Path(path).parent)

    def sync(self, folder: PurePath) -> None:
        _fsync(Path(folder))


class _ObjectStorage(_Storage):
    """A URI: copies instead of links, the `_CURRENT` pointer written last, a `_LOCK` lease."""

    pointer_name = POINTER

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.fs, path = filesystem(uri)
        self.root = PurePosixPath(path)

    def current(self) -> Pointer:
        data = self.read_bytes(self.root / POINTER)
        if data is None:
            return None, None
        try:
            pointed = json.loads(data)["version"]
        except (ValueError, KeyError, TypeError) as exc:
            return None, f"{self.uri}/{POINTER} cannot be read ({exc})"
        if not isinstance(pointed, str) or not POINTED.fullmatch(pointed):
            return None, f"{self.uri}/{POINTER} does not name a version folder ({pointed!r})"
        if not self.is_dir(self.root / pointed):
            return None, f"{self.uri}/{POINTER} names {pointed}, which does not exist"
        return self.root / pointed, None

    def publish(self, version: PurePath, tables: list[str]) -> None:
        """Every file of the version is written; one PUT of the pointer makes it current."""
        pointer = {"version": version.relative_to(self.root).as_posix(), "published_at": _now().isoformat()}
        self.put(self.root / POINTER, json.dumps(pointer).encode())

    def was_published(self, tables: list[str]) -> bool:
        return False  # no links on a URI: only complete versions show it

    def versions(self) -> list[PurePath]:
        selector = pafs.FileSelector(str(self.root / VERSIONS), recursive=False, allow_not_found=True)
        return sorted(PurePosixPath(info.path) for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.Directory)

    def remove(self, version: PurePath) -> None:
        try:
            if self.fs.get_file_info(str(version / MANIFEST)).type == pafs.FileType.File:
                self.fs.delete_file(str(version / MANIFEST))
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
        self.put(path, json.dumps(mine).encode())
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
        return sorted(p for p in found if p.suffix == ".parquet" and not hidden(p.relative_to(folder)))

    def link(self, source: PurePath, target: PurePath) -> None:
        self.fs.copy_file(str(source), str(target))

    def write(self, table: pa.Table, path: PurePath) -> FileEntry:
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        data = sink.getvalue().to_pybytes()
        self.put(path, data)
        return entry_of(data, table.num_rows)

    def read_bytes(self, path: PurePath) -> bytes | None:
        if self.fs.get_file_info(str(path)).type != pafs.FileType.File:
            return None
        with self.fs.open_input_stream(str(path)) as stream:
            return stream.readall()

    def size(self, path: PurePath) -> int | None:
        info = self.fs.get_file_info(str(path))
        return info.size if info.type == pafs.FileType.File else None

    def put(self, path: PurePath, data: bytes) -> None:
        """One PUT: an object appears whole or not at all (on `file://` a crash can tear it)."""
        with self.fs.open_output_stream(str(path)) as stream:
            stream.write(data)

    def sync(self, folder: PurePath) -> None:
        """Nothing to do: an object is durable once its write returns."""

    def _lease(self, path: PurePath) -> dict[str, Any] | None:
        data = self.read_bytes(path)
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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
