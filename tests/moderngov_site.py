"""A small imitation of a ModernGov site for the error cases, its element names and page layout
those of real sites (compare the real answers in ../shared/realworld/moderngov-lgsf/):

    mgWebService.asmx/GetCommittees                          <committees><committee> committeeid, committeetitle,
                                                             committeedeleted, committeeexpired
    mgWebService.asmx/GetMeetings?lCommitteeId&sFromDate&sToDate   <getmeetings><committee><committeemeetings><meeting>
                                                             meetingid, meetingdate (dd/mm/yyyy), meetingstatus
                                                             (a bad date: HTTP 500, as the real service fails)
    mgWebService.asmx/GetMeeting?lMeetingId                  <meeting><agendaitems><agendaitem> ... <linkeddocuments>
                                                             <linkeddoc> attachmentid, title, url, isrestricted;
                                                             attendees with their own <url>
    ieListDocuments.aspx?CId&MId                             the public agenda: p.mgAiTitleTxt, a.mgAiTitleLnk
                                                             to mgAi.aspx?ID=, ul.mgBulletList li a to documents
    mgAi.aspx?ID=                                            an item page linking to its documents
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from tests.webserver import Reply, Request, WebServer

XML = {"Content-Type": "text/xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAILED = Reply(500, b"Server was unable to process request.", {"Content-Type": "text/plain"})


@dataclass
class Doc:
    title: str
    path: str
    attachment_id: int | None = None
    restricted: bool = False


@dataclass
class Item:
    id: int
    title: str
    documents: list[Doc] = field(default_factory=list)  # in the web service answer and on the agenda page
    page_documents: list[Doc] = field(default_factory=list)  # only on the mgAi.aspx page
    page_fails: bool = False  # mgAi.aspx answers 500


@dataclass
class Meeting:
    id: int
    committee_id: int
    when: date
    items: list[Item]
    status: str = "Confirmed"
    service_fails: bool = False  # GetMeeting answers 500 for this meeting (and, with page_fails, its agenda page too)
    page_fails: bool = False


@dataclass
class ModernGovSite:
    committees: dict[int, str]
    meetings: list[Meeting]
    service_gives_meeting: bool = True  # False: GetMeeting fails, the agenda must come from ieListDocuments.aspx
    expired: set[int] = field(default_factory=set)

    def install(self, server: WebServer, prefix: str = "") -> None:
        service = f"{prefix}/mgWebService.asmx"
        server.route(f"{service}/GetCommittees", lambda request: Reply(200, self._committees(), XML))
        server.route(f"{service}/GetMeetings", self._meetings)
        server.route(f"{service}/GetMeeting", self._meeting)
        server.route(f"{prefix}/ieListDocuments.aspx", self._agenda_page)
        server.route(f"{prefix}/mgAi.aspx", self._item_page)

    def _committees(self) -> bytes:
        rows = "".join(
            f"<committee><committeeid>{cid}</committeeid><committeetitle>{escape(title)}</committeetitle>"
            f"<committeedeleted>False</committeedeleted><committeeexpired>{cid in self.expired}</committeeexpired></committee>"
            for cid, title in self.committees.items()
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><committees><committeescount>{len(self.committees)}</committeescount>{rows}</committees>'.encode()
        )

    def _meetings(self, request: Request) -> Reply:
        try:
            start = datetime.strptime(request.query["sFromDate"], "%d/%m/%Y").date()
            end = datetime.strptime(request.query["sToDate"], "%d/%m/%Y").date()
            committee = int(request.query["lCommitteeId"])
        except (KeyError, ValueError):
            return Reply(500, b"System.FormatException: String was not recognized as a valid DateTime.", {"Content-Type": "text/plain"})
        rows = "".join(
            f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{m.when:%d/%m/%Y}</meetingdate>"
            f"<meetingstatus>{m.status}</meetingstatus><meetingtime>2.00 pm</meetingtime></meeting>"
            for m in self.meetings
            if m.committee_id == committee and start <= m.when <= end
        )
        title = escape(self.committees.get(committee, ""))
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>{committee}</committeeid>'
            f"<committeetitle>{title}</committeetitle><committeemeetings>{rows}</committeemeetings></committee></getmeetings>"
        )
        return Reply(200, body.encode(), XML)

    def _meeting(self, request: Request) -> Reply:
        meeting = self._find(request.query.get("lMeetingId"))
        if meeting is None or not self.service_gives_meeting or meeting.service_fails:
            return FAILED
        items = "".join(
            f"<agendaitem><agendaitemid>{item.id}</agendaitemid><agendaitemtitle>{escape(item.title)}</agendaitemtitle>"
            "<isrestricted>False</isrestricted><linkeddocuments>"
            + "".join(
                f"<linkeddoc><attachmentid>{d.attachment_id or ''}</attachmentid><title>{escape(d.title)}</title>"
                f"<isurl>False</isurl><url>{escape(d.path)}</url><isrestricted>{d.restricted}</isrestricted></linkeddoc>"
                for d in item.documents
            )
            + "</linkeddocuments></agendaitem>"
            for item in meeting.items
        )
        attendees = '<attendees><attendee memberid="1" name="Councillor A. Member"><url>mgUserInfo.aspx?UID=1</url></attendee></attendees>'
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>{meeting.id}</meetingid>'
            f"<meetingdate>{meeting.when:%d/%m/%Y}</meetingdate><meetingstatus>{meeting.status}</meetingstatus>"
            f"<agendaitems>{items}</agendaitems>{attendees}</meeting>"
        )
        return Reply(200, body.encode(), XML)

    def _agenda_page(self, request: Request) -> Reply:
        meeting = self._find(request.query.get("MId"))
        if meeting is None:
            return Reply(404, b"<html><title>Not found</title></html>", HTML)
        if meeting.page_fails:
            return FAILED
        rows = "".join(
            f'<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">{n}.</p></td><td>'
            f'<p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="mgAi.aspx?ID={item.id}">{escape(item.title)}</a></p>'
            '<div class="mgWordPara"><p>A report of the director.</p></div>'
            + (
                '<ul class="mgBulletList">'
                + "".join(
                    f'<li><a href="{escape(d.path)}" title="Link to document">{escape(d.title)} PDF 245 KB</a></li>'
                    for d in item.documents
                    if not d.restricted
                )
                + "</ul>"
                if item.documents
                else ""
            )
            + "</td></tr>"
            for n, item in enumerate(meeting.items, 1)
        )
        page = (
            '<html><head><title>Agenda</title></head><body><a href="mgListCommittees.aspx">Committees</a>'
            f'<table class="mgItemTable">{rows}</table><a href="mgConvert2PDF.aspx?ID=1">Printed agenda PDF 1 MB</a></body></html>'
        )
        return Reply(200, page.encode(), HTML)

    def _item_page(self, request: Request) -> Reply:
        item = next((i for m in self.meetings for i in m.items if str(i.id) == request.query.get("ID")), None)
        if item is None:
            return Reply(404, b"<html><title>Not found</title></html>", HTML)
        if item.page_fails:
            return FAILED
        links = "".join(f'<li><a href="{escape(d.path)}">{escape(d.title)} PDF 120 KB</a></li>' for d in item.documents + item.page_documents)
        page = f'<html><head><title>{escape(item.title)}</title></head><body><a href="mgListCommittees.aspx">Committees</a><ul class="mgBulletList">{links}</ul></body></html>'
        return Reply(200, page.encode(), HTML)

    def _find(self, meeting_id: str | None) -> Meeting | None:
        return next((m for m in self.meetings if str(m.id) == meeting_id), None)
