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
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from prefect import State, flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext
from prefect.states import Failed

from extractor import progress
from extractor.config import Settings, load_settings
from extractor.document import DocumentResult, extractor_version, failed_result, process_document
from extractor.ingest import Summary, batch_label, batches, check_corpus, plan, publish_results
from extractor.isolation import IsolatedRunner, WorkerCrashed, refuse_in_a_starting_worker
from extractor.location import parse_location
from extractor.model import DocumentRef
from extractor.runreport import markdown
from extractor.tablestore import TableStore

ARTIFACT_KEY = "ingest-summary"  # every run adds a version: new, changed, unchanged, failed documents
BATCHES_PER_WORKER = (
    2  # task runs per worker: each costs Prefect CPU (its states, its stored result); 4 cost +10 to +18% on the real-PDF benchmark, 2 about +2%
)
DOCUMENT_ATTEMPTS = 3  # a document whose worker died is tried again (a fresh worker) before it is recorded as failed

# The flow's pool of worker processes, seen by its batch tasks (Prefect runs them in threads of
# the flow's context); unset on a Dask worker, which keeps its own.
_pool: ContextVar[IsolatedRunner | None] = ContextVar("extractor_pool", default=None)


def _flow_pool() -> IsolatedRunner | None:
    # Read through a function: Dask pickles a task's function by value, with the globals it names,
    # and a ContextVar cannot be pickled; a module-level function is pickled by reference.
    return _pool.get()


def _document_key(ref: DocumentRef, settings: Settings) -> str:
    # the name and what the source knows too: a cached result carries them into the documents table
    known = (ref.name, ref.partnership_hint, ref.committee, ref.meeting_date, ref.agenda_item, ref.attachment_id)
    name = hashlib.sha256(repr(known).encode()).hexdigest()[:16]
    return f"{ref.doc_id}-{name}-{extractor_version(settings)}-{settings.nlp.pipeline}"


def _cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    keys = sorted(_document_key(ref, parameters["settings"]) for ref in parameters["refs"])
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def _pool_broke(task: Any, run: Any, state: State) -> bool:
    return isinstance(state.result(raise_on_failure=False), OSError)


@task(
    name="ingest-batch",
    task_run_name="{label}",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_pool_broke,
    cache_key_fn=_cache_key,
    persist_result=True,
)
def ingest_batch(refs: list[DocumentRef], settings: Settings, label: str) -> list[DocumentResult]:
    """A batch of documents, each in its own worker process with its limits: one task run, one
    cache entry and one retry policy for several documents, so Prefect's cost per task run is
    paid once per batch (benchmarks/README.md)."""
    pool = _flow_pool()
    if pool is None:  # on a Dask worker: the flow reports progress when the batch comes back
        return [_dask_worker_run(ref, settings) for ref in refs]
    futures = [pool.submit(ref) for ref in refs]  # all queued at once: the pool's workers share every batch's documents
    results = []
    for ref, future in zip(refs, futures):
        results.append(_outcome(pool, ref, future))
        progress.advance(results[-1])
    return results


def _outcome(pool: IsolatedRunner, ref: DocumentRef, future: Any) -> DocumentResult:
    for attempt in range(1, DOCUMENT_ATTEMPTS + 1):
        try:
            return pool.result(ref, future)
        except WorkerCrashed as exc:
            if attempt == DOCUMENT_ATTEMPTS:
                return failed_result(ref, "failed", f"{exc} Re-run to try again.")
            future = pool.submit(ref)
    raise AssertionError("unreachable")


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
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.run.dask_address:
        return DaskTaskRunner(address=settings.run.dask_address)
    dask.config.set({"distributed.worker.daemon": False})  # each worker starts its isolated process
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.run.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None},
    )


def _run_batches(todo: list[DocumentRef], settings: Settings, force: bool, cached: list[DocumentResult]) -> list[DocumentResult]:
    task = ingest_batch.with_options(refresh_cache=force)
    futures = [(refs, task.submit(refs, settings, batch_label(refs))) for refs in batches(todo, settings.run.workers * BATCHES_PER_WORKER)]
    done = {(result.ref.name, result.ref.doc_id): result for refs, future in futures for result in _results(refs, future, cached)}
    return [done[(ref.name, ref.doc_id)] for ref in todo]  # in the plan's order, as the plain run gives them


@flow(name="ingest-documents")
def ingest_documents(todo: list[DocumentRef], settings: Settings, force: bool = False) -> list[DocumentResult]:
    """The batch tasks alone, on the task runner it is given (Dask; the cache is not counted there)."""
    return _run_batches(todo, settings, force, [])


@flow(name="ingest", log_prints=True)
def ingest(
    config: Path | None = None,
    corpus: Path | None = None,
    out: Path | str | None = None,
    force: bool = False,
    source: Literal["local", "web"] | None = None,
) -> Summary | State:
    """Ends Failed (its summary the state's data, its artifact written) when sources could not be read."""
    refuse_in_a_starting_worker("the ingest flow")
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
                token = _pool.set(runner)
                try:
                    results = _run_batches(work.todo, settings, force, cached)
                finally:
                    _pool.reset(token)
        summary = publish_results(work, results)
    summary.cached, summary.cached_pages = len(cached), sum(result.n_pages for result in cached)
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=markdown(summary), description=summary.line())
    if summary.problems:  # what could be fetched is published; the run is still a failure to look at
        shown = "; ".join(summary.problems[:3]) + (f"; and {len(summary.problems) - 3} more" if len(summary.problems) > 3 else "")
        return Failed(message=f"{len(summary.problems)} problem(s) reading the sources: {shown}", data=summary)
    return summary


def _results(refs: list[DocumentRef], future: Any, cached: list[DocumentResult]) -> list[DocumentResult]:
    """The batch's results (failed rows for a batch task that failed); results Prefect took from
    its cache are added to `cached`, so the summary can say they were not processed again, and
    counted in the progress here, as are a Dask batch's (a batch run here counted its own)."""
    outcome = future.result(raise_on_failure=False)
    if isinstance(outcome, list):
        results = outcome
    else:
        results = [failed_result(ref, "failed", f"{outcome} Re-run to try again.") for ref in refs]
    ran_here = _pool.get() is not None and isinstance(outcome, list) and future.state.name != "Cached"
    if future.state.name == "Cached":
        cached.extend(results)
    if not ran_here:
        for result in results:
            progress.advance(result)
    return results
