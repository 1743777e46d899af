"""Preferences ▸ Annotator reads and writes the library's annotator name (Settings only mirrors it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.anchors import make_quote
from reader.paint import Highlight
from reader.store import Library
from tests.ui.conftest import add_text

pytestmark = pytest.mark.gui


def test_preferences_annotator_round_trips_to_the_library(
    main_window, ui_library, ui_settings, qtbot
) -> None:
    from reader.ui.dialogs.preferences import PreferencesDialog

    ui_settings.set("annotator", "stale settings name")  # the library's name wins over the setting
    dlg = PreferencesDialog(main_window)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.annotator.text() == ui_library.annotator != "stale settings name"
    dlg.annotator.setText("  Ada   Reader ")
    qtbot.keyClick(dlg.annotator, Qt.Key.Key_Return)
    assert ui_library.annotator == "Ada Reader" and ui_settings.annotator == "Ada Reader"
    with Library(ui_library.path) as again:  # stored in the library file itself
        assert again.annotator == "Ada Reader"
    dlg.close()
    dlg2 = PreferencesDialog(main_window)
    qtbot.addWidget(dlg2)
    assert dlg2.annotator.text() == "Ada Reader"


def test_a_name_an_imported_annotator_has_is_refused_with_the_cores_sentence(
    main_window, ui_library, qtbot
) -> None:
    from reader.ui.dialogs.preferences import PreferencesDialog

    a = add_text(ui_library, "Nets caught fish daily.")
    exact, prefix, suffix = make_quote(a.text, 0, 4)
    ui_library.add_highlights(
        a.id, [Highlight(None, a.id, "fact", 0, 4, exact, prefix, suffix, annotator="Bo")]
    )
    mine = ui_library.annotator
    dlg = PreferencesDialog(main_window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.annotator.setText("Bo")
    qtbot.keyClick(dlg.annotator, Qt.Key.Key_Return)
    assert ui_library.annotator == mine and dlg.annotator.text() == mine
    assert dlg.annotator_error.isVisibleTo(dlg) and "annotator named 'Bo'" in dlg.annotator_error.text()
    dlg.annotator.setText("Cy")
    qtbot.keyClick(dlg.annotator, Qt.Key.Key_Return)
    assert ui_library.annotator == "Cy" and not dlg.annotator_error.isVisibleTo(dlg)
