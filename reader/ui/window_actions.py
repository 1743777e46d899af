"""The main window's actions, menus and toolbars (standard shortcuts wherever Qt has one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolBar, QToolButton, QWidget

from reader.models import Label
from reader.ui import themes
from reader.ui.label_cues import label_cue

if TYPE_CHECKING:
    from reader.ui.window import MainWindow

SK = QKeySequence.StandardKey
SUGGEST_SHORTCUT = "Ctrl+Shift+G"  # View ▸ Suggestions (reader/ui/suggestions.py)
THEME_NAMES = (("system", "Follow the System"), ("light", "Light"), ("dark", "Dark"), ("sepia", "Sepia"))


def _seq(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's key(s) for ``standard``, or ``fallback`` where the platform has none."""
    keys = QKeySequence.keyBindings(standard)
    return keys or [QKeySequence(fallback)]


def label_icon(theme: themes.Theme, label: Label, labels: list[Label], size: int = 16) -> QIcon:
    """A chip in the label's colour with its underline style drawn below, crisp at any scale."""
    ratio = 2.0 if QApplication.instance() is None else max(2.0, QApplication.instance().devicePixelRatio())
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    colors = themes.label_colors(theme, label.color)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colors.background)
    p.drawRoundedRect(QRectF(1, 1, size - 2, size - 6), 3, 3)
    pen = QPen(colors.underline, 1.6)
    pen.setStyle(
        {
            "dotted underline": Qt.PenStyle.DotLine,
            "dashed underline": Qt.PenStyle.DashLine,
            "dash-dot underline": Qt.PenStyle.DashDotLine,
            "dash-dot-dot underline": Qt.PenStyle.DashDotDotLine,
        }.get(label_cue(label, labels), Qt.PenStyle.SolidLine)
    )
    p.setPen(pen)
    p.drawLine(QPointF(1, size - 2.5), QPointF(size - 1, size - 2.5))
    p.end()
    return QIcon(pm)


def build_actions(w: MainWindow) -> None:
    """Create every action, the menu bar and the toolbars of ``w``."""

    def act(text: str, slot, keys=None, tip: str = "", checkable: bool = False) -> QAction:
        a = QAction(text, w)
        if keys:
            a.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        a.setCheckable(checkable)
        (a.toggled if checkable else a.triggered).connect(slot)
        return a

    w.act_add_url = act("Add &URL…", w.on_add_url, "Ctrl+L", "Add articles from web addresses (Ctrl+L)")
    w.act_add_file = act(
        "Add &File…", w.on_add_file, _seq(SK.Open, "Ctrl+O"), "Add HTML or text files (Ctrl+O)"
    )
    w.act_export = act(
        "&Export…", w.on_export, "Ctrl+E", "Export highlights as CSV, JSON or Markdown (Ctrl+E)"
    )
    w.act_logins = act("Site &Logins…", w.on_logins)
    w.act_archive = act(
        "&Archive Article", w.on_archive, "Ctrl+Shift+A", "Archive or unarchive the open article"
    )
    w.act_unread = act("Mark as &Unread", w.on_mark_unread, "Ctrl+Shift+U")
    w.act_delete_article = act("&Delete Article…", w.on_delete_current)
    w.act_quit = act("&Quit", w.close, _seq(SK.Quit, "Ctrl+Q"))
    w.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

    w.act_undo = w.undo_stack.createUndoAction(w, "&Undo")
    w.act_undo.setShortcuts(_seq(SK.Undo, "Ctrl+Z"))
    w.act_redo = w.undo_stack.createRedoAction(w, "&Redo")
    w.act_redo.setShortcuts(_seq(SK.Redo, "Ctrl+Shift+Z"))
    if QKeySequence("Ctrl+Shift+Z") not in w.act_redo.shortcuts():
        w.act_redo.setShortcuts([*w.act_redo.shortcuts(), QKeySequence("Ctrl+Shift+Z")])
    w.act_find = act("&Find in Article…", w.on_find, _seq(SK.Find, "Ctrl+F"))
    w.act_find_next = act("Find &Next", lambda: w.find_bar.find(forward=True), _seq(SK.FindNext, "F3"))
    w.act_find_prev = act(
        "Find Pre&vious",
        lambda: w.find_bar.find(forward=False),
        # Linux binds Ctrl+Shift+G here too, which would make the Suggestions toggle's key ambiguous (dead).
        [k for k in _seq(SK.FindPrevious, "Shift+F3") if k != QKeySequence("Ctrl+Shift+G")],
    )
    w.act_note = act("Add or Edit &Note\tN", w.on_note_action, tip="Note on the highlight at the cursor (N)")
    w.act_erase = act(
        "&Erase Label\t0", w.on_erase_action, tip="Remove labels from the selection (0 or Backspace)"
    )
    w.act_labels = act("&Labels…", w.on_labels, tip="Add, rename and recolour labels")
    w.act_prefs = act("&Preferences…", w.on_preferences, _seq(SK.Preferences, "Ctrl+,"))
    w.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)

    w.theme_group = QActionGroup(w)
    w.theme_actions = {}
    for key, text in THEME_NAMES:
        a = QAction(text, w, checkable=True)
        a.setData(key)
        a.setChecked(w.settings.theme == key)
        a.triggered.connect(lambda _c=False, k=key: w.settings.set("theme", k))
        w.theme_group.addAction(a)
        w.theme_actions[key] = a
    w.act_facts_only = act(
        "&Facts Only",
        w.on_facts_only,
        "Ctrl+Shift+F",
        "Show only the fact passages of the article (Ctrl+Shift+F)",
        checkable=True,
    )
    w.act_dim_filler = act(
        "&Dim Filler",
        w.on_dim_filler,
        "Ctrl+Shift+D",
        "Grey out filler in place instead of colouring it (Ctrl+Shift+D)",
        checkable=True,
    )
    w.act_sentence_mode = act(
        "&Sentence Mode",
        w.on_sentence_mode,
        "Ctrl+Shift+S",
        "Click a sentence (or press a label key) to paint the whole sentence (Ctrl+Shift+S)",
        checkable=True,
    )
    w.act_zoom_in = act("Larger Text", lambda: w.zoom(+1), _seq(SK.ZoomIn, "Ctrl++"))
    w.act_zoom_out = act("Smaller Text", lambda: w.zoom(-1), _seq(SK.ZoomOut, "Ctrl+-"))
    w.act_show_library = act("Library Pane", w.library_pane.setVisible, "Ctrl+Shift+L", checkable=True)
    w.act_show_highlights = act(
        "Highlights Pane", w.highlights_pane.setVisible, "Ctrl+Shift+H", checkable=True
    )
    w.act_fullscreen = act("Full Screen", w.on_fullscreen, _seq(SK.FullScreen, "F11"), checkable=True)
    w.act_focus_search = act("Search Library", w.on_focus_search, "Ctrl+K")
    w.act_shortcuts = act("&Keyboard Shortcuts", w.on_show_shortcuts, _seq(SK.HelpContents, "F1"))
    w.act_about = act("&About Sift", w.on_about)
    w.act_about.setMenuRole(QAction.MenuRole.AboutRole)
    w.act_about_qt = act("About &Qt", QApplication.aboutQt)
    # The suggestions controller (made after the first paint) drives this toggle and fills Tools.
    w.act_suggest = QAction("Su&ggestions", w, checkable=True)
    w.act_suggest.setShortcut(QKeySequence(SUGGEST_SHORTCUT))
    w.act_suggest.setIconText("Suggest")
    w.act_suggest.setToolTip(f"Propose fact or filler for every sentence ({SUGGEST_SHORTCUT} or S)")
    w.act_suggest.setStatusTip(w.act_suggest.toolTip())

    mb = w.menuBar()
    m = mb.addMenu("&File")
    for a in (
        w.act_add_url,
        w.act_add_file,
        None,
        w.act_export,
        None,
        w.act_archive,
        w.act_unread,
        w.act_delete_article,
        None,
        w.act_logins,
        None,
        w.act_quit,
    ):
        m.addSeparator() if a is None else m.addAction(a)
    m = mb.addMenu("&Edit")
    for a in (
        w.act_undo,
        w.act_redo,
        None,
        w.act_find,
        w.act_find_next,
        w.act_find_prev,
        None,
        w.act_focus_search,
        None,
        w.act_prefs,
    ):
        m.addSeparator() if a is None else m.addAction(a)
    w.paint_menu = mb.addMenu("&Paint")
    m = w.view_menu = mb.addMenu("&View")
    tm = m.addMenu("&Theme")
    for a in w.theme_actions.values():
        tm.addAction(a)
    for a in (
        None,
        w.act_facts_only,
        w.act_dim_filler,
        None,
        w.act_zoom_in,
        w.act_zoom_out,
        None,
        w.act_show_library,
        w.act_show_highlights,
        w.act_fullscreen,
    ):
        m.addSeparator() if a is None else m.addAction(a)
    w.tools_menu = mb.addMenu("&Tools")
    m = mb.addMenu("&Help")
    for a in (w.act_shortcuts, None, w.act_about, w.act_about_qt):
        m.addSeparator() if a is None else m.addAction(a)

    tb = QToolBar("Main", w)
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setFloatable(False)
    tb.setIconSize(QSize(16, 16))
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.addToolBar(tb)
    w.main_toolbar = tb
    w.act_add_url.setIconText("Add URL")
    w.act_add_file.setIconText("Add File")
    tb.addAction(w.act_add_url)
    tb.addAction(w.act_add_file)
    tb.addSeparator()
    w.label_anchor = tb.addSeparator()  # label actions go before this
    w.act_erase.setIconText("Erase  0")
    w.act_note.setIconText("Note  N")
    w.act_sentence_mode.setIconText("Sentences")
    tb.addAction(w.act_erase)
    tb.addAction(w.act_note)
    tb.addAction(w.act_sentence_mode)
    tb.addAction(w.act_suggest)
    spacer = QWidget(tb)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    tb.addWidget(spacer)
    tb.addAction(w.act_facts_only)
    tb.addAction(w.act_dim_filler)
    tb.addSeparator()
    tb.addAction(w.act_export)
    w.label_group = QActionGroup(w)
    w.label_actions = {}


def rebuild_label_actions(w: MainWindow) -> None:
    """(Re)create one checkable toolbar action and Paint-menu entry per label, showing its key and colour."""
    tb = w.main_toolbar
    for a in list(w.label_actions.values()):
        tb.removeAction(a)
        w.label_group.removeAction(a)
        a.deleteLater()
    w.label_actions = {}
    labels = w.labels
    icons = {lb.name: label_icon(w.theme, lb, labels) for lb in labels}  # toolbar and Paint menu
    for lb in labels:
        a = QAction(lb.name.capitalize(), w, checkable=True)
        a.setIcon(icons[lb.name])
        key = f"  {lb.key}" if lb.key else ""
        a.setIconText(f"{lb.name.capitalize()}{key}")
        style = label_cue(lb, labels)
        a.setToolTip(
            f"Paint the selection as {lb.name}" + (f" (key {lb.key})" if lb.key else "") + f" — {style}"
        )
        a.setData(lb.name)
        a.setChecked(lb.name == w.current_label)
        a.triggered.connect(lambda _c=False, name=lb.name: w.on_label_action(name))
        w.label_group.addAction(a)
        tb.insertAction(w.label_anchor, a)
        btn = tb.widgetForAction(a)
        if isinstance(btn, QToolButton):
            btn.setAccessibleName(f"{lb.name} label, key {lb.key}" if lb.key else f"{lb.name} label")
        w.label_actions[lb.name] = a
    m = w.paint_menu
    m.clear()
    for lb in labels:
        pa = QAction(f"Paint as {lb.name.capitalize()}" + (f"\t{lb.key}" if lb.key else ""), m)
        pa.setIcon(icons[lb.name])
        pa.triggered.connect(lambda _c=False, name=lb.name: w.on_label_action(name))
        m.addAction(pa)
    m.addSeparator()
    for a in (w.act_erase, w.act_note, w.act_sentence_mode):
        m.addAction(a)
    m.addSeparator()
    m.addAction(w.act_labels)
