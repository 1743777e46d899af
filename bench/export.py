"""CSV export speed: ``reader.export.export_csv`` beside a bare sqlite3 + ``csv.writer`` loop, same run.

A generated library of 10,000 articles with 10 highlights each (``SIFT_BENCH_QUICK=1``: 300 articles).
The articles go in through ``Library.add_article``; the highlights are inserted in bulk (generating them
is not what is measured). A quarter of the quotes and notes start with ``=``, ``+``, ``-`` or ``@`` so
the formula guard has real work. The baseline runs the same joined SELECT (no guard) and calls
``writer.writerow(row)`` per row; both write to memory. Rounds alternate and the best of each is kept.
Target: export (guard on) >= 0.7x the baseline's rows/s.
"""

from __future__ import annotations

import csv
import io
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.anchors import make_quote
from reader.blocks import blocks_from_text
from reader.export import CSV_COLUMNS, export_csv
from reader.models import ArticleContent
from reader.stats import highlight_words
from reader.store import Library

TARGET = 0.7
VOCABULARY = (
    "council approved homes station tram fare euros Tuesday minister said report figures rose fell "
    "percent city harbour bridge week year police court judge vote budget 12 240 3.1 2024 -5 =SUM @desk +1"
)
WORDS = VOCABULARY.split()
BARE_SQL = (  # the same columns as CSV_COLUMNS (issue 2's fourteen, then issue 6's four)
    'SELECT h.article_id, COALESCE(a.url, a.canonical_url), a.title, h.id, h.label, h.start, h."end", '
    "h.exact, h.prefix, h.suffix, h.note, h.created_at, h.updated_at, h.anchor_status, "
    "h.anchor_score, coalesce(nullif(h.annotator, ''), 'me'), h.origin, a.text_sha256 "
    "FROM highlights h JOIN articles a ON a.id = h.article_id ORDER BY h.article_id, h.start, h.id"
)


def quick() -> bool:
    """True when ``SIFT_BENCH_QUICK`` asks for a smoke-sized run."""
    return os.environ.get("SIFT_BENCH_QUICK", "") not in ("", "0")


def build(path: Path, articles: int, per_article: int = 10, seed: int = 7) -> Library:
    """Create the generated library at ``path``."""
    rnd = random.Random(seed)
    lib = Library(path)
    stamp = "2025-01-01T00:00:00.000Z"
    rows = []
    with lib.transaction():
        for i in range(articles):
            body = "\n\n".join(" ".join(rnd.choice(WORDS) for _ in range(60)) for _ in range(5))
            content = ArticleContent(blocks=blocks_from_text(body), title=f"Generated story {i}")
            art = lib.add_article(content, url=f"https://news.example.org/{i}" if i % 4 else None)
            text = art.text
            step = len(text) // per_article
            for k in range(per_article):
                start = k * step + rnd.randint(0, 5)
                end = min(start + rnd.randint(20, max(21, step - 10)), (k + 1) * step)
                exact, prefix, suffix = make_quote(text, start, end)
                note = rnd.choice(("", "", "checked", "=HYPERLINK(x)", 'see page 2, "quote"\nsecond line'))
                rows.append(
                    {
                        "article_id": art.id, "label": ("fact", "filler")[k % 2], "start": start, "end": end,
                        "exact": exact, "prefix": prefix, "suffix": suffix, "note": note,
                        "created_at": stamp, "updated_at": stamp, "anchor_status": "exact",
                        "words": highlight_words(exact, prefix),
                    }
                )  # fmt: skip
    lib.db["highlights"].insert_all(rows, batch_size=5000)  # sqlite-utils commits this itself
    return lib


def bare_loop(lib: Library) -> int:
    """The baseline: the same SELECT, one ``writerow`` per row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for row in lib.conn.execute(BARE_SQL):
        writer.writerow(row)
        n += 1
    return n


def timed(fn: Callable[[], int]) -> tuple[int, float]:
    """Row count and wall time of one call."""
    t = time.perf_counter()
    n = fn()
    return n, time.perf_counter() - t


def main() -> None:
    """Build the library, time both loops alternately, print rows/s and the ratio."""
    articles = 300 if quick() else 10_000
    rounds = 3 if quick() else 7
    with tempfile.TemporaryDirectory(prefix="sift-bench-export-") as tmp:
        t = time.perf_counter()
        lib = build(Path(tmp) / "library.db", articles)
        print(f"library: {articles} articles x 10 highlights, built in {time.perf_counter() - t:.1f} s")
        try:
            results: dict[str, list[float]] = {"bare": [], "guard": [], "noguard": []}
            rows = 0
            for _ in range(rounds):
                for name, fn in (
                    ("bare", lambda: bare_loop(lib)),
                    ("guard", lambda: export_csv(lib, io.StringIO(newline=""))),
                    ("noguard", lambda: export_csv(lib, io.StringIO(newline=""), formula_guard=False)),
                ):
                    rows, secs = timed(fn)
                    results[name].append(secs)
        finally:
            lib.close()
    best = {k: min(v) for k, v in results.items()}
    rate = {k: rows / v for k, v in best.items()}
    print(f"bare sqlite3 + csv.writer loop: {rate['bare']:>10,.0f} rows/s ({rows} rows, best of {rounds})")
    for key, name in (("guard", "guard on: "), ("noguard", "guard off:")):
        ratio = rate[key] / rate["bare"]
        print(f"sift export_csv, {name}     {rate[key]:>10,.0f} rows/s  ratio {ratio:.2f}x")
    verdict = "meets" if rate["guard"] / rate["bare"] >= TARGET else "MISSES"
    print(f"target: export >= {TARGET}x the bare loop -> {verdict}")


if __name__ == "__main__":
    main()
