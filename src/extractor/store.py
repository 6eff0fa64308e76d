"""The raw store: every fetched document saved once, under a name made from its sha256 only.

Layout under the store folder (`fetch.raw_store`, default `corpus/raw`):
    <aa>/<sha256>      the bytes; `aa` is the first two hex digits, so no folder grows huge
    .tmp/              downloads in progress (moved into place when complete, removed otherwise)
    index.json         url -> etag, last_modified, doc_id of the last good fetch, for conditional requests

No part of a URL ever becomes part of a path, so no URL can write outside the store.

The store may be a URI (`s3://bucket/raw`, `file:///…`; see `location.py`): a download is then
staged in a local temporary file while its sha256 is computed, and uploaded to its content name
once complete (an object appears whole or not at all); `index.json` is one object, written after
the documents. Documents are read back with `location.read_bytes`.
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

import pyarrow.fs as pafs

from .location import Location, filesystem, join, parse_location

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
    """Documents under `root`, a folder or a URI."""

    def __init__(self, root: Location) -> None:
        self.root = parse_location(root)
        self._fs, self._base = filesystem(self.root)
        self._lock = threading.Lock()
        self._index: dict[str, IndexEntry] | None = None

    def path_for(self, doc_id: str) -> Location:
        """The file (or object) for a content hash; anything but 64 hex digits is refused."""
        if not DOC_ID.fullmatch(doc_id):
            raise ValueError(f"not a sha256 hex digest: {doc_id!r}")
        return join(self.root, doc_id[:2], doc_id)

    def has(self, doc_id: str) -> bool:
        return DOC_ID.fullmatch(doc_id) is not None and self._info(doc_id[:2], doc_id).type == pafs.FileType.File

    def writer(self) -> RawWriter:
        """A local file to stream a download into; `commit` names it by its hash, leaving it discards it.
        In a folder store it is staged inside the store, so `commit` is a rename."""
        staging: Path | None
        if isinstance(self.root, Path):
            staging = self.root / TMP_NAME
            staging.mkdir(parents=True, exist_ok=True)
        else:
            staging = None  # the system's temporary folder
        return RawWriter(self, staging)

    def _info(self, *parts: str) -> pafs.FileInfo:
        return self._fs.get_file_info("/".join([self._base, *parts]))

    def _put(self, staged: Path, doc_id: str) -> None:
        """Move a complete staged file to its content name: a rename in a folder, an upload to a URI."""
        key = "/".join([self._base, doc_id[:2], doc_id])
        self._fs.create_dir(key.rsplit("/", 1)[0], recursive=True)
        if isinstance(self.root, Path):
            os.replace(staged, key)
            return
        try:
            pafs.copy_files(str(staged), key, source_filesystem=pafs.LocalFileSystem(), destination_filesystem=self._fs)
        finally:
            staged.unlink(missing_ok=True)

    def lookup(self, url: str) -> IndexEntry | None:
        """The last good fetch of `url`, if its bytes are still in the store."""
        with self._lock:
            entry = self._loaded().get(url)
        return entry if entry is not None and self.has(entry.doc_id) else None

    def remember(self, url: str, entry: IndexEntry) -> None:
        with self._lock:
            self._loaded()[url] = entry

    def save(self) -> None:
        """Write the index atomically: a temporary file renamed in a folder, one PUT to a URI."""
        with self._lock:
            if self._index is None:
                return
            text = json.dumps({url: asdict(entry) for url, entry in sorted(self._index.items())}, indent=1)
            if isinstance(self.root, Path):
                self.root.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(dir=self.root, prefix=".index-", suffix=".json")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(name, self.root / INDEX_NAME)
            else:
                self._fs.create_dir(self._base, recursive=True)
                with self._fs.open_output_stream(f"{self._base}/{INDEX_NAME}") as stream:
                    stream.write(text.encode("utf-8"))

    def _loaded(self) -> dict[str, IndexEntry]:
        if self._index is None:
            raw = {}
            if self._info(INDEX_NAME).type == pafs.FileType.File:
                with self._fs.open_input_stream(f"{self._base}/{INDEX_NAME}") as stream:
                    try:
                        raw = json.loads(stream.readall())
                    except ValueError:
                        pass  # unreadable (a torn write on file://): only costs unconditional requests
            self._index = {
                url: IndexEntry(str(item["doc_id"]), item.get("etag"), item.get("last_modified"))
                for url, item in raw.items()
                if isinstance(item, dict) and DOC_ID.fullmatch(str(item.get("doc_id", "")))
            }
        return self._index


class RawWriter:
    """Bytes streamed to a temporary file while their sha256 is computed."""

    def __init__(self, store: RawStore, folder: Path | None) -> None:
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

    def commit(self) -> tuple[str, Location]:
        """Move the file into place under its hash (an identical file already there is kept)."""
        self._handle.close()
        doc_id = self._digest.hexdigest()
        if self.store.has(doc_id):
            self._path.unlink(missing_ok=True)
        else:
            self.store._put(self._path, doc_id)
        return doc_id, self.store.path_for(doc_id)

    def discard(self) -> None:
        self._handle.close()
        self._path.unlink(missing_ok=True)

    def __enter__(self) -> RawWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self._handle.closed:
            self.discard()
