"""The GUI benchmark runs end to end at smoke size (so it cannot rot)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.slow
def test_gui_bench_runs_quickly(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    from bench import gui

    gui.main()
    out = capsys.readouterr().out
    for case in ("bare QMainWindow + QTextBrowser", "Sift, empty library", "Sift, 300-article library"):
        line = next(ln for ln in out.splitlines() if ln.startswith(case))
        paint_ms, ratio, cpu_ms, cpu_ratio, _wall, rss = (
            float(x) for x in re.findall(r"([\d.]+)(?:ms|×|MB)", line)
        )
        assert paint_ms > 0 and ratio > 0 and cpu_ms > 0 and cpu_ratio > 0 and 10 < rss < 2000
    assert re.search(r"open \+ first paint: +[\d.]+ ms plain, +[\d.]+ ms with 100 highlights", out)
    assert "start-up: worst" in out and "rendering: worst" in out
