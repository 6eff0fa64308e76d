"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.model import Document
from extractor.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HARD = FIXTURES / "hard"
ROBUSTNESS = FIXTURES / "robustness"
CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".pdf", ".html"))


def parse_file(path: Path) -> Document:
    data = path.read_bytes()
    return parse_bytes(data, hashlib.sha256(data).hexdigest())


def normalise(text: str) -> str:
    return " ".join(text.split())
