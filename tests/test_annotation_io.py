"""Reading Sift's own exports back: real exports from a real library, plus malformed files."""

from __future__ import annotations

import io
import json

import pytest

from reader.annotation_io import (
    parse_annotations,
    parse_csv,
    parse_exchange,
    parse_json,
    read_annotations,
    unguard,
)
from reader.blocks import Block
from reader.errors import InputError
from reader.export import export_csv, export_json
from reader.models import ArticleContent
from reader.store import Library

TEXT = [
    "Harbour council approves the new ferry timetable.",
    "=SUM(A1) is what a spreadsheet would run; +44 is a phone prefix, -3 a temperature, @home a handle.",
    "Officials said the change was long overdue, which is what officials always say.",
]


@pytest.fixture()
def library(tmp_path):
    lib = Library(tmp_path / "lib.db")
    art = lib.add_article(
        ArticleContent([Block("paragraph", t) for t in TEXT], title="=Ferry news"),
        url="https://example.org/ferry",
    )
    text = art.text
    lib.paint(art.id, 0, text.index(" approves"), "fact", note='checked, "quoted"\nsecond line')
    s = text.index("=SUM")
    lib.paint(art.id, s, s + len("=SUM(A1)"), "filler", note="-minus note")
    s = text.index("+44")
    lib.paint(art.id, s, text.index(", -3"), "fact")
    s = text.index("which is")
    lib.paint(art.id, s, len(text) - 1, "filler")
    yield lib, art
    lib.close()


def test_csv_export_reads_back_identically_with_the_formula_guard(library):
    lib, art = library
    out = io.StringIO(newline="")
    assert export_csv(lib, out, excel=True) == 4
    assert "'=SUM(A1)" in out.getvalue()  # the guard really was applied
    records = parse_annotations(out.getvalue(), name="x.csv")
    hs = lib.highlights(art.id)
    assert [(r.label, r.start, r.end, r.exact, r.prefix, r.suffix, r.note) for r in records] == [
        (h.label, h.start, h.end, h.exact, h.prefix, h.suffix, h.note) for h in hs
    ]
    assert {r.article_url for r in records} == {"https://example.org/ferry"}
    assert {r.article_title for r in records} == {"=Ferry news"}
    assert [r.highlight_id for r in records] == [h.id for h in hs]
    assert all(r.article_id == art.id and r.anchor_status == "exact" for r in records)
    assert [r.created_at for r in records] == [h.created_at for h in hs]


def test_csv_without_guard_reads_back_identically(library):
    lib, art = library
    out = io.StringIO(newline="")
    export_csv(lib, out, formula_guard=False)
    records = parse_csv(out.getvalue())
    assert [(r.exact, r.note) for r in records] == [(h.exact, h.note) for h in lib.highlights(art.id)]


def test_json_export_reads_back_identically(library, tmp_path):
    lib, art = library
    path = tmp_path / "out.json"
    with path.open("w", encoding="utf-8") as f:
        export_json(lib, f)
    records = read_annotations(path)
    hs = lib.highlights(art.id)
    assert [
        (r.label, r.start, r.end, r.exact, r.prefix, r.suffix, r.note, r.highlight_id) for r in records
    ] == [(h.label, h.start, h.end, h.exact, h.prefix, h.suffix, h.note, h.id) for h in hs]
    assert {(r.article_url, r.article_title, r.article_id) for r in records} == {
        ("https://example.org/ferry", "=Ferry news", art.id)
    }
    assert [r.updated_at for r in records] == [h.updated_at for h in hs]


def test_json_optional_fields_creator_hash_and_urn_source():
    ann = {
        "type": "Annotation",
        "id": "urn:sift:highlight:9",
        "creator": {"type": "Person", "name": "Ines"},
        "sift:textSha256": "ab" * 32,
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
        "target": {
            "source": "urn:sift:article:12",
            "selector": {"type": "TextQuoteSelector", "exact": "long overdue"},
        },
    }
    (r,) = parse_json(json.dumps([ann]))
    assert (r.label, r.exact, r.start, r.end, r.prefix, r.note) == (
        "claim",
        "long overdue",
        None,
        None,
        "",
        "",
    )
    assert (r.annotator, r.text_sha256, r.article_url, r.article_id, r.highlight_id) == (
        "Ines",
        "ab" * 32,
        None,
        12,
        9,
    )
    ann["creator"] = "Noor"
    assert parse_json(json.dumps(ann))[0].annotator == "Noor"


def test_csv_extra_columns_annotator_and_reordered_header():
    text = "exact,label,annotator,start,end,whatever\r\nlong overdue,fact,Ines,3,15,x\r\n"
    (r,) = parse_csv(text)
    assert (r.exact, r.label, r.annotator, r.start, r.end, r.prefix) == (
        "long overdue",
        "fact",
        "Ines",
        3,
        15,
        "",
    )


def test_unguard_only_strips_the_guard():
    assert unguard("'=SUM(A1)") == "=SUM(A1)"
    assert unguard("'+44") == "+44"
    assert unguard("'-3") == "-3"
    assert unguard("'@home") == "@home"
    assert unguard("'\tx") == "\tx"
    assert unguard("'\rx") == "\rx"
    assert unguard("'tis the season") == "'tis the season"
    assert unguard("''=x") == "''=x"
    assert unguard("=x") == "=x"
    assert unguard("") == ""


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("", "is empty"),
        ("   \n", "is empty"),
        ("{not json", "is not valid JSON"),
        ('{"type": "Something"}', "not a W3C Web Annotation export"),
        ("[1, 2]", "item 1 is not a W3C Annotation"),
        ('{"type": "AnnotationCollection", "first": "urn:x:page:1", "total": 3}', "does not embed"),
        ('[{"type": "Annotation", "target": {"selector": []}}]', "has no label"),
        (
            '[{"type": "Annotation", "body": {"purpose": "classifying", "value": "fact"}, "target": "https://x"}]',
            "exactly one target with selectors",
        ),
        (
            '[{"type": "Annotation", "body": {"purpose": "classifying", "value": "fact"},'
            ' "target": {"selector": [{"type": "TextQuoteSelector", "exact": "a"},'
            ' {"type": "TextPositionSelector", "start": "x", "end": 2}]}}]',
            "is not a whole number",
        ),
        ("name,colour\r\nfact,green\r\n", "lacks the column(s) label, exact"),
        ("label,exact,start\r\nfact,some words\r\n", "line 2 has 2 fields but the header has 3"),
        ("label,exact,start\r\nfact,some words,ten\r\n", "line 2: start 'ten' is not a whole number"),
        ("label,exact\r\n,some words\r\n", "line 2 has no label"),
        ("label,exact\r\nfact,\r\n", "line 2 has no quoted text"),
        ('label,exact\r\nfact,"unterminated\r\n', "not valid CSV"),
    ],
)
def test_malformed_files_give_one_clear_sentence(content, phrase):
    with pytest.raises(InputError) as info:
        parse_annotations(content, name="in.x")
    message = str(info.value)
    assert phrase in message
    assert message.startswith("in.x") and message.endswith(".")


def test_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="Could not read"):
        read_annotations(tmp_path / "missing.csv")
    bad = tmp_path / "latin.csv"
    bad.write_bytes("label,exact\r\nfact,caf\xe9\r\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8"):
        read_annotations(bad)


def test_blank_lines_and_empty_collection_are_fine():
    assert parse_csv("label,exact\r\n\r\nfact,x\r\n\r\n")[0].exact == "x"
    empty = '{"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": []}, "total": 0}'
    assert parse_json(empty) == []


def test_exchange_reads_scores_origins_articles_and_labels(library, tmp_path):
    from reader.annotation_io import read_exchange

    lib, art = library
    lib.annotator = "Lena"
    path = tmp_path / "out.json"
    with path.open("w", encoding="utf-8") as f:
        export_json(lib, f)
    ex = read_exchange(path)
    assert [(r.annotator, r.origin, r.anchor_score) for r in ex.records] == [("Lena", "manual", 1.0)] * 4
    assert {r.text_sha256 for r in ex.records} == {art.text_sha256}
    (record,) = ex.articles
    assert record.article_id == art.id and record.url == "https://example.org/ferry"
    assert [b.text for b in record.blocks] == TEXT and record.text_sha256 == art.text_sha256
    assert ex.labels == {"fact": "#7ccf8a", "filler": "#f2b36b"}
    out = io.StringIO(newline="")
    export_csv(lib, out)
    csv_ex = parse_exchange(out.getvalue())
    assert [(r.annotator, r.origin, r.anchor_score) for r in csv_ex.records] == [("Lena", "manual", 1.0)] * 4
    assert csv_ex.articles == [] and csv_ex.labels == {}


def test_malformed_scores_and_embedded_articles_are_refused():
    item = {
        "type": "Annotation",
        "body": [{"purpose": "classifying", "value": "fact"}],
        "target": {"source": "https://e.org/a", "selector": [{"type": "TextQuoteSelector", "exact": "x"}]},
    }
    with pytest.raises(InputError, match=r"anchor score 1\.5 is not between 0 and 1"):
        parse_json(json.dumps({**item, "sift:anchorScore": 1.5}))
    with pytest.raises(InputError, match="anchor score 'high' is not a number"):
        parse_json(json.dumps({**item, "sift:anchorScore": "high"}))
    doc = {"type": "AnnotationCollection", "total": 1, "first": {"items": [item]}}
    with pytest.raises(InputError, match="embedded article 1 has no blocks"):
        parse_exchange(json.dumps({**doc, "sift:articles": [{"url": "https://e.org/a"}]}))
    with pytest.raises(InputError, match="embedded article 1 has malformed blocks"):
        parse_exchange(json.dumps({**doc, "sift:articles": [{"blocks": [{"text": "no kind"}]}]}))
    with pytest.raises(InputError, match="sift:articles is not a list"):
        parse_exchange(json.dumps({**doc, "sift:articles": {"a": 1}}))
    assert parse_exchange(json.dumps({**doc, "sift:labels": [{"name": 3}, "junk"]})).labels == {}
