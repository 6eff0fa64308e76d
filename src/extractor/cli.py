"""The `extractor` command line: parses arguments, calls the flows or the stages, reports."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text
from typer.exceptions import TyperException

from . import progress as run_progress
from .config import Settings, load_settings
from .errors import StoreWarning, user_failure
from .location import Location, local_file, parse_location

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read safeguarding reports into Parquet tables.")
console = Console(stderr=True, soft_wrap=True)

ConfigOption = typer.Option(None, "--config", help="config.yaml to use (default: ./config.yaml if present, else built-in defaults).")
TablesOption = typer.Option(None, "--tables", help="Folder or URI (s3://bucket/prefix) of the tables (default: 'out' from the config, outputs/).")
SOURCES = ("local", "web")

sources_app = typer.Typer(no_args_is_help=True, help="The partnerships' web sources listed in config.yaml.")
app.add_typer(sources_app, name="sources")


def _settings(config: Optional[Path], corpus: Optional[Path] = None, out: Optional[Location] = None) -> Settings:
    settings = load_settings(config)
    return settings.model_copy(update={k: v for k, v in {"corpus": corpus and corpus.resolve(), "out": out}.items() if v is not None})


@contextmanager
def _reported() -> Iterator[None]:
    """The one error boundary of every command. A failure the user can cause or meet (a bad
    config, a full disk, a read-only or missing folder, a lock, Prefect not starting) is one line
    saying what and what to do, and exit code 2; anything else is a bug: its traceback, a line
    asking for a report, exit code 1. Store warnings (a lost `.current`) are one line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("default", StoreWarning)
        shown = warnings.showwarning

        def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
            if issubclass(category, StoreWarning):
                _say("warning", str(message))
            else:
                shown(message, category, *args, **kwargs)

        warnings.showwarning = show
        try:
            yield
        except (typer.Exit, typer.Abort, TyperException):  # usage errors: typer reports them
            raise
        except Exception as exc:
            message = user_failure(exc)
            if message is None:
                console.print_exception()
                _say("error", "this is a bug in extractor, not in your input: please report it with the traceback above.")
                raise typer.Exit(1) from exc
            _say("error", message)
            raise typer.Exit(2) from exc


def _say(kind: str, text: str) -> None:
    """One line on stderr: paths and URLs are printed as text, never read as markup."""
    style = {"error": "red", "warning": "yellow"}.get(kind)
    console.print(Text.assemble((f"{kind}: ", style or ""), " ".join(str(text).split())) if kind else Text(text), soft_wrap=True)


def _location(value: Optional[str], option: str) -> Optional[Location]:
    """--out or --tables: a folder, relative to the working directory, or a URI."""
    if value is None:
        return None
    try:
        location = parse_location(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc
    return location.resolve() if isinstance(location, Path) else location


@app.command()
def ingest(
    config: Optional[Path] = ConfigOption,
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Folder of documents, read recursively (default: corpus/)."),
    out: Optional[str] = typer.Option(None, "--out", help="Folder or URI (s3://bucket/prefix) for the tables (default: outputs/)."),
    force: bool = typer.Option(False, "--force", help="Process every document again, even unchanged ones."),
    no_prefect: bool = typer.Option(False, "--no-prefect", help="Run as plain Python, without the Prefect flow."),
    source: Optional[str] = typer.Option(
        None, "--source", help="local: the corpus folder; web: fetch the enabled sources (default: run.source in the config, local)."
    ),
    verbose: bool = typer.Option(False, "--verbose", help="Show Prefect's own log lines (also: PREFECT_LOGGING_LEVEL)."),
) -> None:
    """Ingest every document under the corpus folder (or fetched from the web sources) and write the tables.

    Exits 1 when a source could not be read (after publishing what was fetched), 2 on a bad config or output."""
    if source is not None and source not in SOURCES:
        raise typer.BadParameter(f"'{source}' is not one of: {', '.join(SOURCES)}", param_hint="--source")
    with _reported():
        settings = _settings(config, corpus=corpus, out=_location(out, "--out"))
        from .ingest import preflight

        preflight(settings, source)  # a missing corpus or a locked folder: one line, before Prefect starts
        with _progress_bar():
            from .flows.runner import run

            summary = run("ingest", settings, config=config, plain=no_prefect, verbose=verbose, force=force, source=source)
    for problem in [*summary.notes, *summary.problems]:
        _say("warning", problem)
    _say("", summary.line())
    if summary.problems:  # published what could be fetched; the run still failed
        _say("error", f"{len(summary.problems)} problem(s) reading the sources (above); the tables hold what was fetched.")
        raise typer.Exit(1)


@sources_app.command("check")
def sources_check(
    config: Optional[Path] = ConfigOption,
    include_disabled: bool = typer.Option(False, "--all", help="Probe disabled sources too."),
) -> None:
    """Follow each source as a run would, without fetching documents: direct URLs probed (moved:
    update config.yaml), listing pages read, committee systems followed through committees,
    meetings in the window and one meeting's documents; each line says what it would take.

    Exits 1 when a step is unreachable."""
    from .sources.configured import check

    with _reported():
        checks = check(load_settings(config), include_disabled=include_disabled)
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
        _say(
            "error",
            "no Prefect server: start one with `prefect server start` and, in this shell, "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` (see README, 'Scheduled ingestion from the web').",
        )
        raise typer.Exit(2)
    from .flows.deployment import serve as serve_deployment

    with _reported():
        serve_deployment(config)


@app.command()
def compact(tables: Optional[str] = TablesOption, config: Optional[Path] = ConfigOption) -> None:
    """Merge the small Parquet files that many small runs leave into one file per partition."""
    from .ingest import compact as compact_tables

    with _reported():
        settings = _settings(config, out=_location(tables, "--tables"))
        before, after = compact_tables(settings.out)
    _say("", f"Compacted {settings.out}: {before} data files before, {after} now.")


@app.command()
def verify(tables: Optional[str] = TablesOption, config: Optional[Path] = ConfigOption) -> None:
    """Check every file of the published tables against its version's manifest (sizes, checksums, rows).

    Exits 2 when a file is missing, damaged or foreign, or the link to the published version is lost."""
    from .query import existing_store
    from .tablestore.repair import problems

    with _reported():
        store = existing_store(_settings(config, out=_location(tables, "--tables")).out)
        version, found = problems(store)
    for problem in found:
        _say("problem", problem)
    if found:
        _say("error", f"{len(found)} problem(s) in {store.root}: run `extractor repair --tables {store.root}`.")
        raise typer.Exit(2)
    _say("", f"{store.root}: version {version.name if version else '-'} is intact; every file matches its manifest.")


@app.command()
def repair(tables: Optional[str] = TablesOption, config: Optional[Path] = ConfigOption) -> None:
    """Go back to intact tables: publish the newest intact version again, or one without the damaged files.

    Documents whose rows were in a damaged file lose them and are processed again by the next ingest."""
    from .query import existing_store
    from .tablestore.repair import repair as repair_store

    with _reported():
        done = repair_store(existing_store(_settings(config, out=_location(tables, "--tables")).out))
    for line in done:
        _say("", line)


@app.command()
def evaluate(
    gold: Path = typer.Option(Path("tests/gold"), "--gold", help="Folder of gold annotation files (corpus/genre/gold: the development corpus)."),
    tables: Optional[str] = TablesOption,
    corpus: Optional[Path] = typer.Option(
        None, "--corpus", help="Ingest this folder into a scratch folder first and score that (e.g. corpus/genre/docs)."
    ),
    by: Optional[str] = typer.Option(None, "--by", help="Also score per 'kind' of document or per 'document'."),
    show_details: bool = typer.Option(False, "--details", help="List each missed and each extra row, with its sentence."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Precision, recall and F1 of the extracted tables, and partnership and period accuracy, against gold labels."""
    from .steps import evaluate as run

    if by is not None and by not in ("kind", "document"):
        raise typer.BadParameter(f"'{by}' is not one of: kind, document", param_hint="--by")
    with _reported():
        settings = _settings(config, out=_location(tables, "--tables"))
        report, lines = run(settings, gold, corpus=corpus and corpus.resolve(), by=by)
    printable = report.astype(object).where(report.notna(), "")
    typer.echo(printable.to_string(index=False, formatters={c: _two_places for c in ("precision", "recall", "f1", "accuracy")}))
    if show_details:
        typer.echo("\n".join(lines))


def _two_places(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


@app.command("query")
def query_command(
    sql: str = typer.Argument(..., help='SQL over the tables, e.g. "select * from documents".'),
    tables: Optional[str] = TablesOption,
    config: Optional[Path] = ConfigOption,
    fmt: str = typer.Option("table", "--format", help="table, csv, json, parquet or xlsx."),
    output: Optional[Path] = typer.Option(None, "--output", help="File to write (needed for parquet and xlsx; else stdout)."),
) -> None:
    """Run SQL (DuckDB) over the tables: each table is a view named after it. Read-only."""
    from .export import write_result
    from .query import query

    with _reported():
        text = write_result(query(sql, _settings(config, out=_location(tables, "--tables")).out), fmt, output)
    if text is not None:
        typer.echo(text, nl=False)
    else:
        _say("", f"Wrote {output}")


@app.command("compare")
def compare_command(
    partnership: Optional[list[str]] = typer.Option(
        None, "--partnership", help="A partnership to compare, by area or name (repeat it; default: every one in the tables)."
    ),
    tables: Optional[str] = TablesOption,
    config: Optional[Path] = ConfigOption,
    html: Optional[Path] = typer.Option(
        None, "--html", help="The report to write (default: compare.html in the tables folder; needed when the tables are at a URI)."
    ),
    no_prefect: bool = typer.Option(False, "--no-prefect", help="Run as plain Python, without the Prefect flow."),
    verbose: bool = typer.Option(False, "--verbose", help="Show Prefect's own log lines (also: PREFECT_LOGGING_LEVEL)."),
) -> None:
    """Write the comparison tables and a self-contained HTML report comparing partnerships."""
    with _reported():
        settings = _settings(config, out=_location(tables, "--tables"))
        target = (html or local_file(settings.out, "compare.html", option="--html")).resolve()
        from .flows.runner import run
        from .query import existing_store

        existing_store(settings.out)  # no tables: one line, before Prefect starts
        summary = run("compare", settings, config=config, plain=no_prefect, verbose=verbose, partnerships=partnership or [], html=target)
    for name in summary.missing:
        _say("warning", f"no documents for partnership '{name}' in {settings.out}")
    if summary.notice:
        _say("", summary.notice)
    _say("", summary.line())


@app.command()
def show(
    doc: str = typer.Argument(..., help="The document: its doc_id (or the first characters of it) or its path."),
    tables: Optional[str] = TablesOption,
    config: Optional[Path] = ConfigOption,
    html: Optional[Path] = typer.Option(
        None, "--html", help="The page to write (default: show/<doc_id>.html in the tables folder; needed when the tables are at a URI)."
    ),
) -> None:
    """Write a page showing a document's text with every extracted fact highlighted and labelled."""
    from .query import read_tables
    from .report import render_document, write_html

    with _reported():
        settings = _settings(config, out=_location(tables, "--tables"))
        doc_id, page = render_document(read_tables(settings.out), doc)
        path = write_html(page, html or local_file(settings.out, "show", f"{doc_id[:12]}.html", option="--html"))
    _say("", f"Wrote {path}")


@app.command()
def export(
    fmt: str = typer.Option("xlsx", "--format", help="xlsx (one workbook, a sheet per table) or csv (a folder, a file per table)."),
    output: Optional[Path] = typer.Option(
        None, "--output", help="The workbook or folder (default: export.xlsx or csv/ in the tables folder; needed when the tables are at a URI)."
    ),
    table: Optional[list[str]] = typer.Option(None, "--table", help="A table to export (repeat it; default: all but texts)."),
    tables: Optional[str] = TablesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Export the tables, and the comparison tables when written, for spreadsheets."""
    from .compare import read_written
    from .export import export_tables, selected
    from .query import read_tables

    with _reported():
        settings = _settings(config, out=_location(tables, "--tables"))
        target = output or local_file(settings.out, "export.xlsx" if fmt == "xlsx" else "csv", option="--output")
        frames = {**read_tables(settings.out), **read_written(settings.out)}
        written = export_tables(selected(frames, table), fmt, target)
    _say("", f"Wrote {target}" + (f" ({len(written)} files)" if len(written) > 1 else ""))


class _progress_bar:
    """A progress bar fed by the run's progress events, on stderr so stdout stays clean."""

    def __enter__(self) -> None:
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}", markup=False),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        )
        self.bar.start()
        self.task: TaskID | None = None
        run_progress.watch(self._on_event)

    def _on_event(self, kind: str, payload: Any) -> None:
        if kind == "start":
            total, skipped = payload
            self.task = self.bar.add_task(f"documents ({skipped} unchanged)", total=total, last="")
            if self.bar.disable:
                _say("", f"{total} documents to process, {skipped} unchanged")
        elif self.task is not None:
            self.bar.update(self.task, advance=1, last=f"{payload.ref.name}: {payload.status}")
            if self.bar.disable:
                console.print(Text(f"  {payload.status:9} {payload.ref.name}"), soft_wrap=True)

    def __exit__(self, *exc: object) -> None:
        run_progress.unwatch(self._on_event)
        self.bar.stop()


def main() -> None:
    app()
