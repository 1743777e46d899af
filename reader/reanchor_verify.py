"""Checks on a re-anchored place: is it held firmly, and could other text explain it as well? (else: orphan).

While placing an edited quote (:mod:`reader.reanchor`, step 3):

- **edge attachment** (:func:`edge_state`): an edit inside a quote leaves its first and last
  characters next to their old context; when neither edge is still attached to its context, the
  characters that seem to survive are as likely a coincidence of the words that replaced it;
- **loose edges** (:func:`loose_edges`, :func:`aligned_ends`): short aligned runs at an edge that an
  edit cut off are dropped, and a span starts and ends on the quote's own characters.

Then, for every place found:

- **another source in the old text** (:func:`other_source`, :func:`repeated_run`, :func:`lost_twin`):
  the placed text, with its context, is just as much the remains of some other part of the old
  text (a repeated line, a similar list item, an identical paragraph gone from its own place) that
  the diff does not keep, reading better, somewhere else;
- **a rival place in the new text** (:func:`rival`): somewhere else the quote reads about as well
  with its context (a copy, a moved original) and the diff does not call that other old text.

Each function is pure (strings and a :class:`~reader.reanchor_diff.TextDiff` in, a verdict out).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from reader.reanchor_diff import TextDiff
from reader.reanchor_match import AnchorIn, align, context_sides, occurrences, side_agreement, similar

ATTACH = 3  # context characters that must survive together with a quote's edge for it to be attached
OTHER_LIMIT = 256  # more occurrences than this: too common to check one by one (and to trust)
CONTEXT = 32


def edge_state(diff: TextDiff, a: AnchorIn, left: bool) -> tuple[int | None, bool]:
    """Where the quote's first (``left``) or last character survives in the new text, and whether attached.

    Returns ``(new offset of that edge, attached)``; ``(None, False)`` when the edge character is gone.
    Attached means it is still next to its old context: the ATTACH old characters beside it outside
    the quote are there beside it in the new text too (a space may have become a line break or the
    other way round), or it was and still is at a paragraph (or text) edge.
    """
    old, new = diff.old, diff.new
    pos_old = a.start if left else a.end - 1
    s = diff.same_run(pos_old, pos_old + 1)
    if s is None:
        return None, False
    if left:
        pos, k = s, min(ATTACH, a.start)
        near = _blank(old[a.start - k : a.start]) == _blank(new[max(0, pos - k) : pos]) if k else pos == 0
        edge = (a.start == 0 or old[a.start - 1] == "\n") and (pos == 0 or new[pos - 1] == "\n")
    else:
        pos, k = s + 1, min(ATTACH, len(old) - a.end)
        near = _blank(old[a.end : a.end + k]) == _blank(new[pos : pos + k]) if k else pos == len(new)
        edge = (a.end == len(old) or old[a.end] == "\n") and (pos == len(new) or new[pos] == "\n")
    return pos, near or edge


def _blank(text: str) -> str:
    """``text`` with every line break as a space (a paragraph split or join is not an edit of the words)."""
    return text.replace("\n", " ")


def place_score(a: AnchorIn, text: str, x: int, y: int) -> float:
    """How well ``text[x:y]`` and its surroundings read as the anchor's quote and context (0..1)."""
    pre, suf = context_sides(a, text, x, y)
    sim = 1.0 if text[x:y] == a.exact else similar(a.exact, text[x:y])
    return 0.75 * sim + 0.25 * (pre + suf) / 2


def _context_at(old: str, o: int, p: int, new: str, x: int, y: int, n_pre: int, n_suf: int) -> float:
    """Agreement of the old context around ``old[o:p]`` with the new context around ``new[x:y]``."""
    pre = side_agreement(old[max(0, o - n_pre) : o], new[max(0, x - n_pre) : x], True)
    suf = side_agreement(old[p : p + n_suf], new[y : y + n_suf], False)
    return (pre + suf) / 2


def other_source(a: AnchorIn, diff: TextDiff, x: int, y: int, margin: float, ours: float) -> bool:
    """True if ``new[x:y]`` is about as well explained by some other part of the old text.

    Candidates are the other occurrences of the placed text in the old text and, for longer text,
    the old regions most like it (chunk votes, then aligned with the place's new context). Each is
    scored as if it were the highlight: its likeness to the placed text and the agreement of its
    own old context with the place's. If one scores within ``margin`` of the anchor's own score there
    (``ours``, see :func:`place_score`) and the diff does not keep most of it somewhere else where it
    reads better, the place may be its remains instead.
    """
    old, new = diff.old, diff.new
    t = new[x:y]
    if not t.strip():
        return True
    n_pre, n_suf = len(a.prefix) or CONTEXT, len(a.suffix) or CONTEXT
    occ = occurrences(old, t, OTHER_LIMIT)
    if len(occ) > OTHER_LIMIT:
        return True  # too common to tell the instances apart
    spans = [(o, o + len(t)) for o in occ]
    if len(t) >= 12:
        pattern = new[max(0, x - n_pre) : x] + t + new[y : y + n_suf]
        lo = min(n_pre, x)
        pad = len(t) // 2 + 8
        size = _chunk(t)
        for guess in _candidates(t, old):
            if abs(guess - a.start) <= size:
                continue  # the quote's own old place
            w0 = max(0, guess - n_pre - pad)
            w1 = min(len(old), guess + len(t) + n_suf + pad)
            s, e, _ = align(pattern, lo, lo + len(t), old[w0:w1])
            if e > s:
                spans.append((w0 + s, w0 + e))
    for o, p in spans:
        if o < a.end and p > a.start:
            continue  # that is (part of) the quote itself
        if not _may_reach(t, old[o:p], ours - margin):
            continue
        sim = 1.0 if old[o:p] == t else similar(t, old[o:p])
        theirs = 0.75 * sim + 0.25 * _context_at(old, o, p, new, x, y, n_pre, n_suf)
        if theirs < ours - margin:
            continue
        away = [r for r in diff.runs(o, p) if r[2] + r[1] - r[0] <= x or r[2] >= y]
        if sum(r[1] - r[0] for r in away) * 2 > p - o:
            # the diff keeps most of that text somewhere else: fine if it reads better there
            i, j = away[0][2], away[-1][2] + away[-1][1] - away[-1][0]
            if i < j:
                sim = similar(old[o:p], new[i:j])
                there = 0.75 * sim + 0.25 * _context_at(old, o, p, new, i, j, n_pre, n_suf)
                if there > theirs + margin:
                    continue
        return True
    return False


def _may_reach(a: str, b: str, need: float) -> bool:
    """False if a place holding ``b`` for quote ``a`` cannot score ``need`` whatever its context."""
    return a == b or 0.75 * SequenceMatcher(None, a, b, autojunk=False).quick_ratio() + 0.25 >= need


def _chunk(quote: str) -> int:
    """The chunk size used to vote for places of ``quote``."""
    return max(6, min(24, len(quote) // 4))


def _candidates(quote: str, text: str, limit: int = 3) -> list[int]:
    """Likely start offsets of an edited copy of ``quote`` in ``text`` (chunk votes, best first).

    With three chunks or more, a place needs two votes (a single shared chunk is a common phrase).
    """
    size = _chunk(quote)
    votes: dict[int, int] = {}
    chunks = 0
    for off in range(0, max(1, len(quote) - size + 1), size):
        chunks += 1
        occ = occurrences(text, quote[off : off + size], 16)
        if 0 < len(occ) <= 16:
            for s in occ:
                key = (s - off) // size
                votes[key] = votes.get(key, 0) + 1
    least = 2 if chunks >= 3 else 1
    merged = sorted(
        ((votes.get(k - 1, 0) + v + votes.get(k + 1, 0), k) for k, v in votes.items()), reverse=True
    )
    out: list[int] = []
    for n, k in merged:
        if n < least:
            break
        if all(abs(k - j) > 2 for j in out):
            out.append(k)
        if len(out) >= limit:
            break
    return [k * size for k in out]


def rival(
    a: AnchorIn, diff: TextDiff | None, new: str, x: int, y: int, margin: float, ours: float, own: bool = True
) -> bool:
    """True if another place in ``new`` reads about as well as the quote with its context as ``[x, y)``.

    Rivals are the quote's exact occurrences and the best regions of chunk votes, aligned with the
    quote and its context; ``ours`` is the place's own :func:`place_score`. A rival within ``margin``
    of it counts; one a little further behind (within WIDE_RIVAL) counts if its wider surroundings
    agree with the old text clearly better on either side (a copy left where the original was, the
    original moved). A rival the diff calls some other old text (another instance of the same words)
    does not count; with ``own=False`` (offsets not into the diff's old text) every one does.
    """
    quote = a.exact
    wide = own and diff is not None
    near = max(margin, WIDE_RIVAL) if wide else margin
    spans: list[tuple[int, int]] = []
    occ = occurrences(new, quote, OTHER_LIMIT)
    if len(occ) > OTHER_LIMIT:
        return True
    if ours - near > 0.875:  # only a copy that keeps a side of its context can come that close
        pre, suf = a.prefix[-3:], a.suffix[:3]
        occ = [
            s for s in occ if new[max(0, s - 3) : s] == pre or new[s + len(quote) : s + len(quote) + 3] == suf
        ]
    spans += [(s, s + len(quote)) for s in occ]
    if len(quote) >= 12:
        pattern = a.prefix + quote + a.suffix
        pad = len(quote) // 2 + 8
        for guess in _candidates(quote, new):
            if x - len(quote) <= guess <= y:
                continue  # that is the place itself
            w0 = max(0, guess - len(a.prefix) - pad)
            w1 = min(len(new), guess + len(quote) + len(a.suffix) + pad)
            s, e, _ = align(pattern, len(a.prefix), len(a.prefix) + len(quote), new[w0:w1])
            if e > s:
                spans.append((w0 + s, w0 + e))
    for s, e in spans:
        if s < y and e > x:
            continue
        if not _may_reach(quote, new[s:e], ours - near):
            continue
        theirs = place_score(a, new, s, e)
        if theirs < ours - near:
            continue
        if own and diff is not None and diff.foreign(s, e, a.start, a.end) * 2 > e - s:
            continue  # the diff says this is another instance of the same words
        if theirs >= ours - margin:
            return True
        assert diff is not None
        (op, os_), (rp, rs) = _wide(a, diff.old, new, x, y), _wide(a, diff.old, new, s, e)
        if rp > op + WIDE_SIDE or rs > os_ + WIDE_SIDE:
            return True
    return False


WIDE_RIVAL = 0.3  # rivals this close to a place are also compared by their wider surroundings
WIDE_SIDE = 0.1  # ... and count if either side of theirs agrees this much better


def _wide(a: AnchorIn, old: str, new: str, x: int, y: int) -> tuple[float, float]:
    """Likeness of the WIDE characters before and after ``new[x:y]`` to those around the quote in ``old``."""
    pre = similar(old[max(0, a.start - WIDE) : a.start], new[max(0, x - WIDE) : x])
    suf = similar(old[a.end : a.end + WIDE], new[y : y + WIDE])
    return pre, suf


ISLAND = 16  # aligned runs shorter than this at a loose edge, cut off by an edit, may be coincidence
STRAY = 10  # ... and at an attached edge, if they are a piece of a word the edit cut into


def loose_edges(
    quote: str, text: str, ns: int, ne: int, left: int | None, right: int | None
) -> tuple[int, int, int, bool, bool]:
    """The span of an edited quote fixed at its attached edges, without islands at its edges.

    ``left``/``right`` are the new offsets of the quote's attached start/end (None when that edge
    went with its context). At a loose edge, runs of the alignment shorter than ISLAND that an edit
    separates from the rest are dropped: words that replaced the edge and happen to share a few
    characters with it are not the quote's. At an attached edge, such a run is dropped too when it is
    a piece of a word that the edit cut into and replaced by text of another length (inserted text
    that happens to end like the quote's last word); that edge is loose then. Returns ``(start,
    end, characters kept, start attached, end attached)``.
    """
    ns = left if left is not None else ns
    ne = right if right is not None else ne
    if ne <= ns:
        return ns, ns, 0, False, False
    sm = SequenceMatcher(None, quote, text[ns:ne], autojunk=False)
    runs: list[list[int]] = []  # [quote start, window start, length], touching runs merged
    for i, j, n in sm.get_matching_blocks():
        if n and runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == j:
            runs[-1][2] += n
        elif n:
            runs.append([i, j, n])
    if not runs:
        return ns, ns, 0, False, False

    def stray(r: list[int], q: list[int]) -> bool:
        """An attached edge run ``r`` (next to run ``q``) that is part of a word the edit cut into."""
        first, second = (r, q) if r[0] < q[0] else (q, r)
        uneven = abs((second[0] - first[0] - first[2]) - (second[1] - first[1] - first[2])) > 2
        cut = second[0] if r is second else first[0] + first[2]  # where the run meets the gap
        return uneven and 0 < cut < len(quote) and quote[cut - 1].isalnum() and quote[cut].isalnum()

    fixed_l, fixed_r = left is not None, right is not None
    while (
        len(runs) > 1
        and runs[0][2] < (STRAY if fixed_l else ISLAND)
        and (not fixed_l or stray(runs[0], runs[1]))
    ):
        runs.pop(0)
        fixed_l = False
    while (
        len(runs) > 1
        and runs[-1][2] < (STRAY if fixed_r else ISLAND)
        and (not fixed_r or stray(runs[-1], runs[-2]))
    ):
        runs.pop()
        fixed_r = False
    x = ns if fixed_l else ns + runs[0][1]
    y = ne if fixed_r else ns + runs[-1][1] + runs[-1][2]
    return x, y, sum(r[2] for r in runs), fixed_l, fixed_r


WIDE = 240  # characters of wider context compared when a quote's whole pattern recurs
WIDE_MARGIN = 0.1  # how much better the anchor's own wider context must agree than another copy's


def repeated_run(a: AnchorIn, diff: TextDiff, x: int) -> bool:
    """True if the quote's whole pattern (context included) recurs in the old text and the diff may have
    matched this place to the wrong copy.

    An unchanged run is trusted unless the old text holds the same prefix, quote and suffix elsewhere
    and that other copy is not kept intact somewhere else (a repeated list, recipe or sign-off with
    one copy edited or deleted). Then the wider context decides: the anchor's own must agree with the
    place's clearly better than the other copy's does.
    """
    old, new = diff.old, diff.new
    pattern = a.prefix + a.exact + a.suffix
    lo = a.start - len(a.prefix)
    occ = occurrences(old, pattern, OTHER_LIMIT)
    if len(occ) > OTHER_LIMIT:
        return True
    n = len(pattern)
    nx = x - len(a.prefix)
    here = new[max(0, nx - WIDE) : nx], new[nx + n : nx + n + WIDE]

    def wide(o: int) -> float:
        pre = similar(old[max(0, o - WIDE) : o], here[0])
        suf = similar(old[o + n : o + n + WIDE], here[1])
        return (pre + suf) / 2

    ours = None
    for o in occ:
        if o == lo:
            continue
        q = diff.same_run(o, o + n)
        if q is not None and q != nx:
            continue  # the diff keeps that copy, intact, somewhere else
        ours = wide(lo) if ours is None else ours
        if wide(o) > ours - WIDE_MARGIN:
            return True
    return False


def aligned_ends(quote: str, text: str, ns: int, ne: int, sim: float) -> tuple[int, int, float]:
    """Shrink a fuzzy span so that it starts and ends on characters aligned with the quote.

    Tightening can leave inserted text at an edge; a highlight never starts or ends on characters
    that are not its own.
    """
    sm = SequenceMatcher(None, quote, text[ns:ne], autojunk=False)
    runs = [(j, n) for _, j, n in sm.get_matching_blocks() if n]
    if not runs:
        return ns, ns, 0.0
    x, y = ns + runs[0][0], ns + runs[-1][0] + runs[-1][1]
    if (x, y) == (ns, ne):
        return ns, ne, sim
    return x, y, 2 * sum(n for _, n in runs) / (len(quote) + y - x)


def lost_twin(a: AnchorIn, diff: TextDiff, x: int, y: int) -> bool:
    """True if the place ``new[x:y]`` is a whole paragraph that, word for word, vanished from elsewhere.

    Identical (or nearly identical) paragraphs, such as a sign-off, a credit line or a "buy now"
    line, are interchangeable: when the quote was a whole paragraph, and the paragraph standing in
    its place now is, verbatim, another old paragraph that is gone from where it was, it may be that
    one, moved.
    """
    old, new = diff.old, diff.new
    t = new[x:y]

    def whole(text: str, o: int, n: int) -> bool:
        return (o == 0 or text[o - 1] == "\n") and (o + n == len(text) or text[o + n] == "\n")

    if not t or not whole(old, a.start, len(a.exact)) or not whole(new, x, len(t)):
        return False
    for o in occurrences(old, t, OTHER_LIMIT):
        if o != a.start and whole(old, o, len(t)) and diff.same_run(o, o + len(t)) is None:
            return True
    return False


BIG_GAP = 24  # inserted text inside a fuzzy span longer than this (and half the quote) splits it


def split_gap(quote: str, text: str, ns: int, ne: int, sim: float) -> tuple[int, int, float]:
    """Keep the larger part of a fuzzy span that a long stretch of new text splits in two.

    Edits insert a few words; a stretch longer than the quote's half (a moved paragraph run into it)
    leaves it unclear which part is the quote's, so only the part holding more of it is kept.
    """
    sm = SequenceMatcher(None, quote, text[ns:ne], autojunk=False)
    runs = [(j, n) for _, j, n in sm.get_matching_blocks() if n]
    limit = max(BIG_GAP, len(quote) // 2)
    cut = [k for k in range(1, len(runs)) if runs[k][0] - (runs[k - 1][0] + runs[k - 1][1]) > limit]
    if not cut:
        return ns, ne, sim
    parts, lo = [], 0
    for k in [*cut, len(runs)]:
        parts.append(runs[lo:k])
        lo = k
    best = max(parts, key=lambda p: sum(n for _, n in p))
    x, y = ns + best[0][0], ns + best[-1][0] + best[-1][1]
    return x, y, 2 * sum(n for _, n in best) / (len(quote) + y - x)
