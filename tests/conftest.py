"""Shared fixtures: parsed corpus documents and settings for runs in a temporary folder."""

from __future__ import annotations

import uuid
from pathlib import Path

import fsspec
import pytest

from extractor.config import Limits, Run, Settings
from extractor.model import Document
from tests.helpers import CORPUS, CORPUS_FILES, SHARED, parse_file


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `shared` read other people's files from ../shared (never committed): where the
    folder is missing they are reported as skipped with the reason, never as passed."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"{SHARED} is not here: these tests read ../shared/robustness and ../shared/realworld (CI has them)")
    for item in items:
        if item.get_closest_marker("shared"):
            item.add_marker(skip)


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
