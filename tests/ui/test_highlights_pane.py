"""The highlights pane: rows follow the article, click reveals, N edits the note, Delete is undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.note_editor import NoteEditor
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui

TEXT = "Alpha beta gamma delta. Epsilon zeta eta theta.\n\nIota kappa lambda mu."


@pytest.fixture
def painted(main_window, ui_library):
    a = add_text(ui_library, TEXT)
    ui_library.paint(a.id, 0, 10, "fact")
    ui_library.paint(a.id, a.text.index("Iota"), a.text.index(" mu"), "filler", note="stock phrase?")
    main_window.refresh_library()
    main_window.open_article(a.id)
    return a


def test_rows_show_the_highlights_in_text_order(main_window, painted) -> None:
    rows = main_window.highlights_pane.model.rows
    assert [(h.label, h.exact, h.note) for h in rows] == [
        ("fact", "Alpha beta", ""),
        ("filler", "Iota kappa lambda", "stock phrase?"),
    ]
    assert main_window.highlights_pane.view.grab().width() > 0


def test_click_scrolls_to_and_selects_the_highlight(main_window, painted, qtbot) -> None:
    pane = main_window.highlights_pane
    rect = pane.view.visualRect(pane.model.index(1))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cursor = main_window.reader.textCursor()
    assert cursor.selectedText() == "Iota kappa lambda"


def test_delete_key_deletes_and_undo_restores(main_window, ui_library, painted, qtbot) -> None:
    pane = main_window.highlights_pane
    before = ui_library.highlights(painted.id)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(1))
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert [h.label for h in ui_library.highlights(painted.id)] == ["fact"]
    assert len(pane.model.rows) == 1
    main_window.act_undo.trigger()
    assert ui_library.highlights(painted.id) == before


def test_note_edit_from_the_pane(main_window, ui_library, painted, qtbot) -> None:
    pane = main_window.highlights_pane
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0))

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, NoteEditor):
            QTimer.singleShot(20, answer)
            return
        assert dlg.field.toPlainText() == ""
        dlg.field.setPlainText("two words, both checkable")
        dlg.accept()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(pane.view, "n")
    assert ui_library.highlights(painted.id)[0].note == "two words, both checkable"
    assert pane.model.rows[0].note == "two words, both checkable"


def test_label_filter(main_window, painted) -> None:
    pane = main_window.highlights_pane
    pane.label_filter.setCurrentIndex(pane.label_filter.findData("filler"))
    assert [h.label for h in pane.model.rows] == ["filler"]
    assert pane.title.text() == "Highlights  2"


def test_arrow_keys_in_the_pane_show_each_highlight(main_window, painted, qtbot) -> None:
    pane = main_window.highlights_pane
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0))
    qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert main_window.reader.textCursor().selectedText() == "Iota kappa lambda"
    assert pane.view.hasFocus()


def test_orphaned_highlights_are_listed_but_not_drawn(main_window, ui_library, painted) -> None:
    [first, second] = ui_library.highlights(painted.id)
    ui_library.db.conn.execute("UPDATE highlights SET anchor_status = 'orphaned' WHERE id = ?", [second.id])
    ui_library.db.conn.commit()
    main_window.open_article(painted.id)
    assert [h.id for h in main_window.highlights_pane.model.rows] == [first.id, second.id]
    assert [s for s, _e, _f in main_window.reader.marks_in_view()] == [first.start]
    main_window.reveal_highlight(main_window.highlights_pane.model.rows[1])
    assert "no longer in the article" in main_window.statusBar().currentMessage()
    tip = main_window.highlights_pane.model.data(
        main_window.highlights_pane.model.index(1), Qt.ItemDataRole.ToolTipRole
    )
    assert "not found again" in tip
