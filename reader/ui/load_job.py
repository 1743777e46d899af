"""Loading ONE source in the background for a caller that stores it its own way (Refresh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from reader.ui.background_job import QUIET_NOTES, BackgroundJob

if TYPE_CHECKING:
    from reader.fetch import FetchLimits


class LoadJob(BackgroundJob):
    """Loads one source in the background and hands the plain record to the GUI thread.

    For callers that store the result their own way (refreshing an article keeps its old version):
    ``loaded(object)`` carries a ``reader.ingest.Loaded``, ``failed(str)`` the core's sentence,
    ``progress(str)`` download notes; ``finished()`` comes once in every case (also after cancel).
    """

    progress = Signal(str)
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, source: str, *, limits: FetchLimits | None = None, parent: QObject | None = None):
        super().__init__(limits=limits, parent=parent)
        self.source = source

    def start(self) -> LoadJob:
        """Queue the load on the shared pool (call once)."""
        if not self._tasks and not self._finished:
            self._queue(0, self.source)
        return self

    def cancel(self) -> None:
        """Stop: a late result is ignored and nothing is reported but ``finished``."""
        if not self._finished:
            self._stop_tasks()
            self._finish()

    @Slot(int, str)
    def _on_note(self, _i: int, message: str) -> None:
        if not self.is_cancelled and message not in QUIET_NOTES:
            self.progress.emit(message)

    @Slot(int, object)
    def _on_loaded(self, _i: int, loaded: object) -> None:
        self._end(self.loaded, loaded)

    @Slot(int, str)
    def _on_failed(self, _i: int, message: str) -> None:
        self._end(self.failed, message)

    def _end(self, signal: SignalInstance, value: object) -> None:
        """Report the outcome, then ``finished`` (unless cancelled or already over)."""
        if not self.is_cancelled and not self._finished:
            self._finished = True
            signal.emit(value)
            self.finished.emit()

    @Slot(int)
    def _on_done(self, i: int) -> None:
        super()._on_done(i)
        self._finish()  # the task ended without a word (cancelled as it began): still say finished
