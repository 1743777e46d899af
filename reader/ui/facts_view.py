"""The facts-only view: the article condensed to its fact spans, in order, keeping block breaks."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor

from reader.blocks import Block, Inline, block_offsets
from reader.models import Article, Highlight
from reader.stats import count_words
from reader.ui import themes
from reader.ui.document import DocStyle, Utf16Map, build_document
from reader.ui.reader_view import ReadingBrowser


def _clip_inlines(block: Block, start: int, end: int, shift: int) -> list[Inline]:
    """The block's inline runs inside ``[start, end)``, moved by ``shift``."""
    out = []
    for il in block.inlines:
        s, e = max(il.start, start), min(il.end, end)
        if s < e:
            out.append(replace(il, start=s - start + shift, end=e - start + shift))
    return out


def fact_blocks(
    article: Article, highlights: Sequence[Highlight], label: str = "fact"
) -> tuple[list[Block], list[tuple[int, int, int]]]:
    """Blocks holding only the ``label`` spans, and (facts offset, article offset, length) pieces.

    Spans from the same article block share one block, joined by a space; a new article block
    starts a new block (a heading stays a heading, a list item a list item).
    """
    starts = block_offsets(article.blocks)
    pieces: dict[int, list[tuple[int, int]]] = {}
    for h in sorted((h for h in highlights if h.label == label), key=lambda h: h.start):
        s = h.start
        while s < h.end:
            bi = bisect.bisect_right(starts, s) - 1
            b_end = starts[bi] + len(article.blocks[bi].text)
            e = min(h.end, b_end)
            if e > s:
                pieces.setdefault(bi, []).append((s, e))
            s = b_end + 1
    blocks: list[Block] = []
    mapping: list[tuple[int, int, int]] = []
    pos = 0
    for bi in sorted(pieces):
        src = article.blocks[bi]
        texts: list[str] = []
        inlines: list[Inline] = []
        length = 0
        for s, e in pieces[bi]:
            if texts:
                texts.append(" ")
                length += 1
            local = s - starts[bi]
            inlines += _clip_inlines(src, local, local + (e - s), length)
            mapping.append((pos + length, s, e - s))
            texts.append(article.text[s:e])
            length += e - s
        kind = src.kind
        blocks.append(Block(kind, "".join(texts), src.level, src.ordered, tuple(inlines)))
        pos += length + 1
    return blocks, mapping


class FactsView(ReadingBrowser):
    """Read-only page of the article's facts; double-click jumps to that place in the full article.

    Signals: ``jump_requested(int offset)`` with an offset into the article's canonical text.
    """

    jump_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.mapping: list[tuple[int, int, int]] = []
        self._article_id: int | None = None
        self.blocks: list[Block] = []

    def set_facts(
        self, article: Article | None, highlights: Sequence[Highlight], style: DocStyle, theme: themes.Theme
    ) -> None:
        """Show the fact spans of ``article``: from the title when the view opens or the article changes;
        where the reader was when the shown facts change (a note edited, an undo, a theme switch)."""
        same = article is not None and article.id == self._article_id and self.isVisible()
        scroll = self.verticalScrollBar().value() if same else 0
        self._article_id = article.id if article is not None else None
        self.theme = theme
        if article is None:
            self.blocks, self.mapping = [], []
        else:
            self.blocks, self.mapping = fact_blocks(article, highlights)
        text = "\n".join(b.text for b in self.blocks)
        self.umap = Utf16Map(text)
        build_document(self.blocks, style, self.document())
        self.document().setDocumentMargin(0)
        if article is None:
            self.set_header("", "")
        else:
            words = count_words(text)
            total = article.word_count or count_words(article.text)
            if self.blocks:
                meta = f"Facts only  ·  {words:,} of {total:,} words ({words / max(total, 1):.0%})"
                meta += "  ·  double-click a passage to see it in context"
            else:
                meta = "Facts only  ·  no facts painted yet: select text in the article and press 1"
            self.set_header(article.title or "Untitled", meta)
        self.update_margins()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(scroll)

    def text(self) -> str:
        """The condensed text shown (block breaks as newlines)."""
        return "\n".join(b.text for b in self.blocks)

    def source_offset(self, facts_offset: int) -> int | None:
        """The article offset of a facts-view offset."""
        i = bisect.bisect_right([m[0] for m in self.mapping], facts_offset) - 1
        if i < 0:
            return None
        f, a, n = self.mapping[i]
        return a + min(facts_offset - f, n)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Jump to the full article at the double-clicked passage."""
        if event.button() == Qt.MouseButton.LeftButton:
            off = self.source_offset(
                self.umap.to_offset(self.cursorForPosition(event.position().toPoint()).position())
            )
            if off is not None:
                self.jump_requested.emit(off)
                return
        super().mouseDoubleClickEvent(event)
