"""The `compare` flow: read the tables, write the comparison tables beside them, write the HTML report.

Orchestration only: each task calls one step of `extractor.compare`, which runs the same way
without Prefect (`extractor compare --no-prefect`). Each run publishes a Markdown artifact,
`compare-summary`.
"""

from __future__ import annotations

from pathlib import Path, PurePath

import pandas as pd
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from extractor import compare as steps
from extractor.config import load_settings
from extractor.location import Location, local_file, parse_location
from extractor.query import read_tables

ARTIFACT_KEY = "compare-summary"


@task(name="read-tables", cache_policy=NONE)
def read(tables: Location) -> dict[str, pd.DataFrame]:
    return read_tables(tables)


@task(name="build-comparison", cache_policy=NONE)
def build(frames: dict[str, pd.DataFrame]) -> steps.Comparison:
    return steps.build(frames)


@task(name="write-comparison-tables", cache_policy=NONE)
def write(comparison: steps.Comparison, tables: Location) -> PurePath:
    return steps.write(comparison, tables)


@task(name="write-report", cache_policy=NONE)
def report(comparison: steps.Comparison, partnerships: list[str], tables: Location, html: Path) -> steps.CompareSummary:
    return steps.publish_report(comparison, partnerships, tables, html)


@flow(name="compare", log_prints=True)
def compare(
    tables: Path | str | None = None,
    partnerships: list[str] | None = None,
    html: Path | None = None,
    config: Path | None = None,
) -> steps.CompareSummary:
    """Compare `partnerships` (names or areas; all in the tables when none) from the tables in
    `tables` (a folder or a URI; default: `out` in the config), writing the report to `html`
    (default: `<tables>/compare.html`; needed when the tables are at a URI)."""
    root = parse_location(tables) if tables is not None else load_settings(config).out
    target = Path(html) if html is not None else local_file(root, "compare.html", option="html")
    comparison = build(read(root))
    write(comparison, root)
    summary = report(comparison, list(partnerships or []), root, target)
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=summary.markdown(), description=summary.line())
    return summary
