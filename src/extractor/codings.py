"""Content-Encoding decoded a slice at a time, so a small compressed body cannot become a huge one
in memory before it is counted.

httpx decodes each network chunk whole: 64 KB of gzip can be 64 MB decoded, and gzip inside gzip
multiplies that again. Here the raw bytes go through zlib with an output limit (`SLICE_BYTES` per
call), and the fetcher counts each slice against `fetch.max_bytes` as it is produced. One
content-coding at most is accepted (gzip, deflate or identity); a stacked one (`gzip, gzip`) or
an unknown one is refused, since we never ask for them (`ACCEPT_ENCODING`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

ACCEPT_ENCODING = "gzip, deflate"
SLICE_BYTES = 64 * 1024
SUPPORTED = ("gzip", "x-gzip", "deflate")


class CodingError(ValueError):
    """The body's content-coding is refused, or the body does not decode."""


def codings(header: str | None) -> list[str]:
    """The content-codings applied, in order, without `identity`."""
    return [part.strip().lower() for part in (header or "").split(",") if part.strip() and part.strip().lower() != "identity"]


class Decoder:
    """Raw body bytes in, decoded slices of at most `SLICE_BYTES` out."""

    def __init__(self, header: str | None) -> None:
        applied = codings(header)
        if len(applied) > 1:
            raise CodingError(
                f"The server applied {len(applied)} content-codings ({', '.join(applied)}); only one is accepted, "
                "since stacked compression can expand without bound."
            )
        if applied and applied[0] not in SUPPORTED:
            raise CodingError(f"The server used the content-coding '{applied[0]}', which was not asked for ({ACCEPT_ENCODING}).")
        self.coding = applied[0] if applied else None
        self._zlib = self._new() if self.coding else None
        self._started = False

    def _new(self, raw_deflate: bool = False) -> zlib._Decompress:
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            for start in range(0, len(data), SLICE_BYTES):
                yield data[start : start + SLICE_BYTES]
            return
        while data:
            try:
                out = self._zlib.decompress(data, SLICE_BYTES)
            except zlib.error as exc:
                if self.coding == "deflate" and not self._started:  # some servers send raw deflate
                    self._zlib, self._started = self._new(raw_deflate=True), True
                    continue
                raise CodingError(f"The {self.coding} body does not decode ({exc}).") from exc
            self._started = True
            if out:
                yield out
            if self._zlib.eof:
                data = self._zlib.unused_data
                if data and self.coding != "deflate":  # gzip may have several members
                    self._zlib = self._new()
                    continue
                return
            data = self._zlib.unconsumed_tail

    def flush(self) -> bytes:
        if self._zlib is None or self._zlib.eof:
            return b""
        try:
            return self._zlib.flush(SLICE_BYTES)
        except zlib.error as exc:
            raise CodingError(f"The {self.coding} body is truncated ({exc}).") from exc
