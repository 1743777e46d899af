"""The highlights pane: the open article's highlights with label chip, quote and note."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.models import Highlight, Label
from reader.ui import themes

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2
ANCHOR_NOTES = {"fuzzy": "   · re-anchored", "orphaned": "   · ⚠ not in the text"}
SNIPPET_CHARS = 400
QUOTE_LINES = 4


def _clamp_lines(doc: QTextDocument, lines: int) -> None:
    """Cut a one-block plain document to ``lines`` lines, ending with an ellipsis."""
    layout = doc.firstBlock().layout()
    if layout is None or layout.lineCount() <= lines:
        return
    line = layout.lineAt(lines - 1)
    text = doc.toPlainText()[: line.textStart() + line.textLength()].rstrip()
    for _ in range(12):
        cut = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
        doc.setPlainText(cut + "…")
        layout = doc.firstBlock().layout()
        if layout is not None and layout.lineCount() <= lines:
            return
        text = cut


class HighlightListModel(QAbstractListModel):
    """The highlights of one article, in text order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Highlight] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of highlights shown."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """Label and quote for display/accessibility; the Highlight for the delegate."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        h = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{h.label}: {h.exact}" + (f" — note: {h.note}" if h.note else "")
        if role == HIGHLIGHT_ROLE:
            return h
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = h.exact + (f"\n\nNote: {h.note}" if h.note else "")
            if h.anchor_status == "orphaned":
                tip += "\n\nThe article's text changed and this passage was not found again."
            elif h.anchor_status == "fuzzy":
                tip += "\n\nThe article's text changed; this highlight was placed on the closest match."
            return tip
        return None

    def set_rows(self, rows: list[Highlight]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda h: h.start)
        self.endResetModel()


class HighlightDelegate(QStyledItemDelegate):
    """Draws a label chip and name, the quote (up to four lines) and the note."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.theme = themes.resolve_theme("light")
        self.labels: dict[str, Label] = {}

    def _docs(
        self, h: Highlight, option: QStyleOptionViewItem, width: float
    ) -> tuple[QTextDocument, QTextDocument | None]:
        quote = QTextDocument()
        quote.setDocumentMargin(0)
        font = QFont(option.font)
        quote.setDefaultFont(font)
        snippet = h.exact if len(h.exact) <= SNIPPET_CHARS else h.exact[:SNIPPET_CHARS].rstrip() + "…"
        quote.setPlainText(snippet.replace("\n", " ¶ "))
        quote.setTextWidth(width)
        _clamp_lines(quote, QUOTE_LINES)
        note = None
        if h.note:
            note = QTextDocument()
            note.setDocumentMargin(0)
            nf = QFont(option.font)
            nf.setItalic(True)
            nf.setPointSizeF(option.font.pointSizeF() * 0.92)
            note.setDefaultFont(nf)
            note.setPlainText("✎ " + h.note)
            note.setTextWidth(width)
        return quote, note

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        """Height of chip line + quote + note."""
        h = index.data(HIGHLIGHT_ROLE)
        view = self.parent()
        vw = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        width = max(vw, 120) - 34
        quote, note = self._docs(h, option, width)
        fm = QFontMetrics(option.font)
        height = 10 + fm.height() + 4 + quote.size().height() + 12
        if note is not None:
            height += note.size().height() + 6
        return QSize(max(vw, 120), int(height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        """Paint one highlight card."""
        h: Highlight = index.data(HIGHLIGHT_ROLE)
        if h is None:
            return
        t = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(
                r, QColor(t.selection if option.state & QStyle.StateFlag.State_HasFocus else t.code_bg)
            )
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(r, themes.mix(QColor(t.pane), QColor(t.code_bg), 0.6))
        painter.setPen(QPen(themes.mix(QColor(t.pane), QColor(t.faint), 0.45), 1))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        label = self.labels.get(h.label, Label(h.label, "#c8c8c8"))
        colors = themes.label_colors(t, label.color)
        fm = QFontMetrics(option.font)
        x0 = r.left() + 14
        y = r.top() + 10
        chip = QRectF(x0, y + fm.height() / 2 - 5, 10, 10)
        painter.setPen(QPen(colors.underline, 1.2))
        painter.setBrush(colors.background)
        painter.drawRoundedRect(chip, 3, 3)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.84)
        small.setWeight(QFont.Weight.DemiBold)
        small.setCapitalization(QFont.Capitalization.AllUppercase)
        small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        painter.setFont(small)
        painter.setPen(QColor(t.selection_text if selected else t.dim))
        key = f"   {label.key}" if label.key else ""
        status = ANCHOR_NOTES.get(h.anchor_status, "")
        painter.drawText(
            QRectF(x0 + 16, y, r.width() - 40, fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label.name + key + status,
        )
        y += fm.height() + 4
        width = r.width() - 34
        quote, note = self._docs(h, option, width)
        painter.translate(x0, y)
        ctx_color = QColor(t.selection_text if selected else t.text)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        pal = QPalette(option.palette)
        pal.setColor(QPalette.ColorRole.Text, ctx_color)
        ctx.palette = pal
        quote.documentLayout().draw(painter, ctx)
        if note is not None:
            painter.translate(0, quote.size().height() + 6)
            pal2 = QPalette(option.palette)
            pal2.setColor(QPalette.ColorRole.Text, QColor(t.selection_text if selected else t.dim))
            ctx.palette = pal2
            note.documentLayout().draw(painter, ctx)
        painter.restore()


class HighlightsPane(QWidget):
    """The article's highlights; click to jump, Enter/N to edit the note, Delete to delete.

    Signals: ``highlight_activated(Highlight)``, ``note_requested(int id)``, ``delete_requested(int id)``.
    """

    NO_ARTICLE = "Open an article to see its highlights."
    NO_HIGHLIGHTS = "No highlights yet.\nSelect text and press 1 (fact) or 2 (filler)."

    highlight_activated = Signal(object)
    note_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Highlights", self)
        self.title.setObjectName("paneTitle")
        self.label_filter = QComboBox(self)
        self.label_filter.addItem("All labels", "")
        self.label_filter.setAccessibleName("Show label")
        self.model = HighlightListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.delegate = HighlightDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setWordWrap(True)
        self.view.setMouseTracking(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Highlights")
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
        lay.addWidget(self.view, 1)
        lay.addWidget(self.empty, 1)

        self.act_note = QAction("Edit note…", self.view)
        self.act_note.setShortcuts([QKeySequence("N"), QKeySequence(Qt.Key.Key_Return)])
        self.act_note.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_note.triggered.connect(self._on_note_key)
        self.act_delete = QAction("Delete highlight", self.view)
        self.act_delete.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(self._on_delete_key)
        self.view.addAction(self.act_note)
        self.view.addAction(self.act_delete)
        self.view.clicked.connect(self._on_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.label_filter.currentIndexChanged.connect(self._apply_filter)
        self._all: list[Highlight] = []
        self._show_empty(True)

    def set_theme(self, theme: themes.Theme) -> None:
        """Recolour for ``theme``."""
        self.delegate.theme = theme
        self.view.viewport().update()

    def set_labels(self, labels: list[Label]) -> None:
        """Known labels (colours, keys) and the label filter choices."""
        self.delegate.labels = {lb.name: lb for lb in labels}
        cur = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        while self.label_filter.count() > 1:
            self.label_filter.removeItem(1)
        for lb in labels:
            self.label_filter.addItem(lb.name.capitalize(), lb.name)
        self.label_filter.setCurrentIndex(max(self.label_filter.findData(cur), 0))
        self.label_filter.blockSignals(False)
        self.view.viewport().update()

    def set_highlights(self, highlights: list[Highlight], *, article_open: bool = True) -> None:
        """Show the article's highlights (keeping the selected one selected)."""
        self.empty.setText(self.NO_HIGHLIGHTS if article_open else self.NO_ARTICLE)
        sel = self.selected()
        self._all = list(highlights)
        self._apply_filter()
        if sel is not None:
            self.select_id(sel.id)

    def _apply_filter(self) -> None:
        want = self.label_filter.currentData()
        rows = [h for h in self._all if not want or h.label == want]
        self.model.set_rows(rows)
        n = len(self._all)
        self.title.setText(f"Highlights  {n}" if n else "Highlights")
        self._show_empty(not rows)

    def _show_empty(self, empty: bool) -> None:
        self.view.setVisible(not empty)
        self.empty.setVisible(empty)

    def selected(self) -> Highlight | None:
        """The selected highlight, if any."""
        idx = self.view.currentIndex()
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
        if self.view.hasFocus() and current.isValid():
            self._on_clicked(current)

    def _on_note_key(self) -> None:
        h = self.selected()
        if h is not None and h.id is not None:
            self.note_requested.emit(h.id)

    def _on_delete_key(self) -> None:
        h = self.selected()
        if h is not None and h.id is not None:
            self.delete_requested.emit(h.id)

    def _on_context_menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        h: Highlight | None = idx.data(HIGHLIGHT_ROLE) if idx.isValid() else None
        if h is None or h.id is None:
            return
        menu = QMenu(self)
        menu.addAction("Show in article", lambda: self.highlight_activated.emit(h))
        menu.addAction("Edit note…", lambda: self.note_requested.emit(h.id))
        menu.addSeparator()
        menu.addAction("Delete highlight", lambda: self.delete_requested.emit(h.id))
        menu.exec(self.view.viewport().mapToGlobal(pos))
