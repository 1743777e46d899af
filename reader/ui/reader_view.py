"""The reading view: a calm, read-only article page on which the reader paints fact and filler."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QApplication, QFrame, QTextBrowser, QTextEdit, QToolTip, QWidget

from reader.blocks import safe_href
from reader.models import Article, Highlight, Label
from reader.ui import themes
from reader.ui.document import (
    HEADING_LEADING,
    HEADING_SCALE,
    DocStyle,
    Utf16Map,
    build_document,
    line_height_percent,
)
from reader.ui.spans import Sentences, covered_by, highlight_at, snap_to_words, with_spaces

# The non-colour cue of each label: fact solid, filler dotted, user labels dashed/wavy/dash-dot.
UNDERLINES = {
    "fact": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "filler": QTextCharFormat.UnderlineStyle.DotLine,
}
USER_UNDERLINES = (
    QTextCharFormat.UnderlineStyle.DashUnderline,
    QTextCharFormat.UnderlineStyle.WaveUnderline,
    QTextCharFormat.UnderlineStyle.DashDotLine,
    QTextCharFormat.UnderlineStyle.DashDotDotLine,
)
UNDERLINE_NAMES = {
    QTextCharFormat.UnderlineStyle.SingleUnderline: "solid underline",
    QTextCharFormat.UnderlineStyle.DotLine: "dotted underline",
    QTextCharFormat.UnderlineStyle.DashUnderline: "dashed underline",
    QTextCharFormat.UnderlineStyle.WaveUnderline: "wavy underline",
    QTextCharFormat.UnderlineStyle.DashDotLine: "dash-dot underline",
    QTextCharFormat.UnderlineStyle.DashDotDotLine: "dash-dot-dot underline",
}


def underline_style(label: Label, labels: Sequence[Label]) -> QTextCharFormat.UnderlineStyle:
    """The underline style that tells ``label`` apart without colour."""
    if label.name in UNDERLINES:
        return UNDERLINES[label.name]
    users = [lb.name for lb in labels if lb.name not in UNDERLINES]
    i = users.index(label.name) if label.name in users else 0
    return USER_UNDERLINES[i % len(USER_UNDERLINES)]


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
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        """Keep the column centred."""
        super().resizeEvent(event)
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


class ReaderView(ReadingBrowser):
    """The article page with its highlights; keys and clicks ask the window to paint.

    Signals: ``paint_requested(start, end, label)``, ``erase_requested(start, end)``,
    ``note_requested(start, end)`` (offsets already snapped), ``message(str)`` (a hint for the status bar).
    """

    paint_requested = Signal(int, int, str)
    erase_requested = Signal(int, int)
    note_requested = Signal(int, int)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: Article | None = None
        self.text = ""
        self.sentences = Sentences("")
        self.highlights: list[Highlight] = []
        self.labels: list[Label] = []
        self.current_label = "fact"
        self.sentence_mode = False
        self.dim_filler = False
        self.extra_layers: dict[str, list[tuple[int, int, QTextCharFormat]]] = {}
        self._highlight_spans: list[tuple[int, int, QTextCharFormat]] = []
        self._visible_window = (0, 0)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.selectionChanged.connect(self._on_cursor_moved)
        self._press: QPoint | None = None
        # Extra key handlers (e.g. suggestions' J/K/Enter/Esc): called first; True means "handled".
        self.key_handlers: list[Callable[[QKeyEvent], bool]] = []
        self.viewport().setMouseTracking(True)

    # --- content -----------------------------------------------------------------------------------

    def set_article(self, article: Article | None, style: DocStyle, theme: themes.Theme) -> None:
        """Show ``article`` (or nothing) in ``style``; highlights are set separately."""
        self.theme = theme
        self.article = article
        self.highlights = []
        self._highlight_spans = []
        self.setExtraSelections([])
        self.text = article.text if article else ""
        self.umap = Utf16Map(self.text)
        self.sentences = Sentences(self.text)
        self.setUpdatesEnabled(False)
        build_document(article.blocks if article else [], style, self.document())
        self.document().setDocumentMargin(0)
        if article is None:
            self.set_header("", "")
        else:
            first = article.blocks[0] if article.blocks else None
            in_text = first is not None and first.kind == "heading" and _same(first.text, article.title)
            title = "" if in_text else (article.title or "")
            self.set_header(title, _meta_line(article))
        self.update_margins()
        self.setUpdatesEnabled(True)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        self.render_highlights()

    def set_labels(self, labels: Sequence[Label]) -> None:
        """Use these labels (colours, keys, order)."""
        self.labels = list(labels)
        self.render_highlights()

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Show these highlights of the current article."""
        self.highlights = sorted(highlights, key=lambda h: h.start)
        self.render_highlights()

    def set_dim_filler(self, on: bool) -> None:
        """Grey filler out in place instead of colouring it."""
        self.dim_filler = on
        self.render_highlights()

    def set_layer(self, name: str, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Add or replace a drawing layer above the highlights (e.g. suggestion underlines).

        ``spans`` are ``(start, end, format)`` in code-point offsets, sorted by start; an empty list
        removes the layer. Layers are drawn in the order they were first added.
        """
        if spans:
            self.extra_layers[name] = sorted(spans, key=lambda x: x[0])
        else:
            self.extra_layers.pop(name, None)
        self.update_visible_selections()

    def label(self, name: str) -> Label:
        """The label called ``name`` (a grey stand-in if it is unknown)."""
        for lb in self.labels:
            if lb.name == name:
                return lb
        return Label(name, "#c8c8c8")

    def highlight_format(self, label: Label) -> QTextCharFormat:
        """How a highlight of ``label`` is drawn in the current theme and mode."""
        fmt = QTextCharFormat()
        if self.dim_filler and label.name == "filler":
            fmt.setForeground(QColor(self.theme.faint))
            return fmt
        colors = themes.label_colors(self.theme, label.color)
        fmt.setBackground(colors.background)
        fmt.setForeground(colors.text)
        fmt.setUnderlineStyle(underline_style(label, self.labels))
        fmt.setUnderlineColor(colors.underline)
        return fmt

    def render_highlights(self) -> None:
        """Recompute how each highlight is drawn, then draw those near the visible part of the page."""
        formats: dict[str, QTextCharFormat] = {}
        spans: list[tuple[int, int, QTextCharFormat]] = []
        for h in self.highlights:
            fmt = formats.get(h.label)
            if fmt is None:
                fmt = formats[h.label] = self.highlight_format(self.label(h.label))
            spans.append((h.start, h.end, fmt))
        self._highlight_spans = spans
        self.update_visible_selections()

    def visible_range(self) -> tuple[int, int]:
        """Code-point offsets from one screen above the view to one screen below it."""
        vp = self.viewport()
        h = max(vp.height(), 900)  # a hidden view may not have its real size yet
        top = self.cursorForPosition(QPoint(0, -h)).position()
        bottom = self.cursorForPosition(QPoint(max(vp.width(), 1), 2 * h)).position()
        return self.umap.to_offset(top), self.umap.to_offset(bottom) + 1

    def update_visible_selections(self) -> None:
        """Hand Qt only the highlight and layer spans near the view (painting cost stays flat)."""
        if self.article is None:
            self.setExtraSelections([])
            return
        lo, hi = self.visible_range()
        doc = self.document()
        sels: list[QTextEdit.ExtraSelection] = []
        # Inside an edit block QTextCursor.setPosition skips laying out the block to find its x.
        batch = QTextCursor(doc)
        batch.beginEditBlock()
        for spans in (self._highlight_spans, *self.extra_layers.values()):
            first = bisect.bisect_left(spans, lo, key=lambda x: x[1])  # spans are sorted and disjoint
            for start, end, fmt in spans[max(first - 1, 0) :]:
                if start > hi:
                    break
                if end < lo:
                    continue
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(doc)
                cursor.setPosition(self.umap.to_pos(start))
                cursor.setPosition(self.umap.to_pos(end), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                sel.format = fmt
                sels.append(sel)
        batch.endEditBlock()
        self._visible_window = (lo, hi)
        self.setExtraSelections(sels)

    def set_sentence_mode(self, on: bool) -> None:
        """Paint whole sentences; the sentence at the caret is marked in the margin."""
        self.sentence_mode = on
        self.viewport().update()

    def focus_sentence(self) -> tuple[int, int] | None:
        """The sentence a label key would paint now (sentence mode, no selection), if any."""
        if not self.sentence_mode or self.article is None or self.textCursor().hasSelection():
            return None
        return self.sentences.at(self.caret_offset())

    def paintEvent(self, event) -> None:
        """Draw the page, then in sentence mode an accent bar beside the sentence at the caret."""
        super().paintEvent(event)
        span = self.focus_sentence()
        if span is None:
            return
        top = self._rect_at(span[0]).top()
        bottom = self._rect_at(span[1]).bottom()
        left, _width = self.column()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.accent))
        painter.drawRoundedRect(QRectF(left - 16, top + 2, 3.5, max(bottom - top - 4, 6)), 1.75, 1.75)
        painter.end()

    def _rect_at(self, offset: int):
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.umap.to_pos(offset))
        return self.cursorRect(cursor)

    def _on_cursor_moved(self) -> None:
        if self.sentence_mode:
            self.viewport().update()

    def showEvent(self, event) -> None:
        """Coming into view (e.g. back from facts-only): draw the highlights now in view."""
        super().showEvent(event)
        if self.article is not None:
            self.update_visible_selections()

    def resizeEvent(self, event) -> None:
        """Re-centre the column and redraw the highlights now in view."""
        super().resizeEvent(event)
        if self.article is not None:
            self.update_visible_selections()

    def _on_scrolled(self) -> None:
        lo, hi = self._visible_window
        nlo, nhi = self.visible_range()
        if nlo < lo or nhi > hi or (hi - lo) > 3 * max(nhi - nlo, 1):
            self.update_visible_selections()

    # --- selection and painting ----------------------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        """The selected span in code points, snapped to words (to sentences in sentence mode)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.umap.to_offset(cursor.selectionStart())
        end = self.umap.to_offset(cursor.selectionEnd())
        span = snap_to_words(self.text, start, end)
        if span and self.sentence_mode:
            span = self.sentences.covering(*span)
        return span

    def caret_offset(self) -> int:
        """The caret's offset in code points."""
        return self.umap.to_offset(self.textCursor().position())

    def target_span(self) -> tuple[int, int] | None:
        """What a key acts on: the selection, else in sentence mode the sentence at the caret."""
        span = self.selection_span()
        if span is None and self.sentence_mode:
            span = self.sentences.at(self.caret_offset())
        return span

    def request_paint(self, label: str) -> bool:
        """Ask to paint the selection (or the caret's sentence) with ``label``; False if nothing to paint."""
        span = self.target_span()
        if span is None:
            self.message.emit("Select some text first (or turn on sentence mode to paint whole sentences).")
            return False
        self.paint_requested.emit(span[0], span[1], label)
        self._after_paint(span)
        return True

    def request_erase(self) -> bool:
        """Ask to erase labels from the selection, or the highlight under the caret."""
        span = self.target_span()
        if span is None:
            h = highlight_at(self.highlights, self.caret_offset())
            span = (h.start, h.end) if h else None
        if span is None:
            self.message.emit("Nothing to erase here: select painted text first.")
            return False
        span = with_spaces(self.text, *span)
        self.erase_requested.emit(span[0], span[1])
        self._after_paint(span)
        return True

    def request_note(self) -> bool:
        """Ask to add or edit the note of the highlight at the caret or selection."""
        span = self.selection_span()
        if span is None:
            h = highlight_at(self.highlights, self.caret_offset())
            if h is None and self.sentence_mode:
                span = self.sentences.at(self.caret_offset())
            else:
                span = (h.start, h.end) if h else None
        if span is None:
            self.message.emit("Put the cursor in a highlight (or select text) to add a note.")
            return False
        self.note_requested.emit(span[0], span[1])
        return True

    def _after_paint(self, span: tuple[int, int]) -> None:
        """Collapse the selection so the new colour shows; in sentence mode move to the next sentence."""
        cursor = self.textCursor()
        nxt = self.sentences.after(span[1]) if self.sentence_mode else None
        cursor.setPosition(self.umap.to_pos(nxt[0] if nxt else span[1]))
        self.setTextCursor(cursor)

    def paint_sentence_at(self, offset: int) -> bool:
        """Paint the sentence at ``offset`` with the current label (erase it if it already has that label)."""
        span = self.sentences.at(offset)
        if span is None:
            return False
        if covered_by(self.highlights, span[0], span[1], self.current_label):
            self.erase_requested.emit(span[0], span[1])
        else:
            self.paint_requested.emit(span[0], span[1], self.current_label)
        return True

    def key_labels(self) -> dict[str, str]:
        """Key → label name for every label that has a key."""
        return {lb.key: lb.name for lb in self.labels if lb.key}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Label keys paint, 0/Backspace/Delete erase, N edits the note; everything else reads/navigates."""
        for handler in self.key_handlers:
            if handler(event):
                event.accept()
                return
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.article is not None and mods in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            text = event.text()
            keys = self.key_labels()
            if mods == Qt.KeyboardModifier.NoModifier and text and text in keys:
                self.request_paint(keys[text])
                return
            if mods == Qt.KeyboardModifier.NoModifier and (
                text == "0" or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
            ):
                self.request_erase()
                return
            if text in ("n", "N"):
                self.request_note()
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Alt+click paints the sentence under the pointer; otherwise select as usual."""
        pos = event.position().toPoint()
        if (
            self.article is not None
            and event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.paint_sentence_at(self.offset_at(pos))
            event.accept()
            return
        self._press = pos if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """In sentence mode a plain click (no drag, not on a link) paints the sentence."""
        press, self._press = self._press, None
        pos = event.position().toPoint()
        super().mouseReleaseEvent(event)
        if (
            self.sentence_mode
            and self.article is not None
            and press is not None
            and event.button() == Qt.MouseButton.LeftButton
            and (pos - press).manhattanLength() < QApplication.startDragDistance()
            and not self.anchorAt(pos)
            and not self.textCursor().hasSelection()
        ):
            self.paint_sentence_at(self.offset_at(pos))

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips name the label (and its underline style) and show the note."""
        if event.type() == QEvent.Type.ToolTip and self.article is not None:
            pos = event.pos()
            h = highlight_at(self.highlights, self.offset_at(pos))
            if h is not None and self.cursorRect(self.cursorForPosition(pos)).adjusted(
                -40, -4, 40, 4
            ).contains(pos):
                QToolTip.showText(event.globalPos(), self.tooltip_for(h), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, h: Highlight) -> str:
        """The tooltip text of a highlight: label, how it is marked, and the note."""
        lb = self.label(h.label)
        style = UNDERLINE_NAMES.get(underline_style(lb, self.labels), "underlined")
        tip = f"{lb.name.capitalize()} ({style})"
        if lb.key:
            tip += f" — key {lb.key}"
        if h.note:
            tip += f"\nNote: {h.note}"
        return tip


def _same(a: str, b: str) -> bool:
    """Loose title equality (case, spaces and punctuation at the ends ignored)."""

    def norm(s: str) -> str:
        return " ".join(s.casefold().split()).strip(" .:-–—|")

    return bool(a) and (norm(a) == norm(b) or norm(b).startswith(norm(a)))


def _meta_line(article: Article) -> str:
    """Site · byline · date for the header."""
    from reader.ui.library_pane import short_date

    parts = [article.site_name or "", article.byline or "", short_date(article.published)]
    if not parts[0] and article.url:
        host = QUrl(article.url).host()
        parts[0] = host.removeprefix("www.")
    return "  ·  ".join(p for p in parts if p)
