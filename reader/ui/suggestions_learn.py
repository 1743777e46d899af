"""Learning from the reader for the window's suggestions (no Qt): paints and decisions teach the model.

Every fact/filler paint and every accepted or rejected suggestion is passed to
:func:`reader.suggest_store.record_feedback`, which learns from it at once (in-process, milliseconds),
stores the example in the library (so the model can be rebuilt) and returns the updated model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.models import Article
    from reader.suggest_model import Model

OPPOSITE = {"fact": "filler", "filler": "fact"}

# One decision: (start, end, label, accepted). accepted: True = an accepted suggestion of ``label``,
# False = a rejected suggestion of ``label`` (the opposite is learned), None = the reader's own paint.
Decision = tuple[int, int, str, "bool | None"]


class Learner:
    """The user's suggestion model for one library, and learning from the reader's decisions."""

    def __init__(self, library) -> None:
        self.library = library
        self._model: Model | None = None

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

        try:
            suggest_store.reset_model(self.library)
        finally:
            self._model = None

    def rejected(self, article_id: int) -> set[tuple[int, int]]:
        """Sentences of an article whose proposals the reader rejected (kept in the library's examples)."""
        from reader import suggest_store

        spans = getattr(suggest_store, "rejected_spans", None)
        if spans is not None:
            return set(spans(self.library, article_id))
        conn = self.library.conn
        rows = conn.execute(
            'SELECT start, "end" FROM suggest_examples WHERE article_id = ? AND source = ?',
            (article_id, "rejected"),
        )
        return {(a, b) for a, b in rows}

    def learn(self, article: Article, decisions: Sequence[Decision]) -> int:
        """Learn from and store ``decisions`` on ``article`` (one transaction); returns how many counted.

        Only fact/filler decisions teach. Raises the store's SiftError when nothing could be stored (then
        nothing was: the transaction rolled back).
        """
        from reader.suggest_store import record_feedback

        judged = [d for d in decisions if d[2] in OPPOSITE]
        if not judged:
            return 0
        model = None
        try:
            with self.library.transaction():
                for start, end, label, accepted in judged:
                    # the reader's own paint counts as accepting what was painted
                    model = record_feedback(self.library, article, start, end, label, accepted is not False)
        finally:
            self._model = None  # read back what was stored (or what is left after a rollback)
        self._model = model
        return len(judged)
