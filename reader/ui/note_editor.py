"""A small dialog to write or edit a highlight's note (Ctrl+Enter saves, Esc cancels)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

QUOTE_CHARS = 280


class NoteEditor(QDialog):
    """Shows the quoted passage and a multi-line note field."""

    def __init__(self, quote: str, note: str = "", label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.setMinimumWidth(460)
        shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rstrip() + "…"
        self.quote = QLabel(f"“{shown}”", self)
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setStyleSheet("font-style: italic;")
        head = QLabel(f"&Note on this {label} passage:" if label else "&Note on this passage:", self)
        self.field = QPlainTextEdit(self)
        self.field.setPlainText(note)
        self.field.setTabChangesFocus(True)
        self.field.setPlaceholderText("Why is this fact or filler? A source to check? (Ctrl+Enter saves)")
        self.field.setAccessibleName("Note")
        self.field.setFixedHeight(self.field.fontMetrics().lineSpacing() * 6 + 14)
        head.setBuddy(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.quote)
        lay.addWidget(head)
        lay.addWidget(self.field)
        lay.addWidget(buttons)
        cursor = self.field.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.field.setTextCursor(cursor)
        self.field.setFocus()

    def note(self) -> str:
        """The note as typed, trailing whitespace removed."""
        return self.field.toPlainText().rstrip()

    @classmethod
    def ask(cls, parent: QWidget | None, quote: str, note: str = "", label: str = "") -> str | None:
        """Show the editor; return the new note, or None when cancelled."""
        dlg = cls(quote, note, label, parent)
        try:
            return dlg.note() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()
