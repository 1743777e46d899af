"""Light, dark and sepia themes: palette, stylesheet, reading font and readable label colours."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

STYLE = "Fusion"  # the same look on every desktop; the palette and stylesheet below colour it
MIN_TEXT_CONTRAST = 4.5  # WCAG AA for body text
MIN_MARK_CONTRAST = 3.0  # WCAG non-text contrast (underlines against the page)

READING_FONTS = (
    "Charter",
    "Iowan Old Style",
    "Source Serif 4",
    "Source Serif Pro",
    "Literata",
    "Georgia",
    "Noto Serif",
    "Charis SIL",
    "Liberation Serif",
    "DejaVu Serif",
)
UI_FONTS = ("Inter", "Cantarell", "Noto Sans", "Segoe UI", "Helvetica Neue", "DejaVu Sans")
MONO_FONTS = ("JetBrains Mono", "Source Code Pro", "Noto Sans Mono", "Menlo", "Consolas", "DejaVu Sans Mono")


class Theme(NamedTuple):  # (a NamedTuple: made in a tenth of a frozen dataclass's time at start-up)
    """The colours of one theme (hex strings)."""

    name: str
    dark: bool
    window: str  # panes, toolbars
    base: str  # the reading page
    text: str
    dim: str  # secondary text (meta lines, captions)
    faint: str  # separators, dimmed filler
    accent: str
    link: str
    selection: str
    selection_text: str
    pane: str  # library/highlight lists background
    code_bg: str


THEMES: dict[str, Theme] = {
    "light": Theme(
        "light",
        False,
        "#f3f2ef",
        "#fdfcfa",
        "#1d1f23",
        "#5f6368",
        "#a6a29a",
        "#2f6bd8",
        "#1f5fbf",
        "#b9d3fb",
        "#111317",
        "#f7f6f3",
        "#f0eee9",
    ),
    "dark": Theme(
        "dark",
        True,
        "#1b1c1f",
        "#222327",
        "#e4e1da",
        "#a3a09a",
        "#6a6863",
        "#7aa7f5",
        "#8ab4f8",
        "#34507e",
        "#f4f2ee",
        "#1e1f22",
        "#2c2d31",
    ),
    "sepia": Theme(
        "sepia",
        False,
        "#ece3cf",
        "#f6efdf",
        "#3b2f22",
        "#6e5d48",
        "#a8977c",
        "#9a5a1e",
        "#84450f",
        "#e3cf9f",
        "#2a2017",
        "#f1e8d5",
        "#ebe0c6",
    ),
}


# The calm amber of "needs attention" (text, stripes, markers) in light and dark themes.
ATTENTION = {False: "#9a5b00", True: "#e3b05c"}


def attention_color(theme: Theme) -> QColor:
    """The accent of highlights that need attention in ``theme``."""
    return QColor(ATTENTION[theme.dark])


def resolve_theme(name: str) -> Theme:
    """Return the theme called ``name``; ``system`` follows the desktop's light/dark scheme."""
    if name == "system" or name not in THEMES:
        scheme = QGuiApplication.styleHints().colorScheme() if QGuiApplication.instance() else None
        return THEMES["dark" if scheme == Qt.ColorScheme.Dark else "light"]
    return THEMES[name]


# --- WCAG contrast -------------------------------------------------------------------------------


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def chan(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(color.redF()) + 0.7152 * chan(color.greenF()) + 0.0722 * chan(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1..21)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Blend ``a`` toward ``b`` by ``t`` (0 = a, 1 = b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _with_lightness(color: QColor, lightness: float) -> QColor:
    """The same hue and saturation at HSL ``lightness`` (0..1)."""
    h, s, _l, _a = color.getHslF()
    return QColor.fromHslF(max(h, 0.0), s, min(max(lightness, 0.0), 1.0))


def ensure_contrast(bg: QColor, fg: QColor | Sequence[QColor], minimum: float = MIN_TEXT_CONTRAST) -> QColor:
    """Move ``bg``'s lightness away from text colour(s) ``fg`` until each contrast reaches ``minimum``."""
    fgs = [fg] if isinstance(fg, QColor) else list(fg)

    def ok(c: QColor) -> bool:
        return all(contrast(c, f) >= minimum for f in fgs)

    if ok(bg):
        return QColor(bg)
    lighter = luminance(fgs[0]) < 0.18  # dark text: lighten the background, light text: darken it
    _h, _s, light, _a = bg.getHslF()
    step = 0.01 if lighter else -0.01
    out = QColor(bg)
    for _ in range(101):
        light += step
        out = _with_lightness(bg, light)
        if ok(out) or not 0.0 <= light <= 1.0:
            break
    return out


class LabelColors(NamedTuple):
    """How one label is drawn in one theme: background, text colour and underline colour."""

    background: QColor
    text: QColor
    underline: QColor


@lru_cache(maxsize=256)
def _label_colors(theme: Theme, color: str) -> LabelColors:
    base, text = QColor(theme.base), QColor(theme.text)
    c = QColor(color) if QColor.isValidColorName(color) else QColor("#c8c8c8")
    if theme.dark:
        bg = mix(base, c, 0.42)
    elif theme.name == "sepia":
        bg = mix(base, c, 0.62)
    else:
        bg = mix(base, c, 0.7)
    bg = ensure_contrast(bg, [text, QColor(theme.dim), QColor(theme.link)])
    line = QColor(c)
    # The underline must stand out from the page: darken (light themes) or lighten (dark) the hue.
    _h, _s, light, _a = line.getHslF()
    step = 0.02 if theme.dark else -0.02
    for _ in range(50):
        if contrast(line, base) >= MIN_MARK_CONTRAST:
            break
        light += step
        line = _with_lightness(c, light)
    return LabelColors(bg, QColor(text), line)


def label_colors(theme: Theme, color: str) -> LabelColors:
    """Readable colours for a label of colour ``color`` (the light-theme highlight) in ``theme``.

    The background keeps body text, dim text (quotes, captions) and links at WCAG AA contrast.
    """
    return _label_colors(theme, color)


# --- fonts ---------------------------------------------------------------------------------------


@cache
def _installed_families() -> frozenset[str]:
    """The font families Qt knows (asked once: the font database is slow to list)."""
    return frozenset(QFontDatabase.families())


@cache
def _first_family(candidates: tuple[str, ...], fallback: QFont.StyleHint) -> str:
    have = _installed_families()
    for name in candidates:
        if name in have:
            return name
    f = QFont()
    f.setStyleHint(fallback)
    return f.defaultFamily()


def reading_font(family: str = "", size: int = 13) -> QFont:
    """The body font of the reader: ``family`` or the best installed serif, at ``size`` points."""
    font = QFont(family or _first_family(READING_FONTS, QFont.StyleHint.Serif))
    font.setPointSizeF(max(6, min(size, 48)))
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def mono_family() -> str:
    """The monospace family used for code and ``pre`` blocks."""
    return _first_family(MONO_FONTS, QFont.StyleHint.Monospace)


def ui_family() -> str:
    """The family used for headings in panes."""
    return _first_family(UI_FONTS, QFont.StyleHint.SansSerif)


# --- palette and stylesheet ------------------------------------------------------------------------


def palette(theme: Theme) -> QPalette:
    """The application palette of ``theme``."""
    p = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.pane,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.BrightText: "#ffffff" if not theme.dark else "#000000",
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.LinkVisited: theme.link,
        QPalette.ColorRole.PlaceholderText: theme.dim,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Light: theme.base,
        QPalette.ColorRole.Midlight: theme.pane,
        QPalette.ColorRole.Mid: theme.faint,
        QPalette.ColorRole.Dark: theme.dim,
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Accent: theme.accent,
    }
    for role, value in roles.items():
        p.setColor(role, c(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c(theme.faint))
    return p


def stylesheet(theme: Theme) -> str:
    """A small stylesheet for what the palette cannot express (borders, paddings)."""
    rule = mix(QColor(theme.window), QColor(theme.faint), 0.6).name()
    return f"""
QMainWindow::separator {{ width: 1px; height: 1px; background: {theme.faint}; }}
QSplitter::handle {{ background: {theme.window}; }}
QSplitter::handle:horizontal {{ width: 1px; background: {rule}; }}
QToolBar {{ border: none; spacing: 4px; padding: 3px 6px; background: {theme.window}; }}
QToolBar QToolButton {{ padding: 3px 8px; border-radius: 5px; }}
QToolBar QToolButton:checked {{ background: {theme.pane}; border: 1px solid {theme.faint}; }}
QStatusBar {{ color: {theme.dim}; }}
QStatusBar::item {{ border: none; }}
QLineEdit {{ padding: 4px 8px; border: 1px solid {theme.faint}; border-radius: 6px;
             background: {theme.base}; selection-background-color: {theme.selection}; }}
QLineEdit:focus {{ border: 1px solid {theme.accent}; }}
QListView, QTreeView {{ border: none; background: {theme.pane}; outline: 0; }}
QTextBrowser {{ border: none; }}
QComboBox {{ padding: 2px 6px; }}
QLabel#paneTitle {{ color: {theme.dim}; font-weight: 600; padding: 8px 10px 2px 10px; }}
QFrame#hintBanner {{ background: {theme.pane}; border-bottom: 1px solid {theme.faint}; }}
QFrame#findBar {{ background: {theme.window}; border-top: 1px solid {theme.faint}; }}
"""


def apply_theme(app: QApplication, settings) -> Theme:
    """Apply the theme chosen in ``settings`` to the whole application and return it."""
    theme = resolve_theme(settings.theme)
    if app.property("siftTheme") == theme.name:
        return theme  # already applied: restyling every widget again is slow
    if app.font().family() in ("", "Sans Serif", "DejaVu Sans") and ui_family() != app.font().family():
        ui = QFont(ui_family())
        ui.setPointSizeF(max(app.font().pointSizeF(), 9.5))
        app.setFont(ui)
    if app.property("siftStyle") != STYLE:
        app.setStyle(STYLE)
        app.setProperty("siftStyle", STYLE)
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))
    app.setProperty("siftTheme", theme.name)
    return theme


@cache
def app_icon() -> QIcon:
    """Sift's application icon (SVG plus PNG sizes from resources/icons)."""
    from reader import paths

    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = folder / f"sift-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = folder / "sift.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
