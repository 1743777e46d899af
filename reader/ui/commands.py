"""Undoable annotation actions: each is one Library call (one transaction) and one QUndoCommand."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.errors import SiftError


class ChangeCommand(QUndoCommand):
    """A stored ``Change``: redo applies it, undo applies its inverse (notes and ids included)."""

    def __init__(
        self, library, change, text: str, on_applied: Callable[[int], None], on_error: Callable[[str], None]
    ) -> None:
        super().__init__(text)
        self.library = library
        self.change = change
        self._on_applied = on_applied
        self._on_error = on_error
        self._skip_first_redo = True  # the Library already applied it when the action ran

    def redo(self) -> None:
        """Apply the change (again)."""
        if self._skip_first_redo:
            self._skip_first_redo = False
        else:
            self._apply(self.change)
        self._on_applied(self.change.article_id)

    def undo(self) -> None:
        """Restore exactly the rows that were there before."""
        self._apply(self.change.inverted())
        self._on_applied(self.change.article_id)

    def _apply(self, change) -> None:
        try:
            self.library.apply(change)
        except SiftError as err:
            self.setObsolete(True)
            self._on_error(str(err))


class Annotator(QObject):
    """Runs paint/erase/note/delete against the Library and pushes each onto the undo stack.

    Signals: ``changed(int article_id)`` after any action, undo or redo; ``failed(str message)``.
    """

    changed = Signal(int)
    failed = Signal(str)

    def __init__(self, library, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = undo_stack

    def _run(self, text: str, action: Callable[[], object]):
        try:
            change = action()
        except SiftError as err:
            self.failed.emit(str(err))
            return None
        if not change.removed and not change.added:
            return change
        self.undo_stack.push(ChangeCommand(self.library, change, text, self.changed.emit, self.failed.emit))
        return change

    def paint(self, article_id: int, start: int, end: int, label: str, note: str | None = None):
        """Paint ``[start, end)`` with ``label``; return the Change (None on a user-facing error)."""
        return self._run(
            f"Paint {label}", lambda: self.library.paint(article_id, start, end, label, note=note)
        )

    def erase(self, article_id: int, start: int, end: int):
        """Erase every label from ``[start, end)``."""
        return self._run("Erase", lambda: self.library.erase(article_id, start, end))

    def set_note(self, highlight_id: int, note: str):
        """Replace a highlight's note."""
        return self._run("Edit note", lambda: self.library.set_note(highlight_id, note))

    def delete_highlight(self, highlight_id: int):
        """Delete one highlight."""
        return self._run("Delete highlight", lambda: self.library.delete_highlight(highlight_id))

    def push_change(self, change, text: str) -> None:
        """Record a change another part made through the Library (e.g. accepted suggestions) for undo."""
        if change.removed or change.added:
            self.undo_stack.push(
                ChangeCommand(self.library, change, text, self.changed.emit, self.failed.emit)
            )
