"""Headless Chromium driven over the Chrome DevTools Protocol, for tests that open a page as a person would.

Debian's `chromium` (installed by .ci/run when missing) with a fresh profile, no network
services, and a websocket to one page: load a file, wait for a condition, collect console
errors, uncaught exceptions and dialogs (an `alert()` would be one), evaluate JavaScript, save
a full-page screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Self

from websockets.sync.client import connect

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
    "--hide-scrollbars",
    "--mute-audio",
]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
START_TIMEOUT_S = 20.0


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium with one page. Use as a context manager."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900) -> None:
        self.executable, self.width, self.height = executable, width, height
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self._ids = itertools.count(1)

    def __enter__(self) -> Self:
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={self.width},{self.height}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = self._devtools_url()
        page = self._page_target(url)
        self.socket = connect(page, max_size=None, open_timeout=START_TIMEOUT_S)
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height, deviceScaleFactor=1, mobile=False)
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # closing is best effort
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _devtools_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT_S
        seen = []
        assert self.process.stderr is not None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                return match.group(1)
        raise RuntimeError(f"Chromium did not start ({self.executable}): {''.join(seen[-20:])}")

    def _page_target(self, browser_url: str) -> str:
        port = re.search(r"ws://[^:/]+:(\d+)/", browser_url).group(1)  # type: ignore[union-attr]
        import urllib.request

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
                targets = json.load(response)
            pages = [target for target in targets if target.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        raise RuntimeError("Chromium opened no page")

    # --- protocol ---

    def send(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def _receive(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer from Chromium in time")
        message = json.loads(self.socket.recv(timeout=remaining))
        self._event(message)
        return message

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console_errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.console_errors.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self.socket.send(json.dumps({"id": next(self._ids), "method": "Page.handleJavaScriptDialog", "params": {"accept": True}}))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def pump(self, seconds: float) -> None:
        """Handle events for a while (console messages, dialogs)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self._receive(deadline)
            except TimeoutError:
                return

    # --- actions ---

    def open(self, path: Path, timeout: float = 20.0) -> None:
        """Load the file and wait for its load event; what earlier pages logged is forgotten."""
        self.console_errors.clear()
        self.dialogs.clear()
        self.requests.clear()
        self.send("Page.navigate", url=path.resolve().as_uri())
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("method") == "Page.loadEventFired":
                return

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            self.pump(0.1)
        raise TimeoutError(f"waited {timeout:.0f} s for: {expression}")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": self.width, "height": min(int(size["height"]), 16000), "scale": 1}
        data = self.send("Page.captureScreenshot", timeout=60.0, **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


def chromium_or_fail() -> str:
    """Chromium's path, or a test failure saying how to install it (never a silent skip)."""
    import pytest

    executable = os.environ.get("CHROMIUM") or find_chromium()
    if not executable:
        pytest.fail(
            "Chromium is not installed, so the report cannot be checked in a browser. "
            "Install Debian's package (`apt-get install -y chromium`; .ci/run does this when run as root) "
            "or set CHROMIUM to a Chromium executable."
        )
    return executable
