from __future__ import annotations

import pytest

from tests.browser import Browser, chromium_or_fail


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session's page tests; fails (never skips) when Chromium is missing."""
    with Browser(chromium_or_fail()) as chromium:
        yield chromium
