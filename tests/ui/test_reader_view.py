"""The reader view on its own: visible-window drawing, extra layers, messages, the None guard."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QApplication

from reader.blocks import Block
from reader.models import Article, Highlight
from reader.ui.reader_view import doc_style
from reader.ui.themes import THEMES

pytestmark = pytest.mark.gui


def long_article(paragraphs: int = 150) -> Article:
    blocks = [
        Block("paragraph", f"Paragraph {i} says the council voted {i} to 2 on Monday. " * 3)
        for i in range(paragraphs)
    ]
    blocks = [Block(b.kind, b.text.strip()) for b in blocks]
    return Article(1, "Long", "\n".join(b.text for b in blocks), blocks, "")


def _highlights(article: Article, every: int = 200) -> list[Highlight]:
    out = []
    for n, s in enumerate(range(0, len(article.text) - 20, every)):
        out.append(
            Highlight(n + 1, 1, "fact" if n % 2 else "filler", s, s + 15, article.text[s : s + 15], "", "")
        )
    return out


def test_only_marks_in_view_are_drawn_and_scrolling_reaches_the_rest(view) -> None:
    article = long_article()
    view.set_article(article, doc_style(THEMES["light"], "", 13), THEMES["light"])
    highlights = _highlights(article)
    view.set_highlights(highlights)
    assert view.extraSelections() == []  # marks are painted by Sift, text is drawn once
    shown = view.marks_in_view()
    assert 0 < len(shown) < len(highlights) / 3
    assert shown[0][0] == 0
    bar = view.verticalScrollBar()
    view.document().size()  # finish the (lazy) layout so the scroll range is final
    QApplication.processEvents()
    bar.setValue(bar.maximum())
    shown = view.marks_in_view()
    assert shown[-1][:2] == (highlights[-1].start, highlights[-1].end)
    assert all(s > 0 for s, _e, _f in shown)
    view.viewport().grab()  # paints without errors at the end of the page


def test_layers_draw_above_highlights_and_can_be_removed(view) -> None:
    article = long_article(5)
    view.set_article(article, doc_style(THEMES["dark"], "", 13), THEMES["dark"])
    view.set_highlights(_highlights(article, 400))
    n = len(view.marks_in_view())
    dashed = QTextCharFormat()
    dashed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    dashed.setUnderlineColor(QColor("#ff00ff"))
    view.set_layer("suggest", [(0, 10, dashed), (30, 60, dashed)])
    marks = view.marks_in_view()
    assert len(marks) == n + 2
    assert [m[0] for m in marks[-2:]] == [0, 30]
    img = view.viewport().grab().toImage()
    [(rect, baseline)] = view.span_lines(30, 60)

    def magenta(x: int, y: float) -> bool:
        c = img.pixelColor(int(x * img.devicePixelRatio()), int(y * img.devicePixelRatio()))
        return c.red() > 150 and c.blue() > 150 and c.green() < 110

    hits = sum(
        magenta(x, baseline + dy) for x in range(int(rect.left()), int(rect.right())) for dy in (1, 2, 3, 4)
    )
    assert hits > 20  # the dashed underline is really drawn
    view.set_layer("suggest", [])
    assert len(view.marks_in_view()) == n


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


def test_layers_are_per_article_and_layer_format_follows_the_theme(view) -> None:
    a = long_article(3)
    view.set_article(a, doc_style(THEMES["light"], "", 13), THEMES["light"])
    fmt = view.layer_format("filler")
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    view.set_layer("suggest", [(0, 5, fmt)])
    view.set_article(a, doc_style(THEMES["light"], "", 13), THEMES["light"])  # same article: kept
    assert "suggest" in view.extra_layers
    other = Article(2, "Other", a.text, a.blocks, "")
    view.set_article(other, doc_style(THEMES["dark"], "", 13), THEMES["dark"])
    assert view.extra_layers == {}
    assert view.layer_format("filler").underlineColor() != fmt.underlineColor()


def test_a_mark_stops_at_the_last_letter_of_each_wrapped_line(view) -> None:
    article = long_article(3)
    view.set_article(article, doc_style(THEMES["light"], "", 13), THEMES["light"])
    first = article.blocks[0].text
    pieces = view.span_lines(0, len(first))  # the whole first paragraph, over several lines
    layout = view.document().firstBlock().layout()
    assert layout.lineCount() == len(pieces) > 1
    for i, (rect, _baseline) in enumerate(pieces):
        line = layout.lineAt(i)
        last = line.textStart() + line.textLength() - 1
        visible_end = last if first[last] == " " else last + 1  # the wrapping space is not marked
        assert rect.right() == pytest.approx(layout.position().x() + line.cursorToX(visible_end)[0], abs=0.01)
    assert any(
        first[layout.lineAt(i).textStart() + layout.lineAt(i).textLength() - 1] == " "
        for i in range(len(pieces) - 1)
    )


def test_each_paint_draws_exactly_the_marks_in_view(view) -> None:
    article = long_article()
    view.set_article(article, doc_style(THEMES["light"], "", 13), THEMES["light"])
    highlights = _highlights(article, every=97)
    view.set_highlights(highlights)
    view.document().size()
    QApplication.processEvents()
    bar = view.verticalScrollBar()
    rect = view.viewport().rect()
    formats = {s: fmt for s, _e, fmt in view.marks_in_range(0, len(article.text))}
    for value in (0, bar.maximum() // 7, bar.maximum() // 2, bar.maximum() - 3, bar.maximum()):
        bar.setValue(value)
        top, bottom = rect.top() + value - 2, rect.bottom() + value + 2
        expected = [
            h.start
            for h in highlights
            if any(r.bottom() >= top and r.top() <= bottom for r, _b in view.span_lines(h.start, h.end))
        ]
        starts = {id(view.span_geometry(h.start, h.end)): h.start for h in highlights}
        drawn = [(starts[id(pieces)], spec[0]) for pieces, spec in view.mark_pieces(rect)]
        assert expected and [s for s, _fmt in drawn] == expected
        assert all(fmt is formats[s] for s, fmt in drawn)
