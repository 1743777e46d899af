"""The ``sift`` command line through click's CliRunner, on real library files in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reader import __version__
from reader.cli import cli
from reader.store import Library

ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tram line opens</title></head>
<body><article><h1>Tram line opens</h1>
<p>The new tram line between the station and the university opened on Saturday, the operator said.</p>
<p>Trams will run every eight minutes at peak times and the fare is 2.40 euros per trip.</p>
<p>It remains to be seen whether commuters will embrace the change.</p>
<p>Only time will tell. Only time will tell, as they say.</p>
</article></body></html>
"""
ARTICLE_TEXT = "Library hours\n\nThe reading room opens at nine on weekdays.\n\nThat is all.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    html = tmp_path / "tram.html"
    html.write_text(ARTICLE_HTML, encoding="utf-8")
    txt = tmp_path / "hours.txt"
    txt.write_text(ARTICLE_TEXT, encoding="utf-8")
    return {"html": html, "txt": txt}


def sift(runner: CliRunner, db: Path, *args: str, **kw):
    return runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False, **kw)


@pytest.fixture
def added(runner, db_path, files) -> Path:
    """A library with the tram article (id 1) and the text file (id 2)."""
    res = sift(runner, db_path, "add", str(files["html"]), str(files["txt"]))
    assert res.exit_code == 0, res.stderr
    return db_path


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"sift {prefix}{name} is listed but cannot be loaded"
        out.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            out += all_commands(cmd, prefix + name + " ")
    return out


def test_every_command_and_option_has_help_text(runner):
    assert (cli.help or "").strip()
    commands = all_commands(cli)
    names = {n for n, _ in commands}
    expected = [
        "add",
        "list",
        "show",
        "highlight",
        "erase",
        "highlights",
        "note",
        "labels",
        "search",
        "stats",
        "export",
        "extract",
        "gui",
    ]
    assert set(expected) | {"labels add", "labels remove"} <= names
    for name, cmd in commands:
        assert (cmd.help or "").strip(), f"sift {name} has no help text"
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert (param.help or "").strip(), f"sift {name} {param.opts[0]} has no help text"
        res = runner.invoke(cli, [*name.split(), "--help"])
        assert res.exit_code == 0 and "Usage: sift" in res.stdout, name


def test_version(runner):
    res = runner.invoke(cli, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"sift {__version__}"


def test_add_prints_id_and_title_per_article(runner, db_path, files):
    res = sift(runner, db_path, "add", str(files["html"]), str(files["txt"]))
    assert res.exit_code == 0 and res.stderr == ""
    lines = [line.split("\t") for line in res.stdout.splitlines()]
    with Library(db_path) as lib:
        assert lines == [[str(a.id), a.title] for a in (lib.get_article(1), lib.get_article(2))]
        assert lib.get_article(1).title == "Tram line opens"


def test_add_exit_codes_and_one_error_line_per_failure(runner, db_path, files, tmp_path):
    bad = tmp_path / "picture.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    res = sift(runner, db_path, "add", str(files["txt"]), str(tmp_path / "missing.html"), str(bad))
    assert res.exit_code == 1
    assert res.stdout.count("\n") == 1 and res.stdout.startswith("1\t")
    errors = res.stderr.splitlines()
    assert len(errors) == 2 and all(e.startswith("sift: ") for e in errors)
    assert "missing.html" in errors[0] and "picture.png" in errors[1]
    with Library(db_path) as lib:
        assert lib.article_count() == 1  # the failures wrote nothing
    res = sift(runner, db_path, "add")
    assert res.exit_code == 2 and "Usage:" in res.stderr


def test_add_from_file_tags_and_stdin(runner, db_path, files, tmp_path):
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# my reading list\n\n{files['html']}\n  # indented comment\n", encoding="utf-8")
    res = sift(runner, db_path, "add", "--from-file", str(listing), "--tag", "transport", "--tag", "city")
    assert res.exit_code == 0 and res.stdout.startswith("1\t")
    res = sift(runner, db_path, "add", "-", input=b"Piped words arrive here.\n\nA second paragraph.")
    assert res.exit_code == 0 and res.stdout.startswith("2\t")
    with Library(db_path) as lib:
        assert sorted(lib.get_article(1).tags) == ["city", "transport"]
        assert "Piped words arrive here." in lib.get_article(2).text
    res = sift(runner, db_path, "add", "-", "-")
    assert res.exit_code == 2


def test_highlight_by_quote_prints_the_id_and_saves_it(runner, added):
    res = sift(
        runner, added, "highlight", "1", "fact", "--quote", "opened on  Saturday", "--note", "per operator"
    )
    assert res.exit_code == 0, res.stderr
    hid = int(res.stdout.strip())
    with Library(added) as lib:
        h = lib.get_highlight(hid)
        assert (h.label, h.exact, h.note) == ("fact", "opened on Saturday", "per operator")
        assert lib.get_article(1).text[h.start : h.end] == "opened on Saturday"


def test_highlight_repeated_quote_needs_nth(runner, added):
    res = sift(runner, added, "highlight", "1", "filler", "--quote", "Only time will tell")
    assert res.exit_code == 1
    assert res.stderr.startswith("sift: ") and "occurs 2 times" in res.stderr and "--nth" in res.stderr
    assert res.stderr.count("\n") == 1
    res = sift(runner, added, "highlight", "1", "filler", "--quote", "Only time will tell", "--nth", "2")
    assert res.exit_code == 0
    with Library(added) as lib:
        text = lib.get_article(1).text
        h = lib.get_highlight(int(res.stdout))
        assert h.start == text.index("Only time will tell", text.index("Only time will tell") + 1)
    res = sift(runner, added, "highlight", "1", "filler", "--quote", "Only time will tell", "--nth", "3")
    assert res.exit_code == 1 and "only 2 time(s)" in res.stderr


def test_highlight_by_offsets_and_usage_errors(runner, added):
    res = sift(runner, added, "highlight", "1", "fact", "--start", "0", "--end", "4")
    assert res.exit_code == 0
    for bad in (
        ["--quote", "tram", "--start", "0", "--end", "3"],
        ["--start", "3"],
        [],
        ["--nth", "1", "--start", "0", "--end", "2"],
    ):
        res = sift(runner, added, "highlight", "1", "fact", *bad)
        assert res.exit_code == 2, bad
    res = sift(runner, added, "highlight", "1", "fact", "--start", "0", "--end", "99999")
    assert res.exit_code == 1 and "outside article 1" in res.stderr
    with Library(added) as lib:
        assert len(lib.highlights(1)) == 1  # nothing half-written by the failures


def test_user_errors_are_one_line_with_exit_1(runner, added):
    for args, words in (
        (["highlight", "1", "nolabel", "--quote", "tram line"], "nolabel"),
        (["highlight", "42", "fact", "--quote", "x"], "42"),
        (["show", "42"], "42"),
        (["note", "999", "hello"], "999"),
        (["highlight", "1", "fact", "--quote", "words that are not there"], "not in article 1"),
    ):
        res = sift(runner, added, *args)
        assert res.exit_code == 1, args
        assert res.stderr.startswith("sift: ") and res.stderr.count("\n") == 1, res.stderr
        assert words in res.stderr
        assert "Traceback" not in res.stderr


def test_not_a_library_is_a_clear_error(runner, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not an sqlite file at all" * 100)
    res = sift(runner, bogus, "list")
    assert res.exit_code == 1 and res.stderr.startswith("sift: ") and res.stderr.count("\n") == 1


def test_erase_highlights_json_and_note(runner, added):
    quote = "Trams will run every eight minutes at peak times"
    hid = int(sift(runner, added, "highlight", "1", "fact", "--quote", quote).stdout)
    res = sift(runner, added, "erase", "1", "--quote", "every eight")
    assert res.exit_code == 0
    data = json.loads(sift(runner, added, "highlights", "1", "--json").stdout)
    assert [d["exact"] for d in data] == ["Trams will run ", " minutes at peak times"]
    assert set(data[0]) == {
        "id", "article_id", "label", "start", "end", "exact", "prefix", "suffix", "note", "created_at",
        "updated_at", "anchor_status", "anchor_score", "annotator", "origin", "import_key",
    }  # fmt: skip
    first = data[0]["id"]
    assert sift(runner, added, "note", str(first), "a note\nwith two lines").exit_code == 0
    with Library(added) as lib:
        assert lib.get_highlight(first).note == "a note\nwith two lines"
        assert hid in {h.id for h in lib.highlights(1)} or first != hid
    table = sift(runner, added, "highlights", "1").stdout.splitlines()
    assert table[0].split() == ["ID", "LABEL", "START", "END", "STATUS", "NOTE", "QUOTE"]
    assert "a note with two lines" in table[1]


def test_labels_add_list_remove(runner, added):
    res = sift(runner, added, "labels", "add", "quote", "--color", "#88aaff", "--key", "3")
    assert res.exit_code == 0, res.stderr
    data = json.loads(sift(runner, added, "labels", "--json").stdout)
    assert [d["name"] for d in data] == ["fact", "filler", "quote"]
    assert data[2]["color"] == "#88aaff" and data[2]["key"] == "3"
    sift(runner, added, "highlight", "1", "quote", "--quote", "the operator said")
    res = sift(runner, added, "labels", "remove", "quote")
    assert res.exit_code == 1 and res.stderr.startswith("sift: ")
    assert sift(runner, added, "labels", "remove", "quote", "--force").exit_code == 0
    assert "quote" not in sift(runner, added, "labels").stdout


def test_list_show_search_stats(runner, added):
    sift(runner, added, "highlight", "1", "fact", "--quote", "fare is 2.40 euros per trip")
    sift(runner, added, "highlight", "1", "filler", "--quote", "It remains to be seen")
    items = json.loads(sift(runner, added, "list", "--json").stdout)
    tram = next(i for i in items if i["id"] == 1)
    assert tram["title"] == "Tram line opens" and tram["highlight_count"] == 2
    assert tram["fact_density"] == pytest.approx(7 / (7 + 5))
    listing = sift(runner, added, "list").stdout
    assert "Tram line opens" in listing and "58%" in listing
    shown = sift(runner, added, "show", "1").stdout
    assert shown.startswith("Tram line opens\n") and "fare is 2.40 euros" in shown
    full = json.loads(sift(runner, added, "show", "1", "--format", "json").stdout)
    assert full["title"] == "Tram line opens" and "fare is 2.40 euros" in full["text"]
    assert "\n".join(b["text"] for b in full["blocks"]) == full["text"]  # the canonical text
    page = sift(runner, added, "show", "1", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    hits = json.loads(sift(runner, added, "search", "university", "--json").stdout)
    assert [h["article_id"] for h in hits] == [1]
    stats = json.loads(sift(runner, added, "stats", "1", "--json").stdout)
    assert stats["fact_words"] == 7 and stats["filler_words"] == 5
    assert "Fact density: 58%" in sift(runner, added, "stats").stdout


def test_export_to_file_and_stdout(runner, added, tmp_path):
    sift(runner, added, "highlight", "1", "fact", "--quote", "opened on Saturday", "--note", "=HYPERLINK()")
    out = tmp_path / "out.csv"
    res = sift(runner, added, "export", "-o", str(out), "--excel")
    assert res.exit_code == 0 and "Exported 1 highlight(s)" in res.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_id,article_url,")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1][7] == "opened on Saturday" and rows[1][10] == "'=HYPERLINK()"
    res = sift(runner, added, "export", "--no-formula-guard")
    assert res.stdout_bytes.startswith(b"article_id,") and b"\r\n" in res.stdout_bytes
    assert list(csv.reader(io.StringIO(res.stdout, newline="")))[1][10] == "=HYPERLINK()"
    data = json.loads(sift(runner, added, "export", "--format", "json").stdout)
    assert data["total"] == 1
    md = sift(runner, added, "export", "--format", "md", "--article", "1").stdout
    assert "## Tram line opens" in md and "### Facts (1)" in md
    assert sift(runner, added, "export", "--format", "json", "--excel").exit_code == 2
    res = sift(runner, added, "export", "--label", "nolabel")
    assert res.exit_code == 1 and res.stdout == ""


def test_export_failure_leaves_no_file(runner, added, tmp_path):
    target = tmp_path / "missing-folder" / "out.csv"
    res = sift(runner, added, "export", "-o", str(target))
    assert res.exit_code == 1 and res.stderr.startswith("sift: Cannot write")
    existing = tmp_path / "keep.csv"
    existing.write_text("precious", encoding="utf-8")
    res = sift(runner, added, "export", "--article", "77", "-o", str(existing))
    assert res.exit_code == 1
    assert existing.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")) == []


def test_extract_touches_no_database(runner, files, tmp_path, monkeypatch):
    env_db = tmp_path / "env" / "library.db"
    monkeypatch.setenv("SIFT_DB", str(env_db))
    res = runner.invoke(cli, ["extract", str(files["html"])], catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.startswith("Tram line opens")
    data = json.loads(runner.invoke(cli, ["extract", str(files["txt"]), "--format", "json"]).stdout)
    assert data["text"] == "Library hours\nThe reading room opens at nine on weekdays.\nThat is all."
    page = runner.invoke(
        cli, ["--db", str(tmp_path / "x.db"), "extract", str(files["html"]), "--format", "html"]
    )
    assert "<p>The new tram line" in page.stdout
    res = runner.invoke(cli, ["extract", str(tmp_path / "nope.html")])
    assert res.exit_code == 1 and res.stderr.startswith("sift: No such file")
    assert not env_db.exists() and not env_db.parent.exists() and not (tmp_path / "x.db").exists()


def test_sift_db_environment_variable_is_honoured(runner, files, tmp_path, monkeypatch):
    env_db = tmp_path / "from-env.db"
    monkeypatch.setenv("SIFT_DB", str(env_db))
    assert runner.invoke(cli, ["add", str(files["txt"])]).exit_code == 0
    with Library(env_db) as lib:
        assert lib.article_count() == 1


@pytest.fixture
def window_calls(monkeypatch) -> list[tuple[Path, list[str]]]:
    """Record what would be handed to the window (the real window is run by test_cli_subprocess)."""
    import reader.ui.app

    calls: list[tuple[Path, list[str]]] = []
    monkeypatch.setattr(reader.ui.app, "run", lambda db, sources: calls.append((db, sources)) or 0)
    return calls


def test_no_command_urls_and_files_open_the_window(runner, db_path, files, window_calls):
    assert runner.invoke(cli, ["--db", str(db_path)]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(db_path), "gui", "https://example.org/x"]).exit_code == 0
    assert (
        runner.invoke(cli, ["--db", str(db_path), "https://example.org/a", str(files["html"])]).exit_code == 0
    )
    assert runner.invoke(cli, ["--db", str(db_path), str(files["txt"])]).exit_code == 0
    assert window_calls == [
        (db_path, []),
        (db_path, ["https://example.org/x"]),
        (db_path, ["https://example.org/a", str(files["html"])]),
        (db_path, [str(files["txt"])]),
    ]
    res = runner.invoke(cli, ["--db", str(db_path), "lsit"])
    assert res.exit_code == 2 and "No such command" in res.stderr
    assert len(window_calls) == 4


def test_bugs_are_not_dressed_up_as_user_errors(runner, added, monkeypatch):
    def broken(self, article_id=None):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Library, "stats", broken)
    res = runner.invoke(cli, ["--db", str(added), "stats"])
    assert isinstance(res.exception, RuntimeError) and "sift: " not in res.stderr


def test_missing_qt_is_a_clear_error_not_a_traceback(runner, db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", None)  # as if Qt could not be loaded
    res = runner.invoke(cli, ["--db", str(db_path)])
    assert res.exit_code == 1
    assert res.stderr.startswith("sift: The window cannot start") and res.stderr.count("\n") == 1


def test_labels_rename_keeps_highlights(runner, added):
    sift(runner, added, "labels", "add", "claim")
    hid = int(sift(runner, added, "highlight", "1", "claim", "--quote", "the operator said").stdout)
    assert sift(runner, added, "labels", "rename", "claim", "assertion").exit_code == 0
    with Library(added) as lib:
        assert lib.get_highlight(hid).label == "assertion"


def test_annotator_highlights_of_everyone_and_slim_json_export(runner, added, tmp_path):
    assert sift(runner, added, "annotator", "Mira Okafor").stdout.strip() == "Mira Okafor"
    assert sift(runner, added, "annotator").stdout.strip() == "Mira Okafor"
    res = runner.invoke(cli, ["--db", str(added), "annotator", "  "])
    assert res.exit_code == 1 and "1-80 printable characters" in res.stderr
    sift(runner, added, "highlight", "1", "fact", "--quote", "opened on Saturday")
    # a colleague's copy of the same article, exported and imported back as theirs
    other = tmp_path / "other.db"
    sift(runner, other, "add", str(tmp_path / "tram.html"))
    sift(runner, other, "annotator", "Ravi")
    sift(runner, other, "highlight", "1", "filler", "--quote", "It remains to be seen")
    sift(runner, other, "export", "--format", "json", "--no-article-text", "-o", str(tmp_path / "ravi.json"))
    assert "Imported 1 highlight(s)" in sift(runner, added, "import", str(tmp_path / "ravi.json")).stdout
    mine = sift(runner, added, "highlights", "1").stdout
    assert "opened on Saturday" in mine and "remains" not in mine and "ANNOTATOR" not in mine
    everyone = sift(runner, added, "highlights", "1", "--all").stdout.splitlines()
    assert everyone[0].split()[:6] == ["ID", "LABEL", "START", "END", "STATUS", "ANNOTATOR"]
    assert any("Ravi" in line and "remains" in line for line in everyone)
    assert any("Mira Okafor" in line and "Saturday" in line for line in everyone)
    ravi = json.loads(sift(runner, added, "highlights", "1", "--annotator", "Ravi", "--json").stdout)
    assert [(h["label"], h["annotator"], h["origin"]) for h in ravi] == [("filler", "Ravi", "manual")]
    res = runner.invoke(cli, ["--db", str(added), "export", "--format", "csv", "--no-article-text"])
    assert res.exit_code == 2 and "--no-article-text applies only to --format json" in res.stderr
