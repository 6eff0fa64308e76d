"""Scale-out: the flow on a Dask cluster (prefect-dask) writes the same tables as the local run."""

from __future__ import annotations

import pytest

from extractor.config import Limits, Run, Settings
from extractor.ingest import ingest as plain_ingest
from tests.helpers import CORPUS, CORPUS_FILES, HARD, assert_same_tables, corpus_folder

pytestmark = pytest.mark.slow


def test_flow_on_a_dask_local_cluster_writes_the_same_tables_as_the_local_run(prefect, tmp_path):
    from extractor.flows.ingest import ingest as ingest_flow

    # a failed document (truncated.pdf) travels back from a worker as a row
    corpus = corpus_folder(tmp_path, *(CORPUS / name for name in CORPUS_FILES), HARD / "truncated.pdf")
    config = tmp_path / "config.yaml"
    config.write_text("run:\n  workers: 2\n  task_runner: dask\nlimits:\n  document_timeout_s: 60\n")
    summary = ingest_flow(config=config, corpus=corpus, out=tmp_path / "dask", force=True)
    assert summary.counts["ok"] == len(CORPUS_FILES) and summary.counts["failed"] == 1
    plain_ingest(Settings(corpus=corpus, out=tmp_path / "local", limits=Limits(document_timeout_s=60), run=Run(workers=2)))
    assert_same_tables(tmp_path / "dask", tmp_path / "local")


def test_the_flow_ran_its_documents_on_dask_workers(prefect, tmp_path, monkeypatch):
    """Not silently on the local pool: the document tasks run in the Dask subflow's task runner."""
    import extractor.flows.ingest as module

    corpus = corpus_folder(tmp_path, CORPUS / "wirral-scp-annual-report-2021-introduction.html")
    config = tmp_path / "config.yaml"
    config.write_text("run:\n  workers: 2\n  task_runner: dask\n")
    runners = []
    real = module.task_runner
    monkeypatch.setattr(module, "task_runner", lambda settings: runners.append(real(settings)) or runners[-1])
    monkeypatch.setattr(module, "IsolatedRunner", None)  # the local pool must not be used
    summary = module.ingest(config=config, corpus=corpus, out=tmp_path / "out", force=True)
    assert summary.counts["ok"] == 1
    assert type(runners[0]).__name__ == "DaskTaskRunner"
