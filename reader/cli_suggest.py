"""``sift suggest``, ``sift model`` and ``sift sites``: suggestions and per-source padding figures.

``sift suggest ID --apply`` paints only confident suggestions: filler where P(filler) >= S and fact where
P(filler) <= 1 - S (S = ``--min-score``, 0.8 unless given), never over your own highlights, in one
transaction (see :mod:`reader.suggest_apply`).
"""

from __future__ import annotations

import io
import sys

import click

from reader.cli_common import one_line, open_library, percent, print_json, table
from reader.models import Article
from reader.store import Library
from reader.suggest import Suggestion
from reader.suggest_apply import apply_suggestions

DEFAULT_MIN_SCORE = 0.8


def _suggestions(library: Library, article: Article) -> list[Suggestion]:
    from reader.sites import site_of
    from reader.suggest import suggest
    from reader.suggest_store import load_model

    model = load_model(library)
    return suggest(
        article.text, model=model, blocks=article.blocks, site=site_of(article.url, article.site_name)
    )


@click.command("suggest")
@click.argument("article_id", type=int, required=False)
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON list of {start, end, label, score, reasons}."
)
@click.option("--apply", "do_apply", is_flag=True, help="Paint the confident suggestions as highlights.")
@click.option(
    "--min-score",
    type=click.FloatRange(0.5, 1.0),
    default=None,
    help=f"With --apply: paint filler at P(filler) >= S, fact at <= 1 - S (default {DEFAULT_MIN_SCORE}).",
)
@click.option("--reset-model", is_flag=True, help="Forget what the model learned from you first.")
@click.pass_context
def suggest_cmd(
    ctx: click.Context,
    article_id: int | None,
    as_json: bool,
    do_apply: bool,
    min_score: float | None,
    reset_model: bool,
) -> None:
    """Propose fact or filler for every sentence of an article, with P(filler) and the reasons.

    Offsets are into the article's canonical text (sift show ID). Suggestions come from the model that
    learned from your own highlights and judged suggestions (sift model show).
    """
    if min_score is not None and not do_apply:
        raise click.UsageError("--min-score only applies with --apply.")
    if article_id is None and not reset_model:
        raise click.UsageError("Give an article ID (see sift list), or --reset-model.")
    library = open_library(ctx)
    if reset_model:
        from reader.suggest_store import reset_model as reset

        reset(library)
        if article_id is None:
            click.echo("The suggestion model is back to the default; your highlights are kept.")
            return
    assert article_id is not None
    article = library.get_article(article_id)
    suggestions = _suggestions(library, article)
    applied = None
    if do_apply:
        applied = apply_suggestions(library, article.id, suggestions, min_score or DEFAULT_MIN_SCORE)
    if as_json:
        print_json([s.to_dict() for s in suggestions])
    elif suggestions:
        rows = [
            [
                str(i),
                s.label,
                f"{s.score:.2f}",
                f"{s.start}-{s.end}",
                one_line(article.text[s.start : s.end], 48),
                "; ".join(s.reasons),
            ]
            for i, s in enumerate(suggestions, 1)
        ]
        click.echo(table(rows, ["#", "LABEL", "SCORE", "SPAN", "SENTENCE", "REASONS"]))
    else:
        click.echo(f"Article {article_id} has no sentences to judge.", err=True)
    if applied is not None:
        click.echo(
            f"Painted {applied.filler} filler and {applied.fact} fact sentences; skipped {applied.skipped} "
            "that already had highlights.",
            err=as_json,
        )


@click.group("model")
def model_group() -> None:
    """The suggestion model that learns from your highlights (kept in the library, never sent anywhere)."""


@model_group.command("reset")
@click.pass_context
def model_reset(ctx: click.Context) -> None:
    """Forget what the model learned (your highlights are kept; sift model relearn uses them again)."""
    from reader.suggest_store import reset_model

    reset_model(open_library(ctx))
    click.echo("The suggestion model is back to the default; your highlights are kept.")


@model_group.command("relearn")
@click.pass_context
def model_relearn(ctx: click.Context) -> None:
    """Learn again from every fact/filler highlight and judged suggestion in the library."""
    from reader.suggest_store import example_counts, relearn

    library = open_library(ctx)
    model = relearn(library)
    counts = example_counts(library)
    click.echo(
        f"Learned from {model.seen} sentences ({counts['highlight']} from highlights, "
        f"{counts['accepted']} accepted and {counts['rejected']} rejected suggestions)."
    )


@model_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def model_show(ctx: click.Context, as_json: bool) -> None:
    """How much the model has learned from you."""
    from reader.suggest_store import example_counts, load_learner

    library = open_library(ctx)
    learner = load_learner(library)
    weights = learner.mixture()
    data = {
        "learned_from": learner.seen,
        "examples": example_counts(library),
        "default_model": learner.base.version,
        "threshold": learner.base.threshold,
        "learners": {lr.name: round(w, 4) for lr, w in zip(learner.learners, weights, strict=True)},
    }
    if as_json:
        print_json(data)
        return
    ex = data["examples"]
    click.echo(
        f"Learned from {learner.seen} sentences; stored: {ex['highlight']} from highlights, "
        f"{ex['accepted']} accepted, {ex['rejected']} rejected suggestions.\n"
        f"Trust in your labels over the default: {weights[1]:.0%} (grows as your labels are predicted "
        "better by following them)."
    )


@click.command("sites")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (for a spreadsheet).")
@click.option(
    "--source",
    type=click.Choice(["highlights", "suggestions"]),
    default="highlights",
    show_default=True,
    help="Figures from your own fact/filler highlights, or from suggestions on every article.",
)
@click.pass_context
def sites_cmd(ctx: click.Context, as_json: bool, as_csv: bool, source: str) -> None:
    """Sources ranked by average fact density and filler words per article."""
    from reader.sites import site_rows, write_csv

    if as_json and as_csv:
        raise click.UsageError("Choose one of --json and --csv.")
    library = open_library(ctx)
    progress = None
    if source == "suggestions" and sys.stderr.isatty():

        def progress(done: int, total: int) -> None:
            click.echo(f"\rJudging articles: {done + 1}/{total}", err=True, nl=done + 1 == total)

    rows = site_rows(library, source=source, progress=progress)
    if as_csv:
        buffer = io.StringIO()
        write_csv(rows, buffer)
        click.echo(buffer.getvalue(), nl=False)
        return
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    if not rows:
        click.echo("The library is empty; add an article with: sift add FILE-OR-URL", err=True)
        return
    body = [
        [
            one_line(r.site, 32),
            str(r.articles),
            str(r.judged_articles),
            percent(r.average_fact_density),
            "–" if r.filler_words_per_article is None else f"{r.filler_words_per_article:.0f}",
        ]
        for r in rows
    ]
    click.echo(table(body, ["SITE", "ARTICLES", "JUDGED", "FACT", "FILLER WORDS/ARTICLE"]))


COMMANDS = (suggest_cmd, model_group, sites_cmd)
