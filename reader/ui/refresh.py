"""Refreshing the open article, its versions and agreement views, and fixing highlights that moved.

File ▸ Refresh Article (F5) fetches the article's address again in the background (through
:mod:`reader.ui.worker`); on the GUI thread :func:`reader.versions.refresh_article` keeps the old
version and re-anchors every highlight in one transaction. Confirm (a moved highlight stays where
it is) and Re-attach (a highlight goes to the reader's selection) are undoable steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from reader.errors import SiftError
from reader.ui.commands import ChangeCommand

if TYPE_CHECKING:
    from reader.ui.window import MainWindow
    from reader.ui.worker import LoadJob

REFRESH_TIP = "Fetch the article again; if its text changed the old version is kept ({keys})"
NO_ADDRESS = "This article was added from a file and has no web address to fetch again."
UNDO_CLEARED = "Undo cleared: its steps were on the old text."


def changed_message(result) -> str:
    """A changed article's RefreshResult in one status-bar line (short enough to be read whole)."""
    line = (
        f"Changed, now version {result.version}: {result.exact} exact, {result.fuzzy} moved, "
        f"{result.orphaned} not found"
    )
    return line + (f" ({result.attention} need attention)." if result.attention else ".")


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


class RefreshController(QObject):
    """Adds Refresh Article, Versions… and Agreement… to the File menu and serves the highlights
    pane's Confirm and Re-attach requests for ``window``.

    Signals: ``refreshed(RefreshResult)`` after a refresh was stored.
    """

    refreshed = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.job: LoadJob | None = None
        self.last_result = None
        self._job_article: int | None = None
        self._versions = None
        self._agreement = None
        self.act_refresh = self._action("&Refresh Article", self.refresh)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh) or [QKeySequence("F5")]
        self.act_refresh.setShortcuts(keys)
        self.act_versions = self._action(
            "&Versions…", self.show_versions, "Earlier versions of the article kept by refreshes"
        )
        self.act_agreement = self._action(
            "A&greement…", self.show_agreement, "Compare two annotators' labels on this article (Cohen's κ)"
        )
        menu = next(
            (a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().title() == "&File"), None
        )
        if menu is not None:
            before = window.act_archive
            for a in (self.act_refresh, self.act_versions, self.act_agreement):
                menu.insertAction(before, a)
            menu.insertSeparator(before)
        self.act_reattach = self._action(
            "Re-attach &Highlight to Selection",
            self.reattach_current,
            "Put the highlight chosen in the Highlights pane on the text selected in the article",
        )
        self.act_reattach.setShortcut(QKeySequence("Ctrl+Shift+R"))
        edit = next(
            (a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().title() == "&Edit"), None
        )
        if edit is not None:
            edit.insertAction(window.act_find, self.act_reattach)
            edit.insertSeparator(window.act_find)
        window.article_opened.connect(self._on_article_opened)
        pane = window.highlights_pane
        pane.confirm_requested.connect(self.confirm)
        pane.reattach_requested.connect(self.reattach)
        # A selection made by showing a highlight from the list is not a place chosen for re-attaching.
        self._selection_from_list = False
        window.reader.selectionChanged.connect(self._on_selection_changed)
        pane.highlight_activated.connect(self._on_highlight_shown)  # runs after the window revealed it
        self.update_actions()

    def _action(self, text: str, slot: Callable[[], None], tip: str = "") -> QAction:
        a = QAction(text, self.window)
        a.triggered.connect(slot)
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        self.window.addAction(a)  # shortcuts work even with the menu bar hidden
        return a

    def _say(self, text: str, msecs: int = 8000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    # --- refresh -------------------------------------------------------------------------------------

    def update_actions(self) -> None:
        """Enable what fits the open article (Refresh needs a web address)."""
        a = self.window.article
        busy = self.job is not None and not self.job.is_finished
        has_url = a is not None and bool(a.url or a.canonical_url)
        self.act_refresh.setEnabled(has_url and not busy)
        if a is not None and not has_url:
            self.act_refresh.setText("&Refresh Article (no web address)")
            tip = NO_ADDRESS
        else:
            self.act_refresh.setText("&Refresh Article")
            tip = REFRESH_TIP.format(keys=_keys(self.act_refresh))
        self.act_refresh.setToolTip(tip)
        self.act_refresh.setStatusTip(tip)
        for act in (self.act_versions, self.act_agreement, self.act_reattach):
            act.setEnabled(a is not None)

    def _on_article_opened(self, article_id: int) -> None:
        self.update_actions()
        for view in (self._versions, self._agreement):
            if view is not None and view.isVisible():
                view.load(article_id)

    def refresh(self) -> LoadJob | None:
        """Fetch the open article again in the background (the result is stored on this thread)."""
        from reader.ui import worker

        a = self.window.article
        if a is None:
            return None
        source = a.url or a.canonical_url
        if not source:
            self._say(NO_ADDRESS)
            return None
        if self.job is not None and not self.job.is_finished:
            self._say("The article is already being fetched again.")
            return self.job
        title = a.title or "Untitled"
        self._job_article = a.id
        self.job = job = worker.start_load(source, parent=self)
        self.window.show_busy(f"Refreshing “{title}”…")
        job.progress.connect(lambda note: self.window.show_busy(f"Refreshing “{title}”: {note}"))
        job.loaded.connect(self._on_loaded)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self.update_actions()
        return job

    def _on_finished(self) -> None:
        self.window.show_busy(None)
        self.update_actions()

    def _on_failed(self, message: str) -> None:
        self.window.show_error(message)

    def _on_loaded(self, loaded) -> None:
        from reader.versions import refresh_article

        article_id = self._job_article
        if article_id is None:
            return
        try:
            result = refresh_article(self.library, article_id, loaded.content, fetched_at=loaded.fetched_at)
        except SiftError as err:
            self.window.show_error(str(err))
            return
        self.last_result = result
        w = self.window
        if result.changed:
            w.undo_stack.clear()  # old steps name offsets into the old text: they would be refused
            if w.current_article_id() == article_id:
                bar = w.reader.verticalScrollBar()
                where = bar.value()
                w.open_article(article_id)
                bar.setValue(where)
            w.refresh_library()
            self._say(f"{changed_message(result)} {UNDO_CLEARED}", 15000)
        else:
            self._say(result.summary)
        if self._versions is not None and self._versions.isVisible():
            self._versions.load(article_id)
        self.refreshed.emit(result)

    # --- moved and orphaned highlights ----------------------------------------------------------------

    def _undoable(self, text: str, action: Callable[[], object]):
        """Run one Library action; push what it changed onto the window's undo stack."""
        w = self.window
        try:
            change = action()
        except SiftError as err:
            w.show_error(str(err))
            return None
        if change.removed or change.added:
            ann = w.annotator
            w.undo_stack.push(ChangeCommand(self.library, [change], text, ann.changed.emit, ann.failed.emit))
        return change

    def confirm(self, highlight_id: int):
        """Keep a moved (fuzzy) highlight where it is: it becomes exact (undoable)."""
        change = self._undoable("Confirm place", lambda: self.library.confirm(highlight_id))
        if change is not None:
            self._say("Confirmed: the highlight stays where it is.", 4000)
        return change

    def _on_selection_changed(self) -> None:
        self._selection_from_list = False

    def _on_highlight_shown(self, h) -> None:
        if h.anchor_status == "orphaned":
            self._say(
                "Not found in the current text: select where it belongs in the article, then press "
                "Re-attach (R in this list, Ctrl+Shift+R in the article).",
                10000,
            )
        elif self.window.reader.textCursor().hasSelection():
            self._selection_from_list = True

    def reattach_current(self):
        """Edit ▸ Re-attach: the highlight chosen in the pane goes to the article's selection."""
        h = self.window.highlights_pane.selected()
        if h is None or h.id is None or h.anchor_status == "exact":
            self._say("First choose a highlight that needs attention in the Highlights pane.", 6000)
            return None
        return self.reattach(h.id)

    def reattach(self, highlight_id: int):
        """Put a highlight on the reader's selection (snapped like painting); undoable."""
        w = self.window
        if w.article is None:
            return None
        if w.act_facts_only.isChecked():
            self._say("Leave Facts Only (Ctrl+Shift+F), select where the highlight belongs, then Re-attach.")
            return None
        span = None if self._selection_from_list else w.reader.selection_span()
        if span is None:
            self._say(
                "Select the passage in the article where this highlight belongs, then press Re-attach (R).",
                8000,
            )
            return None
        change = self._undoable(
            "Re-attach highlight", lambda: self.library.reattach(highlight_id, span[0], span[1])
        )
        if change is not None:
            from PySide6.QtGui import QTextCursor

            cursor = w.reader.textCursor()
            cursor.clearSelection()
            w.reader.setTextCursor(cursor)
            w.reader.moveCursor(QTextCursor.MoveOperation.NoMove)
            w.highlights_pane.select_id(highlight_id)
            self._say("Re-attached: the highlight is placed on the selected text.", 5000)
        return change

    def reveal_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` of the open article in the reader (leaving Facts Only)."""
        w = self.window
        if w.act_facts_only.isChecked():
            w.act_facts_only.setChecked(False)
        w.reader.select_span(start, end)

    # --- views ----------------------------------------------------------------------------------------

    @staticmethod
    def _present(dialog) -> None:
        """Show a (non-modal) view, or bring it to the front when it is already open."""
        if dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.show()

    def show_versions(self):
        """Article ▸ Versions…: the article's stored versions, read-only."""
        from reader.ui.versions_view import VersionsDialog

        if self.window.article is None:
            return None
        if self._versions is None:
            self._versions = VersionsDialog(self.window)
        self._versions.load(self.window.article.id)
        self._present(self._versions)
        return self._versions

    def show_agreement(self):
        """Article ▸ Agreement…: Cohen's κ between two annotators and where they disagree."""
        from reader.ui.agreement_view import AgreementDialog

        if self.window.article is None:
            return None
        if self._agreement is None:
            self._agreement = AgreementDialog(self.window, self.reveal_span)
            self.window.highlights_changed.connect(self._agreement.on_highlights_changed)
        self._agreement.load(self.window.article.id)
        self._present(self._agreement)
        return self._agreement
