"""How highlights are drawn: label colours and underline styles, handed to Qt only near the view."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import (
    QColor,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit

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


class MarksMixin:
    """Highlight drawing for :class:`reader.ui.reader_view.ReaderView` (needs its attributes)."""

    def set_layer(self, name: str, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Add or replace a drawing layer above the highlights (e.g. suggestion underlines).

        ``spans`` are ``(start, end, format)`` in code-point offsets, sorted by start; an empty list
        removes the layer. Layers are drawn in the order they were first added.
        """
        if spans:
            self.extra_layers[name] = sorted(spans, key=lambda x: x[0])
        else:
            self.extra_layers.pop(name, None)
        self.update_visible_selections()

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
            fmt.setForeground(QColor(self.theme.faint))
            return fmt
        colors = themes.label_colors(self.theme, label.color)
        fmt.setBackground(colors.background)
        fmt.setForeground(colors.text)
        fmt.setUnderlineStyle(underline_style(label, self.labels))
        fmt.setUnderlineColor(colors.underline)
        return fmt

    def render_highlights(self) -> None:
        """Recompute how each highlight is drawn, then draw those near the visible part of the page."""
        formats: dict[str, QTextCharFormat] = {}
        spans: list[tuple[int, int, QTextCharFormat]] = []
        for h in self.highlights:
            fmt = formats.get(h.label)
            if fmt is None:
                fmt = formats[h.label] = self.highlight_format(self.label(h.label))
            spans.append((h.start, h.end, fmt))
        self._highlight_spans = spans
        self.update_visible_selections()

    def visible_range(self) -> tuple[int, int]:
        """Code-point offsets from one screen above the view to one screen below it."""
        vp = self.viewport()
        h = max(vp.height(), 900)  # a hidden view may not have its real size yet
        top = self.cursorForPosition(QPoint(0, -h)).position()
        bottom = self.cursorForPosition(QPoint(max(vp.width(), 1), 2 * h)).position()
        return self.umap.to_offset(top), self.umap.to_offset(bottom) + 1

    def update_visible_selections(self) -> None:
        """Hand Qt only the highlight and layer spans near the view (painting cost stays flat)."""
        if self.article is None:
            self.setExtraSelections([])
            return
        lo, hi = self.visible_range()
        doc = self.document()
        sels: list[QTextEdit.ExtraSelection] = []
        # Inside an edit block QTextCursor.setPosition skips laying out the block to find its x.
        batch = QTextCursor(doc)
        batch.beginEditBlock()
        for spans in (self._highlight_spans, *self.extra_layers.values()):
            first = bisect.bisect_left(spans, lo, key=lambda x: x[1])  # spans are sorted and disjoint
            for start, end, fmt in spans[max(first - 1, 0) :]:
                if start > hi:
                    break
                if end < lo:
                    continue
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(doc)
                cursor.setPosition(self.umap.to_pos(start))
                cursor.setPosition(self.umap.to_pos(end), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                sel.format = fmt
                sels.append(sel)
        batch.endEditBlock()
        self._visible_window = (lo, hi)
        self.setExtraSelections(sels)

    def _on_scrolled(self) -> None:
        lo, hi = self._visible_window
        nlo, nhi = self.visible_range()
        if nlo < lo or nhi > hi or (hi - lo) > 3 * max(nhi - nlo, 1):
            self.update_visible_selections()

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
