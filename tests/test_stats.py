"""Word counting and stats arithmetic."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reader.anchors import make_quote
from reader.stats import Stats, count_words, density, highlight_words


def test_count_words_uses_word_tokens():
    assert count_words("") == 0
    assert count_words("It's 2024 — café-au-lait, ok?") == 7  # It s 2024 café au lait ok
    assert count_words("   \n ") == 0


def test_a_word_cut_by_a_boundary_counts_where_it_starts():
    text = "alpha beta gamma"
    left = make_quote(text, 0, 8)  # "alpha be"
    right = make_quote(text, 8, len(text))  # "ta gamma"
    assert highlight_words(left[0], left[1]) == 2
    assert highlight_words(right[0], right[1]) == 1
    assert highlight_words(*make_quote(text, 6, 10)[:2]) == 1


@given(st.text(alphabet="ab .é1", max_size=40), st.lists(st.integers(0, 40), max_size=6))
def test_splitting_a_span_never_changes_its_word_total(text, cuts):
    points = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    total = 0
    for s, e in itertools.pairwise(points):
        exact, prefix, _ = make_quote(text, s, e)
        total += highlight_words(exact, prefix)
    assert total == count_words(text)


def test_stats_from_totals_and_density():
    st_ = Stats.from_totals(["fact", "filler", "quote"], [("fact", 30, 6, 2), ("filler", 10, 2, 1)])
    assert st_.per_label["quote"].words == 0 and st_.per_label["fact"].chars == 30
    assert (st_.fact_words, st_.filler_words) == (6, 2)
    assert st_.fact_density == 0.75
    assert Stats.from_totals(["fact", "filler"], []).fact_density is None
    assert density(0, 3) == 0.0
