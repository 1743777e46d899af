"""Cohen's kappa against small cases computed by hand (the arithmetic is written next to each)."""

from __future__ import annotations

import pytest

from reader.agreement import NONE, Span, agreement, cohen_kappa, word_labels, word_spans

TEXT = "one two three four five six seven eight nine ten"


def span_of_words(first: int, last: int, label: str) -> Span:
    """A highlight from word ``first`` to word ``last`` (1-based, inclusive) of TEXT."""
    words = word_spans(TEXT)
    return Span(words[first - 1][0], words[last - 1][1], label)


A = [span_of_words(1, 4, "fact"), span_of_words(5, 7, "filler")]  # F F F F L L L N N N
B = [span_of_words(1, 3, "fact"), span_of_words(4, 8, "filler")]  # F F F L L L L L N N


def test_overall_kappa_by_hand():
    # agree on words 1,2,3 (F), 5,6,7 (L), 9,10 (N): po = 8/10 = 0.8
    # A: F=4 L=3 N=3, B: F=3 L=5 N=2 -> pe = (4*3 + 3*5 + 3*2) / 100 = 33/100 = 0.33
    # kappa = (0.8 - 0.33) / (1 - 0.33) = 0.47 / 0.67
    result = agreement(TEXT, A, B)
    assert result.words == 10
    assert result.observed == pytest.approx(0.8)
    assert result.kappa == pytest.approx(0.47 / 0.67)


def test_per_label_one_vs_rest_by_hand():
    result = agreement(TEXT, A, B)
    # fact vs rest: A {1,2,3,4}, B {1,2,3}: po = 9/10; pe = 0.4*0.3 + 0.6*0.7 = 0.54
    # kappa = (0.9 - 0.54) / (1 - 0.54) = 0.36 / 0.46
    fact = result.per_label["fact"]
    assert fact.kappa == pytest.approx(0.36 / 0.46)
    assert (fact.words_a, fact.words_b, fact.words_both) == (4, 3, 3)
    # filler vs rest: A {5,6,7}, B {4,...,8}: po = 8/10; pe = 0.3*0.5 + 0.7*0.5 = 0.5
    # kappa = (0.8 - 0.5) / 0.5 = 0.6
    filler = result.per_label["filler"]
    assert filler.kappa == pytest.approx(0.6)
    assert (filler.words_a, filler.words_b, filler.words_both) == (3, 5, 3)
    assert set(result.per_label) == {"fact", "filler"}


def test_disagreement_spans():
    result = agreement(TEXT, A, B)
    got = [(d.text, d.label_a, d.label_b, d.words) for d in result.disagreements]
    assert got == [("four", "fact", "filler", 1), ("eight", NONE, "filler", 1)]
    d = result.disagreements[0]
    assert TEXT[d.start : d.end] == "four"


def test_disagreements_merge_consecutive_words_with_the_same_pair():
    a = [span_of_words(1, 10, "fact")]
    b = [span_of_words(3, 5, "filler")]
    result = agreement(TEXT, a, b)
    got = [(d.text, d.label_a, d.label_b) for d in result.disagreements]
    assert got == [
        ("one two", "fact", NONE),
        ("three four five", "fact", "filler"),
        ("six seven eight nine ten", "fact", NONE),
    ]


def test_textbook_two_by_two_table():
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15 (50 items): po = 35/50 = 0.7
    # A yes = 25/50 = 0.5, B yes = 30/50 = 0.6: pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_perfect_chance_and_undefined():
    assert cohen_kappa(["x", "y", "x"], ["x", "y", "x"]) == pytest.approx(1.0)
    # po = 2/4 = 0.5; pe = 0.5*0.5 + 0.5*0.5 = 0.5 -> kappa 0
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]) == pytest.approx(0.0)
    # po = 0; pe = 0.5*0.5 + 0.5*0.5 = 0.5 -> kappa = -0.5 / 0.5 = -1
    assert cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None  # pe = 1: undefined
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa(["x"], ["x", "y"])


def test_nobody_labelled_anything():
    result = agreement(TEXT, [], [])
    assert result.observed == 1.0
    assert result.kappa is None
    assert result.per_label == {}
    assert result.disagreements == []


def test_word_takes_the_label_covering_most_of_it():
    text = "alphabet soup"
    # "alphabet" is [0, 8): fact covers 3 chars, filler covers 5 -> filler; "soup" untouched -> none
    labels = word_labels(word_spans(text), [Span(0, 3, "fact"), Span(3, 8, "filler")])
    assert labels == ["filler", NONE]
    # a highlight on punctuation or spaces only labels no word
    assert word_labels(word_spans("a, b"), [Span(1, 3, "fact")]) == [NONE, NONE]
