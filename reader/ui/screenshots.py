"""Render the README screenshots: ``python -m reader.ui.screenshots docs`` (``make screenshots``, under Xvfb).

Builds a throw-away library (the bundled sample article plus two short articles of our own), paints
realistic fact/filler highlights with notes, opens the real MainWindow and saves:
screenshot-main.png, screenshot-facts.png, screenshot-dark.png, screenshot-export.png and
screenshot-suggestions.png (reader/ui/suggestions_shot.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

WINDOW_SIZE = (1280, 800)

# (label, opening words of a sentence in resources/sample-article.html, note)
SAMPLE_PAINT: tuple[tuple[str, str, str], ...] = (
    ("fact", "The coastal town of Vallmora will keep", ""),
    ("filler", "It is a story that many people", ""),
    ("filler", "In a world where water", ""),
    ("fact", "Each net is a sheet of polypropylene", ""),
    ("fact", "When the morning fog rolls in", ""),
    ("fact", "According to figures published", "Matches the water office's 2023 annual report, table 4."),
    ("fact", "In the dry winter months", ""),
    ("filler", "Of course, numbers only tell", ""),
    ("filler", "What really matters is", ""),
    ("fact", "The trial cost 184,000 euros", ""),
    ("fact", "The council estimates that the expansion", "Ask for the tender documents."),
    ("filler", "It goes without saying", ""),
    ("filler", "The project has been described as a journey", ""),
    ("fact", "Tests by the regional health laboratory", ""),
    ("filler", "Some observers believe", ""),
    ("filler", "Others wonder whether", ""),
    ("filler", "Only time will tell", ""),
    ("fact", "Councillor Pau Estrany said", "14% loss: source is the water office, not the councillor."),
    ("filler", "There are, as always, two sides", ""),
    ("filler", "Reasonable people can disagree", ""),
    ("fact", "Neighbouring Castro Verde has asked", ""),
    ("filler", "In conclusion, the nets", ""),
    ("filler", "They are a symbol of what", ""),
)

EXTRA_ARTICLES: tuple[tuple[str, str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "https://news.example.org/tram-line",
        "Northbank Courier",
        "Tram line to the university opens three months late",
        (
            "<p>The new tram line between the central station and the university campus carried its first "
            "passengers on Saturday, three months after the date the city had promised in 2021.</p>"
            "<p>The 6.4-kilometre line has nine stops and trams run every seven minutes at peak times, the "
            "transport authority said. Building it cost 212 million euros, 18 million more than budgeted.</p>"
            "<p>For many, this is a day that will live long in the memory. It is hard to overstate what a "
            "moment like this means for a city that has waited so long.</p>"
            "<p>The authority blamed the delay on a shortage of overhead-line engineers and on a burst water "
            "main under Mill Street, which closed the works for five weeks in the spring.</p>"
            "<p>Only time will tell whether the line will transform the way people move around the city.</p>"
        ),
        (
            ("fact", "The new tram line"),
            ("fact", "The 6.4-kilometre line"),
            ("fact", "Building it cost"),
            ("filler", "For many, this is a day"),
            ("filler", "It is hard to overstate"),
            ("fact", "The authority blamed"),
            ("filler", "Only time will tell"),
        ),
    ),
    (
        "https://science.example.net/bee-count",
        "Field Notes Weekly",
        "Volunteers count fewer bumblebees for the second year running",
        (
            "<p>Volunteers walking fixed routes across 310 meadows counted 11 percent fewer bumblebees this "
            "summer than last, according to the annual survey run by a national conservation charity.</p>"
            "<p>The fall was steepest in the east, where a dry June left fewer flowers in bloom, the "
            "charity's report says.</p>"
            "<p>Bees, of course, are something we all care about deeply, and their story is in many ways "
            "our own story too.</p>"
            "<p>The survey began in 2009 and now has about 1,400 volunteers.</p>"
        ),
        (
            ("fact", "Volunteers walking fixed routes"),
            ("fact", "The fall was steepest"),
            ("filler", "Bees, of course,"),
        ),
    ),
)


def _sentence_containing(text: str, opening: str) -> tuple[int, int] | None:
    """The whole sentence of ``text`` that starts with (or contains) ``opening``."""
    from reader.sentences import sentence_spans

    at = text.find(opening)
    if at < 0:
        return None
    for s, e in sentence_spans(text):
        if s <= at < e:
            return s, e
    return at, at + len(opening)


def paint_openings(library, article_id: int, plan: Sequence[tuple[str, str] | tuple[str, str, str]]) -> int:
    """Paint the sentence starting with each opening; return how many were painted."""
    text = library.get_article(article_id).text
    n = 0
    with library.transaction():
        for entry in plan:
            label, opening = entry[0], entry[1]
            note = entry[2] if len(entry) > 2 else ""
            span = _sentence_containing(text, opening)
            if span is None:
                continue
            library.paint(article_id, span[0], span[1], label, note=note or None)
            n += 1
    return n


def build_library(library) -> int:
    """Fill ``library`` with the sample and two more articles, all painted; return the sample's id."""
    from reader.extract import extract_html
    from reader.ui.app import add_sample_article

    extra_ids = []
    for url, site, title, body, plan in EXTRA_ARTICLES:
        page = (
            f'<html><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:site_name" content="{site}"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>"
        )
        content = extract_html(page, url=url)
        article = library.add_article(content, url=url, fetched_at="2024-05-20T09:00:00Z")
        paint_openings(library, article.id, plan)
        extra_ids.append(article.id)
    library.update_article(extra_ids[1], read=True)
    sample_id = add_sample_article(library)
    if sample_id is None:
        raise SystemExit("The sample article (resources/sample-article.html) is missing.")
    paint_openings(library, sample_id, SAMPLE_PAINT)
    return sample_id


def _settle(app, rounds: int = 6) -> None:
    """Let layouts, deferred updates and paints finish."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThread

    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QCoreApplication.sendPostedEvents()
        QThread.msleep(20)


def _save(widget, path: Path, app) -> Path:
    """Grab ``widget`` (after everything settled) into ``path``."""
    _settle(app)
    pixmap = widget.grab()
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}.")
    print(f"wrote {path} ({pixmap.width()}×{pixmap.height()})")
    return path


def _save_over(window, dialog, path: Path, app) -> Path:
    """Save the window with ``dialog`` drawn centred over it (as a window manager would show it)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter, QPen

    _settle(app)
    shot = window.grab()
    pane = dialog.grab()
    title_h = 30
    p = QPainter(shot)
    p.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    x = (shot.width() - pane.width()) // 2
    y = (shot.height() - pane.height() - title_h) // 2
    frame = QRect(x - 1, y - 1, pane.width() + 1, pane.height() + title_h + 1)
    for i, alpha in enumerate((40, 25, 12)):  # a soft shadow
        p.fillRect(frame.adjusted(-i - 2, -i - 2, i + 2, i + 4), QColor(0, 0, 0, alpha))
    palette = dialog.palette()
    p.fillRect(QRect(x, y, pane.width(), title_h), palette.color(palette.ColorRole.Window).darker(108))
    p.setPen(palette.color(palette.ColorRole.WindowText))
    p.drawText(QRect(x, y, pane.width(), title_h), 0x84, dialog.windowTitle())  # AlignCenter
    p.drawPixmap(QPoint(x, y + title_h), pane)
    p.setPen(QPen(QColor(0, 0, 0, 90)))
    p.drawRect(frame)
    p.end()
    if not shot.save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}.")
    print(f"wrote {path} ({shot.width()}×{shot.height()})")
    return path


def take(out_dir: Path) -> list[Path]:
    """Render every screenshot into ``out_dir`` and return the files written."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Sift")
    app.setOrganizationName("sift-reader")

    from reader.store import Library
    from reader.ui import themes
    from reader.ui.dialogs.export import ExportDialog
    from reader.ui.settings import Settings
    from reader.ui.window import MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sift-screens-") as tmp:
        home = Path(tmp)
        settings = Settings(home / "settings.ini")
        settings.theme = "light"
        settings.show_hint = False
        settings.last_export_dir = str(home)
        library = Library(home / "library.db")
        sample_id = build_library(library)
        themes.apply_theme(app, settings)
        app.setWindowIcon(themes.app_icon())

        window = MainWindow(library, settings)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.refresh_library()
        window.open_article(sample_id)
        written.append(_save(window, out_dir / "screenshot-main.png", app))

        window.act_facts_only.setChecked(True)
        written.append(_save(window, out_dir / "screenshot-facts.png", app))
        window.act_facts_only.setChecked(False)

        settings.theme = "dark"
        written.append(_save(window, out_dir / "screenshot-dark.png", app))
        settings.theme = "light"

        dialog = ExportDialog(window)
        dialog.set_path("/home/reader/Documents/vallmora-fog-nets-highlights.csv")
        dialog.show()
        written.append(_save_over(window, dialog, out_dir / "screenshot-export.png", app))
        dialog.close()

        window.close()
        library.close()
    from reader.ui.suggestions_shot import take_suggestions

    written.append(take_suggestions(out_dir))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``python -m reader.ui.screenshots [OUT_DIR]`` (default ``docs``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0] if args else "docs")
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    take(out)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown of live Qt objects
