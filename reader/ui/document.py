"""Build the reader's QTextDocument from an article's blocks so document positions equal text offsets.

Python offsets count code points; QTextDocument positions count UTF-16 code units. :class:`Utf16Map`
converts between the two and is used wherever a position crosses that boundary.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)

from reader.blocks import Block, safe_href

# Characters QTextCursor.insertText turns into block breaks; shown as U+FFFD so each stays one position.
_BREAKERS = str.maketrans({"\r": "\ufffd", "\u2029": "\ufffd", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd"})

BODY_LEADING = 1.62  # line height as a multiple of the font size
HEADING_LEADING = 1.22
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
HEADING_SCALE = {1: 1.75, 2: 1.45, 3: 1.22, 4: 1.08, 5: 1.0, 6: 1.0}
BLOCK_KIND_PROPERTY = QTextFormat.Property.UserProperty + 1  # int index into BLOCK_KINDS on each block
BLOCK_KINDS = ("heading", "paragraph", "list_item", "quote", "pre", "figure")


class Utf16Map:
    """Convert code-point offsets of ``text`` to UTF-16 positions and back, in O(log n)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point offsets of astral characters (each takes two UTF-16 units).
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self._astral_pos = [off + n for n, off in enumerate(self._astral)]  # their UTF-16 positions

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 code units."""
        return self.length + len(self._astral)

    def to_pos(self, offset: int) -> int:
        """The UTF-16 position of code-point ``offset``."""
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def to_offset(self, pos: int) -> int:
        """The code-point offset at UTF-16 ``pos`` (a position inside a surrogate pair rounds down)."""
        if not self._astral:
            return pos
        k = bisect.bisect_left(self._astral_pos, pos)  # astral characters starting before pos
        if k and self._astral_pos[k - 1] + 1 == pos:
            return self._astral[k - 1]
        return pos - k


@dataclass(frozen=True)
class DocStyle:
    """What the document's look depends on: fonts and theme colours."""

    font: QFont
    mono_family: str
    text: str
    dim: str
    link: str
    code_bg: str


def line_height_percent(font: QFont, leading: float) -> float:
    """The proportional line height that makes lines ``leading`` × the font size apart in ``font``."""
    natural = QFontMetricsF(font).lineSpacing()
    em_px = font.pointSizeF() * 96.0 / 72.0 if font.pointSizeF() > 0 else float(font.pixelSize())
    return max(70.0, min(220.0, 100.0 * leading * em_px / max(natural, 1.0)))


def _block_format(block: Block, style: DocStyle, prev: Block | None) -> QTextBlockFormat:
    em = style.font.pointSizeF()
    fmt = QTextBlockFormat()
    fmt.setLineHeight(line_height_percent(style.font, BODY_LEADING), _PROPORTIONAL)
    fmt.setBottomMargin(em * 0.9)
    fmt.setProperty(BLOCK_KIND_PROPERTY, BLOCK_KINDS.index(block.kind))
    if block.kind == "heading":
        fmt.setLineHeight(line_height_percent(style.font, HEADING_LEADING), _PROPORTIONAL)
        fmt.setTopMargin(em * (0.4 if prev is None else 1.1))
        fmt.setBottomMargin(em * 0.5)
        fmt.setHeadingLevel(min(max(block.level or 2, 1), 6))
    elif block.kind == "list_item":
        fmt.setBottomMargin(em * 0.35)
    elif block.kind == "quote":
        fmt.setLeftMargin(em * 1.6)
        fmt.setRightMargin(em * 1.2)
    elif block.kind == "pre":
        fmt.setLineHeight(120, _PROPORTIONAL)
        fmt.setBackground(QColor(style.code_bg))
        fmt.setLeftMargin(em * 0.6)
        fmt.setNonBreakableLines(True)
        fmt.setBottomMargin(0)
    elif block.kind == "figure":
        fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    if prev is not None and prev.kind == "list_item" and block.kind != "list_item":
        fmt.setTopMargin(max(fmt.topMargin(), em * 0.6))
    return fmt


def _char_format(block: Block, style: DocStyle) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(style.font)
    fmt.setForeground(QColor(style.text))
    if block.kind == "heading":
        level = min(max(block.level or 2, 1), 6)
        fmt.setFontPointSize(style.font.pointSizeF() * HEADING_SCALE[level])
        fmt.setFontWeight(QFont.Weight.Bold if level > 1 else QFont.Weight.DemiBold)
    elif block.kind == "quote":
        fmt.setFontItalic(True)
        fmt.setForeground(QColor(style.dim))
    elif block.kind == "pre":
        fmt.setFontFamilies([style.mono_family])
        fmt.setFontFixedPitch(True)
        fmt.setFontPointSize(style.font.pointSizeF() * 0.85)
    elif block.kind == "figure":
        fmt.setFontItalic(True)
        fmt.setForeground(QColor(style.dim))
        fmt.setFontPointSize(style.font.pointSizeF() * 0.88)
    return fmt


def _inline_format(
    base: QTextCharFormat, kinds: set[str], href: str | None, style: DocStyle
) -> QTextCharFormat:
    fmt = QTextCharFormat(base)
    if "em" in kinds:
        fmt.setFontItalic(not base.fontItalic())
    if "strong" in kinds:
        fmt.setFontWeight(QFont.Weight.Bold)
    if "code" in kinds:
        fmt.setFontFamilies([style.mono_family])
        fmt.setFontFixedPitch(True)
        fmt.setFontPointSize(base.fontPointSize() * 0.88)
        fmt.setBackground(QColor(style.code_bg))
    if href:
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
        fmt.setForeground(QColor(style.link))
        fmt.setFontUnderline(True)
        fmt.setUnderlineColor(QColor(style.link))
    return fmt


def _segments(block: Block) -> list[tuple[str, set[str], str | None]]:
    """Split a block's text at inline boundaries into (text, kinds, href) runs."""
    text = block.text
    if not block.inlines:
        return [(text, set(), None)]
    cuts = {0, len(text)}
    for il in block.inlines:
        cuts.update((max(0, min(il.start, len(text))), max(0, min(il.end, len(text)))))
    edges = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(edges):
        if a == b:
            continue
        kinds: set[str] = set()
        href = None
        for il in block.inlines:
            if il.start <= a and b <= il.end:
                kinds.add(il.kind)
                if il.kind == "link":
                    href = safe_href(il.href) or href
        out.append((text[a:b], kinds, href))
    return out


def _list_format(block: Block, style: DocStyle) -> QTextListFormat:
    fmt = QTextListFormat()
    depth = max(block.level, 1)
    if block.ordered:
        fmt.setStyle(QTextListFormat.Style.ListDecimal)
    else:
        bullets = (
            QTextListFormat.Style.ListDisc,
            QTextListFormat.Style.ListCircle,
            QTextListFormat.Style.ListSquare,
        )
        fmt.setStyle(bullets[(depth - 1) % 3])
    fmt.setIndent(depth)
    return fmt


def build_document(
    blocks: Sequence[Block], style: DocStyle, doc: QTextDocument | None = None
) -> QTextDocument:
    """Fill ``doc`` (or a new document) with ``blocks``: one text block per block (per line for ``pre``)."""
    doc = doc or QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.clear()
    doc.setDefaultFont(style.font)
    doc.setIndentWidth(style.font.pointSizeF() * 1.8)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    prev: Block | None = None
    lists: dict[int, object] = {}  # list depth -> QTextList currently open
    list_kind: dict[int, bool] = {}
    first = True
    for block in blocks:
        bfmt = _block_format(block, style, prev)
        cfmt = _char_format(block, style)
        lines = block.text.split("\n") if block.kind == "pre" else [block.text]
        for n, line in enumerate(lines):
            lfmt = QTextBlockFormat(bfmt)
            if block.kind == "pre":
                if n == 0:
                    lfmt.setTopMargin(style.font.pointSizeF() * 0.2)
                if n == len(lines) - 1:
                    lfmt.setBottomMargin(style.font.pointSizeF() * 0.9)
            if first:
                cursor.setBlockFormat(lfmt)
                cursor.setBlockCharFormat(cfmt)
                cursor.setCharFormat(cfmt)
                first = False
            else:
                cursor.insertBlock(lfmt, cfmt)
            if block.kind == "pre":
                cursor.insertText(line.translate(_BREAKERS), cfmt)
            else:
                for seg, kinds, href in _segments(block):
                    fmt = _inline_format(cfmt, kinds, href, style) if (kinds or href) else cfmt
                    cursor.insertText(seg.translate(_BREAKERS), fmt)
        if block.kind == "list_item":
            depth = max(block.level, 1)
            for d in [d for d in lists if d > depth]:
                del lists[d]
            current = lists.get(depth)
            if current is None or list_kind.get(depth) != block.ordered:
                current = cursor.createList(_list_format(block, style))
                lists[depth] = current
                list_kind[depth] = block.ordered
            else:
                current.add(cursor.block())  # type: ignore[attr-defined]
        else:
            lists.clear()
        prev = block
    cursor.endEditBlock()
    return doc


def document_text(doc: QTextDocument) -> str:
    """The document's characters with block breaks as "\\n" (positions unchanged)."""
    return doc.toRawText().replace("\u2029", "\n")


def text_between(doc: QTextDocument, umap: Utf16Map, start: int, end: int) -> str:
    """The document's text between code-point offsets ``start`` and ``end`` (block breaks as "\\n")."""
    cursor = QTextCursor(doc)
    cursor.setPosition(umap.to_pos(start))
    cursor.setPosition(umap.to_pos(end), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")
