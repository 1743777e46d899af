"""Property: over thousands of random revisions of real articles, no highlight is ever placed wrongly.

The revisions come from a seed the bench (``bench/reanchor.py``) never runs, so the rules are not
checked only on the revisions they were developed with.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.reanchor import DATA, SEEDS, run_trials

pytestmark = pytest.mark.skipif(
    not (DATA / "ground-truth.json").exists(), reason="../shared data not present"
)
UNSEEN_SEED = 2024


@pytest.mark.slow
def test_no_wrong_anchor_in_thousands_of_random_revisions():
    assert UNSEEN_SEED not in SEEDS
    trials = run_trials(3_000, seed=UNSEEN_SEED)
    verdicts = Counter(t.verdict for t in trials)
    wrong = [t for t in trials if t.verdict == "wrong"]
    assert not wrong, [(t.anchor.exact, t.cls, t.true, t.result) for t in wrong[:5]]
    untouched = [t for t in trials if t.cls == "untouched"]
    assert len(untouched) > 800
    exact = sum(1 for t in untouched if t.result.status == "exact" and t.verdict == "correct")
    assert exact / len(untouched) >= 0.99
    small = [t for t in trials if t.cls == "small edit"]
    assert len(small) > 400
    assert sum(1 for t in small if t.verdict == "correct") / len(small) >= 0.95
    deleted = [t for t in trials if t.cls == "deleted"]
    assert deleted and all(t.result.status == "orphaned" for t in deleted)
    assert verdicts["correct"] > 0.7 * len(trials)
