"""A character-level diff of two article texts, computed once and used to map old offsets to new ones.

It works like a patience diff, so that it stays fast on long articles and is not thrown off by
moved paragraphs: runs of three tokens that occur exactly once in each text are anchors, and the
longest chain of anchors in the same order in both texts pins the alignment. Between anchors,
words are diffed with ``difflib``, and characters inside short replaced runs of words. The result
is a sorted list of *equal blocks* ``(old_start, new_start, length)``: characters the two texts
share, in order, plus blocks for moved text (anchors off the chain grown over equal text that
nothing else matched, at least MOVE_MIN characters). Everything outside them was deleted,
inserted or replaced.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
GRAM = 3  # tokens per anchor
_WORD = re.compile(r"\w+|[^\w\s]|\s+")
CHAR_LIMIT = 400  # character-level diff only inside replaced word runs at most this long (both sides)
MIN_CHAR_RUN = 2  # equal runs of a single character inside a replaced run are coincidences, not kept
MOVE_MIN = 40  # moved text shorter than this is not matched (a deletion plus an insertion)
MOVE_PIECE = 12  # ... except pieces of it between edits, this long, close to a longer piece
MOVE_GAP = 40  # how far apart (and how differently shifted) the pieces of one moved paragraph may be


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of ``a`` and ``b`` (binary search over slices, C-speed compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str) -> int:
    """Length of the common suffix of ``a`` and ``b``."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _pieces(pattern: re.Pattern[str], text: str, base: int) -> tuple[list[str], list[int]]:
    """Split ``text`` into tokens; return the tokens and their absolute start offsets (plus the end)."""
    toks: list[str] = []
    starts: list[int] = []
    for m in pattern.finditer(text):
        toks.append(m.group())
        starts.append(base + m.start())
    starts.append(base + len(text))
    return toks, starts


def _chain(ta: list[str], tb: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Token index pairs of the anchors (grams unique in both) in the longest chain ordered in both,
    and all anchor pairs (those off the chain are moved text)."""

    def unique(t: list[str]) -> dict[tuple[str, ...], int]:
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(t) - GRAM + 1):
            g = tuple(t[i : i + GRAM])
            seen[g] = -1 if g in seen else i
        return seen

    ub = unique(tb)
    pairs = sorted((i, ub.get(g, -1)) for g, i in unique(ta).items() if i >= 0 and ub.get(g, -1) >= 0)
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):  # longest increasing subsequence of j (patience sorting)
        p = bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[p] = j
            tail_at[p] = k
        prev[k] = tail_at[p - 1] if p else -1
    chain = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1], pairs


def _anchored(old: str, new: str, out: list) -> None:
    """Append the equal blocks of ``old`` vs ``new``: anchor chain, moved text, word and char diffs."""
    ta, sa = _pieces(_TOKEN, old, 0)
    tb, sb = _pieces(_TOKEN, new, 0)
    last_i = last_j = -1
    matched: list[tuple[int, int]] = []
    chain, pairs = _chain(ta, tb)
    for i, j in chain:
        for t in range(GRAM):
            if i + t > last_i and j + t > last_j:
                matched.append((i + t, j + t))
                last_i, last_j = i + t, j + t
    strong: list[tuple[int, int, int]] = []
    gaps: list[tuple[int, int, int, int]] = []
    ci = cj = 0  # token cursors: everything before them is aligned
    k = 0
    while k < len(matched):
        i, j = matched[k]
        n = 1
        while k + n < len(matched) and matched[k + n] == (i + n, j + n):
            n += 1
        gaps.append((sa[ci], sa[i], sb[cj], sb[j]))
        strong.append((sa[i], sb[j], sa[i + n] - sa[i]))
        ci, cj = i + n, j + n
        k += n
    gaps.append((sa[ci], len(old), sb[cj], len(new)))
    on_chain = set(chain)
    seeds = [(sa[i], sa[i + GRAM], sb[j]) for i, j in pairs if (i, j) not in on_chain]
    moved = _moves(old, new, strong, seeds) if seeds else []
    out += strong
    out += moved
    rest: list[tuple[int, int, int]] = []
    for a0, a1, b0, b1 in gaps:
        _diff(old, new, a0, a1, b0, b1, 1, rest)
    out += _outside(rest, moved, len(old), len(new)) if moved else rest


def _outside(blocks: list, moved: list, n_old: int, n_new: int) -> list[tuple[int, int, int]]:
    """The parts of ``blocks`` that touch no moved block on either side."""
    used_old, used_new = bytearray(n_old), bytearray(n_new)
    for a, b, n in moved:
        used_old[a : a + n] = b"\x01" * n
        used_new[b : b + n] = b"\x01" * n
    out = []
    for a, b, n in blocks:
        if used_old.find(1, a, a + n) < 0 and used_new.find(1, b, b + n) < 0:
            out.append((a, b, n))
            continue
        start = None
        for t in range(n + 1):
            free = t < n and not used_old[a + t] and not used_new[b + t]
            if free and start is None:
                start = t
            elif not free and start is not None:
                out.append((a + start, b + start, t - start))
                start = None
    return out


def _moves(old: str, new: str, fixed: list, seeds: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Blocks for moved text: anchors off the chain grown over equal text the chain does not hold.

    A moved paragraph is a deletion plus an insertion for the ordered diff; its anchors (grams unique
    in both texts) are left off the chain. Each is grown character by character while both sides are
    equal and not yet matched. A grown piece is a move if it is at least MOVE_MIN characters and
    starts or ends at a paragraph edge in both texts, or if it continues such a move (the pieces of
    a moved paragraph that was also edited), close by and shifted alike.
    """
    used_old, used_new = bytearray(len(old)), bytearray(len(new))
    for a, b, n in fixed:
        used_old[a : a + n] = b"\x01" * n
        used_new[b : b + n] = b"\x01" * n
    pieces: list[tuple[int, int, int]] = []
    sure: list[bool] = []
    for a0, a1, b0 in seeds:
        b1 = b0 + a1 - a0
        if used_old.find(1, a0, a1) >= 0 or used_new.find(1, b0, b1) >= 0:
            continue
        while a0 and b0 and old[a0 - 1] == new[b0 - 1] and not used_old[a0 - 1] and not used_new[b0 - 1]:
            a0, b0 = a0 - 1, b0 - 1
        while (
            a1 < len(old) and b1 < len(new) and old[a1] == new[b1] and not used_old[a1] and not used_new[b1]
        ):
            a1, b1 = a1 + 1, b1 + 1
        if a1 - a0 >= MOVE_PIECE:
            pieces.append((a0, b0, a1 - a0))
            sure.append(a1 - a0 >= MOVE_MIN and _paragraph_edge(old, new, a0, a1, b0, b1))
            used_old[a0:a1] = b"\x01" * (a1 - a0)
            used_new[b0:b1] = b"\x01" * (a1 - a0)
    order = sorted(range(len(pieces)), key=lambda k: pieces[k])
    grew = True
    while grew:  # pieces next to a move, shifted alike, belong to it
        grew = False
        for x, y in itertools.pairwise(order):
            if sure[x] != sure[y]:
                (a, b, n), (c, d, _) = pieces[x], pieces[y]
                if 0 <= c - (a + n) <= MOVE_GAP and abs((d - c) - (b - a)) <= MOVE_GAP:
                    sure[x] = sure[y] = grew = True
    return [p for p, ok in zip(pieces, sure, strict=True) if ok]


def _paragraph_edge(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> bool:
    """True if ``old[a0:a1]`` (equal to ``new[b0:b1]``) starts or ends at a paragraph edge in both texts.

    Paragraphs move; a stretch of text that starts and ends mid-paragraph in either text is as likely
    a copy (a repeated sentence with some of its context), so it is not taken as moved.
    """
    starts = (a0 == 0 or old[a0 - 1] == "\n") and (b0 == 0 or new[b0 - 1] == "\n")
    ends = (a1 == len(old) or old[a1] == "\n") and (b1 == len(new) or new[b1] == "\n")
    return starts or ends


def _diff(old: str, new: str, a0: int, a1: int, b0: int, b1: int, level: int, out: list) -> None:
    """Append the equal blocks of ``old[a0:a1]`` vs ``new[b0:b1]`` to ``out`` (level 1 words, 2 chars)."""
    if a0 >= a1 or b0 >= b1:
        return
    sa, sb = old[a0:a1], new[b0:b1]
    p = _common_prefix(sa, sb)
    if p:
        out.append((a0, b0, p))
        if p == len(sa) or p == len(sb):
            return
    s = _common_suffix(sa[p:], sb[p:])
    tail = (a1 - s, b1 - s, s) if s else None
    a0, b0, a1, b1 = a0 + p, b0 + p, a1 - s, b1 - s
    if a0 < a1 and b0 < b1:
        if level >= 2:
            if a1 - a0 <= CHAR_LIMIT and b1 - b0 <= CHAR_LIMIT:
                sm = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
                for i, j, n in sm.get_matching_blocks():
                    if n >= MIN_CHAR_RUN:
                        out.append((a0 + i, b0 + j, n))
        else:
            ta, sa_ = _pieces(_WORD, old[a0:a1], a0)
            tb, sb_ = _pieces(_WORD, new[b0:b1], b0)
            sm = SequenceMatcher(None, ta, tb, autojunk=True)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag == "equal":
                    out.append((sa_[i1], sb_[j1], sa_[i2] - sa_[i1]))
                elif tag == "replace":
                    _diff(old, new, sa_[i1], sa_[i2], sb_[j1], sb_[j2], level + 1, out)
    if tail:
        out.append(tail)


class TextDiff:
    """The equal blocks between ``old`` and ``new`` with offset mapping helpers."""

    def __init__(self, old: str, new: str) -> None:
        raw: list[tuple[int, int, int]] = []
        if old == new:
            raw.append((0, 0, len(old)))
        else:
            _anchored(old, new, raw)
        raw.sort()
        blocks: list[tuple[int, int, int]] = []
        for a, b, n in raw:  # merge touching blocks with the same shift
            if blocks:
                pa, pb, pn = blocks[-1]
                if pa + pn == a and pb + pn == b:
                    blocks[-1] = (pa, pb, pn + n)
                    continue
            blocks.append((a, b, n))
        self.old, self.new = old, new
        self.blocks = blocks
        self._starts = [a for a, _, _ in blocks]
        self._by_new = sorted(blocks, key=lambda blk: blk[1])  # moved blocks break the order in new
        self._new_starts = [b for _, b, _ in self._by_new]

    def _index(self, pos: int) -> int:
        """Index of the last block starting at or before ``pos`` (-1 if none)."""
        return bisect_right(self._starts, pos) - 1

    def same_run(self, start: int, end: int) -> int | None:
        """New offset of ``start`` if ``old[start:end]`` lies inside one equal block, else ``None``."""
        i = self._index(start)
        if i < 0:
            return None
        a, b, n = self.blocks[i]
        if end <= a + n:
            return b + start - a
        return None

    def map_start(self, pos: int) -> int:
        """New offset of the first surviving old character at or after ``pos`` (len(new) if none)."""
        i = self._index(pos)
        if i >= 0:
            a, b, n = self.blocks[i]
            if pos < a + n:
                return b + pos - a
        if i + 1 < len(self.blocks):
            return self.blocks[i + 1][1]
        return len(self.new)

    def map_end(self, pos: int) -> int:
        """New offset just after the last surviving old character before ``pos`` (0 if none)."""
        i = self._index(pos - 1)
        if i < 0:
            return 0
        a, b, n = self.blocks[i]
        return b + min(pos, a + n) - a

    def kept(self, start: int, end: int, new_start: int, new_end: int) -> int:
        """How many characters of ``old[start:end]`` survive inside ``new[new_start:new_end]``."""
        total = 0
        i = max(self._index(start), 0)
        while i < len(self.blocks):
            a, b, n = self.blocks[i]
            if a >= end:
                break
            lo, hi = max(a, start), min(a + n, end)
            if lo < hi:
                nlo, nhi = max(b + lo - a, new_start), min(b + hi - a, new_end)
                if nlo < nhi:
                    total += nhi - nlo
            i += 1
        return total

    def runs(self, start: int, end: int) -> list[tuple[int, int, int, int, int]]:
        """Equal runs overlapping ``old[start:end]``, clipped: (old_lo, old_hi, new_lo, block start, size)."""
        out = []
        i = max(self._index(start), 0)
        while i < len(self.blocks):
            a, b, n = self.blocks[i]
            if a >= end:
                break
            lo, hi = max(a, start), min(a + n, end)
            if lo < hi:
                out.append((lo, hi, b + lo - a, a, n))
            i += 1
        return out

    def foreign(self, x: int, y: int, lo: int, hi: int) -> int:
        """How many characters of ``new[x:y]`` the diff matches to old text outside ``old[lo:hi]``."""
        total = 0
        i = max(bisect_right(self._new_starts, x) - 1, 0)
        while i < len(self._by_new):
            a, b, n = self._by_new[i]
            if b >= y:
                break
            s, e = max(b, x), min(b + n, y)
            if s < e:
                os_, oe = a + s - b, a + e - b
                total += (e - s) - max(0, min(oe, hi) - max(os_, lo))
            i += 1
        return total

    def hint(self, pos: int) -> int:
        """A best guess for where old offset ``pos`` is now (shift of the nearest equal block)."""
        i = self._index(pos)
        if i < 0:
            return self.blocks[0][1] if self.blocks else 0
        a, b, _ = self.blocks[i]
        return min(b + pos - a, len(self.new))
