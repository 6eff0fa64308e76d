"""Running a flow from the command line: Prefect's local API server started with the time a busy
machine needs, its failure one line with the `--no-prefect` way out, Prefect's own log lines
kept out of the terminal unless asked for, and the server ended with the run, even a run
killed with SIGKILL (a watchdog process that dies with the run ends it).

A configured server (PREFECT_API_URL) is used as it is: nothing is started or stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

from extractor.config import Settings
from extractor.errors import ExtractorError

STARTUP_TIMEOUT_S = 180  # Prefect's default (20 s) is too short on a loaded machine
QUIET_LEVEL = "CRITICAL"  # a failed flow's traceback is logged at ERROR: the CLI says it in one line instead

# Runs beside the server, as a child of the run; the kernel sends it SIGTERM when the run dies
# (PR_SET_PDEATHSIG), and it then ends the server. It also ends when the server does.
WATCHDOG = """
import ctypes, os, signal, sys, time
server, parent = int(sys.argv[1]), int(sys.argv[2])
def end(*_):
    try:
        os.kill(server, signal.SIGTERM)
    finally:
        os._exit(0)
signal.signal(signal.SIGTERM, end)
ctypes.CDLL(None).prctl(1, signal.SIGTERM)
while True:
    if os.getppid() != parent:
        end()
    try:
        os.kill(server, 0)
    except ProcessLookupError:
        os._exit(0)
    time.sleep(0.5)
"""


class OrchestratorError(ExtractorError):
    """Prefect could not run the flow (its server did not start or stopped answering)."""


def quiet_prefect(verbose: bool) -> None:
    """Before Prefect is imported: its logging and analytics settings are read then."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", QUIET_LEVEL)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(STARTUP_TIMEOUT_S))


def run(
    operation: Literal["ingest", "compare"], settings: Settings, *, config: Path | None, plain: bool, verbose: bool = False, **arguments: Any
) -> Any:
    """The one place the orchestration is chosen: the operation as plain Python (`--no-prefect` or
    `run.orchestrator: python`), or its Prefect flow, which reads the config itself, given the
    folders the command line settled (`corpus`, `out`) and the same `arguments`."""
    if plain or settings.run.orchestrator == "python":
        from extractor.ingest import ingest
        from extractor.steps import compare

        return (ingest if operation == "ingest" else compare)(settings, **arguments)
    folders = {"corpus": settings.corpus, "out": settings.out} if operation == "ingest" else {"out": settings.out}
    return run_flow(operation, verbose, config=config, **folders, **arguments)


def run_flow(name: str, verbose: bool = False, **parameters: Any) -> Any:
    """The `ingest` or `compare` flow, run in this process against a server that lives as long as the run."""
    quiet_prefect(verbose)
    flow: Any
    try:
        if name == "ingest":
            from .ingest import ingest as flow
        else:
            from .compare import compare as flow
    except ImportError as exc:
        raise OrchestratorError(f"Prefect cannot be imported ({exc}): run with --no-prefect to do the same work without it.") from exc
    with _server():
        try:
            state = flow(**parameters, return_state=True)
            result = state.result(raise_on_failure=False)  # a run Failed for its sources still has its summary
            if isinstance(result, BaseException):
                raise result
            return result
        except Exception as exc:
            if _from_prefect(exc):
                raise OrchestratorError(
                    f"Prefect's API failed during the run ({type(exc).__name__}: {' '.join(str(exc).split())[:300]}); tables published "
                    f"before are unchanged. Run again, or with --no-prefect."
                ) from exc
            raise


class _server:
    """Prefect's ephemeral server, started here (not lazily by the first API call) so its start-up
    can be given time, reported in one line, and watched."""

    def __enter__(self) -> None:
        from prefect.server.api.server import SubprocessASGIServer
        from prefect.settings import get_current_settings

        settings = get_current_settings()
        self.server = None
        self.watchdog: subprocess.Popen[bytes] | None = None
        if settings.api.url or not settings.server.ephemeral.enabled:
            return  # a configured server, or ephemeral mode off: Prefect's own behaviour
        server = SubprocessASGIServer()
        if server.running:
            return  # started by someone else in this process (a test harness): theirs to stop
        timeout = settings.server.ephemeral.startup_timeout_seconds
        launch = server._run_uvicorn_command  # the one place the server process is made (again on a port clash)

        def launched() -> subprocess.Popen[Any]:
            process = launch()
            self._watch(process.pid)  # watched from its first moment: a run killed while it starts ends it too
            return process

        server._run_uvicorn_command = launched  # type: ignore[method-assign]
        try:
            server.start(timeout=timeout)
        except Exception as exc:
            server.stop()
            self._unwatch()
            detail = " ".join(str(exc).split())[:300]
            raise OrchestratorError(
                f"Prefect's local API server did not start within {timeout} s ({detail}). Run with --no-prefect to do the "
                f"same work without Prefect, or give it longer: PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=600."
            ) from exc
        self.server = server

    def _watch(self, pid: int) -> None:
        self._unwatch()
        if sys.platform.startswith("linux"):
            self.watchdog = subprocess.Popen([sys.executable, "-c", WATCHDOG, str(pid), str(os.getpid())])

    def _unwatch(self) -> None:
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
            self.watchdog = None

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.stop()
        self._unwatch()


def _from_prefect(exc: BaseException) -> bool:
    """Whether a failure came from talking to Prefect's API, not from the work."""
    import httpx
    from prefect.exceptions import PrefectException

    if isinstance(exc, ExtractorError) or (isinstance(exc, OSError) and not isinstance(exc, ConnectionError)):
        return False
    return isinstance(exc, (httpx.HTTPError, PrefectException, ConnectionError))
