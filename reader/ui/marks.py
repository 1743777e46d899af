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


def _piece(rect: QRectF, baseline: float) -> tuple:
    """A line piece's rectangles: text, background, solid underline, patterned underline (+ its origin)."""
    solid = QRectF(rect.left(), min(baseline + 2.0, rect.bottom() - 1.3), rect.width(), 1.3)
    y = min(baseline + 1.2, rect.bottom() - TILE_HEIGHT + 1)
    pattern = QRectF(rect.left(), y, rect.width(), TILE_HEIGHT)
    return (rect, baseline, rect.adjusted(0, -1, 0, 1), solid, pattern, QPointF(rect.left(), y))


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
        self.__dict__["_specs"] = {}
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
        self.__dict__["_specs"] = {}
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
        """(rect, baseline y) in document coordinates of each line piece of ``[start, end)``."""
        return [(g[0], g[1]) for g in self.span_geometry(start, end)]

    def span_geometry(self, start: int, end: int) -> list[tuple]:
        """Per line piece of ``[start, end)``: (rect, baseline, background rect, solid underline rect,
        patterned underline rect, pattern origin), in document coordinates.

        Cached until the layout changes (``forget_geometry``): scrolling only draws.
        """
        cache = self.__dict__.setdefault("_geometry", {})
        key = (start, end)
        got = cache.get(key)
        if got is None:
            got = cache[key] = [_piece(rect, base) for rect, base in self._span_lines(start, end)]
        return got

    def forget_geometry(self) -> None:
        """Drop cached mark geometry (after a relayout: new width, fonts or text)."""
        self.__dict__.setdefault("_geometry", {}).clear()

    def _span_lines(self, start: int, end: int) -> list[tuple[QRectF, float]]:
        s, e = self.umap.to_pos(start), self.umap.to_pos(end)
        out = []
        block = self.document().findBlock(s)
        while block.isValid() and block.position() < e:
            base, x0, y0, units, lines = self._block_lines(block)
            i = max(bisect.bisect_right(lines, s - base, key=lambda ln: ln[0]) - 1, 0)
            for ls, le, line in lines[i:]:
                a, b = max(s - base, ls), min(e - base, le)
                if ls >= e - base:
                    break
                if b == le:  # the space a line wraps at is not drawn: no mark hanging past the text
                    while b > a and units[2 * b - 2 : 2 * b] in _SPACES:
                        b -= 1
                if a >= b:
                    continue
                x1 = line.cursorToX(a)[0]
                x2 = line.cursorToX(b)[0]
                top = y0 + line.y()
                out.append((QRectF(x0 + x1, top, x2 - x1, line.height()), top + line.ascent()))
            block = block.next()
        return out

    def _block_lines(self, block) -> tuple:
        """(position, x, y, UTF-16 text, [(line start, line end, QTextLine)]) of a laid-out block (cached)."""
        cache = self.__dict__.setdefault("_geometry", {})
        key = ("block", block.position())
        got = cache.get(key)
        if got is None:
            self.document().documentLayout().blockBoundingRect(block)  # makes sure the block is laid out
            layout = block.layout()
            origin = layout.position()
            lines = []
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lines.append((line.textStart(), line.textStart() + line.textLength(), line))
            units = block.text().encode("utf-16-le")
            got = cache[key] = (block.position(), origin.x(), origin.y(), units, lines)
        return got

    def mark_pieces(self, event_rect) -> list[tuple[tuple, tuple]]:
        """(geometry, drawing spec) of every mark piece in ``event_rect`` (see :meth:`span_geometry`)."""
        if self.article is None:
            return []
        dy = self.verticalScrollBar().value()
        top, bottom = event_rect.top() + dy - 2, event_rect.bottom() + dy + 2
        lo, hi = self.blocks_between(top, bottom)
        specs = self.__dict__.setdefault("_specs", {})
        out = []
        for start, end, fmt in self.marks_in_range(lo, hi):
            spec = specs.get(id(fmt))
            if spec is None:
                spec = specs[id(fmt)] = (fmt, *self._spec(fmt))  # keeps fmt alive while its id is a key
            for geo in self.span_geometry(start, end):
                rect = geo[0]
                if rect.bottom() >= top and rect.top() <= bottom:
                    out.append((geo, spec))
        return out

    def blocks_between(self, top: float, bottom: float) -> tuple[int, int]:
        """Code-point offsets from the start of the block at document y ``top`` to the end of the block at
        ``bottom`` (whole blocks: cheaper than hit-testing, and marks outside are skipped by their rects).

        Block positions are measured once, as far down as painting has needed, until the layout changes.
        """
        cache = self.__dict__.setdefault("_geometry", {})
        table = cache.get("blocks")
        if table is None:
            table = cache["blocks"] = ([], [], [], [self.document().begin()])
        tops, starts, ends, rest = table
        layout_of = self.document().documentLayout()
        block = rest[0]
        while block.isValid() and (not tops or tops[-1] <= bottom):
            tops.append(layout_of.blockBoundingRect(block).top())
            starts.append(block.position())
            ends.append(block.position() + block.length())
            block = block.next()
        rest[0] = block
        if not tops:
            return 0, 0
        first = max(bisect.bisect_right(tops, top) - 1, 0)
        last = max(bisect.bisect_right(tops, bottom) - 1, first)
        lo, hi = starts[first], ends[last]
        doc = self.document()
        layout = doc.findBlock(lo).layout()  # narrow the edge blocks to their lines in view
        y0 = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if y0 + line.y() + line.height() >= top:
                lo += line.textStart()
                break
        layout = doc.findBlock(starts[last]).layout()
        y0 = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if y0 + line.y() > bottom:
                hi = starts[last] + line.textStart()
                break
        return self.umap.to_offset(lo), self.umap.to_offset(hi) + 1

    def _spec(self, fmt: QTextCharFormat) -> tuple:
        """How a format is drawn: (background key, brush, veil key, brush, underline kind, key, brush)."""
        back = fmt.background()
        bg = (back.color().rgba(), back) if back.style() != Qt.BrushStyle.NoBrush else (None, None)
        veil = (None, None)
        if fmt.boolProperty(DIM_PROPERTY):
            color = QColor(self.theme.base)
            color.setAlphaF(0.62)  # a veil of page colour greys the text out
            veil = (color.rgba(), QBrush(color))
        style = fmt.underlineStyle()
        color = fmt.underlineColor()
        if style == QTextCharFormat.UnderlineStyle.SingleUnderline:
            line = (1, color.rgba(), QBrush(color))
        elif style != QTextCharFormat.UnderlineStyle.NoUnderline:
            tile = _tile(style.value, color.rgba(), self.viewport().devicePixelRatioF())
            line = (2, None, QBrush(tile))
        else:
            line = (0, None, None)
        return (*bg, *veil, *line)

    def paint_marks(self, event_rect, pieces, *, under: bool) -> None:
        """Page and mark backgrounds (``under`` the text), or underlines and dimming (over it)."""
        painter = QPainter(self.viewport())
        if under:
            painter.fillRect(event_rect, QColor(self.theme.base))
        if not pieces:
            painter.end()
            return
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        painter.setPen(Qt.PenStyle.NoPen)
        batches: dict[int, tuple[QBrush, list[QRectF]]] = {}  # one drawRects call per colour
        if under:
            for geo, spec in pieces:
                if spec[1] is not None:
                    got = batches.get(spec[1])
                    (got or batches.setdefault(spec[1], (spec[2], [])))[1].append(geo[2])
        else:
            for geo, spec in pieces:
                if spec[3] is not None:
                    batches.setdefault(spec[3], (spec[4], []))[1].append(geo[0])
                kind = spec[5]
                if kind == 1:
                    got = batches.get(spec[6])
                    (got or batches.setdefault(spec[6], (spec[7], [])))[1].append(geo[3])
                elif kind == 2:  # a tiled pattern (dots, dashes, waves) starting at the piece's left edge
                    painter.setBrushOrigin(geo[5])
                    painter.fillRect(geo[4], spec[7])
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
