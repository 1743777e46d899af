"""The ``sift`` entry point: the window straight away, or the click group of commands (reader/cli_main.py).

``sift``, ``sift --db FILE`` and ``sift URL|FILE…`` open the window without importing click or any
command module (start-up time matters there); everything else goes through the click group, which
imports a command's module only when that command runs or the command list is shown.
``from reader.cli import cli`` (and the group's other names) still works: they are loaded on first use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from reader.errors import SiftError

# Command names of the click group; a first word among them is never taken for a file name.
COMMAND_NAMES = frozenset(
    ("add", "list", "show", "highlight", "erase", "highlights", "note", "labels", "search", "stats",
     "suggest", "model", "sites", "export", "import", "refresh", "versions", "reattach", "agreement",
     "annotator", "extract", "gui", "login", "logout", "logins")
)  # fmt: skip


class WindowUnavailable(SiftError):
    """The window cannot start here (Qt or a system library it needs is missing)."""


def looks_like_source(word: str) -> bool:
    """True for an http(s) URL or an existing file: ``sift URL`` / ``sift FILE.html`` open the window."""
    return word[:8].lower().startswith(("http://", "https://")) or os.path.isfile(word)


def open_window(db_path: Path, sources: list[str]) -> int:
    """Start the desktop window (Qt is imported only here) and return its exit status."""
    try:
        from reader.ui.app import run

        return int(run(db_path, sources) or 0)
    except ImportError as err:
        if not qt_is_missing(err):
            raise  # a bug in Sift, not a missing Qt or system library
        raise WindowUnavailable(
            f"The window cannot start ({err}); install the system libraries listed in "
            "packaging/system-deps.sh, or use the sift commands (sift --help)."
        ) from err


def qt_is_missing(err: ImportError) -> bool:
    """True when an ImportError means Qt (or a system library it needs) is not installed."""
    top = (err.name or "").split(".")[0]
    return top in ("PySide6", "shiboken6") or (not top and ".so" in str(err))


def window_request(argv: list[str]) -> tuple[Path | None, list[str]] | None:
    """``(db or None, sources)`` when ``argv`` only opens the window; None for anything click must parse.

    Accepted: nothing, ``--db FILE`` / ``--db=FILE``, then sources whose first word is an http(s) URL or
    an existing file that is not a command name (as the click group would read them).
    """
    args = list(argv)
    db: str | None = None
    if args[:1] == ["--db"] and len(args) > 1:
        db, args = args[1], args[2:]
    elif args and args[0].startswith("--db="):
        db, args = args[0][len("--db=") :], args[1:]
    if db is not None and (not db or db.startswith("-") or os.path.isdir(db)):
        return None  # let click report the bad value
    if any(a.startswith("-") for a in args):
        return None
    if args and (args[0] in COMMAND_NAMES or not looks_like_source(args[0])):
        return None
    return (Path(db).expanduser() if db is not None else None), args


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point (``sift``, ``python -m reader``)."""
    args = sys.argv[1:] if argv is None else list(argv)
    request = window_request(args)
    if request is None:
        from reader.cli_main import cli

        cli.main(args=args, prog_name="sift")
        return
    db, sources = request
    if db is None:
        from reader.paths import default_db_path

        db = default_db_path()
    try:
        code = open_window(db, sources)
    except SiftError as err:
        print(f"sift: {err}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("\nAborted!", file=sys.stderr)
        code = 1
    sys.exit(code)


def __getattr__(name: str) -> Any:
    """``cli``, ``SiftGroup`` and the group's other names, imported from reader.cli_main on first use."""
    if name.startswith("__"):
        raise AttributeError(name)
    from reader import cli_main

    try:
        return getattr(cli_main, name)
    except AttributeError:
        raise AttributeError(f"module 'reader.cli' has no attribute {name!r}") from None


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
