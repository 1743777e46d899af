"""The facts-only view shows exactly the fact spans, in order, with block breaks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.blocks import Block
from reader.ui.document import document_text
from reader.ui.facts_view import fact_blocks
from tests.ui.conftest import add_blocks

pytestmark = pytest.mark.gui

BLOCKS = [
    Block("heading", "Nets stay 🌧️ on the ridge", 1),
    Block(
        "paragraph",
        "The council voted 9 to 2 on Monday. It is a story many will find fascinating. Each net is 12 m.",
    ),
    Block("list_item", "46 nets installed in 2022", 1),
    Block("list_item", "Only time will tell", 1),
    Block("paragraph", "In conclusion, this matters. Tests found the water safe in 24 samples."),
]


def _paint(library, article, label, snippet):
    s = article.text.index(snippet)
    return library.paint(article.id, s, s + len(snippet), label)


def test_fact_blocks_keep_order_and_block_breaks(qapp, ui_library) -> None:
    a = add_blocks(ui_library, BLOCKS)
    for snippet in (
        "The council voted 9 to 2 on Monday.",
        "Each net is 12 m.",
        "46 nets installed in 2022",
        "Tests found the water safe in 24 samples.",
    ):
        _paint(ui_library, a, "fact", snippet)
    _paint(ui_library, a, "filler", "It is a story many will find fascinating.")
    blocks, mapping = fact_blocks(a, ui_library.highlights(a.id))
    assert [b.text for b in blocks] == [
        "The council voted 9 to 2 on Monday. Each net is 12 m.",
        "46 nets installed in 2022",
        "Tests found the water safe in 24 samples.",
    ]
    assert [b.kind for b in blocks] == ["paragraph", "list_item", "paragraph"]
    for facts_off, art_off, n in mapping:
        text = "\n".join(b.text for b in blocks)
        assert text[facts_off : facts_off + n] == a.text[art_off : art_off + n]


def test_a_fact_across_blocks_is_split_at_the_break(qapp, ui_library) -> None:
    a = add_blocks(ui_library, BLOCKS)
    s = a.text.index("Each net")
    e = a.text.index(" installed")
    ui_library.paint(a.id, s, e, "fact")
    blocks, _ = fact_blocks(a, ui_library.highlights(a.id))
    assert [b.text for b in blocks] == ["Each net is 12 m.", "46 nets"]


def test_facts_only_view_in_the_window(main_window, ui_library, qtbot) -> None:
    a = add_blocks(ui_library, BLOCKS)
    main_window.refresh_library()
    main_window.open_article(a.id)
    _paint(ui_library, a, "fact", "The council voted 9 to 2 on Monday.")
    _paint(ui_library, a, "filler", "In conclusion, this matters.")
    s = a.text.index("Tests")
    main_window.reader.select_span(s, len(a.text))
    qtbot.keyClick(main_window.reader, "1")
    main_window.act_facts_only.setChecked(True)
    assert main_window.stack.currentWidget() is main_window.facts
    expected = "The council voted 9 to 2 on Monday.\nTests found the water safe in 24 samples."
    assert main_window.facts.text() == expected
    assert document_text(main_window.facts.document()) == expected
    # Painting more (via undo here) updates the view at once.
    main_window.act_undo.trigger()
    assert main_window.facts.text() == "The council voted 9 to 2 on Monday."
    # Double-click jumps back to that place in the full article.
    cursor = main_window.facts.textCursor()
    cursor.setPosition(5)
    point = main_window.facts.cursorRect(cursor).center()
    qtbot.mouseDClick(main_window.facts.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert main_window.stack.currentWidget() is main_window.reader
    assert not main_window.act_facts_only.isChecked()
    assert abs(main_window.reader.caret_offset() - (a.text.index("The council") + 5)) <= 1


def test_facts_only_with_no_facts_says_what_to_do(main_window, ui_library) -> None:
    a = add_blocks(ui_library, BLOCKS)
    main_window.open_article(a.id)
    main_window.act_facts_only.setChecked(True)
    assert main_window.facts.text() == ""
    assert main_window.facts.document().isEmpty()


def test_facts_view_starts_at_the_top_of_a_new_article(main_window, ui_library) -> None:
    long_blocks = [
        Block("paragraph", f"Fact number {i} is stated here with a figure of {i * 7}.") for i in range(120)
    ]
    a = add_blocks(ui_library, long_blocks)
    ui_library.paint(a.id, 0, len(a.text), "fact")
    main_window.open_article(a.id)
    main_window.act_facts_only.setChecked(True)
    bar = main_window.facts.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == 0
    bar.setValue(bar.maximum() // 2)
    main_window.reader.select_span(0, 4)  # a repaint of the same article keeps the reader's place
    main_window.on_article_changed(a.id)
    assert bar.value() == bar.maximum() // 2 or bar.value() > 0


def test_facts_view_opens_at_the_title_again_after_reading_down(main_window, ui_library, qtbot) -> None:
    blocks = [
        Block("paragraph", f"Fact number {i} is stated here with a figure of {i * 7}.") for i in range(120)
    ]
    a = add_blocks(ui_library, blocks)
    ui_library.paint(a.id, 0, len(a.text), "fact")
    main_window.open_article(a.id)
    main_window.act_facts_only.setChecked(True)
    bar = main_window.facts.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # read to the end, back to the article, then facts only again
    main_window.act_facts_only.setChecked(False)
    main_window.act_facts_only.setChecked(True)
    qtbot.wait(20)  # layouts and deferred scrolling settle
    assert bar.value() == 0
    assert (
        main_window.facts.cursorRect().top() < main_window.facts.viewport().height()
    )  # the title is in view
