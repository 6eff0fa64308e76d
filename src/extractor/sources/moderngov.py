"""Committee papers from a ModernGov site, the system most English councils use.

The web service (`mgWebService.asmx`) gives the structure:
    GetCommittees                                          committees (`committeeid`, `committeetitle`,
                                                           `committeeexpired`, `committeedeleted`)
    GetMeetings?lCommitteeId=&sFromDate=&sToDate=          meetings in a window (`meetingdate` dd/mm/yyyy,
                                                           `meetingstatus`: Confirmed, Cancelled, ...)
    GetMeeting?lMeetingId=                                 agenda items (`agendaitemtitle`) and their
                                                           documents, `<linkeddoc>` elements with
                                                           `attachmentid`, `title`, `url`, `isrestricted`
and the public HTML pages give documents when the service leaves them out:
    ieListDocuments.aspx?CId=&MId=                         the agenda: item titles in `p.mgAiTitleTxt`
                                                           (linking to mgAi.aspx with `a.mgAiTitleLnk`),
                                                           documents in `ul.mgBulletList li a`
    mgAi.aspx?ID=                                          one agenda item, links to its documents
Document links often have no extension (`mgConvert2PDF.aspx?ID=`); the fetcher types them by content.
Link texts carry the file's type and size ("Report PDF 245 KB"), dropped from the title.

Deleted and expired committees and cancelled meetings are not asked for; restricted documents
are not taken. A document is taken when its agenda item's title or its own title matches one of
the keyword patterns, for meetings of the committees of interest in the date window. A failing
meeting or item page costs only that meeting or item. A window with no meetings is an empty result.
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
from . import caps

SERVICE = "mgWebService.asmx"
MEETING_PAGE = "ieListDocuments.aspx"
ITEM_PAGE = "mgAi.aspx"
DATE_FORMAT = "%d/%m/%Y"  # what the web service takes and gives
DOCUMENT_LINK = re.compile(r"(^|/)documents/[a-z]\d+/|mgConvert2PDF\.aspx|\.pdf($|\?)", re.IGNORECASE)
ITEM_LINK = re.compile(r"mgAi\.aspx\?ID=(\d+)", re.IGNORECASE)
FILE_SIZE = re.compile(r"\s*\b(pdf|docx?|xlsx?|pptx?|rtf|html?)?\s*\d+(\.\d+)?\s*[kmg]b\s*$", re.IGNORECASE)
ITEM_NUMBER = re.compile(r"^\s*\d+[a-z]?(?:[.)]\s*|\s*$)")  # '4.', '12a)', a bare '7'; not the year of '2021 Annual Report'
XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
CANCELLED = "cancelled"


@dataclass(frozen=True)
class Committee:
    id: str
    title: str


@dataclass(frozen=True)
class Meeting:
    id: str
    committee: Committee
    when: date | None


@dataclass(frozen=True)
class Linked:
    """A document of an agenda item, as the committee system lists it."""

    url: str
    title: str = ""
    attachment_id: str | None = None


@dataclass
class AgendaItem:
    id: str | None
    title: str
    documents: list[Linked] = field(default_factory=list)


@dataclass(frozen=True)
class Paper:
    """A committee paper to fetch, and what the committee system says about it."""

    url: str
    committee: str
    meeting_date: date | None
    item_title: str
    document_title: str | None = None
    attachment_id: str | None = None


def service_url(system: CommitteeSystem) -> str:
    """The web service's address, ending in '/': every call is this and a method name."""
    return urljoin(system.base_url.rstrip("/") + "/", f"{SERVICE}/")


def window(system: CommitteeSystem, today: date) -> tuple[date, date]:
    """The explicit backfill window when set, else the rolling one ending today."""
    if system.backfill_from is not None:
        return system.backfill_from, system.backfill_to or today
    return today - timedelta(days=system.window_days), today


def discover(
    name: str, system: CommitteeSystem, fetcher: Fetcher, today: date | None = None, until: float | None = None
) -> tuple[list[Paper], list[str]]:
    """Papers of matching agenda items in the window; and what went wrong on the way, one line each.
    `until` (a `time.monotonic()` value) ends discovery early, recorded as a problem."""
    start, end = window(system, today or date.today())
    site = Site(name, system, fetcher)
    papers: dict[str, Paper] = {}
    problems: list[str] = []
    try:
        committees = site.committees_of_interest()
    except (FetchError, SourceError) as exc:
        return [], [_problem(name, "", exc)]
    for committee in committees:
        try:
            meetings = site.meetings(committee, start, end, problems)
        except (FetchError, SourceError) as exc:
            problems.append(_problem(name, f"committee '{committee.title}': ", exc))
            continue
        for index, meeting in enumerate(meetings):
            if caps.past(until):
                problems.append(
                    caps.out_of_time(name, fetcher.settings.max_source_seconds, f"{len(meetings) - index} meetings of '{committee.title}'")
                )
                return list(papers.values()), problems
            for paper in site.papers(meeting, problems):
                papers.setdefault(paper.url, paper)
    return list(papers.values()), problems


class Site:
    """One ModernGov site, asked through the fetcher; problems are appended to the list given."""

    def __init__(self, name: str, system: CommitteeSystem, fetcher: Fetcher) -> None:
        self.name, self.system, self.fetcher = name, system, fetcher
        self.base = system.base_url.rstrip("/") + "/"
        self.limits = fetcher.settings

    def committees_of_interest(self) -> list[Committee]:
        """Committees not deleted nor expired, whose titles name one of `committees` (all when empty)."""
        root = self._xml(f"{SERVICE}/GetCommittees", "committees")
        found = []
        for element in _elements(root, "committee"):
            if _flag(element, "committeedeleted") or _flag(element, "committeeexpired"):
                continue
            committee = Committee(_text(element, "committeeid"), _text(element, "committeetitle", "title"))
            if committee.id and _of_interest(committee, self.system.committees):
                found.append(committee)
        return found

    def meetings(self, committee: Committee, start: date, end: date, problems: list[str]) -> list[Meeting]:
        """Meetings in the window, cancelled ones left out, the most recent first, at most
        `fetch.max_meetings_per_committee`."""
        query = urlencode({"lCommitteeId": committee.id, "sFromDate": start.strftime(DATE_FORMAT), "sToDate": end.strftime(DATE_FORMAT)})
        root = self._xml(f"{SERVICE}/GetMeetings?{query}", "getmeetings")
        found = []
        for element in _elements(root, "meeting"):
            identifier, when = _text(element, "meetingid"), _date(_text(element, "meetingdate"))
            if _text(element, "meetingstatus").lower() == CANCELLED:
                continue
            if identifier and (when is None or start <= when <= end):  # a service that ignores the window
                found.append(Meeting(identifier, committee, when))
        found.sort(key=lambda meeting: meeting.when or date.min, reverse=True)
        limit = self.limits.max_meetings_per_committee
        if len(found) > limit:
            problems.append(
                caps.reached(
                    self.name, f"committee '{committee.title}'", f"{len(found):,} meetings in the window", "max_meetings_per_committee", limit
                )
            )
        return found[:limit]

    def papers(self, meeting: Meeting, problems: list[str]) -> list[Paper]:
        """The meeting's documents whose item or own title matches a keyword; a failing meeting or
        item page is one problem, and the rest goes on."""
        where = f"meeting {meeting.id} of '{meeting.committee.title}'"
        try:
            items = self.agenda(meeting, problems)
        except (FetchError, SourceError) as exc:
            problems.append(_problem(self.name, f"{where}: ", exc))
            return []
        found = []
        for item in items:
            documents = item.documents
            if not documents and _matches(item.title, self.system.keywords):
                try:
                    documents = self.item_documents(item)
                except (FetchError, SourceError) as exc:
                    problems.append(_problem(self.name, f"{where}: item '{item.title}': ", exc))
                    continue
            found += [
                Paper(doc.url, meeting.committee.title, meeting.when, item.title, doc.title or None, doc.attachment_id)
                for doc in documents
                if _matches(item.title, self.system.keywords) or _matches(doc.title, self.system.keywords)
            ]
        return found

    def agenda(self, meeting: Meeting, problems: list[str]) -> list[AgendaItem]:
        """From the web service; from the meeting's public page when the service cannot say."""
        try:
            root = self._xml(f"{SERVICE}/GetMeeting?{urlencode({'lMeetingId': meeting.id})}", "meeting")
        except (FetchError, SourceError):
            return self._capped(meeting, self._agenda_page(meeting), problems)
        items = []
        for element in _elements(root, "agendaitem"):
            if _flag(element, "isrestricted"):
                continue
            documents = [
                Linked(urljoin(self.base, url), _text(document, "title"), _text(document, "attachmentid") or None)
                for document in _elements(element, "linkeddoc")
                if not _flag(document, "isrestricted") and (url := _text(document, "url"))
            ]
            items.append(AgendaItem(_text(element, "agendaitemid") or None, _text(element, "agendaitemtitle"), documents))
        return self._capped(meeting, items, problems)

    def _capped(self, meeting: Meeting, items: list[AgendaItem], problems: list[str]) -> list[AgendaItem]:
        limit = self.limits.max_items_per_meeting
        if len(items) > limit:
            where = f"meeting {meeting.id} of '{meeting.committee.title}'"
            problems.append(caps.reached(self.name, where, f"{len(items):,} agenda items", "max_items_per_meeting", limit))
        return items[:limit]

    def item_documents(self, item: AgendaItem) -> list[Linked]:
        if item.id is None:
            return []
        page = self.fetcher.get_page(urljoin(self.base, f"{ITEM_PAGE}?{urlencode({'ID': item.id})}"))
        return _documents(_links(page.content, page.url)[: self.limits.max_links_per_page])

    def _agenda_page(self, meeting: Meeting) -> list[AgendaItem]:
        """The public agenda: an item starts at each title paragraph (or title link); the document
        links of the bullet lists after it are its documents."""
        query = urlencode({"CId": meeting.committee.id, "MId": meeting.id})
        page = self.fetcher.get_page(urljoin(self.base, f"{MEETING_PAGE}?{query}"))
        tree = _html(page.content)
        items: list[AgendaItem] = []
        for element in tree.iter("p", "a", "ul") if tree is not None else ():
            classes = (element.get("class") or "").split()
            if "mgAiTitleTxt" in classes or ("mgAiTitleLnk" in classes and not _inside_title(element)):
                title = _clean_title(element.text_content())
                if title:
                    link = element if element.tag == "a" else next(element.iter("a"), None)
                    match = ITEM_LINK.search(link.get("href", "")) if link is not None else None
                    items.append(AgendaItem(match.group(1) if match else None, title))
            elif element.tag == "ul" and "mgBulletList" in classes and items:
                anchors = [(urljoin(page.url, a.get("href", "").strip()), _words(a.text_content())) for a in element.iter("a") if a.get("href")]
                items[-1].documents += _documents(anchors[: self.limits.max_links_per_page])
        return items

    def _xml(self, path: str, root_name: str) -> lxml.etree._Element:
        """The service's answer, whose root element must be `root_name` (an HTML page is not an answer)."""
        url = urljoin(self.base, path)
        page = self.fetcher.get_page(url)
        try:
            root = lxml.etree.fromstring(page.content, XML_PARSER)
        except lxml.etree.XMLSyntaxError as exc:
            raise SourceError(self.name, url, f"the web service did not answer with XML ({exc}); is {self.base} a ModernGov site?") from exc
        if _local(root.tag) != root_name:
            found = _local(root.tag) or "no element"
            raise SourceError(self.name, url, f"the answer is <{found}>, not <{root_name}>; is {self.base} a ModernGov site?")
        return root


def _problem(name: str, where: str, exc: FetchError | SourceError) -> str:
    """One line: the source, where in the committee system, the URL and what went wrong."""
    said = f"{exc.url}: {exc.problem}" if isinstance(exc, SourceError) else str(exc)
    return f"source '{name}': {where}{said}"


def _of_interest(committee: Committee, wanted: list[str]) -> bool:
    return not wanted or any(_normal(name) in _normal(committee.title) for name in wanted)


def _matches(title: str, keywords: list[str]) -> bool:
    return bool(title) and any(re.search(keyword, title, re.IGNORECASE) for keyword in keywords)


def _normal(text: str) -> str:
    """'Health & Well-being Board' and 'Health and Wellbeing Board' compare equal."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def _words(text: str) -> str:
    return " ".join(text.split())


def _clean_title(text: str) -> str:
    """An item title without its agenda number ('4. Minutes' -> 'Minutes'); '' for a bare number."""
    return ITEM_NUMBER.sub("", _words(text), count=1).strip()


def _inside_title(element: lxml.html.HtmlElement) -> bool:
    return any("mgAiTitleTxt" in (parent.get("class") or "").split() for parent in element.iterancestors("p"))


def _documents(anchors: list[tuple[str, str]]) -> list[Linked]:
    """Links to documents, titled by their text without the file type and size."""
    return [Linked(url, FILE_SIZE.sub("", text).strip()) for url, text in anchors if DOCUMENT_LINK.search(url)]


def _local(tag: object) -> str:
    """'{http://moderngov.co.uk/namespaces}Committee' -> 'committee'; '' for comments."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _elements(root: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    """Descendants by local name, case-insensitively: the service's namespaces and casing vary."""
    return (element for element in root.iter() if _local(element.tag) == name)


def _text(element: lxml.etree._Element, *names: str) -> str:
    """The text of the first direct child named one of `names` (a child's own, not a descendant's:
    `<url>` also appears under attendees)."""
    for child in element:
        if _local(child.tag) in names:
            return _words("".join(child.itertext()))
    return ""


def _flag(element: lxml.etree._Element, name: str) -> bool:
    return _text(element, name).lower() == "true"


def _date(value: str) -> date | None:
    """'15/02/2022', '15/02/2022 14:00:00' or '2022-02-15T14:00:00'."""
    token = value.strip().split(" ")[0].split("T")[0]
    if not token:
        return None
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(token, fmt).date()
        except ValueError:
            continue
    return None


def _html(content: bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(content)
    except (lxml.etree.ParserError, ValueError):
        return None


def _links(content: bytes, base: str) -> list[tuple[str, str]]:
    tree = _html(content)
    if tree is None:
        return []
    return [(urljoin(base, anchor.get("href", "").strip()), _words(anchor.text_content())) for anchor in tree.iter("a") if anchor.get("href")]
