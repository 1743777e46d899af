"""The library pane: search, filters, sort and the article list (density bar, attention marker per row)."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.models import ArticleSummary
from reader.ui import themes
from reader.ui.library_delegate import (
    ATTENTION_ROLE,
    SUMMARY_ROLE,
    ArticleDelegate,
    ArticleListModel,
    ArticleListView,
    attention_text,
    short_date,
)

FILTERS = (
    ("inbox", "Inbox", {"archived": False}),
    ("unread", "Unread", {"archived": False, "read": False}),
    ("archived", "Archived", {"archived": True}),
    ("all", "All articles", {"archived": None}),
    ("attention", "Needs attention", {"archived": None, "needs_attention": True}),
)
SORTS = (
    ("added", "Newest added"),
    ("published", "Published"),
    ("title", "Title"),
    ("site", "Site"),
    ("density", "Fact density"),
    ("words", "Length"),
)
# update_summary() fields after which the row's "needs attention" count is read again
HIGHLIGHT_FIELDS = frozenset({"highlight_count", "fact_words", "filler_words"})


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
        self.model = ArticleListModel(self, attention=self._attention_counts)
        self.view = ArticleListView(self)
        self.view.setModel(self.model)
        self.delegate = ArticleDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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

        self._tags_loaded = False
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
        if self.view.isVisible():  # (a first viewport() call costs ~10 ms: not before the first paint)
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
        """Query the library again (the first page of rows), keeping the selected article selected."""
        current = self.selected_id()
        args = self.query_args()
        page = self.model.PAGE
        try:
            rows = self.library.list_articles(**args, limit=page + 1)
        except SiftError as err:
            self.search.setToolTip(str(err))
            rows = []
        else:
            self.search.setToolTip("")
        self.model.set_rows(
            rows[:page], fetch=lambda offset, limit: self._page(args, offset, limit), more=len(rows) > page
        )
        if self._tags_loaded:  # (the window asks for the first tag list after its first paint)
            self.load_tags()
        if current is not None:
            self.select(current)

    def finish_building(self) -> None:
        """Add what the window's first paint does not show: the tag list (its menu is closed) and the
        search field's clear button (it appears only once there is text; its icon takes ~1 ms to load)."""
        self.search.setClearButtonEnabled(True)
        self.load_tags()

    def load_tags(self) -> None:
        """Offer the tags of the articles the current search and filters list (and from now on after
        every reload)."""
        self._tags_loaded = True
        if self.library.closed:  # a deferred call that arrives after the window's library was closed
            return
        args = {k: v for k, v in self.query_args().items() if k != "sort"}
        try:
            tags = self.library.list_tags(**args)
        except SiftError:
            tags = []
        self._refresh_tags(tags)

    def _page(self, args: dict, offset: int, limit: int) -> list[ArticleSummary]:
        """More rows of the list the model shows (none when the library cannot be read)."""
        try:
            return self.library.list_articles(**args, limit=limit, offset=offset)
        except SiftError as err:
            self.search.setToolTip(str(err))
            return []

    def _refresh_tags(self, listed: list[str]) -> None:
        tags = sorted(set(listed) | ({self.tag.currentData() or ""} - {""}))
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
        """Select ``article_id``'s row without opening it (loading a few more pages to find it)."""
        row = self.model.find(article_id)
        if row >= 0:
            idx = self.model.index(row)
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)

    def update_summary(self, article_id: int, *, attention: int | None = None, **fields) -> None:
        """Change fields of one row in place (read, fact_words, filler_words, highlight_count…).

        ``attention``: how many of its highlights need attention now. Left out while highlight fields
        change (after a paint, confirm, re-attach, delete or undo), the count is read again from the
        library (one indexed query), so the row's marker follows without the caller knowing about it.
        """
        row = self.model.row_of(article_id)
        if row < 0:
            return
        s = self.model.rows[row]
        for k, v in fields.items():
            setattr(s, k, v)
        if attention is None and HIGHLIGHT_FIELDS.intersection(fields):
            attention = self._attention_counts([article_id]).get(article_id, 0)
        if attention is not None:
            self.model.set_attention(article_id, attention)
        self.model.update_row(s)

    def refresh_attention(self, article_id: int) -> None:
        """Read one article's "needs attention" count again and repaint its row (if it is listed)."""
        if self.model.row_of(article_id) >= 0:
            self.model.set_attention(article_id, self._attention_counts([article_id]).get(article_id, 0))

    def attention_count(self, article_id: int) -> int:
        """How many highlights of a listed article need attention (0 when none or not listed)."""
        return self.model.attention.get(article_id, 0)

    def _attention_counts(self, ids: list[int]) -> dict[int, int]:
        """{article id: fuzzy or orphaned highlights of your own} for listed rows ({} if unreadable)."""
        if self.library.closed:
            return {}
        try:
            return self.library.attention_counts(ids, annotator="")
        except SiftError:
            return {}

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


__all__ = [
    "ATTENTION_ROLE",
    "SUMMARY_ROLE",
    "ArticleDelegate",
    "ArticleListModel",
    "LibraryPane",
    "attention_text",
    "short_date",
]
