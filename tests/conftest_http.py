"""Pytest fixtures for the real 127.0.0.1 test server (use ``pytest_plugins = ["conftest_http"]``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpserver import TestServer, hostile_routes


@pytest.fixture
def http_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestServer]:
    """A started server on 127.0.0.1 with the fixture pages and hostile routes; proxies disabled for it."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    srv = TestServer()
    hostile_routes(srv)
    srv.start()
    yield srv
    srv.stop()
