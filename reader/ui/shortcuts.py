"""Help ▸ Keyboard Shortcuts: every key Sift answers to, grouped, read from the window's own actions.

The article's painting and suggestion keys are listed by hand (they are handled in key events, not actions);
everything in the menus and in the lists' key actions is read from the actions themselves, so a new
shortcut shows up here without anyone remembering to add it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout

if TYPE_CHECKING:
    from reader.ui.window import MainWindow

Row = tuple[str, str]  # (keys, what they do)


KEY_WORDS = ("Esc", "Del", "Backspace", "Return", "Enter", "Tab", "Space", "Ins", "Home", "End")


def typeable(text: str) -> bool:
    """False for keys only special keyboards have ("Open", "Undo", "Zoom In"… from platform bindings)."""
    if text.startswith("Alt+") and text.endswith("Backspace"):  # legacy undo/redo keys nobody looks for
        return False
    last = text.rsplit("+", 1)[-1] if len(text) > 1 else text
    return len(last) == 1 or last in KEY_WORDS or (last[:1] == "F" and last[1:].isdigit()) or "+" in text


def _keys(action: QAction) -> str:
    """The action's shortcuts as the user types them ("Ctrl+L", "F3 or Shift+F3"…), or its "\\tKey" hint."""
    seqs = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]
    if not seqs and "\t" in action.text():
        seqs = [action.text().split("\t", 1)[1]]
    return " or ".join(list(dict.fromkeys(k for k in seqs if typeable(k)))[:2])


def _name(action: QAction) -> str:
    """The action's menu text without mnemonics, key hints or a trailing ellipsis."""
    return action.text().split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def article_rows(window: MainWindow) -> list[Row]:
    """Keys handled by the article page itself."""
    rows: list[Row] = [(lb.key, f"Paint the selection as {lb.name}") for lb in window.labels if lb.key]
    rows += [
        ("0 or Backspace", "Erase labels from the selection"),
        ("N", "Add or edit the note of the highlight at the cursor"),
        ("Alt+click", "Paint the sentence under the pointer"),
        ("Click", "In sentence mode: paint (or unpaint) the sentence"),
        ("Shift+arrows", "Select text with the keyboard (selections snap to whole words)"),
    ]
    return rows


def suggestion_rows(window: MainWindow) -> list[Row]:
    """Keys of View ▸ Suggestions (in the article)."""
    controller = getattr(window, "suggestions", None)
    toggle = getattr(controller, "act_toggle", None)
    key = _keys(toggle) if toggle is not None else ""
    label_keys = " / ".join(lb.key for lb in window.labels if lb.key) or "1 / 2"
    return [
        ("S" + (f" or {key}" if key else ""), "Show or hide suggestions"),
        ("J / K", "Next / previous suggestion"),
        ("Enter", "Accept the selected suggestion"),
        ("Esc", "Reject it (Sift learns from that too)"),
        (label_keys, "Paint it with that label instead"),
    ]


def list_rows(window: MainWindow) -> list[Row]:
    """Keys of the library list, the highlights list and the find bar."""
    rows: list[Row] = []
    for where, widget in (
        ("Library list", window.library_pane.view),
        ("Highlights list", window.highlights_pane.view),
    ):
        for a in widget.actions():
            keys = _keys(a)
            if keys:
                rows.append((keys, f"{where}: {_name(a)}"))
    rows += [
        ("Enter / Shift+Enter", "Find bar: next / previous match"),
        ("Esc", "Find bar: close it"),
    ]
    return rows


def menu_rows(menu: QMenu, path: str = "") -> list[Row]:
    """Every action with a shortcut in ``menu`` and its submenus, as (keys, "Menu ▸ Action")."""
    rows: list[Row] = []
    title = _name(menu.menuAction())
    where = f"{path} ▸ {title}" if path else title
    for a in menu.actions():
        if a.isSeparator():
            continue
        if a.menu() is not None:
            rows += menu_rows(a.menu(), where)
            continue
        keys = _keys(a)
        if keys and not (len(keys) == 1 and keys.isalnum()):  # single keys act in the article: listed above
            rows.append((keys, f"{_name(a)} <span class='where'>({html.escape(where)})</span>"))
    return rows


def sections(window: MainWindow) -> list[tuple[str, list[Row]]]:
    """The groups shown, in order."""
    menus: list[Row] = []
    seen: set[str] = set()
    for a in window.menuBar().actions():
        if a.menu() is not None:
            for keys, text in menu_rows(a.menu()):
                if (keys, text) not in seen:
                    seen.add((keys, text))
                    menus.append((keys, text))
    return [
        ("In the article", article_rows(window)),
        ("Suggestions", suggestion_rows(window)),
        ("Menus", menus),
        ("Lists and find bar", list_rows(window)),
    ]


def shortcuts_html(window: MainWindow) -> str:
    """The whole list as rich text: one table, keys on the left, a heading row per group."""
    pal = window.palette()
    dim = pal.color(pal.ColorRole.PlaceholderText).name()
    parts = [
        "<style>td{padding:3px 12px 3px 0;vertical-align:top} td.k{white-space:nowrap;font-weight:600}"
        f" td.h{{padding:16px 0 4px 0;font-size:large;font-weight:600}} .where{{color:{dim}}}</style>"
        "<table width='100%' cellspacing='0'>"
    ]
    for title, rows in sections(window):
        if not rows:
            continue
        parts.append(f"<tr><td class='h' colspan='2'>{html.escape(title)}</td></tr>")
        for keys, text in rows:
            escaped = text if "<span" in text else html.escape(text)
            parts.append(f"<tr><td class='k' width='30%'>{html.escape(keys)}</td><td>{escaped}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class ShortcutsDialog(QDialog):
    """A scrollable list of every shortcut; Esc or Close dismisses it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setHtml(shortcuts_html(window))
        self.text.document().setDocumentMargin(14)
        self.text.setAccessibleName("Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 10)
        lay.addWidget(self.text, 1)
        row = QVBoxLayout()
        row.setContentsMargins(14, 0, 14, 0)
        row.addWidget(buttons)
        lay.addLayout(row)
        self.resize(600, 660)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
