"""A real HTTP server on 127.0.0.1 for the fetch and source tests: routes set per test, every
request recorded (path, headers, time), static files answered with ETag / Last-Modified and 304s."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"


@dataclass
class Request:
    path: str  # with the query
    headers: dict[str, str]
    at: float
    ended: float = 0.0

    @property
    def query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before the status line: a slow server
    content_length: bool = True  # False: the body is delimited by closing the connection
    trickle_s: float = 0.0  # seconds between bytes of the body: a server that never quite stops
    trickle_headers: bool = False  # trickle the status line and headers too


Handler = Callable[[Request], Reply]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that drops the connection (a probe, a timeout) is expected here, not an error."""


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._active = 0
        self.max_active = 0
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server._serve(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler | Reply) -> None:
        """Answer `path` (exact, with its query; or without a query, for any query)."""
        self.routes[path] = handler if callable(handler) else (lambda request, reply=handler: reply)

    def file(self, path: str, data: bytes, content_type: str = "application/pdf") -> None:
        """A static document with validators; a conditional request that matches gets a 304."""

        def answer(request: Request) -> Reply:
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if request.headers.get("if-none-match") == etag:
                return Reply(304, headers=validators)
            return Reply(200, data, {"Content-Type": content_type, **validators})

        self.route(path, answer)

    def seen(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def start(self) -> WebServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()
        self.max_active = 0

    def _trickle(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        head = f"HTTP/1.1 {reply.status} OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in reply.headers.items())
        head += f"Content-Length: {len(reply.body)}\r\n\r\n"
        handler.close_connection = True
        slow = head.encode() if reply.trickle_headers else b""
        if not reply.trickle_headers:
            handler.wfile.write(head.encode())
        for byte in slow + reply.body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            if self._stopping.wait(reply.trickle_s):
                return

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        request = Request(handler.path, {k.lower(): v for k, v in handler.headers.items()}, time.monotonic())
        with self._lock:
            self.requests.append(request)
            self._active += 1
            self.max_active = max(self.max_active, self._active)
        try:
            route = self.routes.get(handler.path) or self.routes.get(urlsplit(handler.path).path)
            reply = route(request) if route else Reply(404, b"<html><title>Not found</title></html>", {"Content-Type": "text/html"})
            if reply.delay_s and self._stopping.wait(reply.delay_s):
                return
            if reply.trickle_s:
                self._trickle(handler, reply)
                return
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            if reply.content_length:
                handler.send_header("Content-Length", str(len(reply.body)))
            else:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            handler.end_headers()
            if reply.status != 304:
                handler.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or an aborted download): that is the point of some tests
        finally:
            request.ended = time.monotonic()
            with self._lock:
                self._active -= 1
