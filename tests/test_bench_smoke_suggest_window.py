"""The suggestions-in-the-window benchmark runs end to end at smoke size (so it cannot rot)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.slow
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support propagateSizeHints")
def test_suggest_window_bench_runs_quickly(monkeypatch, capsys, qapp) -> None:
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    from bench import suggest_window

    suggest_window.main()
    out = capsys.readouterr().out
    for words in (300, 3000):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(f"{words} words"))
        assert re.search(r"\d+ proposals drawn after \d+ ms", line)
    summary = re.search(r"worst decision ([\d.]+) ms .*worst stall (\d+) ms", out)
    assert summary and float(summary.group(1)) > 0
