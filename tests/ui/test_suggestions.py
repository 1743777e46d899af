"""Suggestions in the window: the dashed layer, J/K, Enter/Esc/1/2, accept-all-above, learning, reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from reader.sentences import sentence_spans
from reader.suggest import suggest
from reader.ui.suggestions import LAYER, SYNC_CHARS
from reader.ui.suggestions_support import describe
from tests.ui.conftest import add_text

# Tooltips explaining a proposal pop up; the offscreen platform cannot raise them and says so. (A
# function mark: the closest qt_log_ignore mark wins over conftest's.)
quiet = pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support propagateSizeHints")

# Our own padded news text: specific sentences between stock phrases, speculation and a closing summary.
PADDED = (
    "The port authority of Nerimar approved a 38 million euro plan on Tuesday to dredge the northern "
    "channel to a depth of 14 metres. It is worth noting that ports matter more than ever in today's world. "
    "Works will begin in March and should finish by the end of 2027, according to the authority's director, "
    "Ilse Varga. Only time will tell whether this is the right decision.\n\n"
    "The channel handled 2,400 ship calls last year, down 9 percent from 2022, the authority said. "
    "Of course, numbers never tell the whole story. Many people will no doubt find all of this fascinating. "
    "Tomas Reyes, who speaks for the fishermen's association, said dredging would disturb spawning grounds "
    "used by 60 local boats.\n\n"
    "In conclusion, the project marks a new chapter for the town and underscores the importance of looking "
    "ahead. What does the future hold? Nobody can say for sure."
)


def stored_model(library) -> object:
    """The user's learned state as stored in the library (None before anything was learned)."""
    conn = library.conn
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'suggest_models'").fetchone():
        return None
    row = conn.execute("SELECT data FROM suggest_models WHERE name = 'user'").fetchone()
    return None if row is None else row[0]


def score_of(library, article, span: tuple[int, int]) -> float:
    """P(filler) of the sentence at ``span`` under the model stored in the library."""
    from reader.suggest_store import load_model

    for s in suggest(article.text, model=load_model(library), blocks=article.blocks):
        if (s.start, s.end) == span:
            return s.score
    raise AssertionError(f"no suggestion for {span}")


def own_rows(library, article_id: int) -> list[tuple[int, int, str, str]]:
    return [(h.start, h.end, h.label, h.origin) for h in library.highlights(article_id)]


@pytest.fixture
def padded(main_window, ui_library):
    """The padded article, open, with suggestions on; returns (window, controller, article)."""
    article = add_text(ui_library, PADDED, title="Harbour plan", url="https://news.example.org/harbour")
    main_window.open_article(article.id)
    controller = main_window.suggestions
    controller.set_enabled(True)
    main_window.reader.setFocus()
    return main_window, controller, ui_library.get_article(article.id)


@quiet
def test_toggle_draws_a_dashed_layer_over_whole_sentences(padded) -> None:
    w, c, article = padded
    assert c.act_toggle.isChecked() and c.act_toggle in w.view_menu.actions()
    layer = w.reader.extra_layers[LAYER]
    assert [(a, b) for a, b, _f in layer] == [(s.start, s.end) for s in c.visible]
    assert {s.label for s in c.visible} == {"fact", "filler"}
    sentences = set(sentence_spans(article.text))
    assert all((s.start, s.end) in sentences for s in c.visible)
    for (_a, _b, fmt), s in zip(layer, c.visible, strict=True):
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
        assert fmt.background().style() == Qt.BrushStyle.NoBrush  # not a highlight
        assert fmt.underlineColor() == w.reader.layer_format(s.label).underlineColor()
    closing = article.text.index("In conclusion")
    assert next(s for s in c.visible if s.start == closing).label == "filler"
    c.act_toggle.trigger()
    assert LAYER not in w.reader.extra_layers and not c.visible


@quiet
def test_painted_sentences_get_no_proposal(padded, qtbot) -> None:
    w, c, _article = padded
    first = c.visible[0]
    w.reader.select_span(first.start + 4, first.start + 15)  # a few words of it are enough
    qtbot.keyClick(w.reader, "1")
    assert all((s.start, s.end) != (first.start, first.end) for s in c.visible)
    assert all(a != first.start for a, _b, _f in w.reader.extra_layers[LAYER])


@quiet
def test_j_and_k_select_proposals_in_order_and_explain_them(padded, qtbot) -> None:
    w, c, _article = padded
    w.reader.select_span(0, 0)
    seen = []
    for _ in range(len(c.visible)):
        qtbot.keyClick(w.reader, "j")
        seen.append(c.selected())
    assert seen == c.visible
    assert describe(c.visible[-1], 2) in w.statusBar().currentMessage()
    qtbot.keyClick(w.reader, "j")  # past the last one: stays
    assert c.selected() == c.visible[-1]
    qtbot.keyClick(w.reader, "k")
    qtbot.keyClick(w.reader, "k")
    assert c.selected() == c.visible[-3]
    assert describe(c.visible[-3]).split(" — ")[0] in w.statusBar().currentMessage()


@quiet
def test_enter_accepts_as_a_suggested_highlight_and_ctrl_z_removes_it(padded, qtbot) -> None:
    w, c, article = padded
    w.reader.select_span(0, 0)
    qtbot.keyClick(w.reader, "j")
    qtbot.keyClick(w.reader, "j")
    s = c.selected()
    assert s is not None
    qtbot.keyClick(w.reader, Qt.Key.Key_Return)
    assert own_rows(w.library, article.id) == [(s.start, s.end, s.label, "suggested")]
    assert article.text[s.start : s.end] == w.library.highlights(article.id)[0].exact
    assert all((x.start, x.end) != (s.start, s.end) for x in c.visible)
    assert c.selected() is not None and c.selected().start > s.start  # went on to the next one
    qtbot.keyClick(w.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert own_rows(w.library, article.id) == []
    assert any((x.start, x.end) == (s.start, s.end) for x in c.visible)


@quiet
def test_label_key_relabels_a_proposal_as_the_readers_own_choice(padded, qtbot) -> None:
    w, c, article = padded
    filler = next(s for s in c.visible if s.label == "filler")
    c.reveal(filler)
    qtbot.keyClick(w.reader, "1")
    assert own_rows(w.library, article.id) == [(filler.start, filler.end, "fact", "manual")]
    fact = next(s for s in c.visible if s.label == "fact")
    c.reveal(fact)
    qtbot.keyClick(w.reader, "1")  # the proposed label's own key accepts it
    assert (fact.start, fact.end, "fact", "suggested") in own_rows(w.library, article.id)


@quiet
def test_esc_hides_the_proposal_and_teaches_the_opposite_label(padded, qtbot) -> None:
    w, c, article = padded
    s = next(x for x in c.visible if x.label == "filler" and "worth noting" in article.text[x.start : x.end])
    before_state = stored_model(w.library)
    before = score_of(w.library, article, (s.start, s.end))
    c.reveal(s)
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    assert all((x.start, x.end) != (s.start, s.end) for x in c.visible)
    assert own_rows(w.library, article.id) == []
    assert stored_model(w.library) not in (None, before_state)
    assert score_of(w.library, article, (s.start, s.end)) < before  # towards fact
    c.rejected.clear()  # as in a new session: the rejection is read back from the library
    other = add_text(w.library, "Something else entirely. It was said.", title="Other")
    w.open_article(other.id)
    w.open_article(article.id)
    assert all((x.start, x.end) != (s.start, s.end) for x in c.visible)


@quiet
def test_a_hand_painted_sentence_is_learned_at_once(padded, qtbot) -> None:
    w, c, article = padded
    s = next(x for x in c.visible if x.label == "fact")
    before = score_of(w.library, article, (s.start, s.end))
    w.reader.select_span(s.start, s.end)
    qtbot.keyClick(w.reader, "2")  # the reader says: filler
    assert score_of(w.library, article, (s.start, s.end)) > before
    scored = next(x for x in c.scored if (x.start, x.end) == (s.start, s.end))
    assert scored.score > s.score  # the proposals were scored again with what was learned


@quiet
def test_accept_all_above_paints_exactly_those_in_one_undo_step(padded) -> None:
    w, c, article = padded
    threshold = 0.95
    expected = {(s.start, s.end, "filler") for s in c.visible if s.label == "filler" and s.score >= threshold}
    assert 0 < len(expected) < sum(1 for s in c.visible if s.label == "filler")
    steps = w.undo_stack.count()
    before_state = stored_model(w.library)
    assert c.accept_above(threshold) == len(expected)
    c.queue.drain()  # many decisions are learned a few per event-loop turn
    assert stored_model(w.library) not in (None, before_state)
    rows = own_rows(w.library, article.id)
    assert {(a, b, lab) for a, b, lab, _o in rows} == expected
    assert {o for *_x, o in rows} == {"suggested"}
    assert w.undo_stack.count() == steps + 1
    w.undo_stack.undo()
    assert own_rows(w.library, article.id) == []


@quiet
def test_accept_all_dialog_counts_live(padded, qtbot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from reader.ui.suggestions_dialog import AcceptAboveDialog

    w, c, _article = padded
    dlg = AcceptAboveDialog(c, w)
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dlg.spin.setValue(0.5)
    n_all = len(c.above(0.5))
    assert f"<b>{n_all}</b>" in dlg.count.text() and ok.isEnabled()
    dlg.spin.setValue(0.99)
    assert f"<b>{len(c.above(0.99))}</b>" in dlg.count.text()
    dlg.facts.setChecked(True)
    assert len(c.above(0.99, facts=True)) > len(c.above(0.99))
    assert f"<b>{len(c.above(0.99, facts=True))}</b>" in dlg.count.text()
    dlg.spin.setValue(1.0)
    dlg.facts.setChecked(False)
    assert ok.isEnabled() == bool(c.above(1.0))


@quiet
def test_reset_forgets_what_was_learned(padded, qtbot) -> None:
    w, c, article = padded
    s = next(x for x in c.visible if x.label == "filler")
    default = score_of(w.library, article, (s.start, s.end))
    c.reveal(s)
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    assert score_of(w.library, article, (s.start, s.end)) != default
    c.reset_model()
    assert score_of(w.library, article, (s.start, s.end)) == pytest.approx(default)
    assert any((x.start, x.end) == (s.start, s.end) for x in c.visible)  # rejected ones come back


@quiet
def test_s_toggles_and_another_article_gets_its_own_proposals(padded, ui_library, qtbot) -> None:
    w, c, _article = padded
    other = add_text(ui_library, "Nothing here is specific. It is all just talk, really.", title="Talk")
    qtbot.keyClick(w.reader, "s")
    assert not c.enabled
    qtbot.keyClick(w.reader, "s")
    assert c.enabled and c.visible
    w.open_article(other.id)
    assert {s.start for s in c.visible} <= {a for a, _b in sentence_spans(w.article.text)}
    assert w.reader.extra_layers[LAYER][0][0] == c.visible[0].start


@quiet
def test_a_very_long_article_is_scored_in_the_background(main_window, ui_library, qtbot) -> None:
    paragraphs = [PADDED.replace("Nerimar", f"Nerimar {i}") for i in range(SYNC_CHARS // len(PADDED) + 2)]
    article = add_text(ui_library, "\n\n".join(paragraphs), title="Long")
    main_window.suggestions.set_enabled(True)
    main_window.open_article(article.id)
    c = main_window.suggestions
    assert c.pending and not c.visible  # nothing blocked the window
    qtbot.waitUntil(lambda: not c.pending and bool(c.visible), timeout=20000)
    assert len(c.visible) == len(suggest(article.text, model=c.model, blocks=article.blocks))


@quiet
def test_hovering_a_proposal_explains_it(padded, qtbot) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    w, c, _article = padded
    s = next(x for x in c.visible if x.label == "filler")
    cursor = QTextCursor(w.reader.document())
    cursor.setPosition(w.reader.umap.to_pos(s.start + 3))
    w.reader.select_span(s.start, s.start, center=True)
    pos = w.reader.cursorRect(cursor).center() + QPoint(0, 1)
    vp = w.reader.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QHelpEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert QToolTip.text().startswith("Suggested: " + describe(s).split(" — ")[0])


@quiet
def test_reset_asks_first_and_the_toggle_is_remembered(padded, ui_settings, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.window import MainWindow

    w, c, _article = padded
    s = next(x for x in c.visible if x.label == "filler")
    c.reveal(s)
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    learned = stored_model(w.library)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Reset])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    c.act_reset.trigger()  # Tools ▸ Reset Suggestion Model…, cancelled
    assert stored_model(w.library) == learned
    c.act_reset.trigger()
    assert stored_model(w.library) is None
    again = MainWindow(w.library, ui_settings)
    qtbot.addWidget(again)
    assert again.suggestions.enabled  # on, as the first window left it
