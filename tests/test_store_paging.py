"""The library list a page at a time (what the window's list loads as it scrolls), its tags, and a
library that opens without importing sqlite-utils."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.store import Library
from reader.store_search import SORTS


@pytest.fixture
def filled(db_path):
    """25 articles with varied titles, sites, lengths, tags, read/archived flags and paint."""
    with Library(db_path) as lib:
        for i in range(25):
            words = " ".join(f"word{j}" for j in range(5 + (i * 7) % 23))
            text = f"Report {i} says the harbour opened. {words}.\n\nOpinion {i} is that it was lovely."
            content = ArticleContent(
                blocks_from_text(text),
                title=f"{'ABCDE'[i % 5]} report {i}",
                site_name=None if i % 4 == 0 else f"Site {i % 3}",
                published=None if i % 3 == 0 else f"2024-0{1 + i % 9}-1{i % 10}",
            )
            art = lib.add_article(content, tags=[f"t{i % 4}"] + (["even"] if i % 2 == 0 else []))
            if i % 2:
                lib.paint(art.id, 0, art.text.index("opened.") + 7, "fact")
            if i % 3:
                start = art.text.index("Opinion")
                lib.paint(art.id, start, len(art.text), "filler")
            if i % 5 == 0:
                lib.update_article(art.id, archived=True)
            if i % 6 == 0:
                lib.update_article(art.id, read=True)
        yield lib


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize(
    "filters", [{}, {"archived": None}, {"archived": True}, {"read": False, "tag": "even"}]
)
def test_pages_join_up_to_the_whole_list(filled, sort, filters) -> None:
    whole = filled.list_articles(sort=sort, **filters)
    assert whole, "every filter lists something"
    for size in (1, 4, 7):
        pages = []
        for offset in range(0, len(whole) + size, size):
            pages += filled.list_articles(sort=sort, limit=size, offset=offset, **filters)
        assert pages == whole, (sort, filters, size)
    assert filled.list_articles(sort=sort, limit=0, **filters) == []
    assert filled.list_articles(sort=sort, offset=len(whole), **filters) == []


def test_a_page_has_the_same_counts_as_the_whole_list(filled) -> None:
    whole = {s.id: s for s in filled.list_articles(archived=None)}
    first = filled.list_articles(archived=None, limit=5)
    assert first and all(whole[s.id] == s for s in first)
    assert any(s.fact_words and s.filler_words for s in whole.values())


def test_tags_of_what_the_filters_list(filled) -> None:
    assert filled.list_tags(archived=None) == ["even", "t0", "t1", "t2", "t3"]
    inbox_tags = {t for s in filled.list_articles() for t in s.tags}
    assert filled.list_tags() == sorted(inbox_tags)
    assert filled.list_tags(tag="t1") == ["t1"]  # t1 articles are all odd-numbered
    assert filled.list_tags(query="nothing-matches-this") == []


def test_the_first_page_reads_only_covering_indexes(filled) -> None:
    for sort in SORTS:
        if sort == "density":  # ordering by density needs every row's totals
            continue
        seen: list[str] = []
        filled.conn.set_trace_callback(seen.append)
        filled.list_articles(sort=sort, limit=20)
        filled.conn.set_trace_callback(None)
        select = next(s for s in seen if s.lstrip().upper().startswith("WITH"))
        plan = [row[3] for row in filled.conn.execute("EXPLAIN QUERY PLAN " + select)]
        table_steps = [s for s in plan if s.startswith(("SCAN", "SEARCH")) and " USING " in s]
        assert any("COVERING INDEX articles_list" in s for s in table_steps), plan
        assert sum("COVERING INDEX highlights_totals" in s for s in table_steps) == 3, plan
        assert all("COVERING INDEX" in s for s in table_steps), plan  # never an article body or quote


def test_opening_an_existing_library_does_not_import_sqlite_utils(filled, db_path) -> None:
    code = (
        "import sys\n"
        "from reader.store import Library\n"
        f"lib = Library({str(db_path)!r})\n"
        "lib.list_articles(limit=10); lib.list_tags(); lib.stats()\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils imported'\n"
        "lib.db.table_names()  # sqlite-utils is still there when asked for\n"
        "assert 'sqlite_utils' in sys.modules\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
