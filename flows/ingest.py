"""The `ingest` flow: one task per document (bytes to rows), retried when the failure may be
transient, cached on the document's content hash and the extractor version.

Runs in Prefect's ephemeral mode when no server is configured, and against a server when
PREFECT_API_URL is set.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext

from extractor import progress
from extractor.config import Settings, load_settings
from extractor.document import EXTRACTOR_VERSION, DocumentResult, failed_result
from extractor.ingest import Summary, plan, publish_results
from extractor.isolation import IsolatedRunner, WorkerCrashed
from extractor.model import DocumentRef
from extractor.runreport import markdown
from extractor.tablestore import TableStore

_runner: IsolatedRunner | None = None
ARTIFACT_KEY = "ingest-summary"  # every run adds a version: new, changed, unchanged, failed documents


def _cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    ref: DocumentRef = parameters["ref"]
    settings: Settings = parameters["settings"]
    # the name too: a cached result carries its path (a URL for web documents) into the documents table
    name = hashlib.sha256(ref.name.encode()).hexdigest()[:16]
    return f"{ref.doc_id}-{name}-{EXTRACTOR_VERSION}-{settings.nlp.pipeline}"


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
    assert _runner is not None, "ingest_document runs inside the ingest flow"
    return _runner.run(ref)


@flow(name="ingest", log_prints=True)
def ingest(
    config: Path | None = None,
    corpus: Path | None = None,
    out: Path | None = None,
    force: bool = False,
    source: Literal["local", "web"] | None = None,
) -> Summary:
    global _runner
    settings = load_settings(config)
    settings = settings.model_copy(update={k: v for k, v in {"corpus": corpus, "out": out}.items() if v is not None})
    with TableStore(settings.out).lock():
        work = plan(settings, force, source)
        progress.start(len(work.todo), len(work.skipped))
        with IsolatedRunner(settings) as runner:
            _runner = runner
            try:
                task = ingest_document.with_options(refresh_cache=force)
                futures = [(ref, task.submit(ref, settings)) for ref in work.todo]
                results = [_result(ref, future) for ref, future in futures]
            finally:
                _runner = None
        summary = publish_results(work, results)
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=markdown(summary), description=summary.line())
    return summary


def _result(ref: DocumentRef, future: Any) -> DocumentResult:
    outcome = future.result(raise_on_failure=False)
    result = outcome if isinstance(outcome, DocumentResult) else failed_result(ref, "failed", f"{outcome} Re-run to try again.")
    progress.advance(result)
    return result
