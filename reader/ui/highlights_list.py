"""The highlights pane's list: a model of one article's highlights and the view that shows them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QListView

from reader.models import Highlight
from reader.ui.highlight_cards import badge_text, status_tip
from reader.ui.highlights_pane import HIGHLIGHT_ROLE


class HighlightListModel(QAbstractListModel):
    """The highlights of one article, in text order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Highlight] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of highlights shown."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """Label, status and quote for display/accessibility; the Highlight for the delegate."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        h = self.rows[index.row()]
        if role == HIGHLIGHT_ROLE:
            return h
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            badge = badge_text(h)
            head = f"{h.label} ({badge})" if badge else h.label
            return f"{head}: {h.exact}" + (f" — note: {h.note}" if h.note else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = h.exact if len(h.exact) <= 1200 else h.exact[:1200] + "…"
            tip += f"\n\nNote: {h.note}" if h.note else ""
            return tip + (f"\n\n{status_tip(h)}" if h.anchor_status != "exact" else "")
        return None

    def set_rows(self, rows: list[Highlight]) -> None:
        """Replace every row (nothing happens when the rows are the same)."""
        rows = sorted(rows, key=lambda h: h.start)
        if rows == self.rows:
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class HighlightsListView(QListView):
    """A list that says when focus is arriving: the row Qt makes current then is not revealed."""

    focusing = False

    def focusInEvent(self, event) -> None:
        """Let Qt pick a current row without showing it in the article (the selection stays)."""
        self.focusing = True
        try:
            super().focusInEvent(event)
        finally:
            self.focusing = False
