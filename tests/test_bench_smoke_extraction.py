"""Smoke run of the extraction benchmark on a few pages, so that it cannot rot."""

from __future__ import annotations

import pytest

from bench import extraction


@pytest.mark.slow
def test_extraction_bench_quick_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (extraction.DATA / "ground-truth.json").exists():
        pytest.skip("the shared benchmark data is not next to this checkout")
    monkeypatch.setenv("SIFT_BENCH_QUICK", "1")
    extraction.main()
    out = capsys.readouterr().out
    assert "on 20 pages" in out
    rows = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) == 8 and cells[0] in ("sift", "readability", "trafilatura"):
            rows[cells[0]] = cells
    assert set(rows) == {"sift", "readability", "trafilatura"}
    f1 = float(rows["sift"][3])
    assert 0.0 < f1 <= 1.0
    assert "median time ratio" in out


def test_metric_matches_the_benchmark_definition() -> None:
    truth = "one two three four five six"
    assert extraction.page_counts(truth, truth) == (3, 0, 0)
    assert extraction.page_counts(truth, "") == (0, 0, 3)
    tp, fp, fn = extraction.page_counts(truth, "one two three four seven")
    assert (tp, fp, fn) == (1, 1, 2)
    s = extraction.summarize({"a": truth, "b": truth}, {"a": truth, "b": ""})
    assert s["precision"] == 1.0  # pages without output do not count for precision
    assert s["recall"] == 0.5
    assert s["empty"] == 1
