"""The output folder: Parquet datasets published all at once, so a reader never sees half a run.

Layout under OUT:
    .versions/<run>/<table>/part-0.parquet   one complete set of tables per published run
    .current  -> .versions/<run>              swapped with one atomic rename
    <table>   -> .current/<table>              stable paths for pandas and DuckDB

A run writes its tables into a new version folder, checks each against its schema, then
renames `.current` to point at it. A crash before the rename leaves the previous version
current and whole; the unfinished folder is removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import OutputError
from .tables import SCHEMAS, sort_keys

KEEP_VERSIONS = 2
LOCK_WAIT_S = 0.0


class TableStore:
    """The tables under `root`; `schemas` names the tables it holds (default: the ingest tables;
    the comparison tables use their own store, `compare.COMPARISON_SCHEMAS`, in a sibling folder)."""

    def __init__(self, root: Path, schemas: Mapping[str, pa.Schema] = SCHEMAS, keys: Mapping[str, list[str]] | None = None) -> None:
        self.root = root
        self.versions = root / ".versions"
        self.current = root / ".current"
        self.schemas = schemas
        self.keys = keys

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

    def read(self) -> dict[str, pa.Table]:
        """The current tables (empty tables of the declared schemas when nothing was published)."""
        tables = {}
        current = self.current.resolve()  # once: every table from the same published version
        for name, schema in self.schemas.items():
            folder = current / name
            if folder.is_dir():
                try:
                    tables[name] = pq.read_table(folder, schema=schema)
                except (pa.ArrowInvalid, OSError) as exc:
                    raise OutputError(f"The table {folder} cannot be read ({exc}); delete {self.root} to start afresh.") from exc
            else:
                tables[name] = schema.empty_table()
        return tables

    def publish(self, tables: dict[str, pa.Table]) -> Path:
        """Write every table to a new version, validate it, then make it current in one rename."""
        self.versions.mkdir(parents=True, exist_ok=True)
        # microseconds: two runs in one second must still sort in publishing order, or _prune may drop
        # the version readers have open (names sort as text; an older name without them sorts first)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        version = self.versions / f"{stamp}-{uuid.uuid4().hex[:8]}"
        for name, schema in self.schemas.items():
            table = tables.get(name, schema.empty_table())
            if not table.schema.equals(schema):
                raise OutputError(f"Refusing to publish table '{name}': its schema differs from the declared one.")
            table.validate(full=True)
            keys = self.keys[name] if self.keys is not None else sort_keys(name)
            table = table.sort_by([(key, "ascending") for key in keys])
            (version / name).mkdir(parents=True)
            path = version / name / "part-0.parquet"
            pq.write_table(table, path)
            _fsync(path)
        _fsync(version)
        self._swap(version)
        self._link_tables()
        self._prune(keep=version)
        return version

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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
