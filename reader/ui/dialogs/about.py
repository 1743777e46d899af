"""The About box: name, version, licence and where the library lives (with a link to its folder)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

import reader

LICENCE = "MIT"


def about_text(library_path: Path | None) -> str:
    """The rich text of the About box."""
    parts = [
        f"<h3>Sift {html.escape(reader.__version__)}</h3>",
        "<p>A calm reader that lets you paint every sentence of an article as "
        "<b>fact</b> or <b>filler</b>, with notes, and export what you found.</p>",
        f"<p>Licence: {LICENCE}. Your library stays on this computer.</p>",
    ]
    if library_path is not None:
        folder = Path(library_path).resolve().parent
        url = QUrl.fromLocalFile(str(folder)).toString()
        parts.append(
            f"<p>Library: <code>{html.escape(str(Path(library_path).resolve()))}</code><br>"
            f'<a href="{html.escape(url, quote=True)}">Open the data folder</a></p>'
        )
    return "\n".join(parts)


def about_box(parent: Any) -> QMessageBox:
    """Build (but do not show) the About box for a window (its ``library.path`` is shown)."""
    library = getattr(parent, "library", None)
    path = getattr(library, "path", None)
    box = QMessageBox(parent if isinstance(parent, QWidget) else None)
    box.setWindowTitle("About Sift")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(Path(path) if path is not None else None))
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    icon = parent.windowIcon() if isinstance(parent, QWidget) else None
    if icon is not None and not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_about(parent: Any) -> None:
    """Show the About box (modal); the folder link opens in the file manager."""
    about_box(parent).exec()
