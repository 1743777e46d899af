"""Turning suggestions into highlights: "accept all above S" for the window and ``sift suggest --apply``.

Only confident suggestions are painted: filler where P(filler) >= S and fact where P(filler) <= 1 - S
(S >= 0.5, so the two never meet). A sentence that already carries any of the reader's highlights is
skipped, so their own marks are never overwritten (orphaned highlights do not count: their offsets are
into an older version of the text). All paints are one transaction; the returned changes
can be undone together (``library.apply(change.inverted())`` in reverse order). Painted highlights get the
origin ``suggested`` when the library records origins. Bulk accepts are not learned from: the reader did
not judge each sentence (one-key accepts go through :func:`reader.suggest_store.record_feedback`).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.errors import InputError
from reader.paint import Change
from reader.store import Library
from reader.suggest import Suggestion


@dataclass
class Applied:
    """What an apply did."""

    filler: int = 0
    fact: int = 0
    skipped: int = 0  # confident suggestions on sentences that already had a highlight
    changes: list[Change] = field(default_factory=list)


def paint_kwargs(library: Library) -> dict[str, str]:
    """``origin="suggested"`` when this library's ``paint`` records origins, else nothing."""
    params = inspect.signature(library.paint).parameters
    return {"origin": "suggested"} if "origin" in params else {}


def confident_label(score: float, min_score: float) -> str | None:
    """``filler``, ``fact`` or None (not confident enough) for P(filler) ``score``."""
    if score >= min_score:
        return "filler"
    if 1.0 - score >= min_score:
        return "fact"
    return None


def apply_suggestions(
    library: Library,
    article_id: int,
    suggestions: Sequence[Suggestion],
    min_score: float,
    *,
    facts: bool = True,
) -> Applied:
    """Paint the confident suggestions (filler only with ``facts=False``) in one transaction."""
    if not 0.5 <= min_score <= 1.0:
        raise InputError(f"The minimum score must be between 0.5 and 1, not {min_score}.")
    marks = [
        (h.start, h.end) for h in library.highlights(article_id, orphans=False)
    ]  # orphans: stale offsets
    extra = paint_kwargs(library)
    out = Applied()
    with library.transaction():
        for s in suggestions:
            label = confident_label(s.score, min_score)
            if label is None or (label == "fact" and not facts):
                continue
            if any(a < s.end and b > s.start for a, b in marks):
                out.skipped += 1
                continue
            out.changes.append(library.paint(article_id, s.start, s.end, label, **extra))
            setattr(out, label, getattr(out, label) + 1)
    return out
