"""The `extractor` command line: parses arguments, calls the flows or the stages, reports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import progress as run_progress
from .config import Settings, load_settings
from .errors import ExtractorError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read safeguarding reports into Parquet tables.")
console = Console(stderr=True, soft_wrap=True)

ConfigOption = typer.Option(None, "--config", help="config.yaml to use (default: ./config.yaml if present, else built-in defaults).")
TablesOption = typer.Option(None, "--tables", help="Folder of the tables (default: 'out' from the config, outputs/).")
SOURCES = ("local", "web")

sources_app = typer.Typer(no_args_is_help=True, help="The partnerships' web sources listed in config.yaml.")
app.add_typer(sources_app, name="sources")


def _settings(config: Optional[Path], **overrides: Optional[Path]) -> Settings:
    settings = load_settings(config)
    return settings.model_copy(update={k: v.resolve() for k, v in overrides.items() if v is not None})


@app.command()
def ingest(
    config: Optional[Path] = ConfigOption,
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Folder of documents, read recursively (default: corpus/)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the tables (default: outputs/)."),
    force: bool = typer.Option(False, "--force", help="Process every document again, even unchanged ones."),
    no_prefect: bool = typer.Option(False, "--no-prefect", help="Run as plain Python, without the Prefect flow."),
    source: Optional[str] = typer.Option(
        None, "--source", help="local: the corpus folder; web: fetch the enabled sources (default: run.source in the config, local)."
    ),
) -> None:
    """Ingest every document under the corpus folder (or fetched from the web sources) and write the tables."""
    if source is not None and source not in SOURCES:
        raise typer.BadParameter(f"'{source}' is not one of: {', '.join(SOURCES)}", param_hint="--source")
    try:
        settings = _settings(config, corpus=corpus, out=out)
        with _progress_bar():
            if no_prefect or settings.run.orchestrator == "python":
                from .ingest import ingest as run

                summary = run(settings, force=force, source=source)
            else:
                os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
                os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
                from flows.ingest import ingest as flow

                summary = flow(config=config, corpus=settings.corpus, out=settings.out, force=force, source=source)
    except (ExtractorError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for problem in summary.problems:
        console.print(f"[yellow]warning:[/yellow] {problem}")
    console.print(summary.line())


@sources_app.command("check")
def sources_check(
    config: Optional[Path] = ConfigOption,
    include_disabled: bool = typer.Option(False, "--all", help="Probe disabled sources too."),
) -> None:
    """Probe each source's URLs: reachable, moved (update config.yaml) or unreachable; or disabled.

    Exits 1 when a probed URL is unreachable."""
    from .sources.configured import check

    try:
        checks = check(load_settings(config), include_disabled=include_disabled)
    except ExtractorError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for item in checks:
        typer.echo("\t".join([item.source, item.result, item.kind, item.url, item.detail]).rstrip())
    if any(item.result.startswith("unreachable") for item in checks):
        raise typer.Exit(1)


@app.command()
def serve(config: Optional[Path] = ConfigOption) -> None:
    """Run the ingest flow on the schedule in config.yaml (a Prefect deployment), until stopped with Ctrl-C.

    Needs a running Prefect server (`prefect server start`) and PREFECT_API_URL pointing at it."""
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        console.print(
            "[red]error:[/red] no Prefect server: start one with `prefect server start` and, in this shell, "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` (see README, 'Scheduled ingestion from the web')."
        )
        raise typer.Exit(2)
    from flows.deployment import serve as serve_deployment

    try:
        serve_deployment(config)
    except ExtractorError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def evaluate(
    gold: Path = typer.Option(Path("tests/gold"), "--gold", help="Folder of gold annotation files."),
    tables: Optional[Path] = TablesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Precision, recall and F1 of the extracted tables against gold annotations."""
    from .evaluate import score
    from .tablestore import TableStore

    settings = _settings(config, out=tables)
    try:
        frames = {name: table.to_pandas() for name, table in TableStore(settings.out).read().items()}
        report = score(gold, frames)
    except (ExtractorError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    typer.echo(report.to_string(index=False))


class _progress_bar:
    """A progress bar fed by the run's progress events, on stderr so stdout stays clean."""

    def __enter__(self) -> None:
        self.bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"), console=console, transient=False, disable=not console.is_terminal,
        )
        self.bar.start()
        self.task = None
        run_progress.watch(self._on_event)

    def _on_event(self, kind: str, payload: Any) -> None:
        if kind == "start":
            total, skipped = payload
            self.task = self.bar.add_task(f"documents ({skipped} unchanged)", total=total, last="")
            if self.bar.disable:
                console.print(f"{total} documents to process, {skipped} unchanged")
        elif self.task is not None:
            self.bar.update(self.task, advance=1, last=f"{payload.ref.name}: {payload.status}")
            if self.bar.disable:
                console.print(f"  {payload.status:9} {payload.ref.name}")

    def __exit__(self, *exc: object) -> None:
        run_progress.unwatch(self._on_event)
        self.bar.stop()


def main() -> None:
    app()
