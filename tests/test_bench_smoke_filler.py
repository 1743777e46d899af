"""Smoke run of the filler-suggestions benchmark (quick sizes), so that it cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.mark.slow
def test_filler_bench_runs_quickly(monkeypatch, capsys, shared_dir: Path) -> None:
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    from bench import filler

    filler.main()
    out = capsys.readouterr().out
    assert "quick mode" in out
    rows = {
        name: [float(x) for x in re.findall(r"\d\.\d{3}", line)]
        for name in ("TF-IDF 1-2 grams + LR (trained here)", "Sift default (aeb: 5-fold CV by page)")
        for line in out.splitlines()
        if line.strip().startswith(name)
    }
    tfidf_acc, tfidf_macro = rows["TF-IDF 1-2 grams + LR (trained here)"]
    assert 0.5 < tfidf_acc <= 1 and 0.4 < tfidf_macro <= 1
    p, r, f1, pp, pr, pf1 = rows["Sift default (aeb: 5-fold CV by page)"]
    assert all(0 <= v <= 1 for v in (p, r, f1, pp, pr, pf1)) and f1 > 0.3 and pf1 > 0.5
    curve = re.search(
        r"after 100 labels \(production learner\)\s+(\d\.\d{3})\s+(\d\.\d{3})\s+(\d\.\d{3})", out
    )
    assert curve and all(0 <= float(v) <= 1 for v in curve.groups())
    assert re.search(r"learning, padded news .*100: \d\.\d{3}", out)
    ms = float(re.search(r"suggest\(\) on a \d+-word article \(\d+ sentences\): ([\d.]+) ms", out).group(1))
    assert ms > 0
    assert re.search(r"learning from 2000 examples: [\d.]+ s wall, [\d.]+ s CPU", out)
    assert re.search(r"full relearn \(check highlights, load, learn, save\) [\d.]+ s wall", out)
    assert re.search(r"record_feedback .*median [\d.]+ ms, max [\d.]+ ms on an article", out)
    assert re.search(r"Sites view over \d+ articles: from highlights \d+ ms", out)
