"""The Add URL dialog: paste one or more addresses, watch each one get fetched, added or refused."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui import worker

_BARE_DOMAIN = re.compile(
    r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?$"
)
_STATUS_ICONS = {
    worker.QUEUED: "…",
    worker.FETCHING: "⟳",
    worker.ADDED: "✓",
    worker.DUPLICATE: "✓",
    worker.FAILED: "✗",
    worker.CANCELLED: "–",
}


def is_web_address(text: str) -> bool:
    """True for an http(s) URL."""
    return text[:8].lower().startswith(("http://", "https://"))


def parse_sources(text: str) -> list[str]:
    """One source per non-empty line, without duplicates; a bare domain gets ``https://``."""
    out: list[str] = []
    for line in text.splitlines():
        s = line.strip().strip("<>\"'")
        if not s:
            continue
        if not is_web_address(s) and "://" not in s and _BARE_DOMAIN.match(s):
            s = "https://" + s
        if s not in out:
            out.append(s)
    return out


def clipboard_urls() -> str:
    """The clipboard's text when every non-empty line of it is a web address, else ``""``."""
    clip = QGuiApplication.clipboard()
    text = clip.text() if clip is not None else ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and len(lines) <= 200 and all(is_web_address(ln) and " " not in ln for ln in lines):
        return "\n".join(lines)
    return ""


class _EnterFilter(QObject):
    """Enter in the address field adds; Shift+Enter inserts a new line."""

    def __init__(self, dialog: AddUrlDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self._dialog.start()
                return True
        return False


class AddUrlDialog(QDialog):
    """Add articles by address: per-address rows (queued / fetching / added / failed), progress, Cancel."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else (window if isinstance(window, QWidget) else None))
        self.window_ = window
        self.job: worker.AddJob | None = None
        self.setWindowTitle("Add articles")
        self.setMinimumWidth(620)

        self.field = QPlainTextEdit(self)
        self.field.setPlaceholderText("https://example.com/some-article")
        self.field.setTabChangesFocus(True)
        self.field.setFixedHeight(self.field.fontMetrics().lineSpacing() * 5 + 12)
        self.field.installEventFilter(_EnterFilter(self))
        self.field.setAccessibleName("Web addresses, one per line")
        prompt = QLabel("&Web addresses, one per line (Shift+Enter for a new line; Enter adds them):", self)
        prompt.setBuddy(self.field)
        prompt.setWordWrap(True)

        self.rows = QTableWidget(0, 2, self)
        self.rows.setHorizontalHeaderLabels(["Address", "Status"])
        self.rows.verticalHeader().hide()
        self.rows.setShowGrid(False)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rows.setWordWrap(True)  # the core's sentences are the point: never cut them off
        self.rows.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.rows.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.rows.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.rows.setColumnWidth(0, 220)
        header.sectionResized.connect(lambda *_: self.rows.resizeRowsToContents())
        self.rows.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.rows.hide()

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.add_button: QPushButton = self.buttons.addButton("&Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.field)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        pasted = clipboard_urls()
        if pasted:
            self.field.setPlainText(pasted)
            self.field.selectAll()
        self.field.textChanged.connect(self._update_buttons)
        self._update_buttons()
        self.field.setFocus()

    # ---- state -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while a job is fetching."""
        return self.job is not None and not self.job.is_finished

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self.running and bool(parse_sources(self.field.toPlainText())))
        self.close_button.setText("&Cancel" if self.running else "&Close")

    # ---- actions ---------------------------------------------------------------------------
    def start(self) -> worker.AddJob | None:
        """Add every address in the field (ignored while a job runs or when the field is empty)."""
        sources = parse_sources(self.field.toPlainText())
        if self.running or not sources:
            return None
        self.rows.setRowCount(0)
        self.rows.setRowCount(len(sources))
        self._items: list[tuple[QTableWidgetItem, QTableWidgetItem]] = []
        for row, s in enumerate(sources):
            address = QTableWidgetItem(s)
            address.setToolTip(s)
            status = QTableWidgetItem(f"{_STATUS_ICONS[worker.QUEUED]} queued")
            for item in (address, status):
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.rows.setItem(row, 0, address)
            self.rows.setItem(row, 1, status)
            self._items.append((address, status))
        self.rows.resizeRowsToContents()
        self.rows.show()
        self.progress.setRange(0, len(sources))
        self.progress.setValue(0)
        self.progress.setFormat(f"%v of {len(sources)}")
        self.progress.show()
        self.summary.setText("")
        self.job = worker.start_add(self.window_, sources)
        self.job.row_changed.connect(self._on_row)
        self.job.finished.connect(self._on_finished)
        if self.job.is_finished:
            self._on_finished()
        self.field.setReadOnly(True)
        self._update_buttons()
        self.close_button.setFocus()
        return self.job

    def cancel(self) -> None:
        """Cancel the running job (what was already added stays)."""
        if self.running and self.job is not None:
            self.job.cancel()

    def reject(self) -> None:
        """Esc / Cancel: stop a running job first; otherwise close."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def resizeEvent(self, event) -> None:
        """Re-wrap the status sentences to the new width."""
        super().resizeEvent(event)
        self.rows.resizeRowsToContents()

    def closeEvent(self, event) -> None:
        """Closing the window cancels work in flight."""
        self.cancel()
        super().closeEvent(event)

    # ---- job signals -----------------------------------------------------------------------
    def _on_row(self, index: int, status: str, text: str) -> None:
        _address, item = self._items[index]
        item.setText(f"{_STATUS_ICONS.get(status, '')} {text}".strip())
        item.setToolTip(text)
        self.rows.resizeRowToContents(index)
        if self.job is not None:
            done = sum(1 for r in self.job.results if r.status in worker.TERMINAL)
            self.progress.setValue(done)

    def _on_finished(self) -> None:
        job = self.job
        if job is None:
            return
        self.progress.setValue(self.progress.maximum())
        self.summary.setText(job.summary())
        self.field.setReadOnly(False)
        failed = [r.source for r in job.results if r.status in (worker.FAILED, worker.CANCELLED)]
        self.field.setPlainText("\n".join(failed))  # what is left to retry
        self._update_buttons()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.add_button.setDefault(False)

    def status_texts(self) -> list[tuple[str, str]]:
        """(address, status text) of every row, as shown."""
        return [(a.text(), st.text()) for a, st in getattr(self, "_items", [])]
