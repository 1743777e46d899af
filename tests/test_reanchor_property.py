"""Property: over ~1,000 random revisions of real articles, no highlight is ever placed wrongly."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.reanchor import DATA, run_trials

pytestmark = pytest.mark.skipif(
    not (DATA / "ground-truth.json").exists(), reason="../shared data not present"
)


def test_no_wrong_anchor_in_a_thousand_random_revisions():
    trials = run_trials(1_000, seed=2024)
    verdicts = Counter(t.verdict for t in trials)
    wrong = [t for t in trials if t.verdict == "wrong"]
    assert not wrong, [(t.anchor.exact, t.cls, t.result) for t in wrong[:5]]
    untouched = [t for t in trials if t.cls == "untouched"]
    assert len(untouched) > 200
    exact = sum(1 for t in untouched if t.result.status == "exact" and t.verdict == "correct")
    assert exact / len(untouched) >= 0.99
    deleted = [t for t in trials if t.cls == "deleted"]
    assert deleted and all(t.result.status == "orphaned" for t in deleted)
    assert verdicts["correct"] > 0.7 * len(trials)
