"""Ingest a corpus: decide what needs work, run it, merge the rows, publish the tables.

`plan` and `publish_results` are shared by the plain-Python runner here and the Prefect flow in
`flows/ingest.py`; only the middle step (running documents) differs between them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from . import progress
from .config import Settings
from .document import DocumentResult, extractor_version, failed_result
from .errors import OutputError
from .isolation import IsolatedRunner, WorkerCrashed, refuse_in_a_starting_worker
from .location import Location
from .model import DocumentRef
from .sources.configured import Discovery, collect
from .sources.local import discover
from .tables import LAYOUTS, SCHEMAS, to_arrow
from .tablestore import Change, TableStore
from .tablestore.layout import doc_id_of


@dataclass
class Plan:
    """What a run will do: the documents to process and those already up to date.

    Only the `documents` table is read (one small file): the other tables are changed by
    `TableStore.apply` without being read, except the one file per bucket a replaced document's
    rows are in."""

    store: TableStore
    documents: pa.Table
    todo: list[DocumentRef]
    skipped: list[DocumentRef]
    paths: dict[str, list[str]]  # doc_id -> every path seen with those bytes, in name order
    started: float = field(default_factory=time.perf_counter)
    fetches: list[dict[str, Any]] = field(default_factory=list)  # rows for the `fetches` table (web runs)
    problems: list[str] = field(default_factory=list)  # sources that could not be read
    notes: list[str] = field(default_factory=list)  # warnings that are not failures (empty corpus, links not followed)


@dataclass
class Summary:
    counts: Counter[str]
    pages: int
    seconds: float
    out: Location
    changes: dict[str, list[str]] = field(default_factory=dict)  # new, changed, reprocessed, unchanged, failed
    fetches: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cached: int = 0  # documents whose result came from the Prefect cache, not processed again
    cached_pages: int = 0

    def line(self) -> str:
        c = self.counts
        fetched = ""
        if self.fetches:
            errors = sum(row["error"] is not None for row in self.fetches)
            not_modified = sum(row["http_status"] == 304 for row in self.fetches)
            fetched = f"{len(self.fetches)} fetches ({not_modified} not modified, {errors} failed); "
        if self.problems:
            fetched += f"{len(self.problems)} problem(s) reading the sources; "
        cached = f" ({self.cached} documents, {self.cached_pages} pages, from the Prefect cache, not processed again)" if self.cached else ""
        return (
            f"{fetched}{c['ok']} ok, {c['failed']} failed, {c['needs_ocr']} need OCR, {c['skipped']} skipped (unchanged); "
            f"{self.pages} pages in {self.seconds:.1f} s{cached}. Tables in {self.out}"
        )


def plan(settings: Settings, force: bool = False, source: str | None = None) -> Plan:
    """Unchanged documents (same bytes, same extractor version) are skipped: a hash and a lookup.

    `source` is `local` (the corpus folder) or `web` (fetch the enabled sources into the raw
    store first); default `run.source` from the config."""
    store = TableStore(settings.out)
    documents = store.read_table("documents")
    done = set()
    if not force:
        current = pc.equal(documents["extractor_version"], pa.scalar(extractor_version(settings), pa.string()))
        done = set(documents.filter(current)["doc_id"].to_pylist())
    paths: dict[str, list[str]]
    todo, skipped, paths = [], [], {}
    found = _discover(settings, source or settings.run.source)
    if not found.refs and (source or settings.run.source) == "local":
        found.notes.append(
            f"The corpus folder {settings.corpus} holds no documents (hidden files and the folders of corpus_exclude are "
            f"not read): nothing was ingested. Put documents there, or pass --corpus."
        )
    for ref in found.refs:
        assert ref.doc_id is not None  # discovery hands on only documents it has hashed
        if ref.doc_id in done or ref.doc_id in paths:
            skipped.append(ref)
        else:
            todo.append(ref)
        paths.setdefault(ref.doc_id, []).append(ref.name)
    return Plan(store, documents, todo, skipped, paths, fetches=found.fetches, problems=found.problems, notes=found.notes)


def _discover(settings: Settings, source: str) -> Discovery:
    if source == "web":
        return collect(settings)
    raw_store = settings.fetch.raw_store
    skip = [settings.corpus / folder for folder in settings.corpus_exclude]
    if isinstance(raw_store, Path):
        skip.append(raw_store)
    left_out: list[str] = []
    found = Discovery(list(discover(settings.corpus, skip=skip, follow_symlinks=settings.corpus_follow_symlinks, left_out=left_out)))
    if left_out:
        shown = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more" if len(left_out) > 5 else "")
        found.notes.append(
            f"{len(left_out)} links in the corpus were not followed (linked folders, or files outside the corpus: {shown}); "
            f"set corpus_follow_symlinks: true in config.yaml to read them."
        )
    return found


def run_documents(plan: Plan, settings: Settings) -> list[DocumentResult]:
    """Plain-Python runner: documents in parallel worker processes, each with its limits, the
    largest started first so a long document does not leave the other workers idle at the end;
    the results come back in the plan's order."""
    progress.start(len(plan.todo), len(plan.skipped))
    if not plan.todo:
        return []  # no worker processes to start
    done: dict[int, DocumentResult] = {}
    with IsolatedRunner(settings) as runner:
        futures = [(ref, runner.submit(ref)) for _, ref in largest_first(plan.todo)]
        for ref, future in futures:
            try:
                result = runner.result(ref, future)
            except (WorkerCrashed, OSError) as exc:
                result = failed_result(ref, "failed", f"{exc} Re-run to try again.")
            done[id(ref)] = result
            progress.advance(result)
    return [done[id(ref)] for ref in plan.todo]


def batches(todo: list[DocumentRef], count: int) -> list[list[DocumentRef]]:
    """`todo` in at most `count` batches of about equal bytes (largest documents first, each to
    the lightest batch), so an orchestrator pays its cost per task once per batch, not per
    document."""
    count = max(1, min(count, len(todo)))
    groups: list[list[DocumentRef]] = [[] for _ in range(count)]
    weights = [0] * count
    for size, ref in largest_first(todo):
        lightest = weights.index(min(weights))
        groups[lightest].append(ref)
        weights[lightest] += size
    return [group for group in groups if group]


def batch_label(refs: list[DocumentRef]) -> str:
    """A batch's name in the orchestrator's records: its first document, and how many more."""
    return refs[0].name if len(refs) == 1 else f"{refs[0].name} and {len(refs) - 1} more"


def largest_first(todo: list[DocumentRef]) -> list[tuple[int, DocumentRef]]:
    """The documents with their sizes in bytes, largest first (equal sizes in the plan's order).
    Sizes are read where the bytes are a local file; elsewhere every document counts one."""
    return sorted(((_size(ref), ref) for ref in todo), key=lambda sized: sized[0], reverse=True)


def _size(ref: DocumentRef) -> int:
    if isinstance(ref.path, Path):
        try:
            return ref.path.stat().st_size
        except OSError:
            return 1
    return 1


def publish_results(plan: Plan, results: Iterable[DocumentResult]) -> Summary:
    """Replace the rows of every processed document (and of older versions at the same path), then publish.

    Only what changed is written: the documents table, the new rows, and the bucket files that
    held a replaced document's rows; a run that changed nothing publishes nothing."""
    results = list(results)
    new_ids = {r.ref.doc_id for r in results if r.ref.doc_id is not None}  # every planned document is hashed
    new_paths = {r.ref.name for r in results}
    documents = plan.documents
    at_new_paths = documents.filter(pc.is_in(documents["path"], pa.array(sorted(new_paths), pa.string())))
    replaced = {doc_id_of(value) for value in at_new_paths["doc_id"].to_pylist()}
    known = {doc_id_of(value) for value in documents["doc_id"].to_pylist()}  # every row of every table has its document's row
    drop = frozenset((new_ids & known) | replaced)
    kept = documents.filter(pc.invert(pc.is_in(documents["doc_id"], pa.array(sorted(drop), pa.string()))))
    new_documents = _with_duplicates(pa.concat_tables([kept, _rows("documents", results)]), plan.paths)
    if results or plan.fetches or plan.store.current_version() is None or not new_documents.equals(documents):
        changes = {"documents": Change(new_documents, replace=True), "fetches": Change(to_arrow("fetches", plan.fetches))}
        for name in SCHEMAS:
            if LAYOUTS[name] == "by_doc":  # a history table (fetches) only grows
                changes[name] = Change(_rows(name, results), drop=drop)
        plan.store.apply(changes)
    counts = Counter(r.status for r in results)
    counts["skipped"] = len(plan.skipped)
    changed = _changes(plan, results)
    seconds = time.perf_counter() - plan.started
    return Summary(counts, sum(r.n_pages for r in results), seconds, plan.store.root, changed, plan.fetches, plan.problems, plan.notes)


def _rows(name: str, results: list[DocumentResult]) -> pa.Table:
    return to_arrow(name, [row for r in results for row in r.rows.get(name, [])])


def _changes(plan: Plan, results: list[DocumentResult]) -> dict[str, list[str]]:
    """Each processed document as new (path not seen before), changed (new bytes) or reprocessed."""
    documents = plan.documents
    before = dict(zip(documents["path"].to_pylist(), documents["doc_id"].to_pylist()))
    changes: dict[str, list[str]] = {"new": [], "changed": [], "reprocessed": [], "unchanged": [r.name for r in plan.skipped], "failed": []}
    for result in results:
        name = result.ref.name
        kind = "new" if name not in before else "reprocessed" if before[name] == result.ref.doc_id else "changed"
        changes[kind].append(name)
        if result.status != "ok":
            error = (result.rows.get("documents") or [{}])[0].get("error")
            changes["failed"].append(f"{name}: {result.status}" + (f" ({error})" if error else ""))
    return changes


def _with_duplicates(documents: pa.Table, paths: dict[str, list[str]]) -> pa.Table:
    """Identical files are one document; its row lists the other paths the bytes were found at."""
    also_at = [
        [p for p in paths[doc_id] if p != path] if doc_id in paths else old
        for doc_id, path, old in zip(documents["doc_id"].to_pylist(), documents["path"].to_pylist(), documents["also_at"].to_pylist())
    ]
    index = documents.schema.get_field_index("also_at")
    return documents.set_column(index, documents.schema.field(index), pa.array(also_at, pa.list_(pa.string())))


def check_corpus(settings: Settings, source: str | None = None) -> None:
    """A local run needs its corpus folder; checked before the output folder is made or locked."""
    if (source or settings.run.source) == "local" and not settings.corpus.is_dir():
        raise FileNotFoundError(f"The corpus folder {settings.corpus} does not exist; pass --corpus or set 'corpus' in config.yaml.")


def preflight(settings: Settings, source: str | None = None) -> None:
    """What stops a run, found before any work (and before Prefect starts): a missing corpus, an
    output folder that cannot be made or written, another run holding its lock, a published
    version that cannot be read (its manifest or pointer)."""
    check_corpus(settings, source)
    store = TableStore(settings.out)
    with store.lock():
        store.current_version()


def ingest(settings: Settings, force: bool = False, source: str | None = None) -> Summary:
    """The whole job without Prefect: the same logic the flow orchestrates."""
    refuse_in_a_starting_worker("ingest()")
    check_corpus(settings, source)
    with TableStore(settings.out).lock():
        work = plan(settings, force, source)
        return publish_results(work, run_documents(work, settings))


def compact(out: Location) -> tuple[int, int]:
    """Merge the tables' small files (one per bucket and run) into one per bucket: the files
    before and after. Takes the writer's lock, like a run."""
    store = TableStore(out)
    if store.current_version() is None:
        raise OutputError(f"There are no tables in {out}: run `extractor ingest --out {out}` first, or pass --tables.")
    with store.lock():
        before = sum(len(store.files(name)) for name in SCHEMAS)
        store.compact()
        return before, sum(len(store.files(name)) for name in SCHEMAS)
