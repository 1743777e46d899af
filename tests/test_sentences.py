"""Sentence segmentation: hand-picked news cases and properties over arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sentences import sentence_at, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Lee arrived. Dr. Ortiz left.", ["Mr. Lee arrived.", "Dr. Ortiz left."]),
        ("Sales rose 4.5% to $1.2 billion. Costs fell.", ["Sales rose 4.5% to $1.2 billion.", "Costs fell."]),
        (
            "U.S. officials met on Jan. 4 in Geneva. Talks failed.",
            ["U.S. officials met on Jan. 4 in Geneva.", "Talks failed."],
        ),
        ("Fruit, e.g. apples, is cheap. It sells.", ["Fruit, e.g. apples, is cheap.", "It sells."]),
        (
            "It was signed by Harry S. Truman in 1948. He won.",
            ["It was signed by Harry S. Truman in 1948.", "He won."],
        ),
        ('"We are done." The mayor left.', ['"We are done."', "The mayor left."]),
        (
            "“We are done,” she said. “Go.” Nobody moved.",
            ["“We are done,” she said.", "“Go.”", "Nobody moved."],
        ),
        ('"Why now?" he asked. Nobody knew!', ['"Why now?" he asked.', "Nobody knew!"]),
        ("The vote (held in May.) Passed easily.", ["The vote (held in May.)", "Passed easily."]),
        ("Well... maybe not. Wait… Really?! Yes.", ["Well... maybe not.", "Wait…", "Really?!", "Yes."]),
        ("It moved to the U.S. The firm grew.", ["It moved to the U.S.", "The firm grew."]),
        ("Shares of Acme Inc. fell 3%. Rivals rose.", ["Shares of Acme Inc. fell 3%.", "Rivals rose."]),
        (
            "The vote is at 9 a.m. Tuesday. Polls open early.",
            ["The vote is at 9 a.m. Tuesday.", "Polls open early."],
        ),
        ("Visit example.com. It is free.", ["Visit example.com.", "It is free."]),
        ("He ranked No. 3 in 2019. In 2020 he fell.", ["He ranked No. 3 in 2019.", "In 2020 he fell."]),
        (
            "A headline without a stop\nFirst line. Second line.",
            ["A headline without a stop", "First line.", "Second line."],
        ),
        ("  padded sentence.  ", ["padded sentence."]),
        ("", []),
    ],
)
def test_cases(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_block_boundary_always_ends_a_sentence() -> None:
    text = "The council met on Mr\nSmith was absent"
    assert _sentences(text) == ["The council met on Mr", "Smith was absent"]


def test_sentence_at() -> None:
    text = "One here. Two there.\nThree."
    assert sentence_at(text, 0) == (0, 9)
    assert sentence_at(text, 8) == (0, 9)
    assert sentence_at(text, 9) is None  # the space between sentences
    assert sentence_at(text, 12) == (10, 20)
    assert sentence_at(text, 20) is None  # the newline
    assert sentence_at(text, 21) == (21, 27)
    assert sentence_at(text, 27) is None
    assert sentence_at(text, -1) is None


_ALPHABET = st.sampled_from([*"abcXYZ .?!…\"')”\n\t 0123456789,", "Mr.", "U.S.", "e.g.", "Jan.", " The "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_partition_the_non_space_text(text: str) -> None:
    spans = sentence_spans(text)
    prev_end = 0
    covered = set()
    for start, end in spans:
        assert 0 <= prev_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]
        covered.update(range(start, end))
        prev_end = end
        assert sentence_at(text, start) == (start, end)
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert i in covered
