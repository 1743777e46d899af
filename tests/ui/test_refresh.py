"""File ▸ Refresh Article over a real 127.0.0.1 server: old version kept, statuses and the notice shown."""

from __future__ import annotations

import pytest
from httpserver import TestServer
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.ingest import add_loaded, load_source
from reader.ui.document import document_text
from reader.ui.highlight_cards import badge_text
from reader.versions import get_version, list_versions
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui
pytest_plugins = ["conftest_http"]

PARAS = [
    "The river ferry between Altmoor and the east bank will run again from the first of June.",
    "The county bought two electric boats for 3.2 million euros, the transport office said on Monday.",
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge.",
    "Many residents feel it is a truly wonderful moment for the whole valley and its future.",
    "Tickets will cost two euros for adults, and children under twelve travel free on weekdays.",
]
UNTOUCHED = "Each boat carries sixty passengers and twelve bicycles"
EDITED = "The county bought two electric boats for 3.2 million euros"
DELETED = "Many residents feel it is a truly wonderful moment for the whole valley"


def page(paras: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry returns</title></head>'
        f"<body><article><h1>Ferry returns</h1>\n{body}</article></body></html>"
    )


def revised() -> list[str]:
    new = list(PARAS)
    new[1] = new[1].replace("3.2 million", "3.4 million")  # an edit inside a quote: moved
    del new[3]  # the filler sentence is gone: not found
    new.insert(0, "Update: the timetable was published on Friday afternoon.")
    return new


def paint_quotes(library, article) -> dict[str, int]:
    ids = {}
    for label, quote in (("fact", UNTOUCHED), ("fact", EDITED), ("filler", DELETED)):
        s = article.text.index(quote)
        ids[quote] = library.paint(article.id, s, s + len(quote), label, note=f"on {label}").added[0].id
    return ids


def refresh_and_wait(window, qtbot) -> None:
    with qtbot.waitSignal(window.refresher.refreshed, timeout=20000):
        window.refresher.act_refresh.trigger()


def test_refresh_of_a_changed_page_keeps_the_old_version_and_flags_highlights(
    main_window, ui_library, qtbot, http_server: TestServer
) -> None:
    http_server.page("/ferry", page(PARAS))
    article = add_loaded(ui_library, load_source(http_server.url("/ferry")))
    ids = paint_quotes(ui_library, article)
    main_window.refresh_library()
    main_window.open_article(article.id)
    pane = main_window.highlights_pane
    assert not pane.banner.isVisibleTo(pane)
    main_window.annotator.set_note(ids[UNTOUCHED], "checked")  # an undo step on the old text
    assert main_window.undo_stack.count() == 1

    refresh_and_wait(main_window, qtbot)  # the same page: nothing changes
    assert "unchanged" in main_window.statusBar().currentMessage()
    assert [v.version for v in list_versions(ui_library, article.id)] == [1]
    assert main_window.undo_stack.count() == 1

    http_server.page("/ferry", page(revised()))
    refresh_and_wait(main_window, qtbot)
    result = main_window.refresher.last_result
    assert (result.changed, result.version, result.exact, result.fuzzy, result.orphaned) == (True, 2, 1, 1, 1)
    message = main_window.statusBar().currentMessage()
    assert "now version 2" in message and "2 need attention" in message and "Undo cleared" in message
    assert main_window.undo_stack.count() == 0
    # the old text is kept as version 1; the window shows version 2
    assert [(v.version, v.current) for v in list_versions(ui_library, article.id)] == [(1, False), (2, True)]
    assert DELETED in get_version(ui_library, article.id, 1).text
    assert main_window.article.text == ui_library.get_article(article.id).text
    assert document_text(main_window.reader.document()) == main_window.article.text
    assert "Update: the timetable" in main_window.article.text
    # each highlight shows its status; the orphan is listed, never drawn
    by_id = {h.id: h for h in pane.model.rows}
    assert [by_id[ids[q]].anchor_status for q in (UNTOUCHED, EDITED, DELETED)] == [
        "exact",
        "fuzzy",
        "orphaned",
    ]
    assert badge_text(by_id[ids[EDITED]]).startswith("moved · ") and badge_text(by_id[ids[UNTOUCHED]]) == ""
    assert badge_text(by_id[ids[DELETED]]) == "not found"
    assert ids[DELETED] not in {h.id for h in main_window.reader.highlights}
    assert ids[EDITED] in {h.id for h in main_window.reader.highlights}
    assert pane.banner.isVisibleTo(pane) and "2 need attention" in pane.banner.text.text()
    pane.banner.only.click()
    assert [h.id for h in pane.model.rows] == sorted(
        [ids[EDITED], ids[DELETED]], key=lambda i: by_id[i].start
    )
    assert pane.banner.only.text() == "Show all"
    pane.banner.only.click()
    assert len(pane.model.rows) == 3


def test_articles_without_an_address_cannot_be_refreshed(main_window, ui_library) -> None:
    a = add_text(ui_library, "A note typed by hand. Nothing to fetch.")
    main_window.open_article(a.id)
    act = main_window.refresher.act_refresh
    assert not act.isEnabled()
    assert "no web address" in act.toolTip() and "no web address" in act.text()
    assert main_window.refresher.refresh() is None


def test_a_failed_fetch_says_the_cores_sentence_and_changes_nothing(
    main_window, ui_library, qtbot, http_server: TestServer
) -> None:
    http_server.page("/gone", page(PARAS))
    article = add_loaded(ui_library, load_source(http_server.url("/gone")))
    main_window.open_article(article.id)
    del http_server.routes["/gone"]  # now a 404
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close_box)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, close_box)
    main_window.refresher.act_refresh.trigger()
    job = main_window.refresher.job
    qtbot.waitUntil(lambda: bool(seen) and job.is_finished, timeout=20000)
    assert "404" in seen[0] and seen[0] in main_window.statusBar().currentMessage()
    assert [v.version for v in list_versions(ui_library, article.id)] == [1]
    assert main_window.refresher.act_refresh.isEnabled()
