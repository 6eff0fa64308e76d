"""One document from bytes to table rows: the unit of work every runner (plain, Prefect, pool) calls."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

from . import __version__
from .config import Settings
from .errors import DocumentError, TooLarge
from .location import read_bytes
from .model import Document, DocumentRef
from .parse import parse_bytes
from .tables import to_arrow


def _code_fingerprint() -> str:
    """A hash of the package's code and vocabularies: any change to the rules re-processes documents."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{__version__}+{_code_fingerprint()}"


def extractor_version(settings: Settings) -> str:
    """EXTRACTOR_VERSION, and the PDF engine when it is not the default: switching engine re-parses."""
    engine = settings.parse.pdf_engine
    return EXTRACTOR_VERSION if engine == "auto" else f"{EXTRACTOR_VERSION}+{engine}"


@dataclass
class DocumentResult:
    """The rows one document contributes to each table, and what happened to it."""

    ref: DocumentRef
    status: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    n_pages: int = 0
    seconds: float = 0.0


def process_document(ref: DocumentRef, settings: Settings) -> DocumentResult:
    """Read, parse and extract one document. A bad document becomes a failed row, never an exception."""
    started = time.perf_counter()
    assert ref.path is not None and ref.doc_id is not None
    data = read_bytes(ref.path)
    try:
        if len(data) > settings.limits.max_bytes:
            raise TooLarge(f"The file is {len(data):,} bytes, over the limit of {settings.limits.max_bytes:,}.")
        document = parse_bytes(data, ref.doc_id, settings.limits.max_pages, settings.parse.pdf_engine)
    except DocumentError as exc:
        result = failed_result(ref, exc.status, str(exc), n_bytes=len(data), version=extractor_version(settings))
    except Exception as exc:  # parsers raise many types on hostile files; the run must go on
        result = failed_result(ref, "failed", unexpected_error("parsed", exc, settings), n_bytes=len(data), version=extractor_version(settings))
    else:
        result = _extracted(ref, document, settings, n_bytes=len(data))
    result.seconds = time.perf_counter() - started
    return result


MEMORY_SIGNS = ("failed to map segment", "cannot allocate memory")
MAX_DETAIL = 200


def unexpected_error(stage: str, exc: BaseException, settings: Settings) -> str:
    """A sentence for the documents table: what went wrong, briefly, and what to do."""
    detail = " ".join(str(exc).split())
    if isinstance(exc, MemoryError) or any(sign in detail.lower() for sign in MEMORY_SIGNS):
        return (
            f"The document could not be {stage}: it needed more memory than the limit of "
            f"{settings.limits.memory_mb} MB. Raise limits.memory_mb in config.yaml if the document is genuine."
        )
    if "[E088]" in detail:  # spaCy's max_length: a limit, not a bug
        from .nlp.pipeline import MAX_LENGTH  # already loaded: only extraction raises E088

        return (
            f"The document's text is longer than the language pipeline's limit of {MAX_LENGTH:,} characters, so its "
            f"facts could not be {stage}; its text and blocks are kept. Split the document into parts to extract its facts."
        )
    return f"The document could not be {stage} ({type(exc).__name__}: {detail[:MAX_DETAIL]}); please report it with the file."


def failed_result(ref: DocumentRef, status: str, error: str, n_bytes: int | None = None, version: str = EXTRACTOR_VERSION) -> DocumentResult:
    row = _document_row(ref, status=status, error=error, n_bytes=n_bytes, version=version)
    return DocumentResult(ref, status, {"documents": [row]})


def _extracted(ref: DocumentRef, document: Document, settings: Settings, n_bytes: int) -> DocumentResult:
    status, error = "ok", None
    try:
        from .nlp import extract  # spaCy loads only in processes that extract

        metadata, facts = extract(document, settings.nlp.pipeline)
    except Exception as exc:  # a bug in one rule must not lose the parsed text
        status, error, metadata, facts = "failed", unexpected_error("extracted", exc, settings), {}, {}
    doc_id = document.doc_id
    row = _document_row(ref, status=status, error=error, n_bytes=n_bytes, document=document, metadata=metadata, version=extractor_version(settings))
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [row],
        "texts": [{"doc_id": doc_id, "text": document.text}],
        "blocks": [
            {"doc_id": doc_id, "seq": i, "page": b.page, "kind": b.kind, "text": b.text, "char_start": b.char_start, "char_end": b.char_end}
            for i, b in enumerate(document.blocks)
        ],
        "table_cells": [{"doc_id": doc_id, **vars(c)} for c in document.cells],
        "links": [{"doc_id": doc_id, **vars(link)} for link in document.links],
        **facts,
    }
    try:
        for name, table_rows in facts.items():
            to_arrow(name, table_rows)
    except (ValueError, TypeError, pa.ArrowException) as exc:  # a row a rule got wrong: the text and blocks are kept
        row.update(status="failed", error=unexpected_error("extracted", exc, settings))
        status, rows = "failed", {name: table_rows for name, table_rows in rows.items() if name not in facts}
    return DocumentResult(ref, status, rows, n_pages=document.n_pages or 0)


def _document_row(
    ref: DocumentRef,
    status: str,
    error: str | None,
    n_bytes: int | None,
    document: Document | None = None,
    metadata: dict[str, Any] | None = None,
    version: str = EXTRACTOR_VERSION,
) -> dict[str, Any]:
    metadata = metadata or {}
    text_area, text_date, text_body = metadata.get("partnership_area"), _date(metadata.get("meeting_date")), metadata.get("meeting_body")
    meeting_in_text = text_date is not None or bool(text_body)
    return {
        "doc_id": ref.doc_id,
        "path": ref.name,
        "source_url": ref.source_url,
        "content_type": document.content_type if document else None,
        "title": document.title if document else None,
        "n_pages": document.n_pages if document else None,
        "n_chars": len(document.text) if document else None,
        "n_bytes": n_bytes,
        "ocr": document.ocr if document else None,
        "status": status,
        "error": error,
        "parsed_at": datetime.now(timezone.utc),
        "extractor_version": version,
        **{key: metadata.get(key) for key in ("partnership", "kind", "period_label")},
        **{key: _date(metadata.get(key)) for key in ("period_start", "period_end")},
        # what the text says, else what the source knows; the *_from columns say which
        "partnership_area": text_area or ref.partnership_hint,
        "partnership_from": _origin(text_area, ref.partnership_hint),
        # the meeting as a pair: the text's when it names the date or the body, else the committee system's
        "meeting_date": text_date if meeting_in_text else ref.meeting_date,
        "meeting_body": text_body if meeting_in_text else ref.committee,
        "meeting_from": _origin(meeting_in_text, ref.meeting_date or ref.committee),
        "source_area": ref.partnership_hint,
        "committee": ref.committee,
        "committee_meeting_date": ref.meeting_date,
        "agenda_item": ref.agenda_item,
        "attachment_id": ref.attachment_id,
    }


def _origin(from_text: Any, from_source: Any) -> str | None:
    return "text" if from_text else "source" if from_source else None


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
