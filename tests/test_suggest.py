"""Filler suggestions on a small padded article written for this test, learning and model persistence."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.blocks import Block, canonical_text
from reader.sentences import sentence_spans
from reader.suggest import Suggestion, default_model, examples_from_labels, suggest
from reader.suggest_examples import Example
from reader.suggest_learn import UserLearner

HEADLINE = "Greyport Council Votes to Reopen the Old Lido"
ARTICLE = [
    HEADLINE,
    "By Morgan Hale",
    "Greyport's town council voted 9-3 on Wednesday to spend £2.4 million reopening the seafront lido, "
    "which closed in 2016.",
    "Council leader Priya Das said the pool would open in May 2026 and employ 18 lifeguards and staff.",
    "In today's fast-paced world, places where people can come together matter more than ever.",
    "The lido has a long history in the town.",
    "Will the pool bring visitors back to the seafront?",
    "The council voted to spend £2.4 million reopening the seafront lido, the council leader said.",
    "In conclusion, the vote marks a new chapter for Greyport and its residents.",
    "Photo: the empty lido in 2019 (Greyport Camera Club)",
]


def _text() -> str:
    return "\n".join(ARTICLE)


def _by_sentence(text: str) -> dict[str, Suggestion]:
    return {text[s.start : s.end]: s for s in suggest(text)}


def test_stock_phrase_sentence_is_filler_with_the_phrase_as_reason() -> None:
    got = _by_sentence(_text())
    s = got["In conclusion, the vote marks a new chapter for Greyport and its residents."]
    assert s.label == "filler" and s.score > 0.8
    assert any("in conclusion" in r for r in s.reasons)
    s = got["In today's fast-paced world, places where people can come together matter more than ever."]
    assert s.label == "filler"
    assert any(r.startswith("stock phrase:") and "in today's" in r for r in s.reasons)


def test_named_source_with_numbers_is_fact() -> None:
    got = _by_sentence(_text())
    s = got[
        "Council leader Priya Das said the pool would open in May 2026 and employ 18 lifeguards and staff."
    ]
    assert s.label == "fact" and s.score < 0.2
    assert any("Priya Das" in r for r in s.reasons)
    assert any(r.startswith("figures:") and "18" in r for r in s.reasons)
    assert got[ARTICLE[2]].label == "fact"


def test_restatement_and_rhetorical_question_are_filler() -> None:
    got = _by_sentence(_text())
    repeat = got[
        "The council voted to spend £2.4 million reopening the seafront lido, the council leader said."
    ]
    assert repeat.label == "filler"
    # sentences are numbered from 1 over the whole text: headline, byline, then the first news sentence
    assert "repeats sentence 3 (“Greyport's town council voted…”)" in repeat.reasons
    question = got["Will the pool bring visitors back to the seafront?"]
    assert question.label == "filler" and "rhetorical question" in question.reasons


def test_meta_lines_are_skipped_or_labelled_meta() -> None:
    text = _text()
    judged = {text[s.start : s.end] for s in suggest(text)}
    for meta in (HEADLINE, "By Morgan Hale", ARTICLE[-1]):
        assert meta not in judged
    with_meta = {text[s.start : s.end]: s for s in suggest(text, include_meta=True)}
    assert with_meta[HEADLINE].label == "meta" and with_meta["By Morgan Hale"].label == "meta"


def test_heading_blocks_are_meta_when_blocks_are_given() -> None:
    blocks = [
        Block("paragraph", "The mill closed in 1998 after 140 years."),
        Block("heading", "What Happens Now."),
    ]
    text = canonical_text(blocks)
    assert [s.label for s in suggest(text, blocks=blocks, include_meta=True)] == ["fact", "meta"]


def test_one_suggestion_per_sentence_with_offsets_and_json_shape() -> None:
    text = _text()
    spans = set(sentence_spans(text))
    out = suggest(text, include_meta=True)
    assert [(s.start, s.end) for s in out] == sorted(spans)
    for s in suggest(text):
        assert s.label in ("fact", "filler") and 0.0 <= s.score <= 1.0 and s.reasons
        d = s.to_dict()
        assert set(d) == {"start", "end", "label", "score", "reasons"}
        json.dumps(d)


def test_empty_text() -> None:
    assert suggest("") == []


BOILERPLATE = [
    "Northwind Tools is a leading provider of innovative workshop solutions for customers worldwide.",
    "Bellmar Foods is a leading provider of innovative kitchen solutions for families worldwide.",
    "Castor Labs is a leading provider of innovative testing solutions for clinics worldwide.",
    "Dunmore Print is a leading provider of innovative packaging solutions for brands worldwide.",
    "Elgin Freight is a leading provider of innovative logistics solutions for shippers worldwide.",
]


def _example(sentence: str, label: str) -> Example:
    text = "The company said on Monday it had hired 40 engineers in Leeds.\n" + sentence
    start = text.index(sentence)
    return examples_from_labels(text, [(start, start + len(sentence), label)], group=sentence)[0][2]


def test_learning_moves_a_prediction_after_a_few_corrections() -> None:
    unseen = "Fenwick Audio is a leading provider of innovative sound solutions for venues worldwide."
    fact = "The company said on Monday it had hired 40 engineers in Leeds."
    text = fact + "\n" + unseen
    learner = UserLearner()
    before = {text[s.start : s.end]: s for s in suggest(text, model=learner.model())}
    assert before[unseen].label == "fact"
    for sentence in BOILERPLATE:
        learner.add(_example(sentence, "filler"))
    model = learner.model()
    after = {text[s.start : s.end]: s for s in suggest(text, model=model)}
    assert after[unseen].label == "filler" and after[unseen].score > before[unseen].score + 0.3
    assert "like sentences you marked as filler" in after[unseen].reasons
    assert after[fact].label == "fact"
    assert model.seen == 5


def test_learned_model_round_trips_and_reset_gives_the_default() -> None:
    learner = UserLearner()
    learner.fit([_example(s, "filler") for s in BOILERPLATE[:3]])
    text = _text()
    scores = [s.score for s in suggest(text, model=learner.model())]
    assert scores != [s.score for s in suggest(text, model=default_model())]
    again = UserLearner.from_bytes(learner.to_bytes())
    assert [s.score for s in suggest(text, model=again.model())] == pytest.approx(scores)
    assert again.seen == 3
    again.reset()
    assert again.model().seen == 0
    assert [s.score for s in suggest(text, model=again.model())] == pytest.approx(
        [s.score for s in suggest(text, model=default_model())]
    )


def test_examples_need_one_label_covering_most_of_the_sentence() -> None:
    text = "Sales rose 4% in March, the firm said. It is worth noting that times are changing."
    second = text.index("It is")
    assert examples_from_labels(text, [(0, 10, "fact")]) == []  # a quarter of the sentence only
    ex = examples_from_labels(text, [(0, 36, "fact"), (second, len(text), "filler"), (0, 5, "note")])
    assert [(a, b, e.y) for a, b, e in ex] == [(0, 38, 0), (second, len(text), 1)]
    assert all(e.feats["len"] > 0 and len(e.keys) > 5 for _, _, e in ex)


def test_site_is_part_of_what_is_learned() -> None:
    text = "Officials met on Tuesday to discuss the plan for the harbour wall."
    learner = UserLearner()
    for _ in range(30):
        ((_, _, ex),) = examples_from_labels(text, [(0, len(text), "filler")], site="padding.example")
        learner.add(ex)
    model = learner.model()
    on_site = suggest(text, model=model, site="padding.example")[0].score
    elsewhere = suggest(text, model=model, site="news.example")[0].score
    assert on_site > elsewhere


_PIECES = st.sampled_from(
    [
        *"aZ .?!\n\"“”'’$%0123456789",
        "Mr.",
        "U.S.",
        "said",
        "It is worth noting",
        "In conclusion,",
        " May ",
        "©",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=80).map("".join))
def test_any_text_gives_well_formed_suggestions(text: str) -> None:
    spans = sentence_spans(text)
    out = suggest(text, include_meta=True)
    assert [(s.start, s.end) for s in out] == spans
    for s in out:
        assert s.label in ("fact", "filler", "meta") and 0.0 <= s.score <= 1.0 and s.reasons
