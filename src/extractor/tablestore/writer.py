"""Writes one table of a new version from the previous version's files and a change."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from .layout import EMPTY_FILE, MAX_FILES_PER_BUCKET, WHOLE_FILE, bucket_of, doc_id_of
from .manifest import FileEntry

if TYPE_CHECKING:
    from . import Change, TableStore


class _Writer:
    """Every file it writes or reuses is recorded in `entries` (named relative to the table's
    folder) for the new version's manifest; every file it reuses or reads is checked first."""

    def __init__(self, store: TableStore, name: str, version: PurePath) -> None:
        self.store = store
        self.storage = store.storage
        self.name = name
        self.schema = store.schemas[name]
        self.layout = store.layouts.get(name, "whole")
        self.folder = version / name
        self.file_name = f"{version.name}.parquet"
        self.entries: dict[str, FileEntry] = {}

    def write(self, old: PurePath | None, change: Change | None, compact: bool = False) -> dict[str, FileEntry]:
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
        if not self.entries:  # an empty table is one empty file, so readers still find its columns
            self._put(self.schema.empty_table(), self.folder / EMPTY_FILE)
        self.storage.sync(self.folder)
        return self.entries

    def _whole(self, old_files: list[PurePath], change: Change | None) -> None:
        parts = [without(self._read_files(old_files), change.drop if change else frozenset())]
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
        add = split_by_bucket(change.add) if change is not None else {}
        drop_buckets = {bucket_of(doc_id) for doc_id in drop}
        by_bucket: dict[str, list[PurePath]] = {}
        loose: list[PurePath] = []  # files outside a bucket folder (an older layout): re-partitioned once
        for path in old_files:
            if path.parent == old:
                loose.append(path)
            else:
                by_bucket.setdefault(path.parent.name, []).append(path)
        if loose:
            for bucket, rows in split_by_bucket(without(self._read_files(loose), drop)).items():
                add[bucket] = pa.concat_tables([rows, add[bucket]]) if bucket in add else rows
        for bucket in sorted(set(by_bucket) | set(add)):
            files = by_bucket.get(bucket, [])
            new = add.get(bucket, self.schema.empty_table())
            touched = [p for p in files if bucket in drop_buckets and self._holds_any(p, drop)]
            kept = [p for p in files if p not in touched]
            merge = compact or len(kept) + 1 > MAX_FILES_PER_BUCKET and (new.num_rows or touched)
            if merge:
                touched, kept = files, []
            rewritten = pa.concat_tables([without(self._read_files(touched), drop), new])
            if not kept and not rewritten.num_rows:
                continue
            self.storage.mkdir(self.folder / bucket)
            for path in kept:
                self._link(path, old)  # type: ignore[arg-type]
            if rewritten.num_rows:
                self._write(rewritten, self.folder / bucket / self.file_name)
            self.storage.sync(self.folder / bucket)

    def _link(self, path: PurePath, old: PurePath) -> None:
        entry = self.store._reusable(path, self.name)  # checked against its own version's manifest
        self.storage.link(path, self.folder / path.relative_to(old))
        self.entries[path.relative_to(old).as_posix()] = entry

    def _write(self, table: pa.Table, path: PurePath) -> None:
        self._put(table.sort_by([(key, "ascending") for key in self.store._keys(self.name)]), path)

    def _put(self, table: pa.Table, path: PurePath) -> None:
        self.entries[PurePosixPath(path.relative_to(self.folder)).as_posix()] = self.storage.write(table, path)

    def _read_files(self, paths: Iterable[PurePath]) -> pa.Table:
        tables = [self.store._load(path, self.name) for path in paths]
        return pa.concat_tables(tables) if tables else self.schema.empty_table()

    def _holds_any(self, path: PurePath, drop: frozenset[str]) -> bool:
        """Whether a file holds a row of any of the documents: reads its doc_id column only."""
        ids = self.store._load(path, self.name, columns=["doc_id"])["doc_id"]
        return bool(pc.any(pc.is_in(ids, pa.array(sorted(drop), pa.string()))).as_py())


def without(table: pa.Table, drop: frozenset[str]) -> pa.Table:
    if not drop or "doc_id" not in table.column_names or not table.num_rows:
        return table
    # pyarrow-stubs type fill_null as coalesce, one type variable for the array and the fill value
    return table.filter(pc.invert(pc.fill_null(pc.is_in(table["doc_id"], pa.array(sorted(drop), pa.string())), False)))  # type: ignore[call-overload, type-var]


def split_by_bucket(table: pa.Table) -> dict[str, pa.Table]:
    if not table.num_rows:
        return {}
    ids = table["doc_id"]
    unique = pc.unique(ids)
    names = [bucket_of(doc_id_of(doc_id)) for doc_id in unique.to_pylist()]
    per_row = pc.take(pa.array(names, pa.string()), pc.index_in(ids, unique))
    return {bucket: table.filter(pc.equal(per_row, pa.scalar(bucket, pa.string()))) for bucket in sorted(set(names))}
