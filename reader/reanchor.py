"""Re-anchor highlights when an article's text changes: ``exact``, ``fuzzy`` with a score, or ``orphaned``.

The rule is *never a wrong place*: a highlight is only placed where the evidence says its own
characters now are, otherwise it is orphaned (kept with its quote and note, shown as needing
attention). The evidence, strongest first:

1. **The text diff.** ``old_text -> new_text`` is diffed once per article (:mod:`reader.reanchor_diff`).
   If the quote and its context lie inside one unchanged run (moved paragraphs included), the
   highlight simply moved: ``exact``.
2. **The quote at its mapped place.** If the quote is unchanged where the diff puts it: ``exact``
   when its prefix/suffix still agree, else ``fuzzy`` (score from the context).
3. **An edited quote at its mapped place.** The span between the first and last surviving
   characters of the quote; ``fuzzy`` when enough of the quote survives there in order.
4. **The quote elsewhere** (the diff has no place for it; :mod:`reader.reanchor_search`): every exact
   occurrence is scored by how well its prefix/suffix agree; the best one wins only if it agrees
   well and clearly beats the others.
5. **An edited quote elsewhere:** chunks of the quote vote for a start; the winning region is
   aligned character by character with prefix+quote+suffix; accepted only when the quote is still
   very similar and the context agrees.

Guards, because ambiguity must end in ``orphaned``, never in a wrong place. While finding a place:
an edited quote is placed where the diff maps it only if at least one of its edges is still
attached to its old context there (an edit inside a quote leaves its edges in place; when both
edges went, the surviving letters may be a coincidence of the words that replaced it), short
aligned runs at a loose edge are cut off, and a span ends on the quote's own characters
(:mod:`reader.reanchor_verify`); a fuzzy span is tightened when inserted text repeats the quote's
own start or end (:mod:`reader.reanchor_match`); a fuzzy place scoring under FUZZY_MIN_SCORE is
orphaned; a short quote is found elsewhere only with its whole context intact.

Then every place is checked (:meth:`_Reanchorer._verify`): nothing else may explain it about as
well. Not another part of the old text (a repeated line, a similar list item, an identical
paragraph that vanished), and not another place in the new text (a copy of the quote, a moved
original) unless the diff calls that other place another instance of the same words. A place in
an unchanged run is only questioned when its whole pattern recurs in the old text.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.reanchor_diff import TextDiff
from reader.reanchor_match import (
    ORPHAN,
    Anchor,
    AnchorIn,
    AnchorOut,
    Status,
    align,
    context_score,
    context_sides,
    occurrences,
    prune_edges,
    robust_span,
    tighten,
)
from reader.reanchor_search import UNCHANGED_MIN_LEN, SearchSteps
from reader.reanchor_verify import (
    aligned_ends,
    edge_state,
    loose_edges,
    lost_twin,
    other_source,
    place_score,
    repeated_run,
    rival,
    split_gap,
)

EXACT_CONTEXT = 0.6  # context agreement at or above which an unchanged quote is `exact`
MAPPED_MIN_KEPT = 0.6  # share of an edited quote that must survive in place (step 3)
MAPPED_MIN_SIM = 0.6  # similarity of the quote to its edited place (step 3)
PLACE_GONE = 0.3  # below this share of the quote surviving in place, search elsewhere (steps 4-5)
FUZZY_MIN_LEN = 8  # shorter edited quotes need both context sides to agree at least SHORT_MIN_CONTEXT
FUZZY_MIN_SCORE = 0.6  # a fuzzy place scoring less than this is not found with confidence: orphaned
SHORT_MIN_CONTEXT = 0.7
__all__ = ["ORPHAN", "Anchor", "AnchorIn", "AnchorOut", "Status", "reanchor"]
FOREIGN_INSIDE = 8  # a place may hold this much text that the diff says is other old text
FOREIGN_INSIDE_SHARE = 0.1  # ... or this share of the quote's length
ONE_EDGE_MIN_LEN = 4  # an edited quote with one edge replaced is placed only if at least this long
ONE_EDGE_MIN_KEPT = 0.7  # ... and this share of it survives
SOURCE_MARGIN = 0.05  # other places: orphaned if another old text explains them within this margin
RIVAL_MARGIN = 0.02  # a diff-mapped place is orphaned if another new place reads within this margin
SEARCH_PERFECT_MARGIN = 0.1  # ... and one found by search with its whole context, within this one
SEARCH_RIVAL_MARGIN = 0.3  # a place found by search alone needs a clearer lead over any rival


def _repeated(old: str, a: AnchorIn) -> bool:
    """True if the quote occurs in the old text somewhere other than at the anchor."""
    return old.find(a.exact) != a.start or old.find(a.exact, a.start + 1) >= 0


class _Reanchorer(SearchSteps):
    """Shared state for re-anchoring many highlights of one article."""

    def __init__(self, old_text: str | None, new_text: str) -> None:
        self.old, self.new = old_text or "", new_text
        self.diff = TextDiff(old_text, new_text) if old_text is not None else None
        self._own = True
        self._kind = "mapped"  # how the place was found: "run" (step 1), "mapped" (2-3), "search" (4-5)
        self.why = ""  # which check orphaned the last highlight, if one did (for studying the bench)

    def one(self, a: AnchorIn) -> AnchorOut:
        """Re-anchor one highlight: find a place (steps 1-5), then check nothing else explains it as well."""
        self._own, self._kind = True, "mapped"
        self.why = ""
        if not a.exact:
            return ORPHAN
        out = self._place(a)
        if out.start is None or out.end is None:
            return out
        return self._verify(a, out)

    def _place(self, a: AnchorIn) -> AnchorOut:
        """Steps 1-5 of the module docstring."""
        quote, new, diff = a.exact, self.new, self.diff
        if diff is None or self.old[a.start : a.end] != quote:  # offsets not from old_text: search only
            return self._search(a, a.start, own_offsets=False)
        # 1. quote and context inside one unchanged run of the diff
        lo, hi = a.start - len(a.prefix), a.end + len(a.suffix)
        if lo >= 0 and self.old[lo : a.start] == a.prefix and self.old[a.end : hi] == a.suffix:
            s = diff.same_run(lo, hi)
            if s is not None:
                self._kind = "run"
                return AnchorOut("exact", s + len(a.prefix), s + len(a.prefix) + len(quote), 1.0)
        # 2./3. the place the diff maps the quote to
        span = robust_span(diff.runs(a.start, a.end), len(quote), self.old, new)
        if span is None or span[2] < PLACE_GONE * len(quote):
            return self._search(a, diff.hint(a.start))  # its place is gone: look elsewhere
        ns, ne, kept = span
        if new[ns:ne] == quote:
            return self._mapped_unchanged(a, ns, ne)
        if ne - ns > len(quote):  # inserted text next to the quote repeats its end (or start)
            for x in (ns, ne - len(quote)):
                if new[x : x + len(quote)] == quote:
                    return self._mapped_unchanged(a, x, x + len(quote))
        return self._mapped_edited(a, ns, ne, kept)

    def _mapped_edited(self, a: AnchorIn, ns: int, ne: int, kept: int) -> AnchorOut:
        """Step 3: an edited quote where the diff maps it, held by at least one edge still in its context."""
        quote, new, diff = a.exact, self.new, self.diff
        assert diff is not None
        (left, l_att), (right, r_att) = edge_state(diff, a, True), edge_state(diff, a, False)
        left = left if l_att and left is not None and self._beside(a, left, ns, True) else None
        right = right if r_att and right is not None and self._beside(a, ne, right, False) else None
        if left is None and right is None:
            self.why = "no edge"  # neither edge is where it was with its context: no firm ground
            return ORPHAN  # its place still exists but changed too much: do not look elsewhere
        ns, ne, kept, fixed_l, fixed_r = loose_edges(quote, new, ns, ne, left, right)
        left, right = (left if fixed_l else None), (right if fixed_r else None)
        sim = 2 * kept / (len(quote) + ne - ns) if ne > ns else 0.0
        if not fixed_l and not fixed_r:
            self.why = "no edge"
            return ORPHAN
        if (left is None or right is None) and (
            len(quote) < ONE_EDGE_MIN_LEN or kept < ONE_EDGE_MIN_KEPT * len(quote)
        ):
            self.why = "one edge"
            return ORPHAN  # an edge was replaced: too little of the quote is left to be sure
        if kept < MAPPED_MIN_KEPT * len(quote) or sim < MAPPED_MIN_SIM:
            return ORPHAN
        pre, suf = context_sides(a, new, ns, ne)
        held = [c for c, edge in ((pre, left), (suf, right)) if edge is not None]  # sides held by context
        if len(quote) >= 64 or min(held) >= (0.3 if len(quote) >= FUZZY_MIN_LEN else SHORT_MIN_CONTEXT):
            return self._checked(a, ns, ne, self._fuzzy(a, ns, ne, sim))
        return self._search(a, diff.hint(a.start), approximate=False)  # a coincidental match

    def _beside(self, a: AnchorIn, x: int, y: int, left: bool) -> bool:
        """True if an attached edge and the surviving runs, ``new[x:y]`` apart, belong together.

        The gap must be as long as the quote's own text between them was (a replaced word), give or
        take a typo, and bring no new line break: then the edge is not a copy of the quote's first or
        last letter in inserted text next to it.
        """
        if x == y:
            return True
        diff = self.diff
        assert diff is not None
        if y < x:
            return False
        gap = self.new[x:y]
        for lo, hi, n_lo, _, _ in diff.runs(a.start, a.end):  # the old offset of the run beside the gap
            n_hi = n_lo + hi - lo
            if left and n_lo <= y < n_hi:
                was = self.old[a.start : lo + y - n_lo]
                break
            if not left and n_lo < x <= n_hi:
                was = self.old[lo + x - n_lo : a.end]
                break
        else:
            return False
        return abs(len(was) - len(gap)) <= 2 and gap.count("\n") <= was.count("\n")

    def _verify(self, a: AnchorIn, out: AnchorOut) -> AnchorOut:
        """Orphan a place that other old text or another new place explains about as well."""
        assert out.start is not None and out.end is not None
        s, e, diff = out.start, out.end, self.diff
        if self._kind == "run":  # unchanged with its context: only a repeated quote can be mistaken
            if diff is not None and _repeated(self.old, a) and repeated_run(a, diff, s):
                self.why = "run source"
                return ORPHAN
            return out
        limit = max(FOREIGN_INSIDE, FOREIGN_INSIDE_SHARE * len(a.exact))
        if diff is not None and self._own and diff.foreign(s, e, a.start, a.end) > limit:
            self.why = "foreign inside"  # an edit inserts new words, not a stretch of the article's own
            return ORPHAN
        if diff is not None and self._own and lost_twin(a, diff, s, e):
            self.why = "lost twin"
            return ORPHAN
        ours = place_score(a, self.new, s, e)
        if diff is not None and self._own and other_source(a, diff, s, e, SOURCE_MARGIN, ours):
            self.why = "source " + self._kind
            return ORPHAN
        margin = RIVAL_MARGIN
        if self._kind == "search":  # no diff evidence for the place: it must clearly lead
            margin = SEARCH_PERFECT_MARGIN if ours >= 1.0 else SEARCH_RIVAL_MARGIN
        if rival(a, diff, self.new, s, e, margin, ours, own=self._own):
            self.why = "rival " + self._kind
            return ORPHAN
        return out

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
        if len(occurrences(self.new, a.exact, 1)) > 1:
            return ORPHAN  # the words recur and their context changed: the diff may have picked a copy
        ctx = context_score(a, self.new, ns, ne)
        for x, y, kept in self._bracketed(a, ns, ne):
            if y > x and self._foreign(a, x, y):
                continue  # the diff says that place is another instance of the same words
            sim = 2 * kept / (len(a.exact) + y - x) if y > x else 0.0
            if sim < MAPPED_MIN_SIM or kept < MAPPED_MIN_KEPT * len(a.exact):
                return ORPHAN if ctx < 0.9 else found
            rival_ctx = context_score(a, self.new, x, y)
            if rival_ctx <= ctx + 0.15:
                return ORPHAN
            return self._unchanged(a, x, y) if self.new[x:y] == a.exact else self._fuzzy(a, x, y, sim)
        if found.status == "exact":
            return found
        if len(a.exact) < UNCHANGED_MIN_LEN or len(occurrences(self.new, a.exact, 1)) > 1:
            return ORPHAN
        return self._checked(a, ns, ne, found)

    def _bracketed(self, a: AnchorIn, ns: int, ne: int) -> list[tuple[int, int, int]]:
        """Other places framed by the outer halves of the old prefix and suffix: the quote's span there."""
        k = 16
        if len(a.prefix) < 6 or len(a.suffix) < 6:
            return []
        pk, sk = a.prefix[: min(k, len(a.prefix) // 2)], a.suffix[-min(k, len(a.suffix) // 2) :]
        starts, ends = occurrences(self.new, pk, 8), occurrences(self.new, sk, 8)
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
                x, y, kept = align(pattern, len(a.prefix), len(a.prefix) + len(a.exact), w)
                out.append((p + x, p + y, kept) if y > x else (p, p, 0))
        return out

    def _fuzzy(self, a: AnchorIn, ns: int, ne: int, sim: float) -> AnchorOut:
        """An edited quote at ``[ns, ne)`` with quote similarity ``sim`` (tightened, see :func:`tighten`)."""
        span = ns, ne
        ns, ne, sim = tighten(a.exact, self.new, ns, ne, sim)
        if (ns, ne) != span:  # a cut may leave inserted text at an edge
            ns, ne, sim = aligned_ends(a.exact, self.new, ns, ne, sim)
        ns, ne, sim = split_gap(a.exact, self.new, ns, ne, sim)
        ns, ne, sim = prune_edges(a, self.new, ns, ne, sim)
        while ne > ns and self.new[ns].isspace() and not a.exact[0].isspace():
            ns += 1  # a replaced edge word leaves the space next to it: not worth highlighting alone
        while ne > ns and self.new[ne - 1].isspace() and not a.exact[-1].isspace():
            ne -= 1
        ctx = context_score(a, self.new, ns, ne)
        score = round(0.75 * sim + 0.25 * ctx, 3)
        return AnchorOut("fuzzy", ns, ne, score) if score >= FUZZY_MIN_SCORE else ORPHAN

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
        x, y, kept = align(pattern, a.start - p_lo, a.end - p_lo, self.new[w0:w1])
        if y > x:
            x, y = w0 + x, w0 + y
            sim = 2 * kept / (len(a.exact) + y - x)
            if kept >= MAPPED_MIN_KEPT * len(a.exact) and sim >= MAPPED_MIN_SIM:
                return self._unchanged(a, x, y) if self.new[x:y] == a.exact else self._fuzzy(a, x, y, sim)
        return ORPHAN


def reanchor(old_text: str | None, new_text: str, anchors: Sequence[AnchorIn]) -> list[AnchorOut]:
    """Re-anchor every highlight of an article whose text changed from ``old_text`` to ``new_text``.

    ``old_text=None`` (offsets made on an unknown text, e.g. an imported file): the old offsets
    are only a position hint and every highlight is found by its quote and context.
    """
    if not anchors:
        return []
    r = _Reanchorer(old_text, new_text)
    return [r.one(a) for a in anchors]
