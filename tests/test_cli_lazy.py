"""Start-up laziness: ``sift`` opens the window without click or any command module, and each command
imports only its own module."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reader import cli as entry
from reader.cli_main import COMMAND_ORDER, LAZY_COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("click", "sqlite_utils", "keyring", "httpx", "lxml", "readability", "reader.cli_")


def _loaded(code: str, tmp_path: Path, **env: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy modules it had imported when done."""
    script = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    full_env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        **env,
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=120
    )
    assert res.returncode == 0, res.stderr
    return eval(res.stdout.strip().splitlines()[-1])


def test_importing_the_entry_point_loads_no_command_machinery(tmp_path) -> None:
    assert _loaded("import reader.cli", tmp_path) == []


def test_the_window_starts_without_click_or_command_modules(tmp_path) -> None:
    from reader.store import Library

    db = tmp_path / "library.db"
    Library(db).close()  # an existing library (a first run also creates the schema and the sample)
    code = (
        "import reader.cli\n"
        "try:\n"
        f"    reader.cli.main(['--db', {str(db)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
    )
    assert _loaded(code, tmp_path, SIFT_EXIT_AFTER_PAINT="1") == []


def test_a_command_imports_only_its_own_module(tmp_path) -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from reader.cli import cli\n"
        "assert CliRunner().invoke(cli, ['labels', '--help']).exit_code == 0\n"
    )
    loaded = _loaded(code, tmp_path)
    assert "reader.cli_labels" in loaded
    assert not [m for m in loaded if m.startswith(("reader.cli_logins", "reader.cli_suggest", "keyring"))]


def test_the_lazy_map_names_every_command_of_every_module() -> None:
    modules = set(LAZY_COMMANDS.values())
    for module in modules:
        names = {c.name for c in importlib.import_module(module).COMMANDS}
        assert names == {n for n, m in LAZY_COMMANDS.items() if m == module}, module
    ctx = click.Context(cli)
    listed = cli.list_commands(ctx)
    assert set(listed) == entry.COMMAND_NAMES == set(LAZY_COMMANDS) | {"add", "extract", "gui"}
    assert [n for n in listed if n in COMMAND_ORDER] == [n for n in COMMAND_ORDER if n in listed]
    assert all(cli.get_command(ctx, n) is not None for n in listed)


def test_help_lists_every_command_once() -> None:
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0
    section = res.stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line[:3].strip() and line.startswith("  ")]
    assert sorted(listed) == sorted(entry.COMMAND_NAMES)


def test_window_request_takes_only_what_opens_the_window(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.html"
    page.write_text("<p>Hi</p>", encoding="utf-8")
    (tmp_path / "list").write_text("a file named like a command", encoding="utf-8")
    req = entry.window_request
    assert req([]) == (None, [])
    assert req(["--db", "~/x.db"]) == (Path("~/x.db").expanduser(), [])
    assert req(["--db=lib.db", "https://example.org/a", str(page)]) == (
        Path("lib.db"),
        ["https://example.org/a", str(page)],
    )
    assert req([str(page)]) == (None, [str(page)])
    for click_parses in (
        ["list"],  # a command, even though a file of that name exists
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db", str(tmp_path)],  # a folder: click reports it
        ["--db", "x.db", "gui"],
        ["missing.html"],
        [str(page), "--tag", "x"],
        ["-h"],
    ):
        assert req(click_parses) is None, click_parses


@pytest.mark.parametrize("args", [["--db", "{db}"], ["--db", "{db}", "{page}"]])
def test_fast_path_and_click_hand_the_window_the_same_arguments(args, tmp_path, monkeypatch) -> None:
    import reader.ui.app

    page = tmp_path / "page.html"
    page.write_text("<p>Hi</p>", encoding="utf-8")
    argv = [a.format(db=tmp_path / "l.db", page=page) for a in args]
    calls: list[tuple[Path, list[str]]] = []
    monkeypatch.setattr(reader.ui.app, "run", lambda db, sources: calls.append((db, sources)) or 0)
    with pytest.raises(SystemExit) as exit_:
        entry.main(argv)
    assert exit_.value.code == 0
    assert CliRunner().invoke(cli, argv).exit_code == 0
    assert calls[0] == calls[1] == (tmp_path / "l.db", argv[2:])
