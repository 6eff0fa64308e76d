"""Every fact's way back to its documents, and how sure the report is of it.

A source is an anchor in the report's list of sources, the page, the document's own web address
(http or https only) and the document's review page (`extractor show`, written beside the
report). The "how sure" cue: a fact stated in several documents, stated once, or inferred (the
comparison worked it out: a review's status read from its sentence, not stated as its status).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..compare.names import records
from .labels import file_name, integer, text
from .links import page_href

SEVERAL, ONCE, INFERRED = "several", "once", "inferred"


def anchor(doc_id: str) -> str:
    return f"doc-{doc_id[:12]}"


class Sources:
    def __init__(self, documents: pd.DataFrame, show_pages: dict[str, str] | None = None) -> None:
        self.documents = {row["doc_id"]: row for row in records(documents)}
        self.show_pages = show_pages or {}

    def ref(self, doc_id: str, page: Any) -> dict[str, Any]:
        document = self.documents.get(doc_id, {})
        page_number = integer(page)
        url = text(document.get("source_url")) or text(document.get("path"))
        is_pdf = document.get("content_type") == "application/pdf" or str(url or "").lower().endswith(".pdf")
        return {
            "anchor": anchor(doc_id),
            "name": file_name(text(document.get("path"))),
            "page": page_number,
            "href": page_href(url, page_number, is_pdf),
            "show": self.show_pages.get(doc_id),
        }

    def refs(self, mentions: pd.DataFrame) -> list[dict[str, Any]]:
        """One reference per document and page the mentions are on, in order."""
        seen: dict[tuple[str, int | None], dict[str, Any]] = {}
        for row in records(mentions):
            key = (row["doc_id"], integer(row.get("page")))
            if key not in seen:
                seen[key] = self.ref(*key)
        return list(seen.values())


def cue(n_documents: int, inferred: bool = False) -> dict[str, str]:
    """How sure: inferred, stated in several documents, or stated once."""
    if inferred:
        return {"level": INFERRED, "text": "inferred"}
    if n_documents > 1:
        return {"level": SEVERAL, "text": f"stated in {n_documents} documents"}
    return {"level": ONCE, "text": "stated once"}
