"""A window made with ``staged=True`` paints before it builds the reader view and the highlights list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import add_text

ROOT = Path(__file__).resolve().parents[2]


def test_staged_window_paints_first_then_builds_the_rest(qtbot, ui_library, ui_settings) -> None:
    from reader.ui.window import MainWindow

    art = add_text(ui_library, "The council met on Monday.\n\nIt is worth noting that it rained.")
    ui_settings.set("dim_filler", True)
    ui_settings.set("sentence_mode", True)
    w = MainWindow(ui_library, ui_settings, staged=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert not w.has_reader()  # painted without it
    assert w.highlights_pane._view is None
    assert not w.library_pane.search.isClearButtonEnabled()
    assert w.library_pane.selected_id() is None and w.stack.currentWidget() is w.empty
    assert w.act_suggest in w.main_toolbar.actions() and w.tools_menu.isEmpty()  # no layout shift later

    w.finish_building()
    assert w.has_reader() and w.stack.indexOf(w.reader) >= 0
    assert w.reader.dim_filler and w.reader.sentence_mode  # the remembered view settings reach it
    assert w.suggestions.act_toggle is w.act_suggest
    assert [a.text() for a in w.tools_menu.actions() if a.text()] == ["&Sites…", "&Reset Suggestion Model…"]
    assert w.refresher.act_refresh.shortcuts()
    assert w.library_pane.search.isClearButtonEnabled()
    w.finish_building()  # once only
    assert w.stack.count() == 2

    w.open_article(art.id)
    w.reader.select_span(0, 7)
    qtbot.keyClick(w.reader, "1")
    [h] = ui_library.highlights(art.id)
    assert (h.start, h.end, h.label) == (0, 26, "fact")  # sentence mode: the whole sentence
    assert [r.id for r in w.highlights_pane.model.rows] == [h.id]
    assert w.highlights_pane.view.isVisible()


def test_touching_the_reader_early_builds_it(qtbot, ui_library, ui_settings) -> None:
    from reader.ui.window import MainWindow

    w = MainWindow(ui_library, ui_settings, staged=True)
    qtbot.addWidget(w)
    assert not w.has_reader()
    assert w.reader.labels  # built on first touch, with the library's labels
    assert w.has_reader() and w.highlights_pane._view is not None


def test_first_paint_needs_neither_the_reader_view_nor_the_cards(tmp_path) -> None:
    """The modules of the reader view, the highlight cards, the block model, statistics and json are
    imported only after the first paint, and PySide reads no module's source meanwhile."""
    code = (
        "import sys, pathlib, inspect\n"
        "read = []\n"
        "source = inspect.getsource\n"
        "def spy_source(obj):\n"
        "    read.append(getattr(obj, '__name__', '?'))\n"
        "    return source(obj)\n"
        "inspect.getsource = spy_source\n"
        "import reader.ui.startup as s\n"
        "orig = s.StartupWork.eventFilter\n"
        "def spy(self, obj, event):\n"
        "    if not self.painted and obj is self.window and event.type() == s._PAINT:\n"
        "        late = ('reader.ui.reader_view', 'reader.ui.highlight_cards', 'reader.ui.document',\n"
        "                'reader.blocks', 'reader.stats', 'json')\n"
        "        print('early', *[m for m in late if m in sys.modules], flush=True)\n"
        "        print('sources read:', *[m for m in read if m.startswith(('reader.st', 'reader.ui.w'))])\n"
        "        import PySide6.QtWidgets as w\n"
        "        print('QStyle class made:', 'QStyle' in w.__dict__, flush=True)\n"
        "        w.QApplication.instance().setStyleSheet('')  # to see the style under Sift's stylesheet\n"
        "        print('style', w.QApplication.style().metaObject().className(), flush=True)\n"
        "    return orig(self, obj, event)\n"
        "s.StartupWork.eventFilter = spy\n"
        "import reader.ui.app as a\n"
        "code = a.run(pathlib.Path(sys.argv[1]), [])\n"
        "import gc; print('gc', gc.isenabled(), flush=True); sys.exit(code)\n"
    )
    from reader.store import Library

    db = tmp_path / "library.db"
    Library(db).close()
    env = {
        "SIFT_EXIT_AFTER_PAINT": "1",
        "XDG_CONFIG_HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
    }
    res = subprocess.run(
        [sys.executable, "-c", code, str(db)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "early" in lines  # none of them
    # PySide's import hook (for ``__feature__``) no longer reads the source of each module imported
    assert "sources read:" in lines
    assert "gc True" in lines  # start-up turned the collector off and back on
    # PySide builds its QStyle class (~6 ms) only when asked for it: Fusion is set without asking
    assert "QStyle class made: False" in lines and "style QFusionStyle" in lines
