"""File ▸ Agreement…: κ for a hand-computed case, per label, disagreements that select in the reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.anchors import make_quote
from reader.paint import Highlight
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui

# Ten words. Yours: fact on words 1-4, filler on 9-10. Bo's: fact on 1-3, filler on 8-10.
#        Nets caught fish daily while rain fell over the bay
# you:   F    F      F    F     .     .    .    .    L   L
# Bo:    F    F      F    .     .     .    .    L    L   L
# po = 8/10; pe = (4*3 + 4*4 + 2*3) / 100 = 0.34; kappa = 0.46 / 0.66 = 0.697
# fact vs rest: po = 0.9, pe = (4*3 + 6*7) / 100 = 0.54, kappa = 0.36 / 0.46 = 0.783
# filler vs rest: po = 0.9, pe = (2*3 + 8*7) / 100 = 0.62, kappa = 0.28 / 0.38 = 0.737
TEXT = "Nets caught fish daily while rain fell over the bay"


def span(text: str, phrase: str) -> tuple[int, int]:
    s = text.index(phrase)
    return s, s + len(phrase)


def colleague(article_id: int, text: str, label: str, phrase: str) -> Highlight:
    s, e = span(text, phrase)
    exact, prefix, suffix = make_quote(text, s, e)
    return Highlight(None, article_id, label, s, e, exact, prefix, suffix, annotator="Bo", origin="imported")


@pytest.fixture
def two_annotators(main_window, ui_library):
    a = add_text(ui_library, TEXT)
    ui_library.paint(a.id, *span(a.text, "Nets caught fish daily"), "fact")
    ui_library.paint(a.id, *span(a.text, "the bay"), "filler")
    ui_library.add_highlights(
        a.id,
        [
            colleague(a.id, a.text, "fact", "Nets caught fish"),
            colleague(a.id, a.text, "filler", "over the bay"),
        ],
    )
    main_window.refresh_library()
    main_window.open_article(a.id)
    return a


def test_kappa_overall_per_label_and_disagreements(main_window, ui_library, two_annotators, qtbot) -> None:
    dlg = main_window.refresher.show_agreement()
    qtbot.addWidget(dlg)
    me = ui_library.annotator
    assert [dlg.a.itemData(i) for i in range(dlg.a.count())] == [me, "Bo"]
    assert (dlg.a.currentData(), dlg.b.currentData()) == (me, "Bo")
    r = dlg.result
    assert r.words == 10 and r.observed == pytest.approx(0.8)
    assert r.kappa == pytest.approx(0.46 / 0.66)
    assert r.per_label["fact"].kappa == pytest.approx(0.36 / 0.46)
    assert r.per_label["filler"].kappa == pytest.approx(0.28 / 0.38)
    assert (
        dlg.kappa.text().startswith("<b style='font-size:15pt'>0.70</b>")
        and "substantial" in dlg.kappa.text()
    )
    assert dlg.observed.text() == "80.0% of 10 words labelled the same"
    rows = [
        [dlg.per_label.topLevelItem(i).text(c) for c in range(5)]
        for i in range(dlg.per_label.topLevelItemCount())
    ]
    assert rows == [["fact", "0.78", "4", "3", "3"], ["filler", "0.74", "2", "3", "2"]]
    spans = [
        [dlg.spans.topLevelItem(i).text(c) for c in range(4)] for i in range(dlg.spans.topLevelItemCount())
    ]
    assert spans == [["fact", "none", "1", "daily"], ["none", "filler", "1", "over"]]
    # clicking a disagreement selects it in the article
    item = dlg.spans.topLevelItem(1)
    rect = dlg.spans.visualItemRect(item)
    qtbot.mouseClick(dlg.spans.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.reader.textCursor().selectedText() == "over"


def test_swapping_annotators_and_painting_recompute(main_window, ui_library, two_annotators, qtbot) -> None:
    dlg = main_window.refresher.show_agreement()
    qtbot.addWidget(dlg)
    dlg.a.setCurrentIndex(dlg.a.findData("Bo"))
    assert dlg.result is None and "two different annotators" in dlg.note.text()
    dlg.b.setCurrentIndex(dlg.b.findData(ui_library.annotator))
    assert dlg.result.kappa == pytest.approx(0.46 / 0.66)  # kappa is symmetric
    assert dlg.spans.topLevelItem(0).text(0) == "none" and dlg.spans.topLevelItem(0).text(1) == "fact"
    # you paint "daily" off your facts and "over" as filler: now you agree on every word
    main_window.annotator.erase(two_annotators.id, *span(two_annotators.text, "daily"))
    main_window.annotator.paint(two_annotators.id, *span(two_annotators.text, "over the bay"), "filler")
    assert dlg.result.kappa == pytest.approx(1.0) and dlg.spans.topLevelItemCount() == 0
    assert "No disagreements" in dlg.spans_title.text()


def test_only_you_still_offers_yourself_and_says_what_to_do(main_window, ui_library, qtbot) -> None:
    a = add_text(ui_library, TEXT)
    main_window.open_article(a.id)
    dlg = main_window.refresher.show_agreement()
    qtbot.addWidget(dlg)
    assert dlg.a.count() == 1 and dlg.a.currentData() == ui_library.annotator
    assert dlg.result is None and "sift import" in dlg.note.text()
