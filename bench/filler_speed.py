"""Speed part of the filler bench: suggesting, learning, relearning from a library, the Sites view.

Targets (issue 7 and the suggestions brief): suggest() < 50 ms for a 2,000-word article; a model update for
10,000 examples < 1 s (full relearn from the library's stored examples), one accepted/rejected suggestion
learned and saved in milliseconds (< ~20 ms). Wall and CPU times are printed with the load average (the
machine is shared); ratios are against segmentation alone, measured in the same run.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.filler_data import Doc, load_aeb, load_padded, rows_of
from reader.models import ArticleContent
from reader.sentences import sentence_spans
from reader.sites import site_rows
from reader.store import Library
from reader.suggest import suggest
from reader.suggest_examples import make_example
from reader.suggest_features import _evidence
from reader.suggest_learn import UserLearner
from reader.suggest_store import load_examples, load_learner, record_feedback, relearn, sync_examples


def _best_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU milliseconds over ``repeat`` runs (the machine is shared)."""
    wall = cpu = math.inf
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall * 1000, cpu * 1000


def _timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def _tag(j: int) -> str:
    """A short letters-only word unique to ``j``."""
    out = ""
    while True:
        j, r = divmod(j, 26)
        out += chr(97 + r)
        if not j:
            return out


def _library(path: Path, docs: list[Doc], articles: int, per_article: int) -> tuple[Library, int]:
    """A library of ``articles`` distinct articles, each with up to ``per_article`` gold highlights."""
    lib = Library(path)
    painted = 0
    with lib.transaction():
        for i in range(articles):
            doc = docs[i % len(docs)]
            text = doc.text + f"\nFiled as {_tag(i)}."
            from reader.blocks import blocks_from_text

            blocks = blocks_from_text(text.replace("\n", "\n\n"))
            site = doc.site or f"padded{i % 7}.example"
            content = ArticleContent(
                blocks=blocks, title=f"Article {i}", site_name=site.split(".")[0].title()
            )
            art = lib.add_article(content, url=f"https://{site}/story/{i}")
            if art.text != text:
                continue  # the blocks did not round-trip: skip its labels rather than paint wrong spans
            for a, b, label in [g for g in doc.gold if g[2] in ("fact", "filler")][:per_article]:
                lib.paint(art.id, a, b, label)
                painted += 1
    return lib, painted


def speed(quick: bool) -> None:
    """Print (c)."""
    docs = load_padded("train") + load_padded("dev") + load_padded("test")
    text = ""
    i = 0
    while len(text.split()) < 2000:
        text += ("\n" if text else "") + docs[i % len(docs)].text
        i += 1
    words = len(text.split())
    repeat = 3 if quick else 9
    seg, _ = _best_ms(lambda: sentence_spans(text), repeat)
    from reader import suggest as suggest_module

    def cold() -> None:
        _evidence.cache_clear()
        suggest_module._analyzed.cache_clear()
        suggest(text)

    sug, sug_cpu = _best_ms(cold, repeat)
    print(
        f"(c) speed: suggest() on a {words}-word article ({len(sentence_spans(text))} sentences): "
        f"{sug:.1f} ms wall, {sug_cpu:.1f} ms CPU (target < 50 ms); segmentation alone {seg:.2f} ms "
        f"(x{sug / seg:.0f}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    # learning from 10,000 featurized examples (distinct sentences: a letters-only tag appended)
    rows = [r for d in docs for r in rows_of(d)]
    n = 2000 if quick else 10000
    w0 = time.perf_counter()
    examples = [
        make_example(
            rows[j % len(rows)].feats, f"{rows[j % len(rows)].text} {_tag(j)}", rows[j % len(rows)].label
        )
        for j in range(n)
    ]
    make_wall = time.perf_counter() - w0
    learner = UserLearner()
    fit_wall, fit_cpu, _ = _timed(lambda: learner.fit(examples))
    user = learner.model()

    def cold_user() -> None:
        _evidence.cache_clear()
        suggest_module._analyzed.cache_clear()
        suggest(text, model=user, site="example.com")

    sug_user, _ = _best_ms(cold_user, repeat)
    print(
        f"    learning from {n} examples: {fit_wall:.2f} s wall, {fit_cpu:.2f} s CPU "
        f"(target < 1 s for 10,000); making them from sentence features {make_wall:.2f} s "
        "(once per label, then stored); "
        f"suggest() with the learned model {sug_user:.1f} ms"
    )
    _library_speed(quick)


def _library_speed(quick: bool) -> None:
    """Relearn from a real library file, record feedback, and the Sites view over many articles."""
    docs = load_aeb() + load_padded("train") + load_padded("dev")
    articles = 150 if quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        w0 = time.perf_counter()
        lib, painted = _library(Path(tmp) / "bench.sift", docs, articles, 11)
        build = time.perf_counter() - w0
        try:
            sync_wall, _, changed = _timed(lambda: sync_examples(lib))
            count = len(load_examples(lib))
            wall, cpu, _ = _timed(lambda: relearn(lib))
            print(
                f"    library of {articles} articles, {painted} highlights (built in {build:.1f} s): "
                f"first sync featurized {changed} articles into {count} examples in {sync_wall:.2f} s; "
                f"full relearn (check highlights, load, learn, save) {wall:.2f} s wall, {cpu:.2f} s CPU "
                "(target < 1 s)"
            )
            ids = [a.id for a in lib.list_articles(archived=None)][:40]
            shown, unseen = [], []
            for k, aid in enumerate(ids):
                art = lib.get_article(aid)
                if k % 2 == 0:
                    suggest(art.text, blocks=art.blocks)  # the window shows suggestions before any feedback
                spans = sentence_spans(art.text)
                a, b = spans[min(2, len(spans) - 1)]
                w0 = time.perf_counter()
                record_feedback(lib, art, a, b, "filler", accepted=k % 4 < 2)
                (shown if k % 2 == 0 else unseen).append((time.perf_counter() - w0) * 1000)
            size = len(load_learner(lib).to_bytes())
            stored = len(load_examples(lib))
            mid, top, cold = statistics.median(shown), max(shown), statistics.median(unseen)
            print(
                f"    record_feedback (learn + store one judged suggestion; {stored} examples, model "
                f"{size / 1e6:.1f} MB): median {mid:.1f} ms, max {top:.1f} ms on an article whose "
                f"suggestions are shown (target < ~20 ms); {cold:.1f} ms when it must analyse the article"
            )
            high, _, _ = _timed(lambda: site_rows(lib))
            cold, _, _ = _timed(lambda: site_rows(lib, source="suggestions"))
            warm, _, _ = _timed(lambda: site_rows(lib, source="suggestions"))
            print(
                f"    Sites view over {articles} articles: from highlights {high * 1000:.0f} ms; "
                f"from suggestions {cold:.1f} s the first time ({cold / articles * 1000:.1f} ms/article), "
                f"{warm * 1000:.0f} ms cached"
            )
        finally:
            lib.close()
