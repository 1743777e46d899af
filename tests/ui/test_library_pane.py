"""The library pane: list, FTS search, filters, sort, read/archive, fact-density per row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui
pytest_plugins = ["conftest_http"]


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
    """A staged window lists tags after its first paint; closing the library before that raises nothing."""
    from reader.store import Library
    from reader.ui.window import MainWindow

    lib = Library(tmp_path / "other.db")
    add_text(lib, "Fog nets on the ridge collect water.", title="Fog nets", tags=["water"])
    w = MainWindow(lib, ui_settings, staged=True)
    qtbot.addWidget(w)
    assert w.library_pane.tag.count() == 1  # only "All tags" before the first paint
    w.close()
    lib.close()
    w.library_pane.load_tags()  # what finish_building would do now: must not touch the closed file
    assert lib.closed and w.library_pane.tag.count() == 1


# ---- highlights that need attention ------------------------------------------------------------------

BOATS_OLD = (
    "The county bought two electric boats for 3.2 million euros, the office said.\n\n"
    "Many residents feel it is a truly wonderful moment for the whole valley.\n\n"
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge."
)
BOATS_NEW = (
    "The county bought two electric boats for 3.4 million euros, the office said.\n\n"
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge."
)
MOVED = "The county bought two electric boats for 3.2 million euros"
GONE = "Many residents feel it is a truly wonderful moment for the whole valley"


def boats_after_refresh(library) -> tuple[int, int, int]:
    """An article whose text changed under two highlights: one moved (fuzzy), one not found (orphaned)."""
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent
    from reader.versions import refresh_article

    a = add_text(library, BOATS_OLD, title="Electric boats")
    ids = []
    for label, quote in (("fact", MOVED), ("filler", GONE)):
        s = a.text.index(quote)
        ids.append(library.paint(a.id, s, s + len(quote), label).added[0].id)
    result = refresh_article(
        library, a.id, ArticleContent(blocks_from_text(BOATS_NEW), title="Electric boats")
    )
    assert (result.fuzzy, result.orphaned) == (1, 1)
    return a.id, ids[0], ids[1]


def attention_pixels(pane, article_id: int) -> int:
    """How many pixels of the article's row (as the view paints it now) are the attention amber."""
    from reader.ui.themes import attention_color

    amber = attention_color(pane.delegate.theme).rgb()
    img = pane.view.viewport().grab().toImage()
    rect = pane.view.visualRect(pane.model.index(pane.model.row_of(article_id)))
    return sum(
        img.pixel(x, y) == amber
        for y in range(max(rect.top(), 0), min(rect.bottom() + 1, img.height()))
        for x in range(max(rect.left(), 0), min(rect.right() + 1, img.width()))
    )


def accessible(pane, article_id: int) -> str:
    return pane.model.data(
        pane.model.index(pane.model.row_of(article_id)), Qt.ItemDataRole.AccessibleTextRole
    )


def test_rows_needing_attention_carry_an_amber_marker_until_fixed(
    main_window, ui_library, three, qtbot
) -> None:
    from reader.ui.library_delegate import ATTENTION_ROLE

    aid, moved, gone = boats_after_refresh(ui_library)
    ui_library.paint(three[0].id, 0, 8, "fact")  # an exact highlight elsewhere needs nothing
    pane = main_window.library_pane
    main_window.refresh_library()
    index = pane.model.index(pane.model.row_of(aid))
    assert index.data(ATTENTION_ROLE) == 2 and pane.attention_count(aid) == 2
    assert accessible(pane, aid) == "Electric boats. 2 highlights need attention"
    assert "2 highlights need attention" in index.data(Qt.ItemDataRole.ToolTipRole)
    for other in three:
        assert accessible(pane, other.id) == other.title
        assert "attention" not in pane.model.data(
            pane.model.index(pane.model.row_of(other.id)), Qt.ItemDataRole.ToolTipRole
        )
        assert attention_pixels(pane, other.id) == 0
    assert attention_pixels(pane, aid) > 20  # the filled triangle (and the count) in the theme's amber

    main_window.open_article(aid)
    main_window.refresher.confirm(moved)  # keep the moved highlight where it is
    assert pane.attention_count(aid) == 1
    assert accessible(pane, aid) == "Electric boats. 1 highlight needs attention"
    main_window.act_undo.trigger()
    assert pane.attention_count(aid) == 2
    main_window.act_redo.trigger()
    text = ui_library.get_article(aid).text
    s = text.index("twelve bicycles")
    main_window.reader.select_span(s, s + len("twelve bicycles"))
    assert main_window.refresher.reattach(gone) is not None  # the orphan goes to the selection
    assert ui_library.attention_counts() == {}
    assert pane.attention_count(aid) == 0 and accessible(pane, aid) == "Electric boats"
    assert attention_pixels(pane, aid) == 0


def test_marker_after_a_refresh_and_in_the_dark_theme(main_window, ui_library, three, qtbot) -> None:
    """Refreshing another article reloads the list: its marker appears; the amber follows the theme."""
    aid, _moved, _gone = boats_after_refresh(ui_library)
    pane = main_window.library_pane
    main_window.refresh_library()  # what the window's refresh does once the new text is stored
    assert pane.attention_count(aid) == 2
    light = attention_pixels(pane, aid)
    main_window.settings.set("theme", "dark")
    qtbot.waitUntil(lambda: pane.delegate.theme.dark, timeout=2000)
    assert light > 20 and attention_pixels(pane, aid) > 20
    pane.update_summary(aid, attention=0)  # a caller that knows the count can say it
    assert attention_pixels(pane, aid) == 0 and accessible(pane, aid) == "Electric boats"


def test_attention_is_asked_only_for_the_pages_loaded(main_window, ui_library, qtbot, monkeypatch) -> None:
    from reader.ui.library_delegate import ArticleListModel

    monkeypatch.setattr(ArticleListModel, "PAGE", 5)
    aid, _moved, _gone = boats_after_refresh(ui_library)  # the oldest: on the last page
    ids = [add_text(ui_library, f"Story {i} about the harbour.", title=f"Story {i:02}").id for i in range(9)]
    asked: list[list[int]] = []
    real = ui_library.attention_counts

    def spy(article_ids, **kw):
        asked.append(sorted(article_ids))
        return real(article_ids, **kw)

    monkeypatch.setattr(ui_library, "attention_counts", spy)
    pane = main_window.library_pane
    main_window.refresh_library()
    assert asked == [sorted(ids[4:])] and pane.attention_count(aid) == 0  # not loaded yet
    pane.model.fetchMore()
    assert asked[-1] == sorted([*ids[:4], aid]) and pane.attention_count(aid) == 2


LOCK = [
    "The canal lock at Wendel reopens to boats next spring after two years of repairs.",
    "Engineers replaced both gates, which weigh eleven tonnes each, for 1.8 million euros.",
    "The lock keeper will work from eight in the morning until six in the evening.",
    "Everyone agrees this is a proud and historic day for the entire waterway community.",
    "Pleasure boats pay four euros a passage; working barges pass free until the summer.",
]


def lock_page(paras: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lock reopens</title></head>'
        f"<body><article><h1>Lock reopens</h1>\n{body}</article></body></html>"
    )


def test_refreshing_an_article_in_the_window_marks_its_row(
    main_window, ui_library, qtbot, http_server
) -> None:
    from reader.ingest import add_loaded, load_source

    http_server.page("/lock", lock_page(LOCK))
    article = add_loaded(ui_library, load_source(http_server.url("/lock")))
    for label, quote in (("fact", "for 1.8 million euros"), ("filler", "a proud and historic day")):
        s = article.text.index(quote)
        ui_library.paint(article.id, s, s + len(quote), label)
    pane = main_window.library_pane
    main_window.refresh_library()
    main_window.open_article(article.id)
    assert pane.attention_count(article.id) == 0 and attention_pixels(pane, article.id) == 0
    changed = [LOCK[0], LOCK[1].replace("1.8 million", "1.9 million"), LOCK[2], LOCK[4]]
    http_server.page("/lock", lock_page(changed))
    with qtbot.waitSignal(main_window.refresher.refreshed, timeout=20000):
        main_window.refresher.act_refresh.trigger()
    assert main_window.refresher.last_result.changed
    assert pane.attention_count(article.id) == 2
    assert accessible(pane, article.id) == "Lock reopens. 2 highlights need attention"
    assert attention_pixels(pane, article.id) > 20


def test_the_needs_attention_filter_shows_only_those_articles(main_window, ui_library, three) -> None:
    aid, _moved, _gone = boats_after_refresh(ui_library)
    pane = main_window.library_pane
    pane.filter.setCurrentIndex(pane.filter.findData("attention"))
    assert pane.filter.currentText() == "Needs attention"
    assert [r.id for r in pane.model.rows] == [aid]
    pane.filter.setCurrentIndex(pane.filter.findData("inbox"))
    assert sorted(r.id for r in pane.model.rows) == sorted([aid, *(a.id for a in three)])
