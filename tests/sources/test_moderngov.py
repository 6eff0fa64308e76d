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
from tests.moderngov_site import Doc, Item, Meeting, ModernGovSite
from tests.webserver import Reply

PAPER = "worcestershire-2022-02-15-hwb-scp-annual-report-2020-21.pdf"
HWB, AUDIT = 11, 12


def _site(service_gives_meeting: bool = True) -> ModernGovSite:
    return ModernGovSite(
        committees={HWB: "Health & Wellbeing Board", AUDIT: "Audit and Governance Committee"},
        meetings=[
            Meeting(
                501,
                HWB,
                date(2022, 2, 15),
                [
                    Item(9001, "Apologies and Named Substitutes"),
                    Item(
                        9002,
                        "Worcestershire Safeguarding Children Partnership Annual Report 2020-21",
                        documents=[
                            Doc("Report", f"documents/s41000/{PAPER}", 41000),
                            Doc("Exempt appendix", "documents/s41009/x.pdf", 41009, restricted=True),
                        ],
                        page_documents=[Doc("Appendix", "mgConvert2PDF.aspx?ID=41001")],
                    ),
                    Item(9003, "Public Health Annual Report", documents=[Doc("Report", "documents/s41002/PH.pdf", 41002)]),
                ],
            ),
            Meeting(
                502,
                HWB,
                date(2021, 11, 9),
                [
                    Item(9010, "Safeguarding Children Partnership: update on priorities"),  # documents only on mgAi.aspx
                ],
            ),
            Meeting(
                503,
                HWB,
                date(2019, 5, 1),
                [
                    Item(9020, "Safeguarding Children Board Annual Report 2018-19", documents=[Doc("Report", "documents/s30000/old.pdf")]),
                ],
            ),
            Meeting(
                504,
                AUDIT,
                date(2022, 1, 20),
                [
                    Item(9030, "Safeguarding Children Partnership audit", documents=[Doc("Report", "documents/s40000/audit.pdf")]),
                ],
            ),
        ],
        service_gives_meeting=service_gives_meeting,
    )


def _install(server, site: ModernGovSite) -> None:
    site.install(server)
    site.meetings[1].items[0].page_documents.append(Doc("Update", "mgConvert2PDF.aspx?ID=40500"))


def _system(server, **window) -> CommitteeSystem:
    values = {"backfill_from": date(2021, 9, 1), "backfill_to": date(2022, 3, 31), "committees": ["Health and Well-being Board"], **window}
    return CommitteeSystem(base_url=server.base, **values)


def _discover(tmp_path, server, system, today=None, **fetch):
    with Fetcher(fast_fetch(tmp_path / "raw", **fetch), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        papers, problems = moderngov.discover("worcestershire", system, fetcher, today)
    return [paper.url for paper in papers], problems


def test_matching_agenda_items_in_the_window_give_their_documents(tmp_path, server):
    _install(server, _site())
    urls, problems = _discover(tmp_path, server, _system(server))
    assert problems == []
    assert urls == [
        server.url(f"/documents/s41000/{PAPER}"),  # from the web service's linked documents (the restricted one left out)
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
        server.url(f"/documents/s41000/{PAPER}"),  # in the item's bullet list (the printed agenda's link is no item's)
        server.url("/mgConvert2PDF.aspx?ID=40500"),  # no bullet list: from the item's page
    ]
    assert any(r.path.startswith("/ieListDocuments.aspx?CId=11&MId=501") for r in server.requests)
    assert server.seen("/mgAi.aspx?ID=9002") == []  # its documents were on the agenda page
    assert len(server.seen("/mgWebService.asmx/GetMeeting?lMeetingId=501")) == 2  # fetch.page_retries (1), then the page


def test_the_public_agenda_page_layout():
    """Titles in p.mgAiTitleTxt (numbers in their own cell), item links a.mgAiTitleLnk, documents in
    ul.mgBulletList with the file type and size in the link text."""
    page = b"""<html><body><table class="mgItemTable">
    <tr><td><p class="mgAiTitleTxt">3.</p></td><td><p class="mgAiTitleTxt">Declarations of interest</p></td></tr>
    <tr><td><p class="mgAiTitleTxt">4.</p></td><td><p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="mgAi.aspx?ID=77">
      Children's Partnership yearly review 2030</a></p>
      <ul class="mgBulletList"><li><a href="documents/s900/Review.pdf">Yearly review, item 4 PDF 1.2 MB</a></li>
      <li><a href="mgConvert2PDF.aspx?ID=901">Appendix A - figures PDF 88 KB</a></li>
      <li><a href="mgIssueHistoryHome.aspx?IId=5">Issue history</a></li></ul></td></tr>
    <tr><td><p class="mgAiTitleTxt">2030 budget outlook</p></td></tr></table></body></html>"""
    site = moderngov.Site("anytown", CommitteeSystem(base_url="https://democracy.anytown.example"), _PageFetcher(page))
    meeting = moderngov.Meeting("1", moderngov.Committee("5", "Cabinet"), date(2030, 6, 1))
    items = site._agenda_page(meeting)
    assert [(item.id, item.title) for item in items] == [
        (None, "Declarations of interest"),
        ("77", "Children's Partnership yearly review 2030"),
        (None, "2030 budget outlook"),
    ]
    assert [(d.url, d.title) for d in items[1].documents] == [
        ("https://democracy.anytown.example/documents/s900/Review.pdf", "Yearly review, item 4"),
        ("https://democracy.anytown.example/mgConvert2PDF.aspx?ID=901", "Appendix A - figures"),
    ]


class _PageFetcher:
    """Answers every page with the same bytes: for the parsing of one page."""

    def __init__(self, content: bytes) -> None:
        from extractor.config import Fetch

        self.content, self.settings = content, Fetch()

    def get_page(self, url):
        from extractor.fetch import Page

        return Page(url, 200, self.content, "text/html")


def test_a_failing_item_page_costs_only_that_item(tmp_path, server):
    site = _site()
    site.meetings[1].items = [
        Item(9011, "Safeguarding Children Partnership: priorities", page_fails=True),
        Item(9012, "Safeguarding Children Partnership: audit", page_documents=[Doc("Audit", "mgConvert2PDF.aspx?ID=40600")]),
    ]
    _install(server, site)
    urls, problems = _discover(tmp_path, server, _system(server))
    assert server.url("/mgConvert2PDF.aspx?ID=40600") in urls and server.url(f"/documents/s41000/{PAPER}") in urls
    (problem,) = problems
    assert "meeting 502" in problem and "item 'Safeguarding Children Partnership: priorities'" in problem and "HTTP 500" in problem


def test_a_failing_meeting_costs_only_that_meeting(tmp_path, server):
    site = _site()
    site.meetings[0].service_fails = site.meetings[0].page_fails = True
    _install(server, site)
    urls, problems = _discover(tmp_path, server, _system(server))
    assert urls == [server.url("/mgConvert2PDF.aspx?ID=40500")]  # meeting 502 still read
    (problem,) = problems
    assert problem.startswith("source 'worcestershire': meeting 501 of 'Health & Wellbeing Board'") and "ieListDocuments.aspx" in problem


def test_expired_committees_and_cancelled_meetings_are_not_asked_for(tmp_path, server):
    site = _site()
    site.expired = {AUDIT}
    site.meetings[1].status = "Cancelled"
    _install(server, site)
    urls, problems = _discover(tmp_path, server, _system(server, committees=[]))
    assert urls == [server.url(f"/documents/s41000/{PAPER}")] and problems == []
    assert not any(f"lCommitteeId={AUDIT}" in r.path for r in server.requests)
    assert not any("lMeetingId=502" in r.path or "MId=502" in r.path for r in server.requests)


def test_a_huge_meeting_list_is_read_up_to_the_cap_most_recent_first(tmp_path, server):
    """An answer of 5,000 meetings in the window: only fetch.max_meetings_per_committee are asked for."""
    site = _site()
    site.meetings += [Meeting(10_000 + n, HWB, date(2021, 9, 1) + timedelta(days=n % 100), []) for n in range(5_000)]
    _install(server, site)
    urls, problems = _discover(tmp_path, server, _system(server), max_meetings_per_committee=5)
    asked = [r.query["lMeetingId"] for r in server.requests if "GetMeeting?" in r.path]
    assert len(asked) == 5 and "501" in asked  # 15 February 2022, the most recent
    assert urls == [server.url(f"/documents/s41000/{PAPER}")]
    (problem,) = problems
    assert "5,002 meetings in the window" in problem and "only the first 5 taken (fetch.max_meetings_per_committee)" in problem


def test_a_meeting_with_too_many_items_is_read_up_to_the_cap(tmp_path, server):
    site = _site()
    site.meetings[0].items = [
        Item(20_000 + n, f"Safeguarding partnership item {n}", documents=[Doc("R", f"documents/s{n}/r.pdf")]) for n in range(300)
    ]
    _install(server, site)
    urls, problems = _discover(tmp_path, server, _system(server), max_items_per_meeting=10)
    assert len([u for u in urls if "/documents/s" in u]) == 10
    assert any("300 agenda items" in p and "fetch.max_items_per_meeting" in p for p in problems)


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
    for page, says in [
        (b"<html><body><p>Welcome<br></body></html>", "the web service did not answer with XML"),
        (b"<html><body>Welcome</body></html>", "the answer is <html>, not <committees>"),
    ]:
        server.route("/mgWebService.asmx/GetCommittees", Reply(200, page, {"Content-Type": "text/html"}))
        urls, problems = _discover(tmp_path, server, _system(server))
        assert urls == [] and len(problems) == 1
        assert problems[0].startswith(f"source 'worcestershire': {server.url('/mgWebService.asmx/GetCommittees')}: {says}")
        assert problems[0].endswith(f"is {server.base}/ a ModernGov site?")


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
    row = documents.loc[paper]
    assert (row["committee"], row["committee_meeting_date"], row["attachment_id"], row["source_area"]) == (
        "Health & Wellbeing Board",
        date(2022, 2, 15),
        "41000",
        "Worcestershire",
    )
    assert row["agenda_item"] == "Worcestershire Safeguarding Children Partnership Annual Report 2020-21"
    page_only = documents.loc[server.url("/mgConvert2PDF.aspx?ID=40500")]  # from an item page: no attachment id
    assert page_only["committee_meeting_date"] == date(2021, 11, 9) and pd.isna(page_only["attachment_id"])
    fetched = set(pd.read_parquet(settings.out / "fetches")["url"])
    assert server.url("/mgWebService.asmx/GetCommittees") in fetched and paper in fetched


def test_an_answer_of_20000_undated_meetings_asks_for_no_more_than_the_cap(tmp_path, server):
    """The flood as an attacker would send it: one GetMeetings answer of undated meetings. Read up
    to fetch.max_page_bytes, then at most fetch.max_meetings_per_committee asked for; a bigger
    answer is not read at all."""
    import time

    from tests.moderngov_site import XML
    from tests.webserver import Reply

    _install(server, _site())
    flood = "".join(f"<meeting><meetingid>{n}</meetingid><meetingdate></meetingdate></meeting>" for n in range(20_000))
    body = f"<getmeetings><committee><committeemeetings>{flood}</committeemeetings></committee></getmeetings>".encode()
    server.route("/mgWebService.asmx/GetMeetings", Reply(200, body, XML))
    started = time.monotonic()
    _, problems = _discover(tmp_path, server, _system(server), max_meetings_per_committee=3)
    print(f"20,000 undated meetings: stopped at 3 in {time.monotonic() - started:.2f} s")
    assert len([r for r in server.requests if r.path.startswith("/mgWebService.asmx/GetMeeting?")]) <= 3 * 2  # with one retry each
    assert any("20,000 meetings in the window" in p and "fetch.max_meetings_per_committee" in p for p in problems)
    server.requests.clear()
    _, problems = _discover(tmp_path, server, _system(server), max_page_bytes=len(body) // 2)
    assert not any("GetMeeting?" in r.path for r in server.requests)
    (problem,) = problems
    assert "GetMeetings" in problem and "fetch.max_page_bytes" in problem
