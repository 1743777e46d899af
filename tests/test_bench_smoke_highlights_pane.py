"""The highlights-pane benchmark runs end to end at smoke size (so it cannot rot)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.slow
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_highlights_pane_bench_runs_quickly(monkeypatch, capsys, qapp) -> None:
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    from bench import highlights_pane

    highlights_pane.main()
    out = capsys.readouterr().out
    bare = float(re.search(r"bare QListView, 200 wrapped quotes: +([\d.]+) ms", out).group(1))
    new = float(re.search(r"highlights pane, 200 new highlights: +([\d.]+) ms", out).group(1))
    again = float(re.search(r"re-list after one change: +([\d.]+) ms", out).group(1))
    assert bare > 0 and new > 0 and again > 0
    assert re.search(r"highlights pane: (OK|SLOWER THAN TARGET) \([\d.]+× ≤ 3.0×\)", out)
