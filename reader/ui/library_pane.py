"""The library pane: search, filters, sort and the article list with a fact-density bar per row."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.models import ArticleSummary
from reader.ui import themes

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1

FILTERS = (
    ("inbox", "Inbox", {"archived": False}),
    ("unread", "Unread", {"archived": False, "read": False}),
    ("archived", "Archived", {"archived": True}),
    ("all", "All articles", {"archived": None}),
)
SORTS = (
    ("added", "Newest added"),
    ("published", "Published"),
    ("title", "Title"),
    ("site", "Site"),
    ("density", "Fact density"),
    ("words", "Length"),
)


class ArticleListModel(QAbstractListModel):
    """A list of :class:`ArticleSummary` rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleSummary] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of articles shown."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """Title for display and accessibility, the summary for the delegate."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        s = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return s.title or "Untitled"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(s)
        if role == SUMMARY_ROLE:
            return s
        return None

    def set_rows(self, rows: list[ArticleSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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


def _tooltip(s: ArticleSummary) -> str:
    d = s.fact_density
    dens = f"fact density {d:.0%}" if d is not None else "not yet painted"
    counts = f"{s.word_count:,} words · {s.highlight_count} highlights · {dens}"
    return f"{s.title}\n{s.site_name or s.url or ''}\n{counts}"


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


class ArticleDelegate(QStyledItemDelegate):
    """Draws a row: unread dot, title (two lines), site · date · words, and the fact-density bar."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.theme = themes.resolve_theme("light")
        self.fact_color = "#7ccf8a"
        self.filler_color = "#f2b36b"

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        """Room for two title lines and a meta line."""
        fm = QFontMetrics(option.font)
        return QSize(200, int(fm.height() * 3.6 + 22))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        """Paint one article row."""
        s: ArticleSummary = index.data(SUMMARY_ROLE)
        if s is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect)
        t = self.theme
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(
                r, QColor(t.selection if option.state & QStyle.StateFlag.State_HasFocus else t.code_bg)
            )
        elif option.state & QStyle.StateFlag.State_MouseOver:
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
        painter.drawText(
            meta_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            mfm.elidedText(meta, Qt.TextElideMode.ElideRight, int(meta_rect.width())),
        )
        # Fact-density bar: fact share in the fact colour, the rest in the filler colour; empty = outline.
        bar = QRectF(r.right() - pad - bar_w, meta_rect.center().y() - 3, bar_w, 6)
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


class LibraryPane(QWidget):
    """Search field, filter/tag/sort pickers and the article list.

    Signals: ``article_activated(int)`` when the user clicks an article; ``article_entered(int)`` on Enter
    (open and read); ``archive_requested(int, bool)``;
    ``read_requested(int, bool)``; ``delete_requested(int)``.
    """

    article_activated = Signal(int)
    article_entered = Signal(int)
    archive_requested = Signal(int, bool)
    read_requested = Signal(int, bool)
    delete_requested = Signal(int)

    def __init__(self, library, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search library")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search library")
        self.filter = QComboBox(self)
        for key, text, _ in FILTERS:
            self.filter.addItem(text, key)
        self.filter.setAccessibleName("Show")
        self.tag = QComboBox(self)
        self.tag.addItem("All tags", "")
        self.tag.setAccessibleName("Tag")
        self.sort = QComboBox(self)
        for key, text in SORTS:
            self.sort.addItem(text, key)
        self.sort.setAccessibleName("Sort by")
        self.model = ArticleListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.delegate = ArticleDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setMouseTracking(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Articles")

        top = QVBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(10, 10, 10, 8)
        lay.setSpacing(6)
        lay.addWidget(self.search)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.filter, 3)
        row.addWidget(self.tag, 2)
        lay.addLayout(row)
        lay.addWidget(self.sort)
        top.addWidget(box)
        top.addWidget(self.view, 1)

        self._debounce = QTimer(self, singleShot=True, interval=220)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.filter.currentIndexChanged.connect(self.on_filter_changed)
        self.tag.currentIndexChanged.connect(self.reload)
        self.sort.currentIndexChanged.connect(self.on_sort_changed)
        self.view.clicked.connect(self.on_view_activated)
        self.act_enter = QAction("Open article", self.view)
        self.act_enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.act_enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_enter.triggered.connect(self.on_enter_key)
        self.view.addAction(self.act_enter)
        self.view.customContextMenuRequested.connect(self.on_context_menu)
        self.search.returnPressed.connect(self.focus_list)

        self.act_delete = QAction("Delete article…", self.view)
        self.act_delete.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(self.on_delete_key)
        self.view.addAction(self.act_delete)

        self._restore_choice(self.filter, settings.get("library_filter"))
        self._restore_choice(self.sort, settings.get("library_sort"))

    @staticmethod
    def _restore_choice(combo: QComboBox, key: str) -> None:
        i = combo.findData(key)
        if i >= 0:
            combo.blockSignals(True)
            combo.setCurrentIndex(i)
            combo.blockSignals(False)

    def set_theme(self, theme: themes.Theme, labels) -> None:
        """Recolour rows for ``theme`` and the current fact/filler colours."""
        self.delegate.theme = theme
        for lb in labels:
            if lb.name == "fact":
                self.delegate.fact_color = lb.color
            elif lb.name == "filler":
                self.delegate.filler_color = lb.color
        self.view.viewport().update()

    def query_args(self) -> dict:
        """The list_articles() arguments of the current search, filter, tag and sort."""
        key = self.filter.currentData()
        args = dict(next(f[2] for f in FILTERS if f[0] == key))
        text = self.search.text().strip()
        if text:
            args["query"] = text
        tag = self.tag.currentData()
        if tag:
            args["tag"] = tag
        args["sort"] = self.sort.currentData() or "added"
        return args

    def reload(self) -> None:
        """Query the library again, keeping the selected article selected."""
        current = self.selected_id()
        try:
            rows = self.library.list_articles(**self.query_args())
        except SiftError as err:
            self.search.setToolTip(str(err))
            rows = []
        else:
            self.search.setToolTip("")
        self.model.set_rows(rows)
        self._refresh_tags(rows)
        if current is not None:
            self.select(current)

    def _refresh_tags(self, rows: list[ArticleSummary]) -> None:
        tags = sorted({t for r in rows for t in r.tags} | {self.tag.currentData() or ""} - {""})
        have = [self.tag.itemData(i) for i in range(1, self.tag.count())]
        if have == tags:
            return
        cur = self.tag.currentData()
        self.tag.blockSignals(True)
        while self.tag.count() > 1:
            self.tag.removeItem(1)
        for t in tags:
            self.tag.addItem(f"#{t}", t)
        self.tag.setCurrentIndex(max(self.tag.findData(cur), 0))
        self.tag.blockSignals(False)

    def selected_id(self) -> int | None:
        """The id of the selected article, if any."""
        idx = self.view.currentIndex()
        s = idx.data(SUMMARY_ROLE) if idx.isValid() else None
        return s.id if s else None

    def select(self, article_id: int) -> None:
        """Select ``article_id``'s row without opening it."""
        row = self.model.row_of(article_id)
        if row >= 0:
            idx = self.model.index(row)
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)

    def update_summary(self, article_id: int, **fields) -> None:
        """Change fields of one row in place (read, fact_words, filler_words, highlight_count…)."""
        row = self.model.row_of(article_id)
        if row < 0:
            return
        s = self.model.rows[row]
        for k, v in fields.items():
            setattr(s, k, v)
        self.model.update_row(s)

    def focus_list(self) -> None:
        """Move keyboard focus to the list (first row when nothing is selected)."""
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0))

    def on_view_activated(self, index: QModelIndex) -> None:
        """Open the clicked or Enter-ed article."""
        s = index.data(SUMMARY_ROLE)
        if s is not None:
            self.article_activated.emit(s.id)

    def on_enter_key(self) -> None:
        """Enter in the list: open the current article and read it."""
        article_id = self.selected_id()
        if article_id is not None:
            self.article_entered.emit(article_id)

    def on_delete_key(self) -> None:
        """Delete pressed in the list: ask to delete the selected article."""
        article_id = self.selected_id()
        if article_id is not None:
            self.delete_requested.emit(article_id)

    def on_filter_changed(self) -> None:
        """Remember the filter and reload."""
        self.settings.set("library_filter", self.filter.currentData())
        self.reload()

    def on_sort_changed(self) -> None:
        """Remember the sort and reload."""
        self.settings.set("library_sort", self.sort.currentData())
        self.reload()

    def on_context_menu(self, pos) -> None:
        """Open / read / archive / delete for the row under the pointer."""
        idx = self.view.indexAt(pos)
        s: ArticleSummary | None = idx.data(SUMMARY_ROLE) if idx.isValid() else None
        if s is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.article_activated.emit(s.id))
        menu.addAction(
            "Mark as unread" if s.read else "Mark as read", lambda: self.read_requested.emit(s.id, not s.read)
        )
        menu.addAction(
            "Unarchive" if s.archived else "Archive",
            lambda: self.archive_requested.emit(s.id, not s.archived),
        )
        menu.addSeparator()
        delete = QAction("Delete…", menu)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.triggered.connect(lambda: self.delete_requested.emit(s.id))
        menu.addAction(delete)
        menu.exec(self.view.viewport().mapToGlobal(pos))
