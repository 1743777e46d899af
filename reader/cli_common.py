"""Pieces every ``sift`` command shares: the library of the run, the error line, JSON and text output."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from reader.errors import SiftError

if TYPE_CHECKING:
    from reader.store import Library


class SiftFailure(click.ClickException):
    """A user-facing error shown as one line, ``sift: <sentence>``, with exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one-line message on stderr."""
        click.echo(f"sift: {self.format_message()}", err=True, file=file)


@dataclass
class State:
    """Options of the ``sift`` group that every command sees (``ctx.obj``)."""

    db_path: Path


def state(ctx: click.Context) -> State:
    """The group's state (the library path) for any command context."""
    obj = ctx.find_object(State)
    if obj is None:  # a command invoked on its own (tests): use the default place
        from reader.paths import default_db_path

        obj = State(default_db_path())
        ctx.find_root().obj = obj
    return obj


def open_library(ctx: click.Context) -> Library:
    """Open the library of this run; it is closed when the command finishes."""
    from reader.store import Library

    return ctx.with_resource(Library(state(ctx).db_path))


def fail(message: str) -> SiftFailure:
    """Build the exception for a user-facing failure found by the CLI itself."""
    return SiftFailure(message)


def print_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable))


def _jsonable(obj: Any) -> Any:
    """JSON fallback for dataclasses and paths."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"cannot serialize {type(obj).__name__}")


def one_line(text: str | None, width: int | None = None) -> str:
    """Collapse whitespace (tabs and newlines too) so a value fits one output field; clip to ``width``."""
    s = " ".join((text or "").split())
    if width is not None and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def percent(value: float | None) -> str:
    """Format a fraction as a percentage, or an en dash when there is none."""
    return "–" if value is None else f"{value:.0%}"


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(r, widths, strict=False)] + [str(r[-1])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def as_failure(err: SiftError) -> SiftFailure:
    """Wrap a core error for click (same sentence)."""
    return SiftFailure(str(err))
