"""The parse tests run on both PDF engines: the fast path (`auto`: PDFium, pdfplumber for drawn
tables and what PDFium cannot read) and pdfplumber alone, so neither can drift from the other."""

from __future__ import annotations

import hashlib

import pytest

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
