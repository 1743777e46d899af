"""Mark drawing: geometry follows every relayout, and the fast underline patterns match a tiled fill."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QTextCharFormat, QTextCursor

from reader.blocks import Block
from reader.models import Article, Highlight
from reader.ui import themes
from reader.ui.mark_shapes import STRIP_WIDTH, Bands, strip, tile
from reader.ui.reader_view import ReaderView, doc_style
from reader.ui.themes import THEMES

pytestmark = pytest.mark.gui

STYLE = QTextCharFormat.UnderlineStyle


def article() -> Article:
    blocks = [
        Block("paragraph", f"Paragraph {i} says the harbour board met and agreed a plan on Monday. " * 4)
        for i in range(8)
    ]
    blocks = [Block(b.kind, b.text.strip()) for b in blocks]
    return Article(1, "Marks", "\n".join(b.text for b in blocks), blocks, "")


def caret_at(view: ReaderView, offset: int) -> tuple[float, float]:
    """Document (x, top) of the caret standing at ``offset``: an independent measure of where text is."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.umap.to_pos(offset))
    rect = view.cursorRect(cursor)
    return (
        rect.center().x() + view.horizontalScrollBar().value(),
        rect.top() + view.verticalScrollBar().value(),
    )


def pixel(view: ReaderView, x: float, y: float) -> str:
    img = view.viewport().grab().toImage()
    ratio = img.devicePixelRatio()
    sx, sy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    return img.pixelColor(int((x - sx) * ratio), int((y - sy) * ratio)).name()


@pytest.mark.parametrize("change", ["font", "line width", "resize", "theme"])
def test_mark_geometry_is_measured_again_after_every_relayout(view, change) -> None:
    a = article()
    view.set_article(a, doc_style(THEMES["light"], "", 13), THEMES["light"])
    s = a.text.index("agreed", len(a.blocks[0].text))  # mid-paragraph, in the second block
    e = a.text.index("Monday", s) + len("Monday")
    view.set_highlights([Highlight(1, 1, "fact", s, e, a.text[s:e], "", "")])
    view.viewport().grab()  # measured and cached
    before = [r.getRect() for r, _b in view.span_lines(s, e)]
    theme = THEMES["light"]
    if change == "font":
        view.set_article(a, doc_style(theme, "", 17), theme)
    elif change == "line width":
        view.set_line_width(40)
    elif change == "resize":
        view.resize(520, 600)
    else:
        theme = THEMES["dark"]
        view.set_article(a, doc_style(theme, "", 13), theme)
    if change in ("font", "theme"):
        view.set_highlights([Highlight(1, 1, "fact", s, e, a.text[s:e], "", "")])
    view.viewport().grab()
    pieces = view.span_lines(s, e)
    if change != "theme":  # a new layout really moved the text
        assert [r.getRect() for r, _b in pieces] != before
    first, last = pieces[0][0], pieces[-1][0]
    x, top = caret_at(view, s)
    assert abs(first.left() - x) <= 2 and abs(first.top() - top) <= 2
    x, top = caret_at(view, e)
    assert abs(last.right() - x) <= 2 and abs(last.top() - top) <= 2
    view.center_on(s)
    background = themes.label_colors(theme, "#7ccf8a").background.name()
    assert pixel(view, first.center().x(), first.top() + 1.5) == background


def test_paragraphs_keep_their_shaped_text(view) -> None:
    view.set_article(article(), doc_style(THEMES["light"], "", 13), THEMES["light"])
    block = view.document().begin()
    while block.isValid():
        assert block.layout().cacheEnabled()
        block = block.next()


def test_measured_marks_keep_no_qt_owned_layouts(view) -> None:
    """Caches hold values, never a QTextLayout: Qt deletes those with the document, and PySide then
    returns the stale wrapper for a new object at the same address (a QAction came back as one)."""
    from PySide6.QtGui import QTextLayout

    art = article()
    view.set_article(art, doc_style(THEMES["light"], "", 13), THEMES["light"])
    view.set_highlights(
        [
            Highlight(i, 1, "fact", s, s + 30, "", "", "", "", "t", "t")
            for i, s in enumerate(range(0, 900, 90))
        ]
    )
    view.viewport().grab()
    assert view._block_cache and view._span_cache

    def walk(value) -> None:
        assert not isinstance(value, QTextLayout)
        if isinstance(value, (tuple, list)):
            for item in value:
                walk(item)

    for got in view._block_cache.values():
        walk(got)


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0])
@pytest.mark.parametrize("shift", [(0.0, -13.0), (-1.0, -7.0)])
def test_patterns_copied_from_strips_give_the_pixels_of_a_tiled_fill(qapp, ratio, shift) -> None:
    # Pieces (left, top, width, height, baseline): fractional edges, ties at .5, one wider than the strip.
    pieces = (
        92.3,
        30.7,
        300.4,
        26.0,
        50.1,
        101.5,
        60.5,
        211.25,
        26.0,
        80.5,
        7.13,
        95.37,
        2 * STRIP_WIDTH,
        26.0,
        115.0,
    )
    for style in (
        STYLE.DotLine,
        STYLE.DashUnderline,
        STYLE.WaveUnderline,
        STYLE.DashDotLine,
        STYLE.DashDotDotLine,
    ):
        pattern = (style.value, QColor("#a06020").rgba(), ratio)
        images = []
        for fast in (True, False):
            img = QImage(int(900 * ratio), int(200 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(ratio)
            img.fill(Qt.GlobalColor.white)
            painter = QPainter(img)
            painter.translate(*shift)
            bands = Bands(painter)
            bands.snap = fast  # off: every band is filled with the tiled brush
            bands.draw(pieces, QBrush(tile(*pattern)), strip(*pattern))
            painter.end()
            assert bands.copied == (2 if fast else 0)  # the band wider than a strip is always filled
            images.append(img)
        blank = QImage(images[0].size(), images[0].format())
        blank.setDevicePixelRatio(ratio)
        blank.fill(Qt.GlobalColor.white)
        assert images[0] != blank  # something was drawn
        assert images[0] == images[1], (style, ratio, shift)


def test_highlights_are_measured_when_set_and_again_after_a_relayout(view, qtbot) -> None:
    """Opening measures every highlight (scrolling then only draws); a new width measures them again."""
    art = article()
    view.set_article(art, doc_style(THEMES["light"], "", 13), THEMES["light"])
    spans = [(s, s + 40) for s in range(0, len(art.text) - 40, 120)]
    view.set_highlights(
        [Highlight(i, 1, "fact", s, e, "", "", "", "", "t", "t") for i, (s, e) in enumerate(spans)]
    )
    key = [s << 32 | e for s, e in spans]
    assert all(k in view._span_cache for k in key)
    before = view.span_geometry(*spans[3])
    view.resize(520, 600)  # narrower: lines wrap elsewhere
    qtbot.waitUntil(lambda: all(k in view._span_cache for k in key), timeout=2000)
    after = view.span_geometry(*spans[3])
    assert after != before
    assert after == view._span_pieces(*spans[3])  # what is cached is what measuring gives now
