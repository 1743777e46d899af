"""The Labels dialog: add, rename, recolour, set the key of and remove paint labels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.models import Label

# Keys the reader view already uses: 0 erases, N edits a note.
RESERVED_KEYS = {"0": "0 erases labels", "n": "N adds or edits a note"}
BUILT_IN = ("fact", "filler")
NEW_LABEL_COLORS = ("#8fb8ec", "#d59ee0", "#f0d66b", "#9ad9cf", "#e8a3a3", "#b7c58b")


def swatch(color: str, size: int = 14) -> QIcon:
    """A small square of ``color`` with a thin border (readable in every theme)."""
    pix = QPixmap(size, size)
    pix.fill(QColor(color) if QColor.isValidColorName(color) else QColor("#c8c8c8"))
    from PySide6.QtGui import QPainter

    p = QPainter(pix)
    p.setPen(QColor(0, 0, 0, 110))
    p.drawRect(0, 0, size - 1, size - 1)
    p.end()
    return QIcon(pix)


class LabelsDialog(QDialog):
    """Edits the library's labels; each change is one store call, refused with the core's sentence.

    Signal ``labels_changed()`` after every stored change; the window's ``refresh_labels()`` is
    called too when it has one.
    """

    labels_changed = Signal()

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else (window if isinstance(window, QWidget) else None))
        self.window_ = window
        self.library = window.library if hasattr(window, "library") else window
        self.setWindowTitle("Labels")
        self.setMinimumWidth(480)
        self._color = NEW_LABEL_COLORS[0]

        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Labels")
        self.new_button = QPushButton("&New label", self)
        self.remove_button = QPushButton("&Remove…", self)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)

        self.editor = QGroupBox("Label", self)
        self.name_edit = QLineEdit(self.editor)
        self.name_edit.setMaxLength(40)
        self.key_edit = QLineEdit(self.editor)
        self.key_edit.setMaxLength(1)
        self.key_edit.setPlaceholderText("none")
        self.key_edit.setFixedWidth(self.key_edit.fontMetrics().horizontalAdvance("MMMMM") + 12)
        self.key_edit.setToolTip("The key that paints the selection with this label (a digit or letter)")
        self.color_button = QPushButton("C&olour…", self.editor)
        self.save_button = QPushButton("&Save", self.editor)
        self.save_button.setDefault(True)
        form = QFormLayout(self.editor)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Key:", self.key_edit)
        form.addRow("Colour:", self.color_button)
        form.addRow("", self.save_button)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(self.editor, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.list.currentItemChanged.connect(lambda _cur, _prev: self._load_editor())
        self.new_button.clicked.connect(self.new_label)
        self.remove_button.clicked.connect(self._on_remove)
        self.color_button.clicked.connect(self._pick_color)
        self.save_button.clicked.connect(self.save)
        self.name_edit.returnPressed.connect(self.save)
        self.key_edit.returnPressed.connect(self.save)
        self.reload()

    # ---- list ----------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        """The library's labels, in display order."""
        return list(self.library.labels())

    def reload(self, select: str | None = None) -> None:
        """Refill the list from the library, keeping (or setting) the selection."""
        current = select or self.current_name()
        self.list.blockSignals(True)
        self.list.clear()
        for lab in self.labels():
            text = f"{lab.name}    key {lab.key}" if lab.key else f"{lab.name}    (no key)"
            item = QListWidgetItem(swatch(lab.color), text)
            item.setData(Qt.ItemDataRole.UserRole, lab.name)
            item.setToolTip(f"{lab.name}: colour {lab.color}" + (f", key {lab.key}" if lab.key else ""))
            self.list.addItem(item)
            if lab.name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count() and current != "":
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._load_editor()

    def current_name(self) -> str | None:
        """The selected label's name, or None (a new label is being made)."""
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _load_editor(self) -> None:
        name = self.current_name()
        lab = next((x for x in self.labels() if x.name == name), None) if name else None
        if lab is None:
            self.editor.setTitle("New label")
            self.name_edit.clear()
            self.key_edit.clear()
            used = {x.color.lower() for x in self.labels()}
            self._set_color(next((c for c in NEW_LABEL_COLORS if c not in used), NEW_LABEL_COLORS[0]))
            self.save_button.setText("&Add label")
            self.name_edit.setReadOnly(False)
            self.name_edit.setToolTip("")
        else:
            self.editor.setTitle(f"Label “{lab.name}”")
            self.name_edit.setText(lab.name)
            built_in = lab.name in BUILT_IN
            self.name_edit.setReadOnly(built_in)
            self.name_edit.setToolTip(
                "Fact and filler keep their names: fact density needs them." if built_in else ""
            )
            self.key_edit.setText(lab.key or "")
            self._set_color(lab.color)
            self.save_button.setText("&Save")
        self.remove_button.setEnabled(lab is not None)

    def _set_color(self, color: str) -> None:
        self._color = color
        self.color_button.setIcon(swatch(color))
        self.color_button.setText(f"C&olour… {color}")

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self, "Label colour")
        if chosen.isValid():
            self.set_color(chosen.name())

    def set_color(self, color: str) -> None:
        """Use ``color`` for the label in the editor (saved at once for an existing label)."""
        self._set_color(color)
        if self.current_name() is not None:
            self.save()

    def new_label(self) -> None:
        """Clear the selection and the editor to make a new label."""
        self.list.setCurrentItem(None)
        self.list.clearSelection()
        self._load_editor()
        self.name_edit.setFocus()

    # ---- changes -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Add the label in the editor, or store its new name / key / colour; False if refused."""
        name = " ".join(self.name_edit.text().split())
        key = self.key_edit.text().strip() or None
        current = self.current_name()
        if not name:
            return self._refuse("Give the label a name.")
        if key is not None and key.lower() in RESERVED_KEYS:
            return self._refuse(f"The key {RESERVED_KEYS[key.lower()]}; choose another key for “{name}”.")
        if key is not None and not key.isalnum():
            return self._refuse(f"Use a digit or a letter as the key of “{name}”.")
        try:
            if current is None:
                self.library.add_label(name, color=self._color, key=key)
                done = f"Added the label “{name}”."
            else:
                old = self.library.get_label(current)
                changes: dict[str, str] = {}
                if name != old.name:
                    changes["new_name"] = name
                if self._color.lower() != old.color.lower():
                    changes["color"] = self._color
                if key != old.key:
                    changes["key"] = key or ""
                if not changes:
                    return True
                self.library.update_label(current, **changes)
                done = f"Saved the label “{name}”."
        except SiftError as e:
            return self._refuse(str(e))
        self._changed(done, select=name)
        return True

    def remove(self, name: str, *, force: bool = False) -> bool:
        """Remove ``name``; with ``force`` its highlights go too. False (with the reason shown) if refused."""
        try:
            self.library.remove_label(name, force=force)
        except SiftError as e:
            return self._refuse(str(e))
        self._changed(f"Removed the label “{name}”.", select=None)
        return True

    def _on_remove(self) -> None:
        name = self.current_name()
        if name is None:
            return
        used = len(self.library.highlights(label=name))
        if used:
            answer = QMessageBox.question(
                self,
                "Remove label",
                f"“{name}” is used by {used} highlight{'s' if used != 1 else ''}. "
                "Remove the label and those highlights?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove(name, force=bool(used))

    def _refuse(self, message: str) -> bool:
        self.message.setStyleSheet("font-weight: 600;")
        self.message.setText("⚠ " + message)
        return False

    def _changed(self, message: str, *, select: str | None) -> None:
        self.message.setStyleSheet("")
        self.message.setText(message)
        self.reload(select=select)
        self.labels_changed.emit()
        refresh = getattr(self.window_, "refresh_labels", None)
        if callable(refresh):
            refresh()
