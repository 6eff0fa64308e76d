"""A small imitation of a ModernGov site, written from the public description of its endpoints:

    mgWebService.asmx/GetCommittees                          <committees><committee>...
    mgWebService.asmx/GetMeetings?lCommitteeId&sFromDate&sToDate   dates dd/mm/yyyy (else HTTP 500,
                                                             as the real service fails on bad input)
    mgWebService.asmx/GetMeeting?lMeetingId                  <meeting><agenda><agendaitem>... <linkeddocuments>
    ieListDocuments.aspx?CId&MId                             the agenda page, items linking to mgAi.aspx?ID=
    mgAi.aspx?ID=                                            an item page linking to its documents
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from tests.webserver import Reply, Request, WebServer

XML = {"Content-Type": "text/xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass
class Item:
    id: int
    title: str
    documents: list[tuple[str, str]] = field(default_factory=list)  # (title, path) in the web service answer
    page_documents: list[tuple[str, str]] = field(default_factory=list)  # only on the mgAi.aspx page


@dataclass
class Meeting:
    id: int
    committee_id: int
    when: date
    items: list[Item]


@dataclass
class ModernGovSite:
    committees: dict[int, str]
    meetings: list[Meeting]
    service_gives_meeting: bool = True  # False: GetMeeting fails, the agenda must come from ieListDocuments.aspx

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
            f"<committeedeleted>False</committeedeleted></committee>"
            for cid, title in self.committees.items()
        )
        return f'<?xml version="1.0" encoding="utf-8"?><committees xmlns="http://moderngov.co.uk/namespaces">{rows}</committees>'.encode()

    def _meetings(self, request: Request) -> Reply:
        try:
            start = datetime.strptime(request.query["sFromDate"], "%d/%m/%Y").date()
            end = datetime.strptime(request.query["sToDate"], "%d/%m/%Y").date()
            committee = int(request.query["lCommitteeId"])
        except (KeyError, ValueError):
            return Reply(500, b"System.FormatException: String was not recognized as a valid DateTime.", {"Content-Type": "text/plain"})
        rows = "".join(
            f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{m.when:%d/%m/%Y}</meetingdate><meetingtime>14:00</meetingtime></meeting>"
            for m in self.meetings
            if m.committee_id == committee and start <= m.when <= end
        )
        return Reply(200, f'<?xml version="1.0" encoding="utf-8"?><getmeetings><meetings>{rows}</meetings></getmeetings>'.encode(), XML)

    def _meeting(self, request: Request) -> Reply:
        meeting = self._find(request.query.get("lMeetingId"))
        if meeting is None or not self.service_gives_meeting:
            return Reply(500, b"Server was unable to process request.", {"Content-Type": "text/plain"})
        items = "".join(
            f"<agendaitem><agendaitemid>{item.id}</agendaitemid><agendaitemtitle>{escape(item.title)}</agendaitemtitle>"
            "<linkeddocuments>"
            + "".join(f"<linkeddocument><title>{escape(t)}</title><url>{escape(p)}</url></linkeddocument>" for t, p in item.documents)
            + "</linkeddocuments></agendaitem>"
            for item in meeting.items
        )
        body = f'<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>{meeting.id}</meetingid><agenda>{items}</agenda></meeting>'
        return Reply(200, body.encode(), XML)

    def _agenda_page(self, request: Request) -> Reply:
        meeting = self._find(request.query.get("MId"))
        if meeting is None:
            return Reply(404, b"<html><title>Not found</title></html>", HTML)
        items = "".join(f'<li><a href="mgAi.aspx?ID={item.id}">{escape(item.title)}</a></li>' for item in meeting.items)
        return Reply(200, f"<html><head><title>Agenda</title></head><body><ol>{items}</ol></body></html>".encode(), HTML)

    def _item_page(self, request: Request) -> Reply:
        item = next((i for m in self.meetings for i in m.items if str(i.id) == request.query.get("ID")), None)
        if item is None:
            return Reply(404, b"<html><title>Not found</title></html>", HTML)
        links = "".join(f'<li><a href="{escape(p)}">{escape(t)}</a></li>' for t, p in item.documents + item.page_documents)
        page = f'<html><head><title>{escape(item.title)}</title></head><body><a href="mgListCommittees.aspx">Committees</a><ul>{links}</ul></body></html>'
        return Reply(200, page.encode(), HTML)

    def _find(self, meeting_id: str | None) -> Meeting | None:
        return next((m for m in self.meetings if str(m.id) == meeting_id), None)
