"""The sources enabled in config, run together: discover document URLs, fetch them into the raw
store, and hand the pipeline one `DocumentRef` per stored document, carrying what the source
knows (its area; for committee papers the committee, meeting date, agenda item and attachment id).

`DocumentRef.name` (the `documents.path` column) is the URL, so a document fetched again with new
bytes replaces the rows of its previous version, as a changed local file does.

What could not be read is a problem, one line each naming the source: a listing page or committee
system that failed, a URL named in config.yaml that could not be fetched, a cap of `fetch`
reached. A run with problems exits 1 (`extractor ingest`) and its flow run ends Failed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..config import CommitteeSystem, Listing, Settings, Source
from ..errors import FetchError, SourceError
from ..fetch import Fetcher, Probe
from ..model import DocumentRef
from ..store import RawStore
from . import caps, moderngov, web


@dataclass
class Discovery:
    """What a web run found: documents to ingest, every fetch made, and what went wrong on the way."""

    refs: list[DocumentRef] = field(default_factory=list)
    fetches: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # sources that could not be read: the run fails
    notes: list[str] = field(default_factory=list)  # worth saying, not a failure (an empty corpus, links not followed)


@dataclass(frozen=True)
class SourceCheck:
    source: str
    kind: str  # document, listing, committees, meetings, documents; '-' for a disabled source
    url: str
    result: str  # reachable, moved, unreachable, disabled
    detail: str = ""


def source_hosts(sources: Mapping[str, Source]) -> set[str]:
    """The hosts named by the sources' own URLs: the only ones fetched besides fetch.allowed_hosts."""
    return {(urlsplit(url).hostname or "").lower() for source in sources.values() for url in source.urls()} - {""}


def configured_urls(sources: Mapping[str, Source]) -> dict[str, Any]:
    """The Fetcher's `configured` and `configured_prefixes`: URLs from config.yaml, and the web
    service calls made from its committee systems (their errors are config's, not a link's)."""
    return {
        "configured": {url for source in sources.values() for url in source.urls()},
        "configured_prefixes": [moderngov.service_url(system) for source in sources.values() for system in source.committee_systems],
    }


def collect(settings: Settings, today: date | None = None, transport: httpx.BaseTransport | None = None) -> Discovery:
    """Run every enabled source; a failing listing page, meeting or item costs only itself."""
    sources = settings.enabled_sources()
    if not sources:
        return Discovery(problems=["No source is enabled: set 'enabled: true' for a source under 'sources' in config.yaml."])
    store = RawStore(settings.fetch.raw_store)
    wanted: dict[str, DocumentRef] = {}  # the first source to name a URL wins
    problems: list[str] = []
    fetcher = Fetcher(settings.fetch, source_hosts(sources), store, transport=transport, **configured_urls(sources))
    with fetcher:
        for name, source in sources.items():
            refs, found = discover_source(name, source, fetcher, today)
            problems += found
            for ref in refs:
                wanted.setdefault(ref.name, ref)
        try:
            results = fetcher.fetch_documents(wanted)
        finally:
            store.save()
        named: dict[str, str] = {}  # a URL in config.yaml that fails is its source's problem; a discovered link's is a fetches row
        for name, source in sources.items():
            for url in source.documents:
                named.setdefault(url, name)
        problems += [f"source '{named[r.url]}': {r.error}" for r in results if r.error and r.url in named]
        refs = [replace(wanted[r.url], path=r.path, doc_id=r.doc_id) for r in results if r.stored]
        return Discovery(sorted(refs, key=lambda ref: ref.name), fetcher.rows(), problems)


def discover_source(name: str, source: Source, fetcher: Fetcher, today: date | None = None) -> tuple[list[DocumentRef], list[str]]:
    """One source's documents, within `fetch.max_source_seconds` and `fetch.max_documents_per_source`."""
    limits = fetcher.settings
    until = time.monotonic() + limits.max_source_seconds
    urls, problems = web.discover(name, source, fetcher, until)
    refs = [DocumentRef(name=url, source_url=url, partnership_hint=source.area) for url in urls]
    for index, system in enumerate(source.committee_systems):
        if caps.past(until):
            problems.append(caps.out_of_time(name, limits.max_source_seconds, f"{len(source.committee_systems) - index} committee systems"))
            break
        papers, found = moderngov.discover(name, system, fetcher, today, until)
        problems += found
        refs += [
            DocumentRef(
                name=paper.url,
                source_url=paper.url,
                partnership_hint=source.area,
                committee=paper.committee,
                meeting_date=paper.meeting_date,
                agenda_item=paper.item_title,
                attachment_id=paper.attachment_id,
            )
            for paper in papers
        ]
    first: dict[str, DocumentRef] = {}
    for ref in refs:
        first.setdefault(ref.name, ref)  # the first mention of a URL wins
    unique = list(first.values())
    if len(unique) > limits.max_documents_per_source:
        problems.append(caps.reached(name, "documents", len(unique), "max_documents_per_source", limits.max_documents_per_source))
    return unique[: limits.max_documents_per_source], problems


def check(
    settings: Settings, include_disabled: bool = False, transport: httpx.BaseTransport | None = None, today: date | None = None
) -> list[SourceCheck]:
    """Each source as a run would read it, without fetching a document: direct URLs probed (a move
    reported, not followed), listing pages read and their links counted, committee systems
    followed through committees, meetings in the window and one meeting's documents."""
    probed = {name: s for name, s in settings.sources.items() if s.enabled or include_disabled}
    checks = [SourceCheck(name, "-", "-", "disabled") for name, s in settings.sources.items() if name not in probed]
    quick = settings.fetch.model_copy(update={"retries": 0, "page_retries": 0})
    with Fetcher(quick, source_hosts(probed), transport=transport, **configured_urls(probed)) as fetcher:
        for name, source in probed.items():
            disabled = "" if source.enabled else " (disabled)"
            found = [SourceCheck(name, "document", url, *_verdict(fetcher.probe(url))) for url in source.documents]
            found += [_check_listing(name, listing, fetcher) for listing in source.listings]
            for system in source.committee_systems:
                found += _check_committee_system(name, system, fetcher, today or date.today())
            checks += [replace(item, result=item.result + disabled) for item in found]
    return checks


def _check_listing(name: str, listing: Listing, fetcher: Fetcher) -> SourceCheck:
    result, detail = _verdict(fetcher.probe(listing.url))
    if result != "reachable":
        return SourceCheck(name, "listing", listing.url, result, detail)
    try:
        links = web.listing_links(fetcher.get_page(listing.url), listing, fetcher.settings.max_links_per_page)
    except (FetchError, SourceError) as exc:
        return SourceCheck(name, "listing", listing.url, "unreachable", _detail(exc))
    shown = ", ".join(links[:3]) + (", …" if len(links) > 3 else "")
    return SourceCheck(
        name, "listing", listing.url, "reachable", f"{detail}; {len(links)} documents would be taken" + (f": {shown}" if links else "")
    )


def _check_committee_system(name: str, system: CommitteeSystem, fetcher: Fetcher, today: date) -> list[SourceCheck]:
    site = moderngov.Site(name, system, fetcher)
    service = moderngov.service_url(system)
    start, end = moderngov.window(system, today)
    try:
        committees = site.committees_of_interest()
    except (FetchError, SourceError) as exc:
        return [SourceCheck(name, "committees", service + "GetCommittees", "unreachable", _detail(exc))]
    listed = ", ".join(f"'{c.title}'" for c in committees) or "none: check 'committees' in config.yaml"
    checks = [SourceCheck(name, "committees", service + "GetCommittees", "reachable", f"{len(committees)} of interest: {listed}")]
    latest: list[moderngov.Meeting] = []
    for committee in committees:
        problems: list[str] = []
        url = service + f"GetMeetings?lCommitteeId={committee.id}"
        try:
            meetings = site.meetings(committee, start, end, problems)
        except (FetchError, SourceError) as exc:
            checks.append(SourceCheck(name, "meetings", url, "unreachable", _detail(exc)))
            continue
        latest += meetings[:1]
        detail = f"'{committee.title}': {len(meetings)} meetings from {start} to {end} (cancelled ones left out)"
        checks.append(SourceCheck(name, "meetings", url, "reachable", "; ".join([detail, *problems])))
    if latest:
        meeting = max(latest, key=lambda m: m.when or date.min)
        problems = []
        papers = site.papers(meeting, problems)
        shown = ", ".join(paper.url for paper in papers[:3]) + (", …" if len(papers) > 3 else "")
        detail = f"meeting {meeting.id} of '{meeting.committee.title}' on {meeting.when}: {len(papers)} documents would be taken"
        result = "unreachable" if problems and not papers else "reachable"
        url = service + f"GetMeeting?lMeetingId={meeting.id}"
        checks.append(SourceCheck(name, "documents", url, result, "; ".join([detail + (f": {shown}" if papers else ""), *problems])))
    return checks


def _detail(exc: Exception) -> str:
    return exc.detail if isinstance(exc, FetchError) else getattr(exc, "problem", str(exc))


def _verdict(probe: Probe) -> tuple[str, str]:
    if probe.error is not None:
        return "unreachable", probe.error
    assert probe.status is not None
    if 300 <= probe.status < 400 and probe.location:
        return "moved", f"HTTP {probe.status} to {probe.location}: update config.yaml"
    if probe.status < 300 or probe.status == 304:
        return "reachable", f"HTTP {probe.status}"
    return "unreachable", f"HTTP {probe.status}"
