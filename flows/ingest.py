"""The `ingest` flow: one task per document (bytes to rows), retried when the failure may be
transient, cached on the document's content hash and the extractor version.

Runs in Prefect's ephemeral mode when no server is configured, and against a server when
PREFECT_API_URL is set. `run.task_runner` in the config chooses where the document tasks run:
`processes` (default) sends each to a local worker process; `dask` runs them in the subflow
`ingest-documents` on a Dask cluster (prefect-dask), where each Dask worker process keeps its own
isolated worker process with the same time and memory limits.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path
from typing import Any, Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext
from prefect.states import Failed, State

from extractor import progress
from extractor.config import Settings, load_settings
from extractor.document import DocumentResult, extractor_version, failed_result, process_document
from extractor.ingest import Summary, check_corpus, plan, publish_results
from extractor.isolation import IsolatedRunner, WorkerCrashed
from extractor.location import parse_location
from extractor.model import DocumentRef
from extractor.runreport import markdown
from extractor.tablestore import TableStore

_runner: IsolatedRunner | None = None
ARTIFACT_KEY = "ingest-summary"  # every run adds a version: new, changed, unchanged, failed documents


def _cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    ref: DocumentRef = parameters["ref"]
    settings: Settings = parameters["settings"]
    # the name and what the source knows too: a cached result carries them into the documents table
    known = (ref.name, ref.partnership_hint, ref.committee, ref.meeting_date, ref.agenda_item, ref.attachment_id)
    name = hashlib.sha256(repr(known).encode()).hexdigest()[:16]
    return f"{ref.doc_id}-{name}-{extractor_version(settings)}-{settings.nlp.pipeline}"


@task(
    name="ingest-document",
    task_run_name="{ref.name}",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=lambda task, run, state: isinstance(state.result(raise_on_failure=False), (WorkerCrashed, OSError)),
    cache_key_fn=_cache_key,
    persist_result=True,
)
def ingest_document(ref: DocumentRef, settings: Settings) -> DocumentResult:
    if _runner is not None:  # in the flow's process: its pool of worker processes
        return _runner.run(ref)
    return _dask_worker_run(ref, settings)


_worker_runner: IsolatedRunner | None = None


def _dask_worker_run(ref: DocumentRef, settings: Settings) -> DocumentResult:
    """On a Dask worker: one isolated process per Dask worker, kept for the worker's life, so a
    document keeps its time and memory limits. A daemonic worker cannot start processes (set
    `distributed.worker.daemon: false` on the cluster); there the document runs in the worker
    itself, limited only by Dask's own memory limit."""
    global _worker_runner
    if multiprocessing.current_process().daemon:
        return process_document(ref, settings)
    if _worker_runner is None or _worker_runner.settings != settings:
        if _worker_runner is not None:
            _worker_runner.close()
        _worker_runner = IsolatedRunner(settings.model_copy(update={"run": settings.run.model_copy(update={"workers": 1})}))
    return _worker_runner.run(ref)


def task_runner(settings: Settings) -> Any:
    """The Dask task runner the config asks for: the scheduler at `run.dask_address`, or a local
    cluster of `run.workers` non-daemonic worker processes, one thread each."""
    import dask
    from prefect_dask import DaskTaskRunner

    if settings.run.dask_address:
        return DaskTaskRunner(address=settings.run.dask_address)
    dask.config.set({"distributed.worker.daemon": False})  # each worker starts its isolated process
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.run.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None},
    )


@flow(name="ingest-documents")
def ingest_documents(todo: list[DocumentRef], settings: Settings, force: bool = False) -> list[DocumentResult]:
    """The document tasks alone, on the task runner it is given (Dask; the cache is not counted there)."""
    task = ingest_document.with_options(refresh_cache=force)
    futures = [(ref, task.submit(ref, settings)) for ref in todo]
    return [_result(ref, future, []) for ref, future in futures]


@flow(name="ingest", log_prints=True)
def ingest(
    config: Path | None = None,
    corpus: Path | None = None,
    out: Path | str | None = None,
    force: bool = False,
    source: Literal["local", "web"] | None = None,
) -> Summary | State:
    """Ends Failed (its summary the state's data, its artifact written) when sources could not be read."""
    global _runner
    settings = load_settings(config)
    location = parse_location(out) if isinstance(out, str) else out  # a str is a URI (s3://…)
    settings = settings.model_copy(update={k: v for k, v in {"corpus": corpus, "out": location}.items() if v is not None})
    check_corpus(settings, source)
    cached: list[DocumentResult] = []
    with TableStore(settings.out).lock():
        work = plan(settings, force, source)
        progress.start(len(work.todo), len(work.skipped))
        if settings.run.task_runner == "dask" and work.todo:
            results = ingest_documents.with_options(task_runner=task_runner(settings))(work.todo, settings, force)
        else:
            with IsolatedRunner(settings) as runner:
                _runner = runner
                try:
                    task = ingest_document.with_options(refresh_cache=force)
                    futures = [(ref, task.submit(ref, settings)) for ref in work.todo]
                    results = [_result(ref, future, cached) for ref, future in futures]
                finally:
                    _runner = None
        summary = publish_results(work, results)
    summary.cached, summary.cached_pages = len(cached), sum(result.n_pages for result in cached)
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=markdown(summary), description=summary.line())
    if summary.problems:  # what could be fetched is published; the run is still a failure to look at
        shown = "; ".join(summary.problems[:3]) + (f"; and {len(summary.problems) - 3} more" if len(summary.problems) > 3 else "")
        return Failed(message=f"{len(summary.problems)} problem(s) reading the sources: {shown}", data=summary)
    return summary


def _result(ref: DocumentRef, future: Any, cached: list[DocumentResult]) -> DocumentResult:
    """The document's result (a failed row for a task that failed); a result Prefect took from its
    cache is added to `cached`, so the summary can say it was not processed again."""
    outcome = future.result(raise_on_failure=False)
    result = outcome if isinstance(outcome, DocumentResult) else failed_result(ref, "failed", f"{outcome} Re-run to try again.")
    if future.state.name == "Cached":
        cached.append(result)
    progress.advance(result)
    return result
