"""The Sites view's data: sources ranked by average fact density and filler words per article.

A source is an article's URL host (without ``www.``), or its site name when it has no URL. Figures come
either from the reader's own fact/filler highlights or from suggestions (every sentence judged by the
user's model; per-article summaries are cached in ``suggest_cache`` by text hash and model generation
(:func:`reader.suggest_store.model_key`: it changes when the model is relearned or reset, not with each
judged suggestion), so only new articles or a new model generation cost a pass of the engine).
"""

from __future__ import annotations

import csv
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from reader.errors import InputError
from reader.stats import count_words

if TYPE_CHECKING:
    from reader.store import Library
    from reader.suggest_model import Model

SOURCES = ("highlights", "suggestions")
UNKNOWN = "(unknown source)"
CSV_COLUMNS = (
    "site",
    "host",
    "articles",
    "judged_articles",
    "fact_words",
    "filler_words",
    "average_fact_density",
    "filler_words_per_article",
)


def site_of(url: str | None, site_name: str | None = None) -> str | None:
    """The source of an article: its URL's host without ``www.``, else its site name, else None."""
    if url:
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            host = ""
        if host:
            return host.removeprefix("www.")
    name = " ".join((site_name or "").split())
    return name or None


@dataclass
class SiteRow:
    """One source's figures over its articles that have any fact or filler words."""

    site: str  # display name: the most common site name of its articles, else the host
    host: str  # the grouping key (host, or site name for articles without a URL)
    articles: int = 0
    judged_articles: int = 0
    fact_words: int = 0
    filler_words: int = 0
    densities: list[float] = field(default_factory=list, repr=False)

    @property
    def average_fact_density(self) -> float | None:
        """Mean over judged articles of fact / (fact + filler) words; None when none is judged."""
        return sum(self.densities) / len(self.densities) if self.densities else None

    @property
    def filler_words_per_article(self) -> float | None:
        """Filler words per judged article; None when none is judged."""
        return self.filler_words / self.judged_articles if self.judged_articles else None

    def to_dict(self) -> dict:
        """The JSON/CSV shape."""
        d = {k: v for k, v in asdict(self).items() if k != "densities"}
        d["average_fact_density"] = self.average_fact_density
        d["filler_words_per_article"] = self.filler_words_per_article
        return d


def _add(row: SiteRow, fact: int, filler: int) -> None:
    row.articles += 1
    if fact + filler:
        row.judged_articles += 1
        row.fact_words += fact
        row.filler_words += filler
        row.densities.append(fact / (fact + filler))


def _rank(rows: dict[str, SiteRow], names: dict[str, Counter]) -> list[SiteRow]:
    for key, row in rows.items():
        common = names[key].most_common(1)
        row.site = common[0][0] if common else key
    return sorted(
        rows.values(),
        key=lambda r: (
            r.average_fact_density is None,
            -(r.average_fact_density or 0.0),
            r.filler_words_per_article or 0.0,
            r.site.lower(),
        ),
    )


def suggestion_summary(text: str, model: Model, *, blocks=None, site: str | None = None) -> tuple[int, ...]:
    """(fact words, filler words, fact sentences, filler sentences) of the suggestions for one text."""
    from reader.suggest import suggest

    out = [0, 0, 0, 0]
    for s in suggest(text, model=model, blocks=blocks, site=site):
        i = 1 if s.label == "filler" else 0
        out[i] += count_words(text[s.start : s.end])
        out[2 + i] += 1
    return tuple(out)


def site_rows(
    library: Library,
    *,
    source: str = "highlights",
    include_archived: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[SiteRow]:
    """Sources ranked by average fact density (highest first), then by filler words per article.

    ``source="suggestions"`` judges every article with the user's model (cached per text and model);
    ``progress(done, total)`` is called for each article that needs the engine, ``cancel`` stops early
    (what was computed so far stays cached).
    """
    if source not in SOURCES:
        raise InputError(f"Unknown source {source!r}; use one of: {', '.join(SOURCES)}.")
    summaries = library.list_articles(archived=None if include_archived else False)
    rows: dict[str, SiteRow] = {}
    names: dict[str, Counter] = {}
    counts = _suggestion_counts(library, progress, cancel) if source == "suggestions" else None
    for s in summaries:
        key = site_of(s.url, s.site_name) or UNKNOWN
        row = rows.setdefault(key, SiteRow(key, key))
        names.setdefault(key, Counter())
        if s.site_name and s.site_name.strip():
            names[key][" ".join(s.site_name.split())] += 1
        if counts is None:
            _add(row, s.fact_words, s.filler_words)
        elif s.id in counts:
            _add(row, *counts[s.id])
        else:
            row.articles += 1  # not judged (cancelled before it was reached)
    return _rank(rows, names)


def _suggestion_counts(
    library: Library, progress: Callable[[int, int], None] | None, cancel: threading.Event | None
) -> dict[int, tuple[int, int]]:
    """(fact words, filler words) of suggestions per article id, computing and caching what is missing."""
    from reader.suggest_store import load_model, model_key

    key = model_key(library)
    articles = library.conn.execute("SELECT id, text_sha256 FROM articles").fetchall()
    with library.transaction():
        library.conn.execute("DELETE FROM suggest_cache WHERE model != ?", (key,))
    cached = {
        sha: (fact, filler)
        for sha, fact, filler in library.conn.execute(
            "SELECT text_sha256, fact_words, filler_words FROM suggest_cache WHERE model = ?", (key,)
        )
    }
    missing = list({sha: aid for aid, sha in reversed(articles) if sha not in cached}.items())[::-1]
    model = load_model(library) if missing else None
    batch: list[tuple] = []
    for i, (sha, aid) in enumerate(missing):
        if progress is not None:
            progress(i, len(missing))
        if cancel is not None and cancel.is_set():
            break
        art = library.get_article(aid)
        summary = suggestion_summary(art.text, model, blocks=art.blocks, site=site_of(art.url, art.site_name))
        cached[sha] = summary[:2]
        batch.append((sha, key, *summary))
        if len(batch) >= 50 or i == len(missing) - 1:
            _store_cache(library, batch)
            batch = []
    _store_cache(library, batch)
    return {aid: cached[sha] for aid, sha in articles if sha in cached}


def _store_cache(library: Library, batch: list[tuple]) -> None:
    if not batch:
        return
    with library.transaction():
        library.conn.executemany(
            "INSERT OR REPLACE INTO suggest_cache (text_sha256, model, fact_words, filler_words, "
            "fact_sentences, filler_sentences) VALUES (?, ?, ?, ?, ?, ?)",
            batch,
        )


def write_csv(rows: list[SiteRow], out: TextIO) -> int:
    """Write the rows as CSV (text cells guarded against spreadsheet formulas); returns the row count."""
    from reader.export import guard_cell

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        d = r.to_dict()
        density, per = d["average_fact_density"], d["filler_words_per_article"]
        writer.writerow(
            [
                guard_cell(r.site),
                guard_cell(r.host),
                r.articles,
                r.judged_articles,
                r.fact_words,
                r.filler_words,
                "" if density is None else f"{density:.4f}",
                "" if per is None else f"{per:.2f}",
            ]
        )
    return len(rows)
