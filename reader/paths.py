"""Where Sift keeps things: the library file, settings, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "sift-reader"


def default_db_path() -> Path:
    """The library file: ``$SIFT_DB`` if set, else ``library.db`` in the user data folder."""
    env = os.environ.get("SIFT_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs  # here, not at the top: the window's start-up does not need it

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library.db"


def config_dir() -> Path:
    """The user's settings folder for Sift."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def resources_dir() -> Path:
    """The ``resources/`` folder: in a PyInstaller bundle, a source checkout, or an installed wheel."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("reader.resources")  # the wheel's copy (see pyproject.toml)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Sift's resources are missing from this installation; reinstall sift-reader.")
    return Path(next(iter(spec.submodule_search_locations)))


def sample_article_path() -> Path:
    """The sample article a new library starts with."""
    return resources_dir() / "sample-article.html"
