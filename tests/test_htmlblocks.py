"""Tests for reader.htmlblocks: an lxml tree becomes allow-listed, normalized blocks."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.blocks import Block, Inline, normalize_blocks
from reader.htmlblocks import html_to_blocks


def blocks_of(markup: str, base: str | None = "https://news.example/a/page.html") -> list[Block]:
    return html_to_blocks(lxml.html.fragment_fromstring(markup, create_parent="div"), base)


def test_headings_keep_their_level() -> None:
    blocks = blocks_of("<h1>Top</h1><h2>Second</h2><h4>Fourth</h4><p>Body text.</p>")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Top"),
        ("heading", 2, "Second"),
        ("heading", 4, "Fourth"),
        ("paragraph", 0, "Body text."),
    ]


def test_lists_are_items_with_nesting_level_and_order() -> None:
    blocks = blocks_of(
        "<ol><li>first<ul><li>inner a</li><li>inner b</li></ul></li><li>second</li></ol>"
        "<ul><li>loose</li></ul>"
    )
    assert [(b.kind, b.level, b.ordered, b.text) for b in blocks] == [
        ("list_item", 1, True, "first"),
        ("list_item", 2, False, "inner a"),
        ("list_item", 2, False, "inner b"),
        ("list_item", 1, True, "second"),
        ("list_item", 1, False, "loose"),
    ]


def test_items_are_never_glued_together() -> None:
    blocks = blocks_of("<ul><li>alpha</li><li>beta</li><li><p>gamma</p></li></ul>")
    assert [b.text for b in blocks] == ["alpha", "beta", "gamma"]


def test_blockquote_becomes_quote_and_pre_keeps_lines() -> None:
    blocks = blocks_of("<blockquote><p>Said once.</p><p>Said twice.</p></blockquote><pre>a  b\n  c\n</pre>")
    assert [(b.kind, b.text) for b in blocks] == [
        ("quote", "Said once."),
        ("quote", "Said twice."),
        ("pre", "a  b\n  c"),
    ]


def test_inline_runs_have_offsets_kinds_and_resolved_safe_links() -> None:
    (block,) = blocks_of(
        '<p>Read <em>this</em>, <strong>that</strong> and <code>x = 1</code> at <a href="../b/next.html">the '
        'next page</a> or <a href="mailto:desk@news.example">the desk</a>.</p>'
    )
    assert block.text == "Read this, that and x = 1 at the next page or the desk."
    spans = {(block.text[i.start : i.end], i.kind, i.href) for i in block.inlines}
    assert spans == {
        ("this", "em", None),
        ("that", "strong", None),
        ("x = 1", "code", None),
        ("the next page", "link", "https://news.example/b/next.html"),
        ("the desk", "link", "mailto:desk@news.example"),
    }


def test_unsafe_links_keep_their_text_but_lose_the_link() -> None:
    (block,) = blocks_of(
        '<p><a href="javascript:steal()">one</a> <a href="data:text/html,x">two</a> '
        '<a href="vbscript:x">three</a> <a href="#top">four</a> <a href=" JAVASCRIPT:x">five</a></p>'
    )
    assert block.text == "one two three four five"
    assert block.inlines == ()


def test_whitespace_collapses_and_inlines_follow() -> None:
    (block,) = blocks_of("<p>  spaced \n\t <b>  bold  words </b>\n end  </p>")
    assert block.text == "spaced bold words end"
    assert [(block.text[i.start : i.end], i.kind) for i in block.inlines] == [("bold words", "strong")]


def test_figure_carries_caption_never_the_image_url() -> None:
    blocks = blocks_of(
        '<figure><img src="https://cdn.example/big.jpg" alt="alt words"><figcaption>The caption.</figcaption>'
        '</figure><figure><img src="https://cdn.example/b.jpg" alt="Only alt text"></figure>'
    )
    assert [(b.kind, b.text) for b in blocks] == [("figure", "The caption."), ("figure", "Only alt text")]
    assert all("cdn.example" not in b.text for b in blocks)


def test_images_standalone_inline_and_tracking_pixels() -> None:
    blocks = blocks_of(
        '<img src="https://t.example/p.gif" width="1" height="1" alt="pixel">'
        '<img src="https://cdn.example/a.jpg" alt="A harbour at dusk">'
        '<p>Text with an <img src="https://cdn.example/icon.png" alt="icon"> inline icon.</p>'
        '<img src="https://cdn.example/no-alt.jpg">'
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("figure", "A harbour at dusk"),
        ("paragraph", "Text with an inline icon."),
    ]


def test_scripts_forms_frames_and_media_are_skipped() -> None:
    blocks = blocks_of(
        "<p>kept</p><script>var x = 'script text';</script><style>.x{}</style><form><label>form text</label>"
        "<input value='v'></form><iframe>frame text</iframe><object>object text</object><svg><text>svg "
        "text</text></svg><video>video text</video><noscript>noscript text</noscript><template>tpl</template>"
        "<p>also kept</p>"
    )
    assert [b.text for b in blocks] == ["kept", "also kept"]


def test_misparsed_void_elements_do_not_swallow_the_rest() -> None:
    # libxml2 nests what follows <embed>/<source> inside them: that text must still be read.
    blocks = blocks_of('<embed src="x.swf"><p>after embed</p><source src="a.mp3"><p>after source</p>')
    assert [b.text for b in blocks] == ["after embed", "after source"]


def test_line_breaks_split_paragraphs_but_not_items() -> None:
    blocks = blocks_of("<div>first line<br>second line<br><br>third</div><ul><li>a<br>b</li></ul>")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "first line"),
        ("paragraph", "second line"),
        ("paragraph", "third"),
        ("list_item", "a b"),
    ]


def test_table_rows_become_paragraphs() -> None:
    blocks = blocks_of("<table><tr><th>Port</th><th>Ships</th></tr><tr><td>Hull</td><td>12</td></tr></table>")
    assert [b.text for b in blocks] == ["Port | Ships", "Hull | 12"]


def test_inline_run_across_a_block_boundary_is_split() -> None:
    blocks = blocks_of("<p><em>start <div>inside</div> end</em></p>")
    assert [b.text for b in blocks] == ["start", "inside", "end"]
    assert all(b.inlines == (Inline(0, len(b.text), "em"),) for b in blocks)


_TAGS = ["p", "div", "span", "em", "strong", "a", "li", "ul", "ol", "h2", "pre", "blockquote", "code", "br"]


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            attrs = ' href="https://x.example/p"' if tag == "a" else ""
            parts.append(f"<{tag}{attrs}>{draw(markup(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.text(alphabet=" \t\n\u00a0abcXYZé.,<>&", max_size=12)).replace("<", "&lt;"))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(markup())
def test_output_is_always_normalized(html: str) -> None:
    blocks = blocks_of(html)
    assert normalize_blocks(blocks) == blocks
    for b in blocks:
        assert b.kind == "pre" or "\n" not in b.text
        for il in b.inlines:
            assert 0 <= il.start < il.end <= len(b.text)
