"""The main window's view, library, dialog and drag-and-drop slots (mixed into MainWindow)."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from reader.errors import SiftError

DROP_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text", ".md")


class WindowSlotsMixin:
    """Slots of :class:`reader.ui.window.MainWindow` that only use its public parts."""

    # --- view slots ------------------------------------------------------------------------------------

    def on_facts_only(self, on: bool) -> None:
        """Switch between the full article and its facts."""
        self.settings.set("facts_only", on)
        self._show_view()

    def on_dim_filler(self, on: bool) -> None:
        """Grey filler in place."""
        self.settings.set("dim_filler", on)
        if self._reader is not None:  # else the reader view starts that way (finish_building)
            self._reader.set_dim_filler(on)

    def on_sentence_mode(self, on: bool) -> None:
        """Paint whole sentences."""
        self.settings.set("sentence_mode", on)
        if self._reader is not None:
            self._reader.set_sentence_mode(on)
        self._update_status()

    def zoom(self, step: int) -> None:
        """Make the reading font larger or smaller."""
        self.settings.set("font_size", max(8, min(40, self.settings.font_size + step)))

    def on_setting_changed(self, key: str) -> None:
        """Re-style when a look-related preference changes."""
        if key in ("theme", "font_family", "font_size", "line_width"):
            self._apply_look()
        elif key == "dim_filler":
            self.act_dim_filler.setChecked(self.settings.dim_filler)

    def on_system_scheme_changed(self, *_args) -> None:
        """Follow the desktop's light/dark switch when the theme is "system"."""
        if self.settings.theme == "system":
            self._apply_look()

    def on_fullscreen(self, on: bool) -> None:
        """Enter or leave full screen."""
        self.showFullScreen() if on else self.showNormal()

    def on_focus_search(self) -> None:
        """Focus the library search field."""
        self.library_pane.setVisible(True)
        self.library_pane.search.setFocus()
        self.library_pane.search.selectAll()

    def on_find(self) -> None:
        """Open the find bar for the visible page."""
        if self.article is not None:
            page = self.stack.currentWidget()
            self.find_bar.open_for(page if page is not self.empty else self.reader)

    def dismiss_hint(self) -> None:
        """Hide the first-run hint for good."""
        self.hint.hide()
        self.settings.set("show_hint", False)
        self.reader.setFocus()

    # --- library slots -----------------------------------------------------------------------------------

    def set_archived(self, article_id: int, archived: bool) -> None:
        """Archive or unarchive an article."""
        try:
            self.library.update_article(article_id, archived=archived)
        except SiftError as err:
            self.show_error(str(err))
            return
        if self.article is not None and self.article.id == article_id:
            self.article.archived = archived
            self.act_archive.setText("Unarchive Article" if archived else "&Archive Article")
        self.refresh_library()
        self.statusBar().showMessage("Archived." if archived else "Moved back to the inbox.", 4000)

    def set_read(self, article_id: int, read: bool) -> None:
        """Mark an article read or unread."""
        try:
            self.library.update_article(article_id, read=read)
        except SiftError as err:
            self.show_error(str(err))
            return
        self.library_pane.update_summary(article_id, read=read)

    def on_archive(self) -> None:
        """Archive (or unarchive) the open article."""
        if self.article is not None:
            self.set_archived(self.article.id, not self.article.archived)

    def on_mark_unread(self) -> None:
        """Mark the open article unread."""
        if self.article is not None:
            self.set_read(self.article.id, False)

    def on_delete_current(self) -> None:
        """Delete the open article (after asking)."""
        if self.article is not None:
            self.delete_article(self.article.id)

    def delete_article(self, article_id: int, *, confirm: bool = True) -> None:
        """Delete an article and its highlights (asks first; cannot be undone)."""
        if confirm:
            from PySide6.QtWidgets import QMessageBox

            title = next(
                (s.title for s in self.library_pane.model.rows if s.id == article_id), "this article"
            )
            answer = QMessageBox.question(
                self,
                "Delete article",
                f"Delete “{title}” and all its highlights? This cannot be undone.",
                QMessageBox.StandardButton.Delete | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Delete:
                return
        try:
            self.library.delete_article(article_id)
        except SiftError as err:
            self.show_error(str(err))
            return
        self.undo_stack.clear()
        if self.article is not None and self.article.id == article_id:
            self.article, self.highlights = None, []
            self.setWindowTitle("Sift")
            self._render_article()
        self.refresh_library()

    # --- dialogs (from UI-DIALOGS, imported when used) ----------------------------------------------------

    def dialog(self, module: str, name: str):
        """``reader.ui.dialogs.<module>.<name>``, imported when first used (None if it is missing)."""
        try:
            return getattr(importlib.import_module(f"reader.ui.dialogs.{module}"), name)
        except (ImportError, AttributeError) as err:
            self.statusBar().showMessage(f"That window is not available in this build ({err}).", 8000)
            return None

    def on_add_url(self) -> None:
        """Ctrl+L: the Add URL dialog; an article it opened has the keyboard when the dialog closes."""
        if cls := self.dialog("add_url", "AddUrlDialog"):
            opened: list[int] = []
            self.article_opened.connect(opened.append)
            try:
                cls(self).exec()
            finally:
                self.article_opened.disconnect(opened.append)
            if opened and self.current_article_id() == opened[-1]:
                self.stack.currentWidget().setFocus()

    def on_add_file(self) -> None:
        """Ctrl+O: pick HTML/text files and add them."""
        from PySide6.QtWidgets import QFileDialog

        start = self.settings.last_add_dir or str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add files", start, "Articles (*.html *.htm *.xhtml *.txt *.md);;All files (*)"
        )
        if paths:
            self.settings.set("last_add_dir", str(Path(paths[0]).parent))
            self.add_sources(paths)

    def on_export(self) -> None:
        """Ctrl+E: the export dialog."""
        if cls := self.dialog("export", "ExportDialog"):
            cls(self).exec()

    def on_preferences(self) -> None:
        """The preferences dialog (changes apply live)."""
        if cls := self.dialog("preferences", "PreferencesDialog"):
            cls(self).exec()

    def on_labels(self) -> None:
        """The labels dialog."""
        if cls := self.dialog("labels", "LabelsDialog"):
            cls(self).exec()
            self.refresh_labels()

    def on_logins(self) -> None:
        """The site logins dialog."""
        if cls := self.dialog("logins", "LoginsDialog"):
            cls(self).exec()

    def on_about(self) -> None:
        """About Sift."""
        if show := self.dialog("about", "show_about"):
            show(self)

    def on_show_shortcuts(self) -> None:
        """Every keyboard shortcut, grouped (Help ▸ Keyboard Shortcuts, F1)."""
        from reader.ui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    # --- drag and drop ----------------------------------------------------------------------------------

    @staticmethod
    def _dropped_sources(mime) -> list[str]:
        out: list[str] = []
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile():
                path = url.toLocalFile()
                if path.lower().endswith(DROP_SUFFIXES):
                    out.append(path)
            elif url.scheme() in ("http", "https"):
                out.append(url.toString())
        if not out and mime.hasText():
            for line in mime.text().splitlines():
                s = line.strip()
                if s.lower().startswith(("http://", "https://")) and " " not in s:
                    out.append(s)
        return out

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept links and .html/.txt files."""
        if self._dropped_sources(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        """Keep accepting while the drag moves over child widgets."""
        if self._dropped_sources(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add what was dropped."""
        sources = self._dropped_sources(event.mimeData())
        if sources:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.add_sources(sources))
