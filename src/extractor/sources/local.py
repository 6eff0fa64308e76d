"""Every file under a folder, recursively, as a `DocumentRef` carrying its content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import DocumentRef

SKIPPED_NAMES = frozenset({"manifest.csv", "README.md", ".gitkeep", ".DS_Store"})
HASH_CHUNK = 1 << 20


def discover(corpus: Path, skip: Iterable[Path] = ()) -> Iterator[DocumentRef]:
    """Files in name order so runs are repeatable; hidden files and the manifest are not documents.

    `skip` are folders not to read, when they lie inside the corpus: the raw store of fetched
    documents (default `corpus/raw`), which web runs ingest under their URLs, and the folders
    of `corpus_exclude` (the development corpus `corpus/genre`, which `evaluate` ingests on its own)."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"The corpus folder {corpus} does not exist; pass --corpus or set 'corpus' in config.yaml.")
    skipped = [parts for folder in skip if (parts := _inside(folder, corpus))]
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if not path.is_file() or path.name in SKIPPED_NAMES or any(p.startswith(".") for p in relative.parts):
            continue
        if any(relative.parts[: len(parts)] == parts for parts in skipped):
            continue
        yield DocumentRef(name=relative.as_posix(), path=path, doc_id=content_hash(path))


def _inside(folder: Path | None, corpus: Path) -> tuple[str, ...] | None:
    if folder is None:
        return None
    try:
        return folder.resolve().relative_to(corpus.resolve()).parts or None
    except ValueError:
        return None


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
