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


def test_an_edit_that_retypes_words_keeps_their_origin():
    from bench.reanchor import Doc

    doc = Doc("He has taken responsibility for it.")
    doc.replace(7, 31, "given responsibility for")  # "taken" -> "given"; the rest is typed again
    assert doc.text == "He has given responsibility for it."
    assert doc.where(7, 31) == (10, 31)  # "en responsibility for" are the old characters
    assert doc.origin[7:11] == [-1, -1, -1, 10]


def test_identical_twin_in_the_quotes_own_context_is_not_wrong():
    from bench.reanchor import Doc, judge, twin, verdict
    from reader.reanchor import reanchor

    old = "Intro.\nBuy now\nMiddle.\nBuy now\nEnd."
    doc = Doc(old)
    doc.move(7, 15, 31)  # the first "Buy now" line goes down, the second one up: the text is as before
    doc.move(15, 23, 7)
    assert doc.text == old
    (t,) = judge(doc, old, [(23, 30)])  # a highlight on the second "Buy now", now the first line
    assert (t.cls, t.true) == ("context", (7, 14))
    (t.result,) = reanchor(old, doc.text, [t.anchor])
    assert (t.result.status, t.result.start) == ("exact", 23)  # the text cannot tell them apart
    assert verdict(t) == "wrong" and twin(doc, old, t)
    t.result = type(t.result)("exact", 0, 6, 1.0)  # "Intro." is no twin of "Buy now"
    assert not twin(doc, old, t)
