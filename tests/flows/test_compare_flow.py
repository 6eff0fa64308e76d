"""The Prefect compare flow does the same work as the plain-Python step, and records a summary."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from extractor import compare, steps
from extractor.config import Settings

pytestmark = pytest.mark.slow


def test_flow_writes_the_same_comparison_and_report_as_plain_python(prefect, corpus_tables, tmp_path):
    from extractor.flows.compare import compare as compare_flow

    flow_tables, plain_tables = tmp_path / "flow", tmp_path / "plain"
    shutil.copytree(corpus_tables, flow_tables, symlinks=True)
    shutil.copytree(corpus_tables, plain_tables, symlinks=True)
    summary = compare_flow(out=flow_tables, partnerships=["Wirral", "Worcestershire"])
    plain = steps.compare(Settings(out=plain_tables), ["Wirral", "Worcestershire"], tmp_path / "plain.html")
    assert summary.partnerships == plain.partnerships == ["Wirral", "Worcestershire"]
    assert summary.html == flow_tables / "compare.html" and summary.html.is_file()
    for name in compare.COMPARISON_TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(flow_tables / "comparison" / name), pd.read_parquet(plain_tables / "comparison" / name))


def test_flow_publishes_a_summary_artifact(prefect, corpus_tables, tmp_path):
    from prefect.client.orchestration import get_client

    from extractor.flows.compare import ARTIFACT_KEY
    from extractor.flows.compare import compare as compare_flow

    tables = tmp_path / "tables"
    shutil.copytree(corpus_tables, tables, symlinks=True)
    state = compare_flow(out=tables, partnerships=["Wirral", "Narnia"], return_state=True)
    assert state.is_completed()
    with get_client(sync_client=True) as client:
        artifact = client.read_latest_artifacts()
        found = [item for item in artifact if item.key == ARTIFACT_KEY]
    assert found and "not found: Narnia" in found[0].data
