"""The highlights pane: the open article's highlights (label, quote, note, anchor status) and a notice
of those that need attention after the article's text changed.

The list itself (model, view, card delegate) is made by :meth:`HighlightsPane.build_list`, or the first
time it is touched: a window's first paint shows only the pane's title and "Open an article…".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.models import Highlight, Label
from reader.ui import themes
from reader.ui.themes import attention_color

if TYPE_CHECKING:
    from reader.ui.highlight_cards import HighlightDelegate
    from reader.ui.highlights_list import HighlightListModel, HighlightsListView

__all__ = ["CONFIRM", "HIGHLIGHT_ROLE", "REATTACH", "HighlightsPane"]

HIGHLIGHT_ROLE = 0x0100 + 2  # Qt.UserRole + 2: the Highlight of a row (model and card delegate)
CONFIRM, REATTACH = "confirm", "reattach"  # the actions of the cards' buttons


class AttentionBanner(QFrame):
    """ "3 need attention" above the list, with a toggle to show only those highlights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionBanner")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.only = QPushButton("Show only these", self)
        self.only.setCheckable(True)
        self.only.setFlat(True)
        self.only.setCursor(Qt.CursorShape.PointingHandCursor)
        self.only.toggled.connect(lambda on: self.only.setText("Show all" if on else "Show only these"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        lay.setSpacing(6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.only)

    def show_counts(self, fuzzy: int, orphaned: int) -> None:
        """Say how many need attention (hidden when none do)."""
        n = fuzzy + orphaned
        parts = ([f"{fuzzy} moved"] if fuzzy else []) + ([f"{orphaned} not found"] if orphaned else [])
        self.text.setText(f"<b>{n} need{'s' if n == 1 else ''} attention</b><br>" + " · ".join(parts))
        self.text.setToolTip(
            "The article's text changed since these were made. Moved ones were placed on the closest "
            "match: check and confirm them. Ones not found keep their quote and note: select where "
            "they belong and re-attach them."
        )
        self.setVisible(n > 0)

    def set_theme(self, theme: themes.Theme) -> None:
        """Soft amber on the pane colour, readable in every theme."""
        amber = attention_color(theme)
        bg = themes.mix(QColor(theme.pane), amber, 0.1).name()
        edge = themes.mix(QColor(theme.pane), amber, 0.35).name()
        self.setStyleSheet(
            f"QFrame#attentionBanner {{ background: {bg}; border: 1px solid {edge}; border-radius: 6px; }}"
            f"QFrame#attentionBanner QLabel {{ color: {theme.text}; background: transparent; border: 0; }}"
            f"QFrame#attentionBanner QPushButton {{ color: {amber.name()}; border: 0; padding: 2px 6px;"
            " font-weight: 600; }"
        )


class HighlightsPane(QWidget):
    """The article's highlights; click to jump, Enter/N to edit the note, Delete to delete.

    For highlights that need attention: C confirms a moved one where it is, R re-attaches one to
    the reader's selection (also as buttons on the cards and in the context menu).

    Signals: ``highlight_activated(Highlight)``, ``note_requested(int id)``, ``delete_requested(int id)``,
    ``confirm_requested(int id)``, ``reattach_requested(int id)``.
    """

    NO_ARTICLE = "Open an article to see its highlights."
    NO_HIGHLIGHTS = "No highlights yet.\nSelect text and press 1 (fact) or 2 (filler)."

    highlight_activated = Signal(object)
    note_requested = Signal(int)
    delete_requested = Signal(int)
    confirm_requested = Signal(int)
    reattach_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Highlights", self)
        self.title.setObjectName("paneTitle")
        self.label_filter = QComboBox(self)
        self.label_filter.addItem("All labels", "")
        self.label_filter.setAccessibleName("Show label")
        self.empty = QLabel(self.NO_ARTICLE, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("paneTitle")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(0, 4, 10, 4)
        head.addWidget(self.title, 1)
        head.addWidget(self.label_filter)
        lay.addLayout(head)
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(8, 0, 8, 6)
        lay.addLayout(banner_row)
        self._banner_row = banner_row
        lay.addWidget(self.empty, 1)
        self._layout = lay
        self._banner: AttentionBanner | None = None
        self._model: HighlightListModel | None = None
        self._view: HighlightsListView | None = None
        self._delegate: HighlightDelegate | None = None
        self._theme: themes.Theme | None = None
        self._labels: dict[str, Label] = {}
        self.label_filter.currentIndexChanged.connect(self._apply_filter)
        self._all: list[Highlight] = []

    def build_list(self) -> None:
        """Make the list (model, view, card delegate, key actions); done once, on first need."""
        if self._view is not None:
            return
        from PySide6.QtWidgets import QAbstractItemView, QListView

        from reader.ui.highlight_cards import HighlightDelegate
        from reader.ui.highlights_list import HighlightListModel, HighlightsListView

        self._banner = banner = AttentionBanner(self)
        banner.hide()
        self._banner_row.addWidget(banner)
        banner.only.toggled.connect(self._apply_filter)
        if self._theme is not None:
            banner.set_theme(self._theme)
        self._model = model = HighlightListModel(self)
        self._view = view = HighlightsListView(self)
        view.setModel(model)
        self._delegate = delegate = HighlightDelegate(view)
        view.setItemDelegate(delegate)
        view.setWordWrap(True)
        view.setMouseTracking(True)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.setAccessibleName("Highlights")
        self._layout.insertWidget(self._layout.indexOf(self.empty), view, 1)
        self.act_note = self._key_action("Edit note…", self._on_note_key, "N", Qt.Key.Key_Return)
        self.act_delete = self._key_action(
            "Delete highlight",
            self._on_delete_key,
            QKeySequence.StandardKey.Delete,
            Qt.Key.Key_Backspace,
        )
        self.act_confirm = self._key_action("Confirm place", lambda: self._on_action_key(CONFIRM), "C")
        self.act_reattach = self._key_action(
            "Re-attach to selection", lambda: self._on_action_key(REATTACH), "R"
        )
        view.clicked.connect(self._on_clicked)
        view.selectionModel().currentChanged.connect(self._on_current_changed)
        view.customContextMenuRequested.connect(self._on_context_menu)
        delegate.action_requested.connect(self._emit_action)
        delegate.labels = self._labels
        if self._theme is not None:
            delegate.theme = self._theme
        model.set_rows(self._filtered())
        self._show_empty(not model.rows)

    @property
    def banner(self) -> AttentionBanner:
        """ "n need attention" above the list (hidden when none do)."""
        if self._banner is None:
            self.build_list()
        return self._banner

    @property
    def view(self) -> HighlightsListView:
        """The list of cards."""
        if self._view is None:
            self.build_list()
        return self._view

    @property
    def model(self) -> HighlightListModel:
        """The rows the list shows."""
        if self._model is None:
            self.build_list()
        return self._model

    @property
    def delegate(self) -> HighlightDelegate:
        """Draws each highlight as a card."""
        if self._delegate is None:
            self.build_list()
        return self._delegate

    def _key_action(self, text: str, slot, *keys) -> QAction:
        a = QAction(text, self.view)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        a.triggered.connect(slot)
        self.view.addAction(a)
        return a

    def set_theme(self, theme: themes.Theme) -> None:
        """Recolour for ``theme``."""
        self._theme = theme
        if self._view is not None:
            self._banner.set_theme(theme)
            self._delegate.theme = theme
            self._delegate.clear_cache()
            self._view.scheduleDelayedItemsLayout()  # fonts may have changed: measure the cards again
            self._view.viewport().update()

    def set_labels(self, labels: list[Label]) -> None:
        """Known labels (colours, keys) and the label filter choices."""
        self._labels = {lb.name: lb for lb in labels}
        if self._delegate is not None:
            self._delegate.labels = self._labels
        cur = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        while self.label_filter.count() > 1:
            self.label_filter.removeItem(1)
        for lb in labels:
            self.label_filter.addItem(lb.name.capitalize(), lb.name)
        self.label_filter.setCurrentIndex(max(self.label_filter.findData(cur), 0))
        self.label_filter.blockSignals(False)
        if self._view is not None:
            self._view.viewport().update()

    def set_highlights(self, highlights: list[Highlight], *, article_open: bool = True) -> None:
        """Show the article's highlights (keeping the selected one selected)."""
        self.empty.setText(self.NO_HIGHLIGHTS if article_open else self.NO_ARTICLE)
        sel = self.selected()
        self._all = list(highlights)
        fuzzy = sum(1 for h in self._all if h.anchor_status == "fuzzy")
        orphaned = sum(1 for h in self._all if h.anchor_status == "orphaned")
        if not fuzzy + orphaned and self.banner.only.isChecked():
            self.banner.only.blockSignals(True)
            self.banner.only.setChecked(False)
            self.banner.only.setText("Show only these")
            self.banner.only.blockSignals(False)
        self.banner.show_counts(fuzzy, orphaned)
        self._apply_filter()
        if sel is not None:
            self.select_id(sel.id)

    def attention_count(self) -> int:
        """How many of the listed highlights are fuzzy or orphaned."""
        return sum(1 for h in self._all if h.anchor_status != "exact")

    def _filtered(self) -> list[Highlight]:
        want = self.label_filter.currentData()
        only = self._banner is not None and self._banner.only.isChecked()
        return [
            h for h in self._all if (not want or h.label == want) and (not only or h.anchor_status != "exact")
        ]

    def _apply_filter(self) -> None:
        rows = self._filtered()
        self.model.set_rows(rows)
        n = len(self._all)
        self.title.setText(f"Highlights  {n}" if n else "Highlights")
        self._show_empty(not rows)

    def _show_empty(self, empty: bool) -> None:
        self.view.setVisible(not empty)
        self.empty.setVisible(empty)

    def selected(self) -> Highlight | None:
        """The selected highlight, if any."""
        if self._view is None:
            return None
        idx = self._view.currentIndex()
        return idx.data(HIGHLIGHT_ROLE) if idx.isValid() else None

    def select_id(self, highlight_id: int | None) -> None:
        """Select the row of ``highlight_id`` (if shown)."""
        for i, h in enumerate(self.model.rows):
            if h.id == highlight_id:
                idx = self.model.index(i)
                self.view.setCurrentIndex(idx)
                self.view.scrollTo(idx)
                return

    def _on_clicked(self, index: QModelIndex) -> None:
        h = index.data(HIGHLIGHT_ROLE)
        if h is not None:
            self.highlight_activated.emit(h)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrowing through the list shows each highlight in the article."""
        if self.view.hasFocus() and current.isValid() and not self.view.focusing:
            self._on_clicked(current)

    def _on_note_key(self) -> None:
        h = self.selected()
        if h is not None and h.id is not None:
            self.note_requested.emit(h.id)

    def _on_delete_key(self) -> None:
        h = self.selected()
        if h is not None and h.id is not None:
            self.delete_requested.emit(h.id)

    def _on_action_key(self, action: str) -> None:
        h = self.selected()
        if h is None or h.id is None:
            return
        if action == CONFIRM and h.anchor_status != "fuzzy":
            return  # exact ones need no confirming; orphans have no place to confirm
        self._emit_action(action, h.id)

    def _emit_action(self, action: str, highlight_id: int) -> None:
        (self.confirm_requested if action == CONFIRM else self.reattach_requested).emit(highlight_id)

    def _on_context_menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        h: Highlight | None = idx.data(HIGHLIGHT_ROLE) if idx.isValid() else None
        if h is None or h.id is None:
            return
        hid = h.id
        menu = QMenu(self)
        if h.anchor_status != "orphaned":
            menu.addAction("Show in article", lambda: self.highlight_activated.emit(h))
        menu.addAction("Edit note…\tN", lambda: self.note_requested.emit(hid))
        menu.addSeparator()
        if h.anchor_status == "fuzzy":
            menu.addAction("Confirm place\tC", lambda: self.confirm_requested.emit(hid))
        menu.addAction("Re-attach to selection\tR", lambda: self.reattach_requested.emit(hid))
        menu.addSeparator()
        menu.addAction("Delete highlight", lambda: self.delete_requested.emit(hid))
        menu.exec(self.view.viewport().mapToGlobal(pos))
