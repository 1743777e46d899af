"""Where Sift keeps things: the library file, settings, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "sift-reader"


def default_db_path() -> Path:
    """The library file: ``$SIFT_DB`` if set, else ``library.db`` in the user data folder."""
    env = os.environ.get("SIFT_DB")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library.db"


def config_dir() -> Path:
    """The user's settings folder for Sift."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (beside the package, or inside a PyInstaller bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_article_path() -> Path:
    """The sample article a new library starts with."""
    return resources_dir() / "sample-article.html"
