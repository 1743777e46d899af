"""Moving between the window's suggestions and deciding on them by key: J/K, Enter, Esc, label keys, S."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QToolTip

from reader.ui.suggestions_support import KEYS_HINT, describe
from reader.ui.window_actions import SUGGEST_SHORTCUT as SHORTCUT

if TYPE_CHECKING:
    from reader.suggest import Suggestion


class NavigationMixin:
    """J/K, the reader's key hook and proposal tooltips (part of ``SuggestionsController``).

    Uses the controller's ``window``, ``reader``, ``visible``, ``enabled``, ``accept``, ``reject``,
    ``set_enabled`` and ``_say``.
    """

    def selected(self) -> Suggestion | None:
        """The shown proposal whose sentence is exactly the reader's selection, if any."""
        cursor = self.reader.textCursor()
        if not self.enabled or not cursor.hasSelection():
            return None
        umap = self.reader.umap
        span = (umap.to_offset(cursor.selectionStart()), umap.to_offset(cursor.selectionEnd()))
        return next((s for s in self.visible if (s.start, s.end) == span), None)

    def at(self, offset: int) -> Suggestion | None:
        """The shown proposal containing ``offset``."""
        return next((s for s in self.visible if s.start <= offset < s.end), None)

    def step(self, direction: int) -> Suggestion | None:
        """Select the next (+1) or previous (-1) proposal from the caret, scroll to it and explain it."""
        if not self.enabled:
            self._say(f"Turn on suggestions first ({SHORTCUT} or S).", 5000)
            return None
        if not self.visible:
            self._say("No suggestions left in this article.", 5000)
            return None
        cursor = self.reader.textCursor()
        umap = self.reader.umap
        if direction > 0:  # with a bare caret, the proposal it sits in comes first
            if cursor.hasSelection():
                pos = umap.to_offset(cursor.selectionEnd())
                s = next((x for x in self.visible if x.start >= pos), None)
            else:
                pos = umap.to_offset(cursor.position())
                s = next((x for x in self.visible if x.end > pos), None)
        else:
            pos = umap.to_offset(cursor.selectionStart() if cursor.hasSelection() else cursor.position())
            s = next((x for x in reversed(self.visible) if x.end <= pos), None)
        if s is None:
            where = "end" if direction > 0 else "start"
            self._say(f"No more suggestions towards the {where} of the article.", 4000)
            return None
        self.reveal(s)
        return s

    def reveal(self, s: Suggestion) -> None:
        """Select ``s``, scroll it into view and show its reasons (status bar and tooltip)."""
        self.reader.select_span(s.start, s.end, center=not self._in_view(s))
        n = self.visible.index(s) + 1 if s in self.visible else 0
        self._say(f"{describe(s, 2)}   ·  {n} of {len(self.visible)}  ·  Enter accepts, Esc rejects", 20000)
        rect = self.reader.cursorRect()
        tip = f"{describe(s)}\n{KEYS_HINT}"
        QToolTip.showText(self.reader.viewport().mapToGlobal(rect.bottomLeft()), tip, self.reader.viewport())

    def _in_view(self, s: Suggestion) -> bool:
        lo, hi = self.reader.visible_range()
        return lo <= s.start and s.end <= hi

    def _advance_from(self, offset: int) -> None:
        """After a decision: go on to the next proposal, or leave the caret after the sentence."""
        nxt = next((x for x in self.visible if x.start >= offset), None)
        if nxt is not None:
            self.reveal(nxt)
        else:
            self.reader.select_span(offset, offset, center=False)
            self._say("That was the last suggestion in this article.", 5000)

    def handle_key(self, event: QKeyEvent) -> bool:
        """The reader's key hook: S toggles, J/K move, Enter/label keys accept, Esc rejects."""
        if self.window.article is None:
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier,):
            return False
        text, key = event.text(), event.key()
        keys = self.reader.key_labels()
        if text == "s" and "s" not in keys:
            self.set_enabled(not self.enabled)
            return True
        if not self.enabled:
            return False
        if text in ("j", "k") and text not in keys:
            self.step(+1 if text == "j" else -1)
            return True
        s = self.selected()
        if s is None:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.accept(s):
                self._advance_from(s.end)
            return True
        if key == Qt.Key.Key_Escape:
            self.reject(s)
            self._advance_from(s.end)
            return True
        if text and text in keys:
            if self.accept(s, keys[text]):
                self._advance_from(s.end)
            return True
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Tooltips over a proposal explain it (painted highlights keep their own tooltips)."""
        if event.type() == QEvent.Type.ToolTip and self.enabled and self.window.article is not None:
            offset = self.reader.offset_at(event.pos())
            s = self.at(offset)
            if s is not None and not any(h.start <= offset < h.end for h in self.reader.highlights):
                QToolTip.showText(event.globalPos(), f"Suggested: {describe(s)}\n{KEYS_HINT}", obj)
                return True
        return False
