"""The default (Prefect) run from the command line: quiet, its server's start-up failure one line
with the way out, the server ended with the run even when the run is killed, clean errors before
Prefect starts, and results from Prefect's cache said to be so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import processes
from tests.helpers import CORPUS, corpus_folder

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAGE = CORPUS / "wirral-scp-annual-report-2021-introduction.html"


def _cli(*arguments: str, prelude: str = "") -> list[str]:
    return [sys.executable, "-c", f"{prelude}from extractor.cli import main; main()", *arguments]


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env["PYTHONPATH"] = f"{ROOT / 'src'}:{ROOT}"
    return env


def _servers_of(pid: int) -> list[processes.Process]:
    """The uvicorn processes (Prefect's ephemeral server) whose parent is `pid`."""
    return [child for child in processes.children(pid) if "uvicorn" in child.command and "prefect.server" in child.command]


def test_a_server_that_does_not_start_is_one_line_with_the_no_prefect_way_out(tmp_path):
    corpus = corpus_folder(tmp_path, PAGE)
    prelude = (
        "import prefect.server.api.server as s\n"
        "def boom(self, timeout=None): raise RuntimeError('Timed out while attempting to connect to ephemeral Prefect API server.')\n"
        "s.SubprocessASGIServer.start = boom\n"
    )
    result = subprocess.run(
        _cli("ingest", "--corpus", str(corpus), "--out", str(tmp_path / "out"), prelude=prelude),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: Prefect's local API server did not start"), result.stderr
    assert "--no-prefect" in lines[0] and "Traceback" not in result.stderr


def test_clean_errors_come_before_prefect_starts(tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        _cli("ingest", "--corpus", str(tmp_path / "none"), "--out", str(tmp_path / "out")), capture_output=True, text=True, env=_env(), timeout=300
    )
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0 and "does not exist" in result.stderr
    assert "Prefect" not in result.stderr and not (tmp_path / "out").exists()
    print(f"missing corpus reported in {time.monotonic() - started:.1f} s")


def test_a_prefect_run_is_quiet_and_its_server_ends_with_it_even_when_killed(tmp_path):
    corpus = corpus_folder(tmp_path, PAGE)
    quiet = subprocess.run(
        _cli("ingest", "--corpus", str(corpus), "--out", str(tmp_path / "out")), capture_output=True, text=True, env=_env(), timeout=600
    )
    assert quiet.returncode == 0, quiet.stderr
    lines = [line for line in quiet.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("1 ok, 0 failed") and len(lines) == 3, quiet.stderr  # the plan, the document, the summary
    assert not any(noise in quiet.stderr for noise in ("Flow run", "Task run", "temporary server", "| INFO", "| WARNING"))

    process = subprocess.Popen(
        _cli("ingest", "--force", "--corpus", str(corpus), "--out", str(tmp_path / "killed")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    deadline = time.monotonic() + 300
    servers: list[processes.Process] = []
    while not servers and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        servers = _servers_of(process.pid)
    assert servers, "the run started no Prefect server"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while any(processes.alive(server) for server in servers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(processes.alive(server) for server in servers), "Prefect's server outlived the killed run"


def test_results_from_the_prefect_cache_are_said_to_be_so(prefect, tmp_path):
    from extractor.flows.ingest import ingest as ingest_flow

    corpus = corpus_folder(tmp_path, PAGE)
    first = ingest_flow(corpus=corpus, out=tmp_path / "first")
    again = ingest_flow(corpus=corpus, out=tmp_path / "second")  # new tables, same document: Prefect's cached result
    assert first.cached == 0 or "from the Prefect cache" in first.line()
    assert again.cached == 1 and "1 documents" in again.line() and "from the Prefect cache" in again.line()
