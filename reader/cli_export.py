"""``sift export``: highlights as CSV, W3C Web Annotation JSON or Markdown, to a file or stdout."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import click

from reader.cli_common import open_library
from reader.errors import InputError
from reader.export import FORMATS, export


def write_atomically(path: Path, write: Callable[[TextIO], int]) -> int:
    """Write through a temporary file beside ``path`` and rename it in place: never a half-written file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise InputError(f"Cannot write {path} ({e.strerror or e}); choose another place with -o.") from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            n = write(out)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"Cannot write {path} ({e.strerror or e}); choose another place with -o.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


@click.command("export")
@click.option("--article", "article_id", type=int, help="Only this article (default: the whole library).")
@click.option("--label", help="Only highlights with this label.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv: one row per highlight; json: W3C Web Annotations; md: a readable digest per article.",
)
@click.option("--excel", is_flag=True, help="CSV only: start with a byte-order mark so Excel reads UTF-8.")
@click.option(
    "--no-formula-guard",
    "no_guard",
    is_flag=True,
    help="CSV only: do not prefix cells starting with = + - @ tab or CR with ' (the guard is on by default).",
)
@click.option(
    "--no-article-text",
    "no_articles",
    is_flag=True,
    help="JSON only: do not embed the annotated articles (by default they are, so an import elsewhere "
    "can add them).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (replaced only once the export is complete) instead of stdout.",
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    article_id: int | None,
    label: str | None,
    fmt: str,
    excel: bool,
    no_guard: bool,
    no_articles: bool,
    output: Path | None,
) -> None:
    """Export highlights as CSV, W3C Web Annotation JSON or Markdown.

    The whole library by default, or one article (--article) and/or one label (--label). CSV and
    JSON hold every annotator's highlights (with their names; sift import reads both back); the
    Markdown digest holds your own.
    """
    if fmt != "csv" and (excel or no_guard):
        raise click.UsageError("--excel and --no-formula-guard apply only to --format csv.")
    if fmt != "json" and no_articles:
        raise click.UsageError("--no-article-text applies only to --format json.")
    library = open_library(ctx)

    def write(out: TextIO) -> int:
        return export(
            library,
            out,
            fmt,
            article_id=article_id,
            label=label,
            excel=excel,
            formula_guard=not no_guard,
            articles=not no_articles,
        )

    if output is not None and str(output) != "-":
        n = write_atomically(output, write)
        click.echo(f"Exported {n} highlight(s) to {output}.", err=True)
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        write(stream)
        stream.flush()
    finally:
        stream.detach()


COMMANDS = [export_cmd]
