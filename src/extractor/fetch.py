"""Polite, bounded HTTP fetching: one place decides what may be requested, how often and how much.

Every request, and every redirect hop, is checked first: http or https only, a host named in
config, and robots.txt (RFC 9309, read with protego). The connection itself is made by
`transport.PinnedTransport`: the host name is resolved once and the connection refused when the
address is private, loopback or reserved (unless `fetch.allow_private_addresses`, which only
tests set), and no read outlasts `fetch.total_timeout_s`. Requests to one host are spaced by
`fetch.min_interval_s` (or the site's Crawl-delay, if longer) and at most
`fetch.per_host_concurrency` run at once. Connection errors, timeouts, 429 and 5xx are retried
with exponential backoff (honouring Retry-After), `fetch.retries` times for documents and
`fetch.page_retries` times for discovery pages; other 4xx and a passed total timeout are not.
Bodies are decoded a slice at a time (`codings.py`) and counted as decoded: a document past
`fetch.max_bytes` or a page past `fetch.max_page_bytes` is aborted. Documents are streamed into
the raw store, typed by their bytes, and asked for conditionally (ETag / Last-Modified) so an
unchanged one costs one 304.

A URL that cannot be fetched never raises out of `fetch_document`: it becomes a `FetchResult`
with the reason in `error`, which is a row of the `fetches` table. The advice in the reason
depends on where the URL came from: config (fix config.yaml) or a discovered link (nothing to fix).
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from .codings import ACCEPT_ENCODING, CodingError, Decoder
from .config import Fetch
from .errors import (
    ContentMismatch,
    DocumentError,
    DownloadTooLarge,
    FetchError,
    FetchFailed,
    HTTPStatusError,
    Refused,
)
from .robots import Robots, origin_of
from .sniff import HTML, PDF, sniff
from .store import IndexEntry, RawStore
from .transport import PinnedTransport, Resolver, deadline, deadline_passed, is_ip, is_public, resolve_addresses

SCHEMES = ("http", "https")
RETRY_STATUSES = frozenset({429})  # and every 5xx
CHUNK_BYTES = 64 * 1024
DISCOVERED_ADVICE = {
    HTTPStatusError: "The URL is a link found on a source's page or in its committee system, not one in config.yaml: "
    "nothing to change there; if it stays broken, the publisher's page is out of date.",
    Refused: "The URL is a link found on a source's page; add its host to fetch.allowed_hosts in config.yaml "
    "only if documents there should be fetched.",
}

T = TypeVar("T")


@dataclass(frozen=True)
class FetchResult:
    """One fetch of one URL: a row of the `fetches` table, and where the bytes are when stored."""

    url: str
    fetched_at: datetime
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    doc_id: str | None = None
    bytes: int | None = None
    error: str | None = None
    path: Path | str | None = None  # a URI when the raw store is one
    content_type: str | None = None  # told by content, not by the header

    @property
    def stored(self) -> bool:
        return self.error is None and self.path is not None

    def row(self) -> dict[str, Any]:
        keys = ("url", "fetched_at", "http_status", "etag", "last_modified", "doc_id", "bytes", "error")
        return {key: getattr(self, key) for key in keys}


@dataclass(frozen=True)
class Page:
    """A discovery page (listing, committee-system answer), read into memory, not stored."""

    url: str  # after redirects: relative links resolve against it
    status: int
    content: bytes
    content_type: str | None


@dataclass(frozen=True)
class Probe:
    """What a URL answers, without following redirects: for `extractor sources check`."""

    url: str
    status: int | None
    location: str | None = None
    error: str | None = None


class _Retry(Exception):
    """A transient failure: try again after a backoff (or the server's Retry-After)."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        self.error, self.retry_after = error, retry_after


class _HostSlot:
    """Per host: at most `concurrency` requests at once, request starts at least `interval` apart."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self._semaphore = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.interval = interval

    @contextmanager
    def hold(self, sleep: Callable[[float], None]) -> Iterator[None]:
        with self._semaphore:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self.interval
            if start > now:
                sleep(start - now)
            yield


class Fetcher:
    """An HTTP client that only goes where config allows, as slowly as config asks."""

    def __init__(
        self,
        settings: Fetch,
        allowed_hosts: Iterable[str],
        store: RawStore | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = resolve_addresses,
        sleep: Callable[[float], None] = time.sleep,
        configured: Iterable[str] = (),
        configured_prefixes: Iterable[str] = (),
    ) -> None:
        """`transport` replaces the pinning one (tests answer with httpx.MockTransport; host names are
        then not resolved, only IP literals checked); `configured` are the URLs named in config.yaml
        and `configured_prefixes` the calls made from it (a committee system's web service): every
        other URL is a discovered link, and its errors say so."""
        self.settings = settings
        self.store = store
        self.allowed_hosts = {host.lower().strip() for host in [*allowed_hosts, *settings.allowed_hosts] if host.strip()}
        self.configured = set(configured)
        self.configured_prefixes = tuple(configured_prefixes)
        self.results: list[FetchResult] = []
        self._sleep = sleep
        self._lock = threading.Lock()
        self._hosts: dict[str, _HostSlot] = {}
        self._robots = Robots(settings.user_agent, self._read_robots, self._crawl_delay)
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            follow_redirects=False,
            transport=transport or PinnedTransport(resolve, settings.allow_private_addresses),
            trust_env=False,
        )

    # ---- public surface -------------------------------------------------------------------

    def fetch_document(self, url: str) -> FetchResult:
        """Download `url` into the raw store (or confirm it unchanged with a 304), recorded either way."""
        assert self.store is not None, "fetching documents needs a raw store"
        fetched_at = datetime.now(timezone.utc)
        known = self.store.lookup(url)
        headers = {}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        try:
            result = self._exchange(url, headers, lambda response, final: self._store_body(url, response, known, fetched_at))
        except FetchError as exc:
            result = FetchResult(url, fetched_at, http_status=exc.status, error=str(self._advised(exc)))
        except (httpx.HTTPError, OSError) as exc:  # an invalid URL, a full disk: this URL fails, the run goes on
            result = FetchResult(url, fetched_at, error=f"{url}: {type(exc).__name__}: {exc}")
        self._record(result)
        return result

    def fetch_documents(self, urls: Iterable[str]) -> list[FetchResult]:
        """Many documents at once (`fetch.workers` threads; the per-host limits still hold), in order."""
        urls = list(urls)
        if not urls:
            return []
        with ThreadPoolExecutor(max_workers=min(self.settings.workers, len(urls))) as pool:
            return list(pool.map(self.fetch_document, urls))

    def get_page(self, url: str) -> Page:
        """A discovery page in memory (at most `fetch.max_page_bytes`, `fetch.page_retries` retries);
        recorded in `fetches` (without a doc_id). Raises `FetchError`."""
        fetched_at = datetime.now(timezone.utc)
        try:
            page = self._exchange(url, {}, lambda response, final: self._read_page(url, response, final), retries=self.settings.page_retries)
        except FetchError as exc:
            error = self._advised(exc)
            self._record(FetchResult(url, fetched_at, http_status=exc.status, error=str(error)))
            raise error from None
        except httpx.HTTPError as exc:
            error = FetchFailed(url, f"{type(exc).__name__}: {exc}")
            self._record(FetchResult(url, fetched_at, error=str(error)))
            raise error from exc
        self._record(FetchResult(url, fetched_at, http_status=page.status, bytes=len(page.content)))
        return page

    def probe(self, url: str) -> Probe:
        """One request, no redirects followed, no retries: is the URL there, or has it moved?"""
        try:
            return self._exchange(url, {}, self._probe_answer, follow=False, retries=0)
        except FetchError as exc:
            return Probe(url, exc.status, error=exc.detail)
        except httpx.InvalidURL as exc:
            return Probe(url, None, error=f"not a valid URL ({exc})")
        except httpx.HTTPError as exc:
            return Probe(url, None, error=f"{type(exc).__name__}: {exc}")

    def _advised(self, exc: FetchError) -> FetchError:
        """The error with advice for a discovered link instead of one for a URL in config.yaml."""
        advice = next((text for kind, text in DISCOVERED_ADVICE.items() if type(exc) is kind), None)
        if advice is None or exc.url in self.configured or exc.url.startswith(self.configured_prefixes):
            return exc
        return type(exc)(exc.url, exc.detail, exc.status, advice=advice)

    def rows(self) -> list[dict[str, Any]]:
        with self._lock:
            return [result.row() for result in self.results]

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- one logical GET: retries around a chain of checked redirect hops ------------------

    def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        consume: Callable[[httpx.Response, str], T],
        follow: bool = True,
        retries: int | None = None,
        robots: bool = True,
    ) -> T:
        retries = self.settings.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, consume, follow, robots)
            except _Retry as retry:
                if attempt >= retries:
                    tries = f" (tried {attempt + 1} times)" if attempt else ""
                    raise type(retry.error)(url, f"{retry.error.detail}{tries}", retry.error.status) from None
                wait = max(self.settings.backoff_s * 2**attempt, retry.retry_after or 0.0)
                if wait > self.settings.max_retry_wait_s:
                    raise type(retry.error)(
                        url,
                        f"{retry.error.detail}; the server asked to wait {wait:g} s, over fetch.max_retry_wait_s",
                        retry.error.status,
                    ) from None
                self._sleep(wait)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], consume: Callable[[httpx.Response, str], T], follow: bool, robots: bool) -> T:
        """One attempt: the redirect chain, each hop checked, each hop within `fetch.total_timeout_s`."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self._check(url, current)
            if robots:
                self._robots.check(url, current)
            slot = self._slot(current)
            with slot.hold(self._sleep), deadline(self.settings.total_timeout_s):
                try:
                    response = self._client.send(self._client.build_request("GET", current, headers=headers), stream=True)
                except httpx.TimeoutException as exc:
                    if deadline_passed():
                        raise self._too_slow(url, "before the headers arrived") from exc
                    raise _Retry(FetchFailed(url, f"No answer within the timeout ({_timeout_kind(exc)}).")) from exc
                except httpx.TransportError as exc:
                    raise _Retry(FetchFailed(url, f"The connection failed ({type(exc).__name__}: {exc}).")) from exc
                except FetchError as exc:  # refused or unresolvable at connection time (the pinning transport)
                    via = "" if current == url else f"It redirected to {current}: "
                    raise type(exc)(url, f"{via}{exc.detail}", exc.status) from None
                try:
                    status = response.status_code
                    if follow and response.next_request is not None:  # a redirect, its Location resolved by httpx
                        current = str(response.next_request.url)
                        continue
                    if status in RETRY_STATUSES or status >= 500:
                        error = HTTPStatusError(url, f"HTTP {status} {response.reason_phrase}".rstrip() + ".", status)
                        raise _Retry(error, _retry_after(response.headers.get("retry-after")))
                    return consume(response, current)
                except httpx.TimeoutException as exc:
                    if deadline_passed():
                        raise self._too_slow(url, "during the download", response.status_code) from exc
                    raise _Retry(FetchFailed(url, f"The download stalled ({_timeout_kind(exc)}).")) from exc
                except httpx.TransportError as exc:
                    raise _Retry(FetchFailed(url, f"The connection broke during the download ({type(exc).__name__}).")) from exc
                finally:
                    response.close()
        raise HTTPStatusError(url, f"More than {self.settings.max_redirects} redirects (the last to {current}).")

    def _too_slow(self, url: str, when: str, status: int | None = None) -> FetchFailed:
        """Not retried: a server that trickles will trickle again."""
        limit = self.settings.total_timeout_s
        return FetchFailed(url, f"The request took longer than fetch.total_timeout_s ({limit:g} s) and was cut off {when}.", status)

    # ---- what may be requested ------------------------------------------------------------

    def _check(self, url: str, current: str) -> None:
        """Scheme, host and address of every hop, before any byte is sent."""
        via = "" if current == url else f"It redirected to {current}: "
        parts = urlsplit(current)
        if parts.scheme.lower() not in SCHEMES:
            raise Refused(url, f"{via}Only http and https URLs are fetched, not '{parts.scheme}:'.")
        host = (parts.hostname or "").lower()
        if not host:
            raise Refused(url, f"{via}The URL has no host.")
        if not self._host_allowed(host):
            raise Refused(url, f"{via}The host {host} is not a configured source's host nor in fetch.allowed_hosts.")
        if not self.settings.allow_private_addresses and is_ip(host) and not is_public(host.strip("[]")):
            # an address in the URL is refused at once; a name is resolved and checked by the transport
            raise Refused(
                url,
                f"{via}{host} is a private, loopback or reserved address; such addresses are "
                "fetched only when fetch.allow_private_addresses is true (tests).",
            )

    def _host_allowed(self, host: str) -> bool:
        return any(host == allowed or (allowed.startswith(".") and host.endswith(allowed)) for allowed in self.allowed_hosts)

    def _slot(self, url: str) -> _HostSlot:
        key = origin_of(url)
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _HostSlot(self.settings.per_host_concurrency, self.settings.min_interval_s)
            return self._hosts[key]

    def _read_robots(self, robots_url: str) -> bytes:
        read = lambda response, final: self._read_page(robots_url, response, final)  # noqa: E731
        return self._exchange(robots_url, {}, read, retries=self.settings.page_retries, robots=False).content

    def _crawl_delay(self, origin: str, seconds: float) -> None:
        slot = self._slot(origin)
        slot.interval = max(slot.interval, seconds)

    # ---- what to do with an answer --------------------------------------------------------

    def _store_body(self, url: str, response: httpx.Response, known: IndexEntry | None, fetched_at: datetime) -> FetchResult:
        assert self.store is not None
        status = response.status_code
        etag, last_modified = response.headers.get("etag"), response.headers.get("last-modified")
        if status == 304 and known is not None:
            return FetchResult(
                url,
                fetched_at,
                304,
                etag or known.etag,
                last_modified or known.last_modified,
                doc_id=known.doc_id,
                bytes=0,
                path=self.store.path_for(known.doc_id),
            )
        _require_ok(url, response)
        with self.store.writer() as writer:
            self._stream(url, response, writer.write, lambda: writer.size, self.settings.max_bytes, "fetch.max_bytes")
            content_type = _content_type(url, response, writer.head)
            doc_id, path = writer.commit()
        self.store.remember(url, IndexEntry(doc_id, etag, last_modified))
        return FetchResult(url, fetched_at, status, etag, last_modified, doc_id, writer.size, path=path, content_type=content_type)

    def _read_page(self, url: str, response: httpx.Response, final_url: str) -> Page:
        _require_ok(url, response)
        parts: list[bytes] = []
        size = [0]

        def keep(chunk: bytes) -> None:
            parts.append(chunk)
            size[0] += len(chunk)

        self._stream(url, response, keep, lambda: size[0], self.settings.max_page_bytes, "fetch.max_page_bytes")
        declared = response.headers.get("content-type")
        return Page(final_url, response.status_code, b"".join(parts), declared)

    def _probe_answer(self, response: httpx.Response, final_url: str) -> Probe:
        moved = response.next_request
        return Probe(final_url, response.status_code, str(moved.url) if moved is not None else None)

    def _stream(self, url: str, response: httpx.Response, write: Callable[[bytes], None], size: Callable[[], int], limit: int, setting: str) -> None:
        """Copy the body, decoded a slice at a time and counted as decoded, aborting past `limit`
        (the transport cuts the connection at `fetch.total_timeout_s`; checked here too)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise DownloadTooLarge(
                url,
                f"The server announced {int(declared):,} bytes, over {setting} ({limit:,}); nothing was downloaded.",
                response.status_code,
                advice=f"Raise {setting} in config.yaml if it is genuine.",
            )
        try:
            decoder = Decoder(response.headers.get("content-encoding"))
            for raw in response.iter_raw(CHUNK_BYTES):
                for piece in decoder.feed(raw):
                    self._count(url, response, size() + len(piece), limit, setting)
                    write(piece)
                if deadline_passed():
                    raise self._too_slow(url, "during the download", response.status_code)
            tail = decoder.flush()
        except CodingError as exc:
            raise ContentMismatch(url, str(exc), response.status_code) from exc
        self._count(url, response, size() + len(tail), limit, setting)
        write(tail)

    @staticmethod
    def _count(url: str, response: httpx.Response, total: int, limit: int, setting: str) -> None:
        if total > limit:
            raise DownloadTooLarge(
                url,
                f"The download passed {setting} ({limit:,} bytes, counted as decoded) and was aborted.",
                response.status_code,
                advice=f"Raise {setting} in config.yaml if it is genuine.",
            )

    def _record(self, result: FetchResult) -> None:
        with self._lock:
            self.results.append(result)


def _require_ok(url: str, response: httpx.Response) -> None:
    status = response.status_code
    if status == 200:
        return
    if status == 304:
        raise HTTPStatusError(url, "HTTP 304 Not Modified, but the raw store has no earlier copy; re-run to fetch it.", status)
    if 300 <= status < 400:
        raise HTTPStatusError(url, f"HTTP {status} without a usable Location header.", status)
    reason = f"HTTP {status} {response.reason_phrase}".rstrip()
    if 400 <= status < 500:
        raise HTTPStatusError(url, f"{reason} (not retried: the server says the request itself is wrong).", status)
    raise HTTPStatusError(url, f"{reason}: no document in the answer.", status)


def _content_type(url: str, response: httpx.Response, head: bytes) -> str:
    """The type told by the bytes; a PDF promised by the server but not delivered is refused."""
    declared = (response.headers.get("content-type") or "").split(";")[0].strip().lower() or None
    try:
        sniffed = sniff(head)
    except DocumentError as exc:
        said = f"The server said {declared}, but" if declared else "The server named no type, and"
        raise ContentMismatch(url, f"{said} {exc.detail[0].lower()}{exc.detail[1:]}", response.status_code) from exc
    if declared == PDF and sniffed != PDF:
        what = "an HTML page" if sniffed == HTML else "plain text"
        raise ContentMismatch(url, f"The server said application/pdf but sent {what}.", response.status_code)
    return sniffed


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (either delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    kinds = {
        httpx.ConnectTimeout: "connecting took longer than fetch.connect_timeout_s",
        httpx.ReadTimeout: "the server sent nothing for longer than fetch.read_timeout_s",
    }
    return next((text for kind, text in kinds.items() if isinstance(exc, kind)), type(exc).__name__)
