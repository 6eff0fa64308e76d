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

import pyarrow as pa
import pyarrow.compute as pc

from . import progress
from .config import Settings
from .document import EXTRACTOR_VERSION, DocumentResult, failed_result
from .isolation import IsolatedRunner, WorkerCrashed
from .model import DocumentRef
from .sources.local import discover
from .tablestore import TableStore
from .tables import SCHEMAS, to_arrow


@dataclass
class Plan:
    """What a run will do: the documents to process and those already up to date."""

    store: TableStore
    existing: dict[str, pa.Table]
    todo: list[DocumentRef]
    skipped: list[DocumentRef]
    paths: dict[str, list[str]]  # doc_id -> every path seen with those bytes, in name order
    started: float = field(default_factory=time.perf_counter)


@dataclass
class Summary:
    counts: Counter[str]
    pages: int
    seconds: float
    out: Path

    def line(self) -> str:
        c = self.counts
        return (
            f"{c['ok']} ok, {c['failed']} failed, {c['needs_ocr']} need OCR, {c['skipped']} skipped (unchanged); "
            f"{self.pages} pages in {self.seconds:.1f} s. Tables in {self.out}"
        )


def plan(settings: Settings, force: bool = False) -> Plan:
    """Unchanged documents (same bytes, same extractor version) are skipped: a hash and a lookup."""
    store = TableStore(settings.out)
    existing = store.read()
    done = set()
    if not force:
        documents = existing["documents"]
        current = pc.equal(documents["extractor_version"], EXTRACTOR_VERSION)
        done = set(documents.filter(current)["doc_id"].to_pylist())
    todo, skipped, paths = [], [], {}
    for ref in discover(settings.corpus):
        if ref.doc_id in done or ref.doc_id in paths:
            skipped.append(ref)
        else:
            todo.append(ref)
        paths.setdefault(ref.doc_id, []).append(ref.name)
    return Plan(store, existing, todo, skipped, paths)


def run_documents(plan: Plan, settings: Settings) -> list[DocumentResult]:
    """Plain-Python runner: documents in parallel worker processes, each with its limits."""
    progress.start(len(plan.todo), len(plan.skipped))
    results = []
    with IsolatedRunner(settings) as runner:
        futures = [(ref, runner.submit(ref)) for ref in plan.todo]
        for ref, future in futures:
            try:
                result = runner.result(ref, future)
            except (WorkerCrashed, OSError) as exc:
                result = failed_result(ref, "failed", f"{exc} Re-run to try again.")
            results.append(result)
            progress.advance(result)
    return results


def publish_results(plan: Plan, results: Iterable[DocumentResult]) -> Summary:
    """Replace the rows of every processed document (and of older versions at the same path), then publish."""
    results = list(results)
    new_ids = {r.ref.doc_id for r in results}
    new_paths = {r.ref.name for r in results}
    documents = plan.existing["documents"]
    replaced = set(documents.filter(pc.is_in(documents["path"], pa.array(sorted(new_paths), pa.string())))["doc_id"].to_pylist())
    drop = pa.array(sorted(new_ids | replaced), pa.string())
    tables = {}
    for name in SCHEMAS:
        old = plan.existing[name]
        kept = old.filter(pc.invert(pc.is_in(old["doc_id"], drop)))
        rows = [row for r in results for row in r.rows.get(name, [])]
        tables[name] = pa.concat_tables([kept, to_arrow(name, rows)])
    tables["documents"] = _with_duplicates(tables["documents"], plan.paths)
    plan.store.publish(tables)
    counts = Counter(r.status for r in results)
    counts["skipped"] = len(plan.skipped)
    return Summary(counts, sum(r.n_pages for r in results), time.perf_counter() - plan.started, plan.store.root)


def _with_duplicates(documents: pa.Table, paths: dict[str, list[str]]) -> pa.Table:
    """Identical files are one document; its row lists the other paths the bytes were found at."""
    also_at = [
        [p for p in paths[doc_id] if p != path] if doc_id in paths else old
        for doc_id, path, old in zip(
            documents["doc_id"].to_pylist(), documents["path"].to_pylist(), documents["also_at"].to_pylist()
        )
    ]
    index = documents.schema.get_field_index("also_at")
    return documents.set_column(index, documents.schema.field(index), pa.array(also_at, pa.list_(pa.string())))


def ingest(settings: Settings, force: bool = False) -> Summary:
    """The whole job without Prefect: the same logic the flow orchestrates."""
    with TableStore(settings.out).lock():
        work = plan(settings, force)
        return publish_results(work, run_documents(work, settings))
