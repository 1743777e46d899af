"""Document positions equal canonical-text offsets (UTF-16 vs code points), for built docs and highlights."""

from __future__ import annotations

import gzip
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.blocks import Block, Inline, canonical_text, normalize_blocks
from reader.ui.document import Utf16Map, build_document, document_text, text_between
from reader.ui.reader_view import doc_style
from reader.ui.themes import THEMES
from tests.ui.conftest import EMOJI_TEXT, add_blocks, add_text

pytestmark = pytest.mark.gui

CHARS = st.sampled_from([*"ab cé\u0301😀👍🏽𝐁\u200d🇪🇸中\t.", "\U0001f3fd", "\ufe0f"])


@given(st.text(alphabet=CHARS, max_size=60))
def test_utf16_map_matches_utf16_encoding(text: str) -> None:
    m = Utf16Map(text)
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        pos = m.to_pos(i)
        assert pos == len(text[:i].encode("utf-16-le")) // 2
        assert m.to_offset(pos) == i


def test_utf16_map_inside_a_surrogate_pair_rounds_down() -> None:
    m = Utf16Map("a😀b")
    assert [m.to_pos(i) for i in range(4)] == [0, 1, 3, 4]
    assert [m.to_offset(p) for p in range(5)] == [0, 1, 1, 2, 3]


def _style():
    return doc_style(THEMES["light"], "", 13)


def _check(blocks: list[Block]) -> None:
    blocks = normalize_blocks(blocks)
    text = canonical_text(blocks)
    doc = build_document(blocks, _style())
    assert document_text(doc) == text
    assert doc.characterCount() == Utf16Map(text).utf16_length + 1


def test_every_block_kind_keeps_positions(qapp) -> None:
    _check(
        [
            Block("heading", "Title 🎉 here", 1),
            Block(
                "paragraph",
                "Hello 😀 world, e\u0301 café 𝐁old",
                inlines=(Inline(0, 5, "em"), Inline(8, 13, "link", "https://x.org")),
            ),
            Block("list_item", "one 🙂", 1),
            Block("list_item", "nested", 2, True),
            Block("list_item", "two", 1),
            Block("quote", "quoted 👍🏽 words", inlines=(Inline(0, 6, "strong"),)),
            Block("pre", "line1\n  line2 🙃\n\nline4"),
            Block("figure", "A caption"),
            Block("paragraph", "code `x` here", inlines=(Inline(5, 8, "code"),)),
        ]
    )


def test_characters_qt_would_turn_into_block_breaks_stay_one_position(qapp) -> None:
    blocks = [Block("pre", "a\u2029b\ufdd0c\ufdd1d"), Block("paragraph", "x\ufdd0y")]
    blocks = normalize_blocks(blocks)
    doc = build_document(blocks, _style())
    assert doc.characterCount() == len(canonical_text(blocks)) + 1
    assert doc.blockCount() == 2


def test_one_text_block_per_pre_line(qapp) -> None:
    doc = build_document([Block("pre", "a\nb\nc"), Block("paragraph", "p")], _style())
    assert doc.blockCount() == 4


def test_every_highlight_of_a_library_with_astral_characters_reads_back_exact(qapp, ui_library) -> None:
    blocks = [
        Block("heading", "Emoji 😀 headline 🇪🇸", 1),
        *normalize_blocks(Block("paragraph", p) for p in EMOJI_TEXT.split("\n\n")),
        Block("list_item", "Item 𝐁old one", 1),
        Block("pre", "def f():\n    return '🙃'"),
    ]
    article = add_blocks(ui_library, blocks)
    text = article.text
    rng = random.Random(7)
    for _ in range(60):
        a = rng.randrange(len(text) - 1)
        b = min(len(text), a + rng.randint(1, 14))
        ui_library.paint(article.id, a, b, rng.choice(["fact", "filler", "fact"]))
    for _ in range(10):
        a = rng.randrange(len(text) - 1)
        ui_library.erase(article.id, a, min(len(text), a + rng.randint(1, 5)))
    highlights = ui_library.highlights(article.id)
    assert len(highlights) > 5
    doc = build_document(article.blocks, _style())
    umap = Utf16Map(text)
    for h in highlights:
        assert text_between(doc, umap, h.start, h.end) == h.exact
        assert text[h.start : h.end] == h.exact


def test_real_pages_keep_positions(qapp, shared_dir, ui_library) -> None:
    from reader.errors import ExtractError
    from reader.extract import extract_html

    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))[:12]
    assert pages
    for page in pages:
        try:
            content = extract_html(gzip.decompress(page.read_bytes()))
        except ExtractError:  # a page the extractor refuses is not what this test checks
            continue
        doc = build_document(content.blocks, _style())
        assert document_text(doc) == content.text, page.name


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["paragraph", "quote", "pre", "list_item", "heading"]),
            st.text(alphabet=CHARS, min_size=1, max_size=25),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_blocks_keep_positions(qapp, parts) -> None:
    blocks = [Block(kind, text, 1 if kind in ("heading", "list_item") else 0) for kind, text in parts]
    if normalize_blocks(blocks):
        _check(blocks)


def test_plain_text_article_round_trip(qapp, ui_library) -> None:
    a = add_text(ui_library, EMOJI_TEXT)
    doc = build_document(a.blocks, _style())
    assert document_text(doc) == a.text
