"""Tools ▸ Sites…: sources ranked by average fact density and filler words per article; CSV export."""

from __future__ import annotations

import csv

import pytest

from reader.sites import UNKNOWN
from reader.ui.sites_view import HIGHLIGHTS, SUGGESTIONS
from tests.ui.conftest import add_text
from tests.ui.test_suggestions import PADDED

quiet = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "This plugin does not support raise")


def words(prefix: str, n: int) -> str:
    return " ".join(f"{prefix}{i}" for i in range(n)) + "."


def labelled(library, fact: int, filler: int, *, url: str | None, site: str | None = None):
    """An article of one fact paragraph (``fact`` words) and one filler paragraph, both painted."""
    text = words("fa", fact) + "\n\n" + words("fi", filler)
    a = add_text(library, text, title=f"{url or 'file'} {fact}/{filler}", url=url)
    if site:
        library.db.execute("UPDATE articles SET site_name = ? WHERE id = ?", [site, a.id])
    stored = a.text  # the paragraphs joined by one newline
    if fact:
        library.paint(a.id, 0, len(words("fa", fact)), "fact")
    if filler:
        library.paint(a.id, len(stored) - len(words("fi", filler)), len(stored), "filler")
    return a


@pytest.fixture
def sites_library(ui_library):
    lib = ui_library
    labelled(lib, 30, 10, url="https://www.a.example/one", site="Alpha News")  # 0.75
    labelled(lib, 10, 10, url="https://a.example/two", site="Alpha News")  # 0.5 -> A: 0.625, 10 filler
    labelled(lib, 20, 20, url="https://d.example/x")  # 0.5
    labelled(lib, 60, 20, url="https://d.example/y")  # 0.75 -> D: 0.625, 20 filler (after A)
    labelled(lib, 9, 1, url="https://b.example/only")  # B: 0.9
    labelled(lib, 5, 5, url=None)  # no address, no site name: 0.5
    add_text(lib, "Not labelled at all. Nothing painted here.", title="c", url="https://c.example/z")
    labelled(lib, 0, 0, url="https://c.example/w")  # C: two articles, none judged
    return lib


def sites_dialog(window):
    window.suggestions.act_sites.trigger()  # Tools ▸ Sites…
    dlg = window.suggestions.sites_dialog
    assert dlg.isVisible()
    return dlg


@quiet
def test_sites_view_ranks_sources_from_your_highlights(main_window, sites_library, qtbot) -> None:
    assert main_window.suggestions.act_sites in main_window.suggestions.tools_menu.actions()
    dlg = sites_dialog(main_window)
    rows = dlg.tables[HIGHLIGHTS].rows
    assert [r.host for r in rows] == ["b.example", "a.example", "d.example", UNKNOWN, "c.example"]
    a = rows[1]
    assert (a.site, a.articles, a.judged_articles, a.fact_words, a.filler_words) == (
        "Alpha News",
        2,
        2,
        40,
        20,
    )
    assert a.average_fact_density == pytest.approx(0.625) and a.filler_words_per_article == pytest.approx(10)
    d = rows[2]  # same density as a.example, more filler words per article
    assert d.average_fact_density == pytest.approx(0.625) and d.filler_words_per_article == pytest.approx(20)
    assert rows[-1].articles == 2 and rows[-1].judged_articles == 0
    table = dlg.tables[HIGHLIGHTS]
    assert [table.item(i, 1).text() for i in range(table.rowCount())][:2] == ["b.example", "Alpha News"]
    assert table.item(1, 3).text() == "62%" and table.item(4, 3).text() == "—"
    assert table.item(4, 2).text() == "0 of 2"


@quiet
def test_the_highlights_table_follows_new_paints(main_window, sites_library, qtbot) -> None:
    dlg = sites_dialog(main_window)
    article = labelled(sites_library, 1, 30, url="https://b.example/second")  # B: (0.9 + 1/31) / 2
    main_window.open_article(article.id)
    main_window.reader.select_span(0, 3)
    qtbot.keyClick(main_window.reader, "1")  # any paint in the window refreshes the open view
    qtbot.waitUntil(lambda: dlg.tables[HIGHLIGHTS].rows[0].host == "a.example", timeout=3000)
    assert [r.host for r in dlg.tables[HIGHLIGHTS].rows][-3:] == [UNKNOWN, "b.example", "c.example"]


@quiet
def test_sites_csv_export_writes_the_ranked_rows(main_window, sites_library, tmp_path) -> None:
    dlg = sites_dialog(main_window)
    out = tmp_path / "sites.csv"
    assert dlg.export_csv(out, HIGHLIGHTS) == 5
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["host"] for r in rows] == ["b.example", "a.example", "d.example", UNKNOWN, "c.example"]
    assert rows[1] == {
        "site": "Alpha News",
        "host": "a.example",
        "articles": "2",
        "judged_articles": "2",
        "fact_words": "40",
        "filler_words": "20",
        "average_fact_density": "0.6250",
        "filler_words_per_article": "10.00",
    }
    assert rows[4]["average_fact_density"] == "" and rows[4]["filler_words_per_article"] == ""


@quiet
def test_sites_from_suggestions_put_the_padded_source_last(main_window, ui_library, tmp_path, qtbot) -> None:
    add_text(ui_library, PADDED, title="Harbour plan", url="https://padded.example/harbour")
    plain = (
        "The port authority of Nerimar approved a 38 million euro plan on Tuesday. Works begin in March "
        "and should finish by 2027, director Ilse Varga said. The channel handled 2,400 ship calls last "
        "year, down 9 percent from 2022."
    )
    add_text(ui_library, plain, title="Harbour plan, plainly", url="https://plain.example/harbour")
    dlg = sites_dialog(main_window)
    dlg.tabs.setCurrentIndex(1)  # computed a slice per event-loop turn
    qtbot.waitUntil(lambda: not dlg.stale, timeout=10000)
    rows = dlg.tables[SUGGESTIONS].rows
    assert [r.host for r in rows] == ["plain.example", "padded.example"]
    assert rows[0].filler_words_per_article < rows[1].filler_words_per_article
    assert rows[1].average_fact_density < 0.8 and rows[1].judged_articles == 1
    out = tmp_path / "s.csv"
    assert dlg.export_csv(out) == 2
    assert [r["host"] for r in csv.DictReader(out.open(encoding="utf-8"))] == [
        "plain.example",
        "padded.example",
    ]
    assert ui_library.highlights() == []  # suggestions never become highlights by themselves


@quiet
def test_a_slow_library_is_judged_a_slice_at_a_time(main_window, ui_library, qtbot) -> None:
    for i in range(6):
        add_text(
            ui_library, PADDED.replace("Nerimar", f"Nerimar {i}"), title=f"{i}", url=f"https://s{i}.example/"
        )
    dlg = sites_dialog(main_window)
    dlg._timer.stop()
    dlg.tabs.blockSignals(True)
    dlg.tabs.setCurrentIndex(1)
    dlg.tabs.blockSignals(False)
    assert dlg.score_slice(budget=0.0) is False  # one article per slice with no time to spare
    assert "to go" in dlg.notes[SUGGESTIONS].text() and not dlg.tables[SUGGESTIONS].rows
    dlg._timer.stop()
    dlg.wait_suggestions()
    assert len(dlg.tables[SUGGESTIONS].rows) == 6 and not dlg.stale


@quiet
def test_a_site_name_that_looks_like_a_formula_is_guarded(main_window, ui_library, tmp_path) -> None:
    labelled(ui_library, 3, 1, url=None, site="=HYPERLINK(1)")
    out = tmp_path / "g.csv"
    sites_dialog(main_window).export_csv(out, HIGHLIGHTS)
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["site"] == "'=HYPERLINK(1)"
