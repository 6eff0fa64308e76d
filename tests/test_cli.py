"""The command line: exit codes, summary, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from extractor.cli import app
from tests.helpers import CORPUS, HARD, comparable_tables

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


def test_ingest_to_a_file_uri_equals_an_ingest_to_a_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "wirral-scp-annual-report-2021-introduction.html", corpus)
    shutil.copy(HARD / "truncated.pdf", corpus)
    uri = f"file://{tmp_path}/uri-out"
    for out in (uri, str(tmp_path / "folder-out")):
        result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", out])
        assert result.exit_code == 0, result.output
        assert "1 ok, 1 failed" in result.output and out in result.output
    assert (tmp_path / "uri-out" / "_CURRENT").is_file() and not (tmp_path / "uri-out" / ".current").exists()
    remote, local = comparable_tables(uri), comparable_tables(tmp_path / "folder-out")
    assert set(remote["documents"]["status"]) == {"ok", "failed"} and len(remote["blocks"]) > 5
    for name in local:
        pd.testing.assert_frame_equal(remote[name], local[name])
    again = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", uri])
    assert again.exit_code == 0 and "2 skipped" in again.output  # the plan read the documents table at the URI

