"""The Prefect flow does the same work as the plain-Python run, in a few batch tasks."""

from __future__ import annotations

import pytest

from extractor.config import Settings
from extractor.ingest import ingest as plain_ingest
from tests.helpers import CORPUS, CORPUS_FILES, HARD, assert_same_tables, corpus_folder

pytestmark = pytest.mark.slow


def test_flow_writes_the_same_tables_as_plain_python(prefect, tmp_path):
    from extractor.flows.ingest import ingest as ingest_flow

    corpus = corpus_folder(tmp_path, *(CORPUS / name for name in CORPUS_FILES), HARD / "truncated.pdf")
    summary = ingest_flow(corpus=corpus, out=tmp_path / "flow", force=True)
    assert summary.counts["ok"] == len(CORPUS_FILES) and summary.counts["failed"] == 1
    plain_ingest(Settings(corpus=corpus, out=tmp_path / "plain"))
    assert_same_tables(tmp_path / "flow", tmp_path / "plain")


def test_the_cli_runs_the_flow_into_a_file_uri(prefect, tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    corpus = corpus_folder(tmp_path, CORPUS / "wirral-scp-annual-report-2021-introduction.html", HARD / "truncated.pdf")
    uri = f"file://{tmp_path}/flow-uri"
    result = CliRunner().invoke(app, ["ingest", "--corpus", str(corpus), "--out", uri])
    assert result.exit_code == 0, result.output
    assert "1 ok, 1 failed" in result.output
    assert (tmp_path / "flow-uri" / "_CURRENT").is_file()  # published at the URI, not in a folder named 'file:'
    plain_ingest(Settings(corpus=corpus, out=tmp_path / "plain"))
    assert_same_tables(uri, tmp_path / "plain")


def test_flow_run_is_recorded_with_a_task_run_per_batch_of_documents(prefect, tmp_path):
    """Two batches per worker: six documents with one worker are two task runs, each named for
    its first document and how many more it holds, and together they hold every document once."""
    import re

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    from extractor.flows.ingest import ingest as ingest_flow

    names = [*CORPUS_FILES, "empty.pdf"]
    corpus = corpus_folder(tmp_path, *(CORPUS / name for name in CORPUS_FILES), HARD / "empty.pdf")
    config = tmp_path / "config.yaml"
    config.write_text("run:\n  workers: 1\n")
    state = ingest_flow(config=config, corpus=corpus, out=tmp_path / "out", force=True, return_state=True)
    assert state.is_completed()
    assert state.result().counts["ok"] == len(CORPUS_FILES)

    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])),
            sort=TaskRunSort.EXPECTED_START_TIME_DESC,
            limit=50,
        )
    assert len(task_runs) == 2
    held = 0
    for run in task_runs:
        first, more = re.fullmatch(r"(.+?)(?: and (\d+) more)?", run.name).groups()
        assert first in names
        held += 1 + int(more or 0)
    assert held == len(names)
