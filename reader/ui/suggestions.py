"""Suggestions in the window: dashed proposals, J/K to move, Enter/Esc/1/2 to decide, learning from it all.

The controller adds View ▸ Suggestions (Ctrl+Shift+G, or S in the article), View ▸ Accept All Suggestions
Above…, Tools ▸ Sites… and Tools ▸ Reset Suggestion Model…. With suggestions on, every judged sentence that
the reader has not painted yet is underlined with dashes in the proposed label's colour (drawn as the
reader's ``"suggest"`` layer, never as a highlight). Decisions:

- ``Enter`` (or the key of the proposed label) accepts: an ordinary highlight with origin ``suggested``.
- ``1``/``2`` (a label key other than the proposal) relabels: the reader chose, so its origin is ``manual``.
- ``Esc`` rejects: the proposal is hidden for this article and the model learns the opposite label.

Every fact/filler paint of the reader and every decision is a training example: the user's model (in the
library, :mod:`reader.suggest_store`) updates in-process at once and the proposals are scored again.
Scoring runs synchronously for ordinary articles and in a background thread for very long ones (the
thread gets the text and a copy of the model, never a widget or the Library).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QThreadPool, Signal

from reader.errors import SiftError
from reader.ui.suggestions_learn import OPPOSITE, Decision, Learner
from reader.ui.suggestions_nav import NavigationMixin
from reader.ui.suggestions_support import (
    LearningQueue,
    Relay,
    ScoreTask,
    build_actions,
    copy_model,
    merged,
    overlaps,
    score_article,
)
from reader.ui.window_actions import SUGGEST_SHORTCUT as SHORTCUT

if TYPE_CHECKING:
    from reader.suggest import Suggestion
    from reader.suggest_model import Model
    from reader.ui.window import MainWindow

LAYER = "suggest"
LEARN_AT_ONCE = 20  # more decisions at once are learned a few per event-loop turn
SYNC_CHARS = 30_000  # longer articles (~5,000 words and up) are scored in a background thread


class SuggestionsController(NavigationMixin, QObject):
    """Owns the Suggest toggle, the ``suggest`` layer, navigation, decisions and learning of one window.

    Signals: ``updated()`` after the shown proposals changed; ``model_changed()`` after the model learned.
    """

    updated = Signal()
    model_changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        self.library = window.library
        self.learner = Learner(window.library)
        self.queue = LearningQueue(self.learner, self)
        self.queue.done.connect(self._learned)
        self.queue.failed.connect(self._learning_failed)
        self.scored: list[Suggestion] = []  # every proposal of the open article (text order)
        self.visible: list[Suggestion] = []  # those drawn: not painted by the reader, not rejected
        self.rejected: dict[int, set[tuple[int, int]]] = {}  # article id -> hidden spans
        self._scored_for: tuple[int, str] | None = None  # (article id, text key) of ``scored``
        self._generation = 0
        self.pending = False  # a background scoring is running
        self._pending_key: tuple[int, str] | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = Relay(self)
        self._relay.done.connect(self._on_scored)
        build_actions(self)
        window.article_opened.connect(self._on_article_opened)
        window.look_changed.connect(self._redraw)
        window.highlights_changed.connect(lambda _id: self._refilter())
        self.reader.paint_requested.connect(self._on_manual_paint)
        self.reader.key_handlers.append(self.handle_key)
        self.reader.viewport().installEventFilter(self)
        state = window.settings.state("suggestions")
        if state is not None and bytes(state.data()) == b"1":
            self.act_toggle.setChecked(True)

    @property
    def enabled(self) -> bool:
        """True while suggestions are shown."""
        return self.act_toggle.isChecked()

    def set_enabled(self, on: bool) -> None:
        """Show or hide suggestions (remembered for the next start)."""
        if self.act_toggle.isChecked() != on:
            self.act_toggle.setChecked(on)  # comes back here through toggled
            return
        self.window.settings.set_state("suggestions", QByteArray(b"1" if on else b"0"))
        for a in (self.act_next, self.act_prev, self.act_accept_all):
            a.setEnabled(on)
        if on:
            self.refresh()
        else:
            self._generation += 1
            if self.pending:
                self.pending = False
                self.window.show_busy(None)
            self.scored, self.visible, self._scored_for = [], [], None
            self.reader.set_layer(LAYER, [])
            self.updated.emit()

    def _say(self, text: str, msecs: int = 5000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    # --- the model and learning ---------------------------------------------------------------------

    @property
    def model(self) -> Model:
        """The user's model (loaded from the library the first time it is needed)."""
        return self.learner.model

    def ask_reset(self) -> None:
        """Tools ▸ Reset Suggestion Model…: confirm, then forget everything learned."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.window,
            "Reset suggestion model",
            "Forget everything suggestions learned from your highlights and decisions?\n\n"
            "Your highlights stay as they are; suggestions go back to Sift's defaults.",
            QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Reset:
            self.reset_model()

    def reset_model(self) -> None:
        """Forget the user's model (back to the default) and score again."""
        try:
            self.learner.reset()
        except SiftError as err:
            self.window.show_error(str(err))
            return
        self.rejected.clear()
        self.queue.queue.clear()  # decisions not learned yet belong to the model just forgotten
        self._say("Suggestions start again from Sift's defaults.", 6000)
        self.model_changed.emit()
        self.refresh(rescore=True)

    def learn(self, decisions: list[Decision]) -> int:
        """Teach the model ``(start, end, label, accepted)`` decisions on the open article, then re-score.

        ``accepted``: True for an accepted proposal, False for a rejected one (the opposite label is
        learned), None for the reader's own paint. A few are learned at once (returns how many were
        used); more (accept all above S) go to the learning queue (returns 0; ``learned`` follows).
        """
        article = self.window.article
        if article is None or not decisions:
            return 0
        if len(decisions) > LEARN_AT_ONCE or self.queue.busy:
            self.queue.add(article, decisions)
            self.window.show_busy(f"Learning from {len(decisions)} decisions…")
            return 0
        try:
            used = self.learner.learn(article, decisions)
        except SiftError as err:
            self._say(f"Suggestions could not learn from this: {err}", 8000)
            return 0
        self._learned(used)
        return used

    def _learned(self, used: int) -> None:
        if self.queue.busy:
            return
        if not self.pending:
            self.window.show_busy(None)
        if used:
            self.model_changed.emit()
            if self.enabled:
                self.refresh(rescore=True)

    def _learning_failed(self, message: str) -> None:
        self.window.show_busy(None)
        self._say(f"Suggestions could not learn from this: {message}", 8000)

    def _on_manual_paint(self, start: int, end: int, label: str) -> None:
        """The reader painted by hand: a fact/filler paint is a training example."""
        if label in OPPOSITE:
            self.learn([(start, end, label, None)])

    # --- computing and drawing --------------------------------------------------------------------------

    def _on_article_opened(self, _article_id: int) -> None:
        self.refresh()

    def refresh(self, *, rescore: bool = False) -> None:
        """Score the open article (again when ``rescore`` or another article is open), then redraw."""
        a = self.window.article
        if not self.enabled or a is None:
            self.scored, self.visible = [], []
            self.reader.set_layer(LAYER, [])
            self.updated.emit()
            return
        key = _key(a)
        if not rescore and self._scored_for == key:
            self._refilter()
            return
        self._generation += 1
        if self._scored_for is None or self._scored_for[0] != a.id:
            self.scored, self.visible = [], []
            self.reader.set_layer(LAYER, [])
        if len(a.text) <= SYNC_CHARS:
            self._apply(key, score_article(a, self.model))
            return
        self.pending = True
        self.window.show_busy("Scoring sentences…")
        self._pending_key = key
        self._pool.start(ScoreTask(self._generation, a, copy_model(self.model), self._relay))

    def _on_scored(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        self.pending = False
        self.window.show_busy(None)
        if isinstance(result, Exception):
            self._say(f"Suggestions failed for this article: {result}", 8000)
            return
        a = self.window.article
        if a is not None and self.enabled and self._pending_key == _key(a):
            self._apply(self._pending_key, result)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until background scoring is done and delivered (for tests and screenshots)."""
        from PySide6.QtCore import QCoreApplication

        done = self._pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents(self)  # the queued result is posted to this controller
        return done

    def _apply(self, key: tuple[int, str], suggestions: list[Suggestion]) -> None:
        self._scored_for = key
        self.scored = list(suggestions)
        self._refilter()

    def _refilter(self) -> None:
        """Hide proposals for painted or rejected sentences and redraw the layer."""
        a = self.window.article
        if not self.enabled or a is None or self._scored_for is None or self._scored_for[0] != a.id:
            return
        painted = merged((h.start, h.end) for h in self.window.placed_highlights())
        if a.id not in self.rejected:  # rejections of earlier sessions are kept with the examples
            try:
                self.rejected[a.id] = self.learner.rejected(a.id)
            except SiftError:
                self.rejected[a.id] = set()
        hidden = self.rejected[a.id]
        out = []
        for s in self.scored:
            if (s.start, s.end) in hidden or overlaps(painted, s.start, s.end):
                continue
            out.append(s)
        self.visible = out
        self._redraw()

    def _redraw(self) -> None:
        if not self.enabled or self.window.article is None:
            return
        formats = {lab: self.reader.layer_format(lab) for lab in {s.label for s in self.visible}}
        self.reader.set_layer(LAYER, [(s.start, s.end, formats[s.label]) for s in self.visible])
        self.updated.emit()

    # --- decisions -------------------------------------------------------------------------------------

    def accept(self, s: Suggestion, label: str | None = None) -> bool:
        """Paint ``s`` with its label (origin ``suggested``) or with ``label`` (the reader's choice)."""
        a = self.window.article
        if a is None:
            return False
        chosen = label or s.label
        origin = "suggested" if chosen == s.label else "manual"
        verb = "Accept suggestion" if origin == "suggested" else f"Paint {chosen}"
        change = self.window.annotator.paint(a.id, s.start, s.end, chosen, origin=origin, text=verb)
        if change is None:
            return False
        self.learn([(s.start, s.end, chosen, True if origin == "suggested" else None)])
        return True

    def reject(self, s: Suggestion) -> None:
        """Hide ``s`` for this article and teach the model the opposite label."""
        a = self.window.article
        if a is None:
            return
        self.rejected.setdefault(a.id, set()).add((s.start, s.end))
        self._refilter()
        self.learn([(s.start, s.end, s.label, False)])

    def above(self, threshold: float, *, facts: bool = False) -> list[Suggestion]:
        """Shown filler proposals with P(filler) ≥ ``threshold`` (and facts with P(fact) ≥ it)."""
        return [
            s
            for s in self.visible
            if (s.label == "filler" and s.score >= threshold)
            or (facts and s.label == "fact" and 1.0 - s.score >= threshold)
        ]

    def accept_above(self, threshold: float, *, facts: bool = False) -> int:
        """Accept every proposal :meth:`above` the threshold: one transaction, one undo step."""
        a = self.window.article
        chosen = self.above(threshold, facts=facts)
        if a is None or not chosen:
            return 0
        stack = self.window.undo_stack
        before = (stack.count(), stack.index())
        with self.window.annotator.batch(f"Accept {len(chosen)} suggestions"):
            for s in chosen:
                self.window.annotator.paint(a.id, s.start, s.end, s.label, origin="suggested")
        if (stack.count(), stack.index()) == before:
            return 0  # the batch failed and was rolled back (already reported)
        self.learn([(s.start, s.end, s.label, True) for s in chosen])
        self._say(f"Accepted {len(chosen)} suggestions (one undo step).", 6000)
        return len(chosen)

    def ask_accept_above(self) -> None:
        """View ▸ Accept All Suggestions Above…: pick the threshold with a live count, then accept."""
        from reader.ui.suggestions_dialog import AcceptAboveDialog

        if not self.enabled or self.window.article is None:
            self._say(f"Open an article and turn on suggestions ({SHORTCUT}).", 5000)
            return
        dlg = AcceptAboveDialog(self, self.window)
        if dlg.exec():
            self.accept_above(dlg.threshold(), facts=dlg.include_facts())

    # --- sites ----------------------------------------------------------------------------------------

    def show_sites(self) -> None:
        """Tools ▸ Sites…: the sites view (one per window, raised when open)."""
        from reader.ui.sites_view import SitesDialog

        dlg = getattr(self, "sites_dialog", None)
        if dlg is None:
            dlg = self.sites_dialog = SitesDialog(self.window)
            self.model_changed.connect(dlg.model_learned)
            self.window.highlights_changed.connect(dlg.schedule_reload)
        dlg.reload()
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()


def _key(article) -> tuple[int, str]:
    """Identifies an article's current text (a refresh may change it under the same id)."""
    return article.id, article.text_sha256 or str(hash(article.text))
