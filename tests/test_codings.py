"""Compressed bodies decoded a slice at a time: a small body cannot flood memory before it is
counted, and stacked encodings are refused. The attacks are served from 127.0.0.1."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from extractor.codings import SLICE_BYTES, CodingError, Decoder
from extractor.errors import ContentMismatch, DownloadTooLarge
from tests.helpers import CORPUS
from tests.webserver import Reply

PDF_BYTES = (CORPUS / "wirral-lscb-annual-report-on-a-page-2016-17.pdf").read_bytes()
MB = 1 << 20


def _bomb(megabytes: int) -> bytes:
    """`megabytes` MB of zeros as gzip: one 8 MB member repeated (a valid multi-member gzip)."""
    member = gzip.compress(b"\0" * 8 * MB, compresslevel=9)
    return member * (megabytes // 8)


def test_a_decoder_never_yields_more_than_a_slice():
    decoder = Decoder("gzip")
    pieces = list(decoder.feed(_bomb(16)))
    assert max(map(len, pieces)) <= SLICE_BYTES and sum(map(len, pieces)) == 16 * MB


def test_deflate_with_or_without_the_zlib_wrapper_and_identity():
    text = b"Safeguarding in Anytown, 2031-32. " * 500
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    for header, body in [("deflate", zlib.compress(text)), ("deflate", raw.compress(text) + raw.flush()), ("identity", text), (None, text)]:
        decoder = Decoder(header)
        assert b"".join(decoder.feed(body)) + decoder.flush() == text


@pytest.mark.parametrize("header", ["gzip, gzip", "gzip,deflate", "br", "compress"])
def test_stacked_and_unasked_for_codings_are_refused(header):
    with pytest.raises(CodingError):
        Decoder(header)


def _peak_mb(action) -> tuple[object, float]:
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def test_a_stacked_gzip_body_is_refused_with_little_memory(tmp_path, server, local_fetcher):
    """gzip inside gzip: 2 KB on the wire, 1 GB after two rounds of decoding."""
    stacked = gzip.compress(_bomb(1024), compresslevel=9)
    assert len(stacked) < 20_000
    server.route("/bomb.pdf", Reply(200, stacked, {"Content-Type": "application/pdf", "Content-Encoding": "gzip, gzip"}))
    server.route("/listing/", Reply(200, stacked, {"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"}))
    fetcher = local_fetcher()
    result, peak = _peak_mb(lambda: fetcher.fetch_document(server.url("/bomb.pdf")))
    print(f"stacked gzip ({len(stacked):,} bytes, 1 GB decoded): peak {peak:.1f} MB traced")
    assert peak < 300 and result.doc_id is None
    assert "2 content-codings (gzip, gzip)" in result.error and len(server.seen("/bomb.pdf")) == 1
    with pytest.raises(ContentMismatch, match="content-codings"):
        fetcher.get_page(server.url("/listing/"))


def test_a_gzip_bomb_is_aborted_at_max_bytes_as_it_is_decoded(tmp_path, server, local_fetcher):
    """One layer of gzip, 1 MB on the wire and 1 GB decoded: stopped at fetch.max_bytes (16 MB)
    without ever holding more than a slice of the decoded bytes."""
    bomb = _bomb(1024)
    server.route("/bomb.pdf", Reply(200, bomb, {"Content-Type": "application/pdf", "Content-Encoding": "gzip"}))
    server.route("/listing/", Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    fetcher = local_fetcher(max_bytes=16 * MB, max_page_bytes=4 * MB)
    started = time.monotonic()
    result, peak = _peak_mb(lambda: fetcher.fetch_document(server.url("/bomb.pdf")))
    print(f"gzip bomb ({len(bomb):,} bytes, 1 GB decoded): peak {peak:.1f} MB traced, {time.monotonic() - started:.2f} s")
    assert peak < 300 and result.doc_id is None
    assert "passed fetch.max_bytes (16,777,216 bytes, counted as decoded)" in result.error
    assert list((tmp_path / "raw" / ".tmp").iterdir()) == []
    with pytest.raises(DownloadTooLarge, match="fetch.max_page_bytes"):
        _peak_mb(lambda: fetcher.get_page(server.url("/listing/")))


def test_a_gzip_document_is_stored_decoded(tmp_path, server, local_fetcher):
    server.route("/report.pdf", Reply(200, gzip.compress(PDF_BYTES), {"Content-Type": "application/pdf", "Content-Encoding": "gzip"}))
    result = local_fetcher().fetch_document(server.url("/report.pdf"))
    assert result.error is None and result.path.read_bytes() == PDF_BYTES and result.bytes == len(PDF_BYTES)
