"""How one highlight is drawn in the highlights pane: a card laid out once and cached.

A card shows the label chip and name, an anchor badge ("moved · 82%" for a fuzzy highlight,
"not found" for an orphaned one), the quote (up to four lines), the note and, for highlights that
need attention, one small action button ("Confirm place" or "Re-attach to selection"). Layouts
are cached by content and width, so re-listing 1,000 highlights after a paint costs little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.models import Highlight, Label
from reader.ui import themes
from reader.ui.highlights_pane import CONFIRM, HIGHLIGHT_ROLE, REATTACH
from reader.ui.themes import attention_color as attention_color  # its home is themes

SNIPPET_CHARS = 400
QUOTE_LINES = 4
NOTE_LINES = 6
PAD_X, PAD_TOP, PAD_BOTTOM = 14, 10, 12
BUTTONS = {"fuzzy": (CONFIRM, "Confirm place", "C"), "orphaned": (REATTACH, "Re-attach to selection", "R")}


def badge_text(h: Highlight) -> str:
    """The short anchor badge: "" (exact), "moved · 82%" (fuzzy) or "not found" (orphaned)."""
    if h.anchor_status == "fuzzy":
        return f"moved · {round(h.anchor_score * 100)}%"
    if h.anchor_status == "orphaned":
        return "not found"
    return ""


def status_tip(h: Highlight) -> str:
    """What the badge means and what to do about it (for tooltips)."""
    if h.anchor_status == "fuzzy":
        return (
            f"Moved: the article's text changed and this highlight was placed on the closest match "
            f"({round(h.anchor_score * 100)}% alike). Check it, then Confirm place (C) to keep it there, "
            "or select the right passage and Re-attach (R)."
        )
    if h.anchor_status == "orphaned":
        return (
            "Not found: the article's text changed and this passage was not found again. Its quote and "
            "note are kept. Select where it belongs in the article, then Re-attach to selection (R)."
        )
    return ""


@dataclass
class _Text:
    """Wrapped lines of one text (the last one elided when the text was cut)."""

    lines: list[str]
    line_height: float

    @property
    def height(self) -> float:
        """Height of all lines."""
        return len(self.lines) * self.line_height


class _Measure:
    """Word widths of one font, remembered (quotes share most of their words)."""

    _all: ClassVar[dict[str, _Measure]] = {}

    def __init__(self, font: QFont) -> None:
        self.fm = QFontMetricsF(font)
        self.space = self.fm.horizontalAdvance(" ")
        self.widths: dict[str, float] = {}

    @classmethod
    def of(cls, font: QFont) -> _Measure:
        """The measure of ``font`` (shared)."""
        key = font.key()
        m = cls._all.get(key)
        if m is None:
            if len(cls._all) > 16:
                cls._all.clear()
            m = cls._all[key] = cls(font)
        return m

    def width(self, word: str) -> float:
        """The advance of ``word``."""
        w = self.widths.get(word)
        if w is None:
            if len(self.widths) > 200000:
                self.widths.clear()
            w = self.widths[word] = self.fm.horizontalAdvance(word)
        return w

    def split_long(self, word: str, width: float) -> list[str]:
        """Cut a word wider than ``width`` into pieces that fit (for long addresses and numbers)."""
        out = []
        while word:
            lo, hi = 1, len(word)
            while lo < hi:  # the longest prefix that fits
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if self.fm.horizontalAdvance(word[:mid]) <= width else (lo, mid - 1)
            out.append(word[:lo])
            word = word[lo:]
        return out


def _wrap(text: str, font: QFont, width: float, max_lines: int) -> _Text:
    """Greedy word wrap of ``text`` to ``width`` in at most ``max_lines`` lines, the last elided if cut."""
    m = _Measure.of(font)
    words: list[str] = []
    for w in text.split():
        words.extend(m.split_long(w, width) if m.width(w) > width else (w,))
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for i, word in enumerate(words):
        w = m.width(word)
        if cur and cur_w + m.space + w > width:
            lines.append(" ".join(cur))
            cur, cur_w = [], 0.0
            if len(lines) == max_lines - 1:
                rest = " ".join(words[i:])
                fits = m.fm.horizontalAdvance(rest) <= width
                lines.append(rest if fits else m.fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                return _Text(lines, m.fm.lineSpacing())
        cur_w = cur_w + m.space + w if cur else w
        cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return _Text(lines, m.fm.lineSpacing())


@dataclass
class Card:
    """Geometry of one card at one width (relative to the card's top-left corner)."""

    height: int
    quote: _Text
    quote_y: float
    note: _Text | None = None
    note_y: float = 0.0
    button: tuple[str, str, QRectF] | None = None  # (action, caption, rect)


class HighlightDelegate(QStyledItemDelegate):
    """Draws highlight cards; a click on a card's button emits ``action_requested(action, id)``."""

    action_requested = Signal(str, int)

    def __init__(self, parent: QListView | None = None) -> None:
        super().__init__(parent)
        self.theme = themes.resolve_theme("light")
        self.labels: dict[str, Label] = {}
        self._cache: dict[tuple, Card] = {}
        self._by_row: dict[int, tuple[Highlight, float, Card]] = {}  # id(h) -> the card made for h
        self._width: tuple[int, float] = (-1, 0.0)
        self._font_key = ""

    def clear_cache(self) -> None:
        """Forget every laid-out card (call when fonts or the theme changed)."""
        self._cache.clear()
        self._by_row.clear()
        self._font_key = ""

    def text_width(self, option: QStyleOptionViewItem) -> float:
        """The width quotes wrap to: the view's width less a scroll bar's, so it never re-wraps."""
        view = self.parent()
        if not isinstance(view, QListView):
            return max(float(option.rect.width()), 140.0) - 2 * PAD_X
        w = view.width()
        if w != self._width[0]:
            sb = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
            self._width = (w, max(float(w - 2 * view.frameWidth() - sb), 140.0) - 2 * PAD_X)
        return self._width[1]

    def card(self, h: Highlight, option: QStyleOptionViewItem) -> Card:
        """The (cached) geometry of ``h``'s card."""
        width = self.text_width(option)
        seen = self._by_row.get(id(h))
        if seen is not None and seen[0] is h and seen[1] == width:
            return seen[2]
        if not self._font_key:
            self._font_key = option.font.key()
        key = (
            h.id,
            h.label,
            h.exact,
            h.note,
            h.anchor_status,
            round(h.anchor_score, 2),
            width,
            self._font_key,
        )
        found = self._cache.get(key)
        if found is None:
            found = self._make_card(h, option, width)
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[key] = found
        if len(self._by_row) > 20000:
            self._by_row.clear()
        self._by_row[id(h)] = (h, width, found)
        return found

    def _make_card(self, h: Highlight, option: QStyleOptionViewItem, width: float) -> Card:
        font = option.font
        fm = QFontMetricsF(font)
        y = PAD_TOP + fm.height() + 4
        snippet = h.exact if len(h.exact) <= SNIPPET_CHARS else h.exact[:SNIPPET_CHARS].rstrip() + "…"
        quote = _wrap(snippet.replace("\n", " ¶ "), font, width, QUOTE_LINES)
        card = Card(0, quote, y)
        y += quote.height
        if h.note:
            nf = _note_font(font)
            card.note_y = y + 6
            card.note = _wrap("✎ " + " ".join(h.note.split()), nf, width, NOTE_LINES)
            y = card.note_y + card.note.height
        if h.anchor_status in BUTTONS:
            action, caption, key_hint = BUTTONS[h.anchor_status]
            sf = _small_font(font)
            sfm = QFontMetricsF(sf)
            text = f"{caption}   {key_hint}"
            rect = QRectF(PAD_X, y + 8, sfm.horizontalAdvance(text) + 20, sfm.height() + 8)
            card.button = (action, text, rect)
            y = rect.bottom()
        card.height = int(y + PAD_BOTTOM + 0.999)
        return card

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        """The card's height at the view's width."""
        rows = getattr(index.model(), "rows", None)  # the pane's model: skip a data() round trip
        h = rows[index.row()] if rows is not None else index.data(HIGHLIGHT_ROLE)
        if h is None:
            return QSize(0, 0)
        return QSize(int(self.text_width(option) + 2 * PAD_X), self.card(h, option).height)

    def button_rect(self, h: Highlight, option: QStyleOptionViewItem) -> QRectF | None:
        """Where ``h``'s action button is, in view coordinates (None if it has none)."""
        card = self.card(h, option)
        if card.button is None:
            return None
        return card.button[2].translated(option.rect.topLeft().toPointF())

    def editorEvent(self, event, model, option: QStyleOptionViewItem, index) -> bool:
        """A click on the card's button asks for its action (and is not a click on the row)."""
        if event.type() not in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            return False
        h = index.data(HIGHLIGHT_ROLE)
        rect = self.button_rect(h, option) if h is not None else None
        if rect is None or event.button() != Qt.MouseButton.LeftButton or h.id is None:
            return False
        if not rect.contains(event.position()):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.action_requested.emit(self.card(h, option).button[0], h.id)
        return True

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        """Paint one highlight card."""
        h: Highlight | None = index.data(HIGHLIGHT_ROLE)
        if h is None:
            return
        t = self.theme
        card = self.card(h, option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        pane = QColor(t.pane)
        amber = attention_color(t)
        if selected:
            painter.fillRect(r, QColor(t.selection if focused else t.code_bg))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(r, themes.mix(pane, QColor(t.code_bg), 0.6))
        elif h.anchor_status == "orphaned":
            painter.fillRect(r, themes.mix(pane, amber, 0.06))
        painter.setPen(QPen(themes.mix(pane, QColor(t.faint), 0.45), 1))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        if h.anchor_status != "exact":  # a thin stripe on the left: needs a look
            painter.fillRect(QRectF(r.left(), r.top() + 6, 3, r.height() - 12), amber)
        fg = QColor(t.selection_text) if selected and focused else QColor(t.text)
        dim = QColor(t.selection_text) if selected and focused else QColor(t.dim)
        self._paint_header(painter, h, option, r, dim, amber, selected and focused)
        painter.translate(r.left() + PAD_X, r.top() + card.quote_y)
        painter.setPen(dim if h.anchor_status == "orphaned" else fg)
        _draw_text(painter, card.quote, option.font)
        if card.note is not None:
            painter.translate(0, card.note_y - card.quote_y)
            painter.setPen(dim)
            _draw_text(painter, card.note, _note_font(option.font))
        painter.restore()
        if card.button is not None:
            self._paint_button(painter, card.button, option, amber, selected and focused)

    def _paint_header(self, painter, h: Highlight, option, r: QRectF, dim, amber, inverted: bool) -> None:
        t = self.theme
        label = self.labels.get(h.label, Label(h.label, "#c8c8c8"))
        colors = themes.label_colors(t, label.color)
        fm = QFontMetricsF(option.font)
        x0, y = r.left() + PAD_X, r.top() + PAD_TOP
        painter.setPen(QPen(colors.underline, 1.2))
        painter.setBrush(colors.background)
        painter.drawRoundedRect(QRectF(x0, y + fm.height() / 2 - 5, 10, 10), 3, 3)
        small = _small_font(option.font)
        caps = QFont(small)
        caps.setWeight(QFont.Weight.DemiBold)
        caps.setCapitalization(QFont.Capitalization.AllUppercase)
        caps.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        painter.setFont(caps)
        painter.setPen(dim)
        key = f"   {label.key}" if label.key else ""
        head = QRectF(x0 + 16, y, r.width() - 2 * PAD_X - 16, fm.height())
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label.name + key)
        badge = badge_text(h)
        if not badge:
            return
        painter.setFont(small)
        sfm = QFontMetricsF(small)
        bw, bh = sfm.horizontalAdvance(badge) + 14, sfm.height() + 4
        box = QRectF(head.right() - bw, head.center().y() - bh / 2, bw, bh)
        fill = QColor(t.selection_text if inverted else amber)
        fill.setAlphaF(0.14 if h.anchor_status == "fuzzy" else 0.2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, bh / 2, bh / 2)
        painter.setPen(QColor(t.selection_text) if inverted else amber)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)

    def _paint_button(self, painter, button, option, amber: QColor, inverted: bool) -> None:
        _action, text, rect = button
        box = rect.translated(option.rect.topLeft().toPointF())
        view = self.parent()
        hover = False
        if isinstance(view, QListView):
            hover = box.contains(view.viewport().mapFromGlobal(QCursor.pos()).toPointF())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = QColor(self.theme.selection_text) if inverted else amber
        fill = QColor(base)
        fill.setAlphaF(0.22 if hover else 0.08)
        painter.setBrush(fill)
        edge = QColor(base)
        edge.setAlphaF(0.7)
        painter.setPen(QPen(edge, 1))
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        painter.setFont(_small_font(option.font))
        painter.setPen(base)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


def _draw_text(painter: QPainter, text: _Text, font: QFont) -> None:
    """Draw wrapped lines in the painter's pen colour, the first line's top at y = 0."""
    painter.setFont(font)
    ascent = _Measure.of(font).fm.ascent()
    for i, line in enumerate(text.lines):
        painter.drawText(QPointF(0, i * text.line_height + ascent), line)


def _small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.84)
    return small


def _note_font(font: QFont) -> QFont:
    nf = QFont(font)
    nf.setItalic(True)
    nf.setPointSizeF(font.pointSizeF() * 0.92)
    return nf
