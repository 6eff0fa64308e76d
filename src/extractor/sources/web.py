"""A partnership's own website: direct document URLs, and listing pages crawled one level deep.

A listing page's links are documents (PDFs or pages) when their text or URL matches one of the
listing's `include` patterns (any PDF link when there are none) and no `exclude` pattern. The
links found are not followed further: each is fetched as a document by the fetcher, which
refuses those on hosts not in config, `file:` URLs and the like, and records why. At most
`fetch.max_links_per_page` links are taken from one page.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

import lxml.etree
import lxml.html

from ..config import Listing, Source
from ..errors import FetchError, SourceError
from ..fetch import Fetcher, Page
from . import caps

PDF_LINK = re.compile(r"\.pdf($|[?#])", re.IGNORECASE)  # the default when a listing has no include pattern
NOT_DOCUMENTS = ("mailto:", "javascript:", "tel:", "#")


def discover(name: str, source: Source, fetcher: Fetcher, until: float | None = None) -> tuple[list[str], list[str]]:
    """The source's direct URLs and the matching links of its listing pages; and what went wrong,
    one line each (a listing page over `fetch.max_links_per_page` links is one)."""
    urls, problems = list(source.documents), []
    limit = fetcher.settings.max_links_per_page
    for index, listing in enumerate(source.listings):
        if caps.past(until):
            problems.append(caps.out_of_time(name, fetcher.settings.max_source_seconds, f"{len(source.listings) - index} listing pages"))
            break
        try:
            links = listing_links(fetcher.get_page(listing.url), listing, limit)
        except FetchError as exc:
            problems.append(f"source '{name}': listing page {exc}")
            continue
        except SourceError as exc:
            problems.append(str(exc))
            continue
        if len(links) > limit:
            problems.append(caps.reached(name, f"listing page {listing.url}", f"more than {limit:,} matching links", "max_links_per_page", limit))
        urls.extend(links[:limit])
    return urls, problems


def listing_links(page: Page, listing: Listing, limit: int | None = None) -> list[str]:
    """Absolute, de-duplicated document links of a listing page, in page order; reading stops
    one past `limit`, so the caller can tell the cap was reached."""
    try:
        tree = lxml.html.fromstring(page.content)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError("listing", page.url, f"the listing page is not readable HTML ({exc})") from exc
    base = urljoin(page.url, (tree.xpath("string(//base/@href)") or "").strip())
    include = [re.compile(pattern, re.IGNORECASE) for pattern in listing.include] or [PDF_LINK]
    exclude = [re.compile(pattern, re.IGNORECASE) for pattern in listing.exclude]
    found: dict[str, None] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(NOT_DOCUMENTS):
            continue
        url = urldefrag(urljoin(base, href))[0]
        text = " ".join(anchor.text_content().split())
        if _matches(include, text, url) and not _matches(exclude, text, url) and url != page.url:
            found[url] = None
            if limit is not None and len(found) > limit:
                break
    return list(found)


def _matches(patterns: list[re.Pattern[str]], text: str, url: str) -> bool:
    return any(pattern.search(text) or pattern.search(url) for pattern in patterns)
