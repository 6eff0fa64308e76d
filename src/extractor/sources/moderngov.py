"""Committee papers from a ModernGov site, the system most English councils use.

The web service (`mgWebService.asmx`) gives the structure:
    GetCommittees                                          committees (id, title)
    GetMeetings?lCommitteeId=&sFromDate=&sToDate=          meetings in a window, dates as dd/mm/yyyy
    GetMeeting?lMeetingId=                                 agenda items and their linked documents
and the HTML pages give documents when the service leaves them out:
    ieListDocuments.aspx?CId=&MId=                         a meeting's agenda, items linking to mgAi.aspx
    mgAi.aspx?ID=                                          one agenda item, links to its documents
Document links often have no extension (`mgConvert2PDF.aspx?ID=`); the fetcher types them by content.

Only agenda items whose titles match one of the keyword patterns are taken, for meetings of the
committees of interest in the date window. A window with no meetings is an empty result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode, urljoin

import lxml.etree
import lxml.html

from ..config import CommitteeSystem
from ..errors import FetchError, SourceError
from ..fetch import Fetcher

SERVICE = "mgWebService.asmx"
MEETING_PAGE = "ieListDocuments.aspx"
ITEM_PAGE = "mgAi.aspx"
DATE_FORMAT = "%d/%m/%Y"  # what the web service takes and gives
DOCUMENT_LINK = re.compile(r"(^|/)documents/[a-z]\d+/|mgConvert2PDF\.aspx|\.pdf($|\?)", re.IGNORECASE)
ITEM_LINK = re.compile(r"mgAi\.aspx\?ID=(\d+)", re.IGNORECASE)
XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Committee:
    id: str
    title: str


@dataclass(frozen=True)
class Meeting:
    id: str
    committee: Committee
    when: date | None


@dataclass
class AgendaItem:
    id: str | None
    title: str
    documents: list[str] = field(default_factory=list)


def window(system: CommitteeSystem, today: date) -> tuple[date, date]:
    """The explicit backfill window when set, else the rolling one ending today."""
    if system.backfill_from is not None:
        return system.backfill_from, system.backfill_to or today
    return today - timedelta(days=system.window_days), today


def discover(name: str, system: CommitteeSystem, fetcher: Fetcher, today: date | None = None) -> tuple[list[str], list[str]]:
    """Document URLs of matching agenda items in the window; and what went wrong on the way."""
    start, end = window(system, today or date.today())
    site = _Site(name, system, fetcher)
    urls: dict[str, None] = {}
    problems: list[str] = []
    try:
        committees = [c for c in site.committees() if _of_interest(c, system.committees)]
        for committee in committees:
            for meeting in site.meetings(committee, start, end):
                try:
                    for item in site.agenda(meeting):
                        if _matches(item.title, system.keywords):
                            urls.update(dict.fromkeys(item.documents or site.item_documents(item)))
                except (FetchError, SourceError) as exc:
                    problems.append(f"source '{name}': meeting {meeting.id}: {exc}")
    except (FetchError, SourceError) as exc:
        problems.append(f"source '{name}': {exc}")
    return list(urls), problems


class _Site:
    def __init__(self, name: str, system: CommitteeSystem, fetcher: Fetcher) -> None:
        self.name, self.fetcher = name, fetcher
        self.base = system.base_url.rstrip("/") + "/"

    def committees(self) -> list[Committee]:
        root = self._xml(f"{SERVICE}/GetCommittees")
        found = []
        for element in _elements(root, "committee"):
            if _text(element, "committeedeleted").lower() == "true":
                continue
            identifier, title = _text(element, "committeeid"), _text(element, "committeetitle", "title")
            if identifier:
                found.append(Committee(identifier, title))
        return found

    def meetings(self, committee: Committee, start: date, end: date) -> list[Meeting]:
        query = urlencode({"lCommitteeId": committee.id, "sFromDate": start.strftime(DATE_FORMAT), "sToDate": end.strftime(DATE_FORMAT)})
        root = self._xml(f"{SERVICE}/GetMeetings?{query}")
        found = []
        for element in _elements(root, "meeting"):
            identifier, when = _text(element, "meetingid"), _date(_text(element, "meetingdate"))
            if identifier and (when is None or start <= when <= end):  # a service that ignores the window
                found.append(Meeting(identifier, committee, when))
        return found

    def agenda(self, meeting: Meeting) -> list[AgendaItem]:
        """From the web service; from the meeting's HTML page when the service cannot say."""
        try:
            root = self._xml(f"{SERVICE}/GetMeeting?{urlencode({'lMeetingId': meeting.id})}")
        except (FetchError, SourceError):
            return self._agenda_page(meeting)
        items = []
        for element in _elements(root, "agendaitem"):
            documents = [
                urljoin(self.base, url)
                for document in _elements(element, "linkeddocument")
                if (url := _text(document, "url", "documenturl", "link"))
            ]
            items.append(AgendaItem(_text(element, "agendaitemid") or None, _text(element, "agendaitemtitle", "title"), documents))
        return items

    def item_documents(self, item: AgendaItem) -> list[str]:
        if item.id is None:
            return []
        page = self.fetcher.get_page(urljoin(self.base, f"{ITEM_PAGE}?{urlencode({'ID': item.id})}"))
        return [url for url, _ in _links(page.content, page.url) if DOCUMENT_LINK.search(url)]

    def _agenda_page(self, meeting: Meeting) -> list[AgendaItem]:
        query = urlencode({"CId": meeting.committee.id, "MId": meeting.id})
        page = self.fetcher.get_page(urljoin(self.base, f"{MEETING_PAGE}?{query}"))
        items: dict[str, AgendaItem] = {}
        for url, text in _links(page.content, page.url):
            match = ITEM_LINK.search(url)
            if match and text:
                items.setdefault(match.group(1), AgendaItem(match.group(1), text))
        return list(items.values())

    def _xml(self, path: str) -> lxml.etree._Element:
        url = urljoin(self.base, path)
        page = self.fetcher.get_page(url)
        try:
            return lxml.etree.fromstring(page.content, XML_PARSER)
        except lxml.etree.XMLSyntaxError as exc:
            raise SourceError(self.name, url, f"the web service did not answer with XML ({exc}); is {self.base} a ModernGov site?") from exc


def _of_interest(committee: Committee, wanted: list[str]) -> bool:
    return not wanted or any(_normal(name) in _normal(committee.title) for name in wanted)


def _matches(title: str, keywords: list[str]) -> bool:
    return any(re.search(keyword, title, re.IGNORECASE) for keyword in keywords)


def _normal(text: str) -> str:
    """'Health & Well-being Board' and 'Health and Wellbeing Board' compare equal."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def _local(tag: object) -> str:
    return lxml.etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _elements(root: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    """Descendants by local name, case-insensitively: the service's namespaces and casing vary."""
    return (element for element in root.iter() if _local(element.tag) == name)


def _text(element: lxml.etree._Element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names:
            return " ".join("".join(child.itertext()).split())
    return ""


def _date(value: str) -> date | None:
    """'15/02/2022', '15/02/2022 14:00:00' or '2022-02-15T14:00:00'."""
    token = value.strip().split(" ")[0].split("T")[0]
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(token, fmt).date()
        except ValueError:
            continue
    return None


def _links(content: bytes, base: str) -> list[tuple[str, str]]:
    try:
        tree = lxml.html.fromstring(content)
    except (lxml.etree.ParserError, ValueError):
        return []
    return [
        (urljoin(base, anchor.get("href", "").strip()), " ".join(anchor.text_content().split()))
        for anchor in tree.iter("a")
        if anchor.get("href")
    ]
