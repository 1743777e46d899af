"""Keyboard only, through the real window: Ctrl+L add a URL → read → select → 1 → Ctrl+E export CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from test_dialogs_support import library, local_site, settings, window  # noqa: F401

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def _when_modal(qtbot, act: Callable[[QDialog], None], log: list[str]) -> None:
    """Run ``act`` on the next modal dialog once it is shown (the window runs it with exec())."""

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(10, poll)
            return
        try:
            dlg.activateWindow()  # offscreen has no window manager to activate it
            qtbot.waitUntil(dlg.isActiveWindow)
            act(dlg)
        except BaseException as e:  # surface it after exec() returns instead of losing it in Qt
            log.append(f"{type(e).__name__}: {e}")
            dlg.reject()

    QTimer.singleShot(0, poll)


def test_keyboard_only_add_paint_export(qtbot, window, local_site, tmp_path) -> None:  # noqa: F811
    url = local_site.url("/article/42")
    out = tmp_path / "flow.csv"
    problems: list[str] = []
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # Ctrl+L, type the address, Enter; when it is added, Esc closes the dialog.
    def add(dlg: QDialog) -> None:
        assert type(dlg).__name__ == "AddUrlDialog"
        qtbot.keyClicks(dlg.field, url)
        qtbot.keyClick(dlg.field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dlg.job is not None and dlg.job.is_finished, timeout=20000)
        assert dlg.status_texts() == [(url, "✓ added “Lowmere harbour traffic report 42”")]
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    _when_modal(qtbot, add, problems)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert problems == []
    [summary] = window.library.list_articles()
    assert window.current_article_id() == summary.id  # the new article opened

    # Select the first sentence of the body by keyboard and press 1.
    article = window.library.get_article(summary.id)
    sentence = "The harbour authority in Lowmere counted 42 container ships in March"
    start = article.text.index(sentence)
    view = window.reader
    # Offscreen there is no window manager to hand activation back after the dialog closes.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tabs = 0
    while not view.hasFocus() and tabs < 12:  # Tab through the window to the reading page
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        tabs += 1
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    while view.caret_offset() < start:  # walk down to the paragraph with the arrow keys
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.caret_offset() == start
    for _ in range(len(sentence.split())):
        qtbot.keyClick(
            view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    qtbot.keyClick(view, Qt.Key.Key_1)
    [h] = window.library.highlights(summary.id)
    assert (h.label, h.start, h.end, h.exact) == ("fact", start, start + len(sentence), sentence)

    # Ctrl+E, Alt+S to the file field, type the path, Enter exports; Esc closes.
    def export(dlg: QDialog) -> None:
        assert type(dlg).__name__ == "ExportDialog"
        qtbot.keyClick(dlg, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        assert dlg.focusWidget() is dlg.path_edit
        qtbot.keyClick(dlg.path_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dlg.path_edit, str(out))
        qtbot.keyClick(dlg.path_edit, Qt.Key.Key_Return)
        assert dlg.result.text() == f"Wrote 1 highlight to {out}."
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    _when_modal(qtbot, export, problems)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert problems == []
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["article_url"], r["label"], r["start"], r["end"], r["exact"]) for r in rows] == [
        (url, "fact", str(start), str(start + len(sentence)), sentence)
    ]
