"""``sift refresh``, ``sift versions`` and ``sift reattach``: changed articles and where highlights went."""

from __future__ import annotations

import dataclasses

import click

from reader.cli_articles import range_options, resolve_range
from reader.cli_common import one_line, open_library, print_json, table


@click.command(short_help="Fetch an article again; keep the old version and re-anchor highlights.")
@click.argument("article_id", type=int)
@click.option(
    "--from",
    "source",
    metavar="SOURCE",
    help="Take the new copy from this file or URL instead of the article's own address.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def refresh(ctx: click.Context, article_id: int, source: str | None, as_json: bool) -> None:
    """Fetch article ID again (from its URL, or --from a file or URL).

    If its text changed, the new text becomes the current version and the old one is kept
    (sift versions ID). Every highlight is re-anchored: exact, fuzzy (found, slightly changed) or
    orphaned (not found; kept with its quote and note). Prints "unchanged" or the counts and how
    many highlights need attention (sift highlights ID --attention lists them).
    """
    from reader.versions import refresh_from_source

    result = refresh_from_source(open_library(ctx), article_id, source)
    if as_json:
        print_json({**dataclasses.asdict(result), "summary": result.summary})
        return
    if not result.changed:
        click.echo(f"unchanged (article {article_id}, version {result.version})")
        return
    click.echo(result.summary)


@click.command(short_help="List the stored versions of an article.")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--show", "show_version", type=int, metavar="N", help="Print the text of version N.")
@click.pass_context
def versions(ctx: click.Context, article_id: int, as_json: bool, show_version: int | None) -> None:
    """List the versions of article ID kept by refreshes (the last one is current)."""
    from reader.versions import get_version, list_versions

    library = open_library(ctx)
    if show_version is not None:
        v = get_version(library, article_id, show_version)
        if as_json:
            print_json({**dataclasses.asdict(v.info), "text": v.text})
        else:
            click.echo(v.text)
        return
    items = list_versions(library, article_id)
    if as_json:
        print_json([dataclasses.asdict(v) for v in items])
        return
    rows = [
        [
            str(v.version) + (" *" if v.current else ""),
            v.added_at,
            v.fetched_at or "–",
            str(v.word_count),
            v.text_sha256[:12],
            one_line(v.title, 60),
        ]
        for v in items
    ]
    click.echo(table(rows, ["VERSION", "STORED", "FETCHED", "WORDS", "SHA256", "TITLE"]))


@click.command(short_help="Place a highlight (e.g. an orphaned one) on a span of the current text.")
@click.argument("highlight_id", type=int)
@range_options
@click.pass_context
def reattach(
    ctx: click.Context,
    highlight_id: int,
    quote: str | None,
    nth: int | None,
    start: int | None,
    end: int | None,
) -> None:
    """Re-attach highlight HIGHLIGHT_ID to a span of its article's current text.

    For an orphaned or fuzzy highlight: it is painted on the span (like sift highlight, in its
    annotator's highlights), keeps its label, note and dates, and becomes exact.
    """
    library = open_library(ctx)
    h = library.get_highlight(highlight_id)
    text = library.get_article(h.article_id).text
    s, e = resolve_range(text, h.article_id, quote, nth, start, end)
    change = library.reattach(highlight_id, s, e)
    placed = next((x for x in change.added if x.label == h.label and x.start <= s and x.end >= e), None)
    new_id = placed.id if placed is not None else highlight_id
    click.echo(f"Highlight {new_id} is now at {s}-{e} in article {h.article_id} (exact).")


COMMANDS = [refresh, versions, reattach]
