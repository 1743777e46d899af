"""Pure span helpers for painting: word snapping, sentence lookup, coverage (no Qt)."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence

from reader.models import Highlight
from reader.sentences import sentence_spans


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or _combining(ch)


def _joined(text: str, i: int) -> bool:
    """True when the characters at ``i - 1`` and ``i`` belong to the same word (``don't`` is one word)."""
    a, b = text[i - 1], text[i]
    if _is_word(a) and _is_word(b):
        return True
    if b in "'’" and _is_word(a):
        return i + 1 < len(text) and text[i + 1].isalpha()
    if a in "'’" and _is_word(b):
        return i >= 2 and text[i - 2].isalpha()
    return False


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to whole words and trim surrounding whitespace; None if nothing is left."""
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end < start:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    while start > 0 and (_joined(text, start) or _combining(text[start])):
        start -= 1
    while end < n and (_joined(text, end) or _combining(text[end])):
        end += 1
    return start, end


def _combining(ch: str) -> bool:
    """Combining marks, variation selectors and joiners belong to the character before them."""
    return unicodedata.combining(ch) != 0 or 0xFE00 <= ord(ch) <= 0xFE0F or ord(ch) in (0x200D, 0x20E3)


class Sentences:
    """The sentence spans of one text, with fast lookup by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _e in self.spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        """The sentence containing ``offset``, or the nearest one on the same line, or None."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        # On whitespace between sentences: take the sentence just before, if on the same line.
        if i >= 0 and "\n" not in self.text[self.spans[i][1] : offset + 1]:
            return self.spans[i]
        return None

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """Grow ``[start, end)`` to the whole sentences it touches."""
        first = self.at(start)
        last = self.at(max(start, end - 1))
        return (first[0] if first else start, last[1] if last else end)

    def after(self, offset: int) -> tuple[int, int] | None:
        """The first sentence starting at or after ``offset``."""
        i = bisect.bisect_left(self._starts, offset)
        return self.spans[i] if i < len(self.spans) else None


def with_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` over the spaces around it on its line (erasing a word leaves no stray space)."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return start, end


def covered_by(highlights: Sequence[Highlight], start: int, end: int, label: str) -> bool:
    """True when every non-space character of ``[start, end)`` is in a highlight labelled ``label``."""
    pieces = sorted((max(h.start, start), min(h.end, end)) for h in highlights if h.label == label)
    pos = start
    for s, e in pieces:
        if e <= pos:
            continue
        if s > pos:
            return False
        pos = e
        if pos >= end:
            return True
    return pos >= end


def highlight_at(highlights: Sequence[Highlight], offset: int) -> Highlight | None:
    """The highlight containing ``offset`` (highlights never overlap)."""
    for h in highlights:
        if h.start <= offset < h.end:
            return h
    return None
