"""Article versions: refresh an article with newly fetched content, keep the old text, re-anchor highlights.

When a refreshed article's canonical text differs from the stored one, the stored version moves to
``article_versions`` (nothing is lost: ``sift versions ID``), the new content becomes current with
the next version number, and every highlight of every annotator is re-anchored in the same
transaction (:func:`reader.reanchor.reanchor`): ``exact`` and ``fuzzy`` ones get their new offsets,
quote and context from the new text plus a status and score; ``orphaned`` ones keep their last
offsets and quote (they are listed, exported with their status, and can be re-attached). Highlights
already orphaned are looked for again by their quote and context alone. If re-anchoring puts two
highlights of one annotator on overlapping text, the less certain one is orphaned (a character
carries at most one label per annotator). An unchanged text only updates ``fetched_at``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.anchors import make_quote
from reader.blocks import Block, blocks_from_json
from reader.errors import InputError, NotFoundError
from reader.migrations import guarded
from reader.models import ArticleContent
from reader.paint import Highlight, utc_now
from reader.reanchor import reanchor
from reader.stats import highlight_words
from reader.store import content_row

if TYPE_CHECKING:
    from reader.store import Library

_VERSION_COLS = "version, added_at, fetched_at, title, text_sha256, word_count, extractor, extractor_version"


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did: whether the text changed, the current version, and how highlights fared."""

    article_id: int
    changed: bool
    version: int
    exact: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    attention: int = 0  # the article's highlights now fuzzy or orphaned (including earlier ones)

    @property
    def summary(self) -> str:
        """One line for people: "unchanged" or the counts and how many need attention."""
        if not self.changed:
            return f"Article {self.article_id} is unchanged (version {self.version})."
        return (
            f"Article {self.article_id} changed: now version {self.version}; highlights: {self.exact} exact, "
            f"{self.fuzzy} fuzzy, {self.orphaned} orphaned; {self.attention} need attention."
        )


@dataclass(frozen=True)
class Version:
    """One stored version of an article (the current one has ``current=True``)."""

    version: int
    added_at: str
    fetched_at: str | None
    title: str
    text_sha256: str
    word_count: int
    extractor: str
    extractor_version: str
    current: bool = False


@dataclass(frozen=True)
class VersionContent:
    """A version with its text: canonical text, blocks and clean HTML."""

    info: Version
    text: str
    blocks: list[Block]
    html: str


def _current(library: Library, article_id: int) -> tuple:
    row = library.conn.execute(
        "SELECT version, coalesce(version_added_at, added_at), fetched_at, title, text_sha256, word_count, "
        "extractor, extractor_version, text, blocks, html FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no article {article_id} in this library; `sift list` shows them.")
    return row


@guarded
def list_versions(library: Library, article_id: int) -> list[Version]:
    """Every version of an article, oldest first; the last one is current."""
    cur = _current(library, article_id)
    rows = library.conn.execute(
        f"SELECT {_VERSION_COLS} FROM article_versions WHERE article_id = ? ORDER BY version", (article_id,)
    ).fetchall()
    return [Version(*r) for r in rows] + [Version(*cur[:8], current=True)]


@guarded
def get_version(library: Library, article_id: int, version: int) -> VersionContent:
    """One version with its text; NotFoundError if the article has no such version."""
    cur = _current(library, article_id)
    if version == cur[0]:
        return VersionContent(Version(*cur[:8], current=True), cur[8], blocks_from_json(cur[9]), cur[10])
    row = library.conn.execute(
        f"SELECT {_VERSION_COLS}, text, blocks, html FROM article_versions "
        "WHERE article_id = ? AND version = ?",
        (article_id, version),
    ).fetchone()
    if row is None:
        raise NotFoundError(
            f"Article {article_id} has no version {version}; `sift versions {article_id}` lists them."
        )
    return VersionContent(Version(*row[:8]), row[8], blocks_from_json(row[9]), row[10])


@guarded
def current_version(library: Library, article_id: int) -> int:
    """The current version number of an article (1 until its text first changes)."""
    return int(_current(library, article_id)[0])


def _placed(h: Highlight, text: str, status: str, start: int | None, end: int | None, score: float):
    """``h`` re-anchored: new offsets and quote, or orphaned with its old offsets and quote."""
    if status == "orphaned" or start is None or end is None:
        return replace(h, anchor_status="orphaned", anchor_score=0.0)
    exact, prefix, suffix = make_quote(text, start, end)
    return replace(
        h, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix, anchor_status=status,
        anchor_score=float(score),
    )  # fmt: skip


def reanchor_highlights(old_text: str | None, new_text: str, highlights: list[Highlight]) -> list[Highlight]:
    """Every highlight placed on ``new_text`` (see the module docstring); same order as given."""
    anchored = [h for h in highlights if h.anchor_status != "orphaned"]
    orphans = [h for h in highlights if h.anchor_status == "orphaned"]
    out: dict[int, Highlight] = {}
    for group, old in ((anchored, old_text), (orphans, None)):
        for h, r in zip(group, reanchor(old, new_text, group), strict=True):
            out[id(h)] = _placed(h, new_text, r.status, r.start, r.end, r.score)
    placed = [out[id(h)] for h in highlights]
    return resolve_overlaps(placed)


def resolve_overlaps(rows: list[Highlight]) -> list[Highlight]:
    """Orphan the less certain of two highlights of one annotator that now overlap."""
    rank = {"exact": 0, "fuzzy": 1}
    order = sorted(
        (i for i, h in enumerate(rows) if h.anchor_status != "orphaned"),
        key=lambda i: (rank[rows[i].anchor_status], -rows[i].anchor_score, rows[i].start),
    )
    taken: dict[str, list[tuple[int, int]]] = {}
    out = list(rows)
    for i in order:
        h = rows[i]
        spans = taken.setdefault(h.annotator, [])
        if any(s < h.end and h.start < e for s, e in spans):
            out[i] = replace(h, anchor_status="orphaned", anchor_score=0.0)
        else:
            spans.append((h.start, h.end))
    return out


@guarded
def refresh_article(
    library: Library, article_id: int, content: ArticleContent, *, fetched_at: str | None = None
) -> RefreshResult:
    """Make ``content`` the article's current version if its text changed (one transaction)."""
    _, row = content_row(content)
    conn = library.conn
    with library.transaction():
        cur = _current(library, article_id)
        version, old_text = int(cur[0]), cur[8]
        if row["text"] == old_text:
            conn.execute(
                "UPDATE articles SET fetched_at = coalesce(?, fetched_at) WHERE id = ?",
                (fetched_at, article_id),
            )
            return RefreshResult(article_id, False, version, attention=_attention(library, article_id))
        conn.execute(
            "INSERT INTO article_versions (article_id, version, added_at, fetched_at, title, html, text, "
            "blocks, text_sha256, word_count, extractor, extractor_version) "
            "SELECT id, version, coalesce(version_added_at, added_at), fetched_at, title, html, text, "
            "blocks, text_sha256, word_count, extractor, extractor_version FROM articles WHERE id = ?",
            (article_id,),
        )
        keep_if_missing = ("canonical_url", "byline", "site_name", "published", "language")
        sets = {k: v for k, v in row.items() if v is not None or k not in keep_if_missing}
        if not sets["title"]:
            del sets["title"]
        sets.update(version=version + 1, version_added_at=utc_now(), fetched_at=fetched_at)
        assignments = ", ".join(f"{k} = :{k}" for k in sets)
        conn.execute(f"UPDATE articles SET {assignments} WHERE id = :id", {**sets, "id": article_id})
        hs = library.highlights(article_id, annotator=None, orphans=True)
        moved = reanchor_highlights(old_text, row["text"], hs)
        conn.executemany(
            'UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
            "anchor_status = ?, anchor_score = ?, words = ? WHERE id = ?",
            [
                (h.start, h.end, h.exact, h.prefix, h.suffix, h.anchor_status, h.anchor_score,
                 highlight_words(h.exact, h.prefix), h.id)
                for h in moved
            ],
        )  # fmt: skip
        counts = Counter(h.anchor_status for h in moved)
        return RefreshResult(
            article_id,
            True,
            version + 1,
            counts["exact"],
            counts["fuzzy"],
            counts["orphaned"],
            _attention(library, article_id),
        )


def _attention(library: Library, article_id: int) -> int:
    return library.conn.execute(
        "SELECT count(*) FROM highlights WHERE article_id = ? AND anchor_status != 'exact'", (article_id,)
    ).fetchone()[0]


def refresh_from_source(library: Library, article_id: int, source: str | None = None) -> RefreshResult:
    """Load the article again (from its URL, or ``source``: a file or URL) and refresh it.

    The loading happens before the transaction (a slow network never holds the library's lock).
    """
    from reader.ingest import load_source

    article = library.get_article(article_id)
    source = source or article.url or article.canonical_url
    if not source:
        raise InputError(
            f"Article {article_id} was added from a file and has no web address; "
            "give the new copy with --from FILE."
        )
    loaded = load_source(source)
    return refresh_article(library, article_id, loaded.content, fetched_at=loaded.fetched_at)
