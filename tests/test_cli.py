"""The command line: exit codes, summary, clear errors."""

from __future__ import annotations

import shutil

import pandas as pd
from typer.testing import CliRunner

from extractor.cli import app
from tests.helpers import CORPUS, HARD

runner = CliRunner()


def test_ingest_records_failures_and_exits_zero(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "wirral-scp-annual-report-2021-introduction.html", corpus)
    shutil.copy(HARD / "truncated.pdf", corpus)
    result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 ok, 1 failed" in result.output
    assert set(pd.read_parquet(tmp_path / "out" / "documents")["status"]) == {"ok", "failed"}


def test_missing_corpus_is_a_clear_error_and_nonzero(tmp_path):
    result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_bad_config_names_the_field(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("run:\n  workers: 0\n")
    result = runner.invoke(app, ["ingest", "--config", str(config)])
    assert result.exit_code == 2
    assert "run.workers" in result.output and str(config) in result.output
