"""Steps 4-5 of re-anchoring (:mod:`reader.reanchor`): the quote, unchanged or edited, found elsewhere.

Used when the diff has no place for the quote (its paragraph is gone or was moved beyond recognition)
or when the offsets are not into the old text (an imported annotation).
"""

from __future__ import annotations

from reader.reanchor_diff import TextDiff
from reader.reanchor_match import ORPHAN, AnchorIn, AnchorOut, align, context_sides, occurrences

ELSEWHERE_MIN_CONTEXT = 0.55  # context agreement needed to accept an exact occurrence elsewhere
ELSEWHERE_MARGIN = 0.15  # ... and how clearly it must beat the runner-up
SEARCH_MIN_SIM = 0.8  # quote similarity needed for an approximate match elsewhere (step 5)
SEARCH_MIN_CONTEXT = 0.45  # context agreement needed for an approximate match elsewhere
SEARCH_MIN_LEN = 16  # quotes shorter than this are never searched approximately
UNIQUE_MIN_LEN = 40  # a quote this long found once, still bounded by paragraph edges, is accepted
MAX_OCCURRENCES = 64  # more exact occurrences than this: too ambiguous to pick one
UNCHANGED_MIN_LEN = 20  # shorter identical quotes need their whole context to be found elsewhere


class SearchSteps:
    """Steps 4-5, mixed into the re-anchorer (which provides ``_unchanged`` and ``_fuzzy``)."""

    new: str
    diff: TextDiff | None
    _own: bool
    _kind: str

    def _unchanged(self, a: AnchorIn, ns: int, ne: int) -> AnchorOut:
        raise NotImplementedError

    def _fuzzy(self, a: AnchorIn, ns: int, ne: int, sim: float) -> AnchorOut:
        raise NotImplementedError

    def _search(
        self, a: AnchorIn, hint: int, approximate: bool = True, own_offsets: bool = True
    ) -> AnchorOut:
        """Steps 4-5: the quote, unchanged or (if ``approximate``) edited, anywhere in the new text.

        ``own_offsets=False``: the anchor's offsets are not into ``old_text``, so the diff cannot
        tell which old text a candidate place came from.
        """
        self._own, self._kind = own_offsets, "search"
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
        occ = occurrences(self.new, a.exact, MAX_OCCURRENCES)
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
        if len(a.exact) < UNCHANGED_MIN_LEN and low < 1.0:
            return None  # a short phrase found elsewhere: only with its whole context
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
            occ = occurrences(new, quote[off : off + size], 8)
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
        s, e, kept = align(pattern, len(a.prefix), len(a.prefix) + len(quote), new[w0:w1])
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
