"""How highlights are drawn: label backgrounds under the text, underline styles and dimming over it.

Sift paints the marks itself (only those in view) instead of using QTextEdit extra selections, which
redraw the text of every selection a second time: a paint costs what is on screen, not how many highlights
the article has. A mark's line pieces are measured once per layout and kept as flat tuples of floats.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QTextCharFormat, QTextFormat

from reader.models import Highlight, Label
from reader.ui import themes
from reader.ui.label_cues import label_cue
from reader.ui.mark_geometry import MarkGeometryMixin
from reader.ui.mark_shapes import PIECE, Bands, backs, boxes, solids, strip, tile, whole_bands

# The underline style that draws each cue of reader/ui/label_cues.py.
_US = QTextCharFormat.UnderlineStyle
_STYLES = {
    "solid underline": _US.SingleUnderline,
    "dotted underline": _US.DotLine,
    "dashed underline": _US.DashUnderline,
    "wavy underline": _US.WaveUnderline,
    "dash-dot underline": _US.DashDotLine,
    "dash-dot-dot underline": _US.DashDotDotLine,
}
DIM_PROPERTY = QTextFormat.Property.UserProperty + 20  # bool: grey the text out (dim-filler mode)
_NO_PEN = QPen(Qt.PenStyle.NoPen)


def underline_style(label: Label, labels: Sequence[Label]) -> QTextCharFormat.UnderlineStyle:
    """The underline style that tells ``label`` apart without colour."""
    return _STYLES[label_cue(label, labels)]


class MarksMixin(MarkGeometryMixin):
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
        self._specs = {}
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
        self._specs = {}
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

    def marks_in_range(
        self, lo: int, hi: int, *, highlights: bool = True
    ) -> list[tuple[int, int, QTextCharFormat]]:
        """Highlight spans (unless ``highlights`` is False), then layer spans, that touch ``[lo, hi]``."""
        out = []
        layers = self.extra_layers.values()
        for spans in (self._highlight_spans, *layers) if highlights else layers:
            first = bisect.bisect_left(spans, lo, key=lambda x: x[1])  # sorted and disjoint within a layer
            for i in range(first, len(spans)):
                if spans[i][0] > hi:
                    break
                out.append(spans[i])
        return out

    def marks_in_view(self) -> list[tuple[int, int, QTextCharFormat]]:
        """The marks drawn in the visible part of the page."""
        return self.marks_in_range(*self.visible_range()) if self.article is not None else []

    def mark_pieces(self, event_rect) -> list[tuple[tuple[float, ...], tuple]]:
        """(geometry, drawing spec) of every mark with a line piece in ``event_rect`` (see
        :meth:`span_geometry`); its other pieces are drawn too, clipped."""
        if self.article is None:
            return []
        dy = self.verticalScrollBar().value()
        top, bottom = event_rect.top() + dy - 2, event_rect.bottom() + dy + 2
        marks = self.marks_near(top, bottom)  # the highlights, when they are all measured
        if marks is None or self.extra_layers:
            lo, hi = self.blocks_between(top, bottom)
            for start, end, fmt in self.marks_in_range(lo, hi, highlights=marks is None):
                p = self.span_geometry(start, end)
                if not p or p[-4] + p[-2] < top or p[1] > bottom:
                    continue
                if (p[1] < top or p[-4] + p[-2] > bottom) and not any(
                    p[i + 1] + p[i + 3] >= top and p[i + 1] <= bottom for i in range(0, len(p), PIECE)
                ):  # only at the edges: the view may fall between two of its pieces
                    continue
                marks = marks or []
                marks.append((p, fmt))
        if not marks:
            return []
        ratio = self.viewport().devicePixelRatioF()
        if ratio != self._specs_ratio:  # moved to a screen of another scale: patterns are drawn anew
            self._specs, self._specs_ratio = {}, ratio
        specs = self._specs
        out = []
        for p, fmt in marks:
            spec = specs.get(id(fmt))
            if spec is None:
                spec = specs[id(fmt)] = (fmt, *self._spec(fmt))  # keeps fmt alive while its id is a key
            out.append((p, spec))
        return out

    def _spec(self, fmt: QTextCharFormat) -> tuple:
        """How a format is drawn: (background key, brush, veil key, brush, underline kind, key, brush,
        pre-tiled strip)."""
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
            line = (1, color.rgba(), QBrush(color), None)
        elif style != QTextCharFormat.UnderlineStyle.NoUnderline:
            pattern = (style.value, color.rgba(), self._specs_ratio)
            line = (2, None, QBrush(tile(*pattern)), strip(*pattern))
        else:
            line = (0, None, None, None)
        return (*bg, *veil, *line)

    def mark_rects(self, p: tuple[float, ...]) -> tuple:
        """(``p``, label backgrounds, solid underlines, patterned bands at 100%: see
        :func:`~reader.ui.mark_shapes.whole_bands`) of a mark's geometry ``p``, made once per layout.

        Making a QRectF costs about a microsecond: ready-made rectangles keep scrolling to drawing them.
        Kept by ``id(p)`` with ``p`` itself, which keeps the id valid; dropped with the geometry."""
        got = self._rects[id(p)] = (p, backs(p), solids(p), whole_bands(p))
        return got

    def paint_marks(self, event_rect, pieces, *, under: bool) -> None:
        """Page and mark backgrounds (``under`` the text), or underlines and dimming (over it)."""
        painter = QPainter(self.viewport())
        if under:
            painter.fillRect(event_rect, QColor(self.theme.base))
        if not pieces:
            painter.end()
            return
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        painter.setPen(_NO_PEN)
        batches: dict[int, list] = {}  # colour -> [brush, rects...]: one drawRects call per colour
        rects_of = self._rects.get
        if under:
            for p, spec in pieces:
                key = spec[1]
                if key is not None:
                    rects = batches.get(key)
                    if rects is None:
                        rects = batches[key] = [spec[2]]
                    got = rects_of(id(p)) or self.mark_rects(p)
                    rects += got[1]
        else:
            bands = None
            for p, spec in pieces:
                key = spec[3]
                if key is not None:  # a veil over the text
                    rects = batches.get(key)
                    if rects is None:
                        rects = batches[key] = [spec[4]]
                    rects += boxes(p)
                kind = spec[5]
                if kind == 1:
                    key = spec[6]
                    rects = batches.get(key)
                    if rects is None:
                        rects = batches[key] = [spec[7]]
                    got = rects_of(id(p)) or self.mark_rects(p)
                    rects += got[2]
                elif kind == 2:  # a tiled pattern (dots, dashes, waves) starting at each piece's left edge
                    if bands is None:
                        bands = Bands(painter)
                    bands.draw(p, spec[7], spec[8], (rects_of(id(p)) or self.mark_rects(p))[3])
        for brush, *rects in batches.values():
            painter.setBrush(brush)
            painter.drawRects(rects)
        painter.end()

    def tooltip_for(self, h: Highlight) -> str:
        """The tooltip text of a highlight: label, how it is marked, and the note."""
        lb = self.label(h.label)
        style = label_cue(lb, self.labels)
        tip = f"{lb.name.capitalize()} ({style})"
        if lb.key:
            tip += f" — key {lb.key}"
        if h.note:
            tip += f"\nNote: {h.note}"
        return tip
