"""Where outputs and raw documents live: a local folder (a `Path`) or a URI on any pyarrow or
fsspec file system (a `str`: `s3://bucket/prefix`, `gs://…`, `file:///abs/path`, `memory://…`).

A URI is opened with pyarrow's own file system for the schemes pyarrow has (S3, GCS, HDFS,
Azure, local files), and through fsspec for the others (`memory://` in tests). Credentials are
whatever those libraries read (for S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION or
~/.aws), never the config file. pyarrow and fsspec are imported only when needed: the document
workers import this module, and a local run should not pay for them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import OutputError

if TYPE_CHECKING:
    import pyarrow.fs as pafs

Location = Path | str  # a str is always a URI that `parse_location` accepted

PYARROW_SCHEMES = frozenset({"file", "s3", "gs", "gcs", "hdfs", "viewfs", "abfs", "abfss"})
NOT_WRITABLE = frozenset({"http", "https"})  # web addresses are sources, not stores
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")  # two letters at least: `C:` is a Windows drive


def parse_location(value: object) -> Location:
    """A path stays a `Path`; text with a scheme must be a URI of a file system we can write to.
    Raises ValueError (pydantic names the field) for anything else."""
    if isinstance(value, Path):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a folder path or a URI such as s3://bucket/prefix")
    match = _SCHEME.match(value)
    if match is None:
        return Path(value)
    scheme = match.group(1).lower()
    if not value[match.end() :].startswith("//"):
        raise ValueError(f"'{value}' is neither a folder nor a URI: a URI is written {scheme}://…")
    if scheme in NOT_WRITABLE or (scheme not in PYARROW_SCHEMES and scheme not in _fsspec_protocols()):
        raise ValueError(f"'{scheme}://' is not a file system tables can be written to; use a folder, s3://, gs://, file:///… or memory://")
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        raise ValueError(f"'{value}': a location takes no ?query or #fragment")
    if scheme == "file" and (parts.netloc not in ("", "localhost") or not parts.path.startswith("/")):
        raise ValueError(f"'{value}': a file URI names an absolute path, file:///abs/path")
    if not (parts.netloc or parts.path.strip("/")):
        raise ValueError(f"'{value}' names no bucket or folder")
    return value.rstrip("/")


def _fsspec_protocols() -> list[str]:
    import fsspec

    protocols: list[str] = fsspec.available_protocols()
    return protocols


def join(location: Location, *parts: str) -> Location:
    """A location inside another, of the same kind."""
    if isinstance(location, Path):
        return location.joinpath(*parts)
    return "/".join([location, *parts])


def filesystem(location: Location) -> tuple[pafs.FileSystem, str]:
    """The file system a location lives on, and its path on that file system."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    if isinstance(location, Path):
        return pafs.LocalFileSystem(), str(location)
    import fsspec

    try:
        if urlsplit(location).scheme.lower() in PYARROW_SCHEMES:
            return pafs.FileSystem.from_uri(location)
        fs, path = fsspec.core.url_to_fs(location)
        # pyarrow-stubs omit FSSpecHandler's implementations of the handler's abstract methods
        return pafs.PyFileSystem(pafs.FSSpecHandler(fs)), path  # type: ignore[abstract]
    except (OSError, ImportError, ValueError, pa.ArrowException) as exc:
        raise OutputError(
            f"{location} cannot be opened ({exc}). Check the URI and the credentials "
            "(for S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION, or ~/.aws)."
        ) from exc


def read_bytes(location: Location) -> bytes:
    """The bytes of a file at a path or URI: how the parse stage reads a document, wherever the raw store is."""
    if isinstance(location, Path):
        return location.read_bytes()
    fs, path = filesystem(location)
    with fs.open_input_stream(path) as stream:
        return stream.readall()


def local_file(location: Location, *parts: str, option: str) -> Path:
    """A file to write beside the tables (a report, an export): only a local folder has a beside."""
    if isinstance(location, Path):
        return location.joinpath(*parts)
    raise OutputError(f"The tables are at {location}, not in a local folder: pass {option} to say where to write {parts[-1]}.")
