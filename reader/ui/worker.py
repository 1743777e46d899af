"""The one place where background work meets the GUI thread: loading sources in a thread pool.

``AddJob`` adds sources to the library; ``LoadJob`` loads one source for a caller that stores it
itself (Refresh keeps the old version).

Workers (``QRunnable``) receive plain data — a source string, fetch limits, a cancel
``threading.Event`` — and hand back plain records (``reader.ingest.Loaded`` or an error
sentence) through queued signals. They never touch widgets or the ``Library`` (SQLite
connections belong to the thread that opened them): the GUI thread stores each loaded
article with ``ingest.add_loaded`` in one transaction.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from reader.errors import SiftError

if TYPE_CHECKING:
    from reader.fetch import FetchLimits
    from reader.store import Library

log = logging.getLogger(__name__)

MAX_THREADS = 4

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

_pool: QThreadPool | None = None
_live_jobs: set[AddJob | LoadJob] = set()


def thread_pool() -> QThreadPool:
    """The pool every AddJob runs in (at most ``MAX_THREADS`` loads at once)."""
    global _pool
    try:
        if _pool is not None:
            _pool.maxThreadCount()  # raises RuntimeError once Qt deleted it with the application
            return _pool
    except RuntimeError:
        _pool = None
    _pool = QThreadPool(QCoreApplication.instance())
    _pool.setMaxThreadCount(MAX_THREADS)
    return _pool


def cancel_all() -> int:
    """Cancel every running job (call when the window closes); return how many were running."""
    running = [job for job in list(_live_jobs) if not job.is_finished]
    for job in running:
        job.cancel()
    return len(running)


def wait_for_workers(msecs: int = 30000) -> bool:
    """Block until no background load is running (for shutdown and tests); True when idle."""
    return thread_pool().waitForDone(msecs)


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


class _Relay(QObject):
    """Carries a worker's plain results to the GUI thread (lives there; owned by its AddJob)."""

    started = Signal(int)
    note = Signal(int, str)
    loaded = Signal(int, object)
    failed = Signal(int, str)
    done = Signal(int)


def _unexpected(source: str, exc: BaseException) -> str:
    """The sentence shown for a bug while loading (the traceback goes to the log)."""
    log.error("unexpected error loading %s\n%s", source, "".join(traceback.format_exception(exc)))
    return (
        f"Sift hit an unexpected problem while loading {source} ({type(exc).__name__}); "
        "please report it with the address."
    )


class _LoadTask(QRunnable):
    """Loads one source in a pool thread; reports through the relay, never touches the GUI."""

    def __init__(
        self, index: int, source: str, cancel: threading.Event, relay: _Relay, limits: Any = None
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._index, self._source, self._cancel, self._relay, self._limits = (
            index,
            source,
            cancel,
            relay,
            limits,
        )

    def run(self) -> None:
        """Fetch and clean the source (pool thread)."""
        i, relay = self._index, self._relay
        try:
            if self._cancel.is_set():
                return
            relay.started.emit(i)
            from reader.ingest import load_source

            def progress(_source: str, message: str) -> None:
                if not self._cancel.is_set():
                    relay.note.emit(i, message)

            try:
                loaded = load_source(
                    self._source, limits=self._limits, cancel=self._cancel, progress=progress
                )
            except SiftError as e:
                if not self._cancel.is_set():
                    relay.failed.emit(i, str(e))
                return
            except Exception as e:
                if not self._cancel.is_set():
                    relay.failed.emit(i, _unexpected(self._source, e))
                return
            if not self._cancel.is_set():
                relay.loaded.emit(i, loaded)
        finally:
            relay.done.emit(i)


class AddJob(QObject):
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
    finished = Signal()

    def __init__(
        self,
        library: Library,
        sources: Sequence[str],
        *,
        limits: FetchLimits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.sources = [s.strip() for s in sources if s and s.strip()]
        self.results = [AddResult(s) for s in self.sources]
        self._limits = limits
        self._cancel = threading.Event()
        self._relay = _Relay(self)  # a child: Qt owns it, so no pool thread can ever delete it
        self._tasks: list[_LoadTask] = []
        self._running = 0
        self._started = False
        self._finished = False
        q = Qt.ConnectionType.QueuedConnection
        self._relay.started.connect(self._on_started, q)
        self._relay.note.connect(self._on_note, q)
        self._relay.loaded.connect(self._on_loaded, q)
        self._relay.failed.connect(self._on_failed, q)
        self._relay.done.connect(self._on_done, q)

    # ---- public API -------------------------------------------------------------------------
    @property
    def is_finished(self) -> bool:
        """True once every source reached a final state (or the job was cancelled)."""
        return self._finished

    @property
    def is_cancelled(self) -> bool:
        """True after :meth:`cancel`."""
        return self._cancel.is_set()

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
        _live_jobs.add(self)
        if not self.sources:
            self._finish()
            return self
        pool = thread_pool()
        for i, source in enumerate(self.sources):
            task = _LoadTask(i, source, self._cancel, self._relay, self._limits)
            self._tasks.append(task)
            self._running += 1
            pool.start(task)
        for i, r in enumerate(self.results):
            self._emit_row(i, r)
        return self

    def cancel(self) -> None:
        """Stop: drop queued work, ignore results still in flight, mark unfinished rows cancelled."""
        if self._finished:
            return
        self._cancel.set()
        pool = thread_pool()
        for task in self._tasks:
            try:
                if pool.tryTake(task):  # never started: it will never report
                    self._running -= 1
            except RuntimeError:  # already run and deleted by the pool
                pass
        self._tasks.clear()
        for i, r in enumerate(self.results):
            if r.status not in TERMINAL:
                r.status = CANCELLED
                self._emit_row(i, r)
        self._finish()
        self._release_if_idle()

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
        if self.is_cancelled or r.status != FETCHING or message in ("start", "done", "failed"):
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
            self._fail(i, _unexpected(r.source, e))
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

    @Slot(int)
    def _on_done(self, _i: int) -> None:
        self._running -= 1
        self._release_if_idle()

    def _fail(self, i: int, message: str) -> None:
        r = self.results[i]
        r.status, r.message = FAILED, message
        self._emit_row(i, r)
        self.failed.emit(r.source, message)
        self._check_finished()

    def _check_finished(self) -> None:
        if not self._finished and all(r.status in TERMINAL for r in self.results):
            self._finish()

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self.finished.emit()

    def _release_if_idle(self) -> None:
        # Keep the job (and its relay) alive until no pool thread can emit through it any more.
        if self._finished and self._running <= 0:
            _live_jobs.discard(self)


class LoadJob(QObject):
    """Loads ONE source in the background and hands the plain record to the GUI thread.

    For callers that store the result their own way (refreshing an article keeps its old version):
    ``loaded(object)`` carries a ``reader.ingest.Loaded``, ``failed(str)`` the core's sentence,
    ``progress(str)`` download notes; ``finished()`` comes once in every case (also after cancel).
    """

    progress = Signal(str)
    loaded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, source: str, *, limits: FetchLimits | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.source = source
        self._limits = limits
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._task: _LoadTask | None = None
        self._running = False
        self._finished = False
        q = Qt.ConnectionType.QueuedConnection
        self._relay.note.connect(self._on_note, q)
        self._relay.loaded.connect(self._on_loaded, q)
        self._relay.failed.connect(self._on_failed, q)
        self._relay.done.connect(self._on_done, q)

    @property
    def is_finished(self) -> bool:
        """True once loaded, failed or cancelled."""
        return self._finished

    def start(self) -> LoadJob:
        """Queue the load on the shared pool (call once)."""
        if self._task is None and not self._finished:
            _live_jobs.add(self)
            self._task = _LoadTask(0, self.source, self._cancel, self._relay, self._limits)
            self._running = True
            thread_pool().start(self._task)
        return self

    def cancel(self) -> None:
        """Stop: a late result is ignored and nothing is reported but ``finished``."""
        if self._finished:
            return
        self._cancel.set()
        try:
            if self._task is not None and thread_pool().tryTake(self._task):
                self._running = False
        except RuntimeError:  # already run and deleted by the pool
            pass
        self._finish()

    @Slot(int, str)
    def _on_note(self, _i: int, message: str) -> None:
        if not self._cancel.is_set() and message not in ("start", "done", "failed"):
            self.progress.emit(message)

    @Slot(int, object)
    def _on_loaded(self, _i: int, loaded: object) -> None:
        if not self._cancel.is_set() and not self._finished:
            self._finished = True
            self.loaded.emit(loaded)
            self.finished.emit()

    @Slot(int, str)
    def _on_failed(self, _i: int, message: str) -> None:
        if not self._cancel.is_set() and not self._finished:
            self._finished = True
            self.failed.emit(message)
            self.finished.emit()

    @Slot(int)
    def _on_done(self, _i: int) -> None:
        self._running = False
        self._finish()

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self.finished.emit()
        if not self._running:
            _live_jobs.discard(self)


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
