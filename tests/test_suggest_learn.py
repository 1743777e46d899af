"""The user's learner and its examples: whitening, online and batch learning, the mixture, persistence."""

from __future__ import annotations

import math
import random

import pytest

from reader.suggest import examples_from_labels, suggest
from reader.suggest_examples import Example, gram_keys, make_example, pack_example, site_key, unpack_example
from reader.suggest_learn import LEARNERS, UserLearner
from reader.suggest_model import Base, default_base, sigmoid

# Our own sample sentences: (template, what a reader following the rubric would say)
SENTENCES = [
    ("{name} said on {day} that the {place} depot would close in {month}, cutting {n} jobs.", "fact"),
    ("The council approved a budget of {n} million pounds for the {place} bypass.", "fact"),
    ("{name}, a spokesperson for the {place} trust, confirmed that {n} patients were moved.", "fact"),
    ("Police arrested {n} people near {place} station on {day}, according to a statement.", "fact"),
    ("It remains to be seen whether the plan will deliver what it promises.", "filler"),
    ("In today's fast-moving world, change is never easy for any community.", "filler"),
    ("Only time will tell what this means for the people of {place}.", "filler"),
    ("The decision marks a new chapter in the story of the town.", "filler"),
]
NAMES = ["Ada Brenn", "Tomas Ilve", "Rosa Quint", "Omar Feld", "Lena Marsh", "Ivo Strand"]
PLACES = ["Harwick", "Dunmore", "Elsby", "Carrow", "Penfold", "Astley"]
DAYS = ["Monday", "Tuesday", "Thursday"]
MONTHS = ["March", "June", "October"]


def article(rng: random.Random, size: int = 8) -> tuple[str, list[tuple[int, int, str]]]:
    """A made-up article of ``size`` sentences (one per line) and its rubric labels."""
    lines, gold, pos = [], [], 0
    for _ in range(size):
        template, label = rng.choice(SENTENCES)
        line = template.format(
            name=rng.choice(NAMES),
            place=rng.choice(PLACES),
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
            n=rng.randint(2, 900),
        )
        lines.append(line)
        gold.append((pos, pos + len(line), label))
        pos += len(line) + 1
    return "\n".join(lines), gold


def examples(seed: int, articles: int, relabel=None) -> list[Example]:
    """Examples from made-up articles; ``relabel(text, label)`` changes what the simulated reader says."""
    rng = random.Random(seed)
    out = []
    for i in range(articles):
        text, gold = article(rng)
        if relabel is not None:
            gold = [(a, b, relabel(text[a:b], lab)) for a, b, lab in gold]
        out += [ex for _, _, ex in examples_from_labels(text, gold, group=f"a{i}", site="example.org")]
    return out


def test_whitening_and_its_inverse_agree() -> None:
    base = default_base()
    assert base.order[-1] == "__bias__" and len(base.inv_chol) == len(base.order)
    feats = {"names": 1.2, "past": 1.0, "len": 0.7, "no_such_feature": 3.0}
    rng = random.Random(1)
    eta = [rng.uniform(-1, 1) for _ in base.order]
    delta = base.unwhiten(eta, 2.0)
    direct = delta.get("__bias__", 0.0) + sum(delta.get(k, 0.0) * v for k, v in feats.items())
    assert direct == pytest.approx(2.0 * sum(e * x for e, x in zip(eta, base.whiten(feats), strict=True)))


def test_gram_keys_fold_numbers_and_hash_stably() -> None:
    a = gram_keys("Sales rose 4% in 2024.")
    assert a == gram_keys("Sales rose 7% in 1999.")  # numbers are '#'
    assert a != gram_keys("Sales fell 4% in 2024.")
    assert len(a) == 4 + 4  # words: sales rose # in ('#' twice counts once); bigrams: 4 distinct
    assert site_key(None) == -1 and site_key("Example.ORG") == site_key("example.org") >= 0


def test_examples_pack_and_unpack_exactly() -> None:
    ex = make_example(
        {"names": 1.0, "past": 1.0}, "Ada Brenn left on Monday.", "fact", site="x.org", group="g"
    )
    back = unpack_example(pack_example(ex))
    assert back == ex and back.feats == {"names": 1.0, "past": 1.0}
    with pytest.raises(ValueError):
        unpack_example(pack_example(ex)[:-3])
    with pytest.raises(ValueError):
        unpack_example(b"\x00\x01")


def test_one_label_moves_the_model_towards_it_right_away() -> None:
    learner = UserLearner()
    (ex,) = examples(1, 1)[:1]
    before = sigmoid(learner.model().logit(ex.feats, ex.keys, ex.site))
    for _ in range(3):
        learner.add(ex)
    after = sigmoid(learner.model().logit(ex.feats, ex.keys, ex.site))
    assert (after > before) if ex.y else (after < before)
    assert learner.seen == 3


def test_fit_is_deterministic_and_round_trips_through_bytes() -> None:
    data = examples(2, 12)
    a, b = UserLearner(), UserLearner()
    a.fit(data)
    b.fit(data)
    assert a.to_bytes() == b.to_bytes()
    again = UserLearner.from_bytes(a.to_bytes())
    assert again.to_bytes() == a.to_bytes() and again.seen == len(data)
    ex = data[0]
    assert again.model().logit(ex.feats, ex.keys, ex.site) == pytest.approx(
        a.model().logit(ex.feats, ex.keys, ex.site)
    )


def test_damaged_or_foreign_state_is_refused() -> None:
    learner = UserLearner()
    learner.fit(examples(3, 3))
    blob = learner.to_bytes()
    for bad in (b"", b"not a model", blob[:-5], blob + b"x"):
        with pytest.raises(ValueError):
            UserLearner.from_bytes(bad)
    other = Base(0.0, {"names": -1.0}, 0.5, ("names", "__bias__"), ((1.0, 0.0), (1.0,)), "other")
    with pytest.raises(ValueError):
        UserLearner.from_bytes(blob, other)


def test_examples_are_rewhitened_for_another_default() -> None:
    other = Base(0.3, {"names": -1.0}, 0.5, ("names", "__bias__"), ((0.5, 0.1), (2.0,)), "other")
    ex = examples(4, 1)[0]
    moved = ex.under(other)
    assert moved.version == "other" and len(moved.xt) == 2
    assert moved.z0 == pytest.approx(0.3 - ex.feats.get("names", 0.0))
    learner = UserLearner(other)
    learner.fit([ex])  # learning under another default works on the re-whitened example
    assert learner.seen == 1


def test_evidence_predicts_each_article_before_learning_it() -> None:
    data = examples(5, 1)  # one article: every label is predicted by the untouched default
    learner = UserLearner()
    learner.fit(data)
    expected = -sum(math.log(sigmoid(ex.z0) if ex.y else 1 - sigmoid(ex.z0)) for ex in data)
    for lr in learner.learners:
        assert lr.loss == pytest.approx(expected)
    online = UserLearner()
    for ex in data:
        online.add(ex)
    for lr in online.learners:
        assert lr.loss == pytest.approx(expected, rel=0.05)  # online: what the article taught is taken out


def test_mixture_follows_a_reader_who_differs_and_not_one_who_agrees() -> None:
    prior = LEARNERS[1][3]
    # a reader who calls every sentence with a named person padding (not our rubric, but consistent)
    differs = UserLearner()
    differs.fit(examples(6, 25, relabel=lambda s, lab: "filler" if any(n in s for n in NAMES) else lab))
    assert differs.mixture()[1] > 0.9
    # a reader whose labels come from the default's own probabilities: nothing to follow
    rng = random.Random(7)
    agrees = examples(7, 25)
    for ex in agrees:
        ex.y = int(rng.random() < sigmoid(ex.z0))
    learner = UserLearner()
    learner.fit(agrees)
    assert learner.mixture()[1] < prior


def test_a_learned_model_changes_suggestions_of_that_kind_only() -> None:
    learner = UserLearner()
    learner.fit(examples(8, 25, relabel=lambda s, lab: "filler" if any(n in s for n in NAMES) else lab))
    text = (
        "Lena Marsh said on Monday that the Elsby depot would close in June, cutting 40 jobs.\n"
        "The council approved a budget of 3 million pounds for the Carrow bypass."
    )
    default = suggest(text)
    learned = suggest(text, model=learner.model(), site="example.org")
    assert [s.label for s in default] == ["fact", "fact"]
    assert [s.label for s in learned] == ["filler", "fact"]
