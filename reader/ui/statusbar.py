"""The status bar: words, fact density, highlight counts per label, background work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

if TYPE_CHECKING:
    from reader.stats import Stats


class SiftStatusBar(QStatusBar):
    """Permanent article figures on the right, messages on the left, a busy indicator for background work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.words = QLabel(self)
        self.density = QLabel(self)
        self.counts = QLabel(self)
        self.mode = QLabel(self)
        for w in (self.busy_label, self.busy_bar):
            self.addWidget(w)
            w.hide()
        for w in (self.mode, self.counts, self.density, self.words):
            w.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(w)

    def show_busy(self, text: str | None) -> None:
        """Show ``text`` with a busy indicator, or hide both when ``text`` is None."""
        if text is None:
            self.busy_label.hide()
            self.busy_bar.hide()
            self.busy_label.clear()
            return
        self.busy_label.setText(text)
        self.busy_label.setToolTip(text)
        self.busy_label.show()
        self.busy_bar.show()

    def show_article(self, word_count: int | None, stats: Stats | None, label_order: list[str]) -> None:
        """Show the open article's figures (None clears them)."""
        if word_count is None or stats is None:
            for w in (self.words, self.density, self.counts):
                w.clear()
            return
        self.words.setText(f"{word_count:,} words")
        d = stats.fact_density
        self.density.setText(f"Fact density {d:.0%}" if d is not None else "Fact density —")
        self.density.setToolTip("Fact words ÷ (fact + filler words)")
        parts = []
        for name in label_order:
            ls = stats.per_label.get(name)
            if ls is not None and (ls.highlights or name in ("fact", "filler")):
                parts.append(f"{name.capitalize()} {ls.highlights}")
        self.counts.setText("  ·  ".join(parts))

    def show_mode(self, text: str) -> None:
        """Show the painting mode (current label, sentence mode)."""
        self.mode.setText(text)
