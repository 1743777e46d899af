"""Tools ▸ Sites…: sources ranked by average fact density and filler words per article, exportable as CSV.

Two bases, side by side in tabs: **your highlights** (articles you have painted fact or filler in) and
**suggestions** (every article scored by your suggestion model; computed a few articles at a time so the
window never stalls). A site is the web address's host without ``www.`` (the article's site name, or
"Local files", when there is no address). Ranking: higher average fact density first (the mean of each
article's fact / (fact + filler) words), then fewer filler words per article, then name.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

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
from reader.export import guard_cell

HIGHLIGHTS, SUGGESTIONS = "highlights", "suggestions"
LOCAL = "Local files"
CSV_COLUMNS = (
    "basis",
    "rank",
    "site",
    "name",
    "articles",
    "judged_articles",
    "avg_fact_density",
    "filler_words_per_article",
    "fact_words",
    "filler_words",
)
BATCH_MS = 40  # suggestions basis: score articles for at most this long per event-loop turn


@dataclass(frozen=True)
class SiteRow:
    """One source: how many articles, how many judged, average fact density, filler words per article."""

    site: str
    name: str
    articles: int
    judged: int
    avg_fact_density: float | None
    filler_per_article: float | None
    fact_words: int
    filler_words: int


def site_of(url: str | None, site_name: str | None) -> tuple[str, str]:
    """(key, display name) of an article's source."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host[4:] if host.startswith("www.") else host
    name = (site_name or "").strip()
    if host:
        return host, name or host
    return (name, name) if name else (LOCAL, LOCAL)


def rank_sites(articles: Iterable[tuple[str, str, int, int]]) -> list[SiteRow]:
    """Rank sites from ``(key, name, fact_words, filler_words)`` per article (see the module docstring)."""
    groups: dict[str, dict[str, Any]] = {}
    for key, name, fact, filler in articles:
        g = groups.setdefault(key, {"names": {}, "n": 0, "dens": [], "fact": 0, "filler": 0})
        g["names"][name] = g["names"].get(name, 0) + 1
        g["n"] += 1
        if fact + filler > 0:
            g["dens"].append(fact / (fact + filler))
            g["fact"] += fact
            g["filler"] += filler
    rows = []
    for key, g in groups.items():
        judged = len(g["dens"])
        name = max(g["names"].items(), key=lambda kv: (kv[1], kv[0] != key))[0]
        rows.append(
            SiteRow(
                key,
                name,
                g["n"],
                judged,
                sum(g["dens"]) / judged if judged else None,
                g["filler"] / judged if judged else None,
                g["fact"],
                g["filler"],
            )
        )
    rows.sort(
        key=lambda r: (
            r.avg_fact_density is None,
            -(r.avg_fact_density or 0.0),
            r.filler_per_article if r.filler_per_article is not None else 0.0,
            r.name.lower(),
        )
    )
    return rows


def highlight_articles(library) -> list[tuple[str, str, int, int]]:
    """``(key, name, fact words, filler words)`` of every article from your own highlights."""
    return [
        (*site_of(a.url, a.site_name), a.fact_words, a.filler_words)
        for a in library.list_articles(archived=None)
    ]


def suggested_words(article, model) -> tuple[int, int]:
    """(fact words, filler words) of an article as the suggestions label its sentences."""
    from reader.stats import count_words
    from reader.suggest import suggest

    fact = filler = 0
    for s in suggest(article.text, model=model, blocks=article.blocks):
        n = count_words(article.text[s.start : s.end])
        if s.label == "filler":
            filler += n
        elif s.label == "fact":
            fact += n
    return fact, filler


def write_csv(rows: list[SiteRow], out: IO[str], basis: str) -> int:
    """Write ranked rows as CSV (text cells guarded against spreadsheet formulas); returns rows written."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for i, r in enumerate(rows, 1):
        w.writerow(
            (
                basis,
                i,
                guard_cell(r.site),
                guard_cell(r.name),
                r.articles,
                r.judged,
                "" if r.avg_fact_density is None else f"{r.avg_fact_density:.4f}",
                "" if r.filler_per_article is None else f"{r.filler_per_article:.1f}",
                r.fact_words,
                r.filler_words,
            )
        )
    return len(rows)


class _Item(QTableWidgetItem):
    """A cell that sorts by a hidden key (numbers as numbers, blanks last)."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.key < getattr(other, "key", self.key)


class SitesTable(QTableWidget):
    """Ranked sites of one basis."""

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
            dens = "—" if r.avg_fact_density is None else f"{r.avg_fact_density:.0%}"
            fill = "—" if r.filler_per_article is None else f"{r.filler_per_article:.0f}"
            counts = f"{r.judged} of {r.articles}" if r.judged != r.articles else str(r.articles)
            cells = (
                _Item(str(i + 1), i),
                _Item(r.name, r.name.lower()),
                _Item(counts, r.articles),
                _Item(dens, -1.0 if r.avg_fact_density is None else r.avg_fact_density),
                _Item(fill, float("inf") if r.filler_per_article is None else r.filler_per_article),
            )
            cells[1].setToolTip(r.site if r.site != r.name else "")
            for col, item in enumerate(cells):
                if col != 1:
                    item.setTextAlignment(right)
                self.setItem(i, col, item)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)


class SitesDialog(QDialog):
    """The Sites view: two ranked tables (your highlights, suggestions) and CSV export."""

    def __init__(self, window, *, model: Callable[[], Any] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.model_factory = model
        self.setWindowTitle("Sites — Sift")
        self.resize(640, 440)
        self.tabs = QTabWidget(self)
        self.tables = {HIGHLIGHTS: SitesTable(self), SUGGESTIONS: SitesTable(self)}
        self.notes = {
            HIGHLIGHTS: QLabel(
                "From your own highlights. Density and filler words count the articles you painted fact "
                "or filler in (“2 of 5”: two of the site's five articles).",
                self,
            ),
            SUGGESTIONS: QLabel("From suggestions: every article, as your suggestion model labels it.", self),
        }
        for basis, title in ((HIGHLIGHTS, "Your Highlights"), (SUGGESTIONS, "Suggestions")):
            page = QWidget(self)
            lay = QVBoxLayout(page)
            self.notes[basis].setWordWrap(True)
            lay.addWidget(self.notes[basis])
            lay.addWidget(self.tables[basis], 1)
            self.tabs.addTab(page, title)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.on_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        self._cache: dict[tuple[int, int], tuple[int, int]] = {}  # (article id, text length) -> words
        self._queue: list[Any] = []
        self._pending: list[tuple[str, str, int, int]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._score_some)
        self._model = None
        self.tabs.currentChanged.connect(lambda _i: self._ensure_suggestions())

    def basis(self) -> str:
        """The basis of the tab in front."""
        return HIGHLIGHTS if self.tabs.currentIndex() == 0 else SUGGESTIONS

    def reload(self) -> None:
        """Recompute from the library (suggestions again when their tab is shown)."""
        try:
            self.tables[HIGHLIGHTS].set_rows(rank_sites(highlight_articles(self.library)))
        except SiftError as err:
            self.window.show_error(str(err))
            return
        self._queue = []
        self._timer.stop()
        self._ensure_suggestions(force=True)

    def invalidate_suggestions(self) -> None:
        """The model learned: suggestion figures are computed again when next shown."""
        self._cache.clear()
        self._model = None
        if self.isVisible():
            self._ensure_suggestions(force=True)

    def _ensure_suggestions(self, *, force: bool = False) -> None:
        if self.basis() != SUGGESTIONS or (self._queue and not force):
            return
        if not force and self.tables[SUGGESTIONS].rows:
            return
        self._model = self.model_factory() if self.model_factory else None
        self._queue = list(self.library.list_articles(archived=None))
        self._pending = []
        self._timer.start()

    def _score_some(self) -> None:
        """Score articles for up to BATCH_MS, then yield to the event loop."""
        from time import monotonic

        t0 = monotonic()
        try:
            while self._queue and monotonic() - t0 < BATCH_MS / 1000:
                a = self._queue.pop(0)
                key = (a.id, a.word_count)
                if key not in self._cache:
                    self._cache[key] = suggested_words(self.library.get_article(a.id), self._model)
                self._pending.append((*site_of(a.url, a.site_name), *self._cache[key]))
        except SiftError as err:
            self._queue = []
            self.window.show_error(str(err))
        total = len(self._pending) + len(self._queue)
        if self._queue:
            self.notes[SUGGESTIONS].setText(
                f"Scoring articles with your model… {len(self._pending)} of {total}"
            )
            return
        self._timer.stop()
        self.tables[SUGGESTIONS].set_rows(rank_sites(self._pending))
        self.notes[SUGGESTIONS].setText(
            f"From suggestions: all {total} articles, as your suggestion model labels their sentences."
        )

    def wait_suggestions(self) -> None:
        """Finish scoring now (tests, exports)."""
        self._ensure_suggestions()
        while self._queue or self._timer.isActive():
            self._score_some()

    def export_csv(self, path: str | Path, basis: str | None = None) -> int:
        """Write the ranked sites of ``basis`` (the shown tab by default) to ``path``; returns rows."""
        basis = basis or self.basis()
        if basis == SUGGESTIONS and (not self.tables[SUGGESTIONS].rows or self._queue):
            self.tabs.setCurrentIndex(1)
            self.wait_suggestions()
        with open(path, "w", encoding="utf-8", newline="") as out:
            return write_csv(self.tables[basis].rows, out, basis)

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
