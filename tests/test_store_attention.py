"""Counting highlights that need attention per article: whole library, one page of ids, one layer."""

from __future__ import annotations

import pytest

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.paint import Highlight
from reader.store import Library
from reader.versions import refresh_article
from tests.test_store_layers import TEXT


@pytest.fixture
def ana(library: Library) -> Library:
    """A library whose local annotator is called Ana."""
    library.annotator = "Ana"
    return library


def add(lib: Library, title: str) -> int:
    return lib.add_article(
        ArticleContent(blocks_from_text(TEXT), title=title), url=f"https://e.org/{title}"
    ).id


def paint(lib: Library, aid: int, quote: str, label: str = "fact") -> None:
    s = TEXT.index(quote)
    lib.paint(aid, s, s + len(quote), label)


def test_counts_per_article_for_a_page_of_ids_and_per_layer(ana):
    lib = ana
    moved, calm, other = add(lib, "moved"), add(lib, "calm"), add(lib, "other")
    for aid in (moved, calm, other):
        paint(lib, aid, "Ferries will leave every twenty minutes")
        paint(lib, aid, "Residents had asked for later sailings", "filler")
    # someone else's highlight in `other`, which will be orphaned too
    quote = "Residents had asked for later sailings on weekends"
    s = TEXT.index(quote)
    theirs = Highlight(
        None, other, "fact", s, s + len(quote), quote, "", "", "", "t", "t", "exact", annotator="Ben",
        origin="imported", import_key="k1",
    )  # fmt: skip
    lib.add_highlights(other, [theirs])
    new = TEXT.replace("every twenty minutes", "every fifteen minutes").replace(
        "Residents had asked for later sailings on weekends for years.", "That is all."
    )
    refresh_article(lib, moved, ArticleContent(blocks_from_text(new), title="moved"))
    refresh_article(lib, other, ArticleContent(blocks_from_text(new), title="other"))

    assert lib.attention_counts() == {moved: 2, other: 3}  # everyone's: fuzzy + orphaned (+ Ben's orphan)
    assert lib.attention_counts([moved, calm]) == {moved: 2}  # only the ids asked about
    assert lib.attention_counts([calm]) == {} and lib.attention_counts([]) == {}
    assert lib.attention_counts([moved, calm, other], annotator="") == {moved: 2, other: 2}  # your own
    assert lib.attention_counts([other], annotator="Ana") == {other: 2}  # your name = your layer
    assert lib.attention_counts(annotator="Ben") == {other: 1}

    fuzzy = next(h for h in lib.highlights(moved) if h.anchor_status == "fuzzy")
    lib.confirm(fuzzy.id)
    assert lib.attention_counts([moved], annotator="") == {moved: 1}
    orphan = next(h for h in lib.highlights(moved) if h.anchor_status == "orphaned")
    lib.delete_highlight(orphan.id)
    assert lib.attention_counts([moved], annotator="") == {}


def test_a_page_of_counts_reads_only_the_covering_index(ana):
    """One page of the library list costs index lookups, never a scan of the highlights table."""
    ids = [add(ana, f"a{i}") for i in range(3)]
    seen: list[str] = []
    ana.conn.set_trace_callback(seen.append)  # statements with their parameters filled in
    ana.attention_counts(ids, annotator="")
    ana.conn.set_trace_callback(None)
    (sql,) = [s for s in seen if "FROM highlights" in s]
    plan = " | ".join(r[3] for r in ana.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "SEARCH highlights USING COVERING INDEX highlights_totals (article_id=? AND annotator=?)" in plan
    assert "SCAN highlights" not in plan


def test_the_needs_attention_filter_lists_your_articles_with_moved_or_lost_highlights(ana):
    lib = ana
    moved, calm, archived = add(lib, "moved"), add(lib, "calm"), add(lib, "archived")
    for aid in (moved, calm, archived):
        paint(lib, aid, "Ferries will leave every twenty minutes")
    new = TEXT.replace("every twenty minutes", "every fifteen minutes")
    for aid in (moved, archived):
        refresh_article(lib, aid, ArticleContent(blocks_from_text(new), title="x"))
    lib.update_article(archived, archived=True)
    lib.add_article(ArticleContent(blocks_from_text(TEXT), title="tagged"), tags=("boats",))

    listed = lib.list_articles(archived=None, needs_attention=True)
    assert sorted(s.id for s in listed) == sorted([moved, archived])
    assert [s.id for s in lib.list_articles(needs_attention=True)] == [moved]  # inbox only
    assert lib.list_tags(archived=None, needs_attention=True) == []
    fuzzy = next(h for h in lib.highlights(moved) if h.anchor_status == "fuzzy")
    lib.confirm(fuzzy.id)
    assert [s.id for s in lib.list_articles(archived=None, needs_attention=True)] == [archived]
