"""The sources enabled in config, run together: discover document URLs, fetch them into the raw
store, and hand the pipeline one `DocumentRef` per stored document.

`DocumentRef.name` (the `documents.path` column) is the URL, so a document fetched again with new
bytes replaces the rows of its previous version, as a changed local file does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import Settings, Source
from ..fetch import Fetcher, Probe
from ..model import DocumentRef
from ..store import RawStore
from . import moderngov, web


@dataclass
class Discovery:
    """What a web run found: documents to ingest, every fetch made, and what went wrong on the way."""

    refs: list[DocumentRef] = field(default_factory=list)
    fetches: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceCheck:
    source: str
    kind: str  # document, listing, committee system; '-' for a disabled source
    url: str
    result: str  # reachable, moved, unreachable, disabled
    detail: str = ""


def source_hosts(sources: Mapping[str, Source]) -> set[str]:
    """The hosts named by the sources' own URLs: the only ones fetched besides fetch.allowed_hosts."""
    return {(urlsplit(url).hostname or "").lower() for source in sources.values() for url in source.urls()} - {""}


def collect(settings: Settings, today: date | None = None, transport: httpx.BaseTransport | None = None) -> Discovery:
    """Run every enabled source; a failing listing page or committee system costs only itself."""
    sources = settings.enabled_sources()
    if not sources:
        return Discovery(problems=["No source is enabled: set 'enabled: true' for a source under 'sources' in config.yaml."])
    store = RawStore(settings.fetch.raw_store)
    wanted: dict[str, str] = {}  # url -> partnership hint; the first source to name a URL wins
    problems: list[str] = []
    with Fetcher(settings.fetch, source_hosts(sources), store, transport=transport) as fetcher:
        for name, source in sources.items():
            urls, found = web.discover(name, source, fetcher)
            problems += found
            for system in source.committee_systems:
                papers, found = moderngov.discover(name, system, fetcher, today)
                urls += papers
                problems += found
            for url in urls:
                wanted.setdefault(url, source.area)
        try:
            results = fetcher.fetch_documents(wanted)
        finally:
            store.save()
        refs = [
            DocumentRef(name=r.url, path=r.path, source_url=r.url, doc_id=r.doc_id, partnership_hint=wanted[r.url])
            for r in results
            if r.stored
        ]
        return Discovery(sorted(refs, key=lambda ref: ref.name), fetcher.rows(), problems)


def check(settings: Settings, include_disabled: bool = False, transport: httpx.BaseTransport | None = None) -> list[SourceCheck]:
    """Probe every URL of each source (one request each, redirects reported, not followed)."""
    probed = {name: s for name, s in settings.sources.items() if s.enabled or include_disabled}
    checks = [SourceCheck(name, "-", "-", "disabled") for name, s in settings.sources.items() if name not in probed]
    with Fetcher(settings.fetch.model_copy(update={"retries": 0}), source_hosts(probed), transport=transport) as fetcher:
        for name, source in probed.items():
            targets = [("document", url) for url in source.documents] + [("listing", item.url) for item in source.listings]
            targets += [
                ("committee system", urljoin(system.base_url.rstrip("/") + "/", f"{moderngov.SERVICE}/GetCommittees"))
                for system in source.committee_systems
            ]
            disabled = "" if source.enabled else " (disabled)"
            for kind, url in targets:
                result, detail = _verdict(fetcher.probe(url))
                checks.append(SourceCheck(name, kind, url, result + disabled, detail))
    return checks


def _verdict(probe: Probe) -> tuple[str, str]:
    if probe.error is not None:
        return "unreachable", probe.error
    assert probe.status is not None
    if 300 <= probe.status < 400 and probe.location:
        return "moved", f"HTTP {probe.status} to {probe.location}: update config.yaml"
    if probe.status < 300 or probe.status == 304:
        return "reachable", f"HTTP {probe.status}"
    return "unreachable", f"HTTP {probe.status}"
