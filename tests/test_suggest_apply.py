"""Accepting confident suggestions as highlights ("accept all above S") on a real library file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.blocks import blocks_from_text
from reader.errors import InputError
from reader.models import ArticleContent
from reader.store import Library
from reader.suggest import Suggestion
from reader.suggest_apply import apply_suggestions, confident_label
from reader.suggest_store import forget_feedback, load_examples, record_feedback, rejected_spans

TEXT = (
    "The dam opened in 1931.\nIt is worth noting that times change.\nWater levels rose 3 metres.\nWho knows?"
)


def _library(db_path: Path) -> tuple[Library, int, list[Suggestion]]:
    lib = Library(db_path)
    aid = lib.add_article(ArticleContent(blocks=blocks_from_text(TEXT.replace("\n", "\n\n")))).id
    lines = TEXT.split("\n")
    starts = [TEXT.index(line) for line in lines]
    scores = [0.05, 0.93, 0.4, 0.81]
    sugs = [
        Suggestion(a, a + len(line), "filler" if s >= 0.62 else "fact", s, ["r"])
        for a, line, s in zip(starts, lines, scores, strict=True)
    ]
    return lib, aid, sugs


def test_confident_label() -> None:
    assert [confident_label(s, 0.8) for s in (0.8, 0.79, 0.21, 0.2)] == ["filler", None, None, "fact"]


def test_apply_paints_confident_ones_and_undoes_together(db_path: Path) -> None:
    lib, aid, sugs = _library(db_path)
    with lib:
        out = apply_suggestions(lib, aid, sugs, 0.8)
        assert (out.filler, out.fact, out.skipped) == (2, 1, 0)
        assert [(h.start, h.label) for h in lib.highlights(aid)] == [
            (sugs[0].start, "fact"),
            (sugs[1].start, "filler"),
            (sugs[3].start, "filler"),
        ]
        for change in reversed(out.changes):
            lib.apply(change.inverted())
        assert lib.highlights(aid) == []


def test_filler_only_and_existing_highlights_are_kept(db_path: Path) -> None:
    lib, aid, sugs = _library(db_path)
    with lib:
        lib.paint(aid, sugs[1].start, sugs[1].start + 5, "fact", note="mine")
        out = apply_suggestions(lib, aid, sugs, 0.75, facts=False)
        assert (out.filler, out.fact, out.skipped) == (1, 0, 1)
        assert [(h.start, h.label, h.note) for h in lib.highlights(aid)] == [
            (sugs[1].start, "fact", "mine"),
            (sugs[3].start, "filler", ""),
        ]
        with pytest.raises(InputError):
            apply_suggestions(lib, aid, sugs, 0.4)


def test_forget_feedback_after_an_undo(db_path: Path) -> None:
    lib, aid, sugs = _library(db_path)
    with lib:
        record_feedback(lib, aid, sugs[1].start, sugs[1].end, "filler")
        record_feedback(lib, aid, sugs[2].start, sugs[2].end, "filler", accepted=False)
        assert rejected_spans(lib, aid) == {(sugs[2].start, sugs[2].end)}
        assert forget_feedback(lib, aid, sugs[1].start, sugs[1].end) == 1
        assert [e.y for e in load_examples(lib)] == [0]
        assert forget_feedback(lib, aid, 0, len(TEXT)) == 1 and rejected_spans(lib, aid) == set()


def test_an_orphaned_highlight_does_not_block_a_suggestion(db_path: Path) -> None:
    from reader.versions import refresh_article

    lib, aid, _ = _library(db_path)
    with lib:
        lib.paint(aid, 0, TEXT.index("\n"), "fact", note="the dam")  # "The dam opened in 1931."
        new = TEXT.replace("The dam opened in 1931.", "Engineers inspect the spillway every spring.")
        refresh_article(lib, aid, ArticleContent(blocks=blocks_from_text(new.replace("\n", "\n\n"))))
        (orphan,) = lib.highlights(aid)
        assert (orphan.anchor_status, orphan.start) == ("orphaned", 0)  # stale offsets over line one
        first = new.index("\n")
        out = apply_suggestions(lib, aid, [Suggestion(0, first, "fact", 0.05, ["r"])], 0.8)
        assert (out.fact, out.skipped) == (1, 0)
        assert [(h.start, h.end, h.anchor_status) for h in lib.highlights(aid, orphans=False)] == [
            (0, first, "exact")
        ]
        assert [h.note for h in lib.attention(aid)] == ["the dam"]  # the orphan is still listed
