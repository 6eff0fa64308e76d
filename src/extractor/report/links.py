"""Where a report may link to: only http and https URLs; anything else is shown as text.

Documents carry links of their own (and web documents' paths are URLs), so a document could
hold a `javascript:` or `data:` link. Every href a page renders comes from `safe_href`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_href(uri: object) -> str | None:
    """`uri` when it is an absolute http(s) URL with a host and no spaces or control characters
    (which browsers strip, so they could hide a scheme); otherwise None."""
    if not isinstance(uri, str) or not uri or _CONTROL.search(uri):
        return None
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    return uri


def page_href(uri: object, page: int | None, is_pdf: bool) -> str | None:
    """A safe link to `uri`, opening a PDF at `page` (`#page=N`, which browsers' PDF viewers follow)."""
    href = safe_href(uri)
    if href is None or page is None or not is_pdf or "#" in href:
        return href
    return f"{href}#page={int(page)}"
