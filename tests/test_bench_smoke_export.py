"""The CSV export benchmark runs end to end at smoke size (so it cannot rot)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.slow
def test_export_bench_runs_quickly(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    from bench import export

    export.main()
    out = capsys.readouterr().out
    assert "300 articles x 10 highlights" in out
    bare = re.search(r"bare sqlite3 \+ csv.writer loop: +([\d,]+) rows/s \(3000 rows", out)
    ratios = [float(x) for x in re.findall(r"ratio ([\d.]+)x", out)]
    assert bare and int(bare.group(1).replace(",", "")) > 0
    assert len(ratios) == 2 and all(r > 0 for r in ratios)
    assert re.search(r"target: export >= 0.7x the bare loop -> (meets|MISSES)", out)
