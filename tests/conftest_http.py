"""Pytest fixtures for the real 127.0.0.1 test server (use ``pytest_plugins = ["conftest_http"]``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpserver import TestServer, hostile_routes


@pytest.fixture
def http_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestServer]:
    """A started server on 127.0.0.1 with the fixture pages and hostile routes.

    Proxy variables are cleared and the settings folder (where the login host list lives) is a fresh
    temporary one, so no real user setting can change what a test sees.
    """
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    srv = TestServer()
    hostile_routes(srv)
    srv.start()
    yield srv
    srv.stop()
