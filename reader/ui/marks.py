"""How highlights are drawn: label backgrounds under the text, underline styles and dimming over it.

Sift paints the marks itself (only those in view) instead of using QTextEdit extra selections, which
redraw the text of every selection a second time: a paint costs what is on screen, not how many highlights
the article has. A mark's line pieces are measured once per layout and kept as flat tuples of floats.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QTextCharFormat, QTextFormat

from reader.models import Highlight, Label
from reader.ui import themes
from reader.ui.label_cues import label_cue
from reader.ui.mark_shapes import PIECE, Bands, backs, boxes, solids, strip, tile

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


def underline_style(label: Label, labels: Sequence[Label]) -> QTextCharFormat.UnderlineStyle:
    """The underline style that tells ``label`` apart without colour."""
    return _STYLES[label_cue(label, labels)]


MEASURE_AT_ONCE = 3000  # highlights measured when an article's highlights are set (see measure_marks)
_SPACES = frozenset(" \t\u00a0\u2028")  # (a U+2029 in the text is shown as U+FFFD: not a space)


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

    def marks_in_range(self, lo: int, hi: int) -> list[tuple[int, int, QTextCharFormat]]:
        """Highlight spans, then layer spans, that touch ``[lo, hi]``."""
        out = []
        for spans in (self._highlight_spans, *self.extra_layers.values()):
            first = bisect.bisect_left(spans, lo, key=lambda x: x[1])  # sorted and disjoint within a layer
            for i in range(first, len(spans)):
                if spans[i][0] > hi:
                    break
                out.append(spans[i])
        return out

    def marks_in_view(self) -> list[tuple[int, int, QTextCharFormat]]:
        """The marks drawn in the visible part of the page."""
        return self.marks_in_range(*self.visible_range()) if self.article is not None else []

    def span_lines(self, start: int, end: int) -> list[tuple[QRectF, float]]:
        """(rect, baseline y) in document coordinates of each line piece of ``[start, end)``."""
        pieces = self.span_geometry(start, end)
        return list(zip(boxes(pieces), pieces[PIECE - 1 :: PIECE], strict=True))

    def span_geometry(self, start: int, end: int) -> tuple[float, ...]:
        """Where ``[start, end)`` is drawn: left, top, width, height and baseline of each line piece, one
        after the other (see :mod:`reader.ui.mark_shapes`); cached until the layout changes."""
        key = start << 32 | end  # an int key: nothing for the cyclic GC to track
        got = self._span_cache.get(key)
        if got is None:
            got = self._span_cache[key] = self._span_pieces(start, end)
        return got

    def measure_marks(self, limit: int = MEASURE_AT_ONCE) -> int:
        """Measure where the first ``limit`` highlights are drawn (~20 ms for 1,000) so that scrolling
        only draws them; returns how many were measured. Others are measured when first painted."""
        spans = self._highlight_spans[:limit]
        for start, end, _fmt in spans:
            self.span_geometry(start, end)
        return len(spans)

    def forget_geometry(self) -> None:
        """Drop cached mark geometry (after a relayout: new width, fonts or text)."""
        self._span_cache: dict[int, tuple[float, ...]] = {}
        self._block_cache: dict[int, tuple] = {}
        self._block_table: tuple | None = None

    def _span_pieces(self, start: int, end: int) -> tuple[float, ...]:
        s, e = self.umap.to_pos(start), self.umap.to_pos(end)
        text, to_offset = self.text, self.umap.to_offset
        out: list[float] = []
        block = self._block_at(s)
        while block.isValid():
            base, x0, length, starts, tops, heights, baselines, lines = self._block_lines(block)
            a0, b0, n = s - base, e - base, len(starts)
            i = max(bisect.bisect_right(starts, a0) - 1, 0)
            while i < n and starts[i] < b0:
                ls = starts[i]
                le = starts[i + 1] if i + 1 < n else length  # a line ends where the next begins
                a = a0 if a0 > ls else ls
                if b0 < le:
                    b = b0
                else:  # the space a line wraps at is not drawn: no mark hanging past the text
                    b = le
                    while b > a and text[to_offset(base + b - 1)] in _SPACES:
                        b -= 1
                if a < b:
                    line = lines[i]
                    x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                    if x2 < x1:  # right-to-left
                        x1, x2 = x2, x1
                    out += (x0 + x1, tops[i], x2 - x1, heights[i], baselines[i])
                i += 1
            if b0 <= length + 1:  # ends in this block (or at its separator)
                break
            block = block.next()
        return tuple(out)

    def _block_at(self, pos: int):
        """The block holding UTF-16 position ``pos`` (from the table of measured blocks when it is there)."""
        table = self._block_table
        if table is not None and table[1] and pos < table[2][-1]:
            return table[4][bisect.bisect_right(table[1], pos) - 1]
        return self.document().findBlock(pos)

    def _block_lines(self, block) -> tuple:
        """(position, x, length, line starts, tops, heights, baselines, QTextLines) of a laid-out block, in
        UTF-16 units and document coordinates (cached).

        Never keep the block's QTextLayout itself: Qt deletes it with the document, and PySide would then
        hand out its stale wrapper for whatever new object takes its address."""
        pos = block.position()
        got = self._block_cache.get(pos)
        if got is None:
            table = self._block_table
            if table is None or not table[1] or pos > table[1][-1]:  # not measured yet: lay it out now
                self.document().documentLayout().blockBoundingRect(block)
            layout = block.layout()
            origin = layout.position()
            y0 = origin.y()
            starts, tops, heights, baselines, lines = [], [], [], [], []
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lines.append(line)
                top = y0 + line.y()
                starts.append(line.textStart())
                tops.append(top)
                heights.append(line.height())
                baselines.append(top + line.ascent())
            got = (pos, origin.x(), block.length() - 1, starts, tops, heights, baselines, lines)
            self._block_cache[pos] = got
        return got

    def mark_pieces(self, event_rect) -> list[tuple[tuple[float, ...], tuple]]:
        """(geometry, drawing spec) of every mark with a line piece in ``event_rect`` (see
        :meth:`span_geometry`); its other pieces are drawn too, clipped."""
        if self.article is None:
            return []
        dy = self.verticalScrollBar().value()
        top, bottom = event_rect.top() + dy - 2, event_rect.bottom() + dy + 2
        lo, hi = self.blocks_between(top, bottom)
        ratio = self.viewport().devicePixelRatioF()
        if ratio != self._specs_ratio:  # moved to a screen of another scale: patterns are drawn anew
            self._specs, self._specs_ratio = {}, ratio
        specs = self._specs
        out = []
        for start, end, fmt in self.marks_in_range(lo, hi):
            spec = specs.get(id(fmt))
            if spec is None:
                spec = specs[id(fmt)] = (fmt, *self._spec(fmt))  # keeps fmt alive while its id is a key
            p = self.span_geometry(start, end)
            if not p or p[-4] + p[-2] < top or p[1] > bottom:
                continue
            if (p[1] < top or p[-4] + p[-2] > bottom) and not any(
                p[i + 1] + p[i + 3] >= top and p[i + 1] <= bottom for i in range(0, len(p), PIECE)
            ):  # only at the edges: the view may fall between two of its pieces
                continue
            out.append((p, spec))
        return out

    def blocks_between(self, top: float, bottom: float) -> tuple[int, int]:
        """Code-point offsets from the start of the block at document y ``top`` to the end of the block at
        ``bottom`` (whole blocks: cheaper than hit-testing, and marks outside are skipped by their rects).

        Block positions are measured once, as far down as painting has needed, until the layout changes.
        """
        table = self._block_table
        if table is None:
            table = self._block_table = ([], [], [], [self.document().begin()], [])
        tops, starts, ends, rest, blocks = table
        layout_of = self.document().documentLayout()
        block = rest[0]
        while block.isValid() and (not tops or tops[-1] <= bottom):
            tops.append(layout_of.blockBoundingRect(block).top())
            starts.append(block.position())
            ends.append(block.position() + block.length())
            blocks.append(block)
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
            for p, spec in pieces:
                if spec[1] is not None:
                    got = batches.get(spec[1])
                    (got or batches.setdefault(spec[1], (spec[2], [])))[1].extend(backs(p))
        else:
            bands = Bands(painter)
            for p, spec in pieces:
                if spec[3] is not None:
                    batches.setdefault(spec[3], (spec[4], []))[1].extend(boxes(p))
                kind = spec[5]
                if kind == 1:
                    got = batches.get(spec[6])
                    (got or batches.setdefault(spec[6], (spec[7], [])))[1].extend(solids(p))
                elif kind == 2:  # a tiled pattern (dots, dashes, waves) starting at each piece's left edge
                    bands.draw(p, spec[7], spec[8])
        for brush, rects in batches.values():
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
