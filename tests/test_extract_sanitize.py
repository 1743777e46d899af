"""Sanitization: nothing executable, embedded or fetchable ever reaches blocks or rendered HTML."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.blocks import blocks_to_html
from reader.errors import ExtractError
from reader.extract import extract_html

PAGES = Path(__file__).parent / "fixtures" / "pages"
ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "figure"}
ALLOWED_TAGS |= {"figcaption", "em", "strong", "code", "a", "div"}  # div: the wrapper added for parsing
FORBIDDEN_TEXT = (
    "steal",
    "alert(",
    "javascript:",
    "vbscript:",
    "data:",
    "tracker.example",
    "evil.example",
    "ads.example",
    "cdn.example",
    "svg text",
    "template text",
    "noscript",
    "Flash fallback",
    "type your email",
    "frames about",
    "Send the allotment form",
)


def rendered_tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def assert_inert(html: str) -> None:
    """Only allow-listed tags; only <a href> (http/https/mailto) and rel; nothing a renderer would fetch."""
    tree = rendered_tree(html)
    for el in tree.iter():
        assert isinstance(el.tag, str), "comments or processing instructions in output"
        assert el.tag in ALLOWED_TAGS, el.tag
        for name, value in el.attrib.items():
            if el.tag == "a" and name == "href":
                assert value.lower().startswith(("http://", "https://", "mailto:")), value
            elif el.tag == "a" and name == "rel":
                assert value == "noopener noreferrer"
            else:
                pytest.fail(f"attribute {name}={value!r} on <{el.tag}>")
    lowered = html.lower()
    for needle in (
        "<img",
        "src=",
        "srcset",
        "<script",
        "<style",
        "style=",
        "url(",
        "<iframe",
        "<object",
        "<embed",
    ):
        assert needle not in lowered, needle
    for needle in ("<form", "<link", "<meta", "<base", "<svg", "<video", "<audio", "<source", "<math"):
        assert needle not in lowered, needle


def test_hostile_page_blocks_and_html_are_inert() -> None:
    c = extract_html((PAGES / "hostile.html").read_bytes(), url="https://allotments.example/news/water")
    html = blocks_to_html(c.blocks)
    assert_inert(html)
    everything = c.text + html + repr(c.blocks)
    for needle in FORBIDDEN_TEXT:
        assert needle not in everything, needle
    hrefs = [i.href for b in c.blocks for i in b.inlines if i.kind == "link"]
    assert hrefs == ["https://allotments.example/minutes"]


def test_structure_page_html_is_inert() -> None:
    c = extract_html((PAGES / "structure.html").read_bytes(), url="https://quayside.example/a")
    assert_inert(blocks_to_html(c.blocks))


def test_text_that_looks_like_markup_is_escaped() -> None:
    body = "".join(
        f"<p>Paragraph {n} quotes the tag &lt;script&gt;alert(1)&lt;/script&gt; as text.</p>"
        for n in range(6)
    )
    c = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert "<script>alert(1)</script>" in c.text  # the words are kept as words...
    html = blocks_to_html(c.blocks)
    assert "&lt;script&gt;" in html and "<script" not in html  # ...and never become markup


HOSTILE_SNIPPETS = [
    "<script>steal()</script>",
    "<img src='https://tracker.example/p.gif' width=1 height=1>",
    "<img src=x onerror=steal()>",
    "<a href='javascript:steal()'>click</a>",
    "<a href='data:text/html,steal'>data</a>",
    "<a href=' jAvAsCrIpT:steal()'>spaced</a>",
    "<iframe src='https://ads.example/'></iframe>",
    "<object data='https://ads.example/x'></object>",
    "<embed src='https://ads.example/y'>",
    "<form action='https://evil.example/'><input name=q></form>",
    "<svg onload=steal()><circle/></svg>",
    "<div onclick='steal()'>a div with a handler and some words</div>",
    "<p style='background:url(https://tracker.example/bg)'>styled words</p>",
    "<math><mi>x</mi></math>",
    "<video src='https://cdn.example/v.mp4'></video>",
    "<link rel=stylesheet href='https://tracker.example/s.css'>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href='https://evil.example/'>",
    "<!-- comment with <script>steal()</script> -->",
    "<?php steal(); ?>",
]
SENTENCE = "<p>The ferry timetable changes on Monday, and the harbour office printed new copies for all.</p>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_SNIPPETS), min_size=1, max_size=8), st.integers(0, 6))
def test_random_hostile_snippets_never_survive(snippets: list[str], where: int) -> None:
    paras = [SENTENCE] * 6
    paras.insert(where, "".join(snippets))
    try:
        c = extract_html(
            f"<html><head><title>Ferry</title></head><body><article>{''.join(paras)}</article></body></html>"
        )
    except ExtractError:
        return
    html = blocks_to_html(c.blocks)
    assert_inert(html)
    for needle in ("steal", "tracker.example", "evil.example", "ads.example", "cdn.example"):
        assert needle not in c.text and needle not in html
