"""The block structure: canonical text, normalization, JSON and sanitized HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.blocks import (
    BLOCK_KINDS,
    Block,
    Inline,
    block_offsets,
    blocks_from_json,
    blocks_from_text,
    blocks_to_html,
    blocks_to_json,
    canonical_text,
    normalize_block,
    normalize_blocks,
)

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@st.composite
def blocks(draw) -> Block:
    kind = draw(st.sampled_from(BLOCK_KINDS))
    text = draw(texts)
    inlines = []
    for _ in range(draw(st.integers(0, 3))):
        s = draw(st.integers(0, max(len(text), 0)))
        e = draw(st.integers(s, max(len(text), s)))
        kind_i = draw(st.sampled_from(["em", "strong", "code", "link"]))
        href = draw(st.sampled_from(["https://example.org/a", "javascript:alert(1)", None]))
        inlines.append(Inline(s, e, kind_i, href if kind_i == "link" else None))
    return Block(kind, text, draw(st.integers(0, 3)), draw(st.booleans()), tuple(inlines))


@given(st.lists(blocks(), max_size=6))
def test_normalize_is_idempotent_and_clean(bs: list[Block]) -> None:
    once = normalize_blocks(bs)
    assert normalize_blocks(once) == once
    for b in once:
        assert b.text.strip()
        if b.kind != "pre":
            assert "\n" not in b.text and "  " not in b.text and b.text == b.text.strip()
        for il in b.inlines:
            assert 0 <= il.start < il.end <= len(b.text)
            assert il.kind != "link" or il.href.startswith(("http://", "https://", "mailto:"))


@given(st.lists(blocks(), max_size=6))
def test_json_round_trip_and_offsets(bs: list[Block]) -> None:
    bs = normalize_blocks(bs)
    assert blocks_from_json(blocks_to_json(bs)) == bs
    text = canonical_text(bs)
    for b, off in zip(bs, block_offsets(bs), strict=True):
        assert text[off : off + len(b.text)] == b.text


def test_collapse_keeps_inline_on_the_same_characters() -> None:
    b = normalize_block(Block("paragraph", "  Hello   big\n world ", inlines=(Inline(10, 13, "strong"),)))
    assert b is not None
    assert b.text == "Hello big world"
    (il,) = b.inlines
    assert b.text[il.start : il.end] == "big"


def test_html_is_escaped_and_has_no_active_content() -> None:
    bs = [
        Block("heading", "<script>alert(1)</script>", level=1),
        Block("paragraph", "see here", inlines=(Inline(4, 8, "link", "javascript:alert(1)"),)),
        Block("paragraph", "safe link", inlines=(Inline(5, 9, "link", 'https://e.org/?a="b"'),)),
        Block("list_item", "one", ordered=True),
        Block("list_item", "two", ordered=True),
        Block("pre", "a < b\n  c"),
        Block("figure", "A chart of rainfall"),
    ]
    out = blocks_to_html(normalize_blocks(bs))
    assert "<script" not in out and "javascript:" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert 'href="https://e.org/?a=&quot;b&quot;"' in out
    assert out.count("<ol>") == 1 and out.count("<li>") == 2
    assert "<pre>a &lt; b\n  c</pre>" in out


def test_plain_text_paragraphs() -> None:
    bs = blocks_from_text("First line\nstill first.\r\n\r\n\n  Second   para. \n\n\n")
    assert [b.text for b in bs] == ["First line still first.", "Second para."]
    assert canonical_text(bs) == "First line still first.\nSecond para."


def test_pre_keeps_inner_lines_and_drops_blank_edges() -> None:
    b = normalize_block(Block("pre", " \n<a>\n  x  \n\n"))
    assert b is not None and b.text == "<a>\n  x"


@given(st.lists(blocks(), max_size=6))
def test_html_keeps_every_character_and_balances_inline_tags(bs: list[Block]) -> None:
    import html
    import re

    bs = normalize_blocks(bs)
    out = blocks_to_html(bs)
    for tag in ("em", "strong", "code", "a"):
        assert len(re.findall(f"<{tag}[ >]", out)) == out.count(f"</{tag}>")
    shown = html.unescape(re.sub(r"<[^>]+>", "", out))
    for b in bs:
        assert b.text in shown
