"""A read-only page: centred text column, title header, no network, safe links, offset helpers."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from reader.blocks import safe_href
from reader.models import Article
from reader.ui import themes
from reader.ui.document import (
    HEADING_LEADING,
    HEADING_SCALE,
    DocStyle,
    Utf16Map,
    line_height_percent,
)
from reader.ui.library_delegate import short_date


# The non-colour cue of each label: fact solid, filler dotted, user labels dashed/wavy/dash-dot.
def doc_style(theme: themes.Theme, family: str, size: int) -> DocStyle:
    """The document style of ``theme`` with the reader's font settings."""
    return DocStyle(
        themes.reading_font(family, size),
        themes.mono_family(),
        theme.text,
        theme.dim,
        theme.link,
        theme.code_bg,
    )


class ReadingBrowser(QTextBrowser):
    """A read-only page: centred text column of a set width, a title header, no network, safe links."""

    MIN_MARGIN = 28.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self.on_anchor_clicked)
        self.theme = themes.resolve_theme("light")
        self.line_width = 72
        self._header: QTextDocument | None = None
        self._meta_below: QTextDocument | None = None
        self._header_gap = 0.0
        self.umap = Utf16Map("")

    # No remote (or local) resources: images, stylesheets and the like are never loaded.
    def loadResource(self, _type: int, _name: QUrl | str) -> object:
        """Return nothing: Sift never loads resources for an article."""
        return None

    def on_anchor_clicked(self, url: QUrl) -> None:
        """Open a clicked http(s)/mailto link in the system browser (never inside Sift)."""
        href = safe_href(url.toString())
        if href:
            QDesktopServices.openUrl(QUrl(href))

    # --- layout: centred column and header -------------------------------------------------------

    def set_line_width(self, chars: int) -> None:
        """Limit the text column to about ``chars`` characters (0 = full width)."""
        self.line_width = max(0, chars)
        self.update_margins()

    def set_header(self, title: str, meta: str) -> None:
        """Show ``title`` and a dim ``meta`` line above the text (not part of the document's positions).

        With no ``title`` (the article's first block is its title), the meta line is drawn under the first
        block instead, in room made by that block's bottom margin.
        """
        self._header = None
        self._meta_below = None
        font = self.document().defaultFont()
        mfmt = QTextCharFormat()
        mfmt.setFontFamilies([themes.ui_family()])
        mfmt.setFontPointSize(font.pointSizeF() * 0.8)
        mfmt.setForeground(QColor(self.theme.dim))
        if title or meta:
            head = QTextDocument(self)
            head.setUndoRedoEnabled(False)
            head.setDefaultFont(font)
            head.setDocumentMargin(0)
            cursor = QTextCursor(head)
            if title:
                tfmt = QTextCharFormat()
                tfmt.setFont(font)
                tfmt.setFontPointSize(font.pointSizeF() * HEADING_SCALE[1])
                tfmt.setFontWeight(QFont.Weight.Bold)
                tfmt.setForeground(QColor(self.theme.text))
                bfmt = cursor.blockFormat()
                bfmt.setLineHeight(line_height_percent(font, HEADING_LEADING), 1)
                bfmt.setBottomMargin(font.pointSizeF() * 0.6)
                cursor.setBlockFormat(bfmt)
                cursor.insertText(title, tfmt)
                if meta:
                    meta_block = QTextBlockFormat()
                    meta_block.setTopMargin(font.pointSizeF() * 0.45)
                    cursor.insertBlock(meta_block, mfmt)
            cursor.insertText(meta, mfmt)
            if title:
                self._header = head
                self._header_gap = font.pointSizeF() * 2.2
            else:
                self._meta_below = head
                first = QTextCursor(self.document())
                bfmt = first.blockFormat()
                bfmt.setBottomMargin(bfmt.bottomMargin() + font.pointSizeF() * 3.2)
                first.setBlockFormat(bfmt)
        self.update_margins()

    def column(self) -> tuple[float, float]:
        """The text column's (left margin, width) in viewport pixels."""
        vw = float(self.viewport().width())
        if self.line_width <= 0:
            return self.MIN_MARGIN, max(vw - 2 * self.MIN_MARGIN, 50.0)
        fm = QFontMetricsF(self.document().defaultFont())
        col = self.line_width * fm.averageCharWidth() * 1.05
        col = min(col, vw - 2 * self.MIN_MARGIN)
        return max((vw - col) / 2, self.MIN_MARGIN), max(col, 50.0)

    def update_margins(self) -> None:
        """Centre the text column and make room for the header."""
        left, width = self.column()
        doc = self.document()
        top = self.MIN_MARGIN * 1.4
        if self._header is not None:
            self._header.setTextWidth(width)
            top += self._header.size().height() + self._header_gap
        root = doc.rootFrame()
        fmt: QTextFrameFormat = root.frameFormat()
        vw = float(self.viewport().width())
        right = max(vw - left - width, self.MIN_MARGIN)
        new = (round(left, 1), round(right, 1), round(top, 1))
        old = (round(fmt.leftMargin(), 1), round(fmt.rightMargin(), 1), round(fmt.topMargin(), 1))
        if new != old or fmt.bottomMargin() != self.MIN_MARGIN * 3:
            fmt.setMargin(0)
            fmt.setLeftMargin(new[0])
            fmt.setRightMargin(new[1])
            fmt.setTopMargin(new[2])
            fmt.setBottomMargin(self.MIN_MARGIN * 3)
            root.setFrameFormat(fmt)
            self.layout_changed()
        self.viewport().update()

    def layout_changed(self) -> None:
        """Hook: the document was laid out anew (subclasses drop cached geometry)."""

    def resizeEvent(self, event) -> None:
        """Keep the column centred (a new width means a new layout)."""
        super().resizeEvent(event)
        self.layout_changed()
        self.update_margins()

    def paintEvent(self, event) -> None:
        """Paint the document, then the header above it."""
        super().paintEvent(event)
        if self._header is None and self._meta_below is None:
            return
        left, width = self.column()
        painter = QPainter(self.viewport())
        scroll = self.verticalScrollBar().value()
        if self._header is not None:
            painter.translate(QPointF(left, self.MIN_MARGIN * 1.4 - scroll))
            self._header.drawContents(painter, QRectF(0, 0, width, self._header.size().height() + 2))
            y = self._header.size().height() + self._header_gap * 0.45
        else:
            doc = self.document()
            rect = doc.documentLayout().blockBoundingRect(doc.firstBlock())
            em = doc.defaultFont().pointSizeF()
            painter.translate(QPointF(left, rect.top() - scroll))
            lines = doc.firstBlock().layout()
            bottom = lines.lineAt(lines.lineCount() - 1).rect().bottom() if lines.lineCount() else 0.0
            painter.translate(0, bottom + em * 0.5)
            self._meta_below.setTextWidth(width)
            self._meta_below.drawContents(painter, QRectF(0, 0, width, self._meta_below.size().height() + 2))
            y = self._meta_below.size().height() + em * 0.9
        painter.setPen(QPen(QColor(self.theme.faint), 1))
        painter.drawLine(QPointF(0, y), QPointF(min(width, 96.0), y))
        painter.end()

    # --- positions ---------------------------------------------------------------------------------

    def offset_at(self, viewport_pos: QPoint) -> int:
        """The canonical-text offset under a viewport point."""
        return self.umap.to_offset(self.cursorForPosition(viewport_pos).position())

    def select_span(self, start: int, end: int, *, center: bool = True) -> None:
        """Select ``[start, end)`` (code points) and scroll it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.umap.to_pos(start))
        cursor.setPosition(self.umap.to_pos(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if center:
            self.center_on(start)

    def center_on(self, offset: int) -> None:
        """Scroll so that ``offset`` sits about a third of the way down the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.umap.to_pos(offset))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)


def title_in_text(a: str, b: str) -> bool:
    """Loose title equality (case, spaces and punctuation at the ends ignored)."""

    def norm(s: str) -> str:
        return " ".join(s.casefold().split()).strip(" .:-–—|")

    return bool(a) and (norm(a) == norm(b) or norm(b).startswith(norm(a)))


def meta_line(article: Article) -> str:
    """Site · byline · date for the header."""
    parts = [article.site_name or "", article.byline or "", short_date(article.published)]
    if not parts[0] and article.url:
        host = QUrl(article.url).host()
        parts[0] = host.removeprefix("www.")
    return "  ·  ".join(p for p in parts if p)
