"""robots.txt, read once per site and parsed by protego (RFC 9309).

A robots.txt that answers 4xx allows everything; one that answers 5xx or not at all means the
site is not fetched until it can be read (in a later run). A Crawl-delay is handed to the caller
(the fetcher spaces its requests by it when it is longer than `fetch.min_interval_s`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from .errors import FetchError, HTTPStatusError, RobotsDisallowed

ROBOTS_PATH = "/robots.txt"


@dataclass(frozen=True)
class _Rules:
    parser: Protego | None
    problem: str | None = None  # robots.txt could not be read: fetch nothing from the site


class Robots:
    """The rules of every site asked about, read with `read(robots_url) -> bytes` (which raises
    `FetchError` or `httpx.HTTPError` when it cannot)."""

    def __init__(self, user_agent: str, read: Callable[[str], bytes], on_delay: Callable[[str, float], None]) -> None:
        self.user_agent = user_agent
        self._read, self._on_delay = read, on_delay
        self._rules: dict[str, _Rules] = {}
        self._lock = threading.Lock()

    def check(self, url: str, current: str) -> None:
        """Raise `RobotsDisallowed` (about `url`) when `current`, a hop of it, may not be fetched."""
        origin = origin_of(current)
        with self._lock:
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._rules[origin] = self._fetch(origin)
        if rules.problem is not None:
            raise RobotsDisallowed(url, rules.problem)
        assert rules.parser is not None
        if not rules.parser.can_fetch(current, self.user_agent):
            raise RobotsDisallowed(url, f"{origin}{ROBOTS_PATH} disallows {current} for our user agent.")

    def _fetch(self, origin: str) -> _Rules:
        robots_url = origin + ROBOTS_PATH
        try:
            content = self._read(robots_url)
        except HTTPStatusError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return _Rules(Protego.parse(""))
            return _Rules(None, f"{robots_url} could not be read ({exc.detail}); nothing is fetched from the site until it can.")
        except (FetchError, httpx.HTTPError) as exc:
            return _Rules(None, f"{robots_url} could not be read ({exc}); nothing is fetched from the site until it can.")
        parser = Protego.parse(content.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self._on_delay(origin, float(delay))
        return _Rules(parser)


def origin_of(url: str) -> str:
    """'https://Example.org:8443/a?b' -> 'https://example.org:8443'."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
