"""A run's outcome as Markdown: what was new, changed, unchanged or failed, and what could not be
fetched. The ingest flow publishes it as a Prefect artifact, so each run's result is visible in
the Prefect UI."""

from __future__ import annotations

from .ingest import Summary

LISTED = 50  # names shown per category; the counts are always complete
CATEGORIES = ("new", "changed", "reprocessed", "unchanged", "failed")


def markdown(summary: Summary) -> str:
    changes = summary.changes
    lines = [
        "# Ingest run",
        "",
        "| documents | count |",
        "| --- | --- |",
        *(f"| {kind} | {len(changes.get(kind, []))} |" for kind in CATEGORIES),
        "",
        f"{summary.pages} pages in {summary.seconds:.1f} s; tables in `{summary.out}`."
        + (f" {summary.cached} documents ({summary.cached_pages} pages) came from the Prefect cache, not processed again." if summary.cached else ""),
    ]
    for kind in ("new", "changed", "failed"):
        names = changes.get(kind, [])
        if names:
            lines += ["", f"## {kind.capitalize()} documents", ""]
            lines += [f"- {_cell(name)}" for name in names[:LISTED]]
            lines += [f"- … and {len(names) - LISTED} more"] if len(names) > LISTED else []
    failed_fetches = [row for row in summary.fetches if row["error"]]
    if summary.fetches:
        lines += ["", f"## Fetches: {len(summary.fetches)}, {len(failed_fetches)} failed", ""]
    if failed_fetches:
        lines += ["| url | HTTP status | error |", "| --- | --- | --- |"]
        lines += [f"| {_cell(row['url'])} | {row['http_status'] or ''} | {_cell(row['error'])} |" for row in failed_fetches[:LISTED]]
    if summary.problems:
        lines += ["", "## Sources that could not be read", ""] + [f"- {_cell(problem)}" for problem in summary.problems]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
