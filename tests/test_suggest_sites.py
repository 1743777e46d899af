"""The Sites view's data on real library files: grouping, ranking, suggestion cache, CSV."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest

from reader.blocks import blocks_from_text
from reader.errors import InputError
from reader.models import ArticleContent
from reader.sentences import sentence_spans
from reader.sites import CSV_COLUMNS, UNKNOWN, site_of, site_rows, write_csv
from reader.store import Library
from reader.suggest_store import record_feedback, relearn

FACTUAL = "The mill closed in 1998 after 140 years, the owners said.\nIts 320 workers were moved to Leeds."
PADDED = (
    "The mill closed in 1998.\nIt is worth noting that change is never easy.\n"
    "Only time will tell what comes next.\nIn conclusion, the town faces a new chapter."
)


@pytest.mark.parametrize(
    ("url", "name", "expected"),
    [
        ("https://www.Example.com/a?b=1", "Example News", "example.com"),
        ("http://news.example.co.uk:8080/x", None, "news.example.co.uk"),
        (None, "  The  Daily  ", "The Daily"),
        ("", "", None),
        ("not a url", None, None),
        ("http://[::1/", "Broken", "Broken"),
    ],
)
def test_site_of(url, name, expected) -> None:
    assert site_of(url, name) == expected


def _add(lib: Library, text: str, url: str | None, name: str | None = None) -> int:
    blocks = blocks_from_text(text.replace("\n", "\n\n"))
    return lib.add_article(ArticleContent(blocks=blocks, site_name=name), url=url).id


def _paint_all(lib: Library, aid: int, labels: list[str]) -> None:
    text = lib.get_article(aid).text
    for (a, b), label in zip(sentence_spans(text), labels, strict=True):
        lib.paint(aid, a, b, label)


def test_ranked_by_fact_density_then_filler_per_article(db_path: Path) -> None:
    with Library(db_path) as lib:
        a1 = _add(lib, FACTUAL, "https://www.good.example/1", "Good Paper")
        a2 = _add(lib, PADDED, "https://good.example/2")
        b1 = _add(lib, PADDED, "https://padder.example/1", "Padder")
        c1 = _add(lib, FACTUAL.replace("mill", "mine"), "https://calm.example/1")
        _add(lib, FACTUAL, None, "Offline Notes")  # never judged
        _add(lib, PADDED, None)  # no source at all
        _paint_all(lib, a1, ["fact", "fact"])
        _paint_all(lib, a2, ["fact", "filler", "filler", "filler"])
        _paint_all(lib, b1, ["fact", "filler", "filler", "filler"])
        _paint_all(lib, c1, ["fact", "fact"])
        rows = site_rows(lib)
    by = {r.host: r for r in rows}
    good = by["good.example"]
    assert good.site == "Good Paper" and good.articles == 2 and good.judged_articles == 2
    fact_words = len(FACTUAL.replace("\n", " ").split()) + len(["The", "mill", "closed", "in", "1998."])
    assert good.fact_words == fact_words
    padded_density = 5 / (5 + sum(len(s.split()) for s in PADDED.split("\n")[1:]))
    assert good.average_fact_density == pytest.approx((1.0 + padded_density) / 2)
    assert good.filler_words_per_article == pytest.approx(good.filler_words / 2)
    # calm (density 1.0, no filler) ranks before good (1.0 and lower), then padder, then unjudged sources
    assert [r.host for r in rows][:3] == ["calm.example", "good.example", "padder.example"]
    assert {r.host for r in rows[3:]} == {"Offline Notes", UNKNOWN}
    assert by["Offline Notes"].average_fact_density is None and by["Offline Notes"].articles == 1


def test_suggestions_are_cached_per_text_and_model(db_path: Path) -> None:
    with Library(db_path) as lib:
        ids = [_add(lib, PADDED, "https://padder.example/1"), _add(lib, FACTUAL, "https://calm.example/1")]
        _add(lib, PADDED, "https://padder.example/2")  # same text as the first: judged once
        seen: list[tuple[int, int]] = []
        rows = site_rows(lib, source="suggestions", progress=lambda done, total: seen.append((done, total)))
        assert seen == [(0, 2), (1, 2)]
        assert lib.conn.execute("SELECT count(*) FROM suggest_cache").fetchone()[0] == 2
        by = {r.host: r for r in rows}
        assert by["padder.example"].judged_articles == 2 and by["padder.example"].filler_words > 10
        assert by["calm.example"].filler_words == 0
        seen.clear()
        assert [
            r.to_dict() for r in site_rows(lib, source="suggestions", progress=lambda *a: seen.append(a))
        ] == [r.to_dict() for r in rows]
        assert seen == []  # all cached
        record_feedback(lib, ids[1], 0, FACTUAL.index("\n"), "filler")  # a new model: judged again
        site_rows(lib, source="suggestions", progress=lambda *a: seen.append(a))
        assert len(seen) == 2
        seen.clear()
        record_feedback(lib, ids[1], 0, FACTUAL.index("\n"), "filler")  # a correction: figures stay
        site_rows(lib, source="suggestions", progress=lambda *a: seen.append(a))
        assert seen == []
        relearn(lib)  # a new generation: judged again
        site_rows(lib, source="suggestions", progress=lambda *a: seen.append(a))
        assert len(seen) == 2
        assert lib.conn.execute("SELECT count(DISTINCT model) FROM suggest_cache").fetchone()[0] == 1


def test_cancel_keeps_what_was_judged(db_path: Path) -> None:
    with Library(db_path) as lib:
        for i in range(4):
            _add(lib, PADDED + f"\nFiled {i}.", f"https://padder.example/{i}")
        cancel = threading.Event()

        def progress(done: int, total: int) -> None:
            if done == 2:
                cancel.set()

        rows = site_rows(lib, source="suggestions", progress=progress, cancel=cancel)
        assert rows[0].articles == 4 and rows[0].judged_articles == 2
        assert lib.conn.execute("SELECT count(*) FROM suggest_cache").fetchone()[0] == 2
        assert site_rows(lib, source="suggestions")[0].judged_articles == 4


def test_archived_articles_can_be_left_out(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _add(lib, FACTUAL, "https://calm.example/1")
        _paint_all(lib, aid, ["fact", "fact"])
        lib.update_article(aid, archived=True)
        assert site_rows(lib)[0].articles == 1
        assert site_rows(lib, include_archived=False) == []
        with pytest.raises(InputError):
            site_rows(lib, source="rumours")


def test_csv_guards_formulas_and_leaves_numbers(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _add(lib, FACTUAL, None, "=HYPERLINK(1)")
        _paint_all(lib, aid, ["fact", "filler"])
        out = io.StringIO()
        assert write_csv(site_rows(lib), out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][2:6] == ["1", "1", "11", "7"]
    assert rows[1][6] == f"{11 / 18:.4f}" and rows[1][7] == "7.00"
