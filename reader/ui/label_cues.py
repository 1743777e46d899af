"""How each label is told apart without colour: fact solid, filler dotted, user labels dashed, wavy, …

Plain names (no Qt), so the window's toolbar can draw its label chips before the reader view exists;
:mod:`reader.ui.marks` maps them to the underline styles it paints.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.models import Label

FIXED_CUES = {"fact": "solid underline", "filler": "dotted underline"}
USER_CUES = ("dashed underline", "wavy underline", "dash-dot underline", "dash-dot-dot underline")


def label_cue(label: Label, labels: Sequence[Label]) -> str:
    """The underline that tells ``label`` apart (user labels take the next cue in their order)."""
    if label.name in FIXED_CUES:
        return FIXED_CUES[label.name]
    users = [lb.name for lb in labels if lb.name not in FIXED_CUES]
    i = users.index(label.name) if label.name in users else 0
    return USER_CUES[i % len(USER_CUES)]
