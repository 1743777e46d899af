"""Fixtures for the window tests: a real Library in tmp_path, ini-file Settings, a shown MainWindow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.blocks import Block, blocks_from_text, normalize_blocks
from reader.models import ArticleContent, Label

# Fact and filler as a new library has them (colours, keys).
LABELS = [Label("fact", "#7ccf8a", "1"), Label("filler", "#f2b36b", "2")]

EMOJI_TEXT = (
    "Storm 🌧️ over the bay 😀😀. The council met on Monday 🗓️ and voted 9 to 2 to keep the nets.\n\n"
    "Café owners — naïve or not — said the plan is “e\u0301lan” itself 👍🏽. "
    "It is worth noting that this matters.\n\n"
    "Engineers said 46 nets produced 5,100 litres a day. Only time will tell what this means for us all."
)


HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The offscreen platform warns whenever a window's size hints change: not a defect of ours."""
    mark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(mark)


@pytest.fixture
def ui_library(tmp_path: Path) -> Iterator:
    """An empty Library in a temporary folder (closed afterwards)."""
    from reader.store import Library

    lib = Library(tmp_path / "library.db")
    yield lib
    lib.close()


@pytest.fixture
def ui_settings(tmp_path: Path):
    """Settings stored in an ini file in tmp_path (never the user's)."""
    from reader.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


def add_text(library, text: str, title: str = "Test article", **kw):
    """Store plain text (blank lines separate paragraphs) as an article."""
    return library.add_article(ArticleContent(blocks_from_text(text), title=title), **kw)


def add_blocks(library, blocks: list[Block], title: str = "Blocks", **kw):
    """Store explicit blocks as an article."""
    return library.add_article(ArticleContent(normalize_blocks(blocks), title=title), **kw)


@pytest.fixture
def main_window(qtbot, ui_library, ui_settings):
    """A shown MainWindow over the temporary library (hint banner off)."""
    from reader.ui.window import MainWindow

    ui_settings.set("show_hint", False)
    w = MainWindow(ui_library, ui_settings)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def view(qtbot):
    """A shown ReaderView (800×600) that knows fact and filler."""
    from reader.ui.reader_view import ReaderView

    v = ReaderView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    qtbot.waitExposed(v)
    v.set_labels(LABELS)
    return v
