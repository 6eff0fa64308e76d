"""The ModernGov adapter against a real web service's answers (Manchester's, as kept by the LGSF
project in ../shared/realworld/moderngov-lgsf/), served byte for byte on 127.0.0.1 with only the
two document URLs pointed at the test server: both documents discovered, fetched and ingested,
with what the committee system says about them in the documents table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from extractor.config import CommitteeSystem, Source
from extractor.fetch import Fetcher
from extractor.ingest import ingest
from extractor.sources import moderngov
from extractor.store import RawStore
from tests.helpers import CORPUS, REALWORLD, fast_fetch, web_settings
from tests.webserver import Reply

FIXTURES = REALWORLD / "moderngov-lgsf"
REAL_BASE = "https://democracy.manchester.gov.uk/"
XML = {"Content-Type": "text/xml; charset=utf-8"}
MINUTES, PROGRAMME = "mgConvert2PDF.aspx?ID=60860", "mgConvert2PDF.aspx?ID=60909"
PDF = "wirral-lscb-annual-report-on-a-page-2016-17.pdf"
# a paper that names no partnership and no meeting: what the source knows must fill the row
PLAIN = b"Forward plan of the committee\n\nReports due at the next three sessions: internal audit progress, risk register review.\n"

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"the real ModernGov answers are not at {FIXTURES} (set EXTRACTOR_SHARED to the shared folder)"
)


def _serve(server) -> None:
    def real(name: str) -> bytes:
        data = (FIXTURES / name).read_bytes()
        for document in (MINUTES, PROGRAMME):  # the only change: the document URLs point here
            data = data.replace((REAL_BASE + document).encode(), server.url("/" + document).encode())
        return data

    service = "/mgWebService.asmx"
    server.route(f"{service}/GetCommittees", Reply(200, real("committees.xml"), XML))
    server.route(f"{service}/GetMeetings", Reply(200, real("meetings.xml"), XML))
    server.route(f"{service}/GetMeeting?lMeetingId=4967", Reply(200, real("meeting_with_minutes.xml"), XML))
    server.route(f"{service}/GetMeeting?lMeetingId=4966", Reply(200, real("meeting_no_minutes.xml"), XML))
    server.file("/" + MINUTES, (CORPUS / PDF).read_bytes(), "application/octet-stream")
    server.file("/" + PROGRAMME, PLAIN, "text/plain")


def _system(server, keywords) -> CommitteeSystem:
    return CommitteeSystem(
        base_url=server.base,
        committees=["Audit Committee", "Appointment Sub Committee"],
        keywords=keywords,
        backfill_from=date(2026, 1, 1),
        backfill_to=date(2026, 3, 31),
    )


def test_real_answers_give_both_documents_with_their_meeting_and_attachment_ids(tmp_path, server):
    _serve(server)
    with Fetcher(fast_fetch(tmp_path / "raw"), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        papers, problems = moderngov.discover("manchester", _system(server, ["minutes", "work programme"]), fetcher)
    assert problems == []
    assert [(p.url, p.attachment_id, p.item_title, p.committee, p.meeting_date) for p in papers] == [
        (server.url("/" + MINUTES), "60860", "Minutes", "Audit Committee", date(2026, 2, 10)),
        (server.url("/" + PROGRAMME), "60909", "Work Programme", "Audit Committee", date(2026, 2, 10)),
    ]
    asked = [r.path for r in server.requests]
    assert not any("lCommitteeId=312" in path for path in asked)  # expired: not asked for
    assert not any("lCommitteeId=163" in path for path in asked)  # not of interest
    assert not any("lMeetingId=4966" in path for path in asked)  # cancelled: not asked for
    assert not any("mgUserInfo" in path for path in asked)  # an attendee's <url> is not a document


def test_a_document_is_taken_when_its_own_title_matches(tmp_path, server):
    _serve(server)
    with Fetcher(fast_fetch(tmp_path / "raw"), ["127.0.0.1"], RawStore(tmp_path / "raw")) as fetcher:
        papers, _ = moderngov.discover("manchester", _system(server, ["draft wp"]), fetcher)
    assert [(p.attachment_id, p.document_title) for p in papers] == [("60909", "DRAFT WP FEBRUARY 2026")]


def test_real_answers_to_tables(tmp_path, server):
    _serve(server)
    source = Source(area="Manchester", enabled=True, committee_systems=[_system(server, ["minutes", "work programme"])])
    settings = web_settings(tmp_path, {"manchester": source})
    summary = ingest(settings, source="web")
    assert summary.problems == [] and summary.counts["ok"] == 2, summary.line()
    documents = pd.read_parquet(settings.out / "documents").set_index("path")
    minutes, programme = documents.loc[server.url("/" + MINUTES)], documents.loc[server.url("/" + PROGRAMME)]
    for row, attachment, item in ((minutes, "60860", "Minutes"), (programme, "60909", "Work Programme")):
        assert (row["committee"], row["agenda_item"], row["attachment_id"], row["source_area"]) == ("Audit Committee", item, attachment, "Manchester")
        assert row["committee_meeting_date"] == date(2026, 2, 10)
    # the annual report on a page names its own partnership; the forward plan names none
    assert (minutes["partnership_area"], minutes["partnership_from"]) == ("Wirral", "text")
    assert (programme["partnership_area"], programme["partnership_from"]) == ("Manchester", "source")
    assert (programme["meeting_date"], programme["meeting_body"], programme["meeting_from"]) == (date(2026, 2, 10), "Audit Committee", "source")
    assert minutes["content_type"] == "application/pdf" and programme["content_type"] == "text/plain"
