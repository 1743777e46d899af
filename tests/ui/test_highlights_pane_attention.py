"""Highlights that need attention after a refresh: confirm a moved one, re-attach an orphan by selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.ui.highlights_pane import HIGHLIGHT_ROLE
from reader.versions import refresh_article
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui

OLD = (
    "The county bought two electric boats for 3.2 million euros, the office said.\n\n"
    "Many residents feel it is a truly wonderful moment for the whole valley.\n\n"
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge."
)
NEW = (
    "The county bought two electric boats for 3.4 million euros, the office said.\n\n"
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge."
)
EDITED = "The county bought two electric boats for 3.2 million euros"
DELETED = "Many residents feel it is a truly wonderful moment for the whole valley"
KEPT = "Each boat carries sixty passengers"


@pytest.fixture
def changed(main_window, ui_library):
    """An article with three highlights whose text then changed: exact, fuzzy and orphaned."""
    a = add_text(ui_library, OLD)
    ids = {}
    for label, quote in (("fact", EDITED), ("filler", DELETED), ("fact", KEPT)):
        s = a.text.index(quote)
        ids[quote] = ui_library.paint(a.id, s, s + len(quote), label, note="why").added[0].id
    result = refresh_article(ui_library, a.id, ArticleContent(blocks_from_text(NEW), title="Boats"))
    assert (result.exact, result.fuzzy, result.orphaned) == (1, 1, 1)
    main_window.refresh_library()
    main_window.open_article(a.id)
    return a.id, ids


def row_of(pane, hid: int) -> int:
    return next(i for i, h in enumerate(pane.model.rows) if h.id == hid)


def test_statuses_badges_and_notice(main_window, changed) -> None:
    _aid, ids = changed
    pane = main_window.highlights_pane
    shown = {h.id: pane.model.data(pane.model.index(i)) for i, h in enumerate(pane.model.rows)}
    assert shown[ids[KEPT]].startswith("fact: Each boat")
    assert shown[ids[EDITED]].startswith("fact (moved · ") and "%)" in shown[ids[EDITED]]
    assert shown[ids[DELETED]].startswith("filler (not found): Many residents")
    tip = pane.model.data(pane.model.index(row_of(pane, ids[EDITED])), Qt.ItemDataRole.ToolTipRole)
    assert "closest match" in tip and "Confirm place (C)" in tip
    assert pane.banner.isVisibleTo(pane)
    assert (
        "2 need attention" in pane.banner.text.text() and "1 moved · 1 not found" in pane.banner.text.text()
    )
    assert pane.attention_count() == 2
    # cards needing attention are taller: they carry their action button
    heights = {
        h.id: pane.view.visualRect(pane.model.index(i)).height() for i, h in enumerate(pane.model.rows)
    }
    assert heights[ids[EDITED]] > heights[ids[KEPT]]


def test_confirm_a_moved_highlight_by_its_button_and_undo(main_window, ui_library, changed, qtbot) -> None:
    _aid, ids = changed
    pane = main_window.highlights_pane
    before = ui_library.get_highlight(ids[EDITED])
    assert before.anchor_status == "fuzzy" and before.anchor_score < 1
    rect = button_rect(pane, pane.model.index(row_of(pane, ids[EDITED])))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    after = ui_library.get_highlight(ids[EDITED])
    assert (after.anchor_status, after.anchor_score, after.start, after.end) == (
        "exact",
        1.0,
        before.start,
        before.end,
    )
    assert "1 needs attention" in pane.banner.text.text()
    main_window.act_undo.trigger()
    assert ui_library.get_highlight(ids[EDITED]) == before
    assert "2 need attention" in pane.banner.text.text()
    main_window.act_redo.trigger()
    assert ui_library.get_highlight(ids[EDITED]).anchor_status == "exact"


def button_rect(pane, index):
    """Where the card's action button is, in viewport coordinates."""
    option = QStyleOptionViewItem()
    pane.view.initViewItemOption(option)
    option.rect = pane.view.visualRect(index)
    return pane.delegate.button_rect(index.data(HIGHLIGHT_ROLE), option)


def test_reattach_an_orphan_to_the_selection_and_undo(main_window, ui_library, changed, qtbot) -> None:
    aid, ids = changed
    pane = main_window.highlights_pane
    orphan = ui_library.get_highlight(ids[DELETED])
    text = ui_library.get_article(aid).text
    # select part of "needs four hours to charge" by mouse-like offsets (mid-word): snapped to words
    s = text.index("eeds four hours")
    main_window.reader.select_span(s, s + len("eeds four hou"))
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(row_of(pane, ids[DELETED])))
    assert main_window.reader.textCursor().hasSelection()  # the pane keeps the reader's selection
    qtbot.keyClick(pane.view, "r")
    h = ui_library.get_highlight(ids[DELETED])
    assert (h.id, h.label, h.note, h.anchor_status, h.anchor_score) == (
        orphan.id,
        "filler",
        "why",
        "exact",
        1.0,
    )
    assert text[h.start : h.end] == h.exact == "needs four hours"
    assert ids[DELETED] in {x.id for x in main_window.reader.highlights}
    assert "1 needs attention" in pane.banner.text.text()
    main_window.act_undo.trigger()
    assert ui_library.get_highlight(ids[DELETED]) == orphan
    assert ids[DELETED] not in {x.id for x in main_window.reader.highlights}
    main_window.act_redo.trigger()
    assert ui_library.get_highlight(ids[DELETED]).anchor_status == "exact"


def test_reattach_without_a_selection_explains_what_to_do(main_window, ui_library, changed, qtbot) -> None:
    _aid, ids = changed
    pane = main_window.highlights_pane
    cursor = main_window.reader.textCursor()
    cursor.clearSelection()
    main_window.reader.setTextCursor(cursor)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(row_of(pane, ids[DELETED])))
    qtbot.keyClick(pane.view, "r")
    assert "Select the passage" in main_window.statusBar().currentMessage()
    assert ui_library.get_highlight(ids[DELETED]).anchor_status == "orphaned"
    assert main_window.undo_stack.count() == 0
    qtbot.keyClick(pane.view, "c")  # an orphan has no place to confirm: nothing happens
    assert ui_library.get_highlight(ids[DELETED]).anchor_status == "orphaned"


def test_show_only_these_and_the_notice_goes_when_all_are_fixed(main_window, ui_library, changed) -> None:
    _aid, ids = changed
    pane = main_window.highlights_pane
    pane.banner.only.setChecked(True)
    assert {h.id for h in pane.model.rows} == {ids[EDITED], ids[DELETED]}
    main_window.refresher.confirm(ids[EDITED])
    ui_library.delete_highlight(ids[DELETED])
    main_window.on_article_changed(changed[0])
    assert not pane.banner.isVisibleTo(pane)
    assert not pane.banner.only.isChecked() and [h.id for h in pane.model.rows] == [ids[EDITED], ids[KEPT]]
    assert pane.view.indexAt(QPoint(5, 5)).isValid()


def test_a_selection_made_by_showing_a_highlight_is_not_a_place_to_reattach(
    main_window, ui_library, changed, qtbot
) -> None:
    _aid, ids = changed
    pane = main_window.highlights_pane
    rect = pane.view.visualRect(pane.model.index(row_of(pane, ids[KEPT])))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.reader.textCursor().selectedText() == KEPT  # shown from the list
    pane.view.setCurrentIndex(pane.model.index(row_of(pane, ids[DELETED])))
    assert "Not found in the current text" in main_window.statusBar().currentMessage()
    qtbot.keyClick(pane.view, "r")
    assert "Select the passage" in main_window.statusBar().currentMessage()
    assert ui_library.get_highlight(ids[DELETED]).anchor_status == "orphaned"
    assert ui_library.get_highlight(ids[KEPT]).exact == KEPT  # not trimmed by a stray re-attach


def test_reattach_from_the_article_with_ctrl_shift_r(main_window, ui_library, changed, qtbot) -> None:
    aid, ids = changed
    pane = main_window.highlights_pane
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(row_of(pane, ids[DELETED])))
    text = ui_library.get_article(aid).text
    s = text.index("office said")
    main_window.reader.setFocus()
    main_window.reader.select_span(s, s + len("office said"))
    qtbot.keyClick(
        main_window.reader,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    h = ui_library.get_highlight(ids[DELETED])
    assert (h.anchor_status, h.exact) == ("exact", "office said")
    assert main_window.undo_stack.undoText() == "Re-attach highlight"
