"""Annotator layers, origins and anchor status in the library: paint, confirm, reattach, undo."""

from __future__ import annotations

import pytest

from reader.blocks import blocks_from_text
from reader.errors import InputError
from reader.models import ArticleContent
from reader.paint import Highlight
from reader.store import Library
from reader.versions import refresh_article

TEXT = (
    "The harbour council met on Tuesday to vote on the ferry timetable.\n"
    "Ferries will leave every twenty minutes from the north pier, the council said.\n"
    "Residents had asked for later sailings on weekends for years."
)


@pytest.fixture
def lib(db_path):
    with Library(db_path) as library:
        library.annotator = "Ana"
        yield library


def add(lib: Library, text: str = TEXT) -> int:
    return lib.add_article(ArticleContent(blocks_from_text(text), title="Ferry"), url="https://e.org/f").id


def span(text: str, quote: str) -> tuple[int, int]:
    s = text.index(quote)
    return s, s + len(quote)


def revise(lib: Library, aid: int, text: str) -> None:
    refresh_article(lib, aid, ArticleContent(blocks_from_text(text), title="Ferry"))


def test_origin_is_kept_by_pieces_and_merges_are_manual_unless_all_suggested(lib):
    aid = add(lib)
    lib.paint(aid, 0, 20, "filler", origin="suggested")
    lib.paint(aid, 20, 30, "filler", origin="suggested")  # touching, same label: merged, still suggested
    (h,) = lib.highlights(aid)
    assert (h.start, h.end, h.origin) == (0, 30, "suggested")
    lib.paint(aid, 10, 15, "fact")  # a fact inside: the two filler pieces keep the origin
    assert [(x.label, x.origin) for x in lib.highlights(aid)] == [
        ("filler", "suggested"), ("fact", "manual"), ("filler", "suggested")
    ]  # fmt: skip
    lib.paint(aid, 25, 40, "filler")  # manual paint merging with a suggested highlight
    assert lib.highlights(aid)[-1].origin == "manual"
    with pytest.raises(InputError, match="origin 'guessed'"):
        lib.paint(aid, 50, 55, "fact", origin="guessed")


def test_orphans_are_not_painted_over_and_do_not_count(lib):
    aid = add(lib)
    s, e = span(TEXT, "Residents had asked for later sailings")
    lib.paint(aid, s, e, "filler", note="stock")
    revise(lib, aid, TEXT.replace("Residents had asked for later sailings on weekends for years.", "Done."))
    assert lib.highlights(aid, orphans=False) == []  # only highlights placed in the current text
    (orphan,) = lib.highlights(aid, orphans=True)
    assert orphan.anchor_status == "orphaned"
    lib.paint(aid, 0, len(lib.get_article(aid).text), "fact")  # the whole new text
    lib.erase(aid, 0, 5)
    assert lib.get_highlight(orphan.id) == orphan  # untouched: its offsets are into version 1
    assert lib.stats(aid).per_label["filler"].highlights == 0
    assert [h.id for h in lib.attention(aid)] == [orphan.id]


def test_confirm_a_fuzzy_highlight_and_undo_it(lib):
    aid = add(lib)
    lib.paint(aid, *span(TEXT, "Ferries will leave every twenty minutes"), "fact")
    revise(lib, aid, TEXT.replace("every twenty minutes", "every fifteen minutes"))
    (fuzzy,) = lib.highlights(aid)
    assert fuzzy.anchor_status == "fuzzy" and fuzzy.exact == "Ferries will leave every fifteen minutes"
    change = lib.confirm(fuzzy.id)
    (done,) = lib.highlights(aid)
    assert (done.id, done.anchor_status, done.anchor_score) == (fuzzy.id, "exact", 1.0)
    assert lib.confirm(done.id).empty and lib.attention_counts() == {}
    lib.apply(change.inverted())
    assert lib.highlights(aid) == [fuzzy]


def test_reattach_merges_with_a_neighbour_of_its_label_and_undoes_exactly(lib):
    aid = add(lib)
    lib.paint(aid, *span(TEXT, "The harbour council met on Tuesday"), "fact", note="first")
    lib.paint(aid, *span(TEXT, "Residents had asked"), "fact", note="second")
    revise(lib, aid, TEXT.replace("Residents had asked", "People have been asking"))
    rows = lib.highlights(aid, orphans=True)
    orphan = next(h for h in rows if h.anchor_status == "orphaned")
    keep = next(h for h in rows if h.anchor_status == "exact")
    text = lib.get_article(aid).text
    change = lib.reattach(orphan.id, keep.end, text.index(" on the ferry"))  # touching the first: merged
    (merged,) = lib.highlights(aid)
    assert (merged.id, merged.start, merged.note) == (keep.id, keep.start, "first\nsecond")
    assert merged.exact == "The harbour council met on Tuesday to vote" and merged.anchor_status == "exact"
    lib.apply(change.inverted())
    assert lib.highlights(aid, orphans=True) == rows
    with pytest.raises(InputError, match="orphaned; select where it belongs"):
        lib.confirm(orphan.id)


def test_layers_keep_their_own_one_label_per_character(lib):
    aid = add(lib)
    theirs = Highlight(
        None, aid, "filler", 0, 40, TEXT[:40], "", TEXT[40:72], "", "t", "t", "exact", annotator="Ben",
        origin="imported", import_key="k1",
    )  # fmt: skip
    (stored,) = lib.add_highlights(aid, [theirs]).added
    lib.paint(aid, 10, 50, "fact")
    assert lib.highlights(aid, annotator="Ben") == [stored]
    assert [(h.start, h.end) for h in lib.highlights(aid)] == [(10, 50)]
    assert len(lib.highlights(aid, annotator=None)) == 2 and lib.annotators() == ["Ana", "Ben"]
    with pytest.raises(InputError, match="overlaps another of the same annotator"):
        lib.add_highlights(aid, [Highlight(None, aid, "fact", 30, 45, "x", "", "", annotator="Ben")])
    # undo of a paint made after someone else's import still restores exactly
    change = lib.erase(aid, 0, len(TEXT))
    lib.apply(change.inverted())
    assert [(h.start, h.end) for h in lib.highlights(aid)] == [(10, 50)]
    assert lib.highlights(aid, annotator="Ben") == [stored]


def test_annotator_name_rules(lib):
    aid = add(lib)
    lib.paint(aid, 0, 5, "fact")
    for bad in ("", "   ", "x" * 81, "nul\x00name"):
        with pytest.raises(InputError, match="1-80 printable characters"):
            lib.annotator = bad
    lib.annotator = "  Ana   María "
    assert lib.annotator == "Ana María"
    assert lib.highlights(aid, annotator="Ana María") == lib.highlights(aid)  # renaming moves nothing
    assert lib.highlights(aid, annotator="Ana") == []
