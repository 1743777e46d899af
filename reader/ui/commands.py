"""Undoable annotation actions: each is one Library call (one transaction) and one QUndoCommand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.errors import SiftError


class ChangeCommand(QUndoCommand):
    """Stored ``Change``s: redo applies them in order, undo applies their inverses in reverse order.

    Each direction runs in one transaction, so undo restores exactly the rows (ids and notes included)
    that were there before the action.
    """

    def __init__(
        self, library, changes, text: str, on_applied: Callable[[int], None], on_error: Callable[[str], None]
    ) -> None:
        super().__init__(text)
        self.library = library
        self.changes = tuple(changes)
        self._on_applied = on_applied
        self._on_error = on_error
        self._skip_first_redo = True  # the Library already applied them when the action ran

    @property
    def change(self):
        """The single change of a one-change command (the first one otherwise)."""
        return self.changes[0]

    def redo(self) -> None:
        """Apply the changes (again)."""
        if self._skip_first_redo:
            self._skip_first_redo = False
        else:
            self._apply(self.changes)
        self._notify()

    def undo(self) -> None:
        """Restore exactly the rows that were there before."""
        self._apply([c.inverted() for c in reversed(self.changes)])
        self._notify()

    def _apply(self, changes) -> None:
        try:
            with self.library.transaction():
                for change in changes:
                    self.library.apply(change)
        except SiftError as err:
            self.setObsolete(True)
            self._on_error(str(err))

    def _notify(self) -> None:
        for article_id in dict.fromkeys(c.article_id for c in self.changes):
            self._on_applied(article_id)


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
        self._pending: list | None = None

    def _run(self, text: str, action: Callable[[], object]):
        if self._pending is not None:  # inside batch(): errors propagate and roll the whole batch back
            change = action()
            if change.removed or change.added:
                self._pending.append(change)
            return change
        try:
            change = action()
        except SiftError as err:
            self.failed.emit(str(err))
            return None
        if not change.removed and not change.added:
            return change
        self._push([change], text)
        return change

    def _push(self, changes, text: str) -> None:
        self.undo_stack.push(ChangeCommand(self.library, changes, text, self.changed.emit, self.failed.emit))

    @contextmanager
    def batch(self, text: str) -> Iterator[None]:
        """Run several paints as ONE transaction and ONE undo step (e.g. "accept all suggestions above S").

        A SiftError inside rolls every change back, records nothing and is reported through ``failed``.
        """
        if self._pending is not None:
            yield
            return
        self._pending = []
        try:
            with self.library.transaction():
                yield
            changes, self._pending = self._pending, None
        except SiftError as err:
            self._pending = None
            self.failed.emit(str(err))
            return
        finally:
            self._pending = None
        if changes:
            self._push(changes, text)

    def paint(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        note: str | None = None,
        *,
        origin: str = "manual",
        text: str | None = None,
    ):
        """Paint ``[start, end)`` with ``label``; return the Change (None on a user-facing error).

        ``origin``: ``manual`` or ``suggested`` (an accepted suggestion); ``text`` names the undo step.
        """
        return self._run(
            text or f"Paint {label}",
            lambda: self.library.paint(article_id, start, end, label, note=note, origin=origin),
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
