"""W3C Web Annotation JSON and Markdown exports, checked against the store's own records."""

from __future__ import annotations

import io
import json

import pytest

from reader.blocks import blocks_from_text
from reader.export import export_json, export_markdown
from reader.export_md import escape, list_item
from reader.models import ArticleContent
from reader.store import Library

ANNO = "http://www.w3.org/ns/anno.jsonld"


def add_text(library: Library, text: str, title: str, url: str | None = None) -> int:
    return library.add_article(ArticleContent(blocks=blocks_from_text(text), title=title), url=url).id


def paint_quote(library: Library, aid: int, quote: str, label: str, note: str | None = None) -> None:
    text = library.get_article(aid).text
    s = text.index(quote)
    library.paint(aid, s, s + len(quote), label, note=note)


@pytest.fixture
def two_articles(library):
    a = add_text(
        library,
        "The council approved 12 new homes on Tuesday.\n\nIt is worth noting that change is coming.",
        "Council approves homes",
        url="https://news.example.org/homes",
    )
    b = add_text(library, "A *starred* claim: 3 > 2.\n\nIn conclusion, who knows.", "Notes [draft]")
    fact = "The council approved 12 new homes on Tuesday."
    paint_quote(library, a, fact, "fact", note="Checked the minutes.")
    paint_quote(library, a, "It is worth noting that change is coming.", "filler")
    paint_quote(library, b, "A *starred* claim: 3 > 2.", "fact")
    paint_quote(library, b, "In conclusion, who knows.", "filler", note="stock phrase")
    return a, b


def export_json_data(library: Library, **kw) -> tuple[int, dict]:
    out = io.StringIO()
    n = export_json(library, out, **kw)
    return n, json.loads(out.getvalue())


def test_json_is_an_annotation_collection_with_one_annotation_per_highlight(library, two_articles):
    a, b = two_articles
    n, data = export_json_data(library)
    assert n == 4
    assert data["@context"] == ANNO and data["type"] == "AnnotationCollection" and data["total"] == 4
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    items = page["items"]
    highlights = {h.id: h for h in library.highlights()}
    assert [item["sift:highlightId"] for item in items] == [h.id for h in library.highlights(a)] + [
        h.id for h in library.highlights(b)
    ]
    for item in items:
        h = highlights[item["sift:highlightId"]]
        article = library.get_article(h.article_id)
        assert item["@context"] == ANNO and item["type"] == "Annotation"
        assert item["id"] == f"urn:sift:highlight:{h.id}"
        assert item["created"] == h.created_at and item["modified"] == h.updated_at
        assert item["body"][0] == {"type": "TextualBody", "purpose": "classifying", "value": h.label}
        if h.note:
            assert item["body"][1]["purpose"] == "commenting" and item["body"][1]["value"] == h.note
        else:
            assert len(item["body"]) == 1
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == h.exact
        assert quote.get("prefix", "") == h.prefix and quote.get("suffix", "") == h.suffix
        assert position == {"type": "TextPositionSelector", "start": h.start, "end": h.end}
        assert article.text[position["start"] : position["end"]] == quote["exact"]
        assert item["sift:articleTitle"] == article.title and item["sift:anchorStatus"] == "exact"
    assert items[0]["target"]["source"] == "https://news.example.org/homes"
    assert items[2]["target"]["source"] == f"urn:sift:article:{b}"  # no URL: a Sift URN


def test_json_filters_and_empty_export(library, two_articles):
    a, _ = two_articles
    n, data = export_json_data(library, article_id=a, label="filler")
    assert n == 1 and data["total"] == 1 and data["id"].endswith(f"article:{a}:label:filler")
    assert data["first"]["items"][0]["body"][0]["value"] == "filler"
    library.erase(a, 0, len(library.get_article(a).text))
    n, data = export_json_data(library, article_id=a)
    assert n == 0 and data["first"]["items"] == [] and data["total"] == 0


def test_markdown_lists_facts_then_filler_per_article(library, two_articles):
    a, _ = two_articles
    library.add_label("quote")
    paint_quote(library, a, "Tuesday", "quote")
    out = io.StringIO()
    assert export_markdown(library, out) == 6  # "Tuesday" split the fact in two
    md = out.getvalue()
    assert md.startswith("# Sift highlights\n")
    first, second = md.split("\n## ")[1:]
    assert first.startswith("Council approves homes\n")
    assert "<https://news.example.org/homes>" in first
    stats = library.stats(a)
    assert f"Fact density: {stats.fact_density:.0%}" in first
    assert first.index("### Facts (2)") < first.index("### Filler (1)") < first.index("### quote (1)")
    assert "- The council approved 12 new homes on\n" in first
    assert "- Tuesday\n" in first
    assert "  - Note: Checked the minutes." in first
    assert second.startswith("Notes \\[draft\\]\n")
    assert "No link (added from a file)." in second
    assert "- A \\*starred\\* claim: 3 \\> 2." in second  # Markdown punctuation escaped


def test_markdown_single_article_without_highlights(library):
    aid = add_text(library, "Nothing marked here.", "Quiet one")
    out = io.StringIO()
    assert export_markdown(library, out, article_id=aid) == 0
    md = out.getvalue()
    assert "## Quiet one" in md and "No highlights." in md and "Fact density: none yet" in md


def test_markdown_escaping_and_block_breaks():
    assert escape("# not a heading") == "\\# not a heading"
    assert escape("1. not a list") == "1\\. not a list"
    assert escape("a_b*c") == "a\\_b\\*c"
    assert list_item("first block\nsecond block", None) == "- first block\\\n  second block"
    assert list_item("x", "a\nnote") == "- x\n  - Note: a note"


def test_json_names_the_annotator_origin_score_and_embeds_the_articles(library, two_articles):
    a, b = two_articles
    library.annotator = "Ines"
    text = library.get_article(b).text
    s = text.index("In conclusion")
    library.erase(b, s, len(text))
    library.paint(b, s, len(text), "filler", origin="suggested")  # an accepted suggestion
    n, data = export_json_data(library)
    items = data["first"]["items"]
    assert {x["creator"]["name"] for x in items} == {"Ines"}
    assert {x["creator"]["type"] for x in items} == {"Person"}
    assert [x["sift:origin"] for x in items] == ["manual", "manual", "manual", "suggested"]
    assert {x["sift:anchorScore"] for x in items} == {1.0}
    assert {x["sift:textSha256"] for x in items} == {
        library.get_article(a).text_sha256,
        library.get_article(b).text_sha256,
    }
    assert data["sift:labels"][:2] == [
        {"name": "fact", "color": "#7ccf8a"},
        {"name": "filler", "color": "#f2b36b"},
    ]
    arts = data["sift:articles"]
    assert [x["sift:articleId"] for x in arts] == [a, b]
    from reader.blocks import Block, canonical_text

    for record in arts:
        article = library.get_article(record["sift:articleId"])
        blocks = [Block.from_dict(d) for d in record["blocks"]]
        assert canonical_text(blocks) == article.text and record["textSha256"] == article.text_sha256
        assert (record["url"], record["title"], record["version"]) == (article.url, article.title, 1)
    # only the articles that have highlights to export are embedded; or none at all on request
    _, one = export_json_data(library, article_id=b)
    assert [x["sift:articleId"] for x in one["sift:articles"]] == [b]
    _, slim = export_json_data(library, articles=False)
    assert "sift:articles" not in slim and slim["total"] == n


def test_markdown_digest_holds_only_your_own_highlights(library, two_articles):
    from reader.paint import Highlight

    a, _ = two_articles
    text = library.get_article(a).text
    s = text.index("It is worth")
    library.erase(a, s, len(text))
    other = Highlight(
        None, a, "fact", s, len(text), text[s:], text[s - 32 : s], "", "", "t", "t", "exact", annotator="Jo"
    )
    library.add_highlights(a, [other])
    out = io.StringIO()
    assert export_markdown(library, out, article_id=a) == 1
    assert "It is worth noting" not in out.getvalue()
