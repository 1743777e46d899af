"""``sift suggest``, ``sift model`` and ``sift sites`` through click's CliRunner on real library files."""

from __future__ import annotations

import csv
import inspect
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.blocks import blocks_from_text
from reader.cli import SiftGroup, cli
from reader.cli_suggest import COMMANDS
from reader.models import ArticleContent
from reader.sentences import sentence_spans
from reader.store import Library

# the sift group as it is, plus these commands (reader/cli.py registers them the same way)
SIFT = SiftGroup(
    "sift",
    params=cli.params,
    callback=cli.callback,
    invoke_without_command=True,
    commands={**cli.commands, **{c.name: c for c in COMMANDS}},
)

PADDED = (
    "The Elsby council voted 7-2 on Tuesday to close the Harbour Road car park from 1 June.\n"
    "Councillor Ada Brenn said the site would become a bus interchange costing £3.1 million.\n"
    "In today's fast-paced world, it is more important than ever to embrace change.\n"
    "Only time will tell whether the decision will pay off.\n"
    "In conclusion, the vote marks a new chapter for the town and its residents."
)
PLAIN = (
    "Police said 14 people were arrested in Carrow on Saturday after a march.\n"
    "A spokesperson for the force said officers recovered two vehicles."
)


def sift(db: Path, *args: str):
    return CliRunner().invoke(SIFT, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def library(db_path: Path) -> Path:
    """Articles 1 (padded, elsby-post.example) and 2 (plain, carrow.example)."""
    with Library(db_path) as lib:
        for text, url, name in (
            (PADDED, "https://www.elsby-post.example/council", "Elsby Post"),
            (PLAIN, "https://carrow.example/arrests", None),
        ):
            content = ArticleContent(blocks=blocks_from_text(text.replace("\n", "\n\n")), site_name=name)
            lib.add_article(content, url=url)
    return db_path


def test_suggest_json_has_one_entry_per_sentence_with_offsets(library: Path) -> None:
    res = sift(library, "suggest", "1", "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert [(d["start"], d["end"]) for d in data] == sentence_spans(PADDED)
    assert {d["label"] for d in data} == {"fact", "filler"}
    for d in data:
        assert set(d) == {"start", "end", "label", "score", "reasons"} and d["reasons"]
        assert (d["label"] == "filler") == (d["score"] >= 0.62)
    conclusion = next(d for d in data if PADDED[d["start"] : d["end"]].startswith("In conclusion"))
    assert conclusion["label"] == "filler" and any("in conclusion" in r for r in conclusion["reasons"])


def test_suggest_text_table(library: Path) -> None:
    res = sift(library, "suggest", "1")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].split()[:4] == ["#", "LABEL", "SCORE", "SPAN"]
    assert len(lines) == 1 + len(sentence_spans(PADDED))


def test_apply_paints_confident_sentences_and_keeps_your_highlights(library: Path) -> None:
    first = PADDED.index("\n")
    with Library(library) as lib:
        lib.paint(1, 0, 10, "filler", note="my own")  # touches the first sentence only
    scores = {
        (d["start"], d["end"]): d["score"] for d in json.loads(sift(library, "suggest", "1", "--json").stdout)
    }
    res = sift(library, "suggest", "1", "--apply", "--min-score", "0.7")
    assert res.exit_code == 0, res.stderr
    with Library(library) as lib:
        painted = {(h.start, h.end): h for h in lib.highlights(1)}
        origins = "origin" in inspect.signature(lib.paint).parameters
    assert painted[(0, 10)].note == "my own" and painted[(0, 10)].label == "filler"
    assert not any(a == 0 and b == first for a, b in painted)  # skipped: it already had a highlight
    for span, score in scores.items():
        if span[0] == 0:
            continue
        if score >= 0.7:
            assert painted[span].label == "filler"
        elif score <= 0.3:
            assert painted[span].label == "fact"
        else:
            assert span not in painted
        if span in painted and origins:
            assert painted[span].origin == "suggested"
    filler = sum(1 for s, v in scores.items() if s[0] and v >= 0.7)
    fact = sum(1 for s, v in scores.items() if s[0] and v <= 0.3)
    assert f"Painted {filler} filler and {fact} fact sentences; skipped 1" in res.stdout


def test_apply_is_one_transaction(library: Path, monkeypatch) -> None:
    from reader import cli_suggest, suggest_apply

    calls = []
    real = Library.paint

    def failing(self, *args, **kw):
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk went away")
        return real(self, *args, **kw)

    monkeypatch.setattr(Library, "paint", failing)
    with Library(library) as lib, pytest.raises(OSError):
        article = lib.get_article(1)
        suggest_apply.apply_suggestions(lib, 1, cli_suggest._suggestions(lib, article), 0.5)
    monkeypatch.undo()
    with Library(library) as lib:
        assert lib.highlights(1) == []


def test_usage_errors(library: Path) -> None:
    assert sift(library, "suggest").exit_code == 2
    assert sift(library, "suggest", "1", "--min-score", "0.9").exit_code == 2
    assert sift(library, "suggest", "1", "--apply", "--min-score", "0.3").exit_code == 2
    res = sift(library, "suggest", "99")
    assert res.exit_code == 1 and res.stderr.startswith("sift: ")


def test_model_reset_relearn_show(library: Path) -> None:
    with Library(library) as lib:
        spans = sentence_spans(PADDED)
        for a, b in spans[2:]:
            lib.paint(1, a, b, "filler")
        lib.paint(1, *spans[0], "fact")
    res = sift(library, "model", "relearn")
    assert res.exit_code == 0 and "Learned from 4 sentences (4 from highlights" in res.stdout
    shown = json.loads(sift(library, "model", "show", "--json").stdout)
    assert shown["learned_from"] == 4 and shown["examples"]["highlight"] == 4
    assert set(shown["learners"]) == {"steady", "adaptive"}
    assert "Learned from 4 sentences" in sift(library, "model", "show").stdout
    res = sift(library, "model", "reset")
    assert res.exit_code == 0 and "back to the default" in res.stdout
    assert json.loads(sift(library, "model", "show", "--json").stdout)["learned_from"] == 0
    sift(library, "model", "relearn")
    res = sift(library, "suggest", "--reset-model")
    assert res.exit_code == 0 and "back to the default" in res.stdout
    assert json.loads(sift(library, "model", "show", "--json").stdout)["learned_from"] == 0


def test_sites_from_highlights_and_suggestions(library: Path) -> None:
    with Library(library) as lib:
        spans = sentence_spans(PLAIN)
        for a, b in spans:
            lib.paint(2, a, b, "fact")
        a, b = sentence_spans(PADDED)[-1]
        lib.paint(1, a, b, "filler")
    rows = json.loads(sift(library, "sites", "--json").stdout)
    assert [r["host"] for r in rows] == ["carrow.example", "elsby-post.example"]
    assert rows[0]["average_fact_density"] == 1.0 and rows[1]["average_fact_density"] == 0.0
    assert rows[1]["site"] == "Elsby Post" and rows[1]["filler_words_per_article"] == len(PADDED[a:b].split())
    out = sift(library, "sites", "--csv", "--source", "suggestions").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["host"] for r in table] == ["carrow.example", "elsby-post.example"]
    assert float(table[1]["filler_words_per_article"]) > 20
    text = sift(library, "sites").stdout
    assert text.splitlines()[0].split()[:3] == ["SITE", "ARTICLES", "JUDGED"] and "Elsby Post" in text
    assert sift(library, "sites", "--json", "--csv").exit_code == 2


def test_sites_on_an_empty_library(db_path: Path) -> None:
    res = sift(db_path, "sites")
    assert res.exit_code == 0 and res.stdout == "" and "empty" in res.stderr
    assert json.loads(sift(db_path, "sites", "--json").stdout) == []
