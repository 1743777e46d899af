"""Every theme keeps highlighted text readable (WCAG contrast), for default and user colours."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from reader.models import DEFAULT_LABELS
from reader.ui import themes

pytestmark = pytest.mark.gui

USER_COLOURS = [
    "#000000",
    "#ffffff",
    "#ffff00",
    "#0000ff",
    "#ff0000",
    "#00ff00",
    "#808080",
    "#7f00ff",
    "#3b2f22",
    "#e4e1da",
    "not-a-colour",
]


def test_contrast_formula_matches_wcag_reference_values(qapp) -> None:
    assert themes.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert themes.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert themes.contrast(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("theme", list(themes.THEMES.values()), ids=list(themes.THEMES))
@pytest.mark.parametrize("color", [c for _n, c, _k in DEFAULT_LABELS] + USER_COLOURS)
def test_highlighted_text_is_readable(qapp, theme, color) -> None:
    c = themes.label_colors(theme, color)
    assert themes.contrast(c.background, c.text) >= themes.MIN_TEXT_CONTRAST
    # Quotes and captions (dim text) and links inside a highlight stay readable too.
    assert themes.contrast(c.background, QColor(theme.dim)) >= themes.MIN_TEXT_CONTRAST
    assert themes.contrast(c.background, QColor(theme.link)) >= themes.MIN_TEXT_CONTRAST
    # The underline (the colour-blind cue's colour) stands out from the page.
    assert themes.contrast(c.underline, QColor(theme.base)) >= themes.MIN_MARK_CONTRAST - 0.05


@pytest.mark.parametrize("theme", list(themes.THEMES.values()), ids=list(themes.THEMES))
def test_body_text_and_links_are_readable(qapp, theme) -> None:
    base = QColor(theme.base)
    assert themes.contrast(QColor(theme.text), base) >= 7.0
    assert themes.contrast(QColor(theme.link), base) >= themes.MIN_TEXT_CONTRAST
    assert themes.contrast(QColor(theme.dim), base) >= themes.MIN_TEXT_CONTRAST
    assert themes.contrast(QColor(theme.selection_text), QColor(theme.selection)) >= themes.MIN_TEXT_CONTRAST


def test_fact_and_filler_backgrounds_differ_in_every_theme(qapp) -> None:
    for theme in themes.THEMES.values():
        fact = themes.label_colors(theme, DEFAULT_LABELS[0][1]).background
        filler = themes.label_colors(theme, DEFAULT_LABELS[1][1]).background
        assert fact.name() != filler.name()


def test_ensure_contrast_moves_lightness_until_it_passes(qapp) -> None:
    out = themes.ensure_contrast(QColor("#555555"), QColor("#111111"))
    assert themes.contrast(out, QColor("#111111")) >= 4.5
    assert out.lightness() > QColor("#555555").lightness()
    out = themes.ensure_contrast(QColor("#aaaaaa"), QColor("#f0f0f0"))
    assert themes.contrast(out, QColor("#f0f0f0")) >= 4.5
    assert out.lightness() < QColor("#aaaaaa").lightness()


def test_apply_theme_sets_the_palette(qapp, ui_settings) -> None:
    ui_settings.theme = "dark"
    theme = themes.apply_theme(qapp, ui_settings)
    assert theme.dark
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == themes.THEMES["dark"].base
    ui_settings.theme = "sepia"
    themes.apply_theme(qapp, ui_settings)
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == themes.THEMES["sepia"].base
    ui_settings.theme = "light"
    themes.apply_theme(qapp, ui_settings)


def test_system_theme_follows_the_color_scheme(qapp) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    expect = "dark" if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"
    assert themes.resolve_theme("system").name == expect


def test_reading_font_falls_back_to_an_installed_family(qapp) -> None:
    from PySide6.QtGui import QFontDatabase

    font = themes.reading_font("", 15)
    assert font.pointSizeF() == 15
    assert font.family() in QFontDatabase.families()
    assert themes.reading_font("No Such Font Family", 12).family() == "No Such Font Family"
