"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import fsspec
import pandas as pd

from extractor.config import Fetch, Limits, Run, Settings
from extractor.model import Document
from extractor.parse import parse_bytes
from extractor.tables import TABLES, sort_keys

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HARD = FIXTURES / "hard"


def _shared() -> Path:
    """Other people's material (robustness PDFs, real-world documents) is read from ../shared beside
    the repository, never committed. CI has it; in a git worktree it sits beside the main checkout;
    EXTRACTOR_SHARED names it anywhere else."""
    if "EXTRACTOR_SHARED" in os.environ:
        return Path(os.environ["EXTRACTOR_SHARED"])
    git = ROOT / ".git"
    if not (ROOT.parent / "shared").is_dir() and git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        return Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip()).parents[2].parent / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()
ROBUSTNESS = SHARED / "robustness" / "pdfplumber-tests"
REALWORLD = SHARED / "realworld"
CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".pdf", ".html"))


def parse_file(path: Path) -> Document:
    data = path.read_bytes()
    return parse_bytes(data, hashlib.sha256(data).hexdigest())


def normalise(text: str) -> str:
    return " ".join(text.split())


def fast_fetch(raw_store: Path, **overrides: object) -> Fetch:
    """Fetch settings for tests: the 127.0.0.1 test server allowed, no politeness delays, short waits."""
    values: dict[str, object] = dict(
        min_interval_s=0.0,
        connect_timeout_s=2.0,
        read_timeout_s=2.0,
        retries=2,
        backoff_s=0.01,
        allow_private_addresses=True,
        raw_store=raw_store,
        user_agent="extractor-tests/1.0",
    )
    values.update(overrides)
    return Fetch(**values)  # type: ignore[arg-type]


def web_settings(root: Path, sources: dict, **fetch_overrides: object) -> Settings:
    """Settings for a web run of `sources` into folders under `root`."""
    return Settings(
        corpus=root / "corpus",
        out=root / "out",
        sources=sources,
        fetch=fast_fetch(root / "raw", **fetch_overrides),
        limits=Limits(document_timeout_s=60),
        run=Run(workers=2, source="web"),
    )


def comparable_tables(out: Path | str) -> dict[str, pd.DataFrame]:
    """Every table under `out`, sorted by its keys and without `parsed_at`, for equality checks.
    A URI is read the way docs/data-dictionary.md tells a reader to: `_CURRENT` first, then its version."""
    if isinstance(out, Path):
        folders = {name: str(out / name) for name in TABLES}
    else:
        with fsspec.open(f"{out}/_CURRENT", "rb") as pointer:
            version = json.load(pointer)["version"]
        folders = {name: f"{out}/{version}/{name}" for name in TABLES}
    return {
        name: pd.read_parquet(folder).drop(columns=["parsed_at"], errors="ignore").sort_values(sort_keys(name)).reset_index(drop=True)
        for name, folder in folders.items()
    }


def assert_same_tables(out: Path | str, expected: Path | str) -> None:
    """Every table under `out` (a folder or a URI) equals the same table under `expected`."""
    got, want = comparable_tables(out), comparable_tables(expected)
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], want[name])


def corpus_folder(root: Path, *files: Path) -> Path:
    """A corpus folder under `root` holding copies of `files`."""
    corpus = root / "corpus"
    corpus.mkdir()
    for path in files:
        shutil.copy(path, corpus)
    return corpus
