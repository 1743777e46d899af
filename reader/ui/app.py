"""Start the desktop application: QApplication, the library, first-run sample, the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_IMPORTED_AT = time.perf_counter()


def _process_age_ms() -> float:
    """Milliseconds since this process started (Linux /proc), else since this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000.0)
    except (OSError, ValueError, IndexError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000.0


def add_sample_article(library) -> int | None:
    """Add the bundled sample article with its example highlights (one transaction); return its id."""
    from reader import paths
    from reader.extract import extract_html
    from reader.ui.sample import example_spans

    path = paths.sample_article_path()
    if not path.is_file():
        return None
    content = extract_html(path.read_bytes(), url=None)
    with library.transaction():
        article = library.add_article(content, tags=("sample",))
        for label, start, end, note in example_spans(article.text):
            library.paint(article.id, start, end, label, note=note or None)
    return article.id


def run(db_path: Path, open_sources: list[str]) -> int:
    """Run Sift's window on the library at ``db_path``; return the process exit code."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sift")
    app.setOrganizationName("sift-reader")
    app.setApplicationDisplayName("Sift")
    QGuiApplication.setDesktopFileName("sift-reader")

    from reader.errors import SiftError
    from reader.store import Library
    from reader.ui import themes
    from reader.ui.settings import Settings
    from reader.ui.window import MainWindow

    app.setWindowIcon(themes.app_icon())
    db_path = Path(db_path)
    is_new = not db_path.exists()
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        library = Library(db_path)
    except (SiftError, OSError) as err:
        QMessageBox.critical(None, "Sift", str(err))
        return 1

    first_id = None
    if is_new and library.article_count() == 0:
        try:
            first_id = add_sample_article(library)
        except SiftError:
            first_id = None

    settings = Settings()
    themes.apply_theme(app, settings)
    window = MainWindow(library, settings)
    window.show()
    if first_id is not None:
        window.open_article(first_id)
    if open_sources:
        window.add_sources(list(open_sources))

    if os.environ.get("SIFT_EXIT_AFTER_PAINT") == "1":

        class _FirstPaint(QObject):
            done = False

            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and not self.done:
                    self.done = True
                    print(f"first-paint-ms {_process_age_ms():.1f}", flush=True)
                    QTimer.singleShot(0, app.quit)
                return False

        spy = _FirstPaint(app)
        window.installEventFilter(spy)

    code = app.exec()
    library.close()
    return int(code)
