"""Tests for the general cleaning rules around the article finder (pre-cleaning and tidying)."""

from __future__ import annotations

import json

import lxml.html
import pytest

from reader.blocks import Block, Inline
from reader.extract import extract_html
from reader.extract_clean import boilerplate_name, preclean
from reader.extract_post import (
    drop_lead_meta,
    drop_tail_credits,
    drop_teaser_runs,
    is_interface_text,
    is_teaser_link,
    tidy_blocks,
)

LONG = "The council agreed on Tuesday to reopen the old swimming baths after a two-year repair programme."


def para(text: str, *inlines: Inline) -> Block:
    return Block("paragraph", text, inlines=tuple(inlines))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("share-bar", True),
        ("post-share-buttons", True),
        ("relatedPosts", True),
        ("comments-area", True),
        ("entry-meta", True),
        ("wp-caption-text", True),
        ("byline author", True),
        ("ad-slot top", True),
        ("has-image entry", False),  # a property of the container, not what it is
        ("no-sidebar layout", False),
        ("social-media-embed", False),  # an embedded post is quoted content
        ("shareholder-letter", False),  # whole words only
        ("address-block", False),
        ("article-body", False),
        ("", False),
    ],
)
def test_boilerplate_names(name: str, expected: bool) -> None:
    assert boilerplate_name(name) is expected


def _body_text(html: str) -> str:
    doc = preclean(lxml.html.document_fromstring(html))
    return " ".join(doc.text_content().split())


def test_preclean_drops_chrome_hidden_and_scripts() -> None:
    text = _body_text(
        "<html><body><nav>Menu words</nav><div class='share-tools'>Share on Tweeter</div>"
        "<article><p>Story words.</p><p hidden>hidden words</p><p style='display:none'>invisible words</p>"
        "<div role='complementary'>aside words</div></article><script>var s = 'script words';</script>"
        "<footer>Footer words</footer></body></html>"
    )
    assert text == "Story words."


def test_preclean_never_drops_the_main_text_whatever_its_name() -> None:
    body = "".join(f"<p>{LONG} Part {n}.</p>" for n in range(8))
    text = _body_text(
        f"<html><body><div class='sidebar-layout comments'>{body}</div><nav>n</nav></body></html>"
    )
    assert text.count("swimming baths") == 8


def test_preclean_keeps_content_after_misparsed_void_elements() -> None:
    text = _body_text("<html><body><div><embed src='x.swf'><p>after the embed</p></div></body></html>")
    assert text == "after the embed"


def test_embedded_tweets_survive_as_quotes() -> None:
    tweet = (
        "<div class='social-embed twitter'><blockquote class='twitter-tweet'><p>The baths are back! "
        "<a href='https://t.example/x'>pic</a></p>— Pool Fan (@poolfan) "
        "<a href='https://t.example/s'>May 1</a>"
        "</blockquote></div>"
    )
    body = f"<p>{LONG}</p>{tweet}<p>{LONG} Again.</p><p>{LONG} Once more.</p>"
    content = extract_html(f"<html><body><article>{body}</article></body></html>")
    quotes = [b.text for b in content.blocks if b.kind == "quote"]
    assert quotes and quotes[0].startswith("The baths are back!")


def test_interface_text() -> None:
    for text in (
        "Advertisement",
        "Share this on WhatsApp",
        "Tags: pools, council, repairs",
        "5 min read",
        "Loading...",
    ):
        assert is_interface_text(para(text)), text
    for text in (LONG, "Share prices fell sharply on Monday as investors worried about the baths."):
        assert not is_interface_text(para(text)), text


def test_teaser_links_but_not_spelled_out_addresses() -> None:
    link = Inline(0, 30, "link", "https://news.example/other")
    assert is_teaser_link(para("Council votes on new bike lanes", link))
    assert not is_teaser_link(
        para("https://example.org/report.pdf", Inline(0, 30, "link", "https://example.org/r"))
    )
    assert not is_teaser_link(para(LONG, Inline(0, 10, "link", "https://news.example/x")))


def test_related_label_and_its_teasers_are_dropped() -> None:
    blocks = [
        para(LONG),
        para("Related:"),
        para("Bike lanes vote delayed"),
        para("Pool prices rise"),
        para(LONG),
    ]
    assert [b.text for b in drop_teaser_runs(blocks)] == [LONG, LONG]
    # a heading that merely starts with "More" is not a label
    keep = [para(LONG), Block("heading", "More questions for the council", 2), para("Short one")]
    assert drop_teaser_runs(keep) == keep


def test_lead_headline_byline_and_date_are_dropped_before_the_body() -> None:
    blocks = [
        Block("heading", "Old baths to reopen", 1),
        para("By Sam Example and Jo Writer"),
        para("Updated 4:05 pm, March 3, 2021"),
        para(LONG),
        para("By the way, the baths were built in 1903."),
    ]
    out = drop_lead_meta(blocks, {"old baths to reopen"}, "Sam Example")
    assert [b.text for b in out] == [LONG, "By the way, the baths were built in 1903."]


def test_lead_rule_keeps_a_sentence_that_resembles_the_title() -> None:
    blocks = [para("The old baths will reopen in May."), para(LONG)]
    assert drop_lead_meta(blocks, {"old baths will reopen in may after repairs"}, None) == blocks


def test_closing_credits_are_dropped() -> None:
    blocks = [
        para(LONG),
        para("The pool opens at 7 a.m. on weekdays."),
        para("(Reporting by Ann Example; editing by Bo Person)"),
        para("___"),
        para("Write to Ann Example at ann@news.example"),
    ]
    assert [b.text for b in drop_tail_credits(blocks)] == [LONG, "The pool opens at 7 a.m. on weekdays."]


def test_tidy_never_empties_an_article() -> None:
    blocks = [para("Advertisement"), para("Share this")]
    assert tidy_blocks(blocks, [], None) == blocks


def test_junk_and_repeated_image_placeholders() -> None:
    blocks = [
        Block("figure", "IMG_2041-final.jpg"),
        para(LONG),
        Block("figure", "Old baths to reopen image"),
        Block("figure", "Swimmers at the reopened pool"),
        Block("figure", "Swimmers at the reopened pool"),
    ]
    out = tidy_blocks(blocks, ["Old baths to reopen"], None)
    assert [(b.kind, b.text) for b in out] == [
        ("paragraph", LONG),
        ("figure", "Swimmers at the reopened pool"),
    ]


def _card(n: int) -> str:
    return f"<article><h3>Other story {n}</h3><p>A teaser about another topic, number {n}.</p></article>"


def test_a_list_of_story_cards_next_to_the_article_is_dropped() -> None:
    main = "".join(f"<p>{LONG} Section {n}.</p>" for n in range(6))
    # broken nesting: the cards sit in an <article> of their own, after the real one
    cards = "".join(_card(n) for n in range(6))
    page = f"<html><body><article>{main}</article><article>{cards}</article></body></html>"
    text = extract_html(page).text
    assert "Section 5" in text
    assert "Other story" not in text and "teaser" not in text


def test_a_live_blog_made_of_article_entries_is_kept() -> None:
    entries = "".join(
        f"<article><p>{LONG} Update {n}, with a few more words.</p></article>" for n in range(8)
    )
    text = extract_html(f"<html><body><main><div class='feed'>{entries}</div></main></body></html>").text
    assert all(f"Update {n}," in text for n in range(8))


def test_figures_are_placeholders_even_when_named_like_images_but_credits_and_sr_text_go() -> None:
    body = "".join(f"<p>{LONG} Part {n}.</p>" for n in range(3))
    figure = (
        "<figure class='image-block photo'><img src='https://cdn.example/pool.jpg' alt='pool'>"
        "<figcaption><span class='visually-hidden'>Image caption</span>"
        "Swimmers test the water on opening day."
        "<span class='credit'>Photo: Agency</span></figcaption></figure>"
    )
    blocks = extract_html(
        f"<html><body><article>{body}{figure}<p>{LONG} End.</p></article></body></html>"
    ).blocks
    figures = [b.text for b in blocks if b.kind == "figure"]
    assert figures == ["Swimmers test the water on opening day."]


def test_tiny_image_placeholders_are_dropped() -> None:
    blocks = [
        para(LONG),
        Block("figure", "Report"),
        Block("figure", "Getty Images"),
        Block("figure", "A full caption here"),
    ]
    assert [b.text for b in tidy_blocks(blocks, [], None)] == [LONG, "A full caption here"]


def test_fallback_reads_a_page_whose_text_was_hidden_until_scripts_run() -> None:
    body = "".join(f"<p>{LONG} Hidden part {n}.</p>" for n in range(4))
    page = f"<html><body><div id='app' style='display:none'>{body}</div><p>Loading…</p></body></html>"
    text = extract_html(page).text
    assert "Hidden part 3." in text


def test_fallback_to_an_html_article_body_in_json_ld() -> None:
    paras = "".join(f"<p>{LONG} Declared part {n}.</p>" for n in range(4))
    ld = json.dumps({"@type": "NewsArticle", "headline": "Baths", "articleBody": paras})
    head = f"<script type='application/ld+json'>{ld}</script>"
    blocks = extract_html(f"<html><head>{head}</head><body><p>Teaser.</p></body></html>").blocks
    assert [b.text.rsplit(". ", 1)[-1] for b in blocks] == [f"Declared part {n}." for n in range(4)]
    assert all("<p>" not in b.text for b in blocks)


def test_a_teaser_run_stops_at_a_short_real_sentence() -> None:
    blocks = [
        para(LONG),
        para("Watch:"),
        para("Roof collapse on camera"),
        para("Nobody was hurt."),
        para(LONG),
    ]
    assert [b.text for b in drop_teaser_runs(blocks)] == [LONG, "Nobody was hurt.", LONG]


def test_a_short_dated_sentence_opening_the_article_is_kept() -> None:
    blocks = [para("It was 9:30 p.m. on March 3."), para(LONG)]
    assert drop_lead_meta(blocks, set(), None) == blocks
