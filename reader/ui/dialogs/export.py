"""The Export dialog: this article or the whole library, a label filter, CSV / W3C JSON / Markdown."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError

# format id -> (menu text, file suffix, file-dialog filter)
FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("CSV — one row per highlight (spreadsheets)", ".csv", "CSV files (*.csv)"),
    "json": ("W3C Web Annotation JSON", ".json", "JSON files (*.json)"),
    "md": ("Markdown digest — facts and filler per article", ".md", "Markdown files (*.md)"),
}


def slug(text: str, fallback: str = "article") -> str:
    """A short, file-name-safe version of ``text``."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return (s[:48].rstrip("-_") or fallback) if s else fallback


def unique_path(path: Path) -> Path:
    """``path`` itself if free, else ``name-2.ext``, ``name-3.ext``…"""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def write_export(
    library: Any,
    path: Path,
    fmt: str,
    *,
    article_id: int | None,
    label: str | None,
    excel: bool,
    formula_guard: bool,
) -> int:
    """Write the export to ``path`` in one go (temp file then rename: never a half-written file)."""
    from reader import export

    path = Path(path)
    if not path.parent.is_dir():
        raise SiftError(f"The folder {path.parent} does not exist; choose another place to save the export.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".sift-export-", suffix=path.suffix, dir=path.parent)
    except OSError as e:
        raise SiftError(
            f"Sift cannot write in {path.parent} ({e.strerror or e}); choose another folder."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="" if fmt == "csv" else None) as out:
            n = export.export(
                library,
                out,
                fmt,
                article_id=article_id,
                label=label,
                excel=excel,
                formula_guard=formula_guard,
            )
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SiftError(
            f"Sift could not write {path} ({e.strerror or e}); choose another file or folder."
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


class ExportDialog(QDialog):
    """Choose what to export and where; writes the file and reports how many highlights it holds."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window_ = window
        self.library = window.library
        self.settings = window.settings
        self._confirmed_path: str | None = None
        self.written: tuple[Path, int] | None = None
        self.setWindowTitle("Export highlights")
        self.setMinimumWidth(600)

        self.article_id = window.current_article_id() if hasattr(window, "current_article_id") else None
        title = ""
        if self.article_id is not None:
            try:
                title = self.library.get_article(self.article_id).title
            except SiftError:
                self.article_id = None
        count = self.library.article_count()

        # What
        self.this_article = QRadioButton(self)
        self.this_article.setText(f"&This article: {_elide(title, 60)}" if title else "&This article")
        self.this_article.setEnabled(self.article_id is not None)
        self.whole_library = QRadioButton(
            f"The &whole library ({count} article{'s' if count != 1 else ''})", self
        )
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.this_article)
        self.scope.addButton(self.whole_library)
        (self.this_article if self.article_id is not None else self.whole_library).setChecked(True)
        scope_box = QVBoxLayout()
        scope_box.setSpacing(2)
        scope_box.addWidget(self.this_article)
        scope_box.addWidget(self.whole_library)

        self.label_combo = QComboBox(self)
        self.label_combo.addItem("All labels", None)
        for lab in self.library.labels():
            key = f"  (key {lab.key})" if lab.key else ""
            self.label_combo.addItem(f"{lab.name}{key}", lab.name)

        self.format_combo = QComboBox(self)
        for fmt, (text, _suffix, _filter) in FORMATS.items():
            self.format_combo.addItem(text, fmt)

        self.excel = QCheckBox("E&xcel-friendly (byte-order mark so Excel reads the accents right)", self)
        self.guard = QCheckBox("&Guard against formulas (cells starting with = + - @ get a leading ')", self)
        self.guard.setChecked(True)

        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("File to write")
        self.choose_button = QPushButton("C&hoose…", self)
        self.choose_button.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(QLabel("Export:", self), scope_box)
        form.addRow("&Labels:", self.label_combo)
        form.addRow("&Format:", self.format_combo)
        form.addRow("", self.excel)
        form.addRow("", self.guard)
        save_label = QLabel("&Save to:", self)
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, path_row)

        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._suggested: str | None = None
        self.format_combo.currentIndexChanged.connect(self._on_format)
        self.this_article.toggled.connect(self._suggest_path)
        self.label_combo.currentIndexChanged.connect(self._suggest_path)
        self.path_edit.textEdited.connect(self._forget_confirmation)
        self._on_format()
        self.export_button.setFocus()

    # ---- choices -----------------------------------------------------------------------------
    def fmt(self) -> str:
        """The chosen format id: csv, json or md."""
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        """Choose a format by id."""
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def chosen_article(self) -> int | None:
        """The article to export, or None for the whole library."""
        return self.article_id if self.this_article.isChecked() else None

    def chosen_label(self) -> str | None:
        """The label filter, or None for all labels."""
        data = self.label_combo.currentData()
        return str(data) if data else None

    def set_path(self, path: str | Path) -> None:
        """Set the file to write (as if typed)."""
        self.path_edit.setText(str(path))
        self._forget_confirmation()

    def _start_dir(self) -> Path:
        last = self.settings.last_export_dir if self.settings is not None else ""
        if last and Path(last).is_dir():
            return Path(last)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _suggest_path(self) -> None:
        current = self.path_edit.text().strip()
        if current and current != self._suggested:
            return  # the user chose a file: leave it alone (only its suffix follows the format)
        if self.chosen_article() is not None:
            stem = slug(self.library.get_article(self.article_id).title)
        else:
            stem = "sift-library"
        if self.chosen_label():
            stem += f"-{slug(self.chosen_label() or '', 'label')}"
        name = f"{stem}-highlights{FORMATS[self.fmt()][1]}"
        self._suggested = str(unique_path(self._start_dir() / name))
        self.path_edit.setText(self._suggested)

    def _on_format(self) -> None:
        is_csv = self.fmt() == "csv"
        self.excel.setEnabled(is_csv)
        self.guard.setEnabled(is_csv)
        current = self.path_edit.text().strip()
        if current and current != self._suggested:
            p = Path(current)
            if p.suffix.lower() in {s for _t, s, _f in FORMATS.values()}:
                self.path_edit.setText(str(p.with_suffix(FORMATS[self.fmt()][1])))
        else:
            self.path_edit.clear()
            self._suggest_path()

    def _forget_confirmation(self) -> None:
        self._confirmed_path = None

    def choose_file(self) -> None:
        """Pick the file with a save dialog (starts in the last export folder)."""
        current = self.path_edit.text().strip() or str(self._start_dir())
        _text, _suffix, filt = FORMATS[self.fmt()]
        path, _ = QFileDialog.getSaveFileName(self, "Export highlights to", current, f"{filt};;All files (*)")
        if path:
            if not Path(path).suffix:
                path += FORMATS[self.fmt()][1]
            self.path_edit.setText(path)
            self._confirmed_path = path  # the file dialog already asked about replacing it

    # ---- action ------------------------------------------------------------------------------
    def export(self) -> int | None:
        """Write the export; show the number of highlights written or the error sentence."""
        text = self.path_edit.text().strip()
        if not text:
            self._show_error("Choose a file to save the export to.")
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            suffix = FORMATS[self.fmt()][1]
            self._show_error(f"{path} is a folder; add a file name such as highlights{suffix}.")
            return None
        if path.exists() and self._confirmed_path != text:
            self._confirmed_path = text
            self._show_error(f"{path.name} already exists; press Export again to replace it.")
            return None
        try:
            n = write_export(
                self.library,
                path,
                self.fmt(),
                article_id=self.chosen_article(),
                label=self.chosen_label(),
                excel=self.excel.isChecked(),
                formula_guard=self.guard.isChecked(),
            )
        except SiftError as e:
            self._show_error(str(e))
            return None
        self.written = (path, n)
        if self.settings is not None:
            self.settings.last_export_dir = str(path.parent)
        what = f"{n} highlight{'s' if n != 1 else ''}"
        message = f"Wrote {what} to {path}."
        if n == 0:
            message = f"Wrote {path}, but no highlights matched: paint some text first or widen the choice."
        self.result.setStyleSheet("")
        self.result.setText(message)
        bar = getattr(self.window_, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 8000)
        self._confirmed_path = text
        self.close_button.setDefault(True)
        self.export_button.setDefault(False)
        self.close_button.setFocus()
        return n

    def _show_error(self, message: str) -> None:
        self.result.setStyleSheet("font-weight: 600;")
        self.result.setText("⚠ " + message)


def _elide(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
