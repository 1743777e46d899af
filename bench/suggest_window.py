"""Suggestions in the window: how long the GUI thread is held, for a 2,000- and a 20,000-word article.

For each size, on Qt's offscreen platform with a real MainWindow and Library in a temporary folder:

- opening the article with suggestions off (the baseline) and on (time in the GUI thread), and the time
  until the proposals are drawn (long articles are scored in a background thread);
- the longest stall of the event loop while the proposals are computed (a 5 ms timer's worst gap);
- one Esc (reject + learn + redraw) and one Enter (accept + learn + redraw), GUI-thread time;
- "accept all above 0.9" (paint in one transaction; learning goes on a few decisions per turn), GUI time,
  and the time until everything was learned.

Targets: a decision ≤ 50 ms, no stall ≥ 150 ms (worst event-loop gap; the background thread shares the
GIL). The stall after "accept all" includes the highlights pane laying out the new rows (about 300 ms for
1,200 of them, measured with the pane hidden: ~55 ms). ``SIFT_BENCH_QUICK=1`` uses 300 and 3,000 words.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

DECISION_TARGET_MS, STALL_TARGET_MS = 50.0, 150.0

PARAGRAPH = (
    "The port authority of {place} approved a 38 million euro plan on Tuesday to dredge the northern "
    "channel to a depth of 14 metres. It is worth noting that ports matter more than ever in today's world. "
    "Works will begin in March and should finish by the end of 2027, according to the director, Ilse Varga. "
    "Only time will tell whether this is the right decision.\n\n"
    "The channel handled 2,400 ship calls last year, down 9 percent from 2022, the authority said. Of "
    "course, numbers never tell the whole story. Many people will no doubt find all of this fascinating.\n\n"
    "In conclusion, the project marks a new chapter for the town. What does the future hold?"
)


def text_of(words: int) -> str:
    """Our own padded news text of about ``words`` words (distinct place names, so no two are equal)."""
    parts, n, i = [], 0, 0
    while n < words:
        p = PARAGRAPH.format(place=f"Nerimar {i}")
        parts.append(p)
        n += len(p.split())
        i += 1
    return "\n\n".join(parts)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def _stall_ms(app, until) -> float:
    """Run the event loop until ``until()``; return the worst gap between 5 ms timer ticks."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    deadline = time.perf_counter() + 120
    while not until() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks.append(time.perf_counter())
    return max((b - a) * 1000.0 for a, b in itertools.pairwise(ticks))


def run_size(app, words: int, home: Path) -> dict[str, float]:
    """Measure one article size; returns the figures."""
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent
    from reader.store import Library
    from reader.ui.settings import Settings
    from reader.ui.window import MainWindow

    library = Library(home / f"bench-{words}.db")
    settings = Settings(home / f"settings-{words}.ini")
    settings.set("show_hint", False)
    article = library.add_article(ArticleContent(blocks_from_text(text_of(words)), title=f"{words} words"))
    other = library.add_article(ArticleContent(blocks_from_text("A short one. Nothing more."), title="x"))
    window = MainWindow(library, settings)
    window.resize(1280, 800)
    window.show()
    c = window.suggestions
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    window.open_article(article.id)
    out["open_off"] = _ms(t0)
    window.open_article(other.id)
    c.set_enabled(True)
    t0 = time.perf_counter()
    window.open_article(article.id)
    out["open_on"] = _ms(t0)
    out["stall"] = _stall_ms(app, lambda: not c.pending)
    out["shown"] = _ms(t0)
    out["proposals"] = len(c.visible)
    filler = [s for s in c.visible if s.label == "filler"]
    c.reveal(filler[0])
    t0 = time.perf_counter()
    c.reject(filler[0])
    out["reject"] = _ms(t0)
    c.wait()
    c.reveal(filler[1])
    t0 = time.perf_counter()
    c.accept(filler[1])
    out["accept"] = _ms(t0)
    c.wait()
    t0 = time.perf_counter()
    out["accepted_all"] = c.accept_above(0.9)
    out["accept_all"] = _ms(t0)
    out["accept_all_stall"] = _stall_ms(app, lambda: not c.queue.busy and not c.pending)
    out["accept_all_learned"] = _ms(t0)
    window.close()
    library.close()
    return out


def main() -> None:
    """Print the figures for each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    quick = os.environ.get("SIFT_BENCH_QUICK") == "1"
    sizes = (300, 3000) if quick else (2000, 20000)
    worst_decision, worst_stall = [], []
    with tempfile.TemporaryDirectory(prefix="sift-bench-suggest-") as tmp:
        for words in sizes:
            r = run_size(app, words, Path(tmp))
            ratio = r["open_on"] / max(r["open_off"], 0.1)
            print(
                f"{words:>6} words: open {r['open_off']:.0f} ms without suggestions, "
                f"{r['open_on']:.0f} ms with ({ratio:.2f}×); {int(r['proposals'])} proposals drawn "
                f"after {r['shown']:.0f} ms; worst event-loop stall {r['stall']:.0f} ms",
                flush=True,
            )
            print(
                f"{'':>6}        Esc {r['reject']:.1f} ms, Enter {r['accept']:.1f} ms (GUI thread); "
                f"accept all above 0.9: {int(r['accepted_all'])} painted in {r['accept_all']:.0f} ms, "
                f"all learned after {r['accept_all_learned']:.0f} ms, "
                f"worst stall meanwhile {r['accept_all_stall']:.0f} ms",
                flush=True,
            )
            worst_decision.append(max(r["reject"], r["accept"]))
            worst_stall.append(max(r["stall"], r["accept_all_stall"]))
    print(
        f"suggestions in the window: worst decision {max(worst_decision):.1f} ms "
        f"(target ≤ {DECISION_TARGET_MS:.0f}), "
        f"worst stall {max(worst_stall):.0f} ms (target < {STALL_TARGET_MS:.0f}); "
        f"median decision {statistics.median(worst_decision):.1f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
