"""How highlights are drawn: label backgrounds under the text, underline styles and dimming over it.

Sift paints the marks itself (only those in view) instead of using QTextEdit extra selections, which
redraw the text of every selection a second time: scrolling stays as fast with 1,000 highlights as with none.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QTextCharFormat, QTextFormat

from reader.models import Highlight, Label
from reader.ui import themes

# The non-colour cue of each label: fact solid, filler dotted, user labels dashed/wavy/dash-dot.
UNDERLINES = {
    "fact": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "filler": QTextCharFormat.UnderlineStyle.DotLine,
}
USER_UNDERLINES = (
    QTextCharFormat.UnderlineStyle.DashUnderline,
    QTextCharFormat.UnderlineStyle.WaveUnderline,
    QTextCharFormat.UnderlineStyle.DashDotLine,
    QTextCharFormat.UnderlineStyle.DashDotDotLine,
)
DIM_PROPERTY = QTextFormat.Property.UserProperty + 20  # bool: grey the text out (dim-filler mode)
UNDERLINE_NAMES = {
    QTextCharFormat.UnderlineStyle.SingleUnderline: "solid underline",
    QTextCharFormat.UnderlineStyle.DotLine: "dotted underline",
    QTextCharFormat.UnderlineStyle.DashUnderline: "dashed underline",
    QTextCharFormat.UnderlineStyle.WaveUnderline: "wavy underline",
    QTextCharFormat.UnderlineStyle.DashDotLine: "dash-dot underline",
    QTextCharFormat.UnderlineStyle.DashDotDotLine: "dash-dot-dot underline",
}


def underline_style(label: Label, labels: Sequence[Label]) -> QTextCharFormat.UnderlineStyle:
    """The underline style that tells ``label`` apart without colour."""
    if label.name in UNDERLINES:
        return UNDERLINES[label.name]
    users = [lb.name for lb in labels if lb.name not in UNDERLINES]
    i = users.index(label.name) if label.name in users else 0
    return USER_UNDERLINES[i % len(USER_UNDERLINES)]


TILE_HEIGHT = 4.0
_SPACES = frozenset(c.encode("utf-16-le") for c in " \t\u00a0\u2028\u2029")
# style -> (tile width, [(x, width) of each dash]); the wave is drawn as a curve
_DASHES = {
    QTextCharFormat.UnderlineStyle.SingleUnderline: (8.0, [(0.0, 8.0)]),
    QTextCharFormat.UnderlineStyle.DotLine: (3.0, [(0.7, 1.6)]),
    QTextCharFormat.UnderlineStyle.DashUnderline: (7.0, [(0.0, 4.0)]),
    QTextCharFormat.UnderlineStyle.DashDotLine: (10.0, [(0.0, 4.5), (6.5, 1.5)]),
    QTextCharFormat.UnderlineStyle.DashDotDotLine: (13.0, [(0.0, 4.5), (6.5, 1.5), (9.5, 1.5)]),
}


@lru_cache(maxsize=64)
def _tile(style_value: int, rgba: int, ratio: float) -> QPixmap:
    """One repeat of an underline pattern (drawn once, then tiled: much faster than dashed lines)."""
    style = QTextCharFormat.UnderlineStyle(style_value)
    color = QColor.fromRgba(rgba)
    wave = style == QTextCharFormat.UnderlineStyle.WaveUnderline
    width = 6.0 if wave else _DASHES.get(style, _DASHES[QTextCharFormat.UnderlineStyle.SingleUnderline])[0]
    pm = QPixmap(round(width * ratio), round(TILE_HEIGHT * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if wave:
        path = QPainterPath(QPointF(0, 2.0))
        path.quadTo(QPointF(1.5, 0.4), QPointF(3.0, 2.0))
        path.quadTo(QPointF(4.5, 3.6), QPointF(6.0, 2.0))
        p.setPen(QPen(color, 1.2))
        p.drawPath(path)
    else:
        for x, w in _DASHES.get(style, _DASHES[QTextCharFormat.UnderlineStyle.SingleUnderline])[1]:
            if style == QTextCharFormat.UnderlineStyle.DotLine:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawEllipse(QRectF(x, 0.7, w, w))
            else:
                p.fillRect(QRectF(x, 0.8, w, 1.3), color)
    p.end()
    return pm


def _underline(painter: QPainter, rect: QRectF, baseline: float, style, color: QColor, ratio: float) -> None:
    """Draw one underline piece below ``baseline`` in ``style`` (solid, dotted, dashed, wavy…)."""
    y = min(baseline + 1.2, rect.bottom() - TILE_HEIGHT + 1)
    tile = _tile(style.value, color.rgba(), ratio)
    painter.setBrushOrigin(QPointF(rect.left(), y))
    painter.fillRect(QRectF(rect.left(), y, rect.width(), TILE_HEIGHT), QBrush(tile))


class MarksMixin:
    """Highlight drawing for :class:`reader.ui.reader_view.ReaderView` (needs its attributes)."""

    def set_layer(self, name: str, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Add or replace a drawing layer above the highlights (e.g. suggestion underlines).

        ``spans`` are ``(start, end, format)`` in code-point offsets, disjoint; an empty list removes the
        layer. From each format the background brush, the underline style and colour, and
        ``DIM_PROPERTY`` are drawn; layers are drawn in the order they were first added.
        """
        if spans:
            self.extra_layers[name] = sorted(spans, key=lambda x: x[0])
        else:
            self.extra_layers.pop(name, None)
        self.update_visible_selections()

    def layer_format(
        self, label: str, style: QTextCharFormat.UnderlineStyle = QTextCharFormat.UnderlineStyle.DashUnderline
    ) -> QTextCharFormat:
        """A layer format: an underline in ``label``'s colour for the current theme (e.g. a suggestion)."""
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(style)
        fmt.setUnderlineColor(themes.label_colors(self.theme, self.label(label).color).underline)
        return fmt

    def label(self, name: str) -> Label:
        """The label called ``name`` (a grey stand-in if it is unknown)."""
        for lb in self.labels:
            if lb.name == name:
                return lb
        return Label(name, "#c8c8c8")

    def highlight_format(self, label: Label) -> QTextCharFormat:
        """How a highlight of ``label`` is drawn in the current theme and mode."""
        fmt = QTextCharFormat()
        if self.dim_filler and label.name == "filler":
            fmt.setProperty(DIM_PROPERTY, True)  # greyed by a veil of page colour over the text
            return fmt
        colors = themes.label_colors(self.theme, label.color)
        fmt.setBackground(colors.background)
        fmt.setForeground(colors.text)
        fmt.setUnderlineStyle(underline_style(label, self.labels))
        fmt.setUnderlineColor(colors.underline)
        return fmt

    def render_highlights(self) -> None:
        """Recompute how each highlight is drawn and repaint (the document itself is never touched)."""
        formats: dict[str, QTextCharFormat] = {}
        spans: list[tuple[int, int, QTextCharFormat]] = []
        for h in self.highlights:
            fmt = formats.get(h.label)
            if fmt is None:
                fmt = formats[h.label] = self.highlight_format(self.label(h.label))
            spans.append((h.start, h.end, fmt))
        self._highlight_spans = spans
        self.viewport().update()

    def update_visible_selections(self) -> None:
        """Repaint the marks (kept for callers of the earlier API)."""
        self.viewport().update()

    def visible_range(self, top: int = 0, bottom: int | None = None) -> tuple[int, int]:
        """Code-point offsets of the text between viewport y ``top`` and ``bottom`` (default: the view)."""
        vp = self.viewport()
        bottom = vp.height() if bottom is None else bottom
        first = self.cursorForPosition(QPoint(0, top)).position()
        last = self.cursorForPosition(QPoint(max(vp.width(), 1), bottom)).position()
        return self.umap.to_offset(first), self.umap.to_offset(last) + 1

    def marks_in_range(self, lo: int, hi: int) -> list[tuple[int, int, QTextCharFormat]]:
        """Highlight spans, then layer spans, that touch ``[lo, hi]``."""
        out = []
        for spans in (self._highlight_spans, *self.extra_layers.values()):
            first = bisect.bisect_left(spans, lo, key=lambda x: x[1])  # sorted and disjoint within a layer
            for span in spans[first:]:
                if span[0] > hi:
                    break
                out.append(span)
        return out

    def marks_in_view(self) -> list[tuple[int, int, QTextCharFormat]]:
        """The marks drawn in the visible part of the page."""
        return self.marks_in_range(*self.visible_range()) if self.article is not None else []

    def span_lines(self, start: int, end: int) -> list[tuple[QRectF, float]]:
        """(rect, baseline y) in document coordinates of each line piece of ``[start, end)``.

        Cached until the layout changes (``forget_geometry``): scrolling only draws.
        """
        cache = self.__dict__.setdefault("_geometry", {})
        key = (start, end)
        if key not in cache:
            cache[key] = self._span_lines(start, end)
        return cache[key]

    def forget_geometry(self) -> None:
        """Drop cached mark geometry (after a relayout: new width, fonts or text)."""
        self.__dict__.setdefault("_geometry", {}).clear()

    def _span_lines(self, start: int, end: int) -> list[tuple[QRectF, float]]:
        doc = self.document()
        layout_of = doc.documentLayout()
        s, e = self.umap.to_pos(start), self.umap.to_pos(end)
        out = []
        block = doc.findBlock(s)
        while block.isValid() and block.position() < e:
            layout_of.blockBoundingRect(block)  # makes sure the block is laid out
            layout = block.layout()
            origin = layout.position()
            base = block.position()
            units = None  # the block's text as UTF-16 (document positions count UTF-16 units)
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls = base + line.textStart()
                line_end = ls + line.textLength()
                a, b = max(s, ls), min(e, line_end)
                if ls >= e:
                    break
                if b == line_end:  # the space a line wraps at is not drawn: no mark hanging past the text
                    units = units if units is not None else block.text().encode("utf-16-le")
                    while b > a and units[2 * (b - base - 1) : 2 * (b - base)] in _SPACES:
                        b -= 1
                if a >= b:
                    continue
                x1 = line.cursorToX(a - base)[0]
                x2 = line.cursorToX(b - base)[0]
                top = origin.y() + line.y()
                out.append((QRectF(origin.x() + x1, top, x2 - x1, line.height()), top + line.ascent()))
            block = block.next()
        return out

    def mark_pieces(self, event_rect) -> list[tuple[QRectF, float, QTextCharFormat]]:
        """(line rect, baseline, format) in document coordinates of every mark piece in ``event_rect``."""
        if self.article is None:
            return []
        lo, hi = self.visible_range(event_rect.top(), event_rect.bottom())
        return [
            (rect, baseline, fmt)
            for start, end, fmt in self.marks_in_range(lo, hi)
            for rect, baseline in self.span_lines(start, end)
        ]

    def paint_marks(self, event_rect, pieces, *, under: bool) -> None:
        """Page and mark backgrounds (``under`` the text), or underlines and dimming (over it)."""
        vp = self.viewport()
        ratio = vp.devicePixelRatioF()
        painter = QPainter(vp)
        if under:
            painter.fillRect(event_rect, QColor(self.theme.base))
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        painter.setPen(Qt.PenStyle.NoPen)
        batches: dict[int, tuple[QBrush, list[QRectF]]] = {}  # one drawRects call per colour
        for rect, baseline, fmt in pieces:
            if under:
                brush = fmt.background()
                if brush.style() != Qt.BrushStyle.NoBrush:
                    batches.setdefault(brush.color().rgba(), (brush, []))[1].append(
                        rect.adjusted(0, -1, 0, 1)
                    )
                continue
            if fmt.boolProperty(DIM_PROPERTY):
                veil = QColor(self.theme.base)
                veil.setAlphaF(0.62)  # a veil of page colour greys the text out
                batches.setdefault(veil.rgba(), (QBrush(veil), []))[1].append(rect)
            style = fmt.underlineStyle()
            if style == QTextCharFormat.UnderlineStyle.SingleUnderline:
                color = fmt.underlineColor()
                line = QRectF(rect.left(), min(baseline + 2.0, rect.bottom() - 1.3), rect.width(), 1.3)
                batches.setdefault(color.rgba(), (QBrush(color), []))[1].append(line)
            elif style != QTextCharFormat.UnderlineStyle.NoUnderline:
                _underline(painter, rect, baseline, style, fmt.underlineColor(), ratio)
        for brush, rects in batches.values():
            painter.setBrush(brush)
            painter.drawRects(rects)
        painter.end()

    def tooltip_for(self, h: Highlight) -> str:
        """The tooltip text of a highlight: label, how it is marked, and the note."""
        lb = self.label(h.label)
        style = UNDERLINE_NAMES.get(underline_style(lb, self.labels), "underlined")
        tip = f"{lb.name.capitalize()} ({style})"
        if lb.key:
            tip += f" — key {lb.key}"
        if h.note:
            tip += f"\nNote: {h.note}"
        return tip
