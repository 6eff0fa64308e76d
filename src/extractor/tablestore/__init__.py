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
and its new rows go to new files. It checks each table against its schema, writes the version's
manifest, `_MANIFEST.json` (every file's size, sha256 and row count, and SCHEMA_VERSION) last,
then renames `.current` to point at the new folder. A version counts only once its manifest is
there: a crash before leaves the previous version current and whole, and the unfinished folder
is removed by the next run once its own version is published (unfinished folders first; the
new version and the one it replaced are kept). Files are never changed in place, so a file shared by several
versions is the same bytes in each; a file is checked against its manifest before it is read
(size and sha256) or reused (listed, and its size), so a damaged or foreign file is an error naming it (`extractor verify`, `extractor
repair`; see `repair.py`). A missing or dangling `.current` is reported, and the newest complete
version is read instead (a StoreWarning); nothing starts afresh over published tables.

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

import uuid
import warnings
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import OutputError, StoreWarning
from ..location import Location, parse_location
from ..tables import LAYOUTS, SCHEMA_VERSION, SCHEMAS, sort_keys
from .layout import (
    BUCKETS,
    EMPTY_FILE,
    KEEP_VERSIONS,
    LEASE,
    LEASE_STALE_HOURS,
    LOCK_WAIT_S,
    MANIFEST,
    MAX_FILES_PER_BUCKET,
    POINTER,
    VERSIONS,
    WHOLE_FILE,
    bucket_of,
)
from .manifest import FileEntry, Manifest, entry_of, mismatch
from .storage import _LocalStorage, _ObjectStorage, _Storage
from .writer import _Writer

__all__ = [
    "BUCKETS",
    "EMPTY_FILE",
    "KEEP_VERSIONS",
    "LEASE",
    "LEASE_STALE_HOURS",
    "MANIFEST",
    "MAX_FILES_PER_BUCKET",
    "POINTER",
    "VERSIONS",
    "WHOLE_FILE",
    "Change",
    "TableStore",
    "bucket_of",
    "_ObjectStorage",
]


FOREIGN = "is not one of the version's files (put there by hand or by another program?): move it out."


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
    `tables.LAYOUTS` for the ingest tables, `whole` for any other). `schema_version` is written
    into every manifest and must match on reading (default: `tables.SCHEMA_VERSION` for the
    ingest tables; None, unchecked, for others)."""

    def __init__(
        self,
        root: Location,
        schemas: Mapping[str, pa.Schema] = SCHEMAS,
        keys: Mapping[str, list[str]] | None = None,
        layouts: Mapping[str, str] | None = None,
        schema_version: str | None = None,
    ) -> None:
        self.root = parse_location(root)
        self.storage: _Storage = _LocalStorage(self.root) if isinstance(self.root, Path) else _ObjectStorage(self.root)
        self.schemas = schemas
        self.keys = keys
        self.layouts = layouts if layouts is not None else (LAYOUTS if schemas is SCHEMAS else {})
        self.schema_version = schema_version if schema_version is not None else (SCHEMA_VERSION if schemas is SCHEMAS else None)
        self._manifests: dict[str, Manifest] = {}  # versions are never changed once complete

    def lock(self, wait_s: float = LOCK_WAIT_S) -> AbstractContextManager[None]:
        """One writer at a time (a file lock in a folder, a lease on a URI)."""
        return self.storage.lock(wait_s)

    @property
    def fix(self) -> str:
        """What to do about a damaged version, for every error that names one."""
        return f"Run `extractor verify --tables {self.root}` to list every problem and `extractor repair --tables {self.root}` to go back to intact tables."

    # --- versions -------------------------------------------------------------------------

    def current_version(self) -> PurePath | None:
        """The folder of the version published last (None when nothing was): resolve it once to
        read several tables from the same version. A missing or dangling pointer over published
        tables gives the newest complete version, with a StoreWarning saying so."""
        pointed, problem = self.storage.current()
        if pointed is not None:
            return pointed
        complete = self.complete_versions()
        if problem is None and not complete and not self.storage.was_published(list(self.schemas)):
            return None  # nothing was ever published here
        problem = problem or f"{self._shown(self.storage.root / self.storage.pointer_name)} (the link to the published version) is missing"
        if not complete:
            raise OutputError(
                f"{problem}, and {VERSIONS} holds no complete version to read instead. Nothing was changed: "
                f"run `extractor repair --tables {self.root}` (it can adopt tables written by an older release), "
                f"or move the folder away and ingest again."
            )
        warnings.warn(
            StoreWarning(
                f"{problem}; reading the newest complete version, {complete[-1].name}, instead. "
                f"`extractor repair --tables {self.root}` (or the next ingest) publishes it again."
            ),
            stacklevel=2,
        )
        return complete[-1]

    def complete_versions(self) -> list[PurePath]:
        """Version folders with a readable manifest, oldest first."""
        return [version for version in self.storage.versions() if self._parsed(version) is not None]

    def manifest(self, version: PurePath) -> Manifest | None:
        """The version's manifest; None for a version without one (written before manifests, or
        unfinished); an OutputError for one that cannot be read or was written for another schema."""
        manifest = self._parsed(version)
        if manifest is None:
            if self.storage.read_bytes(version / MANIFEST) is None:
                return None
            raise OutputError(f"{self._shown(version / MANIFEST)} cannot be read as a manifest. {self.fix}")
        if self.schema_version is not None and manifest.schema_version != self.schema_version:
            raise OutputError(
                f"The tables in {self._shown(version)} were written with schema version {manifest.schema_version}; this "
                f"extractor reads version {self.schema_version} (docs/data-dictionary.md). Ingest into a new folder "
                f"(--out), or use the release that wrote them."
            )
        return manifest

    def _parsed(self, version: PurePath) -> Manifest | None:
        """The manifest if the version has a readable one: the version is complete."""
        manifest = self._manifests.get(version.name)
        if manifest is None:
            raw = self.storage.read_bytes(version / MANIFEST)
            try:
                manifest = Manifest.from_bytes(raw) if raw is not None else None
            except ValueError:
                return None
            if manifest is not None:
                self._manifests[version.name] = manifest
        return manifest

    # --- reading --------------------------------------------------------------------------

    def read(self) -> dict[str, pa.Table]:
        """The current tables, each sorted by its keys (empty tables of the declared schemas when
        nothing was published)."""
        current = self.current_version()  # once: every table from the same published version
        return {name: self._read(current, name) for name in self.schemas}

    def read_table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """One current table (or some of its columns), sorted by its keys."""
        return self._read(self.current_version(), name, columns)

    def _read(self, current: PurePath | None, name: str, columns: list[str] | None = None) -> pa.Table:
        schema = self._schema(name, columns)
        if current is None:
            return schema.empty_table()
        paths = self.checked_files(name, current, placeholder=True)
        tables = [self._load(path, name, columns) for path in paths]
        table = pa.concat_tables(tables) if tables else schema.empty_table()
        keys = [key for key in self._keys(name) if key in table.column_names]
        return table.sort_by([(key, "ascending") for key in keys]) if keys else table

    def files(self, name: str, version: PurePath | None = None) -> list[PurePath]:
        """The data files of a table (the empty placeholder not counted), in the current version or `version`."""
        version = version if version is not None else self.current_version()
        if version is None:
            return []
        return [path for path in self.storage.files(version / name) if path.name != EMPTY_FILE]

    def checked_files(self, name: str, version: PurePath, placeholder: bool = False) -> list[PurePath]:
        """The table's files in `version` once its folder holds exactly the files its manifest
        lists (an OutputError naming the first missing or foreign file otherwise)."""
        paths = self.storage.files(version / name)
        problems = self.listing_problems(version, name, paths)
        if problems:
            raise OutputError(f"{problems[0]} {self.fix}")
        return paths if placeholder else [path for path in paths if path.name != EMPTY_FILE]

    def listing_problems(self, version: PurePath, name: str, paths: list[PurePath]) -> list[str]:
        manifest = self.manifest(version)
        if manifest is None:
            return []
        listed = manifest.tables.get(name, {})
        found = {path.relative_to(version / name).as_posix(): path for path in paths}
        problems = [
            f"{self._shown(version / name / relative)} is missing (the version's manifest lists it)." for relative in sorted(set(listed) - set(found))
        ]
        problems += [f"{self._shown(found[relative])} {FOREIGN}" for relative in sorted(set(found) - set(listed))]
        return problems

    def dataset(self, name: str, version: PurePath) -> ds.Dataset:
        """A table of `version` as a lazily read pyarrow dataset: how DuckDB scans a store on a URI."""
        paths = [str(path) for path in self.checked_files(name, version)]
        return ds.dataset(paths, schema=self.schemas[name], format="parquet", filesystem=self.storage.fs)

    def verify_file(self, path: PurePath, name: str) -> None:
        """Read a file whole and check it against its manifest, as DuckDB reads it unchecked."""
        self._load(path, name)

    def _load(self, path: PurePath, name: str, columns: list[str] | None = None) -> pa.Table:
        """One Parquet file of a version, checked against the version's manifest, in the table's schema."""
        data, _ = self._checked_bytes(path, name)
        try:
            table = pq.read_table(pa.BufferReader(data), columns=columns)
        except (pa.ArrowException, OSError) as exc:
            raise OutputError(f"{self._shown(path)} cannot be read as Parquet ({' '.join(str(exc).split())}). {self.fix}") from exc
        schema = self._schema(name, columns)
        if table.schema.equals(schema):
            return table
        try:
            return table.select(schema.names).cast(schema)
        except (KeyError, ValueError, TypeError, pa.ArrowException) as exc:
            raise OutputError(
                f"{self._shown(path)} does not hold the columns of the table '{name}' ({' '.join(str(exc).split())}). {self.fix}"
            ) from exc

    def _reusable(self, path: PurePath, name: str) -> FileEntry:
        """The manifest entry of a file a new version takes over unchanged (a hard link or a
        server-side copy, never read): it must be listed, and its size must match. Its checksum
        is checked whenever it is read, and by `verify`: reading every reused file on every run
        would make a run's cost the size of all the tables."""
        version, inside = self._locate(path)
        manifest = self.manifest(version)
        if manifest is None:  # a version written before manifests: its entry is made now, once
            data = self.storage.read_bytes(path)
            if data is None:
                raise OutputError(f"{self._shown(path)} is missing. {self.fix}")
            try:
                return entry_of(data, pq.read_metadata(pa.BufferReader(data)).num_rows)
            except (pa.ArrowException, OSError) as exc:
                raise OutputError(f"{self._shown(path)} cannot be read as Parquet ({exc}). {self.fix}") from exc
        entry = manifest.tables.get(name, {}).get(inside)
        if entry is None:
            raise OutputError(f"{self._shown(path)} {FOREIGN} {self.fix}")
        size = self.storage.size(path)
        if size != entry.size:
            found = "it is missing" if size is None else f"it has {size} bytes, the manifest lists {entry.size}"
            raise OutputError(f"{self._shown(path)} is damaged: {found}. {self.fix}")
        return entry

    def _locate(self, path: PurePath) -> tuple[PurePath, str]:
        """The version a file belongs to, and its name inside its table's folder."""
        relative = PurePath(path).relative_to(self.storage.root / VERSIONS)
        return self.storage.root / VERSIONS / relative.parts[0], PurePosixPath(*relative.parts[2:]).as_posix()

    def _checked_bytes(self, path: PurePath, name: str) -> tuple[bytes, FileEntry | None]:
        version, inside = self._locate(path)
        data = self.storage.read_bytes(path)
        if data is None:
            raise OutputError(f"{self._shown(path)} is missing. {self.fix}")
        manifest = self.manifest(version)
        if manifest is None:
            return data, None
        entry = manifest.tables.get(name, {}).get(inside)
        if entry is None:
            raise OutputError(f"{self._shown(path)} {FOREIGN} {self.fix}")
        problem = mismatch(data, entry)
        if problem is not None:
            raise OutputError(f"{self._shown(path)} is damaged: {problem}. {self.fix}")
        return data, entry

    def _schema(self, name: str, columns: list[str] | None) -> pa.Schema:
        schema = self.schemas[name]
        return pa.schema([schema.field(column) for column in columns]) if columns is not None else schema

    def _shown(self, path: PurePath) -> str:
        """A path as the user wrote the store's location (the URI for object stores)."""
        if isinstance(self.root, Path):
            return str(path)
        return f"{self.root.rstrip('/')}/{PurePath(path).relative_to(self.storage.root).as_posix()}"

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
        return self._write_version(lambda writer, old: writer.write(old, changes.get(writer.name)))

    def compact(self) -> PurePath | None:
        """A new version with every bucket and history table merged into one file each.
        None when nothing was published yet."""
        if self.current_version() is None:
            return None
        return self._write_version(lambda writer, old: writer.write(old, None, compact=True))

    def _write_version(self, write) -> PurePath:  # type: ignore[no-untyped-def]
        """Every table written, then the manifest, then the pointer: a version is complete only at the end."""
        previous = self.current_version()
        if previous is not None:
            self.manifest(previous)  # an unreadable manifest or another schema version stops here
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")  # microseconds: names sort in publishing order
        version = self.storage.root / VERSIONS / f"{stamp}-{uuid.uuid4().hex[:8]}"
        self.storage.mkdir(version)
        manifest = Manifest(self.schema_version)
        for name in self.schemas:
            old = previous / name if previous is not None and self.storage.is_dir(previous / name) else None
            manifest.tables[name] = write(_Writer(self, name, version), old)
        self.storage.put(version / MANIFEST, manifest.to_bytes())
        self._manifests[version.name] = manifest
        self.storage.publish(version, list(self.schemas))
        self._prune(keep=version, previous=previous)
        return version

    def publish_version(self, version: PurePath) -> None:
        """Make an existing complete version current again (`extractor repair`)."""
        self.storage.publish(version, list(self.schemas))

    def _keys(self, name: str) -> list[str]:
        return self.keys[name] if self.keys is not None else sort_keys(name)

    def _prune(self, keep: PurePath, previous: PurePath | None) -> None:
        """Keep the new version and the one it replaced (KEEP_VERSIONS); remove unfinished folders
        first, then any other complete version (older ones, and one a killed run completed but
        never published). A version's manifest goes first, so a half-removed folder is unfinished."""
        versions = self.storage.versions()
        live = {version.name for version in [keep, previous][:KEEP_VERSIONS] if version is not None}
        unfinished = [v for v in versions if v.name not in live and self._parsed(v) is None]
        complete = [v for v in versions if v.name not in live and v not in unfinished]
        for version in unfinished + complete:
            self.storage.remove(version)
            self._manifests.pop(version.name, None)
