"""Test set-up shared by every test: Qt offscreen, keyring tests gated on a real Secret Service."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before anything can create a QApplication: no display here, and Qt aborts silently without one.
os.environ["QT_QPA_PLATFORM"] = os.environ.get("SIFT_TEST_QPA", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip keyring tests outside tests/with-keyring.sh (make test always runs them)."""
    if os.environ.get("SIFT_KEYRING_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="needs a real Secret Service: run via `make test`")
    for item in items:
        if "keyring" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh library path in a temporary folder."""
    return tmp_path / "library.db"


@pytest.fixture
def library(db_path: Path):
    """A real, empty library file in a temporary folder (closed after the test)."""
    from reader.store import Library

    lib = Library(db_path)
    yield lib
    lib.close()


@pytest.fixture
def shared_dir() -> Path:
    """The read-only shared data folder beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def python_exe() -> str:
    """The interpreter running the tests (for subprocess tests)."""
    return sys.executable
