"""The floor under Sift's start-up: a plain PySide window with the widgets of Sift's first frame.

:mod:`bench.gui` runs this file's text like its bare window (and appends what shows it). It builds
what Sift's first paint shows (menu bar, toolbar with label chips, the library pane with 80 rows
painted by a Python delegate, the centre's hint and empty page, the highlights pane's head, the status
bar, Fusion with a palette and a small app stylesheet) and none of Sift's code (no library, no Sift
module). What Sift measures above this is Sift's own work; what this measures above the bare window is
what PySide and Qt charge for the widgets (creating the Qt namespace's enums alone takes ~15 ms).
"""

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyledItemDelegate,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

STYLESHEET = (
    "QToolBar { border: none; spacing: 4px; } QListView { border: none; } "
    "QLabel#title { color: #555; font-weight: 600; } QStatusBar { color: #666; } "
    "QLineEdit { padding: 4px 8px; border: 1px solid #ccc; border-radius: 6px; }"
)


class Rows(QAbstractListModel):
    """Eighty article titles."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = [f"Council report {i}: harbour plan\n28 Nov 2026 · news.example.org" for i in range(80)]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.rows[index.row()] if role == Qt.ItemDataRole.DisplayRole else None


class RowPainter(QStyledItemDelegate):
    """Two lines of text per row, drawn in Python like Sift's rows."""

    def sizeHint(self, option, index) -> QSize:
        return QSize(200, 78)

    def paint(self, painter, option, index) -> None:
        painter.drawText(option.rect.adjusted(10, 8, -10, -8), Qt.TextFlag.TextWordWrap, index.data())


def combo(parent: QWidget, items: list[str]) -> QComboBox:
    box = QComboBox(parent)
    box.addItems(items)
    return box


app = QApplication([*sys.argv[:1], "-style", "Fusion"])
palette = QPalette()
for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Text):
    palette.setColor(role, QColor("#fafaf7"))
app.setPalette(palette)
app.setStyleSheet(STYLESHEET)
win = QMainWindow()
win.setWindowTitle("Sift")
for title in ("&File", "&Edit", "&Paint", "&View", "&Tools", "&Help"):
    menu = win.menuBar().addMenu(title)
    for i in range(6):
        action = QAction(f"Action {i}", win)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{i}"))
        menu.addAction(action)
bar = QToolBar("Main", win)
bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
win.addToolBar(bar)
chips = QActionGroup(win)
for text in ("Add URL", "Add File", "Fact 1", "Filler 2", "Erase 0", "Note N", "Sentences", "Suggest"):
    action = QAction(text, win, checkable=text.startswith("F"))
    if action.isCheckable():
        chip = QPixmap(32, 32)
        chip.fill(QColor("#7ccf8a"))
        action.setIcon(QIcon(chip))
        chips.addAction(action)
    bar.addAction(action)
spacer = QWidget(bar)
spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
bar.addWidget(spacer)
for text in ("Facts Only", "Dim Filler", "Export"):
    bar.addAction(QAction(text, win))
split = QSplitter(Qt.Orientation.Horizontal, win)
left = QWidget(split)
left_lay = QVBoxLayout(left)
left_lay.addWidget(QLineEdit(left, placeholderText="Search library"))
filters = QHBoxLayout()
filters.addWidget(combo(left, ["Inbox", "Unread", "Archived", "All articles", "Needs attention"]))
filters.addWidget(combo(left, ["All tags"]))
left_lay.addLayout(filters)
left_lay.addWidget(combo(left, ["Newest added", "Published", "Title", "Site", "Fact density", "Length"]))
view = QListView(left)
view.setModel(Rows())
view.setItemDelegate(RowPainter(view))
view.setUniformItemSizes(True)
view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
left_lay.addWidget(view, 1)
centre = QWidget(split)
centre_lay = QVBoxLayout(centre)
hint = QFrame(centre)
hint_lay = QHBoxLayout(hint)
hint_lay.addWidget(QLabel("Tip: select text, then press 1 for fact or 2 for filler.", hint), 1)
hint_lay.addWidget(QPushButton("Got it", hint))
centre_lay.addWidget(hint)
stack = QStackedWidget(centre)
empty = QLabel("<div style='font-size:15pt'>Nothing open</div><p>Pick an article on the left.</p>", stack)
empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
stack.addWidget(empty)
centre_lay.addWidget(stack, 1)
right = QWidget(split)
right_lay = QVBoxLayout(right)
head = QHBoxLayout()
title = QLabel("Highlights", right)
title.setObjectName("title")
head.addWidget(title, 1)
head.addWidget(combo(right, ["All labels", "Fact", "Filler"]))
right_lay.addLayout(head)
right_lay.addWidget(QLabel("Open an article to see its highlights.", right), 1)
split.setSizes([290, 760, 310])
win.setCentralWidget(split)
status = QStatusBar(win)
win.setStatusBar(status)
status.addPermanentWidget(QLabel("Painting: fact", status))
win.resize(1280, 800)

# bench.gui appends what shows ``win`` and reports its first paint (SHOW_AND_REPORT).
