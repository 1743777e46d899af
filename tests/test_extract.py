"""Tests for reader.extract: pages and text become ArticleContent, bad input becomes ExtractError."""

from __future__ import annotations

import pytest

from reader.blocks import canonical_text
from reader.errors import ExtractError
from reader.extract import extract_html, extract_text

BODY = "".join(
    f"<p>Paragraph {n} tells how the river barges carried salt, grain and timber downstream each spring.</p>"
    for n in range(8)
)
PAGE = f"""<!doctype html><html lang="en"><head><title>River barges of old - The Towpath</title>
<meta property="og:site_name" content="The Towpath"></head>
<body><nav><a href="/">Home</a></nav><article><h1>River barges of old</h1>{BODY}</article></body></html>"""


def test_extract_html_returns_article_blocks_and_short_title() -> None:
    content = extract_html(PAGE, url="https://towpath.example/barges")
    assert content.title == "River barges of old"
    assert content.site_name == "The Towpath"
    assert content.language == "en"
    text = canonical_text(content.blocks)
    assert "Paragraph 0 tells how the river barges" in text
    assert "Paragraph 7 tells" in text
    assert "Home" not in text
    assert content.extractor == "sift"


def test_extract_html_accepts_bytes() -> None:
    content = extract_html(PAGE.encode("utf-8"))
    assert "Paragraph 3 tells" in content.text


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        "   ",
        b"%PDF-1.7 stuff",
        b"\x89PNG\r\n\x1a\n....",
        b"\x00\x01\x02" * 100,
        "<html><body></body></html>",
    ],
)
def test_extract_html_bad_input_raises_extract_error(bad: str | bytes) -> None:
    with pytest.raises(ExtractError) as err:
        extract_html(bad)
    assert str(err.value).endswith(".")


def test_extract_text_makes_paragraphs_and_title() -> None:
    content = extract_text("Canal notes\n\nThe lock keeper\nopened the gates.\n\nThen the boat moved.")
    assert content.title == "Canal notes"
    assert [b.text for b in content.blocks] == [
        "Canal notes",
        "The lock keeper opened the gates.",
        "Then the boat moved.",
    ]


def test_extract_text_empty_raises() -> None:
    with pytest.raises(ExtractError):
        extract_text(" \n\n ")
