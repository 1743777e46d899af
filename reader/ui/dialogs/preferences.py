"""Preferences: theme, reading font and size, line width, annotator name — applied live."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

THEME_NAMES: tuple[tuple[str, str], ...] = (
    ("system", "Follow the system"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("sepia", "Sepia"),
)
MIN_FONT, MAX_FONT = 8, 40
MAX_LINE_WIDTH = 200


def _default_family() -> str:
    """The family Sift reads in when no font is chosen."""
    try:
        from reader.ui.themes import reading_font

        return reading_font().family()
    except Exception:  # themes not available: the application font
        return QFont().family()


class PreferencesDialog(QDialog):
    """Every change is written to Settings at once (the window re-styles itself on ``changed``)."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else (window if isinstance(window, QWidget) else None))
        self.settings = window.settings if hasattr(window, "settings") else window
        self.setWindowTitle("Preferences")
        s = self.settings

        self.theme = QComboBox(self)
        for key, text in THEME_NAMES:
            self.theme.addItem(text, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))

        self.font_family = QFontComboBox(self)
        self.font_family.setCurrentFont(QFont(s.font_family or _default_family()))
        self.default_font = QPushButton("&Default", self)
        self.default_font.setToolTip("Use Sift's default reading font")
        self.default_font.setEnabled(bool(s.font_family))
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_family, 1)
        font_row.addWidget(self.default_font)

        self.font_size = QSpinBox(self)
        self.font_size.setRange(MIN_FONT, MAX_FONT)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(min(max(int(s.font_size), MIN_FONT), MAX_FONT))

        self.line_width = QSpinBox(self)
        self.line_width.setRange(0, MAX_LINE_WIDTH)
        self.line_width.setSingleStep(4)
        self.line_width.setSuffix(" characters")
        self.line_width.setSpecialValueText("Full window width")
        self.line_width.setValue(min(max(int(s.line_width), 0), MAX_LINE_WIDTH))

        # The annotator's name lives in the library (reader.store_highlights); Settings mirrors it.
        self.library = getattr(window, "library", None)
        self.annotator = QLineEdit(self._stored_annotator(), self)
        self.annotator.setPlaceholderText("Your name, as written into exports")
        self.annotator_error = QLabel(self)
        self.annotator_error.setWordWrap(True)
        self.annotator_error.hide()

        form = QFormLayout()
        form.addRow("&Theme:", self.theme)
        font_label = QLabel("Reading &font:", self)
        font_label.setBuddy(self.font_family)
        form.addRow(font_label, font_row)
        form.addRow("Font &size:", self.font_size)
        form.addRow("&Line width:", self.line_width)
        form.addRow("&Annotator:", self.annotator)
        form.addRow("", self.annotator_error)
        note = QLabel("Changes apply at once.", self)
        note.setEnabled(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

        self.theme.currentIndexChanged.connect(lambda _i: self._set("theme", self.theme.currentData()))
        self.font_family.currentFontChanged.connect(self._on_font)
        self.default_font.clicked.connect(self._on_default_font)
        self.font_size.valueChanged.connect(lambda v: self._set("font_size", int(v)))
        self.line_width.valueChanged.connect(lambda v: self._set("line_width", int(v)))
        self.annotator.editingFinished.connect(self._on_annotator)
        self.annotator.installEventFilter(self)

    def _set(self, key: str, value: object) -> None:
        self.settings.set(key, value)

    def _on_font(self, font: QFont) -> None:
        family = font.family()
        keep_default = family == _default_family() and not self.settings.font_family
        self._set("font_family", "" if keep_default else family)
        self.default_font.setEnabled(bool(self.settings.font_family))

    def _on_default_font(self) -> None:
        self._set("font_family", "")
        self.font_family.blockSignals(True)
        self.font_family.setCurrentFont(QFont(_default_family()))
        self.font_family.blockSignals(False)
        self.default_font.setEnabled(False)

    def eventFilter(self, obj, event) -> bool:
        """Enter in the annotator field stores the name; a refused name keeps the dialog open."""
        if (
            obj is self.annotator
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._on_annotator()
        ):
            return True
        return super().eventFilter(obj, event)

    def _stored_annotator(self) -> str:
        """The local annotator's name: the library's when there is one, else the mirrored setting."""
        if self.library is not None:
            return self.library.annotator
        return self.settings.annotator

    def _on_annotator(self) -> bool:
        """Store the typed name in the library (and the mirrored setting); False if it was refused."""
        from reader.errors import SiftError

        name = " ".join(self.annotator.text().split())
        if not name:
            self.annotator.setText(self._stored_annotator())
            return True
        if self.library is not None and name != self.library.annotator:
            try:
                self.library.annotator = name
            except SiftError as err:  # e.g. an imported annotator already has that name
                self.annotator_error.setText(str(err))
                self.annotator_error.show()
                self.annotator.setText(self.library.annotator)
                return False
        self.annotator_error.hide()
        self.annotator.setText(name)
        self._set("annotator", name)
        return True

    def done(self, result: int) -> None:
        """Keep a typed annotator name even when the dialog closes with Esc."""
        if not self._on_annotator():
            return  # stay open so the refusal is seen; closing again keeps the stored name
        super().done(result)
