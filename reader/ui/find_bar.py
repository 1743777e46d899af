"""The find bar under the reader: incremental search in the open article (Ctrl+F, Enter, Esc)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget


class FindBar(QFrame):
    """Finds text in a QTextEdit; the match becomes the selection (so 1/2 can paint it).

    Signals: ``closed()`` when hidden with Esc or the close button.
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit: QTextEdit | None = None
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in article")
        self.count = QLabel(self)
        self.prev = QToolButton(self, text="↑", toolTip="Previous match (Shift+Enter)", autoRaise=True)
        self.next = QToolButton(self, text="↓", toolTip="Next match (Enter)", autoRaise=True)
        self.close_btn = QToolButton(self, text="✕", toolTip="Close (Esc)", autoRaise=True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 5, 10, 5)
        lay.addWidget(self.field, 1)
        lay.addWidget(self.count)
        lay.addWidget(self.prev)
        lay.addWidget(self.next)
        lay.addWidget(self.close_btn)
        self.field.textChanged.connect(lambda: self.find(forward=True, restart=True))
        self.field.returnPressed.connect(lambda: self.find(forward=True))
        QShortcut(QKeySequence("Shift+Return"), self.field, activated=lambda: self.find(forward=False))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close_bar)
        self.prev.clicked.connect(lambda: self.find(forward=False))
        self.next.clicked.connect(lambda: self.find(forward=True))
        self.close_btn.clicked.connect(self.close_bar)
        self.hide()

    def open_for(self, edit: QTextEdit) -> None:
        """Show the bar searching ``edit``, prefilled with its selection."""
        self.edit = edit
        sel = edit.textCursor().selectedText()
        if sel and "\u2029" not in sel and len(sel) < 80:
            self.field.setText(sel)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide and give focus back to the text."""
        self.hide()
        if self.edit is not None:
            self.edit.setFocus()
        self.closed.emit()

    def find(self, *, forward: bool = True, restart: bool = False) -> bool:
        """Select the next (or previous) match; True when found."""
        if self.edit is None:
            return False
        needle = self.field.text()
        doc = self.edit.document()
        if not needle:
            self.count.clear()
            return False
        cursor = self.edit.textCursor()
        if restart:
            cursor.setPosition(cursor.selectionStart())
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        found = doc.find(needle, cursor, flags)
        if found.isNull():  # wrap around
            start = QTextCursor(doc)
            if not forward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, start, flags)
        total = self._count(needle)
        if found.isNull():
            self.count.setText("No matches")
            return False
        self.edit.setTextCursor(found)
        self.edit.ensureCursorVisible()
        self.count.setText(f"{total} match" + ("" if total == 1 else "es"))
        return True

    def _count(self, needle: str, limit: int = 999) -> int:
        doc = self.edit.document() if self.edit else None
        if doc is None:
            return 0
        n, cursor = 0, QTextCursor(doc)
        while n < limit:
            cursor = doc.find(needle, cursor)
            if cursor.isNull():
                break
            n += 1
        return n
