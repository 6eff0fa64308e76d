"""The `compare` flow: read the tables, write the comparison tables beside them, write the HTML report.

Orchestration only: each task calls one part of `extractor.steps.compare`, which runs the same
way without Prefect (`extractor compare --no-prefect`). Each run publishes a Markdown artifact,
`compare-summary`.
"""

from __future__ import annotations

from pathlib import Path, PurePath

import pandas as pd
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from extractor import compare as comparison
from extractor import steps
from extractor.config import load_settings
from extractor.location import Location, local_file, parse_location
from extractor.query import read_tables

ARTIFACT_KEY = "compare-summary"


@task(name="read-tables", cache_policy=NONE)
def read(tables: Location) -> dict[str, pd.DataFrame]:
    return read_tables(tables)


@task(name="build-comparison", cache_policy=NONE)
def build(frames: dict[str, pd.DataFrame]) -> comparison.Comparison:
    return comparison.build(frames)


@task(name="write-comparison-tables", cache_policy=NONE)
def write(built: comparison.Comparison, tables: Location) -> PurePath:
    return comparison.write(built, tables)


@task(name="write-report", cache_policy=NONE)
def report(
    built: comparison.Comparison, frames: dict[str, pd.DataFrame], partnerships: list[str], tables: Location, html: Path
) -> steps.CompareSummary:
    return steps.publish_report(built, frames, partnerships, tables, html)


@flow(name="compare", log_prints=True)
def compare(
    config: Path | None = None,
    out: Path | str | None = None,
    partnerships: list[str] | None = None,
    html: Path | None = None,
) -> steps.CompareSummary:
    """Compare `partnerships` (names or areas; all in the tables when none) from the tables in
    `out` (a folder or a URI; default: `out` in the config), writing the report to `html`
    (default: `<out>/compare.html`; needed when the tables are at a URI)."""
    root = parse_location(out) if out is not None else load_settings(config).out
    target = Path(html) if html is not None else local_file(root, "compare.html", option="html")
    frames = read(root)
    built = build(frames)
    write(built, root)
    summary = report(built, frames, list(partnerships or []), root, target)
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=summary.markdown(), description=summary.line())
    return summary
