"""`extractor sources check`: each source reachable, moved or disabled; and `ingest --source web`."""

from __future__ import annotations

import pandas as pd
import yaml
from typer.testing import CliRunner

from extractor.cli import app
from extractor.config import CommitteeSystem, Listing, Source
from extractor.sources.configured import check
from tests.helpers import CORPUS, web_settings
from tests.moderngov_site import ModernGovSite
from tests.webserver import Reply

runner = CliRunner()
PDF = "wirral-lscb-annual-report-on-a-page-2016-17.pdf"


def _sources(server) -> dict[str, Source]:
    return {
        "here": Source(
            area="Here", enabled=True,
            documents=[server.url("/report.pdf")],
            listings=[Listing(url=server.url("/old-reports/"))],
            committee_systems=[CommitteeSystem(base_url=server.base)],
        ),
        "gone": Source(area="Gone", enabled=True, documents=[server.url("/missing.pdf")]),
        "later": Source(area="Later", enabled=False, documents=[server.url("/report.pdf")]),
    }


def _serve(server) -> None:
    server.file("/report.pdf", (CORPUS / PDF).read_bytes())
    server.route("/old-reports/", Reply(301, headers={"Location": "/about/reports/"}))
    ModernGovSite(committees={1: "Cabinet"}, meetings=[]).install(server)


def test_each_source_is_reported_reachable_moved_unreachable_or_disabled(tmp_path, server):
    _serve(server)
    checks = check(web_settings(tmp_path, _sources(server)))
    verdicts = {(c.source, c.kind): (c.result, c.detail) for c in checks}
    assert verdicts[("here", "document")] == ("reachable", "HTTP 200")
    assert verdicts[("here", "listing")] == ("moved", f"HTTP 301 to {server.url('/about/reports/')}: update config.yaml")
    assert verdicts[("here", "committee system")][0] == "reachable"
    assert verdicts[("gone", "document")] == ("unreachable", "HTTP 404")
    assert verdicts[("later", "-")] == ("disabled", "")
    assert server.seen("/about/reports/") == []  # a move is reported, not followed


def test_disabled_sources_are_probed_on_request(tmp_path, server):
    _serve(server)
    checks = check(web_settings(tmp_path, _sources(server)), include_disabled=True)
    assert [(c.result, c.detail) for c in checks if c.source == "later"] == [("reachable (disabled)", "HTTP 200")]


def _config_file(tmp_path, server) -> str:
    config = {
        "out": str(tmp_path / "out"),
        "run": {"workers": 1, "source": "local"},
        "sources": {name: source.model_dump(mode="json") for name, source in _sources(server).items()},
        "fetch": {"allow_private_addresses": True, "min_interval_s": 0, "retries": 0, "raw_store": str(tmp_path / "raw")},
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


def test_ingest_source_web_from_the_command_line(tmp_path, server):
    _serve(server)
    config = _config_file(tmp_path, server)
    result = runner.invoke(app, ["ingest", "--no-prefect", "--source", "web", "--config", config])
    assert result.exit_code == 0, result.output
    assert "not modified" in result.output and "HTTP 404" in result.output  # fetch counts, and the problems as warnings
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents["path"].tolist() == [server.url("/report.pdf")]
    bad = runner.invoke(app, ["ingest", "--no-prefect", "--source", "ftp", "--config", config])
    assert bad.exit_code == 2 and "not one of: local, web" in bad.output
