"""The thread pool, the load task that runs in it, and the base class of jobs that wait for its results.

A :class:`LoadTask` (``QRunnable``) receives plain data — a source string, fetch limits, a cancel
``threading.Event`` — and hands back plain records (``reader.ingest.Loaded`` or an error sentence)
through a :class:`Relay` that lives in the GUI thread, by queued signals. It never touches widgets or
the ``Library`` (SQLite connections belong to the thread that opened them).
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from reader.errors import SiftError

if TYPE_CHECKING:
    from reader.fetch import FetchLimits

log = logging.getLogger(__name__)

MAX_THREADS = 4
QUIET_NOTES = ("start", "done", "failed")  # load_source's own bookends: no status line for them

_pool: QThreadPool | None = None
# Jobs whose tasks may still report: kept alive here so no pool thread emits through a deleted relay.
live_jobs: set[BackgroundJob] = set()


def thread_pool() -> QThreadPool:
    """The pool every job runs in (at most ``MAX_THREADS`` loads at once)."""
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
    running = [job for job in list(live_jobs) if not job.is_finished]
    for job in running:
        job.cancel()
    return len(running)


def wait_for_workers(msecs: int = 30000) -> bool:
    """Block until no background load is running (for shutdown and tests); True when idle."""
    return thread_pool().waitForDone(msecs)


class Relay(QObject):
    """Carries a task's plain results to the GUI thread (lives there; owned by its job)."""

    started = Signal(int)
    note = Signal(int, str)
    loaded = Signal(int, object)
    failed = Signal(int, str)
    done = Signal(int)


def unexpected(source: str, exc: BaseException) -> str:
    """The sentence shown for a bug while loading (the traceback goes to the log)."""
    log.error("unexpected error loading %s\n%s", source, "".join(traceback.format_exception(exc)))
    return (
        f"Sift hit an unexpected problem while loading {source} ({type(exc).__name__}); "
        "please report it with the address."
    )


class LoadTask(QRunnable):
    """Loads one source in a pool thread; reports through the relay, never touches the GUI."""

    def __init__(
        self, index: int, source: str, cancel: threading.Event, relay: Relay, limits: Any = None
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._index, self._source, self._cancel, self._relay = index, source, cancel, relay
        self._limits = limits

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
                    relay.failed.emit(i, unexpected(self._source, e))
                return
            if not self._cancel.is_set():
                relay.loaded.emit(i, loaded)
        finally:
            relay.done.emit(i)


class BackgroundJob(QObject):
    """What every job shares: a cancel flag, a relay wired to GUI-thread slots, tasks queued on the pool.

    Subclasses handle a task's reports in ``_on_started(i)``, ``_on_note(i, message)``,
    ``_on_loaded(i, loaded)`` and ``_on_failed(i, message)`` (``i`` is the index given to
    :meth:`_queue`); ``finished()`` is emitted once, by :meth:`_finish`.
    """

    finished = Signal()

    def __init__(self, *, limits: FetchLimits | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._limits = limits
        self._cancel = threading.Event()
        self._relay = Relay(self)  # a child: Qt owns it, so no pool thread can ever delete it
        self._tasks: list[LoadTask] = []
        self._running = 0  # tasks queued or running that will still send ``done``
        self._finished = False
        q = Qt.ConnectionType.QueuedConnection
        self._relay.started.connect(self._on_started, q)
        self._relay.note.connect(self._on_note, q)
        self._relay.loaded.connect(self._on_loaded, q)
        self._relay.failed.connect(self._on_failed, q)
        self._relay.done.connect(self._on_done, q)

    @property
    def is_finished(self) -> bool:
        """True once the job is done (every source reached a final state) or cancelled."""
        return self._finished

    @property
    def is_cancelled(self) -> bool:
        """True after :meth:`cancel`."""
        return self._cancel.is_set()

    def cancel(self) -> None:  # pragma: no cover - every job defines it
        """Stop the job."""
        raise NotImplementedError

    def _queue(self, index: int, source: str) -> None:
        """Start loading ``source`` on the pool; its reports arrive with ``index``."""
        live_jobs.add(self)
        task = LoadTask(index, source, self._cancel, self._relay, self._limits)
        self._tasks.append(task)
        self._running += 1
        thread_pool().start(task)

    def _stop_tasks(self) -> None:
        """Set the cancel flag and take back the tasks that never started (they will never report)."""
        self._cancel.set()
        pool = thread_pool()
        for task in self._tasks:
            try:
                if pool.tryTake(task):
                    self._running -= 1
            except RuntimeError:  # already run and deleted by the pool
                pass
        self._tasks.clear()

    def _finish(self) -> None:
        """Emit ``finished`` (once); forget the job once no task can report any more."""
        if not self._finished:
            self._finished = True
            self.finished.emit()
        self._release_if_idle()

    def _release_if_idle(self) -> None:
        if self._finished and self._running <= 0:
            live_jobs.discard(self)

    # ---- GUI-thread slots (subclasses override the ones they need) ----------------------------
    @Slot(int)
    def _on_started(self, i: int) -> None:
        pass

    @Slot(int, str)
    def _on_note(self, i: int, message: str) -> None:
        pass

    @Slot(int, object)
    def _on_loaded(self, i: int, loaded: object) -> None:
        pass

    @Slot(int, str)
    def _on_failed(self, i: int, message: str) -> None:
        pass

    @Slot(int)
    def _on_done(self, _i: int) -> None:
        self._running -= 1
        self._release_if_idle()
