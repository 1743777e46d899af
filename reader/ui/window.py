"""Sift's main window: library pane, reader, highlights pane, menus (first, minimal version)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMainWindow, QTextBrowser

from reader.ui.settings import Settings


class MainWindow(QMainWindow):
    """The main window; dialogs use its library, settings, undo_stack and the methods below."""

    def __init__(self, library, settings: Settings) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self._article_id: int | None = None
        self.setWindowTitle("Sift")
        self.reader = QTextBrowser(self)
        self.setCentralWidget(self.reader)
        self._make_actions()

    def _make_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.act_add_url = QAction("Add &URL…", self, shortcut=QKeySequence("Ctrl+L"))
        self.act_add_url.triggered.connect(self.on_add_url)
        self.act_add_file = QAction("Add &File…", self, shortcut=QKeySequence.StandardKey.Open)
        self.act_add_file.triggered.connect(self.on_add_file)
        self.act_export = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+E"))
        self.act_export.triggered.connect(self.on_export)
        for a in (self.act_add_url, self.act_add_file, self.act_export):
            file_menu.addAction(a)

    def current_article_id(self) -> int | None:
        """The id of the article in the reader, or None."""
        return self._article_id

    def open_article(self, article_id: int) -> None:
        """Show an article in the reader."""
        article = self.library.get_article(article_id)
        self._article_id = article.id
        self.reader.setPlainText(article.text)

    def add_sources(self, sources: list[str]) -> None:
        """Fetch and add URLs or files in the background."""
        from reader.ui import worker

        job = worker.start_add(self, list(sources))
        job.article_added.connect(lambda _id: self.refresh_library())

    def refresh_library(self) -> None:
        """Reload the library pane."""

    def on_add_url(self) -> None:
        from reader.ui.dialogs.add_url import AddUrlDialog

        AddUrlDialog(self).exec()

    def on_add_file(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add files", "", "Articles (*.html *.htm *.txt)")
        if paths:
            self.add_sources(paths)

    def on_export(self) -> None:
        from reader.ui.dialogs.export import ExportDialog

        ExportDialog(self).exec()
