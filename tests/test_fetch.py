"""The fetcher: what it refuses, when it retries, how it stops, what it records.

Small cases answer with httpx.MockTransport (a plain function as the server); timeouts, aborted
downloads, rate limits and robots.txt run against the real server on 127.0.0.1."""

from __future__ import annotations

import time

import httpx
import pytest

from extractor.fetch import Fetcher
from extractor.store import RawStore
from tests.helpers import CORPUS, fast_fetch

HOST = "docs.example.org"
PUBLIC_IP = "93.184.215.14"  # the resolver is a stand-in: MockTransport never opens a socket
PDF_BYTES = (CORPUS / "wirral-lscb-annual-report-on-a-page-2016-17.pdf").read_bytes()
HTML_BYTES = (CORPUS / "wirral-scp-annual-report-2021-introduction.html").read_bytes()


class Recorder:
    """A MockTransport server: answers from `handler`, remembers every request; robots.txt is 404."""

    def __init__(self, handler, robots: httpx.Response | None = None) -> None:
        self.handler, self.robots = handler, robots
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            robots = self.robots or httpx.Response(404)
            return httpx.Response(robots.status_code, headers=robots.headers, stream=httpx.ByteStream(robots.content))
        self.requests.append(request)
        answer = self.handler(request)  # a Response made with content= is already read: serve it as a stream, as a socket would
        return httpx.Response(answer.status_code, headers=answer.headers, stream=httpx.ByteStream(answer.content))


def _fetcher(tmp_path, transport, resolve=lambda host, port: [PUBLIC_IP], sleeps=None, **overrides) -> Fetcher:
    settings = fast_fetch(tmp_path / "raw", **{"allow_private_addresses": False, **overrides})
    sleep = sleeps.append if sleeps is not None else (lambda seconds: None)
    return Fetcher(settings, [HOST], RawStore(tmp_path / "raw"), transport=httpx.MockTransport(transport), resolve=resolve, sleep=sleep)


def _stored_files(tmp_path) -> list:
    return [p for p in (tmp_path / "raw").rglob("*") if p.is_file() and p.parent.name != ".tmp" and p.name != "index.json"]


def test_503_is_retried_with_backoff_then_succeeds(tmp_path):
    answers = iter([httpx.Response(503), httpx.Response(503, headers={"Retry-After": "1"}), httpx.Response(200, content=PDF_BYTES)])
    server, sleeps = Recorder(lambda request: next(answers)), []
    result = _fetcher(tmp_path, server, sleeps=sleeps, retries=3, backoff_s=0.01).fetch_document(f"https://{HOST}/report.pdf")
    assert result.error is None and result.http_status == 200 and result.content_type == "application/pdf"
    assert len(server.requests) == 3
    assert sleeps[0] == pytest.approx(0.01) and sleeps[1] == pytest.approx(1.0)  # doubling backoff; Retry-After wins when longer
    assert result.path.read_bytes() == PDF_BYTES


def test_5xx_gives_up_after_the_configured_retries(tmp_path):
    server = Recorder(lambda request: httpx.Response(502))
    result = _fetcher(tmp_path, server, retries=2).fetch_document(f"https://{HOST}/report.pdf")
    assert len(server.requests) == 3 and result.http_status == 502
    assert "HTTP 502" in result.error and "tried 3 times" in result.error and result.doc_id is None


def test_404_is_not_retried_and_is_recorded_with_the_reason(tmp_path):
    server = Recorder(lambda request: httpx.Response(404))
    fetcher = _fetcher(tmp_path, server, retries=3)
    result = fetcher.fetch_document(f"https://{HOST}/gone.pdf")
    assert len(server.requests) == 1
    assert result.http_status == 404 and "HTTP 404 Not Found" in result.error and "not retried" in result.error
    assert fetcher.rows() == [result.row()] and result.row()["url"] == f"https://{HOST}/gone.pdf"


def test_a_retry_after_longer_than_allowed_gives_up_at_once(tmp_path):
    server, sleeps = Recorder(lambda request: httpx.Response(429, headers={"Retry-After": "3600"})), []
    result = _fetcher(tmp_path, server, sleeps=sleeps, max_retry_wait_s=60).fetch_document(f"https://{HOST}/a.pdf")
    assert len(server.requests) == 1 and sleeps == []
    assert result.http_status == 429 and "3600 s" in result.error


def test_connection_errors_are_retried(tmp_path):
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    server = Recorder(refuse)
    result = _fetcher(tmp_path, server, retries=2).fetch_document(f"https://{HOST}/a.pdf")
    assert len(server.requests) == 3 and result.http_status is None and "connection failed" in result.error


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "Only http and https"),
        ("ftp://docs.example.org/report.pdf", "Only http and https"),
        ("https://elsewhere.example.com/report.pdf", "not a configured source's host"),
        ("http://127.0.0.1/report.pdf", "private, loopback or reserved"),
        ("http://[::1]/report.pdf", "private, loopback or reserved"),
    ],
)
def test_urls_outside_the_configuration_are_refused_without_a_request(tmp_path, url, reason):
    server = Recorder(lambda request: httpx.Response(200, content=PDF_BYTES))
    fetcher = Fetcher(
        fast_fetch(tmp_path / "raw", allow_private_addresses=False),
        [HOST, "127.0.0.1", "::1"],
        RawStore(tmp_path / "raw"),
        transport=httpx.MockTransport(server),
        resolve=lambda host, port: [PUBLIC_IP],
    )
    result = fetcher.fetch_document(url)
    assert reason in result.error and result.doc_id is None and result.http_status is None
    assert server.requests == [] and _stored_files(tmp_path) == []


def test_a_host_name_that_resolves_to_a_private_address_is_refused(tmp_path, server):
    """The pinning transport resolves the name (here to a public and a private address) and
    refuses before connecting: the server on 127.0.0.1 never sees a request."""
    server.file("/report.pdf", PDF_BYTES)
    settings = fast_fetch(tmp_path / "raw", allow_private_addresses=False, retries=0)
    with Fetcher(settings, [HOST], RawStore(tmp_path / "raw"), resolve=lambda host, port: [PUBLIC_IP, "10.1.2.3"]) as fetcher:
        result = fetcher.fetch_document(f"http://{HOST}:{server.httpd.server_address[1]}/report.pdf")
    assert "10.1.2.3" in result.error and "private, loopback or reserved" in result.error
    assert result.error.startswith(f"http://{HOST}:") and server.requests == []


def test_redirects_are_followed_and_each_hop_is_checked(tmp_path):
    def answer(request):
        if request.url.path == "/old.pdf":
            return httpx.Response(301, headers={"Location": "/new.pdf"})
        if request.url.path == "/new.pdf":
            return httpx.Response(200, content=PDF_BYTES)
        return httpx.Response(302, headers={"Location": "https://evil.example.net/x.pdf"})

    server = Recorder(answer)
    fetcher = _fetcher(tmp_path, server)
    moved = fetcher.fetch_document(f"https://{HOST}/old.pdf")
    assert moved.error is None and [r.url.path for r in server.requests] == ["/old.pdf", "/new.pdf"]
    away = fetcher.fetch_document(f"https://{HOST}/away.pdf")
    assert "redirected to https://evil.example.net/x.pdf" in away.error and "not a configured source's host" in away.error
    assert all(r.url.host == HOST for r in server.requests)


def test_a_redirect_loop_stops_at_the_limit(tmp_path):
    server = Recorder(lambda request: httpx.Response(302, headers={"Location": f"/loop{len(server.requests)}"}))
    result = _fetcher(tmp_path, server, max_redirects=3).fetch_document(f"https://{HOST}/loop")
    assert len(server.requests) == 4 and "More than 3 redirects" in result.error


def test_html_served_as_pdf_is_recorded_and_not_stored(tmp_path):
    server = Recorder(lambda request: httpx.Response(200, content=HTML_BYTES, headers={"Content-Type": "application/pdf"}))
    result = _fetcher(tmp_path, server).fetch_document(f"https://{HOST}/annual-report.pdf")
    assert result.http_status == 200 and result.doc_id is None
    assert "said application/pdf but sent an HTML page" in result.error and "not stored" in result.error
    assert _stored_files(tmp_path) == []


def test_a_word_file_is_not_taken_for_a_document(tmp_path):
    server = Recorder(
        lambda request: httpx.Response(200, content=b"PK\x03\x04" + b"\x00" * 100, headers={"Content-Type": "application/octet-stream"})
    )
    result = _fetcher(tmp_path, server).fetch_document(f"https://{HOST}/mgConvert2PDF.aspx?ID=7")
    assert "ZIP archive" in result.error and result.doc_id is None


def test_an_extensionless_link_is_typed_by_its_bytes(tmp_path):
    server = Recorder(lambda request: httpx.Response(200, content=PDF_BYTES, headers={"Content-Type": "application/octet-stream"}))
    result = _fetcher(tmp_path, server).fetch_document(f"https://{HOST}/mgConvert2PDF.aspx?ID=7")
    assert result.error is None and result.content_type == "application/pdf"


def test_second_fetch_is_conditional_and_an_unchanged_document_costs_a_304(tmp_path):
    def answer(request):
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=PDF_BYTES, headers={"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"})

    server = Recorder(answer)
    first_fetcher = _fetcher(tmp_path, server)
    first = first_fetcher.fetch_document(f"https://{HOST}/a.pdf")
    first_fetcher.store.save()
    second = _fetcher(tmp_path, server).fetch_document(f"https://{HOST}/a.pdf")
    assert "if-none-match" not in server.requests[0].headers
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert server.requests[1].headers["if-modified-since"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert second.http_status == 304 and second.bytes == 0 and second.doc_id == first.doc_id and second.path == first.path


def test_the_user_agent_from_config_is_sent(tmp_path):
    server = Recorder(lambda request: httpx.Response(200, content=PDF_BYTES))
    _fetcher(tmp_path, server, user_agent="extractor-research/2.0 (+mailto:team@example.org)").fetch_document(f"https://{HOST}/a.pdf")
    assert server.requests[0].headers["user-agent"] == "extractor-research/2.0 (+mailto:team@example.org)"


def test_robots_txt_that_cannot_be_read_stops_fetching_from_the_site(tmp_path):
    server = Recorder(lambda request: httpx.Response(200, content=PDF_BYTES), robots=httpx.Response(503))
    result = _fetcher(tmp_path, server, retries=0).fetch_document(f"https://{HOST}/a.pdf")
    assert server.requests == [] and "robots.txt could not be read" in result.error


def test_a_longer_crawl_delay_spaces_the_requests_and_agent_groups_follow_rfc_9309(tmp_path):
    robots = httpx.Response(200, content=b"User-agent: *\nDisallow: /\n\nUser-agent: extractor-tests\nDisallow: /drafts/\nCrawl-delay: 7\n")
    server, sleeps = Recorder(lambda request: httpx.Response(200, content=PDF_BYTES), robots=robots), []
    fetcher = _fetcher(tmp_path, server, sleeps=sleeps, min_interval_s=0.5)
    first, second = fetcher.fetch_document(f"https://{HOST}/a.pdf"), fetcher.fetch_document(f"https://{HOST}/b.pdf")
    assert first.error is None and second.error is None  # our agent's own group, not '*', applies
    assert sleeps[1] - sleeps[0] == pytest.approx(7, abs=0.1), sleeps  # b starts 7 s after a (the sleeps are not slept)
    drafts = fetcher.fetch_document(f"https://{HOST}/drafts/c.pdf")
    assert "disallows" in drafts.error and len(server.requests) == 2


# ---- against the real server on 127.0.0.1 --------------------------------------------------

from tests.webserver import Reply  # noqa: E402


def test_robots_txt_disallow_is_honoured(tmp_path, server, local_fetcher):
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    server.file("/private/report.pdf", PDF_BYTES)
    server.file("/public/report.pdf", PDF_BYTES)
    fetcher = local_fetcher()
    blocked = fetcher.fetch_document(server.url("/private/report.pdf"))
    allowed = fetcher.fetch_document(server.url("/public/report.pdf"))
    assert "disallows" in blocked.error and blocked.doc_id is None and server.seen("/private/report.pdf") == []
    assert allowed.error is None and len(server.seen("/robots.txt")) == 1  # read once per site


def test_a_slow_server_hits_the_timeout(tmp_path, server, local_fetcher):
    server.route("/slow.pdf", Reply(200, PDF_BYTES, {"Content-Type": "application/pdf"}, delay_s=5))
    started = time.monotonic()
    result = local_fetcher(read_timeout_s=0.3, retries=1, backoff_s=0.01).fetch_document(server.url("/slow.pdf"))
    assert time.monotonic() - started < 3
    assert "No answer within the timeout" in result.error and "read_timeout_s" in result.error and "tried 2 times" in result.error
    assert len(server.seen("/slow.pdf")) == 2 and result.doc_id is None


def test_an_oversized_download_is_aborted(tmp_path, server, local_fetcher):
    big = b"%PDF-1.4\n" + b"0" * 300_000
    server.route("/announced.pdf", Reply(200, big, {"Content-Type": "application/pdf"}))
    server.route("/streamed.pdf", Reply(200, big, {"Content-Type": "application/pdf"}, content_length=False))
    fetcher = local_fetcher(max_bytes=100_000)
    announced = fetcher.fetch_document(server.url("/announced.pdf"))
    streamed = fetcher.fetch_document(server.url("/streamed.pdf"))
    assert "announced 300,009 bytes, over fetch.max_bytes" in announced.error
    assert "passed fetch.max_bytes (100,000 bytes, counted as decoded) and was aborted" in streamed.error
    assert announced.doc_id is None and streamed.doc_id is None and _stored_files(tmp_path) == []
    assert list((tmp_path / "raw" / ".tmp").iterdir()) == []


def test_requests_to_one_host_are_spaced_and_limited(tmp_path, server, local_fetcher):
    for n in range(4):
        server.route(f"/doc{n}.pdf", Reply(200, PDF_BYTES[: -n - 1] if n else PDF_BYTES, {"Content-Type": "application/pdf"}, delay_s=0.1))
    fetcher = local_fetcher(min_interval_s=0.25, per_host_concurrency=1, workers=4)
    results = fetcher.fetch_documents([server.url(f"/doc{n}.pdf") for n in range(4)])
    assert all(r.error is None for r in results)
    starts = sorted(r.at for r in server.requests if r.path.startswith("/doc"))
    assert all(later - earlier >= 0.24 for earlier, later in zip(starts, starts[1:]))
    assert server.max_active == 1


def test_per_host_concurrency_allows_parallel_downloads_up_to_the_limit(tmp_path, server, local_fetcher):
    for n in range(6):
        server.route(f"/doc{n}.pdf", Reply(200, PDF_BYTES, {"Content-Type": "application/pdf"}, delay_s=0.3))
    fetcher = local_fetcher(per_host_concurrency=2, workers=6)
    fetcher.fetch_documents([server.url(f"/doc{n}.pdf") for n in range(6)])
    assert server.max_active == 2


def test_the_advice_fits_where_the_url_came_from(tmp_path):
    """A URL in config.yaml that 404s: fix config. A link found on a page that 404s: nothing to fix."""
    server = Recorder(lambda request: httpx.Response(404))
    settings = fast_fetch(tmp_path / "raw", allow_private_addresses=False)
    configured = f"https://{HOST}/named.pdf"
    fetcher = Fetcher(settings, [HOST], RawStore(tmp_path / "raw"), transport=httpx.MockTransport(server), configured=[configured])
    named, found = fetcher.fetch_document(configured), fetcher.fetch_document(f"https://{HOST}/linked.pdf")
    assert "update config.yaml" in named.error
    assert "not one in config.yaml" in found.error and "update config.yaml" not in found.error


def test_discovery_pages_have_their_own_retry_count(tmp_path):
    from extractor.errors import HTTPStatusError

    server = Recorder(lambda request: httpx.Response(500))
    fetcher = _fetcher(tmp_path, server, retries=3, page_retries=1)
    with pytest.raises(HTTPStatusError, match="tried 2 times"):
        fetcher.get_page(f"https://{HOST}/mgWebService.asmx/GetMeeting?lMeetingId=1")
    assert len(server.requests) == 2
