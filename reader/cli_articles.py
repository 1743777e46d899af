"""``sift`` article and highlight commands: list, show, highlight, erase, highlights, note, search, stats."""

from __future__ import annotations

import dataclasses
import html
import re

import click

from reader.blocks import blocks_to_html
from reader.cli_common import one_line, open_library, percent, print_json, table
from reader.errors import InputError
from reader.models import ArticleContent, Highlight

SORTS = ("added", "title", "published", "site", "density", "words")


def html_document(title: str, body: str) -> str:
    """Wrap clean article HTML in a minimal standalone page."""
    t = html.escape(title)
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>{t}</title>\n</head>\n'
        f"<body>\n<h1>{t}</h1>\n{body}\n</body>\n</html>"
    )


def titled_text(title: str, text: str) -> str:
    """The title, a blank line and the text (just the text when it already starts with the title)."""
    if not title or text.startswith(title):
        return text
    return f"{title}\n\n{text}"


def content_json(content: ArticleContent, url: str | None) -> dict:
    """Metadata, canonical text and blocks of freshly extracted content."""
    from reader.stats import count_words

    text = content.text
    return {
        "url": url,
        "title": content.title,
        "byline": content.byline,
        "site_name": content.site_name,
        "published": content.published,
        "language": content.language,
        "canonical_url": content.canonical_url,
        "extractor": content.extractor,
        "extractor_version": content.extractor_version,
        "word_count": count_words(text),
        "text": text,
        "blocks": [b.to_dict() for b in content.blocks],
    }


def print_content(content: ArticleContent, *, url: str | None, fmt: str) -> None:
    """Print extracted content as text, a standalone HTML page or JSON."""
    if fmt == "json":
        print_json(content_json(content, url))
    elif fmt == "html":
        click.echo(html_document(content.title, blocks_to_html(content.blocks)))
    else:
        click.echo(titled_text(content.title, content.text))


def highlight_dict(h: Highlight) -> dict:
    """A highlight as a JSON object with every Highlight field."""
    return dataclasses.asdict(h)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--all", "show_all", is_flag=True, help="Include archived articles.")
@click.option(
    "--needs-attention",
    is_flag=True,
    help="Only articles (archived too) with highlights that moved or were lost when their text changed.",
)
@click.option(
    "--sort", type=click.Choice(SORTS), default="added", show_default=True, help="Order of the list."
)
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool, show_all: bool, needs_attention: bool, sort: str) -> None:
    """List articles with their words, highlights and fact density."""
    library = open_library(ctx)
    archived = None if show_all or needs_attention else False
    items = library.list_articles(archived=archived, needs_attention=needs_attention, sort=sort)
    if as_json:
        print_json([{**dataclasses.asdict(s), "fact_density": s.fact_density} for s in items])
        return
    if not items and needs_attention:
        click.echo("No highlight needs attention.", err=True)
        return
    if not items:
        click.echo("The library is empty; add an article with: sift add FILE-OR-URL", err=True)
        return
    rows = [
        [
            str(s.id),
            str(s.word_count),
            str(s.highlight_count),
            percent(s.fact_density),
            one_line(s.site_name, 24) or "–",
            one_line(s.title, 70),
        ]
        for s in items
    ]
    click.echo(table(rows, ["ID", "WORDS", "HIGHLIGHTS", "FACT", "SITE", "TITLE"]))


@click.command()
@click.argument("article_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json"]),
    default="text",
    show_default=True,
    help="text: title, details and the canonical text; html: a clean page; json: every field.",
)
@click.pass_context
def show(ctx: click.Context, article_id: int, fmt: str) -> None:
    """Show one article."""
    article = open_library(ctx).get_article(article_id)
    if fmt == "json":
        data = dataclasses.asdict(article)
        data["blocks"] = [b.to_dict() for b in article.blocks]
        print_json(data)
    elif fmt == "html":
        click.echo(html_document(article.title, article.html or blocks_to_html(article.blocks)))
    else:
        details = [article.url or "(added from a file)"]
        details += [x for x in (article.site_name, article.byline, article.published) if x]
        click.echo(f"{article.title}\n{' · '.join(details)}\n{article.word_count} words\n\n{article.text}")


def find_quote(text: str, quote: str, nth: int | None, article_id: int) -> tuple[int, int]:
    """Offsets of the ``nth`` (1-based) occurrence of ``quote``; whitespace runs match any whitespace."""
    words = quote.split()
    if not words:
        raise click.UsageError("--quote needs some text.")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    shown = one_line(quote, 60)
    if not found:
        raise InputError(
            f'The quote "{shown}" is not in article {article_id}; '
            f"check the wording with: sift show {article_id}"
        )
    if nth is None:
        if len(found) > 1:
            raise InputError(
                f'The quote "{shown}" occurs {len(found)} times in article {article_id}; '
                f"pick one with --nth 1..{len(found)} or give a longer quote."
            )
        return found[0]
    if nth > len(found):
        raise InputError(
            f'The quote "{shown}" occurs only {len(found)} time(s) in article {article_id}; '
            f"use --nth 1..{len(found)}."
        )
    return found[nth - 1]


def resolve_range(
    text: str, article_id: int, quote: str | None, nth: int | None, start: int | None, end: int | None
) -> tuple[int, int]:
    """Turn ``--quote/--nth`` or ``--start/--end`` into checked offsets into the canonical text."""
    if quote is not None and (start is not None or end is not None):
        raise click.UsageError("Give either --quote or --start/--end, not both.")
    if quote is not None:
        return find_quote(text, quote, nth, article_id)
    if nth is not None:
        raise click.UsageError("--nth only goes with --quote.")
    if start is None or end is None:
        raise click.UsageError("Say what to mark: --quote TEXT, or both --start N and --end M.")
    if not 0 <= start < end <= len(text):
        raise InputError(
            f"The range {start}-{end} is outside article {article_id}, whose text has {len(text)} "
            "characters; use 0 <= start < end <= that length."
        )
    return start, end


def range_options(func):
    """The ``--quote TEXT [--nth N] | --start N --end M`` options."""
    func = click.option(
        "--end", type=click.IntRange(min=0), help="End offset (exclusive) in the canonical text."
    )(func)
    func = click.option("--start", type=click.IntRange(min=0), help="Start offset in the canonical text.")(
        func
    )
    func = click.option(
        "--nth", type=click.IntRange(min=1), help="Which occurrence of the quote (1 = first) when it repeats."
    )(func)
    return click.option("--quote", help="The text to mark, as it appears in the article.")(func)


@click.command(short_help="Paint a span with LABEL and print the highlight id.")
@click.argument("article_id", type=int)
@click.argument("label")
@range_options
@click.option("--note", help="Attach this note to the highlight.")
@click.pass_context
def highlight(
    ctx: click.Context,
    article_id: int,
    label: str,
    quote: str | None,
    nth: int | None,
    start: int | None,
    end: int | None,
    note: str | None,
) -> None:
    """Paint a span of an article with LABEL and print the highlight's id.

    LABEL is fact, filler or one of your own labels (sift labels). Painting over other
    highlights splits or trims them: a character carries at most one label.
    """
    library = open_library(ctx)
    article = library.get_article(article_id)
    s, e = resolve_range(article.text, article_id, quote, nth, start, end)
    change = library.paint(article_id, s, e, label, note=note)
    click.echo(painted_id(library, change.added, article_id, label, s, e))


def painted_id(library, added, article_id: int, label: str, start: int, end: int) -> int:
    """The id of the highlight now covering ``[start, end)`` with ``label``."""
    for pool in (added, library.highlights(article_id, label=label)):
        for h in pool:
            if h.label == label and h.start <= start and h.end >= end:
                return int(h.id)
    raise AssertionError(f"paint({start}, {end}, {label!r}) left no highlight covering the range")


@click.command()
@click.argument("article_id", type=int)
@range_options
@click.pass_context
def erase(
    ctx: click.Context,
    article_id: int,
    quote: str | None,
    nth: int | None,
    start: int | None,
    end: int | None,
) -> None:
    """Remove the labels from a span of an article.

    Highlights that overlap the span are trimmed or split around it.
    """
    library = open_library(ctx)
    article = library.get_article(article_id)
    s, e = resolve_range(article.text, article_id, quote, nth, start, end)
    change = library.erase(article_id, s, e)
    click.echo(f"Erased {s}-{e} in article {article_id} ({len(change.removed)} highlight(s) changed).")


def status_cell(status: str, score: float) -> str:
    """``exact``, ``fuzzy 0.83`` or ``orphaned``."""
    return f"fuzzy {score:.2f}" if status == "fuzzy" else status


@click.command(short_help="List an article's highlights with their anchor status.")
@click.argument("article_id", type=int)
@click.option("--label", help="Only highlights with this label.")
@click.option("--annotator", metavar="NAME", help="Only NAME's highlights (default: your own).")
@click.option(
    "--all", "everyone", is_flag=True, help="Everyone's highlights (an ANNOTATOR column shows whose)."
)
@click.option(
    "--attention", is_flag=True, help="Only those needing attention (fuzzy or orphaned), everyone's."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of highlight objects.")
@click.pass_context
def highlights(
    ctx: click.Context,
    article_id: int,
    label: str | None,
    annotator: str | None,
    everyone: bool,
    attention: bool,
    as_json: bool,
) -> None:
    """List the highlights of one article in text order (your own, unless --annotator or --all).

    STATUS is exact, fuzzy with its score (re-anchored on a changed text), or orphaned (not found
    in the current text: its START/END are from an older version; re-attach it with sift reattach).
    """
    library = open_library(ctx)
    library.get_article(article_id)
    if label is not None:
        library.get_label(label)
    if annotator is not None and everyone:
        raise click.UsageError("Give either --annotator or --all, not both.")
    who = None if everyone or attention else (annotator or "")
    items = library.highlights(article_id, label=label, annotator=who, orphans=True)
    if attention:
        items = [h for h in items if h.anchor_status != "exact"]
    me = library.annotator
    if as_json:
        print_json([{**highlight_dict(h), "annotator": h.annotator or me} for h in items])
        return
    rows = [
        [str(h.id), h.label, str(h.start), str(h.end), status_cell(h.anchor_status, h.anchor_score)]
        + ([h.annotator or me] if who is None else [])
        + [one_line(h.note, 30), one_line(h.exact, 60)]
        for h in items
    ]
    heads = ["ID", "LABEL", "START", "END", "STATUS"] + (["ANNOTATOR"] if who is None else [])
    if rows:
        click.echo(table(rows, [*heads, "NOTE", "QUOTE"]))
    elif attention:
        click.echo(f"No highlight of article {article_id} needs attention.", err=True)
    else:
        click.echo(f"Article {article_id} has no highlights yet.", err=True)


@click.command()
@click.argument("highlight_id", type=int)
@click.argument("text")
@click.pass_context
def note(ctx: click.Context, highlight_id: int, text: str) -> None:
    """Set the note of a highlight (an empty TEXT removes it)."""
    open_library(ctx).set_note(highlight_id, text)


@click.command()
@click.argument("query")
@click.option(
    "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many hits."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Search titles, article text and highlight notes."""
    hits = open_library(ctx).search(query, limit=limit)
    if as_json:
        print_json([h._asdict() for h in hits])
        return
    if not hits:
        click.echo(f'Nothing matches "{one_line(query, 60)}".', err=True)
        return
    click.echo(
        table(
            [[str(h.article_id), one_line(h.title, 50), one_line(h.snippet, 80)] for h in hits],
            ["ID", "TITLE", "MATCH"],
        )
    )


@click.command()
@click.argument("article_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def stats(ctx: click.Context, article_id: int | None, as_json: bool) -> None:
    """Words, characters and highlights per label, and fact density.

    For one article (ID) or, without ID, for the whole library.
    """
    library = open_library(ctx)
    if article_id is not None:
        library.get_article(article_id)
    st = library.stats(article_id)
    if as_json:
        print_json(
            {
                "article_id": article_id,
                "per_label": {k: dataclasses.asdict(v) for k, v in st.per_label.items()},
                "fact_words": st.fact_words,
                "filler_words": st.filler_words,
                "fact_density": st.fact_density,
            }
        )
        return
    rows = [[v.label, str(v.highlights), str(v.words), str(v.chars)] for v in st.per_label.values()]
    click.echo(table(rows, ["LABEL", "HIGHLIGHTS", "WORDS", "CHARS"]))
    click.echo(
        f"Fact density: {percent(st.fact_density)} "
        f"({st.fact_words} fact words, {st.filler_words} filler words)"
    )


COMMANDS = [list_cmd, show, highlight, erase, highlights, note, search, stats]
