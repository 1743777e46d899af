"""Smoke run of the re-anchoring bench so that it cannot rot."""

from __future__ import annotations

import pytest

from bench import reanchor


@pytest.mark.slow
def test_reanchor_bench_runs_quickly(monkeypatch, capsys):
    if not (reanchor.DATA / "ground-truth.json").exists():
        pytest.skip("../shared data not present")
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    reanchor.main()
    out = capsys.readouterr().out
    for figure in (
        "exact for untouched",
        "correct for small edits",
        "wrong anchors:",
        "orphan rate",
        "timing:",
    ):
        assert figure in out
