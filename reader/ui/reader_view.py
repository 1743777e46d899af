"""The reading view: a calm, read-only article page on which the reader paints fact and filler."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from reader.models import Article, Highlight, Label
from reader.ui import themes
from reader.ui.document import (
    DocStyle,
    Utf16Map,
    build_document,
)
from reader.ui.marks import MarksMixin
from reader.ui.reading_browser import ReadingBrowser, doc_style, meta_line, title_in_text
from reader.ui.spans import Sentences, covered_by, highlight_at, snap_to_words, with_spaces

# The non-colour cue of each label: fact solid, filler dotted, user labels dashed/wavy/dash-dot.
_TOOLTIP = QEvent.Type.ToolTip


def keep_shaped_text(doc: QTextDocument) -> None:
    """Let each paragraph keep its shaped text once laid out (a few bytes a character).

    By default Qt drops it after laying out and after every paint, so each repaint of a paragraph shapes
    it again, and measuring a mark's position shapes it once more and finds its character boundaries.
    """
    block = doc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()


class ReaderView(MarksMixin, ReadingBrowser):
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
        self._specs: dict[int, tuple] = {}  # id(format) -> how it is drawn (see MarksMixin._spec)
        self._specs_ratio = 0.0  # the device pixel ratio the specs' patterns were drawn for
        self.forget_geometry()
        self._remeasure = QTimer(self, singleShot=True, interval=50)  # a resize drag relays out often
        self._remeasure.timeout.connect(lambda: self.isVisible() and self.measure_marks())
        self.viewport().setAutoFillBackground(False)  # paint_marks fills the page, then highlights
        self._laid_out_width = -1.0
        self.document().documentLayout().documentSizeChanged.connect(self._on_doc_size)
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
        if article is None or self.article is None or article.id != self.article.id:
            self.extra_layers.clear()  # layers belong to one article
        self.article = article
        self.forget_geometry()
        self.highlights = []
        self._highlight_spans = []
        self.text = article.text if article else ""
        self.umap = Utf16Map(self.text)
        self.sentences = Sentences(self.text)
        self.setUpdatesEnabled(False)
        build_document(article.blocks if article else [], style, self.document())
        keep_shaped_text(self.document())
        self.document().setDocumentMargin(0)
        if article is None:
            self.set_header("", "")
        else:
            first = article.blocks[0] if article.blocks else None
            in_text = (
                first is not None and first.kind == "heading" and title_in_text(first.text, article.title)
            )
            title = "" if in_text else (article.title or "")
            self.set_header(title, meta_line(article))
        self.update_margins()
        self.setUpdatesEnabled(True)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        self.render_highlights()

    def layout_changed(self) -> None:
        """Mark geometry must be measured again."""
        self.forget_geometry()
        self._remeasure_soon()

    def _on_doc_size(self, size) -> None:
        if size.width() != self._laid_out_width:  # re-wrapped (a scroll bar came or went, say)
            self._laid_out_width = size.width()
            self.forget_geometry()
            self._remeasure_soon()

    def set_labels(self, labels: Sequence[Label]) -> None:
        """Use these labels (colours, keys, order)."""
        self.labels = list(labels)
        self.render_highlights()

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Show these highlights of the current article (measured now: scrolling then only draws them)."""
        self.highlights = sorted(highlights, key=lambda h: h.start)
        self.render_highlights()
        if self.article is not None and self.isVisible():
            self.measure_marks()

    def _remeasure_soon(self) -> None:
        """After a relayout (new width or fonts): measure the marks again once the event loop is free."""
        timer = getattr(self, "_remeasure", None)  # (a relayout while the view is being made)
        if timer is not None and self.article is not None and self._highlight_spans:
            timer.start()

    def set_dim_filler(self, on: bool) -> None:
        """Grey filler out in place instead of colouring it."""
        self.dim_filler = on
        self.render_highlights()

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
        """Page and highlight backgrounds, the text, then underlines/dimming and the sentence-mode bar."""
        pieces = self.mark_pieces(event.rect())
        self.paint_marks(event.rect(), pieces, under=True)
        super().paintEvent(event)
        self.paint_marks(event.rect(), pieces, under=False)
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

    def contextMenuEvent(self, event) -> None:
        """The usual Copy/Select All menu plus painting: one entry per label, Erase and Note."""
        menu = self.createStandardContextMenu(event.pos())
        if self.article is not None:
            pos = self.viewport().mapFromGlobal(event.globalPos())
            if not self.textCursor().hasSelection() and not self.sentence_mode:
                cursor = self.cursorForPosition(pos)  # right-click on a word: act on that word
                cursor.select(QTextCursor.SelectionType.WordUnderCursor)
                if cursor.hasSelection():
                    self.setTextCursor(cursor)
            menu.addSeparator()
            for lb in self.labels:
                text = f"Paint as {lb.name.capitalize()}" + (f"\t{lb.key}" if lb.key else "")
                menu.addAction(text, lambda name=lb.name: self.request_paint(name))
            menu.addAction("Erase Label\t0", self.request_erase)
            menu.addAction("Add or Edit Note…\tN", self.request_note)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips name the label (and its underline style) and show the note."""
        if event.type() == _TOOLTIP and self.article is not None:
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


__all__ = ["ReaderView", "ReadingBrowser", "doc_style"]
