"""``sift import`` and ``sift agreement``: annotations from colleagues, and how far two annotators agree."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from reader.cli_common import one_line, open_library, print_json, table
from reader.errors import InputError


@click.command("import", short_help="Import highlights from a Sift JSON or CSV export.")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--annotator",
    metavar="NAME",
    help="Record every imported highlight as NAME's (default: the annotator named in the file).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, annotator: str | None, as_json: bool) -> None:
    """Import highlights from a Sift export (W3C Web Annotation JSON or CSV), e.g. a colleague's.

    Articles are matched by URL, canonical URL or text; a JSON export with embedded articles adds
    those the library lacks. Highlights are re-anchored on the library's text (exact, fuzzy or
    orphaned), keep who made them, and are never imported twice.
    """
    from reader.exchange import import_file

    result = import_file(open_library(ctx), file, annotator=annotator)
    if as_json:
        print_json({**dataclasses.asdict(result), "summary": result.summary})
    else:
        click.echo(result.summary)


def _spans(library, article_id: int, name: str) -> list:
    """The anchored highlights of one annotator in an article; InputError if there are none."""
    spans = library.highlights(article_id, annotator=name, orphans=False)
    if not spans:
        names = ", ".join(library.annotators(article_id)) or "nobody yet"
        raise InputError(
            f"There are no highlights by {name!r} in article {article_id}; annotators there: {names}."
        )
    return spans


def _kappa(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@click.command(short_help="Cohen's kappa between two annotators on one article.")
@click.argument("article_id", type=int)
@click.option(
    "--between",
    nargs=2,
    required=True,
    metavar="A B",
    help="The two annotators' names (your own name is the local annotator).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures and spans as JSON.")
@click.pass_context
def agreement(ctx: click.Context, article_id: int, between: tuple[str, str], as_json: bool) -> None:
    """How far two annotators agree on article ID, word by word.

    Every word gets each annotator's label (or none); prints Cohen's kappa overall and for each
    label (that label against everything else), then the spans where they disagree.
    """
    from reader.agreement import agreement as compute

    library = open_library(ctx)
    text = library.get_article(article_id).text
    a, b = between
    result = compute(text, _spans(library, article_id, a), _spans(library, article_id, b))
    if as_json:
        print_json({"article_id": article_id, "between": [a, b], **dataclasses.asdict(result)})
        return
    observed = "–" if result.observed is None else f"{result.observed:.1%}"
    click.echo(f"Article {article_id}: {a} vs {b} over {result.words} words")
    click.echo(f"Observed agreement: {observed}   Cohen's kappa: {_kappa(result.kappa)}")
    rows = [
        [x.label, _kappa(x.kappa), str(x.words_a), str(x.words_b), str(x.words_both)]
        for x in result.per_label.values()
    ]
    if rows:
        click.echo("")
        click.echo(table(rows, ["LABEL", "KAPPA", f"WORDS {a}", f"WORDS {b}", "BOTH"]))
    click.echo("")
    if not result.disagreements:
        click.echo("No disagreements.")
        return
    click.echo(f"Disagreements ({len(result.disagreements)}):")
    click.echo(
        table(
            [
                [f"{d.start}-{d.end}", d.label_a, d.label_b, one_line(d.text, 60)]
                for d in result.disagreements
            ],
            ["SPAN", a.upper(), b.upper(), "TEXT"],
        )
    )


@click.command(short_help="Show or set your annotator name (written into exports).")
@click.argument("name", required=False)
@click.pass_context
def annotator(ctx: click.Context, name: str | None) -> None:
    """Show your annotator name, or set it to NAME.

    Your highlights carry this name in exports and in agreement (sift agreement ID --between ...);
    it is stored in the library. Renaming yourself keeps all your highlights yours.
    """
    library = open_library(ctx)
    if name is not None:
        library.annotator = name
    click.echo(library.annotator)


COMMANDS = [import_cmd, agreement, annotator]
