"""Tools ▸ Sites…: sources ranked by average fact density and filler words per article, exportable as CSV.

Two tabs over :func:`reader.sites.site_rows`: **your highlights** (articles you painted fact or filler in)
and **suggestions** (every article judged by your model). Suggestion figures are cached in the library
per text and model; what is missing is computed a slice at a time (``site_rows`` with a cancel event that
a time budget sets), so the window never stalls. CSV export uses :func:`reader.sites.write_csv`, the
format of ``sift sites``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.sites import SiteRow, site_rows, write_csv

HIGHLIGHTS, SUGGESTIONS = "highlights", "suggestions"
NOTES = {
    HIGHLIGHTS: "From your own highlights. Density and filler words count the articles you painted fact "
    "or filler in (“2 of 5”: two of the site's five articles).",
    SUGGESTIONS: "From suggestions: every article, as your suggestion model labels its sentences.",
}
SLICE_SECONDS = 0.08  # suggestions: compute for about this long per event-loop turn


class _Item(QTableWidgetItem):
    """A read-only cell that sorts by a hidden key (numbers as numbers, blanks last)."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.key < getattr(other, "key", self.key)


class SitesTable(QTableWidget):
    """Ranked sites of one basis (click a header to sort by it; # restores the ranking)."""

    HEADERS = ("#", "Site", "Articles", "Avg fact density", "Filler words / article")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.rows: list[SiteRow] = []
        self.setHorizontalHeaderLabels(self.HEADERS)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        head = self.horizontalHeader()
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i in (0, 2, 3, 4):
            head.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: list[SiteRow]) -> None:
        """Show ``rows`` in rank order."""
        self.rows = list(rows)
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, r in enumerate(rows):
            density, per = r.average_fact_density, r.filler_words_per_article
            judged = r.judged_articles
            cells = (
                _Item(str(i + 1), i),
                _Item(r.site, r.site.lower()),
                _Item(str(r.articles) if judged == r.articles else f"{judged} of {r.articles}", r.articles),
                _Item("—" if density is None else f"{density:.0%}", -1.0 if density is None else density),
                _Item("—" if per is None else f"{per:.0f}", float("inf") if per is None else per),
            )
            cells[1].setToolTip(r.host if r.host != r.site else "")
            for col, item in enumerate(cells):
                if col != 1:
                    item.setTextAlignment(right)
                self.setItem(i, col, item)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)


class SitesDialog(QDialog):
    """The Sites view: two ranked tables (your highlights, suggestions) and CSV export."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.setWindowTitle("Sites — Sift")
        self.resize(640, 440)
        self.tabs = QTabWidget(self)
        self.tables = {HIGHLIGHTS: SitesTable(self), SUGGESTIONS: SitesTable(self)}
        self.notes = {basis: QLabel(text, self) for basis, text in NOTES.items()}
        for basis, title in ((HIGHLIGHTS, "Your Highlights"), (SUGGESTIONS, "Suggestions")):
            page = QWidget(self)
            lay = QVBoxLayout(page)
            self.notes[basis].setWordWrap(True)
            lay.addWidget(self.notes[basis])
            lay.addWidget(self.tables[basis], 1)
            self.tabs.addTab(page, title)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.on_export)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        self.stale = True  # suggestion figures must be computed (again)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.score_slice)
        self.tabs.currentChanged.connect(lambda _i: self._start_suggestions())
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)
        self._reload_timer.timeout.connect(self.reload_highlights)

    def basis(self) -> str:
        """The basis of the tab in front."""
        return HIGHLIGHTS if self.tabs.currentIndex() == 0 else SUGGESTIONS

    def reload(self) -> None:
        """Recompute from the library (suggestions again when their tab is shown)."""
        self.reload_highlights()
        self.invalidate_suggestions()

    def invalidate_suggestions(self) -> None:
        """Suggestion figures are computed again when their tab is shown."""
        self.stale = True
        self._start_suggestions()

    def model_learned(self) -> None:
        """The model learned: say the suggestion figures are older (recomputing all is for Refresh)."""
        if self.tables[SUGGESTIONS].rows and not self.stale:
            self.notes[SUGGESTIONS].setText(
                NOTES[SUGGESTIONS] + " Your model has learned since: Refresh to judge again."
            )

    def schedule_reload(self, *_args) -> None:
        """Highlights changed: recompute the highlights table shortly (while the view is open)."""
        if self.isVisible():
            self._reload_timer.start()

    def reload_highlights(self) -> None:
        """Recompute the highlights table."""
        try:
            self.tables[HIGHLIGHTS].set_rows(site_rows(self.library, source=HIGHLIGHTS))
        except SiftError as err:
            self.window.show_error(str(err))

    def _start_suggestions(self) -> None:
        if self.basis() == SUGGESTIONS and self.stale and self.isVisible():
            self._timer.start()

    def score_slice(self, budget: float = SLICE_SECONDS) -> bool:
        """Compute suggestion figures for about ``budget`` seconds; True once the table is complete."""
        stop = threading.Event()
        t0 = time.monotonic()
        left = [0]

        def progress(done: int, total: int) -> None:
            left[0] = total - done
            if time.monotonic() - t0 > budget:
                stop.set()

        try:
            rows = site_rows(self.library, source=SUGGESTIONS, progress=progress, cancel=stop)
        except SiftError as err:
            self.window.show_error(str(err))
            return True
        if stop.is_set():  # cut short: what was computed is cached; carry on next turn
            self.notes[SUGGESTIONS].setText(f"Judging articles with your suggestion model… {left[0]} to go.")
            self._timer.start()
            return False
        self.stale = False
        self.tables[SUGGESTIONS].set_rows(rows)
        self.notes[SUGGESTIONS].setText(NOTES[SUGGESTIONS])
        return True

    def wait_suggestions(self) -> None:
        """Finish the suggestion figures now (tests, exports)."""
        self._timer.stop()
        if self.stale:
            self.score_slice(budget=3600.0)

    def export_csv(self, path: str | Path, basis: str | None = None) -> int:
        """Write the ranked sites of ``basis`` (the shown tab by default) to ``path``; returns rows."""
        basis = basis or self.basis()
        if basis == SUGGESTIONS:
            self.wait_suggestions()
        with open(path, "w", encoding="utf-8", newline="") as out:
            return write_csv(self.tables[basis].rows, out)

    def on_export(self) -> None:
        """Ask where, then export the shown tab."""
        start = Path(self.window.settings.last_export_dir or Path.home()) / f"sift-sites-{self.basis()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, "Export sites", str(start), "CSV files (*.csv)")
        if not path:
            return
        try:
            n = self.export_csv(path)
        except OSError as err:
            self.window.show_error(f"Could not write {path}: {err.strerror or err}. Choose another folder.")
            return
        self.window.settings.set("last_export_dir", str(Path(path).parent))
        self.window.statusBar().showMessage(f"Exported {n} sites to {path}.", 6000)

    def showEvent(self, event) -> None:
        """Start computing the suggestion figures if their tab is in front."""
        super().showEvent(event)
        self._start_suggestions()

    def hideEvent(self, event) -> None:
        """Stop computing while hidden (what was computed stays cached; it goes on when shown)."""
        self._timer.stop()
        super().hideEvent(event)
