"""Highlights pane benchmark: listing 1,200 new highlights (what "accept all suggestions" produces).

Measures, on Qt's offscreen platform in this process, the GUI-thread time from handing the pane its
rows to the end of the event-loop pass that lays them out: (a) 1,200 highlights the pane has never
shown (a fresh pane each repeat), (b) re-listing them after one highlight changed (every row is a
new object, as after any paint). The baseline, measured in the same run, is a bare ``QListView``
with Qt's default delegate showing the same quotes, word-wrapped. Target: (a) ≤ 3× the baseline.
``SIFT_BENCH_QUICK=1`` uses 200 highlights and fewer repeats.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

TARGET = 3.0
VOCABULARY = (
    "the council met on monday and voted nine to two to keep the harbour nets while engineers said "
    "output rose through a cold winter despite several storms that closed the quay for days"
)


def quick() -> bool:
    """True for a smoke-sized run."""
    return os.environ.get("SIFT_BENCH_QUICK") == "1"


def _article_text(rnd: random.Random, sentences: int) -> str:
    words = VOCABULARY.split()
    paras = []
    for _ in range(sentences // 5 + 1):
        sents = [
            " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 40))).capitalize() + "."
            for _ in range(5)
        ]
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def _rows(n: int):
    """A library article with ``n`` painted sentences; returns (library, labels, highlights)."""
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent
    from reader.sentences import sentence_spans
    from reader.store import Library

    lib = Library(Path(tempfile.mkdtemp(prefix="sift-bench-pane-")) / "library.db")
    a = lib.add_article(ArticleContent(blocks_from_text(_article_text(random.Random(7), n)), title="Bench"))
    with lib.transaction():
        for i, (s, e) in enumerate(sentence_spans(a.text)[:n]):
            note = "a short note about this one" if i % 9 == 0 else None
            lib.paint(a.id, s, e, "fact" if i % 3 else "filler", note=note, origin="suggested")
    return lib, lib.labels(), lib.highlights(a.id)


def _time(fn) -> float:
    from PySide6.QtWidgets import QApplication

    t = time.perf_counter()
    fn()
    QApplication.processEvents()
    return (time.perf_counter() - t) * 1000.0


def main() -> None:
    """Print the pane's times beside the bare list's, and the ratio against the target."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QApplication, QListView

    app = QApplication.instance() or QApplication([])
    from reader.ui.highlights_pane import HighlightsPane

    n = 200 if quick() else 1200
    repeats = 2 if quick() else 5
    lib, labels, rows = _rows(n)
    quotes = [h.exact for h in rows]
    bare, cold, warm = [], [], []
    for _ in range(repeats):
        view = QListView()
        view.resize(310, 760)
        view.setWordWrap(True)
        model = QStringListModel(quotes[:3])
        view.setModel(model)
        view.show()
        app.processEvents()
        bare.append(_time(lambda m=model: m.setStringList(quotes)))
        view.close()
        view.deleteLater()
        pane = HighlightsPane()
        pane.resize(310, 760)
        pane.set_labels(labels)
        pane.set_highlights(rows[:3])
        pane.show()
        app.processEvents()
        fresh = [replace(h) for h in rows]  # new objects the pane has never laid out
        cold.append(_time(lambda p=pane, r=fresh: p.set_highlights(r)))
        again = [replace(h) for h in rows]
        again[n // 2] = replace(again[n // 2], note="edited")
        warm.append(_time(lambda p=pane, r=again: p.set_highlights(r)))
        pane.close()
        pane.deleteLater()
        app.processEvents()
    lib.close()
    b, c, w = statistics.median(bare), statistics.median(cold), statistics.median(warm)
    ratio = c / b if b > 0 else float("inf")
    print(f"bare QListView, {n:,} wrapped quotes:      {b:8.1f} ms")
    print(f"highlights pane, {n:,} new highlights:    {c:8.1f} ms  ({ratio:.2f}× bare, target ≤ {TARGET}×)")
    print(f"highlights pane, re-list after one change: {w:8.1f} ms")
    print(f"highlights pane: {'OK' if ratio <= TARGET else 'SLOWER THAN TARGET'} ({ratio:.2f}× ≤ {TARGET}×)")


if __name__ == "__main__":
    main()
