"""Finding articles: full-text search (FTS5 over title, text and notes) and the library list."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

from reader.errors import InputError
from reader.migrations import guarded as _guarded
from reader.models import ArticleSummary

T = TypeVar("T")
SNIPPET_OPEN, SNIPPET_CLOSE = "[", "]"
# A query matching more rows than this ranks only the most recently added RANK_CAP of them
# (bm25 over every row of a 10,000-article library costs tens of ms for near-stopwords).
RANK_CAP = 1000
SORTS = {
    "added": "a.added_at DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE, a.id",
    "published": "a.published IS NULL, a.published DESC, a.id DESC",
    "site": "a.site_name IS NULL, a.site_name COLLATE NOCASE, a.id",
    "density": "density IS NULL, density DESC, a.id DESC",
    "words": "a.word_count DESC, a.id DESC",
}


class SearchHit(NamedTuple):
    """One article matching a search, with a snippet (matches marked with ``[`` ``]``)."""

    article_id: int
    title: str
    snippet: str
    rank: float


_FTS_ERRORS = ("fts5", "syntax error", "unterminated string", "no such column", "unknown special query")


def quote_terms(query: str) -> str:
    """Turn free text into an FTS5 query of quoted terms (all must match)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in query.split())


def parse_tags(raw: str) -> list[str]:
    """An article's tags from their JSON column (the usual ``[]`` needs no json module at start-up)."""
    if raw == "[]":
        return []
    import json

    return json.loads(raw)


def tags_json(tags: list[str]) -> str:
    """Tags as the articles table stores them (a JSON array)."""
    import json

    return json.dumps(tags, ensure_ascii=False)


def int_array(values: Iterable[int]) -> str:
    """A JSON array of integers, for ``json_each(?)`` in SQL."""
    return f"[{','.join(str(int(v)) for v in values)}]"


class SearchMixin:
    """Search and list methods of :class:`reader.store.Library`."""

    conn: sqlite3.Connection

    # ---- full-text matching -------------------------------------------------------------------

    def _fts_rows(self, sql: str, query: str, *more: object) -> list[tuple]:
        """Run ``sql`` with ``(query, *more)``; on an FTS syntax error retry with the words quoted."""
        return self._fts(lambda q: self.conn.execute(sql, (q, *more)).fetchall(), query)

    def _fts(self, run: Callable[[str], T], query: str) -> T:
        """Call ``run(query)``; on an FTS syntax error call it again with the words quoted."""
        try:
            return run(query)
        except sqlite3.OperationalError as exc:
            if not any(s in str(exc).lower() for s in _FTS_ERRORS):
                raise
        try:
            return run(quote_terms(query))
        except sqlite3.OperationalError as exc:
            if any(s in str(exc).lower() for s in _FTS_ERRORS):
                raise InputError(f"The search {query!r} cannot be understood; try plain words.") from exc
            raise

    def _ranked(self, table: str, sql: str, query: str, limit: int) -> list[tuple]:
        """Best-ranked matches in ``table``, ranking at most the RANK_CAP most recent matching rows."""

        def run(q: str) -> list[tuple]:
            floor = self.conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                (q, RANK_CAP - 1),
            ).fetchone()
            return self.conn.execute(sql, (q, floor[0] if floor else 0, limit)).fetchall()

        return self._fts(run, query)

    def _matching_ids(self, query: str) -> list[int]:
        """Ids of the articles whose title, text or highlight notes match ``query``."""
        ids: set[int] = set()
        for sql in (
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
            "SELECT h.article_id FROM highlights_fts JOIN highlights h ON h.id = highlights_fts.rowid "
            "WHERE highlights_fts MATCH ?",
        ):
            ids.update(r[0] for r in self._fts_rows(sql, query))
        return sorted(ids)

    @_guarded
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Articles whose title, text or highlight notes match ``query`` (FTS5 syntax or plain words).

        Best bm25 rank first (title matches weigh 5x); see RANK_CAP for very broad queries.
        """
        if not query.strip() or limit <= 0:
            return []
        o, c = SNIPPET_OPEN, SNIPPET_CLOSE
        sql_articles = (
            f"SELECT a.id, a.title, snippet(articles_fts, -1, '{o}', '{c}', '…', 12), articles_fts.rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? ORDER BY articles_fts.rank LIMIT ?"
        )
        sql_notes = (
            f"SELECT h.article_id, a.title, snippet(highlights_fts, 0, '{o}', '{c}', '…', 12), "
            "highlights_fts.rank FROM highlights_fts JOIN highlights h ON h.id = highlights_fts.rowid "
            "JOIN articles a ON a.id = h.article_id "
            "WHERE highlights_fts MATCH ? AND highlights_fts.rowid >= ? ORDER BY highlights_fts.rank LIMIT ?"
        )

        # each part falls back on its own (a column filter such as title: fits only the articles)
        rows = self._ranked("articles_fts", sql_articles, query.strip(), limit)
        rows += self._ranked("highlights_fts", sql_notes, query.strip(), limit)
        best: dict[int, SearchHit] = {}
        for aid, title, snippet, rank in rows:
            if aid not in best:
                best[aid] = SearchHit(aid, title, snippet, rank)
        return sorted(best.values(), key=lambda h: h.rank)[:limit]

    @_guarded
    def list_articles(
        self,
        *,
        query: str | None = None,
        archived: bool | None = False,
        read: bool | None = None,
        tag: str | None = None,
        needs_attention: bool = False,
        sort: str = "added",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        """Library rows with highlight counts and fact/filler words, filtered and sorted.

        Counts are the local annotator's highlights; fact/filler words skip orphaned ones. ``limit`` and
        ``offset`` give one page of the list: except when sorting by density, only that page's rows and
        their highlights' index entries are read (covering indexes, no article bodies).
        ``needs_attention`` keeps the articles with a highlight of the local annotator that moved or
        was not found when the text changed (fuzzy or orphaned).
        """
        if sort not in SORTS:
            raise InputError(f"Cannot sort by {sort!r}; use one of: {', '.join(SORTS)}.")
        where, params = self._list_filter(
            query=query, archived=archived, read=read, tag=tag, needs_attention=needs_attention
        )
        params.update(limit=-1 if limit is None else max(0, limit), offset=max(0, offset))
        cond = " AND ".join(where)
        if sort == "density":  # the order needs every row's totals
            sql = (
                "SELECT a.id, a.title, a.url, a.site_name, a.published, a.added_at, a.word_count, "
                "coalesce(s.n, 0), coalesce(s.fact, 0), coalesce(s.filler, 0), a.read, a.archived, a.tags, "
                "CAST(s.fact AS REAL) / nullif(s.fact + s.filler, 0) AS density "
                "FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n, "
                "total(CASE WHEN label = 'fact' AND anchor_status != 'orphaned' THEN words END) AS fact, "
                "total(CASE WHEN label = 'filler' AND anchor_status != 'orphaned' THEN words END) AS filler "
                "FROM highlights WHERE annotator = '' GROUP BY article_id) s ON s.article_id = a.id "
                f"WHERE {cond} ORDER BY {SORTS[sort]} LIMIT :limit OFFSET :offset"
            )
        else:  # the page first, then three index-only lookups per row of it
            words = (
                "(SELECT total(words) FROM highlights h WHERE h.article_id = a.id AND h.annotator = '' "
                "AND h.anchor_status != 'orphaned' AND h.label = '{}')"
            )
            sql = (
                "WITH page AS (SELECT a.id, a.title, a.url, a.site_name, a.published, a.added_at, "
                f"a.word_count, a.read, a.archived, a.tags FROM articles a WHERE {cond} "
                f"ORDER BY {SORTS[sort]} LIMIT :limit OFFSET :offset) "
                "SELECT a.id, a.title, a.url, a.site_name, a.published, a.added_at, a.word_count, "
                "(SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.annotator = ''), "
                f"{words.format('fact')}, {words.format('filler')}, a.read, a.archived, a.tags "
                f"FROM page a ORDER BY {SORTS[sort]}"
            )
        rows = self.conn.execute(sql, params).fetchall()
        return [
            ArticleSummary(*r[:8], int(r[8]), int(r[9]), bool(r[10]), bool(r[11]), parse_tags(r[12]))
            for r in rows
        ]

    @_guarded
    def list_tags(
        self,
        *,
        query: str | None = None,
        archived: bool | None = False,
        read: bool | None = None,
        tag: str | None = None,
        needs_attention: bool = False,
    ) -> list[str]:
        """The tags of the articles :meth:`list_articles` lists with these filters, sorted."""
        where, params = self._list_filter(
            query=query, archived=archived, read=read, tag=tag, needs_attention=needs_attention
        )
        sql = (
            "SELECT DISTINCT t.value FROM articles a, json_each(a.tags) t "
            f"WHERE a.tags != '[]' AND {' AND '.join(where)} ORDER BY t.value"
        )
        return [v for (v,) in self.conn.execute(sql, params) if isinstance(v, str) and v]

    def _list_filter(
        self,
        *,
        query: str | None,
        archived: bool | None,
        read: bool | None,
        tag: str | None,
        needs_attention: bool = False,
    ) -> tuple[list[str], dict]:
        """WHERE terms (over ``articles a``) and parameters of the library list's filters."""
        where, params = ["1"], {}
        if archived is not None:
            where.append("a.archived = :archived")
            params["archived"] = int(archived)
        if read is not None:
            where.append("a.read = :read")
            params["read"] = int(read)
        if tag:
            where.append("EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = :tag)")
            params["tag"] = tag.strip()
        if needs_attention:
            where.append(
                "EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.annotator = '' "
                "AND h.anchor_status != 'exact')"
            )
        if query and query.strip():
            where.append("a.id IN (SELECT value FROM json_each(:ids))")
            params["ids"] = int_array(self._matching_ids(query.strip()))
        return where, params
