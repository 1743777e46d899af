"""Matching helpers for re-anchoring: context agreement, surviving runs, alignment, span tightening.

Used by :mod:`reader.reanchor`; every function is pure (strings in, numbers and offsets out).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Literal, Protocol


class AnchorIn(Protocol):
    """What re-anchoring needs of a highlight (a :class:`reader.models.Highlight` fits)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


Status = Literal["exact", "fuzzy", "orphaned"]


@dataclass(frozen=True)
class Anchor:
    """A plain :class:`AnchorIn` record."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class AnchorOut:
    """Where a highlight belongs in the new text; ``start``/``end`` are ``None`` when orphaned."""

    status: Status
    start: int | None
    end: int | None
    score: float


ORPHAN = AnchorOut("orphaned", None, None, 0.0)


ORPHAN = AnchorOut("orphaned", None, None, 0.0)


def similar(a: str, b: str) -> float:
    """difflib ratio of two short strings (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _quick(a: str, b: str) -> float:
    """An upper bound of :func:`similar` (shared characters, in any order)."""
    return SequenceMatcher(None, a, b, autojunk=False).quick_ratio()


def side_agreement(old: str, new: str, before: bool) -> float:
    """Agreement of one context side (0..1): the unchanged run next to the quote, or strong likeness.

    Two unrelated English snippets already share about half their characters, so overall likeness
    only counts above that. A side that was and still is a paragraph boundary agrees at least 0.5,
    more the further the unchanged run reaches into it (the next paragraph may have moved).
    """
    if old == new:
        return 1.0
    n = min(len(old), len(new))
    run = 0
    if before:  # prefix: compare from the end nearest the quote
        while run < n and old[-1 - run] == new[-1 - run]:
            run += 1
    else:
        while run < n and old[run] == new[run]:
            run += 1
    score = run / len(old) if old else 0.0
    if old and new and 2 * (_quick(old, new) - 0.5) > score:  # likeness can only matter above the run
        score = max(score, 2 * (similar(old, new) - 0.5))
    if run and "\n" in (old[len(old) - run :] if before else old[:run]):
        score = max(score, 0.5 + 0.5 * run / len(old))  # same place in its paragraph; beyond it may differ
    edge = (lambda t: t == "" or t[-1] == "\n") if before else (lambda t: t == "" or t[0] == "\n")
    if edge(old) and edge(new):
        score = max(score, 0.5)
    elif edge(old) != edge(new):
        score = min(score, 0.5)  # a paragraph edge appeared or vanished right next to the quote
    return min(1.0, max(0.0, score))


def context_sides(anchor: AnchorIn, text: str, start: int, end: int) -> tuple[float, float]:
    """Agreement of the anchor's prefix and of its suffix with ``text`` around ``[start, end)``."""
    pre = (
        text[max(0, start - len(anchor.prefix)) : start] if anchor.prefix else text[max(0, start - 1) : start]
    )
    suf = text[end : end + len(anchor.suffix)] if anchor.suffix else text[end : end + 1]
    if anchor.prefix and start - len(anchor.prefix) < 0:
        pre = text[:start]
    return side_agreement(anchor.prefix, pre, True), side_agreement(anchor.suffix, suf, False)


def context_score(anchor: AnchorIn, text: str, start: int, end: int) -> float:
    """How well the anchor's prefix and suffix agree with ``text`` around ``[start, end)`` (0..1)."""
    p, s = context_sides(anchor, text, start, end)
    return (p + s) / 2


def occurrences(text: str, quote: str, limit: int) -> list[int]:
    """Start offsets of ``quote`` in ``text`` (at most ``limit + 1`` of them)."""
    out: list[int] = []
    i = text.find(quote)
    while i >= 0 and len(out) <= limit:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


Run = tuple[int, int, int, int, int]  # old_lo, old_hi, new_lo, block start, block length (TextDiff.runs)


def robust_span(runs: list[Run], qlen: int, old: str, new: str) -> tuple[int, int, int] | None:
    """Where the quote's surviving runs put it: ``(new_start, new_end, chars kept)`` or ``None``.

    Runs split into clusters where they jump far apart in the new text or where inserted text
    brings a paragraph break between them; the biggest cluster wins. Then weak
    runs at either edge (under 8 characters of the quote and shifted against their neighbour:
    coincidental matches beyond an insertion) are dropped.
    """
    if not runs:
        return None
    clusters: list[list[Run]] = [[runs[0]]]
    for r in runs[1:]:
        p = clusters[-1][-1]
        p_end = p[2] + p[1] - p[0]
        old_gap, new_gap = r[0] - p[1], r[2] - p_end
        broken = new_gap - old_gap > 2 and new.count("\n", p_end, r[2]) > old.count("\n", p[1], r[0])
        if broken or new_gap - old_gap > max(40, qlen):
            clusters.append([r])
        else:
            clusters[-1].append(r)
    best = max(clusters, key=lambda c: sum(r[1] - r[0] for r in c))

    def weak(r: Run, nb: Run, left: bool) -> bool:
        size = r[1] - r[0]
        if size >= 8:
            return False
        a, b = (r, nb) if left else (nb, r)
        old_gap, new_gap = b[0] - a[1], b[2] - (a[2] + a[1] - a[0])
        if size < 3:  # a character or two survive only next to a typo-sized change
            return old_gap > 2 or new_gap > 2
        # a short run that goes on unchanged into the context is the quote's own edge
        into_context = r[3] <= r[0] - 4 if left else r[3] + r[4] >= r[1] + 4
        return abs(new_gap - old_gap) > 2 and not into_context

    while len(best) > 1 and weak(best[0], best[1], True):
        best.pop(0)
    while len(best) > 1 and weak(best[-1], best[-2], False):
        best.pop()
    kept = sum(r[1] - r[0] for r in best)
    if kept < min(3, qlen):
        return None
    first, last = best[0], best[-1]
    return first[2], last[2] + last[1] - last[0], kept


def align(pattern: str, lo: int, hi: int, window: str) -> tuple[int, int, int]:
    """Map ``pattern[lo:hi]`` onto ``window`` by alignment; return (start, end, chars kept)."""
    sm = SequenceMatcher(None, pattern, window, autojunk=False)
    runs = [
        (max(a, lo), min(a + n, hi), b + max(a, lo) - a, a, n) for a, b, n in sm.get_matching_blocks() if n
    ]
    got = robust_span([r for r in runs if r[0] < r[1]], hi - lo, pattern, window)
    return got if got is not None else (0, 0, 0)


TIGHTEN_GAIN = 0.02  # similarity a tighter span must gain before an edge of it is dropped
MIN_REPEAT = 3  # shorter inserted runs are typos, not repeated text


def tighten(quote: str, text: str, ns: int, ne: int, sim: float) -> tuple[int, int, float]:
    """Drop an edge of a fuzzy span ``[ns, ne)`` when inserted text there is the quote's own text.

    Inserted text can repeat the quote's words (a word inserted just before a quote whose first
    letters were deleted): an alignment then pairs the quote's start with the inserted copy and
    counts the quote's surviving characters as an insertion inside it. For each inserted run inside
    the span, the aligned run before it (or after it) is cut off; if the quote is then clearly more
    similar to what remains, the run was the quote's own text and the cut is kept. A cut only ever
    shrinks the span, so it never adds characters the highlight did not cover, and it cannot gain
    similarity unless the inserted run itself aligns with the quote.
    """
    window = text[ns:ne]
    blocks = SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks()
    runs = [(b, b + n) for _, b, n in blocks if n]
    cuts = []
    for (_, e0), (s1, _) in pairwise(runs):
        if s1 - e0 >= MIN_REPEAT:  # keep the inserted run, drop the aligned run before / after it
            cuts += [(e0, len(window)), (0, s1)]
    if not cuts:
        return ns, ne, sim
    base = 2 * sum(e - s for s, e in runs) / (len(quote) + len(window))
    best, x, y = base, 0, len(window)
    for cx, cy in cuts:
        sm = SequenceMatcher(None, quote, window[cx:cy], autojunk=False)
        if sm.quick_ratio() > best + TIGHTEN_GAIN and sm.ratio() > best + TIGHTEN_GAIN:
            best, x, y = sm.ratio(), cx, cy
    if (x, y) == (0, len(window)):
        return ns, ne, sim
    return ns + x, ns + y, best


EDGE_RUN = 3  # an aligned run this short at a span's edge, cut off by inserted text, may be coincidence


def _context_holds(a: AnchorIn, text: str, pos: int, before: bool) -> bool:
    """True if the few characters of old context next to an edge at ``pos`` are unchanged there."""
    if before:
        k = min(3, len(a.prefix))
        return (
            text[max(0, pos - k) : pos] == a.prefix[len(a.prefix) - k :]
            if k
            else pos == 0 or text[pos - 1] == "\n"
        )
    k = min(3, len(a.suffix))
    return text[pos : pos + k] == a.suffix[:k] if k else pos == len(text) or text[pos] == "\n"


def prune_edges(a: AnchorIn, text: str, ns: int, ne: int, sim: float) -> tuple[int, int, float]:
    """Drop tiny aligned runs at the edges of a fuzzy span where the edit reached into the context.

    When the old context right next to an edge is gone, an edit replaced the quote's edge together
    with it, and a character or two of the new words that happen to match the quote's edge are
    coincidence: runs of at most EDGE_RUN characters, separated from the rest by inserted text,
    are cut off while the context at the new edge is still changed.
    """
    window = text[ns:ne]
    sm = SequenceMatcher(None, a.exact, window, autojunk=False)
    runs: list[tuple[int, int]] = []
    for _, b, n in sm.get_matching_blocks():
        if n and runs and runs[-1][1] == b:
            runs[-1] = (runs[-1][0], b + n)  # touching runs in the window are one
        elif n:
            runs.append((b, b + n))
    lo, hi = 0, len(runs)
    while (
        hi - lo > 1
        and runs[lo][1] - runs[lo][0] <= EDGE_RUN
        and runs[lo + 1][0] > runs[lo][1]
        and not _context_holds(a, text, ns + runs[lo][0], True)
    ):
        lo += 1
    while (
        hi - lo > 1
        and runs[hi - 1][1] - runs[hi - 1][0] <= EDGE_RUN
        and runs[hi - 2][1] < runs[hi - 1][0]
        and not _context_holds(a, text, ns + runs[hi - 1][1], False)
    ):
        hi -= 1
    if (lo, hi) == (0, len(runs)):
        return ns, ne, sim
    x, y = ns + runs[lo][0], ns + runs[hi - 1][1]
    kept = sum(e - b for b, e in runs[lo:hi])
    return x, y, 2 * kept / (len(a.exact) + y - x)
