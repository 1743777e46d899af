"""Library benchmark: search p95, highlight save p95 and CSV export speed, each beside a bare baseline.

A library of 10,000 generated articles (300-800 words) with 10 highlights each is built with
bulk inserts (not measured), then:

* full-text search p95 of ``Library.search`` over ~200 queries vs the same FTS5 query (join,
  snippet, rank, limit 50) run through a bare ``sqlite3`` connection on the same file;
* save p95 of ``Library.paint`` (plan, write, commit) over ~500 paints;
* CSV export rows/s of ``reader.export.export_csv`` vs a bare ``csv.writer`` loop over the same rows.

``SIFT_BENCH_QUICK=1`` shrinks the library to 500 articles.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from itertools import accumulate
from pathlib import Path

from reader.anchors import make_quote
from reader.blocks import Block, blocks_to_html, blocks_to_json
from reader.paint import utc_now
from reader.stats import count_words, highlight_words
from reader.store import Library
from reader.store_search import RANK_CAP

QUICK = os.environ.get("SIFT_BENCH_QUICK") == "1"
ARTICLES = 500 if QUICK else 10_000
HIGHLIGHTS = 10
QUERIES = 60 if QUICK else 200
PAINTS = 150 if QUICK else 500
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "pe",
    "da",
    "gu",
    "ri",
    "mo",
    "la",
    "fe",
    "sen",
    "tor",
    "val",
    "bri",
    "cos",
    "mar",
    "lin",
    "dor",
    "pra",
]


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def vocabulary(rng: random.Random, size: int = 6000) -> tuple[list[str], list[float]]:
    """Made-up words with Zipf-like cumulative weights."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, list(accumulate(1 / (r + 1) ** 1.05 for r in range(size)))


def article(rng: random.Random, vocab: list[str], cum: list[float]) -> tuple[str, list[str]]:
    """A title and paragraphs of generated sentences, 300-800 words in all."""
    words = rng.choices(vocab, cum_weights=cum, k=rng.randint(300, 800))
    sentences, i = [], 0
    while i < len(words):
        n = rng.randint(8, 25)
        chunk = words[i : i + n]
        sentences.append(" ".join([chunk[0].capitalize(), *chunk[1:]]) + ".")
        i += n
    paras, i = [], 0
    while i < len(sentences):
        n = rng.randint(3, 6)
        paras.append(" ".join(sentences[i : i + n]))
        i += n
    title = " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(4, 8))).capitalize()
    return title, paras


def build(lib: Library, rng: random.Random, vocab: list[str], cum: list[float]) -> None:
    """Bulk-insert the articles and their highlights (one transaction)."""
    now = utc_now()
    art_rows, hl_rows = [], []
    for aid in range(1, ARTICLES + 1):
        title, paras = article(rng, vocab, cum)
        blocks = [Block("heading", title, level=1)] + [Block("paragraph", p) for p in paras]
        text = "\n".join(b.text for b in blocks)
        art_rows.append(
            (aid, f"https://news.example/{aid}", title, "Example News", now, blocks_to_html(blocks), text,
             blocks_to_json(blocks), hashlib.sha256(text.encode()).hexdigest(), count_words(text), "[]")
        )  # fmt: skip
        ends = [i + 1 for i, ch in enumerate(text) if ch == "."]
        starts = [0, *(e + 1 for e in ends[:-1])]
        chosen = sorted(rng.sample(range(len(ends)), min(HIGHLIGHTS, len(ends))))
        for k in chosen:
            s, e = starts[k], ends[k]
            exact, prefix, suffix = make_quote(text, s, e)
            note = " ".join(rng.choices(vocab, cum_weights=cum, k=4)) if rng.random() < 0.2 else ""
            label = rng.choice(("fact", "filler"))
            hl_rows.append(
                (aid, label, s, e, exact, prefix, suffix, note, now, now, highlight_words(exact, prefix))
            )
    with lib.transaction():
        lib.conn.executemany(
            "INSERT INTO articles (id, url, title, site_name, added_at, html, text, blocks, text_sha256, "
            "word_count, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            art_rows,
        )
        lib.conn.executemany(
            'INSERT INTO highlights (article_id, label, start, "end", exact, prefix, suffix, note, '
            "created_at, updated_at, words) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            hl_rows,
        )
    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.conn.execute("ANALYZE")


def queries(rng: random.Random, vocab: list[str]) -> list[str]:
    """A mix of common, middling and rare words, AND pairs, phrases and prefixes."""
    common, middle, rare = vocab[:50], vocab[50:800], vocab[800:]
    out = []
    for i in range(QUERIES):
        kind = i % 5
        if kind == 0:
            out.append(rng.choice(common))
        elif kind == 1:
            out.append(rng.choice(middle))
        elif kind == 2:
            out.append(f"{rng.choice(middle)} {rng.choice(rare)}")
        elif kind == 3:
            out.append(f'"{rng.choice(common)} {rng.choice(middle)}"')
        else:
            out.append(rng.choice(middle)[:4] + "*")
    return out


NAIVE_SQL = (
    "SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12), articles_fts.rank "
    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT 50"
)
FLOOR_SQL = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
    f"ORDER BY rowid DESC LIMIT 1 OFFSET {RANK_CAP - 1}"
)
SAME_SQL = NAIVE_SQL.replace("MATCH ?", "MATCH ? AND articles_fts.rowid >= ?")


def bare_same(conn: sqlite3.Connection, q: str) -> list:
    """The articles query Library.search runs (rank cap, join, snippet), through bare sqlite3."""
    floor = conn.execute(FLOOR_SQL, (q,)).fetchone()
    return conn.execute(SAME_SQL, (q, floor[0] if floor else 0)).fetchall()


def bench_search(lib: Library, path: Path, qs: list[str]) -> dict[str, list[float]]:
    """Per-query seconds for Library.search, the same FTS5 query bare, and a naive rank-everything query."""
    bare = sqlite3.connect(str(path))
    runs = {
        "sift": lib.search,
        "bare": lambda q: bare_same(bare, q),
        "naive": lambda q: bare.execute(NAIVE_SQL, (q,)).fetchall(),
    }
    for q in qs[:10]:  # warm up
        for fn in runs.values():
            fn(q)
    times: dict[str, list[float]] = {k: [] for k in runs}
    for q in qs:  # interleaved, so load on the machine hits all three alike
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn(q)
            times[name].append(time.perf_counter() - t0)
    bare.close()
    return times


def bench_save(lib: Library, rng: random.Random, n: int) -> list[float]:
    """Seconds per Library.paint (plan, write, commit) at random places."""
    lengths = dict(lib.conn.execute("SELECT id, length(text) FROM articles"))
    ids = list(lengths)
    out = []
    for _ in range(n):
        aid = rng.choice(ids)
        s = rng.randrange(lengths[aid] - 200)
        e = s + rng.randint(20, 200)
        label = rng.choice(("fact", "filler"))
        t0 = time.perf_counter()
        lib.paint(aid, s, e, label)
        out.append(time.perf_counter() - t0)
    return out


EXPORT_SQL = (  # the same columns as reader.export.CSV_COLUMNS (issue 2's fourteen, issue 6's four)
    'SELECT h.article_id, a.url, a.title, h.id, h.label, h.start, h."end", h.exact, h.prefix, h.suffix, '
    "h.note, h.created_at, h.updated_at, h.anchor_status, h.anchor_score, "
    "coalesce(nullif(h.annotator, ''), 'me'), h.origin, a.text_sha256 FROM highlights h JOIN articles a "
    "ON a.id = h.article_id ORDER BY h.article_id, h.start, h.id"
)


def bench_export(lib: Library, path: Path) -> tuple[float | None, float, int]:
    """Rows/s of export_csv (None if it does not exist yet) and of a bare csv.writer loop (best of 5)."""
    try:
        from reader.export import export_csv
    except ImportError:
        export_csv = None
    bare = sqlite3.connect(str(path))
    ours, base, rows = [], [], 0
    for _ in range(5):  # interleaved; best of 5 each
        t0 = time.perf_counter()
        w = csv.writer(io.StringIO(), lineterminator="\r\n")
        rows = 0
        for row in bare.execute(EXPORT_SQL):
            w.writerow(row)
            rows += 1
        base.append(rows / (time.perf_counter() - t0))
        if export_csv is not None:
            t0 = time.perf_counter()
            n = export_csv(lib, io.StringIO())
            ours.append(n / (time.perf_counter() - t0))
    bare.close()
    return (max(ours) if ours else None), max(base), rows


def main() -> None:
    """Build the library, measure, print the table."""
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="sift-bench-library-"))
    path = work / "library.db"
    try:
        t0 = time.perf_counter()
        vocab, cum = vocabulary(rng)
        lib = Library(path)
        build(lib, rng, vocab, cum)
        n_hl = lib.conn.execute("SELECT count(*) FROM highlights").fetchone()[0]
        size = path.stat().st_size / 1e6
        print(
            f"built {ARTICLES:,} articles, {n_hl:,} highlights, {size:.0f} MB "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        qs = queries(rng, vocab)
        times = bench_search(lib, path, qs)
        ours_s, base_s = times["sift"], times["bare"]
        hits = statistics.mean(len(lib.search(q)) for q in qs[:40])
        save = bench_save(lib, rng, PAINTS)
        lib.conn.execute("PRAGMA synchronous = FULL")
        save_full = bench_save(lib, rng, PAINTS // 5)
        lib.conn.execute("PRAGMA synchronous = NORMAL")
        exp_ours, exp_base, rows = bench_export(lib, path)
        listing = []
        for _ in range(3):
            t0 = time.perf_counter()
            lib.list_articles(archived=None)
            listing.append(time.perf_counter() - t0)
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    s_ours, s_base = p95(ours_s) * 1e3, p95(base_s) * 1e3
    s_ratio = s_ours / s_base
    save95 = p95(save) * 1e3
    table = [
        ("search p95 (ms)", f"{s_ours:.2f}", f"{s_base:.2f}", f"{s_ratio:.2f}x", "<= 20 ms, <= 1.5x",
         s_ours <= 20 and s_ratio <= 1.5),
        ("save p95 (ms)", f"{save95:.2f}", "-", "-", "<= 5 ms", save95 <= 5),
    ]  # fmt: skip
    if exp_ours is None:
        table.append(("csv export (rows/s)", "pending", f"{exp_base:,.0f}", "-", ">= 0.7x", None))
    else:
        ratio = exp_ours / exp_base
        table.append(
            (
                "csv export (rows/s)",
                f"{exp_ours:,.0f}",
                f"{exp_base:,.0f}",
                f"{ratio:.2f}x",
                ">= 0.7x",
                ratio >= 0.7,
            )
        )
    print(f"{'metric':<22}{'sift':>12}{'baseline':>12}{'ratio':>8}  {'target':<20}result")
    for name, ours, base, ratio, target, ok in table:
        verdict = "pending" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{name:<22}{ours:>12}{base:>12}{ratio:>8}  {target:<20}{verdict}")
    print(
        f"({len(qs)} queries, {hits:.0f} hits/query on average; search median "
        f"{statistics.median(ours_s) * 1e3:.2f} vs {statistics.median(base_s) * 1e3:.2f} ms; a naive bare "
        f"query ranking every match: p95 {p95(times['naive']) * 1e3:.2f} ms; {len(save)} paints, median "
        f"{statistics.median(save) * 1e3:.2f} ms; with synchronous=FULL save p95 would be "
        f"{p95(save_full) * 1e3:.2f} ms; {rows:,} export rows; list_articles of the whole library "
        f"{statistics.median(listing) * 1e3:.0f} ms)"
    )
    print(json.dumps({"search_p95_ms": round(s_ours, 3), "search_ratio": round(s_ratio, 3),
                      "save_p95_ms": round(save95, 3)}))  # fmt: skip
