"""Inter-annotator agreement: Cohen's kappa between two annotators' labels over an article's words.

Each ``\\w+`` word of the canonical text (the words :func:`reader.stats.count_words` counts) gets
the label of the highlight covering most of its characters, or :data:`NONE` when no highlight
covers it. Over those word labels: observed agreement ``po``, chance agreement
``pe = sum_k pA(k) * pB(k)`` and ``kappa = (po - pe) / (1 - pe)``; per label the same for the
two-way split "this label" vs "anything else" (one-vs-rest). Kappa is ``None`` where it is
undefined (``pe == 1``: both annotators put every word in the same single class).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

NONE = "none"
_WORD = re.compile(r"\w+")


class LabelledSpan(Protocol):
    """A highlight as agreement needs it (a :class:`reader.models.Highlight` fits)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Span:
    """A plain :class:`LabelledSpan`."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class LabelAgreement:
    """One-vs-rest agreement on one label; word counts for each annotator and for both."""

    label: str
    kappa: float | None
    words_a: int
    words_b: int
    words_both: int


@dataclass(frozen=True)
class Disagreement:
    """A run of consecutive words that the two annotators labelled differently (the same way)."""

    start: int
    end: int
    label_a: str
    label_b: str
    text: str
    words: int


@dataclass
class Agreement:
    """Agreement of annotators A and B over one text."""

    words: int
    observed: float | None
    kappa: float | None
    per_label: dict[str, LabelAgreement] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def word_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every ``\\w+`` word in ``text``."""
    return [m.span() for m in _WORD.finditer(text)]


def word_labels(words: Sequence[tuple[int, int]], spans: Sequence[LabelledSpan]) -> list[str]:
    """The label of each word: the highlight covering most of its characters, else :data:`NONE`."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out: list[str] = []
    k = 0
    for ws, we in words:
        while k < len(ordered) and ordered[k].end <= ws:
            k += 1
        best, best_n = NONE, 0
        j = k
        while j < len(ordered) and ordered[j].start < we:
            n = min(we, ordered[j].end) - max(ws, ordered[j].start)
            if n > best_n:
                best, best_n = ordered[j].label, n
            j += 1
        out.append(best)
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two equally long label sequences; ``None`` if undefined (or empty)."""
    if len(a) != len(b):
        raise ValueError("both annotators must label the same items")
    n = len(a)
    if n == 0:
        return None
    po = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def _disagreements(
    text: str, words: Sequence[tuple[int, int]], la: list[str], lb: list[str]
) -> list[Disagreement]:
    """Merge consecutive words with the same differing label pair into spans."""
    out: list[Disagreement] = []
    i = 0
    while i < len(words):
        if la[i] == lb[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and la[j + 1] == la[i] and lb[j + 1] == lb[i]:
            j += 1
        s, e = words[i][0], words[j][1]
        out.append(Disagreement(s, e, la[i], lb[i], text[s:e], j - i + 1))
        i = j + 1
    return out


def agreement(text: str, a: Sequence[LabelledSpan], b: Sequence[LabelledSpan]) -> Agreement:
    """Cohen's kappa (overall and per label) and the disagreeing spans of annotators A and B on ``text``."""
    words = word_spans(text)
    la, lb = word_labels(words, a), word_labels(words, b)
    n = len(words)
    observed = sum(1 for x, y in zip(la, lb, strict=True) if x == y) / n if n else None
    per: dict[str, LabelAgreement] = {}
    for label in sorted((set(la) | set(lb)) - {NONE}):
        ba = [x == label for x in la]
        bb = [y == label for y in lb]
        per[label] = LabelAgreement(
            label,
            cohen_kappa([str(x) for x in ba], [str(y) for y in bb]),
            sum(ba),
            sum(bb),
            sum(1 for x, y in zip(ba, bb, strict=True) if x and y),
        )
    return Agreement(n, observed, cohen_kappa(la, lb), per, _disagreements(text, words, la, lb))
