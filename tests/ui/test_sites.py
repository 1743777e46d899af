"""Tools ▸ Sites…: sources ranked by average fact density and filler words per article; CSV export."""

from __future__ import annotations

import csv

import pytest

from reader.ui.sites_view import HIGHLIGHTS, LOCAL, SUGGESTIONS, SiteRow, rank_sites, site_of
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
    labelled(lib, 5, 5, url=None)  # local file: 0.5
    add_text(lib, "Not labelled at all. Nothing painted here.", title="c", url="https://c.example/z")
    labelled(lib, 0, 0, url="https://c.example/w")  # C: two articles, none judged
    return lib


def test_site_of_uses_the_host_without_www_then_the_site_name() -> None:
    assert site_of("https://www.Example.org/a?b", "Example") == ("example.org", "Example")
    assert site_of("https://news.example.org/a", None) == ("news.example.org", "news.example.org")
    assert site_of(None, "Pasted") == ("Pasted", "Pasted")
    assert site_of(None, None) == (LOCAL, LOCAL)


def test_rank_sites_averages_per_article_densities() -> None:
    rows = rank_sites([("x", "X", 3, 1), ("x", "X", 1, 3), ("y", "Y", 0, 0), ("z", "Z", 1, 0)])
    assert [r.site for r in rows] == ["z", "x", "y"]
    assert rows[1] == SiteRow("x", "X", 2, 2, 0.5, 2.0, 4, 4)
    assert rows[2].avg_fact_density is None and rows[2].judged == 0


@quiet
def test_sites_view_ranks_sources_from_your_highlights(main_window, sites_library, qtbot) -> None:
    main_window.suggestions.show_sites()
    dlg = main_window.suggestions.sites_dialog
    rows = dlg.tables[HIGHLIGHTS].rows
    assert [r.site for r in rows] == ["b.example", "a.example", "d.example", LOCAL, "c.example"]
    a = rows[1]
    assert (a.name, a.articles, a.judged, a.fact_words, a.filler_words) == ("Alpha News", 2, 2, 40, 20)
    assert a.avg_fact_density == pytest.approx(0.625) and a.filler_per_article == pytest.approx(10.0)
    d = rows[2]  # same density as a.example, more filler words per article
    assert d.avg_fact_density == pytest.approx(0.625) and d.filler_per_article == pytest.approx(20)
    assert rows[-1].articles == 2 and rows[-1].judged == 0
    table = dlg.tables[HIGHLIGHTS]
    assert [table.item(i, 1).text() for i in range(table.rowCount())][:2] == ["b.example", "Alpha News"]
    assert table.item(1, 3).text() == "62%" and table.item(4, 3).text() == "—"


@quiet
def test_sites_csv_export_writes_the_ranked_rows(main_window, sites_library, tmp_path) -> None:
    main_window.suggestions.show_sites()
    dlg = main_window.suggestions.sites_dialog
    out = tmp_path / "sites.csv"
    assert dlg.export_csv(out, HIGHLIGHTS) == 5
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["rank"], r["site"]) for r in rows] == [
        ("1", "b.example"),
        ("2", "a.example"),
        ("3", "d.example"),
        ("4", LOCAL),
        ("5", "c.example"),
    ]
    assert rows[1] == {
        "basis": "highlights",
        "rank": "2",
        "site": "a.example",
        "name": "Alpha News",
        "articles": "2",
        "judged_articles": "2",
        "avg_fact_density": "0.6250",
        "filler_words_per_article": "10.0",
        "fact_words": "40",
        "filler_words": "20",
    }
    assert rows[4]["avg_fact_density"] == "" and rows[4]["filler_words_per_article"] == ""


@quiet
def test_sites_from_suggestions_put_the_padded_source_last(main_window, ui_library, tmp_path) -> None:
    add_text(ui_library, PADDED, title="Harbour plan", url="https://padded.example/harbour")
    plain = (
        "The port authority of Nerimar approved a 38 million euro plan on Tuesday. Works begin in March "
        "and should finish by 2027, director Ilse Varga said. The channel handled 2,400 ship calls last "
        "year, down 9 percent from 2022."
    )
    add_text(ui_library, plain, title="Harbour plan, plainly", url="https://plain.example/harbour")
    main_window.suggestions.show_sites()
    dlg = main_window.suggestions.sites_dialog
    dlg.tabs.setCurrentIndex(1)
    dlg.wait_suggestions()
    rows = dlg.tables[SUGGESTIONS].rows
    assert [r.site for r in rows] == ["plain.example", "padded.example"]
    assert rows[0].filler_per_article < rows[1].filler_per_article
    assert rows[1].avg_fact_density < 0.8 and rows[1].judged == 1
    out = tmp_path / "s.csv"
    assert dlg.export_csv(out) == 2
    assert [r["basis"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["suggestions"] * 2
    assert ui_library.highlights() == []  # suggestions never become highlights by themselves


@quiet
def test_a_site_name_that_looks_like_a_formula_is_guarded(main_window, ui_library, tmp_path) -> None:
    labelled(ui_library, 3, 1, url=None, site="=HYPERLINK(1)")
    main_window.suggestions.show_sites()
    out = tmp_path / "g.csv"
    main_window.suggestions.sites_dialog.export_csv(out, HIGHLIGHTS)
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["name"] == "'=HYPERLINK(1)"
