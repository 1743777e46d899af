"""Helpers of the window's suggestions: the explanation line, span lookups and background scoring."""

from __future__ import annotations

import bisect
import contextlib
import inspect
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from reader.models import Article
    from reader.suggest import Suggestion
    from reader.suggest_model import Model
    from reader.ui.suggestions import SuggestionsController
    from reader.ui.suggestions_learn import Decision, Learner

CHUNK = 5  # decisions learned in one go by the learning queue
TICK_SECONDS = 0.03  # how long the learning queue may hold the event loop at a time
KEYS_HINT = "Enter accept · Esc reject · 1/2 relabel · J/K next/previous"


def describe(s: Suggestion, reasons: int = 4) -> str:
    """One line for the status bar and tooltip: ``Filler 0.87 — stock phrase: …; no names, …``."""
    sure = s.score if s.label == "filler" else 1.0 - s.score
    reasons = "; ".join(s.reasons[:reasons]) if s.reasons else "no particular reason"
    return f"{s.label.capitalize()} {sure:.2f} — {reasons}"


def copy_model(model: Model) -> Model:
    """An independent copy of ``model`` for a background thread, when the model can make one.

    Otherwise the model itself: a score computed while it learned is dropped anyway (a newer scoring
    is already queued), so sharing it is safe.
    """
    if hasattr(model, "to_json") and hasattr(type(model), "from_json"):
        return type(model).from_json(model.to_json())
    return model


def score_article(article: Article, model: Model) -> list[Suggestion]:
    """The proposals for ``article`` (with its site when the engine weighs sites)."""
    return score_text(article.text, model, article.blocks, article_site(article))


def article_site(article: Article) -> str | None:
    """The article's source as the engine names it (its URL host, else its site name)."""
    try:
        from reader.sites import site_of
    except ImportError:
        return None
    return site_of(article.url, article.site_name)


def score_text(text: str, model: Model, blocks: Any = None, site: str | None = None) -> list[Suggestion]:
    """``reader.suggest.suggest`` with ``site`` passed on when the engine takes it."""
    from reader.suggest import suggest

    if site is not None and "site" in inspect.signature(suggest).parameters:
        return suggest(text, model=model, blocks=blocks, site=site)
    return suggest(text, model=model, blocks=blocks)


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters (highlights of several layers may overlap)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when the sorted, disjoint ``spans`` touch ``[start, end)``."""
    i = bisect.bisect_right(spans, (start, start))
    return any(a < end and start < b for a, b in spans[max(0, i - 1) : i + 1])


class Relay(QObject):
    """Carries a background result back to the GUI thread (a queued signal)."""

    done = Signal(int, object)


class ScoreTask(QRunnable):
    """Score one article's sentences in a pool thread: plain data in, a list of Suggestions out.

    It gets the text, the blocks and a copy of the model — never a widget or the Library.
    """

    def __init__(self, generation: int, article: Article, model: Model, relay: Relay) -> None:
        super().__init__()
        self.generation, self.text, self.blocks = generation, article.text, list(article.blocks)
        self.site = article_site(article)
        self.model, self.relay = model, relay

    def run(self) -> None:
        """Compute and hand back (an exception is handed back too: suggestions are optional)."""
        try:
            result: object = score_text(self.text, self.model, self.blocks, self.site)
        except Exception as exc:  # reported in the status bar, never crashes the pool
            result = exc
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self.relay.done.emit(self.generation, result)


def build_actions(c: SuggestionsController) -> None:
    """The controller's actions: the window's Suggest toggle, View ▸ Suggestion steps and Tools items."""
    w = c.window
    c.act_toggle = w.act_suggest  # made with the window's toolbar (reader/ui/window_actions.py)
    c.act_toggle.toggled.connect(c.set_enabled)
    c.act_next = QAction("&Next Suggestion\tJ", w, triggered=lambda: c.step(+1))
    c.act_prev = QAction("&Previous Suggestion\tK", w, triggered=lambda: c.step(-1))
    c.act_accept_all = QAction("&Accept All Suggestions Above…", w, triggered=c.ask_accept_above)
    c.act_sites = QAction("&Sites…", w, triggered=c.show_sites)
    c.act_sites.setStatusTip("Sources ranked by fact density and filler words per article")
    c.act_reset = QAction("&Reset Suggestion Model…", w, triggered=c.ask_reset)
    c.act_reset.setStatusTip("Forget what suggestions learned from you")
    for a in (c.act_next, c.act_prev, c.act_accept_all):
        a.setEnabled(False)
    m: QMenu = w.view_menu
    m.addSeparator()
    for a in (c.act_toggle, c.act_next, c.act_prev, c.act_accept_all):
        m.addAction(a)
    c.tools_menu = w.tools_menu
    c.tools_menu.addAction(c.act_sites)
    c.tools_menu.addSeparator()
    c.tools_menu.addAction(c.act_reset)


class LearningQueue(QObject):
    """Learns many decisions (e.g. "accept all above S") a few at a time, so the window stays responsive.

    Signals: ``done(int used)`` when the queue ran dry; ``failed(str message)`` (the rest is dropped).
    """

    done = Signal(int)
    failed = Signal(str)

    def __init__(self, learner: Learner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.learner = learner
        self.queue: list[tuple[Article, Decision]] = []
        self.used = 0
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.step)

    @property
    def busy(self) -> bool:
        """True while decisions wait to be learned."""
        return bool(self.queue)

    def add(self, article: Article, decisions: Sequence[Decision]) -> None:
        """Queue ``decisions`` on ``article``."""
        self.queue.extend((article, d) for d in decisions)
        self.timer.start()

    def step(self, budget: float = TICK_SECONDS) -> None:
        """Learn queued decisions for about ``budget`` seconds (in chunks of one article)."""
        from reader.errors import SiftError

        t0 = time.monotonic()
        try:
            while self.queue and time.monotonic() - t0 < budget:
                article = self.queue[0][0]
                n = 0
                while n < len(self.queue) and n < CHUNK and self.queue[n][0] is article:
                    n += 1
                chunk, self.queue = self.queue[:n], self.queue[n:]
                self.used += self.learner.learn(article, [d for _a, d in chunk])
        except SiftError as err:
            self.queue, self.used = [], 0
            self.timer.stop()
            self.failed.emit(str(err))
            return
        if not self.queue:
            self.timer.stop()
            used, self.used = self.used, 0
            self.done.emit(used)

    def drain(self) -> None:
        """Learn everything queued now (tests, closing)."""
        while self.queue:
            self.step(budget=3600.0)
