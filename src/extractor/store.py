"""The raw store: every fetched document saved once, under a name made from its sha256 only.

Layout under the store folder (`fetch.raw_store`, default `corpus/raw`):
    <aa>/<sha256>      the bytes; `aa` is the first two hex digits, so no folder grows huge
    .tmp/              downloads in progress (moved into place when complete, removed otherwise)
    index.json         url -> etag, last_modified, doc_id of the last good fetch, for conditional requests

No part of a URL ever becomes part of a path, so no URL can write outside the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

INDEX_NAME = "index.json"
TMP_NAME = ".tmp"
DOC_ID = re.compile(r"[0-9a-f]{64}")
HEAD_BYTES = 64 * 1024  # kept in memory to tell the type by content (`sniff` reads the first 8 KB)


@dataclass(frozen=True)
class IndexEntry:
    """What the last good fetch of a URL returned: enough to ask 'has it changed?'."""

    doc_id: str
    etag: str | None = None
    last_modified: str | None = None


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._index: dict[str, IndexEntry] | None = None

    def path_for(self, doc_id: str) -> Path:
        """The file for a content hash; anything but 64 hex digits is refused."""
        if not DOC_ID.fullmatch(doc_id):
            raise ValueError(f"not a sha256 hex digest: {doc_id!r}")
        return self.root / doc_id[:2] / doc_id

    def has(self, doc_id: str) -> bool:
        return DOC_ID.fullmatch(doc_id) is not None and self.path_for(doc_id).is_file()

    def writer(self) -> RawWriter:
        """A file to stream a download into; `commit` names it by its hash, leaving it discards it."""
        tmp = self.root / TMP_NAME
        tmp.mkdir(parents=True, exist_ok=True)
        return RawWriter(self, tmp)

    def lookup(self, url: str) -> IndexEntry | None:
        """The last good fetch of `url`, if its bytes are still in the store."""
        with self._lock:
            entry = self._loaded().get(url)
        return entry if entry is not None and self.has(entry.doc_id) else None

    def remember(self, url: str, entry: IndexEntry) -> None:
        with self._lock:
            self._loaded()[url] = entry

    def save(self) -> None:
        """Write the index atomically (temporary file, then rename)."""
        with self._lock:
            if self._index is None:
                return
            self.root.mkdir(parents=True, exist_ok=True)
            data = {url: asdict(entry) for url, entry in sorted(self._index.items())}
            fd, name = tempfile.mkstemp(dir=self.root, prefix=".index-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
            os.replace(name, self.root / INDEX_NAME)

    def _loaded(self) -> dict[str, IndexEntry]:
        if self._index is None:
            path = self.root / INDEX_NAME
            raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            self._index = {
                url: IndexEntry(str(item["doc_id"]), item.get("etag"), item.get("last_modified"))
                for url, item in raw.items()
                if isinstance(item, dict) and DOC_ID.fullmatch(str(item.get("doc_id", "")))
            }
        return self._index


class RawWriter:
    """Bytes streamed to a temporary file while their sha256 is computed."""

    def __init__(self, store: RawStore, folder: Path) -> None:
        self.store = store
        fd, name = tempfile.mkstemp(dir=folder, prefix="download-")
        self._handle = os.fdopen(fd, "wb")
        self._path = Path(name)
        self._digest = hashlib.sha256()
        self.size = 0
        self.head = b""  # the first bytes, to tell the type by content

    def write(self, chunk: bytes) -> None:
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self._handle.write(chunk)
        self._digest.update(chunk)
        self.size += len(chunk)

    def commit(self) -> tuple[str, Path]:
        """Move the file into place under its hash (an identical file already there is kept)."""
        self._handle.close()
        doc_id = self._digest.hexdigest()
        target = self.store.path_for(doc_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            self._path.unlink(missing_ok=True)
        else:
            os.replace(self._path, target)
        return doc_id, target

    def discard(self) -> None:
        self._handle.close()
        self._path.unlink(missing_ok=True)

    def __enter__(self) -> RawWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self._handle.closed:
            self.discard()
