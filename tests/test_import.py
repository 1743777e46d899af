"""Importing Sift's JSON and CSV exports: round trip, no duplicates, annotators' layers, agreement."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.blocks import Block, blocks_from_text
from reader.cli import cli
from reader.errors import InputError
from reader.exchange import import_file
from reader.export import export
from reader.models import ArticleContent
from reader.store import Library
from reader.versions import refresh_article

FERRY = [
    "The river ferry between Altmoor and the east bank will run again from the first of June.",
    "The county bought two electric boats for 3.2 million euros, the transport office said on Monday.",
    "Many residents feel it is a truly wonderful moment for the whole valley and its future.",
    "Tickets will cost two euros for adults; =SUM(A1) is not a formula here.",
]
NOTES = "Bring a coat.\n\nThe library opens at nine and closes at six, except on Sundays."
WORDS = "one two three four five six seven eight nine ten"


def content(paras: list[str], title: str = "Ferry returns") -> ArticleContent:
    return ArticleContent([Block("paragraph", p) for p in paras], title=title, site_name="Valley News")


def paint(lib: Library, aid: int, quote: str, label: str, **kw) -> None:
    text = lib.get_article(aid).text
    s = text.index(quote)
    lib.paint(aid, s, s + len(quote), label, **kw)


def export_text(lib: Library, fmt: str = "json", **kw) -> str:
    out = io.StringIO(newline="")
    export(lib, out, fmt, **kw)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: str) -> Path:
    path = tmp_path / name
    path.write_text(data, encoding="utf-8", newline="")
    return path


def comparable(doc: dict) -> list[dict]:
    """The annotations of an export without the ids that differ between libraries."""
    out = []
    for ann in doc["first"]["items"]:
        a = {k: v for k, v in ann.items() if k not in ("id", "sift:highlightId", "sift:articleId")}
        if a["target"]["source"].startswith("urn:sift:article:"):
            a["target"] = {**a["target"], "source": "(no url)"}
        out.append(a)
    return out


@pytest.fixture
def source(tmp_path: Path):
    """Ana's library: two articles (one from a file), labels, notes, every status and origin."""
    with Library(tmp_path / "ana.db") as lib:
        lib.annotator = "Ana Ruiz"
        lib.add_label("question", color="#123abc")
        ferry = lib.add_article(content(FERRY), url="https://news.example/ferry").id
        notes = lib.add_article(ArticleContent(blocks_from_text(NOTES), title="Notes")).id
        paint(
            lib,
            ferry,
            "The county bought two electric boats for 3.2 million euros",
            "fact",
            note="budget p. 4",
        )
        paint(lib, ferry, "Many residents feel it is a truly wonderful moment", "filler", origin="suggested")
        paint(lib, ferry, "=SUM(A1) is not a formula", "question", note="-odd\nline")
        paint(lib, ferry, "The river ferry between Altmoor", "fact")
        paint(lib, notes, "The library opens at nine", "fact")
        revised = list(FERRY)
        revised[1] = revised[1].replace("3.2 million", "3.4 million")
        del revised[2]
        result = refresh_article(lib, ferry, content(revised))
        assert (result.exact, result.fuzzy, result.orphaned) == (2, 1, 1)
        yield lib


def test_json_round_trip_into_an_empty_library_gives_the_same_annotations(source, tmp_path):
    first = export_text(source)
    path = write(tmp_path, "ana.json", first)
    with Library(tmp_path / "bea.db") as lib:
        lib.annotator = "Bea"
        result = import_file(lib, path)
        assert (result.added, result.skipped, result.unmatched) == (5, 0, 0)
        assert (result.exact, result.fuzzy, result.orphaned) == (3, 1, 1)
        assert len(result.articles_added) == 2 and result.labels_added == ["question"]
        assert lib.get_label("question").color == "#123abc"
        second = export_text(lib)
        theirs = lib.highlights(annotator="Ana Ruiz", orphans=True)
        assert len(theirs) == 5 and lib.highlights() == []  # Ana's layer, not Bea's own
        assert {h.import_key is not None for h in theirs} == {True}
    a, b = json.loads(first), json.loads(second)
    assert comparable(a) == comparable(b)
    # spelled out: what must survive the trip
    got = [
        (x["body"][0]["value"], x["target"]["selector"][1]["start"], x["target"]["selector"][0]["exact"],
         x["creator"]["name"], x["created"], x["modified"], x["sift:anchorStatus"], x["sift:anchorScore"],
         x["sift:origin"])
        for x in b["first"]["items"]
    ]  # fmt: skip
    want = [
        (h.label, h.start, h.exact, "Ana Ruiz", h.created_at, h.updated_at, h.anchor_status, h.anchor_score,
         h.origin)
        for h in source.highlights(orphans=True)
    ]  # fmt: skip
    assert got == want
    assert {x["sift:anchorStatus"] for x in b["first"]["items"]} == {"exact", "fuzzy", "orphaned"}
    strip = ("id", "sift:articleId", "version")
    assert [{k: v for k, v in x.items() if k not in strip} for x in a["sift:articles"]] == [
        {k: v for k, v in x.items() if k not in strip} for x in b["sift:articles"]
    ]


def test_a_second_import_never_duplicates_json_or_csv(source, tmp_path):
    js = write(tmp_path, "ana.json", export_text(source))
    cs = write(tmp_path, "ana.csv", export_text(source, "csv"))
    with Library(tmp_path / "bea.db") as lib:
        assert import_file(lib, js).added == 5
        again = import_file(lib, js)
        assert (again.added, again.skipped) == (0, 5)
        as_csv = import_file(lib, cs)  # the same highlights exported as CSV are recognised too
        assert (as_csv.added, as_csv.skipped, as_csv.unmatched) == (0, 5, 0)
        assert len(lib.highlights(annotator=None, orphans=True)) == 5
    # importing your own export back into your own library changes nothing either
    before = source.highlights(annotator=None, orphans=True)
    result = import_file(source, js)
    assert (result.added, result.skipped) == (0, 5)
    assert source.highlights(annotator=None, orphans=True) == before


def test_csv_import_reanchors_on_a_changed_copy_and_keeps_guarded_cells(source, tmp_path):
    path = write(tmp_path, "ana.csv", export_text(source, "csv", article_id=1))
    with Library(tmp_path / "cai.db") as lib:
        lib.annotator = "Cai"
        changed = list(FERRY)  # Cai's copy of the article: an older text, one more paragraph on top
        changed.insert(0, "Breaking: the council has confirmed the date.")
        aid = lib.add_article(content(changed), url="https://news.example/ferry").id
        result = import_file(lib, path)
        assert result.unmatched == 0 and result.added == 4 and result.articles_added == []
        hs = {h.label: h for h in lib.highlights(aid, annotator="Ana Ruiz")}
        text = lib.get_article(aid).text
        q = hs["question"]
        assert q.exact == "=SUM(A1) is not a formula" == text[q.start : q.end]  # the guard was undone
        assert q.note == "-odd\nline" and q.anchor_status == "exact"
        fact = lib.highlights(aid, annotator="Ana Ruiz", label="fact")
        assert [text[h.start : h.end] for h in fact if h.anchor_status != "orphaned"] == [
            "The river ferry between Altmoor",
            "The county bought two electric boats for 3.2 million euros",  # found again, slightly changed
        ]
        # Ana's filler is orphaned in her library; Cai's copy still has the sentence: found again
        filler = lib.highlights(aid, annotator="Ana Ruiz", label="filler", orphans=True)[0]
        assert text[filler.start : filler.end] == "Many residents feel it is a truly wonderful moment"
        assert filler.origin == "suggested"


def test_unknown_annotator_and_unmatched_articles(source, tmp_path):
    # a CSV whose annotator column is missing (renamed away, as in an export from before issue 6)
    old = write(tmp_path, "old.csv", export_text(source, "csv").replace(",annotator,", ",someone,", 1))
    with Library(tmp_path / "dan.db") as lib:
        with pytest.raises(InputError, match="does not say who made"):
            import_file(lib, old)
        assert lib.highlights(annotator=None) == []
        result = import_file(lib, old, annotator="Ana")  # no article to match in an empty library
        assert (result.added, result.unmatched) == (0, 5) and lib.article_count() == 0
    no_text = write(tmp_path, "slim.json", export_text(source, articles=False))
    assert '"sift:articles"' not in no_text.read_text("utf-8")
    with Library(tmp_path / "eve.db") as lib:
        assert import_file(lib, no_text).unmatched == 5


def test_layers_are_separate_and_conflicts_are_kept_as_orphans(source, tmp_path):
    path = write(tmp_path, "ana.json", export_text(source, article_id=1))
    with Library(tmp_path / "fay.db") as lib:
        lib.annotator = "Fay"
        import_file(lib, path)
        aid = lib.find_article(url="https://news.example/ferry").id
        text = lib.get_article(aid).text
        theirs = lib.highlights(aid, annotator="Ana Ruiz", orphans=True)
        # Fay paints the whole article: Ana's highlights are another layer and stay as they were
        lib.paint(aid, 0, len(text), "filler")
        assert lib.highlights(aid, annotator="Ana Ruiz", orphans=True) == theirs
        assert [(h.start, h.end) for h in lib.highlights(aid)] == [(0, len(text))]
        assert lib.annotators(aid) == ["Fay", "Ana Ruiz"]
        assert lib.stats(aid).filler_words == lib.get_article(aid).word_count
        with pytest.raises(InputError, match="choose a name of your own"):
            lib.annotator = "Ana Ruiz"
    # Fay's own export read back as Fay's: it overlaps her full-article highlight -> kept, orphaned
    with Library(tmp_path / "fay.db") as lib:
        mine = write(tmp_path, "mine.json", export_text(lib, article_id=aid))
        paint_over = lib.highlights(aid)
        lib.erase(aid, 0, 10)
        result = import_file(lib, mine)
        assert result.skipped == 4 and result.added == 1 and result.conflicts == 1
        (orphan,) = [h for h in lib.highlights(aid, orphans=True) if h.anchor_status == "orphaned"]
        assert (orphan.start, orphan.end) == (paint_over[0].start, paint_over[0].end)


def sift(runner: CliRunner, db: Path, *args: str):
    return runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def paint_words(runner: CliRunner, db: Path, first: int, last: int, label: str) -> None:
    words = WORDS.split()
    quote = " ".join(words[first - 1 : last])
    assert sift(runner, db, "highlight", "1", label, "--quote", quote).exit_code == 0


def test_agreement_between_two_annotators_through_the_cli(tmp_path):
    runner = CliRunner()
    src = write(tmp_path, "words.txt", WORDS + "\n")
    ana, ben = tmp_path / "ana.db", tmp_path / "ben.db"
    for db, name in ((ana, "ana"), (ben, "ben")):
        with Library(db) as lib:
            lib.annotator = name
        assert sift(runner, db, "add", str(src)).exit_code == 0
    paint_words(runner, ana, 1, 4, "fact")  # ana: F F F F L L L N N N
    paint_words(runner, ana, 5, 7, "filler")
    paint_words(runner, ben, 1, 3, "fact")  # ben: F F F L L L L L N N
    paint_words(runner, ben, 4, 8, "filler")
    out = tmp_path / "ben.json"
    assert sift(runner, ben, "export", "--format", "json", "-o", str(out)).exit_code == 0
    res = sift(runner, ana, "import", str(out))
    assert res.stdout.startswith("Imported 2 highlight(s) (2 exact, 0 fuzzy, 0 orphaned)")
    data = json.loads(sift(runner, ana, "agreement", "1", "--between", "ana", "ben", "--json").stdout)
    # po = 8/10; pe = (4*3 + 3*5 + 3*2) / 100 = 0.33; kappa = (0.8 - 0.33) / (1 - 0.33)
    assert data["words"] == 10 and data["observed"] == pytest.approx(0.8)
    assert data["kappa"] == pytest.approx(0.47 / 0.67)
    # fact vs rest: po = 0.9, pe = 0.4*0.3 + 0.6*0.7 = 0.54 -> 0.36 / 0.46
    assert data["per_label"]["fact"]["kappa"] == pytest.approx(0.36 / 0.46)
    assert [(d["label_a"], d["label_b"], d["text"]) for d in data["disagreements"]] == [
        ("fact", "filler", "four"),
        ("none", "filler", "eight"),
    ]
    text = sift(runner, ana, "agreement", "1", "--between", "ana", "ben").stdout
    assert "Cohen's kappa: 0.701" in text and "Observed agreement: 80.0%" in text
    assert "Disagreements (2):" in text
    res = runner.invoke(cli, ["--db", str(ana), "agreement", "1", "--between", "ana", "cy"])
    assert (
        res.exit_code == 1 and "no highlights by 'cy' in article 1; annotators there: ana, ben" in res.stderr
    )
