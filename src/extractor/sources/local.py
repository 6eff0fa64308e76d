"""Every file under a folder, recursively, as a `DocumentRef` carrying its content hash.

Symbolic links are not followed out of the folder: a link to a file elsewhere, or a linked
folder, is left out and named in `left_out` (unless `follow_symlinks`, the config's
`corpus_follow_symlinks`), so a corpus cannot pull `/etc/passwd` into the tables and reports.
A link to a file inside the corpus is read (the same bytes: one document, `also_at`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import DocumentRef

SKIPPED_NAMES = frozenset({"manifest.csv", "README.md", ".gitkeep", ".DS_Store"})
HASH_CHUNK = 1 << 20


def discover(corpus: Path, skip: Iterable[Path] = (), follow_symlinks: bool = False, left_out: list[str] | None = None) -> Iterator[DocumentRef]:
    """Files in name order so runs are repeatable; hidden files and the manifest are not documents.

    `skip` are folders not to read, when they lie inside the corpus: the raw store of fetched
    documents (default `corpus/raw`), which web runs ingest under their URLs, and the folders
    of `corpus_exclude` (the development corpus `corpus/genre`, which `evaluate` ingests on its own)."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"The corpus folder {corpus} does not exist; pass --corpus or set 'corpus' in config.yaml.")
    skipped = [parts for folder in skip if (parts := _inside(folder, corpus))]
    left_out = left_out if left_out is not None else []
    real_corpus = corpus.resolve()
    for path in sorted(_paths(corpus, follow_symlinks, left_out)):
        relative = path.relative_to(corpus)
        if not path.is_file() or path.name in SKIPPED_NAMES or any(p.startswith(".") for p in relative.parts):
            continue
        if any(relative.parts[: len(parts)] == parts for parts in skipped):
            continue
        if not follow_symlinks and path.is_symlink() and not path.resolve().is_relative_to(real_corpus):
            left_out.append(relative.as_posix())
            continue
        yield DocumentRef(name=relative.as_posix(), path=path, doc_id=content_hash(path))


def _paths(corpus: Path, follow_symlinks: bool, left_out: list[str]) -> Iterator[Path]:
    """Every file under the corpus; linked folders are entered only with `follow_symlinks` (each once)."""
    seen: set[str] = set()
    for folder, folders, files in os.walk(corpus, followlinks=follow_symlinks):
        real = os.path.realpath(folder)
        if real in seen:  # a link loop, or a folder linked twice
            folders[:] = []
            continue
        seen.add(real)
        if not follow_symlinks:
            linked = [name for name in folders if os.path.islink(os.path.join(folder, name))]
            left_out.extend((Path(folder, name).relative_to(corpus).as_posix() + "/") for name in linked if not name.startswith("."))
        yield from (Path(folder, name) for name in files)


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
