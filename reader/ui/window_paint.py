"""The main window's painting slots: paint, erase and note requests, undoable edits, the current label
(mixed into MainWindow; each edit is one transaction through its Annotator)."""

from __future__ import annotations

from reader.errors import SiftError
from reader.models import Highlight


class PaintSlotsMixin:
    """Slots of :class:`reader.ui.window.MainWindow` that change the open article's highlights."""

    def on_paint_requested(self, start: int, end: int, label: str) -> None:
        """Paint a span of the open article (one transaction, undoable)."""
        if self.article is None:
            return
        self.set_current_label(label)
        self.annotator.paint(self.article.id, start, end, label)

    def on_erase_requested(self, start: int, end: int) -> None:
        """Erase labels from a span of the open article."""
        if self.article is not None:
            self.annotator.erase(self.article.id, start, end)

    def on_note_requested(self, start: int, end: int) -> None:
        """Edit the note of the highlight at ``start`` (or paint the span with a note)."""
        if self.article is None:
            return
        inside = [h for h in self.highlights if h.start < end and start < h.end]
        target = next((h for h in inside if h.start <= start < h.end), inside[0] if inside else None)
        if target is not None and target.id is not None:
            self.edit_note(target.id)
            return
        from reader.ui.note_editor import NoteEditor

        note = NoteEditor.ask(self, self.article.text[start:end], "", self.current_label)
        if note is not None:
            self.annotator.paint(self.article.id, start, end, self.current_label, note=note)

    def edit_note(self, highlight_id: int) -> None:
        """Open the note editor for a highlight and store the result (undoable)."""
        try:
            h = self.library.get_highlight(highlight_id)
        except SiftError as err:
            self.show_error(str(err))
            return
        from reader.ui.note_editor import NoteEditor

        note = NoteEditor.ask(self, h.exact, h.note, h.label)
        if note is not None and note != h.note:
            self.annotator.set_note(highlight_id, note)

    def delete_highlight(self, highlight_id: int) -> None:
        """Delete a highlight (undoable)."""
        self.annotator.delete_highlight(highlight_id)

    def on_article_changed(self, article_id: int) -> None:
        """After a paint, undo or redo: reload that article's highlights everywhere."""
        if self.article is None or self.article.id != article_id:
            self.open_article(article_id)
            return
        try:
            self.highlights = self.library.highlights(article_id)
        except SiftError as err:
            self.show_error(str(err))
            return
        self._render_highlights()

    def reveal_highlight(self, h: Highlight) -> None:
        """Scroll the reader to a highlight and select it."""
        if h not in self.placed_highlights():
            self.statusBar().showMessage(
                "This highlight's text is no longer in the article; its quote and note are kept.", 6000
            )
            return
        if self.act_facts_only.isChecked():
            self.act_facts_only.setChecked(False)
        self.reader.select_span(h.start, h.end)

    def on_facts_jump(self, offset: int) -> None:
        """Leave the facts-only view at ``offset`` of the full article."""
        self.act_facts_only.setChecked(False)
        self.reader.select_span(offset, offset)
        self.reader.setFocus()

    def set_current_label(self, name: str) -> None:
        """Make ``name`` the label that sentence clicks and the toolbar paint with."""
        if name == self.current_label:
            return
        self.current_label = name
        if self._reader is not None:
            self._reader.current_label = name
        if name in self.label_actions:
            self.label_actions[name].setChecked(True)
        self.settings.set("current_label", name)
        self._update_status()

    def on_label_action(self, name: str) -> None:
        """A label button or menu entry: choose it, and paint the selection if there is one."""
        self.set_current_label(name)
        if self.article is not None and self.reader.textCursor().hasSelection():
            self.reader.request_paint(name)
        self.reader.setFocus()

    def on_erase_action(self) -> None:
        """Erase from the menu/toolbar."""
        self.reader.request_erase()
        self.reader.setFocus()

    def on_note_action(self) -> None:
        """Note from the menu/toolbar."""
        self.reader.request_note()
