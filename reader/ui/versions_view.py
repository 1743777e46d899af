"""File ▸ Versions…: every stored version of the open article, read-only, with changed words marked."""

from __future__ import annotations

import difflib
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.errors import SiftError
from reader.ui import themes
from reader.ui.document import Utf16Map, build_document
from reader.ui.library_delegate import short_date
from reader.ui.reading_browser import ReadingBrowser, doc_style, title_in_text

_TOKEN = re.compile(r"\w+|[^\w\s]+")  # words and runs of punctuation
VERSION_ROLE = Qt.ItemDataRole.UserRole + 1


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(start offset, text) of every line of ``text``."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _words(tokens) -> int:
    """How many of ``tokens`` are words (not punctuation)."""
    return sum(1 for t in tokens if t[0].isalnum() or t[0] == "_")


def _per_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks (a mark never spans two paragraphs)."""
    out, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            s = pos + len(line) - len(line.lstrip())
            out.append((s, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def changed_spans(shown: str, other: str) -> tuple[list[tuple[int, int]], int, int]:
    """Spans of ``shown`` whose words are not in ``other`` (paragraph diff, then words inside changed
    paragraphs), plus how many words only ``shown`` and only ``other`` have."""
    paras = _paragraphs(shown)
    others = other.split("\n")
    spans: list[tuple[int, int]] = []
    here = there = 0
    outer = difflib.SequenceMatcher(None, [t for _s, t in paras], others, autojunk=False)
    for op, i1, i2, j1, j2 in outer.get_opcodes():
        if op == "equal":
            continue
        theirs = _TOKEN.findall("\n".join(others[j1:j2]))
        if i1 == i2:
            there += _words(theirs)
            continue
        start = paras[i1][0]
        seg = shown[start : paras[i2 - 1][0] + len(paras[i2 - 1][1])]
        mine = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(seg)]
        inner = difflib.SequenceMatcher(None, [w for _s, _e, w in mine], theirs, autojunk=len(mine) > 2000)
        for op2, a1, a2, b1, b2 in inner.get_opcodes():
            if op2 == "equal":
                continue
            if a2 > a1:
                spans.extend(_per_line(shown, mine[a1][0], mine[a2 - 1][1]))
                here += _words(w for _s, _e, w in mine[a1:a2])
            there += _words(theirs[b1:b2])
    return spans, here, there


class VersionsDialog(QDialog):
    """A list of versions (number, date, words, title) beside the chosen version's text."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.library = window.library
        self.article_id: int | None = None
        self.versions: list = []
        self.texts: dict[int, str] = {}
        self.marked: list[tuple[int, int]] = []
        self.setWindowTitle("Versions")
        self.resize(1000, 680)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Version", "Added", "Words", "Title"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Versions")
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.compare = QComboBox(self)
        self.compare.setAccessibleName("Mark changes against")
        self.page = ReadingBrowser(self)
        self.page.setAccessibleName("Version text")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.info)
        row = QHBoxLayout()
        mark = QLabel("&Mark changes against:", self)
        mark.setBuddy(self.compare)
        row.addWidget(mark)
        row.addWidget(self.compare)
        row.addWidget(self.summary, 1)
        rl.addLayout(row)
        rl.addWidget(self.page, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 670])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_a: self._show_selected())
        self.compare.currentIndexChanged.connect(lambda _i: self._mark())

    def load(self, article_id: int) -> None:
        """List the versions of ``article_id`` and show the current one."""
        from reader.versions import list_versions

        try:
            self.versions = list_versions(self.library, article_id)
        except SiftError as err:
            self.info.setText(str(err))
            return
        self.article_id = article_id
        self.texts = {}
        self.list.blockSignals(True)
        self.list.clear()
        for v in self.versions:
            item = QTreeWidgetItem(
                [
                    f"{v.version}" + ("  (current)" if v.current else ""),
                    short_date(v.fetched_at or v.added_at) or (v.fetched_at or v.added_at or "")[:10],
                    f"{v.word_count:,}",
                    v.title or "Untitled",
                ]
            )
            item.setData(0, VERSION_ROLE, v.version)
            item.setToolTip(0, f"Added {v.added_at}" + (f", fetched {v.fetched_at}" if v.fetched_at else ""))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        for col in range(3):
            self.list.resizeColumnToContents(col)
        self.list.blockSignals(False)
        title = self.versions[-1].title or "Untitled"
        self.setWindowTitle(f"Versions of “{title}”")
        self.list.setCurrentItem(self.list.topLevelItem(len(self.versions) - 1))
        self._show_selected()

    def selected_version(self) -> int | None:
        """The version number shown."""
        item = self.list.currentItem()
        return item.data(0, VERSION_ROLE) if item is not None else None

    def text_of(self, version: int) -> str:
        """The canonical text of one version (cached while the dialog shows this article)."""
        if version not in self.texts:
            from reader.versions import get_version

            self.texts[version] = get_version(self.library, self.article_id, version).text
        return self.texts[version]

    def _show_selected(self) -> None:
        from reader.versions import get_version

        number = self.selected_version()
        if number is None or self.article_id is None:
            return
        try:
            v = get_version(self.library, self.article_id, number)
        except SiftError as err:
            self.info.setText(str(err))
            return
        self.texts[number] = v.text
        w = self.window
        theme = getattr(w, "theme", None) or themes.resolve_theme("light")
        self.page.theme = theme
        style = doc_style(theme, w.settings.font_family, w.settings.font_size)
        build_document(v.blocks, style, self.page.document())
        self.page.document().setDocumentMargin(0)
        self.page.umap = Utf16Map(v.text)
        self.page.set_line_width(w.settings.line_width)
        first = v.blocks[0] if v.blocks else None
        in_text = first is not None and first.kind == "heading" and title_in_text(first.text, v.info.title)
        self.page.set_header("" if in_text else (v.info.title or "Untitled"), "")
        when = (v.info.fetched_at or v.info.added_at or "")[:16].replace("T", " ") + " UTC"
        state = "the current version" if v.info.current else "kept by a refresh, read-only"
        self.info.setText(f"<b>Version {number}</b>, {state} · {v.info.word_count:,} words · fetched {when}")
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem("Nothing", None)
        for other in self.versions:
            if other.version != number:
                self.compare.addItem(
                    f"Version {other.version}" + (" (current)" if other.current else ""), other.version
                )
        default = self.versions[-1].version if not v.info.current else number - 1
        self.compare.setCurrentIndex(max(self.compare.findData(default), 0))
        self.compare.blockSignals(False)
        self.page.moveCursor(QTextCursor.MoveOperation.Start)
        self._mark()

    def _mark(self) -> None:
        """Mark the shown version's words that the compared version does not have."""
        number, other = self.selected_version(), self.compare.currentData()
        self.marked = []
        if number is None or other is None:
            self.page.setExtraSelections([])
            self.summary.setText("")
            return
        shown = self.text_of(number)
        spans, here, there = changed_spans(shown, self.text_of(other))
        self.marked = spans
        theme = self.page.theme
        fmt = QTextCharFormat()
        fmt.setBackground(themes.mix(QColor(theme.base), QColor("#d9822b"), 0.28 if theme.dark else 0.22))
        fmt.setToolTip(f"Not in version {other}")
        selections = []
        umap = self.page.umap
        for s, e in spans:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.page.document())
            cursor.setPosition(umap.to_pos(s))
            cursor.setPosition(umap.to_pos(e), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.page.setExtraSelections(selections)
        if not spans and not there:
            self.summary.setText(f"Same words as version {other}.")
        else:
            self.summary.setText(
                f"{here:,} marked word(s) are not in version {other}; it has {there:,} not here."
            )
        self.summary.setToolTip(
            f"Marked: words of version {number} that version {other} does not have "
            f"({len(spans)} passage(s)). "
            f"Version {other} has {there:,} word(s) that are not in version {number}."
        )
