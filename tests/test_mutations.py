"""Hundreds of corrupted PDFs (truncated, bit-flipped, objects deleted) never crash the run:
every file ends as a documents row with a readable outcome, within the per-document limits."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from extractor.config import Limits, Run, Settings
from extractor.ingest import ingest
from tests.helpers import CORPUS

pytestmark = pytest.mark.slow

VARIANTS_PER_KIND = 70  # three kinds: 210 variants
SEED = 20261121
TIMEOUT_S = 8.0
OBJECT = re.compile(rb"\d+ 0 obj.*?endobj", re.S)


def _truncated(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(1, len(data) - 1)]


def _bit_flipped(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _object_deleted(data: bytes, rng: random.Random) -> bytes:
    objects = list(OBJECT.finditer(data))
    if not objects:
        return _truncated(data, rng)
    victim = rng.choice(objects)
    return data[: victim.start()] + data[victim.end() :]


def _variants(folder: Path) -> int:
    rng = random.Random(SEED)
    sources = sorted(CORPUS.glob("*.pdf"))
    count = 0
    for kind, mutate in (("trunc", _truncated), ("flip", _bit_flipped), ("del", _object_deleted)):
        for i in range(VARIANTS_PER_KIND):
            source = sources[i % len(sources)]
            (folder / f"{kind}-{i:03d}-{source.name}").write_bytes(mutate(source.read_bytes(), rng))
            count += 1
    return count


def test_corrupted_pdfs_all_end_as_rows_with_reasons(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n_files = _variants(corpus)
    assert n_files >= 200
    settings = Settings(corpus=corpus, out=tmp_path / "out", limits=Limits(document_timeout_s=TIMEOUT_S), run=Run(workers=2))

    started = time.monotonic()
    summary = ingest(settings)
    elapsed = time.monotonic() - started

    documents = pd.read_parquet(settings.out / "documents")
    named = set(documents["path"]) | {p for paths in documents["also_at"] for p in paths}
    assert named == {p.name for p in corpus.iterdir()}
    assert set(documents["status"]) <= {"ok", "failed", "needs_ocr"}
    problems = documents[documents["status"] != "ok"]
    assert problems["error"].notna().all()
    assert not documents["error"].fillna("").str.contains('Traceback|File "', regex=True).any()
    assert sum(summary.counts[s] for s in ("ok", "failed", "needs_ocr", "skipped")) == n_files
    # bounded by the limits: every document at most TIMEOUT_S, two at a time, plus start-up
    assert elapsed <= n_files * TIMEOUT_S / settings.run.workers + 60
