"""Tests for reader.metadata: title, byline, date, site, language and canonical URL of a page."""

from __future__ import annotations

import json

import lxml.html
import pytest

from reader.metadata import Metadata, extract_metadata, iso_date, join_names, strip_site_suffix


def meta_of(head: str, body: str = "<p>x</p>", *, lang: str = "", url: str | None = None) -> Metadata:
    attr = f' lang="{lang}"' if lang else ""
    doc = lxml.html.document_fromstring(f"<html{attr}><head>{head}</head><body>{body}</body></html>")
    return extract_metadata(doc, url)


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Tide tables for the spring | Harbour Times", "Harbour Times", None, "Tide tables for the spring"),
        (
            "Tide tables for the spring – Harbour Times",
            None,
            "https://www.harbourtimes.example/x",
            "Tide tables for the spring",
        ),
        ("Tide tables for the spring - HARBOUR TIMES", "Harbour Times", None, "Tide tables for the spring"),
        ("Harbour Times: Tide tables for the spring", "Harbour Times", None, "Tide tables for the spring"),
        (
            "Tide tables | Spring edition | Harbour Times",
            "Harbour Times",
            None,
            "Tide tables | Spring edition",
        ),
        ("Fish - and chips - on the quay", None, None, "Fish - and chips - on the quay"),
        ("Mayor resigns - Reuters", "Reuters", None, "Mayor resigns"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, url: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site, url) == expected


def test_title_prefers_jsonld_headline_then_og_then_title_tag() -> None:
    head = "<title>Page title | Site</title><meta property='og:title' content='OG title'>" + ld(
        {"@type": "NewsArticle", "headline": "The headline"}
    )
    assert meta_of(head).title == "The headline"
    assert (
        meta_of("<title>Page title | Site</title><meta property='og:title' content='OG title'>").title
        == "OG title"
    )
    md = meta_of("<title>Page title | Site</title><meta property='og:site_name' content='Site'>")
    assert md.title == "Page title"
    assert md.site_name == "Site"
    assert "Page title | Site" in md.titles


def test_jsonld_graph_with_author_references_and_publisher() -> None:
    head = ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "Person", "@id": "#p1", "name": "Ada Quill"},
                {"@type": "Organization", "@id": "#org", "name": "Quill Press"},
                {
                    "@type": ["BlogPosting"],
                    "headline": "Ink and paper",
                    "author": [{"@id": "#p1"}, {"@type": "Person", "name": "Ben Nib"}, "Cy Blot"],
                    "publisher": {"@id": "#org"},
                    "datePublished": "2020-02-29T12:30:00+01:00",
                    "inLanguage": "en-US",
                    "articleBody": "Body from structured data.",
                },
            ],
        }
    )
    md = meta_of(head)
    assert md.title == "Ink and paper"
    assert md.byline == "Ada Quill, Ben Nib and Cy Blot"
    assert md.site_name == "Quill Press"
    assert md.published == "2020-02-29T12:30:00+01:00"
    assert md.language == "en-US"
    assert md.article_body == "Body from structured data."


@pytest.mark.parametrize(
    "author",
    [
        "Dana Reed",
        {"@type": "Person", "name": "Dana Reed"},
        [{"name": "Dana Reed"}],
        ["By Dana Reed", "dana reed"],
    ],
)
def test_author_as_string_object_or_list(author: object) -> None:
    md = meta_of(ld([{"@type": "WebSite", "name": "W"}, {"@type": "Article", "author": author}]))
    assert md.byline == "Dana Reed"


def test_author_url_is_not_a_byline_and_meta_author_is_the_fallback() -> None:
    md = meta_of(
        "<meta property='article:author' content='https://facebook.example/someone'>"
        "<meta name='author' content='Eli Vance'>"
    )
    assert md.byline == "Eli Vance"


def test_broken_jsonld_is_ignored() -> None:
    md = meta_of(
        '<script type="application/ld+json">{"@type": "Article", "headline": </script>'
        '<meta property="og:title" content="Still here">'
    )
    assert md.title == "Still here"


def test_dates_from_meta_and_time_element() -> None:
    assert meta_of("<meta property='article:published_time' content='2019-11-20T06:35:39Z'>").published == (
        "2019-11-20T06:35:39+00:00"
    )
    assert meta_of("", "<p><time datetime='2018-05-06'>May 6</time></p>").published == "2018-05-06"
    assert meta_of("").published is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-04-03", "2021-04-03"),
        ("2021-04-03T07:45:00Z", "2021-04-03T07:45:00+00:00"),
        ("2021-04-03 07:45", "2021-04-03T07:45:00"),
        ("2021-04-03T07:45:00.123-0500", "2021-04-03T07:45:00-05:00"),
        ("20210403", "2021-04-03"),
        ("Sat, 03 Apr 2021 07:45:00 GMT", "2021-04-03T07:45:00+00:00"),
        ("April 3, 2021", "2021-04-03"),
        ("3 April 2021", "2021-04-03"),
        ("yesterday", None),
        ("2021-13-40", None),
    ],
)
def test_iso_date(raw: str, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_language_from_html_lang_then_meta_then_og_locale() -> None:
    assert meta_of("", lang="pt-BR").language == "pt-BR"
    assert meta_of("<meta http-equiv='content-language' content='nl'>").language == "nl"
    assert meta_of("<meta property='og:locale' content='fr_CA'>").language == "fr-CA"
    assert meta_of("", lang="not a language!").language is None


def test_canonical_url_resolved_and_only_http() -> None:
    md = meta_of("<link rel='canonical' href='/story/42'>", url="https://news.example/amp/story/42?x=1")
    assert md.canonical_url == "https://news.example/story/42"
    md = meta_of("<meta property='og:url' content='https://news.example/og'>")
    assert md.canonical_url == "https://news.example/og"
    assert meta_of("<link rel='canonical' href='javascript:alert(1)'>").canonical_url is None


def test_join_names() -> None:
    assert join_names([]) is None
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "a"]) == "A and B"
    assert join_names(["A", "B", "C"]) == "A, B and C"


def test_leftover_entities_in_structured_data_are_decoded() -> None:
    md = meta_of(
        ld({"@type": "Article", "headline": "Harbour&#8217;s &amp; river&#x2019;s tides", "author": "Zoë"})
    )
    assert md.title == "Harbour’s & river’s tides"


def test_title_tag_with_decorations_falls_back_to_the_main_heading() -> None:
    md = meta_of(
        "<title>Gazette: Night trains return to the valley line (updated)</title>",
        "<h1>Night trains return to the valley line</h1>",
    )
    assert md.title == "Night trains return to the valley line"
