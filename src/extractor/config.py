"""Typed settings from `config.yaml`, with embedded defaults so the tool runs with no file at all.

Paths in a config file are relative to that file; paths given on the command line are relative
to the working directory. `out` and `fetch.raw_store` may also be URIs (`s3://bucket/prefix`;
see `location.py`). A wrong value fails with a message naming the file and the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import ConfigError
from .location import Location, parse_location

EMBEDDED = "<embedded defaults>"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limits(_Section):
    """Per-document limits: a pathological file is recorded as failed instead of stalling the run."""

    document_timeout_s: float = Field(120.0, gt=0)
    max_pages: int = Field(2000, gt=0)
    max_bytes: int = Field(200_000_000, gt=0)
    memory_mb: int = Field(4096, gt=0)


class Parse(_Section):
    """How documents are parsed. `pdf_engine: auto` reads a PDF page's text with PDFium (the fast
    path) and leaves to pdfplumber the pages with drawn tables and any page or file PDFium cannot
    read; `pdfplumber` reads every page with pdfplumber (slower; the reference the fast path is
    tested against)."""

    pdf_engine: Literal["auto", "pdfplumber"] = "auto"


class Nlp(_Section):
    pipeline: str = "blank:en"  # or the name of an installed trained spaCy pipeline


class Run(_Section):
    """How documents are run. `task_runner` applies to the Prefect flow: `processes` runs each
    document in a local worker process (`workers` of them); `dask` submits each document to a
    Dask cluster (prefect-dask), the one at `dask_address` (`tcp://host:8786`), or else a local
    cluster of `workers` processes started for the run."""

    workers: int = Field(2, ge=1, le=64)
    orchestrator: Literal["prefect", "python"] = "prefect"
    source: Literal["local", "web"] = "local"  # `local`: the corpus folder; `web`: the enabled sources
    task_runner: Literal["processes", "dask"] = "processes"
    dask_address: str | None = None  # a running Dask scheduler, with task_runner: dask

    @model_validator(mode="after")
    def _dask(self) -> Run:
        if self.dask_address is not None and self.task_runner != "dask":
            raise ValueError("dask_address is used only with task_runner: dask")
        return self


def _web_url(value: str) -> str:
    """Only http and https URLs with a host: a `file:` URL in config is a mistake, not a source."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("only http:// and https:// URLs are fetched")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from exc
    return value


Pattern = Annotated[str, AfterValidator(_regex)]

LocationField = Annotated[Location, BeforeValidator(parse_location)]  # a folder (Path) or a URI (str)


class Listing(_Section):
    """A page to crawl one level deep: its links (PDFs or pages) whose text or URL matches `include`
    (a PDF link when `include` is empty) and no `exclude` pattern are fetched as documents."""

    url: WebUrl
    include: list[Pattern] = []  # regular expressions, case-insensitive, on the link text or the URL
    exclude: list[Pattern] = []


class CommitteeSystem(_Section):
    """A council committee system (ModernGov): meetings of the committees of interest in a date
    window, and the documents of agenda items whose titles match a keyword pattern."""

    system: Literal["moderngov"] = "moderngov"
    base_url: WebUrl
    committees: list[str] = []  # committee names (case-insensitive substrings); empty: every committee
    keywords: list[Pattern] = ["safeguarding children partnership", "safeguarding children board", "safeguarding partnership"]
    window_days: int = Field(120, ge=1)  # rolling window: meetings from this many days ago to today
    backfill_from: date | None = None  # explicit window instead of the rolling one (e.g. a first run)
    backfill_to: date | None = None  # default: today

    @model_validator(mode="after")
    def _window(self) -> CommitteeSystem:
        if self.backfill_to is not None and self.backfill_from is None:
            raise ValueError("backfill_to needs backfill_from")
        if self.backfill_from and self.backfill_to and self.backfill_from > self.backfill_to:
            raise ValueError("backfill_from is after backfill_to")
        return self


class Source(_Section):
    """One partnership's places of publication. Disabled sources are listed but never fetched."""

    area: str  # the partnership's area ("Wirral"): the hint attached to every document found
    enabled: bool = False
    documents: list[WebUrl] = []  # direct document URLs
    listings: list[Listing] = []
    committee_systems: list[CommitteeSystem] = []

    def urls(self) -> list[str]:
        return [*self.documents, *(item.url for item in self.listings), *(system.base_url for system in self.committee_systems)]


class Fetch(_Section):
    """A polite fetcher: who we are, how often and how much we ask, and where we may go."""

    user_agent: str = "extractor/0.1 (safeguarding reports research; https://github.com/safeguarding-reports/extractor)"
    min_interval_s: float = Field(2.0, ge=0)  # per host: at least this long between two requests
    per_host_concurrency: int = Field(1, ge=1, le=8)
    workers: int = Field(4, ge=1, le=32)  # documents downloaded at once, across hosts
    connect_timeout_s: float = Field(10.0, gt=0)
    read_timeout_s: float = Field(30.0, gt=0)  # longest silence while waiting for bytes
    total_timeout_s: float = Field(600.0, gt=0)  # longest one download may take
    retries: int = Field(3, ge=0, le=10)  # documents: on connection errors, timeouts, 429 and 5xx; never on other 4xx
    page_retries: int = Field(1, ge=0, le=10)  # the same for discovery pages (listings, committee-system answers, robots.txt)
    backoff_s: float = Field(2.0, ge=0)  # first wait; doubles each retry
    max_retry_wait_s: float = Field(300.0, ge=0)  # a longer Retry-After gives up instead of waiting
    max_redirects: int = Field(5, ge=0, le=20)
    max_bytes: int = Field(100_000_000, gt=0)  # a document past this (decoded) is aborted
    max_page_bytes: int = Field(10_000_000, gt=0)  # a discovery page past this (decoded) is aborted: pages are read in memory
    # discovery caps: each one reached is reported as a problem of its source, naming the setting
    max_meetings_per_committee: int = Field(200, ge=1)  # the most recent meetings in the window
    max_items_per_meeting: int = Field(200, ge=1)
    max_links_per_page: int = Field(1000, ge=1)  # links taken from one listing page
    max_documents_per_source: int = Field(500, ge=1)
    max_source_seconds: float = Field(1800.0, gt=0)  # discovery time per source (its documents are then fetched)
    allowed_hosts: list[str] = []  # extra hosts (".example.org" allows its subdomains); the sources' own hosts are always allowed
    allow_private_addresses: bool = False  # loopback and private networks: only tests set this
    raw_store: LocationField = Path("corpus/raw")  # fetched documents, named by their sha256; a folder or a URI


def _cron(value: str) -> str:
    """A cron expression the scheduler will take (cronsim checks each field's range: '61 6 * * 1' is refused)."""
    from cronsim import CronSim, CronSimError

    try:
        CronSim(value.strip(), datetime.now())
    except CronSimError as exc:
        raise ValueError(f"not a cron expression ({exc}): five fields, minute hour day-of-month month day-of-week") from exc
    return value.strip()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("not an IANA time zone name (e.g. Europe/London)") from exc
    return value


class Schedule(_Section):
    """When `extractor serve` runs the ingest flow (a Prefect deployment), and from where."""

    cron: Annotated[str, AfterValidator(_cron)] = "0 6 * * 1"  # Mondays at 06:00
    timezone: Annotated[str, AfterValidator(_timezone)] = "Europe/London"
    source: Literal["local", "web"] = "web"


def _default_sources() -> dict[str, Source]:
    """The bundled partnerships, disabled: the default run stays the local corpus."""
    return {
        "wirral": Source(
            area="Wirral",
            documents=["https://www.wirralsafeguarding.co.uk/annual-report-2023/"],
            listings=[Listing(url="https://www.wirralsafeguarding.co.uk/annual-reports/", include=["annual report"], exclude=["easy read"])],
            committee_systems=[
                CommitteeSystem(
                    base_url="https://democracy.wirral.gov.uk",
                    committees=["Children, Young People and Education Committee"],
                )
            ],
        ),
        "worcestershire": Source(
            area="Worcestershire",
            listings=[Listing(url="https://www.safeguardingworcestershire.org.uk/about-wscp/annual-reports/", include=["annual report"])],
            committee_systems=[
                CommitteeSystem(
                    base_url="https://worcestershire.moderngov.co.uk",
                    committees=["Health and Well-being Board", "Children and Families Overview and Scrutiny Panel"],
                )
            ],
        ),
    }


class Settings(_Section):
    corpus: Path = Path("corpus")
    corpus_exclude: list[str] = ["genre"]  # folders of the corpus not ingested: the development corpus (`extractor evaluate` reads it)
    corpus_follow_symlinks: bool = False  # read links to files and folders outside the corpus too
    out: LocationField = Path("outputs")  # a folder or a URI (s3://bucket/prefix)
    limits: Limits = Limits()
    parse: Parse = Parse()
    nlp: Nlp = Nlp()
    run: Run = Run()
    sources: dict[str, Source] = Field(default_factory=_default_sources)
    fetch: Fetch = Fetch()
    schedule: Schedule = Schedule()

    def enabled_sources(self) -> dict[str, Source]:
        return {name: source for name, source in self.sources.items() if source.enabled}


def load_settings(path: Path | str | None = None) -> Settings:
    """Settings from `path` (or `./config.yaml` when it exists), else the embedded defaults."""
    if path is None:
        default = Path("config.yaml")
        if not default.exists():
            return Settings()
        path = default
    path = Path(path)
    if not path.exists():
        raise ConfigError(str(path), "-", "the file does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "-", f"not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "-", "the top level must be a mapping of settings")
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        value = f" (got {first['input']!r})" if "input" in first and not isinstance(first["input"], dict) else ""
        raise ConfigError(str(path), field, f"{first['msg']}{value}") from exc
    base = path.resolve().parent
    fetch = settings.fetch.model_copy(update={"raw_store": _relative_to(base, settings.fetch.raw_store)})
    return settings.model_copy(update={"corpus": base / settings.corpus, "out": _relative_to(base, settings.out), "fetch": fetch})


def _relative_to(base: Path, location: Location) -> Location:
    """A relative folder is relative to the config file; a URI is absolute."""
    return base / location if isinstance(location, Path) else location
