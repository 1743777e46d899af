"""Re-anchor highlights when an article's text changes: ``exact``, ``fuzzy`` with a score, or ``orphaned``.

The rule is *never a wrong place*: a highlight is only placed where the evidence says its own
characters now are, otherwise it is orphaned (kept with its quote and note, shown as needing
attention). The evidence, strongest first:

1. **The text diff.** ``old_text -> new_text`` is diffed once per article (:mod:`reader.reanchor_diff`).
   If the quote and its context lie inside one unchanged run, the highlight simply moved: ``exact``.
2. **The quote at its mapped place.** If the quote is unchanged where the diff puts it: ``exact``
   when its prefix/suffix still agree, else ``fuzzy`` (score from the context).
3. **An edited quote at its mapped place.** The span between the first and last surviving
   characters of the quote; ``fuzzy`` when enough of the quote survives there in order.
4. **The quote elsewhere** (the place it was is gone, e.g. a moved paragraph): every exact
   occurrence is scored by how well its prefix/suffix agree; the best one wins only if it agrees
   well and clearly beats the others.
5. **An edited quote elsewhere:** chunks of the quote vote for a start; the winning region is
   aligned character by character with prefix+quote+suffix; accepted only when the quote is still
   very similar and the context agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Literal, Protocol

from reader.reanchor_diff import TextDiff

Status = Literal["exact", "fuzzy", "orphaned"]

EXACT_CONTEXT = 0.6  # context agreement at or above which an unchanged quote is `exact`
MAPPED_MIN_KEPT = 0.6  # share of an edited quote that must survive in place (step 3)
MAPPED_MIN_SIM = 0.6  # similarity of the quote to its edited place (step 3)
PLACE_GONE = 0.3  # below this share of the quote surviving in place, search elsewhere (steps 4-5)
ELSEWHERE_MIN_CONTEXT = 0.55  # context agreement needed to accept an exact occurrence elsewhere
ELSEWHERE_MARGIN = 0.15  # ... and how clearly it must beat the runner-up
SEARCH_MIN_SIM = 0.8  # quote similarity needed for an approximate match elsewhere (step 5)
SEARCH_MIN_CONTEXT = 0.45  # context agreement needed for an approximate match elsewhere
SEARCH_MIN_LEN = 16  # quotes shorter than this are never searched approximately
UNIQUE_MIN_LEN = 40  # a quote this long found once, still bounded by paragraph edges, is accepted
FUZZY_MIN_LEN = 8  # shorter edited quotes need both context sides to agree at least SHORT_MIN_CONTEXT
SHORT_MIN_CONTEXT = 0.7
UNCHANGED_MIN_LEN = 20  # shorter identical quotes with poor context at the mapped place are orphaned
MAX_OCCURRENCES = 64  # more exact occurrences than this: too ambiguous to pick one


class AnchorIn(Protocol):
    """What re-anchoring needs of a highlight (a :class:`reader.models.Highlight` fits)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


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


def _similar(a: str, b: str) -> float:
    """difflib ratio of two short strings (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _side(old: str, new: str, before: bool) -> float:
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
    score = max(run / len(old) if old else 0.0, 2 * (_similar(old, new) - 0.5))
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
    return _side(anchor.prefix, pre, True), _side(anchor.suffix, suf, False)


def context_score(anchor: AnchorIn, text: str, start: int, end: int) -> float:
    """How well the anchor's prefix and suffix agree with ``text`` around ``[start, end)`` (0..1)."""
    p, s = context_sides(anchor, text, start, end)
    return (p + s) / 2


def _occurrences(text: str, quote: str, limit: int) -> list[int]:
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


def _align(pattern: str, lo: int, hi: int, window: str) -> tuple[int, int, int]:
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


class _Reanchorer:
    """Shared state for re-anchoring many highlights of one article."""

    def __init__(self, old_text: str | None, new_text: str) -> None:
        self.old, self.new = old_text or "", new_text
        self.diff = TextDiff(old_text, new_text) if old_text is not None else None
        self._own = True

    def one(self, a: AnchorIn) -> AnchorOut:
        """Re-anchor one highlight (steps 1-5 of the module docstring)."""
        quote, new, diff = a.exact, self.new, self.diff
        if not quote:
            return ORPHAN
        if diff is None or self.old[a.start : a.end] != quote:  # offsets not from old_text: search only
            return self._search(a, a.start, own_offsets=False)
        # 1. quote and context inside one unchanged run of the diff
        lo, hi = a.start - len(a.prefix), a.end + len(a.suffix)
        if lo >= 0 and self.old[lo : a.start] == a.prefix and self.old[a.end : hi] == a.suffix:
            s = diff.same_run(lo, hi)
            if s is not None:
                return AnchorOut("exact", s + len(a.prefix), s + len(a.prefix) + len(quote), 1.0)
        # 2./3. the place the diff maps the quote to
        span = robust_span(diff.runs(a.start, a.end), len(quote), self.old, new)
        kept = 0
        if span is not None:
            ns, ne, kept = span
            if new[ns:ne] == quote:
                return self._mapped_unchanged(a, ns, ne)
            sim = 2 * kept / (len(quote) + ne - ns)
            if kept >= MAPPED_MIN_KEPT * len(quote) and sim >= MAPPED_MIN_SIM:
                low = min(context_sides(a, new, ns, ne))
                if len(quote) >= 64 or low >= (0.3 if len(quote) >= FUZZY_MIN_LEN else SHORT_MIN_CONTEXT):
                    return self._checked(a, ns, ne, self._fuzzy(a, ns, ne, sim))
                return self._search(a, diff.hint(a.start), approximate=False)  # a coincidental match
        if kept >= PLACE_GONE * len(quote):
            return ORPHAN  # its place still exists but changed too much: do not look elsewhere
        return self._search(a, diff.hint(a.start))

    def _unchanged(self, a: AnchorIn, ns: int, ne: int) -> AnchorOut:
        """An identical quote at ``[ns, ne)``: exact when the context agrees, else fuzzy."""
        ctx = context_score(a, self.new, ns, ne)
        if ctx >= EXACT_CONTEXT:
            return AnchorOut("exact", ns, ne, round(0.9 + 0.1 * ctx, 3))
        return AnchorOut("fuzzy", ns, ne, round(0.7 + 0.25 * ctx, 3))

    def _mapped_unchanged(self, a: AnchorIn, ns: int, ne: int) -> AnchorOut:
        """The diff maps the quote onto an identical string: trust it unless the context says otherwise.

        With the context changed, the diff may have matched a copy of the quote (a repeated phrase,
        a duplicated sentence). So: a place still bracketed by the old prefix and suffix elsewhere
        wins if it holds something like the quote, and makes it too ambiguous if it does not; with
        poor context, only a long quote found nowhere else is kept.
        """
        found = self._unchanged(a, ns, ne)
        if found.score >= 1.0:
            return found
        ctx = context_score(a, self.new, ns, ne)
        for x, y, kept in self._bracketed(a, ns, ne):
            sim = 2 * kept / (len(a.exact) + y - x) if y > x else 0.0
            if sim < MAPPED_MIN_SIM or kept < MAPPED_MIN_KEPT * len(a.exact):
                return ORPHAN if ctx < 0.9 else found
            rival_ctx = context_score(a, self.new, x, y)
            if rival_ctx <= ctx + 0.15:
                return ORPHAN
            return self._unchanged(a, x, y) if self.new[x:y] == a.exact else self._fuzzy(a, x, y, sim)
        if found.status == "exact":
            return found
        if len(a.exact) < UNCHANGED_MIN_LEN or len(_occurrences(self.new, a.exact, 1)) > 1:
            return ORPHAN
        return self._checked(a, ns, ne, found)

    def _bracketed(self, a: AnchorIn, ns: int, ne: int) -> list[tuple[int, int, int]]:
        """Other places framed by the outer halves of the old prefix and suffix: the quote's span there."""
        k = 16
        if len(a.prefix) < 6 or len(a.suffix) < 6:
            return []
        pk, sk = a.prefix[: min(k, len(a.prefix) // 2)], a.suffix[-min(k, len(a.suffix) // 2) :]
        starts, ends = _occurrences(self.new, pk, 8), _occurrences(self.new, sk, 8)
        if len(starts) > 8 or len(ends) > 8:
            return []
        span = len(a.prefix) + len(a.exact) + len(a.suffix) - len(sk)
        pattern = a.prefix + a.exact + a.suffix
        out = []
        for p in starts:
            for q in ends:
                if not 0.6 * span - 8 <= q - p <= 1.4 * span + 8:
                    continue
                if p <= ns and ne <= q + len(sk):
                    continue  # that is the place we already have
                w = self.new[p : q + len(sk)]
                x, y, kept = _align(pattern, len(a.prefix), len(a.prefix) + len(a.exact), w)
                out.append((p + x, p + y, kept) if y > x else (p, p, 0))
        return out

    def _fuzzy(self, a: AnchorIn, ns: int, ne: int, sim: float) -> AnchorOut:
        """An edited quote at ``[ns, ne)`` with quote similarity ``sim`` (tightened, see :func:`tighten`)."""
        ns, ne, sim = tighten(a.exact, self.new, ns, ne, sim)
        ctx = context_score(a, self.new, ns, ne)
        return AnchorOut("fuzzy", ns, ne, round(0.75 * sim + 0.25 * ctx, 3))

    def _checked(self, a: AnchorIn, ns: int, ne: int, found: AnchorOut) -> AnchorOut:
        """Guard a diff-mapped place against a copy: if both context sides stayed elsewhere, look there.

        The diff may match the quote to a copy of it (a repeated phrase, a duplicated sentence)
        while the original, slightly edited, still sits between its old prefix and suffix. If the
        outer context on both sides maps away from ``[ns, ne)`` and something like the quote is
        between them, that place wins; if something unlike it is there, it is too ambiguous.
        """
        diff = self.diff
        assert diff is not None
        pre = diff.runs(a.start - len(a.prefix), a.start)
        suf = diff.runs(a.end, a.end + len(a.suffix))
        if not pre or not suf:
            return found
        p_lo, p_hi, p_new = pre[0][:3]
        s_lo, s_hi, s_new = suf[-1][:3]
        p_end = p_new + p_hi - p_lo
        if 0 <= ns - p_end <= a.start - p_hi + 40 or 0 <= s_new - ne <= s_lo - a.end + 40:
            return found  # at least one side of the context came along
        if not p_end <= s_new <= p_end + 3 * len(a.exact) + 100:
            return found  # the old context is scattered: no competing place
        if len(self.new[p_end:s_new].strip()) <= 2:  # the quote left its old place, whole
            return found if found.status == "exact" else ORPHAN
        w0, w1 = p_new, s_new + s_hi - s_lo
        pattern = self.old[p_lo:s_hi]
        x, y, kept = _align(pattern, a.start - p_lo, a.end - p_lo, self.new[w0:w1])
        if y > x:
            x, y = w0 + x, w0 + y
            sim = 2 * kept / (len(a.exact) + y - x)
            if kept >= MAPPED_MIN_KEPT * len(a.exact) and sim >= MAPPED_MIN_SIM:
                return self._unchanged(a, x, y) if self.new[x:y] == a.exact else self._fuzzy(a, x, y, sim)
        return ORPHAN

    def _search(
        self, a: AnchorIn, hint: int, approximate: bool = True, own_offsets: bool = True
    ) -> AnchorOut:
        """Steps 4-5: the quote, unchanged or (if ``approximate``) edited, anywhere in the new text.

        ``own_offsets=False``: the anchor's offsets are not into ``old_text``, so the diff cannot
        tell which old text a candidate place came from.
        """
        self._own = own_offsets
        if self.new[a.start : a.end] == a.exact and a.start == hint:
            found = self._unchanged(a, a.start, a.end)
            if found.status == "exact":
                return found
        found = self._elsewhere_exact(a, hint)
        if found is not None:
            return found
        return self._elsewhere_fuzzy(a) if approximate else ORPHAN

    def _foreign(self, a: AnchorIn, x: int, y: int) -> bool:
        """True if the diff says most of ``new[x:y]`` is some other old text (another instance of it)."""
        if self.diff is None or not self._own:
            return False
        return self.diff.foreign(x, y, a.start, a.end) * 2 > y - x

    def _elsewhere_exact(self, a: AnchorIn, hint: int) -> AnchorOut | None:
        """Step 4: pick among exact occurrences by context; ``None`` if there is no clear winner."""
        occ = _occurrences(self.new, a.exact, MAX_OCCURRENCES)
        if not occ or len(occ) > MAX_OCCURRENCES:
            return None
        scored = []
        for s in occ:
            pre, suf = context_sides(a, self.new, s, s + len(a.exact))
            scored.append(((pre + suf) / 2, min(pre, suf), s))
        scored.sort(reverse=True)
        best, low, s = scored[0]
        if len(scored) > 1 and scored[1][0] > best - ELSEWHERE_MARGIN:
            return None  # two places agree about equally well (another copy may be the image of other text)
        if self._foreign(a, s, s + len(a.exact)):
            return None  # the diff says that is another instance of the same words
        if best >= ELSEWHERE_MIN_CONTEXT and low >= 0.4:
            return self._unchanged(a, s, s + len(a.exact))
        if len(occ) == 1 and len(a.exact) >= UNIQUE_MIN_LEN and low >= 0.5:
            return AnchorOut("fuzzy", s, s + len(a.exact), 0.7)  # a unique long quote, still a paragraph
        return None

    def _elsewhere_fuzzy(self, a: AnchorIn) -> AnchorOut:
        """Step 5: seed-and-align search for an edited quote anywhere in the new text."""
        quote, new = a.exact, self.new
        if len(quote) < SEARCH_MIN_LEN:
            return ORPHAN
        size = max(8, min(24, len(quote) // 4))
        votes: dict[int, int] = {}
        chunks = 0
        for off in range(0, len(quote) - size + 1, size):
            occ = _occurrences(new, quote[off : off + size], 8)
            chunks += 1
            if 0 < len(occ) <= 8:
                for s in occ:
                    key = (s - off) // size
                    votes[key] = votes.get(key, 0) + 1
        if not votes:
            return ORPHAN
        # merge neighbouring buckets (an insertion or deletion shifts later chunks a little)
        merged = sorted(
            ((votes.get(k - 1, 0) + v + votes.get(k + 1, 0), k) for k, v in votes.items()), reverse=True
        )
        top, key = merged[0]
        if top < max(2, chunks // 3) or any(v >= top * 0.6 and abs(k - key) > 2 for v, k in merged[1:]):
            return ORPHAN
        guess = key * size
        pad = len(quote) // 2 + 8
        w0 = max(0, guess - len(a.prefix) - pad)
        w1 = min(len(new), guess + len(quote) + len(a.suffix) + pad)
        pattern = a.prefix + quote + a.suffix
        s, e, kept = _align(pattern, len(a.prefix), len(a.prefix) + len(quote), new[w0:w1])
        if e <= s:
            return ORPHAN
        s, e = w0 + s, w0 + e
        sim = 2 * kept / (len(quote) + e - s)
        pre, suf = context_sides(a, new, s, e)
        if sim < SEARCH_MIN_SIM or (pre + suf) / 2 < SEARCH_MIN_CONTEXT or min(pre, suf) < 0.3:
            return ORPHAN
        if self._foreign(a, s, e):
            return ORPHAN
        if new[s:e] == quote:
            return self._unchanged(a, s, e)
        return self._fuzzy(a, s, e, sim)


def reanchor(old_text: str | None, new_text: str, anchors: Sequence[AnchorIn]) -> list[AnchorOut]:
    """Re-anchor every highlight of an article whose text changed from ``old_text`` to ``new_text``.

    ``old_text=None`` (offsets made on an unknown text, e.g. an imported file): the old offsets
    are only a position hint and every highlight is found by its quote and context.
    """
    if not anchors:
        return []
    r = _Reanchorer(old_text, new_text)
    return [r.one(a) for a in anchors]
