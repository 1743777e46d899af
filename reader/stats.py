"""Label statistics: characters, words and fact density.

Words are ``\\w+`` runs. A highlight's words are counted where they *start*: a word cut
by the highlight's left edge belongs to the highlight before it, so splitting a span
into adjacent pieces never changes the word total (see :func:`highlight_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def count_words(text: str) -> int:
    """Count ``\\w+`` tokens in ``text``."""
    return sum(1 for _ in _WORD.finditer(text))


def highlight_words(exact: str, prefix: str) -> int:
    """Count the words that start inside a highlight (its ``exact`` text, given its ``prefix``)."""
    n = count_words(exact)
    if n and prefix and _WORD_CHAR.match(exact) and _WORD_CHAR.match(prefix[-1]):
        n -= 1  # the first token continues a word that started before the highlight
    return n


@dataclass
class LabelStats:
    """Totals for one label."""

    label: str
    chars: int = 0
    words: int = 0
    highlights: int = 0


@dataclass
class Stats:
    """Totals per label, and fact density = fact words / (fact + filler words)."""

    per_label: dict[str, LabelStats] = field(default_factory=dict)
    fact_words: int = 0
    filler_words: int = 0
    fact_density: float | None = None

    @classmethod
    def from_totals(cls, labels: Iterable[str], rows: Iterable[tuple[str, int, int, int]]) -> Stats:
        """Build stats from ``(label, chars, words, highlights)`` rows; every label in ``labels`` appears."""
        per_label = {name: LabelStats(name) for name in labels}
        for name, chars, words, count in rows:
            per_label[name] = LabelStats(name, int(chars or 0), int(words or 0), int(count or 0))
        fact = per_label["fact"].words if "fact" in per_label else 0
        filler = per_label["filler"].words if "filler" in per_label else 0
        return cls(per_label, fact, filler, density(fact, filler))


def density(fact_words: int, filler_words: int) -> float | None:
    """Fact / (fact + filler) words, ``None`` when both are zero."""
    total = fact_words + filler_words
    return fact_words / total if total else None
