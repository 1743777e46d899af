"""Render the suggestions screenshot: ``python -m reader.ui.suggestions_shot [OUT_DIR] [THEME]`` (under Xvfb).

The sample article with its opening sentences painted by hand, suggestions on and the first filler
proposal selected (its reasons in the status bar): ``screenshot-suggestions.png`` (``-dark`` etc. for
other themes).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

PAINTED_BY_HAND = 4  # the first sentences of the sample the reader already painted


def take_suggestions(out_dir: Path, theme: str = "light", *, size: tuple[int, int] = (1280, 800)) -> Path:
    """Save the window with suggestions on into ``out_dir`` and return the file."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Sift")
    app.setOrganizationName("sift-reader")

    from reader.store import Library
    from reader.ui import themes
    from reader.ui.screenshots import SAMPLE_PAINT, _save, _sentence_containing, build_library
    from reader.ui.settings import Settings
    from reader.ui.window import MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    name = "screenshot-suggestions.png" if theme == "light" else f"screenshot-suggestions-{theme}.png"
    with tempfile.TemporaryDirectory(prefix="sift-suggest-shot-") as tmp:
        home = Path(tmp)
        settings = Settings(home / "settings.ini")
        settings.theme = theme
        settings.show_hint = False
        library = Library(home / "library.db")
        sample_id = build_library(library)
        text = library.get_article(sample_id).text
        keep = _sentence_containing(text, SAMPLE_PAINT[PAINTED_BY_HAND][1])
        if keep is not None:  # only the opening sentences stay painted
            library.erase(sample_id, keep[0], len(text))
        themes.apply_theme(app, settings)
        window = MainWindow(library, settings)
        window.resize(*size)
        window.show()
        window.refresh_library()
        window.open_article(sample_id)
        controller = window.suggestions
        controller.set_enabled(True)
        controller.wait()
        window.reader.setFocus()
        window.reader.select_span(0, 0)
        shown = controller.step(+1)
        while shown is not None and shown.label != "filler":  # J to the first filler proposal
            shown = controller.step(+1)
        path = _save(window, out_dir / name, app)
        window.close()
        library.close()
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``python -m reader.ui.suggestions_shot [OUT_DIR] [THEME]`` (default ``docs light``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    take_suggestions(Path(args[0] if args else "docs"), args[1] if len(args) > 1 else "light")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown of live Qt objects
