"""Smoke run of bench/library.py so it cannot rot (figures are not asserted)."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_library_bench_runs_quick(monkeypatch, capsys):
    import bench.library as bench

    monkeypatch.setattr(bench, "ARTICLES", 60)
    monkeypatch.setattr(bench, "QUERIES", 15)
    monkeypatch.setattr(bench, "PAINTS", 20)
    bench.main()
    out = capsys.readouterr().out
    assert "built 60 articles, 600 highlights" in out
    for row in ("search p95 (ms)", "save p95 (ms)", "csv export (rows/s)"):
        assert row in out
