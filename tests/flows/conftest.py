from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect():
    """One ephemeral Prefect server for every flow test in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
