"""`extractor verify` and `extractor repair`: every file of the published version checked against
its manifest, and the way back to intact tables when one is damaged or the pointer is lost.

Repair tries, in order: publishing again the newest complete version whose files are all intact
(a lost or dangling pointer, or a damaged file the older version does not share); adopting the
newest version written before manifests, if every file reads in its table's schema; and last, a
new version without the damaged files. A damaged partition file held the rows of some documents:
those documents' rows are removed from every table, so the next ingest processes them again
from the corpus, and the report names how many. A damaged whole-table file (the `documents`
table) cannot be told apart by document: repair then refuses, with the advice to ingest again
into a new folder."""

from __future__ import annotations

from pathlib import PurePath

import pyarrow as pa

from ..errors import OutputError
from . import FOREIGN, Change, TableStore
from .layout import MANIFEST, bucket_of, doc_id_of
from .manifest import Manifest, entry_of
from .writer import without


def problems(store: TableStore) -> tuple[PurePath | None, list[str]]:
    """The version readers get and everything wrong with it (the pointer included)."""
    pointed, pointer_problem = store.storage.current()
    found = [pointer_problem] if pointer_problem else []
    version = pointed
    if version is None:
        complete = store.complete_versions()
        if not complete and not pointer_problem and not store.storage.was_published(list(store.schemas)):
            return None, []
        if not pointer_problem:
            found.append(f"{store.storage.pointer_name} (the link to the published version) is missing")
        if not complete:
            return None, found + ["no complete version is left to read instead"]
        version = complete[-1]
    return version, found + version_problems(store, version)


def version_problems(store: TableStore, version: PurePath) -> list[str]:
    """Every missing, foreign, damaged or unreadable file of one version."""
    try:
        manifest = store.manifest(version)
    except OutputError as exc:
        return [str(exc)]
    found = []
    if manifest is None:
        found.append(f"{store._shown(version)} has no {MANIFEST} (written by an older release, or unfinished): its files cannot be checked")
    for name in store.schemas:
        paths = store.storage.files(version / name)
        found += store.listing_problems(version, name, paths)
        listed = manifest.tables.get(name, {}) if manifest is not None else None
        for path in paths:
            if listed is not None and path.relative_to(version / name).as_posix() not in listed:
                continue  # foreign: reported by the listing
            try:
                store.verify_file(path, name)
            except OutputError as exc:
                found.append(str(exc).replace(f" {store.fix}", ""))
    return found


def repair(store: TableStore) -> list[str]:
    """What was done, one sentence each. Takes the writer's lock."""
    with store.lock():
        pointed, pointer_problem = store.storage.current()
        found = version_problems(store, pointed) if pointed is not None else []
        if pointed is not None and not found and store.manifest(pointed) is not None:
            return [f"The published version {pointed.name} is intact: nothing to repair."]
        if pointed is not None and found and all(FOREIGN in problem for problem in found):
            return _without_damaged(store, pointed) + [
                f"The files that were not the version's stay in {pointed.name} until a later run prunes it: move them out if they are yours."
            ]
        for version in reversed(store.complete_versions()):
            if not version_problems(store, version):
                store.publish_version(version)
                instead = (
                    f" in place of {pointed.name}, which is damaged" if pointed is not None else f" ({pointer_problem or 'the pointer was missing'})"
                )
                return [f"Published again {version.name}, the newest intact version{instead}."]
        if pointed is not None and store.manifest(pointed) is None and _adopt(store, pointed):
            return [f"Recorded the manifest of {pointed.name} (written by an older release): its files are checked from now on."]
        unrecorded = [v for v in store.storage.versions() if store._parsed(v) is None]
        for version in reversed(unrecorded):
            if _adopt(store, version):
                store.publish_version(version)
                return [f"Adopted and published {version.name}, written by an older release: every file reads in its table's schema."]
        complete = store.complete_versions()
        if not complete:
            raise OutputError(f"{store.root} holds no version to repair from: move it away and ingest again (the corpus holds every document).")
        return _without_damaged(store, pointed if pointed is not None and store._parsed(pointed) else complete[-1])


def _adopt(store: TableStore, version: PurePath) -> bool:
    """Write a manifest for a version without one, if every table is there and reads."""
    manifest = Manifest(store.schema_version)
    for name in store.schemas:
        if not store.storage.is_dir(version / name):
            return False
        files = {}
        for path in store.storage.files(version / name):
            try:
                table = store._load(path, name)
            except OutputError:
                return False
            data = store.storage.read_bytes(path)
            assert data is not None
            files[path.relative_to(version / name).as_posix()] = entry_of(data, table.num_rows)
        manifest.tables[name] = files
    store.storage.put(version / MANIFEST, manifest.to_bytes())
    return True


def _without_damaged(store: TableStore, version: PurePath) -> list[str]:
    """A new version from `version`'s intact files; the documents whose rows were in a damaged
    partition file lose every row, so the next ingest processes them again."""
    manifest = store.manifest(version)
    assert manifest is not None
    intact: dict[str, list[pa.Table]] = {name: [] for name in store.schemas}
    damaged: dict[str, list[str]] = {}
    for name in store.schemas:
        for relative in manifest.tables.get(name, {}):
            try:
                intact[name].append(store._load(version / name / relative, name))
            except OutputError:
                damaged.setdefault(name, []).append(relative)
    whole = [f"{name}/{relative}" for name, files in damaged.items() if store.layouts.get(name, "whole") == "whole" for relative in files]
    if whole:
        raise OutputError(
            f"{store._shown(version / whole[0])} is damaged in every kept version, and its rows cannot be told apart by document: "
            f"move {store.root} away and ingest again into a new folder (the corpus holds every document)."
        )
    tables = {name: pa.concat_tables(parts) if parts else store.schemas[name].empty_table() for name, parts in intact.items()}
    lost_buckets = {PurePath(relative).parent.name for name, files in damaged.items() if store.layouts.get(name) == "by_doc" for relative in files}
    lost: frozenset[str] = frozenset()
    if lost_buckets and "documents" in tables:
        ids = [doc_id_of(value) for value in tables["documents"]["doc_id"].to_pylist()]
        lost = frozenset(doc_id for doc_id in ids if bucket_of(doc_id) in lost_buckets or "" in lost_buckets)
    history_rows = sum(
        manifest.tables[name][relative].rows for name, files in damaged.items() if store.layouts.get(name) == "history" for relative in files
    )
    store.apply({name: Change(without(table, lost), replace=True) for name, table in tables.items()})
    files = ", ".join(f"{name}/{relative}" for name, relatives in damaged.items() for relative in relatives)
    done = [f"Published a new version without the damaged files ({files})."]
    if lost:
        done.append(f"{len(lost)} documents had rows in them: their rows were removed, so the next `extractor ingest` processes them again.")
    if history_rows:
        done.append(f"{history_rows} rows of fetch history were in them and are lost (the raw store keeps the documents).")
    return done


__all__ = ["problems", "repair", "version_problems"]
