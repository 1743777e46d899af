"""Add URL through the real dialog and a local site: the new article opens and has the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_dialogs_support import library, local_site, settings, window  # noqa: F401

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def test_the_article_added_by_url_gets_the_keyboard(qtbot, window, local_site) -> None:  # noqa: F811
    url = local_site.url("/article/7")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.library_pane.focus_list()  # the keyboard was in the library list before Ctrl+L
    problems: list[str] = []

    def add() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(10, add)
            return
        try:
            qtbot.keyClicks(dlg.field, url)
            qtbot.keyClick(dlg.field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: dlg.job is not None and dlg.job.is_finished, timeout=20000)
        except BaseException as e:  # reported after exec() returns
            problems.append(repr(e))
        dlg.reject()

    QTimer.singleShot(0, add)
    window.act_add_url.trigger()
    assert problems == []
    [summary] = window.library.list_articles()
    assert window.current_article_id() == summary.id
    window.activateWindow()  # offscreen has no window manager to hand activation back
    qtbot.waitUntil(window.isActiveWindow)
    assert window.reader.hasFocus()
