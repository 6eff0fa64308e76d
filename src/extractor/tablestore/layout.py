"""The names and sizes of a table store's layout, shared by the store, its storages and its writer."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from ..errors import OutputError

KEEP_VERSIONS = 2  # versions kept after a publish: the new one and the one it replaced
LOCK_WAIT_S = 0.0
BUCKETS = 32  # by_doc partitions: a changed document rewrites at most one file of 1/32 of a table
MAX_FILES_PER_BUCKET = 8  # more files than this in a bucket a run touches: merged into one
WHOLE_FILE = "part-0.parquet"
EMPTY_FILE = "empty.parquet"
VERSIONS = ".versions"
CURRENT = ".current"  # folders: the symlink to the published version
POINTER = "_CURRENT"  # URI stores: the published version, {"version": ".versions/<run>"}
LEASE = "_LOCK"  # URI stores: the writer's lease
MANIFEST = "_MANIFEST.json"  # written last into a version folder: the version is complete once it exists
LEASE_STALE_HOURS = 24.0  # a lease older than this was left by a run that died; a longer run must not share its URI
POINTED = re.compile(rf"{re.escape(VERSIONS)}/[A-Za-z0-9-]+")


def bucket_of(doc_id: str) -> str:
    """The partition folder of a document's rows: stable for any doc_id string."""
    digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=4).digest()
    return f"{int.from_bytes(digest, 'big') % BUCKETS:02x}"


def doc_id_of(value: object) -> str:
    """A doc_id read back from a table: text, never null (every schema declares the column non-nullable)."""
    if not isinstance(value, str):
        raise OutputError(f"a row's doc_id is {value!r}, not a document's hash: the table store is damaged")
    return value


def hidden(relative: PurePath) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)
