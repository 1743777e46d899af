"""The library pane: list, FTS search, filters, sort, read/archive, fact-density per row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui


def titles(pane) -> list[str]:
    return [s.title for s in pane.model.rows]


@pytest.fixture
def three(ui_library):
    a = add_text(ui_library, "Fog nets on the ridge collect water.", title="Fog nets", tags=["water"])
    b = add_text(ui_library, "Councillors argue over the leaking mains.", title="Leaking mains")
    c = add_text(ui_library, "A zebra crossing was repainted.", title="Zebra crossing", tags=["roads"])
    return a, b, c


def test_lists_articles_and_opens_on_click(main_window, ui_library, three, qtbot) -> None:
    pane = main_window.library_pane
    main_window.refresh_library()
    assert sorted(titles(pane)) == ["Fog nets", "Leaking mains", "Zebra crossing"]
    row = titles(pane).index("Leaking mains")
    rect = pane.view.visualRect(pane.model.index(row))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.current_article_id() == three[1].id
    assert ui_library.get_article(three[1].id).read  # marked read when opened
    assert pane.model.rows[row].read


def test_search_uses_full_text(main_window, three, qtbot) -> None:
    pane = main_window.library_pane
    pane.search.setText("zebra")
    qtbot.waitUntil(lambda: titles(pane) == ["Zebra crossing"], timeout=2000)
    pane.search.setText("ridge")  # a word of the text, not the title
    qtbot.waitUntil(lambda: titles(pane) == ["Fog nets"], timeout=2000)
    pane.search.clear()
    qtbot.waitUntil(lambda: len(titles(pane)) == 3, timeout=2000)


def test_filters_unread_archived_and_tag(main_window, ui_library, three) -> None:
    pane = main_window.library_pane
    main_window.open_article(three[0].id)
    pane.filter.setCurrentIndex(pane.filter.findData("unread"))
    assert sorted(titles(pane)) == ["Leaking mains", "Zebra crossing"]
    main_window.set_archived(three[2].id, True)
    assert titles(pane) == ["Leaking mains"]
    pane.filter.setCurrentIndex(pane.filter.findData("archived"))
    assert titles(pane) == ["Zebra crossing"]
    pane.filter.setCurrentIndex(pane.filter.findData("all"))
    assert len(titles(pane)) == 3
    pane.tag.setCurrentIndex(pane.tag.findData("water"))
    assert titles(pane) == ["Fog nets"]
    assert main_window.settings.get("library_filter") == "all"


def test_sort_by_title(main_window, three) -> None:
    pane = main_window.library_pane
    pane.sort.setCurrentIndex(pane.sort.findData("title"))
    assert titles(pane) == ["Fog nets", "Leaking mains", "Zebra crossing"]


def test_archive_action_moves_the_open_article_out_of_the_inbox(main_window, ui_library, three) -> None:
    main_window.open_article(three[0].id)
    main_window.act_archive.trigger()
    assert ui_library.get_article(three[0].id).archived
    assert "Fog nets" not in titles(main_window.library_pane)
    main_window.act_archive.trigger()
    assert not ui_library.get_article(three[0].id).archived


def test_row_density_follows_painting(main_window, ui_library, three, qtbot) -> None:
    a = three[0]
    main_window.refresh_library()
    main_window.open_article(a.id)
    main_window.reader.select_span(0, len("Fog nets"))
    qtbot.keyClick(main_window.reader, "1")
    main_window.reader.select_span(len("Fog nets "), len(a.text))
    qtbot.keyClick(main_window.reader, "2")
    row = main_window.library_pane.model.rows[main_window.library_pane.model.row_of(a.id)]
    assert (row.fact_words, row.filler_words) == (2, 5)
    assert row.fact_density == pytest.approx(2 / 7)
    main_window.library_pane.view.grab()  # the delegate paints the bar without errors


def test_delete_article_clears_the_reader(main_window, ui_library, three) -> None:
    main_window.open_article(three[1].id)
    main_window.delete_article(three[1].id, confirm=False)
    assert main_window.current_article_id() is None
    assert main_window.stack.currentWidget() is main_window.empty
    assert "Leaking mains" not in titles(main_window.library_pane)


def test_enter_in_the_list_opens_and_moves_focus_to_the_article(main_window, three, qtbot) -> None:
    pane = main_window.library_pane
    main_window.refresh_library()
    pane.focus_list()
    qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    target = pane.selected_id()
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert main_window.current_article_id() == target
    assert main_window.reader.hasFocus()


def test_a_long_library_loads_a_page_at_a_time(main_window, ui_library, qtbot, monkeypatch) -> None:
    from reader.ui.library_delegate import ArticleListModel

    monkeypatch.setattr(ArticleListModel, "PAGE", 5)
    ids = [
        add_text(ui_library, f"Story number {i} about the harbour.", title=f"Story {i:02}", tags=[f"t{i}"]).id
        for i in range(12)
    ]
    pane = main_window.library_pane
    main_window.refresh_library()
    assert titles(pane) == [f"Story {i:02}" for i in (11, 10, 9, 8, 7)]  # newest first, one page
    assert pane.model.canFetchMore()
    # every tag of the listed articles is offered, not only those of the loaded page
    assert [pane.tag.itemData(i) for i in range(1, pane.tag.count())] == sorted(f"t{i}" for i in range(12))
    pane.view.resize(pane.view.width(), 120)
    for _ in range(6):  # scrolling to the end asks the model for more
        pane.view.scrollToBottom()
        qtbot.wait(20)
    assert titles(pane) == [f"Story {i:02}" for i in range(11, -1, -1)]
    assert not pane.model.canFetchMore()
    main_window.refresh_library()
    assert len(titles(pane)) == 5
    main_window.open_article(ids[1])  # on the third page: loaded and selected
    assert pane.selected_id() == ids[1] and len(titles(pane)) == 12


def test_deferred_tag_list_after_the_library_closed_is_ignored(qtbot, tmp_path, ui_settings) -> None:
    """The first list defers its tag menu; closing the library before that moment raises nothing."""
    from reader.store import Library
    from reader.ui.window import MainWindow

    lib = Library(tmp_path / "other.db")
    add_text(lib, "Fog nets on the ridge collect water.", title="Fog nets", tags=["water"])
    w = MainWindow(lib, ui_settings)
    qtbot.addWidget(w)
    w.close()
    lib.close()
    qtbot.wait(20)  # the deferred load_tags runs now and must not touch the closed file
    assert lib.closed
