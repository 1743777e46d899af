"""The ``sift`` click group: thin commands over the core (``gui`` opens the window; see reader/cli.py)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import click

from reader import __version__
from reader.cli import looks_like_source, open_window
from reader.cli_common import SiftFailure, State, open_library, state
from reader.errors import SiftError

COMMAND_ORDER = (
    "add", "list", "show", "highlight", "erase", "highlights", "note", "labels", "search", "stats",
    "suggest", "model", "sites", "export", "import", "refresh", "versions", "reattach", "agreement",
    "annotator", "extract", "gui",
)  # fmt: skip
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Command name -> the module whose COMMANDS define it. A module is imported only when one of its commands
# runs or the command list is shown, so the window (and every other command) starts without the rest.
LAZY_COMMANDS = {
    **dict.fromkeys(
        ("list", "show", "highlight", "erase", "highlights", "note", "search", "stats"), "reader.cli_articles"
    ),
    **dict.fromkeys(("labels",), "reader.cli_labels"),
    **dict.fromkeys(("export",), "reader.cli_export"),
    **dict.fromkeys(("import", "agreement", "annotator"), "reader.cli_exchange"),
    **dict.fromkeys(("refresh", "versions", "reattach"), "reader.cli_versions"),
    **dict.fromkeys(("suggest", "model", "sites"), "reader.cli_suggest"),
    **dict.fromkeys(("login", "logout", "logins"), "reader.cli_logins"),
}


class SiftGroup(click.Group):
    """The ``sift`` group: URLs and files as first word open the window; core errors become one line."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Send ``sift URL`` and ``sift FILE`` to the ``gui`` command with the sources as its arguments."""
        name = args[0]
        if self.get_command(ctx, name) is None and looks_like_source(name):
            return "gui", self.get_command(ctx, "gui"), list(args)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called ``cmd_name``, importing its module the first time it is needed."""
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            self.load_module(LAZY_COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def load_module(self, module: str) -> None:
        """Import a ``reader.cli_*`` module and register its COMMANDS (those not registered yet)."""
        for command in importlib.import_module(module).COMMANDS:
            if command.name not in self.commands:
                self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order a reader meets them (then any others, alphabetically)."""
        names = list({**dict.fromkeys(LAZY_COMMANDS), **dict.fromkeys(self.commands)})
        return sorted(
            names, key=lambda n: (COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER), n)
        )

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a SiftError becomes ``sift: <sentence>`` on stderr and exit status 1."""
        try:
            return super().invoke(ctx)
        except SiftError as err:
            raise SiftFailure(str(err)) from err


@click.group("sift", cls=SiftGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Library file to use (default: $SIFT_DB, else library.db in your user data folder).",
)
@click.version_option(__version__, "--version", prog_name="sift", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Sift: a calm reader that lets you paint every sentence as fact or filler.

    Run without a command (or with a URL or an HTML/text file) to open the window; the commands below
    work on the same library without it.
    """
    from reader.paths import default_db_path

    ctx.obj = State(db.expanduser() if db is not None else default_db_path())
    if ctx.invoked_subcommand is None:
        ctx.exit(open_window(ctx.obj.db_path, []))


@cli.command("gui")
@click.argument("sources", nargs=-1)
@click.pass_context
def gui(ctx: click.Context, sources: tuple[str, ...]) -> None:
    """Open the window (adding and showing any URLs or files given)."""
    ctx.exit(open_window(state(ctx).db_path, list(sources)))


def read_sources_file(stream: click.utils.LazyFile | None) -> list[str]:
    """Sources listed one per line; blank lines and lines starting with '#' are skipped."""
    if stream is None:
        return []
    lines = (line.strip() for line in stream)
    return [line for line in lines if line and not line.startswith("#")]


def _progress_printer(total: int) -> Callable[[str, str], None] | None:
    """A one-line progress display on an interactive stderr; nothing when stderr is a file or pipe."""
    err = sys.stderr
    if not err.isatty():
        return None
    finished: set[str] = set()

    def show(source: str, status: str) -> None:
        if status in ("done", "failed"):
            finished.add(source)
        line = f"[{len(finished)}/{total}] {status}: {source}"[:100]
        err.write("\r\x1b[K" + line)
        err.flush()

    return show


@cli.command(short_help="Add articles from files, http(s) URLs or '-' (stdin).")
@click.argument("sources", nargs=-1)
@click.option(
    "--from-file",
    "from_file",
    type=click.File("r", encoding="utf-8"),
    help="Also add the sources listed in this file, one per line ('#' starts a comment line).",
)
@click.option("--tag", "tags", multiple=True, help="Tag every added article (repeat for several tags).")
@click.pass_context
def add(
    ctx: click.Context,
    sources: tuple[str, ...],
    from_file: click.utils.LazyFile | None,
    tags: tuple[str, ...],
) -> None:
    """Add articles from HTML or text files, http(s) URLs or '-' (stdin).

    Prints "<id><TAB><title>" for each article added (or already in the library). Exit status: 0 when
    every source was added, 1 when some failed (one line each on stderr), 2 for a usage error.
    """
    from reader.ingest import add_loaded, load_many

    items = list(sources) + read_sources_file(from_file)
    if not items:
        raise click.UsageError("Give at least one file, URL or '-' (standard input), or --from-file.")
    if items.count("-") > 1 or (items.count("-") and from_file is not None and from_file.name == "<stdin>"):
        raise click.UsageError("Standard input ('-') can be read only once.")
    library = open_library(ctx)
    progress = _progress_printer(len(items))
    outcomes = load_many(items, progress=progress, stdin=sys.stdin.buffer)
    if progress is not None:
        click.echo("\r\x1b[K", nl=False, err=True)
    failed = 0
    for outcome in outcomes:
        err: SiftError | None = outcome.error
        if outcome.loaded is not None:
            try:
                with library.transaction():
                    article = add_loaded(library, outcome.loaded, tags=tags)
                    missing = [t for t in tags if t not in article.tags]
                    if missing:  # already in the library: add the new tags to it
                        library.update_article(article.id, tags=[*article.tags, *missing])
            except SiftError as e:
                err = e
            else:
                click.echo(f"{article.id}\t{' '.join(article.title.split())}")
                continue
        failed += 1
        message = str(err)
        if outcome.source not in message and not (outcome.source == "-" and "tandard input" in message):
            message = f"{outcome.source}: {message}"
        click.echo(f"sift: {message}", err=True)
    ctx.exit(1 if failed else 0)


@cli.command(short_help="Clean one page and print it (no library is touched).")
@click.argument("source")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json"]),
    default="text",
    show_default=True,
    help="text: title and clean text; html: a clean standalone page; json: metadata, text and blocks.",
)
def extract(source: str, fmt: str) -> None:
    """Clean one page (file, URL or '-') and print it; no library is touched."""
    from reader.cli_articles import print_content
    from reader.ingest import load_source

    loaded = load_source(source, stdin=sys.stdin.buffer)
    print_content(loaded.content, url=loaded.url, fmt=fmt)
