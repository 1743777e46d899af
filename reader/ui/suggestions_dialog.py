"""The "Accept all suggestions above S" dialog: a threshold, a live count, one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from reader.ui.suggestions import SuggestionsController

DEFAULT_THRESHOLD = 0.9


class AcceptAboveDialog(QDialog):
    """Pick S; shows how many shown proposals would be painted (filler with P(filler) ≥ S)."""

    def __init__(self, controller: SuggestionsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Accept suggestions")
        intro = QLabel(
            "Paint every shown filler suggestion whose score — the model's probability that the sentence "
            "is filler — is at least:",
            self,
        )
        intro.setWordWrap(True)
        self.spin = QDoubleSpinBox(self)
        self.spin.setRange(0.5, 1.0)
        self.spin.setSingleStep(0.05)
        self.spin.setDecimals(2)
        self.spin.setValue(DEFAULT_THRESHOLD)
        self.spin.setAccessibleName("Minimum score")
        self.facts = QCheckBox("Also accept fact suggestions that are at least as sure", self)
        self.count = QLabel(self)
        self.count.setAccessibleName("How many suggestions will be accepted")
        form = QFormLayout()
        form.addRow("Minimum &score:", self.spin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.facts)
        lay.addWidget(self.count)
        lay.addWidget(self.buttons)
        self.spin.valueChanged.connect(self.update_count)
        self.facts.toggled.connect(self.update_count)
        self.update_count()
        self.spin.setFocus()
        self.spin.selectAll()

    def threshold(self) -> float:
        """The chosen S."""
        return round(self.spin.value(), 4)

    def include_facts(self) -> bool:
        """True when confident fact proposals are accepted too."""
        return self.facts.isChecked()

    def update_count(self) -> None:
        """Show how many proposals the current choice accepts (and allow OK only if any)."""
        chosen = self.controller.above(self.threshold(), facts=self.include_facts())
        filler = sum(1 for s in chosen if s.label == "filler")
        fact = len(chosen) - filler
        parts = [f"{filler} filler"] + ([f"{fact} fact"] if self.include_facts() else [])
        n = len(chosen)
        self.count.setText(
            f"<b>{n}</b> suggestion{'s' if n != 1 else ''} will be painted ({', '.join(parts)}); "
            "one Undo takes them all back."
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Accept {n}")
        ok.setEnabled(n > 0)
