"""The parse tests run on both PDF engines: the fast path (`auto`: PDFium, pdfplumber for drawn
tables and what PDFium cannot read) and pdfplumber alone, so neither can drift from the other."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.errors import DocumentError
from extractor.model import Document
from extractor.parse import parse_bytes
from tests.helpers import CORPUS, CORPUS_FILES

ENGINES = ("auto", "pdfplumber")


@pytest.fixture(scope="session", params=ENGINES)
def pdf_engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def corpus_documents(pdf_engine: str) -> dict[str, Document]:
    """The bundled corpus parsed with each engine (overrides tests/conftest.py's, pdfplumber-blind one)."""
    documents = {}
    for name in CORPUS_FILES:
        data = (CORPUS / name).read_bytes()
        documents[name] = parse_bytes(data, hashlib.sha256(data).hexdigest(), pdf_engine=pdf_engine)  # type: ignore[arg-type]
    return documents


Parsed = Callable[[Path, str], Document | DocumentError]


@pytest.fixture(scope="session")
def parsed_pdf() -> Parsed:
    """A PDF parsed with an engine (no page limit, the file's stem as its id), or the
    `DocumentError` it gives, each (file, engine) parsed once a session. Other people's PDFs in
    ../shared are read by several modules (test_pdf_engines, test_realworld_ofsted), which run on one
    xdist worker (SHARED_WORK, tests/conftest.py) so that, run in parallel, they share this cache too. Treat the documents as read-only."""
    cache: dict[tuple[Path, str], Document | DocumentError] = {}

    def parsed(path: Path, engine: str) -> Document | DocumentError:
        key = (path.resolve(), engine)
        if key not in cache:
            try:
                cache[key] = parse_bytes(path.read_bytes(), path.stem, pdf_engine=engine)  # type: ignore[arg-type]
            except DocumentError as exc:
                cache[key] = exc
        return cache[key]

    return parsed
