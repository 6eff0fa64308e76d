"""The scheduled ingest: a Prefect deployment of the `ingest` flow on the cron schedule in config.

`extractor serve` builds it and serves it (this process runs the scheduled runs; it needs a
Prefect server, see the README). At most one run at a time: the deployment's concurrency limit
queues a run that comes due while another is still going, and the table store's file lock is a
second guard against two writers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import serve as prefect_serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from extractor.config import load_settings

from .ingest import ingest

DEPLOYMENT_NAME = "scheduled"  # shown in Prefect as 'ingest/scheduled'
DEFAULT_CONFIG = Path("config.yaml")
ONE_AT_A_TIME = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


def build(config: Path | None = None) -> RunnerDeployment:
    """The deployment: schedule and source from config; the config file's absolute path as a parameter,
    so scheduled runs read the same file whatever directory they start in."""
    path = config if config is not None else (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    settings = load_settings(path)
    parameters: dict[str, Any] = {"source": settings.schedule.source}
    if path is not None:
        parameters["config"] = str(path.resolve())
    # to_deployment is typed as the deployment or its coroutine (Prefect dispatches on the caller); here it is sync
    return ingest.to_deployment(  # type: ignore[return-value]
        name=DEPLOYMENT_NAME,
        schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
        parameters=parameters,
        concurrency_limit=ONE_AT_A_TIME,
        description="Fetch the enabled sources and ingest what is new or changed (extractor serve).",
        tags=["extractor"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(config: Path | None = None) -> None:
    """Serve the deployment until interrupted; `limit=1`: this process never runs two flows at once."""
    prefect_serve(build(config), limit=1)
