"""Extraction quality and speed on the article-extraction benchmark: Sift vs readability-lxml vs trafilatura.

Timing alternates the extractors page by page in one process, so a busy machine slows them alike;
peak memory is measured in a separate child process per extractor. Quality uses the benchmark's
metric: ``\\w+`` tokens, 4-token shingles, multiset TP/FP/FN per page, precision averaged over pages
with output and recall over pages with a ground truth (as its evaluate.py does), F1 their harmonic mean.
``SIFT_BENCH_QUICK=1`` uses the first 20 pages.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "aeb"
EXTRACTORS = ("sift", "readability", "trafilatura")
_WORD = re.compile(r"\w+")


def quick() -> bool:
    """True when ``SIFT_BENCH_QUICK`` asks for a smoke-sized run."""
    return os.environ.get("SIFT_BENCH_QUICK", "") not in ("", "0")


def page_ids(limit: int | None = None) -> list[str]:
    """Ids of the benchmark pages, sorted; the first ``limit`` of them when given."""
    ids = sorted(p.name.removesuffix(".html.gz") for p in (DATA / "html").glob("*.html.gz"))
    return ids[:limit] if limit else ids


def load_page(page_id: str) -> str:
    """The page's HTML as text (the benchmark stores UTF-8)."""
    return gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")


def ground_truth() -> dict[str, str]:
    """Page id → the article body a person marked."""
    data = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    return {k: v.get("articleBody") or "" for k, v in data.items()}


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of n-token shingles (one shingle of all tokens when there are fewer than n)."""
    tokens = _WORD.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str) -> tuple[int, int, int]:
    """(TP, FP, FN) over the shingle multisets of one page."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def summarize(truth: dict[str, str], preds: dict[str, str]) -> dict[str, float]:
    """The benchmark's scores: precision over pages with output, recall over pages with truth, their F1."""
    ps, rs = [], []
    for k, pred in preds.items():
        tp, fp, fn = page_counts(truth[k], pred)
        if tp + fp:
            ps.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn:
            rs.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    precision, recall = statistics.fmean(ps), statistics.fmean(rs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    empty = sum(1 for v in preds.values() if not _WORD.search(v))
    return {"precision": precision, "recall": recall, "f1": f1, "empty": empty}


def _extractor(name: str) -> Callable[[str], str]:
    """The text-producing function of one extractor (imports happen here, before timing)."""
    if name == "sift":
        from reader.errors import ExtractError
        from reader.extract import extract_html

        def run(html: str) -> str:
            try:
                return extract_html(html).text
            except ExtractError:
                return ""

        return run
    if name == "readability":
        import lxml.html
        from readability import Document

        def run(html: str) -> str:
            try:
                return lxml.html.fromstring(Document(html).summary()).text_content()
            except Exception:  # the baseline's own failures count as empty output
                return ""

        return run
    if name == "trafilatura":
        import trafilatura

        def run(html: str) -> str:
            return trafilatura.extract(html, include_comments=False) or ""

        return run
    raise ValueError(f"unknown extractor {name!r}")


def _rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _hwm_kib() -> int:
    """Peak resident size of this process image (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def memory_worker(name: str, ids: list[str]) -> float:
    """Peak RSS growth (MiB) while one extractor runs over the pages, in this (fresh) process."""
    pages = [load_page(i) for i in ids]
    run = _extractor(name)
    run(pages[0])
    base = _rss_kib()
    for html in pages:
        run(html)
    return max(_hwm_kib() - base, 0) / 1024


def _peak_mib(name: str, ids: list[str]) -> float:
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "bench.extraction", "--memory", name],
        input=json.dumps(ids),
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    return float(proc.stdout.strip())


def run_interleaved(ids: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, list[float]]]:
    """Run every extractor on every page, alternating extractors page by page (fair under shared load)."""
    runs = {name: _extractor(name) for name in EXTRACTORS}
    pages = [load_page(i) for i in ids]
    for run in runs.values():
        run(pages[0])  # warm caches and lazy imports before measuring
    outputs: dict[str, dict[str, str]] = {n: {} for n in EXTRACTORS}
    times: dict[str, list[float]] = {n: [] for n in EXTRACTORS}
    for k, (page_id, html) in enumerate(zip(ids, pages, strict=True)):
        order = EXTRACTORS[k % 3 :] + EXTRACTORS[: k % 3]
        for name in order:
            t0 = time.perf_counter()
            outputs[name][page_id] = runs[name](html)
            times[name].append((time.perf_counter() - t0) * 1000)
    return outputs, times


def main() -> None:
    """Print P/R/F1, empty outputs, median ms/page and peak memory for each extractor."""
    if not (DATA / "ground-truth.json").exists():
        print(f"extraction bench: skipped, no data at {DATA}")
        return
    ids = page_ids(20 if quick() else None)
    truth = ground_truth()
    print(f"Extraction on {len(ids)} pages of {DATA}")
    print("(quality: 4-token shingles, P/R averaged over pages; time: extractors alternate page by page;")
    print(" peak MiB: RSS growth of a separate process running that extractor alone)")
    outputs, times = run_interleaved(ids)
    head = ("extractor", "P", "R", "F1", "empty", "median ms", "p90 ms", "peak MiB")
    print("{:<12} {:>6} {:>6} {:>6} {:>5} {:>9} {:>7} {:>8}".format(*head))
    results = {}
    for name in EXTRACTORS:
        s = summarize(truth, outputs[name])
        med = statistics.median(times[name])
        p90 = statistics.quantiles(times[name], n=10)[-1] if len(times[name]) > 1 else med
        results[name] = (s, med)
        print(
            f"{name:<12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['empty']:5d} "
            f"{med:9.1f} {p90:7.1f} {_peak_mib(name, ids):8.1f}"
        )
    sift, traf = results["sift"], results["trafilatura"]
    print(
        f"sift vs trafilatura: F1 {sift[0]['f1'] - traf[0]['f1']:+.3f}, "
        f"median time ratio {sift[1] / traf[1]:.2f}x (targets: F1 >= 0.970, 0 empty, ratio <= 1.00)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--memory":
        print(memory_worker(sys.argv[2], json.loads(sys.stdin.read())))
    else:
        main()
