"""File ▸ Agreement…: Cohen's κ between two annotators on the open article, per label, and where
they disagree (click a passage to select it in the reader)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.agreement import NONE, Agreement, agreement
from reader.errors import SiftError

SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET = 90


def describe_kappa(kappa: float | None) -> str:
    """Landis & Koch's words for a kappa value ("undefined" when it is None)."""
    if kappa is None:
        return "undefined (one annotator put every word in the same class)"
    for limit, words in (
        (0.0, "poor"),
        (0.2, "slight"),
        (0.4, "fair"),
        (0.6, "moderate"),
        (0.8, "substantial"),
    ):
        if kappa <= limit:
            return words
    return "almost perfect"


def fmt_kappa(kappa: float | None) -> str:
    """κ with two decimals, or an en dash when undefined."""
    return "–" if kappa is None else f"{kappa:.2f}"


class AgreementDialog(QDialog):
    """Two annotator choices, κ overall and per label, observed agreement, and the disagreements.

    ``reveal(start, end)`` is called when a disagreement is activated (the window selects it).
    """

    def __init__(
        self, window: Any, reveal: Callable[[int, int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.library = window.library
        self.reveal = reveal
        self.article_id: int | None = None
        self.result: Agreement | None = None
        self.setWindowTitle("Agreement")
        self.resize(720, 600)
        self.a = QComboBox(self)
        self.a.setAccessibleName("Annotator A")
        self.b = QComboBox(self)
        self.b.setAccessibleName("Annotator B")
        pick = QHBoxLayout()
        pick.addWidget(self._buddy("Compare &A:", self.a))
        pick.addWidget(self.a, 1)
        pick.addWidget(self._buddy("with &B:", self.b))
        pick.addWidget(self.b, 1)
        self.kappa = QLabel(self)
        self.kappa.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.observed = QLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Cohen's κ:", self.kappa)
        form.addRow("Observed agreement:", self.observed)
        self.per_label = QTreeWidget(self)
        self.per_label.setHeaderLabels(["Label", "κ", "Words A", "Words B", "Both"])
        self.per_label.setRootIsDecorated(False)
        self.per_label.setAccessibleName("Agreement per label")
        self.per_label.header().setStretchLastSection(False)
        self.per_label.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.spans = QTreeWidget(self)
        self.spans.setHeaderLabels(["A", "B", "Words", "Passage"])
        self.spans.setRootIsDecorated(False)
        self.spans.setUniformRowHeights(True)
        self.spans.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.spans.setAccessibleName("Disagreements")
        self.spans_title = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(pick)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(self.per_label)
        lay.addWidget(self.spans_title)
        lay.addWidget(self.spans, 1)
        lay.addWidget(buttons)
        self.a.currentIndexChanged.connect(lambda _i: self.compute())
        self.b.currentIndexChanged.connect(lambda _i: self.compute())
        self.spans.itemActivated.connect(self._on_span)
        self.spans.itemClicked.connect(self._on_span)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def annotator_names(self, article_id: int) -> list[str]:
        """Everyone with highlights in the article, and always the local annotator (first)."""
        names = self.library.annotators(article_id)
        me = self.library.annotator
        return [me] + [n for n in names if n != me]

    def load(self, article_id: int) -> None:
        """Offer the article's annotators (you and the first other one chosen) and compute."""
        self.article_id = article_id
        names = self.annotator_names(article_id)
        me = self.library.annotator
        keep = (self.a.currentData(), self.b.currentData())
        for combo in (self.a, self.b):
            combo.blockSignals(True)
            combo.clear()
            for n in names:
                combo.addItem(f"{n} (you)" if n == me else n, n)
            combo.blockSignals(False)
        a = keep[0] if keep[0] in names else me
        b = keep[1] if keep[1] in names and keep[1] != a else next((n for n in names if n != a), a)
        self.a.setCurrentIndex(self.a.findData(a))
        self.b.setCurrentIndex(self.b.findData(b))
        self.compute()

    def on_highlights_changed(self, article_id: int) -> None:
        """Painting changed your layer: recompute when this article is shown."""
        if self.isVisible() and article_id == self.article_id:
            self.compute()

    def compute(self) -> Agreement | None:
        """Compute agreement between the chosen annotators and show it."""
        self.result = None
        self.per_label.clear()
        self.spans.clear()
        a, b = self.a.currentData(), self.b.currentData()
        if self.article_id is None or a is None or b is None:
            return None
        if a == b:
            self._show_nothing("Choose two different annotators. Import a colleague's annotations "
                               "(sift import FILE) to compare with them.")  # fmt: skip
            return None
        try:
            article = self.library.get_article(self.article_id)
            ha = self.library.highlights(self.article_id, annotator=a, orphans=False)
            hb = self.library.highlights(self.article_id, annotator=b, orphans=False)
        except SiftError as err:
            self._show_nothing(str(err))
            return None
        self.text = article.text
        r = self.result = agreement(article.text, ha, hb)
        self.setWindowTitle(f"Agreement on “{article.title or 'Untitled'}”")
        self.kappa.setText(f"<b style='font-size:15pt'>{fmt_kappa(r.kappa)}</b>  {describe_kappa(r.kappa)}")
        self.observed.setText(
            "–" if r.observed is None else f"{r.observed:.1%} of {r.words:,} words labelled the same"
        )
        self.note.setText(
            f"Each word takes the label that covers most of it ({NONE} where nothing does); "
            f"{len(ha)} highlight(s) by {a}, {len(hb)} by {b}. Orphaned highlights are not counted."
        )
        self.per_label.setHeaderLabels(["Label", "κ", f"Words {a}", f"Words {b}", "Both"])
        self.spans.setHeaderLabels([a, b, "Words", "Passage"])
        for label, la in r.per_label.items():
            item = QTreeWidgetItem(
                [label, fmt_kappa(la.kappa), f"{la.words_a:,}", f"{la.words_b:,}", f"{la.words_both:,}"]
            )
            for col in range(1, 5):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.per_label.addTopLevelItem(item)
        for d in r.disagreements:
            snippet = " ".join(d.text.split())
            snippet = snippet if len(snippet) <= SNIPPET else snippet[: SNIPPET - 1] + "…"
            item = QTreeWidgetItem([d.label_a, d.label_b, f"{d.words:,}", snippet])
            item.setData(0, SPAN_ROLE, (d.start, d.end))
            item.setToolTip(3, d.text[:1000])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.spans.addTopLevelItem(item)
        n = len(r.disagreements)
        self.spans_title.setText(
            f"<b>{n} passage(s) where they disagree</b> · click one to select it in the article"
            if n else "<b>No disagreements</b>: every word has the same label from both."
        )  # fmt: skip
        for col in range(5):
            self.spans.resizeColumnToContents(min(col, 2))
            self.per_label.resizeColumnToContents(col)
        self._fit_per_label()
        return r

    def _fit_per_label(self) -> None:
        """Make the per-label table exactly as tall as its rows (there are only a few)."""
        t = self.per_label
        rows = max(t.topLevelItemCount(), 1)
        row = t.sizeHintForRow(0) if t.topLevelItemCount() else t.fontMetrics().height() + 4
        t.setFixedHeight(t.header().sizeHint().height() + rows * row + 2 * t.frameWidth() + 2)

    def _show_nothing(self, message: str) -> None:
        self.kappa.setText("–")
        self.observed.setText("–")
        self.note.setText(message)
        self.spans_title.setText("")

    def _on_span(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        span = item.data(0, SPAN_ROLE)
        if span is not None:
            self.reveal(span[0], span[1])
