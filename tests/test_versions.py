"""Refreshing a changed article over a real 127.0.0.1 server: versions kept, highlights re-anchored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from httpserver import TestServer

from reader.blocks import blocks_from_text
from reader.cli import cli
from reader.errors import InputError, NotFoundError
from reader.models import ArticleContent
from reader.paint import Highlight
from reader.store import Library
from reader.versions import get_version, list_versions, refresh_article, resolve_overlaps

pytest_plugins = ["conftest_http"]

PARAS = [
    "The river ferry between Altmoor and the east bank will run again from the first of June.",
    "The county bought two electric boats for 3.2 million euros, the transport office said on Monday.",
    "Each boat carries sixty passengers and twelve bicycles and needs four hours to charge.",
    "Many residents feel it is a truly wonderful moment for the whole valley and its future.",
    "Tickets will cost two euros for adults, and children under twelve travel free on weekdays.",
]
FACT_UNTOUCHED = "Each boat carries sixty passengers and twelve bicycles"
FACT_EDITED = "The county bought two electric boats for 3.2 million euros"
FILLER_DELETED = "Many residents feel it is a truly wonderful moment for the whole valley"
FACT_SHORT = "two euros for adults"


def page(paras: list[str], title: str = "Ferry returns to the river") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )


def revised() -> list[str]:
    new = list(PARAS)
    new[1] = new[1].replace("3.2 million euros", "3.4 million euros")  # an edit inside a quote
    del new[3]  # the filler sentence is gone
    new.insert(0, "Update: the timetable was published on Friday afternoon.")  # everything shifts
    return new


def sift(runner: CliRunner, db: Path, *args: str):
    return runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def test_refresh_over_http_keeps_the_old_version_and_reports_attention(
    http_server: TestServer, db_path: Path
) -> None:
    http_server.page("/ferry", page(PARAS))
    url = http_server.url("/ferry")
    runner = CliRunner()
    assert sift(runner, db_path, "add", url).exit_code == 0
    for label, quote in (
        ("fact", FACT_UNTOUCHED),
        ("fact", FACT_EDITED),
        ("filler", FILLER_DELETED),
        ("fact", FACT_SHORT),
    ):
        assert sift(runner, db_path, "highlight", "1", label, "--quote", quote).exit_code == 0
    res = sift(runner, db_path, "refresh", "1")
    assert res.exit_code == 0 and res.stdout.strip() == "unchanged (article 1, version 1)"

    http_server.page("/ferry", page(revised()))
    res = sift(runner, db_path, "refresh", "1")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip() == (
        "Article 1 changed: now version 2; highlights: 2 exact, 1 fuzzy, 1 orphaned; 2 need attention."
    )
    with Library(db_path) as lib:
        art = lib.get_article(1)
        assert "3.4 million euros" in art.text and "Update: the timetable" in art.text
        assert FILLER_DELETED not in {h.exact for h in lib.highlights(1, orphans=False)}
        by_quote = {h.exact: h for h in lib.highlights(1, orphans=True)}
        untouched = by_quote[FACT_UNTOUCHED]
        assert (untouched.anchor_status, untouched.anchor_score) == ("exact", 1.0)
        assert art.text[untouched.start : untouched.end] == FACT_UNTOUCHED
        short = by_quote[FACT_SHORT]
        assert short.anchor_status == "exact" and art.text[short.start : short.end] == FACT_SHORT
        edited = by_quote[FACT_EDITED.replace("3.2", "3.4")]  # quote and context re-taken from new text
        assert edited.anchor_status == "fuzzy" and 0.6 < edited.anchor_score < 1.0
        assert edited.prefix == art.text[max(0, edited.start - 32) : edited.start]
        orphan = by_quote[FILLER_DELETED]  # kept with its quote and note, offsets from version 1
        assert orphan.anchor_status == "orphaned" and orphan.anchor_score == 0.0
        assert FILLER_DELETED not in art.text
        assert [h.id for h in lib.attention(1)] == sorted([edited.id, orphan.id])
        assert lib.attention_counts() == {1: 2}
        # stats and the library list skip the orphan: only the three facts count
        st = lib.stats(1)
        assert st.filler_words == 0 and st.per_label["filler"].highlights == 0
        assert lib.list_articles()[0].filler_words == 0
        old = get_version(lib, 1, 1)
        assert FILLER_DELETED in old.text and not old.info.current
        assert old.text[orphan.start : orphan.end] == FILLER_DELETED  # its offsets point into v1
    versions = json.loads(sift(runner, db_path, "versions", "1", "--json").stdout)
    assert [(v["version"], v["current"]) for v in versions] == [(1, False), (2, True)]
    assert versions[0]["text_sha256"] != versions[1]["text_sha256"]
    assert FILLER_DELETED in sift(runner, db_path, "versions", "1", "--show", "1").stdout
    needing = sift(runner, db_path, "list", "--needs-attention", "--json")
    assert [i["id"] for i in json.loads(needing.stdout)] == [1]
    listed = sift(runner, db_path, "highlights", "1", "--attention").stdout
    assert "orphaned" in listed and "fuzzy 0." in listed and FACT_UNTOUCHED not in listed
    # a third fetch of the same page changes nothing
    assert sift(runner, db_path, "refresh", "1").stdout.startswith("unchanged (article 1, version 2)")
    assert len(http_server.seen("/ferry")) == 4


def test_reattach_an_orphan_by_quote_and_undo(http_server: TestServer, db_path: Path) -> None:
    http_server.page("/ferry", page(PARAS))
    runner = CliRunner()
    sift(runner, db_path, "add", http_server.url("/ferry"))
    hid = int(
        sift(runner, db_path, "highlight", "1", "filler", "--quote", FILLER_DELETED, "--note", "n").stdout
    )
    http_server.page("/ferry", page(revised()))
    sift(runner, db_path, "refresh", "1")
    with Library(db_path) as lib:
        before = lib.highlights(1, orphans=True)
        assert [h.anchor_status for h in before] == ["orphaned"]
    res = sift(runner, db_path, "reattach", str(hid), "--quote", "children under twelve travel free")
    assert res.exit_code == 0 and f"Highlight {hid} is now at" in res.stdout
    with Library(db_path) as lib:
        (h,) = lib.highlights(1)
        text = lib.get_article(1).text
        assert (h.id, h.label, h.note, h.anchor_status, h.anchor_score) == (hid, "filler", "n", "exact", 1.0)
        assert text[h.start : h.end] == h.exact == "children under twelve travel free"
        assert h.created_at == before[0].created_at
        assert lib.stats(1).per_label["filler"].words == 5
        # undo through the library puts the orphan back exactly as it was
        change = lib.reattach(hid, h.start, h.end + 12)
        lib.apply(change.inverted())
        assert lib.highlights(1, orphans=True) == [h]


def test_refresh_needs_an_address_or_a_source(db_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "note.txt"
    src.write_text("First line of a note.\n\nSecond line of the note.\n", encoding="utf-8")
    sift(runner, db_path, "add", str(src))
    res = runner.invoke(cli, ["--db", str(db_path), "refresh", "1"])
    assert res.exit_code == 1 and "has no web address; give the new copy with --from FILE" in res.stderr
    sift(runner, db_path, "highlight", "1", "fact", "--quote", "Second line")
    src.write_text("First line of a note, revised.\n\nSecond line of the note.\n", encoding="utf-8")
    res = sift(runner, db_path, "refresh", "1", "--from", str(src))
    assert "now version 2; highlights: 1 exact, 0 fuzzy, 0 orphaned; 0 need attention." in res.stdout
    res = runner.invoke(cli, ["--db", str(db_path), "versions", "1", "--show", "7"])
    assert res.exit_code == 1 and "Article 1 has no version 7" in res.stderr


@pytest.fixture
def lib(db_path: Path):
    with Library(db_path) as library:
        yield library


def add(lib: Library, text: str) -> int:
    return lib.add_article(ArticleContent(blocks_from_text(text), title="T"), url="https://e.org/x").id


def test_refresh_is_one_transaction_and_empty_content_changes_nothing(lib, db_path):
    aid = add(lib, "\n\n".join(PARAS))
    s = lib.get_article(aid).text.index(FACT_EDITED)
    lib.paint(aid, s, s + len(FACT_EDITED), "fact")
    before = (lib.get_article(aid), lib.highlights(aid))
    with pytest.raises(InputError, match="no text"):
        refresh_article(lib, aid, ArticleContent(blocks_from_text("   "), title="Empty"))
    assert (lib.get_article(aid), lib.highlights(aid)) == before
    with pytest.raises(NotFoundError):
        refresh_article(lib, 99, ArticleContent(blocks_from_text("x"), title="x"))
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM article_versions").fetchone() == (0,)
    conn.close()


def test_overlapping_results_orphan_the_less_certain_per_annotator():
    def row(hid, start, end, status, score, annotator=""):
        return Highlight(
            hid, 1, "fact", start, end, "x" * (end - start), "", "", "", "t", "t", status, score, annotator
        )

    rows = [
        row(1, 0, 10, "fuzzy", 0.8),
        row(2, 5, 15, "exact", 1.0),  # overlaps 1 and wins (exact)
        row(3, 14, 20, "fuzzy", 0.9),  # overlaps 2: orphaned
        row(4, 0, 20, "fuzzy", 0.7, "ana"),  # another annotator's layer: untouched
        row(5, 30, 40, "orphaned", 0.0),
    ]
    out = resolve_overlaps(rows)
    assert [(h.id, h.anchor_status, h.anchor_score) for h in out] == [
        (1, "orphaned", 0.0), (2, "exact", 1.0), (3, "orphaned", 0.0), (4, "fuzzy", 0.7), (5, "orphaned", 0.0)
    ]  # fmt: skip
    assert out[0].start == 0 and out[0].end == 10  # an orphan keeps its offsets


def test_versions_of_a_deleted_article_go_with_it(lib, db_path):
    aid = add(lib, "One two three.")
    refresh_article(lib, aid, ArticleContent(blocks_from_text("One two three four."), title="T"))
    assert [v.version for v in list_versions(lib, aid)] == [1, 2]
    lib.delete_article(aid)
    assert lib.conn.execute("SELECT count(*) FROM article_versions").fetchone() == (0,)
