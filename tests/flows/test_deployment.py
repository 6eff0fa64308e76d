"""The scheduled deployment (schedule, parameters, one run at a time) and the run's summary artifact."""

from __future__ import annotations

import httpx
import yaml

from extractor.config import Source
from tests.helpers import CORPUS

PDF = "wirral-lscb-annual-report-on-a-page-2016-17.pdf"


def _config(tmp_path, **extra) -> object:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"out": "tables", "run": {"workers": 1}, **extra}))
    return path


def test_the_deployment_has_the_configured_schedule_parameters_and_concurrency_limit(prefect, tmp_path):
    from prefect.client.orchestration import get_client

    from extractor.flows.deployment import DEPLOYMENT_NAME, build

    config = _config(tmp_path, schedule={"cron": "30 5 * * 2", "timezone": "Europe/London", "source": "web"})
    deployment = build(config)
    deployment_id = deployment.apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
        flow = client.read_flow(stored.flow_id)
    assert (flow.name, stored.name, DEPLOYMENT_NAME) == ("ingest", "scheduled", "scheduled")
    (schedule,) = stored.schedules
    assert schedule.schedule.cron == "30 5 * * 2" and schedule.schedule.timezone == "Europe/London" and schedule.active
    assert stored.parameters == {"source": "web", "config": str(config.resolve())}
    assert stored.global_concurrency_limit is not None and stored.global_concurrency_limit.limit == 1
    assert stored.concurrency_options.collision_strategy.value == "ENQUEUE"
    assert stored.entrypoint == "extractor.flows.ingest.ingest"  # importable from the installed package, whatever the directory


def test_a_web_run_of_the_flow_publishes_a_summary_artifact(prefect, tmp_path, server):
    from prefect.settings import PREFECT_API_URL

    from extractor.flows.ingest import ARTIFACT_KEY
    from extractor.flows.ingest import ingest as ingest_flow

    server.file("/report.pdf", (CORPUS / PDF).read_bytes())
    source = Source(area="Here", enabled=True, documents=[server.url("/report.pdf"), server.url("/gone.pdf")])
    config = _config(
        tmp_path,
        sources={"here": source.model_dump(mode="json")},
        fetch={"allow_private_addresses": True, "min_interval_s": 0, "retries": 0},
    )
    state = ingest_flow(config=config, source="web", return_state=True)
    # a URL named in config.yaml could not be fetched: the run fails, after publishing what it fetched
    assert state.is_failed() and "1 problem(s) reading the sources" in state.message and "gone.pdf" in state.message
    summary = state.result(raise_on_failure=False)
    assert summary.changes["new"] == [server.url("/report.pdf")] and (tmp_path / "tables" / "documents").exists()
    # the REST API, as the UI reads it
    answer = httpx.post(
        f"{PREFECT_API_URL.value()}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [str(state.state_details.flow_run_id)]}}, "limit": 10, "offset": 0, "sort": "CREATED_DESC"},
    )
    answer.raise_for_status()
    (artifact,) = answer.json()
    assert artifact["key"] == ARTIFACT_KEY and artifact["type"] == "markdown"
    markdown = artifact["data"]
    assert "| new | 1 |" in markdown and "| unchanged | 0 |" in markdown and server.url("/report.pdf") in markdown
    assert server.url("/gone.pdf") in markdown and "HTTP 404" in markdown  # the failed fetch, with its reason
    assert "## Sources that could not be read" in markdown
