"""The connection under the fetcher: addresses judged where the connection goes (IPv6 forms that
embed IPv4 included), the checked address the one connected to, and a deadline no server can
stretch by trickling bytes. Every attack runs against the real server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from extractor.fetch import Fetcher
from extractor.store import RawStore
from extractor.transport import is_public
from tests.helpers import CORPUS, fast_fetch
from tests.webserver import Reply

PDF_BYTES = (CORPUS / "wirral-lscb-annual-report-on-a-page-2016-17.pdf").read_bytes()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.8",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "64:ff9b::7f00:1",  # NAT64 (RFC 6052) of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the cloud metadata address
        "64:ff9b:1::a00:1",  # local-use NAT64 (RFC 8215)
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "::8.8.8.8",  # IPv4-compatible of a public address: never a real server's address
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "fec0::1",  # site-local (deprecated, still routed privately)
        "2001:db8::1",  # documentation
    ],
)
def test_private_reserved_and_embedded_private_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1"])
def test_public_addresses_and_their_embeddings_pass(address):
    assert is_public(address)


def _fetcher(tmp_path, resolve, allow_private=False, hosts=(), **overrides) -> Fetcher:
    settings = fast_fetch(tmp_path / "raw", **{"allow_private_addresses": allow_private, "retries": 0, **overrides})
    return Fetcher(settings, ["docs.test", "127.0.0.1", *hosts], RawStore(tmp_path / "raw"), resolve=resolve)


@pytest.mark.parametrize("literal", ["[64:ff9b::7f00:1]", "[::127.0.0.1]", "[fec0::1]", "[::ffff:7f00:1]", "[2002:7f00:1::1]"])
def test_ipv6_literals_that_embed_loopback_are_refused_without_a_request(tmp_path, server, literal):
    resolve = lambda host, port: pytest.fail("an address literal is not resolved")  # noqa: E731
    with _fetcher(tmp_path, resolve, hosts=[literal.strip("[]")]) as fetcher:
        result = fetcher.fetch_document(f"http://{literal}:{server.httpd.server_address[1]}/report.pdf")
    assert "private, loopback or reserved" in result.error and server.requests == []


def test_the_address_checked_is_the_address_connected_to(tmp_path, server):
    """DNS rebinding needs a check on one lookup and a connection on another. Here the only lookup
    is the transport's: `docs.test` exists for no system resolver, so the request reaching the
    server on 127.0.0.1 (with the name as Host) went to the address the check saw; and the same
    answer with private addresses refused reaches nothing."""
    server.file("/report.pdf", PDF_BYTES)
    port = server.httpd.server_address[1]
    asked: list[str] = []

    def resolve(host, port):
        asked.append(host)
        return ["127.0.0.1"]

    with _fetcher(tmp_path, resolve, allow_private=True) as fetcher:
        result = fetcher.fetch_document(f"http://docs.test:{port}/report.pdf")
    assert result.error is None and result.doc_id is not None
    assert {r.headers["host"] for r in server.requests} == {f"docs.test:{port}"} and set(asked) == {"docs.test"}
    server.requests.clear()
    with _fetcher(tmp_path, resolve) as fetcher:
        refused = fetcher.fetch_document(f"http://docs.test:{port}/report.pdf")
    assert "127.0.0.1" in refused.error and "private, loopback or reserved" in refused.error and server.requests == []


def test_a_server_trickling_the_body_is_cut_off_at_the_total_timeout(tmp_path, server):
    server.route("/slow.pdf", Reply(200, PDF_BYTES[:400], {"Content-Type": "application/pdf"}, trickle_s=0.05))  # 20 s in all
    with _fetcher(tmp_path, lambda host, port: ["127.0.0.1"], allow_private=True, total_timeout_s=1.0, read_timeout_s=2.0, retries=2) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch_document(server.url("/slow.pdf"))
        elapsed = time.monotonic() - started
    print(f"trickled body cut off after {elapsed:.2f} s (total_timeout_s 1.0)")
    assert elapsed < 1.0 + 2.0
    assert "fetch.total_timeout_s (1 s)" in result.error and "during the download" in result.error
    assert len(server.seen("/slow.pdf")) == 1 and result.doc_id is None  # not retried: it would trickle again


def test_a_server_trickling_its_headers_is_cut_off_at_the_total_timeout(tmp_path, server):
    server.route(
        "/slow.pdf", Reply(200, PDF_BYTES[:10], {"Content-Type": "application/pdf", "X-Padding": "x" * 300}, trickle_s=0.05, trickle_headers=True)
    )
    with _fetcher(tmp_path, lambda host, port: ["127.0.0.1"], allow_private=True, total_timeout_s=1.0, read_timeout_s=2.0) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch_document(server.url("/slow.pdf"))
        elapsed = time.monotonic() - started
    print(f"trickled headers cut off after {elapsed:.2f} s (total_timeout_s 1.0)")
    assert elapsed < 1.0 + 2.0
    assert "fetch.total_timeout_s" in result.error and "before the headers arrived" in result.error


def test_a_trickling_discovery_page_is_cut_off_too(tmp_path, server):
    from extractor.errors import FetchFailed

    server.route("/listing/", Reply(200, b"<html>" + b" " * 400 + b"</html>", {"Content-Type": "text/html"}, trickle_s=0.05))
    with _fetcher(tmp_path, lambda host, port: ["127.0.0.1"], allow_private=True, total_timeout_s=1.0, page_retries=3) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchFailed, match="total_timeout_s"):
            fetcher.get_page(server.url("/listing/"))
    assert time.monotonic() - started < 3.0 and len(server.seen("/listing/")) == 1


def test_checked_addresses_are_tried_in_order_until_one_answers(tmp_path, server):
    """The server listens on 127.0.0.1 only: ::1 refuses, the next checked address answers."""
    server.file("/report.pdf", PDF_BYTES)
    with _fetcher(tmp_path, lambda host, port: ["::1", "127.0.0.1"], allow_private=True) as fetcher:
        result = fetcher.fetch_document(f"http://docs.test:{server.httpd.server_address[1]}/report.pdf")
    assert result.error is None and result.doc_id is not None


def test_a_stalling_name_lookup_is_cut_off_at_the_total_timeout(tmp_path, server):
    def stall(host, port):
        time.sleep(5)
        return ["127.0.0.1"]

    with _fetcher(tmp_path, stall, allow_private=True, total_timeout_s=1.0) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch_document(f"http://docs.test:{server.httpd.server_address[1]}/report.pdf")
        elapsed = time.monotonic() - started
    assert elapsed < 3.0 and "fetch.total_timeout_s" in result.error and server.requests == []
