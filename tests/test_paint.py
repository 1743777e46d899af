"""Paint/erase plans: examples plus hypothesis properties against a per-character model."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchors import make_quote
from reader.errors import InputError
from reader.models import Highlight
from reader.paint import Change, apply_change, join_notes, plan_erase, plan_paint

LABELS = ("fact", "filler", "quote")
T0 = "2024-01-01T00:00:00.000Z"
T1 = "2024-01-02T00:00:00.000Z"


class Ids:
    """Hands out ids like the database would."""

    def __init__(self) -> None:
        self.next = 1

    def fill(self, change: Change) -> Change:
        added = []
        for h in change.added:
            if h.id is None:
                h = replace(h, id=self.next)
                self.next += 1
            added.append(h)
        return Change(change.article_id, change.removed, tuple(added))


def run(text, rows, ids, op, start, end, label=None, note=None, now=T1):
    """Plan one action, number new rows, apply it; return (new rows, change)."""
    if op == "paint":
        ch = plan_paint(text, rows, 1, start, end, label, note=note, now=now)
    else:
        ch = plan_erase(text, rows, 1, start, end, now=now)
    ch = ids.fill(ch)
    return apply_change(rows, ch), ch


def per_char(text: str, rows: list[Highlight]) -> list[str | None]:
    out: list[str | None] = [None] * len(text)
    for h in rows:
        for i in range(h.start, h.end):
            assert out[i] is None, "overlap"
            out[i] = h.label
    return out


def spans(rows):
    return sorted((h.start, h.end, h.label) for h in rows)


def check_invariants(text: str, rows: list[Highlight]) -> None:
    per_char(text, rows)  # asserts no overlap
    ordered = sorted(rows, key=lambda h: h.start)
    for h in ordered:
        assert 0 <= h.start < h.end <= len(text)
        assert (h.exact, h.prefix, h.suffix) == make_quote(text, h.start, h.end)
    for a, b in pairwise(ordered):
        assert not (a.label == b.label and a.end >= b.start), "same-label spans touch"
    assert len({h.id for h in rows}) == len(rows)


TEXT = "Filler words pad this paragraph. The bridge opened in 1932. More padding follows here."


def test_fact_inside_filler_splits_it_and_keeps_note():
    ids = Ids()
    rows, _ = run(TEXT, [], ids, "paint", 0, len(TEXT), "filler", note="padded", now=T0)
    (filler,) = rows
    s = TEXT.index("The bridge")
    e = TEXT.index("1932.") + 5
    rows, ch = run(TEXT, rows, ids, "paint", s, e, "fact")
    assert spans(rows) == [(0, s, "filler"), (s, e, "fact"), (e, len(TEXT), "filler")]
    left, fact, right = rows
    assert left.id == filler.id and right.id not in (None, filler.id)
    assert left.note == right.note == "padded" and fact.note == ""
    assert left.created_at == right.created_at == T0 and left.updated_at == T1
    assert fact.exact == "The bridge opened in 1932." and left.exact == TEXT[:s]
    assert ch.removed == (filler,)
    assert apply_change(rows, ch.inverted()) == [filler]


def test_same_label_merges_overlapping_and_adjacent_with_notes_joined():
    ids = Ids()
    rows, _ = run(TEXT, [], ids, "paint", 0, 5, "fact", note="a", now=T0)
    rows, _ = run(TEXT, rows, ids, "paint", 10, 15, "fact", note="b", now=T0)
    rows, _ = run(TEXT, rows, ids, "paint", 20, 25, "fact", note="a", now=T0)
    first_id = rows[0].id
    rows, ch = run(TEXT, rows, ids, "paint", 5, 20, "fact", note="c")
    assert spans(rows) == [(0, 25, "fact")]
    assert rows[0].id == first_id and rows[0].note == "a\nb\nc" and rows[0].created_at == T0
    assert len(ch.removed) == 3 and len(ch.added) == 1


def test_painting_inside_same_label_is_a_no_op():
    ids = Ids()
    rows, _ = run(TEXT, [], ids, "paint", 0, 30, "fact", note="n")
    rows2, ch = run(TEXT, rows, ids, "paint", 5, 10, "fact")
    assert ch.empty and rows2 == rows
    _, ch = run(TEXT, rows, ids, "paint", 5, 10, "fact", note="n")
    assert ch.empty


def test_erase_splits_and_removes():
    ids = Ids()
    rows, _ = run(TEXT, [], ids, "paint", 0, 30, "filler", note="x")
    rows, _ = run(TEXT, rows, ids, "paint", 40, 50, "fact")
    rows, ch = run(TEXT, rows, ids, "erase", 10, 45)
    assert spans(rows) == [(0, 10, "filler"), (45, 50, "fact")]
    assert rows[0].note == "x" and rows[0].exact == TEXT[:10] and rows[1].exact == TEXT[45:50]
    rows, ch = run(TEXT, rows, ids, "erase", 0, len(TEXT))
    assert rows == [] and len(ch.removed) == 2 and ch.added == ()


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2), (0, len(TEXT) + 1)])
def test_bad_ranges_are_input_errors(start, end):
    with pytest.raises(InputError, match="does not fit"):
        plan_paint(TEXT, [], 1, start, end, "fact")
    with pytest.raises(InputError):
        plan_erase(TEXT, [], 1, start, end)


def test_join_notes():
    assert join_notes(["", None, "a", "b", "a"]) == "a\nb"


# ---- properties -------------------------------------------------------------------------------

texts = st.text(alphabet="ab c.\n", min_size=1, max_size=40)


@st.composite
def scenario(draw):
    text = draw(texts)
    n = len(text)
    ops = []
    for _ in range(draw(st.integers(0, 12))):
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, n))
        op = draw(st.sampled_from(("paint", "paint", "erase")))
        label = draw(st.sampled_from(LABELS))
        note = draw(st.sampled_from((None, "", "n1", "n2")))
        ops.append((op, s, e, label, note))
    return text, ops


def build(text, ops, ids):
    rows: list[Highlight] = []
    for op, s, e, label, note in ops:
        rows, _ = run(text, rows, ids, op, s, e, label, note)
    return rows


@settings(max_examples=300, deadline=None)
@given(scenario(), st.data())
def test_random_sequences_match_per_character_model(sc, data):
    text, ops = sc
    ids = Ids()
    rows: list[Highlight] = []
    model: list[str | None] = [None] * len(text)
    for op, s, e, label, note in ops:
        before = rows
        rows, ch = run(text, rows, ids, op, s, e, label, note)
        for i in range(s, e):
            model[i] = label if op == "paint" else None
        check_invariants(text, rows)
        assert per_char(text, rows) == model
        # undo restores exactly the previous rows (ids, notes, timestamps)
        assert apply_change(rows, ch.inverted()) == sorted(before, key=lambda h: h.start)
        # and redo gives the same rows again
        assert apply_change(apply_change(rows, ch.inverted()), ch) == rows


@settings(max_examples=300, deadline=None)
@given(scenario(), st.data())
def test_paint_gives_exactly_the_painted_label_and_leaves_the_rest(sc, data):
    text, ops = sc
    ids = Ids()
    rows = build(text, ops, ids)
    before = per_char(text, rows)
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    label = data.draw(st.sampled_from(LABELS))
    after_rows, _ = run(text, rows, ids, "paint", s, e, label)
    after = per_char(text, after_rows)
    assert after[s:e] == [label] * (e - s)
    assert after[:s] == before[:s] and after[e:] == before[e:]
    # notes stay with the text they were on: every untouched char keeps its highlight's note
    note_of = {i: h.note for h in rows for i in range(h.start, h.end)}
    for h in after_rows:
        if h.label != label:
            assert all(note_of[i] == h.note for i in range(h.start, h.end))


@settings(max_examples=300, deadline=None)
@given(scenario(), st.data())
def test_erase_then_paint_equals_paint(sc, data):
    text, ops = sc
    ids = Ids()
    rows = build(text, ops, ids)
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    label = data.draw(st.sampled_from(LABELS))
    direct, _ = run(text, rows, ids, "paint", s, e, label)
    erased, _ = run(text, rows, ids, "erase", s, e)
    via_erase, _ = run(text, erased, ids, "paint", s, e, label)
    assert spans(direct) == spans(via_erase)
    check_invariants(text, via_erase)
