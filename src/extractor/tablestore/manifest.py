"""A version's manifest: every file of every table with its size, checksum and row count.

It is written last, so a version folder without one is unfinished (a run that died, or a disk
that filled); it is checked before a file is read or reused, so a damaged, truncated or foreign
file is an error naming the file instead of a wrong answer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

FORMAT = 1


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str
    rows: int


def entry_of(data: bytes, rows: int) -> FileEntry:
    return FileEntry(len(data), hashlib.sha256(data).hexdigest(), rows)


def mismatch(data: bytes, entry: FileEntry) -> str | None:
    """Why the bytes are not the file the manifest lists (None when they are)."""
    if len(data) != entry.size:
        return f"it has {len(data)} bytes, the manifest lists {entry.size}"
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        return "its checksum differs from the manifest's"
    return None


@dataclass
class Manifest:
    """`tables` maps a table to its files, each named relative to the table's folder."""

    schema_version: str | None
    tables: dict[str, dict[str, FileEntry]] = field(default_factory=dict)
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())

    def rows(self, table: str) -> int:
        return sum(entry.rows for entry in self.tables.get(table, {}).values())

    def to_bytes(self) -> bytes:
        tables = {name: {path: asdict(entry) for path, entry in sorted(files.items())} for name, files in self.tables.items()}
        body = {"format": FORMAT, "schema_version": self.schema_version, "created_at": self.created_at, "tables": tables}
        return json.dumps(body, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Raises ValueError for anything but a manifest this code wrote."""
        try:
            body = json.loads(data)
            if body.get("format") != FORMAT:
                raise ValueError(f"manifest format {body.get('format')!r}, expected {FORMAT}")
            tables = {
                str(name): {str(path): FileEntry(int(e["size"]), str(e["sha256"]), int(e["rows"])) for path, e in files.items()}
                for name, files in body["tables"].items()
            }
            return cls(body.get("schema_version"), tables, str(body.get("created_at", "")))
        except (AttributeError, KeyError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a manifest ({exc})") from exc
