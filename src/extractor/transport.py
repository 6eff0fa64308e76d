"""The network under the fetcher: the address checked is the address connected to, and no read
waits past the request's deadline.

`PinnedTransport` is httpx's own transport with one network backend swapped in. The backend
resolves a host name once, refuses the connection when any address is private, loopback or
reserved (IPv6 forms that embed an IPv4 address are judged by that address), and connects to
the addresses it checked, in order, until one answers; TLS still uses the host name (SNI and
certificate), and httpx still sends the name in the Host header. So a name that resolves to a
public address when checked and a private one when connecting (DNS rebinding) cannot reach the
private one.

The name lookup, and every read, write and handshake on the connection, is given at most the
time left before the deadline set with `deadline(...)` around a request, so a server that
trickles its headers or body a byte at a time is cut off at `fetch.total_timeout_s`, not at the
next chunk.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from .errors import FetchFailed, Refused

Resolver = Callable[[str, int], list[str]]

NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d (and :: and ::1)

_deadline: ContextVar[float | None] = ContextVar("fetch_deadline", default=None)


class DeadlinePassed(httpcore.ReadTimeout):
    """The request's total time ran out (not one silence longer than the read timeout)."""


def resolve_addresses(host: str, port: int) -> list[str]:
    """Every address the host name resolves to, in the resolver's order (all are checked)."""
    found = [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    return list(dict.fromkeys(found))


def is_public(address: str) -> bool:
    """A globally routable unicast address. IPv4 embedded in IPv6 (mapped, NAT64, 6to4) is judged
    by the IPv4 address; IPv4-compatible, local NAT64, Teredo and site-local addresses never pass."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in IPV4_COMPATIBLE or ip in NAT64_LOCAL or ip.is_site_local or ip.teredo is not None:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if embedded is not None:
            return embedded.is_global and not embedded.is_multicast
    return ip.is_global and not ip.is_multicast


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every network operation of this thread inside the block ends by `seconds` from now."""
    until = time.monotonic() + seconds
    token = _deadline.set(until)
    try:
        yield until
    finally:
        _deadline.reset(token)


def deadline_passed() -> bool:
    until = _deadline.get()
    return until is not None and time.monotonic() >= until


def _within_deadline(timeout: float | None) -> float | None:
    until = _deadline.get()
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("fetch.total_timeout_s passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation is bounded by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        bounded = _within_deadline(timeout)
        try:
            return self._inner.read(max_bytes, bounded)
        except httpcore.ReadTimeout as exc:
            if deadline_passed():
                raise DeadlinePassed("fetch.total_timeout_s passed") from exc
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _within_deadline(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, resolve: Resolver, allow_private: bool) -> None:
        self._resolve, self._allow_private = resolve, allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | None = None
        for address in self.addresses_for(host, port):  # in the resolver's order, as the system would
            try:
                stream = self._inner.connect_tcp(address, port, _within_deadline(timeout), local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None
        raise failure

    def addresses_for(self, host: str, port: int) -> list[str]:
        """Resolve once; every address must pass before any is connected to."""
        host = host.strip("[]")
        try:
            addresses = [host] if is_ip(host) else self._resolve_within_deadline(host, port)
        except OSError as exc:
            raise FetchFailed(host, f"The host name could not be resolved ({exc}).") from exc
        if not addresses:
            raise FetchFailed(host, "The host name resolved to no address.")
        if not self._allow_private:
            for address in addresses:
                if not is_public(address):
                    raise Refused(
                        host,
                        f"{host} is a private, loopback or reserved address ({address}); such addresses are "
                        "fetched only when fetch.allow_private_addresses is true (tests).",
                    )
        return addresses

    def _resolve_within_deadline(self, host: str, port: int) -> list[str]:
        """The lookup in a daemon thread, abandoned at the deadline: a stalling name server is a
        stalling server too."""
        if _deadline.get() is None:
            return self._resolve(host, port)
        answer: dict[str, Any] = {}

        def lookup() -> None:
            try:
                answer["addresses"] = self._resolve(host, port)
            except OSError as exc:
                answer["error"] = exc

        worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
        worker.start()
        worker.join(_within_deadline(None))
        if worker.is_alive():
            raise DeadlinePassed("fetch.total_timeout_s passed while resolving the host name")
        if "error" in answer:
            raise answer["error"]
        return list(answer["addresses"])

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise Refused(path, "Unix sockets are never fetched.")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport, with the connection pool built on the pinning, deadline-bound backend."""

    def __init__(self, resolve: Resolver = resolve_addresses, allow_private: bool = False) -> None:
        super().__init__(trust_env=False)  # no proxy from the environment: the connected address is ours
        # httpx does not take a network backend; its pool does (the one attribute replaced)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PinnedBackend(resolve, allow_private),
        )
