"""Window benchmarks: cold start to the first painted window, and rendering an article with many highlights.

Start-up: ``python -m reader --db X`` with ``SIFT_EXIT_AFTER_PAINT=1`` prints ``time.monotonic()`` at its
first paint, timed from the moment the bench spawned it (the process's age from /proc, in 10 ms ticks, is the
fallback); it runs on an empty library, a 10,000-article library and a brand-new
library (first run: the sample article is added just after the first paint, and "to exit" includes it,
since the window quits only once the sample is shown), beside a bare ``QMainWindow`` + ``QTextBrowser``
script started the same way in the same run (interleaved, each round in a shuffled order; a ratio is
the median of each round's own), and a plain PySide window with the widgets of
Sift's first frame and none of its code (``bench/gui_floor_window.py``: what PySide charges for those
widgets). Each child reports its own peak RSS and the processor time it took to its first paint.
Targets: ≤ 1.5× the bare window, ≤ 120 MB.

Rendering: the reader view (UI-MAIN's ``ReaderView``) opening a 20,000-word article and painting it, with
1,000 highlights and without (open + first paint), then scrolling through it: ten screens from top to
bottom once the article is laid out and the event loop has been idle (target ≤ 1.3×; a ratio is the
median of each back-to-back pair's own). Runs in a child process.

Everything runs on Qt's offscreen platform. ``SIFT_BENCH_QUICK=1`` shrinks sizes and repeats.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "bench" / "gui_floor_window.py"  # Sift's first-frame widgets without Sift's code
START_TARGET, RSS_TARGET_MB, RENDER_TARGET = 1.5, 120.0, 1.3

# Each child reports its own peak RSS (VmHWM of its post-exec memory) when it exits: the kernel's
# ru_maxrss for a child also counts the parent's memory copied at fork, so a big bench process would
# make every child look as large as itself.
PEAK = r"""
import atexit
def _sift_bench_peak():
    with open("/proc/self/status", encoding="ascii") as fh:
        kb = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
    print("peak-rss-kb", kb, flush=True)
atexit.register(_sift_bench_peak)
"""

BARE_WINDOW = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
win = QMainWindow()
win.setCentralWidget(QTextBrowser(win))
win.resize(1200, 760)
"""

# Appended to a window script that made ``app`` and ``win``: shows ``win``, reports its first paint as
# Sift does (reader/ui/startup.py) and quits.
SHOW_AND_REPORT = r"""
import os as _os, time as _time
from PySide6.QtCore import QEvent as _QEvent, QObject as _QObject, QTimer as _QTimer
def _age_ms():
    with open("/proc/self/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return (uptime - int(fields[19]) / _os.sysconf("SC_CLK_TCK")) * 1000.0
class _FirstPaint(_QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == _QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first-paint-ms {_age_ms():.1f}", flush=True)
            print(f"first-paint-monotonic {_time.monotonic():.6f}", flush=True)
            print(f"first-paint-cpu-ms {_time.process_time() * 1000:.1f}", flush=True)
            _QTimer.singleShot(0, app.quit)
        return False
_spy = _FirstPaint(app)
win.installEventFilter(_spy)
win.show()
app.exec()
"""


def quick() -> bool:
    """True when ``SIFT_BENCH_QUICK`` asks for a smoke-sized run."""
    return os.environ.get("SIFT_BENCH_QUICK", "") not in ("", "0")


def sizes() -> dict[str, int]:
    """Repeats and sizes for this run."""
    if quick():
        return {"runs": 2, "start_runs": 2, "articles": 300, "words": 2000, "highlights": 100}
    # Start-up and scrolling vary by ±20% from run to run on a shared machine: medians of many runs.
    return {"runs": 15, "start_runs": 21, "articles": 10_000, "words": 20_000, "highlights": 1000}


# ---- data ------------------------------------------------------------------------------------------

_VOCABULARY = (
    "council harbour river report budget minister said officials road school water energy price market "
    "rail hospital winter plan vote court police city county year month week figures percent rise fall "
    "new old local national public private first second third data study survey workers homes families"
)
_WORDS = tuple(_VOCABULARY.split())


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraphs(total_words: int, seed: int = 1) -> list[str]:
    """Deterministic prose of about ``total_words`` words in ~100-word paragraphs."""
    rng = random.Random(seed)
    out, count = [], 0
    while count < total_words:
        sents = [_sentence(rng, rng.randint(8, 24)) for _ in range(6)]
        para = " ".join(sents)
        out.append(para)
        count += len(para.split())
    return out


def make_library(path: Path, n: int) -> None:
    """A library of ``n`` articles (each with two highlights): 100 real adds, the rest bulk-copied in SQL."""
    from reader.blocks import Block
    from reader.models import ArticleContent
    from reader.store import Library

    lib = Library(path)
    seeds = min(n, 100)
    with lib.transaction():
        for i in range(seeds):
            blocks = [Block("paragraph", p) for p in paragraphs(600, seed=i)]
            art = lib.add_article(
                ArticleContent(blocks, title=f"Council report {i}: {_WORDS[i % len(_WORDS)]} plan"),
                url=f"https://news.example.org/{i}",
            )
            words = [m.span() for m in re.finditer(r"\w+", art.text)]
            lib.paint(art.id, words[0][0], words[12][1], "fact")
            lib.paint(art.id, words[20][0], words[40][1], "filler")
    rest = n - seeds
    if rest > 0:
        conn = lib.db.conn
        cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] != "id"]
        pick = {"url": "a.url || '#copy-' || k.n", "title": "a.title || ' (' || k.n || ')'"}
        sel = ", ".join(pick.get(c, f'a."{c}"') for c in cols)
        hinfo = conn.execute("PRAGMA table_info(highlights)")
        hcols = [r[1] for r in hinfo if r[1] not in ("id", "article_id")]
        with lib.transaction():
            copies = -(-rest // seeds)
            conn.execute("CREATE TEMP TABLE k (n INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO k VALUES (?)", [(i,) for i in range(1, copies + 1)])
            quoted = ", ".join(f'"{c}"' for c in cols)
            conn.execute(
                f"INSERT INTO articles ({quoted}) SELECT {sel} FROM k, articles a "
                f"WHERE a.id <= {seeds} ORDER BY k.n, a.id LIMIT {rest}"
            )
            hq = ", ".join(f'"{c}"' for c in hcols)
            hs = ", ".join(f'h."{c}"' for c in hcols)
            conn.execute(
                f"INSERT INTO highlights (article_id, {hq}) SELECT a.id, {hs} FROM articles a "
                f"JOIN highlights h ON h.article_id = ((a.id - 1) % {seeds}) + 1 WHERE a.id > {seeds}"
            )
            conn.execute("DROP TABLE k")
    assert lib.article_count() == n
    lib.close()


# ---- start-up --------------------------------------------------------------------------------------


SIFT = "from reader.cli import main; main()"  # what `python -m reader ARGS` runs (argv[1:] = ARGS)


def spawn(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Run one child; return (ms from spawning it to its first paint, wall ms to exit, its peak RSS in MB,
    processor ms it used up to its first paint: steadier than wall time on a busy machine).

    The child prints ``time.monotonic()`` at its first paint (the same clock here), so the figure has
    microsecond resolution; ``first-paint-ms`` (its age from /proc, in 10 ms ticks) is the fallback.
    """
    spawned = time.monotonic()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT)
        assert proc.stdout is not None
        out = proc.stdout.read().decode("utf-8", "replace")
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - t0) * 1000.0
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
    m = re.search(r"first-paint-ms ([\d.]+)", out)
    if proc.returncode != 0 or m is None:
        raise RuntimeError(f"{' '.join(argv[:4])} failed ({proc.returncode}): {out[-500:]} {errors[-1500:]}")
    peak = re.search(r"peak-rss-kb (\d+)", out)
    rss_mb = int(peak.group(1)) / 1024.0 if peak else usage.ru_maxrss / 1024.0
    mono = re.search(r"first-paint-monotonic ([\d.]+)", out)
    paint = (float(mono.group(1)) - spawned) * 1000.0 if mono else float(m.group(1))
    cpu = re.search(r"first-paint-cpu-ms ([\d.]+)", out)
    return paint, wall, rss_mb, float(cpu.group(1)) if cpu else float("nan")


def child_env(home: Path) -> dict[str, str]:
    """Offscreen Qt, first-paint exit, and private settings/data folders."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SIFT_EXIT_AFTER_PAINT="1",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("SIFT_DB", None)
    return env


def startup(runs: int, n_articles: int) -> dict[str, tuple[float, ...]]:
    """Median (first-paint ms, wall ms, peak RSS MB, CPU ms to first paint, first paint ÷ the bare window's,
    CPU ÷ the bare window's, first paint ÷ the same-widgets window's) for each case.

    Each round starts every case once, in a shuffled order (a start right after another can be slowed
    by its exit), and the ratios are each round's own (paired: load that comes and goes hits both
    starts of a pair alike), then the median over rounds."""
    import compileall

    from reader.store import Library

    # Children never write bytecode (PYTHONDONTWRITEBYTECODE): compile Sift once, as an install would,
    # so a module edited since its last import is not compiled again in every timed start.
    compileall.compile_dir(str(ROOT / "reader"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="sift-bench-gui-") as tmp:
        home = Path(tmp)
        env = child_env(home)
        empty, big = home / "empty.db", home / "big.db"
        Library(empty).close()
        t = time.perf_counter()
        make_library(big, n_articles)
        print(f"(made a {n_articles:,}-article library in {time.perf_counter() - t:.1f} s)", flush=True)
        py = sys.executable
        cases = {
            "bare": lambda: [py, "-c", PEAK + BARE_WINDOW + SHOW_AND_REPORT],
            "floor": lambda: [py, "-c", PEAK + FLOOR.read_text(encoding="utf-8") + SHOW_AND_REPORT],
            "empty": lambda: [py, "-c", PEAK + SIFT, "--db", str(empty)],
            "big": lambda: [py, "-c", PEAK + SIFT, "--db", str(big)],
            "first-run": lambda: [py, "-c", PEAK + SIFT, "--db", str(home / f"new-{time.monotonic_ns()}.db")],
        }
        for argv in cases.values():  # warm the OS file cache once, like a second launch
            spawn(argv(), env)
        samples: dict[str, list[tuple[float, float, float, float]]] = {k: [] for k in cases}
        order = list(cases)
        for k in range(runs):
            random.Random(k).shuffle(order)
            for name in order:  # interleaved, so machine load hits every case alike
                samples[name].append(spawn(cases[name](), env))
    out = {}
    for name, got in samples.items():
        paired = [(s[0] / b[0], s[3] / b[3]) for s, b in zip(got, samples["bare"], strict=True)]
        medians = tuple(statistics.median(s[i] for s in got) for i in range(4))
        ratios = (statistics.median(r[0] for r in paired), statistics.median(r[1] for r in paired))
        over_floor = statistics.median(s[0] / f[0] for s, f in zip(got, samples["floor"], strict=True))
        out[name] = (*medians, *ratios, over_floor)
    return out


# ---- rendering (child process) ---------------------------------------------------------------------


def render_child(words: int, n_highlights: int, runs: int) -> dict[str, float]:
    """Open and scroll a long article in ReaderView with and without highlights; median seconds."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from reader.blocks import Block
    from reader.models import ArticleContent
    from reader.store import Library
    from reader.ui import themes
    from reader.ui.reader_view import ReaderView, doc_style

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="sift-bench-render-") as tmp:
        lib = Library(Path(tmp) / "r.db")
        blocks = [Block("heading", "A long report", level=1)]
        blocks += [Block("paragraph", p) for p in paragraphs(words, seed=7)]
        article = lib.add_article(ArticleContent(blocks, title="A long report"))
        spans = [m.span() for m in re.finditer(r"\w+", article.text)]
        per = max(2, len(spans) // n_highlights)
        with lib.transaction():
            for i in range(n_highlights):
                first = i * per
                last = min(first + max(1, per * 2 // 3) - 1, len(spans) - 1)
                if first >= len(spans):
                    break
                label = "fact" if i % 2 == 0 else "filler"
                note = "checked" if i % 5 else None
                lib.paint(article.id, spans[first][0], spans[last][1], label, note=note)
        highlights = lib.highlights(article.id)
        word_count = len(spans)
        article = lib.get_article(article.id)
        labels = lib.labels()
        lib.close()

    theme = themes.resolve_theme("light")
    style = doc_style(theme, "", 13)
    view = ReaderView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    view.set_labels(labels)

    def open_once(hls: list) -> float:
        t0 = time.perf_counter()
        view.set_article(article, style, theme)
        view.set_highlights(hls)
        view.viewport().grab()  # lays out and paints the first screen
        return time.perf_counter() - t0

    def scroll_once(hls: list) -> float:
        view.set_article(article, style, theme)
        view.set_highlights(hls)
        view.viewport().grab()
        # As in the app a moment after opening: the whole article laid out (so the scroll range is right
        # and all ten screens show text) and the event loop idle (timers such as re-measuring marks done).
        doc = view.document()
        doc.documentLayout().blockBoundingRect(doc.lastBlock())
        settle = time.perf_counter() + 0.08
        while time.perf_counter() < settle:
            app.processEvents()
            time.sleep(0.005)
        bar = view.verticalScrollBar()
        t0 = time.perf_counter()
        for k in range(10):
            bar.setValue(bar.maximum() * k // 9)
            view.viewport().grab()
        return time.perf_counter() - t0

    results: dict[str, list[float]] = {"open_plain": [], "open_hl": [], "scroll_plain": [], "scroll_hl": []}
    open_once([])  # warm-up (fonts, glyph caches)
    for _ in range(runs):
        results["open_plain"].append(open_once([]))
        results["open_hl"].append(open_once(highlights))
        results["scroll_plain"].append(scroll_once([]))
        results["scroll_hl"].append(scroll_once(highlights))
    out = {k: statistics.median(v) for k, v in results.items()}
    for what in ("open", "scroll"):  # each pair measured back to back: the median of their own ratios
        pairs = zip(results[f"{what}_hl"], results[f"{what}_plain"], strict=True)
        out[f"{what}_ratio"] = statistics.median(h / p for h, p in pairs)
    out.update(words=word_count, highlights=len(highlights))
    return out


def render(words: int, n_highlights: int, runs: int) -> dict[str, float]:
    """Run :func:`render_child` in a fresh process and return its figures."""
    res = subprocess.run(
        [sys.executable, "-m", "bench.gui", "--render", str(words), str(n_highlights), str(runs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=900,
    )
    line = next((ln for ln in res.stdout.splitlines() if ln.startswith("{")), None)
    if res.returncode != 0 or line is None:
        tail = f"{res.stdout[-500:]} {res.stderr[-2000:]}"
        raise RuntimeError(f"render bench failed ({res.returncode}): {tail}")
    return json.loads(line)


# ---- report ----------------------------------------------------------------------------------------


def main() -> None:
    """Print start-up and rendering figures with their ratios against the same-run baselines."""
    sz = sizes()
    print(
        f"GUI cold start to first paint (offscreen, median of {sz['start_runs']}, ms from spawning it; "
        "ratios: median of each round's own)",
        flush=True,
    )
    got = startup(sz["start_runs"], sz["articles"])
    names = {
        "bare": "bare QMainWindow + QTextBrowser",
        "floor": "same widgets as Sift, no Sift code",
        "empty": "Sift, empty library",
        "big": f"Sift, {sz['articles']:,}-article library",
        "first-run": "Sift, first run (sample article)",
    }
    cols = (("first paint", 11), ("vs bare", 8), ("CPU to it", 10), ("vs bare", 8))
    cols += (("to exit", 8), ("peak RSS", 9))
    print(f"{'':38} " + " ".join(f"{name:>{width}}" for name, width in cols))
    for key, label in names.items():
        paint, wall, rss, cpu, paint_ratio, cpu_ratio, _over_floor = got[key]
        print(
            f"{label:38} {paint:9.0f}ms {paint_ratio:7.2f}× {cpu:8.0f}ms {cpu_ratio:7.2f}× "
            f"{wall:6.0f}ms {rss:7.1f}MB"
        )
    worst = max(got[k][4] for k in ("empty", "big"))
    worst_cpu = max(got[k][5] for k in ("empty", "big"))
    worst_rss = max(got[k][2] for k in ("empty", "big", "first-run"))
    print(
        f"Sift's own share: {got['empty'][6]:.2f}× (empty library) and {got['big'][6]:.2f}× "
        f"({sz['articles']:,} articles) the window with the same widgets and no Sift code"
    )
    print(
        f"start-up: worst {worst:.2f}× bare (target ≤ {START_TARGET}×) "
        f"{'OK' if worst <= START_TARGET else 'OVER'} (processor time {worst_cpu:.2f}×); "
        f"peak RSS {worst_rss:.0f} MB (target ≤ {RSS_TARGET_MB:.0f} MB) "
        f"{'OK' if worst_rss <= RSS_TARGET_MB else 'OVER'}",
        flush=True,
    )

    r = render(sz["words"], sz["highlights"], sz["runs"])
    open_ratio, scroll_ratio = r["open_ratio"], r["scroll_ratio"]
    print(
        f"Rendering a {int(r['words']):,}-word article in the reader view (median of {sz['runs']}; "
        "ratios: median of each back-to-back pair's own):\n"
        f"  open + first paint: {r['open_plain'] * 1000:7.1f} ms plain, "
        f"{r['open_hl'] * 1000:7.1f} ms with {int(r['highlights']):,} highlights → {open_ratio:.2f}×\n"
        f"  scroll 10 screens:  {r['scroll_plain'] * 1000:7.1f} ms plain, "
        f"{r['scroll_hl'] * 1000:7.1f} ms with highlights → {scroll_ratio:.2f}×\n"
        f"rendering: worst {max(open_ratio, scroll_ratio):.2f}× (target ≤ {RENDER_TARGET}×) "
        f"{'OK' if max(open_ratio, scroll_ratio) <= RENDER_TARGET else 'OVER'}",
        flush=True,
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--render":
        print(json.dumps(render_child(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))), flush=True)
        sys.stderr.flush()
        os._exit(0)  # skip interpreter teardown of live Qt objects (PySide can crash there)
    else:
        main()
