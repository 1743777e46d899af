"""The reader view on its own: visible-window drawing, extra layers, messages, the None guard."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QTextCharFormat

from reader.blocks import Block
from reader.models import Article, Highlight, Label
from reader.ui.reader_view import ReaderView, doc_style
from reader.ui.themes import THEMES

pytestmark = pytest.mark.gui

LABELS = [Label("fact", "#7ccf8a", "1"), Label("filler", "#f2b36b", "2")]


def long_article(paragraphs: int = 150) -> Article:
    blocks = [
        Block("paragraph", f"Paragraph {i} says the council voted {i} to 2 on Monday. " * 3)
        for i in range(paragraphs)
    ]
    blocks = [Block(b.kind, b.text.strip()) for b in blocks]
    return Article(1, "Long", "\n".join(b.text for b in blocks), blocks, "")


@pytest.fixture
def view(qtbot):
    v = ReaderView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    qtbot.waitExposed(v)
    v.set_labels(LABELS)
    return v


def _highlights(article: Article, every: int = 200) -> list[Highlight]:
    out = []
    for n, s in enumerate(range(0, len(article.text) - 20, every)):
        out.append(
            Highlight(n + 1, 1, "fact" if n % 2 else "filler", s, s + 15, article.text[s : s + 15], "", "")
        )
    return out


def test_only_highlights_near_the_view_are_handed_to_qt(view) -> None:
    article = long_article()
    view.set_article(article, doc_style(THEMES["light"], "", 13), THEMES["light"])
    highlights = _highlights(article)
    view.set_highlights(highlights)
    shown = view.extraSelections()
    assert 0 < len(shown) < len(highlights) / 3
    assert shown[0].cursor.selectionStart() == 0
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    last = highlights[-1]
    ends = [s.cursor.selectionEnd() for s in view.extraSelections()]
    assert view.umap.to_pos(last.end) in ends
    assert 0 not in [s.cursor.selectionStart() for s in view.extraSelections()]


def test_layers_draw_above_highlights_and_can_be_removed(view) -> None:
    article = long_article(5)
    view.set_article(article, doc_style(THEMES["dark"], "", 13), THEMES["dark"])
    view.set_highlights(_highlights(article, 400))
    n = len(view.extraSelections())
    dashed = QTextCharFormat()
    dashed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    view.set_layer("suggest", [(30, 60, dashed), (0, 10, dashed)])
    sels = view.extraSelections()
    assert len(sels) == n + 2
    assert [s.cursor.selectionStart() for s in sels[-2:]] == [0, 30]
    assert sels[-1].format.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    view.set_layer("suggest", [])
    assert len(view.extraSelections()) == n


def test_keys_without_a_target_explain_what_to_do(view, qtbot) -> None:
    article = long_article(2)
    view.set_article(article, doc_style(THEMES["light"], "", 13), THEMES["light"])
    messages: list[str] = []
    view.message.connect(messages.append)
    painted: list[tuple] = []
    view.paint_requested.connect(lambda *a: painted.append(a))
    view.setFocus()
    qtbot.keyClick(view, "1")
    qtbot.keyClick(view, "n")
    assert painted == []
    assert messages[0].startswith("Select some text first")
    assert messages[1].startswith("Put the cursor in a highlight")


def test_tooltip_names_label_key_and_note(view) -> None:
    h = Highlight(1, 1, "filler", 0, 4, "Para", "", "", note="stock phrase")
    assert view.tooltip_for(h) == "Filler (dotted underline) — key 2\nNote: stock phrase"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_none_cannot_be_deallocated_by_pyside_void_calls() -> None:
    import reader.ui

    assert reader.ui.keep_none_alive()
    assert min(sys.getrefcount(x) for x in (None, True, False)) > reader.ui.NONE_REFS // 2
