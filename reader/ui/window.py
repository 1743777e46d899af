"""Sift's main window: library pane, reader (or facts-only view), highlights pane, status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.models import Article, Highlight, Label
from reader.ui import themes
from reader.ui.commands import Annotator
from reader.ui.highlights_pane import HighlightsPane
from reader.ui.library_pane import LibraryPane
from reader.ui.sample import HINT
from reader.ui.settings import Settings
from reader.ui.statusbar import SiftStatusBar
from reader.ui.window_actions import build_actions, rebuild_label_actions
from reader.ui.window_paint import PaintSlotsMixin
from reader.ui.window_slots import WindowSlotsMixin

if TYPE_CHECKING:
    from reader.ui.reader_view import ReaderView
    from reader.ui.refresh import RefreshController
    from reader.ui.suggestions import SuggestionsController

EMPTY_TEXT = (
    "<div style='font-size:15pt'>Nothing open</div><p>Pick an article on the left, or add one:<br>"
    "<b>Ctrl+L</b> a web address &nbsp;·&nbsp; <b>Ctrl+O</b> a file &nbsp;·&nbsp; or drop a link here.</p>"
)


class MainWindow(PaintSlotsMixin, WindowSlotsMixin, QMainWindow):
    """The main window; dialogs use its ``library``, ``settings``, ``undo_stack`` and public methods.

    Signals: ``article_opened(int id)`` after an article is shown; ``look_changed()`` after the theme or
    fonts changed (layers such as suggestion underlines should be recomputed on both);
    ``highlights_changed(int id)`` after the open article's highlights were reloaded.
    """

    article_opened = Signal(int)
    look_changed = Signal()
    highlights_changed = Signal(int)

    def __init__(self, library, settings: Settings, *, staged: bool = False) -> None:
        super().__init__()
        self._reader: ReaderView | None = None
        self._suggestions: SuggestionsController | None = None
        self._refresher: RefreshController | None = None
        self.library = library
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.annotator = Annotator(library, self.undo_stack, self)
        self.annotator.changed.connect(self.on_article_changed)
        self.annotator.failed.connect(self.show_error)
        self.article: Article | None = None
        self.highlights: list[Highlight] = []
        self.labels: list[Label] = self.library.labels()
        self.current_label = (
            settings.current_label if any(lb.name == settings.current_label for lb in self.labels) else "fact"
        )
        app = QApplication.instance()
        self.theme = themes.apply_theme(app, settings) if app else themes.resolve_theme(settings.theme)
        self.setWindowTitle("Sift")
        self.setAcceptDrops(True)
        self._build_layout()
        build_actions(self)  # the label actions come with the look (_apply_look below)
        self._restore_state()
        self.settings.changed.connect(self.on_setting_changed)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.on_system_scheme_changed)
        self._apply_look()
        self.refresh_library()
        self._update_status()
        if not staged:
            self.finish_building()

    def finish_building(self) -> None:
        """Create the parts the first paint does not show: the reader view, the highlights list, and the
        suggestions and refresh controllers (their menu entries; the Suggest toggle is already there).

        ``MainWindow(..., staged=True)`` leaves them for this call, which the app makes right after the
        window's first paint; touching :attr:`reader` before then makes it at once.
        """
        if self._reader is not None:
            return
        from reader.ui.reader_view import ReaderView
        from reader.ui.refresh import RefreshController
        from reader.ui.suggestions import SuggestionsController

        self.setWindowIcon(themes.app_icon())  # not seen in the first paint (title bar, task bar)
        reader = ReaderView(self.stack)
        self._reader = reader
        reader.setAccessibleName("Article")
        reader.paint_requested.connect(self.on_paint_requested)
        reader.erase_requested.connect(self.on_erase_requested)
        reader.note_requested.connect(self.on_note_requested)
        reader.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        reader.labels = self.labels
        reader.current_label = self.current_label
        reader.theme = self.theme
        reader.set_dim_filler(self.act_dim_filler.isChecked())
        reader.set_sentence_mode(self.act_sentence_mode.isChecked())
        self.stack.addWidget(reader)
        self.highlights_pane.build_list()
        self.library_pane.finish_building()
        # View ▸ Suggestions, Tools ▸ Sites…/Reset: see reader/ui/suggestions.py.
        self._suggestions = SuggestionsController(self)
        # Refresh, Versions…, Agreement… and fixing moved highlights: see reader/ui/refresh.py.
        self._refresher = RefreshController(self)

    @property
    def suggestions(self) -> SuggestionsController:
        """Suggestions of fact and filler in the reader view (see :meth:`finish_building`)."""
        if self._suggestions is None:
            self.finish_building()
        return self._suggestions

    @property
    def refresher(self) -> RefreshController:
        """Refreshing the open article and fixing its moved highlights (see :meth:`finish_building`)."""
        if self._refresher is None:
            self.finish_building()
        return self._refresher

    def has_reader(self) -> bool:
        """True once the reader view exists (see :meth:`finish_building`)."""
        return self._reader is not None

    @property
    def reader(self) -> ReaderView:
        """The reading view of the open article (see :meth:`finish_building`)."""
        if self._reader is None:
            self.finish_building()
        return self._reader

    # --- layout ------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        # Each widget is created inside its final parent: moving a styled widget tree restyles all of it.
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        centre = QWidget(self.splitter)
        self.stack = QStackedWidget(centre)
        self.library_pane = LibraryPane(self.library, self.settings, self.splitter)
        self.library_pane.article_activated.connect(self.open_article)
        self.library_pane.article_entered.connect(self.on_article_entered)
        self.library_pane.archive_requested.connect(self.set_archived)
        self.library_pane.read_requested.connect(self.set_read)
        self.library_pane.delete_requested.connect(self.delete_article)
        self.empty = QLabel(EMPTY_TEXT, self.stack)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAutoFillBackground(True)
        self.empty.setBackgroundRole(QPalette.ColorRole.Base)
        self._facts = None
        self._find_bar = None
        self.stack.addWidget(self.empty)
        self.hint = QFrame(centre)
        self.hint.setObjectName("hintBanner")
        hint_text = QLabel(HINT, self.hint)
        hint_text.setWordWrap(True)
        hint_ok = QPushButton("Got it", self.hint)
        hint_ok.setFlat(True)
        hint_ok.setCursor(Qt.CursorShape.PointingHandCursor)
        hint_ok.clicked.connect(self.dismiss_hint)
        lay = QHBoxLayout(self.hint)
        lay.setContentsMargins(16, 6, 10, 6)
        lay.addWidget(hint_text, 1)
        lay.addWidget(hint_ok)
        self.hint.setVisible(self.settings.show_hint)
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.hint)
        cl.addWidget(self.stack, 1)
        self._centre_layout = cl
        self.highlights_pane = HighlightsPane(self.splitter)
        self.highlights_pane.highlight_activated.connect(self.reveal_highlight)
        self.highlights_pane.note_requested.connect(self.edit_note)
        self.highlights_pane.delete_requested.connect(self.delete_highlight)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setHandleWidth(1)
        for wdg in (self.library_pane, centre, self.highlights_pane):
            self.splitter.addWidget(wdg)
        self.library_pane.setMinimumWidth(180)
        self.highlights_pane.setMinimumWidth(180)
        for i, stretch in enumerate((1, 4, 1)):  # a smaller window takes a little from every pane
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([290, 760, 310])
        self.setCentralWidget(self.splitter)
        self.status = SiftStatusBar(self)
        self.setStatusBar(self.status)
        self.stack.setCurrentWidget(self.empty)

    @property
    def facts(self):
        """The facts-only view (created the first time it is needed, to start faster)."""
        if self._facts is None:
            from reader.ui.facts_view import FactsView

            self._facts = FactsView(self.stack)
            self._facts.setAccessibleName("Facts only")
            self._facts.jump_requested.connect(self.on_facts_jump)
            self._facts.set_line_width(self.settings.line_width)
            self.stack.addWidget(self._facts)
        return self._facts

    @property
    def find_bar(self):
        """The find bar under the page (created on first use)."""
        if self._find_bar is None:
            from reader.ui.find_bar import FindBar

            self._find_bar = FindBar(self)
            self._centre_layout.addWidget(self._find_bar)
        return self._find_bar

    def _restore_state(self) -> None:
        geo = self.settings.state("geometry")
        if geo is None or not self.restoreGeometry(geo):
            self.resize(1280, 800)
        st = self.settings.state("window")
        if st is not None:
            self.restoreState(st)
        sp = self.settings.state("splitter")
        if sp is not None:
            self.splitter.restoreState(sp)
        panes = self.settings.state("panes")
        shown = bytes(panes.data()) if panes is not None else b"11"
        self.act_show_library.setChecked(shown[:1] != b"0")
        self.act_show_highlights.setChecked(shown[1:2] != b"0")
        self.library_pane.setVisible(self.act_show_library.isChecked())
        self.highlights_pane.setVisible(self.act_show_highlights.isChecked())
        self.act_facts_only.setChecked(self.settings.facts_only)
        self.act_dim_filler.setChecked(self.settings.dim_filler)
        self.act_sentence_mode.setChecked(self.settings.sentence_mode)

    def save_state(self) -> None:
        """Remember geometry, toolbar and splitter state."""
        self.settings.set_state("geometry", self.saveGeometry())
        self.settings.set_state("window", self.saveState())
        self.settings.set_state("splitter", self.splitter.saveState())
        panes = b"".join(
            b"1" if a.isChecked() else b"0" for a in (self.act_show_library, self.act_show_highlights)
        )
        self.settings.set_state("panes", QByteArray(panes))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state on the way out."""
        self.save_state()
        super().closeEvent(event)

    # --- the contract used by dialogs and the worker ------------------------------------------------

    def current_article_id(self) -> int | None:
        """The id of the open article, or None."""
        return self.article.id if self.article else None

    def open_article(self, article_id: int) -> None:
        """Show an article (marking it read)."""
        try:
            article = self.library.get_article(article_id)
            if not article.read:
                self.library.update_article(article_id, read=True)
                article.read = True
                self.library_pane.update_summary(article_id, read=True)
            self.highlights = self.library.highlights(article_id)
        except SiftError as err:
            self.show_error(str(err))
            return
        self.article = article
        if self._find_bar is not None:
            self._find_bar.hide()
        self._render_article()
        self.library_pane.select(article_id)
        self.setWindowTitle(f"{article.title or 'Untitled'} — Sift")
        self.act_archive.setText("Unarchive Article" if article.archived else "&Archive Article")
        focused = QApplication.focusWidget()
        if focused is None or focused is self.empty or not self.isAncestorOf(focused):
            self.stack.currentWidget().setFocus()
        self.article_opened.emit(article_id)

    def on_article_entered(self, article_id: int) -> None:
        """Enter in the library list: open the article and move the keyboard into it."""
        self.open_article(article_id)
        if self.current_article_id() == article_id:
            self.stack.currentWidget().setFocus()

    def add_sources(self, sources: list[str]):
        """Fetch/read URLs and files in the background (progress in the status bar); return the AddJob."""
        from reader.ui import worker

        self._last_job = worker.start_add(self, list(sources))
        return self._last_job

    def refresh_library(self) -> None:
        """Reload the library pane (after adds, deletes, imports)."""
        self.library_pane.reload()

    def refresh_labels(self) -> None:
        """Reload labels after the labels dialog changed them (renames carry highlights along)."""
        self.labels = self.library.labels()
        if not any(lb.name == self.current_label for lb in self.labels):
            self.current_label = self.labels[0].name if self.labels else "fact"
        self.undo_stack.clear()  # stored changes may name labels that no longer exist
        rebuild_label_actions(self)
        self.library_pane.set_theme(self.theme, self.labels)
        if self.article is not None:
            self.highlights = self.library.highlights(self.article.id)
        self._render_highlights()

    def show_busy(self, text: str | None) -> None:
        """Show background work in the status bar (None when done)."""
        self.status.show_busy(text)

    def show_error(self, message: str) -> None:
        """Tell the user what failed (a SiftError's sentence)."""
        self.statusBar().showMessage(message, 10000)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Sift", message)

    # --- rendering -----------------------------------------------------------------------------------

    def _style(self):
        from reader.ui.reading_browser import doc_style

        return doc_style(self.theme, self.settings.font_family, self.settings.font_size)

    def _render_article(self) -> None:
        a = self.article
        self.reader.labels = self.labels
        self.reader.current_label = self.current_label
        self.reader.set_line_width(self.settings.line_width)
        if self._facts is not None:
            self._facts.set_line_width(self.settings.line_width)
        self.reader.set_article(a, self._style(), self.theme)
        self._render_highlights()
        self._show_view()

    def placed_highlights(self) -> list[Highlight]:
        """The open article's highlights that have a place in its current text (not orphaned)."""
        if self.article is None:
            return []
        n = len(self.article.text)
        return [h for h in self.highlights if h.anchor_status != "orphaned" and 0 <= h.start < h.end <= n]

    def _render_highlights(self) -> None:
        self.reader.labels = self.labels
        self.reader.set_highlights(self.placed_highlights())
        self.highlights_pane.set_labels(self.labels)
        self.highlights_pane.set_highlights(
            self.highlights if self.article else [], article_open=bool(self.article)
        )
        if self.act_facts_only.isChecked():
            self.facts.set_facts(self.article, self.placed_highlights(), self._style(), self.theme)
        self._update_status()
        if self.article is not None:
            self.highlights_changed.emit(self.article.id)

    def _show_view(self) -> None:
        if self.article is None:
            self.stack.setCurrentWidget(self.empty)
        elif self.act_facts_only.isChecked():
            self.facts.set_facts(self.article, self.placed_highlights(), self._style(), self.theme)
            self.stack.setCurrentWidget(self.facts)
        else:
            self.stack.setCurrentWidget(self.reader)

    def _update_status(self) -> None:
        if self.article is None:
            self.status.show_article(None, None, [])
        else:
            try:
                stats = self.library.stats(self.article.id)
            except SiftError:
                stats = None
            self.status.show_article(self.article.word_count, stats, [lb.name for lb in self.labels])
            if stats is not None:
                self.library_pane.update_summary(
                    self.article.id,
                    fact_words=stats.fact_words,
                    filler_words=stats.filler_words,
                    highlight_count=sum(s.highlights for s in stats.per_label.values()),
                )
        mode = f"Painting: {self.current_label}"
        if self.act_sentence_mode.isChecked():
            mode += " · sentence mode"
        self.status.show_mode(mode)

    def _apply_look(self) -> None:
        app = QApplication.instance()
        if app is not None:
            self.theme = themes.apply_theme(app, self.settings)
        self.library_pane.set_theme(self.theme, self.labels)
        self.highlights_pane.set_theme(self.theme)
        self.empty.setStyleSheet(f"color: {self.theme.dim}; padding: 40px;")
        rebuild_label_actions(self)
        for key, a in self.theme_actions.items():
            a.setChecked(self.settings.theme == key)
        if self.article is not None:
            v = self.reader.verticalScrollBar().value()
            self._render_article()
            self.reader.verticalScrollBar().setValue(v)
        elif self._reader is not None:
            self._reader.theme = self.theme
        self.look_changed.emit()
