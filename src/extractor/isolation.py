"""Run each document in a worker process with a time and memory limit, so one bad file cannot
stall or take down the run. A worker that times out or dies is replaced; the document is
recorded as failed with the reason."""

from __future__ import annotations

import multiprocessing
import os
import resource
import select
import signal
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from .config import Settings
from .document import DocumentResult, extractor_version, failed_result, process_document, unexpected_error
from .errors import Timeout, WorkersCannotStart
from .model import DocumentRef

MAX_TASKS_PER_WORKER = 200  # recycle workers now and then so slow leaks cannot build up
WORKER_IMPORTS = ["extractor.document", "extractor.nlp.pipeline"]  # what a worker needs before its first document (spaCy too)


UNGUARDED = (
    "a script that calls {call} runs again in every worker process as it starts, so the call must sit under "
    '`if __name__ == "__main__":` (https://docs.python.org/3/library/multiprocessing.html#the-spawn-and-forkserver-start-methods)'
)


def refuse_in_a_starting_worker(call: str) -> None:
    """Stop a run that starts inside a worker process being started: the caller's script, run again
    there because its call is not under a main guard. Raised there, not after minutes of waiting
    for the tables' lock the real run holds."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):  # multiprocessing's own mark, read by its own check
        raise WorkersCannotStart(f"{call} was called while a worker process was starting: {UNGUARDED.format(call=call)}.")


class WorkerCrashed(RuntimeError):
    """The worker process died (out of memory, or a crash in a native library); may be transient."""


def _prepare_worker(megabytes: int, pipeline: str, run_pid: int) -> None:
    """Cap the worker's memory, make it end with the run, and load the spaCy pipeline now: the
    per-document time limit starts when the worker takes its first document, so it counts the
    document's own work, not the start-up."""
    _end_with(run_pid)  # first: its thread's stack may not fit under the cap
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        from .nlp import load_pipeline

        load_pipeline(pipeline)
    except Exception:  # noqa: BLE001 - a pipeline that cannot load is reported by the first document that needs it
        pass


def _end_with(run_pid: int) -> None:
    """Kill this worker when the run that started it ends, by SIGKILL too, so a killed run leaves
    no orphans. The worker's parent is the fork server, which outlives the run while any worker
    holds its pipe, so the parent's death (PR_SET_PDEATHSIG) would not end a busy worker."""
    try:
        run = os.pidfd_open(run_pid)
    except ProcessLookupError:  # the run has ended already
        os._exit(1)
    except (AttributeError, OSError):  # not Linux, a kernel before 5.3, or a sandbox that refuses it:
        return  # the worker then ends when it next reads from the run

    def watch() -> None:
        select.select([run], [], [])
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="end-with-run", daemon=True).start()


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _worker_context() -> multiprocessing.context.ForkServerContext:
    """Workers forked from a server process that has imported the parsers and spaCy once (about a
    second of CPU each, saved for every worker after the first, and for every later run in the same
    process: each Prefect task run, each recycled worker); forked from a single-threaded server, not
    from the caller, whose threads (Prefect's, say) make a plain fork unsafe. The server lives as
    long as the calling process; a server already running (the caller's own) is used as it is."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_IMPORTS)
    return context


class IsolatedRunner:
    """A pool of worker processes; `run` gives one document's result or raises `WorkerCrashed`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ProcessPool(
            max_workers=settings.run.workers,
            max_tasks=MAX_TASKS_PER_WORKER,
            initializer=_prepare_worker,
            initargs=(settings.limits.memory_mb, settings.nlp.pipeline, os.getpid()),
            context=_worker_context(),
        )

    def submit(self, ref: DocumentRef) -> ProcessFuture[DocumentResult]:
        return self.pool.schedule(process_document, args=(ref, self.settings), timeout=self.settings.limits.document_timeout_s)

    def result(self, ref: DocumentRef, future: ProcessFuture[DocumentResult]) -> DocumentResult:
        try:
            return future.result()
        except FutureTimeout:
            error = Timeout(f"Processing took longer than {self.settings.limits.document_timeout_s:g} s and was stopped.")
            return failed_result(ref, error.status, str(error), version=extractor_version(self.settings))
        except BrokenProcessPool:  # the workers died before they took a document: the run goes on, each document says why
            reason = (
                f"The worker processes died before they could take this document (their errors are on the run's standard error): "
                f"limits.memory_mb ({self.settings.limits.memory_mb} MB) may leave a worker too little memory to start, or {UNGUARDED.format(call='ingest()')}."
            )
            return failed_result(ref, "failed", reason, version=extractor_version(self.settings))
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
