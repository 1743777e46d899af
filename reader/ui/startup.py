"""Start-up work done right after the window's first paint: the rest of the window (the reader view, the
highlights list), the first-run sample and command-line sources.

With ``report`` (``SIFT_EXIT_AFTER_PAINT=1``) it prints ``first-paint-ms N`` at the first paint (and
``first-paint-monotonic T``, ``time.monotonic()`` then, for a parent timing it finer than /proc's 10 ms
ticks, and ``first-paint-cpu-ms N``, the processor time it took) and quits
when the work is done: ``opened-ms N`` once the article it opened is painted, or the error sentences of
sources that could not be added (exit status 1).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reader.errors import SiftError

_PAINT = QEvent.Type.Paint


class StartupWork(QObject):
    """Watches the window's first paint, then adds the sample and the sources, and (if asked) quits."""

    def __init__(
        self,
        app: QApplication,
        window,
        *,
        add_sample: bool,
        sources: list[str],
        report: bool,
        clock: Callable[[], float],
    ) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.add_sample = add_sample
        self.sources = sources
        self.report = report
        self.clock = clock
        self.painted = False
        self.opened: int | None = None  # the article this start-up showed
        self.job = None
        self.failures: list[str] = []
        self._page = None
        window.installEventFilter(self)
        QTimer.singleShot(3000, self._collect_again)  # in case the window is never painted

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """First paint of the window: report it and start the work; then the opened article's paint."""
        if event.type() == _PAINT:
            if obj is self.window and not self.painted:
                self.painted = True
                if self.report:
                    print(f"first-paint-ms {self.clock():.1f}", flush=True)
                    print(f"first-paint-monotonic {time.monotonic():.6f}", flush=True)
                    print(f"first-paint-cpu-ms {time.process_time() * 1000:.1f}", flush=True)
                QTimer.singleShot(0, self._begin)
            elif obj is self._page:
                self._page = None
                print(f"opened-ms {self.clock():.1f}", flush=True)
                QTimer.singleShot(0, lambda: self.app.exit(1 if self.failures else 0))
        return False

    def _begin(self) -> None:
        self.window.removeEventFilter(self)
        self._collect_again()
        from reader.ui import themes

        self.app.setWindowIcon(themes.app_icon())  # dialogs' icon (the window has set the same one)
        self.window.finish_building()
        if self.add_sample:
            self._add_sample()
        if self.sources:
            self.job = self.window.add_sources(self.sources)
            if self.job is not None and not self.job.is_finished:
                self.job.finished.connect(self._finish)
                return
        self._finish()

    def _add_sample(self) -> None:
        from reader.ui.app import add_sample_article

        try:
            sample = add_sample_article(self.window.library)
        except SiftError:
            return
        if sample is not None:
            self.window.refresh_library()
            self.window.open_article(sample)
            self.opened = sample

    def _finish(self) -> None:
        """Everything is done: quit now (nothing opened) or after the opened article's next paint."""
        if self.job is not None:
            for r in self.job.results:
                if r.article_id is not None:
                    self.opened = self.window.current_article_id()
                elif r.status == "failed":
                    message = r.message or "it could not be added."
                    self.failures.append(message if r.source in message else f"{r.source}: {message}")
        if not self.report:
            return
        for sentence in self.failures:
            print(f"sift: {sentence}", file=sys.stderr, flush=True)
        if self.opened is None or self.window.current_article_id() is None:
            QTimer.singleShot(0, lambda: self.app.exit(1 if self.failures else 0))
            return
        page = self.window.stack.currentWidget()
        self._page = page.viewport() if hasattr(page, "viewport") else page
        self._page.installEventFilter(self)
        self._page.update()

    @staticmethod
    def _collect_again() -> None:
        """Turn the garbage collector back on (app.run turned it off for start-up); keep start-up's
        objects out of later collections."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def stop(self) -> None:
        """The event loop ended: stop watching."""
        if self._page is not None:
            self._page.removeEventFilter(self)
            self._page = None
