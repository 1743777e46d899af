"""Where marks are drawn: each highlight's line pieces, measured once per layout, and which are in view.

A mark's geometry is a flat tuple of floats, five per line piece (see :mod:`reader.ui.mark_shapes`). An
article's highlights are measured together, block after block, when they are set; their vertical extents
are then kept in two sorted lists, so a paint finds the marks in view with one bisect.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextFormat

from reader.ui.mark_shapes import PIECE, boxes

MEASURE_AT_ONCE = 3000  # highlights measured when an article's highlights are set (see measure_marks)
_SPACES = frozenset(" \t\u00a0\u2028")  # (a U+2029 in the text is shown as U+FFFD: not a space)
_LTR = Qt.LayoutDirection.LeftToRight
_ALIGNMENT = QTextFormat.Property.BlockAlignment
_NOT_LEFT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignJustify
# Right-to-left letters and marks: an article without any is laid out left to right throughout.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u202b\u202e\u2067\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


class MarkGeometryMixin:
    """Mark geometry for :class:`reader.ui.marks.MarksMixin` (needs ReaderView's attributes)."""

    def span_lines(self, start: int, end: int) -> list[tuple[QRectF, float]]:
        """(rect, baseline y) in document coordinates of each line piece of ``[start, end)``."""
        pieces = self.span_geometry(start, end)
        return list(zip(boxes(pieces), pieces[PIECE - 1 :: PIECE], strict=True))

    def span_geometry(self, start: int, end: int) -> tuple[float, ...]:
        """Where ``[start, end)`` is drawn: left, top, width, height and baseline of each line piece, one
        after the other (see :mod:`reader.ui.mark_shapes`); cached until the layout changes."""
        key = start << 32 | end  # an int key: nothing for the cyclic GC to track
        got = self._span_cache.get(key)
        if got is None:
            got = self._span_cache[key] = self._span_pieces(start, end)
        return got

    def forget_geometry(self) -> None:
        """Drop cached mark geometry (after a relayout: new width, fonts or text)."""
        self._span_cache: dict[int, tuple[float, ...]] = {}
        self._block_cache: dict[int, tuple] = {}
        self._block_table: tuple | None = None
        self._mark_index: tuple | None = None
        self._rects: dict[int, tuple] = {}  # id(geometry) -> (geometry, rectangles): MarksMixin.mark_rects

    def measure_marks(self, limit: int = MEASURE_AT_ONCE) -> int:
        """Measure where the first ``limit`` highlights are drawn (a few ms for 1,000) so that scrolling
        only draws them; returns how many were measured. Others are measured when first painted."""
        spans = self._highlight_spans
        some = spans[:limit]
        cache = self._span_cache
        todo = [(s, e) for s, e, _fmt in some if (s << 32 | e) not in cache]
        if todo:
            for (s, e), got in zip(todo, self._measure_sorted(todo), strict=True):
                cache[s << 32 | e] = got
        if len(some) == len(spans):
            self._index_marks()
        rects, make = self._rects, self.mark_rects
        for s, e, _fmt in some:
            p = cache[s << 32 | e]
            if id(p) not in rects:
                make(p)
        return len(some)

    def _span_pieces(self, start: int, end: int) -> tuple[float, ...]:
        return self._measure_sorted([(start, end)])[0]

    def _measure_sorted(self, spans: list[tuple[int, int]]) -> list[tuple[float, ...]]:
        """The geometry of each span (sorted by start), walking the blocks once.

        Each line piece runs from the x of its first character to that of its end; the space a line wraps
        at is left out. In a left-aligned, left-to-right block (no right-to-left text in the article) a
        line's start is at ``line.x()`` and its end, without the wrap spaces, at ``x + horizontalAdvance()``:
        the same floats ``cursorToX`` gives, several times cheaper."""
        text, umap = self.text, self.umap
        plain = umap.utf16_length == len(text)  # no astral characters: positions are offsets
        to_pos, to_offset = umap.to_pos, umap.to_offset
        ltr = self._left_to_right()
        results: list[tuple[float, ...]] = []
        block = None
        base = stop = -1  # the block the last span ended in: [base, stop) in UTF-16 positions
        for start, end in spans:
            s, e = (start, end) if plain else (to_pos(start), to_pos(end))
            if not base <= s < stop:
                nxt = block.next() if block is not None and s >= stop else None
                if nxt is not None and nxt.isValid() and s < nxt.position() + nxt.length():
                    block = nxt
                else:
                    block = self._block_at(s)
                if not block.isValid():
                    results.append(())
                    continue
                base, x0, length, starts, tops, heights, baselines, lines, simple = self._block_lines(block)
                stop, simple, n = base + length + 1, simple and ltr, len(starts)
            out: list[float] = []
            while True:
                a0, b0 = s - base, e - base
                i = 0 if a0 <= 0 else max(bisect.bisect_right(starts, a0) - 1, 0)
                while i < n and starts[i] < b0:
                    ls = starts[i]
                    le = starts[i + 1] if i + 1 < n else length  # a line ends where the next begins
                    a = a0 if a0 > ls else ls
                    at_end = b0 >= le
                    if at_end:  # the space a line wraps at is not drawn: no mark hanging past the text
                        b = le
                        if plain:
                            while b > a and text[base + b - 1] == " ":
                                b -= 1
                            if b < le and i + 1 == n:  # spaces ending a block count in its advance
                                at_end = False
                            elif b > a and text[base + b - 1] in _SPACES:  # another kind of space
                                at_end = False
                                while b > a and text[base + b - 1] in _SPACES:
                                    b -= 1
                        else:
                            at_end = False
                            while b > a and text[to_offset(base + b - 1)] in _SPACES:
                                b -= 1
                    else:
                        b = b0
                    if a < b:
                        line = lines[i]
                        if simple:
                            x1 = line.x() if a == ls else line.cursorToX(a)[0]
                            x2 = line.x() + line.horizontalAdvance() if at_end else line.cursorToX(b)[0]
                        else:
                            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                            if x2 < x1:  # right-to-left
                                x1, x2 = x2, x1
                        out += (x0 + x1, tops[i], x2 - x1, heights[i], baselines[i])
                    i += 1
                if b0 <= length + 1:  # ends in this block (or at its separator)
                    break
                nxt = block.next()
                if not nxt.isValid():
                    break
                block = nxt
                base, x0, length, starts, tops, heights, baselines, lines, simple = self._block_lines(block)
                stop, simple, n = base + length + 1, simple and ltr, len(starts)
            results.append(tuple(out))
        return results

    def _left_to_right(self) -> bool:
        """Whether the article has no right-to-left text and the document aligns text left by default
        (checked once per text)."""
        text = self.text
        got = getattr(self, "_ltr_text", None)
        if got is None or got[0] is not text:
            left = not self.document().defaultTextOption().alignment() & _NOT_LEFT
            got = self._ltr_text = (text, left and (text.isascii() or _RTL.search(text) is None))
        return got[1]

    def _index_marks(self) -> None:
        """Keep the measured highlights' tops and bottoms in document order, for :meth:`marks_near`."""
        spans, cache = self._highlight_spans, self._span_cache
        tops: list[float] = []
        bottoms: list[float] = []
        geometry = []
        top = bottom = float("-inf")
        for s, e, _fmt in spans:
            p = cache.get(s << 32 | e)
            if p is None:
                return
            if p:
                if p[1] < top or p[-4] + p[-2] < bottom:  # not in document order (never in plain text)
                    return
                top, bottom = p[1], p[-4] + p[-2]
            tops.append(top)  # (an empty mark repeats its neighbour's: the lists stay sorted)
            bottoms.append(bottom)
            geometry.append(p)
        self._mark_index = (spans, tops, bottoms, geometry)

    def marks_near(self, top: float, bottom: float) -> list[tuple[tuple[float, ...], object]] | None:
        """(geometry, format) of each highlight with a line piece between document y ``top`` and ``bottom``,
        from the index of measured highlights; None when it is not (yet) there."""
        index = self._mark_index
        if index is None or index[0] is not self._highlight_spans:
            if not self._highlight_spans or len(self._highlight_spans) > MEASURE_AT_ONCE:
                return None if self._highlight_spans else []
            self._index_marks()
            index = self._mark_index
            if index is None:
                return None
        spans, tops, bottoms, geometry = index
        out = []
        i, n = bisect.bisect_left(bottoms, top), len(tops)
        while i < n and tops[i] <= bottom:
            p = geometry[i]
            if p and (
                (p[1] >= top and p[-4] + p[-2] <= bottom)
                or any(p[k + 1] + p[k + 3] >= top and p[k + 1] <= bottom for k in range(0, len(p), PIECE))
            ):  # (only at the edges: the view may fall between two of its pieces)
                out.append((p, spans[i][2]))
            i += 1
        return out

    def _block_at(self, pos: int):
        """The block holding UTF-16 position ``pos`` (from the table of measured blocks when it is there)."""
        table = self._block_table
        if table is not None and table[1] and pos < table[2][-1]:
            return table[4][bisect.bisect_right(table[1], pos) - 1]
        return self.document().findBlock(pos)

    def _block_lines(self, block) -> tuple:
        """(position, x, length, line starts, tops, heights, baselines, QTextLines, left-aligned left to
        right) of a laid-out block, in UTF-16 units and document coordinates (cached).

        Never keep the block's QTextLayout itself: Qt deletes it with the document, and PySide would then
        hand out its stale wrapper for whatever new object takes its address."""
        pos = block.position()
        got = self._block_cache.get(pos)
        if got is None:
            table = self._block_table
            if table is None or not table[1] or pos > table[1][-1]:  # not measured yet: lay it out now
                self.document().documentLayout().blockBoundingRect(block)
            layout = block.layout()
            origin = layout.position()
            y0 = origin.y()
            line_at = layout.lineAt
            lines = [line_at(i) for i in range(layout.lineCount())]
            starts = [line.textStart() for line in lines]
            tops = [y0 + line.y() for line in lines]
            heights = [line.height() for line in lines]
            baselines = [top + line.ascent() for top, line in zip(tops, lines, strict=True)]
            simple = (  # aligned as the document's default (left: see _left_to_right), left to right
                not block.blockFormat().hasProperty(_ALIGNMENT) and block.textDirection() == _LTR
            )
            got = (pos, origin.x(), block.length() - 1, starts, tops, heights, baselines, lines, simple)
            self._block_cache[pos] = got
        return got

    def blocks_between(self, top: float, bottom: float) -> tuple[int, int]:
        """Code-point offsets from the start of the block at document y ``top`` to the end of the block at
        ``bottom`` (whole blocks: cheaper than hit-testing, and marks outside are skipped by their rects).

        Block positions are measured once, as far down as painting has needed, until the layout changes.
        """
        table = self._block_table
        if table is None:
            table = self._block_table = ([], [], [], [self.document().begin()], [])
        tops, starts, ends, rest, blocks = table
        layout_of = self.document().documentLayout()
        block = rest[0]
        while block.isValid() and (not tops or tops[-1] <= bottom):
            tops.append(layout_of.blockBoundingRect(block).top())
            starts.append(block.position())
            ends.append(block.position() + block.length())
            blocks.append(block)
            block = block.next()
        rest[0] = block
        if not tops:
            return 0, 0
        first = max(bisect.bisect_right(tops, top) - 1, 0)
        last = max(bisect.bisect_right(tops, bottom) - 1, first)
        lo, hi = starts[first], ends[last]
        doc = self.document()
        layout = doc.findBlock(lo).layout()  # narrow the edge blocks to their lines in view
        y0 = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if y0 + line.y() + line.height() >= top:
                lo += line.textStart()
                break
        layout = doc.findBlock(starts[last]).layout()
        y0 = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if y0 + line.y() > bottom:
                hi = starts[last] + line.textStart()
                break
        return self.umap.to_offset(lo), self.umap.to_offset(hi) + 1
