"""Every error the pipeline raises on purpose, each naming where it happened and what to do.

    ExtractorError
    ├── ConfigError            a config file or value is wrong (names the file and the field)
    ├── OutputError            the output folder cannot be used (locked, not writable, bad table)
    ├── QueryError             an SQL query over the tables failed (names the tables it can use)
    ├── DocumentNotFound       `extractor show DOC` matched no document, or more than one
    ├── GoldError              `extractor evaluate`: the gold folder or a gold file cannot be read
    ├── SourceError            a listing page or committee system could not be read (names the source and URL)
    ├── FetchError             one URL was not fetched; recorded in the `fetches` table, the run goes on
    │   ├── Refused            not requested on purpose: scheme, host not in config, private address
    │   │   └── RobotsDisallowed   robots.txt asks crawlers not to fetch the URL (or could not be read)
    │   ├── HTTPStatusError    the server answered with an error status (after retries for 429 and 5xx)
    │   ├── FetchFailed        connection error or timeout (after retries)
    │   ├── DownloadTooLarge   the body passed fetch.max_bytes and the download was aborted
    │   └── ContentMismatch    the bytes are not a document, or not what the server said (HTML sent as PDF)
    └── DocumentError          one document cannot be processed; the run records it and goes on
        ├── EmptyDocument      zero bytes, zero pages, or no content
        ├── UnsupportedType    the bytes are not PDF, HTML or plain text
        ├── CorruptDocument    the parser could not read the file
        ├── EncryptedDocument  password-protected
        ├── TooLarge           over a configured size or page limit
        └── Timeout            took longer than the per-document limit

A `DocumentError` carries a `status` for the `documents` table (`failed` or `needs_ocr`)
and a message meant for a person: what is wrong and what to do about it.
"""

from __future__ import annotations

import errno
import re


class ExtractorError(Exception):
    """Base of every error the extractor raises on purpose."""


class ConfigError(ExtractorError):
    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source, self.field, self.problem = source, field, problem
        super().__init__(f"{source}: field '{field}': {problem}")


class OutputError(ExtractorError):
    """The output folder cannot be written or read as a table store."""


class WorkersCannotStart(ExtractorError):
    """The worker processes that read documents could not start: no document can be read."""


class QueryError(ExtractorError):
    """An SQL query over the tables failed; the message lists the tables (views) it can use."""

    def __init__(self, sql: str, problem: str, tables: list[str]) -> None:
        self.sql, self.problem, self.tables = sql, problem, tables
        super().__init__(f"the query failed: {problem}. Tables you can query: {', '.join(tables)}.")


class DocumentNotFound(ExtractorError):
    """A document asked for by doc_id prefix or path is not in the tables, or the prefix is ambiguous."""

    def __init__(self, wanted: str, problem: str) -> None:
        self.wanted, self.problem = wanted, problem
        super().__init__(f"document '{wanted}': {problem}")


class GoldError(ExtractorError):
    """The gold labels `extractor evaluate` scores against cannot be read (names the folder or file)."""


class SourceError(ExtractorError):
    """A source's listing page or committee system could not be read; the other sources go on."""

    def __init__(self, source: str, url: str, problem: str) -> None:
        self.source, self.url, self.problem = source, url, problem
        super().__init__(f"source '{source}': {url}: {problem}")


class FetchError(ExtractorError):
    """One URL was not fetched. `status` is the HTTP status when the server answered."""

    advice = ""

    def __init__(self, url: str, detail: str, status: int | None = None, advice: str | None = None) -> None:
        self.url, self.detail, self.status = url, detail, status
        if advice is not None:  # what to do depends on where the URL came from (config or a discovered link)
            self.advice = advice
        message = detail if not self.advice else f"{detail} {self.advice}"
        super().__init__(f"{url}: {message}")


class Refused(FetchError):
    advice = "Nothing was requested. If the URL is genuine, add its host to the source or to fetch.allowed_hosts in config.yaml."


class RobotsDisallowed(Refused):
    advice = "The site asks crawlers not to fetch it; ask the publisher, or take the URL out of config.yaml."


class HTTPStatusError(FetchError):
    advice = "Check the URL in a browser; if the document moved, update config.yaml (extractor sources check)."


class FetchFailed(FetchError):
    advice = "The site may be down or slow; the next run tries again (timeouts and retries are under fetch in config.yaml)."


class DownloadTooLarge(FetchError):
    advice = "Raise fetch.max_bytes in config.yaml if the document is genuine."


class ContentMismatch(FetchError):
    advice = "The file was not stored. Open the URL in a browser: it is often an error or login page."


class DocumentError(ExtractorError):
    status = "failed"
    advice = ""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        message = detail if not self.advice else f"{detail} {self.advice}"
        super().__init__(message)


class EmptyDocument(DocumentError):
    advice = "Check that the file downloaded completely, then re-run."


class UnsupportedType(DocumentError):
    advice = "Only PDF, HTML and plain text are read; if this came from the web it may be an error page saved under a document name."


class CorruptDocument(DocumentError):
    advice = "The file may be truncated or damaged; download it again or repair it (for example with qpdf) and re-run."

    def __init__(self, detail: str) -> None:
        if any(sign in detail for sign in OVER_LIMIT_SIGNS):  # not damage: a limit was hit
            self.advice = (
                "It needed more memory than the per-document limit (limits.memory_mb in config.yaml): an image or a "
                "compressed stream that expands enormously (a decompression bomb) does this. Raise the limit only if "
                "the document is genuine."
            )
        super().__init__(detail)


OVER_LIMIT_SIGNS = ("MemoryError", "DecompressionBomb", "cannot allocate memory", "failed to map segment")


class EncryptedDocument(DocumentError):
    advice = "Ask the publisher for an unprotected copy, or decrypt it (qpdf --decrypt) and re-run."


class TooLarge(DocumentError):
    advice = "Raise the limit in config.yaml (limits) if the document is genuine."


class Timeout(DocumentError):
    advice = "Raise limits.document_timeout_s in config.yaml if the document is genuine, or inspect the file."


class NeedsOCR(DocumentError):
    status = "needs_ocr"
    advice = "The PDF has no text layer (a scan); run it through OCR (e.g. ocrmypdf) and re-run."


class StoreWarning(UserWarning):
    """The tables were read, but not as published: a missing or dangling `.current` (the newest
    complete version was read instead). The CLI prints it as one warning line."""


_ERRNO = re.compile(r"\[Errno (\d+)\]")
_OS_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, or write somewhere else (--out, --output), and run again",
    errno.EDQUOT: "the disk quota is used up: free some space, or write somewhere else (--out, --output), and run again",
    errno.EROFS: "the file system is read-only: write somewhere else (--out, --output)",
    errno.EACCES: "permission denied: write somewhere you may write (--out, --output), or change the folder's permissions",
    errno.EPERM: "not permitted: write somewhere you may write (--out, --output), or change the folder's permissions",
    errno.ENOTDIR: "a part of this path is a file, not a folder: choose another path, or move the file away",
    errno.EISDIR: "this is a folder, not a file: name a file",
    errno.EEXIST: "something already exists at this path: move it away or choose another path",
    errno.ENOENT: "it does not exist: check the path (--corpus, --out, --tables, --config)",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) or lower run.workers in config.yaml",
    errno.ENOMEM: "out of memory: lower run.workers or limits.memory_mb in config.yaml",
}


def user_failure(exc: BaseException) -> str | None:
    """The one-line message for a failure a user can cause or meet (None for a bug): our own
    errors, and the operating system's (disk full, read-only, permissions, missing paths). The
    tables published before are never changed by a failed command, so the line says so."""
    if isinstance(exc, ExtractorError):
        return str(exc)
    if not isinstance(exc, OSError):
        return None
    number = exc.errno
    if number is None and exc.strerror is None and exc.args and isinstance(exc.args[0], str) and not _ERRNO.search(exc.args[0]):
        return " ".join(exc.args[0].split())  # raised on purpose with a whole sentence
    if number is None and (match := _ERRNO.search(str(exc))):
        number = int(match.group(1))
    where = exc.filename or ""
    detail = exc.strerror or " ".join(str(exc).split())
    advice = _OS_ADVICE.get(number or -1, "check the path and the disk, and run again")
    place = f"{where}: " if where else ""
    return f"{place}{detail} ({advice}). Tables published before are unchanged."
