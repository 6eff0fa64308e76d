"""Run each document in a worker process with a time and memory limit, so one bad file cannot
stall or take down the run. A worker that times out or dies is replaced; the document is
recorded as failed with the reason."""

from __future__ import annotations

import ctypes
import multiprocessing
import resource
import signal
import sys
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from .config import Settings
from .document import DocumentResult, extractor_version, failed_result, process_document, unexpected_error
from .errors import Timeout
from .model import DocumentRef

MAX_TASKS_PER_WORKER = 200  # recycle workers now and then so slow leaks cannot build up


class WorkerCrashed(RuntimeError):
    """The worker process died (out of memory, or a crash in a native library); may be transient."""


PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _prepare_worker(megabytes: int, pipeline: str = "blank:en") -> None:
    """Cap the worker's memory, make it die with its parent (a killed run leaves no orphans), and
    load the parsers and the spaCy pipeline now: the per-document time limit starts when the
    worker takes its first document, so it counts the document's own work, not the start-up."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        from .nlp import load_pipeline

        load_pipeline(pipeline)
    except Exception:  # noqa: BLE001 - a pipeline that cannot load is reported by the first document that needs it
        pass


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class IsolatedRunner:
    """A pool of worker processes; `run` gives one document's result or raises `WorkerCrashed`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ProcessPool(
            max_workers=settings.run.workers,
            max_tasks=MAX_TASKS_PER_WORKER,
            initializer=_prepare_worker,
            initargs=(settings.limits.memory_mb, settings.nlp.pipeline),
            context=multiprocessing.get_context("spawn"),
        )

    def submit(self, ref: DocumentRef) -> ProcessFuture[DocumentResult]:
        return self.pool.schedule(process_document, args=(ref, self.settings), timeout=self.settings.limits.document_timeout_s)

    def result(self, ref: DocumentRef, future: ProcessFuture[DocumentResult]) -> DocumentResult:
        try:
            return future.result()
        except FutureTimeout:
            error = Timeout(f"Processing took longer than {self.settings.limits.document_timeout_s:g} s and was stopped.")
            return failed_result(ref, error.status, str(error), version=extractor_version(self.settings))
        except ProcessExpired as exc:
            raise WorkerCrashed(
                f"The worker processing {ref.name} died ({_exit_reason(exc.exitcode)}): the document may need more "
                f"memory than limits.memory_mb ({self.settings.limits.memory_mb} MB) allows, or a library crashed on it."
            ) from exc
        except Exception as exc:  # raised in the worker outside the document's own handlers (e.g. out of memory)
            return failed_result(ref, "failed", unexpected_error("processed", exc, self.settings), version=extractor_version(self.settings))

    def run(self, ref: DocumentRef) -> DocumentResult:
        return self.result(ref, self.submit(ref))

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def __enter__(self) -> IsolatedRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.pool.stop()
        self.close()
