"""Adding sources to the library in the background: one status row per source, progress and cancel.

The pool threads only load (see :mod:`reader.ui.background_job`); the GUI thread stores each loaded
article with ``ingest.add_loaded``, one transaction per article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from reader.errors import SiftError
from reader.ui.background_job import QUIET_NOTES, BackgroundJob, unexpected

if TYPE_CHECKING:
    from reader.fetch import FetchLimits
    from reader.store import Library

# Row states of one source in an AddJob.
QUEUED, FETCHING, ADDED, DUPLICATE, FAILED, CANCELLED = (
    "queued",
    "fetching",
    "added",
    "duplicate",
    "failed",
    "cancelled",
)
TERMINAL = frozenset({ADDED, DUPLICATE, FAILED, CANCELLED})


@dataclass
class AddResult:
    """What happened to one source of an AddJob so far."""

    source: str
    status: str = QUEUED
    article_id: int | None = None
    title: str = ""
    message: str = ""

    def describe(self) -> str:
        """The status line a user reads for this source."""
        if self.status == ADDED:
            return f"added “{self.title}”"
        if self.status == DUPLICATE:
            return f"already in your library: “{self.title}”"
        if self.status == FAILED:
            return f"failed: {self.message}"
        if self.status == FETCHING:
            return f"fetching… {self.message}".rstrip() if self.message else "fetching…"
        return self.status


class AddJob(BackgroundJob):
    """Adds sources to a library in the background, one row of status per source.

    Signals: ``progress(source, message)`` for every status change, ``article_added(id)`` for
    each newly stored article, ``failed(source, message)`` with the core's sentence,
    ``row_changed(index, status, text)`` for per-row displays, ``finished()`` once when every
    source is added, failed or cancelled. ``cancel()`` stops pending work at once, ignores late
    results and stores nothing more; articles already stored stay (each was its own transaction).
    """

    progress = Signal(str, str)
    article_added = Signal(int)
    article_ready = Signal(int)  # added or already present: something the user can open
    failed = Signal(str, str)
    row_changed = Signal(int, str, str)

    def __init__(
        self,
        library: Library,
        sources: Sequence[str],
        *,
        limits: FetchLimits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(limits=limits, parent=parent)
        self.library = library
        self.sources = [s.strip() for s in sources if s and s.strip()]
        self.results = [AddResult(s) for s in self.sources]
        self._started = False

    # ---- public API -------------------------------------------------------------------------
    @property
    def added_ids(self) -> list[int]:
        """Ids of the articles this job stored, in source order."""
        return [r.article_id for r in self.results if r.status == ADDED and r.article_id is not None]

    def counts(self) -> dict[str, int]:
        """How many sources are in each state."""
        out: dict[str, int] = {}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def summary(self) -> str:
        """One line: what the job did (for a status bar)."""
        c = self.counts()
        parts = []
        if c.get(ADDED):
            parts.append(f"{c[ADDED]} added")
        if c.get(DUPLICATE):
            parts.append(f"{c[DUPLICATE]} already in the library")
        if c.get(FAILED):
            parts.append(f"{c[FAILED]} failed")
        if c.get(CANCELLED):
            parts.append(f"{c[CANCELLED]} cancelled")
        if not parts:
            return "Nothing to add."
        return ", ".join(parts).capitalize() + "."

    def start(self) -> AddJob:
        """Queue every source on the pool (call once)."""
        if self._started:
            return self
        self._started = True
        if not self.sources:
            self._finish()
            return self
        for i, source in enumerate(self.sources):
            self._queue(i, source)
        for i, r in enumerate(self.results):
            self._emit_row(i, r)
        return self

    def cancel(self) -> None:
        """Stop: drop queued work, ignore results still in flight, mark unfinished rows cancelled."""
        if self._finished:
            return
        self._stop_tasks()
        for i, r in enumerate(self.results):
            if r.status not in TERMINAL:
                r.status = CANCELLED
                self._emit_row(i, r)
        self._finish()

    # ---- GUI-thread slots ---------------------------------------------------------------------
    def _emit_row(self, i: int, r: AddResult) -> None:
        self.row_changed.emit(i, r.status, r.describe())
        self.progress.emit(r.source, r.describe())

    @Slot(int)
    def _on_started(self, i: int) -> None:
        if self.is_cancelled:
            return
        r = self.results[i]
        r.status, r.message = FETCHING, ""
        self._emit_row(i, r)

    @Slot(int, str)
    def _on_note(self, i: int, message: str) -> None:
        r = self.results[i]
        if self.is_cancelled or r.status != FETCHING or message in QUIET_NOTES:
            return
        r.message = message
        self._emit_row(i, r)

    @Slot(int, object)
    def _on_loaded(self, i: int, loaded: object) -> None:
        if self.is_cancelled:
            return  # a late result after cancel: store nothing
        from reader.ingest import add_loaded, find_duplicate

        r = self.results[i]
        try:
            existing = find_duplicate(self.library, loaded)  # type: ignore[arg-type]
            article = existing or add_loaded(self.library, loaded)  # type: ignore[arg-type]
        except SiftError as e:
            self._fail(i, str(e))
            return
        except Exception as e:
            self._fail(i, unexpected(r.source, e))
            return
        r.article_id, r.title = article.id, article.title or r.source
        r.status = DUPLICATE if existing is not None else ADDED
        self._emit_row(i, r)
        if r.status == ADDED:
            self.article_added.emit(article.id)
        self.article_ready.emit(article.id)
        self._check_finished()

    @Slot(int, str)
    def _on_failed(self, i: int, message: str) -> None:
        if not self.is_cancelled:
            self._fail(i, message)

    def _fail(self, i: int, message: str) -> None:
        r = self.results[i]
        r.status, r.message = FAILED, message
        self._emit_row(i, r)
        self.failed.emit(r.source, message)
        self._check_finished()

    def _check_finished(self) -> None:
        if not self._finished and all(r.status in TERMINAL for r in self.results):
            self._finish()
