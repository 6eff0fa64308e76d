"""Shared fixtures: parsed corpus documents and settings for runs in a temporary folder."""

from __future__ import annotations

import uuid
from pathlib import Path

import fsspec
import pytest

from extractor.config import Limits, Run, Settings
from extractor.model import Document
from tests.helpers import CORPUS, CORPUS_FILES, SHARED, parse_file

# Modules that share a server or a cache: in parallel (pytest-xdist) they are one unit of work, on
# one worker. Every other module is its own unit, so its fixtures are built once.
SHARED_WORK = {
    "tests/flows/": "prefect",  # one Prefect test server (tests/flows/conftest.py) and one Prefect home
    "tests/parse/test_pdf_engines.py": "shared-pdfs",  # the ../shared PDFs parsed once (parsed_pdf, tests/parse/conftest.py)
    "tests/parse/test_realworld_ofsted.py": "shared-pdfs",
}


def _unit(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return next((unit for prefix, unit in SHARED_WORK.items() if path.startswith(prefix)), path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """`--dist loadfile` (pyproject.toml), with the modules of SHARED_WORK sent together. (xdist's
    own `loadgroup` cannot group here: it renames items' `_nodeid`, which pytest 9 no longer reads.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ModuleScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `shared` read other people's files from ../shared (never committed): where the
    folder is missing they are reported as skipped with the reason, never as passed."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"{SHARED} is not here: these tests read ../shared/robustness and ../shared/realworld (CI has them)")
    for item in items:
        if item.get_closest_marker("shared"):
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)  # after pytest has ordered the tests by their fixtures, before xdist sends the order
def pytest_collection_finish(session: pytest.Session) -> None:
    """In parallel, the units of work that hold a slow test are handed out first (xdist keeps this
    order: `--no-loadscope-reorder`), so the many quick ones even the workers out at the end."""
    if not hasattr(session.config, "workerinput"):  # an xdist worker; a run without xdist keeps its order
        return
    slow = {_unit(item.nodeid) for item in session.items if item.get_closest_marker("slow")}
    session.items.sort(key=lambda item: _unit(item.nodeid) not in slow)


@pytest.fixture(scope="session")
def corpus_documents() -> dict[str, Document]:
    return {name: parse_file(CORPUS / name) for name in CORPUS_FILES}


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(corpus=tmp_path / "corpus", out=tmp_path / "out", limits=Limits(document_timeout_s=60), run=Run(workers=2))


@pytest.fixture()
def server():
    """A real HTTP server on 127.0.0.1 with per-test routes (see tests/webserver.py)."""
    from tests.webserver import WebServer

    web = WebServer().start()
    yield web
    web.stop()


@pytest.fixture()
def local_fetcher(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Fetchers for the server on 127.0.0.1 (fetch settings overridden by keyword), each closed when
    the test ends: an open client keeps its connections, and their sockets warn when collected."""
    from extractor.fetch import Fetcher
    from extractor.store import RawStore
    from tests.helpers import fast_fetch

    made = []

    def make(**overrides: object) -> Fetcher:
        fetcher = Fetcher(fast_fetch(tmp_path / "raw", **overrides), ["127.0.0.1"], RawStore(tmp_path / "raw"))
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture(scope="session")
def corpus_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus ingested once (plain Python) into a folder of tables; treat it as read-only."""
    from extractor.ingest import ingest

    out = tmp_path_factory.mktemp("corpus-tables")
    summary = ingest(Settings(corpus=CORPUS, out=out, limits=Limits(document_timeout_s=120), run=Run(workers=2, orchestrator="python")))
    assert summary.counts["ok"] == len(CORPUS_FILES), summary.line()
    return out


@pytest.fixture(params=["file", "memory"])
def uri(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store URI: `file://` (the object-store protocol S3 runs, on the local disk) or `memory://` (fsspec)."""
    if request.param == "file":
        yield f"file://{tmp_path}/store"
        return
    bucket = f"test-{uuid.uuid4().hex}"
    yield f"memory://{bucket}/store"
    memory = fsspec.filesystem("memory")
    if memory.exists(bucket):
        memory.rm(bucket, recursive=True)
