"""ModernGov committee systems: the matching agenda items' documents for meetings in a date window,
against an imitation of the web service and HTML pages (tests/moderngov_site.py)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pandas as pd

from extractor.config import CommitteeSystem, Source
from extractor.fetch import Fetcher
from extractor.ingest import ingest
from extractor.sources import moderngov
from extractor.store import RawStore
from tests.helpers import CORPUS, fast_fetch, web_settings
from tests.moderngov_site import Item, Meeting, ModernGovSite

PAPER = "worcestershire-2022-02-15-hwb-scp-annual-report-2020-21.pdf"
HWB, AUDIT = 11, 12


def _site(service_gives_meeting: bool = True) -> ModernGovSite:
    return ModernGovSite(
        committees={HWB: "Health & Wellbeing Board", AUDIT: "Audit and Governance Committee"},
        meetings=[
            Meeting(501, HWB, date(2022, 2, 15), [
                Item(9001, "Apologies and Named Substitutes"),
                Item(9002, "Worcestershire Safeguarding Children Partnership Annual Report 2020-21",
                     documents=[("Report", f"documents/s41000/{PAPER}")],
                     page_documents=[("Appendix", "mgConvert2PDF.aspx?ID=41001")]),
                Item(9003, "Public Health Annual Report", documents=[("Report", "documents/s41002/PH.pdf")]),
            ]),
            Meeting(502, HWB, date(2021, 11, 9), [
                Item(9010, "Safeguarding Children Partnership: update on priorities"),  # documents only on mgAi.aspx
            ]),
            Meeting(503, HWB, date(2019, 5, 1), [
                Item(9020, "Safeguarding Children Board Annual Report 2018-19", documents=[("Report", "documents/s30000/old.pdf")]),
            ]),
            Meeting(504, AUDIT, date(2022, 1, 20), [
                Item(9030, "Safeguarding Children Partnership audit", documents=[("Report", "documents/s40000/audit.pdf")]),
            ]),
        ],
        service_gives_meeting=service_gives_meeting,
    )


def _install(server, site: ModernGovSite) -> None:
    site.install(server)
    site.meetings[1].items[0].page_documents.append(("Update", "mgConvert2PDF.aspx?ID=40500"))


def _system(server, **window) -> CommitteeSystem:
    values = {"backfill_from": date(2021, 9, 1), "backfill_to": date(2022, 3, 31), **window}
    return CommitteeSystem(base_url=server.base, committees=["Health and Well-being Board"], **values)


def _discover(tmp_path, server, system, today=None):
    with Fetcher(fast_fetch(tmp_path / "raw"), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        return moderngov.discover("worcestershire", system, fetcher, today)


def test_matching_agenda_items_in_the_window_give_their_documents(tmp_path, server):
    _install(server, _site())
    urls, problems = _discover(tmp_path, server, _system(server))
    assert problems == []
    assert urls == [
        server.url(f"/documents/s41000/{PAPER}"),  # from the web service's linked documents
        server.url("/mgConvert2PDF.aspx?ID=40500"),  # item without linked documents: from its mgAi.aspx page
    ]
    (meetings,) = [r for r in server.requests if "GetMeetings" in r.path]  # only the committee of interest
    assert meetings.query == {"lCommitteeId": str(HWB), "sFromDate": "01/09/2021", "sToDate": "31/03/2022"}
    assert not any("lMeetingId=503" in r.path or "lMeetingId=504" in r.path for r in server.requests)


def test_without_the_meeting_service_the_agenda_comes_from_the_html_pages(tmp_path, server):
    _install(server, _site(service_gives_meeting=False))
    urls, problems = _discover(tmp_path, server, _system(server))
    assert problems == []
    assert urls == [
        server.url(f"/documents/s41000/{PAPER}"),
        server.url("/mgConvert2PDF.aspx?ID=41001"),
        server.url("/mgConvert2PDF.aspx?ID=40500"),
    ]
    assert any(r.path.startswith("/ieListDocuments.aspx?CId=11&MId=501") for r in server.requests)


def test_a_window_with_no_meetings_is_a_valid_empty_result(tmp_path, server):
    _install(server, _site())
    urls, problems = _discover(tmp_path, server, _system(server, backfill_from=date(2023, 1, 1), backfill_to=date(2023, 6, 30)))
    assert urls == [] and problems == []
    assert any("GetMeetings" in r.path for r in server.requests)


def test_the_rolling_window_ends_today():
    system = CommitteeSystem(base_url="https://democracy.example.gov.uk", window_days=30)
    assert moderngov.window(system, date(2024, 3, 31)) == (date(2024, 3, 1), date(2024, 3, 31))
    backfill = system.model_copy(update={"backfill_from": date(2019, 1, 1)})
    assert moderngov.window(backfill, date(2024, 3, 31)) == (date(2019, 1, 1), date(2024, 3, 31))


def test_rolling_window_discovery(tmp_path, server):
    site = _site()
    site.meetings[0].when = date.today() - timedelta(days=10)
    _install(server, site)
    urls, _ = _discover(tmp_path, server, CommitteeSystem(base_url=server.base, committees=["health and wellbeing"], window_days=30))
    assert urls == [server.url(f"/documents/s41000/{PAPER}")]


def test_a_site_that_is_not_moderngov_is_reported(tmp_path, server):
    urls, problems = _discover(tmp_path, server, _system(server))
    assert urls == [] and len(problems) == 1 and "GetCommittees" in problems[0] and "HTTP 404" in problems[0]


def test_committee_papers_to_tables(tmp_path, server):
    _install(server, _site())
    server.file(f"/documents/s41000/{PAPER}", (CORPUS / PAPER).read_bytes())
    server.file("/mgConvert2PDF.aspx?ID=40500", (CORPUS / "wirral-lscb-annual-report-on-a-page-2016-17.pdf").read_bytes(), "application/octet-stream")
    source = Source(area="Worcestershire", enabled=True, committee_systems=[_system(server)])
    settings = web_settings(tmp_path, {"worcestershire": source})
    summary = ingest(settings, source="web")
    documents = pd.read_parquet(settings.out / "documents").set_index("path")
    paper = server.url(f"/documents/s41000/{PAPER}")
    assert documents.loc[paper, "doc_id"] == hashlib.sha256((CORPUS / PAPER).read_bytes()).hexdigest()
    assert documents.loc[server.url("/mgConvert2PDF.aspx?ID=40500"), "content_type"] == "application/pdf"
    assert documents.loc[paper, "n_pages"] > 1 and summary.problems == []
    fetched = set(pd.read_parquet(settings.out / "fetches")["url"])
    assert server.url("/mgWebService.asmx/GetCommittees") in fetched and paper in fetched
