"""The command line: exit codes, summary, clear errors."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.helpers import CORPUS, HARD, comparable_tables
from tests.tablemaker import document, publish

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


# --- one error boundary: every command, one line, exit 2 -------------------------------------


def _published(root: Path) -> Path:
    doc = document("a.pdf", "The partnership met four times. Priority one is neglect.", area="Wirral")
    return publish(root, [doc])  # type: ignore[return-value]


def _commands(tables: Path, target: Path) -> dict[str, list[str]]:
    """Each command with the arguments that make it write `target` (or read `tables`)."""
    return {
        "ingest": ["ingest", "--no-prefect", "--corpus", str(tables.parent / "corpus"), "--out", str(target)],
        "compact": ["compact", "--tables", str(tables)],
        "evaluate": ["evaluate", "--tables", str(tables), "--gold", str(tables.parent)],
        "query": ["query", "--tables", str(tables), "select 1 as one", "--format", "csv", "--output", str(target / "q.csv")],
        "compare": ["compare", "--no-prefect", "--tables", str(tables), "--html", str(target / "c.html")],
        "show": ["show", "--tables", str(tables), "a.pdf", "--html", str(target / "s.html")],
        "export": ["export", "--tables", str(tables), "--output", str(target / "e.xlsx")],
        "verify": ["verify", "--tables", str(tables)],
        "repair": ["repair", "--tables", str(tables)],
        "sources check": ["sources", "check"],
    }


def _one_line_error(result, progress: bool = False) -> str:  # type: ignore[no-untyped-def]
    """The error line; the only line, unless `progress` lines came before it (a run that had started)."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert (progress or len(lines) == 1) and lines[-1].startswith("error: "), result.output
    assert "Traceback" not in result.output and sum(line.startswith("error") for line in lines) == 1
    return lines[-1]


@pytest.mark.parametrize("command", list(_commands(Path("t"), Path("o"))))
def test_every_command_says_a_bad_config_in_one_line_and_exits_2(tmp_path, command):
    config = tmp_path / "config.yaml"
    config.write_text("limits:\n  max_pages: -1\n")
    tables = _published(tmp_path / "tables")
    (tmp_path / "corpus").mkdir()
    arguments = _commands(tables, tmp_path / "out")[command] + ["--config", str(config)]
    line = _one_line_error(runner.invoke(app, arguments))
    assert "limits.max_pages" in line and str(config) in line


WRITERS = ["ingest", "compact", "query", "compare", "show", "export"]


@pytest.mark.parametrize("command", WRITERS)
def test_every_command_that_writes_says_an_unwritable_place_in_one_line_and_exits_2(tmp_path, command):
    """Tests run as root, for whom no permission bit stops a write: the place to write is made
    unwritable for root too, by a file standing where a folder must be (ENOTDIR). `compact`
    writes inside the tables folder: there a folder stands where its lock file must be (EISDIR)."""
    tables = _published(tmp_path / "tables")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The partnership met four times.")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    if command == "compact":
        (tables / ".lock").mkdir()
    before = comparable_tables(tables)
    line = _one_line_error(runner.invoke(app, _commands(tables, blocker / "out")[command]))
    expected = "Is a directory" if command == "compact" else "Not a directory"
    assert expected in line and ("a part of this path is a file" in line or "not a file" in line), line
    after = comparable_tables(tables)
    assert all(after[name].equals(before[name]) for name in before)  # nothing published was touched


def test_a_full_disk_while_ingesting_is_one_line_and_the_tables_before_stay(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The partnership met four times. Priority one is neglect.")
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(out)]).exit_code == 0
    before = comparable_tables(out)
    (corpus / "b.txt").write_text("A second report about the board's work on exploitation.")

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    line = _one_line_error(runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(out)]), progress=True)
    assert "No space left on device" in line and "the disk is full" in line
    monkeypatch.undo()
    after = comparable_tables(out)
    assert all(after[name].equals(before[name]) for name in before)


def test_a_bug_still_shows_its_traceback_and_asks_for_a_report(tmp_path, monkeypatch):
    from extractor import query

    tables = _published(tmp_path / "tables")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(query, "connect", broken)
    result = runner.invoke(app, ["query", "--tables", str(tables), "select 1"])
    assert result.exit_code == 1
    assert "ZeroDivisionError" in result.output and "please report it" in result.output


def test_a_path_that_looks_like_markup_ingests_when_output_is_not_a_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    folder = corpus / "notes[" / "x]"  # the path a[/x]… once joined: rich would read `[/x]` as a closing tag
    folder.mkdir(parents=True)
    (folder / "[bold]minutes.txt").write_text("The board met in May. Priority one is neglect.")
    out = tmp_path / "out"
    result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "notes[/x]/[bold]minutes.txt" in result.output and "1 ok" in result.output
    assert pd.read_parquet(out / "documents")["path"].tolist() == ["notes[/x]/[bold]minutes.txt"]


def test_a_missing_corpus_does_not_make_the_output_folder(tmp_path):
    out = tmp_path / "out"
    line = _one_line_error(runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(tmp_path / "nope"), "--out", str(out)]))
    assert "does not exist" in line and not out.exists()


def test_an_empty_corpus_warns(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "warning:" in result.output and "holds no documents" in result.output


def test_evaluate_without_gold_or_tables_exits_2_with_the_reason(tmp_path):
    tables = _published(tmp_path / "tables")
    no_gold = _one_line_error(runner.invoke(app, ["evaluate", "--tables", str(tables), "--gold", str(tmp_path / "nogold")]))
    assert "gold folder does not exist" in no_gold
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"source": "a.pdf", "partnership": null, "period": null}', encoding="utf-8")
    no_tables = _one_line_error(runner.invoke(app, ["evaluate", "--tables", str(tmp_path / "none"), "--gold", str(gold)]))
    assert "There are no tables" in no_tables
    no_files = _one_line_error(runner.invoke(app, ["evaluate", "--tables", str(tables), "--gold", str(tmp_path / "tables")]))
    assert "holds no .json gold files" in no_files


def test_a_locked_output_folder_is_one_line(tmp_path):
    from extractor.tablestore import TableStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "out"
    with TableStore(out).lock():
        line = _one_line_error(runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(out)]))
    assert "Another ingest is writing" in line


def test_links_out_of_the_corpus_are_not_followed_unless_the_config_allows_it(tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_text("A private note about the board that is not a report.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text("The partnership met four times.")
    os.symlink(outside, corpus / "p.txt")
    result = runner.invoke(app, ["ingest", "--no-prefect", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "were not followed" in result.output and "p.txt" in result.output
    assert pd.read_parquet(tmp_path / "out" / "documents")["path"].tolist() == ["report.txt"]
    config = tmp_path / "config.yaml"
    config.write_text("corpus_follow_symlinks: true\n")
    allowed = runner.invoke(app, ["ingest", "--no-prefect", "--config", str(config), "--corpus", str(corpus), "--out", str(tmp_path / "out2")])
    assert allowed.exit_code == 0, allowed.output
    assert sorted(pd.read_parquet(tmp_path / "out2" / "documents")["path"]) == ["p.txt", "report.txt"]


def test_show_pages_get_the_umasks_permissions(tmp_path):
    tables = _published(tmp_path / "tables")
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["show", "--tables", str(tables), "a.pdf", "--html", str(tmp_path / "page.html")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


def test_the_commands_load_spacy_only_where_documents_are_extracted():
    """Every command imports the comparisons' vocabularies (nlp/data); spaCy, most of a second to
    import, loads only in the worker processes that extract."""
    code = "import sys, extractor.cli, extractor.steps, extractor.ingest; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
