"""The one place where background work meets the GUI thread: start adding or loading sources.

``AddJob`` (:mod:`reader.ui.add_job`) adds sources to the library; ``LoadJob``
(:mod:`reader.ui.load_job`) loads one source for a caller that stores it itself (Refresh keeps the
old version). Both run :class:`~reader.ui.background_job.LoadTask` in one shared thread pool
(:mod:`reader.ui.background_job`).

Workers get data, never widgets: a task receives plain data — a source string, fetch limits, a
cancel ``threading.Event`` — and hands back plain records (``reader.ingest.Loaded`` or an error
sentence) through queued signals. It never touches widgets or the ``Library`` (SQLite connections
belong to the thread that opened them): the GUI thread stores each loaded article with
``ingest.add_loaded`` in one transaction. Callers import everything from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from reader.ui import background_job
from reader.ui.add_job import (
    ADDED,
    CANCELLED,
    DUPLICATE,
    FAILED,
    FETCHING,
    QUEUED,
    TERMINAL,
    AddJob,
    AddResult,
)
from reader.ui.background_job import MAX_THREADS, cancel_all, thread_pool, wait_for_workers
from reader.ui.load_job import LoadJob

if TYPE_CHECKING:
    from reader.fetch import FetchLimits
    from reader.store import Library

_live_jobs = background_job.live_jobs  # the same set: jobs whose pool tasks may still report

__all__ = [
    "ADDED",
    "CANCELLED",
    "DUPLICATE",
    "FAILED",
    "FETCHING",
    "MAX_THREADS",
    "QUEUED",
    "TERMINAL",
    "AddJob",
    "AddResult",
    "LoadJob",
    "cancel_all",
    "start_add",
    "start_load",
    "thread_pool",
    "wait_for_workers",
]


def start_load(source: str, *, limits: FetchLimits | None = None, parent: QObject | None = None) -> LoadJob:
    """Start loading one source (URL or file) in the background; connect to the job's signals."""
    return LoadJob(source, limits=limits, parent=parent).start()


def _library_of(owner: Any) -> Library:
    """The Library of a window-like owner (``owner.library``) or the owner itself."""
    return owner.library if hasattr(owner, "library") else owner


def start_add(
    owner: Any,
    sources: Sequence[str],
    *,
    open_first: bool = True,
    limits: FetchLimits | None = None,
) -> AddJob:
    """Start adding ``sources`` in the background for a window (or a bare Library) and return the job.

    With a window, progress goes to ``window.show_busy(text | None)``, the library pane is
    refreshed after each added article (``window.refresh_library()``) and the first article
    that is ready is opened (``window.open_article(id)``) when ``open_first``.
    """
    job = AddJob(_library_of(owner), sources, limits=limits)
    if owner is not None and hasattr(owner, "library"):
        _wire_window(owner, job, open_first)
    return job.start()


def _wire_window(window: Any, job: AddJob, open_first: bool) -> None:
    """Connect a job to the window hooks that exist (each is optional)."""
    total = len(job.sources)
    show_busy = getattr(window, "show_busy", None)
    opened: list[int] = []

    def on_progress(source: str, message: str) -> None:
        if show_busy is None or job.is_finished:
            return
        done = sum(1 for r in job.results if r.status in TERMINAL)
        prefix = f"Adding {min(done + 1, total)} of {total}: " if total > 1 else "Adding: "
        show_busy(prefix + f"{source} — {message}")

    def on_added(_article_id: int) -> None:
        refresh = getattr(window, "refresh_library", None)
        if refresh is not None:
            refresh()

    def on_ready(article_id: int) -> None:
        if open_first and not opened and hasattr(window, "open_article"):
            opened.append(article_id)
            window.open_article(article_id)

    def on_finished() -> None:
        if show_busy is not None:
            show_busy(None)
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            failures = [r for r in job.results if r.status == FAILED]
            text = failures[0].describe().capitalize() if len(failures) == 1 and total == 1 else job.summary()
            bar().showMessage(text, 8000)

    job.progress.connect(on_progress)
    job.article_added.connect(on_added)
    job.article_ready.connect(on_ready)
    job.finished.connect(on_finished)
