"""The dialogs, driven through their widgets on the real main window and a real library."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from test_dialogs_support import add_text_article, library, local_site, settings, window  # noqa: F401

from reader.ui import worker

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform warns about a window feature it lacks; that is not a Sift problem.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

TEXT = (
    "The bridge opened on 4 May after two years of work.\n\n"
    "Everyone agrees it is a truly remarkable moment for the whole region.\n\n"
    "Tolls are 2 euros for cars and free for bicycles."
)


# ---- Add URL --------------------------------------------------------------------------------------


def test_add_url_batch_shows_a_result_per_address(qtbot, window, local_site) -> None:  # noqa: F811
    from reader.ui.dialogs.add_url import AddUrlDialog

    good, bad = local_site.url("/article/21"), local_site.url("/gone")
    dlg = AddUrlDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.field.setPlainText(f"{good}\n{bad}\n{good}\n")
    assert dlg.add_button.isEnabled()
    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)
    assert dlg.running and dlg.close_button.text() == "&Cancel"
    qtbot.waitUntil(lambda: dlg.job is not None and dlg.job.is_finished, timeout=20000)
    rows = dict(dlg.status_texts())
    assert list(rows) == [good, bad]  # the repeated line is added once
    assert rows[good] == "✓ added “Lowmere harbour traffic report 21”"
    assert rows[bad].startswith("✗ failed: ") and "404" in rows[bad]
    assert dlg.progress.value() == dlg.progress.maximum() == 2
    assert dlg.summary.text() == "1 added, 1 failed."
    assert dlg.field.toPlainText() == bad  # what is left to retry
    assert dlg.close_button.text() == "&Close"
    [article] = window.library.list_articles()
    assert article.url == good
    assert window.current_article_id() == article.id  # the first added article was opened
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected and not dlg.isVisible()


def test_add_url_escape_cancels_first_then_closes(qtbot, window, local_site) -> None:  # noqa: F811
    from reader.ui.dialogs.add_url import AddUrlDialog

    dlg = AddUrlDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.field.setPlainText(local_site.url("/slow"))
    job = dlg.start()
    qtbot.waitUntil(local_site.slow_requested.is_set, timeout=20000)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert job.is_cancelled and dlg.isVisible()
    assert dlg.status_texts()[0][1] == "– cancelled"
    assert window.library.article_count() == 0
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    local_site.release.set()
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert window.library.article_count() == 0


def test_add_url_prefills_from_clipboard_and_completes_bare_domains(qtbot, window) -> None:  # noqa: F811
    from reader.ui.dialogs.add_url import AddUrlDialog, parse_sources

    QGuiApplication.clipboard().setText("https://example.org/a\nhttps://example.org/b\n")
    dlg = AddUrlDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.field.toPlainText() == "https://example.org/a\nhttps://example.org/b"
    QGuiApplication.clipboard().setText("not a link, just words")
    dlg2 = AddUrlDialog(window)
    qtbot.addWidget(dlg2)
    assert dlg2.field.toPlainText() == "" and not dlg2.add_button.isEnabled()
    assert parse_sources(" example.com/news \n\nhttps://x.org\n<https://x.org>") == [
        "https://example.com/news",
        "https://x.org",
    ]


# ---- Export ---------------------------------------------------------------------------------------


@pytest.fixture
def painted(window):  # noqa: F811
    """Two articles with highlights; the first one is open."""
    lib = window.library
    a = add_text_article(lib, TEXT, "Bridge opens", url="https://example.org/bridge")
    b = add_text_article(lib, "Rain is expected on Friday.\n\n=SUM(A1:A2) is a formula.", "Weather")
    text = lib.get_article(a).text
    s = text.index("The bridge")
    lib.paint(a, s, text.index("."), "fact")
    s2 = text.index("Everyone")
    lib.paint(a, s2, text.index("region.") + len("region."), "filler", note="padding")
    tb = lib.get_article(b).text
    lib.paint(b, tb.index("=SUM"), tb.index(" is a"), "fact")
    window.open_article(a)
    return a, b


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_export_dialog_writes_this_articles_csv(qtbot, window, painted, tmp_path) -> None:  # noqa: F811
    from reader.export import CSV_COLUMNS
    from reader.ui.dialogs.export import ExportDialog

    a, _b = painted
    dlg = ExportDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.this_article.isChecked() and dlg.chosen_article() == a
    assert dlg.path_edit.text().endswith("bridge-opens-highlights.csv")
    out = tmp_path / "out" / "bridge.csv"
    out.parent.mkdir()
    dlg.set_path(out)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.result.text() == f"Wrote 2 highlights to {out}."
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # Excel option off: no byte-order mark
    rows = _read_csv(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["label"], r["exact"], r["note"]) for r in rows] == [
        ("fact", "The bridge opened on 4 May after two years of work", ""),
        ("filler", "Everyone agrees it is a truly remarkable moment for the whole region.", "padding"),
    ]
    assert all(r["article_url"] == "https://example.org/bridge" for r in rows)
    assert window.settings.last_export_dir == str(out.parent)
    assert list(out.parent.iterdir()) == [out]  # no temp file left behind

    # A second dialog starts in the remembered folder.
    dlg2 = ExportDialog(window)
    qtbot.addWidget(dlg2)
    assert Path(dlg2.path_edit.text()).parent == out.parent


def test_export_whole_library_with_label_filter_excel_and_guard(qtbot, window, painted, tmp_path) -> None:  # noqa: F811
    from reader.ui.dialogs.export import ExportDialog

    dlg = ExportDialog(window)
    qtbot.addWidget(dlg)
    dlg.whole_library.setChecked(True)
    dlg.label_combo.setCurrentIndex(dlg.label_combo.findData("fact"))
    dlg.excel.setChecked(True)
    out = tmp_path / "facts.csv"
    dlg.set_path(out)
    assert dlg.export() == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _read_csv(out)
    assert {r["label"] for r in rows} == {"fact"}
    assert "'=SUM(A1:A2)" in [r["exact"] for r in rows]  # the formula guard is on by default

    # Exporting again to the same file asks first (press Export again), then replaces it.
    dlg.guard.setChecked(False)
    assert dlg.export() == 2
    dlg.set_path(out)
    assert dlg.export() is None and "already exists" in dlg.result.text()
    assert dlg.export() == 2
    assert "=SUM(A1:A2)" in [r["exact"] for r in _read_csv(out)]


def test_export_json_and_markdown_and_errors(qtbot, window, painted, tmp_path) -> None:  # noqa: F811
    from reader.ui.dialogs.export import ExportDialog

    dlg = ExportDialog(window)
    qtbot.addWidget(dlg)
    dlg.set_format("json")
    assert not dlg.excel.isEnabled() and dlg.path_edit.text().endswith(".json")
    dlg.set_path(tmp_path / "a.json")
    assert dlg.export() == 2
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection"
    dlg.set_format("md")
    assert dlg.path_edit.text() == str(tmp_path / "a.md")
    assert dlg.export() == 2
    assert "Bridge opens" in (tmp_path / "a.md").read_text(encoding="utf-8")

    dlg.set_path(tmp_path / "missing-folder" / "x.md")
    assert dlg.export() is None
    assert dlg.result.text() == (
        f"⚠ The folder {tmp_path / 'missing-folder'} does not exist; choose another place to save the export."
    )
    assert not (tmp_path / "missing-folder").exists()


# ---- Labels ---------------------------------------------------------------------------------------


def test_labels_dialog_adds_renames_rekeys_and_refuses_duplicates(qtbot, window) -> None:  # noqa: F811
    from reader.ui.dialogs.labels import LabelsDialog

    lib = window.library
    dlg = LabelsDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    changed: list[bool] = []
    dlg.labels_changed.connect(lambda: changed.append(True))

    qtbot.mouseClick(dlg.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dlg.name_edit, "opinion")
    qtbot.keyClicks(dlg.key_edit, "3")
    qtbot.keyClick(dlg.key_edit, Qt.Key.Key_Return)
    assert lib.get_label("opinion").key == "3"
    assert dlg.current_name() == "opinion" and changed == [True]
    assert "opinion" in [x.name for x in window.labels]  # the window was told (refresh_labels)

    dlg.name_edit.setText("view")
    dlg.set_color("#123456")  # what the colour dialog hands back; saves the whole editor
    label = lib.get_label("view")
    assert (label.color, label.key) == ("#123456", "3")
    assert "opinion" not in [x.name for x in lib.labels()]

    dlg.key_edit.setText("1")
    assert dlg.save() is False
    assert dlg.message.text() == "⚠ The key 1 is already used by the label 'fact'; choose another key."
    assert lib.get_label("view").key == "3"

    dlg.new_label()
    dlg.name_edit.setText("view")
    assert dlg.save() is False and "already exists" in dlg.message.text()

    dlg.reload(select="fact")
    assert dlg.name_edit.isReadOnly()  # built-in labels keep their names
    dlg.reload(select="view")
    dlg.key_edit.setText("0")
    assert dlg.save() is False and "0 erases" in dlg.message.text()
    dlg.key_edit.clear()
    assert dlg.save() and lib.get_label("view").key is None
    assert dlg.remove("view") and "view" not in [x.name for x in lib.labels()]


# ---- Preferences ----------------------------------------------------------------------------------


def test_preferences_apply_live(qtbot, window) -> None:  # noqa: F811
    from reader.ui.dialogs.preferences import PreferencesDialog

    s = window.settings
    dlg = PreferencesDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    with qtbot.waitSignal(s.changed, check_params_cb=lambda k: k == "theme"):
        dlg.theme.setCurrentIndex(dlg.theme.findData("dark"))
    assert s.theme == "dark"
    dlg.font_size.setValue(17)
    dlg.line_width.setValue(0)
    assert (s.font_size, s.line_width) == (17, 0)
    assert dlg.line_width.text() == "Full window width"
    dlg.annotator.setText("  Ada   Reader ")
    qtbot.keyClick(dlg.annotator, Qt.Key.Key_Return)
    assert s.annotator == "Ada Reader"
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert s.theme == "dark"  # closing keeps what was applied


# ---- Site logins ----------------------------------------------------------------------------------


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def test_logins_dialog_without_secure_keyring_explains_and_disables(qtbot, config_home) -> None:
    import keyring
    from keyring.backends import fail

    from reader import logins
    from reader.ui.dialogs.logins import LoginsDialog

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dlg = LoginsDialog(None)
        qtbot.addWidget(dlg)
        dlg.show()
        assert not dlg.keyring_ok
        assert dlg.problem.isVisible() and dlg.problem.text() == logins.NO_BACKEND
        assert not dlg.add_box.isEnabled() and not dlg.remove_button.isEnabled()
        assert dlg.save() is False
        assert logins.list_hosts() == []
    finally:
        keyring.set_keyring(before)


@pytest.mark.keyring
def test_logins_dialog_adds_and_removes_with_a_real_keyring(qtbot, config_home) -> None:
    from reader import logins
    from reader.ui.dialogs.logins import LoginsDialog

    dlg = LoginsDialog(None)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.keyring_ok and not dlg.problem.isVisible()
    dlg.host_edit.setText("News.Example.com")
    dlg.kind.setCurrentIndex(dlg.kind.findData("bearer"))
    assert dlg.secret_edit.echoMode() == dlg.secret_edit.EchoMode.Password
    qtbot.keyClicks(dlg.secret_edit, "tok-s3cret")
    qtbot.keyClick(dlg.secret_edit, Qt.Key.Key_Return)
    assert dlg.host_names() == ["news.example.com"]
    assert dlg.secret_edit.text() == ""
    assert "tok-s3cret" not in dlg.message.text()
    assert logins.get_login("news.example.com").headers() == {"Authorization": "Bearer tok-s3cret"}
    dlg.hosts.setCurrentRow(0)
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    assert dlg.host_names() == [] and logins.get_login("news.example.com") is None


def test_logins_dialog_refuses_bad_input_with_the_core_sentence(qtbot, config_home) -> None:
    import keyring
    from keyring.backends import null

    from reader.ui.dialogs.logins import LoginsDialog

    dlg = LoginsDialog(None)
    qtbot.addWidget(dlg)
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        dlg.reload()
        assert not dlg.keyring_ok  # the null keyring is not secure either
    finally:
        keyring.set_keyring(before)
    dlg._problem = None  # pretend a keyring exists: input is checked before it is used
    dlg.host_edit.setText("bad host/name")
    dlg.secret_edit.setText("x")
    assert dlg.save() is False
    assert dlg.message.text() == "⚠ 'bad host/name' is not a host name; give one like example.com."
    assert dlg.secret_edit.text() == ""


# ---- About ----------------------------------------------------------------------------------------


def test_about_names_version_licence_and_library(qtbot, window) -> None:  # noqa: F811
    import reader
    from reader.ui.dialogs.about import about_box

    box = about_box(window)
    qtbot.addWidget(box)
    text = box.text()
    assert f"Sift {reader.__version__}" in text and "MIT" in text
    assert str(Path(window.library.path).resolve()) in text
    assert Path(window.library.path).resolve().parent.as_uri() in text
