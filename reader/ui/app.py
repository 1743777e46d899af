"""Start the desktop application: QApplication, the library, the main window, then first-run work.

Only what the first painted window needs is imported and done before it paints; the first-run sample
article and the sources named on the command line (``sift URL``/``sift FILE``) are added right after.

``SIFT_EXIT_AFTER_PAINT=1`` (tests, benchmarks, packaging checks) prints ``first-paint-ms N`` at the
window's first paint (milliseconds since the process started) and quits once the start-up work is done:
at once for a plain start, else when the sample or the first added source is shown and painted
(``opened-ms N``), or when adding failed (the error sentence on stderr, exit status 1). A library that
cannot be opened prints its error sentence on stderr and returns 1 (without a dialog in that mode).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

_IMPORTED_AT = time.perf_counter()
DESKTOP_FILE_NAME = "io.github.siftreader.Sift"  # packaging/linux/io.github.siftreader.Sift.desktop


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


def exit_after_paint() -> bool:
    """True when ``SIFT_EXIT_AFTER_PAINT=1`` asks the window to quit once it has painted its start-up work."""
    return os.environ.get("SIFT_EXIT_AFTER_PAINT") == "1"


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


def _skip_feature_scans() -> None:
    """Spare PySide reading the source of every module imported after it (~9 ms before the first paint).

    PySide hooks ``import`` to find the modules that opt in to ``from __feature__ import snake_case``:
    the first time a name is imported after PySide, it reads and tokenizes that module's whole source
    (``inspect.getsource``) looking for "PySide6". Sift selects no feature, and while none is selected the
    answer changes nothing (a module that does opt in is still switched by its own ``__feature__`` import),
    so it is given from the module's name. A PySide without this private hook is left as it is.
    """
    try:
        from shibokensupport import feature
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: module.__name__.startswith(("PySide6", "reader.ui"))


def run(db_path: Path, open_sources: list[str]) -> int:
    """Run Sift's window on the library at ``db_path``; return the process exit code."""
    # Start-up makes many long-lived objects and no garbage worth a collection: StartupWork turns the
    # collector back on (and freezes what start-up made) right after the first paint.
    gc.disable()
    from PySide6.QtGui import QGuiApplication

    _skip_feature_scans()
    from PySide6.QtWidgets import QApplication

    from reader.errors import SiftError
    from reader.store import Library
    from reader.ui import themes

    app = QApplication.instance()
    if app is None:  # Fusion from the start: app.setStyle() would make PySide build its QStyle class (~6 ms)
        app = QApplication([*sys.argv[:1], "-style", themes.STYLE])
        app.setProperty("siftStyle", themes.STYLE)
    app.setApplicationName("Sift")
    app.setOrganizationName("sift-reader")
    app.setApplicationDisplayName("Sift")
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)

    db_path = Path(db_path)
    is_new = not db_path.exists()
    try:
        library = Library(db_path)  # creates the folder; a failure is one clear sentence
    except SiftError as err:
        return _cannot_open(str(err))
    except OSError as err:
        return _cannot_open(f"The library {db_path} cannot be opened ({err.strerror or err}).")

    from reader.ui.settings import Settings
    from reader.ui.startup import StartupWork
    from reader.ui.window import MainWindow

    settings = Settings()
    themes.apply_theme(app, settings)
    window = MainWindow(library, settings, staged=True)  # StartupWork finishes it after first paint
    work = StartupWork(
        app,
        window,
        add_sample=is_new and library.article_count() == 0,
        sources=list(open_sources),
        report=exit_after_paint(),
        clock=_process_age_ms,
    )
    window.show()
    code = app.exec()
    work.stop()
    library.close()
    return int(code)


def _cannot_open(message: str) -> int:
    """Tell the user the library cannot be opened (stderr, and a dialog unless exiting after paint); 1."""
    print(f"sift: {message}", file=sys.stderr, flush=True)
    if not exit_after_paint():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Sift", message)
    return 1
