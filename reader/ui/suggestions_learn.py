"""Learning from the reader for the window's suggestions (no Qt): paints and decisions teach the model.

Every fact/filler paint and every accepted or rejected suggestion becomes a training example right away:
in-process, through :class:`reader.suggest_model.Model.update` (a few milliseconds), saved with
:func:`reader.suggest_store.save_model`. When the suggestion engine offers
``suggest_store.record_feedback(library, article, start, end, label, accepted)`` it is used instead (it
keeps the decision in the library so the model can be rebuilt), and the model is read back after it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.models import Article
    from reader.suggest_model import Example, Model

MIN_COVER = 0.6  # share of a sentence a paint must cover to teach its label (as examples_from_labels)
OPPOSITE = {"fact": "filler", "filler": "fact"}

# One decision: (start, end, label, accepted). accepted: True = an accepted suggestion of ``label``,
# False = a rejected suggestion of ``label`` (the opposite is learned), None = the reader's own paint.
Decision = tuple[int, int, str, "bool | None"]


def takes(fn: Callable[..., Any], n: int) -> bool:
    """True when ``fn`` accepts ``n`` positional arguments."""
    try:
        inspect.signature(fn).bind(*range(n))
    except (TypeError, ValueError):
        return False
    return True


def taught(decisions: Sequence[Decision]) -> list[tuple[int, int, str]]:
    """The labelled spans the decisions teach (a rejected proposal teaches the other label)."""
    return [
        (start, end, OPPOSITE.get(label, label) if accepted is False else label)
        for start, end, label, accepted in decisions
    ]


def sentence_examples(text: str, sentences: Sequence, spans: Sequence[tuple[int, int, str]]) -> list[Example]:
    """Examples from labelled ``spans`` given the article's analysed ``sentences`` ((info, is_meta) pairs).

    The rule of :func:`reader.suggest.examples_from_labels` (a sentence whose non-space characters are at
    least ``MIN_COVER`` one of fact/filler), without analysing the whole text again for every paint.
    """
    spans = [s for s in spans if s[2] in OPPOSITE]
    if not spans:
        return []
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    out: list[Example] = []
    for info, meta in sentences:
        if meta or info.end <= lo or info.start >= hi:
            continue
        size = sum(1 for c in info.text if not c.isspace()) or 1
        cover = {"fact": 0, "filler": 0}
        for a, b, lab in spans:
            x, y = max(a, info.start), min(b, info.end)
            if y > x:
                cover[lab] += sum(1 for c in text[x:y] if not c.isspace())
        label = max(cover, key=lambda k: cover[k])
        if cover[label] / size >= MIN_COVER:
            out.append((info.text, dict(info.context), label))
    return out


class Learner:
    """The user's suggestion model for one library, and learning from one article's decisions."""

    def __init__(self, library) -> None:
        self.library = library
        self._model: Model | None = None
        self._analysis: tuple[tuple[int, int], list] | None = None

    @property
    def model(self) -> Model:
        """The user's model (read from the library the first time it is needed)."""
        if self._model is None:
            from reader.suggest_store import load_model

            self._model = load_model(self.library)
        return self._model

    def forget_cached(self) -> None:
        """Read the model from the library again next time (after another part changed it)."""
        self._model = None

    def reset(self) -> None:
        """Forget everything learned (back to the default model); StoreError if it cannot be written."""
        from reader import suggest_store

        suggest_store.reset_model(self.library)
        self._model = None

    def sentences(self, article: Article) -> list:
        """(SentenceInfo, is_meta) of ``article`` (cached while the same text is open)."""
        key = (article.id, len(article.text))
        if self._analysis is None or self._analysis[0] != key:
            from reader.suggest import analyze_text

            self._analysis = (key, analyze_text(article.text, blocks=article.blocks))
        return self._analysis[1]

    def examples(self, article: Article, decisions: Sequence[Decision]) -> list[Example]:
        """The training examples ``decisions`` on ``article`` make."""
        return sentence_examples(article.text, self.sentences(article), taught(decisions))

    def learn(self, article: Article, decisions: Sequence[Decision]) -> int:
        """Update and store the model from ``decisions`` on ``article``; returns how many were used.

        Raises the store's SiftError when the model cannot be saved (nothing half-written).
        """
        from reader import suggest_store

        if not decisions:
            return 0
        record = getattr(suggest_store, "record_feedback", None)
        if record is not None and takes(record, 6):
            judged = [d for d in decisions if d[2] in OPPOSITE]
            model = None
            try:
                with self.library.transaction():  # one commit for a batch ("accept all above")
                    for start, end, label, accepted in judged:
                        # the reader's own paint counts as accepting what was painted
                        model = record(self.library, article, start, end, label, accepted is not False)
            finally:
                self._model = None  # read back what was stored (or what is left after a rollback)
            if model is not None and hasattr(model, "featurize"):
                self._model = model
            return len(judged)
        examples = self.examples(article, decisions)
        if not examples:
            return 0
        model = self.model
        before = model.to_json()
        try:
            used = model.update(examples)
            suggest_store.save_model(self.library, model)
        except Exception:
            from reader.suggest_model import Model

            self._model = Model.from_json(before)  # keep memory and library in step
            raise
        return used
