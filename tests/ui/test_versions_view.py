"""File ▸ Versions…: every version listed, each readable, changed words marked."""

from __future__ import annotations

import pytest

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.ui.document import document_text
from reader.ui.versions_view import changed_spans
from reader.versions import get_version, refresh_article
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui

V1 = "The ferry runs again from June.\n\nIt is a wonderful moment for the valley.\n\nTickets cost two euros."
V2 = "The ferry runs again from July.\n\nTickets cost two euros."
V3 = "Update: timetable out.\n\nThe ferry runs again from July.\n\nTickets cost two euros for adults."


def test_changed_spans_marks_words_the_other_text_lacks() -> None:
    spans, here, there = changed_spans(V1, V2)
    assert [V1[s:e] for s, e in spans] == ["June", "It is a wonderful moment for the valley."]
    assert (here, there) == (9, 1)
    assert changed_spans(V2, V2) == ([], 0, 0)
    spans, here, there = changed_spans(V3, V2)
    assert [V3[s:e] for s, e in spans] == ["Update: timetable out.", "for adults"]
    assert (here, there) == (5, 0)
    assert changed_spans(V2, V3) == ([], 0, 5)  # all of V2 is in V3; V3 has five more words


def test_versions_view_lists_and_shows_each_version(main_window, ui_library, qtbot) -> None:
    a = add_text(ui_library, V1, title="Ferry")
    for text in (V2, V3):
        refresh_article(ui_library, a.id, ArticleContent(blocks_from_text(text), title="Ferry"))
    main_window.open_article(a.id)
    t1, t3 = (get_version(ui_library, a.id, n).text for n in (1, 3))  # canonical: one "\n" per break
    dlg = main_window.refresher.show_versions()
    qtbot.addWidget(dlg)
    rows = [
        [dlg.list.topLevelItem(i).text(c) for c in (0, 2, 3)] for i in range(dlg.list.topLevelItemCount())
    ]
    assert rows == [["1", "18", "Ferry"], ["2", "10", "Ferry"], ["3  (current)", "15", "Ferry"]]
    # the current version is shown, its changes marked against version 2
    assert dlg.selected_version() == 3 and dlg.compare.currentData() == 2
    assert document_text(dlg.page.document()) == t3
    assert [t3[s:e] for s, e in dlg.marked] == ["Update: timetable out.", "for adults"]
    assert "Version 3" in dlg.info.text() and "current version" in dlg.info.text()
    # an old version, read-only, marked against the current one
    dlg.list.setCurrentItem(dlg.list.topLevelItem(0))
    assert document_text(dlg.page.document()) == t1 and dlg.page.isReadOnly()
    assert dlg.compare.currentData() == 3
    marked = [t1[s:e].strip(".") for s, e in dlg.marked]  # which full stop pairs up may vary
    assert marked == ["June", "It is a wonderful moment for the valley"]
    assert "kept by a refresh" in dlg.info.text()
    assert len(dlg.page.extraSelections()) == 2
    dlg.compare.setCurrentIndex(dlg.compare.findData(None))
    assert dlg.marked == [] and dlg.page.extraSelections() == []
