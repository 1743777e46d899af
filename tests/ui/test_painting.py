"""Painting through the real window: keys on a selection write exactly those offsets; undo/redo is exact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reader.ui import themes
from reader.ui.marks import DIM_PROPERTY
from reader.ui.note_editor import NoteEditor
from tests.ui.conftest import EMOJI_TEXT, add_text

pytestmark = pytest.mark.gui

TEXT = (
    "The council voted 9 to 2 on Monday to keep the nets. It is a story many will find fascinating.\n\n"
    "Each net is 12 metres wide. Only time will tell what happens next."
)


def rows(library, article_id):
    """Every stored highlight of an article as comparable tuples (ids, notes and times included)."""
    return [
        (h.id, h.label, h.start, h.end, h.exact, h.note, h.created_at) for h in library.highlights(article_id)
    ]


def select_by_keyboard(view, start: int, end: int, qtbot) -> None:
    """Put the caret at ``start`` and extend the selection with Shift+Right to ``end`` (caret browsing)."""
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(start))
    view.setTextCursor(cursor)
    view.setFocus()
    for _ in range(end - start):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def pixel_behind(view, offset: int) -> str:
    """The colour drawn just inside the top of the line box of the character at ``offset``."""
    [(rect, _baseline)] = view.span_lines(offset, offset + 1)
    img = view.viewport().grab().toImage()
    ratio = img.devicePixelRatio()
    x = (rect.center().x() - view.horizontalScrollBar().value()) * ratio
    y = (rect.top() + 1.5 - view.verticalScrollBar().value()) * ratio
    return img.pixelColor(int(x), int(y)).name()


def opened(window, library, text=TEXT):
    article = add_text(library, text)
    window.refresh_library()
    window.open_article(article.id)
    return article


def test_select_and_press_1_stores_a_fact_at_exactly_those_offsets(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    start = a.text.index("voted")
    end = a.text.index(" on Monday")
    select_by_keyboard(main_window.reader, start, end, qtbot)
    qtbot.keyClick(main_window.reader, "1")
    [h] = ui_library.highlights(a.id)
    assert (h.label, h.start, h.end, h.exact) == ("fact", start, end, "voted 9 to 2")
    assert main_window.highlights_pane.model.rows[0].id == h.id
    assert "Fact 1" in main_window.status.counts.text()


def test_selection_snaps_to_whole_words(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    start = a.text.index("ouncil")  # inside "council"
    end = a.text.index("oted") + 2  # inside "voted"
    main_window.reader.select_span(start, end)
    qtbot.keyClick(main_window.reader, "2")
    [h] = ui_library.highlights(a.id)
    assert h.exact == "council voted"


def test_fact_inside_filler_splits_it_and_undo_redo_restore_exact_rows(
    main_window, ui_library, qtbot
) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    para_end = a.text.index("\n")
    view.select_span(0, para_end)
    qtbot.keyClick(view, "2")
    assert [(r[1], r[2], r[3]) for r in rows(ui_library, a.id)] == [("filler", 0, para_end)]
    before = rows(ui_library, a.id)
    s, e = a.text.index("voted"), a.text.index(" on Monday")
    view.select_span(s, e)
    qtbot.keyClick(view, "1")
    after = rows(ui_library, a.id)
    assert [(r[1], r[2], r[3]) for r in after] == [("filler", 0, s), ("fact", s, e), ("filler", e, para_end)]
    main_window.act_undo.trigger()
    assert rows(ui_library, a.id) == before
    assert [h.label for h in view.highlights] == ["filler"]
    main_window.act_redo.trigger()
    assert rows(ui_library, a.id) == after
    assert len(main_window.highlights_pane.model.rows) == 3


def test_ctrl_z_and_ctrl_shift_z_are_the_shortcuts(main_window, ui_library) -> None:
    from PySide6.QtGui import QKeySequence

    assert QKeySequence("Ctrl+Z") in main_window.act_undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in main_window.act_redo.shortcuts()


def test_erase_with_0_and_backspace(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    view.select_span(0, a.text.index("."))
    qtbot.keyClick(view, "1")
    view.select_span(0, 3)
    qtbot.keyClick(view, "0")
    [h] = ui_library.highlights(a.id)
    assert h.exact == "council voted 9 to 2 on Monday to keep the nets"
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(h.start + 2))
    view.setTextCursor(cursor)  # no selection: Backspace erases the highlight under the caret
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert ui_library.highlights(a.id) == []
    main_window.act_undo.trigger()
    assert [x.exact for x in ui_library.highlights(a.id)] == [h.exact]


def _answer_note(text: str | None) -> None:
    """Fill and save (or cancel) the note editor as soon as it opens."""

    def go() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, NoteEditor):
            QTimer.singleShot(20, go)
            return
        if text is None:
            dlg.reject()
        else:
            dlg.field.setPlainText(text)
            dlg.accept()

    QTimer.singleShot(0, go)


def test_note_key_edits_the_note_and_undo_restores_it(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    end = a.text.index(".")
    view.select_span(0, end)
    qtbot.keyClick(view, "1")
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(5))
    view.setTextCursor(cursor)
    _answer_note("Check the council minutes")
    qtbot.keyClick(view, "n")
    [h] = ui_library.highlights(a.id)
    assert h.note == "Check the council minutes"
    _answer_note("Minutes say 9 to 2")
    qtbot.keyClick(view, "n")
    assert ui_library.highlights(a.id)[0].note == "Minutes say 9 to 2"
    _answer_note(None)  # cancel changes nothing
    qtbot.keyClick(view, "n")
    assert ui_library.highlights(a.id)[0].note == "Minutes say 9 to 2"
    main_window.act_undo.trigger()
    assert ui_library.highlights(a.id)[0].note == "Check the council minutes"
    # Painting filler over half of it splits the noted fact; undo brings back the single noted row.
    noted = rows(ui_library, a.id)
    view.select_span(0, a.text.index(" 9 to 2"))
    qtbot.keyClick(view, "2")
    assert [r[1] for r in rows(ui_library, a.id)] == ["filler", "fact"]
    assert ui_library.highlights(a.id, label="fact")[0].note == "Check the council minutes"
    main_window.act_undo.trigger()
    assert rows(ui_library, a.id) == noted


def test_note_on_unpainted_selection_paints_it_with_the_note(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    view.select_span(a.text.index("Each"), a.text.index(" wide"))
    _answer_note("Source?")
    qtbot.keyClick(view, "n")
    [h] = ui_library.highlights(a.id)
    assert (h.label, h.exact, h.note) == ("fact", "Each net is 12 metres", "Source?")


def test_emoji_before_a_highlight_does_not_shift_it(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library, EMOJI_TEXT)
    view = main_window.reader
    s = a.text.index("Engineers")
    e = a.text.index(" produced")
    select_by_keyboard(view, s, e, qtbot)  # keyboard steps over surrogate pairs as one character
    qtbot.keyClick(view, "1")
    [h] = ui_library.highlights(a.id)
    assert (h.start, h.end, h.exact) == (s, e, "Engineers said 46 nets")
    [(ms, me, _fmt)] = view.marks_in_view()
    assert (ms, me) == (s, e)
    # The drawn mark starts exactly where the caret stands before "Engineers" (UTF-16 mapped).
    [first, *_rest] = view.span_lines(s, e)
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(s))
    caret_x = view.cursorRect(cursor).center().x() + view.horizontalScrollBar().value()
    assert abs(first[0].left() - caret_x) <= 2
    assert pixel_behind(view, s + 3) == themes.label_colors(main_window.theme, "#7ccf8a").background.name()


def test_sentence_mode_click_paints_and_toggles_the_sentence(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    main_window.act_sentence_mode.setChecked(True)
    main_window.set_current_label("filler")
    offset = a.text.index("story")
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(offset))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    [h] = ui_library.highlights(a.id)
    assert (h.label, h.exact) == ("filler", "It is a story many will find fascinating.")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert ui_library.highlights(a.id) == []


def test_alt_click_paints_the_sentence_without_sentence_mode(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    assert not main_window.act_sentence_mode.isChecked()
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(a.text.index("metres")))
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.AltModifier,
        view.cursorRect(cursor).center(),
    )
    [h] = ui_library.highlights(a.id)
    assert (h.label, h.exact) == ("fact", "Each net is 12 metres wide.")


def test_sentence_mode_keys_paint_sentence_by_sentence(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    main_window.act_sentence_mode.setChecked(True)
    view.setFocus()
    view.moveCursor(QTextCursor.MoveOperation.Start)
    for key in "1221":
        qtbot.keyClick(view, key)
    got = [(h.label, h.exact) for h in ui_library.highlights(a.id)]
    assert got == [
        ("fact", "The council voted 9 to 2 on Monday to keep the nets."),
        ("filler", "It is a story many will find fascinating."),
        ("filler", "Each net is 12 metres wide."),
        ("fact", "Only time will tell what happens next."),
    ]


def test_label_toolbar_paints_the_selection_and_becomes_current(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    main_window.reader.select_span(0, 3)
    main_window.label_actions["filler"].trigger()
    assert [h.label for h in ui_library.highlights(a.id)] == ["filler"]
    assert main_window.current_label == "filler"
    assert main_window.label_actions["filler"].isChecked()
    assert main_window.label_actions["fact"].iconText() == "Fact  1"


def test_undo_of_a_change_in_another_article_opens_it(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    main_window.reader.select_span(0, 3)
    qtbot.keyClick(main_window.reader, "1")
    b = opened(main_window, ui_library, "Another article entirely.")
    assert main_window.current_article_id() == b.id
    main_window.act_undo.trigger()
    assert main_window.current_article_id() == a.id
    assert ui_library.highlights(a.id) == []


def test_dim_filler_greys_filler_in_place(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    view.select_span(0, a.text.index("."))
    qtbot.keyClick(view, "2")
    filler_bg = themes.label_colors(main_window.theme, "#f2b36b").background.name()
    assert pixel_behind(view, 5) == filler_bg
    main_window.act_dim_filler.setChecked(True)
    [(_s, _e, fmt)] = view.marks_in_view()
    assert fmt.boolProperty(DIM_PROPERTY)
    assert pixel_behind(view, 5) == main_window.theme.base  # no colour: greyed text on the page
    assert ui_library.highlights(a.id)[0].label == "filler"  # display only


def test_labels_are_told_apart_without_colour(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    view.select_span(0, 3)
    qtbot.keyClick(view, "1")
    view.select_span(a.text.index("Each"), a.text.index(" net"))
    qtbot.keyClick(view, "2")
    styles = {
        h.label: fmt.underlineStyle()
        for h, (_s, _e, fmt) in zip(view.highlights, view.marks_in_view(), strict=True)
    }
    assert styles["fact"] != styles["filler"]
    assert "solid underline" in view.tooltip_for(view.highlights[0])
    assert "dotted underline" in view.tooltip_for(view.highlights[1])


def test_sentence_mode_marks_the_sentence_a_key_would_paint(main_window, ui_library) -> None:
    a = opened(main_window, ui_library)
    view = main_window.reader
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(a.text.index("story")))
    view.setTextCursor(cursor)
    assert view.focus_sentence() is None
    main_window.act_sentence_mode.setChecked(True)
    s, e = view.focus_sentence()
    assert a.text[s:e] == "It is a story many will find fascinating."
    view.grab()  # the margin bar paints without errors


def test_batch_is_one_transaction_and_one_undo_step(main_window, ui_library) -> None:
    a = opened(main_window, ui_library)
    ann = main_window.annotator
    with ann.batch("Accept suggestions"):
        ann.paint(a.id, 0, 3, "fact")
        ann.paint(a.id, a.text.index("It is"), a.text.index("\n"), "filler")
        ann.paint(a.id, a.text.index("Each"), a.text.index(" wide"), "fact")
    assert len(ui_library.highlights(a.id)) == 3
    assert main_window.undo_stack.count() == 1
    assert len(main_window.highlights_pane.model.rows) == 3
    main_window.act_undo.trigger()
    assert ui_library.highlights(a.id) == []
    main_window.act_redo.trigger()
    assert [h.label for h in ui_library.highlights(a.id)] == ["fact", "filler", "fact"]


def test_a_failing_batch_rolls_everything_back(main_window, ui_library, monkeypatch) -> None:
    a = opened(main_window, ui_library)
    ann = main_window.annotator
    errors: list[str] = []
    ann.failed.disconnect()
    ann.failed.connect(errors.append)
    with ann.batch("Accept suggestions"):
        ann.paint(a.id, 0, 3, "fact")
        ann.paint(a.id, 5, 9, "no-such-label")
    assert ui_library.highlights(a.id) == []
    assert main_window.undo_stack.count() == 0
    assert errors and "no-such-label" in errors[0]


def test_extra_key_handlers_run_first(main_window, ui_library, qtbot) -> None:
    a = opened(main_window, ui_library)
    seen: list[str] = []

    def handler(event) -> bool:
        if event.text() in ("j", "1"):
            seen.append(event.text())
            return True
        return False

    main_window.reader.key_handlers.append(handler)
    main_window.reader.select_span(0, 3)
    qtbot.keyClick(main_window.reader, "j")
    qtbot.keyClick(main_window.reader, "1")
    assert seen == ["j", "1"]
    assert ui_library.highlights(a.id) == []  # the handler took the 1


@pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "does not support propagateSizeHints",
)
def test_context_menu_paints_the_word_under_the_pointer(main_window, ui_library, qtbot) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    a = opened(main_window, ui_library)
    view = main_window.reader
    cursor = view.textCursor()
    cursor.setPosition(view.umap.to_pos(a.text.index("council") + 2))
    point = view.cursorRect(cursor).center()

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, choose)
            return
        [act] = [x for x in menu.actions() if x.text().startswith("Paint as Filler")]
        menu.close()
        act.trigger()

    QTimer.singleShot(0, choose)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    view.contextMenuEvent(event)
    assert [(h.label, h.exact) for h in ui_library.highlights(a.id)] == [("filler", "council")]
    assert isinstance(point, QPoint)
