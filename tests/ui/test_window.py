"""The window as a whole: start-up and first run, shortcuts, find, links, drops, themes, saved layout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDropEvent, QKeySequence, QPalette

from reader.blocks import Block, Inline
from tests.ui.conftest import add_blocks, add_text

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent.parent


def _run_app(db: Path, tmp_path: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        SIFT_EXIT_AFTER_PAINT="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        **(extra_env or {}),
    )
    code = "import sys, pathlib, reader.ui.app as a; sys.exit(a.run(pathlib.Path(sys.argv[1]), []))"
    return subprocess.run(
        [sys.executable, "-c", code, str(db)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


@pytest.mark.slow
def test_first_run_opens_the_sample_article_with_examples(tmp_path) -> None:
    from reader.store import Library

    db = tmp_path / "new" / "library.db"
    res = _run_app(db, tmp_path)
    assert res.returncode == 0, res.stderr
    assert any(
        line.startswith("first-paint-ms ") and float(line.split()[1]) > 0 for line in res.stdout.splitlines()
    )
    with Library(db) as lib:
        [summary] = lib.list_articles(archived=None)
        assert summary.title.startswith("Hillside nets")
        labels = sorted(h.label for h in lib.highlights(summary.id))
        assert labels == ["fact", "filler", "filler"]
        assert lib.get_article(summary.id).read  # it was opened
        lib.delete_article(summary.id)
    res = _run_app(db, tmp_path)  # not new any more: an empty library stays empty
    assert res.returncode == 0, res.stderr
    with Library(db) as lib:
        assert lib.article_count() == 0


def test_sample_examples_are_whole_sentences() -> None:
    from reader import paths
    from reader.extract import extract_html
    from reader.sentences import sentence_spans
    from reader.ui.sample import example_spans

    text = extract_html(paths.sample_article_path().read_bytes()).text
    spans = example_spans(text)
    assert [label for label, _s, _e, _n in spans] == ["fact", "filler", "filler"]
    assert all((s, e) in sentence_spans(text) for _label, s, e, _n in spans)
    assert 600 <= len(text.split()) <= 900


def test_standard_shortcuts(main_window) -> None:
    w = main_window
    assert QKeySequence("Ctrl+L") in w.act_add_url.shortcuts()
    assert QKeySequence("Ctrl+O") in w.act_add_file.shortcuts()
    assert QKeySequence("Ctrl+E") in w.act_export.shortcuts()
    assert QKeySequence("Ctrl+F") in w.act_find.shortcuts()
    assert w.act_prefs.shortcuts()
    assert w.act_quit.shortcuts()
    names = [a.text().replace("&", "") for a in w.menuBar().actions()]
    assert names == ["File", "Edit", "Paint", "View", "Tools", "Help"]


def test_find_bar_selects_the_match_and_1_paints_it(main_window, ui_library, qtbot) -> None:
    a = add_text(ui_library, "Nets caught 5,100 litres a day. The yield fell in winter.")
    main_window.open_article(a.id)
    main_window.reader.setFocus()
    main_window.act_find.trigger()
    assert main_window.find_bar.isVisible()
    qtbot.keyClicks(main_window.find_bar.field, "yield fell")
    assert main_window.reader.textCursor().selectedText() == "yield fell"
    assert main_window.find_bar.count.text() == "1 match"
    qtbot.keyClick(main_window.find_bar.field, Qt.Key.Key_Escape)
    assert not main_window.find_bar.isVisible()
    qtbot.keyClick(main_window.reader, "1")
    assert [h.exact for h in ui_library.highlights(a.id)] == ["yield fell"]


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_links_open_outside_only_when_clicked_and_nothing_is_loaded(main_window, ui_library, qtbot) -> None:
    a = add_blocks(
        ui_library,
        [
            Block(
                "paragraph",
                "Read the council report here.",
                inlines=(Inline(9, 23, "link", "https://example.org/report"),),
            )
        ],
    )
    main_window.open_article(a.id)
    view = main_window.reader
    assert view.loadResource(2, QUrl("https://example.org/x.png")) is None
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "catch")
    try:
        assert catcher.urls == []  # opening the article loaded nothing
        cursor = view.textCursor()
        cursor.setPosition(12)
        point = view.cursorRect(cursor).center()
        assert view.anchorAt(point) == "https://example.org/report"
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert catcher.urls == ["https://example.org/report"]
        assert main_window.current_article_id() == a.id  # the reader did not navigate
    finally:
        QDesktopServices.unsetUrlHandler("https")


def test_dropping_a_text_file_adds_it(main_window, ui_library, qtbot, tmp_path) -> None:
    f = tmp_path / "dropped.txt"
    f.write_text("Dropped article\n\nA paragraph of dropped text for the library.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    assert main_window._dropped_sources(mime) == [str(f)]
    event = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    qtbot.waitUntil(lambda: ui_library.article_count() == 1, timeout=10000)
    qtbot.waitUntil(lambda: main_window.current_article_id() is not None, timeout=5000)
    assert "dropped text" in main_window.article.text
    not_article = QMimeData()
    not_article.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))])
    assert main_window._dropped_sources(not_article) == []


def test_show_busy_drives_the_status_bar(main_window) -> None:
    main_window.show_busy("Fetching example.org …")
    assert main_window.status.busy_label.isVisible()
    assert main_window.status.busy_label.text() == "Fetching example.org …"
    main_window.show_busy(None)
    assert not main_window.status.busy_label.isVisible()


def test_status_bar_shows_words_density_and_counts(main_window, ui_library, qtbot) -> None:
    a = add_text(ui_library, "One two three four. Five six seven eight.")
    main_window.open_article(a.id)
    assert main_window.status.words.text() == "8 words"
    assert main_window.status.density.text() == "Fact density —"
    main_window.reader.select_span(0, 19)
    qtbot.keyClick(main_window.reader, "1")
    main_window.reader.select_span(20, len(a.text))
    qtbot.keyClick(main_window.reader, "2")
    assert main_window.status.density.text() == "Fact density 50%"
    assert main_window.status.counts.text() == "Fact 1  ·  Filler 1"


def test_theme_switch_restyles_live(main_window, ui_library, qapp) -> None:
    a = add_text(ui_library, "Some text to read.")
    main_window.open_article(a.id)
    main_window.theme_actions["dark"].trigger()
    assert main_window.settings.theme == "dark"
    assert main_window.theme.dark
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == main_window.theme.base
    fmt = main_window.reader.document().firstBlock().begin().fragment().charFormat()
    assert fmt.foreground().color().name() == main_window.theme.text
    main_window.theme_actions["light"].trigger()
    assert not main_window.theme.dark


def test_font_size_and_line_width_apply(main_window, ui_library) -> None:
    a = add_text(ui_library, "Some text to read. " * 40)
    main_window.open_article(a.id)
    main_window.settings.line_width = 40
    narrow = main_window.reader.column()[1]
    main_window.settings.line_width = 90
    wide = main_window.reader.column()[1]
    assert narrow < wide
    size = main_window.reader.document().defaultFont().pointSizeF()
    main_window.act_zoom_in.trigger()
    assert main_window.reader.document().defaultFont().pointSizeF() == size + 1


def test_window_geometry_and_splitter_are_remembered(qtbot, ui_library, ui_settings) -> None:
    from reader.ui.window import MainWindow

    w = MainWindow(ui_library, ui_settings)
    qtbot.addWidget(w)
    w.resize(720, 520)
    w.show()
    w.splitter.setSizes([200, 600, 200])
    sizes = w.splitter.sizes()
    w.close()
    w2 = MainWindow(ui_library, ui_settings)
    qtbot.addWidget(w2)
    w2.show()
    assert (w2.width(), w2.height()) == (720, 520)
    assert w2.splitter.sizes() == sizes


@pytest.mark.slow
def test_renders_at_200_percent_scale(tmp_path) -> None:
    script = tmp_path / "grab.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from reader.store import Library\n"
        "from reader.ui.app import add_sample_article\n"
        "from reader.ui.settings import Settings\n"
        "from reader.ui.window import MainWindow\n"
        "lib = Library(Path(sys.argv[1]) / 'l.db')\n"
        "aid = add_sample_article(lib)\n"
        "w = MainWindow(lib, Settings(Path(sys.argv[1]) / 's.ini'))\n"
        "w.resize(900, 600); w.show(); w.open_article(aid)\n"
        "app.processEvents()\n"
        "img = w.grab().toImage()\n"
        "px = {img.pixel(x, y) for x in range(0, img.width(), 5) for y in range(0, img.height(), 9)}\n"
        "print(w.devicePixelRatio(), img.width(), img.height(), len(px))\n",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    res = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    ratio, width, height, colours = res.stdout.split()
    assert float(ratio) == 2.0
    assert (int(width), int(height)) == (1800, 1200)
    assert int(colours) > 50  # text, highlights and panes were drawn, not a blank window


def test_a_missing_dialog_does_not_break_the_window(main_window) -> None:
    assert main_window.dialog("no_such_dialog", "Nope") is None
    assert "not available" in main_window.statusBar().currentMessage()
    assert main_window.dialog("export", "ExportDialog") is not None


def test_hidden_panes_stay_hidden_next_time(qtbot, ui_library, ui_settings) -> None:
    from reader.ui.window import MainWindow

    w = MainWindow(ui_library, ui_settings)
    qtbot.addWidget(w)
    w.show()
    w.act_show_highlights.trigger()
    assert not w.highlights_pane.isVisible()
    w.close()
    w2 = MainWindow(ui_library, ui_settings)
    qtbot.addWidget(w2)
    w2.show()
    assert not w2.highlights_pane.isVisible()
    assert not w2.act_show_highlights.isChecked()
    assert w2.library_pane.isVisible()


def test_signals_for_integrations(main_window, ui_library, qtbot) -> None:
    a = add_text(ui_library, "One sentence here. Another one there.")
    with qtbot.waitSignal(main_window.article_opened) as opened:
        main_window.open_article(a.id)
    assert opened.args == [a.id]
    with qtbot.waitSignal(main_window.highlights_changed) as changed:
        main_window.reader.select_span(0, 3)
        qtbot.keyClick(main_window.reader, "1")
    assert changed.args == [a.id]
    with qtbot.waitSignal(main_window.look_changed):
        main_window.settings.theme = "sepia"
    assert main_window.view_menu.title() == "&View"


def test_no_two_window_actions_share_a_key(main_window) -> None:
    from PySide6.QtGui import QAction

    owners: dict[str, list[str]] = {}
    for a in main_window.findChildren(QAction):
        if a.shortcutContext() != Qt.ShortcutContext.WindowShortcut or not a.isEnabled():
            continue
        for seq in a.shortcuts():
            if not seq.isEmpty():
                owners.setdefault(seq.toString(), []).append(a.text())
    clashes = {k: v for k, v in owners.items() if len(set(v)) > 1}
    assert clashes == {}  # an ambiguous key does nothing at all in Qt


def test_ctrl_shift_g_toggles_suggestions(main_window, qtbot) -> None:
    toggle = main_window.suggestions.act_toggle
    before = toggle.isChecked()
    main_window.reader.setFocus()
    qtbot.keyClick(
        main_window.reader,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert toggle.isChecked() != before


def test_keyboard_shortcuts_list_every_key(main_window, qtbot) -> None:
    from PySide6.QtGui import QAction

    from reader.ui.shortcuts import ShortcutsDialog, typeable

    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for keys, meaning in (
        ("S or Ctrl+Shift+G", "Show or hide suggestions"),
        ("J / K", "Next / previous suggestion"),
        ("Enter", "Accept the selected suggestion"),
        ("Esc", "Reject it"),
        ("0 or Backspace", "Erase labels"),
        ("Alt+click", "Paint the sentence"),
        ("Ctrl+L", "Add URL"),
        ("F1", "Keyboard Shortcuts"),
    ):
        assert f"{keys}\n{meaning}" in text, keys
    for lb in main_window.labels:
        if lb.key:
            assert f"{lb.key}\nPaint the selection as {lb.name}" in text
    for a in main_window.findChildren(QAction):  # every real shortcut of the window and its lists
        for seq in a.shortcuts():
            key = seq.toString()
            if key and typeable(key) and not (key.startswith("Alt+") and key.endswith("Backspace")):
                assert key in text, (a.text(), key)


def _run_sift(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        SIFT_EXIT_AFTER_PAINT="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    )
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _figures(stdout: str) -> dict[str, float]:
    return {
        line.split()[0]: float(line.split()[1])
        for line in stdout.splitlines()
        if line.endswith(tuple("0123456789"))
    }


@pytest.mark.slow
def test_exit_after_paint_waits_for_the_file_given_on_the_command_line(tmp_path) -> None:
    from reader.store import Library

    db = tmp_path / "library.db"
    Library(db).close()
    page = tmp_path / "tram.html"
    page.write_text(
        "<html><head><title>Tram line opens</title></head><body><article><h1>Tram line opens</h1>"
        "<p>The tram line between the station and the campus opened on Saturday, the operator said.</p>"
        "<p>Trams run every eight minutes at peak times.</p></article></body></html>",
        encoding="utf-8",
    )
    res = _run_sift(["--db", str(db), str(page)], tmp_path)
    assert res.returncode == 0, res.stderr
    figures = _figures(res.stdout)
    assert res.stdout.startswith("first-paint-ms ")
    assert 0 < figures["first-paint-ms"] <= figures["opened-ms"]
    with Library(db) as lib:
        [summary] = lib.list_articles()
        assert summary.title == "Tram line opens" and summary.read  # added, then shown


@pytest.mark.slow
def test_exit_after_paint_reports_a_source_that_cannot_be_added(tmp_path) -> None:
    from reader.store import Library

    db = tmp_path / "library.db"
    Library(db).close()
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>", encoding="utf-8")
    res = _run_sift(["--db", str(db), str(empty)], tmp_path)
    assert res.returncode == 1
    assert "first-paint-ms" in res.stdout and "opened-ms" not in res.stdout
    [line] = [ln for ln in res.stderr.splitlines() if ln.startswith("sift: ")]
    assert str(empty) in line and line.endswith(".")
    with Library(db) as lib:
        assert lib.article_count() == 0


@pytest.mark.slow
def test_a_library_that_cannot_be_opened_is_one_sentence_not_a_dialog(tmp_path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a library", encoding="utf-8")
    res = _run_sift(["--db", str(bad)], tmp_path)  # a modal dialog would hang until the timeout
    assert res.returncode == 1 and "first-paint-ms" not in res.stdout
    assert res.stderr.strip().splitlines()[-1] == (
        f"sift: {bad} is not a Sift library (it is not an SQLite database); choose another file."
    )
    assert bad.read_text(encoding="utf-8") == "these are my notes, not a library"


@pytest.mark.slow
def test_desktop_file_name_matches_the_packaged_desktop_entry(tmp_path) -> None:
    from reader.store import Library
    from reader.ui.app import DESKTOP_FILE_NAME

    assert (ROOT / "packaging" / "linux" / f"{DESKTOP_FILE_NAME}.desktop").is_file()
    Library(tmp_path / "l.db").close()
    code = (
        "import sys, pathlib, reader.ui.app as a\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "code = a.run(pathlib.Path(sys.argv[1]), [])\n"
        "print(QGuiApplication.desktopFileName()); sys.exit(code)\n"
    )
    env = dict(
        os.environ, SIFT_EXIT_AFTER_PAINT="1", XDG_CONFIG_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "l.db")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == DESKTOP_FILE_NAME
