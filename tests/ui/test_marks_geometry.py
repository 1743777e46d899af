"""Measuring marks block after block gives exactly what measuring each piece with cursorToX gives."""

from __future__ import annotations

import bisect

import pytest

from reader.blocks import Block
from reader.models import Article, Highlight
from reader.ui.reader_view import ReaderView, doc_style
from reader.ui.themes import THEMES

pytestmark = pytest.mark.gui

_SPACES = " \t\u00a0\u2028"


def reference(view: ReaderView, start: int, end: int) -> tuple[float, ...]:
    """Each line piece of ``[start, end)`` measured the slow, obvious way: cursorToX at both ends."""
    doc, umap, text = view.document(), view.umap, view.text
    s, e = umap.to_pos(start), umap.to_pos(end)
    out: list[float] = []
    block = doc.findBlock(s)
    while block.isValid():
        layout, base, length = block.layout(), block.position(), block.length() - 1
        origin = layout.position()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        starts = [line.textStart() for line in lines]
        i = max(bisect.bisect_right(starts, s - base) - 1, 0)
        while i < len(lines) and starts[i] < e - base:
            ls = starts[i]
            le = starts[i + 1] if i + 1 < len(lines) else length
            a, b = max(s - base, ls), min(e - base, le)
            if e - base >= le:
                while b > a and text[umap.to_offset(base + b - 1)] in _SPACES:
                    b -= 1
            if a < b:
                line = lines[i]
                x1, x2 = sorted((line.cursorToX(a)[0], line.cursorToX(b)[0]))
                top = origin.y() + line.y()
                out += (origin.x() + x1, top, x2 - x1, line.height(), top + line.ascent())
            i += 1
        if e - base <= length + 1:
            break
        block = block.next()
    return tuple(out)


def article(*texts: tuple[str, str]) -> Article:
    blocks = [Block(kind, t) for kind, t in texts]
    return Article(1, "Shapes", "\n".join(b.text for b in blocks), blocks, "")


LEFT = "The harbour board met on Monday and agreed to dredge the channel before the winter storms. "
CASES = {
    "left to right": article(("heading", "Dredging plan"), *[("paragraph", LEFT * 3)] * 3),
    "centred figure": article(
        ("paragraph", LEFT * 2), ("figure", "A dredger at work. " * 6), ("paragraph", LEFT)
    ),
    "right to left": article(
        ("paragraph", LEFT * 2), ("paragraph", "המועצה התכנסה ביום שני והחליטה לחפור. " * 5)
    ),
    "other spaces": article(("paragraph", "Tides\u00a0rose\tagain and\u00a0 " * 12 + "the boats waited.")),
    "double spaces": article(
        ("paragraph", "The tide turned.  Boats left the quay at dawn.   " * 14 + "End.")
    ),
    "astral": article(("paragraph", "Ships 🚢 came in 𝔸 pairs and 🌊 waves broke on the pier. " * 6)),
}


@pytest.mark.parametrize("case", CASES)
def test_measured_marks_equal_cursor_to_x_everywhere(view, case) -> None:
    a = CASES[case]
    view.set_article(a, doc_style(THEMES["light"], "", 13), THEMES["light"])
    words = [i for i in range(1, len(a.text)) if a.text[i - 1] == " " and a.text[i] != " "]
    spans = [(s, e) for s, e in zip(words[::3], words[2::3], strict=False) if s < e]  # some cross blocks
    view.set_highlights(
        [Highlight(i, 1, "fact", s, e, "", "", "", "", "t", "t") for i, (s, e) in enumerate(spans)]
    )
    assert view._mark_index is not None  # every highlight measured at once and indexed
    for s, e in spans:
        assert view.span_geometry(s, e) == reference(view, s, e), (case, s, e)
    whole = [(0, len(a.text)), (words[1], len(a.text) - 1)]  # across every block
    assert view._measure_sorted(whole) == [reference(view, s, e) for s, e in whole]


def test_mark_rectangles_are_made_at_measuring_and_follow_a_relayout(view, qtbot) -> None:
    a = CASES["left to right"]
    view.set_article(a, doc_style(THEMES["light"], "", 13), THEMES["light"])
    spans = [(20, 140), (300, 420)]
    view.set_highlights(
        [Highlight(i, 1, "fact", s, e, "", "", "", "", "t", "t") for i, (s, e) in enumerate(spans)]
    )

    def expected(p: tuple[float, ...]) -> tuple[list, list]:
        backs = [(p[i], p[i + 1] - 1, p[i + 2], p[i + 3] + 2) for i in range(0, len(p), 5)]
        lines = [
            (p[i], min(p[i + 4] + 2.0, p[i + 1] + p[i + 3] - 1.3), p[i + 2], 1.3) for i in range(0, len(p), 5)
        ]
        return backs, lines

    def made(p: tuple[float, ...]) -> tuple[list, list]:
        got = view._rects[id(p)]  # made when the highlights were set: scrolling only draws them
        assert got[0] is p
        return [r.getRect() for r in got[1]], [r.getRect() for r in got[2]]

    before = [view.span_geometry(s, e) for s, e in spans]
    for p in before:
        assert len(p) >= 10 and made(p) == expected(p)  # each mark wraps onto a second line here
    view.resize(520, 600)  # narrower: every line wraps elsewhere
    qtbot.waitUntil(lambda: bool(view._span_cache and view._rects))  # measured again after the relayout
    after = [view.span_geometry(s, e) for s, e in spans]
    assert after != before
    for p in after:
        assert made(p) == expected(p)
