"""HTML pages for people: the comparison report and the per-document review page.

Both are single self-contained files (styles, and for the report plotly.js, written into the
page; nothing is loaded from the network). Every value from a document goes through Jinja2's
autoescaping, hrefs only through `links.safe_href` (http and https), and the pages' Content
Security Policy runs only the report's own scripts, so a document containing `<script>` or a
`javascript:` link shows it as text.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..compare import Comparison
from .charts import CONFIG, plotly_js
from .comparison import comparison_context, notice
from .document import document_context
from .links import safe_href

__all__ = ["notice", "render_comparison", "render_document", "safe_href", "write_html"]


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("extractor.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _trusted_script(code: str) -> Markup:
    """Our own JavaScript, written into a <script> element as is (it must not close the element)."""
    if "</script" in code.lower():
        raise ValueError("a script to inline contains '</script' and would end its element early")
    return Markup(code)


def render_comparison(
    comparison: Comparison,
    *,
    tables: str | None = None,
    asked: list[str] | None = None,
    generated_at: datetime | None = None,
    show_pages: dict[str, str] | None = None,
) -> str:
    """The comparison report of `comparison` (see `compare.select`) as one HTML page; `show_pages`:
    doc_id → the link to its review page (`extractor show`), relative to the report."""
    context = comparison_context(comparison, tables=tables, asked=asked, generated_at=generated_at, show_pages=show_pages)
    return (
        environment()
        .get_template("comparison.html.j2")
        .render(
            **context,
            nonce=secrets.token_urlsafe(16),
            plotly_js=_trusted_script(plotly_js()) if context["charts"] else "",
            chart_config=Markup(json.dumps(CONFIG)),
        )
    )


def render_document(frames: dict[str, pd.DataFrame], wanted: str) -> tuple[str, str]:
    """The review page of the document `wanted` names (doc_id prefix or path): (doc_id, HTML)."""
    context = document_context(frames, wanted)
    return context["doc_id"], environment().get_template("document.html.j2").render(**context)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


def write_html(page: str, path: Path) -> Path:
    """Write `page` to `path` whole (a temporary file renamed into place), readable as the umask
    allows, like any file the user makes (a temporary file is private: -rw------- otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
