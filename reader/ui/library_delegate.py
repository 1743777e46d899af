"""The article list's model and row painter: title, date · site, unread dot, attention marker, density bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from reader.models import ArticleSummary
from reader.ui import themes

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION_ROLE = Qt.ItemDataRole.UserRole + 3  # how many of the row's highlights need attention


def attention_text(n: int) -> str:
    """``"1 highlight needs attention"`` / ``"2 highlights need attention"``."""
    return f"{n} highlight needs attention" if n == 1 else f"{n} highlights need attention"


class ArticleListModel(QAbstractListModel):
    """A list of :class:`ArticleSummary` rows, loaded a page at a time as the view scrolls.

    ``set_rows(rows, fetch=…, more=True)`` shows the first page; Qt asks for the next one
    (``canFetchMore``/``fetchMore``) when the view scrolls near the end, and ``fetch(offset, limit)``
    returns it. ``attention(ids)`` (optional) gives ``{article_id: n}`` for the highlights that need
    attention in each page as it is loaded, so nothing is asked about rows never shown.
    """

    PAGE = 80  # rows a query reads: a few screens (more as the list is scrolled)

    def __init__(
        self, parent=None, *, attention: Callable[[list[int]], dict[int, int]] | None = None
    ) -> None:
        super().__init__(parent)
        self.rows: list[ArticleSummary] = []
        self.attention: dict[int, int] = {}  # article id -> highlights needing attention (only those > 0)
        self._attention_of = attention
        self._fetch: Callable[[int, int], list[ArticleSummary]] | None = None
        self._more = False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of articles shown."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """Title for display and accessibility, the summary for the delegate."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.title or "Untitled"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            n = self.attention.get(s.id, 0)
            return f"{s.title or 'Untitled'}. {attention_text(n)}" if n else s.title or "Untitled"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(s, self.attention.get(s.id, 0))
        if role == SUMMARY_ROLE:
            return s
        if role == ATTENTION_ROLE:
            return self.attention.get(s.id, 0)
        return None

    def _load_attention(self, rows: list[ArticleSummary]) -> dict[int, int]:
        if self._attention_of is None or not rows:
            return {}
        return {k: n for k, n in self._attention_of([s.id for s in rows]).items() if n > 0}

    def set_attention(self, article_id: int, n: int) -> None:
        """Say that ``n`` of an article's highlights need attention (repaints its row if shown)."""
        if n > 0:
            self.attention[article_id] = n
        elif self.attention.pop(article_id, None) is None:
            return
        i = self.row_of(article_id)
        if i >= 0:
            idx = self.index(i)
            self.dataChanged.emit(idx, idx)

    def set_rows(
        self,
        rows: list[ArticleSummary],
        *,
        fetch: Callable[[int, int], list[ArticleSummary]] | None = None,
        more: bool = False,
    ) -> None:
        """Replace every row; with ``more``, ``fetch(offset, limit)`` gives the rows after them."""
        self.beginResetModel()
        self.rows = list(rows)
        self.attention = self._load_attention(self.rows)
        self._fetch = fetch
        self._more = bool(more and fetch is not None)
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        """True while rows after the loaded ones remain."""
        return self._more and not parent.isValid()

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Load the next page of rows."""
        if parent.isValid() or not self._more or self._fetch is None:
            return
        got = self._fetch(len(self.rows), self.PAGE + 1)
        self._more = len(got) > self.PAGE
        have = {s.id for s in self.rows}
        got = [s for s in got[: self.PAGE] if s.id not in have]  # the library may have changed meanwhile
        if got:
            self.attention.update(self._load_attention(got))
            n = len(self.rows)
            self.beginInsertRows(QModelIndex(), n, n + len(got) - 1)
            self.rows.extend(got)
            self.endInsertRows()

    def find(self, article_id: int, max_pages: int = 5) -> int:
        """The row of ``article_id``, loading up to ``max_pages`` more pages to find it; -1 if not found."""
        row = self.row_of(article_id)
        for _ in range(max_pages):
            if row >= 0 or not self.canFetchMore():
                break
            n = len(self.rows)
            self.fetchMore()
            row = next((n + i for i, s in enumerate(self.rows[n:]) if s.id == article_id), -1)
        return row

    def row_of(self, article_id: int) -> int:
        """The row showing ``article_id``, or -1."""
        for i, s in enumerate(self.rows):
            if s.id == article_id:
                return i
        return -1

    def update_row(self, summary: ArticleSummary) -> None:
        """Replace one article's row in place (after a paint or a read flag)."""
        i = self.row_of(summary.id)
        if i >= 0:
            self.rows[i] = summary
            idx = self.index(i)
            self.dataChanged.emit(idx, idx)


def _tooltip(s: ArticleSummary, attention: int = 0) -> str:
    d = s.fact_density
    dens = f"fact density {d:.0%}" if d is not None else "not yet painted"
    counts = f"{s.word_count:,} words · {s.highlight_count} highlights · {dens}"
    tip = f"{s.title}\n{s.site_name or s.url or ''}\n{counts}"
    if attention:
        tip += f"\n⚠ {attention_text(attention)}: open it and see the Highlights pane"
    return tip


def short_date(iso: str | None) -> str:
    """``2024-05-03T…`` → ``3 May 2024`` (or the input when it is not a date)."""
    if not iso:
        return ""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    try:
        y, m, d = iso[:10].split("-")
        return f"{int(d)} {months[int(m) - 1]} {y}"
    except (ValueError, IndexError):
        return iso[:10]


class ArticleListView(QListView):
    """The article list: tells its delegate which row the mouse is over."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hover_row = -1
        self.setMouseTracking(True)
        self.entered.connect(self._hover)

    def _hover(self, index: QModelIndex) -> None:
        row = index.row() if index.isValid() else -1
        if row != self.hover_row:
            self.hover_row = row
            self.update()

    def leaveEvent(self, event) -> None:
        """The mouse left the list: no row is hovered."""
        self._hover(QModelIndex())
        super().leaveEvent(event)


class ArticleDelegate(QStyledItemDelegate):
    """Draws a row of an :class:`ArticleListView`: unread dot, title (two lines), site · date · words, and
    the fact-density bar.

    It asks the view (not ``option.state``) whether a row is selected, focused or hovered: reading
    ``option.state`` makes PySide build its QStyle class, ~6 ms of every start (the list paints in the
    window's first frame).
    """

    def __init__(self, view: ArticleListView) -> None:
        super().__init__(view)
        self.view = view
        self.theme = themes.resolve_theme("light")
        self.fact_color = "#7ccf8a"
        self.filler_color = "#f2b36b"

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        """Room for two title lines and a meta line."""
        fm = QFontMetrics(option.font)
        return QSize(120, int(fm.height() * 3.6 + 22))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        """Paint one article row."""
        s: ArticleSummary = index.data(SUMMARY_ROLE)
        if s is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect)
        t = self.theme
        view = self.view
        selected = view.selectionModel().isSelected(index)
        focused = selected and view.hasFocus()
        if selected:
            painter.fillRect(r, QColor(t.selection if focused else t.code_bg))
        elif index.row() == view.hover_row:
            painter.fillRect(r, themes.mix(QColor(t.pane), QColor(t.code_bg), 0.6))
        painter.setPen(QPen(themes.mix(QColor(t.pane), QColor(t.faint), 0.45), 1))
        painter.drawLine(r.bottomLeft() + QRectF(12, 0, 0, 0).topLeft(), r.bottomRight())

        pad = 12.0
        fm = QFontMetrics(option.font)
        x0 = r.left() + pad + 10
        width = r.width() - pad * 2 - 10
        text_col = QColor(t.selection_text if selected else t.text)
        dim_col = QColor(t.dim)
        if s.archived and not selected:
            text_col = QColor(t.dim)
        if not s.read:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.accent))
            painter.drawEllipse(QRectF(r.left() + pad - 2, r.top() + 10 + fm.height() / 2 - 3.5, 7, 7))

        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold if not s.read else QFont.Weight.Normal)
        painter.setFont(title_font)
        painter.setPen(text_col)
        tfm = QFontMetrics(title_font)
        title = s.title or "Untitled"
        lines = _wrap(title, tfm, int(width), 2)
        y = r.top() + 8
        for line in lines:
            painter.drawText(QRectF(x0, y, width, tfm.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += tfm.height()
        meta_font = QFont(option.font)
        meta_font.setPointSizeF(option.font.pointSizeF() * 0.86)
        painter.setFont(meta_font)
        painter.setPen(dim_col)
        mfm = QFontMetrics(meta_font)
        site = s.site_name or _host(s.url) or ""
        meta = "  ·  ".join(p for p in (short_date(s.published or s.added_at), site) if p)
        bar_w = 46.0
        meta_rect = QRectF(x0, r.bottom() - mfm.height() - 8, width - bar_w - 10, mfm.height())
        bar = QRectF(r.right() - pad - bar_w, meta_rect.center().y() - 3, bar_w, 6)
        attention = index.data(ATTENTION_ROLE) or 0
        if attention:  # the marker sits between the meta line and the bar, which gives way to it
            count_col = text_col if focused else None  # amber is too faint on the focused selection
            marker = self._paint_attention(
                painter, bar.left() - 10, meta_rect.center().y(), attention, meta_font, count_col
            )
            meta_rect.setRight(min(meta_rect.right(), bar.left() - 10 - marker - 8))
            painter.setFont(meta_font)
            painter.setPen(dim_col)
        painter.drawText(
            meta_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            mfm.elidedText(meta, Qt.TextElideMode.ElideRight, int(meta_rect.width())),
        )
        # Fact-density bar: fact share in the fact colour, the rest in the filler colour; empty = outline.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(themes.mix(QColor(t.pane), QColor(t.faint), 0.5))
        painter.drawRoundedRect(bar, 3, 3)
        d = s.fact_density
        if d is not None:
            fact_c = themes.label_colors(t, self.fact_color).underline
            filler_c = themes.label_colors(t, self.filler_color).underline
            painter.setBrush(filler_c)
            painter.drawRoundedRect(bar, 3, 3)
            if d > 0:
                painter.setBrush(fact_c)
                painter.drawRoundedRect(
                    QRectF(bar.left(), bar.top(), max(bar.width() * d, 6), bar.height()), 3, 3
                )
        painter.restore()

    def _paint_attention(
        self, painter: QPainter, right: float, cy: float, n: int, font: QFont, count_color: QColor | None
    ) -> float:
        """Draw the amber "needs attention" marker (a warning triangle and the count) ending at ``right``.

        Returns its width. The triangle and the number say it without colour; the number is amber unless
        ``count_color`` is given.
        """
        amber = themes.attention_color(self.theme)
        count_font = QFont(font)
        count_font.setWeight(QFont.Weight.DemiBold)
        cfm = QFontMetrics(count_font)
        label = str(n)
        side = max(9.0, round(cfm.capHeight() * 1.45))
        h = side * 0.88
        width = side + 3 + cfm.horizontalAdvance(label)
        left = right - width
        top = cy - h / 2
        tri = QPainterPath()
        tri.moveTo(left + side / 2, top)
        tri.lineTo(left + side, top + h)
        tri.lineTo(left, top + h)
        tri.closeSubpath()
        painter.setPen(
            QPen(amber, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.setBrush(amber)
        painter.drawPath(tri)
        # the "!" inside, in the pane's colour
        mark = QColor(self.theme.pane)
        mx = left + side / 2
        painter.setPen(QPen(mark, max(1.2, side / 8), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(mx, top + h * 0.36), QPointF(mx, top + h * 0.64))
        painter.drawPoint(QPointF(mx, top + h * 0.83))
        painter.setFont(count_font)
        painter.setPen(count_color or amber)
        painter.drawText(
            QRectF(left + side + 3, cy - cfm.height() / 2, width - side - 3 + 1, cfm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        return width


def _host(url: str | None) -> str:
    if not url:
        return ""
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].removeprefix("www.")


def _wrap(text: str, fm: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines, eliding the last."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    for i, w in enumerate(words):
        trial = f"{cur} {w}" if cur else w
        if fm.horizontalAdvance(trial) <= width or not cur:
            cur = trial
            continue
        lines.append(cur)
        cur = w
        if len(lines) == max_lines - 1:
            cur = " ".join(words[i:])
            break
    if cur:
        lines.append(cur)
    if lines:
        lines[-1] = fm.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines[:max_lines]
