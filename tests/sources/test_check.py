"""`extractor sources check`: each source followed as a run would (documents probed, listings read,
committee systems through committees, meetings and one meeting's documents), and
`ingest --source web`, whose exit code says whether every source could be read."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import yaml
from typer.testing import CliRunner

from extractor.cli import app
from extractor.config import CommitteeSystem, Listing, Source
from extractor.sources.configured import check
from tests.helpers import CORPUS, web_settings
from tests.moderngov_site import Doc, Item, Meeting, ModernGovSite
from tests.webserver import Reply

runner = CliRunner()
PDF = "wirral-lscb-annual-report-on-a-page-2016-17.pdf"
LISTING = (
    b'<html><body><a href="/docs/a.pdf">Yearly report 2030</a> <a href="/docs/b.pdf">Yearly report 2029</a> <a href="/about">About</a></body></html>'
)


def _system(server) -> CommitteeSystem:
    return CommitteeSystem(
        base_url=server.base, committees=["Cabinet"], keywords=["partnership"], backfill_from=date(2030, 1, 1), backfill_to=date(2030, 12, 31)
    )


def _sources(server) -> dict[str, Source]:
    return {
        "here": Source(
            area="Here",
            enabled=True,
            documents=[server.url("/report.pdf")],
            listings=[Listing(url=server.url("/old-reports/")), Listing(url=server.url("/reports/"))],
            committee_systems=[_system(server)],
        ),
        "gone": Source(area="Gone", enabled=True, documents=[server.url("/missing.pdf")]),
        "later": Source(area="Later", enabled=False, documents=[server.url("/report.pdf")]),
    }


def _serve(server) -> None:
    server.file("/report.pdf", (CORPUS / PDF).read_bytes())
    server.route("/old-reports/", Reply(301, headers={"Location": "/about/reports/"}))
    server.route("/reports/", Reply(200, LISTING, {"Content-Type": "text/html"}))
    ModernGovSite(
        committees={1: "Cabinet", 2: "Planning"},
        meetings=[
            Meeting(10, 1, date(2030, 3, 4), [Item(100, "Partnership yearly report", documents=[Doc("Report", "documents/s1/r.pdf", 1)])]),
            Meeting(11, 1, date(2030, 6, 5), [Item(110, "Budget"), Item(111, "Partnership plan", documents=[Doc("Plan", "documents/s2/p.pdf", 2)])]),
        ],
    ).install(server)


def test_each_source_is_followed_as_a_run_would_and_reports_what_it_would_take(tmp_path, server):
    _serve(server)
    checks = check(web_settings(tmp_path, _sources(server)))
    verdicts = {(c.source, c.kind, c.url): (c.result, c.detail) for c in checks}
    assert verdicts[("here", "document", server.url("/report.pdf"))] == ("reachable", "HTTP 200")
    assert verdicts[("here", "listing", server.url("/old-reports/"))] == ("moved", f"HTTP 301 to {server.url('/about/reports/')}: update config.yaml")
    result, detail = verdicts[("here", "listing", server.url("/reports/"))]
    assert result == "reachable" and "2 documents would be taken" in detail and server.url("/docs/a.pdf") in detail
    by_kind = {c.kind: c for c in checks if c.source == "here" and c.kind in ("committees", "meetings", "documents")}
    assert by_kind["committees"].result == "reachable" and by_kind["committees"].detail == "1 of interest: 'Cabinet'"
    assert "'Cabinet': 2 meetings from 2030-01-01 to 2030-12-31" in by_kind["meetings"].detail
    documents = by_kind["documents"]  # the most recent meeting's
    assert documents.url.endswith("GetMeeting?lMeetingId=11") and documents.result == "reachable"
    assert "meeting 11 of 'Cabinet' on 2030-06-05: 1 documents would be taken: " + server.url("/documents/s2/p.pdf") == documents.detail
    assert verdicts[("gone", "document", server.url("/missing.pdf"))] == ("unreachable", "HTTP 404")
    assert [(c.result, c.kind) for c in checks if c.source == "later"] == [("disabled", "-")]
    assert server.seen("/about/reports/") == [] and server.seen("/documents/s2/p.pdf") == []  # moves reported, documents not fetched


def test_a_committee_system_that_is_not_moderngov_is_unreachable(tmp_path, server):
    source = Source(area="X", enabled=True, committee_systems=[_system(server)])
    (item,) = check(web_settings(tmp_path, {"x": source}))
    assert (item.kind, item.result) == ("committees", "unreachable") and "HTTP 404" in item.detail


def test_a_stalling_server_cannot_hold_the_check(tmp_path, server):
    server.route(
        "/mgWebService.asmx/GetCommittees", Reply(200, b"<committees>" + b" " * 500 + b"</committees>", {"Content-Type": "text/xml"}, trickle_s=0.05)
    )
    source = Source(area="X", enabled=True, committee_systems=[_system(server)])
    started = time.monotonic()
    (item,) = check(web_settings(tmp_path, {"x": source}, total_timeout_s=1.0))
    assert time.monotonic() - started < 3.0 and item.result == "unreachable" and "total_timeout_s" in item.detail


def test_disabled_sources_are_probed_on_request(tmp_path, server):
    _serve(server)
    checks = check(web_settings(tmp_path, _sources(server)), include_disabled=True)
    assert [(c.result, c.detail) for c in checks if c.source == "later"] == [("reachable (disabled)", "HTTP 200")]


def _config_file(tmp_path, server, sources=None) -> str:
    config = {
        "out": str(tmp_path / "out"),
        "run": {"workers": 1, "source": "local"},
        "sources": {name: source.model_dump(mode="json") for name, source in (sources or _sources(server)).items()},
        "fetch": {"allow_private_addresses": True, "min_interval_s": 0, "retries": 0, "page_retries": 0, "raw_store": str(tmp_path / "raw")},
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


def test_the_check_command_prints_each_verdict_and_exits_1_when_one_is_unreachable(tmp_path, server):
    _serve(server)
    result = runner.invoke(app, ["sources", "check", "--config", _config_file(tmp_path, server)])
    assert result.exit_code == 1, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["gone", "unreachable", "document", server.url("/missing.pdf"), "HTTP 404"] in lines
    assert ["later", "disabled", "-", "-"] in lines


def test_ingest_from_the_web_exits_1_naming_each_source_that_could_not_be_read(tmp_path, server):
    _serve(server)
    config = _config_file(tmp_path, server)
    result = runner.invoke(app, ["ingest", "--no-prefect", "--source", "web", "--config", config])
    assert result.exit_code == 1, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2 and "2 problem(s) reading the sources" in result.output  # one line per problem, each naming its source
    assert any(line.startswith("warning: source 'gone':") and "HTTP 404" in line for line in warnings)
    # the listing's redirect is followed by a run, to a page that is not there
    assert any(line.startswith(f"warning: source 'here': listing page {server.url('/old-reports/')}") and "HTTP 404" in line for line in warnings)
    documents = pd.read_parquet(tmp_path / "out" / "documents")  # what could be fetched is published
    assert server.url("/report.pdf") in documents["path"].tolist()
    bad = runner.invoke(app, ["ingest", "--no-prefect", "--source", "ftp", "--config", config])
    assert bad.exit_code == 2 and "not one of: local, web" in bad.output


def test_ingest_from_the_web_exits_0_when_every_source_was_read(tmp_path, server):
    server.file("/report.pdf", (CORPUS / PDF).read_bytes())
    config = _config_file(tmp_path, server, {"here": Source(area="Here", enabled=True, documents=[server.url("/report.pdf")])})
    result = runner.invoke(app, ["ingest", "--no-prefect", "--source", "web", "--config", config])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "1 fetches" in result.output
